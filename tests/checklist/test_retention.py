"""Rounds and series no one opened for 24 months go with the retention command; opened ones stay."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from checklist.models import Measurement, MeasurementSeries, Round, RoundResponse

pytestmark = pytest.mark.django_db

OLD = timezone.now() - timedelta(days=2 * 365 + 10)


def series(opened=None) -> MeasurementSeries:
    made = MeasurementSeries.objects.create()
    Measurement.objects.create(series=made, scores={"1.1": 2})
    if opened:
        MeasurementSeries.objects.filter(pk=made.pk).update(last_opened_at=opened)
    return made


def round_in(target: MeasurementSeries, opened=None) -> Round:
    made = Round.objects.create(series=target, name="Ronde")
    RoundResponse.objects.create(round=made, scores={"1.1": 3})
    if opened:
        Round.objects.filter(pk=made.pk).update(last_opened_at=opened)
    return made


def test_unopened_rounds_and_series_are_purged_and_recent_ones_kept():
    old_series, recent_series = series(OLD), series()
    old_round = round_in(recent_series, OLD)
    kept_round = round_in(recent_series)
    saved_by_round = series(OLD)
    round_in(saved_by_round)  # its round was opened recently: the series stays
    out = StringIO()
    call_command("purge_feedback", stdout=out)
    assert "1 groepsmeting en 1 meetreeks die 24 maanden niet zijn geopend verwijderd" in out.getvalue()
    assert not MeasurementSeries.objects.filter(pk=old_series.pk).exists()
    assert not Round.objects.filter(pk=old_round.pk).exists()
    assert Round.objects.filter(pk=kept_round.pk).exists()
    assert MeasurementSeries.objects.filter(pk__in=[recent_series.pk, saved_by_round.pk]).count() == 2
    assert RoundResponse.objects.count() == 2


def test_dry_run_only_counts():
    series(OLD)
    out = StringIO()
    call_command("purge_feedback", "--dry-run", stdout=out)
    assert "Proefdraai: 0 groepsmetingen en 1 meetreeks" in out.getvalue()
    assert MeasurementSeries.objects.count() == 1


def test_opening_a_series_or_round_renews_it_at_most_once_a_day(client: Client, imported_db):
    old = series(OLD)
    made = round_in(old, OLD)
    client.get(f"/checklist/reeks/{old.manage_token}/")
    client.get(f"/api/checklist/rounds/{made.coordinator_token}/")
    old.refresh_from_db()
    made.refresh_from_db()
    assert old.last_opened_at > timezone.now() - timedelta(minutes=1)
    assert made.last_opened_at > timezone.now() - timedelta(minutes=1)
