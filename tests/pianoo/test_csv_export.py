"""pianoo/csv_export.py: CSV that Excel with Dutch settings opens cleanly, and that runs no formula."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pianoo.csv_export import csv_response, format_cell, number_cell, text_cell, to_csv


def read(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_bom_semicolons_and_decimal_commas():
    content = to_csv(["Meting", "Thema 1; strategie", "Gemiddelde"], [["één", 3, 2.5], ["twee", None, 2.0]])
    assert content.startswith("\ufeff".encode())
    assert b"\r\n" in content
    assert read(content) == [
        ["Meting", "Thema 1; strategie", "Gemiddelde"],
        ["één", "3", "2,5"],
        ["twee", "", "2"],
    ]


@pytest.mark.parametrize(
    "dangerous", ["=1+1", "+31 6", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")']
)
def test_text_that_would_run_as_a_formula_is_kept_as_text(dangerous):
    assert text_cell(dangerous) == "'" + dangerous
    assert read(to_csv(["a"], [[dangerous]]))[1] == ["'" + dangerous]


def test_header_is_neutralised_too():
    assert read(to_csv(["=cmd"], []))[0] == ["'=cmd"]


@given(st.text(alphabet=st.characters(blacklist_characters="\r\x00", blacklist_categories=("Cs",))))  # type: ignore[arg-type]
def test_any_text_survives_and_never_starts_a_formula(value):
    (cell,) = read(to_csv(["a"], [[value]]))[1] or [""]
    assert not cell.startswith(("=", "+", "-", "@", "\t"))
    assert cell == (("'" + value) if value.startswith(("=", "+", "-", "@", "\t")) else value)


def test_numbers_dates_and_empty():
    assert number_cell(2.3333333) == "2,33"
    assert number_cell(4) == "4"
    assert format_cell(None) == ""
    assert format_cell(date(2026, 3, 1)) == "01-03-2026"
    assert format_cell(datetime(2026, 3, 1, 9, 5)) == "01-03-2026 09:05"


def test_download_is_private():
    response = csv_response(b"x", "reeks.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="reeks.csv"'
    assert response["Cache-Control"] == "no-store"


def test_a_lone_surrogate_does_not_break_the_download():
    assert read(to_csv(["a"], [["x\ud800y"]]))[1] == ["x?y"]
