"""Query counts of every public API endpoint and post, on the whole imported source.

The pages have theirs next to their tests (tests/cms/test_views.py,
tests/wegwijzer/test_views.py, tests/checklist/test_views.py). Every number here
is fixed: the content is loaded per kind of item (cms/cells.py), never per item,
so it does not grow with the amount of content.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from feedback.models import Feedback
from tests.factories import clear_caches

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_db")]

SCORES = json.dumps({"scores": {"1.1": 2, "2.1": 4, "3.7": 1}})


def count(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code < 400, response.status_code
    return len(queries)


@pytest.mark.parametrize(
    ("url", "cold", "warm"),
    [
        ("/api/wegwijzer/", 8, 1),
        ("/api/wegwijzer/advice/?q1=2&q2=1&q3=2&q4=1&q5=2", 12, 2),
        ("/api/checklist/", 13, 1),
        ("/api/v2/pages/", 8, 8),
        # a read, and a write that changes nothing, rolled back (pianoo/database.py)
        ("/health/", 7, 7),
    ],
)
def test_api_gets(client, url, cold, warm):
    clear_caches()
    assert count(lambda: client.get(url)) <= cold
    assert count(lambda: client.get(url)) <= warm


def test_checklist_results_api(client):
    post = lambda: client.post("/api/checklist/results/", SCORES, content_type="application/json")  # noqa: E731
    clear_caches()
    assert count(post) <= 12
    assert count(post) <= 1


def test_feedback_posts_api_and_form(client):
    tip = client.get("/api/wegwijzer/advice/?q1=1").json()["activities"][0]["blocks"][0]["tips"][0]
    body = json.dumps({"kind": "tip", "id": tip["id"], "helpful": True, "cell": "Fa", "context": "q1=1"})
    # Find the item, its live revision and cell, dedupe, store: the same for any amount of content.
    # The dedupe is in the database (find the vote, purge expired ones, store the vote): three of them.
    assert count(lambda: client.post("/api/feedback/", body, content_type="application/json")) <= 14
    vote = {"vote": f"tip:{tip['id']}:Fa:Fa-tip-{tip['id']}:nee", "next": "/wegwijzer/advies/?q1=1"}
    assert count(lambda: client.post("/feedback/", vote)) <= 13
    assert Feedback.objects.count() == 2


@pytest.mark.parametrize("answers", [30, 300])
def test_team_round_result_does_not_grow_with_answers(client, answers):
    """A round's result (page and API) in pinned queries, for 30 answers as for 300.

    Following a round (nothing changed): the round, the content version and the state of
    its answers (their number and last change), as the result is cached by that state.
    The page is cached whole per state (checklist/round_pages.py): its route and one query
    for the round with every state it shows; so is the participant form. After a new answer the page renders once: the
    round again, the answers once, and four more for the gaps to the series' ambitions and
    the national picture (the ambitions, the series' kind, its group, the content version
    of the result).
    """
    from checklist.models import Round, RoundResponse

    started = client.post(
        "/api/checklist/rounds/", '{"name": "Tellen"}', content_type="application/json"
    ).json()
    coordinator = started["api"]["coordinator"].removeprefix("http://testserver")
    page = started["links"]["coordinator"].removeprefix("http://testserver")
    participant = started["api"]["participant"].removeprefix("http://testserver")
    answer = lambda: client.post(participant, SCORES, content_type="application/json")  # noqa: E731
    round_ = Round.objects.get()
    RoundResponse.objects.bulk_create(
        RoundResponse(round=round_, scores={"1.1": (n % 4) + 1, "2.1": 2}) for n in range(answers - 1)
    )
    assert count(answer) <= 8  # find the round, lock it, count, store
    assert client.get(coordinator).json()["participants"] == answers
    client.get(page)
    assert count(lambda: client.get(coordinator)) <= 3
    assert count(lambda: client.get(page)) <= 2
    answer()
    assert count(lambda: client.get(coordinator)) <= 4
    answer()
    assert count(lambda: client.get(page)) <= 8
    assert count(lambda: client.get(page)) <= 2
    # The participant form, cached whole too: its route and the round with the content version.
    form = started["links"]["participant"].removeprefix("http://testserver")
    colleague = Client()
    colleague.get(form)
    assert count(lambda: colleague.get(form)) <= 2


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("qc", "qc@example.org", "geheim-wachtwoord-9")
    )
    return client


def _feedback_on_every_kind(rows: int) -> None:
    from django.contrib.contenttypes.models import ContentType

    from cms.models import Reference, Tip

    tip, reference = Tip.objects.filter(live=True).first(), Reference.objects.filter(live=True).first()
    assert tip is not None and reference is not None
    for n in range(rows):
        item = tip if n % 2 else reference
        Feedback.objects.create(
            kind=type(item).__name__.lower(),
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            item_label=str(item),
            cell="S32" if n % 3 else "2.1",
            context="q1=1&q3=2" if n % 3 else "2.1=4",
            helpful=bool(n % 2),
            comment=f"Opmerking {n}" if n % 4 == 0 else "",
        )


@pytest.mark.parametrize(
    ("url", "pinned"),
    [
        # session and user, the taxonomy's names (feedback/labels.py), the filters' choices, count and page
        ("/admin/feedback/feedback/", 21),
        # session and user, the names, the rows, then every item's whole text: one query per kind of item
        ("/admin/feedback/feedback/?export=csv", 15),
        # the names, then four aggregates: per month, per item, per cell, the comments
        ("/admin/feedback/nuttig/", 17),
    ],
)
def test_feedback_admin_pages_do_not_grow_with_feedback(editor, url, pinned):
    def measured() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = editor.get(url)
            assert response.status_code == 200
            if response.streaming:
                b"".join(response.streaming_content)
        return len(queries)

    _feedback_on_every_kind(4)
    measured()  # warm: the first request also fills per-process caches (content types, site)
    few = measured()
    _feedback_on_every_kind(40)
    assert measured() == few
    assert few <= pinned


def test_a_queued_pdf_costs_the_inline_queries_and_the_job(client, settings):
    """The advice PDF off the request path (pianoo/pdf_jobs.py): the job adds few queries, pinned.

    Rendered in the request, a cold advice PDF takes 22 queries and a cached one 6. Queued,
    the cold request adds the job's: look it up, count the queue, insert it (in a savepoint,
    3): 27. A reload of the waiting page, and the request that finds the PDF done, look the
    job up once (7); the PDF is then cached and served in the cached PDF's 6.
    """
    from pianoo import pdf_jobs

    url = "/wegwijzer/advies/pdf/?q1=2&q2=1"
    clear_caches()
    assert count(lambda: client.get(url)) <= 22
    assert count(lambda: client.get(url)) <= 6
    settings.PDF_RENDER_INLINE = False
    clear_caches()
    assert count(lambda: client.get(url)) <= 27
    assert count(lambda: client.get(url)) <= 7
    assert pdf_jobs.render_next()
    assert count(lambda: client.get(url)) <= 7
    assert count(lambda: client.get(url)) <= 6
    clear_caches()
