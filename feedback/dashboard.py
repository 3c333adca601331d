"""What visitors find useful: Ja and Nee per month, per item and per cell, and the latest comments.

Every figure is an aggregate in SQL (TruncMonth, Count with a filter), so the number
of queries is fixed whatever the number of feedback rows; the admin view
(feedback/admin_views.py) only renders what `summarise` returns. The bar geometry
for the server-rendered SVG charts is computed here too, so templates do no sums.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .constants import ITEM_KINDS
from .labels import Vocabulary, local_time
from .models import Feedback

MONTHS = 12
TOP_ITEMS = 20
TOP_CELLS = 30
LATEST_COMMENTS = 25
MONTH_NAMES = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

# The monthly chart's drawing area, in SVG user units.
CHART_HEIGHT = 160
BAR_WIDTH = 14
MONTH_WIDTH = 60
ROW_BAR_WIDTH = 160


@dataclass(frozen=True)
class Counts:
    ja: int
    nee: int

    @property
    def total(self) -> int:
        return self.ja + self.nee

    @property
    def nee_percent(self) -> int | None:
        return round(100 * self.nee / self.total) if self.total else None


@dataclass(frozen=True)
class MonthRow(Counts):
    month: date
    label: str
    x: int = 0
    ja_height: int = 0
    nee_height: int = 0

    @property
    def ja_y(self) -> int:
        return CHART_HEIGHT - self.ja_height

    @property
    def nee_y(self) -> int:
        return CHART_HEIGHT - self.nee_height


@dataclass(frozen=True)
class ItemRow(Counts):
    kind: str
    object_id: int
    label: str
    ja_width: int = 0
    nee_width: int = 0

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.object_id}"


@dataclass(frozen=True)
class CellRow(Counts):
    cell: str
    label: str
    ja_width: int = 0
    nee_width: int = 0


@dataclass(frozen=True)
class Comment:
    pk: int
    created_at: datetime
    kind: str
    label: str
    cell: str
    helpful: bool | None
    comment: str


@dataclass(frozen=True)
class Summary:
    since: date
    months: list[MonthRow]
    items: list[ItemRow]
    cells: list[CellRow]
    comments: list[Comment]
    totals: Counts
    chart_width: int
    chart_height: int = CHART_HEIGHT
    row_bar_width: int = ROW_BAR_WIDTH
    filters: dict[str, str] = field(default_factory=dict)


def month_starts(today: date, months: int = MONTHS) -> list[date]:
    """The first days of the last `months` calendar months, oldest first, ending with today's."""
    year, month = today.year, today.month
    starts = []
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def parse_item(value: str) -> tuple[str, int] | None:
    """ "tip-12" → ("tip", 12); None for anything else."""
    kind, _, pk = value.partition("-")
    if kind in ITEM_KINDS and pk.isdigit() and len(pk) <= 12:
        return kind, int(pk)
    return None


def summarise(
    vocabulary: Vocabulary, cell: str = "", item: tuple[str, int] | None = None, today: date | None = None
) -> Summary:
    """Everything the dashboard shows for the last MONTHS months, optionally for one cell or item."""
    zone = ZoneInfo(settings.TIME_ZONE)
    today = today or timezone.localdate()
    starts = month_starts(today)
    since = timezone.make_aware(datetime.combine(starts[0], time.min), zone)
    base: QuerySet[Feedback] = Feedback.objects.filter(created_at__gte=since).order_by()
    filters: dict[str, str] = {}
    if cell:
        base = base.filter(cell=cell)
        filters["cell"] = cell
    if item is not None:
        base = base.filter(kind=item[0], object_id=item[1])
        filters["item"] = f"{item[0]}-{item[1]}"
    ja, nee = Count("pk", filter=Q(helpful=True)), Count("pk", filter=Q(helpful=False))

    per_month = {
        local_time(row["month"]).date() if isinstance(row["month"], datetime) else row["month"]: row
        for row in base.annotate(month=TruncMonth("created_at", tzinfo=zone))
        .values("month")
        .annotate(ja=ja, nee=nee)
        .order_by("month")
    }
    highest = max([1, *(max(r["ja"], r["nee"]) for r in per_month.values())])
    months = []
    for index, start in enumerate(starts):
        row = per_month.get(start, {"ja": 0, "nee": 0})
        months.append(
            MonthRow(
                ja=row["ja"],
                nee=row["nee"],
                month=start,
                label=f"{MONTH_NAMES[start.month - 1]} {start.year}",
                x=index * MONTH_WIDTH,
                ja_height=round(CHART_HEIGHT * row["ja"] / highest),
                nee_height=round(CHART_HEIGHT * row["nee"] / highest),
            )
        )

    item_rows = list(
        base.filter(kind__in=ITEM_KINDS, object_id__isnull=False)
        .values("kind", "object_id")
        .annotate(ja=ja, nee=nee, label=Max("item_label"))
        .order_by("-nee", "-ja", "kind", "object_id")[:TOP_ITEMS]
    )
    cell_rows = list(
        base.exclude(cell="")
        .values("cell")
        .annotate(ja=ja, nee=nee)
        .filter(Q(ja__gt=0) | Q(nee__gt=0))
        .order_by("-nee", "-ja", "cell")[:TOP_CELLS]
    )
    widest = max([1, *(r["ja"] + r["nee"] for r in [*item_rows, *cell_rows])])

    def width(n: int) -> int:
        return round(ROW_BAR_WIDTH * n / widest)

    comments = [
        Comment(
            pk=row["pk"],
            created_at=local_time(row["created_at"]),
            kind=row["kind"],
            label=row["item_label"],
            cell=row["cell"],
            helpful=row["helpful"],
            comment=row["comment"],
        )
        for row in base.exclude(comment="")
        .order_by("-created_at", "-pk")
        .values("pk", "created_at", "kind", "item_label", "cell", "helpful", "comment")[:LATEST_COMMENTS]
    ]
    return Summary(
        since=starts[0],
        months=months,
        items=[
            ItemRow(
                ja=r["ja"],
                nee=r["nee"],
                kind=r["kind"],
                object_id=r["object_id"] or 0,
                label=r["label"],
                ja_width=width(r["ja"]),
                nee_width=width(r["nee"]),
            )
            for r in item_rows
            if r["ja"] or r["nee"]
        ],
        cells=[
            CellRow(
                ja=r["ja"],
                nee=r["nee"],
                cell=r["cell"],
                label=vocabulary.cell(r["cell"]),
                ja_width=width(r["ja"]),
                nee_width=width(r["nee"]),
            )
            for r in cell_rows
        ],
        comments=comments,
        totals=Counts(ja=sum(m.ja for m in months), nee=sum(m.nee for m in months)),
        chart_width=MONTHS * MONTH_WIDTH,
        filters=filters,
    )
