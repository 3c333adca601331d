"""The checklist's migrations of issues 12 and 15 keep the series and measurements made before them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import ProjectState
from django.utils import timezone

# The last checklist migration before the series links, labels, rounds and bands (issue 12).
BEFORE = [("checklist", "0002_measurementseries_measurement")]


def _migrate(targets: list[tuple[str, str | None]]) -> ProjectState:
    executor = MigrationExecutor(connection)
    state = executor.migrate(targets)
    executor.loader.build_graph()  # the applied migrations changed
    return state


@pytest.mark.django_db(transaction=True)
def test_series_and_measurements_made_before_keep_their_links_scores_and_dates():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    measured_at = timezone.make_aware(dt.datetime(2026, 3, 14, 23, 30))
    try:
        old = _migrate(BEFORE).apps
        Series = old.get_model("checklist", "MeasurementSeries")
        OldMeasurement = old.get_model("checklist", "Measurement")
        series = [Series.objects.create(), Series.objects.create()]
        made = []
        for n, one in enumerate(series):
            for scores in ({"1.1": 2, "2.1": 3}, {"1.1": 4}):
                made.append(
                    OldMeasurement.objects.create(
                        series=one,
                        scores=scores,
                        statements={"1.1": "Stelling 1.1", "2.1": "Stelling 2.1"},
                        submission_key=f"key-{n}-{len(made)}",
                    )
                )
        OldMeasurement.objects.filter(pk=made[0].pk).update(created_at=measured_at)
        old_links = {s.pk: s.token for s in series}
    finally:
        _migrate(leaves)

    from checklist.measurements import find_series, find_series_to_read
    from checklist.models import Measurement, MeasurementSeries, ScoreBand

    assert MeasurementSeries.objects.count() == 2 and Measurement.objects.count() == 4
    read_links = set()
    for pk, link in old_links.items():
        now = MeasurementSeries.objects.get(pk=pk)
        assert now.manage_token == link  # the old link is the manage link
        assert find_series(link) == now
        assert now.read_token and now.read_token != link and len(now.read_token) >= 22  # >= 128 bits
        assert find_series_to_read(now.read_token) == now and find_series_to_read(link) is None
        read_links.add(now.read_token)
    assert len(read_links) == 2
    for before in made:
        after = Measurement.objects.get(pk=before.pk)
        assert (after.scores, after.series_id, after.token) == (before.scores, before.series_id, before.token)
        assert after.measured_on == timezone.localtime(after.created_at).date()
    assert Measurement.objects.get(pk=made[0].pk).measured_on == timezone.localtime(measured_at).date()
    assert ScoreBand.objects.count() == 4  # the default bands come with the migration
    # The series work on: a new measurement and a round in an old series.
    from checklist import rounds
    from checklist.scoring import theme_infos

    old_series = MeasurementSeries.objects.get(pk=series[0].pk)
    started = rounds.start_round("Na de migratie", theme_infos(), old_series)
    assert started.series == old_series and old_series.rounds.count() == 1
