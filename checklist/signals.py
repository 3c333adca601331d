"""Wiring: deleting an opted-in measurement (or its series) recounts the national picture,
and every change to what a measurement's page shows makes its cached page stale.

The database deletes a measurement's national entries in cascade; this makes the
published groups follow once the deletion is committed, one recount per series.

Saving or deleting a measurement, an ambition or a plan item (and saving a series,
its rename) bumps the series' version (checklist/page_cache.py); the stores bump it
themselves for their bulk writes, which send no signals. While a whole series is being
deleted its children's deletions bump nothing: its pages go with it.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from . import national_store, page_cache
from .models import Ambition, Measurement, MeasurementSeries, NationalEntry, PlanItem
from .national import CURRENT
from .scoring import theme_infos

_pending = threading.local()  # per thread and transaction: {series id: groups}, flushed on commit


def _flush() -> None:
    work: dict[int, set[national_store.Group]] = getattr(_pending, "work", {})
    _pending.work = {}
    numbers = [t.number for t in theme_infos()]
    for series_id, groups in work.items():
        national_store.after_deletion(series_id, groups, numbers)


def _measurement_deleting(sender: Any, instance: Measurement, **kwargs: Any) -> None:
    pairs = set(NationalEntry.objects.filter(measurement_id=instance.pk).values_list("kind", "period"))
    if not pairs:
        return
    work = getattr(_pending, "work", None)
    if not work:
        _pending.work = work = {}
        transaction.on_commit(_flush)
    groups = work.setdefault(instance.series_id, set())
    for kind, period in pairs:
        groups.update({(kind, CURRENT), (kind, period)})


_deleting = threading.local()  # per thread: ids of the series being deleted right now


def _deleting_series() -> set[int]:
    found: set[int] | None = getattr(_deleting, "ids", None)
    if found is None:
        _deleting.ids = found = set()
    return found


def _series_deleting(sender: Any, instance: MeasurementSeries, **kwargs: Any) -> None:
    # Django sends every pre_delete of a cascade before deleting anything, so this runs
    # before the children's post_delete; the series' own post_delete comes last.
    _deleting_series().add(instance.pk)


def _series_deleted(sender: Any, instance: MeasurementSeries, **kwargs: Any) -> None:
    _deleting_series().discard(instance.pk)


def _series_saved(sender: Any, instance: MeasurementSeries, created: bool, **kwargs: Any) -> None:
    if not created:
        page_cache.series_changed(instance.pk)


def _child_changed(sender: Any, instance: Measurement | Ambition | PlanItem, **kwargs: Any) -> None:
    if instance.series_id not in _deleting_series():
        page_cache.series_changed(instance.series_id)


def connect() -> None:
    pre_delete.connect(_measurement_deleting, sender=Measurement, dispatch_uid="checklist-national-recount")
    pre_delete.connect(_series_deleting, sender=MeasurementSeries, dispatch_uid="checklist-series-deleting")
    post_delete.connect(_series_deleted, sender=MeasurementSeries, dispatch_uid="checklist-series-deleted")
    post_save.connect(_series_saved, sender=MeasurementSeries, dispatch_uid="checklist-series-version")
    for model in (Measurement, Ambition, PlanItem):
        uid = f"checklist-series-version-{model._meta.model_name}"
        post_save.connect(_child_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_child_changed, sender=model, dispatch_uid=f"{uid}-delete")
