"""Series over time: manage and read links, labels and dates, the chart, reminders, retention of links."""

from __future__ import annotations

import logging
import re
from datetime import date

import pytest
from django.test import Client
from icalendar import Calendar

from checklist.models import Measurement, MeasurementSeries
from pianoo.redaction import redact_path

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_db")]


def save(client: Client, submission: str, series: str = "", **scores: int) -> Measurement:
    data = {f"score-{k[1:].replace('_', '.')}": str(v) for k, v in scores.items()}
    data["submission"] = submission
    if series:
        data["series"] = series
    response = client.post("/checklist/opslaan/", data)
    assert response.status_code == 303
    return Measurement.objects.get(token=response["Location"].split("/")[-2])


@pytest.fixture
def three(client: Client) -> MeasurementSeries:
    first = save(client, "a" * 22, v1_1=1, v2_1=2, v3_1=1)
    series = first.series
    save(client, "b" * 22, series.manage_token, v1_1=2, v2_1=3, v3_1=2)
    save(client, "c" * 22, series.manage_token, v1_1=4, v2_1=3, v3_1=3)
    return series


class TestLinks:
    def test_both_links_are_unguessable_and_distinct(self, three):
        assert three.manage_token != three.read_token
        assert len(three.manage_token) >= 32 and len(three.read_token) >= 32

    def test_the_read_link_shows_progress_but_offers_no_changes(self, client, three):
        response = client.get(f"/checklist/bekijk/{three.read_token}/")
        html = response.content.decode()
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert three.manage_token not in html
        assert "verwijderen" not in html.lower().replace("niets wijzigen of verwijderen", "")
        assert "<form" not in html.split('id="algemene-feedback"')[0]
        for m in three.measurements.all():
            assert m.token not in html
        assert html.count('class="cl-line"') == 3

    def test_the_read_link_cannot_delete_or_change(self, client, three):
        read = three.read_token
        for url in (
            f"/checklist/reeks/{read}/verwijderen/",
            f"/checklist/reeks/{read}/naam/",
            f"/checklist/reeks/{read}/groepsmeting/",
            f"/checklist/reeks/{read}/",
        ):
            assert client.post(url, {"name": "x"}).status_code in (404, 405)
        assert MeasurementSeries.objects.filter(pk=three.pk).exists()
        assert three.measurements.count() == 3
        assert client.get(f"/checklist/bekijk/{three.manage_token}/").status_code == 404

    def test_the_manage_page_shows_both_links(self, client, three):
        html = client.get(f"/checklist/reeks/{three.manage_token}/").content.decode()
        assert f"http://testserver/checklist/bekijk/{three.read_token}/" in html
        assert f"http://testserver/checklist/reeks/{three.manage_token}/" in html


class TestChartAndTable:
    def test_every_theme_over_all_measurements(self, client, three):
        html = client.get(f"/checklist/reeks/{three.manage_token}/").content.decode()
        charts = re.findall(r'<svg class="cl-line__svg".*?</svg>', html, re.S)
        assert len(charts) == 3
        assert all(chart.count("<circle") == 3 for chart in charts)
        assert "meting 1 (" in charts[0] and ": 1; meting 2" in charts[0] and ": 4." in charts[0]
        rows = re.findall(r'<tr data-measurement="(\d)">.*?</tr>', html, re.S)
        assert rows == ["1", "2", "3"]
        table = html[html.index("cl-history__table") :]
        assert re.search(r"<td>1</td>\s*<td>2</td>\s*<td>1</td>", table)
        assert re.search(r"<td>4</td>\s*<td>3</td>\s*<td>3</td>", table)

    def test_the_comparison_still_warns_when_statements_differ(self, client, three):
        first = three.measurements.first()
        first.statements = {**first.statements, "1.1": "Oude tekst"}
        first.save()
        last_two = list(three.measurements.all())[-2:]
        last_two[0].statements = {**last_two[0].statements, "2.1": "Andere tekst"}
        last_two[0].save()
        html = client.get(f"/checklist/reeks/{three.manage_token}/").content.decode()
        assert "Gewijzigde stellingen" in html and "Andere tekst" in html


class TestLabelsAndDates:
    def test_rename_the_series_and_edit_a_measurement(self, client, three):
        base = f"/checklist/reeks/{three.manage_token}/"
        assert client.post(f"{base}naam/", {"name": "Inkoop gemeente X"}).status_code == 303
        target = three.measurements.first()
        edit = f"{base}meting/{target.pk}/"
        assert client.get(edit).status_code == 200
        response = client.post(edit, {"label": "Nulmeting", "measured_on": "2026-03-01"})
        assert response.status_code == 303
        target.refresh_from_db()
        assert (target.label, target.measured_on) == ("Nulmeting", date(2026, 3, 1))
        html = client.get(base).content.decode()
        assert "Inkoop gemeente X" in html and "Nulmeting" in html

    @pytest.mark.parametrize(
        "data", [{"label": "x", "measured_on": "morgen"}, {"label": "x" * 121, "measured_on": "2026-03-01"}]
    )
    def test_bad_edits_get_a_dutch_400_and_change_nothing(self, client, three, data):
        target = three.measurements.first()
        response = client.post(f"/checklist/reeks/{three.manage_token}/meting/{target.pk}/", data)
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()
        target.refresh_from_db()
        assert target.label == ""

    def test_a_measurement_of_another_series_cannot_be_edited(self, client, three):
        other = save(client, "d" * 22, v1_1=3)
        response = client.post(
            f"/checklist/reeks/{three.manage_token}/meting/{other.pk}/",
            {"label": "x", "measured_on": "2026-01-01"},
        )
        assert response.status_code == 404


class TestReminder:
    @pytest.mark.parametrize("months", [3, 6, 12])
    def test_an_ics_file_with_the_manage_link(self, client, three, months):
        response = client.get(f"/checklist/reeks/{three.manage_token}/herinnering/?over={months}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        assert "attachment" in response["Content-Disposition"]
        calendar = Calendar.from_ical(response.content)
        (event,) = calendar.walk("VEVENT")
        assert f"http://testserver/checklist/reeks/{three.manage_token}/" in str(event["description"])
        from django.utils import timezone

        from checklist.scoring.series import add_months

        assert event.decoded("dtstart") == add_months(timezone.localdate(), months)

    def test_other_periods_are_refused(self, client, three):
        assert client.get(f"/checklist/reeks/{three.manage_token}/herinnering/?over=7").status_code == 400
        assert client.get(f"/checklist/bekijk/{three.read_token}/herinnering/?over=3").status_code == 404


def test_add_months_clamps_to_the_end_of_the_month():
    from checklist.scoring.series import add_months

    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 15), 3) == date(2028, 2, 15)
    assert add_months(date(2027, 5, 31), 12) == date(2028, 5, 31)


@pytest.mark.parametrize(
    ("path", "redacted"),
    [
        ("/checklist/bekijk/abcDEF123/", "/checklist/bekijk/[token]/"),
        ("/checklist/ronde/abc/sluiten/", "/checklist/ronde/[token]/sluiten/"),
        ("/checklist/doe-mee/abc/", "/checklist/doe-mee/[token]/"),
        ("/checklist/antwoord/abc/", "/checklist/antwoord/[token]/"),
        ("/api/checklist/rounds/abc/close/", "/api/checklist/rounds/[token]/close/"),
        ("/api/checklist/participate/abc/", "/api/checklist/participate/[token]/"),
        ("/api/checklist/responses/abc/", "/api/checklist/responses/[token]/"),
        ("/api/checklist/rounds/", "/api/checklist/rounds/"),
    ],
)
def test_new_private_paths_are_redacted_in_logs(path, redacted):
    assert redact_path(path) == redacted


def test_request_log_never_holds_a_round_token(client, caplog):
    caplog.set_level(logging.INFO, logger="pianoo.request")
    started = client.post(
        "/api/checklist/rounds/", '{"name": "Logtest"}', content_type="application/json"
    ).json()
    participant = started["api"]["participant"].split("/")[-2]
    client.get(f"/checklist/doe-mee/{participant}/")
    assert caplog.records, "no request lines logged"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert participant not in logged
    assert started["api"]["coordinator"].split("/")[-2] not in logged
