"""Coverage of the wegwijzer: the pure grid arithmetic and the aggregate counts per cell."""

from __future__ import annotations

import pytest

from importers.loader import load
from tests.factories import example, reference, small_document, tip
from wegwijzer.coverage import (
    EMPTY,
    Counts,
    all_cells,
    all_combinations,
    combination_counts,
    combinations_showing,
    coverage_grid,
    describe_reach,
    live_cell_counts,
    load_coverage,
)

QUESTIONS = [1, 2, 3, 4, 5]
CODES = ["F", "A", "S", "U"]


def test_there_are_32_combinations_in_order():
    combinations = all_combinations(QUESTIONS)
    assert len(combinations) == 32
    assert combinations[0] == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}
    assert combinations[-1] == {1: 2, 2: 2, 3: 2, 4: 2, 5: 2}
    assert len({tuple(c.items()) for c in combinations}) == 32


def test_there_are_44_cells_general_first():
    cells = all_cells(CODES, QUESTIONS)
    assert len(cells) == 44
    assert cells[:3] == ["Fa", "F11", "F12"]
    assert cells[-1] == "U52"


def test_combination_counts_add_the_general_cell_and_the_chosen_answers():
    cells = {"Sa": Counts(1, 0, 0), "S32": Counts(2, 1, 0), "S31": Counts(5, 5, 5), "F32": Counts(9, 9, 9)}
    answers = {1: 1, 2: 1, 3: 2, 4: 1, 5: 1}
    assert combination_counts(answers, "S", cells) == Counts(3, 1, 0)
    assert combination_counts(answers, "A", cells) == EMPTY


def test_grid_has_one_row_per_combination_and_one_count_per_activity():
    cells = {"Fa": Counts(1, 1, 1), "F11": Counts(1, 0, 0)}
    rows = coverage_grid(QUESTIONS, CODES, cells)
    assert len(rows) == 32
    assert all(len(row.counts) == 4 for row in rows)
    assert [row.counts[0].tips for row in rows] == [2] * 16 + [1] * 16
    assert rows[0].query == "q1=1&q2=1&q3=1&q4=1&q5=1"
    assert rows[0].label == "1.1 2.1 3.1 4.1 5.1"
    assert rows[0].total == Counts(2, 1, 1)


def test_combinations_showing_a_cell():
    assert len(combinations_showing("Fa", QUESTIONS)) == 32
    showing = combinations_showing("S32", QUESTIONS)
    assert len(showing) == 16
    assert all(answers[3] == 2 for answers in showing)


def test_describe_reach_covers_wegwijzer_cells_only():
    assert describe_reach(["S32", "Ua", "2.1"], QUESTIONS) == {
        "S32": "16 van de 32 combinaties",
        "Ua": "32 van de 32 combinaties",
    }


@pytest.mark.django_db
def test_live_cell_counts_come_from_three_queries_and_skip_drafts(django_assert_num_queries):
    load(
        small_document(
            Fa=[tip("Algemeen.", 1), example("Voorbeeld.", 2, "https://example.org/v")],
            S32=[tip("Eén.", 3), tip("Twee.", 4), reference("Kamann", "Citaat.", 5, "https://example.org/k")],
        )
    )
    from cms.models import Tip

    draft = Tip.objects.get(source_key="S32:tip:2")
    draft.unpublish()
    with django_assert_num_queries(3):
        counts = live_cell_counts()
    assert counts == {"Fa": Counts(1, 1, 0), "S32": Counts(1, 0, 1)}  # checklist cells left out


@pytest.mark.django_db
def test_load_coverage_reports_empty_cells(django_assert_num_queries):
    load(small_document(Fa=[tip("Algemeen.", 1)]))
    with django_assert_num_queries(5):
        coverage = load_coverage()
    assert len(coverage.rows) == 32
    assert len(coverage.cell_list()) == 44
    assert "Fa" not in coverage.empty_cells()
    assert len(coverage.empty_cells()) == 43
    assert all(row.counts[0] == Counts(1, 0, 0) for row in coverage.rows)
