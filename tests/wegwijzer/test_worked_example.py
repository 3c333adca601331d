"""Section V of the source is a worked example: our advice for its answers must be V.2's blocks.

The answers are deduced from V.2: each activity's block there is the general cell followed by
the cells of the chosen answers (F: Fa + F32; A: Aa + A12 + A32 + A52; S: Sa + S12 + S21 + S32 + S52;
U: Ua + U12 + U32), which only q1=2, q2=1, q3=2, q4=1, q5=2 produce. The expected texts come from
the parser's independent reading of V.2, not from the cells the advice is built from.
"""

from __future__ import annotations

import re

import pytest

from wegwijzer.advice import get_advice

WORKED_EXAMPLE_ANSWERS = {1: 2, 2: 1, 3: 2, 4: 1, 5: 2}


def normal(text: str) -> str:
    # V.2 has two typos of its own: "termijn.." and a quote without its final full stop.
    return re.sub(r"[.\s]+$", "", " ".join(text.split()))


@pytest.fixture
def advice(imported_db, db):
    return get_advice(WORKED_EXAMPLE_ANSWERS)


@pytest.mark.parametrize("code", ["F", "A", "S", "U"])
def test_advice_tips_are_exactly_those_of_v2(advice, document, code):
    activity = next(a for a in advice.activities if a.code == code)
    ours = [normal(t.text) for block in activity.blocks for t in block.tips]
    assert ours == [normal(t) for t in document.worked_example.tips[code]]


@pytest.mark.parametrize("code", ["F", "A", "S", "U"])
@pytest.mark.parametrize("kind", ["example", "reference"])
def test_advice_leeswijzer_is_exactly_that_of_v2(advice, document, code, kind):
    activity = next(a for a in advice.activities if a.code == code)
    attr = f"{kind}s"
    ours = [(normal(i.text), i.author) for block in activity.blocks for i in getattr(block, attr)]
    expected = [(normal(i.text), i.author) for i in document.worked_example.items[code] if i.kind == kind]
    assert ours == expected


def test_worked_example_blocks_are_the_chosen_cells(advice):
    cells = {a.code: [b.cell for b in a.blocks] for a in advice.activities}
    assert cells == {
        "F": ["Fa", "F32"],
        "A": ["Aa", "A12", "A32", "A52"],
        "S": ["Sa", "S12", "S21", "S32", "S52"],
        "U": ["Ua", "U12", "U32"],
    }
