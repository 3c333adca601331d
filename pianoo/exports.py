"""Spreadsheet exports that a spreadsheet cannot execute.

A cell that starts with "=", "+", "-", "@", a tab or a carriage return is read as
a formula by Excel and LibreOffice when they open a CSV file (CSV injection):
a visitor's comment "=HYPERLINK(...)" would become a live link. Wagtail already
stores XLSX cells as text; for CSV such a value is prefixed with an apostrophe,
which spreadsheets show as text and do not display.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: Any) -> Any:
    """`value`, with a leading apostrophe if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCsvExportMixin:
    """For Wagtail's SpreadsheetExportMixin views: every CSV cell passes `neutralise_formula`."""

    def write_csv_row(self, writer: Any, row_dict: dict[str, Any]) -> Any:
        return writer.writerow(
            {
                field: neutralise_formula(self.preprocess_field_value(field, value, self.FORMAT_CSV))  # type: ignore[attr-defined]
                for field, value in row_dict.items()
            }
        )
