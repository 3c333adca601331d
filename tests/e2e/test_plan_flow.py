"""Ambitions, the action plan and the national picture as visitors and editors use them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, ViewportSize, expect

from tests.e2e.conftest import ROOT, describe_violations, server_database_env
from tests.e2e.test_editor_flow import log_in

pytestmark = pytest.mark.e2e

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SCORES = {"1.1": "1 – Oneens", "1.2": "2 – Eerder oneens", "1.3": "2 – Eerder eens", "2.1": "3 – Eerder eens"}


DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 375, "height": 812}
SCREENSHOTS = os.environ.get("E2E_SCREENSHOT_DIR", "")


def assert_no_violations(page: Page, *, same_context: bool = False) -> None:
    """axe-core with the WCAG 2.2 AA and best-practice tags, at desktop and phone width:
    no violations of any impact, and no sideways scrolling (WCAG 1.4.10 reflow).

    axe-core is a script: in a context with JavaScript disabled it never answers. So it runs on
    the same address in a fresh page of the same browser (these addresses carry their state), or,
    with `same_context` (a logged-in editor, JavaScript on), in a new page of the same context.
    With E2E_SCREENSHOT_DIR set, each checked page is also saved there at both widths.
    """
    browser = page.context.browser
    assert browser is not None
    checker = page.context.new_page() if same_context else browser.new_page(base_url=None)
    problems = []
    try:
        checker.goto(page.url)
        for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
            checker.set_viewport_size(size)
            if SCREENSHOTS:
                address = urlsplit(page.url)
                slug = re.sub(r"[^a-z0-9]+", "-", f"{address.path}-{address.query}".lower()).strip("-")[-70:]
                checker.screenshot(path=str(Path(SCREENSHOTS) / f"{slug}-{name}.png"), full_page=True)
            width = checker.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if width[0] > width[1]:
                problems.append(f"{name}: the page scrolls sideways ({width[0]} px wide in {width[1]} px)")
            results = Axe().run(
                checker, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
            )
            if results.response["violations"]:
                problems.append(f"{name}:\n{describe_violations(results.response['violations'])}")
    finally:
        checker.close()
    assert not problems, f"axe-core on {page.url}:\n" + "\n".join(problems)


def fill_in(page: Page, scores: dict[str, str]) -> None:
    for key, label in scores.items():
        statement = page.get_by_role("group", name=re.compile(rf"^Stelling {re.escape(key)}\b"))
        statement.get_by_label(re.compile(rf"^{label[0]} –"), exact=False).check()


def save_measurement(page: Page, opt_in_kind: str = "") -> str:
    page.goto("/checklist/")
    fill_in(page, SCORES)
    page.get_by_role("button", name="Bekijk het resultaat").click()
    if opt_in_kind:
        form = page.get_by_role("region", name="Meting bewaren en later vergelijken")
        form.get_by_label("Ja, tel anoniem mee").check()
        form.get_by_label("Soort organisatie").select_option(opt_in_kind)
        form.get_by_role("button", name="Meting opslaan").press("Enter")
    else:
        page.get_by_role("button", name="Meting opslaan").first.click()
    expect(page).to_have_url(re.compile(r"/checklist/meting/[A-Za-z0-9_-]{32}/$"))
    href = page.locator("a[href*='/checklist/reeks/']").evaluate_all(
        "els => els.map(e => e.getAttribute('href')).filter(h => /\\/reeks\\/[A-Za-z0-9_-]{32}\\/$/.test(h))"
    )
    assert href, "no manage link on the measurement page"
    return href[0]


def test_ambition_plan_and_national_pages_by_keyboard_without_javascript(nojs_page: Page) -> None:
    page = nojs_page
    series = save_measurement(page, opt_in_kind="waterschap")
    page.goto(f"{series}ambitie/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ambitie van uw organisatie")
    assert_no_violations(page)
    page.get_by_label("Ambitie voor het thema").first.select_option("4")
    page.get_by_role("button", name="Ambitie opslaan").press("Enter")

    expect(page).to_have_url(re.compile(r"/actieplan/\?opgeslagen=ambitie"))
    expect(page.get_by_role("status")).to_contain_text("De ambitie is opgeslagen")
    first = page.locator(".cl-plan-row").first
    expect(first.get_by_role("heading")).to_contain_text("Stelling 1.1")
    expect(first).to_contain_text("3 punten onder uw ambitie")
    assert_no_violations(page)
    # Statement 1.1 has no tips in the source, and says so; the next row down has one to take up.
    expect(first).to_contain_text("Bij deze stelling staan nog geen tips")
    expect(first.locator("form")).to_have_count(0)
    row = page.locator(".cl-plan-row").filter(has=page.locator("form.cl-take-up")).first
    expect(row).to_contain_text("punten onder uw ambitie")
    heading = row.get_by_role("heading").first.inner_text()
    match = re.match(r"Stelling (\d+\.\d+):", heading)
    assert match, heading
    planned_key = match.group(1)
    before = SCORES[planned_key][0]
    tip = row.locator(".cl-plan-tip").filter(has=page.locator("form")).first
    # <details> opens by keyboard without JavaScript: focus its summary, press Enter.
    tip.get_by_text("Notitie of streefdatum toevoegen").press("Enter")
    expect(tip.locator("details")).to_have_attribute("open", "")
    tip.get_by_label("Notitie").fill("x" * 501)  # maxlength holds it to 500 in a browser
    expect(tip.get_by_label("Notitie")).to_have_value("x" * 500)
    tip.get_by_label("Streefdatum").fill("2027-06-30")
    tip.get_by_role("button", name="Pakken we op").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("De tip staat in het plan")
    expect(page.locator(".cl-plan .cl-plan-item")).to_have_count(1)
    expect(page.locator(".cl-plan")).to_contain_text("30 juni 2027")
    assert_no_violations(page)

    # Later: change the date of the planned tip, by keyboard.
    planned = page.locator(".cl-plan .cl-plan-item").first
    planned.get_by_text("Notitie of streefdatum wijzigen").press("Enter")
    planned.get_by_label("Streefdatum").fill("2027-09-30")
    planned.get_by_role("button", name="Wijziging opslaan").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("zijn gewijzigd")
    expect(page.locator(".cl-plan")).to_contain_text("30 september 2027")
    expect(page.locator(".cl-plan .cl-plan-item")).to_have_count(1)

    expect(page.locator("#landelijk")).to_be_visible()
    expect(page.locator(".cl-national-optin")).to_contain_text("telt anoniem mee")

    # The next measurement shows what was planned.
    page.goto(f"{series}nieuw/")
    fill_in(page, {"1.1": "2 – Eerder oneens", planned_key: "4 – Eens"})
    page.get_by_role("button", name="Bekijk het resultaat").click()
    page.get_by_role("button", name=re.compile("Opslaan in mijn meetreeks|Meting opslaan")).first.click()
    expect(page.locator(".cl-planned")).to_contain_text(f"gestegen van {before} naar 4")
    expect(page.locator("section.card.cl-overview")).to_contain_text("onder uw ambitie")
    expect(page.locator("section.card.cl-overview")).to_contain_text("nog te weinig deelnemers")
    assert_no_violations(page)


@pytest.fixture(scope="session")
def national_group(server: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """12 series of gemeenten opted in (bench/national_data.py, smaller), so the group is shown;
    the first has ambitions and a plan. Its measurement, manage and read tokens."""
    env = {**server_database_env(tmp_path_factory), "BENCH_NATIONAL_COUNT": "12"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "national_data.py"), "create"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"bench/national_data.py create failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_national_picture_on_results_plan_and_read_link_is_accessible(
    page: Page, national_group: dict[str, str]
) -> None:
    page.goto(f"/checklist/meting/{national_group['measurement']}/")
    overview = page.locator("section.card.cl-overview")
    expect(overview).to_contain_text("Het landelijk beeld van gemeenten")
    expect(overview).to_contain_text(re.compile(r"bij 12 gemeenten is de mediaan \d,\d; de middelste helft"))
    expect(overview.locator("svg desc").first).to_contain_text("mediaan")
    assert_no_violations(page)

    # Another kind to compare with, by the GET form: too few of those.
    page.goto(f"/checklist/meting/{national_group['measurement']}/?soort=provincie")
    expect(page.locator("section.card.cl-overview")).to_contain_text("nog te weinig deelnemers")
    assert_no_violations(page)

    page.goto(f"/checklist/reeks/{national_group['manage']}/actieplan/")
    expect(page.locator(".cl-plan .cl-plan-item").first).to_be_visible()
    expect(page.locator(".cl-national-optin")).to_contain_text("telt anoniem mee")
    assert_no_violations(page)

    page.goto(f"/checklist/bekijk/{national_group['read']}/")
    expect(page.locator(".cl-plan-item").first).to_be_visible()
    expect(page.locator("form[method=post]")).to_have_count(0)
    assert_no_violations(page)


def test_series_result_address_chooses_a_kind_by_keyboard(page: Page, national_group: dict[str, str]) -> None:
    """The result opened from a series has the kind selector too: a GET form, no script needed."""
    base = f"/checklist/reeks/{national_group['manage']}/resultaat/"
    page.goto(f"{base}?s1.1=2&s1.2=3")
    overview = page.locator("section.card.cl-overview")
    expect(overview).to_contain_text(re.compile(r"bij 12 gemeenten is de mediaan"))
    page.locator("#soort").focus()
    page.keyboard.type("Provincie")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Vergelijk")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"soort=provincie"))
    assert page.url.endswith(f"{base}?s1.1=2&s1.2=3&soort=provincie")
    expect(page.locator("section.card.cl-overview")).to_contain_text("nog te weinig deelnemers")
    expect(page.locator("section.card.cl-overview")).not_to_contain_text("is de mediaan")
    assert_no_violations(page)


def test_admin_national_picture_is_accessible(
    page: Page, admin_credentials: tuple[str, str], national_group: dict[str, str]
) -> None:
    username, password = admin_credentials
    log_in(page, username, password)
    page.goto("/admin/landelijk-beeld/")
    expect(page.get_by_role("heading", name="Landelijk beeld", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Download als CSV")).to_be_visible()
    expect(page.locator("main")).to_contain_text("minder dan 10")
    expect(page.locator("main")).to_contain_text("Gemeente")
    assert_no_violations(page, same_context=True)
