"""Cell keys: one module builds and parses them (cms/cell_keys.py)."""

from __future__ import annotations

import pytest

from cms import cell_keys
from cms.cell_keys import CellKey


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("S32", CellKey(activity="S", question=3, answer=2)),
        ("Fa", CellKey(activity="F")),
        ("2.1", CellKey(theme=2, statement=1)),
        ("12.10", CellKey(theme=12, statement=10)),
    ],
)
def test_parse_and_build_round_trip(text, expected):
    assert cell_keys.parse(text) == expected
    assert str(expected) == text


@pytest.mark.parametrize("text", ["s32", " fa ", "S33", "X32", "S02", "2.0", "2.", "S3", "", "S32 "])
def test_strict_parse_refuses_anything_not_stored_that_way(text):
    assert cell_keys.parse(text) is None


def test_lenient_parse_reads_what_editors_type():
    assert cell_keys.parse(" s32 ", lenient=True) == CellKey(activity="S", question=3, answer=2)
    assert cell_keys.parse("fa", lenient=True) == CellKey(activity="F")
    assert cell_keys.parse("tip", lenient=True) is None


def test_build_names_general_cells_with_a():
    assert cell_keys.build("U", None, None) == "Ua"
    assert cell_keys.build("A", 1, 2) == "A12"
    assert cell_keys.statement_key(3, 4) == "3.4"
