"""Admin: the score bands editors keep, and the read-only report of saved measurements."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import MeasurementsReportView
from .models import ScoreBand
from .national_admin import NationalPictureView, national_csv


class ScoreBandViewSet(SnippetViewSet):
    """The word and meaning shown with each theme score on the results."""

    model = ScoreBand
    icon = "order"
    menu_label = _("Scorebanden")
    list_display = ["label", "minimum", "meaning"]
    search_fields = ["label", "meaning"]
    ordering = ["minimum"]


class ChecklistViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Checklist")
    menu_icon = "tasks"
    menu_order = 220
    items = (ScoreBandViewSet,)


register_snippet(ChecklistViewSetGroup)


@hooks.register("register_admin_urls")
def register_measurement_report_url() -> list:
    return [path("checklist-metingen/", MeasurementsReportView.as_view(), name="checklist_measurements")]


@hooks.register("register_reports_menu_item")
def register_measurement_report_menu_item() -> MenuItem:
    return MenuItem(
        "Checklistmetingen",
        reverse("checklist_measurements"),
        name="checklist-measurements",
        icon_name="table",
        order=900,
    )


@hooks.register("register_admin_urls")
def register_national_picture_urls() -> list:
    return [
        path("landelijk-beeld/", NationalPictureView.as_view(), name="checklist_national"),
        path("landelijk-beeld/csv/", national_csv, name="checklist_national_csv"),
    ]


@hooks.register("register_reports_menu_item")
def register_national_picture_menu_item() -> MenuItem:
    return MenuItem(
        "Landelijk beeld",
        reverse("checklist_national"),
        name="checklist-national",
        icon_name="table",
        order=910,
    )
