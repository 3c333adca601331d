"""Reading the raw source text: its two renderings, pages, page furniture and link lists.

The source is a PDF extracted twice. The first part is a *layout* rendering in
reading order per page, with the page's hyperlinks listed after the page. The
second part, from the second "I. INTRODUCTIE" on, is a *tagged* rendering with
better paragraphs but duplicated lines. See docs/importer.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

URL_RE = re.compile(r"^\s*(https?:\S*)\s*$")
# Running headers and footers that the PDF puts on every page; never content.
FURNITURE_RE = re.compile(
    r"^\s*(Wegwijzer|Checklist|Voorbeeld Inkoopcase|Introductie|"
    r"Tekst voor Landingspagina \(communicatie pianoo aan inkooporganisaties\)|"
    r"© Policy Research Corporation - \d+)\s*$"
)
TAGGED_START_RE = re.compile(r"^\s*I\. INTRODUCTIE\.\.")


@dataclass(frozen=True)
class Line:
    """A non-blank line of the source, with its 1-based line number."""

    no: int
    text: str


@dataclass
class Page:
    """A page of the layout rendering: its text lines and the links listed after it."""

    lines: list[Line] = field(default_factory=list)
    links: list[Line] = field(default_factory=list)


@dataclass
class Source:
    """The source text split into its two renderings."""

    layout: list[Line]
    tagged: list[Line]


def split_renderings(text: str) -> Source:
    """Split the text into the layout and tagged renderings, dropping blank lines."""
    layout: list[Line] = []
    tagged: list[Line] = []
    target = layout
    for no, raw in enumerate(text.splitlines(), start=1):
        if target is layout and TAGGED_START_RE.match(raw):
            target = tagged
        if raw.strip():
            target.append(Line(no, raw.rstrip()))
    return Source(layout=layout, tagged=tagged)


def is_url(line: Line) -> bool:
    return bool(URL_RE.match(line.text))


def is_furniture(line: Line) -> bool:
    return bool(FURNITURE_RE.match(line.text))


def pages(lines: list[Line]) -> list[Page]:
    """Group layout lines into pages.

    A page ends where its link list ends, or where the next running header
    starts. Running headers and footers are dropped.
    """
    result: list[Page] = [Page()]
    for line in lines:
        page = result[-1]
        if is_url(line):
            page.links.append(Line(line.no, URL_RE.match(line.text).group(1)))  # type: ignore[union-attr]
            continue
        # The "© Policy Research Corporation" footer sits before the link list,
        # so only a running header (or the end of a link list) starts a page.
        if page.links or (is_furniture(line) and page.lines and "©" not in line.text):
            page = Page()
            result.append(page)
        if not is_furniture(line):
            page.lines.append(line)
    return [page for page in result if page.lines or page.links]
