"""The wegwijzer part of the source: cells III.3-III.8 and the worked example V.2.

Reads the layout rendering page by page, finds the cell labels (Fa ... U52),
de-interleaves each cell's two columns (columns.py), cuts them into tips,
examples and references (items.py) and gives every page link to an item.
The tagged rendering and the other of the two tables (III or V.2) serve as
witnesses. See docs/importer.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from importers.parser import corrections
from importers.parser.columns import LEFT, RIGHT, Fragment, Widths, Witness, deinterleave, squash
from importers.parser.document import ACTIVITY_CODES, Cell, Item, ParseWarning, SourceLink, WorkedExample
from importers.parser.items import (
    ItemOnPage,
    Paragraph,
    assign_links,
    link_authors,
    make_item,
    page_links,
    paragraph_key,
    paragraphs,
)
from importers.parser.source import Line, Page, Source, pages

CELL_KEYS: tuple[str, ...] = tuple(f"{a}a" for a in ACTIVITY_CODES) + tuple(
    f"{a}{q}{n}" for q in range(1, 6) for a in ACTIVITY_CODES for n in (1, 2)
)
"""All 44 cell keys in the source's order: Fa Aa Sa Ua, then per question F11 F12 A11 A12 ... U52."""

SECTION_START = re.compile(r"^\s*III\.3\.")
SECTION_END = re.compile(r"^\s*IV\. CHECKLIST")
EXAMPLE_START = re.compile(r"^\s*V\.2\. OUTPUT WEGWIJZER")
ACTIVITY_HEADING = re.compile(r"^\s*([1-4])\. (Funderings|Analyse|Specificatie|Uitvoerings)activiteiten\s*$")
HEADING = re.compile(r"^\s*(III\.\d|[12]\. \S|Tips Leeswijzer)")
NOISE = re.compile(r"^\s*[-–]?\s*$")

MAIN_WIDTHS = Widths(left=66, right=80)
EXAMPLE_WIDTHS = Widths(left=74, right=88)
# wrap widths for paragraph detection: a line shorter than this minus the next word ended a paragraph
MAIN_WRAP: dict[str, int] = {LEFT: 63, RIGHT: 76}
EXAMPLE_WRAP: dict[str, int] = {LEFT: 70, RIGHT: 84}


@dataclass
class _Row:
    """The layout lines of one cell (or one V.2 activity), with fragments forced by a mid-line label."""

    key: str
    line: int
    lines: list[Line] = field(default_factory=list)
    lead: list[Fragment] = field(default_factory=list)


def parse_cells(
    source: Source, warnings: list[ParseWarning], example: ExampleReading | None = None
) -> dict[str, Cell]:
    """Parse sections III.3-III.8 into the 44 wegwijzer cells (empty ones included).

    `example` is V.2 as `read_worked_example` read it (read here when not given):
    its paragraph openings tell where paragraphs in III start.
    """
    section = _section_pages(source.layout, SECTION_START, SECTION_END)
    witness = _witness(source, exclude=section)
    rows = _rows(section, warnings)
    cells = {key: Cell(key) for key in CELL_KEYS}
    starts = _page_starts(section)
    streams = {row.key: _read_row(row, witness, MAIN_WIDTHS, starts) for row in rows}
    for row in rows:
        cells[row.key].line = row.line
    example = example or read_worked_example(source)
    reading = _Reading(witness, _layout_witness(source, section), MAIN_WRAP, _example_starts(example))
    _build_items(cells, streams, section, reading, source, warnings)
    return cells


def parse_worked_example(
    source: Source, warnings: list[ParseWarning], example: ExampleReading | None = None
) -> WorkedExample:
    """Parse V.2: per activity, the tips in V.2's order and all its items.

    `example` is V.2 as `read_worked_example` read it (read here when not given).
    """
    reading = example or read_worked_example(source)
    blocks = {row.key: Cell(row.key, row.line) for row in reading.rows}
    _build_items(blocks, reading.streams, reading.section, reading.reading, source, warnings)
    worked = WorkedExample(description=_example_description(source.layout))
    for code in ACTIVITY_CODES:
        block = blocks.get(code, Cell(code))
        worked.tips[code] = [item.text for item in block.items if item.kind == "tip"]
        worked.items[code] = list(block.items)
    return worked


@dataclass(frozen=True)
class _Reading:
    """What the item building needs besides the fragments: witnesses and wrap widths."""

    witness: Witness
    joins: Witness
    wrap: Mapping[str, int]
    starts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ExampleReading:
    """V.2 (the worked example) read into column fragments, once per parse.

    Both the cells of III (for where paragraphs start) and the worked example
    itself need this reading; it is the costliest step after III's own.
    """

    section: Sequence[Page]
    rows: Sequence[_Row]
    streams: Mapping[str, list[Fragment]]
    reading: _Reading


def read_worked_example(source: Source) -> ExampleReading:
    """Read V.2's layout lines into column fragments per activity block."""
    section = _section_pages(source.layout, EXAMPLE_START, None)
    witness = _witness(source, exclude=section)
    rows = _example_rows(section)
    starts = _page_starts(section)
    streams = {row.key: _read_row(row, witness, EXAMPLE_WIDTHS, starts) for row in rows}
    return ExampleReading(
        section, rows, streams, _Reading(witness, _layout_witness(source, section), EXAMPLE_WRAP)
    )


def _example_starts(example: ExampleReading) -> frozenset[str]:
    """Openings of the paragraphs of V.2: where its paragraphs start, those in III start too."""
    keys: set[str] = set()
    for fragments in example.streams.values():
        for column in (LEFT, RIGHT):
            found = paragraphs(
                [f for f in fragments if f.column == column],
                width=example.reading.wrap[column],
                joins=example.reading.joins,
            )
            keys.update(paragraph_key(p.text) for p in found)
    return frozenset(keys)


# --- reading the layout ------------------------------------------------------


def _section_pages(layout: Sequence[Line], start: re.Pattern[str], end: re.Pattern[str] | None) -> list[Page]:
    """The pages of the layout rendering from the `start` heading to the `end` heading (exclusive)."""
    first = next((i for i, line in enumerate(layout) if start.match(line.text)), None)
    if first is None:
        return []
    last = next(
        (i for i, line in enumerate(layout) if i > first and end and end.match(line.text)), len(layout)
    )
    begin, stop = layout[first].no, layout[last - 1].no
    result: list[Page] = []
    for page in pages(list(layout)):
        lines = [line for line in page.lines if begin <= line.no <= stop]
        if lines:
            result.append(Page(lines=lines, links=page.links))
    return result


def _layout_witness(source: Source, exclude: Sequence[Page]) -> Witness:
    """The other table's layout lines: a join inside one of them is a join within a paragraph."""
    excluded = {line.no for page in exclude for line in page.lines}
    tables = [
        *_section_pages(source.layout, SECTION_START, SECTION_END),
        *_section_pages(source.layout, EXAMPLE_START, None),
    ]
    return Witness([line.text for page in tables for line in page.lines if line.no not in excluded])


def _witness(source: Source, exclude: Sequence[Page]) -> Witness:
    """The other renderings of the same text: the tagged rendering and the other table's pages."""
    excluded = {line.no for page in exclude for line in page.lines}
    main = _section_pages(source.layout, SECTION_START, SECTION_END)
    example = _section_pages(source.layout, EXAMPLE_START, None)
    # line by line: the other table is interleaved too, so its line joins prove nothing;
    # the tagged rendering glues the columns together now and then, so it counts half
    texts = [line.text for page in [*main, *example] for line in page.lines if line.no not in excluded]
    fragments = [_LABEL_AT_START.sub("", line.text) for line in source.tagged]
    return Witness(texts, fragments, weak_texts=[line.text for line in source.tagged])


_LABEL = r"[FASU](?:a|[1-5][12])"
_LABEL_AT_START = re.compile(rf"^\s*{_LABEL}\s+")


def _rows(section: Sequence[Page], warnings: list[ParseWarning]) -> list[_Row]:
    """Cut the section's lines into cells at the labels, which come in CELL_KEYS order."""
    rows: list[_Row] = []
    expected = iter(CELL_KEYS)
    upcoming = next(expected)
    in_heading = False
    for page in section:
        for line in page.lines:
            text = line.text
            if HEADING.match(text) or (in_heading and not text.strip().startswith(tuple(CELL_KEYS))):
                in_heading = not text.strip().startswith("Tips Leeswijzer")
                continue
            if NOISE.match(text):
                continue
            match = re.search(rf"(?:^|\s){upcoming}(?=\s|$)", text) if upcoming else None
            if match:
                before, after = text[: match.start()].strip(), text[match.end() :].strip()
                row = _Row(upcoming, line.no)
                if before:
                    # the right column of the new row, printed before its label
                    row.lead.append(Fragment(line.no, before, RIGHT))
                if after:
                    row.lines.append(Line(line.no, after))
                rows.append(row)
                upcoming = next(expected, "")
                continue
            if not rows:
                warnings.append(ParseWarning(line.no, f"text before the first cell label: {text.strip()!r}"))
                continue
            rows[-1].lines.append(line)
    if upcoming:
        warnings.append(ParseWarning(0, f"cell label {upcoming} not found"))
    return rows


def _example_rows(section: Sequence[Page]) -> list[_Row]:
    """Cut V.2 into its four activity blocks, dropping each block's heading and description."""
    rows: list[_Row] = []
    skipping = False
    for page in section:
        for line in page.lines:
            heading = ACTIVITY_HEADING.match(line.text)
            if heading:
                rows.append(_Row(ACTIVITY_CODES[int(heading.group(1)) - 1], line.no))
                skipping = True
                continue
            if not rows or EXAMPLE_START.match(line.text) or NOISE.match(line.text):
                continue
            if skipping:
                skipping = not line.text.strip().startswith("Tips Leeswijzer")
                continue
            rows[-1].lines.append(line)
    return rows


def _example_description(layout: Sequence[Line]) -> str:
    """The lines of V.1 that introduce the example case."""
    start = next(
        (i for i, line in enumerate(layout) if line.text.strip().startswith("V.1. INPUT WEGWIJZER")), None
    )
    return " ".join(layout[start + 1].text.split()) if start is not None and start + 1 < len(layout) else ""


def _page_starts(section: Sequence[Page]) -> frozenset[int]:
    return frozenset(page.lines[0].no for page in section if page.lines)


def _read_row(row: _Row, witness: Witness, widths: Widths, page_starts: frozenset[int]) -> list[Fragment]:
    tails = ("", row.lead[-1].text if row.lead else "")
    fragments = deinterleave(
        row.lines, witness, widths=widths, hints=corrections.HINTS, tails=tails, page_starts=page_starts
    )
    return [*row.lead, *fragments]


# --- items and links -----------------------------------------------------------


@dataclass
class _Built:
    item: Item
    paragraph: Paragraph


def _build_items(
    cells: dict[str, Cell],
    streams: Mapping[str, list[Fragment]],
    section: Sequence[Page],
    reading: _Reading,
    source: Source,
    warnings: list[ParseWarning],
) -> None:
    built: list[_Built] = []
    for key, fragments in streams.items():
        for column in (LEFT, RIGHT):
            found = paragraphs(
                [f for f in fragments if f.column == column],
                width=reading.wrap[column],
                witness=reading.witness,
                breaks=corrections.BREAKS,
                joins=reading.joins,
                starts=reading.starts,
            )
            for paragraph in found:
                item = make_item(paragraph, "tip" if column == LEFT else None)
                cells[key].items.append(item)
                if column == RIGHT:
                    built.append(_Built(item, paragraph))
    _assign_page_links(built, section, source, warnings)


def _assign_page_links(
    built: Sequence[_Built], section: Sequence[Page], source: Source, warnings: list[ParseWarning]
) -> None:
    page_of = {line.no: index for index, page in enumerate(section) for line in page.lines}
    fragments = {squash(f.text) for entry in built for f in entry.paragraph.fragments}
    anchors = _AnchorIndex(source.tagged, fragments)
    pages_items: list[tuple[list[ItemOnPage], list[SourceLink]]] = []
    for index, page in enumerate(section):
        placed: list[ItemOnPage] = []
        for entry in built:
            on_page = [f for f in entry.paragraph.fragments if page_of.get(f.no) == index]
            if on_page:
                starts_here = page_of.get(entry.paragraph.fragments[0].no) == index
                text = " ".join(f.text for f in on_page)
                placed.append(ItemOnPage(entry.item, text, anchors.of(entry.paragraph.text), starts_here))
        pages_items.append((placed, page_links(page.links, warnings)))
    authors = link_authors(pages_items)
    for placed, links in pages_items:
        assign_links(placed, links, warnings, authors)


_TAGGED_JUNK = {"Figure", "TR", "TD", "Link", "Sect", "Table", "Tips", "Wegwijzer", "Checklist"}


class _AnchorIndex:
    """Linked phrases of the tagged rendering, which prints each on a line of its own.

    An anchor of an item is a short tagged line, near the tagged lines that
    hold the item's text, that is part of the item's text but not one of the
    layout's column lines (those are split off for another reason).
    """

    _CHUNK = 24

    def __init__(self, tagged: Sequence[Line], layout_fragments: set[str]) -> None:
        self.lines = [line.text.strip() for line in tagged]
        self.squashed = [squash(text) for text in self.lines]
        self.grams: dict[str, list[int]] = {}
        for index, text in enumerate(self.squashed):
            for i in range(max(0, len(text) - self._CHUNK + 1)):
                self.grams.setdefault(text[i : i + self._CHUNK], []).append(index)
        self.layout_fragments = layout_fragments

    def of(self, text: str) -> list[str]:
        key = squash(text)
        hits = sorted(
            {
                index
                for i in range(0, max(1, len(key) - self._CHUNK + 1), 8)
                for index in self.grams.get(key[i : i + self._CHUNK], [])
            }
        )
        found: list[str] = []
        for hit in hits:
            for index in range(max(0, hit - 3), min(len(self.lines), hit + 4)):
                line, squashed = self.lines[index], self.squashed[index]
                if (
                    2 <= len(line) <= 60
                    and line not in _TAGGED_JUNK
                    and len(squashed) >= 3
                    and squashed in key
                    and squashed not in self.layout_fragments
                    and len(squashed) < len(key) // 2
                    and not re.fullmatch(rf"{_LABEL}|[\d.]+", line)
                    and line not in found
                ):
                    found.append(line)
        return found
