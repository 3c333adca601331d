"""A series' ambitions and action plan in the database (the arithmetic is in checklist/ambitions.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from . import page_cache
from .ambitions import key_order, movement
from .models import Ambition, Measurement, MeasurementSeries, PlanItem

NOTE_MAX = 500


class PlanError(ValueError):
    """Invalid input for the action plan; `message` is Dutch, for visitors."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def ambitions_of(series: MeasurementSeries) -> dict[str, int]:
    """{theme number or statement key: level} of a series; one query."""
    return dict(Ambition.objects.filter(series=series).values_list("key", "level"))


@transaction.atomic
def save_ambitions(series: MeasurementSeries, levels: Mapping[str, int]) -> None:
    """Replace the series' ambitions with `levels` (already validated)."""
    Ambition.objects.filter(series=series).exclude(key__in=list(levels)).delete()
    existing = {a.key: a for a in Ambition.objects.filter(series=series)}
    changed = []
    added = []
    for key, level in levels.items():
        if key in existing:
            if existing[key].level != level:
                existing[key].level = level
                changed.append(existing[key])
        else:
            added.append(Ambition(series=series, key=key, level=level))
    Ambition.objects.bulk_create(added)
    Ambition.objects.bulk_update(changed, ["level"])
    if added or changed:  # bulk writes send no signals (deletions did, one by one)
        page_cache.series_changed(series.pk)


def parse_note(raw: object) -> str:
    note = raw.strip() if isinstance(raw, str) else ""
    if len(note) > NOTE_MAX:
        raise PlanError("note", f"De notitie mag hoogstens {NOTE_MAX} tekens lang zijn (nu {len(note)}).")
    return note


def parse_target_date(raw: object) -> dt.date | None:
    """A target date as typed ("2027-06-30" from a date field, or "30-06-2027"); empty is none."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            value = dt.datetime.strptime(text[:20], pattern).date()
        except ValueError:
            continue
        if not 2000 <= value.year <= 2100:
            break
        return value
    raise PlanError("target_date", "Geef de streefdatum als dag-maand-jaar, bijvoorbeeld 30-06-2027.")


def latest_measurement(series: MeasurementSeries) -> Measurement | None:
    return series.measurements.last()  # in the series' own order (Measurement.Meta.ordering)


def take_up(
    series: MeasurementSeries,
    statement_key: str,
    tip_id: int,
    tip_text: str,
    note: str,
    target: dt.date | None,
) -> PlanItem:
    """Mark a tip "Pakken we op" (or update its note and date when it already is)."""
    latest = latest_measurement(series)
    baseline = latest.scores.get(statement_key) if latest else None
    item, created = PlanItem.objects.get_or_create(
        series=series,
        tip_id=tip_id,
        defaults={
            "statement_key": statement_key,
            "tip_text": tip_text,
            "note": note,
            "target_date": target,
            "baseline_score": baseline,
        },
    )
    if not created:
        change_item(item, note, target)
    return item


def change_item(item: PlanItem, note: str, target: dt.date | None) -> None:
    """Change a planned tip's note and target date."""
    item.note, item.target_date = note, target
    item.save(update_fields=["note", "target_date"])


def plan_of(series: MeasurementSeries) -> list[PlanItem]:
    items = list(PlanItem.objects.filter(series=series))
    return sorted(items, key=lambda i: (i.done_at is not None, key_order(i.statement_key), i.pk))


@dataclass(frozen=True)
class PlannedProgress:
    """A plan item seen from a later measurement: was it planned before, and did its statement move?"""

    item: PlanItem
    direction: str
    words: str


def progress_since_plan(measurement: Measurement, items: list[PlanItem]) -> list[PlannedProgress]:
    """The items planned before `measurement` was saved, with how their statement moved since."""
    rows = []
    for item in items:
        if item.planned_at >= measurement.created_at:
            continue
        direction, words = movement(item.baseline_score, measurement.scores.get(item.statement_key))
        rows.append(PlannedProgress(item=item, direction=direction, words=words))
    return rows


def set_done(item: PlanItem, done: bool) -> None:
    item.done_at = timezone.now() if done else None
    item.save(update_fields=["done_at"])
