"""Feedback counts once, whichever worker takes the second click; the comment token serves its voter once."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from feedback.models import Feedback, FeedbackVote
from tests.feedback.test_views import vote

pytestmark = pytest.mark.django_db

ADVICE = "/wegwijzer/advies/?q1=1&q2=1&q3=2&q4=1&q5=1"
AS_JSON = {"HTTP_ACCEPT": "application/json", "REMOTE_ADDR": "203.0.113.9", "HTTP_USER_AGENT": "Testbrowser"}


def post_vote(client, tip, helpful, **extra):
    return client.post(reverse("feedback:submit"), vote(tip, helpful), **{**AS_JSON, **extra})


def test_ja_then_nee_is_one_record_even_when_another_process_takes_the_second_click(client, a_tip):
    assert post_vote(client, a_tip, "ja").status_code == 201
    cache.clear()  # another worker: nothing of the first click in its memory or cache
    second = post_vote(client, a_tip, "nee")
    assert second.status_code == 200
    feedback = Feedback.objects.get()
    assert feedback.helpful is False  # the second click changed the vote
    assert second.json()["id"] == feedback.pk
    assert FeedbackVote.objects.get().feedback == feedback


def test_another_visitor_or_an_expired_window_counts_anew(client, a_tip):
    post_vote(client, a_tip, "ja")
    post_vote(client, a_tip, "ja", REMOTE_ADDR="198.51.100.7")
    assert Feedback.objects.count() == 2
    FeedbackVote.objects.update(expires_at="2000-01-01T00:00:00Z")
    assert post_vote(client, a_tip, "nee").status_code == 201
    assert Feedback.objects.count() == 3
    assert FeedbackVote.objects.count() == 1  # the expired rows went


def test_the_comment_token_works_only_for_the_voter_and_only_once(client, a_tip):
    token = post_vote(client, a_tip, "nee").json()["comment_token"]
    comment_url = reverse("feedback:comment")

    other = client.post(
        comment_url,
        {"token": token, "comment": "Van iemand anders."},
        **{**AS_JSON, "REMOTE_ADDR": "198.51.100.7"},
    )
    assert other.status_code == 400
    assert "kon niet aan uw reactie worden gekoppeld" in other.json()["error"]["message"]
    assert Feedback.objects.get().comment == ""

    assert client.post(comment_url, {"token": token, "comment": "Te algemeen."}, **AS_JSON).status_code == 200
    again = client.post(comment_url, {"token": token, "comment": "Nog eens."}, **AS_JSON)
    assert again.status_code == 400
    assert Feedback.objects.get().comment == "Te algemeen."


def test_a_private_token_sent_as_next_is_not_stored(client, a_tip):
    token = "k3Jd9fQ2xLmN8pRtV5wY7zA1bC4eG6hI"
    data = vote(a_tip, "ja", next=f"/checklist/meting/{token}/")
    client.post(reverse("feedback:submit"), data, REMOTE_ADDR="203.0.113.9")
    feedback = Feedback.objects.get()
    assert feedback.page == "/checklist/meting/[token]/"
    assert token not in " ".join(str(value) for value in Feedback.objects.values().get().values())
