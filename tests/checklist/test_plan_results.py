"""Every result of a series shows its gaps, the plan and the national picture; opt-in on save and close."""

from __future__ import annotations

import json
import re
import statistics
from decimal import ROUND_HALF_UP, Decimal

import pytest

from checklist.ambitions import gap_text
from checklist.models import Ambition, Measurement, MeasurementSeries, NationalEntry, PlanItem, Round
from checklist.scoring import statement_blocks, theme_averages, theme_infos

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_db")]


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def save(client, scores, series="", **extra):
    data = {f"score-{k}": str(v) for k, v in scores.items()}
    data["submission"] = extra.pop("submission", "s" * 22)
    if series:
        data["series"] = series
    data.update(extra)
    return client.post("/checklist/opslaan/", data)


def saved(response) -> Measurement:
    assert response.status_code == 303, response.content[:300]
    found = re.search(r"/meting/([^/]+)/$", response["Location"])
    assert found, response["Location"]
    token = found.group(1)
    return Measurement.objects.get(token=token)


def with_tip():
    """A statement of theme 1 that has tips, and its first tip."""
    blocks = statement_blocks()
    for statement in theme_infos()[0].statements:
        block = blocks.get(statement.key)
        if block and block.tips:
            return statement.key, block.tips[0]
    raise AssertionError("no tips in theme 1")


class TestGapsOnEveryResult:
    def test_measurement_page_shows_theme_and_statement_gaps_in_words_and_chart(self, client):
        first = saved(save(client, {"1.1": 1, "1.2": 2, "1.3": 4}))
        Ambition.objects.create(series=first.series, key="1", level=4)
        Ambition.objects.create(series=first.series, key="1.3", level=3)
        page = client.get(f"/checklist/meting/{first.token}/")
        words = text(page)
        theme_average = statistics.mean([1, 2, 4])
        assert f"ambitie 4: {gap_text(round(4 - theme_average, 2))}" in words
        assert f"Stelling 1.1: score 1, ambitie 4: {gap_text(3)}" in words
        assert f"Stelling 1.3: score 4, ambitie 3: {gap_text(-1)}" in words
        html = page.content.decode()
        assert 'class="cl-chart__ambition"' in html
        assert "(3 punten onder uw ambitie)" in html  # the chart's description

    def test_the_series_result_address_shows_the_gaps_too(self, client):
        first = saved(save(client, {"1.1": 2}))
        Ambition.objects.create(series=first.series, key="1", level=3)
        response = client.get(f"/checklist/reeks/{first.series.manage_token}/resultaat/?s1.1=1", follow=True)
        assert f"Stelling 1.1: score 1, ambitie 3: {gap_text(2)}" in text(response)

    def test_the_series_result_address_chooses_a_kind_without_script(self, client):
        from checklist import national_store
        from checklist.national import MIN_GROUP, TOO_FEW

        first = saved(save(client, {"1.1": 2}))
        base = f"/checklist/reeks/{first.series.manage_token}/resultaat/"
        html = client.get(f"{base}?s1.1=1").content.decode()
        # A plain GET form to the same address, keeping the scores, with a labelled select.
        form = re.search(
            r'<form method="get" action="([^"]+)" class="cl-kind-form[^"]*">(.*?)</form>', html, re.S
        )
        assert form and form.group(1) == base
        assert '<input type="hidden" name="s1.1" value="1">' in form.group(2)
        assert '<label class="cl-label" for="soort">' in form.group(2) and 'id="soort"' in form.group(2)
        numbers = [t.number for t in theme_infos()]
        for level in [1, 2, 2, 3, 3, 4, 4, 2, 3]:  # nine gemeenten: too few
            other = Measurement.objects.create(
                series=MeasurementSeries.objects.create(), scores={"1.1": level}
            )
            national_store.opt_in(other, "gemeente", {1: float(level)}, numbers)
        response = client.get(f"{base}?s1.1=1&soort=gemeente")
        assert response.status_code == 200  # the chosen kind stays in the address, no redirect
        words = text(response)
        assert "Het landelijk beeld van gemeenten" in words and TOO_FEW in words
        assert "is de mediaan" not in words
        assert 'value="gemeente" selected' in response.content.decode()
        tenth = Measurement.objects.create(series=MeasurementSeries.objects.create(), scores={"1.1": 4})
        national_store.opt_in(tenth, "gemeente", {1: 4.0}, numbers)
        words = text(client.get(f"{base}?s1.1=1&soort=gemeente"))
        assert f"bij {MIN_GROUP} gemeenten is de mediaan" in words
        bad = client.get(f"{base}?s1.1=1&soort=bestaat-niet")
        assert bad.status_code == 200 and 'aria-invalid="true"' in bad.content.decode()
        # Reordered or stray parameters still go to the one address, the kind kept.
        moved = client.get(f"{base}?soort=gemeente&s1.1=1")
        assert moved.status_code == 302 and moved["Location"] == f"{base}?s1.1=1&soort=gemeente"

    def test_a_closed_round_s_measurement_uses_its_medians(self, client):
        series = MeasurementSeries.objects.create()
        measurement = Measurement.objects.create(
            series=series, scores={"1.1": 2.5, "1.2": 3}, theme_scores={"1": 2.75, "2": None, "3": None}
        )
        Ambition.objects.create(series=series, key="1", level=4)
        assert f"ambitie 4: {gap_text(1.25)}" in text(client.get(f"/checklist/meting/{measurement.token}/"))


class TestPlanAcrossMeasurements:
    def test_next_measurement_shows_what_was_planned_and_whether_it_moved(self, client):
        key, tip = with_tip()
        first = saved(save(client, {key: 1}))
        series = first.series
        Ambition.objects.create(series=series, key="1", level=4)
        response = client.post(
            f"/checklist/reeks/{series.manage_token}/actieplan/",
            {"action": "oppakken", "statement": key, "tip": str(tip.id), "note": "Bespreken in MT"},
        )
        assert response.status_code == 303
        second = saved(save(client, {key: 3}, series=series.manage_token, submission="t" * 22))
        words = text(client.get(f"/checklist/meting/{second.token}/"))
        assert (
            "Wat u had gepland" in words and "gestegen van 1 naar 3" in words and "Bespreken in MT" in words
        )
        assert "Wat u had gepland" not in text(client.get(f"/checklist/meting/{first.token}/"))

    def test_read_link_shows_the_plan_without_any_way_to_change_it(self, client):
        key, tip = with_tip()
        first = saved(save(client, {key: 1}))
        series = first.series
        PlanItem.objects.create(
            series=series, statement_key=key, tip_id=tip.id, tip_text=tip.text, note="Notitie A"
        )
        html = client.get(f"/checklist/bekijk/{series.read_token}/").content.decode()
        assert "Notitie A" in html and "Actieplan" in html
        assert "Markeer als klaar" not in html and "Uit het plan halen" not in html
        assert series.manage_token not in html and 'method="post"' not in html
        for action in ("actieplan", "ambitie", "landelijk"):
            response = client.post(
                f"/checklist/reeks/{series.read_token}/{action}/", {"action": "klaar", "item": "1"}
            )
            assert response.status_code == 404


class TestOptIn:
    def test_off_by_default(self, client):
        saved(save(client, {"1.1": 2}))
        assert not NationalEntry.objects.exists()

    def test_opt_in_on_save_counts_the_theme_averages_once(self, client):
        measurement = saved(save(client, {"1.1": 2, "1.2": 3, "2.1": 4}, landelijk="ja", soort="provincie"))
        save(
            client, {"1.1": 2, "1.2": 3, "2.1": 4}, landelijk="ja", soort="provincie"
        )  # the same submit again
        themes = theme_infos()
        expected = [v for v in theme_averages(measurement.scores, themes) if v is not None]
        stored = list(NationalEntry.objects.order_by("theme").values_list("score", flat=True))
        assert stored == expected
        assert set(NationalEntry.objects.values_list("kind", "latest")) == {("provincie", True)}

    @pytest.mark.parametrize("kind", ["", "bedrijf", "<b>"])
    def test_a_bad_kind_saves_nothing_and_says_so(self, client, kind):
        response = save(client, {"1.1": 2}, landelijk="ja", soort=kind)
        assert response.status_code == 400
        assert "Kies een soort organisatie" in text(response) and "nog niet opgeslagen" in text(response)
        assert not Measurement.objects.exists()

    def test_closing_a_round_can_opt_in_with_its_medians(self, client):
        started = client.post(
            "/api/checklist/rounds/", json.dumps({"name": "Team"}), content_type="application/json"
        )
        links = started.json()
        participant = re.sub(r"^https?://[^/]+", "", links["api"]["participant"])
        for scores in ({"1.1": 1, "1.2": 3}, {"1.1": 2, "1.2": 3}, {"1.1": 4, "1.2": 4}):
            answer = client.post(participant, json.dumps({"scores": scores}), content_type="application/json")
            assert answer.status_code == 201
        coordinator = re.sub(r"^https?://[^/]+", "", links["links"]["coordinator"])
        refused = client.post(f"{coordinator}sluiten/", {"landelijk": "ja", "soort": "x"})
        assert refused.status_code == 400 and Round.objects.get().is_open
        closed = client.post(f"{coordinator}sluiten/", {"landelijk": "ja", "soort": "waterschap"})
        assert closed.status_code == 303
        measurement = Round.objects.get().measurement
        theme1 = NationalEntry.objects.get(theme=1)
        assert (theme1.kind, theme1.measurement_id) == ("waterschap", measurement.pk)
        assert theme1.score == pytest.approx(float(measurement.theme_scores["1"]))

    def _round_with_answers(self, client) -> dict:
        started = client.post(
            "/api/checklist/rounds/", json.dumps({"name": "Team"}), content_type="application/json"
        ).json()
        participant = re.sub(r"^https?://[^/]+", "", started["api"]["participant"])
        for scores in ({"1.1": 1, "1.2": 3}, {"1.1": 2, "1.2": 3}, {"1.1": 4, "1.2": 4}):
            answer = client.post(participant, json.dumps({"scores": scores}), content_type="application/json")
            assert answer.status_code == 201
        return started

    def _close_api(self, client, started: dict, body: object = None):
        url = re.sub(r"^https?://[^/]+", "", started["api"]["coordinator"]) + "close/"
        if body is None:
            return client.post(url)
        return client.post(url, json.dumps(body), content_type="application/json")

    def test_closing_a_round_through_the_api_can_opt_in_with_its_medians(self, client):
        started = self._round_with_answers(client)
        closed = self._close_api(client, started, {"national_kind": "provincie"})
        assert closed.status_code == 200 and closed.json()["status"] == "closed"
        measurement = Round.objects.get().measurement
        entries = {e.theme: e for e in NationalEntry.objects.all()}
        themes = theme_infos()
        for theme in themes:
            stored = measurement.theme_scores.get(str(theme.number))
            if stored is None:
                assert theme.number not in entries
            else:
                assert entries[theme.number].score == pytest.approx(float(stored))
                assert (entries[theme.number].kind, entries[theme.number].latest) == ("provincie", True)

    @pytest.mark.parametrize("body", [None, {}, {"national_kind": None}, {"national_kind": ""}])
    def test_closing_through_the_api_counts_nothing_by_default(self, client, body):
        started = self._round_with_answers(client)
        assert self._close_api(client, started, body).status_code == 200
        assert not Round.objects.get().is_open
        assert not NationalEntry.objects.exists()

    @pytest.mark.parametrize("kind", ["bedrijf", "<b>", 3, ["gemeente"], {"kind": "rijk"}])
    def test_a_bad_kind_through_the_api_closes_nothing_and_names_the_field(self, client, kind):
        started = self._round_with_answers(client)
        refused = self._close_api(client, started, {"national_kind": kind})
        assert refused.status_code == 400
        error = refused.json()["error"]
        assert error["field"] == "national_kind"
        assert "Kies een soort organisatie" in error["message"] and "nog niet gesloten" in error["message"]
        assert Round.objects.get().is_open and not Measurement.objects.exists()
        assert not NationalEntry.objects.exists()


class TestJudgedScenario:
    """Nine series of one kind opt in on the save form: too few; a tenth: median and middle half."""

    def test_nine_say_too_few_the_tenth_shows_median_and_middle_half(self, client):
        themes = theme_infos()
        first = themes[0]
        rows = [
            (1, 1, 2),
            (2, 2, 2),
            (3, 3, 4),
            (4, 4, 4),
            (1, 2, 3),
            (2, 3, 3),
            (4, 1, 1),
            (3, 2, 2),
            (2, 4, 4),
        ]
        made = []
        for i, levels in enumerate(rows):
            scores = dict(zip([s.key for s in first.statements], levels, strict=False))
            made.append(saved(save(client, scores, submission=f"{i:022d}", landelijk="ja", soort="gemeente")))
        # One series opting in again, and out and in, counts once.
        again = made[0]
        save(
            client,
            {first.statements[0].key: 4},
            series=again.series.manage_token,
            submission="a" * 22,
            landelijk="ja",
            soort="gemeente",
        )
        page = text(client.get(f"/checklist/meting/{made[1].token}/"))
        assert "gemeenten: nog te weinig deelnemers" in page
        assert "de middelste helft scoort" not in page
        assert (
            client.get("/api/checklist/national/", {"kind": "gemeente"}).json()["themes"][0]["median"] is None
        )

        tenth = saved(
            save(
                client,
                {s.key: 3 for s in first.statements},
                submission="t" * 22,
                landelijk="ja",
                soort="gemeente",
            )
        )
        counted = [tenth, *made[1:], Measurement.objects.filter(series=again.series).latest("pk")]
        values = sorted(theme_averages(m.scores, themes)[0] for m in counted)
        assert len(values) == 10
        # Own arithmetic: PERCENTILE.INC (inclusive linear interpolation), half up to one decimal.
        p25, median, p75 = statistics.quantiles(values, n=4, method="inclusive")
        expected = (
            f"{first.short_title}: bij 10 gemeenten is de mediaan {dutch(median)}; "
            f"de middelste helft scoort tussen {dutch(p25)} en {dutch(p75)}."
        )
        page = text(client.get(f"/checklist/meting/{tenth.token}/"))
        assert expected in page, (expected, page[page.find("gemeenten") - 200 :][:600])
        api = client.get("/api/checklist/national/", {"kind": "gemeente"}).json()["themes"][0]
        assert (api["n"], api["text"]) == (10, expected)


def dutch(value: float) -> str:
    """One decimal, half up, Dutch comma, no trailing ",0"."""
    text = str(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return text.removesuffix(".0").replace(".", ",")


class TestSeriesApi:
    def test_measurements_ambitions_and_plan_under_either_link(self, client):
        key, tip = with_tip()
        first = saved(save(client, {key: 1, "2.1": 3}, landelijk="ja", soort="rijk"))
        series = first.series
        Measurement.objects.filter(pk=first.pk).update(label="Nulmeting")
        Ambition.objects.create(series=series, key="1", level=4)
        PlanItem.objects.create(series=series, statement_key=key, tip_id=tip.id, tip_text=tip.text, note="N")
        themes = theme_infos()
        for token in (series.manage_token, series.read_token):
            response = client.get(f"/api/checklist/series/{token}/")
            assert response.status_code == 200
            data = response.json()
            assert data["ambitions"] == {"1": 4}
            (measurement,) = data["measurements"]
            assert measurement["label"] == "Nulmeting"
            assert measurement["date"] == first.measured_on.isoformat()
            expected = theme_averages(first.scores, themes)
            assert [t["score"] for t in measurement["themes"]] == expected
            assert data["plan"][0]["statement"] == key and data["plan"][0]["note"] == "N"
            assert data["plan"][0]["done"] is False
            assert data["national"] == {"kind": "rijk", "label": "Rijk"}
            body = response.content.decode()
            assert first.token not in body
            assert series.manage_token not in body and series.read_token not in body

    @pytest.mark.parametrize("token", ["x" * 32, "kort", "%3Cscript%3E"])
    def test_unknown_token_is_a_dutch_404(self, client, token):
        response = client.get(f"/api/checklist/series/{token}/")
        assert response.status_code == 404
        assert response.json()["error"] == {
            "field": "token",
            "message": "Deze meetreeks bestaat niet (meer).",
        }

    def test_a_round_names_its_series_api(self, client):
        started = client.post(
            "/api/checklist/rounds/", json.dumps({"name": "Team"}), content_type="application/json"
        )
        url = re.sub(r"^https?://[^/]+", "", started.json()["api"]["series"])
        assert client.get(url).json()["measurements"] == []
