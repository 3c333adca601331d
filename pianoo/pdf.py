"""PDF rendering: our own templates and stylesheets turned into tagged PDF/UA by WeasyPrint.

Every tool makes its PDF through `pianoo.pdf_jobs.render_pdf`: the PDF template
(`document_html`) includes the same content includes as the page, and is styled by
the site's stylesheet (its print rules are the PDF's too) plus `pdf.css` (page
numbers, title block). In production a cold PDF is rendered off the request path,
by the render process (`manage.py render_pdfs`, pianoo/pdf_jobs.py), which calls
`write_pdf`; `html_to_pdf` renders within a request, for development and tests.

Rendering costs seconds of CPU, so it is bounded:
- the HTML is capped (MAX_HTML_CHARS), and so are the pages and the PDF's size;
- nothing is fetched: templates link no resources, and the URL fetcher refuses
  any (an image in an editor's rich text must not make the server fetch it);
- the render process bounds each render's CPU time (PDF_TIMEOUT) and runs at nice 19;
  within a request (`html_to_pdf`), at most PDF_RENDER_SLOTS renders run at once
  on a machine (lock files), in a thread at a lower priority, given up after
  PDF_TIMEOUT seconds.

Callers cache what can be cached (the advice, per content version and answers)
and rate-limit the rest (pianoo.ratelimit).
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import logging
import os
import re
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from email.utils import formatdate
from functools import cache
from html import unescape
from pathlib import Path
from typing import Any, TextIO

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from weasyprint.text.fonts import FontConfiguration

from pianoo.addresses import EXTERNAL_LINK

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/ua-1"  # tagged, with a structure tree, the language and the title in the metadata
STYLESHEETS = ("cms/css/site.css", "pianoo/css/pdf.css")
MAX_HTML_CHARS = 3_000_000
MAX_PAGES = 300
MAX_PDF_BYTES = 20 * 1024 * 1024
NICENESS = 10
BUSY_MESSAGE = "Er worden nu veel PDF's gemaakt. Probeer het over een paar seconden opnieuw."
FAILED_MESSAGE = "De PDF kon niet worden gemaakt. Probeer het later opnieuw of print de pagina."


class PdfUnavailable(Exception):
    """The PDF can't be made now (busy, too slow or too big); `message` is Dutch, for visitors."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


class _NoFetching(weasyprint.URLFetcher):
    def fetch(self, url: str, headers: Any = None) -> weasyprint.urls.URLFetcherResponse:
        raise ValueError("PDFs load no resources")


@cache
def _fonts() -> FontConfiguration:
    return FontConfiguration()


@cache
def _stylesheets(extra: tuple[str, ...] = ()) -> tuple[list[weasyprint.CSS], FontConfiguration]:
    """Parsed once per process: parsing the site's stylesheet is a good part of a small PDF.

    `extra`: a tool's own stylesheets (static paths), between site.css and pdf.css.
    """
    fonts = _fonts()
    sheets = []
    for name in (STYLESHEETS[0], *extra, *STYLESHEETS[1:]):
        path = finders.find(name)
        if path is None:
            raise LookupError(f"static file {name} not found")
        sheets.append(weasyprint.CSS(filename=str(path), font_config=fonts, url_fetcher=_NoFetching()))
    return sheets, fonts


def _slot_paths() -> list[Path]:
    slots = max(1, int(_setting("PDF_RENDER_SLOTS", 1)))
    folder = Path(getattr(settings, "PDF_LOCK_DIR", tempfile.gettempdir()))
    return [folder / f"pianoo-pdf-slot-{n}.lock" for n in range(slots)]


def _take_slot() -> TextIO:
    """One of the machine's render slots (an open, locked file), or PdfUnavailable after PDF_SLOT_WAIT."""
    deadline = time.monotonic() + _setting("PDF_SLOT_WAIT", 3)
    while True:
        for path in _slot_paths():
            handle = path.open("a")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                continue
            return handle
        if time.monotonic() >= deadline:
            raise PdfUnavailable(BUSY_MESSAGE, retry_after=5)
        time.sleep(0.05)


def _lower_priority() -> None:
    # Linux gives each thread its own nice value: only this render thread yields.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)


_process_lock = threading.Lock()  # the parsed stylesheets and fonts are shared: one render per process


def write_pdf(html: str, base_url: str = "", stylesheets: tuple[str, ...] = ()) -> bytes:
    """The PDF of a complete HTML document, in this thread, within the HTML, page and size caps.

    Raises PdfUnavailable over a cap; WeasyPrint's own errors pass through. The caller
    bounds the time: the render process (pianoo/pdf_jobs.py) or `html_to_pdf`.
    """
    if len(html) > MAX_HTML_CHARS:
        raise PdfUnavailable(FAILED_MESSAGE)
    sheets, fonts = _stylesheets(stylesheets)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_NoFetching()).render(
        stylesheets=sheets, font_config=fonts, pdf_variant=PDF_VARIANT
    )
    if len(document.pages) > MAX_PAGES:
        raise PdfUnavailable(FAILED_MESSAGE)
    pdf = bytes(document.write_pdf(pdf_variant=PDF_VARIANT))
    if not pdf.startswith(b"%PDF-") or len(pdf) > MAX_PDF_BYTES:
        raise PdfUnavailable(FAILED_MESSAGE)
    return pdf


def _write(html: str, base_url: str, slot: TextIO, extra: tuple[str, ...] = ()) -> bytes:
    """Runs in its own thread, which keeps the slot until WeasyPrint is done, even after a timeout."""
    try:
        _lower_priority()
        with _process_lock:
            return write_pdf(html, base_url, extra)
    finally:
        fcntl.flock(slot, fcntl.LOCK_UN)
        slot.close()


def html_to_pdf(html: str, base_url: str = "", stylesheets: tuple[str, ...] = ()) -> bytes:
    """The PDF of a complete HTML document, made within this request (PDF_RENDER_INLINE).

    Raises PdfUnavailable when that can't be done now.
    """
    if len(html) > MAX_HTML_CHARS:
        raise PdfUnavailable(FAILED_MESSAGE)
    timeout = _setting("PDF_TIMEOUT", 20)
    slot = _take_slot()
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf")
    future = executor.submit(_write, html, base_url, slot, stylesheets)
    executor.shutdown(wait=False)
    started = time.monotonic()
    try:
        pdf = future.result(timeout=timeout)
    except FutureTimeout:
        logger.warning("PDF rendering gave up after %.0f s.", timeout)
        raise PdfUnavailable(FAILED_MESSAGE, retry_after=60) from None
    except PdfUnavailable:
        raise
    except Exception:
        logger.exception("PDF rendering failed.")
        raise PdfUnavailable(FAILED_MESSAGE) from None
    logger.info("PDF rendered in %.2f s, %d bytes.", time.monotonic() - started, len(pdf))
    return pdf


# After these characters (and before a %-escape) a printed address may wrap to the next line.
_URL_PIECES = re.compile(r"(?<=[/?&=_.])|(?=%)")
ZERO_WIDTH_SPACE = "\u200b"  # a place to wrap, nothing shown
WORD_JOINER = "\u2060"  # no wrap here, nothing shown
REPEATED_ADDRESS = "adres eerder in dit document"
REPEATED_LINK = "dezelfde link als eerder in dit document"


def url_breaks(url: str) -> str:
    """An address as HTML that wraps only after / ? & = _ . or before %, never after a hyphen.

    pdftotext (and screen readers' text extraction) joins a line ending in "-" with the
    next and drops the hyphen, which would misprint "operating-model" as "operatingmodel".
    A zero-width space marks each place to wrap and a word joiner follows each hyphen:
    characters, not elements, as a <span> and <wbr> per piece made the worked example's
    PDF 1.7x as large and much slower to lay out. Neither character reaches the PDF's
    text (pdftotext and pypdf read the address as it is; tests/pianoo/test_pdf.py).
    """
    pieces = [piece for piece in _URL_PIECES.split(url) if piece]
    return ZERO_WIDTH_SPACE.join(escape(piece).replace("-", "-" + WORD_JOINER) for piece in pieces)


def print_addresses(html: str) -> str:
    """Each external address printed once per document, in reading order.

    The first link to an address shows it: after the link text, or as the link text when
    that is the address. A later link to it says so instead of printing it again. Done on
    the finished HTML so that links inside rich text count as well, in document order.
    """
    printed: set[str] = set()

    def address(match: re.Match[str]) -> str:
        href, text = match.group("href"), match.group("text")
        url = unescape(href)
        bare = bool(match.group("bare")) or unescape(text).strip() == url
        first = url not in printed
        printed.add(url)
        anchor = f'<a href="{href}" class="external pdf-link">'
        if bare:
            return f"{anchor}{url_breaks(url) if first else REPEATED_LINK}</a>"
        shown = url_breaks(url) if first else REPEATED_ADDRESS
        return f'{anchor}{text}</a> <span class="pdf-url">({shown})</span>'

    return EXTERNAL_LINK.sub(address, html)


_TEXT = re.compile(r">([^<]+)<")
# A word with a hyphen inside ("e-procurement"), or one ending in a hyphen together with
# the word after it (the Dutch elision "wet- en regelgeving", "in- en verkoop").
_HYPHENATED = re.compile(r"[^\s<>]*\w-(?:\w[^\s<>]*|[ \t\n]+[^\s<>]+)")


def keep_hyphenated_words(html: str) -> str:
    """No line of the body's text ends in a hyphen ("e-procurement", "wet- en regelgeving").

    Text extraction (pdftotext, and so many screen readers' and search tools' reading)
    joins a line that ends in "-" with the next and drops the hyphen: "e-procurement"
    wrapped after its hyphen would read "eprocurement", and "wet- en" wrapped after
    "wet-" would read "weten".
    """
    head, marker, body = html.partition("<body")
    if not marker:
        return html

    def wrap_words(match: re.Match[str]) -> str:
        words = _HYPHENATED.sub(lambda word: f'<span class="pdf-nobr">{word.group(0)}</span>', match.group(1))
        return f">{words}<"

    return head + marker + _TEXT.sub(wrap_words, body)


def document_html(template: str, context: dict[str, Any], request: HttpRequest) -> str:
    """The complete HTML of `template` (extending pdf/document.html) with `context`, ready for WeasyPrint."""
    online = context.get("online_url", "")
    extra = {"generated_on": timezone.localdate(), "online_html": mark_safe(url_breaks(online))}  # noqa: S308
    html = render_to_string(template, {**extra, **context}, request)
    return keep_hyphenated_words(print_addresses(html))


def pdf_response(pdf: bytes, filename: str, *, private: bool = False) -> HttpResponse:
    """The PDF as a download. Public ones may be cached until midnight: they carry the date."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"
    else:
        response["Expires"] = formatdate(_next_midnight(), usegmt=True)
    return response


def _next_midnight() -> float:
    now = timezone.localtime()
    midnight = (now + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.timestamp()


def unavailable_response(request: HttpRequest, error: PdfUnavailable) -> HttpResponse:
    """A Dutch 503 page for a PDF that can't be made now."""
    body = render_to_string("pdf/unavailable.html", {"message": error.message}, request)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(error.retry_after or 30)
    return response


WAIT_SECONDS = 2  # how often the waiting page looks again


def waiting_response(request: HttpRequest) -> HttpResponse:
    """A Dutch 202 page for a PDF being made; once the PDF is done, the same address serves it.

    pianoo/js/pdf-wait.js asks the address again every WAIT_SECONDS and starts the download
    when it answers with the PDF. No meta refresh: a page that reloads itself on a timer
    fails WCAG 2.2.1 (axe's meta-refresh). Without JavaScript the page's plain link asks again.
    """
    context = {"refresh": WAIT_SECONDS, "address": request.get_full_path()}
    response = HttpResponse(render_to_string("pdf/waiting.html", context, request), status=202)
    response["Cache-Control"] = "no-store"
    response["Retry-After"] = str(WAIT_SECONDS)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
