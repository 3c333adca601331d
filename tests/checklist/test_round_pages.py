"""A team round's coordinator page is cached whole per state (checklist/round_pages.py).

Each test warms the page, changes one thing the page shows and expects the change at
once: with a key that missed one of those states, the stale page would be served. The
changes are made as another process would (its own writes to the database), so nothing
here depends on this process being told.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checklist import national_store, page_cache, plans, round_pages, rounds
from checklist.models import Measurement, Round, RoundResponse
from checklist.scoring import score_bands, theme_infos
from pianoo.response_cache import CSRF_MARKER

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_db")]

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def start(name: str = "Team inkoop") -> Round:
    return rounds.start_round(name, theme_infos())


def answer(round_: Round, score: int = 2) -> RoundResponse:
    response, _ = rounds.answer(round_, {"1.1": score, "2.1": score})
    return response


def page(client: Client, round_: Round, query: str = "") -> str:
    response = client.get(f"/checklist/ronde/{round_.coordinator_token}/{query}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    return response.content.decode()


def hit_queries(client: Client, round_: Round, query: str = "") -> int:
    with CaptureQueriesContext(connection) as queries:
        page(client, round_, query)
    return len(queries)


def without_csrf(html: str) -> str:
    return CSRF_FIELD.sub('name="csrfmiddlewaretoken" value=""', html)


def participants(html: str) -> str:
    found = re.search(r"<strong data-participants>(\d+)</strong>", html)
    assert found, html[:300]
    return found.group(1)


def stored_pages() -> list[bytes]:
    """Every coordinator page kept, in this process's copies and in the shared cache."""
    entries = [e for k, (_, e) in page_cache._local.items.items() if k.startswith(round_pages.KEY_PREFIX)]
    shared = [cache.get(k) for k in page_cache._local.items if k.startswith(round_pages.KEY_PREFIX)]
    assert entries and len(shared) == len(entries) and None not in shared
    return [entry["chunks"][0] for entry in entries + shared]


@pytest.fixture
def round_() -> Round:
    found = start()
    for score in (1, 2, 3):
        answer(found, score)
    return found


class TestHits:
    def test_a_second_visit_renders_nothing_and_is_the_same_page(self, client, round_):
        first = page(client, round_)
        # The page's route (content version) and the round with all its states: nothing else.
        assert hit_queries(client, round_) <= 2
        assert without_csrf(page(client, round_)) == without_csrf(first)

    def test_the_hit_does_not_grow_with_the_answers(self, client, round_):
        page(client, round_)
        few = hit_queries(client, round_)
        RoundResponse.objects.bulk_create(RoundResponse(round=round_, scores={"1.1": 3}) for _ in range(200))
        assert participants(page(client, round_)) == "203"
        assert hit_queries(client, round_) == few

    def test_a_notice_is_kept_per_notice_and_other_queries_render_afresh(self, client, round_):
        assert "De naam is gewijzigd." in page(client, round_, "?gedaan=naam")
        assert hit_queries(client, round_, "?gedaan=naam") <= 2
        assert "De naam is gewijzigd." not in page(client, round_)
        assert "De naam is gewijzigd." not in page(client, round_, "?gedaan=iets")
        assert hit_queries(client, round_, "?gedaan=iets") > 2
        assert hit_queries(client, round_, "?soort=gemeente") > 2
        assert hit_queries(client, round_, "?soort=gemeente") > 2

    def test_two_rounds_alike_each_get_their_own_links(self, client):
        one, other = start("Zelfde naam"), start("Zelfde naam")
        page(client, one)
        html = page(client, other)
        assert other.coordinator_token in html and other.participant_token in html
        assert other.series.manage_token in html
        for token in (one.coordinator_token, one.participant_token, one.series.manage_token):
            assert token not in html

    def test_a_deleted_round_is_gone_at_once(self, client, round_):
        page(client, round_)
        Round.objects.filter(pk=round_.pk).delete()
        response = client.get(f"/checklist/ronde/{round_.coordinator_token}/")
        assert response.status_code == 404
        assert "bestaat niet (meer)" in response.content.decode()

    def test_opening_is_remembered_once_a_day_without_a_new_page(self, client, round_):
        page(client, round_)
        long_ago = timezone.now() - timedelta(days=3)
        Round.objects.filter(pk=round_.pk).update(last_opened_at=long_ago)
        assert hit_queries(client, round_) <= 3  # and the update
        assert Round.objects.get(pk=round_.pk).last_opened_at > long_ago
        assert hit_queries(client, round_) <= 2


class TestChangesShowAtOnce:
    def test_a_rename(self, client, round_):
        assert "Team inkoop" in page(client, round_)
        Round.objects.filter(pk=round_.pk).update(name="Team inkoop, najaar")
        assert "Team inkoop, najaar" in page(client, round_)

    def test_a_rename_through_the_form(self, client, round_):
        page(client, round_, "?gedaan=naam")
        done = client.post(f"/checklist/ronde/{round_.coordinator_token}/naam/", {"name": "Nieuwe naam"})
        assert done.status_code == 303
        assert "<h1>Nieuwe naam</h1>" in page(client, round_, "?gedaan=naam")

    def test_a_rename_back_while_a_page_renders_is_not_kept_under_the_old_name(
        self, client, round_, monkeypatch
    ):
        """The key is read before the page renders; a page that shows another name is not kept."""
        found = rounds.find_by_coordinator

        def renamed_meanwhile(token):
            Round.objects.filter(pk=round_.pk).update(name="Tussendoor")
            return found(token)

        monkeypatch.setattr(rounds, "find_by_coordinator", renamed_meanwhile)
        assert "<h1>Tussendoor</h1>" in page(client, round_)
        monkeypatch.undo()
        Round.objects.filter(pk=round_.pk).update(name="Team inkoop")
        assert "<h1>Team inkoop</h1>" in page(client, round_)

    def test_closing(self, client, round_):
        html = page(client, round_)
        assert "<strong>Open</strong>" in html and round_.participant_token in html
        rounds.close(round_, theme_infos(), score_bands())
        html = page(client, round_)
        assert "<strong>Gesloten</strong>" in html
        assert round_.participant_token not in html
        assert f"/checklist/meting/{round_.measurement.token}/" in html

    def test_the_measurement_it_became_deleted(self, client, round_):
        rounds.close(round_, theme_infos(), score_bands())
        assert "Bekijk de meting" in page(client, round_)
        Measurement.objects.filter(pk=round_.measurement_id).delete()
        assert "Bekijk de meting" not in page(client, round_)

    def test_a_new_answer(self, client, round_):
        assert participants(page(client, round_)) == "3"
        answer(round_, 4)
        assert participants(page(client, round_)) == "4"

    def test_a_changed_answer(self, client):
        round_ = start()
        responses = [answer(round_, 2) for _ in range(3)]
        html = page(client, round_)
        assert "hoogste 2" in html
        rounds.change_answer(responses[0], {"1.1": 4})
        html = page(client, round_)
        assert participants(html) == "3"
        assert "hoogste 4" in html

    def test_an_ambition_of_the_series(self, client, round_):
        assert "Voor deze meetreeks is geen ambitie ingesteld." in page(client, round_)
        plans.save_ambitions(round_.series, {"1": 4})
        html = page(client, round_)
        assert "Voor deze meetreeks is geen ambitie ingesteld." not in html
        assert "ambitie 4: <strong>2 punten onder uw ambitie</strong>" in html

    def test_a_publish(self, client, round_):
        from cms.models import ChecklistStatement

        page(client, round_)
        statement = ChecklistStatement.objects.get(theme__number=1, number=1)
        statement.text = "Een door de redactie herschreven stelling."
        statement.save()
        assert "Een door de redactie herschreven stelling." in page(client, round_)

    def test_the_kind_the_series_counts_as(self, client, round_):
        assert "Het landelijk beeld van gemeenten" not in page(client, round_)
        measurement = Measurement.objects.create(series=round_.series, scores={"1.1": 2})
        numbers = [t.number for t in theme_infos()]
        national_store.opt_in(measurement, "gemeente", dict.fromkeys(numbers, 2.0), numbers)
        assert "Het landelijk beeld van gemeenten" in page(client, round_)

    def test_a_changed_national_picture_renders_afresh(self, client, round_):
        page(client, round_)
        assert hit_queries(client, round_) <= 2
        page_cache.national_changed()
        assert hit_queries(client, round_) > 2


class TestNothingPrivateIsStored:
    def test_no_token_and_no_visitors_csrf_token_is_stored(self, round_):
        rounds.close(round_, theme_infos(), score_bands())
        round_.refresh_from_db()
        visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
        seen = []
        for visitor in visitors:
            for query in ("", "?gedaan=gesloten"):
                html = page(visitor, round_, query)
                assert CSRF_MARKER not in html
                (token,) = set(CSRF_FIELD.findall(html))  # the rename form's
                seen.append(token)
        secrets = [v.cookies["csrftoken"].value for v in visitors]
        tokens = [
            round_.coordinator_token,
            round_.participant_token,
            round_.series.manage_token,
            round_.series.read_token,
            round_.measurement.token,
        ]
        assert len(set(seen)) == 4  # every response its own (masked) token
        for body in stored_pages():
            text = body.decode()
            assert CSRF_MARKER in text
            for private in [*tokens, *seen, *secrets]:
                assert private not in text
        for key in page_cache._local.items:
            for private in tokens:
                assert private not in key

    def test_each_visitor_posts_with_the_token_of_their_own_page(self, round_):
        first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
        page(first, round_)
        html = page(second, round_)  # a hit
        token = CSRF_FIELD.findall(html)[0]
        url = f"/checklist/ronde/{round_.coordinator_token}/naam/"
        assert second.post(url, {"name": "Met mijn token", "csrfmiddlewaretoken": token}).status_code == 303
        assert (
            first.post(url, {"name": "Met andermans token", "csrfmiddlewaretoken": token}).status_code == 403
        )
        assert Round.objects.get(pk=round_.pk).name == "Met mijn token"

    def test_a_refused_rename_renders_the_visitors_own_token(self, round_):
        visitor = Client(enforce_csrf_checks=True)
        token = CSRF_FIELD.findall(page(visitor, round_))[0]
        url = f"/checklist/ronde/{round_.coordinator_token}/naam/"
        refused = visitor.post(url, {"name": " ", "csrfmiddlewaretoken": token})
        assert refused.status_code == 400
        html = refused.content.decode()
        assert "Geef de groepsmeting een naam" in html
        assert CSRF_MARKER not in html and CSRF_FIELD.findall(html)


SUBMISSION_FIELD = re.compile(r'name="submission" value="([^"]+)"')


def form(client: Client, round_: Round) -> str:
    response = client.get(f"/checklist/doe-mee/{round_.participant_token}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"
    return response.content.decode()


def form_queries(client: Client, round_: Round) -> int:
    with CaptureQueriesContext(connection) as queries:
        form(client, round_)
    return len(queries)


def stored_forms() -> list[bytes]:
    keys = [k for k in page_cache._local.items if k.startswith(round_pages.FORM_KEY_PREFIX)]
    shared = [cache.get(k) for k in keys]
    assert keys and None not in shared
    return [e["chunks"][0] for e in shared] + [page_cache._local.items[k][1]["chunks"][0] for k in keys]


class TestParticipantForm:
    def test_a_second_visit_renders_nothing(self, client, round_):
        form(Client(), round_)
        # The page's route and the round with the content version: nothing else.
        assert form_queries(client, round_) <= 2

    def test_every_colleague_gets_a_fresh_submission_id_and_counts_apart(self, round_):
        browsers = [Client(enforce_csrf_checks=True) for _ in range(3)]
        pages = [form(browser, round_) for browser in browsers]  # the second and third are hits
        submissions = [SUBMISSION_FIELD.findall(html)[0] for html in pages]
        assert len(set(submissions)) == 3
        url = f"/checklist/doe-mee/{round_.participant_token}/"
        for browser, html, submission in zip(browsers, pages, submissions, strict=True):
            token = CSRF_FIELD.findall(html)[0]
            posted = {"score-1.1": "4", "submission": submission, "csrfmiddlewaretoken": token}
            assert browser.post(url, posted).status_code == 303
        assert RoundResponse.objects.filter(round=round_).count() == 3 + 3

    def test_nothing_private_is_stored(self, round_):
        browsers = [Client() for _ in range(2)]
        pages = [form(browser, round_) for browser in browsers]
        seen = [*(SUBMISSION_FIELD.findall(h)[0] for h in pages), *(CSRF_FIELD.findall(h)[0] for h in pages)]
        seen += [browser.cookies["csrftoken"].value for browser in browsers]
        tokens = [
            round_.participant_token,
            round_.coordinator_token,
            round_.series.manage_token,
            round_.series.read_token,
        ]
        for body in stored_forms():
            text = body.decode()
            assert CSRF_MARKER in text and round_pages.SUBMISSION_MARKER in text
            assert all(marker in text for marker in round_pages.FORM_MARKERS)
            for private in [*tokens, *seen]:
                assert private not in text
        for html in pages:
            assert CSRF_MARKER not in html and round_pages.SUBMISSION_MARKER not in html
            assert f'action="/checklist/doe-mee/{round_.participant_token}/"' in html

    def test_the_coordinators_link_never_appears_on_it(self, round_):
        form(Client(), round_)
        html = form(Client(), round_)  # a hit
        for private in (round_.coordinator_token, round_.series.manage_token, round_.series.read_token):
            assert private not in html
        rounds.close(round_, theme_infos(), score_bands())
        closed = form(Client(), round_)
        assert "Deze groepsmeting is gesloten." in closed
        for private in (round_.coordinator_token, round_.series.manage_token, round_.measurement.token):
            assert private not in closed

    def test_a_rename_closing_and_a_publish_show_at_once(self, client, round_):
        from cms.models import ChecklistStatement

        assert "<h1>Team inkoop</h1>" in form(client, round_)
        Round.objects.filter(pk=round_.pk).update(name="Team inkoop, najaar")
        assert "<h1>Team inkoop, najaar</h1>" in form(client, round_)
        statement = ChecklistStatement.objects.get(theme__number=1, number=1)
        statement.text = "Een door de redactie herschreven stelling."
        statement.save()
        assert "Een door de redactie herschreven stelling." in form(client, round_)
        Round.objects.filter(pk=round_.pk).update(status=Round.CLOSED)
        assert "Deze groepsmeting is gesloten." in form(client, round_)

    def test_a_browser_that_answered_goes_to_its_own_answers(self, round_):
        form(Client(), round_)
        browser = Client()
        html = form(browser, round_)  # a hit
        url = f"/checklist/doe-mee/{round_.participant_token}/"
        posted = browser.post(url, {"score-1.1": "3", "submission": SUBMISSION_FIELD.findall(html)[0]})
        assert posted.status_code == 303
        again = browser.get(url)
        assert again.status_code == 303
        assert again["Location"] == posted["Location"].split("?")[0]
