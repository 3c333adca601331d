"""The editors' order of items within a cell or checklist statement.

Placements are modelcluster children of their item, so the order lives in two
places: the placement rows (what visitors see) and the item's revisions (what
the edit form loads and a later publish writes back). Reordering is a change to
the cell, not to one item's text, so it updates the live rows directly instead
of publishing new revisions: publishing would also push out any unpublished
draft of the items involved. To keep a later publish from restoring the old
order, the new `sort_order` is also written into the latest and live revision
of each item touched. Saving the rows fires `post_save`, which bumps the
content version, so visitors see the new order on their next request.
See docs/workbench.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from django.db import transaction
from wagtail.models import Revision

from cms import item_kinds

Direction = Literal["up", "down"]


class OrderError(ValueError):
    """A reorder request that does not fit the cell; `message` is Dutch, for editors."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def siblings(placement: Any) -> list[Any]:
    """The placements of the same kind in the same cell as `placement`, in visitors' order."""
    return list(
        type(placement)
        .objects.filter(
            activity_id=placement.activity_id,
            answer_id=placement.answer_id,
            statement_id=placement.statement_id,
        )
        .select_related("item")
        .order_by("sort_order", "pk")
    )


def move(kind: str, placement_id: int, direction: Direction) -> bool:
    """Move one placement a step up or down within its cell; False if it is already at the end."""
    model = _model(kind)
    try:
        placement = model.objects.get(pk=placement_id)
    except model.DoesNotExist as error:
        raise OrderError("Deze plaatsing bestaat niet (meer). Vernieuw de pagina.") from error
    cell = siblings(placement)
    ids = [p.pk for p in cell]
    index = ids.index(placement.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(ids):
        return False
    ids[index], ids[target] = ids[target], ids[index]
    _write(cell, ids)
    return True


def set_order(kind: str, ordered_ids: Sequence[int]) -> int:
    """Give one cell's placements the order `ordered_ids`; returns how many rows changed.

    `ordered_ids` must name every placement of that kind in that cell exactly once.
    """
    model = _model(kind)
    if not ordered_ids:
        return 0
    first = model.objects.filter(pk=ordered_ids[0]).first()
    if first is None:
        raise OrderError("Deze plaatsing bestaat niet (meer). Vernieuw de pagina.")
    cell = siblings(first)
    if sorted(p.pk for p in cell) != sorted(ordered_ids) or len(set(ordered_ids)) != len(ordered_ids):
        raise OrderError("De volgorde moet elk item van deze cel precies één keer noemen.")
    return _write(cell, list(ordered_ids))


def _model(kind: str) -> type[Any]:
    try:
        return item_kinds.by_key(kind).placement_model
    except KeyError as error:
        raise OrderError(f"Onbekende soort '{kind[:20]}'.") from error


@transaction.atomic
def _write(cell: list[Any], ordered_ids: list[int]) -> int:
    """Renumber the cell 0..n-1 in `ordered_ids` order, rows and revisions alike."""
    by_pk = {p.pk: p for p in cell}
    changed = []
    for position, pk in enumerate(ordered_ids):
        placement = by_pk[pk]
        if placement.sort_order != position:
            placement.sort_order = position
            # save(), not update(): post_save bumps the content version.
            placement.save(update_fields=["sort_order"])
            changed.append(placement)
    for placement in changed:
        _patch_revisions(placement)
    return len(changed)


def _patch_revisions(placement: Any) -> None:
    item = placement.item
    revision_ids = {item.latest_revision_id, getattr(item, "live_revision_id", None)} - {None}
    for revision in Revision.objects.filter(pk__in=revision_ids):
        entries = revision.content.get("placements") or []
        for entry in entries:
            if entry.get("pk") == placement.pk:
                entry["sort_order"] = placement.sort_order
        Revision.objects.filter(pk=revision.pk).update(content=revision.content)
