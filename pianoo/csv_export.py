"""CSV downloads for visitors, made to open cleanly in Excel with Dutch settings.

Excel in a Dutch locale reads a CSV by the locale's list separator (;) and decimal
separator (,), and takes the encoding from a byte order mark; without one it reads
UTF-8 as Windows-1252 and "één" turns into "Ã©Ã©n". So: UTF-8 with BOM, semicolons,
CRLF line ends (RFC 4180, the csv module's default) and numbers with a decimal comma.

Text that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
carriage return) gets a leading apostrophe (pianoo/exports.py, the one rule for every CSV
export). Numbers are written by us and never need it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.http import HttpResponse

from pianoo.exports import neutralise_formula

Cell = str | int | float | date | None

BOM = "\ufeff"
SEPARATOR = ";"


def text_cell(value: str) -> str:
    """A text value that a spreadsheet shows as text, never runs as a formula."""
    return str(neutralise_formula(value))


def number_cell(value: float, decimals: int = 2) -> str:
    """A number as Dutch Excel reads it: "2,5", "3"."""
    if isinstance(value, int):
        return str(value)
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def format_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        return number_cell(value)
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return text_cell(str(value))


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The table as CSV bytes for Excel with Dutch settings."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=SEPARATOR)
    writer.writerow([text_cell(name) for name in header])
    for row in rows:
        writer.writerow([format_cell(value) for value in row])
    return out.getvalue().encode("utf-8", "replace")  # a lone surrogate becomes "?", never a 500


def csv_response(content: bytes, filename: str) -> HttpResponse:
    """A private CSV download: not stored by caches, no referrer to other sites."""
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["X-Content-Type-Options"] = "nosniff"
    return response
