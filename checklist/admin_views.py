"""Admin: saved checklist measurements as anonymous totals, read-only.

Editors see counts and averages, never a token or a single measurement, so
the admin cannot be used to open a visitor's private link.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse_lazy
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import Measurement, MeasurementSeries
from .scoring import aggregate, theme_infos


class MeasurementsReportView(WagtailAdminTemplateMixin, TemplateView):
    """Counts and the average score per theme and statement over all saved measurements."""

    page_title = "Checklistmetingen"
    header_icon = "table"
    template_name = "checklist/admin/measurements.html"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            {"url": reverse_lazy("wagtailadmin_home"), "label": "Dashboard"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = Measurement.objects.values_list("scores", "statements").iterator(chunk_size=500)
        totals = aggregate(rows, theme_infos())
        since = timezone.now() - timedelta(days=30)
        context.update(
            {
                "totals": totals,
                "series_count": MeasurementSeries.objects.count(),
                "recent_count": Measurement.objects.filter(created_at__gte=since).count(),
            }
        )
        return context
