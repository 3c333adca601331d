"""The editors' workbench for the wegwijzer: coverage grid, cells overview, order within a cell.

Registered from wegwijzer/wagtail_hooks.py, because these views need the
wegwijzer's advice logic and cms must not depend on the wegwijzer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms import cell_keys, item_kinds
from cms.item_kinds import ITEM_KINDS, KEYS
from cms.models import Activity
from cms.ordering import OrderError, move
from cms.usage import edit_url

from .advice import question_numbers
from .coverage import combinations_showing, load_coverage
from .models import WegwijzerPage

BASE_BREADCRUMBS = [{"url": reverse_lazy("wagtailadmin_home"), "label": "Dashboard"}]


@dataclass(frozen=True)
class CellEntry:
    """One placement in a cell, as the cells views list it."""

    placement_id: int
    item_id: int
    title: str
    live: bool
    edit_url: str


def cell_filter(key: str) -> Q:
    """The placements of one wegwijzer cell, e.g. "S32" or "Fa"; Http404 for anything else."""
    cell = cell_keys.parse(key)
    if cell is None or not cell.is_wegwijzer:
        raise Http404("Onbekende cel.")
    if cell.is_general:
        return Q(activity__code=cell.activity, answer__isnull=True, statement__isnull=True)
    return Q(activity__code=cell.activity, answer__question__number=cell.question, answer__number=cell.answer)


def cell_entries(placement_filter: Q) -> dict[str, dict[str, list[CellEntry]]]:
    """Every placement (live or draft) matching the filter: cell -> kind -> entries, in order.

    Three queries, one per kind.
    """
    cells: dict[str, dict[str, list[CellEntry]]] = defaultdict(lambda: {key: [] for key in KEYS})
    for kind in ITEM_KINDS:
        placements = (
            kind.placement_model.objects.filter(placement_filter)
            .select_related("item", "activity", "answer__question")
            .order_by("sort_order", "pk")
        )
        for placement in placements:
            item = placement.item
            cells[placement.cell_key][kind.key].append(
                CellEntry(placement.pk, item.pk, str(item), item.live, edit_url(item))
            )
    return cells


def advice_base_url(request: HttpRequest) -> str:
    """The public advice URL without answers, or "" when there is no live wegwijzer page."""
    page = WegwijzerPage.objects.live().first()
    if page is None:
        return ""
    url = page.get_url(request) or ""
    try:
        return url.rstrip("/") + "/" + page.reverse_subpage("advice").lstrip("/")
    except NoReverseMatch:
        return url.rstrip("/") + "/advies/"


class WorkbenchView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "table"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*BASE_BREADCRUMBS, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["advice_url"] = advice_base_url(self.request)
        context["api_url"] = reverse("api:advice")
        return context


class CoverageView(WorkbenchView):
    """32 answer combinations × 4 activities: how many live items each advice gets."""

    page_title = "Dekking van de wegwijzer"
    template_name = "wegwijzer/admin/coverage.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        coverage = load_coverage()
        context["coverage"] = coverage
        context["cell_list"] = coverage.cell_list()
        context["empty_cells"] = coverage.empty_cells()
        return context


class CellsView(WorkbenchView):
    """The 44 wegwijzer cells: which are empty and what is in each."""

    page_title = "Cellen van de wegwijzer"
    template_name = "wegwijzer/admin/cells.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        coverage = load_coverage()
        entries = cell_entries(Q(activity__isnull=False, statement__isnull=True))
        names = dict(coverage.activities)
        context["cells"] = [
            {"key": key, "counts": counts, "activity": names.get(key[0], ""), "kinds": _kinds(entries, key)}
            for key, counts in coverage.cell_list()
        ]
        context["empty_cells"] = coverage.empty_cells()
        return context


class CellView(WorkbenchView):
    """One cell, with its items in visitors' order and buttons to change that order."""

    template_name = "wegwijzer/admin/cell.html"

    def get_page_title(self) -> str:
        return f"Cel {self.kwargs['cell']}"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *BASE_BREADCRUMBS,
            {"url": reverse("wegwijzer_workbench:cells"), "label": CellsView.page_title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        key = self.kwargs["cell"]
        entries = cell_entries(cell_filter(key))
        activity = Activity.objects.filter(code=key[0]).first()
        if activity is None:
            raise Http404("Onbekende cel.")
        questions = question_numbers()
        showing = combinations_showing(key, questions)
        context.update(
            cell=key,
            activity=activity,
            kinds=_kinds(entries, key),
            combinations=len(showing),
            total_combinations=2 ** len(questions),
            example_query="&".join(f"q{q}={a}" for q, a in sorted(showing[0].items())) if showing else "",
        )
        return context


class MoveView(View):
    """POST: move one placement up or down within its cell."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, cell: str) -> HttpResponse:
        kind = request.POST.get("kind", "")
        direction = request.POST.get("direction", "")
        model = item_kinds.by_key(kind).placement_model if kind in KEYS else None
        if model is None or direction not in ("up", "down"):
            messages.error(request, "Ongeldig verzoek om de volgorde te wijzigen.")
            return self._back(cell)
        item_model = model._meta.get_field("item").related_model
        if not request.user.has_perm(f"{item_model._meta.app_label}.change_{item_model._meta.model_name}"):
            raise PermissionDenied
        try:
            placement_id = int(request.POST.get("placement", ""))
            if not model.objects.filter(cell_filter(cell), pk=placement_id).exists():
                raise OrderError("Dit item staat niet (meer) in deze cel. Vernieuw de pagina.")
            moved = move(kind, placement_id, direction)  # type: ignore[arg-type]
        except ValueError as error:
            messages.error(request, getattr(error, "message", "Ongeldige plaatsing."))
            return self._back(cell)
        if moved:
            messages.success(request, "De volgorde is gewijzigd; bezoekers zien de nieuwe volgorde meteen.")
        return self._back(cell, f"#placement-{kind}-{placement_id}")

    def _back(self, cell: str, anchor: str = "") -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("wegwijzer_workbench:cell", args=[cell]) + anchor)


def _kinds(entries: dict[str, dict[str, list[CellEntry]]], key: str) -> list[dict[str, Any]]:
    kinds = entries.get(key) or {kind: [] for kind in KEYS}
    return [{"kind": kind.key, "label": kind.heading, "entries": kinds[kind.key]} for kind in ITEM_KINDS]
