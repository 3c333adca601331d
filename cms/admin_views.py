"""Admin views of cms: the report of broken and redirected links, with where they are used."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from cms.models import Link
from cms.usage import link_usages

PROBLEM_CHOICES = (("broken", _("Kapot")), ("redirected", _("Doorverwezen")))
BROKEN = Q(last_status__gte=400) | ~Q(last_error="")
REDIRECTED = ~Q(redirect_url="")


class LinkReportFilterSet(WagtailFilterSet):
    problem = django_filters.ChoiceFilter(
        label=_("Soort probleem"), choices=PROBLEM_CHOICES, method="filter_problem"
    )

    class Meta:
        model = Link
        fields: list[str] = []

    def filter_problem(self, queryset: QuerySet[Link], name: str, value: str) -> QuerySet[Link]:
        if value == "broken":
            return queryset.filter(BROKEN)
        if value == "redirected":
            return queryset.filter(REDIRECTED).exclude(BROKEN)
        return queryset


class UsageColumn(Column):
    """The items that cite a link and their cells (attached by the view, in fixed queries)."""

    cell_template_name = "cms/admin/usage_cell.html"


class LinkReportView(ReportView):
    """Links whose last check failed or was redirected, and every place that uses them."""

    page_title = _("Kapotte en doorverwezen links")
    header_icon = "link"
    filterset_class = LinkReportFilterSet
    index_url_name = "cms_link_report:index"
    index_results_url_name = "cms_link_report:results"
    permission_policy = ModelPermissionPolicy(Link)
    permission_required = "change"
    paginate_by = 50
    columns = [
        TitleColumn("url", label=_("URL"), url_name="wagtailsnippets_cms_link:edit"),
        Column("problem", label=_("Probleem")),
        Column("redirect_url", label=_("Doorverwezen naar")),
        DateColumn("last_checked_at", label=_("Gecontroleerd")),
        UsageColumn("usages", label=_("Gebruikt in")),
    ]
    list_export = ["url", "title", "last_status", "last_error", "redirect_url", "last_checked_at"]
    export_headings = {
        "url": _("URL"),
        "title": _("Titel"),
        "last_status": _("Status"),
        "last_error": _("Fout"),
        "redirect_url": _("Doorverwezen naar"),
        "last_checked_at": _("Gecontroleerd"),
    }

    def get_filename(self) -> str:
        return "links-met-problemen"

    def get_queryset(self) -> QuerySet[Link]:
        self.queryset = Link.objects.filter(BROKEN | REDIRECTED).order_by("url")
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list: Any) -> Any:
        links = list(object_list)
        usages = link_usages([link.pk for link in links])
        for link in links:
            link.usages = usages.get(link.pk, [])
            if link.last_error:
                link.problem = link.last_error
            elif link.last_status and link.last_status >= 400:
                link.problem = f"Status {link.last_status}"
            else:
                link.problem = f"Doorverwezen (status {link.last_status})"
        return links
