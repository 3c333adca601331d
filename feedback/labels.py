"""Names for what feedback stores as codes: cells, activities and the answers or scores behind it.

The inbox, its exports and the dashboard show the same words, so they all read them
here. `Vocabulary.load()` reads the taxonomy in a fixed number of queries, whatever
the number of feedback rows; the functions that use it do no queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from cms.models import Activity, Answer, ChecklistStatement, ScaleStep

YES_NO = {True: "Ja", False: "Nee"}


def yes_no(value: bool | None, empty: str = "") -> str:
    """ "Ja" / "Nee", or `empty` for no value (general feedback has no yes/no)."""
    return YES_NO.get(value, empty) if value is not None else empty


def local_time(value: datetime) -> datetime:
    """`value` as a naive local time (TIME_ZONE, Europe/Amsterdam), as the inbox shows it."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return timezone.make_naive(value, zone) if timezone.is_aware(value) else value


def local_time_text(value: datetime) -> str:
    return local_time(value).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Vocabulary:
    """The taxonomy's names, read once per request."""

    cells: dict[str, str]
    activities: dict[str, str]
    questions: dict[int, str]
    answers: dict[tuple[int, int], str]
    statements: dict[str, str]
    scale: dict[int, str]

    @classmethod
    def load(cls) -> Vocabulary:
        # Imported here: cms.wagtail_hooks is the one home of the cell names (cell_choices).
        from cms.wagtail_hooks import cell_choices

        answers = list(Answer.objects.select_related("question"))
        return cls(
            cells=dict(cell_choices()),
            activities={a.code: a.name for a in Activity.objects.all()},
            questions={a.question.number: a.question.text for a in answers},
            answers={(a.question.number, a.number): a.label for a in answers},
            statements={s.key: s.text for s in ChecklistStatement.objects.select_related("theme")},
            scale={step.value: step.label for step in ScaleStep.objects.all()},
        )

    def cell(self, code: str) -> str:
        """ "S32 · Specificatie, vraag 3: …" for "S32"; the bare code if the cell is unknown."""
        return self.cells.get(code, code)

    def activity(self, code: str) -> str:
        name = self.activities.get(code)
        return f"{code} · {name}" if name else code

    def context(self, context: str) -> str:
        """The stored answers or scores in words.

        "q1=2&q3=1" → "Vraag 1: Wat koopt u in? – Diensten; Vraag 3: …";
        "1.1=3" → "1.1 Er is een inkoopbeleid…: 3 – Neutraal". Unknown parts stay as they are.
        """
        parts = []
        for pair in filter(None, context.split("&")):
            key, _, value = pair.partition("=")
            parts.append(self._pair(key, value) or pair)
        return "; ".join(parts)

    def _pair(self, key: str, value: str) -> str | None:
        if not value.isdigit():
            return None
        if key.startswith("q") and key[1:].isdigit():
            question, answer = int(key[1:]), int(value)
            label = self.answers.get((question, answer))
            if label is None:
                return None
            text = self.questions.get(question, "")
            return f"Vraag {question}: {text} – {label}" if text else f"Vraag {question} – {label}"
        statement = self.statements.get(key)
        if statement is None:
            return None
        step = self.scale.get(int(value))
        score = f"{value} – {step}" if step else value
        return f"{key} {statement}: {score}"
