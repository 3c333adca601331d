"""Bench data for the national picture: 10,000 opted-in measurements of one kind, and one series
with ambitions and a plan whose result pages the bench loads.

`python bench/national_data.py create` prints the private paths as JSON; `... delete` removes
every series it made (they are named BENCH_NAME). Run with the same settings as the server.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pianoo.settings.production")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from checklist import national_store  # noqa: E402
from checklist.models import (  # noqa: E402
    Ambition,
    Measurement,
    MeasurementSeries,
    NationalEntry,
    PlanItem,
)
from checklist.national import CURRENT, quarter  # noqa: E402
from checklist.scoring import (  # noqa: E402
    statement_blocks,
    statement_snapshot,
    theme_averages,
    theme_infos,
)

BENCH_NAME = "Benchmark landelijk beeld"
COUNT = int(os.environ.get("BENCH_NATIONAL_COUNT", "10000"))
KIND = "gemeente"


def delete() -> None:
    MeasurementSeries.objects.filter(name=BENCH_NAME).delete()
    numbers = [t.number for t in theme_infos()]
    national_store.refresh_group(KIND, CURRENT, numbers)


def create() -> dict[str, str]:
    delete()
    themes = theme_infos()
    numbers = [t.number for t in themes]
    keys = [s.key for t in themes for s in t.statements]
    rng = random.Random(42)  # noqa: S311 - reproducible bench data, not secrets
    with transaction.atomic():
        series = MeasurementSeries.objects.bulk_create(
            MeasurementSeries(name=BENCH_NAME) for _ in range(COUNT)
        )
        if series[0].pk is None:  # backends that don't return keys from bulk_create
            series = list(MeasurementSeries.objects.filter(name=BENCH_NAME).order_by("pk"))
        scores = [{k: rng.randint(1, 4) for k in keys} for _ in series]
        # Each keeps the statements as saving does, so its page shows no "checklist changed" notice.
        snapshot = statement_snapshot(themes)
        measurements = Measurement.objects.bulk_create(
            Measurement(series=s, scores=sc, statements=snapshot, label="Bench")
            for s, sc in zip(series, scores, strict=True)
        )
        if measurements[0].pk is None:
            measurements = list(Measurement.objects.filter(series__name=BENCH_NAME).order_by("series_id"))
        period = quarter(measurements[0].created_at)
        NationalEntry.objects.bulk_create(
            (
                NationalEntry(
                    measurement=m,
                    series_id=m.series_id,
                    kind=KIND,
                    theme=theme,
                    score=value,
                    period=period,
                    latest=True,
                    latest_in_quarter=True,
                )
                for m in measurements
                for theme, value in zip(numbers, theme_averages(m.scores, themes), strict=True)
                if value is not None
            ),
            batch_size=2000,
        )
    # The first publication of the group, as the 10th organisation would trigger it.
    national_store.refresh_group(KIND, CURRENT, numbers, [series[0].pk])
    national_store.refresh_group(KIND, period, numbers, [series[0].pk])
    own = series[0]
    Ambition.objects.bulk_create(Ambition(series=own, key=str(n), level=4) for n in numbers)
    blocks = statement_blocks()
    for key in keys[:5]:
        block = blocks.get(key)
        if block and block.tips:
            PlanItem.objects.create(
                series=own, statement_key=key, tip_id=block.tips[0].id, tip_text=block.tips[0].text
            )
    return {
        "measurement": measurements[0].token,
        "manage": own.manage_token,
        "read": own.read_token,
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["delete"]:
        delete()
    else:
        print(json.dumps(create()))  # noqa: T201
