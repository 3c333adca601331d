"""Template tags for PDFs: each external address printed once per document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@dataclass
class LinkUse:
    """Where a link stands in the document: its number, and whether its address was printed before."""

    number: int
    first: bool


@dataclass
class LinkRegister:
    """The addresses a PDF printed so far, in order; one per document, in the template context."""

    numbers: dict[str, int] = field(default_factory=dict)

    def use(self, url: str) -> LinkUse:
        if url in self.numbers:
            return LinkUse(self.numbers[url], first=False)
        self.numbers[url] = len(self.numbers) + 1
        return LinkUse(self.numbers[url], first=True)


@register.simple_tag(takes_context=True)
def link_use(context: template.Context, url: str) -> LinkUse | None:
    """In a PDF (context has `pdf_links`), number `url` and say if it is new; on a page, None."""
    links: Any = context.get("pdf_links")
    return links.use(url) if isinstance(links, LinkRegister) else None


# After these characters (and before a %-escape) a printed address may wrap to the next line.
_URL_PIECES = re.compile(r"(?<=[/?&=_.])|(?=%)")


@register.filter
def url_breaks(url: str) -> SafeString:
    """An address for print that wraps only after / ? & = _ . or before %, never after a hyphen.

    pdftotext (and screen readers' text extraction) joins a line ending in "-" with the next
    and drops the hyphen, which would misprint "operating-model" as "operatingmodel". Pieces
    without a break inside them, with <wbr> (a zero-width opportunity) between them.
    """
    pieces = [piece for piece in _URL_PIECES.split(url) if piece]
    return mark_safe(  # noqa: S308 - every piece is escaped
        "<wbr>".join(f'<span class="pdf-nobr">{escape(piece)}</span>' for piece in pieces)
    )
