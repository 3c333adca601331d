"""An editor finds a tip in the admin, edits and publishes it; visitors see it at once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

TIP_START = "Organisatiebrede fundering"
MARKER = " Redactietest e2e."
ADVICE_QUERY = "q1=1&q2=1&q3=1&q4=1&q5=1"  # Fa is in every advice


def log_in(page: Page, username: str, password: str) -> None:
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def open_tip_by_search(page: Page) -> None:
    page.goto("/admin/snippets/cms/tip/")
    # The listing's own search box (not the sidebar's): it swaps in the results as you type.
    search = page.locator("form[data-controller~=w-swap] input[name=q]")
    search.fill(TIP_START)
    expect(page).to_have_url(re.compile(r"\?q=Organisatiebrede"))
    result = page.locator("#listing-results").get_by_role("link", name=re.compile(TIP_START)).first
    expect(result).to_be_visible()
    result.click()
    expect(page).to_have_url(re.compile(r"/admin/snippets/cms/tip/edit/\d+/$"))


def publish(page: Page) -> None:
    footer = page.locator("footer")
    footer.locator("button[data-w-dropdown-target=toggle], .w-dropdown__toggle").first.click()
    footer.locator("button[name=action-publish]").click()
    expect(page.locator(".messages")).to_contain_text(re.compile("gepubliceerd|published", re.I))


def edit_text(page: Page, *, append: str = "", remove: int = 0) -> None:
    """Type at the end of the tip's rich text, then wait until Draftail has synced its form field."""
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.click()
    page.keyboard.press("Control+End")
    for _ in range(remove):
        page.keyboard.press("Backspace")
    if append:
        page.keyboard.type(append)
    field = page.locator("input[name=text]")
    marker = re.compile(re.escape(MARKER.strip()))
    if append:
        expect(field).to_have_value(marker)
    else:
        expect(field).not_to_have_value(marker)


def advice_api_tips(page: Page) -> list[str]:
    data = page.request.get(f"/api/wegwijzer/advice/?{ADVICE_QUERY}").json()
    fundering = next(a for a in data["activities"] if a["code"] == "F")
    return [tip["text"] for block in fundering["blocks"] for tip in block["tips"]]


def test_editor_edits_and_publishes_a_tip_and_visitors_see_it_at_once(
    page: Page, new_page, admin_credentials
):
    visitor = new_page()
    # Warm the caches first, so the test proves invalidation, not a cold start.
    visitor.goto(f"/wegwijzer/advies/?{ADVICE_QUERY}")
    expect(visitor.locator("body")).to_contain_text(TIP_START)
    assert not any(MARKER.strip() in tip for tip in advice_api_tips(visitor))

    log_in(page, *admin_credentials)
    open_tip_by_search(page)
    expect(page.get_by_text("Waar wordt dit getoond?")).to_be_visible()
    expect(page.locator("body")).to_contain_text("32 van de 32 combinaties")
    edit_url = page.url
    edit_text(page, append=MARKER)
    publish(page)
    try:
        visitor.goto(f"/wegwijzer/advies/?{ADVICE_QUERY}")
        expect(visitor.locator("body")).to_contain_text(MARKER.strip())
        assert any(
            tip.startswith(TIP_START) and tip.endswith(MARKER.strip()) for tip in advice_api_tips(visitor)
        )
    finally:
        # The server is shared by the session: put the tip back as it was.
        page.goto(edit_url)
        edit_text(page, remove=len(MARKER))
        publish(page)
    assert not any(MARKER.strip() in tip for tip in advice_api_tips(visitor))
