"""Ambitions and the action plan: a series' target level -> gaps, plan order, progress.

An organisation sets its ambition per theme ("2") on the 1-4 scale, and may refine
it per statement ("2.1"). A statement without its own ambition takes its theme's.
The gap is ambition minus score: positive means below the ambition. The action
plan lists the statements below their ambition, largest gap first, each with its
tips. Pure: no database. See docs/ambitions.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cms.cells import ItemData

from .charts import format_number
from .scoring import SCORE_VALUES, Result, ScoreError, ThemeInfo

MAX_AMBITION_FIELDS = 100


def ambition_keys(themes: Sequence[ThemeInfo]) -> list[str]:
    """Every key an ambition may have: each theme's number, then its statements' keys."""
    keys: list[str] = []
    for theme in themes:
        keys.append(str(theme.number))
        keys.extend(s.key for s in theme.statements)
    return keys


def parse_ambitions(raw: Mapping[str, Any], themes: Sequence[ThemeInfo]) -> dict[str, int]:
    """Validate {theme number or statement key: level 1-4}; empty means "no ambition"."""
    known = ambition_keys(themes)
    allowed = set(known)
    if len(raw) > MAX_AMBITION_FIELDS:
        raise ScoreError(None, "Er zijn te veel ambities verstuurd.")
    levels: dict[str, int] = {}
    for key, value in raw.items():
        name = str(key)[:20]
        if not isinstance(key, str) or key not in allowed:
            raise ScoreError(name, f"Onbekend thema of onbekende stelling '{name}'.")
        if value is None or value == "":
            continue
        if isinstance(value, bool) or str(value).strip() not in {str(v) for v in SCORE_VALUES}:
            what = f"thema {key}" if "." not in key else f"stelling {key}"
            raise ScoreError(key, f"De ambitie bij {what} moet 1, 2, 3 of 4 zijn (of leeg).")
        levels[key] = int(str(value).strip())
    return {key: levels[key] for key in known if key in levels}


def effective_ambition(key: str, ambitions: Mapping[str, int]) -> int | None:
    """A statement's own ambition, else its theme's ("2.1" falls back to "2")."""
    if key in ambitions:
        return ambitions[key]
    return ambitions.get(key.split(".", 1)[0])


def gap(ambition: int | None, score: float | None) -> float | None:
    """Ambition minus score, rounded to two decimals; None when either is missing."""
    if ambition is None or score is None:
        return None
    return round(ambition - score, 2)


def gap_text(value: float | None) -> str:
    """The gap in words: "1,4 punt onder uw ambitie", "op uw ambitie", "0,5 punt boven uw ambitie"."""
    if value is None:
        return ""
    if value == 0:
        return "op uw ambitie"
    size = abs(value)
    unit = "punten" if size > 1 and size == int(size) else "punt"
    side = "onder" if value > 0 else "boven"
    return f"{format_number(size)} {unit} {side} uw ambitie"


@dataclass(frozen=True)
class StatementGap:
    key: str
    text: str
    score: int | None
    ambition: int | None
    gap: float | None
    tips: tuple[ItemData, ...] = ()

    @property
    def text_gap(self) -> str:
        return gap_text(self.gap)

    @property
    def below(self) -> bool:
        return self.gap is not None and self.gap > 0

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "score": self.score, "ambition": self.ambition, "gap": self.gap}


@dataclass(frozen=True)
class ThemeGap:
    number: int
    short_title: str
    average: float | None
    ambition: int | None
    gap: float | None
    statements: tuple[StatementGap, ...] = field(default_factory=tuple)

    @property
    def text_gap(self) -> str:
        return gap_text(self.gap)

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "average": self.average,
            "ambition": self.ambition,
            "gap": self.gap,
            "gap_text": self.text_gap,
            "statements": [s.as_json() | {"gap_text": s.text_gap} for s in self.statements],
        }


def gaps(result: Result, ambitions: Mapping[str, int]) -> list[ThemeGap]:
    """Per theme (in the result's order) its gap, and per statement (in the result's order) its gap."""
    themes = []
    for theme in result.themes:
        statements = tuple(
            StatementGap(
                key=s.key,
                text=s.text,
                score=s.score,
                ambition=effective_ambition(s.key, ambitions),
                gap=gap(effective_ambition(s.key, ambitions), s.score),
                tips=tuple(s.block.tips),
            )
            for s in theme.statements
        )
        ambition = ambitions.get(str(theme.number))
        themes.append(
            ThemeGap(
                number=theme.number,
                short_title=theme.short_title,
                average=theme.average,
                ambition=ambition,
                gap=gap(ambition, theme.average),
                statements=statements,
            )
        )
    return themes


def key_order(key: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in key.split("."))


def action_plan(theme_gaps: Sequence[ThemeGap]) -> list[StatementGap]:
    """The statements below their ambition, largest gap first; source order breaks ties."""
    below = [s for theme in theme_gaps for s in theme.statements if s.below]
    return sorted(below, key=lambda s: (-(s.gap or 0), key_order(s.key)))


def movement(before: float | None, after: float | None) -> tuple[str, str]:
    """Whether a planned statement moved between two measurements: (direction, Dutch words).

    Scores are whole numbers for one person and may be medians (2,5) for a team round.
    """
    if before is None or after is None:
        return "unknown", "niet te vergelijken (niet ingevuld)"
    was, now = format_number(before), format_number(after)
    if after > before:
        return "up", f"gestegen van {was} naar {now}"
    if after < before:
        return "down", f"gedaald van {was} naar {now}"
    return "equal", f"gelijk gebleven ({now})"
