"""Feedback as visitors give it and editors read it: Ja/Nee with and without JavaScript, the inbox."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.test_checklist_rounds import axe_clean

pytestmark = pytest.mark.e2e

ADVICE = "/wegwijzer/advies/?q1=1&q2=1&q3=1&q4=1&q5=1"  # Fa and its tips are in every advice
COMMENT = "E2E-feedback: de tweede tip mist een voorbeeld."


def tip(page: Page, index: int):
    return page.locator("li.item--tip").nth(index)


def say_nee_with_a_comment(item: Locator) -> None:
    """ "Nee" on an item, then the comment field that appears in its place, focused."""
    item.get_by_role("button", name="Nee").click()
    comment = item.get_by_label("Wat miste u, of wat klopte er niet? (niet verplicht)")
    expect(comment).to_be_focused()
    comment.fill(COMMENT)
    item.get_by_role("button", name="Verstuur opmerking").click()
    expect(item.locator(".feedback__status")).to_have_text("Bedankt, uw opmerking is ontvangen.")


def test_ja_with_javascript_thanks_without_leaving_the_page(page: Page) -> None:
    page.goto(ADVICE)
    item = tip(page, 0)
    item.get_by_role("button", name="Ja").click()
    expect(item.locator(".feedback__status")).to_have_text("Bedankt voor uw reactie.")
    expect(item.locator(".feedback__status")).to_be_focused()  # a keyboard user hears and stays there
    expect(item.get_by_role("button", name="Ja")).to_be_hidden()
    assert "bedankt" not in page.url


def test_nee_with_javascript_offers_a_comment(page: Page) -> None:
    page.goto(ADVICE)
    item = tip(page, 1)
    say_nee_with_a_comment(item)


def test_ja_without_javascript_returns_to_the_item_with_thanks(nojs_page: Page) -> None:
    nojs_page.goto(ADVICE)
    # Asked again, the page comes from the response cache, gzipped with this visitor's token
    # in it (pianoo/gzip_chunks.py): Chromium unpacks it, and the vote below passes CSRF.
    again = nojs_page.goto(ADVICE)
    assert again is not None and again.header_value("content-encoding") == "gzip"
    item = tip(nojs_page, 2)
    anchor = item.get_attribute("id")
    item.get_by_role("button", name="Ja").click()
    expect(nojs_page).to_have_url(re.compile(rf"bedankt={re.escape(anchor)}#{re.escape(anchor)}$"))
    expect(nojs_page.locator(f"[id='{anchor}']")).to_contain_text("Bedankt voor uw reactie.")
    expect(nojs_page.locator(f"[id='{anchor}']").get_by_role("button", name="Ja")).to_have_count(0)


def test_nee_without_javascript_offers_a_comment_and_no_address_holds_a_token(nojs_page: Page) -> None:
    addresses: list[str] = []
    nojs_page.on("request", lambda request: addresses.append(request.url))
    nojs_page.goto(ADVICE)
    item = tip(nojs_page, 3)
    anchor = item.get_attribute("id")
    item.get_by_role("button", name="Nee").click()
    plain = re.compile(
        rf"/wegwijzer/advies/\?q1=1&q2=1&q3=1&q4=1&q5=1&bedankt={re.escape(anchor)}#{re.escape(anchor)}$"
    )
    expect(nojs_page).to_have_url(plain)
    item = nojs_page.locator(f"[id='{anchor}']")
    item.get_by_label("Wat miste u, of wat klopte er niet? (niet verplicht)").fill(COMMENT)
    item.get_by_role("button", name="Verstuur opmerking").click()
    expect(nojs_page).to_have_url(plain)
    expect(nojs_page.locator(f"[id='{anchor}']")).to_contain_text("Bedankt voor uw reactie.")
    expect(
        nojs_page.locator(f"[id='{anchor}']").get_by_role("button", name="Verstuur opmerking")
    ).to_have_count(0)
    token = nojs_page.context.cookies()
    assert not [c for c in token if c["name"] == "feedback_opmerking" and c["value"]]
    assert addresses and not [a for a in addresses if "reactie" in a or "token" in a]


def log_in(page: Page, admin_credentials: tuple[str, str]) -> None:
    username, password = admin_credentials
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_an_editor_finds_the_feedback_and_exports_it(page: Page, admin_credentials: tuple[str, str]) -> None:
    log_in(page, admin_credentials)

    page.goto("/admin/feedback/feedback/?q=tweede+tip")
    expect(page.get_by_text(re.compile("E2E-feedback")).first).to_be_visible()
    page.goto("/admin/feedback/feedback/?helpful__exact=1")  # only the "Ja" votes
    expect(page.get_by_role("heading", name="Feedback", level=1)).to_be_visible()
    expect(page.get_by_text(re.compile("E2E-feedback"))).to_have_count(0)

    export = page.request.get("/admin/feedback/feedback/?export=csv")
    assert export.ok
    text = export.text()
    assert COMMENT in text
    assert "q1=1&q2=1&q3=1&q4=1&q5=1" in text
    header = text.splitlines()[0]
    assert "Antwoorden of scores" in header and "Cel (naam)" in header
    assert "Vraag 1: " in text  # the answers in words


def test_the_dashboard_shows_what_visitors_find_useful(
    page: Page, admin_credentials: tuple[str, str]
) -> None:
    log_in(page, admin_credentials)
    page.goto("/admin/")
    page.get_by_role("button", name="Rapporten").click()
    page.get_by_role("link", name="Wat vinden bezoekers nuttig?").click()
    expect(page.get_by_role("heading", name="Wat vinden bezoekers nuttig?", level=1)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Ja en Nee per maand"))).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("Maand")
    expect(page.get_by_text(COMMENT).first).to_be_visible()
    # Keyboard only: choose a cell and show it.
    page.get_by_label("Cel", exact=True).focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Toon", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]cel="))
    expect(page.get_by_text("Alleen cel")).to_be_visible()
    axe_clean(page)
    page.set_viewport_size({"width": 375, "height": 812})  # a phone: the chart scrolls in its box
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_inbox_and_a_records_detail_pass_axe(page: Page, admin_credentials: tuple[str, str]) -> None:
    log_in(page, admin_credentials)
    page.goto("/admin/feedback/feedback/")
    expect(page.get_by_role("link", name="Fa · Fundering, algemeen")).to_be_visible()
    axe_clean(page)
    page.get_by_role("link", name="Inspecteer").first.click()
    expect(page.get_by_text("Tekst van het item (nu)")).to_be_visible()
    axe_clean(page)


def test_nee_on_a_checklist_result_item_offers_a_comment(page: Page) -> None:
    page.goto("/checklist/")
    page.get_by_role("group", name=re.compile(r"^Stelling 1\.1\b")).get_by_label(
        "1 – Oneens", exact=True
    ).check()
    page.get_by_role("button", name="Bekijk het resultaat").click()
    item = page.locator("li.item--tip").first
    say_nee_with_a_comment(item)
