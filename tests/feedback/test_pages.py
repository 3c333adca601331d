"""The feedback forms on the real advice and checklist results pages (the imported source)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from feedback.models import Feedback

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_db")]


def test_every_item_of_the_advice_has_buttons_and_the_page_has_general_feedback(client):
    html = client.get("/wegwijzer/advies/?q1=1&q3=2").content.decode()
    items = re.findall(r'<li class="item item--(\w+)" id="([^"]+)" data-item="\w+-(\d+)"', html)
    assert len(items) > 20
    votes = re.findall(r'form="feedback-items" name="vote" value="([^"]+)"', html)
    # Two buttons per item, each naming the item: kind, id, cell, anchor (the item's id), answer.
    expected = {
        f"{kind}:{pk}:{anchor.rsplit('-', 2)[0]}:{anchor}:{answer}"
        for kind, anchor, pk in items
        for answer in ("ja", "nee")
    }
    assert sorted(votes) == sorted(expected)
    assert html.count('<form id="feedback-items"') == 1
    # One token for the shared item form, the general form and the comment template: not one per item.
    assert html.count("csrfmiddlewaretoken") == 3
    assert html.count("<template data-feedback-comment>") == 1
    assert 'name="context" value="q1=1&amp;q3=2"' in html
    assert 'id="algemene-feedback"' in html
    assert "feedback/feedback.js" in html


def test_a_vote_from_the_page_is_recorded_for_its_item_and_returns_to_it(client):
    html = client.get("/wegwijzer/advies/?q1=1&q3=2").content.decode()
    vote = re.search(r'name="vote" value="(tip:\d+:[^"]+:nee)"', html).group(1)
    kind, pk, cell, anchor, _ = vote.split(":")
    shared = html[html.index('<form id="feedback-items"') :]
    fields = dict(
        re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', shared[: shared.index("</form>")])
    )
    fields = {name: value.replace("&amp;", "&") for name, value in fields.items()}
    response = client.post("/feedback/", {**fields, "website": "", "vote": vote})
    assert response.status_code == 302
    # A plain address: the comment token rides in a cookie for this page only, never in the URL.
    assert response["Location"] == f"/wegwijzer/advies/?q1=1&q3=2&bedankt={anchor}#{anchor}"
    assert response.cookies["feedback_opmerking"].value.startswith(f"{anchor}:")
    html = client.get(response["Location"]).content.decode()
    assert len(re.findall(r'name="token" value="[^"]+"', html)) == 1
    feedback = Feedback.objects.get()
    assert (feedback.kind, feedback.item.pk, feedback.cell, feedback.helpful) == (kind, int(pk), cell, False)
    assert feedback.context == "q1=1&q3=2"


def test_after_a_vote_the_advice_shows_thanks_at_the_item(client):
    html = client.get("/wegwijzer/advies/?q1=1&q3=2").content.decode()
    anchor = re.search(r'name="vote" value="tip:\d+:\w+:([^":]+):ja"', html).group(1)
    again = client.get(f"/wegwijzer/advies/?q1=1&q3=2&bedankt={anchor}").content.decode()
    assert again.count("Bedankt voor uw reactie.") == 1
    assert again.count("Was deze tip nuttig?") == html.count("Was deze tip nuttig?") - 1


def test_the_checklist_results_carry_forms_with_the_scores(client):
    # The form's POST goes on to the shareable GET address; the result page there carries the forms.
    posted = client.post("/checklist/resultaat/", {"score-1.1": "2", "score-2.1": "4"})
    assert posted.status_code == 303
    response = client.get(posted["Location"])
    html = response.content.decode()
    assert response.status_code == 200
    assert "Was deze tip nuttig?" in html
    assert 'name="context" value="1.1=2&amp;2.1=4"' in html
    # After a vote the visitor comes back to the same shareable result address.
    assert 'name="next" value="/checklist/resultaat/?s1.1=2&amp;s2.1=4"' in html
    assert 'name="page" value="/checklist/resultaat/"' in html
    assert 'id="algemene-feedback"' in html


def _nee_on_a_tip(client):
    html = client.get("/wegwijzer/advies/?q1=1&q3=2").content.decode()
    vote = re.search(r'name="vote" value="(tip:\d+:[^"]+:nee)"', html).group(1)
    shared = html[html.index('<form id="feedback-items"') :]
    fields = dict(
        re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', shared[: shared.index("</form>")])
    )
    fields = {name: value.replace("&amp;", "&") for name, value in fields.items()}
    return vote.split(":")[3], client.post("/feedback/", {**fields, "website": "", "vote": vote})


def test_without_javascript_the_comment_form_comes_from_a_cookie_to_the_voter_only(client):
    anchor, response = _nee_on_a_tip(client)
    location = response["Location"]
    token = client.cookies["feedback_opmerking"].value.partition(":")[2]
    assert token and token not in location and "reactie" not in location

    page = client.get(location)
    html = page.content.decode()
    assert page.status_code == 200
    item = html[html.index(f'id="{anchor}"') :]
    item = item[: item.index("</li>")]
    assert "Bedankt voor uw reactie." in item
    assert f'name="token" value="{token}"' in item
    assert "Wat miste u, of wat klopte er niet? (niet verplicht)" in item

    # The same address in a fresh browser, as the visitor would share it: thanks, no comment form.
    fresh = Client().get(location).content.decode()
    assert token not in fresh
    assert not re.search(r'name="token" value="[^"]+"', fresh)


def test_without_javascript_the_comment_is_stored_and_the_visitor_returns_to_a_plain_address(client):
    anchor, response = _nee_on_a_tip(client)
    html = client.get(response["Location"]).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    form = html[html.index('class="feedback__comment"') :]
    fields = dict(
        re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form[: form.index("</form>")])
    )
    fields = {name: value.replace("&amp;", "&") for name, value in fields.items()}
    assert fields["token"] == token
    posted = client.post("/feedback/opmerking/", {**fields, "website": "", "comment": "Mist een voorbeeld."})
    assert posted.status_code == 302
    assert posted["Location"] == f"/wegwijzer/advies/?q1=1&q3=2&bedankt={anchor}#{anchor}"
    assert posted.cookies["feedback_opmerking"].value == ""
    feedback = Feedback.objects.get()
    assert (feedback.helpful, feedback.comment) == (False, "Mist een voorbeeld.")
    after = client.get(posted["Location"]).content.decode()
    assert not re.search(r'name="token" value="[^"]+"', after)
