"""Admin: the read-only report of saved checklist measurements."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import MeasurementsReportView


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
