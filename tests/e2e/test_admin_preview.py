"""An editor searches the tips for a cell code, opens the live preview, and finds the link check.

The preview must show the item inside the admin's preview frame: a Content-Security-Policy
or X-Frame-Options header that forbids framing would leave a broken-page icon instead.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_editor_flow import log_in

pytestmark = pytest.mark.e2e

FRAMING_BLOCKED = re.compile(r"frame-ancestors|X-Frame-Options|Refused to (display|frame)", re.I)


def test_searching_for_a_cell_code_finds_its_tips_and_the_live_preview_shows_the_tip(
    page: Page, admin_credentials
):
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    log_in(page, *admin_credentials)

    page.goto("/admin/snippets/cms/tip/")
    search = page.locator("form[data-controller~=w-swap] input[name=q]")
    search.fill("S32")
    expect(page).to_have_url(re.compile(r"\?q=S32"))
    results = page.locator("#listing-results")
    expect(results).not_to_contain_text("Geen tips matchen")
    rows = results.locator("tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 1
    # Every row found is placed in S32 (the Cel column names it).
    for index in range(rows.count()):
        expect(rows.nth(index)).to_contain_text("S32")

    rows.first.locator("a[href*='/edit/']").first.click()
    expect(page).to_have_url(re.compile(r"/admin/snippets/cms/tip/edit/\d+/$"))
    words = page.locator(".Draftail-Editor [contenteditable=true]").first.inner_text().split()[:4]
    assert words, "the tip has text"

    page.locator("button[data-side-panel-toggle=preview]").click()
    frame = page.frame_locator("#w-preview-iframe")
    expect(frame.locator("body")).to_contain_text(" ".join(words), timeout=20_000)
    blocked = [text for text in console if FRAMING_BLOCKED.search(text)]
    assert not blocked, blocked


def test_the_link_report_offers_the_check_to_the_keyboard(page: Page, admin_credentials, assert_accessible):
    log_in(page, *admin_credentials)
    page.goto("/admin/rapporten/links/")
    expect(page.locator("#listing-results")).to_contain_text("Nog nooit gecontroleerd")
    assert_accessible(page)
    status = page.locator("#linkcheck-status")
    expect(status).to_have_attribute("role", "status")
    button = page.get_by_role("button", name="Controleer links nu")
    expect(button).to_be_visible()
    # Reachable with Tab alone (no check is started: the real links are on the internet).
    for _ in range(60):
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("'Controleer links nu' is not reachable with the Tab key")
