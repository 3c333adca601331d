"""Page heights, Tab presses and printed pages of the advice and home pages, measured in Chromium.

Usage, against a running site (`make run` serves http://127.0.0.1:8000):

    .venv/bin/python bench/page_heights.py [BASE_URL] [--screenshots DIR]

For each answer set it prints the advice page's height as first shown and with every
leeswijzer open, at 1280x900 and 375x812, whether every tip is visible without opening
anything, the Tab presses from the top of the page to the general feedback form, and the
number of A4 pages Chromium prints (page.pdf(), counted with pdfinfo). For the home page it
prints where the way into both tools ends, against the height of the first screen.
Debian's /usr/bin/chromium drives it; Playwright never downloads a browser.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
PDFINFO = "/usr/bin/pdfinfo"  # poppler-utils
VIEWPORTS = {"desktop": (1280, 900), "phone": (375, 812)}
ANSWER_SETS = {
    "worked example": "q1=2&q2=1&q3=2&q4=1&q5=2",
    "all second answers": "q1=2&q2=2&q3=2&q4=2&q5=2",
    "issue's 2,2,2,1,1": "q1=2&q2=2&q3=2&q4=1&q5=1",
}


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def height(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollHeight"))


def hidden_tips(page: Page) -> int:
    """Tips not rendered at first view (inside a closed <details>, or display: none)."""
    return int(
        page.evaluate(
            "[...document.querySelectorAll('.item--tip')].filter(el => !el.checkVisibility()).length"
        )
    )


def tabs_to_feedback(page: Page, limit: int = 40) -> int | None:
    """Tab presses from the top of the page until focus is in the feedback form.

    A focused link whose name speaks of the feedback form is followed (Enter), as a keyboard
    user would; that Enter is not counted as a Tab press.
    """
    page.evaluate("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => {
                const el = document.activeElement;
                return {
                    inForm: !!el.closest('#algemene-feedback form'),
                    feedbackLink: el.tagName === 'A' && el.getAttribute('href') === '#algemene-feedback',
                };
            }"""
        )
        if state["inForm"]:
            return presses
        if state["feedbackLink"]:
            page.keyboard.press("Enter")
    return None


def printed_pages(page: Page) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        page.pdf(path=pdf.name, format="A4")
        info = subprocess.run(  # noqa: S603 - our own temporary file
            [PDFINFO, pdf.name], capture_output=True, text=True, check=True
        ).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(match.group(1)) if match else -1


def measure_advice(browser, base: str, name: str, query: str, shots: Path | None) -> None:
    url = f"{base}/wegwijzer/advies/?{query}"
    for label, (width, tall) in VIEWPORTS.items():
        context = browser.new_context(viewport={"width": width, "height": tall}, locale="nl-NL")
        page = context.new_page()
        page.goto(url)
        first = height(page)
        hidden = hidden_tips(page)
        tips = page.locator(".item--tip").count()
        if shots:
            page.screenshot(path=str(shots / f"advice-{label}-{query}.png"))
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        unfolded = height(page)
        page.goto(url)
        tabs = tabs_to_feedback(page)
        say(
            f"advice {name:<20} {label:<7} first view {first:>6} px, unfolded {unfolded:>6} px, "
            f"tips {tips} ({hidden} hidden), Tab presses to the feedback form: {tabs}"
        )
        context.close()
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(url)
    say(f"advice {name:<20} print   {printed_pages(page)} A4 pages")
    context.close()


def measure_home(browser, base: str, shots: Path | None) -> None:
    for label, (width, tall) in VIEWPORTS.items():
        context = browser.new_context(viewport={"width": width, "height": tall}, locale="nl-NL")
        page = context.new_page()
        page.goto(f"{base}/")
        bottoms = page.evaluate(
            """() => [...document.querySelectorAll('.tools .card')].map(card => {
                const r = card.getBoundingClientRect();
                return Math.round(r.bottom + window.scrollY);
            })"""
        )
        if shots:
            page.screenshot(path=str(shots / f"home-{label}.png"))
        say(f"home {label:<7} tool cards end at {bottoms} px; first screen {tall} px; page {height(page)} px")
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--screenshots", type=Path, help="write first-view screenshots here")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        measure_home(browser, base, args.screenshots)
        for name, query in ANSWER_SETS.items():
            measure_advice(browser, base, name, query, args.screenshots)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
