"""Retention of what visitors keep under private links: rounds and series no one opened for long.

Opening a series (manage or read link, or one of its measurements) or a round
(coordinator or participant link, pages or API) sets its `last_opened_at`, at most
once a day. `manage.py purge_feedback`, the site's retention command, calls
`purge_unopened` through the RETENTION_PURGERS setting (so feedback/ does not
import the checklist). See docs/privacy.md.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef

from .models import MeasurementSeries, Round
from .scoring.series import add_months


def cutoff(now: datetime, months: int | None = None) -> datetime:
    months = getattr(settings, "CHECKLIST_RETENTION_MONTHS", 24) if months is None else months
    return add_months(now, -months)  # type: ignore[return-value]


def stale(now: datetime, months: int | None = None) -> tuple[object, object]:
    """(rounds, series) not opened since the cutoff; a series with a recently opened round stays."""
    before = cutoff(now, months)
    rounds = Round.objects.filter(last_opened_at__lt=before)
    recent_round = Round.objects.filter(series=OuterRef("pk"), last_opened_at__gte=before)
    series = MeasurementSeries.objects.filter(last_opened_at__lt=before).exclude(Exists(recent_round))
    return rounds, series


def purge_unopened(now: datetime, dry_run: bool = False) -> str:
    """Delete stale rounds (with their answers) and series (with their measurements); a Dutch report."""
    months = getattr(settings, "CHECKLIST_RETENTION_MONTHS", 24)
    rounds, series = stale(now, months)
    round_count, series_count = rounds.count(), series.count()  # type: ignore[attr-defined]
    what = (
        f"{round_count} groepsmeting{'en' if round_count != 1 else ''} en {series_count} "
        f"meetreeks{'en' if series_count != 1 else ''} die {months} maanden niet zijn geopend"
    )
    if dry_run:
        return f"Proefdraai: {what} zouden worden verwijderd."
    with transaction.atomic():
        series.delete()  # type: ignore[attr-defined]
        rounds.delete()  # type: ignore[attr-defined]
    return f"{what} verwijderd."
