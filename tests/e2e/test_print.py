"""The browser's print of the advice and of a checklist result: each address once, no heading left alone.

Printed by the e2e chromium (print media, A4) and read back with pdftotext, as a visitor's
printout would be read. A titled link's address is printed after it by the print stylesheet;
an address linked earlier on the page is not printed again (pianoo/addresses.py).

And the site's own PDFs under the real gunicorn: a cold one is made by the render process
that gunicorn starts (pianoo/pdf_jobs.py); the address answers 202 with a page that asks
again until the PDF is there.
"""

from __future__ import annotations

import re
import subprocess
import time
import urllib.request

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.e2e

WORKED_EXAMPLE = "q1=2&q2=1&q3=2&q4=1&q5=2"
HEADINGS = "h2, h3, h4, .leeswijzer__title, .leeswijzer__summary"


def squash(text: str) -> str:
    # Print wraps addresses anywhere (word-break: break-all); pdftotext drops a hyphen that
    # ends a line, so hyphens are left out on both sides of the comparison.
    return re.sub(r"[\s•\u200b-]+", "", text)


def printed(page: Page) -> list[str]:
    """The page printed on A4 and read back, one string per printed page."""
    pdf = page.pdf(format="A4")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return [page_text for page_text in text.decode().split("\f") if page_text.strip()]


def assert_each_address_once_and_no_heading_alone(page: Page) -> None:
    hrefs = page.locator("main a.external").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    headings = page.locator(f"main :is({HEADINGS})").all_text_contents()
    pages = printed(page)
    text = squash("".join(pages))
    urls = {squash(href) for href in hrefs}
    assert len(urls) > 10
    for url in urls:
        inside_longer = sum(text.count(other) for other in urls if other != url and url in other)
        assert text.count(url) - inside_longer == 1, url
    endings = {squash(heading) for heading in headings if squash(heading)}
    for number, page_text in enumerate(pages[:-1], start=1):
        last = squash(page_text)
        alone = [heading for heading in endings if last.endswith(heading)]
        assert not alone, f"page {number} ends with the heading {alone}"


def test_the_printed_advice_prints_each_address_once_and_keeps_headings_with_their_text(page: Page):
    page.goto(f"/wegwijzer/advies/?{WORKED_EXAMPLE}")
    assert_each_address_once_and_no_heading_alone(page)


def test_a_printed_checklist_result_prints_each_address_once_and_keeps_headings_with_their_text(page: Page):
    page.goto("/checklist/")
    names = page.locator("input[type=radio]").evaluate_all("els => [...new Set(els.map(e => e.name))]")
    names = [name for name in names if re.fullmatch(r"s\d+\.\d+", name)]  # the statements' scores
    assert len(names) >= 10
    query = "&".join(f"{name}={index % 4 + 1}" for index, name in enumerate(names))
    page.goto(f"/checklist/resultaat/?{query}")
    assert_each_address_once_and_no_heading_alone(page)


def follow_to_pdf(url: str, limit: float = 90) -> tuple[bytes, int]:
    """The PDF at `url`, asking again after the waiting page (202) as its script does; (PDF, waits)."""
    deadline = time.monotonic() + limit
    waits = 0
    while True:
        with urllib.request.urlopen(url, timeout=30) as response:
            body = response.read()
            if response.status == 200:
                assert response.headers["Content-Type"] == "application/pdf"
                return body, waits
            assert response.status == 202
            assert b"Kijk of de PDF klaar is" in body and b"data-pdf-wait" in body
        waits += 1
        assert time.monotonic() < deadline, f"no PDF after {limit} s"
        time.sleep(0.5)


def test_a_cold_pdf_is_made_beside_gunicorn_and_served_at_the_same_address(server: str):
    pdf, waits = follow_to_pdf(f"{server}/wegwijzer/advies/pdf/?q1=1&q2=2&q3=1")
    assert waits >= 1  # cold: the first answer was the waiting page
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Uw advies" in text and "Wegwijzer Organisatie Strategische Inkoop" in text
    again, waits = follow_to_pdf(f"{server}/wegwijzer/advies/pdf/?q1=1&q2=2&q3=1")
    assert (again, waits) == (pdf, 0)  # then cached


def test_with_javascript_the_waiting_page_starts_the_download_itself(page: Page):
    with page.expect_download(timeout=90_000) as download:
        page.goto("/checklist/resultaat/pdf/?s1.1=4&s1.2=2&s2.1=4")
        assert page.locator("h1").inner_text() == "Uw PDF wordt gemaakt"
    assert download.value.suggested_filename == "resultaat-checklist.pdf"
    text = subprocess.run(
        ["pdftotext", download.value.path(), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "Uw resultaat" in text


def test_without_javascript_the_waiting_pages_link_leads_to_the_download(nojs_page: Page):
    nojs_page.goto("/checklist/resultaat/pdf/?s1.1=3&s1.2=2&s2.1=4")
    assert nojs_page.locator("h1").inner_text() == "Uw PDF wordt gemaakt"
    deadline = time.monotonic() + 90
    while True:  # as a visitor would: wait a moment, then choose the link
        time.sleep(1)
        try:
            with nojs_page.expect_download(timeout=3_000) as download:
                nojs_page.get_by_role("link", name="Kijk of de PDF klaar is").click()
            break
        except PlaywrightTimeout:
            assert time.monotonic() < deadline, "no PDF after 90 s"
    assert download.value.suggested_filename == "resultaat-checklist.pdf"
    text = subprocess.run(
        ["pdftotext", download.value.path(), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "Uw resultaat" in text
