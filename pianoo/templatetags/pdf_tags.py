"""Template tags for PDFs: each external address printed once per document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import template

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
