"""Taking checklist results along: result, round and series PDFs, series and plan CSV, Dutch errors."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from django.utils.formats import date_format
from pypdf import PdfReader

from checklist.models import Measurement, MeasurementSeries, PlanItem, Round, RoundResponse
from checklist.scoring import get_result, statement_keys, theme_infos
from checklist.scoring.series import measurement_theme_scores
from checklist.templatetags.checklist_tags import score_text
from checklist.views.common import score_query
from cms.models import Tip

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_db")]


def squash(text: str) -> str:
    return re.sub(r"[\s•\u200b]+", "", text)


def pdftotext(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def all_scores() -> dict[str, int]:
    return {key: (index % 4) + 1 for index, key in enumerate(statement_keys(theme_infos()))}


@pytest.fixture(scope="module")
def result_pdf(django_db_blocker, imported_db) -> bytes:
    with django_db_blocker.unblock():
        response = Client().get(f"/checklist/resultaat/pdf/?{score_query(all_scores())}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_result_pdf_holds_every_statement_with_its_score_and_tips_and_the_theme_results(result_pdf):
    text = squash(pdftotext(result_pdf))
    # Without the page footers and the addresses printed after links inside a tip's text.
    words = re.sub(r"PIANOo·Uwresultaatpagina\d+van\d+", "", text)
    words = re.sub(r"\((https?://[^()]*|adreseerderinditdocument)\)", "", words)
    result = get_result(all_scores())
    for theme in result.themes:
        assert squash(f"Thema {theme.number}: {theme.short_title}") in text
        for statement in theme.statements:
            assert squash(statement.text) in text
            assert squash(f"Uw score: {statement.score} – {statement.label}") in text
            for item in (*statement.block.tips, *statement.block.examples, *statement.block.references):
                assert squash(item.text) in words, item.id
    assert squash("Overzicht per thema") in text


def test_result_pdf_is_tagged_dutch_titled_and_names_its_address(result_pdf):
    reader = PdfReader(BytesIO(result_pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Uw resultaat | Checklist Organisatie Strategische Inkoop | PIANOo"
    first = squash(pdftotext(result_pdf).split("\f")[0])
    assert squash(f"http://testserver/checklist/resultaat/?{score_query(all_scores())}") in first
    assert "PIANOo,ExpertisecentrumAanbesteden" in first


def test_result_pdf_prints_each_address_once(result_pdf):
    # Items recur under several statements and tips carry links in their words and in
    # their links: still, each address is printed exactly once.
    text = squash(pdftotext(result_pdf))
    result = get_result(all_scores())
    urls = {
        squash(link.url)
        for theme in result.themes
        for statement in theme.statements
        for item in (*statement.block.tips, *statement.block.examples, *statement.block.references)
        for link in item.links
    }
    assert len(urls) > 20
    for url in urls:
        inside_longer = sum(text.count(other) for other in urls if other != url and url in other)
        assert text.count(url) - inside_longer == 1, url


@pytest.mark.parametrize(
    ("query", "status"), [("s1.1=5", 400), ("s9.9=1", 400), ("s1.1=abc", 400), ("", 400)]
)
def test_bad_scores_get_the_dutch_400_of_the_result_page(client, query, status):
    response = client.get(f"/checklist/resultaat/pdf/?{query}")
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert "<html" in response.content.decode() and 'lang="nl"' in response.content.decode()


def make_series() -> MeasurementSeries:
    series = MeasurementSeries.objects.create(name="Inkoop gemeente X")
    scores = all_scores()
    texts = {s.key: s.text for t in theme_infos() for s in t.statements}
    Measurement.objects.create(
        series=series, label="=Nulmeting", measured_on=date(2026, 3, 1), scores=scores, statements=texts
    )
    later = {key: min(4, value + 1) for key, value in scores.items()}
    Measurement.objects.create(
        series=series, label="Voorjaar", measured_on=date(2026, 9, 1), scores=later, statements=texts
    )
    tip = Tip.objects.filter(live=True).first()
    assert tip is not None
    PlanItem.objects.create(
        series=series, statement_key="1.1", tip=tip, tip_text=tip.text, note="+31 bellen", baseline_score=1
    )
    return series


def read_csv(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_series_csv_has_one_row_per_measurement_and_a_column_per_statement_and_theme(client):
    series = make_series()
    themes = theme_infos()
    for link in (f"reeks/{series.manage_token}", f"bekijk/{series.read_token}"):
        response = client.get(f"/checklist/{link}/csv/")
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        rows = read_csv(response.content)
        keys = statement_keys(themes)
        assert rows[0] == ["Meting", "Datum", "Soort", "Deelnemers"] + [f"Stelling {k}" for k in keys] + [
            f"Thema {t.number}: {t.short_title}" for t in themes
        ]
        assert len(rows) == 3
        assert rows[1][:3] == ["'=Nulmeting", "01-03-2026", "meting"]  # no formula
        assert rows[1][4 : 4 + len(keys)] == [str(v) for v in all_scores().values()]
        theme_cells = rows[1][4 + len(keys) :]
        assert all(re.fullmatch(r"\d(,\d+)?", cell) for cell in theme_cells)


def test_plan_csv_lists_the_planned_tips(client):
    series = make_series()
    rows = read_csv(client.get(f"/checklist/reeks/{series.manage_token}/actieplan/csv/").content)
    assert rows[0][:3] == ["Stelling", "Tip", "Notitie"]
    assert rows[1][0] == "1.1" and rows[1][2] == "'+31 bellen" and rows[1][4] == "1"


def test_series_pdf_holds_chart_table_ambitions_and_plan_under_the_read_link(client):
    series = make_series()
    response = client.get(f"/checklist/reeks/{series.manage_token}/pdf/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    text = pdftotext(response.content)
    assert "Verloop per thema" in text and "Actieplan" in text and "Ambitie" in text
    assert "+31 bellen" in text
    assert squash(f"/checklist/bekijk/{series.read_token}/") in squash(text)
    assert series.manage_token not in squash(text)  # the PDF is passed round: the read link only
    assert (
        b"/StructTreeRoot" in response.content
        or "/StructTreeRoot" in PdfReader(BytesIO(response.content)).trailer["/Root"]
    )
    assert "1 maart 2026" in text and "1 september 2026" in text


@pytest.mark.parametrize(
    "path",
    [
        "/checklist/reeks/{fake}/pdf/",
        "/checklist/bekijk/{fake}/pdf/",
        "/checklist/reeks/{fake}/csv/",
        "/checklist/reeks/{fake}/actieplan/csv/",
        "/checklist/meting/{fake}/pdf/",
        "/checklist/ronde/{fake}/pdf/",
    ],
)
def test_unknown_or_deleted_links_get_the_dutch_404(client, path):
    response = client.get(path.format(fake="x" * 32))
    assert response.status_code == 404
    assert "bestaat niet (meer)" in response.content.decode()


def test_a_deleted_series_pdf_is_a_404(client):
    series = make_series()
    token = series.manage_token
    series.delete()
    assert client.get(f"/checklist/reeks/{token}/pdf/").status_code == 404


def test_round_pdf_shows_the_round_result_without_any_link(client):
    series = make_series()
    round_ = Round.objects.create(series=series, name="Team inkoop", statements={})
    for offset in range(3):
        RoundResponse.objects.create(
            round=round_, scores={k: (v + offset - 1) % 4 + 1 for k, v in all_scores().items()}
        )
    response = client.get(f"/checklist/ronde/{round_.coordinator_token}/pdf/")
    assert response.status_code == 200
    text = pdftotext(response.content)
    assert "Groepsmeting: Team inkoop" in text
    assert "Resultaat van de groepsmeting" in text
    assert round_.coordinator_token not in squash(text) and round_.participant_token not in squash(text)


def test_pdfs_are_rate_limited(client, settings, monkeypatch):
    from checklist.views import exports

    settings.RATELIMIT_ENABLED = True
    measurement = make_series().measurements.first()
    monkeypatch.setattr(exports, "PDF_LIMIT", (0, 60))
    response = client.get(f"/checklist/meting/{measurement.token}/pdf/")
    assert response.status_code == 429
    assert "Te veel verzoeken" in response.content.decode()


def test_pages_offer_their_downloads(client):
    query = score_query(all_scores())
    page = client.get(f"/checklist/resultaat/?{query}").content.decode()
    assert f'href="/checklist/resultaat/pdf/?{query.replace("&", "&amp;")}"' in page
    series = make_series()
    manage = client.get(f"/checklist/reeks/{series.manage_token}/").content.decode()
    for suffix in ("pdf/", "csv/", "actieplan/csv/"):
        assert f'href="/checklist/reeks/{series.manage_token}/{suffix}"' in manage
    read = client.get(f"/checklist/bekijk/{series.read_token}/").content.decode()
    assert f'href="/checklist/bekijk/{series.read_token}/pdf/"' in read
    assert series.manage_token not in read


def pdf_pages(content: bytes) -> list[str]:
    return [page for page in pdftotext(content).split("\f") if page.strip()]


def checklist_pdfs(client) -> dict[str, tuple[bytes, str | None]]:
    """Each kind of checklist PDF with the title its metadata should carry."""
    series = make_series()
    measurement = series.measurements.first()
    assert measurement is not None
    round_ = Round.objects.create(series=series, name="Team inkoop", statements={})
    for offset in range(3):
        RoundResponse.objects.create(
            round=round_, scores={k: (v + offset - 1) % 4 + 1 for k, v in all_scores().items()}
        )
    paths = {
        "measurement": (f"/checklist/meting/{measurement.token}/pdf/", f"Meting: {measurement}"),
        "round": (f"/checklist/ronde/{round_.coordinator_token}/pdf/", "Groepsmeting: Team inkoop"),
        "series": (f"/checklist/reeks/{series.manage_token}/pdf/", None),
        "series-read": (f"/checklist/bekijk/{series.read_token}/pdf/", None),
    }
    pdfs = {}
    for kind, (path, title) in paths.items():
        response = client.get(path)
        assert response.status_code == 200, kind
        pdfs[kind] = (response.content, title)
    return pdfs


def test_every_checklist_pdf_is_tagged_dutch_titled_numbered_and_opens_with_its_title_block(client):
    for kind, (content, title) in checklist_pdfs(client).items():
        info = subprocess.run(
            ["pdfinfo", "-"], input=content, capture_output=True, check=True
        ).stdout.decode()
        assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), kind
        reader = PdfReader(BytesIO(content))
        assert reader.trailer["/Root"]["/Lang"] == "nl", kind
        assert reader.metadata.title.endswith("| Checklist Organisatie Strategische Inkoop | PIANOo"), kind
        if title:
            assert reader.metadata.title.startswith(title), kind
        pages = pdf_pages(content)
        first = pages[0]
        assert "PIANOo, Expertisecentrum Aanbesteden" in first, kind
        assert "Checklist Organisatie Strategische Inkoop" in first, kind
        assert re.search(r"Datum: \d{1,2} \w+ \d{4}", first), kind
        assert "Online:" in first, kind
        for number, page in enumerate(pages, start=1):
            assert f"pagina {number} van {len(pages)}" in page, kind


def test_the_series_pdf_draws_its_charts_as_vectors_with_their_numbers_in_a_table(client):
    content, _ = checklist_pdfs(client)["series"]
    reader = PdfReader(BytesIO(content))
    images = [
        name
        for page in reader.pages
        for name, xobject in (page["/Resources"].get("/XObject") or {}).items()
        if xobject.get_object().get("/Subtype") == "/Image"
    ]
    assert images == []  # the line charts are SVG, drawn as PDF paths
    text = squash(pdftotext(content))
    themes = theme_infos()
    for measurement in MeasurementSeries.objects.get().measurements.all():
        row = [
            score_text(v)
            for v in measurement_theme_scores(measurement.scores, measurement.theme_scores, themes)
        ]
        day = f"{measurement.measured_on.day} {date_format(measurement.measured_on, 'F Y')}"
        assert squash(day + "".join(row)) in text, day  # the numbers table, row by row
