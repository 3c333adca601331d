"""Admin: the national picture per kind of organisation, per theme, now and per quarter, and its CSV.

Editors see exactly what is published (groups of at least 10 organisations),
never a single measurement, series or token.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import national_store
from .charts import format_count, format_number
from .models import NationalGroup
from .national import CURRENT, KINDS, MIN_GROUP, TOO_FEW, quarter_label
from .scoring import ThemeInfo, theme_infos


@dataclass(frozen=True)
class Cell:
    n: int | None
    median: float | None
    p25: float | None
    p75: float | None

    @property
    def text(self) -> str:
        if self.median is None or self.p25 is None or self.p75 is None:
            return TOO_FEW
        return f"{format_number(self.median)} ({format_number(self.p25)}–{format_number(self.p75)})"


@dataclass(frozen=True)
class Row:
    kind: str
    kind_label: str
    period: str
    period_label: str
    n: int | None
    cells: tuple[Cell, ...]

    @property
    def n_text(self) -> str:
        """The number of organisations as Dutch writes it (10.000), as the public page does."""
        return format_count(self.n) if self.n else ""


def _cell(group: NationalGroup, theme: ThemeInfo) -> Cell:
    value = group.figures.get(str(theme.number)) if group.visible else None
    if not value:
        return Cell(None, None, None, None)
    return Cell(value["n"], value["median"], value["p25"], value["p75"])


def picture_rows(groups: list[NationalGroup], themes: list[ThemeInfo]) -> list[Row]:
    """Per kind (in the fixed order): the current picture, then the quarters, newest first."""
    by_kind: dict[str, list[NationalGroup]] = {}
    for group in groups:
        by_kind.setdefault(group.kind, []).append(group)
    rows = []
    empty = tuple(Cell(None, None, None, None) for _ in themes)
    for kind, label in KINDS:
        found = by_kind.get(kind, [])
        current = [g for g in found if g.period == CURRENT]
        if not current:
            rows.append(Row(kind, label, CURRENT, "Nu", None, empty))
        quarters = sorted((g for g in found if g.period != CURRENT), key=lambda g: g.period, reverse=True)
        for group in current + quarters:
            rows.append(
                Row(
                    kind=kind,
                    kind_label=label,
                    period=group.period,
                    period_label="Nu" if group.period == CURRENT else quarter_label(group.period),
                    n=group.n if group.visible else None,
                    cells=tuple(_cell(group, theme) for theme in themes),
                )
            )
    return rows


class NationalPictureView(WagtailAdminTemplateMixin, TemplateView):
    """The national picture for editors: median and middle half per kind, theme and quarter."""

    page_title = "Landelijk beeld"
    header_icon = "table"
    template_name = "checklist/admin/national.html"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            {"url": reverse_lazy("wagtailadmin_home"), "label": "Dashboard"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        themes = theme_infos()
        rows = picture_rows(national_store.all_groups(), themes)
        context.update(
            {
                "themes": themes,
                "kinds": [(label, [r for r in rows if r.kind == kind]) for kind, label in KINDS],
                "minimum": MIN_GROUP,
                "csv_url": reverse_lazy("checklist_national_csv"),
            }
        )
        return context


def national_csv(request: HttpRequest) -> HttpResponse:
    """The same aggregates as the admin page, one line per kind, period and theme."""
    themes = theme_infos()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="landelijk-beeld.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a byte order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        ["soort organisatie", "periode", "thema", "organisaties", "mediaan", "p25", "p75", "opmerking"]
    )
    for row in picture_rows(national_store.all_groups(), themes):
        for theme, cell in zip(themes, row.cells, strict=True):
            shown = cell.median is not None
            writer.writerow(
                [
                    row.kind_label,
                    row.period_label,
                    f"{theme.number}. {theme.short_title}",
                    cell.n if shown else "",
                    format_number(cell.median) if cell.median is not None else "",
                    format_number(cell.p25) if cell.p25 is not None else "",
                    format_number(cell.p75) if cell.p75 is not None else "",
                    "" if shown else TOO_FEW,
                ]
            )
    return response
