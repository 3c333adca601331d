"""Ambitions, the action plan and national-picture participation under a series' manage link."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from checklist.ambitions import gap_text
from checklist.models import Ambition, Measurement, MeasurementSeries, NationalEntry, PlanItem
from checklist.scoring import statement_blocks, theme_averages, theme_infos

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_db")]


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def series() -> MeasurementSeries:
    found = MeasurementSeries.objects.create()
    scores = {s.key: 2 for t in theme_infos() for s in t.statements}
    first = theme_infos()[0].statements
    scores[first[0].key] = 1
    scores[first[1].key] = 3
    Measurement.objects.create(series=found, scores=scores)
    return found


def manage_token(series: MeasurementSeries) -> str:
    return getattr(series, "manage_token", None) or series.token  # type: ignore[attr-defined]


def url(series: MeasurementSeries, action: str) -> str:
    return f"/checklist/reeks/{manage_token(series)}/{action}/"


def statement_with_tips(theme_index: int = 0) -> tuple[str, list[int]]:
    blocks = statement_blocks()
    for statement in theme_infos()[theme_index].statements:
        block = blocks.get(statement.key)
        if block and block.tips:
            return statement.key, [t.id for t in block.tips]
    raise AssertionError("no statement with tips")


class TestAmbitions:
    def test_form_has_a_labelled_choice_per_theme_and_statement(self, client, series):
        html = text(client.get(url(series, "ambitie")))
        for theme in theme_infos():
            assert f'<label class="cl-label" for="ambitie-{theme.number}">' in html
            for statement in theme.statements:
                assert f'name="ambitie-{statement.key}"' in html

    def test_saving_stores_theme_and_statement_ambitions(self, client, series):
        response = client.post(
            url(series, "ambitie"), {"ambitie-1": "3", "ambitie-1.2": "4", "ambitie-2": ""}
        )
        assert response.status_code == 303
        assert dict(Ambition.objects.filter(series=series).values_list("key", "level")) == {"1": 3, "1.2": 4}
        client.post(url(series, "ambitie"), {"ambitie-1": "2"})
        assert dict(Ambition.objects.filter(series=series).values_list("key", "level")) == {"1": 2}

    @pytest.mark.parametrize(
        ("data", "fragment"),
        [
            ({"ambitie-1": "5", "ambitie-2": "3"}, "thema 1 moet 1, 2, 3 of 4"),
            ({"ambitie-9.9": "3", "ambitie-2": "3"}, "Onbekend thema"),
            ({"ambitie-1.1": "<script>", "ambitie-2": "3"}, "stelling 1.1 moet"),
        ],
    )
    def test_hostile_input_gets_a_dutch_error_and_keeps_the_choices(self, client, series, data, fragment):
        Ambition.objects.create(series=series, key="3", level=1)
        response = client.post(url(series, "ambitie"), data)
        assert response.status_code == 400
        html = text(response)
        assert fragment in html
        assert re.search(r'name="ambitie-2">.*?<option value="3" selected>', html, re.S)
        assert dict(Ambition.objects.filter(series=series).values_list("key", "level")) == {"3": 1}

    def test_unknown_or_read_token_cannot_change(self, client, series):
        assert (
            client.post("/checklist/reeks/x" * 1 + "A" * 30 + "/ambitie/", {"ambitie-1": "3"}).status_code
            == 404
        )
        read = getattr(series, "read_token", None)
        if read:
            assert client.post(f"/checklist/reeks/{read}/ambitie/", {"ambitie-1": "3"}).status_code == 404
        assert not Ambition.objects.exists()


class TestPlan:
    def test_statements_below_ambition_largest_gap_first_with_tips(self, client, series):
        themes = theme_infos()
        Ambition.objects.create(series=series, key="1", level=4)
        Ambition.objects.create(series=series, key="2", level=3)
        html = text(client.get(url(series, "actieplan")))
        scores = series.measurements.get().scores
        expected = []
        levels = {"1": 4, "2": 3}
        for theme in themes:
            for s in theme.statements:
                level = levels.get(str(theme.number))
                if level and scores[s.key] < level:
                    expected.append((-(level - scores[s.key]), s.key))
        order = [key for _, key in sorted(expected, key=lambda e: (e[0], tuple(map(int, e[1].split(".")))))]
        shown = re.findall(r'<h3 id="stelling-[^"]+">Stelling ([\d.]+):', html)
        assert shown == order
        assert gap_text(3.0) in html  # the statement scored 1 under ambition 4
        key, tips = statement_with_tips()
        assert f'id="tip-{tips[0]}"' in html

    def test_taking_up_a_tip_with_note_and_date_then_done(self, client, series):
        Ambition.objects.create(series=series, key="1", level=4)
        Ambition.objects.create(series=series, key="2", level=4)
        key, tips = statement_with_tips()
        response = client.post(
            url(series, "actieplan"),
            {
                "action": "oppakken",
                "statement": key,
                "tip": str(tips[0]),
                "note": "Met team bespreken",
                "target_date": "2027-06-30",
            },
        )
        assert response.status_code == 303
        item = PlanItem.objects.get()
        assert (item.statement_key, item.tip_id, item.note, str(item.target_date)) == (
            key,
            tips[0],
            "Met team bespreken",
            "2027-06-30",
        )
        assert item.baseline_score == series.measurements.get().scores[key]
        html = text(client.get(url(series, "actieplan")))
        assert "Met team bespreken" in html and "30 juni 2027" in html
        assert "Geen namen of andere persoonsgegevens" in html
        client.post(url(series, "actieplan"), {"action": "klaar", "item": str(item.pk)})
        item.refresh_from_db()
        assert item.done_at is not None
        client.post(url(series, "actieplan"), {"action": "niet-klaar", "item": str(item.pk)})
        item.refresh_from_db()
        assert item.done_at is None
        client.post(url(series, "actieplan"), {"action": "verwijderen", "item": str(item.pk)})
        assert not PlanItem.objects.exists()

    @pytest.mark.parametrize(
        ("note", "date", "fragment"),
        [
            ("x" * 501, "", "hoogstens 500 tekens"),
            ("Goed plan", "31-02-2027", "Geef de streefdatum als dag-maand-jaar"),
            ("Goed plan", "'; DROP TABLE", "Geef de streefdatum"),
            ("Goed plan", "1800-01-01", "Geef de streefdatum"),
        ],
    )
    def test_hostile_note_or_date_keeps_what_was_typed(self, client, series, note, date, fragment):
        Ambition.objects.create(series=series, key="1", level=4)
        Ambition.objects.create(series=series, key="2", level=4)
        key, tips = statement_with_tips()
        response = client.post(
            url(series, "actieplan"),
            {"action": "oppakken", "statement": key, "tip": str(tips[0]), "note": note, "target_date": date},
        )
        assert response.status_code == 400
        html = text(response)
        assert fragment in html
        assert note[:40] in html
        assert not PlanItem.objects.exists()

    def test_a_planned_tip_s_note_and_date_can_be_changed_later(self, client, series):
        key, tips = statement_with_tips()
        item = PlanItem.objects.create(
            series=series, statement_key=key, tip_id=tips[0], tip_text="x", note="Eerst", target_date=None
        )
        html = client.get(url(series, "actieplan")).content.decode()
        assert f'id="item-note-{item.pk}"' in html and ">Eerst</textarea>" in html
        response = client.post(
            url(series, "actieplan"),
            {"action": "wijzigen", "item": str(item.pk), "note": "Daarna", "target_date": "30-06-2027"},
        )
        assert response.status_code == 303 and "opgeslagen=gewijzigd" in response["Location"]
        item.refresh_from_db()
        assert (item.note, str(item.target_date)) == ("Daarna", "2027-06-30")
        assert 'value="2027-06-30"' in client.get(url(series, "actieplan")).content.decode()
        client.post(
            url(series, "actieplan"),
            {"action": "wijzigen", "item": str(item.pk), "note": "", "target_date": ""},
        )
        item.refresh_from_db()
        assert (item.note, item.target_date) == ("", None)

    @pytest.mark.parametrize(("note", "date"), [("x" * 501, ""), ("Later", "31-02-2027"), ("Later", "<b>")])
    def test_a_bad_change_keeps_what_was_typed_and_changes_nothing(self, client, series, note, date):
        key, tips = statement_with_tips()
        item = PlanItem.objects.create(
            series=series, statement_key=key, tip_id=tips[0], tip_text="x", note="Eerst"
        )
        response = client.post(
            url(series, "actieplan"),
            {"action": "wijzigen", "item": str(item.pk), "note": note, "target_date": date},
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert f'href="#notitie-{item.pk}"' in html
        assert note[:40] in html
        item.refresh_from_db()
        assert (item.note, item.target_date) == ("Eerst", None)

    def test_an_item_of_another_series_cannot_be_changed(self, client, series):
        key, tips = statement_with_tips()
        other = MeasurementSeries.objects.create()
        foreign = PlanItem.objects.create(
            series=other, statement_key=key, tip_id=tips[0], tip_text="x", note="Hun"
        )
        response = client.post(
            url(series, "actieplan"), {"action": "wijzigen", "item": str(foreign.pk), "note": "Van ons"}
        )
        assert response.status_code == 400
        foreign.refresh_from_db()
        assert foreign.note == "Hun"

    def test_a_tip_of_another_statement_or_an_item_of_another_series_is_refused(self, client, series):
        key, tips = statement_with_tips(0)
        other_key, _ = statement_with_tips(1)
        response = client.post(
            url(series, "actieplan"), {"action": "oppakken", "statement": other_key, "tip": str(tips[0])}
        )
        assert response.status_code == 400 and "hoort niet bij deze stelling" in text(response)
        other = MeasurementSeries.objects.create()
        foreign = PlanItem.objects.create(series=other, statement_key=key, tip_id=tips[0], tip_text="x")
        for action in ("klaar", "verwijderen"):
            response = client.post(url(series, "actieplan"), {"action": action, "item": str(foreign.pk)})
            assert response.status_code == 400
        assert PlanItem.objects.filter(pk=foreign.pk, done_at__isnull=True).exists()
        response = client.post(url(series, "actieplan"), {"action": "kapot", "item": "1"})
        assert response.status_code == 400


class TestNationalOptIn:
    def test_opt_in_with_a_kind_then_out(self, client, series):
        themes = theme_infos()
        response = client.post(url(series, "landelijk"), {"action": "aanmelden", "kind": "gemeente"})
        assert response.status_code == 303
        measurement = series.measurements.get()
        expected = list(theme_averages(measurement.scores, themes))
        stored = list(NationalEntry.objects.order_by("theme").values_list("kind", "theme", "score", "latest"))
        assert stored == [("gemeente", t.number, e, True) for t, e in zip(themes, expected, strict=True)]
        assert "telt anoniem mee" in text(client.get(url(series, "actieplan")))
        client.post(url(series, "landelijk"), {"action": "afmelden"})
        assert not NationalEntry.objects.exists()

    @pytest.mark.parametrize("kind", ["", "bedrijf", "gemeente'--", "x" * 500])
    def test_unknown_kind_is_refused_in_dutch(self, client, series, kind):
        response = client.post(url(series, "landelijk"), {"action": "aanmelden", "kind": kind})
        assert response.status_code == 400
        assert "Kies een soort organisatie" in text(response)
        assert not NationalEntry.objects.exists()


class TestQueryCounts:
    def count(self, client, path) -> int:
        client.get(path)  # warm the content caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    def test_plan_and_ambition_pages_do_not_grow_with_measurements_or_plan(self, client, series):
        Ambition.objects.create(series=series, key="1", level=4)
        Ambition.objects.create(series=series, key="2", level=4)
        key, tips = statement_with_tips()
        PlanItem.objects.create(series=series, statement_key=key, tip_id=tips[0], tip_text="x")
        few = (self.count(client, url(series, "actieplan")), self.count(client, url(series, "ambitie")))
        for _ in range(10):
            Measurement.objects.create(series=series, scores={key: 1})
        for tip_id in tips[1:] + list(range(9000, 9010)):
            PlanItem.objects.create(series=series, statement_key=key, tip_id=None, tip_text=f"tip {tip_id}")
        many = (self.count(client, url(series, "actieplan")), self.count(client, url(series, "ambitie")))
        assert few == many
        assert many[0] <= PLAN_QUERIES and many[1] <= AMBITION_QUERIES


PLAN_QUERIES = 13  # 6 of them: Wagtail finding the page (site, page tree, restrictions)
AMBITION_QUERIES = 10
