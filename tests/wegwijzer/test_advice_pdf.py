"""The advice as a PDF: V.2's content exactly, in the page's order, tagged, cached, Dutch errors.

The worked example's PDF is read back with pypdf and compared with the parser's own
reading of V.2 (as tests/wegwijzer/test_worked_example.py does for the advice) and
with the advice page: every tip, example and reference with its URLs, in the page's
order, each URL once, and nothing but the title block, headings and labels around them.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from html import unescape
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.test import Client
from pypdf import PdfReader

from cms.cache import bump_content_version
from tests.wegwijzer.test_worked_example import normal
from wegwijzer.advice import get_advice, get_questions
from wegwijzer.presentation import join_words, present

pytestmark = pytest.mark.usefixtures("imported_db", "db")

WORKED_EXAMPLE = "q1=2&q2=1&q3=2&q4=1&q5=2"
WORKED_EXAMPLE_ANSWERS = {1: 2, 2: 1, 3: 2, 4: 1, 5: 2}
PDF_PATH = "/wegwijzer/advies/pdf/"


def squash(text: str) -> str:
    """Text without white space or list bullets: line breaks in a PDF fall anywhere, even in URLs."""
    return re.sub(r"[\s•\u200b]+", "", text)


FOOTER = re.compile(r"PIANOo·Uwadviespagina\d+van\d+")


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def content_text(content: bytes) -> str:
    """The squashed text without the page footers, which fall in the middle of paragraphs."""
    return FOOTER.sub("", squash(pdf_text(content)))


class DataItems(HTMLParser):
    """The data-item attributes of a page, in document order: the page's order of items."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        value = dict(attrs).get("data-item")
        if value:
            self.items.append(value)


@pytest.fixture(scope="module")
def worked_pdf(django_db_blocker, imported_db) -> bytes:
    """Rendered once for the module: a cold render takes seconds."""
    with django_db_blocker.unblock():
        response = Client().get(f"{PDF_PATH}?{WORKED_EXAMPLE}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture
def page_order(client) -> list[str]:
    parser = DataItems()
    parser.feed(client.get(f"/wegwijzer/advies/?{WORKED_EXAMPLE}").content.decode())
    return parser.items


def advice_items() -> dict[str, object]:
    advice = get_advice(WORKED_EXAMPLE_ANSWERS)
    return {
        f"{item.kind}-{item.id}": item
        for activity in advice.activities
        for block in activity.blocks
        for item in (*block.tips, *block.examples, *block.references)
    }


def frame() -> list[str]:
    """What may stand between the items: the page's headings, reasons and labels (wegwijzer/presentation.py)."""
    advice_page = present(get_advice(WORKED_EXAMPLE_ANSWERS), get_questions())
    labels = ["Voorbeelden", "Referenties"]
    for activity in advice_page.activities:
        labels += [activity.name, activity.description]
        for block in activity.blocks:
            labels += [block.place.reason, block.reading_label]
            if block.reason:
                labels.append(f"Vraag {block.reason.question}: {block.reason.question_text}")
            if block.shown_earlier:
                earlier = [
                    f"een {shown.kind_label} die al eerder op deze pagina staat, bij {shown.place.activity}"
                    for shown in block.shown_earlier
                ]
                labels.append(f"Hierbij hoort ook {join_words(earlier)}.")
            for shown in (*block.tips, *block.examples, *block.references):
                labels += [shown.item.author, shown.item.organisation]
                if shown.also:
                    also = "; ".join(f"{place.activity}: {place.reason}" for place in shown.also)
                    labels.append(f"Ook van toepassing bij: {also}")
    return sorted({squash(label) for label in labels if label}, key=len, reverse=True)


def strip_frame(gap: str, labels: list[str]) -> str:
    changed = True
    while gap and changed:
        changed = False
        for label in labels:
            if gap.startswith(label):
                gap = gap[len(label) :]
                changed = True
                break
    return gap


INLINE_LINK = re.compile(r'<a href="([^"]+)">(.*?)</a>', re.DOTALL)


def printed_text(html: str, printed_urls: set[str]) -> str:
    """An item's text as the PDF prints it: a link inside the text followed by its address, once."""

    def link(match: re.Match[str]) -> str:
        url = unescape(match.group(1))
        first = url not in printed_urls
        printed_urls.add(url)
        return f"{match.group(2)} ({url if first else 'adres eerder in dit document'})"

    return unescape(re.sub(r"<[^>]+>", " ", INLINE_LINK.sub(link, html)))


def test_worked_example_pdf_holds_v2_in_the_page_order_and_nothing_else(worked_pdf, page_order, document):
    text = content_text(worked_pdf)
    items = advice_items()
    labels = frame()
    # The title block ends with the answers; the advice starts at the first activity.
    first = get_advice(WORKED_EXAMPLE_ANSWERS).activities[0]
    cursor = text.index(squash(first.name + first.description))
    printed_urls: set[str] = set()
    for key in page_order:
        item = items[key]
        parts = [squash(printed_text(item.html, printed_urls))]
        for link in item.links_outside_text:  # the others are in its text
            titled = link.title and link.title != link.url
            if titled:
                parts.append(squash(link.title))
            if link.url not in printed_urls:
                parts.append(squash(f"({link.url})" if titled else link.url))
                printed_urls.add(link.url)
            elif titled:
                parts.append(squash("(adres eerder in dit document)"))
            else:
                parts.append(squash("dezelfde link als eerder in dit document"))
        for part in parts:
            found = text.find(part, cursor)
            assert found >= 0, f"{key}: {part[:80]} not found after position {cursor}"
            assert strip_frame(text[cursor:found], labels) == "", f"unexpected text before {key}"
            cursor = found + len(part)
    assert strip_frame(text[cursor:], labels) == ""


def test_worked_example_pdf_items_are_those_of_v2(worked_pdf, document):
    text = content_text(worked_pdf)
    v2 = [item for code in ("F", "A", "S", "U") for item in document.worked_example.items[code]]
    ours = {squash(normal(item.text)) for item in advice_items().values()}
    assert {squash(normal(item.text)) for item in v2} == ours
    for item in v2:
        assert squash(normal(item.text)) in text
        for link in item.links:
            assert squash(link.url) in text


def test_each_url_is_printed_once(worked_pdf):
    text = content_text(worked_pdf)
    urls = {squash(link.url) for item in advice_items().values() for link in item.links}
    assert len(urls) > 40
    for url in urls:
        inside_longer = sum(text.count(other) for other in urls if other != url and url in other)
        assert text.count(url) - inside_longer == 1, url


def test_title_block_names_pianoo_the_tool_the_date_the_answers_and_the_address(worked_pdf):
    reader = PdfReader(BytesIO(worked_pdf))
    first_page = reader.pages[0].extract_text()
    assert "PIANOo, Expertisecentrum Aanbesteden" in first_page
    assert "Wegwijzer Organisatie Strategische Inkoop" in first_page
    assert re.search(r"Datum: \d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|"
                     r"oktober|november|december) \d{4}", first_page)  # fmt: skip
    assert f"http://testserver/wegwijzer/advies/?{WORKED_EXAMPLE}" in squash(first_page)
    for row in get_advice(WORKED_EXAMPLE_ANSWERS).answers:
        assert f"{row}." in first_page
    assert "Complex / Uniek / Innovatief" in first_page


def test_pages_are_numbered(worked_pdf):
    reader = PdfReader(BytesIO(worked_pdf))
    total = len(reader.pages)
    assert total > 3
    for number, page in enumerate(reader.pages, start=1):
        assert f"pagina {number} van {total}" in page.extract_text()


def test_pdf_is_tagged_dutch_and_titled(worked_pdf):
    reader = PdfReader(BytesIO(worked_pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Uw advies | Wegwijzer Organisatie Strategische Inkoop | PIANOo"
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def test_the_advice_page_links_to_its_pdf(client):
    html = client.get(f"/wegwijzer/advies/?{WORKED_EXAMPLE}").content.decode()
    assert f'href="/wegwijzer/advies/pdf/?{WORKED_EXAMPLE.replace("&", "&amp;")}"' in html
    assert "Download als PDF" in html


@pytest.mark.parametrize(
    "query",
    ["q1=3", "q9=1", "q1=1&q1=2", "q1=%00", "q2=abc&q3=1"],
    ids=["value", "question", "twice", "nul", "text"],
)
def test_invalid_answers_get_the_pages_dutch_400(client, query):
    page = client.get(f"/wegwijzer/advies/?{query}")
    response = client.get(f"{PDF_PATH}?{query}")
    assert response.status_code == page.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Deze antwoorden kunnen we niet lezen" in response.content.decode()


def test_the_pdf_is_cached_per_answers_and_content_version(client, monkeypatch):
    from pianoo import pdf

    renders = Counter()
    real = pdf.html_to_pdf

    def counting(html: str, base_url: str = "", stylesheets: tuple[str, ...] = ()) -> bytes:
        renders["n"] += 1
        return real(html, base_url, stylesheets)

    monkeypatch.setattr(pdf, "html_to_pdf", counting)
    first = client.get(f"{PDF_PATH}?q1=1")
    again = client.get(f"{PDF_PATH}?q1=1")
    assert first.content == again.content
    assert renders["n"] == 1
    bump_content_version()  # what publishing does
    client.get(f"{PDF_PATH}?q1=1")
    assert renders["n"] == 2


def pdftotext(content: bytes) -> str:
    """poppler's reading of the text, in page order, as `make pdf-libs` installs it."""
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def in_order(text: str, parts: list[str]) -> None:
    """Each part found after the one before it."""
    cursor = 0
    for part in parts:
        found = text.find(part, cursor)
        assert found >= 0, f"{part[:80]} not found in order"
        cursor = found + len(part)


def test_pdftotext_reads_every_url_whole_and_once(worked_pdf):
    # pdftotext joins a line ending in "-" with the next and drops the hyphen: addresses
    # must never wrap after a hyphen (pianoo/templatetags/pdf_tags.py url_breaks).
    text = squash(pdftotext(worked_pdf))
    urls = {squash(link.url) for item in advice_items().values() for link in item.links}
    for url in urls:
        inside_longer = sum(text.count(other) for other in urls if other != url and url in other)
        assert text.count(url) - inside_longer == 1, url


def test_pdftotext_reads_the_advice_in_the_page_order(worked_pdf, page_order):
    text = FOOTER.sub("", squash(pdftotext(worked_pdf)))
    items = advice_items()
    printed: set[str] = set()
    in_order(text, [squash(printed_text(items[key].html, printed)) for key in page_order])


@pytest.mark.parametrize("query", ["q1=1&q2=2&q3=1&q4=2&q5=1", ""], ids=["other-answers", "no-answers"])
def test_other_answer_sets_hold_their_advice_each_url_once(client, query):
    from django.http import QueryDict

    from wegwijzer.advice import parse_answers, question_numbers

    response = client.get(f"{PDF_PATH}?{query}")
    assert response.status_code == 200
    text = FOOTER.sub("", squash(pdftotext(response.content)))
    advice = get_advice(parse_answers(QueryDict(query).lists(), question_numbers()))
    shown = present(advice, get_questions()).shown_items
    assert shown
    printed: set[str] = set()
    in_order(text, [squash(printed_text(shown_item.item.html, printed)) for shown_item in shown])
    urls = {squash(link.url) for shown_item in shown for link in shown_item.item.links}
    for url in urls:
        inside_longer = sum(text.count(other) for other in urls if other != url and url in other)
        assert text.count(url) - inside_longer == 1, url
