"""The national picture ("Landelijk beeld"): arithmetic and publication rules (pure, typed).

Organisations may opt in, anonymously, with their kind of organisation. Per kind
and per theme the picture shows the median and the middle half (25th-75th
percentile) of the opted-in series' theme scores; each series counts once, with
its latest opted-in measurement.

No figure may let anyone read one organisation's scores back:
- a group is shown only from MIN_GROUP organisations (distinct series) on;
- figures are published from a maintained summary, not recomputed on every
  change: once a group is shown, it is republished only when REFRESH_INTERVAL has
  passed *and* at least MIN_CHANGES different series changed since, so the
  difference between two publications never isolates one series;
- a group that drops below the minimum is hidden at once; if it comes back
  within the interval, the earlier publication is shown again, not a fresh one
  (so opting out and in again reveals nothing new);
- published figures are rounded to one decimal.
See docs/national.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from cms.errors import InputError

MIN_GROUP = 10
MIN_CHANGES = 3
REFRESH_INTERVAL = timedelta(hours=24)
DECIMALS = 1
TOO_FEW = "nog te weinig deelnemers"
CURRENT = ""  # the period of the current picture; quarters are "2027-K1"

KINDS: tuple[tuple[str, str], ...] = (
    ("gemeente", "Gemeente"),
    ("provincie", "Provincie"),
    ("waterschap", "Waterschap"),
    ("rijk", "Rijk"),
    ("uitvoeringsorganisatie", "Uitvoeringsorganisatie of zbo"),
    ("anders", "Anders"),
)
KIND_LABELS = dict(KINDS)
# The kind in a sentence about its organisations: "gemeenten scoren ...".
KIND_PLURALS = {
    "gemeente": "gemeenten",
    "provincie": "provincies",
    "waterschap": "waterschappen",
    "rijk": "Rijksorganisaties",
    "uitvoeringsorganisatie": "uitvoeringsorganisaties en zbo's",
    "anders": "andere organisaties",
}


class KindError(InputError):
    """An unknown kind of organisation."""


def parse_kind(raw: object, field: str = "kind") -> str:
    """A posted kind of organisation; raises KindError with the choices in Dutch."""
    if isinstance(raw, str) and raw.strip() in KIND_LABELS:
        return raw.strip()
    choices = ", ".join(code for code, _ in KINDS)
    raise KindError(field, f"Kies een soort organisatie uit de lijst: {choices}.")


def quarter(moment: datetime) -> str:
    """The quarter a measurement belongs to: "2027-K1"."""
    return f"{moment.year}-K{(moment.month - 1) // 3 + 1}"


def quarter_label(period: str) -> str:
    """ "2027-K1" -> "1e kwartaal 2027"."""
    year, _, number = period.partition("-K")
    return f"{number}e kwartaal {year}"


def percentile_ranks(n: int, p: float) -> tuple[int, int, float]:
    """Linear interpolation between order statistics (Excel PERCENTILE.INC, numpy's default,
    PostgreSQL percentile_cont): the 0-based ranks below and above position (n - 1) * p, and
    the weight of the upper one."""
    if n < 1:
        raise ValueError("percentile of no values")
    position = (n - 1) * p
    lower = math.floor(position)
    upper = min(lower + 1, n - 1)
    return lower, upper, position - lower


def interpolate(lower: float, upper: float, weight: float) -> float:
    return lower + (upper - lower) * weight


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-1) of sorted `values`, unrounded."""
    lower, upper, weight = percentile_ranks(len(values), p)
    return interpolate(values[lower], values[upper], weight)


@dataclass(frozen=True)
class Figure:
    """One group's published figures for one theme (rounded)."""

    n: int
    median: float
    p25: float
    p75: float

    def as_json(self) -> dict[str, float | int]:
        return {"n": self.n, "median": self.median, "p25": self.p25, "p75": self.p75}


def rounded(value: float) -> float:
    # Round half away from zero, as people do, not Python's half to even.
    return math.floor(value * 10**DECIMALS + 0.5 + 1e-9) / 10**DECIMALS


def figure(n: int, median: float, p25: float, p75: float) -> Figure | None:
    """The published figure for a group of `n` series, or None below the minimum."""
    if n < MIN_GROUP:
        return None
    return Figure(n=n, median=rounded(median), p25=rounded(p25), p75=rounded(p75))


def summarise(values: Sequence[float]) -> Figure | None:
    """Median and middle half of one group's theme scores (each series once), or None below the minimum."""
    ordered = sorted(values)
    if len(ordered) < MIN_GROUP:
        return None
    return figure(
        len(ordered), percentile(ordered, 0.5), percentile(ordered, 0.25), percentile(ordered, 0.75)
    )


class Decision(Enum):
    HIDE = "hide"  # below the minimum: show "nog te weinig deelnemers"
    SHOW_PREVIOUS = "show_previous"  # back above the minimum within the interval: the earlier figures
    PUBLISH = "publish"  # compute and publish fresh figures
    KEEP = "keep"  # leave the publication as it is


@dataclass(frozen=True)
class Publication:
    """What is published for a group now."""

    visible: bool
    published_at: datetime | None  # None: never published
    changed_series: int  # distinct series that changed since published_at


def decide(publication: Publication | None, n: int, now: datetime) -> Decision:
    """What to do with a group's publication now that it has `n` organisations."""
    if n < MIN_GROUP:
        return Decision.KEEP if publication is not None and not publication.visible else Decision.HIDE
    if publication is None or publication.published_at is None:
        return Decision.PUBLISH
    fresh = now - publication.published_at < REFRESH_INTERVAL
    if not publication.visible:
        return Decision.SHOW_PREVIOUS if fresh else Decision.PUBLISH
    if not fresh and publication.changed_series >= MIN_CHANGES:
        return Decision.PUBLISH
    return Decision.KEEP
