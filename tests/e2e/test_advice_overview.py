"""The advice as a visitor reads it: reasons, overview first, the way around, Wijzig, print, the way in."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.conftest import describe_violations

pytestmark = pytest.mark.e2e

WORKED_EXAMPLE = "q1=2&q2=1&q3=2&q4=1&q5=2"
ANSWER_SETS = [WORKED_EXAMPLE, "q1=2&q2=2&q3=2&q4=1&q5=1", "q1=1&q2=2&q3=1&q4=2&q5=1"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def all_violations(page: Page) -> list[dict]:
    """Every axe-core violation of the WCAG 2.2 AA and best-practice tags, whatever its impact."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(
    ("path", "unfold"),
    [
        ("/", False),
        ("/wegwijzer/", False),
        (f"/wegwijzer/?{WORKED_EXAMPLE}#vraag-3", False),
        (f"/wegwijzer/advies/?{WORKED_EXAMPLE}", False),
        (f"/wegwijzer/advies/?{WORKED_EXAMPLE}", True),
    ],
    ids=["home", "form", "form-at-question", "advice-folded", "advice-unfolded"],
)
def test_no_axe_violations_of_any_impact(new_page, viewport, path, unfold):
    page = new_page(viewport=viewport)
    page.goto(path)
    if unfold:
        page.get_by_role("button", name="Alles openklappen").click()
        expect(page.locator("details[data-leeswijzer]:not([open])")).to_have_count(0)
    violations = all_violations(page)
    assert not violations, describe_violations(violations)


@pytest.mark.parametrize("query", ANSWER_SETS)
def test_each_answer_label_stands_as_the_reason_next_to_its_tips(page: Page, query):
    api = page.request.get(f"/api/wegwijzer/advice/?{query}").json()
    page.goto(f"/wegwijzer/advies/?{query}")
    for activity in api["activities"]:
        for block in activity["blocks"]:
            element = page.locator(f"#advies-{block['cell']}")
            reason = block["reason"]
            words = f"Omdat u antwoordde: {reason['label']}" if reason else "Voor elke inkoopsituatie"
            expect(element.get_by_role("heading", level=3)).to_have_text(words)
    # Every tip is visible without opening anything.
    tips = page.locator(".item--tip")
    assert tips.count() > 0
    hidden = page.evaluate(
        "[...document.querySelectorAll('.item--tip')].filter(t => !t.checkVisibility()).length"
    )
    assert hidden == 0


def test_the_leeswijzer_opens_without_javascript_and_print_shows_everything(nojs_page: Page):
    nojs_page.goto(f"/wegwijzer/advies/?{WORKED_EXAMPLE}")
    details = nojs_page.locator("details[data-leeswijzer]").first
    item = details.locator(".item").first
    expect(item).to_be_hidden()
    summary = details.locator("summary")
    expect(summary).to_have_text(re.compile(r"^Leeswijzer: \d+ (voorbeeld|referentie)"))
    summary.click()
    expect(item).to_be_visible()
    # The "Alles openklappen" button needs JavaScript, so without it there is none.
    expect(nojs_page.get_by_role("button", name="Alles openklappen")).to_be_hidden()
    nojs_page.emulate_media(media="print")
    closed = nojs_page.locator("details[data-leeswijzer]:not([open]) .item").first
    expect(closed).to_be_visible()


def test_alles_openklappen_opens_and_closes_everything_and_says_so(page: Page):
    page.goto(f"/wegwijzer/advies/?{WORKED_EXAMPLE}")
    button = page.get_by_role("button", name="Alles openklappen")
    expect(button).to_have_attribute("aria-expanded", "false")
    y = page.evaluate("window.scrollY")
    button.click()
    expect(page.locator("details[data-leeswijzer]:not([open])")).to_have_count(0)
    expect(page.get_by_role("button", name="Alles dichtklappen")).to_have_attribute("aria-expanded", "true")
    expect(page.locator("[data-toggle-status]")).to_contain_text("opengeklapt")
    assert page.evaluate("window.scrollY") == y  # nothing jumps
    page.get_by_role("button", name="Alles dichtklappen").click()
    expect(page.locator("details[data-leeswijzer][open]")).to_have_count(0)
    expect(page.locator("[data-toggle-status]")).to_contain_text("dichtgeklapt")


@pytest.mark.parametrize(("viewport", "limit"), [(DESKTOP, 9_000), (PHONE, 16_000)], ids=["desktop", "phone"])
def test_the_worked_example_is_short_at_first_view(new_page, viewport, limit):
    page = new_page(viewport=viewport)
    page.goto(f"/wegwijzer/advies/?{WORKED_EXAMPLE}")
    assert page.evaluate("document.documentElement.scrollHeight") <= limit


def test_no_item_is_shown_twice(page: Page):
    page.goto(f"/wegwijzer/advies/?{WORKED_EXAMPLE}")
    items = page.locator("[data-item]").evaluate_all("els => els.map(e => e.dataset.item)")
    assert len(items) == len(set(items))
    also = page.locator(".item__also")
    assert also.count() >= 1
    expect(also.first).to_contain_text("Ook van toepassing bij:")


def test_a_keyboard_user_reaches_the_feedback_form_in_at_most_five_tabs(page: Page):
    page.goto(f"/wegwijzer/advies/?{WORKED_EXAMPLE}")
    presses = 0
    while presses < 5:
        page.keyboard.press("Tab")
        presses += 1
        focused = page.evaluate(
            "[document.activeElement.getAttribute('href'), !!document.activeElement.closest('#algemene-feedback form')]"
        )
        if focused[1]:
            break
        if focused[0] == "#algemene-feedback":
            page.keyboard.press("Enter")
    assert page.evaluate("!!document.activeElement.closest('#algemene-feedback form')"), presses
    assert presses <= 5


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_each_wijzig_link_opens_the_form_at_its_question_with_all_answers(new_page, javascript):
    page = new_page(java_script_enabled=javascript)
    for number in (1, 3, 5):
        page.goto(f"/wegwijzer/advies/?{WORKED_EXAMPLE}")
        page.get_by_role("link", name=f"Wijzig het antwoord op vraag {number}").click()
        expect(page).to_have_url(re.compile(rf"/wegwijzer/\?{re.escape(WORKED_EXAMPLE)}#vraag-{number}$"))
        focused_in = page.evaluate(
            "document.activeElement.closest('fieldset') && document.activeElement.closest('fieldset').id"
        )
        assert focused_in == f"vraag-{number}"
        assert page.locator("input[type=radio]:checked").count() == 5
    page.get_by_role("link", name="Begin opnieuw").click()
    expect(page).to_have_url(re.compile(r"/wegwijzer/$"))
    assert page.locator("input[type=radio]:checked").count() == 0


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_home_page_shows_both_tools_above_the_fold(new_page, viewport):
    page = new_page(viewport=viewport)
    page.goto("/")
    for name in ("Start de Wegwijzer", "Start de Checklist"):
        box = page.get_by_role("link", name=name).bounding_box()
        assert box is not None and box["y"] + box["height"] <= viewport["height"], name
    for card in page.locator(".tool").all():
        box = card.bounding_box()
        assert box is not None and box["y"] + box["height"] <= viewport["height"]
    text = page.locator("main").inner_text()
    for words in ("in dit document in MS Word format", "(V)", "Op het eind van dit document"):
        assert words not in text
    expect(page.get_by_role("heading", name="Over het onderzoek")).to_be_attached()
