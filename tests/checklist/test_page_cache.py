"""A measurement's whole page is cached per state (checklist/page_cache.py).

Each test warms the page, changes one thing the page shows and expects the change
at once: with a key that missed one of those states, the stale page would be served.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checklist import measurements, national_store, page_cache, plans
from checklist.models import Measurement, MeasurementSeries, NationalVersion, PlanItem
from checklist.national import MIN_GROUP, TOO_FEW
from checklist.scoring import theme_averages, theme_infos

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_db")]


def all_keys() -> list[str]:
    return [s.key for t in theme_infos() for s in t.statements]


def page(client: Client, measurement: Measurement, query: str = "") -> str:
    response = client.get(f"/checklist/meting/{measurement.token}/{query}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    return response.content.decode()


def hit_queries(client: Client, measurement: Measurement, query: str = "") -> int:
    with CaptureQueriesContext(connection) as queries:
        page(client, measurement, query)
    return len(queries)


def measured(level: int = 2, series: MeasurementSeries | None = None) -> Measurement:
    return Measurement.objects.create(
        series=series or MeasurementSeries.objects.create(), scores=dict.fromkeys(all_keys(), level)
    )


def opt_in(measurement: Measurement, kind: str = "waterschap") -> None:
    themes = theme_infos()
    values = theme_averages(measurement.scores, themes)
    numbers = [t.number for t in themes]
    national_store.opt_in(measurement, kind, dict(zip(numbers, values, strict=True)), numbers)


@pytest.fixture
def saved() -> Measurement:
    return measured(2)


class TestHits:
    def test_a_second_visit_renders_nothing_and_is_the_same_page(self, client, saved):
        first = page(client, saved)
        # The page's route (content version), both versions, the measurement: nothing else.
        assert hit_queries(client, saved) <= 3
        assert page(client, saved) == first
        assert hit_queries(client, saved, "?soort=gemeente") > 3  # another state: rendered once
        assert hit_queries(client, saved, "?soort=gemeente") <= 3

    def test_the_hit_count_does_not_grow_with_the_series_or_the_national_picture(self, client, saved):
        page(client, saved)
        few = hit_queries(client, saved)
        for _ in range(5):
            measured(3, saved.series)
        for _ in range(MIN_GROUP + 2):
            opt_in(measured(3), "gemeente")
        page(client, saved)
        assert hit_queries(client, saved) == few

    def test_no_token_in_a_key_or_a_cached_page(self, client, saved):
        other = measured(3, saved.series)
        html = page(client, saved)
        series = saved.series
        assert saved.token in html and series.manage_token in html and series.read_token in html
        page(client, other)
        tokens = [saved.token, other.token, series.manage_token, series.read_token]
        entries = list(page_cache._local.items.items())
        assert len(entries) == 2
        for key, (_, entry) in entries:
            assert not any(token in key for token in tokens)
            body = entry["chunks"][0].decode()
            assert not any(token in body for token in tokens)
            assert all(marker in body for marker in page_cache.MARKERS)
            assert cache.get(key) == entry  # the shared cache holds the same, without tokens
        # Each measurement gets its own page and links back, from the cache too.
        again = page(client, other)
        assert other.token in again and f"/checklist/meting/{saved.token}/" not in again

    def test_other_parameters_are_rendered_afresh_and_not_kept(self, client, saved):
        html = page(client, saved, "?soort=onbekend")
        assert 'aria-invalid="true"' in html
        page(client, saved, "?soort=gemeente&x=1")
        assert page_cache._local.items == {}


class TestInvalidation:
    def test_publishing_content_shows_at_once(self, client, saved):
        from cms.models import ChecklistStatement

        page(client, saved)
        statement = ChecklistStatement.objects.get(theme__number=1, number=1)
        statement.text = "Een door de redactie herschreven stelling."
        statement.save()
        assert "Een door de redactie herschreven stelling." in page(client, saved)

    def test_renaming_or_redating_the_measurement(self, client, saved):
        page(client, saved)
        measurements.update_measurement(saved, "Nulmeting inkoopteam", date(2026, 3, 1))
        html = page(client, saved)
        assert "Nulmeting inkoopteam" in html

    def test_a_measurement_moved_before_it_gives_a_comparison(self, client, saved):
        later = measured(3, saved.series)
        assert "Vergelijking met de vorige meting" not in page(client, saved)
        measurements.update_measurement(later, "", saved.measured_on - timedelta(days=30))
        assert "Vergelijking met de vorige meting" in page(client, saved)

    def test_deleting_the_measurement_before_it(self, client, saved):
        later = measured(3, saved.series)
        assert "Vergelijking met de vorige meting" in page(client, later)
        measurements.delete_measurement(saved)
        assert "Vergelijking met de vorige meting" not in page(client, later)

    def test_setting_and_changing_ambitions(self, client, saved):
        assert "onder uw ambitie" not in page(client, saved)
        plans.save_ambitions(saved.series, {"1": 4})
        assert "2 punten onder uw ambitie" in page(client, saved)
        plans.save_ambitions(saved.series, {"1": 3})
        html = page(client, saved)
        assert "1 punt onder uw ambitie" in html and "2 punten onder uw ambitie" not in html
        plans.save_ambitions(saved.series, {})
        assert "onder uw ambitie" not in page(client, saved)

    def test_ambitions_through_the_manage_link(self, client, saved):
        page(client, saved)
        response = client.post(f"/checklist/reeks/{saved.series.manage_token}/ambitie/", {"ambitie-2": "3"})
        assert response.status_code == 303
        assert "1 punt onder uw ambitie" in page(client, saved)

    def test_the_plan_done_and_removed(self, client, saved):
        item = PlanItem.objects.create(
            series=saved.series,
            statement_key="1.1",
            tip_text="Een tip die al eerder was opgepakt.",
            planned_at=saved.created_at - timedelta(days=1),
        )
        assert "Een tip die al eerder was opgepakt." in page(client, saved)
        plans.set_done(item, True)
        assert '<span class="tag">Klaar</span>' in page(client, saved)
        plans.change_item(item, "Notitie van het team.", None)
        assert "Notitie van het team." in page(client, saved)
        item.delete()
        assert "Een tip die al eerder was opgepakt." not in page(client, saved)

    def test_the_national_group_reaching_and_leaving_the_minimum(self, client, saved):
        others = [measured(3) for _ in range(MIN_GROUP - 1)]
        for other in others:
            opt_in(other)
        html = page(client, saved, "?soort=waterschap")
        assert f"{TOO_FEW}" in html
        opt_in(saved)  # the tenth: published at once, and the series now counts as waterschap
        shown = page(client, saved)
        assert f"bij {MIN_GROUP} waterschappen is de mediaan" in shown
        assert f"bij {MIN_GROUP} waterschappen is de mediaan" in page(client, saved, "?soort=waterschap")
        national_store.opt_out(others[0].series, [t.number for t in theme_infos()])
        assert f"bij {MIN_GROUP} waterschappen" not in page(client, saved, "?soort=waterschap")
        assert TOO_FEW in page(client, saved)

    def test_opting_out_changes_the_kind_shown(self, client, saved):
        opt_in(saved, "gemeente")
        assert "Het landelijk beeld van gemeenten" in page(client, saved)
        national_store.opt_out(saved.series, [t.number for t in theme_infos()])
        assert "Het landelijk beeld van gemeenten" not in page(client, saved)

    def test_a_deleted_measurement_is_gone_not_served_from_the_cache(self, client, saved):
        keep = measured(3, saved.series)
        page(client, saved)
        measurements.delete_measurement(saved)
        assert client.get(f"/checklist/meting/{saved.token}/").status_code == 404
        assert page(client, keep)


class TestVersions:
    def test_only_a_shown_change_of_a_group_bumps_the_national_version(self):
        def version() -> int:
            return NationalVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0

        numbers = [t.number for t in theme_infos()]
        made = [measured(2) for _ in range(MIN_GROUP + 1)]
        for measurement in made[: MIN_GROUP - 1]:
            opt_in(measurement)
        hidden = version()
        opt_in(made[MIN_GROUP - 1])  # published
        published = version()
        assert published > hidden
        opt_in(made[MIN_GROUP])  # counted, but not republished within 24 hours
        assert version() == published
        national_store.opt_out(made[0].series, numbers)
        national_store.opt_out(made[1].series, numbers)  # 9 left: hidden
        assert version() > published

    def test_deleting_a_series_bumps_nothing_per_child(self):
        series = MeasurementSeries.objects.create()
        for _ in range(6):
            measured(2, series)
        plans.save_ambitions(series, {"1": 3, "2": 3, "3": 3, "1.1": 2})
        PlanItem.objects.create(series=series, statement_key="1.1", tip_text="Tip")
        with CaptureQueriesContext(connection) as queries:
            MeasurementSeries.objects.get(pk=series.pk).delete()
        sql = [q["sql"] for q in queries.captured_queries]
        assert not [q for q in sql if q.startswith("UPDATE") and "version" in q]
        assert not MeasurementSeries.objects.filter(pk=series.pk).exists()

    def test_opening_a_series_is_no_change(self, saved):
        version = MeasurementSeries.objects.get(pk=saved.series_id).version
        long_ago = timezone.now() - timedelta(days=3)
        MeasurementSeries.objects.filter(pk=saved.series_id).update(last_opened_at=long_ago)
        measurements.touch_opened(saved.series_id, long_ago)
        series = MeasurementSeries.objects.get(pk=saved.series_id)
        assert series.last_opened_at > long_ago
        assert series.version == version


def test_a_cached_page_holds_no_csrf_token(saved: Measurement) -> None:
    """The page is stored as rendered, so it must carry no POST form: one visitor's CSRF token
    would be handed to the next, whose cookie it does not match. Its one form is the GET kind form."""
    html = page(Client(), saved)
    assert "csrfmiddlewaretoken" not in html
    assert re.findall(r"<form[^>]*>", html) == [
        f'<form method="get" action="/checklist/meting/{saved.token}/" class="cl-kind-form no-print">'
    ]
