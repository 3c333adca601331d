"""Admin: the wegwijzer workbench (coverage, cells, order) and what a cell means for visitors."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from cms.usage import REACH_HOOK

from . import admin_views
from .advice import question_numbers
from .coverage import describe_reach

workbench_patterns = [
    path("", admin_views.CoverageView.as_view(), name="coverage"),
    path("cellen/", admin_views.CellsView.as_view(), name="cells"),
    path("cellen/<str:cell>/", admin_views.CellView.as_view(), name="cell"),
    path("cellen/<str:cell>/volgorde/", admin_views.MoveView.as_view(), name="move"),
]


@hooks.register("register_admin_urls")
def register_workbench_urls() -> list:
    return [path("wegwijzer/", include((workbench_patterns, "wegwijzer_workbench")))]


@hooks.register("register_admin_menu_item")
def register_workbench_menu() -> SubmenuMenuItem:
    menu = Menu(
        items=[
            MenuItem("Dekking", reverse("wegwijzer_workbench:coverage"), name="coverage", icon_name="table"),
            MenuItem("Cellen", reverse("wegwijzer_workbench:cells"), name="cells", icon_name="list-ul"),
        ]
    )
    return SubmenuMenuItem(
        "Wegwijzer-werkbank", menu, name="wegwijzer-workbench", icon_name="site", order=220
    )


@hooks.register(REACH_HOOK)
def wegwijzer_reach(cells: Sequence[str]) -> dict[str, str]:
    """For the 'where is this shown' panels: how many answer combinations show each cell."""
    return describe_reach(cells, question_numbers())
