"""pianoo/pdf.py: tagged PDF/UA from HTML, bounded in time, size and concurrency, fetching nothing."""

from __future__ import annotations

import fcntl
import re
import threading
import time
from io import BytesIO

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from pypdf import PdfReader

from pianoo import pdf
from pianoo.response_cache import VersionedResponseCacheMiddleware

HTML = (
    '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Proef</title></head>'
    "<body><h1>Kop</h1><p>Eerste alinea met één trema.</p>{extra}</body></html>"
)


def test_html_becomes_a_tagged_dutch_pdf_with_its_title():
    content = pdf.html_to_pdf(HTML.format(extra=""))
    reader = PdfReader(BytesIO(content))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert reader.metadata.title == "Proef"
    assert "Eerste alinea met één trema." in reader.pages[0].extract_text()


def test_nothing_is_fetched(monkeypatch):
    fetched = []
    monkeypatch.setattr(
        pdf._NoFetching, "fetch", lambda self, url, headers=None: fetched.append(url) or 1 / 0
    )
    content = pdf.html_to_pdf(HTML.format(extra='<img src="http://127.0.0.1:9/x.png" alt="x">'))
    assert fetched == ["http://127.0.0.1:9/x.png"]  # asked, refused: the PDF is still made
    assert content.startswith(b"%PDF-")


def test_oversized_html_is_refused_before_rendering(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_HTML_CHARS", 100)
    with pytest.raises(pdf.PdfUnavailable) as raised:
        pdf.html_to_pdf(HTML.format(extra="<p>" + "woord " * 100 + "</p>"))
    assert "PDF kon niet worden gemaakt" in raised.value.message


def test_too_many_pages_are_refused(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGES", 1)
    with pytest.raises(pdf.PdfUnavailable):
        pdf.html_to_pdf(HTML.format(extra='<p style="break-before: page">twee</p>'))


def test_a_slow_render_gives_up_after_the_timeout(settings, monkeypatch, tmp_path):
    settings.PDF_TIMEOUT = 0.2
    # Slots of its own: the machine's are shared with other tests' renders, and waiting for
    # one of those is not what this measures.
    settings.PDF_LOCK_DIR = str(tmp_path)
    real_write = pdf._write

    def slow(html: str, base_url: str, slot, extra=()) -> bytes:
        time.sleep(0.6)
        return real_write(html, base_url, slot, extra)

    monkeypatch.setattr(pdf, "_write", slow)
    started = time.monotonic()
    with pytest.raises(pdf.PdfUnavailable):
        pdf.html_to_pdf(HTML.format(extra=""))
    assert time.monotonic() - started < 0.5


def test_all_slots_busy_means_a_retry_later(settings, tmp_path):
    settings.PDF_LOCK_DIR = str(tmp_path)
    settings.PDF_RENDER_SLOTS = 1
    settings.PDF_SLOT_WAIT = 0.1
    (holder,) = pdf._slot_paths()
    with holder.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # another worker process rendering
        with pytest.raises(pdf.PdfUnavailable) as raised:
            pdf.html_to_pdf(HTML.format(extra=""))
        fcntl.flock(handle, fcntl.LOCK_UN)
    assert raised.value.retry_after == 5
    assert "veel PDF's" in raised.value.message
    assert pdf.html_to_pdf(HTML.format(extra="")).startswith(b"%PDF-")  # free again


def test_the_render_thread_runs_at_a_lower_priority(monkeypatch):
    import os

    seen = []
    real = pdf._lower_priority

    def recording() -> None:
        real()
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    monkeypatch.setattr(pdf, "_lower_priority", recording)
    pdf.html_to_pdf(HTML.format(extra=""))
    assert seen and seen[0] >= pdf.NICENESS
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) < pdf.NICENESS


def test_unavailable_is_a_dutch_503_with_retry_after(rf, db):
    response = pdf.unavailable_response(rf.get("/"), pdf.PdfUnavailable(pdf.BUSY_MESSAGE, retry_after=5))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "De PDF is nu niet beschikbaar" in response.content.decode()


def test_public_pdf_expires_at_midnight_private_one_is_not_stored():
    public = pdf.pdf_response(b"%PDF-1.7", "advies.pdf")
    private = pdf.pdf_response(b"%PDF-1.7", "meting.pdf", private=True)
    assert public["Content-Disposition"] == 'attachment; filename="advies.pdf"'
    assert "Expires" in public
    assert private["Cache-Control"] == "no-store"


def test_each_address_is_printed_once_in_reading_order():
    link = (
        '<a href="{url}" class="external{bare}" rel="noopener noreferrer">{text}'
        '<span class="visually-hidden"> (externe link)</span></a>'
    )
    html = "".join(
        [
            link.format(url="https://a.example/x-y?p=1&amp;q=2", bare="", text="Rapport A"),
            link.format(url="https://b.example/", bare=" external--url", text="https://b.example/"),
            link.format(url="https://a.example/x-y?p=1&amp;q=2", bare="", text="Rapport A, weer"),
            link.format(url="https://b.example/", bare=" external--url", text="https://b.example/"),
        ]
    )
    printed = pdf.print_addresses(html)
    text = re.sub(r"<[^>]+>|[\u200b\u2060]", "", printed)  # tags and zero-width wrap marks
    assert text == (
        "Rapport A (https://a.example/x-y?p=1&amp;q=2)https://b.example/"
        "Rapport A, weer (adres eerder in dit document)dezelfde link als eerder in dit document"
    )
    assert "(externe link)" not in text
    assert "x-\u2060y?" in printed  # never wraps after its hyphen


def test_the_response_cache_keeps_a_pdf_until_it_expires(settings, db, monkeypatch):
    settings.RESPONSE_CACHE_PATHS = {"/doc/": ("q1",)}
    calls = []

    def view(request):
        calls.append(1)
        response = pdf.pdf_response(b"%PDF-1.7 \xff\x00 binary", "doc.pdf")
        return response

    middleware = VersionedResponseCacheMiddleware(view)
    request = RequestFactory().get("/doc/?q1=1")
    first = middleware(request)
    second = middleware(RequestFactory().get("/doc/?q1=1"))
    assert second.content == first.content == b"%PDF-1.7 \xff\x00 binary"
    assert second["Content-Type"] == "application/pdf"
    assert len(calls) == 1
    later = time.time() + 2 * 86400
    monkeypatch.setattr("pianoo.response_cache.time.time", lambda: later)
    middleware(RequestFactory().get("/doc/?q1=1"))
    assert len(calls) == 2


def test_the_response_cache_still_masks_csrf_tokens_in_html(settings, db):
    settings.RESPONSE_CACHE_PATHS = {"/page/": ()}
    middleware = VersionedResponseCacheMiddleware(lambda request: HttpResponse("<p>tekst</p>"))
    middleware(RequestFactory().get("/page/"))
    assert middleware(RequestFactory().get("/page/")).content == b"<p>tekst</p>"


def test_hyphenated_words_of_the_body_stay_on_one_line():
    html = '<html><head><title>e-mail</title></head><body class="x-y"><p>Een e-procurement platform, NVZ-inkoop.</p></body></html>'
    kept = pdf.keep_hyphenated_words(html)
    assert "<title>e-mail</title>" in kept
    assert 'class="x-y"' in kept
    assert (
        '<span class="pdf-nobr">e-procurement</span> platform, <span class="pdf-nobr">NVZ-inkoop.</span>'
        in kept
    )


def test_pdftotext_keeps_the_hyphens_of_wrapped_words():
    import subprocess

    words = " ".join(["woord"] * 7 + ["e-procurement"] * 30)
    html = pdf.keep_hyphenated_words(HTML.format(extra=f'<p style="width: 5cm">{words}</p>'))
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.html_to_pdf(html), capture_output=True, check=True
    )
    assert text.stdout.decode().split().count("e-procurement") == 30


def test_a_word_ending_in_a_hyphen_stays_with_the_next_word():
    html = "<html><body><p>Eisen in wet- en regelgeving, in- en\nverkoop.</p></body></html>"
    kept = pdf.keep_hyphenated_words(html)
    assert '<span class="pdf-nobr">wet- en</span> regelgeving' in kept
    assert '<span class="pdf-nobr">in- en</span>\nverkoop.' in kept


def test_pdftotext_keeps_the_hyphen_of_an_elided_word():
    import subprocess

    # Tip 47 of the source: "wet- en regelgeving" wrapped after "wet-" read "weten regelgeving".
    words = " ".join(["woord"] * 5 + ["wet- en regelgeving"] * 20)
    html = pdf.keep_hyphenated_words(HTML.format(extra=f'<p style="width: 5cm">{words}</p>'))
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.html_to_pdf(html), capture_output=True, check=True
    )
    assert " ".join(text.stdout.decode().split()).count("wet- en regelgeving") == 20


def test_a_wrapped_address_reads_back_whole_without_hidden_characters():
    import subprocess

    url = "https://www.example.org/een-lang-pad/met-koppeltekens_en-meer/kansen_voor-innovatie.pdf?x=1&y=twee-drie"
    html = HTML.format(extra=f'<p style="width: 4cm">Zie {pdf.url_breaks(url)} en verder.</p>')
    content = pdf.html_to_pdf(html)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    extracted = "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    for read in (text, extracted):
        assert read.count("\n") > 4  # it did wrap
        assert "\u200b" not in read and "\u2060" not in read
        assert "".join(read.split()).count(url) == 1  # no hyphen lost at a line end
