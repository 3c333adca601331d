"""The checklist as visitors use it: scores, results, a saved series and its comparison."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

FIRST = {
    "1.1": "2 – Eerder oneens",
    "1.2": "3 – Eerder eens",
    "2.1": "3 – Eerder eens",
    "3.1": "4 – Helemaal eens",
}
# Theme 1 up (2,5 -> 4), theme 2 equal (3 -> 3), theme 3 down (4 -> 1).
SECOND = {
    "1.1": "4 – Helemaal eens",
    "1.2": "4 – Helemaal eens",
    "2.1": "3 – Eerder eens",
    "3.1": "1 – Oneens",
}


def fill_in(page: Page, scores: dict[str, str]) -> None:
    for key, label in scores.items():
        statement = page.get_by_role("group", name=re.compile(rf"^Stelling {re.escape(key)}\b"))
        statement.get_by_label(label, exact=True).check()


def test_fill_in_save_and_compare_a_second_measurement(page: Page, assert_accessible) -> None:
    page.goto("/checklist/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Checklist")
    assert_accessible(page)
    fill_in(page, FIRST)
    page.get_by_role("button", name="Bekijk het resultaat").click()

    expect(page).to_have_url(re.compile(r"/checklist/resultaat/\?s1\.1=2&"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw resultaat")
    expect(page.locator(".cl-method")).to_contain_text("niet ingevulde stellingen tellen niet mee")
    expect(page.locator('[data-theme="1"] .cl-result-theme__score')).to_contain_text("2,5 van 4")
    expect(page.get_by_role("img", name=re.compile("Grafiek van de scores bij thema 1"))).to_be_visible()
    keys = page.locator('.cl-result-theme[data-theme="1"] [data-statement]').evaluate_all(
        "els => els.map(e => e.dataset.statement)"
    )
    assert keys == ["1.1", "1.2", "1.3"]  # lowest first, unscored last
    assert_accessible(page)

    page.get_by_role("button", name="Meting opslaan").first.click()
    expect(page).to_have_url(re.compile(r"/checklist/meting/[A-Za-z0-9_-]{32}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uw meting van")
    assert_accessible(page)
    first_url = page.url

    page.get_by_role("link", name="Nieuwe meting in deze reeks").click()
    expect(page).to_have_url(re.compile(r"/checklist/reeks/[A-Za-z0-9_-]{32}/nieuw/$"))
    expect(page.get_by_label("2 – Eerder oneens", exact=True).first).not_to_be_checked()
    fill_in(page, SECOND)
    page.get_by_role("button", name="Bekijk het resultaat").click()
    page.get_by_role("button", name="Opslaan in mijn meetreeks").first.click()

    expect(page).to_have_url(re.compile(r"/checklist/meting/[A-Za-z0-9_-]{32}/$"))
    assert page.url != first_url
    comparison = page.locator(".cl-comparison__table")
    expect(comparison.locator('[data-theme="1"]')).to_contain_text("hoger")
    expect(comparison.locator('[data-theme="1"]')).to_contain_text("2,5")
    expect(comparison.locator('[data-theme="2"]')).to_contain_text("gelijk")
    expect(comparison.locator('[data-theme="3"]')).to_contain_text("lager")
    assert_accessible(page)

    page.locator('.cl-links a.cl-private-link[href*="/reeks/"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw meetreeks")
    expect(page.locator(".cl-history tbody tr")).to_have_count(2)
    assert_accessible(page)

    page.get_by_role("link", name="De hele meetreeks verwijderen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetreeks verwijderen?")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, verwijderen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("De meetreeks is verwijderd")
    response = page.goto(first_url)
    assert response is not None and response.status == 404


def test_the_checklist_works_without_javascript(nojs_page: Page) -> None:
    page = nojs_page
    page.goto("/checklist/")
    fill_in(page, {"2.2": "1 – Oneens"})
    page.get_by_role("button", name="Bekijk het resultaat").click()
    expect(page.locator('[data-theme="2"] .cl-result-theme__score')).to_contain_text("1 van 4")
    expect(page.locator('[data-theme="1"] .cl-result-theme__score')).to_contain_text("niet ingevuld")
    page.get_by_role("button", name="Meting opslaan").first.click()
    expect(page).to_have_url(re.compile(r"/checklist/meting/[A-Za-z0-9_-]{32}/$"))
