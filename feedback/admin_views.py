"""The "Wat vinden bezoekers nuttig?" dashboard: a thin admin view over feedback.dashboard."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms import cell_keys

from .dashboard import parse_item, summarise
from .labels import Vocabulary
from .models import Feedback


def may_read_feedback(user: Any) -> bool:
    """Whoever may open the inbox: any permission on feedback."""
    return bool(user.is_active) and any(
        user.has_perm(f"feedback.{action}_feedback") for action in ("view", "change", "delete")
    )


class DashboardView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Wat vinden bezoekers nuttig?"
    header_icon = "view"
    template_name = "feedback/admin/dashboard.html"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not may_read_feedback(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        vocabulary = Vocabulary.load()
        cell = self.request.GET.get("cel", "").strip()
        # A cell the taxonomy names, or any well-formed cell key (feedback outlives taxonomy edits).
        cell = cell if cell in vocabulary.cells or cell_keys.parse(cell) is not None else ""
        item = parse_item(self.request.GET.get("item", ""))
        summary = summarise(vocabulary, cell=cell, item=item)
        item_label = ""
        if item is not None:
            found = (
                Feedback.objects.filter(kind=item[0], object_id=item[1])
                .values_list("item_label", flat=True)
                .first()
            )
            item_label = found or f"{item[0]} {item[1]}"
        context.update(
            summary=summary,
            cell_choices=list(vocabulary.cells.items()),
            chosen_cell=cell,
            chosen_item=item,
            chosen_item_label=item_label,
            cell_label=vocabulary.cell(cell) if cell else "",
        )
        return context
