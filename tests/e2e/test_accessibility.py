"""axe-core on every public page type of the site shell and the wegwijzer."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

PAGES = {
    "home": ("/", 200),
    "wegwijzer": ("/wegwijzer/", 200),
    "wegwijzer-prefilled": ("/wegwijzer/?q1=2&q3=1", 200),
    "advice": ("/wegwijzer/advies/?q1=2&q2=1&q3=2&q4=1&q5=2", 200),
    "advice-unanswered": ("/wegwijzer/advies/", 200),
    "invalid-answers": ("/wegwijzer/advies/?q1=abc", 400),
    "not-found": ("/bestaat-niet/", 404),
    "toegankelijkheid": ("/toegankelijkheid/", 200),
}


@pytest.mark.parametrize(("path", "status"), PAGES.values(), ids=PAGES.keys())
def test_page_has_no_serious_accessibility_issues(page: Page, assert_accessible, path: str, status: int):
    response = page.goto(path)
    assert response is not None and response.status == status
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").count() == 1
    for landmark in ("banner", "main", "contentinfo"):
        assert page.get_by_role(landmark).count() == 1
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/wegwijzer/advies/?q1=2"])
def test_no_inline_scripts_or_styles(page: Page, path: str):
    page.goto(path)
    assert page.locator("script:not([src])").count() == 0
    assert page.locator("style").count() == 0
    assert page.locator("[style]").count() == 0


def test_narrow_screens_show_everything_without_horizontal_scrolling(new_page):
    page = new_page(viewport={"width": 360, "height": 740})
    for path in ("/", "/wegwijzer/", "/wegwijzer/advies/?q1=2&q2=1&q3=2&q4=1&q5=2"):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
