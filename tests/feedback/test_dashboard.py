"""The "Wat vinden bezoekers nuttig?" dashboard: figures from SQL, charts with tables, Dutch, fixed queries."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms.models import Activity, Answer, Question, Tip
from feedback.dashboard import month_starts, parse_item, summarise
from feedback.labels import Vocabulary
from feedback.models import Feedback

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = timezone.localdate()


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("r", "r@example.org", "geheim-wachtwoord-1")
    )
    return client


@pytest.fixture
def tips(db):
    Activity.objects.create(code="S", name="Specificatie", description="-", sort_order=3)
    question = Question.objects.create(number=3, kind="HOE?", text="Hoe?")
    Answer.objects.create(question=question, number=2, label="Focus op innovatie")
    made = []
    for text in ("Eerste tip over specificeren.", "Tweede tip over de markt."):
        tip = Tip(text=f"<p>{text}</p>")
        tip.save()
        tip.save_revision().publish()
        made.append(tip)
    return made


def vote(tip, helpful, at, cell="S32", comment=""):
    return Feedback.objects.create(
        kind="tip",
        content_type=ContentType.objects.get_for_model(Tip),
        object_id=tip.pk,
        item_label=str(tip),
        cell=cell,
        helpful=helpful,
        comment=comment,
        created_at=at,
    )


def month_ago(n: int) -> date:
    """The first day of the month `n` months before this one."""
    year, month = TODAY.year, TODAY.month - n
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


def ago(n: int, day: int = 10) -> datetime:
    start = month_ago(n)
    return datetime(start.year, start.month, day, 12, tzinfo=AMSTERDAM)


@pytest.fixture
def votes(tips):
    first, second = tips
    vote(first, True, ago(2))
    vote(first, False, ago(2), comment="Te vaag.")
    vote(first, False, ago(0, day=1))
    vote(second, True, ago(1), cell="Fa")
    vote(second, True, ago(0, day=1), cell="Fa")
    # 00:30 on the 1st in Amsterdam is still the month before in UTC: it counts for this month.
    start = month_ago(0)
    vote(second, False, datetime(start.year, start.month, 1, 0, 30, tzinfo=AMSTERDAM), cell="Fa")
    vote(first, False, ago(13))  # before the 12 months shown
    Feedback.objects.create(kind="general", tool="wegwijzer", comment="Mooi.", created_at=ago(0, day=1))
    return tips


class TestSummary:
    def test_month_starts_cover_twelve_calendar_months(self):
        starts = month_starts(date(2026, 11, 15))
        assert len(starts) == 12
        assert starts[0] == date(2025, 12, 1) and starts[-1] == date(2026, 11, 1)
        assert month_starts(date(2027, 1, 31))[-2:] == [date(2026, 12, 1), date(2027, 1, 1)]

    def test_per_month_counts_in_local_time(self, votes):
        summary = summarise(Vocabulary.load(), today=TODAY)
        per_month = {m.month: (m.ja, m.nee) for m in summary.months}
        assert per_month[month_ago(2)] == (1, 1)
        assert per_month[month_ago(1)] == (1, 0)
        assert per_month[month_ago(0)] == (1, 2)
        assert per_month[month_ago(11)] == (0, 0)
        assert month_ago(12) not in per_month
        assert (summary.totals.ja, summary.totals.nee) == (3, 3)

    def test_items_with_most_nee_first(self, votes):
        first, second = votes
        summary = summarise(Vocabulary.load(), today=TODAY)
        assert [(r.object_id, r.nee, r.ja) for r in summary.items] == [(first.pk, 2, 1), (second.pk, 1, 2)]

    def test_per_cell_with_names(self, votes):
        summary = summarise(Vocabulary.load(), today=TODAY)
        cells = {r.cell: (r.label, r.ja, r.nee) for r in summary.cells}
        assert cells["S32"] == ("S32 · Specificatie, vraag 3: Focus op innovatie", 1, 2)
        assert cells["Fa"][1:] == (2, 1)

    def test_one_cell_or_one_item(self, votes):
        first, _ = votes
        by_cell = summarise(Vocabulary.load(), cell="Fa", today=TODAY)
        assert (by_cell.totals.ja, by_cell.totals.nee) == (2, 1)
        by_item = summarise(Vocabulary.load(), item=("tip", first.pk), today=TODAY)
        assert (by_item.totals.ja, by_item.totals.nee) == (1, 2)

    def test_comments_newest_first(self, votes):
        summary = summarise(Vocabulary.load(), today=TODAY)
        assert [c.comment for c in summary.comments] == ["Mooi.", "Te vaag."]

    def test_bars_scale_with_the_highest_count(self, votes):
        summary = summarise(Vocabulary.load(), today=TODAY)
        november = summary.months[-1]
        assert november.nee_height == summary.chart_height
        assert november.ja_height == summary.chart_height // 2
        assert summary.items[0].nee_width + summary.items[0].ja_width == summary.row_bar_width

    @pytest.mark.parametrize(
        ("value", "expected"), [("tip-12", ("tip", 12)), ("reference-3", ("reference", 3)), ("x-1", None),
                                ("tip-", None), ("tip-1e3", None), ("", None), ("tip-" + "9" * 20, None)]
    )  # fmt: skip
    def test_parse_item(self, value, expected):
        assert parse_item(value) == expected


DASHBOARD = "/admin/feedback/nuttig/"


class TestTheAdminPage:
    def test_editors_see_charts_and_tables_in_dutch(self, editor, votes):
        response = editor.get(DASHBOARD)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1" in html and "Wat vinden bezoekers nuttig?" in html
        for heading in ("Ja en Nee per maand", "Items met de meeste Nee", "Per cel", "Opmerkingen"):
            assert f">{heading}</h2>" in html
        assert '<svg role="img" aria-labelledby="per-maand-titel"' in html
        assert re.search(r"<th scope=\"row\">[a-z]{3} \d{4}</th><td>\d+</td><td>\d+</td>", html)
        assert "Eerste tip over specificeren." in html
        assert "S32 · Specificatie, vraag 3: Focus op innovatie" in html
        assert "Te vaag." in html
        assert "style=" not in html.split("<main", 1)[1].split("</main>")[0]

    def test_the_cell_filter_and_the_item_link(self, editor, votes):
        first, _ = votes
        html = editor.get(DASHBOARD, {"cel": "Fa"}).content.decode()
        assert "Alleen cel" in html
        assert "Eerste tip over specificeren." not in html.split('id="meeste-nee"')[1].split("</section>")[0]
        by_item = editor.get(DASHBOARD, {"item": f"tip-{first.pk}"})
        assert by_item.context["summary"].totals.nee == 2

    @pytest.mark.parametrize(
        "query", [{"cel": "Z99x"}, {"cel": "<script>"}, {"item": "tip-abc"}, {"item": "x" * 500}]
    )
    def test_bad_filters_show_everything_not_an_error(self, editor, votes, query):
        response = editor.get(DASHBOARD, query)
        assert response.status_code == 200
        assert response.context["summary"].filters == {}
        assert "<script>" not in response.content.decode()

    def test_it_is_in_the_reports_menu(self, editor, votes):
        html = editor.get(reverse("wagtailadmin_home")).content.decode()
        assert DASHBOARD in html

    def test_visitors_and_editors_without_feedback_rights_are_kept_out(self, client, django_user_model, db):
        assert client.get(DASHBOARD).status_code == 302  # to the login page
        from django.contrib.auth.models import Permission

        user = django_user_model.objects.create_user("gast", "g@example.org", "geheim-wachtwoord-2")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)
        assert client.get(DASHBOARD).status_code in (302, 403)

    def test_the_query_count_does_not_grow_with_feedback(self, editor, votes):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert editor.get(DASHBOARD).status_code == 200
            return len(queries)

        few = count()
        first, second = votes
        for month in range(10):
            vote(first, month % 2 == 0, ago(month), comment=f"Opmerking {month}")
            vote(second, False, ago(month), cell=f"U{month % 4 + 1}{month % 3 + 1}")
        assert count() == few
