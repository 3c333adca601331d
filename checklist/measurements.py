"""Saving, finding and deleting measurements: the periodic measuring instrument.

A repeated submit (double click, back and submit again) must not create a
second measurement. The form carries a random submission id; together with
the series and the scores it makes a unique `submission_key`, so the database
itself refuses the duplicate and we return the measurement already saved.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Measurement, MeasurementSeries

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
SUBMISSION_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
OPENED_RESOLUTION_SECONDS = 24 * 3600  # last_opened_at is written at most once a day


def valid_token(token: str) -> bool:
    return bool(TOKEN_RE.fullmatch(token))


def valid_submission(submission: str) -> bool:
    return bool(SUBMISSION_RE.fullmatch(submission))


def submission_key(submission: str, series_token: str, scores: Mapping[str, int]) -> str:
    material = json.dumps([submission, series_token, sorted(scores.items())])
    return hashlib.sha256(material.encode()).hexdigest()


def find_series(token: str) -> MeasurementSeries | None:
    """The series whose manage link this is."""
    if not valid_token(token):
        return None
    return MeasurementSeries.objects.filter(manage_token=token).first()


def find_series_to_read(token: str) -> MeasurementSeries | None:
    """The series whose read link this is (a manage token does not match here, nor the reverse)."""
    if not valid_token(token):
        return None
    return MeasurementSeries.objects.filter(read_token=token).first()


def touch(series: MeasurementSeries) -> None:
    """Remember that the series was opened (for retention), at most once a day: usually no query."""
    series.last_opened_at = touch_opened(series.pk, series.last_opened_at)


def touch_opened(series_id: int, last_opened_at: datetime) -> datetime:
    """As touch(), by the series' id and when it was last opened; returns the new moment."""
    now = timezone.now()
    if (now - last_opened_at).total_seconds() <= OPENED_RESOLUTION_SECONDS:
        return last_opened_at
    # An update, no save(): opening a series is not a change to what its pages show.
    MeasurementSeries.objects.filter(pk=series_id).update(last_opened_at=now)
    return now


def rename_series(series: MeasurementSeries, name: str) -> None:
    series.name = name
    series.save(update_fields=["name"])


def find_in_series(series: MeasurementSeries, pk: str) -> Measurement | None:
    if not pk.isdigit() or len(pk) > 18:
        return None
    return Measurement.objects.filter(series=series, pk=int(pk)).first()


def update_measurement(measurement: Measurement, label: str, measured_on: date) -> None:
    measurement.label = label
    measurement.measured_on = measured_on
    measurement.save(update_fields=["label", "measured_on"])


def find_measurement(token: str) -> Measurement | None:
    if not valid_token(token):
        return None
    return Measurement.objects.select_related("series").filter(token=token).first()


def save_measurement(
    scores: Mapping[str, int],
    statements: Mapping[str, str],
    submission: str,
    series: MeasurementSeries | None = None,
) -> Measurement:
    """Save a measurement (in `series`, or in a new series); idempotent per submission."""
    key = submission_key(submission, series.manage_token if series else "", scores)
    existing = Measurement.objects.select_related("series").filter(submission_key=key).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            if series is None:
                series = MeasurementSeries.objects.create()
            return Measurement.objects.create(
                series=series, scores=dict(scores), statements=dict(statements), submission_key=key
            )
    except IntegrityError:
        # A concurrent identical submit won the race; the unique key holds its measurement.
        return Measurement.objects.select_related("series").get(submission_key=key)


def previous_measurement(measurement: Measurement) -> Measurement | None:
    """The measurement before this one in its series, if any."""
    return (
        Measurement.objects.filter(series_id=measurement.series_id)
        .filter(created_at__lte=measurement.created_at)
        .exclude(pk=measurement.pk)
        .exclude(created_at=measurement.created_at, pk__gt=measurement.pk)
        .order_by("-created_at", "-pk")
        .first()
    )


@transaction.atomic
def delete_measurement(measurement: Measurement) -> bool:
    """Delete a measurement; an emptied series goes too. True if the series was deleted."""
    series = measurement.series
    measurement.delete()
    if not series.measurements.exists():
        series.delete()
        return True
    return False
