"""The national picture in the database: opted-in theme scores and the published summary.

`NationalEntry` holds one theme score per opted-in measurement, flagged `latest`
(its series' latest opted-in measurement) and `latest_in_quarter`, so that each
series counts once. `NationalGroup` is the maintained, published summary per kind
of organisation (and per quarter): pages, the API and the admin read only that,
one row per group, whatever the number of measurements. Percentiles are read in
the database by rank (a count and two rows per percentile), never by loading
every score. When to republish is decided by checklist/national.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from . import page_cache
from .models import Measurement, MeasurementSeries, NationalEntry, NationalGroup
from .national import (
    CURRENT,
    MIN_CHANGES,
    MIN_GROUP,
    Decision,
    Figure,
    Publication,
    decide,
    figure,
    interpolate,
    percentile_ranks,
    quarter,
)
from .scoring import ThemeInfo, theme_infos
from .scoring.series import measurement_theme_scores

Group = tuple[str, str]  # (kind, period)


def _entries(kind: str, period: str) -> QuerySet[NationalEntry]:
    if period == CURRENT:
        return NationalEntry.objects.filter(kind=kind, latest=True)
    return NationalEntry.objects.filter(kind=kind, period=period, latest_in_quarter=True)


def _percentile(scores: QuerySet[NationalEntry, float], n: int, p: float) -> float:
    lower, upper, weight = percentile_ranks(n, p)
    values = list(scores[lower : upper + 1])
    return interpolate(float(values[0]), float(values[-1]), weight)


def compute_figures(kind: str, period: str, themes: Iterable[int]) -> tuple[int, dict[str, Any]]:
    """The group's size (distinct series) and its figure per theme, computed in the database."""
    entries = _entries(kind, period)
    n = entries.values("series_id").distinct().count()
    figures: dict[str, Any] = {}
    for theme in themes:
        scores = entries.filter(theme=theme).order_by("score").values_list("score", flat=True)
        count = scores.count()
        value: Figure | None = None
        if count >= MIN_GROUP:
            value = figure(
                count,
                _percentile(scores, count, 0.5),
                _percentile(scores, count, 0.25),
                _percentile(scores, count, 0.75),
            )
        figures[str(theme)] = value.as_json() if value else None
    return n, figures


def refresh_group(
    kind: str,
    period: str,
    themes: Iterable[int],
    changed_series: Iterable[int] = (),
    now: datetime | None = None,
) -> NationalGroup:
    """Apply the publication rules to one group after `changed_series` changed in it."""
    now = now or timezone.now()
    with transaction.atomic():
        group, _ = NationalGroup.objects.select_for_update().get_or_create(kind=kind, period=period)
        shown = _shown(group)
        changed = list(dict.fromkeys([*group.changed_series, *changed_series]))[:MIN_CHANGES]
        group.changed_series = changed
        n = _entries(kind, period).values("series_id").distinct().count()
        publication = Publication(
            visible=group.visible, published_at=group.published_at, changed_series=len(changed)
        )
        decision = decide(publication if group.pk and group.published_at else None, n, now)
        if decision is Decision.HIDE:
            group.visible = False
        elif decision is Decision.SHOW_PREVIOUS:
            group.visible = True
        elif decision is Decision.PUBLISH:
            group.n, group.figures = compute_figures(kind, period, themes)
            group.published_at = now
            group.changed_series = []
            group.visible = True
        group.save()
        if _shown(group) != shown:
            page_cache.national_changed()
    return group


def _shown(group: NationalGroup) -> tuple[Any, ...]:
    """What pages show of a group: changing any of it makes cached measurement pages stale."""
    return (group.visible, group.n, group.figures, group.published_at)


def _groups_of(entries: Iterable[tuple[str, str]]) -> set[Group]:
    groups: set[Group] = set()
    for kind, period in entries:
        groups.add((kind, CURRENT))
        groups.add((kind, period))
    return groups


def resync_series(series_id: int) -> set[Group]:
    """Recompute which of a series' opted-in measurements count; return the groups it touches."""
    rows = list(
        NationalEntry.objects.filter(series_id=series_id)
        .order_by()
        .values_list("pk", "measurement_id", "kind", "period", "latest", "latest_in_quarter")
    )
    order = {
        pk: i
        for i, pk in enumerate(
            # The series' own order (Measurement.Meta.ordering): its last one is its latest.
            Measurement.objects.filter(series_id=series_id).values_list("pk", flat=True)
        )
    }
    latest_measurement = max((r[1] for r in rows), key=lambda m: order.get(m, -1), default=None)
    latest_per_quarter: dict[str, int] = {}
    for _, measurement_id, _, period, _, _ in rows:
        best = latest_per_quarter.get(period)
        if best is None or order.get(measurement_id, -1) > order.get(best, -1):
            latest_per_quarter[period] = measurement_id
    updates = []
    for pk, measurement_id, _, period, latest, in_quarter in rows:
        should = (measurement_id == latest_measurement, latest_per_quarter.get(period) == measurement_id)
        if (latest, in_quarter) != should:
            updates.append(NationalEntry(pk=pk, latest=should[0], latest_in_quarter=should[1]))
    NationalEntry.objects.bulk_update(updates, ["latest", "latest_in_quarter"])
    page_cache.series_changed(series_id)  # the kind it counts as may have changed
    return _groups_of((r[2], r[3]) for r in rows)


def theme_numbers(themes: Iterable[Any]) -> list[int]:
    return [t.number for t in themes]


def opt_in(
    measurement: Measurement, kind: str, theme_scores: Mapping[int, float | None], themes: list[int]
) -> None:
    """Count `measurement` anonymously in the national picture as `kind` (once per series)."""
    period = quarter_of(measurement)
    with transaction.atomic():
        before = _groups_of(
            NationalEntry.objects.filter(series_id=measurement.series_id)
            .values_list("kind", "period")
            .distinct()
        )
        NationalEntry.objects.filter(measurement=measurement).delete()
        NationalEntry.objects.bulk_create(
            NationalEntry(
                measurement=measurement,
                series_id=measurement.series_id,
                kind=kind,
                theme=theme,
                score=value,
                period=period,
            )
            for theme, value in theme_scores.items()
            if value is not None
        )
        groups = before | resync_series(measurement.series_id)
    for group_kind, group_period in sorted(groups):
        refresh_group(group_kind, group_period, themes, [measurement.series_id])


def theme_scores_of(measurement: Measurement, themes: list[ThemeInfo]) -> dict[int, float | None]:
    """{theme number: score} of a measurement: a round's medians, else its averages."""
    values = measurement_theme_scores(measurement.scores, measurement.theme_scores, themes)
    return dict(zip([t.number for t in themes], values, strict=True))


def count_measurement(measurement: Measurement, kind: str | None) -> None:
    """Count a just-saved measurement or closed round in the national picture, if the visitor opted in."""
    if kind is None:
        return
    themes = theme_infos()
    opt_in(measurement, kind, theme_scores_of(measurement, themes), [t.number for t in themes])


def opt_out(series: MeasurementSeries, themes: list[int]) -> int:
    """Remove every contribution of `series`; returns how many measurements stopped counting."""
    with transaction.atomic():
        entries = NationalEntry.objects.filter(series=series)
        groups = _groups_of(entries.values_list("kind", "period").distinct())
        count = entries.values("measurement_id").distinct().count()
        entries.delete()
        page_cache.series_changed(series.pk)
    for kind, period in sorted(groups):
        refresh_group(kind, period, themes, [series.pk])
    return count


def after_deletion(series_id: int, groups: set[Group], themes: list[int]) -> None:
    """After an opted-in measurement or series was deleted: recount what is left."""
    if MeasurementSeries.objects.filter(pk=series_id).exists():
        groups = groups | resync_series(series_id)
    for kind, period in sorted(groups):
        refresh_group(kind, period, themes, [series_id])


def quarter_of(measurement: Measurement) -> str:
    moment = timezone.localtime(measurement.created_at) if measurement.created_at else timezone.localtime()
    return quarter(moment)


def series_kind(series: MeasurementSeries) -> str | None:
    """The kind of organisation the series counts as, if it opted in."""
    entry = NationalEntry.objects.filter(series=series, latest=True).values_list("kind", flat=True).first()
    return entry


def published(kind: str, period: str = CURRENT) -> NationalGroup | None:
    """The published group, or None if it never was; one query."""
    return NationalGroup.objects.filter(kind=kind, period=period).first()


def publish_all(themes: list[int], now: datetime | None = None) -> int:
    """Apply the publication rules to every group (the daily command); returns how many were published."""
    published_count = 0
    pairs = set(NationalEntry.objects.values_list("kind", "period").distinct())
    for kind, period in sorted(_groups_of(pairs) | set(NationalGroup.objects.values_list("kind", "period"))):
        before = (
            NationalGroup.objects.filter(kind=kind, period=period)
            .values_list("published_at", flat=True)
            .first()
        )
        group = refresh_group(kind, period, themes, now=now)
        published_count += group.published_at != before
    return published_count


def visible_count() -> int:
    return NationalGroup.objects.filter(visible=True).count()


def all_groups() -> list[NationalGroup]:
    """Every published group, for the admin and its export; one query."""
    return list(NationalGroup.objects.order_by("kind", "period"))


def figures_of(group: NationalGroup | None, themes: Iterable[int]) -> dict[int, Figure | None]:
    """The published figure per theme of a group; None where it is hidden or too small."""
    result: dict[int, Figure | None] = {}
    for theme in themes:
        value = group.figures.get(str(theme)) if group is not None and group.visible else None
        result[theme] = Figure(**value) if value else None
    return result
