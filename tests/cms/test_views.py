"""The landing page, plain content pages, the error pages and the site shell."""

from __future__ import annotations

import pytest
from django.template import loader
from django.test import Client
from django.urls import path

from cms.models import ChecklistTheme, HomePage

pytestmark = pytest.mark.usefixtures("imported_db", "db")


def test_home_shows_the_landing_text_and_the_way_into_both_tools(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert html.count("<h1") == 1
    home = HomePage.objects.get()
    assert "kantelmoment" in home.introduction
    assert "kantelmoment" in html
    assert "PIANOo nodigt deelnemers uit om:" in html
    assert "periodiek meetinstrument" in html
    assert '<a class="button" href="/wegwijzer/">Start de Wegwijzer</a>' in html
    assert '<a class="button" href="/checklist/">Start de Checklist</a>' in html


def test_home_draws_the_framework_with_the_themes_from_the_database(client):
    html = client.get("/").content.decode()
    figure = html.split("<figure", 1)[1].split("</figure>", 1)[0]
    for step in ("Context", "Wegwijzer", "Aanbevelingen inkooporganisatie", "Checklist", "Randvoorwaarden"):
        assert step in figure
    themes = list(ChecklistTheme.objects.values_list("short_title", flat=True))
    assert len(themes) == 3
    for title in themes:
        assert f"<li>{title}</li>" in figure
    assert "<figcaption>" in figure
    assert "<img" not in figure


def test_shell_has_skip_link_landmarks_and_navigation(client):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#inhoud">Direct naar de inhoud</a>' in html
    assert '<main id="inhoud"' in html
    for landmark in ("<header", "<nav", "<footer"):
        assert landmark in html
    assert 'href="/" aria-current="page">Home</a>' in html
    assert 'href="/wegwijzer/">Wegwijzer</a>' in html
    assert 'href="/checklist/">Checklist</a>' in html
    assert 'href="/toegankelijkheid/">Toegankelijkheid</a>' in html
    wegwijzer = client.get("/wegwijzer/advies/?q1=1").content.decode()
    assert 'href="/wegwijzer/" aria-current="page">Wegwijzer</a>' in wegwijzer


def test_no_inline_scripts_or_styles_on_public_pages(client):
    for url in ("/", "/wegwijzer/", "/wegwijzer/advies/?q1=2", "/toegankelijkheid/", "/bestaat-niet/"):
        html = client.get(url).content.decode()
        assert "<style" not in html
        assert " style=" not in html
        for chunk in html.split("<script")[1:]:
            assert chunk.lstrip().startswith("src=")


def test_accessibility_statement(client):
    response = client.get("/toegankelijkheid/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Toegankelijkheidsverklaring</h1>" in html
    assert "WCAG" in html


def test_not_found_is_a_dutch_page(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Deze pagina bestaat niet" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "Page not found" not in html


def test_server_error_page_renders_without_context_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render({})
    assert '<html lang="nl">' in html
    assert "Er ging iets mis" in html
    assert "/static/cms/css/site" in html


class BrokenUrls:
    """A URLconf whose only view fails, to see the 500 page a visitor gets."""

    @staticmethod
    def broken(request):
        raise RuntimeError("boom")

    urlpatterns = [path("kapot/", broken)]


def test_server_errors_show_the_dutch_page(settings):
    settings.ROOT_URLCONF = BrokenUrls
    response = Client(raise_request_exception=False).get("/kapot/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert "Server Error" not in html


@pytest.mark.parametrize(("url", "queries"), [("/", 6), ("/toegankelijkheid/", 6), ("/bestaat-niet/", 4)])
def test_pages_render_in_a_fixed_number_of_queries(client, django_assert_max_num_queries, url, queries):
    with django_assert_max_num_queries(queries):
        client.get(url)
