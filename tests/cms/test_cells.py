"""Rich text is cleaned on output, whatever reached the database."""

from __future__ import annotations

import pytest

from cms.cache import bump_content_version
from cms.cells import render_rich_text
from cms.models import Tip
from importers.loader import load
from importers.site import build_site
from tests.factories import small_document, tip


@pytest.mark.parametrize(
    ("stored", "forbidden"),
    [
        ("<p>Hallo<script>alert(1)</script></p>", "<script"),
        ('<p><img src="x" onerror="alert(1)"></p>', "onerror"),
        ('<p><a href="javascript:alert(1)">klik</a></p>', "javascript:"),
        ('<p onclick="alert(1)">tekst</p>', "onclick"),
        ("<iframe src='https://evil.example'></iframe>", "<iframe"),
    ],
)
def test_render_rich_text_drops_script_and_handlers(stored, forbidden):
    assert forbidden not in render_rich_text(stored).lower()


def test_safe_markup_and_links_survive():
    html = render_rich_text('<p>Zie <a href="https://www.pianoo.nl/">PIANOo</a> en <b>dit</b>.</p>')
    assert '<a href="https://www.pianoo.nl/">PIANOo</a>' in html and "<b>dit</b>" in html


def test_a_malicious_row_written_past_the_admin_is_harmless_in_api_and_page(client, db):
    load(small_document(Fa=[tip("Gewone tip.", 1)]))
    Tip.objects.filter(source_key="Fa:tip:1").update(
        text='<p>Tip<script>alert(1)</script><img src=x onerror="alert(2)"></p>'
    )
    data = client.get("/api/wegwijzer/advice/").json()
    html = data["activities"][0]["blocks"][0]["tips"][0]["html"]
    assert "<script" not in html and "onerror" not in html
    assert data["activities"][0]["blocks"][0]["tips"][0]["text"].startswith("Tip")


def test_links_typed_in_rich_text_are_announced_as_external_on_pages_not_in_the_api(client, db):
    load(small_document(Fa=[tip("Gewone tip.", 1)]))
    build_site(small_document().landing)
    Tip.objects.filter(source_key="Fa:tip:1").update(
        text='<p>Zie <a href="https://www.pianoo.nl/a?b=1&amp;c=2">de <b>gids</b></a> en <a href="/checklist/">de checklist</a>.</p>'
    )
    bump_content_version()
    page = client.get("/wegwijzer/advies/").content.decode()
    assert (
        '<a href="https://www.pianoo.nl/a?b=1&amp;c=2" class="external" rel="noopener noreferrer">de <b>gids</b>'
        '<span class="visually-hidden"> (externe link)</span>'
    ) in page
    assert '<a href="/checklist/">de checklist</a>' in page  # our own page: no mark
    api = client.get("/api/wegwijzer/advice/").json()["activities"][0]["blocks"][0]["tips"][0]["html"]
    assert '<a href="https://www.pianoo.nl/a?b=1&amp;c=2">de <b>gids</b></a>' in api
