"""The checklist pages on the real imported content: form, results, measurements, series."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checklist.models import Measurement, MeasurementSeries
from checklist.scoring import theme_infos
from cms.models import ContentVersion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_db")]

FORM = "/checklist/"
RESULTS = "/checklist/resultaat/"
SAVE = "/checklist/opslaan/"
LABELS = ["Oneens", "Eerder oneens", "Eerder eens", "Helemaal eens"]


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)


def text(response) -> str:
    return response.content.decode()


def scores_post(submission: str = "", series: str = "", **scores: int) -> dict[str, str]:
    data = {f"score-{key[1:].replace('_', '.')}": str(value) for key, value in scores.items()}
    if submission:
        data["submission"] = submission
    if series:
        data["series"] = series
    return data


def result_url(**scores: int) -> str:
    """The GET address of a result, as the form sends it (keys in the order given)."""
    query = "&".join(f"s{key[1:].replace('_', '.')}={value}" for key, value in scores.items())
    return f"{RESULTS}?{query}"


def assert_no_inline_code(html: str) -> None:
    assert "style=" not in html
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"


def save(client: Client, submission: str = "s" * 22, series: str = "", **scores: int):
    return client.post(SAVE, scores_post(submission, series, **scores))


@pytest.fixture
def cached_pages(settings):
    """The response cache on, for the checklist's paths, as production has it."""
    from django.core.cache import cache

    from pianoo.settings import base

    cache.clear()
    settings.RESPONSE_CACHE_PATHS = {k: v for k, v in base.RESPONSE_CACHE_PATHS.items() if "checklist" in k}
    yield settings
    cache.clear()


@pytest.fixture
def saved(client: Client) -> Measurement:
    response = save(client, v1_1=2, v1_2=3, v2_1=1)
    assert response.status_code == 303
    return Measurement.objects.get()


class TestForm:
    def test_renders_every_theme_statement_clarification_and_label(self, client):
        html = text(client.get(FORM))
        themes = theme_infos()
        assert len(themes) == 3
        for theme in themes:
            assert f'id="thema-{theme.number}"' in html
            assert theme.title in html
            for statement in theme.statements:
                assert f'name="s{statement.key}"' in html
                assert statement.text.replace("&", "&amp;").replace("‘", "‘") in html
                for clarification in statement.clarifications:
                    assert clarification.replace("&", "&amp;") in html
        for value, label in enumerate(LABELS, start=1):
            assert f"{value} – {label}</label>" in html
        assert html.count("<fieldset") == sum(len(t.statements) for t in themes)
        assert html.count("<legend") == html.count("<fieldset")

    def test_clarifications_describe_their_fieldset(self, client):
        html = text(client.get(FORM))
        assert 'aria-describedby="toelichting-3-3"' in html
        assert 'id="toelichting-3-3"' in html
        # 1.1 has no clarifications, so nothing to describe it
        assert 'aria-describedby="toelichting-1-1"' not in html

    def test_is_a_get_form_to_the_results_without_per_visitor_tokens_or_inline_code(self, client):
        html = text(client.get(FORM))
        assert 'method="get" action="/checklist/resultaat/"' in html
        form = html[html.index('class="cl-form"') :]
        form = form[: form.index("</form>")]
        assert "csrfmiddlewaretoken" not in form
        assert 'name="submission"' not in form
        assert 'name="robots"' not in html
        assert_no_inline_code(html)

    def test_renders_in_a_fixed_number_of_queries(self, client, django_assert_max_num_queries):
        client.get(FORM)
        with django_assert_max_num_queries(8):
            assert client.get(FORM).status_code == 200

    def test_is_served_from_the_response_cache_and_edits_show_at_once(self, client, cached_pages):
        from cms.models import ChecklistStatement

        client.get(FORM)
        with CaptureQueriesContext(connection) as queries:
            first = text(Client().get(FORM))
        assert len(queries) <= 1  # the content version only
        assert first == text(Client().get(FORM))
        statement = ChecklistStatement.objects.get(theme__number=1, number=1)
        statement.text = "Een door de redactie herschreven stelling."
        statement.save()
        assert "Een door de redactie herschreven stelling." in text(client.get(FORM))


class TestResults:
    def test_get_without_scores_asks_for_at_least_one(self, client):
        response = client.get(RESULTS)
        assert response.status_code == 200
        assert "Geef bij minstens één stelling een score." in text(response)

    def test_the_address_is_canonical_unscored_left_out_statements_in_order(self, client):
        response = client.get(f"{RESULTS}?s2.1=1&s1.1=&s1.2=3&utm_source=x")
        assert response.status_code == 302
        assert response["Location"] == f"{RESULTS}?s1.2=3&s2.1=1"

    def test_an_old_post_goes_on_to_the_get_address(self, client):
        response = client.post(RESULTS, scores_post(v1_1=2, v2_1=1))
        assert response.status_code == 303
        assert response["Location"] == f"{RESULTS}?s1.1=2&s2.1=1"

    def test_the_address_stores_nothing_and_reloads_the_same(self, client):
        def result_part(html: str) -> str:
            return html[html.index('id="begin-hier"') : html.index('id="opslaan"')]

        first = text(client.get(result_url(v1_1=2, v2_1=1)))
        again = Client().get(result_url(v1_1=2, v2_1=1))
        assert again.status_code == 200
        assert result_part(first) == result_part(text(again))
        assert not Measurement.objects.exists()

    def test_a_cached_shared_result_gives_each_visitor_their_own_save(self, cached_pages):
        url = result_url(v1_1=2, v2_1=1)
        visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
        pages = [text(v.get(url)) for v in visitors]
        tokens = [hidden(html, "csrfmiddlewaretoken") for html in pages]
        assert tokens[0] != tokens[1]
        for visitor, token in zip(visitors, tokens, strict=True):
            data = {"csrfmiddlewaretoken": token, "score-1.1": "2", "score-2.1": "1"}
            assert visitor.post(SAVE, data).status_code == 303
            assert visitor.post(SAVE, data).status_code == 303  # a double click
        assert Measurement.objects.count() == 2

    def test_scores_per_theme_with_the_method_and_unscored_statements(self, client):
        response = client.get(result_url(v1_1=2, v1_2=3, v2_1=1, v2_2=2))
        html = text(response)
        assert response.status_code == 200
        assert "gemiddelde van de ingevulde stellingen op de schaal 1–4" in html
        assert "niet ingevulde stellingen tellen niet mee" in html
        assert re.search(
            r"<strong>2,5</strong> van 4: <strong[^>]*>[^<]+</strong> \(2 van 3 stellingen ingevuld\)", html
        )
        assert re.search(
            r"<strong>1,5</strong> van 4: <strong[^>]*>[^<]+</strong> \(2 van 2 stellingen ingevuld\)", html
        )
        assert "<strong>niet ingevuld</strong> (0 van 7 stellingen ingevuld)" in html
        assert "Uw score: <strong>2 – Eerder oneens</strong>" in html

    def test_statements_lowest_score_first_with_their_items(self, client):
        html = text(client.get(result_url(v1_1=4, v1_2=1, v1_3=3)))
        order = re.findall(r'data-statement="(1\.\d)" id="stelling', html)
        assert order == ["1.2", "1.3", "1.1"]
        assert re.search(r'id="stelling-1-2-tip-\d+" data-item="tip-\d+"', html)
        assert re.search(r'id="stelling-1-2-reference-\d+" data-item="reference-\d+"', html)
        ids = re.findall(r'\bid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), "duplicate ids"

    def test_charts_are_labelled_svg_and_external_links_say_so(self, client):
        html = text(client.get(result_url(v1_1=4)))
        assert html.count('role="img"') == 3
        assert 'aria-labelledby="grafiek-1-titel grafiek-1-beschrijving"' in html
        assert "stelling 1.1: 4; stelling 1.2: niet ingevuld" in html
        assert 'width="380.0"' in html  # not localised to "380,0"
        assert "(externe link)" in html
        assert 'rel="noopener noreferrer"' in html

    def test_results_are_noindex_and_printable(self, client):
        response = client.get(result_url(v1_1=4))
        html = text(response)
        assert '<meta name="robots" content="noindex, nofollow">' in html
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "data-print" in html
        assert 'class="card cl-save no-print"' in html
        assert_no_inline_code(html)

    def test_the_save_form_is_at_the_top_and_the_end_and_carries_the_scores(self, client):
        html = text(client.get(result_url(v1_1=4, v3_7=2)))
        assert html.count('action="/checklist/opslaan/"') == 2
        assert html.index('action="/checklist/opslaan/"') < html.index('id="overzicht"')
        assert hidden(html, "score-1.1") == "4"
        assert hidden(html, "score-3.7") == "2"

    def test_an_empty_form_asks_for_at_least_one_score(self, client):
        response = client.get(f"{RESULTS}?s1.1=")
        assert response.status_code == 200
        assert "Geef bij minstens één stelling een score." in text(response)
        assert 'role="alert"' in text(response)

    def test_each_theme_has_its_band_word_and_meaning(self, client):
        from checklist.scoring import band_for, get_result, score_bands

        html = text(client.get(result_url(v1_1=1, v1_2=2, v2_1=4, v2_2=4)))
        for theme in get_result({"1.1": 1, "1.2": 2, "2.1": 4, "2.2": 4}).themes[:2]:
            band = band_for(theme.average, score_bands())
            assert f'<strong class="cl-band" data-band>{band.label}</strong>' in html
            assert band.meaning in html

    def test_editors_change_the_bands_in_the_admin_model(self, client):
        from checklist.models import ScoreBand

        band = ScoreBand.objects.order_by("minimum").first()
        band.label, band.meaning = "Nog niet begonnen", "Een zin van de redactie."
        band.save()
        html = text(client.get(result_url(v1_1=1)))
        assert "Nog niet begonnen" in html and "Een zin van de redactie." in html

    def test_begin_here_lists_the_lowest_scores_first_with_their_first_tip(self, client):
        from checklist.scoring import get_result

        html = text(client.get(result_url(v1_1=3, v1_2=1, v2_1=2, v3_1=4)))
        section = html[html.index('id="begin-hier"') : html.index('id="overzicht"')]
        assert re.findall(r'<li data-statement="([\d.]+)"', section) == ["1.2", "2.1", "1.1"]
        first_tip = get_result({"1.2": 1}).themes[0].statements[0].block.tips[0]
        assert first_tip.page_html in section

    def test_statements_scored_4_fold_their_tips_and_say_so(self, client):
        html = text(client.get(result_url(v1_1=4, v1_2=1)))
        folded = html[html.index('id="stelling-1-1"') :]
        folded = folded[: folded.index("</article>")]
        assert "<details" in folded and "U bent het helemaal eens: de tips zijn ingeklapt" in folded
        open_one = html[html.index('id="stelling-1-2"') :]
        open_one = open_one[: open_one.index("</article>")]
        assert "de tips zijn ingeklapt" not in open_one
        assert "<h4>Tips</h4>" in open_one.split("<details")[0]

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"score-1.1": "7"}, "De score bij stelling 1.1 moet 1, 2, 3 of 4 zijn."),
            ({"score-1.1": "<b>"}, "De score bij stelling 1.1 moet 1, 2, 3 of 4 zijn."),
            ({"score-9.9": "2"}, "Onbekende stelling &#x27;9.9&#x27;."),
            ({"score-1.1": ["2", "3"]}, "meer dan één keer verstuurd"),
        ],
    )
    def test_tampered_posts_get_a_dutch_400(self, client, data, message):
        response = client.post(RESULTS, data)
        assert response.status_code == 400
        assert message in text(response)
        assert "Terug naar de checklist" in text(response)

    def test_too_many_fields_is_a_400_not_a_500(self, client):
        response = client.post(RESULTS, {f"veld{n}": "1" for n in range(300)})
        assert response.status_code == 400

    def test_an_oversized_post_is_a_400_not_a_500(self, client):
        response = client.post(RESULTS, {"score-1.1": "1", "opvulling": "x" * 100_000})
        assert response.status_code == 400

    def test_posts_need_a_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        assert client.post(RESULTS, scores_post(v1_1=3)).status_code == 403
        assert client.post(SAVE, scores_post("s" * 22, v1_1=3)).status_code == 403

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("s1.1=7", "De score bij stelling 1.1 moet 1, 2, 3 of 4 zijn."),
            ("s1.1=%3Cb%3E", "De score bij stelling 1.1 moet 1, 2, 3 of 4 zijn."),
            ("s9.9=2", "Onbekende stelling &#x27;9.9&#x27;."),
            ("s1.1=2&s1.1=3", "meer dan één keer in het adres"),
        ],
    )
    def test_tampered_addresses_get_a_dutch_400(self, client, query, message):
        response = client.get(f"{RESULTS}?{query}")
        assert response.status_code == 400
        assert message in text(response)

    def test_render_in_a_fixed_number_of_queries(self, client, django_assert_max_num_queries):
        url = result_url(v1_1=2, v2_1=3, v3_1=4)
        client.get(url)
        with django_assert_max_num_queries(10):
            assert Client().get(url).status_code == 200


class TestSave:
    def test_saving_redirects_to_a_private_measurement_link(self, client):
        response = save(client, v1_1=2, v2_2=4)
        measurement = Measurement.objects.get()
        assert response.status_code == 303
        assert response["Location"] == f"/checklist/meting/{measurement.token}/"
        assert len(measurement.token) == 32
        assert len(measurement.series.manage_token) == 32
        assert measurement.scores == {"1.1": 2, "2.2": 4}
        snapshot = {s.key: s.text for t in theme_infos() for s in t.statements}
        assert measurement.statements == snapshot

    def test_saving_does_not_invalidate_the_content_caches(self, client):
        before = ContentVersion.objects.filter(pk=1).values_list("version", flat=True).first()
        save(client, v1_1=2)
        assert ContentVersion.objects.filter(pk=1).values_list("version", flat=True).first() == before

    def test_a_repeated_submit_does_not_duplicate_the_measurement(self, client):
        first = save(client, v1_1=2, v2_2=4)
        second = save(client, v1_1=2, v2_2=4)
        assert first["Location"] == second["Location"]
        assert Measurement.objects.count() == 1
        assert MeasurementSeries.objects.count() == 1

    def test_other_scores_from_the_same_form_are_a_new_measurement(self, client):
        save(client, v1_1=2)
        save(client, v1_1=3)
        assert Measurement.objects.count() == 2

    def test_get_redirects_to_the_form(self, client):
        assert client.get(SAVE)["Location"] == FORM

    @pytest.mark.parametrize(
        ("data", "status", "message"),
        [
            ({"score-1.1": "2"}, 400, "Het formulier is onvolledig"),
            ({"score-1.1": "2", "submission": "kort"}, 400, "Het formulier is onvolledig"),
            ({"submission": "s" * 22}, 400, "geen scores om op te slaan"),
            ({"score-1.1": "5", "submission": "s" * 22}, 400, "moet 1, 2, 3 of 4 zijn"),
            ({"score-1.1": "2", "submission": "s" * 22, "series": "x" * 32}, 404, "meetreeks bestaat niet"),
            ({"score-1.1": "2", "submission": "s" * 22, "series": "../../"}, 404, "meetreeks bestaat niet"),
        ],
    )
    def test_bad_saves_get_a_dutch_error(self, client, data, status, message):
        response = client.post(SAVE, data)
        assert response.status_code == status
        assert message in text(response)
        assert not Measurement.objects.exists()


class TestMeasurement:
    def test_shows_the_results_and_both_private_links(self, client, saved):
        response = client.get(f"/checklist/meting/{saved.token}/")
        html = text(response)
        assert response.status_code == 200
        assert f"http://testserver/checklist/meting/{saved.token}/" in html
        assert f"http://testserver/checklist/reeks/{saved.series.manage_token}/" in html
        assert f'href="/checklist/reeks/{saved.series.manage_token}/nieuw/"' in html
        assert "Nieuwe meting in deze reeks" in html
        assert "<strong>2,5</strong> van 4" in html
        assert "Vergelijking" not in html

    def test_no_feedback_form_sends_the_private_link_along(self, client, saved):
        html = text(client.get(f"/checklist/meting/{saved.token}/"))
        assert 'value="/checklist/meting/' not in html

    def test_private_pages_are_noindex_no_store_and_send_no_referrer_elsewhere(self, client, saved):
        for url in (f"/checklist/meting/{saved.token}/", f"/checklist/reeks/{saved.series.manage_token}/"):
            response = client.get(url)
            assert response["X-Robots-Tag"] == "noindex, nofollow"
            assert response["Cache-Control"] == "no-store"
            assert response["Referrer-Policy"] == "same-origin"
            assert_no_inline_code(text(response))

    @pytest.mark.parametrize(
        "url",
        [
            "/checklist/meting/{token}/",
            "/checklist/reeks/{token}/",
            "/checklist/reeks/{token}/nieuw/",
            "/checklist/meting/{token}/verwijderen/",
            "/checklist/reeks/{token}/verwijderen/",
        ],
    )
    @pytest.mark.parametrize("token", ["A" * 32, "kort", "x" * 150])
    def test_unknown_links_get_a_dutch_404(self, client, url, token):
        response = client.get(url.format(token=token))
        assert response.status_code == 404
        assert "bestaat niet (meer)" in text(response)
        assert response["Cache-Control"] == "no-store"

    def test_links_with_characters_no_token_has_get_the_site_404(self, client):
        # Wagtail only routes [\w-] path segments; the site's Dutch 404 answers the rest.
        response = client.get("/checklist/meting/%3Cscript%3E/")
        assert response.status_code == 404
        assert "bestaat niet" in text(response)

    def test_measurement_and_series_render_in_a_fixed_number_of_queries(
        self, client, saved, django_assert_max_num_queries
    ):
        save(client, submission="t" * 22, series=saved.series.manage_token, v1_1=4)
        save(client, submission="u" * 22, series=saved.series.manage_token, v1_1=3)
        latest = Measurement.objects.last()
        client.get(f"/checklist/meting/{latest.token}/")
        # +4 for issue 15: the plan, the ambitions, the series' kind and its published national group.
        with django_assert_max_num_queries(15):
            assert client.get(f"/checklist/meting/{latest.token}/").status_code == 200
        # +1 for issue 15: the plan.
        with django_assert_max_num_queries(11):
            assert client.get(f"/checklist/reeks/{saved.series.manage_token}/").status_code == 200


class TestSeries:
    def test_new_measurement_in_the_series_prefills_nothing_and_saves_into_the_series(self, client, saved):
        base = f"/checklist/reeks/{saved.series.manage_token}/"
        html = text(client.get(f"{base}nieuw/"))
        assert f'method="get" action="{base}resultaat/"' in html
        assert " checked" in html
        assert re.search(r'value="[1-4]" checked', html) is None
        response = client.get(f"{base}resultaat/?s1.1=4")
        assert response["Cache-Control"] == "no-store"
        results = text(response)
        assert hidden(results, "series") == saved.series.manage_token
        assert "Opslaan in mijn meetreeks" in results

    def test_comparison_with_the_previous_measurement_up_down_equal(self, client, saved):
        # saved: 1.1=2, 1.2=3 (2,5); 2.1=1 (1); theme 3 unscored
        response = save(client, "t" * 22, saved.series.manage_token, v1_1=4, v1_2=3, v2_1=1, v3_1=2)
        later = Measurement.objects.get(token=response["Location"].split("/")[-2])
        assert later.series_id == saved.series_id
        html = text(client.get(response["Location"]))
        assert "Vergelijking met de vorige meting" in html
        rows = dict(re.findall(r'data-theme="(\d)" data-direction="(\w+)"', html))
        assert rows == {"1": "up", "2": "equal", "3": "unknown"}
        assert re.search(r"2,5</td>\s*<td>3,5</td>\s*<td[^>]*><span[^>]*>↑</span> hoger", html)

        series_html = text(client.get(f"/checklist/reeks/{saved.series.manage_token}/"))
        assert "2 metingen" in series_html
        assert dict(re.findall(r'data-theme="(\d)" data-direction="(\w+)"', series_html))["1"] == "up"
        assert series_html.count('href="/checklist/meting/') == 2

    def test_down(self, client, saved):
        response = save(client, "t" * 22, saved.series.manage_token, v1_1=1, v1_2=1, v2_1=1)
        html = text(client.get(response["Location"]))
        assert 'data-theme="1" data-direction="down"' in html

    def test_changed_statements_are_named_and_left_out_of_the_comparison(self, client, saved):
        saved.statements = {**saved.statements, "1.1": "Een oude formulering"}
        saved.created_at = timezone.now() - timedelta(days=90)
        saved.save()
        response = save(client, "t" * 22, saved.series.manage_token, v1_1=4, v1_2=3, v2_1=1)
        html = text(client.get(response["Location"]))
        assert "Gewijzigde stellingen" in html
        assert "eerst “Een oude formulering”" in html
        # only 1.2 compared (3 -> 3), not 1.1 (2 -> 4)
        assert 'data-theme="1" data-direction="equal"' in html

        old = text(client.get(f"/checklist/meting/{saved.token}/"))
        assert "De checklist is sinds deze meting gewijzigd" in old
        assert "destijds “Een oude formulering”" in old


class TestDelete:
    def test_deleting_asks_for_confirmation_first(self, client, saved):
        response = client.get(f"/checklist/meting/{saved.token}/verwijderen/")
        assert response.status_code == 200
        assert "Meting verwijderen?" in text(response)
        assert "csrfmiddlewaretoken" in text(response)
        assert Measurement.objects.exists()

    def test_deleting_the_last_measurement_deletes_the_series(self, client, saved):
        response = client.post(f"/checklist/meting/{saved.token}/verwijderen/")
        assert response.status_code == 303
        assert response["Location"] == "/checklist/verwijderd/?wat=meting"
        assert not Measurement.objects.exists()
        assert not MeasurementSeries.objects.exists()
        assert client.get(f"/checklist/meting/{saved.token}/").status_code == 404
        assert "De meting is verwijderd" in text(client.get(response["Location"]))

    def test_deleting_one_of_several_returns_to_the_series(self, client, saved):
        save(client, "t" * 22, saved.series.manage_token, v1_1=4)
        response = client.post(f"/checklist/meting/{saved.token}/verwijderen/")
        assert response["Location"] == f"/checklist/reeks/{saved.series.manage_token}/?gedaan=meting"
        assert Measurement.objects.count() == 1
        assert "De meting is verwijderd." in text(client.get(response["Location"]))

    def test_deleting_a_series_deletes_its_measurements(self, client, saved):
        save(client, "t" * 22, saved.series.manage_token, v1_1=4)
        confirm = text(client.get(f"/checklist/reeks/{saved.series.manage_token}/verwijderen/"))
        assert "meetreeks met 2 metingen" in confirm
        response = client.post(f"/checklist/reeks/{saved.series.manage_token}/verwijderen/")
        assert response["Location"] == "/checklist/verwijderd/?wat=reeks"
        assert not Measurement.objects.exists()
        assert client.get(f"/checklist/reeks/{saved.series.manage_token}/").status_code == 404

    def test_deleting_needs_csrf(self, saved):
        client = Client(enforce_csrf_checks=True)
        assert client.post(f"/checklist/reeks/{saved.series.manage_token}/verwijderen/").status_code == 403
        assert Measurement.objects.exists()


class TestAdminReport:
    def test_editors_see_totals_but_no_tokens(self, client, saved, django_user_model):
        admin = django_user_model.objects.create_superuser("beheer", "beheer@example.org", "wachtwoord")
        client.force_login(admin)
        response = client.get("/admin/checklist-metingen/")
        html = text(response)
        assert response.status_code == 200
        assert "<strong>1</strong> meting in" in html
        assert saved.token not in html
        assert saved.series.manage_token not in html
        assert "2,50" in html

    def test_anonymous_visitors_cannot_see_the_report(self, client):
        response = client.get("/admin/checklist-metingen/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


class TestMeasurementResultFragment:
    """A measurement's result with all its tips is rendered once per content version and scores."""

    @staticmethod
    def rendered_templates(client: Client, url: str) -> tuple[list[str], str]:
        from django.test.signals import template_rendered

        names: list[str] = []

        def record(sender, template, context, **kwargs):
            names.append(template.name)

        template_rendered.connect(record)
        try:
            response = client.get(url)
        finally:
            template_rendered.disconnect(record)
        assert response.status_code == 200
        return names, response.content.decode()

    def test_the_second_view_reuses_the_rendered_result_and_shows_the_same(self, client, saved):
        url = f"/checklist/meting/{saved.token}/"
        first_names, first = self.rendered_templates(client, url)
        again_names, again = self.rendered_templates(client, url)
        assert "checklist/includes/statement_items.html" in first_names
        assert "checklist/includes/statement_items.html" not in again_names
        assert again == first

    def test_an_edit_shows_at_once_on_a_saved_measurement(self, client, saved):
        from cms.models import ChecklistStatement

        url = f"/checklist/meting/{saved.token}/"
        client.get(url)
        statement = ChecklistStatement.objects.get(theme__number=1, number=1)
        statement.text = "Een door de redactie herschreven stelling."
        statement.save()
        assert "Een door de redactie herschreven stelling." in text(client.get(url))

    def test_another_series_with_the_same_scores_gets_none_of_its_links(self, client, saved):
        client.get(f"/checklist/meting/{saved.token}/")
        other = save(client, submission="o" * 22, v1_1=2, v1_2=3, v2_1=1)
        assert other.status_code == 303
        theirs = Measurement.objects.exclude(pk=saved.pk).get()
        assert theirs.scores == saved.scores and theirs.series_id != saved.series_id
        html = client.get(f"/checklist/meting/{theirs.token}/").content.decode()
        assert theirs.token in html and theirs.series.manage_token in html
        for secret in (saved.token, saved.series.manage_token, saved.series.read_token):
            assert secret not in html
