"""Cell keys, the source's names for where an item is shown (pure; no Django).

A wegwijzer cell is an activity code with a question and an answer ("S32": Specificatie,
question 3, answer 2) or with "a" for the activity's general tips ("Fa"); a checklist
statement is its theme and number ("2.1"). `build` and `statement_key` make keys,
`parse` reads them: strictly (as stored and posted) or leniently (what an editor types
in a search box: "s32", " fa ").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ACTIVITY_CODES = "FASU"

_STRICT = re.compile(
    rf"^(?:(?P<activity>[{ACTIVITY_CODES}])(?:(?P<general>a)|(?P<question>[1-9])(?P<answer>[12]))"
    r"|(?P<theme>[1-9][0-9]?)\.(?P<statement>[1-9][0-9]?))$"
)
_LENIENT = re.compile(
    rf"^\s*(?:(?P<activity>[{ACTIVITY_CODES}])(?:(?P<general>a)|(?P<question>\d)(?P<answer>\d))"
    r"|(?P<theme>\d+)\.(?P<statement>\d+))\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CellKey:
    """A parsed key: a wegwijzer cell (activity, and question and answer unless general) or a statement."""

    activity: str = ""
    question: int | None = None
    answer: int | None = None
    theme: int | None = None
    statement: int | None = None

    @property
    def is_wegwijzer(self) -> bool:
        return bool(self.activity)

    @property
    def is_general(self) -> bool:
        return self.is_wegwijzer and self.question is None

    def __str__(self) -> str:
        if self.is_wegwijzer:
            return build(self.activity, self.question, self.answer)
        return statement_key(self.theme or 0, self.statement or 0)


def build(activity_code: str, question: int | None, answer: int | None) -> str:
    """The key of a wegwijzer cell: "Fa" for general, else e.g. "S32"."""
    if question is None or answer is None:
        return f"{activity_code}a"
    return f"{activity_code}{question}{answer}"


def statement_key(theme: int, statement: int) -> str:
    """The key of a checklist statement, e.g. "2.1"."""
    return f"{theme}.{statement}"


def parse(text: str, *, lenient: bool = False) -> CellKey | None:
    """The cell `text` names, or None. Strict by default; `lenient` allows any case and spaces."""
    match = (_LENIENT if lenient else _STRICT).match(text)
    if match is None:
        return None
    if match["theme"]:
        return CellKey(theme=int(match["theme"]), statement=int(match["statement"]))
    activity = match["activity"].upper()
    if match["general"]:
        return CellKey(activity=activity)
    return CellKey(activity=activity, question=int(match["question"]), answer=int(match["answer"]))
