"""The inbox reads like the site: excerpts with the cell's name, Dutch labels, exports with the inbox's values."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from openpyxl import load_workbook

from cms.models import Activity, Answer, ChecklistStatement, ChecklistTheme, Question, ScaleStep, Tip
from feedback.labels import Vocabulary
from feedback.models import Feedback

INBOX = "/admin/feedback/feedback/"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
LONG_TEXT = "Specificeer functioneel en laat de markt meedenken over de oplossing. " * 6


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("r", "r@example.org", "geheim-wachtwoord-1")
    )
    return client


@pytest.fixture
def taxonomy(db):
    Activity.objects.create(code="S", name="Specificatie", description="-", sort_order=3)
    question = Question.objects.create(number=3, kind="HOE?", text="Hoe wilt u specificeren?")
    Answer.objects.create(question=question, number=2, label="Focus op innovatie")
    theme = ChecklistTheme.objects.create(number=2, title="Processen", short_title="Processen")
    ChecklistStatement.objects.create(theme=theme, number=1, text="Er is een vast inkoopproces.")
    ScaleStep.objects.create(value=4, label="Mee eens")


@pytest.fixture
def long_tip(db):
    tip = Tip(text=f"<p>{LONG_TEXT}</p>")
    tip.save()
    tip.save_revision().publish()
    tip.refresh_from_db()
    return tip


@pytest.fixture
def received(long_tip, taxonomy):
    # 2026-07-01 10:30 UTC is 12:30 in Amsterdam (summer time).
    at = datetime(2026, 7, 1, 10, 30, tzinfo=ZoneInfo("UTC"))
    item = Feedback.objects.create(
        kind="tip",
        content_type=ContentType.objects.get_for_model(Tip),
        object_id=long_tip.pk,
        revision=long_tip.live_revision_id,
        item_label=Truncator(LONG_TEXT).chars(250),
        tool="wegwijzer",
        activity="S",
        cell="S32",
        context="q3=2",
        helpful=False,
        comment="Mist een voorbeeld.",
        created_at=at,
    )
    general = Feedback.objects.create(kind="general", tool="checklist", context="2.1=4", comment="Helder.")
    return {"item": item, "general": general}


def csv_rows(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


class TestTheList:
    def test_a_row_shows_an_excerpt_and_the_cell_with_its_name(self, editor, received):
        html = editor.get(INBOX).content.decode()
        excerpt = Truncator(LONG_TEXT).chars(80)
        assert excerpt in html and excerpt.endswith("…")
        assert LONG_TEXT.strip()[:120] not in html.replace(f'title="{received["item"].item_label}"', "")
        assert "<strong>S32</strong> Specificatie, vraag 3: Focus op" in html

    def test_every_label_is_dutch_and_booleans_read_ja_nee(self, editor, received):
        html = editor.get(INBOX).content.decode()
        for english in ("Any date", ">True<", ">False<", "Unknown", "Onbekend"):
            assert english not in html
        assert "Elke datum" in html
        assert "Geen (algemene feedback)" in html
        assert "S · Specificatie" in html  # the activity filter names the activity

    def test_the_cell_filter_offers_every_cell_named(self, editor, received):
        html = editor.get(INBOX).content.decode()
        assert "S32 · Specificatie, vraag 3: Focus op innovatie" in html
        assert "2.1 · Processen: Er is een vast inkoopproces." in html
        assert editor.get(INBOX, {"cell": "S32"}).context["object_list"].count() == 1
        assert editor.get(INBOX, {"cell": "2.1"}).context["object_list"].count() == 0

    @pytest.mark.parametrize(("value", "expected"), [("1", set()), ("0", {"item"}), ("geen", {"general"})])
    def test_the_helpful_filter(self, editor, received, value, expected):
        listed = editor.get(INBOX, {"helpful__exact": value}).context["object_list"]
        assert set(listed) == {received[name] for name in expected}

    def test_the_handled_filter(self, editor, received):
        Feedback.objects.filter(pk=received["general"].pk).update(handled=True)
        assert list(editor.get(INBOX, {"handled__exact": "1"}).context["object_list"]) == [
            received["general"]
        ]
        assert list(editor.get(INBOX, {"handled__exact": "0"}).context["object_list"]) == [received["item"]]

    def test_the_query_count_does_not_grow_with_rows(self, editor, received):
        with CaptureQueriesContext(connection) as few:
            assert editor.get(INBOX).status_code == 200
        for _ in range(15):
            Feedback.objects.create(
                kind="tip", object_id=received["item"].object_id, cell="S32", helpful=True
            )
        with CaptureQueriesContext(connection) as many:
            assert editor.get(INBOX).status_code == 200
        assert len(many) == len(few)


class TestTheDetailPage:
    def test_the_inspect_page_gives_the_full_text_and_names(self, editor, received):
        url = reverse("feedback_feedback_modeladmin_inspect", args=[received["item"].pk])
        html = editor.get(url).content.decode()
        assert LONG_TEXT.strip() in html
        assert "S32 · Specificatie, vraag 3: Focus op innovatie" in html
        assert "Vraag 3: Hoe wilt u specificeren? – Focus op innovatie" in html
        assert "True" not in html and "False" not in html

    def test_the_edit_page_reads_ja_nee(self, editor, received):
        url = reverse("feedback_feedback_modeladmin_edit", args=[received["item"].pk])
        html = editor.get(url).content.decode()
        assert "False" not in html and "True" not in html


class TestExports:
    def test_csv_has_local_time_full_text_labels_and_the_inboxs_values(self, editor, received):
        rows = csv_rows(editor.get(INBOX, {"export": "csv"}))
        row = next(r for r in rows if r["Soort"] == "Tip")
        local = received["item"].created_at.astimezone(AMSTERDAM)
        assert row["Ontvangen op"] == local.strftime("%Y-%m-%d %H:%M") == "2026-07-01 12:30"
        assert row["Item"] == LONG_TEXT.strip()
        assert row["Nuttig"] == "Nee" and row["Afgehandeld"] == "Nee"
        assert row["Cel"] == "S32"
        assert row["Cel (naam)"] == "S32 · Specificatie, vraag 3: Focus op innovatie"
        assert row["Inkoopactiviteit"] == "S · Specificatie"
        assert row["Antwoorden of scores"] == "Vraag 3: Hoe wilt u specificeren? – Focus op innovatie"
        assert row["Antwoorden of scores (code)"] == "q3=2"
        general = next(r for r in rows if r["Soort"] == "Algemeen")
        assert general["Antwoorden of scores"] == "2.1 Er is een vast inkoopproces.: 4 – Mee eens"
        assert general["Nuttig"] == "" and general["Onderdeel"] == "Checklist"
        assert not [value for r in rows for value in r.values() if value in ("-", "'-")]

    def test_the_inbox_shows_the_same_local_time(self, editor, received):
        html = editor.get(INBOX).content.decode()
        assert ">2026-07-01 12:30<" in html

    def test_xlsx_has_local_time_and_the_same_values(self, editor, received):
        response = editor.get(INBOX, {"export": "xlsx"})
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        header, data = rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
        assert "Ontvangen op" in header
        row = next(r for r in data if r["Soort"] == "Tip")
        assert row["Ontvangen op"] == datetime(2026, 7, 1, 12, 30)
        assert row["Item"] == LONG_TEXT.strip()
        assert row["Nuttig"] == "Nee"
        assert row["Antwoorden of scores"] == "Vraag 3: Hoe wilt u specificeren? – Focus op innovatie"

    def test_the_export_query_count_does_not_grow_with_rows(self, editor, received):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                csv_rows(editor.get(INBOX, {"export": "csv"}))
            return len(queries)

        few = count()
        for _ in range(15):
            Feedback.objects.create(
                kind="tip",
                content_type=received["item"].content_type,
                object_id=received["item"].object_id,
                cell="S32",
                helpful=True,
                created_at=timezone.now() - timedelta(days=1),
            )
        assert count() == few


class TestVocabulary:
    def test_unknown_parts_stay_as_they_are(self, taxonomy):
        words = Vocabulary.load()
        assert (
            words.context("q3=2&q9=1&x") == "Vraag 3: Hoe wilt u specificeren? – Focus op innovatie; q9=1; x"
        )
        assert words.context("") == ""
        assert words.cell("Z99") == "Z99"
        assert words.activity("S") == "S · Specificatie"
