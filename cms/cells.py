"""Loading the live content of wegwijzer cells and checklist statements.

Both tools show "blocks": the tips, examples and references of one cell, each
with its links, in the editors' order. This module fetches them for any set of
cells in a fixed number of queries (two per item kind), whatever the amount of
content, and returns plain data that pages and the API render alike.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from html import unescape
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html
from wagtail.whitelist import Whitelister

from cms import item_kinds
from cms.item_kinds import ITEM_KINDS
from cms.models import plain_text
from cms.rich_text import expand_shared_links


@dataclass(frozen=True)
class LinkData:
    url: str
    title: str


@dataclass(frozen=True)
class ItemData:
    """A live tip, example or reference as visitors see it."""

    kind: str  # an item kind's key (cms/item_kinds.py): "tip", "example" or "reference"
    id: int
    text: str
    html: str
    author: str = ""
    organisation: str = ""
    links: tuple[LinkData, ...] = ()

    @property
    def template(self) -> str:
        """The include that renders this item on a page (templates/includes/items/<kind>.html)."""
        return item_kinds.by_key(self.kind).template

    @cached_property
    def links_outside_text(self) -> tuple[LinkData, ...]:
        """The links to list under the item: those its text doesn't already carry.

        Since links in tips, a tip's text holds the links of its words; listing them
        again would print each address twice (page, print and PDF).
        """
        in_text = {unescape(href) for href in _LINK_HREF.findall(self.html)}
        return tuple(link for link in self.links if link.url not in in_text)

    @cached_property
    def page_html(self) -> str:
        """`html` for our own pages: links that leave the site are announced as such."""
        return mark_external_links(self.html)

    def as_json(self) -> dict[str, Any]:
        """The item in the API's shape. Built once per item, as items are cached per
        content version and the checklist results list them on every request:
        read it, don't change it."""
        return self._json

    @cached_property
    def _json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "text": self.text, "html": self.html}
        if self.kind == item_kinds.REFERENCE.key:
            data = {"id": self.id, "author": self.author, "text": self.text, "html": self.html}
        if self.kind == item_kinds.EXAMPLE.key and self.organisation:
            data["organisation"] = self.organisation
        data["links"] = [{"url": link.url, "title": link.title} for link in self.links]
        return data


@dataclass
class Block:
    """The content of one cell ("Fa", "S32") or checklist statement ("2.1")."""

    cell: str
    tips: list[ItemData] = field(default_factory=list)
    examples: list[ItemData] = field(default_factory=list)
    references: list[ItemData] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not any(getattr(self, kind.plural) for kind in ITEM_KINDS)

    def items_json(self) -> dict[str, list[dict[str, Any]]]:
        """The items in the API's shape, one list per kind: {"tips": [...], "examples": [...], ...}."""
        return {kind.plural: [item.as_json() for item in getattr(self, kind.plural)] for kind in ITEM_KINDS}

    def as_json(self) -> dict[str, Any]:
        return {"cell": self.cell, **self.items_json()}


_WHITELISTER = Whitelister()


def render_rich_text(text: str, link_urls: Mapping[int, str] | None = None) -> str:
    """Stored rich text as safe HTML for visitors and the API.

    The admin's editor whitelists on input, but rows can also be written by
    imports, scripts or the shell; cleaning again on output (cached with the
    rest) means no stored text can put script on a public page. Shared links
    whose URL the caller already loaded (`link_urls`) are expanded without a query.
    """
    if link_urls:
        text = expand_shared_links(text, link_urls)
    return str(_WHITELISTER.clean(expand_db_html(text)))


# Wagtail's whitelister writes links as <a href="..."> with nothing else on them.
_EXTERNAL_LINK = re.compile(r'<a href="(https?://[^"]+)">(.*?)</a>', re.DOTALL)
_LINK_HREF = re.compile(r'<a href="([^"]+)">')


def mark_external_links(html: str) -> str:
    """Cleaned rich text with its absolute links rendered as templates/includes/external_link.html.

    Editors can type links inside a tip; visitors must hear that those leave the
    site too, like the items' own links. The API keeps the plain `html`.
    """

    def mark(match: re.Match[str]) -> str:
        context = {"url": unescape(match.group(1)), "text": mark_safe(match.group(2))}  # noqa: S308 - cleaned above
        return render_to_string("includes/external_link.html", context).strip()

    return _EXTERNAL_LINK.sub(mark, html)


def load_blocks(placement_filter: Q) -> dict[str, Block]:
    """Live items placed where `placement_filter` matches, grouped by cell key.

    Six queries: placements (with their item and tags) and links, per kind.
    """
    blocks: dict[str, Block] = {}
    for kind in ITEM_KINDS:
        placements = list(
            kind.placement_model.objects.filter(placement_filter, item__live=True)
            .select_related("item", "activity", "answer__question", "statement__theme")
            .order_by("sort_order", "pk")
        )
        links_by_item: dict[int, list[LinkData]] = defaultdict(list)
        link_urls: dict[int, str] = {}
        item_ids = {p.item_id for p in placements}
        if item_ids:
            for item_link in (
                kind.link_model.objects.filter(item_id__in=item_ids)
                .select_related("link")
                .order_by("sort_order", "pk")
            ):
                links_by_item[item_link.item_id].append(
                    LinkData(url=item_link.link.url, title=item_link.link.title)
                )
                link_urls[item_link.link_id] = item_link.link.url
        for placement in placements:
            item = placement.item
            key = placement.cell_key
            block = blocks.setdefault(key, Block(cell=key))
            getattr(block, kind.plural).append(
                ItemData(
                    kind=kind.key,
                    id=item.pk,
                    text=plain_text(item.text),
                    html=render_rich_text(item.text, link_urls),
                    author=getattr(item, "author", ""),
                    organisation=getattr(item, "organisation", ""),
                    links=tuple(links_by_item[item.pk]),
                )
            )
    return blocks
