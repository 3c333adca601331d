"""Rich text is cleaned on output, whatever reached the database."""

from __future__ import annotations

import pytest

from cms.cells import render_rich_text
from cms.models import Tip
from importers.loader import load
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
