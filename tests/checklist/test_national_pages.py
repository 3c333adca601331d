"""The national picture through the API, the admin and its CSV, the daily command and deletions."""

from __future__ import annotations

import csv
import io
import statistics
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from checklist import national_store
from checklist.models import Measurement, MeasurementSeries, NationalEntry, NationalGroup
from checklist.national import MIN_CHANGES, MIN_GROUP, REFRESH_INTERVAL, TOO_FEW, rounded
from checklist.scoring import theme_averages, theme_infos

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.usefixtures("imported_db")]
API = "/api/checklist/national/"


def all_keys():
    return [s.key for t in theme_infos() for s in t.statements]


def opt_in(level: int, kind: str = "waterschap", series=None, distinct: int = 0) -> Measurement:
    """A measurement with every statement at `level`, the first one at `distinct` if given."""
    keys = all_keys()
    scores = dict.fromkeys(keys, level)
    if distinct:
        scores[keys[0]] = distinct
    measurement = Measurement.objects.create(
        series=series or MeasurementSeries.objects.create(), scores=scores
    )
    themes = theme_infos()
    values = dict(zip([t.number for t in themes], theme_averages(scores, themes), strict=True))
    national_store.opt_in(measurement, kind, values, [t.number for t in themes])
    return measurement


def theme1_scores(measurements):
    first = theme_infos()[0]
    return [statistics.mean(m.scores[s.key] for s in first.statements) for m in measurements]


class TestAPI:
    def test_nine_too_few_then_ten_with_median_and_middle_half(self, client):
        made = [
            opt_in(level, distinct=d)
            for level, d in [(1, 0), (2, 0), (2, 4), (3, 0), (3, 1), (4, 0), (1, 3), (2, 0), (3, 0)]
        ]
        data = client.get(API, {"kind": "waterschap"}).json()
        assert [t["median"] for t in data["themes"]] == [None, None, None]
        assert all(t["text"].endswith(f"{TOO_FEW}.") for t in data["themes"])
        assert data["minimum"] == MIN_GROUP
        made.append(opt_in(4))
        data = client.get(API, {"kind": "waterschap"}).json()
        theme = data["themes"][0]
        values = sorted(theme1_scores(made))
        cuts = statistics.quantiles(values, n=4, method="inclusive")
        assert theme["n"] == 10
        assert theme["median"] == rounded(statistics.median(values))
        assert (theme["p25"], theme["p75"]) == (rounded(cuts[0]), rounded(cuts[2]))

    @pytest.mark.parametrize("kind", ["", "bedrijf", "<script>", "gemeente,provincie"])
    def test_unknown_kind_is_a_dutch_400_naming_the_field(self, client, kind):
        response = client.get(API, {"kind": kind})
        assert response.status_code == 400
        assert response.json()["error"]["field"] == "kind"
        assert "Kies een soort organisatie" in response.json()["error"]["message"]

    def test_a_rare_kind_gives_nothing_away(self, client):
        for _ in range(MIN_GROUP):
            opt_in(2, kind="gemeente")
        opt_in(4, kind="provincie")
        data = client.get(API, {"kind": "provincie"}).json()
        assert all(t["n"] is None and t["median"] is None for t in data["themes"])
        assert data["published_at"] is None

    def test_reading_is_a_fixed_number_of_queries(self, client):
        for _ in range(MIN_GROUP):
            opt_in(2)
        client.get(API, {"kind": "waterschap"})
        with CaptureQueriesContext(connection) as few:
            client.get(API, {"kind": "waterschap"})
        for _ in range(15):
            opt_in(3)
        with CaptureQueriesContext(connection) as many:
            client.get(API, {"kind": "waterschap"})
        assert len(few) == len(many) <= 2


class TestAdmin:
    @pytest.fixture
    def editor(self, client, django_user_model):
        client.force_login(
            django_user_model.objects.create_superuser("beheer", "b@example.org", "wachtwoord-1")
        )
        return client

    def test_admin_and_csv_show_groups_from_ten_without_any_measurement(self, editor):
        made = [opt_in(level) for level in (1, 2, 2, 3, 3, 3, 4, 4, 2, 1)]
        opt_in(4, kind="rijk")
        response = editor.get("/admin/landelijk-beeld/")
        html = response.content.decode()
        assert response.status_code == 200
        values = theme1_scores(made)
        assert f"minder dan {MIN_GROUP}" in html  # rijk
        assert TOO_FEW in html
        for m in made:
            assert m.token not in html and m.series.manage_token not in html
        rows = list(
            csv.reader(
                io.StringIO(editor.get("/admin/landelijk-beeld/csv/").content.decode("utf-8-sig")),
                delimiter=";",
            )
        )
        assert rows[0][:4] == ["soort organisatie", "periode", "thema", "organisaties"]
        water = [r for r in rows if r[0] == "Waterschap" and r[2].startswith("1.")]
        assert {r[1] for r in water} >= {"Nu"} and len(water) == 2  # now and this quarter
        median = str(rounded(statistics.median(values))).replace(".", ",").removesuffix(",0")
        assert all(r[3] == "10" and r[4] == median for r in water)
        rijk = [r for r in rows if r[0] == "Rijk"]
        assert rijk and all(r[3] == "" and r[4] == "" and r[7] == TOO_FEW for r in rijk)

    def test_the_number_of_organisations_has_a_dutch_thousands_dot(self, editor):
        NationalGroup.objects.create(
            kind="gemeente",
            visible=True,
            n=10000,
            figures={"1": {"n": 10000, "median": 2.5, "p25": 2.0, "p75": 3.0}},
            published_at=datetime.now(tz=UTC),
        )
        html = editor.get("/admin/landelijk-beeld/").content.decode()
        assert "<td>10.000</td>" in html
        assert "<td>10000</td>" not in html
        # The CSV stays a plain number for spreadsheets.
        csv_text = editor.get("/admin/landelijk-beeld/csv/").content.decode("utf-8-sig")
        assert ";10000;" in csv_text

    def test_csv_needs_an_editor(self, client):
        assert client.get("/admin/landelijk-beeld/csv/").status_code == 302


def test_deleting_a_series_recounts_its_group(django_capture_on_commit_callbacks):
    made = [opt_in(2) for _ in range(MIN_GROUP)]
    assert national_store.published("waterschap").visible
    with django_capture_on_commit_callbacks(execute=True):
        made[0].series.delete()
    assert not NationalEntry.objects.filter(series_id=made[0].series_id).exists()
    assert national_store.published("waterschap").visible is False


def test_deleting_the_latest_measurement_counts_the_previous_one(django_capture_on_commit_callbacks):
    series = MeasurementSeries.objects.create()
    first = opt_in(2, series=series)
    last = opt_in(3, series=series)
    with django_capture_on_commit_callbacks(execute=True):
        last.delete()
    assert set(NationalEntry.objects.filter(latest=True).values_list("measurement_id", flat=True)) == {
        first.pk
    }


def test_daily_command_republishes_only_by_the_rules():
    for _ in range(MIN_GROUP):
        opt_in(2)
    for _ in range(MIN_CHANGES):
        opt_in(4)
    group = national_store.published("waterschap")
    stale = group.published_at - REFRESH_INTERVAL - timedelta(minutes=1)
    NationalGroup.objects.filter(pk=group.pk).update(published_at=stale)
    out = StringIO()
    call_command("publish_national_picture", stdout=out)
    assert "opnieuw gepubliceerd" in out.getvalue()
    group.refresh_from_db()
    assert group.published_at > stale and group.n == MIN_GROUP + MIN_CHANGES
    before = group.published_at
    call_command("publish_national_picture", stdout=StringIO())
    group.refresh_from_db()
    assert group.published_at == before
