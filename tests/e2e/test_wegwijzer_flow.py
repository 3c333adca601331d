"""The wegwijzer as visitors use it: from the landing page to advice, and back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

# The worked example of section V (answers deduced from V.2, see
# tests/wegwijzer/test_worked_example.py), entered by the source's answer labels.
EXAMPLE_QUERY = "q1=2&q2=1&q3=2&q4=1&q5=2"

ANSWERS = [
    "Complex / Uniek / Innovatief",
    "Veel aanbieders in de markt (≥5)",
    "Focus vooral op innovatie en duurzaamheid",
    "Voldoende capaciteit en expertise binnen de afdeling die behoefte heeft",
    "Geen aanwezigheid natuurlijke samenwerkingspartners",
]


def answer_all(page: Page, labels: list[str]) -> None:
    for label in labels:
        page.get_by_label(label, exact=True).check()


def advice_cells(page: Page) -> list[str]:
    return page.locator("[data-cell]").evaluate_all("els => els.map(e => e.dataset.cell)")


def walk_the_wegwijzer(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Start de Wegwijzer").click()
    expect(page).to_have_url(re.compile(r"/wegwijzer/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wegwijzer")
    answer_all(page, ANSWERS)
    page.get_by_role("button", name="Toon mijn advies").click()

    expect(page).to_have_url(re.compile(r"/wegwijzer/advies/\?q1=2&q2=1&q3=2&q4=1&q5=2$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw advies")
    for name in ("Fundering", "Analyse", "Specificatie", "Uitvoering"):
        expect(page.get_by_role("heading", level=2, name=name)).to_be_visible()
    expect(page.locator(".item--tip").first).to_be_visible()
    assert "S32" in advice_cells(page)
    summary = page.locator(".summary-list")
    for label in ANSWERS:
        expect(summary).to_contain_text(label)

    # Change one answer: the form comes back pre-filled.
    page.get_by_role("link", name="Wijzig het antwoord op vraag 3").click()
    expect(page).to_have_url(re.compile(r"/wegwijzer/\?q1=2&q2=1&q3=2&q4=1&q5=2#vraag-3$"))
    for label in ANSWERS:
        expect(page.get_by_label(label, exact=True)).to_be_checked()
    page.get_by_label("Focus vooral op kostenefficiëntie", exact=True).check()
    page.get_by_role("button", name="Toon mijn advies").click()

    expect(page).to_have_url(re.compile(r"/wegwijzer/advies/\?q1=2&q2=1&q3=1&q4=1&q5=2$"))
    expect(page.locator(".summary-list")).to_contain_text("Focus vooral op kostenefficiëntie")
    cells = advice_cells(page)
    assert "S31" in cells or "F31" in cells or "A31" in cells or "U31" in cells
    assert not any(cell.endswith("32") for cell in cells)


def test_from_the_landing_page_to_advice_and_back(page: Page):
    walk_the_wegwijzer(page)


def test_the_worked_example_entered_through_the_form_shows_v2s_tips(page: Page, document):
    page.goto("/wegwijzer/")
    answer_all(page, ANSWERS)
    page.get_by_role("button", name="Toon mijn advies").click()
    for code, tips in document.worked_example.tips.items():
        section = page.locator(f"#activiteit-{code}")
        shown = [" ".join(t.split()) for t in section.locator(".item--tip").all_inner_texts()]
        for tip, text in zip(tips, shown, strict=True):
            assert text.startswith(" ".join(tip.split()).rstrip(".")[:120])


def test_the_same_flow_works_without_javascript(nojs_page: Page):
    walk_the_wegwijzer(nojs_page)
    # Without JavaScript the print button stays hidden and there is no counter.
    expect(nojs_page.get_by_role("button", name="Print dit advies")).to_be_hidden()


def test_the_landing_page_links_to_both_tools(page: Page):
    page.goto("/")
    expect(page.get_by_role("link", name=re.compile("Wegwijzer")).first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Checklist")).first).to_be_visible()
    figure = page.get_by_role("figure")
    for theme in ("Strategie", "Processen", "Mensen, middelen en cultuur"):
        expect(figure).to_contain_text(theme)


def test_a_shared_advice_link_shows_the_same_advice_in_a_fresh_browser(page: Page, new_page):
    page.goto("/wegwijzer/advies/?" + EXAMPLE_QUERY)
    first = page.locator("main").inner_text()
    cells = advice_cells(page)
    assert cells

    other = new_page()
    other.goto(page.url)
    assert other.locator("main").inner_text() == first
    assert advice_cells(other) == cells
    other.reload()
    assert advice_cells(other) == cells


def test_unanswered_questions_still_give_general_advice(page: Page):
    page.goto("/wegwijzer/")
    page.get_by_label("Complex / Uniek / Innovatief", exact=True).check()
    page.get_by_role("button", name="Toon mijn advies").click()
    expect(page).to_have_url(re.compile(r"/wegwijzer/advies/\?q1=2$"))
    expect(page.locator(".summary-list")).to_contain_text("niet beantwoord")
    assert {"Fa", "Aa", "Sa", "Ua"} <= set(advice_cells(page))


def test_keyboard_only_answering_and_submitting(page: Page):
    page.goto("/wegwijzer/")
    # The skip link is the first stop and leads to the content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Direct naar de inhoud")).to_be_focused()

    first = page.get_by_label("Standaard / Commodity / Herhaaldelijk Ingekocht", exact=True)
    for _ in range(30):
        page.keyboard.press("Tab")
        if first.evaluate("el => el === document.activeElement"):
            break
    expect(first).to_be_focused()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    # Arrow keys move within the radio group and select.
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Complex / Uniek / Innovatief", exact=True)).to_be_checked()
    # Tab leaves the group to question 2; select its second answer with the arrows.
    page.keyboard.press("Tab")
    expect(page.get_by_label("Veel aanbieders in de markt (≥5)", exact=True)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Weinig aanbieders in de markt (<5)", exact=True)).to_be_checked()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/wegwijzer/advies/\?q1=2&q2=2$"))
    # The focus indicator is visible: a real outline on the focused element.
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_the_progress_counter_follows_the_answers(page: Page):
    page.goto("/wegwijzer/")
    progress = page.locator("[data-progress]")
    expect(progress).to_have_text("U heeft 0 van de 5 vragen beantwoord.")
    page.get_by_label("Complex / Uniek / Innovatief", exact=True).check()
    expect(progress).to_have_text("U heeft 1 van de 5 vragen beantwoord.")


def test_print_button_and_print_styles(page: Page):
    page.goto("/wegwijzer/advies/?" + EXAMPLE_QUERY)
    button = page.get_by_role("button", name="Print dit advies")
    expect(button).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
    # Each address printed once: after a titled link, not after one that reads as its address.
    titled = page.locator("a.external:not(.external--url)").first
    assert "http" in titled.evaluate("a => getComputedStyle(a, '::after').content")
    bare = page.locator("a.external--url").first
    assert bare.evaluate("a => getComputedStyle(a, '::after').content") == "none"
    assert bare.evaluate("a => a.textContent.startsWith(a.getAttribute('href'))")


def test_external_links_say_they_leave_the_site(page: Page):
    page.goto("/wegwijzer/advies/?" + EXAMPLE_QUERY)
    links = page.locator("main a[href^='http']")
    assert links.count() > 0
    for i in range(min(links.count(), 20)):
        link = links.nth(i)
        assert "(externe link)" in (link.text_content() or "")  # also inside a folded leeswijzer
        assert link.get_attribute("rel") == "noopener noreferrer"


def test_invalid_answers_get_a_dutch_400_page(page: Page):
    response = page.goto("/wegwijzer/advies/?q1=3")
    assert response is not None and response.status == 400
    expect(page.get_by_role("heading", level=1)).to_contain_text("niet lezen")
    page.get_by_role("link", name="Terug naar de vragen").click()
    expect(page).to_have_url(re.compile(r"/wegwijzer/$"))


def test_pages_are_served_with_collected_static_files(page: Page):
    response = page.goto("/")
    assert response is not None and response.ok
    css = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    assert css and re.search(r"/static/cms/css/site\.[0-9a-f]{12}\.css$", css)
    assert page.request.get(css).ok
