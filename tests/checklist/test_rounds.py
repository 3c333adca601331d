"""Team rounds on the real content, through the API and the pages, checked against plain arithmetic."""

from __future__ import annotations

import json
import re
import statistics

import pytest
from django.test import Client

from checklist.models import Measurement, Round, RoundResponse
from checklist.rounds import MAX_RESPONSES
from checklist.scoring import statement_keys, theme_infos

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_db")]

START = "/api/checklist/rounds/"


def post_json(client: Client, url: str, data, method: str = "post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def started(client: Client) -> dict:
    response = post_json(client, START, {"name": "Inkoop gemeente X, voorjaar 2027"})
    assert response.status_code == 201
    return response.json()


ANSWERS = [
    {"1.1": 1, "1.2": 3, "2.1": 4},
    {"1.1": 2, "1.2": 3, "2.1": 4, "3.1": 2},
    {"1.1": 4, "1.2": 4},
    {"1.1": 3, "1.2": 2, "3.1": 3},
    {"1.1": 3, "3.7": 1},
]


def answer_all(client: Client, round_json: dict, answers: list[dict]) -> list[str]:
    urls = []
    for scores in answers:
        response = post_json(client, path(round_json["api"]["participant"]), {"scores": scores})
        assert response.status_code == 201, response.json()
        urls.append(path(response.json()["response"]))
    return urls


class TestApiContract:
    def test_start_returns_the_contract(self, started):
        assert started["name"] == "Inkoop gemeente X, voorjaar 2027"
        assert started["status"] == "open"
        assert started["participants"] == 0
        assert set(started["links"]) >= {"coordinator", "participant"}
        assert set(started["api"]) == {"coordinator", "participant", "series"}  # fields may be added
        round_ = Round.objects.get()
        assert round_.coordinator_token in started["api"]["coordinator"]
        assert round_.participant_token in started["api"]["participant"]
        assert round_.participant_token not in started["api"]["coordinator"]
        assert len(round_.coordinator_token) >= 32 and len(round_.participant_token) >= 32

    @pytest.mark.parametrize(
        "body", [{}, {"name": ""}, {"name": "   "}, {"name": "x" * 201}, {"name": 5}, []]
    )
    def test_start_needs_a_name(self, client, body):
        response = post_json(client, START, body)
        assert response.status_code == 400
        assert response.json()["error"]["field"] == "name"
        assert Round.objects.count() == 0

    def test_aggregate_matches_plain_arithmetic(self, client, started):
        answer_all(client, started, ANSWERS)
        data = client.get(path(started["api"]["coordinator"])).json()
        assert data["participants"] == len(ANSWERS)
        assert set(data) >= {"name", "status", "participants", "themes", "statements"}
        by_key = {s["key"]: s for s in data["statements"]}
        for key in statement_keys(theme_infos()):
            values = [a[key] for a in ANSWERS if key in a]
            got = by_key[key]
            assert got["n"] == len(values)
            assert got["median"] == (statistics.median(values) if values else None)
            if len(values) >= 3:
                assert (got["min"], got["max"]) == (min(values), max(values))
                assert got["distribution"] == {str(v): values.count(v) for v in (1, 2, 3, 4)}
                assert got["disagreement"] == (max(values) - min(values) >= 2)
            else:
                assert got["min"] is got["max"] is got["distribution"] is None
        for theme in data["themes"]:
            info = next(t for t in theme_infos() if t.number == theme["number"])
            keys = [s.key for s in info.statements]
            per_person = [
                statistics.mean([a[k] for k in keys if k in a]) for a in ANSWERS if any(k in a for k in keys)
            ]
            assert theme["median"] == pytest.approx(statistics.median(per_person), abs=0.01)
            assert {"number", "title", "median"} <= set(theme)

    def test_a_colleague_changes_answers_with_put_and_is_counted_once(self, client, started):
        first, *_ = answer_all(client, started, ANSWERS[:3])
        response = post_json(client, first, {"scores": {"1.1": 4}}, method="put")
        assert response.status_code == 200
        assert client.get(first).json()["scores"] == {"1.1": 4}
        data = client.get(path(started["api"]["coordinator"])).json()
        assert data["participants"] == 3
        assert next(s for s in data["statements"] if s["key"] == "1.1")["min"] == 2

    def test_the_coordinator_sees_a_new_or_changed_answer_at_once(self, client, started):
        """The result is cached per state of the answers: a change must never show the old one."""
        urls = answer_all(client, started, ANSWERS[:3])
        api, page = path(started["api"]["coordinator"]), path(started["links"]["coordinator"])

        def statement_11() -> tuple[dict, str]:
            data = client.get(api).json()
            html = client.get(page).content.decode()
            match = re.search(r'data-statement="1.1".*?</tr>', html, re.S)
            assert match, "statement 1.1's row is on the coordinator page"
            row = match.group(0)
            return next(s for s in data["statements"] if s["key"] == "1.1"), row

        seen, row = statement_11()
        statement_11()  # served from the cache this time
        assert (seen["n"], seen["min"], seen["max"]) == (3, 1, 4)
        assert "laagste 1" in row and "<td data-n" in row
        assert post_json(client, urls[0], {"scores": {"1.1": 4}}, method="put").status_code == 200
        seen, row = statement_11()
        values = [4, ANSWERS[1]["1.1"], ANSWERS[2]["1.1"]]
        assert (seen["n"], seen["median"], seen["min"]) == (3, statistics.median(values), min(values))
        assert f"laagste {min(values)}" in row
        answer_all(client, started, ANSWERS[3:4])
        seen, row = statement_11()
        assert seen["n"] == 4
        assert re.search(r"<td data-n[^>]*>4</td>", row)

    def test_the_same_submission_twice_counts_once(self, client, started):
        url = path(started["api"]["participant"])
        body = {"scores": {"1.1": 2}, "submission": "a" * 22}
        assert post_json(client, url, body).status_code == 201
        again = post_json(client, url, body)
        assert again.status_code == 200
        assert RoundResponse.objects.count() == 1

    def test_the_participant_link_gives_no_coordinator_rights(self, client, started):
        participant = Round.objects.get().participant_token
        for method in ("get", "patch", "delete"):
            assert getattr(client, method)(f"/api/checklist/rounds/{participant}/").status_code == 404
        assert client.post(f"/api/checklist/rounds/{participant}/close/").status_code == 404
        info = client.get(path(started["api"]["participant"])).json()
        assert set(info) == {"name", "status"}
        assert Round.objects.get().status == "open"

    def test_closing_refuses_answers_with_409_and_makes_a_measurement(self, client, started):
        (response_url,) = answer_all(client, started, ANSWERS[:1])
        closed = client.post(path(started["api"]["coordinator"]) + "close/")
        assert closed.status_code == 200
        assert closed.json()["status"] == "closed"
        refused = post_json(client, path(started["api"]["participant"]), {"scores": {"1.1": 3}})
        assert refused.status_code == 409
        assert "gesloten" in refused.json()["error"]["message"]
        assert post_json(client, response_url, {"scores": {"1.1": 3}}, method="put").status_code == 409
        measurement = Measurement.objects.get()
        assert measurement.participants == 1
        assert measurement.label == "Inkoop gemeente X, voorjaar 2027"
        assert measurement.series_id == Round.objects.get().series_id
        assert RoundResponse.objects.get().scores == ANSWERS[0]
        assert client.post(path(started["api"]["coordinator"]) + "close/").status_code == 409

    def test_closing_without_answers_is_refused(self, client, started):
        response = client.post(path(started["api"]["coordinator"]) + "close/")
        assert response.status_code == 400
        assert Round.objects.get().status == "open"

    @pytest.mark.parametrize(
        "body",
        [
            {"scores": {"1.1": 5}},
            {"scores": {"9.9": 1}},
            {"scores": {}},
            {"scores": "x"},
            "nee",
            {"scores": {"1.1": 0}},
        ],
    )
    def test_bad_scores_get_a_dutch_400_and_store_nothing(self, client, started, body):
        response = post_json(client, path(started["api"]["participant"]), body)
        assert response.status_code == 400
        assert response.json()["error"]["message"]
        assert RoundResponse.objects.count() == 0

    @pytest.mark.parametrize("token", ["A" * 32, "kort", "x" * 150, "%00"])
    def test_tampered_tokens_get_a_dutch_404(self, client, token):
        for url in (f"/api/checklist/rounds/{token}/", f"/api/checklist/responses/{token}/"):
            response = client.get(url)
            assert response.status_code == 404
            assert "bestaa" in response.json()["error"]["message"]
        assert (
            post_json(client, f"/api/checklist/participate/{token}/", {"scores": {"1.1": 1}}).status_code
            == 404
        )

    def test_a_round_stops_at_its_maximum_and_keeps_what_it_has(self, client, started, monkeypatch):
        monkeypatch.setattr("checklist.rounds.MAX_RESPONSES", 3)
        url = path(started["api"]["participant"])
        statuses = [post_json(client, url, {"scores": {"1.1": 2}}).status_code for _ in range(6)]
        assert statuses == [201, 201, 201, 409, 409, 409]
        assert RoundResponse.objects.count() == 3
        assert MAX_RESPONSES >= 100

    def test_rename_and_delete_with_the_coordinator_link(self, client, started):
        url = path(started["api"]["coordinator"])
        renamed = post_json(client, url, {"name": "Nieuwe naam"}, method="patch")
        assert renamed.json()["name"] == "Nieuwe naam"
        assert client.delete(url).status_code == 204
        assert Round.objects.count() == 0
        assert client.get(url).status_code == 404


class TestRateLimits:
    def test_starting_and_answering_are_rate_limited(self, client, settings, started):
        settings.RATELIMIT_ENABLED = True
        statuses = [post_json(client, START, {"name": f"R{i}"}).status_code for i in range(12)]
        assert statuses.count(201) == 10 and statuses[-1] == 429
        url = path(started["api"]["participant"])
        answers = [post_json(client, url, {"scores": {"1.1": 1}}).status_code for _ in range(32)]
        assert answers.count(201) == 30 and answers[-1] == 429
        assert "verzoeken" in post_json(client, url, {"scores": {"1.1": 1}}).json()["error"]["message"]


class TestPages:
    def start(self, client: Client) -> Round:
        response = client.post("/checklist/groepsmeting/", {"name": "Team inkoop"})
        assert response.status_code == 303
        round_ = Round.objects.get()
        assert response["Location"] == f"/checklist/ronde/{round_.coordinator_token}/?gedaan=gestart"
        return round_

    def answer(self, client: Client, round_: Round, **scores: int):
        url = f"/checklist/doe-mee/{round_.participant_token}/"
        html = client.get(url).content.decode()
        found = re.search(r'name="submission" value="([^"]+)"', html)
        assert found, html[:300]
        submission = found.group(1)
        data = {f"score-{k[1:].replace('_', '.')}": str(v) for k, v in scores.items()}
        return client.post(url, {**data, "submission": submission}), submission

    def test_start_form_and_coordinator_page(self, client):
        assert client.get("/checklist/groepsmeting/").status_code == 200
        round_ = self.start(client)
        html = client.get(f"/checklist/ronde/{round_.coordinator_token}/").content.decode()
        assert round_.participant_token in html
        assert "nog 3 antwoorden nodig" in html

    def test_participants_answer_change_and_are_counted_once(self, client):
        round_ = self.start(client)
        browsers = [Client() for _ in range(3)]
        for browser, score in zip(browsers, (1, 2, 4), strict=True):
            response, _ = self.answer(browser, round_, v1_1=score)
            assert response.status_code == 303
            assert "/checklist/antwoord/" in response["Location"]
        # The same browser again, even with a fresh form, changes its answer instead of adding one.
        again, _ = browsers[0].get(f"/checklist/doe-mee/{round_.participant_token}/"), None
        assert again.status_code == 303 and "/checklist/antwoord/" in again["Location"]
        own = again["Location"]
        assert browsers[0].post(own, {"score-1.1": "3"}).status_code == 303
        assert RoundResponse.objects.count() == 3
        assert sorted(r.scores["1.1"] for r in RoundResponse.objects.all()) == [2, 3, 4]
        html = client.get(f"/checklist/ronde/{round_.coordinator_token}/").content.decode()
        assert re.search(r'data-statement="1.1"[^>]*>.*?<td data-n[^>]*>3</td>', html, re.S)
        assert "laagste 2" in html and "hoogste 4" in html

    def test_a_double_submit_of_one_form_counts_once(self, client):
        round_ = self.start(client)
        browser = Client()
        response, submission = self.answer(browser, round_, v1_1=2)
        fresh = Client()  # no cookie: only the submission id ties the two posts together
        url = f"/checklist/doe-mee/{round_.participant_token}/"
        assert fresh.post(url, {"score-1.1": "2", "submission": submission}).status_code == 303
        assert RoundResponse.objects.count() == 1

    def test_participant_pages_never_show_the_coordinator_link(self, client):
        round_ = self.start(client)
        browser = Client()
        form = browser.get(f"/checklist/doe-mee/{round_.participant_token}/").content.decode()
        response, _ = self.answer(browser, round_, v1_1=2)
        own = browser.get(response["Location"]).content.decode()
        for html in (form, own):
            assert round_.coordinator_token not in html
            assert round_.series.manage_token not in html
            assert round_.series.read_token not in html
        assert browser.post(f"/checklist/ronde/{round_.participant_token}/sluiten/").status_code == 404
        assert browser.post(f"/checklist/ronde/{round_.participant_token}/verwijderen/").status_code == 404

    def test_closing_refuses_answers_with_a_clear_message(self, client):
        round_ = self.start(client)
        browser = Client()
        response, _ = self.answer(browser, round_, v1_1=2)
        own = response["Location"].split("?")[0]
        assert client.post(f"/checklist/ronde/{round_.coordinator_token}/sluiten/").status_code == 303
        closed = Client().get(f"/checklist/doe-mee/{round_.participant_token}/")
        assert "is gesloten" in closed.content.decode()
        refused = Client().post(
            f"/checklist/doe-mee/{round_.participant_token}/", {"score-1.1": "2", "submission": "b" * 22}
        )
        assert refused.status_code == 409
        assert "gesloten" in refused.content.decode()
        assert browser.post(own, {"score-1.1": "4"}).status_code == 409
        assert RoundResponse.objects.get().scores == {"1.1": 2}
        series = client.get(f"/checklist/reeks/{round_.series.manage_token}/").content.decode()
        assert "Team inkoop" in series

    def test_delete_round_after_confirmation(self, client):
        round_ = self.start(client)
        url = f"/checklist/ronde/{round_.coordinator_token}/verwijderen/"
        assert "Groepsmeting verwijderen?" in client.get(url).content.decode()
        assert client.post(url).status_code == 303
        assert Round.objects.count() == 0


class TestQueryCounts:
    @pytest.mark.parametrize("answers", [3, 30, 300])
    def test_a_rounds_result_takes_the_same_queries_whatever_the_number_of_answers(self, client, answers):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        started = post_json(client, START, {"name": "Tellen"}).json()
        round_ = Round.objects.get()
        RoundResponse.objects.bulk_create(
            RoundResponse(round=round_, scores={"1.1": (n % 4) + 1, "2.1": 2}) for n in range(answers)
        )
        page = f"/checklist/ronde/{round_.coordinator_token}/"
        api = path(started["api"]["coordinator"])
        client.get(page), client.get(api)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        assert len(queries) <= 2  # its route and the round with its states (checklist/round_pages.py)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(api).json()["participants"] == answers
        assert len(queries) <= 4


class TestCoordinatorGaps:
    def test_the_open_round_shows_the_gap_to_the_series_ambition(self, client, started):
        from checklist import plans

        answer_all(client, started, ANSWERS[:3])
        page = path(started["links"]["coordinator"])
        html = client.get(page).content.decode()
        assert "Voor deze meetreeks is geen ambitie ingesteld." in html
        round_ = Round.objects.select_related("series").get()
        plans.save_ambitions(round_.series, {"1": 4})
        html = client.get(page).content.decode()
        # Theme 1: the median of 2, 2.5 and 4; statements 1.1 (median 2) and 1.2 (median 3).
        assert "ambitie 4: <strong>1,5 punt onder uw ambitie</strong>" in html
        assert "Stelling 1.1: score 2, ambitie 4: <strong>2 punten onder uw ambitie</strong>" in html
        assert "Stelling 1.2: score 3, ambitie 4: <strong>1 punt onder uw ambitie</strong>" in html
        assert (
            round_.series.manage_token
            not in html.split('id="ambitie-overzicht"', 1)[1].split("</section>")[0]
        )
        answer_all(client, started, [{"1.1": 4, "1.2": 4}])  # theme 1 now the median of 2, 2.5, 4, 4: 3.25
        html = client.get(page).content.decode()
        facts = re.findall(r"<li>Uw score: [^\n]*?</li>", html)
        assert "ambitie 4: <strong>0,75 punt onder uw ambitie</strong>" in html, facts
