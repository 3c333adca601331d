"""The checklist page's views, looked up when a request comes in: the page model never imports them.

`ChecklistPage` (models.py) routes its sub-addresses (RoutablePageMixin) to names
such as "views.form" or "plan_views.save"; ChecklistConfig.ready() registers the
view modules under those first parts. So the page model does not import the views,
which import the models.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from django.http import HttpRequest, HttpResponse

_modules: dict[str, ModuleType] = {}


def register(**modules: ModuleType) -> None:
    """Make the views of these modules servable as "<name>.<function>"."""
    _modules.update(modules)


def serve(view: str, page: Any, request: HttpRequest, *args: str, **kwargs: Any) -> HttpResponse:
    """The response of the view `view` ("views.form"), for this page and request."""
    module, _, name = view.partition(".")
    response: HttpResponse = getattr(_modules[module], name)(page, request, *args, **kwargs)
    return response
