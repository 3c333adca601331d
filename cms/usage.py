"""Where content is used: the places that show an item, and the items that cite a link.

Editors see this on the edit views and in the link report. What a place means
for visitors is up to the tool that shows it: apps register a
`describe_cell_reach` hook (a function from cell keys to Dutch descriptions,
such as "16 van de 32 combinaties"), so that cms depends on none of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.admin.utils import quote
from django.urls import NoReverseMatch, reverse
from wagtail import hooks

from cms import item_kinds
from cms.item_kinds import ITEM_KINDS
from cms.models import ContentItem, plain_text

REACH_HOOK = "describe_cell_reach"


@dataclass(frozen=True)
class Place:
    """One cell or checklist statement that shows an item."""

    cell: str
    description: str
    reach: str = ""


@dataclass(frozen=True)
class ItemUsage:
    """An item that uses a link, and where that item is shown."""

    kind: str
    kind_label: str
    id: int
    title: str
    live: bool
    edit_url: str
    places: tuple[Place, ...]


def describe(placement: Any) -> str:
    """A Dutch description of where a placement is, e.g. "Specificatie, vraag 3: antwoord 2 (…)"."""
    if placement.statement_id:
        statement = placement.statement
        return f"Checklist, thema {statement.theme.number}: {statement.text}"
    if placement.activity_id:
        name = placement.activity.name
        if not placement.answer_id:
            return f"{name}, algemeen (bij elk antwoord)"
        answer = placement.answer
        return f"{name}, bij antwoord {answer.number} op vraag {answer.question.number} ({answer.label})"
    return "Nergens (onvolledige plaatsing)"


def cell_reach(cells: Iterable[str]) -> dict[str, str]:
    """Descriptions of how visitors reach these cells, from the `describe_cell_reach` hooks."""
    wanted = sorted(set(cells))
    reach: dict[str, str] = {}
    for describe_reach in hooks.get_hooks(REACH_HOOK):
        for cell, text in describe_reach(wanted).items():
            reach.setdefault(cell, text)
    return reach


def places(placements: Iterable[Any], *, with_reach: bool = True) -> list[Place]:
    placements = list(placements)
    reach = cell_reach(p.cell_key for p in placements) if with_reach else {}
    return [Place(p.cell_key, describe(p), reach.get(p.cell_key, "")) for p in placements]


def item_places(item: ContentItem) -> list[Place]:
    """Where an item's live rows place it (one query, plus the reach hooks)."""
    placements = (
        item_kinds.of_item(item)
        .placement_model.objects.filter(item=item)
        .select_related("activity", "answer__question", "statement__theme")
        .order_by("activity__sort_order", "answer__question__number", "answer__number", "statement_id")
    )
    return places(placements)


def edit_url(item: Any) -> str:
    try:
        return reverse(item.snippet_viewset.get_url_name("edit"), args=[quote(item.pk)])
    except (AttributeError, NoReverseMatch):
        return ""


def link_usages(link_ids: Collection[int]) -> dict[int, list[ItemUsage]]:
    """The items citing each link, with their places: two queries per item kind."""
    usages: dict[int, list[ItemUsage]] = defaultdict(list)
    if not link_ids:
        return usages
    for kind in ITEM_KINDS:
        item_links = list(
            kind.link_model.objects.filter(link_id__in=link_ids).select_related("item").order_by("item_id")
        )
        item_ids = {il.item_id for il in item_links}
        placements_by_item: dict[int, list[Any]] = defaultdict(list)
        for placement in (
            kind.placement_model.objects.filter(item_id__in=item_ids)
            .select_related("activity", "answer__question", "statement__theme")
            .order_by("activity__sort_order", "answer__question__number", "answer__number", "statement_id")
        ):
            placements_by_item[placement.item_id].append(placement)
        for item_link in item_links:
            item = item_link.item
            usages[item_link.link_id].append(
                ItemUsage(
                    kind=kind.key,
                    kind_label=kind.label,
                    id=item.pk,
                    title=_title(item),
                    live=item.live,
                    edit_url=edit_url(item),
                    places=tuple(places(placements_by_item[item.pk], with_reach=False)),
                )
            )
    return usages


def _title(item: Any) -> str:
    text = plain_text(item.text)
    prefix = f"{item.author}: " if getattr(item, "author", "") else ""
    return prefix + (text[:120] + "…" if len(text) > 120 else text)
