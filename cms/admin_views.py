"""Admin views of cms: the report of broken, redirected and suspect links, and starting a check."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from cms import link_check_runs
from cms.models import Link, LinkCheckRun
from cms.usage import link_usages

PROBLEM_CHOICES = (("broken", _("Kapot")), ("redirected", _("Doorverwezen")), ("suspect", _("Verdacht")))
BROKEN = Q(last_status__gte=400) | ~Q(last_error="")
REDIRECTED = ~Q(redirect_url="")
SUSPECT = ~Q(suspect_reason="")
State = LinkCheckRun.State


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
        if value == "suspect":
            return queryset.filter(SUSPECT)
        return queryset


class UsageColumn(Column):
    """The items that cite a link and their cells (attached by the view, in fixed queries)."""

    cell_template_name = "cms/admin/usage_cell.html"


class LinkReportView(ReportView):
    """Links whose last check failed, redirected or found them suspect, and every place that uses them.

    Above the listing: when the links were last checked, the progress of a running
    check, and the "Controleer links nu" button.
    """

    page_title = _("Kapotte, doorverwezen en verdachte links")
    template_name = "cms/admin/link_report.html"
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
    list_export = [
        "url",
        "title",
        "last_status",
        "last_error",
        "redirect_url",
        "suspect_reason",
        "last_checked_at",
    ]
    export_headings = {
        "url": _("URL"),
        "title": _("Titel"),
        "last_status": _("Status"),
        "last_error": _("Fout"),
        "redirect_url": _("Doorverwezen naar"),
        "suspect_reason": _("Verdacht"),
        "last_checked_at": _("Gecontroleerd"),
    }

    def get_filename(self) -> str:
        return "links-met-problemen"

    def get_queryset(self) -> QuerySet[Link]:
        self.queryset = Link.objects.filter(BROKEN | REDIRECTED | SUSPECT).order_by("url")
        return super().get_queryset()

    @property
    def check_status(self) -> link_check_runs.Status:
        if not hasattr(self, "_check_status"):
            self._check_status = link_check_runs.status()
        return self._check_status

    @property
    def no_results_message(self) -> str:
        if self.check_status.never_checked:
            return str(_("Nog nooit gecontroleerd. Kies ‘Controleer links nu’ om alle links te controleren."))
        if self.check_status.running:
            return str(_("Nog geen problemen gevonden; de controle loopt nog."))
        if self.is_filtering:
            return str(_("Geen links met dit probleem bij de laatste controle."))
        return str(_("Geen kapotte, doorverwezen of verdachte links bij de laatste controle."))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["check_status"] = self.check_status
        context["check_text"] = progress_text(self.check_status)
        context["start_url"] = reverse("cms_link_report:start")
        context["progress_url"] = reverse("cms_link_report:progress")
        return context

    def decorate_paginated_queryset(self, object_list: Any) -> Any:
        links = list(object_list)
        usages = link_usages([link.pk for link in links])
        for link in links:
            link.usages = usages.get(link.pk, [])
            problems = []
            if link.last_error:
                problems.append(link.last_error)
            elif link.last_status and link.last_status >= 400:
                problems.append(f"Status {link.last_status}")
            elif link.redirect_url:
                problems.append(f"Doorverwezen (status {link.last_status})")
            if link.suspect_reason:
                problems.append(f"Verdacht: {link.suspect_reason}")
            link.problem = "; ".join(problems)
        return links


def _may_check(request: HttpRequest) -> None:
    if not LinkReportView.permission_policy.user_has_permission(request.user, "change"):
        raise PermissionDenied


@require_POST
def start_link_check(request: HttpRequest) -> HttpResponse:
    """Start a check in the background ("Controleer links nu"), or say that one is running."""
    _may_check(request)
    run, started = link_check_runs.start_in_background()
    if started:
        messages.success(request, _("De linkcontrole is gestart. De voortgang staat hieronder."))
    else:
        since = formats.date_format(timezone.localtime(run.started_at), "TIME_FORMAT")
        messages.warning(
            request,
            _("Er loopt al een linkcontrole (gestart om %(since)s); er is geen tweede gestart.")
            % {"since": since},
        )
    return HttpResponseRedirect(reverse("cms_link_report:index"))


def progress_text(check: link_check_runs.Status) -> str:
    """The one-line Dutch state of checking, as the report and its live region show it."""
    run = check.run
    if check.running and run is not None:
        return f"Bezig met controleren: {run.checked} van {run.total} links gecontroleerd."
    if check.never_checked:
        return "Nog nooit gecontroleerd."
    parts = []
    if check.last_checked_at is not None:
        when = formats.date_format(timezone.localtime(check.last_checked_at), "DATETIME_FORMAT")
        parts.append(f"Laatst gecontroleerd: {when}.")
    if run is not None and run.state == run.State.DONE:
        parts.append(
            f"{run.checked} links gecontroleerd: {run.broken} kapot, {run.redirected} doorverwezen, "
            f"{run.suspect} verdacht."
        )
    elif run is not None:
        state = State.ABANDONED.label if check.stale else run.get_state_display()
        parts.append(f"De laatste controle is {state}: {run.checked} van {run.total} links gecontroleerd.")
        if run.error or check.stale:
            parts.append(run.error or "Geen voortgang meer; de server is waarschijnlijk herstart.")
    else:
        parts.append(f"{check.links_checked} van {check.links} links gecontroleerd.")
    return " ".join(parts)


@require_GET
def link_check_progress(request: HttpRequest) -> JsonResponse:
    """The state of checking as JSON, for the report's script that updates its live region."""
    _may_check(request)
    check = link_check_runs.status()
    run = check.run
    return JsonResponse(
        {
            "running": check.running,
            "checked": run.checked if run else 0,
            "total": run.total if run else check.links,
            "text": progress_text(check),
        }
    )
