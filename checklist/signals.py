"""Wiring: deleting an opted-in measurement (or its series) recounts the national picture.

The database deletes a measurement's national entries in cascade; this makes the
published groups follow once the deletion is committed, one recount per series.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import transaction
from django.db.models.signals import pre_delete

from . import national_store
from .models import Measurement, NationalEntry
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


def connect() -> None:
    pre_delete.connect(_measurement_deleting, sender=Measurement, dispatch_uid="checklist-national-recount")
