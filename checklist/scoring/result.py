"""Checklist scoring: a visitor's scores (1-4 per statement) -> the result per theme.

A theme's score is the average of its *scored* statements on the 1-4 scale;
unscored statements are reported as "niet ingevuld", never counted as zero.
Statements are listed lowest score first, because those need attention most.
Comparing two measurements is here too. See docs/scoring.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cms.cells import Block
from cms.errors import InputError

from .bands import Band, band_for

SCORE_VALUES = (1, 2, 3, 4)
NOT_SCORED = "niet ingevuld"


class ScoreError(InputError):
    """An invalid score."""


def key_slug(key: str) -> str:
    """A statement key as used in HTML ids: "2.1" -> "2-1"."""
    return key.replace(".", "-")


@dataclass(frozen=True)
class StatementInfo:
    key: str
    text: str
    clarifications: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return key_slug(self.key)


@dataclass(frozen=True)
class ThemeInfo:
    number: int
    title: str
    short_title: str
    statements: tuple[StatementInfo, ...]


@dataclass
class StatementResult:
    key: str
    text: str
    score: int | None
    label: str
    block: Block

    @property
    def slug(self) -> str:
        return key_slug(self.key)

    @property
    def folded(self) -> bool:
        """Scored "Helemaal eens": its tips are folded away, since they are not needed."""
        return self.score == SCORE_VALUES[-1]

    @property
    def first_tip(self) -> Any:
        return self.block.tips[0] if self.block.tips else None

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "text": self.text,
            "score": self.score,
            "label": self.label,
            "folded": self.folded,
            **self.block.items_json(),
        }


@dataclass
class ThemeResult:
    number: int
    title: str
    short_title: str
    average: float | None
    scored: int
    total: int
    statements: list[StatementResult] = field(default_factory=list)
    band: Band | None = None

    @property
    def percentage(self) -> float:
        """Position of the average on the 1-4 scale as 0-100, for bar charts."""
        return 0.0 if self.average is None else round((self.average - 1) / 3 * 100, 1)

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "short_title": self.short_title,
            "average": self.average,
            "scored": self.scored,
            "total": self.total,
            "band": self.band.as_json() if self.band else None,
            "statements": [s.as_json() for s in self.statements],
        }


@dataclass
class Result:
    themes: list[ThemeResult]
    scores: dict[str, int]

    @property
    def average(self) -> float | None:
        return average(list(self.scores.values()))

    @property
    def begin_here(self) -> list[StatementResult]:
        """The statements that need attention most: scored below 4, lowest first, at most BEGIN_HERE."""
        return begin_here(self.themes)

    def as_json(self) -> dict[str, Any]:
        return {
            "method": "Gemiddelde van de ingevulde stellingen op de schaal 1-4; "
            "niet ingevulde stellingen tellen niet mee.",
            "scores": self.scores,
            "average": self.average,
            "begin_here": [
                {
                    "key": s.key,
                    "text": s.text,
                    "score": s.score,
                    "tip": s.first_tip.as_json() if s.first_tip else None,
                }
                for s in self.begin_here
            ],
            "themes": [t.as_json() for t in self.themes],
        }


BEGIN_HERE = 5


def begin_here(themes: Sequence[ThemeResult], limit: int = BEGIN_HERE) -> list[StatementResult]:
    """Scored statements below "Helemaal eens" over all themes, lowest first, source order on ties."""
    candidates = [
        s
        for theme in themes
        for s in sorted(theme.statements, key=lambda s: _key_order(s.key))
        if s.score is not None and s.score < SCORE_VALUES[-1]
    ]
    candidates.sort(key=lambda s: s.score or 0)
    return candidates[:limit]


def average(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def parse_scores(raw: Mapping[str, Any], statement_keys: Sequence[str]) -> dict[str, int]:
    """Validate {statement key: score}; empty values mean "not scored"."""
    known = set(statement_keys)
    scores: dict[str, int] = {}
    for key, value in raw.items():
        if key not in known:
            raise ScoreError(str(key)[:20], f"Onbekende stelling '{str(key)[:20]}'.")
        if value is None or value == "":
            continue
        if isinstance(value, bool) or str(value).strip() not in {str(v) for v in SCORE_VALUES}:
            raise ScoreError(key, f"De score bij stelling {key} moet 1, 2, 3 of 4 zijn.")
        scores[key] = int(str(value).strip())
    return {key: scores[key] for key in statement_keys if key in scores}


def score(
    scores: Mapping[str, int],
    themes: Sequence[ThemeInfo],
    blocks: Mapping[str, Block],
    labels: Mapping[int, str],
    bands: Sequence[Band] = (),
) -> Result:
    """The result per theme (pure; no database), each theme with its band."""
    results = []
    for theme in themes:
        statements = [
            StatementResult(
                key=s.key,
                text=s.text,
                score=scores.get(s.key),
                label=labels.get(scores[s.key], str(scores[s.key])) if s.key in scores else NOT_SCORED,
                block=blocks.get(s.key, Block(cell=s.key)),
            )
            for s in theme.statements
        ]
        values = [s.score for s in statements if s.score is not None]
        # Lowest first; unscored after scored; source order breaks ties.
        statements.sort(key=lambda s: (s.score is None, s.score or 0))
        results.append(
            ThemeResult(
                number=theme.number,
                title=theme.title,
                short_title=theme.short_title,
                average=average(values),
                scored=len(values),
                total=len(theme.statements),
                statements=statements,
                band=band_for(average(values), bands),
            )
        )
    return Result(themes=results, scores=dict(scores))


@dataclass
class ThemeComparison:
    number: int
    short_title: str
    earlier: float | None
    later: float | None

    @property
    def direction(self) -> str:
        """ "up", "down", "equal" or "unknown" (a side without scores)."""
        if self.earlier is None or self.later is None:
            return "unknown"
        if self.later > self.earlier:
            return "up"
        return "down" if self.later < self.earlier else "equal"


@dataclass
class Comparison:
    themes: list[ThemeComparison]
    changed_statements: list[str]  # keys whose wording differs, or that exist on one side only


def changed_statements(earlier: Mapping[str, str], later: Mapping[str, str]) -> list[str]:
    """Keys whose wording differs between two statement sets, or that only one of them has."""
    return sorted(
        (k for k in set(earlier) | set(later) if earlier.get(k) != later.get(k)),
        key=_key_order,
    )


def compare(
    earlier: Mapping[str, int],
    earlier_statements: Mapping[str, str],
    later: Mapping[str, int],
    later_statements: Mapping[str, str],
    themes: Sequence[ThemeInfo],
) -> Comparison:
    """Compare two measurements per theme, on the statements both share unchanged.

    Each measurement keeps the statement texts it was made with, so that a
    reworded, added or removed statement is reported instead of compared.
    """
    changed = changed_statements(earlier_statements, later_statements)
    comparisons = []
    for theme in themes:
        keys = [s.key for s in theme.statements if s.key not in changed]
        comparisons.append(
            ThemeComparison(
                number=theme.number,
                short_title=theme.short_title,
                earlier=average([earlier[k] for k in keys if k in earlier]),
                later=average([later[k] for k in keys if k in later]),
            )
        )
    return Comparison(themes=comparisons, changed_statements=changed)


FIELD_PREFIX = "score-"
MAX_SCORE_FIELDS = 100


def scores_from_form(data: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """The raw {key: value} of a posted form ("score-2.1" fields); other fields are ignored.

    `data` maps field names to all their values (QueryDict.lists()); a field
    posted twice is tampering, not a choice, so it is an error.
    """
    raw: dict[str, str] = {}
    for name, values in data.items():
        if not name.startswith(FIELD_PREFIX):
            continue
        key = name[len(FIELD_PREFIX) :]
        if len(values) != 1:
            raise ScoreError(key[:20], f"De score bij stelling {key[:20]} is meer dan één keer verstuurd.")
        raw[key] = values[0]
        if len(raw) > MAX_SCORE_FIELDS:
            raise ScoreError(None, "Er zijn te veel scores verstuurd.")
    return raw


QUERY_SCORE = re.compile(r"^s(\d{1,3}\.\d{1,3})$")


def scores_from_query(data: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """The raw {key: value} of a result address ("?s1.1=3&s2.4="); other parameters are ignored."""
    raw: dict[str, str] = {}
    for name, values in data.items():
        match = QUERY_SCORE.match(name)
        if match is None:
            continue
        key = match.group(1)
        if len(values) != 1:
            raise ScoreError(key, f"De score bij stelling {key} staat meer dan één keer in het adres.")
        raw[key] = values[0]
        if len(raw) > MAX_SCORE_FIELDS:
            raise ScoreError(None, "Er zijn te veel scores verstuurd.")
    return raw


def statement_keys(themes: Sequence[ThemeInfo]) -> list[str]:
    return [s.key for theme in themes for s in theme.statements]


def statement_snapshot(themes: Sequence[ThemeInfo]) -> dict[str, str]:
    """{key: text} of every statement: what a saved measurement keeps of the checklist."""
    return {s.key: s.text for theme in themes for s in theme.statements}


def theme_averages(scores: Mapping[str, int], themes: Sequence[ThemeInfo]) -> list[float | None]:
    """The average per theme (in theme order) of the scored statements."""
    return [average([scores[s.key] for s in theme.statements if s.key in scores]) for theme in themes]


@dataclass
class StatementAggregate:
    key: str
    text: str
    count: int
    average: float | None


@dataclass
class ThemeAggregate:
    number: int
    short_title: str
    count: int  # measurements that scored at least one statement of the theme
    average: float | None  # mean of those measurements' theme averages
    statements: list[StatementAggregate]


@dataclass
class Aggregate:
    measurements: int
    themes: list[ThemeAggregate]


def aggregate(
    measurements: Iterable[tuple[Mapping[str, int], Mapping[str, str]]],
    themes: Sequence[ThemeInfo],
) -> Aggregate:
    """Anonymous totals over saved measurements, for editors.

    A score only counts for a statement if the measurement was made with the
    statement's current wording; a theme average uses those statements only.
    """
    current = statement_snapshot(themes)
    per_statement: dict[str, list[int]] = {key: [] for key in current}
    per_theme: dict[int, list[float]] = {theme.number: [] for theme in themes}
    total = 0
    for scores, statements in measurements:
        total += 1
        valid = {k: v for k, v in scores.items() if k in current and statements.get(k) == current[k]}
        for key, value in valid.items():
            per_statement[key].append(value)
        for theme, theme_average in zip(themes, theme_averages(valid, themes), strict=True):
            if theme_average is not None:
                per_theme[theme.number].append(theme_average)
    return Aggregate(
        measurements=total,
        themes=[
            ThemeAggregate(
                number=theme.number,
                short_title=theme.short_title,
                count=len(per_theme[theme.number]),
                average=round(sum(per_theme[theme.number]) / len(per_theme[theme.number]), 2)
                if per_theme[theme.number]
                else None,
                statements=[
                    StatementAggregate(
                        key=s.key,
                        text=s.text,
                        count=len(per_statement[s.key]),
                        average=average(per_statement[s.key]),
                    )
                    for s in theme.statements
                ],
            )
            for theme in themes
        ],
    )


def _key_order(key: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in key.split("."))
