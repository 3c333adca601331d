"""Advice assembly: a visitor's answers -> the advice, grouped by activity.

Both the advice page and `/api/wegwijzer/advice/` render the `Advice` this
module builds. Per activity (in F, A, S, U order) the advice holds the general
cell first, then the cells of the chosen answers in question order; empty
cells are left out. See docs/advice.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q

from cms.cache import cached
from cms.cells import Block, load_blocks
from cms.errors import InputError
from cms.models import Activity, Answer, Question, cell_key

ANSWER_VALUES = (1, 2)
QUESTION_PARAM_RE = re.compile(r"^q(.*)$")


class AnswerError(InputError):
    """A query parameter that is not a valid answer."""


@dataclass(frozen=True)
class Reason:
    """Why a block is shown: the question and the chosen answer whose cell it is."""

    question: int
    answer: int
    label: str
    question_text: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"question": self.question, "answer": self.answer, "label": self.label}


@dataclass
class AdviceBlock(Block):
    """A cell's block in the advice, with its reason (None for the general cell)."""

    reason: Reason | None = None

    def as_json(self) -> dict[str, Any]:
        return {**super().as_json(), "reason": self.reason.as_json() if self.reason else None}


@dataclass(frozen=True)
class ActivityInfo:
    code: str
    name: str
    description: str


@dataclass
class ActivityAdvice:
    code: str
    name: str
    description: str
    blocks: list[AdviceBlock] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "description": self.description,
            "blocks": [block.as_json() for block in self.blocks],
        }

    def has_tips(self) -> bool:
        return any(block.tips for block in self.blocks)

    def has_reading(self) -> bool:
        """Whether the leeswijzer (examples and references) has anything to show."""
        return any(block.examples or block.references for block in self.blocks)


@dataclass
class Advice:
    """The advice for one set of answers (question number -> answer number)."""

    answers: dict[int, int]
    activities: list[ActivityAdvice]

    def as_json(self) -> dict[str, Any]:
        return {
            "answers": {f"q{q}": a for q, a in sorted(self.answers.items())},
            "activities": [activity.as_json() for activity in self.activities],
        }

    def is_empty(self) -> bool:
        return not any(activity.blocks for activity in self.activities)


def parse_answers(params: Iterable[tuple[str, list[str]]], question_numbers: Iterable[int]) -> dict[int, int]:
    """Validate query parameters `q1`..`qN` into {question: answer}.

    `params` is what `QueryDict.lists()` gives. Parameters that are not named
    q-something are ignored; a missing or empty `qN` leaves question N
    unanswered. Raises AnswerError for anything else.
    """
    valid = sorted(question_numbers)
    answers: dict[int, int] = {}
    for name, values in params:
        match = QUESTION_PARAM_RE.match(name)
        if not match:
            continue
        suffix = match.group(1)
        # ASCII digits only: str.isdigit() also accepts "²" and "١", which int() rejects or reads.
        number = int(suffix) if suffix.isascii() and suffix.isdigit() and len(suffix) < 4 else None
        if number not in valid:
            raise AnswerError(
                name,
                f"Onbekende vraag '{name[:20]}'. De wegwijzer heeft de vragen "
                f"q{valid[0]} tot en met q{valid[-1]}.",
            )
        values = [v for v in values if v.strip() != ""]
        if len(values) > 1:
            raise AnswerError(name, f"Vraag {number} is meer dan één keer beantwoord. Kies één antwoord.")
        if not values:
            continue
        value = values[0].strip()
        if value not in {str(v) for v in ANSWER_VALUES}:
            raise AnswerError(name, f"Het antwoord op vraag {number} moet 1 of 2 zijn (niet '{value[:20]}').")
        answers[number] = int(value)
    return dict(sorted(answers.items()))


def cells_for(answers: Mapping[int, int], activity_code: str) -> list[str]:
    """The cell keys of one activity for these answers: general first, then by question."""
    return [cell_key(activity_code, None, None)] + [
        cell_key(activity_code, q, a) for q, a in sorted(answers.items())
    ]


def reasons_for(answers: Mapping[int, int], questions: Sequence[QuestionInfo] = ()) -> list[Reason | None]:
    """The reason of each cell of an activity, in `cells_for()` order: None for the general cell."""
    texts = {q.number: q.text for q in questions}
    labels = {(q.number, a.number): a.label for q in questions for a in q.answers}
    return [None] + [
        Reason(q, a, labels.get((q, a), ""), texts.get(q, "")) for q, a in sorted(answers.items())
    ]


def build_advice(
    answers: Mapping[int, int],
    activities: Sequence[ActivityInfo],
    blocks: Mapping[str, Block],
    questions: Sequence[QuestionInfo] = (),
) -> Advice:
    """Assemble the advice from already loaded blocks (pure; no database).

    `questions` give the reasons their words (question text and answer label).
    """
    reasons = reasons_for(answers, questions)
    result = []
    for activity in activities:
        activity_blocks = [
            AdviceBlock(
                cell=key,
                tips=blocks[key].tips,
                examples=blocks[key].examples,
                references=blocks[key].references,
                reason=reason,
            )
            for key, reason in zip(cells_for(answers, activity.code), reasons, strict=True)
            if key in blocks and not blocks[key].is_empty()
        ]
        result.append(ActivityAdvice(activity.code, activity.name, activity.description, activity_blocks))
    return Advice(answers=dict(sorted(answers.items())), activities=result)


def question_numbers() -> list[int]:
    return cached(
        "wegwijzer:question-numbers", lambda: list(Question.objects.values_list("number", flat=True))
    )


def _compute_advice(answers: Mapping[int, int]) -> Advice:
    activities = [
        ActivityInfo(a.code, a.name, a.description) for a in Activity.objects.order_by("sort_order", "code")
    ]
    placement_filter = Q(activity__isnull=False, answer__isnull=True, statement__isnull=True)
    for question, answer in answers.items():
        placement_filter |= Q(answer__question__number=question, answer__number=answer)
    return build_advice(answers, activities, load_blocks(placement_filter), _reason_questions())


def _reason_questions() -> list[QuestionInfo]:
    """The questions with their answers in one query (ten rows): the words of the reasons.

    One query whatever the answers, so that the advice costs the same for every answer set.
    """
    answers: dict[int, list[AnswerInfo]] = {}
    questions: dict[int, Question] = {}
    for answer in Answer.objects.select_related("question").order_by("question__number", "number"):
        questions[answer.question.number] = answer.question
        answers.setdefault(answer.question.number, []).append(AnswerInfo(answer.number, answer.label))
    return [
        QuestionInfo(q.number, q.kind, q.text, q.help_text, tuple(answers[number]))
        for number, q in questions.items()
    ]


def get_advice(answers: Mapping[int, int]) -> Advice:
    """The advice for these answers, cached until the next content change."""
    key = "wegwijzer:advice:" + ",".join(f"{q}={a}" for q, a in sorted(answers.items()))
    return cached(key, lambda: _compute_advice(answers))


@dataclass(frozen=True)
class AnswerInfo:
    number: int
    label: str


@dataclass(frozen=True)
class QuestionInfo:
    """A wegwijzer question as the form and the answer summary show it."""

    number: int
    kind: str
    text: str
    help_text: str
    answers: tuple[AnswerInfo, ...]


@dataclass(frozen=True)
class SummaryRow:
    """One line of the answer summary: a question and the chosen answer, if any."""

    question: QuestionInfo
    answer: AnswerInfo | None


def _load_questions() -> list[QuestionInfo]:
    return [
        QuestionInfo(
            q.number,
            q.kind,
            q.text,
            q.help_text,
            tuple(AnswerInfo(a.number, a.label) for a in q.answers.all()),
        )
        for q in Question.objects.prefetch_related("answers").order_by("number")
    ]


def get_questions() -> list[QuestionInfo]:
    """The questions with their answers, cached until the next content change."""
    return cached("wegwijzer:questions", _load_questions)


def answer_summary(answers: Mapping[int, int], questions: Sequence[QuestionInfo]) -> list[SummaryRow]:
    """Every question with its chosen answer, or None when it was left unanswered."""
    return [
        SummaryRow(
            question, next((a for a in question.answers if a.number == answers.get(question.number)), None)
        )
        for question in questions
    ]


def answers_query(answers: Mapping[int, int]) -> str:
    """The query string that carries these answers, e.g. "q1=2&q3=1" (empty for none)."""
    return urlencode([(f"q{q}", a) for q, a in sorted(answers.items())])
