"""The HTML feedback endpoints: without JavaScript, with fetch, and under hostile requests."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from feedback.constants import COMMENT_COOKIE
from feedback.models import Feedback

ADVICE = "/wegwijzer/advies/?q1=1&q3=2"


def vote(tip, helpful="ja", **extra):
    return {
        "kind": "tip",
        "id": str(tip.pk),
        "helpful": helpful,
        "cell": "S32",
        "context": "q3=2&q1=1",
        "next": ADVICE,
        "anchor": f"tip-{tip.pk}",
        **extra,
    }


@pytest.fixture
def url():
    return reverse("feedback:submit")


class TestWithoutJavaScript:
    def test_ja_redirects_back_to_the_item_with_thanks(self, client, url, a_tip):
        response = client.post(url, vote(a_tip))
        assert response.status_code == 302
        target = urlsplit(response["Location"])
        assert target.path == "/wegwijzer/advies/"
        assert target.fragment == f"tip-{a_tip.pk}"
        query = parse_qs(target.query)
        assert query["bedankt"] == [f"tip-{a_tip.pk}"]
        assert query["q1"] == ["1"] and query["q3"] == ["2"]
        assert "reactie" not in query

    def test_the_stored_feedback_names_item_revision_and_context_but_no_client(self, client, url, a_tip):
        client.post(url, vote(a_tip), REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Testbrowser/1.0")
        feedback = Feedback.objects.get()
        assert feedback.item == a_tip
        assert feedback.kind == "tip"
        assert feedback.revision == a_tip.live_revision_id is not None
        assert feedback.context == "q1=1&q3=2"
        assert feedback.page == "/wegwijzer/advies/"
        assert (feedback.cell, feedback.activity, feedback.tool) == ("S32", "S", "wegwijzer")
        assert feedback.helpful is True
        assert feedback.created_at is not None
        stored = " ".join(str(value) for value in Feedback.objects.values().get().values())
        assert "203.0.113.9" not in stored
        assert "Testbrowser" not in stored

    def test_nee_offers_a_comment_that_is_added_to_the_same_record(self, client, url, a_tip):
        response = client.post(url, vote(a_tip, "nee"))
        token = client.cookies[COMMENT_COOKIE].value.partition(":")[2]
        assert token

        response = client.post(
            reverse("feedback:comment"),
            {"token": token, "comment": "De link werkt niet.", "next": ADVICE, "anchor": f"tip-{a_tip.pk}"},
        )
        assert response.status_code == 302
        assert parse_qs(urlsplit(response["Location"]).query)["bedankt"] == [f"tip-{a_tip.pk}"]
        feedback = Feedback.objects.get()
        assert (feedback.helpful, feedback.comment) == (False, "De link werkt niet.")


class TestNoTokenInAnAddress:
    """After "Nee" without JavaScript: POST, redirect to a plain address, the comment form from a cookie."""

    def test_the_redirect_after_nee_is_a_plain_address_and_the_token_rides_in_a_page_cookie(
        self, client, url, a_tip
    ):
        anchor = f"tip-{a_tip.pk}"
        response = client.post(url, vote(a_tip, "nee"))
        assert response.status_code == 302
        location = response["Location"]
        assert location == f"/wegwijzer/advies/?q1=1&q3=2&bedankt={anchor}#{anchor}"
        cookie = response.cookies[COMMENT_COOKIE]
        cookie_anchor, _, token = cookie.value.partition(":")
        assert cookie_anchor == anchor
        assert len(token) > 20 and token not in location
        assert cookie["path"] == "/wegwijzer/advies/"
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        assert 0 < int(cookie["max-age"]) <= 15 * 60

    def test_an_old_return_url_loses_its_token_parameter(self, client, url, a_tip):
        anchor = f"tip-{a_tip.pk}"
        response = client.post(url, vote(a_tip, "ja", next=f"{ADVICE}&bedankt={anchor}&reactie=abc"))
        assert "reactie" not in response["Location"]

    def test_a_forged_comment_token_is_refused_in_dutch(self, client, a_tip):
        response = client.post(reverse("feedback:comment"), {"token": "nep", "comment": "x", "next": ADVICE})
        assert response.status_code == 400
        assert "kon niet aan uw reactie worden gekoppeld" in response.content.decode()

    def test_general_feedback_returns_to_the_general_form(self, client, url, content):
        response = client.post(
            url, {"kind": "general", "comment": "Helder advies.", "next": ADVICE, "context": "q1=1&q3=2"}
        )
        assert response["Location"].endswith("bedankt=algemene-feedback#algemene-feedback")
        feedback = Feedback.objects.get()
        assert (feedback.kind, feedback.comment, feedback.tool) == ("general", "Helder advies.", "wegwijzer")

    def test_an_outside_return_url_is_never_followed(self, client, url, a_tip):
        response = client.post(url, vote(a_tip, next="https://evil.example/x"))
        assert response.status_code == 200
        assert "evil" not in response.content.decode()

    def test_a_page_reached_by_post_gets_a_thanks_page_with_the_comment_field(self, client, url, a_tip):
        response = client.post(
            url, vote(a_tip, "nee", next="", page="/checklist/resultaat/", cell="1.1", context="")
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "Bedankt voor uw reactie" in html
        assert 'name="token"' in html
        assert "terugknop" in html
        assert Feedback.objects.get().page == "/checklist/resultaat/"

    def test_an_unknown_item_gets_a_dutch_error_page(self, client, url, a_tip):
        response = client.post(url, vote(a_tip, id="999999"))
        assert response.status_code == 400
        assert "bestaat niet (meer)" in response.content.decode()
        assert Feedback.objects.count() == 0

    def test_an_unpublished_item_cannot_get_feedback(self, client, url, a_tip):
        a_tip.unpublish()
        response = client.post(url, vote(a_tip))
        assert response.status_code == 400

    def test_a_shared_form_vote_names_the_item(self, client, url, a_tip):
        post = {"context": "q3=2&q1=1", "next": ADVICE, "vote": f"tip:{a_tip.pk}:S32:S32-tip-{a_tip.pk}:nee"}
        response = client.post(url, post)
        assert response.status_code == 302
        assert response["Location"].endswith(f"bedankt=S32-tip-{a_tip.pk}#S32-tip-{a_tip.pk}")
        assert response.cookies[COMMENT_COOKIE].value.startswith(f"S32-tip-{a_tip.pk}:")
        feedback = Feedback.objects.get()
        assert (feedback.item, feedback.cell, feedback.helpful) == (a_tip, "S32", False)

    @pytest.mark.parametrize(
        ("vote_value", "message"),
        [
            ("tip", "kon niet worden gelezen"),
            ("tip:1:S32:a:ja:extra", "kon niet worden gelezen"),
            ("", "kon niet worden gelezen"),
            ("tip:abc:S32:a:ja", ""),
            ("tip:{pk}:S32:a:misschien", "ja of nee"),
            ("virus:{pk}:S32:a:ja", ""),
            ("tip:{pk}:Z99:a:ja", ""),
            ("tip:999999:S32:a:ja", "bestaat niet (meer)"),
        ],
    )
    def test_a_tampered_vote_gets_a_dutch_400_and_stores_nothing(
        self, client, url, a_tip, vote_value, message
    ):
        post = {"context": "q1=1", "next": ADVICE, "vote": vote_value.format(pk=a_tip.pk)}
        response = client.post(url, post)
        assert response.status_code == 400
        html = response.content.decode()
        assert message in html and 'lang="nl"' in html
        assert Feedback.objects.count() == 0

    def test_get_is_not_allowed(self, client, url):
        assert client.get(url).status_code == 405


class TestWithJavaScript:
    def test_fetch_gets_json_and_a_comment_token_after_nee(self, client, url, a_tip):
        response = client.post(url, vote(a_tip, "nee"), HTTP_ACCEPT="application/json")
        assert response.status_code == 201
        body = response.json()
        assert body["id"] == Feedback.objects.get().pk
        assert body["message"] == "Bedankt voor uw reactie."
        assert body["comment_token"]

        response = client.post(
            reverse("feedback:comment"),
            {"token": body["comment_token"], "comment": "Te algemeen."},
            HTTP_ACCEPT="application/json",
        )
        assert response.status_code == 200
        assert Feedback.objects.get().comment == "Te algemeen."

    def test_errors_are_json_in_the_api_shape(self, client, url, a_tip):
        response = client.post(url, vote(a_tip, helpful="misschien"), HTTP_ACCEPT="application/json")
        assert response.status_code == 400
        assert response.json() == {
            "error": {"field": "helpful", "message": response.json()["error"]["message"]}
        }
        assert "ja of nee" in response.json()["error"]["message"]


class TestBotsAndRepeats:
    def test_a_filled_honeypot_looks_fine_but_stores_nothing(self, client, url, a_tip):
        response = client.post(url, vote(a_tip, website="http://spam.example"))
        assert response.status_code == 302
        assert Feedback.objects.count() == 0

    def test_a_repeated_submit_keeps_one_record(self, client, url, a_tip):
        client.post(url, vote(a_tip))
        response = client.post(url, vote(a_tip), HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        assert Feedback.objects.count() == 1

    def test_changing_the_vote_updates_the_record(self, client, url, a_tip):
        client.post(url, vote(a_tip, "ja"))
        client.post(url, vote(a_tip, "nee"))
        assert list(Feedback.objects.values_list("helpful", flat=True)) == [False]

    def test_another_visitor_gets_a_record_of_their_own(self, client, url, a_tip):
        client.post(url, vote(a_tip), REMOTE_ADDR="198.51.100.1")
        client.post(url, vote(a_tip), REMOTE_ADDR="198.51.100.2")
        assert Feedback.objects.count() == 2

    def test_too_many_posts_get_a_dutch_429(self, client, url, a_tip, a_reference, rate_limited):
        client.post(url, vote(a_tip))
        client.post(url, vote(a_reference, kind="reference"))
        response = client.post(url, vote(a_tip, "nee"))
        assert response.status_code == 429
        assert "Te veel verzoeken" in response.content.decode()
        assert response["Retry-After"]
        json_response = client.post(url, vote(a_tip), HTTP_ACCEPT="application/json")
        assert json_response.status_code == 429
        assert "te veel verzoeken" in json_response.json()["error"]["message"]


class TestHostileRequests:
    def test_an_oversized_post_gets_a_dutch_400_and_keeps_what_was_stored(self, client, url, a_tip):
        client.post(url, vote(a_tip))
        response = client.post(url, vote(a_tip, comment="x" * 70_000))
        assert response.status_code == 400
        assert "te groot" in response.content.decode()
        assert Feedback.objects.count() == 1

    def test_an_oversized_fetch_gets_json(self, client, url, a_tip):
        response = client.post(url, vote(a_tip, comment="x" * 70_000), HTTP_ACCEPT="application/json")
        assert response.status_code == 400
        assert "te groot" in response.json()["error"]["message"]

    def test_too_many_fields_get_a_dutch_400(self, client, url, a_tip):
        data = vote(a_tip) | {f"f{i}": "x" for i in range(300)}
        response = client.post(url, data)
        assert response.status_code == 400
        assert "kon niet worden gelezen" in response.content.decode()

    def test_a_broken_multipart_body_gets_a_dutch_400(self, client, url, content):
        response = client.generic(
            "POST", url, b"--nope\r\ngarbage", content_type="multipart/form-data; boundary="
        )
        assert response.status_code == 400
        assert "kon niet worden gelezen" in response.content.decode()

    def test_invalid_utf8_is_no_server_error(self, client, url, a_tip):
        body = f"kind=tip&id={a_tip.pk}&helpful=nee&comment=%FF%FE%80&next=/".encode() + b"\xff\xfe"
        response = client.generic("POST", url, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code in (302, 400)

    def test_a_malformed_comment_gets_a_dutch_400(self, client, url, a_tip):
        response = client.post(url, vote(a_tip, comment="nul\x00byte"))
        assert response.status_code == 400
        assert "niet zijn toegestaan" in response.content.decode()

    def test_missing_csrf_gets_the_dutch_403_page(self, url, a_tip):
        client = Client(enforce_csrf_checks=True)
        response = client.post(url, vote(a_tip))
        assert response.status_code == 403
        html = response.content.decode()
        assert 'lang="nl"' in html
        assert "Uw formulier kon niet worden verstuurd" in html
        assert Feedback.objects.count() == 0

    def test_with_a_csrf_token_the_post_passes(self, url, a_tip):
        client = Client(enforce_csrf_checks=True)
        token = _get_new_csrf_string()
        client.cookies["csrftoken"] = token
        response = client.post(url, vote(a_tip, csrfmiddlewaretoken=token))
        assert response.status_code == 302
        assert Feedback.objects.count() == 1


class TestIncludes:
    def render(self, template, query="", cookie="", **context):
        request = RequestFactory().get("/wegwijzer/advies/" + query)
        if cookie:
            request.COOKIES[COMMENT_COOKIE] = cookie
        return render_to_string(template, context, request=request)

    def test_the_item_buttons_name_the_item_and_post_the_shared_form(self, a_tip):
        html = self.render(
            "includes/feedback_item.html", "?q1=1&q3=2", kind="tip", item_id=a_tip.pk, cell="S32"
        )
        assert "Was deze tip nuttig?" in html
        for answer in ("ja", "nee"):
            assert (
                f'form="feedback-items" name="vote" value="tip:{a_tip.pk}:S32:tip-{a_tip.pk}:{answer}"'
                in html
            )
        assert "<form" not in html and "csrfmiddlewaretoken" not in html  # one shared form per page
        assert "<template" not in html  # the comment form is shared per page (feedback_general.html)
        assert "style=" not in html and "<script>" not in html

    def test_the_shared_form_carries_context_return_url_honeypot_and_token(self, content):
        html = self.render("includes/feedback_general.html", "?q1=1&q3=2&utm=x", tool="wegwijzer")
        shared = html[html.index('<form id="feedback-items"') :]
        shared = shared[: shared.index("</form>")]
        assert 'action="/feedback/"' in shared and 'method="post"' in shared
        assert 'name="context" value="q1=1&amp;q3=2"' in shared
        assert 'name="next" value="/wegwijzer/advies/?q1=1&amp;q3=2&amp;utm=x"' in shared
        assert 'name="website"' in shared
        assert "csrfmiddlewaretoken" in shared

    def test_after_a_vote_the_item_shows_thanks_and_the_comment_field(self, a_tip):
        query = f"?q1=1&bedankt=tip-{a_tip.pk}"
        html = self.render(
            "includes/feedback_item.html", query, cookie=f"tip-{a_tip.pk}:abc", kind="tip", item_id=a_tip.pk
        )
        assert "Bedankt voor uw reactie." in html
        assert 'name="token" value="abc"' in html
        assert "Wat miste u, of wat klopte er niet?" in html
        assert "Was deze tip nuttig?" not in html
        assert "bedankt=" not in html.split('name="next" value="')[1].split('"')[0]

    def test_another_items_cookie_is_not_taken(self, a_tip):
        query = f"?q1=1&bedankt=tip-{a_tip.pk}"
        html = self.render(
            "includes/feedback_item.html", query, cookie="tip-999999:abc", kind="tip", item_id=a_tip.pk
        )
        assert "Bedankt voor uw reactie." in html
        assert "abc" not in html and 'name="token"' not in html

    @pytest.mark.parametrize("value", ["", "tip-1", ":", "x" * 3000, '{anchor}:"><script>alert(1)</script>'])
    def test_a_hostile_cookie_renders_safely(self, a_tip, value):
        anchor = f"tip-{a_tip.pk}"
        cookie = value.format(anchor=anchor)
        html = self.render(
            "includes/feedback_item.html", f"?bedankt={anchor}", cookie=cookie, kind="tip", item_id=a_tip.pk
        )
        assert "Bedankt voor uw reactie." in html
        assert "<script>alert" not in html
        tokens = re.findall(r'name="token" value="([^"]*)"', html)
        assert all(len(token) <= 500 for token in tokens)

    def test_a_token_in_the_address_is_never_taken(self, a_tip):
        query = f"?q1=1&bedankt=tip-{a_tip.pk}&reactie=abc"
        html = self.render("includes/feedback_item.html", query, kind="tip", item_id=a_tip.pk)
        assert "Bedankt voor uw reactie." in html
        assert "abc" not in html and 'name="token"' not in html

    def test_other_items_still_show_their_question(self, a_tip):
        html = self.render("includes/feedback_item.html", "?bedankt=tip-999999", kind="tip", item_id=a_tip.pk)
        assert "Was deze tip nuttig?" in html

    def test_the_general_form_explains_and_warns_about_personal_data(self, content):
        html = self.render("includes/feedback_general.html", "?q1=2", tool="wegwijzer")
        assert 'id="algemene-feedback"' in html
        assert "Noem geen persoonsgegevens" in html
        assert "niet uw IP-adres" in html
        assert "24 maanden" in html
        assert "feedback/feedback.js" in html
        assert 'name="tool" value="wegwijzer"' in html
