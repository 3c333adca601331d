"""Coverage of the wegwijzer: how much live content each answer combination gets.

Editors use this to see where content is thin. The counts per cell come from
three aggregate queries (one per item kind); everything else is pure Python on
top of them, using the same `cells_for()` as the advice, so the grid counts
exactly the blocks a visitor would see. An item placed in two cells of the
same advice counts twice, because it is shown twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from urllib.parse import urlencode

from django.db.models import Count

from cms import cell_keys
from cms.item_kinds import ITEM_KINDS
from cms.models import Activity, Question, cell_key

from .advice import ANSWER_VALUES, cells_for

Answers = dict[int, int]


@dataclass(frozen=True)
class Counts:
    """Live tips, examples and references in a cell, or in one activity of an advice."""

    tips: int = 0
    examples: int = 0
    references: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.tips + other.tips, self.examples + other.examples, self.references + other.references
        )

    @property
    def total(self) -> int:
        return self.tips + self.examples + self.references

    def is_empty(self) -> bool:
        return self.total == 0


EMPTY = Counts()


@dataclass(frozen=True)
class CombinationRow:
    """One complete set of answers and what each activity of its advice holds."""

    answers: Answers
    counts: tuple[Counts, ...]  # in activity order

    @property
    def query(self) -> str:
        return urlencode({f"q{q}": a for q, a in sorted(self.answers.items())})

    @property
    def label(self) -> str:
        return " ".join(f"{q}.{a}" for q, a in sorted(self.answers.items()))

    @property
    def total(self) -> Counts:
        total = EMPTY
        for counts in self.counts:
            total = total + counts
        return total


def all_combinations(question_numbers: Sequence[int]) -> list[Answers]:
    """Every complete set of answers, in order: (1,1,1,1,1), (1,1,1,1,2) … (2,2,2,2,2)."""
    numbers = sorted(question_numbers)
    return [dict(zip(numbers, values, strict=True)) for values in product(ANSWER_VALUES, repeat=len(numbers))]


def all_cells(activity_codes: Sequence[str], question_numbers: Sequence[int]) -> list[str]:
    """Every wegwijzer cell key, per activity: general first, then by question and answer."""
    return [
        cell
        for code in activity_codes
        for cell in [cell_key(code, None, None)]
        + [cell_key(code, q, a) for q in sorted(question_numbers) for a in ANSWER_VALUES]
    ]


def combination_counts(answers: Mapping[int, int], activity_code: str, cells: Mapping[str, Counts]) -> Counts:
    """What one activity of the advice for `answers` holds, from the counts per cell."""
    total = EMPTY
    for key in cells_for(answers, activity_code):
        total = total + cells.get(key, EMPTY)
    return total


def coverage_grid(
    question_numbers: Sequence[int], activity_codes: Sequence[str], cells: Mapping[str, Counts]
) -> list[CombinationRow]:
    """One row per complete answer set, with the counts per activity (pure; no database)."""
    return [
        CombinationRow(
            answers=answers,
            counts=tuple(combination_counts(answers, code, cells) for code in activity_codes),
        )
        for answers in all_combinations(question_numbers)
    ]


def combinations_showing(cell: str, question_numbers: Sequence[int]) -> list[Answers]:
    """The complete answer sets whose advice includes `cell` (any activity's cell key)."""
    code = cell[:1]
    return [answers for answers in all_combinations(question_numbers) if cell in cells_for(answers, code)]


def describe_reach(cells: Sequence[str], question_numbers: Sequence[int]) -> dict[str, str]:
    """For wegwijzer cell keys: "16 van de 32 combinaties" (checklist keys are left out)."""
    total = len(all_combinations(question_numbers))
    return {
        cell: f"{len(combinations_showing(cell, question_numbers))} van de {total} combinaties"
        for cell in cells
        if (key := cell_keys.parse(cell)) is not None and key.is_wegwijzer
    }


def live_cell_counts() -> dict[str, Counts]:
    """Live items per wegwijzer cell: three aggregate queries, whatever the amount of content."""
    per_kind: dict[str, dict[str, int]] = {}
    for kind in ITEM_KINDS:
        rows = (
            kind.placement_model.objects.filter(
                item__live=True, activity__isnull=False, statement__isnull=True
            )
            .values("activity__code", "answer__question__number", "answer__number")
            .annotate(n=Count("pk"))
            .order_by()
        )
        per_kind[kind.plural] = {
            cell_key(row["activity__code"], row["answer__question__number"], row["answer__number"]): row["n"]
            for row in rows
        }
    keys = set().union(*per_kind.values())
    return {
        key: Counts(**{plural: counts.get(key, 0) for plural, counts in per_kind.items()}) for key in keys
    }


@dataclass(frozen=True)
class Coverage:
    """Everything the coverage views show, loaded in a fixed number of queries."""

    activities: list[tuple[str, str]]  # (code, name)
    questions: list[int]
    cells: dict[str, Counts]
    rows: list[CombinationRow]

    def cell_list(self) -> list[tuple[str, Counts]]:
        codes = [code for code, _ in self.activities]
        return [(key, self.cells.get(key, EMPTY)) for key in all_cells(codes, self.questions)]

    def empty_cells(self) -> list[str]:
        return [key for key, counts in self.cell_list() if counts.is_empty()]


def load_coverage() -> Coverage:
    """Five queries: activities, questions and one aggregate per item kind."""
    activities = list(Activity.objects.order_by("sort_order", "code").values_list("code", "name"))
    questions = list(Question.objects.order_by("number").values_list("number", flat=True))
    cells = live_cell_counts()
    codes = [code for code, _ in activities]
    return Coverage(activities, questions, cells, coverage_grid(questions, codes, cells))
