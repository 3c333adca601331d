"""Read-only edit-view panels that tell editors where content is used.

The snippet viewsets (cms/wagtail_hooks.py) add them to the models' panels with
`append_panel`, so that the models do not import the admin (which queries them).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, Panel, TabbedInterface


class _WhereUsedPanel(Panel):
    """A read-only panel with a default heading, named "usage" in the edit form."""

    default_heading: Any = ""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("heading", self.default_heading)
        super().__init__(**kwargs)

    @property
    def clean_name(self) -> str:
        return super().clean_name or "usage"


class UsagePanel(_WhereUsedPanel):
    """On a tip, example or reference: every cell and statement that shows it, and for whom."""

    default_heading = _("Waar wordt dit getoond?")

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/admin/usage_panel.html"

        def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
            from cms.usage import item_places

            context = super().get_context_data(parent_context)
            instance = self.instance
            context["saved"] = bool(instance.pk)
            context["live"] = getattr(instance, "live", True)
            context["places"] = item_places(instance) if instance.pk else []
            return context


class LinkUsagePanel(_WhereUsedPanel):
    """On a link: every item that cites it, and where those items are shown."""

    default_heading = _("Waar wordt deze link gebruikt?")

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/admin/link_usage_panel.html"

        def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
            from cms.usage import link_usages

            context = super().get_context_data(parent_context)
            instance = self.instance
            context["saved"] = bool(instance.pk)
            context["items"] = link_usages([instance.pk]).get(instance.pk, []) if instance.pk else []
            context["link"] = instance
            return context


def append_panel(handler: Any, panel: Panel, model: type[Any], tab_heading: str = "") -> Any:
    """`handler` (a viewset's bound edit handler) with `panel` last; in its own last tab if tabbed."""
    if isinstance(handler, TabbedInterface):
        panel = ObjectList([panel], heading=tab_heading or panel.heading)
    kwargs = handler.clone_kwargs()
    kwargs["children"] = [*kwargs["children"], panel]
    return type(handler)(**kwargs).bind_to_model(model)
