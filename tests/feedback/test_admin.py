"""The editors' side: the feedback inbox, and helpfulness on the snippets."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cms.models import Answer, Question, Tip
from feedback.models import Feedback

INBOX = "/admin/feedback/feedback/"


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("redacteur", "r@example.org", "geheim-wachtwoord")
    client.force_login(user)
    return client


def give(item, helpful, **fields):
    kind = type(item).__name__.lower()
    return Feedback.objects.create(
        kind=kind,
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        revision=item.live_revision_id,
        item_label=str(item),
        helpful=helpful,
        **fields,
    )


@pytest.fixture
def inbox(a_tip, a_reference):
    question, _ = Question.objects.get_or_create(number=3, defaults={"kind": "HOE?", "text": "Hoe?"})
    Answer.objects.get_or_create(question=question, number=1, defaults={"label": "Via de markt"})
    Answer.objects.get_or_create(question=question, number=2, defaults={"label": "Functioneel"})
    return {
        "yes": give(a_tip, True, cell="S32", activity="S", tool="wegwijzer", context="q1=1&q3=2"),
        "no": give(
            a_tip,
            False,
            cell="Fa",
            activity="F",
            tool="wegwijzer",
            context="q3=1",
            comment="De link is dood.",
        ),
        "ref": give(
            a_reference, False, cell="2.1", tool="checklist", context="2.1=1", comment="Verouderd citaat."
        ),
        "old": Feedback.objects.create(
            kind="general",
            tool="checklist",
            comment="Mooi overzicht.",
            created_at=timezone.now() - timedelta(days=60),
        ),
    }


def listed(response) -> set[str]:
    html = response.content.decode()
    return {name for name, text in NEEDLES.items() if text in html}


NEEDLES = {"yes": "q1=1", "no": "De link is dood.", "ref": "Verouderd citaat.", "old": "Mooi overzicht."}


class TestInbox:
    def test_the_old_inbox_address_redirects_with_its_filters(self, editor, db):
        response = editor.get("/admin/cms/feedback/?helpful__exact=0")
        assert response.status_code == 301
        assert response["Location"] == f"{INBOX}?helpful__exact=0"

    def test_the_inbox_requires_login(self, client, db):
        response = client.get(INBOX)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]

    def test_the_inbox_lists_feedback(self, editor, inbox):
        response = editor.get(INBOX)
        assert response.status_code == 200
        html = response.content.decode()
        assert "De link is dood." in html
        assert "Verouderd citaat." in html

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("kind__exact=reference", {"ref"}),
            ("kind__exact=general", {"old"}),
            ("activity__exact=F", {"no"}),
            ("cell=2.1", {"ref"}),
            ("helpful__exact=1", {"yes"}),
            ("helpful__exact=0", {"no", "ref"}),
            ("antwoord=q3%3D2", {"yes"}),
            ("antwoord=q3%3D1", {"no"}),
            ("q=dood", {"no"}),
            ("q=citaat", {"ref"}),
        ],
    )
    def test_filters_and_search(self, editor, inbox, query, expected):
        response = editor.get(f"{INBOX}?{query}")
        assert response.status_code == 200
        shown = {name for name in ("no", "ref", "old") if NEEDLES[name] in response.content.decode()}
        assert shown == expected - {"yes"}
        assert response.context["object_list"].count() == len(expected)

    def test_the_date_filter(self, editor, inbox):
        # As the inbox's date filter links it: an aware datetime, not a bare date.
        since = (timezone.now() - timedelta(days=7)).replace(microsecond=0)
        response = editor.get(INBOX, {"created_at__gte": str(since)})
        assert response.context["object_list"].count() == 3

    def test_answer_choices_come_from_the_taxonomy(self, editor, inbox):
        html = editor.get(INBOX).content.decode()
        assert "Vraag 3: " in html
        assert "q3%3D2" in html or "q3=2" in html

    def test_csv_export_contains_the_feedback(self, editor, inbox):
        response = editor.get(f"{INBOX}?export=csv")
        assert response.status_code == 200
        text = (
            b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
        )
        assert "De link is dood." in text
        assert "q1=1&q3=2" in text
        assert "Nuttig" in text.splitlines()[0]

    def test_xlsx_export_contains_the_feedback(self, editor, inbox):
        response = editor.get(f"{INBOX}?export=xlsx")
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content
        sheet = load_workbook(io.BytesIO(content)).active
        values = {str(cell.value) for row in sheet.iter_rows() for cell in row}
        assert "Verouderd citaat." in values
        assert "2.1=1" in values

    def test_editors_can_only_mark_handled_and_add_a_note(self, editor, inbox):
        feedback = inbox["no"]
        url = reverse("feedback_feedback_modeladmin_edit", args=[feedback.pk])
        page = editor.get(url)
        assert page.status_code == 200
        assert "De link is dood." in page.content.decode()
        response = editor.post(
            url,
            {"handled": "on", "handled_note": "Link vervangen.", "comment": "gewijzigd", "helpful": "true"},
        )
        assert response.status_code == 302
        feedback.refresh_from_db()
        assert feedback.handled is True
        assert feedback.handled_note == "Link vervangen."
        assert feedback.comment == "De link is dood."
        assert feedback.helpful is False

    def test_editors_cannot_add_feedback_by_hand(self, editor, db):
        response = editor.get(f"{INBOX}create/")
        assert response.status_code in (302, 403)
        assert Feedback.objects.count() == 0


class TestSnippetHelpfulness:
    def test_the_edit_view_shows_the_items_counts(self, editor, a_tip):
        give(a_tip, True)
        give(a_tip, True)
        give(a_tip, False)
        html = editor.get(reverse("wagtailsnippets_cms_tip:edit", args=[a_tip.pk])).content.decode()
        assert "Feedback van bezoekers" in html
        assert "Ja: 2" in html
        assert "Nee: 1" in html

    def test_the_listing_can_be_sorted_by_helpfulness(self, editor, a_tip):
        other = Tip(text="<p>Een andere tip.</p>")
        other.save()
        other.save_revision().publish()
        for _ in range(3):
            give(other, True)
        give(a_tip, True)
        url = reverse("wagtailsnippets_cms_tip:list")
        mine = {other.pk, a_tip.pk}
        most = editor.get(url, {"ordering": "-helpful_yes"})
        assert [t.pk for t in most.context["object_list"] if t.pk in mine] == [other.pk, a_tip.pk]
        assert most.context["object_list"][0].pk == other.pk
        least = editor.get(url, {"ordering": "helpful_yes"})
        first = least.context["object_list"][0]
        assert first.pk != other.pk
        assert first.helpful_yes <= 1
        assert "Nuttig: ja" in most.content.decode()
        by_no = editor.get(url, {"ordering": "-helpful_no"})
        assert by_no.status_code == 200
