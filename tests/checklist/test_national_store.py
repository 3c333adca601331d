"""The national picture in the database: each series once, the minimum group, and no way to read one back."""

from __future__ import annotations

import statistics
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checklist import national_store
from checklist.models import Measurement, MeasurementSeries, NationalEntry, NationalGroup
from checklist.national import CURRENT, MIN_CHANGES, MIN_GROUP, REFRESH_INTERVAL, quarter, rounded

THEMES = [1, 2, 3]
pytestmark = pytest.mark.django_db


def inclusive(values, p):
    cuts = statistics.quantiles(sorted(values), n=4, method="inclusive")
    return {0.25: cuts[0], 0.5: cuts[1], 0.75: cuts[2]}[p]


def measure(series=None, scores=None):
    series = series or MeasurementSeries.objects.create()
    return Measurement.objects.create(series=series, scores=scores or {"1.1": 2})


def opt_in(value, kind="waterschap", series=None, now=None):
    measurement = measure(series)
    themes = {1: value, 2: round(5 - value, 2), 3: None}
    if now is None:
        national_store.opt_in(measurement, kind, themes, THEMES)
    else:
        national_store.opt_in(measurement, kind, themes, THEMES)
    return measurement


def current(kind="waterschap"):
    return national_store.published(kind)


def test_nine_organisations_too_few_the_tenth_shows_the_median_and_middle_half():
    values = [1.0, 1.25, 1.5, 2.0, 2.25, 2.5, 3.0, 3.25, 3.5]
    for value in values:
        opt_in(value)
    assert current().visible is False
    opt_in(4.0)
    group = current()
    values.append(4.0)
    assert group.visible and group.n == MIN_GROUP
    theme1 = group.figures["1"]
    assert theme1["n"] == 10
    assert theme1["median"] == rounded(statistics.median(values))
    assert theme1["p25"] == rounded(inclusive(values, 0.25))
    assert theme1["p75"] == rounded(inclusive(values, 0.75))
    theme2 = [round(5 - v, 2) for v in values]
    assert group.figures["2"]["median"] == rounded(statistics.median(theme2))
    assert group.figures["3"] is None  # no one scored it


def test_a_series_counts_once_with_its_latest_opted_in_measurement():
    series = MeasurementSeries.objects.create()
    for value in (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 1.0, 1.5, 2.0):  # one series, ten opt-ins
        opt_in(value, series=series)
    assert current().visible is False
    assert NationalEntry.objects.filter(latest=True).values("series").distinct().count() == 1
    assert list(NationalEntry.objects.filter(latest=True, theme=1).values_list("score", flat=True)) == [2.0]


def test_repeated_opt_in_and_out_never_counts_a_series_twice():
    series = [opt_in(2.0).series for _ in range(MIN_GROUP - 1)]
    loner = MeasurementSeries.objects.create()
    for _ in range(5):
        opt_in(3.0, series=loner)
        national_store.opt_out(loner, THEMES)
    opt_in(3.0, series=loner)
    assert current().visible and current().n == MIN_GROUP
    national_store.opt_out(series[0], THEMES)
    assert current().visible is False
    assert not NationalEntry.objects.filter(series=series[0]).exists()


def test_a_rare_kind_stays_hidden_and_no_total_gives_it_away():
    for _ in range(MIN_GROUP):
        opt_in(2.0, kind="gemeente")
    opt_in(4.0, kind="provincie")
    assert current("gemeente").visible
    assert current("provincie").visible is False
    assert current("provincie").figures == {}
    # Only per-kind groups exist: no "all organisations" row to subtract from.
    assert set(NationalGroup.objects.values_list("kind", flat=True)) == {"gemeente", "provincie"}


def test_toggling_one_series_near_the_threshold_reveals_nothing_new():
    for value in [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 2.0, 3.0]:
        opt_in(value)
    victim = opt_in(3.75).series
    shown = current()
    before = dict(shown.figures)
    # The victim leaves: hidden at once.
    national_store.opt_out(victim, THEMES)
    assert current().visible is False
    # It comes back with other scores: the earlier figures, not a fresh computation.
    opt_in(1.0, series=victim)
    assert current().visible and current().figures == before
    # An eleventh series joins and leaves: the figures do not move for one series.
    extra = opt_in(4.0).series
    assert current().figures == before
    national_store.opt_out(extra, THEMES)
    assert current().figures == before


def test_republished_only_after_the_interval_and_enough_different_series():
    for value in [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 2.0, 3.0, 3.5]:
        opt_in(value)
    first = current()
    later = first.published_at + REFRESH_INTERVAL + timedelta(minutes=1)
    # One series changing many times is one change.
    one = opt_in(4.0).series
    for value in (1.0, 4.0, 1.0):
        opt_in(value, series=one)
    assert (
        national_store.refresh_group("waterschap", CURRENT, THEMES, now=later).published_at
        == first.published_at
    )
    for _ in range(MIN_CHANGES - 1):
        opt_in(4.0)
    group = national_store.refresh_group("waterschap", CURRENT, THEMES, now=later)
    assert group.published_at == later
    assert group.n == 10 + MIN_CHANGES
    scores = list(NationalEntry.objects.filter(latest=True, theme=1).values_list("score", flat=True))
    assert group.figures["1"]["median"] == rounded(statistics.median(scores))


def test_deleting_the_latest_opted_in_measurement_counts_the_previous_one():
    series = MeasurementSeries.objects.create()
    first = opt_in(2.0, series=series)
    last = opt_in(3.0, series=series)
    groups = {("waterschap", CURRENT), ("waterschap", quarter(timezone.localtime()))}
    last.delete()
    national_store.after_deletion(series.pk, groups, THEMES)
    latest = NationalEntry.objects.get(latest=True, theme=1)
    assert latest.measurement_id == first.pk and latest.score == 2.0


def test_quarters_count_each_series_once_with_its_latest_measurement_in_the_quarter():
    series = MeasurementSeries.objects.create()
    old = opt_in(1.0, series=series)
    Measurement.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=200))
    NationalEntry.objects.filter(measurement=old).update(period="2000-K1")
    national_store.resync_series(series.pk)
    opt_in(3.0, series=series)
    flags = dict(NationalEntry.objects.filter(theme=1).values_list("period", "latest_in_quarter"))
    assert flags == {"2000-K1": True, quarter(timezone.localtime()): True}
    assert NationalEntry.objects.filter(theme=1, latest=True).count() == 1


def test_reading_the_picture_is_one_query_whatever_the_number_of_measurements():
    for value in [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 2.0, 3.0, 3.5]:
        opt_in(value)
    with CaptureQueriesContext(connection) as few:
        current()
    for _ in range(30):
        opt_in(2.0)
    with CaptureQueriesContext(connection) as many:
        current()
    assert len(few) == len(many) == 1


def test_publishing_reads_ranks_not_every_score():
    for value in [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 2.0, 3.0, 3.5] * 3:
        opt_in(value)
    with CaptureQueriesContext(connection) as few:
        national_store.compute_figures("waterschap", CURRENT, THEMES)
    for _ in range(40):
        opt_in(2.0)
    with CaptureQueriesContext(connection) as many:
        national_store.compute_figures("waterschap", CURRENT, THEMES)
    assert len(few) == len(many)
