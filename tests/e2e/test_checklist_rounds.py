"""Issue 12 as a visitor meets it: a GET result address, team rounds in separate browsers, a series
with read and manage links, the chart over 3 measurements, the .ics file; axe (all impacts) on
every new page type and no sideways scrolling at 320 px."""

from __future__ import annotations

import json
import re
import statistics
import urllib.request

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
LABELS = {1: "1 – Oneens", 2: "2 – Eerder oneens", 3: "3 – Eerder eens", 4: "4 – Helemaal eens"}


def axe_clean(page: Page) -> None:
    """axe-core with the WCAG 2.2 AA tags and best practice: no violation of any impact."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = results.response["violations"]
    lines = [
        f"{v['id']} ({v['impact']}): {n['target']} {n['html'][:120]}"
        for v in violations
        for n in v["nodes"][:3]
    ]
    assert not violations, f"axe on {page.url}:\n" + "\n".join(lines)


def no_sideways_scroll(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert width <= 320, f"{page.url}: scrollWidth {width} at 320 px"


def fill_in(page: Page, scores: dict[str, int]) -> None:
    for key, value in scores.items():
        statement = page.get_by_role("group", name=re.compile(rf"^Stelling {re.escape(key)}\b"))
        statement.get_by_label(LABELS[value], exact=True).check()


def test_a_result_address_reloads_and_shares_without_saving(page: Page, new_page) -> None:
    page.goto("/checklist/")
    fill_in(page, {"1.1": 4, "1.2": 1, "2.1": 2})
    page.get_by_role("button", name="Bekijk het resultaat").click()
    expect(page).to_have_url(re.compile(r"/checklist/resultaat/\?s1\.1=4&s1\.2=1&s2\.1=2$"))
    begin = page.locator(".cl-begin li")
    expect(begin).to_have_count(2)
    expect(begin.first).to_contain_text("Stelling 1.2")
    expect(page.locator("[data-band]").first).to_be_visible()
    folded = page.locator("#stelling-1-1 details[data-folded]")
    expect(folded).to_have_count(1)
    expect(folded).not_to_have_attribute("open", "")
    top_save = page.locator(".cl-save-top").get_by_role("button", name="Meting opslaan")
    expect(top_save).to_be_in_viewport()
    axe_clean(page)
    no_sideways_scroll(page)

    fresh = new_page()
    fresh.goto(page.url)
    expect(fresh.locator('[data-theme="1"] .cl-result-theme__score')).to_contain_text("2,5 van 4")
    fresh.reload()
    expect(fresh.locator(".cl-begin li").first).to_contain_text("Stelling 1.2")


def _api(server: str, path: str, data: object | None = None, method: str = "GET") -> tuple[int, dict]:
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(server + path, data=body, method=method)
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_a_team_round_in_separate_browsers_then_the_series(page: Page, new_page, server: str) -> None:
    # Start in the browser.
    page.goto("/checklist/")
    page.get_by_role("link", name="Start een groepsmeting").click()
    axe_clean(page)
    page.get_by_label("Naam van de groepsmeting").fill("Inkoop gemeente X, voorjaar 2027")
    page.get_by_role("button", name="Start de groepsmeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inkoop gemeente X, voorjaar 2027")
    coordinator = page.url.split("?")[0]
    participant = page.locator("[data-participant-link]").get_attribute("href")
    assert participant
    axe_clean(page)
    no_sideways_scroll(page)

    answers = [
        {"1.1": 1, "1.2": 3},
        {"1.1": 2, "1.2": 3},
        {"1.1": 4, "1.2": 4},
        {"1.1": 3},
        {"1.1": 3, "1.2": 1},
    ]
    browsers = []
    for number, scores in enumerate(answers):
        colleague = new_page()
        browsers.append(colleague)
        colleague.goto(participant)
        if number == 0:
            axe_clean(colleague)
            no_sideways_scroll(colleague)
        fill_in(colleague, scores)
        colleague.get_by_role("button", name="Antwoorden versturen").click()
        expect(colleague.get_by_role("status")).to_contain_text("Uw antwoorden zijn opgeslagen")
        assert coordinator.split("/")[-2] not in colleague.content()
        if number == 1:  # submits twice: back to the form and send it again
            colleague.go_back()
            colleague.reload()
            fill_in(colleague, scores)
            colleague.get_by_role("button", name=re.compile("versturen|opslaan", re.I)).click()
        if number == 2:
            axe_clean(colleague)  # one's own answers
        if number == 2:
            page.goto(coordinator)
            expect(page.locator('tr[data-statement="1.1"] [data-n]')).to_have_text("3")
            expect(page.locator('tr[data-statement="1.1"] [data-spread]')).to_contain_text("laagste 1")

    # Colleague 0 changes an answer through their own link.
    browsers[0].goto(participant)
    expect(browsers[0]).to_have_url(re.compile(r"/checklist/antwoord/"))
    fill_in(browsers[0], {"1.1": 2})
    browsers[0].get_by_role("button", name="Wijzigingen opslaan").click()
    answers[0]["1.1"] = 2

    page.goto(coordinator)
    for key in ("1.1", "1.2"):
        values = [a[key] for a in answers if key in a]
        row = page.locator(f'tr[data-statement="{key}"]')
        expect(row.locator("[data-n]")).to_have_text(str(len(values)))
        expect(row.locator("[data-median]")).to_have_text(f"{statistics.median(values):g}".replace(".", ","))
        expect(row.locator("[data-spread]")).to_contain_text(f"laagste {min(values)}")
        expect(row.locator("[data-spread]")).to_contain_text(f"hoogste {max(values)}")
        for v in (1, 2, 3, 4):
            expect(row.locator(f'[data-score="{v}"]')).to_have_text(f"{v}: {values.count(v)}×")
        expect(row.locator("[data-disagreement]")).to_have_count(1 if max(values) - min(values) >= 2 else 0)
    expect(page.locator("[data-participants]")).to_have_text("5")
    axe_clean(page)

    # The participant link cannot close or delete.
    token = participant.rstrip("/").split("/")[-1]
    browsers[1].goto(participant)  # redirected to its own answers, a page with a CSRF token
    csrf = browsers[1].locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    assert csrf
    for action in ("sluiten", "verwijderen"):
        response = browsers[1].request.post(
            f"/checklist/ronde/{token}/{action}/", form={"csrfmiddlewaretoken": csrf}
        )
        assert response.status == 404
    assert _api(server, f"/api/checklist/rounds/{token}/close/", method="POST")[0] == 404

    page.get_by_role("button", name="Groepsmeting sluiten").click()
    expect(page.get_by_role("status")).to_contain_text("gesloten")
    browsers[4].goto(participant)
    expect(browsers[4].locator("[data-closed]")).to_contain_text("gesloten")
    axe_clean(browsers[4])
    late = new_page()
    late.goto(participant)
    expect(late.locator("[data-closed]")).to_be_visible()

    # The series: two more measurements of one's own, then the chart over all three.
    page.locator(".cl-links a.cl-private-link[href*='/reeks/']").click()
    manage = page.url
    for scores in ({"1.1": 3, "2.1": 2, "3.1": 2}, {"1.1": 4, "2.1": 3, "3.1": 3}):
        page.goto(manage)
        page.get_by_role("link", name="Nieuwe meting in deze reeks").first.click()
        fill_in(page, scores)
        page.get_by_role("button", name="Bekijk het resultaat").click()
        page.locator(".cl-save-top").get_by_role("button", name="Opslaan in mijn meetreeks").click()
        expect(page).to_have_url(re.compile(r"/checklist/meting/"))
    axe_clean(page)
    no_sideways_scroll(page)  # the measurement page with its comparison table
    page.goto(manage)
    expect(page.locator(".cl-history tbody tr")).to_have_count(3)
    expect(page.locator("svg.cl-line__svg")).to_have_count(3)
    expect(page.locator("svg.cl-line__svg").first.locator("circle")).to_have_count(3)
    axe_clean(page)
    no_sideways_scroll(page)

    page.get_by_role("link", name="Naam of datum wijzigen van meting 2").click()
    axe_clean(page)
    page.get_by_label("Naam (mag leeg blijven)").fill("Nulmeting")
    page.get_by_label("Datum van de meting").fill("2026-06-01")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".cl-history")).to_contain_text("Nulmeting")

    with page.expect_download() as download:
        page.get_by_role("link", name="Zet een herinnering in mijn agenda over 6 maanden").click()
    calendar = Calendar.from_ical(download.value.path().read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert manage in str(event["description"])

    read = page.locator(".cl-links a.cl-private-link[href*='/bekijk/']").get_attribute("href")
    assert read
    viewer = new_page()
    viewer.goto(read)
    expect(viewer.locator("svg.cl-line__svg")).to_have_count(3)
    expect(viewer.get_by_role("link", name=re.compile("verwijderen", re.I))).to_have_count(0)
    expect(
        viewer.get_by_role("button", name=re.compile("verwijder|opslaan|start|wijzig", re.I))
    ).to_have_count(0)
    expect(viewer.locator("form[method=post]")).to_have_count(0)
    axe_clean(viewer)
    no_sideways_scroll(viewer)
    read_token = read.rstrip("/").split("/")[-1]
    page.goto(manage)
    csrf = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    assert csrf
    refused = page.request.post(
        f"/checklist/reeks/{read_token}/verwijderen/", form={"csrfmiddlewaretoken": csrf}
    )
    assert refused.status == 404
    page.goto(manage)
    expect(page.locator(".cl-history tbody tr")).to_have_count(3)


def test_a_round_works_without_javascript(nojs_page: Page, browser, server: str) -> None:
    status, started = _api(server, "/api/checklist/rounds/", {"name": "Zonder JavaScript"}, "POST")
    assert status == 201
    page = nojs_page
    page.goto(started["links"]["participant"])
    fill_in(page, {"2.2": 1})
    page.get_by_role("button", name="Antwoorden versturen").click()
    expect(page.get_by_role("status")).to_contain_text("opgeslagen")
    page.goto(started["links"]["coordinator"])
    expect(page.locator("[data-participants]")).to_have_text("1")
    page.get_by_role("button", name="Groepsmeting sluiten").click()
    expect(page.get_by_role("status")).to_contain_text("gesloten")
