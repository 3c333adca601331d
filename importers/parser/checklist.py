"""The checklist (IV): the score scale, the themes, their statements and items.

The checklist is a two-column table per theme. The left "Checklist" column
holds the statements (questions, scored 1-4) and under each its clarifications
(bullet lines, "\uf0b7" in the extraction). The right "Tips & Leeswijzer" /
"Tips & Voorbeelden" column holds the statement's tips, examples and
references. The layout rendering prints the left block of a statement first
and then the right column, except where the two are printed side by side:
then one line can hold a line of each column. See
docs/importer.md for the rules and why they hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from . import corrections
from .columns import Witness, ends_sentence, is_reference_start, squash, starts_lower
from .document import Item, ItemKind, ParseWarning, ScaleStep, SourceLink, Statement, Theme
from .items import ItemOnPage, page_links, parse_reference, text_words, url_words
from .prose import join_lines, normalise_space, section
from .source import Line, Page, Source, pages

Column = Literal["L", "R"]

BULLET = "\uf0b7"
CHECKLIST_START = r"IV\. CHECKLIST"
CHECKLIST_END = r"V\. VOORBEELD"
THEME_RE = re.compile(r"^IV\.(\d)\.\s+(.+?)\s*$")
TABLE_HEADER_END_RE = re.compile(r"^Tips & (Leeswijzer|Voorbeelden)\s*$")
SCALE_RE = re.compile(r"\((.*)\)")
SCALE_STEP_RE = re.compile(r"(\d)\s+(.+?)(?=\s+\d\s|$)")
# The right column wraps at up to ~77 characters, the left one at ~62; a
# longer line holds both columns.
RIGHT_WIDTH = 77
LEFT_WIDTH = 62
# A statement is a question of at most this many lines.
STATEMENT_LINES = 3

# Words that open a first clause without being its verb: articles,
# prepositions, determiners, conjunctions. An item that opens with one of these
# and names something in its first clause describes a case (an example);
# an item that opens with a verb gives advice (a tip).
FUNCTION_WORDS = frozenset(
    re.split(
        r"\s+",
        "aan al alle als bij binnen de deze die dit door een elk elke en het hoe in met na naar naast "
        "om onder op over per sinds tijdens tot uit van vanuit volgens voor zoals",
    )
)
# Words that make a clause advice rather than description.
ADVICE_RE = re.compile(
    r"\b(moet|moeten|dient|dienen|belangrijk|essentieel|wenselijk|aan te raden|aanbevolen|zorg|zorgen)\b",
    re.IGNORECASE,
)
# A name in a clause: a capitalised word or an acronym that is not the first word.
NAME_RE = re.compile(r"\b(?:[A-Z][\w-]*[A-Z][\w-]*|[A-Z][a-zà-ÿ]+(?:-[A-Z][\w]+)*)\b")
FIRST_CLAUSE_RE = re.compile(r"^(.*?)(?:[.:;?!](?:\s|$)|$)", re.S)
PROPER_NAME_RE = re.compile(r"^[A-Z][\w]*-[A-Z]")  # "Goeree-Overflakkee"


# --- scale ------------------------------------------------------------------


def parse_scale(source: Source, warnings: list[ParseWarning]) -> list[ScaleStep]:
    """The 1-4 score scale, read from the "Checklist Score (1 Oneens ...)" table header.

    Every theme repeats the header; they should agree, and a warning says where
    one does not.
    """
    scales: list[tuple[int, list[ScaleStep]]] = []
    for theme_lines in _theme_line_runs(source):
        header = _header_lines(theme_lines)
        if header:
            scales.append((header[0].no, _read_scale(header, warnings)))
    if not scales:
        warnings.append(ParseWarning(0, "IV: no score scale found"))
        return []
    first_line, scale = scales[0]
    for line_no, other in scales[1:]:
        if other != scale:
            warnings.append(
                ParseWarning(line_no, f"IV: score scale differs from the one on line {first_line}")
            )
    return scale


def _read_scale(header: list[Line], warnings: list[ParseWarning]) -> list[ScaleStep]:
    text = normalise_space(" ".join(line.text for line in header))
    match = SCALE_RE.search(text)
    if not match:
        warnings.append(ParseWarning(header[0].no, f"IV: no scale in table header {text!r}"))
        return []
    steps = [ScaleStep(int(value), label) for value, label in SCALE_STEP_RE.findall(match[1])]
    if [step.value for step in steps] != list(range(1, len(steps) + 1)) or len(steps) < 2:
        warnings.append(ParseWarning(header[0].no, f"IV: unexpected score scale {match[1]!r}"))
    return steps


# --- themes -----------------------------------------------------------------


def parse_themes(source: Source, warnings: list[ParseWarning]) -> list[Theme]:
    """The checklist themes with their statements, clarifications and items.

    `title` is the section heading ("Is de strategie duidelijk en haalbaar?"),
    `short_title` the theme's name as the landing text lists it ("Strategie").
    Links are read per page and assigned to the items printed on that page.
    """
    witness = _witness(source)
    names = _theme_names(source)
    themes: list[Theme] = []
    reader: _Reader | None = None
    checklist = section(source.layout, CHECKLIST_START, CHECKLIST_END)
    for page in pages(checklist):
        placed: list[ItemOnPage] = []
        header: list[Line] | None = None
        for line in page.lines:
            text = line.text.strip()
            heading = THEME_RE.match(text)
            if heading:
                if reader:
                    reader.finish()
                theme = Theme(number=int(heading[1]), title=_sentence_case(heading[2]))
                theme.short_title = _short_title(theme.title, names)
                themes.append(theme)
                reader = _Reader(theme, witness, warnings)
                header = []
                continue
            if header is not None:
                # The table header: "Checklist Score (1 Oneens ...) Tips & ...".
                header.append(line)
                if TABLE_HEADER_END_RE.match(text):
                    header = None
                continue
            if re.match(CHECKLIST_START, text):
                continue
            if reader is None:
                warnings.append(ParseWarning(line.no, f"IV: text before the first theme: {text!r}"))
                continue
            reader.read(line, page)
        if reader:
            placed = reader.placed_on(page)
        _assign_page_links(page, placed, warnings, witness)
    if reader:
        reader.finish()
    for theme in themes:
        for position, statement in enumerate(theme.statements, start=1):
            statement.key = f"{theme.number}.{position}"
    return themes


def _assign_page_links(
    page: Page, placed: list[ItemOnPage], warnings: list[ParseWarning], witness: _TaggedWitness | None = None
) -> None:
    """Give the page's links, in order, to the items printed on the page.

    The link list follows the order of the links on the page, so the links are
    cut into consecutive runs, one per item. A reference or an example carries
    one link (as many as the tagged rendering shows linked phrases in it), a tip
    only the linked phrases it shows, the rest of an item continued from the
    previous page none. Where the counts do not add up, the words of a URL that
    name an item on the page ("leidinggeven", "keough") decide; a link without
    such evidence goes to the later of two tips.
    """
    links = page_links(page.links, warnings)
    if not links:
        return
    if not placed:
        for link in links:
            warnings.append(ParseWarning(link.line, f"IV: link {link.url} has no item on its page"))
        return
    runs = _align_links(placed, links)
    for target, run in zip(placed, runs, strict=True):
        for index, link in enumerate(run):
            title = target.anchors[index] if index < len(target.anchors) else ""
            if not title and target.item.kind == "tip":
                used = [known.title for known in target.item.links]
                title = tip_anchor(target.text, link, witness, used)
                if not title:
                    warnings.append(
                        ParseWarning(link.line, f"IV: no words found for the tip link {link.url}")
                    )
            target.item.links.append(SourceLink(url=link.url, title=title, line=link.line))


def tip_anchor(text: str, link: SourceLink, witness: _TaggedWitness | None, used: list[str]) -> str:
    """The words of a tip that carry `link`, when the tagged rendering did not lift them out clearly.

    A tip's link must sit on its words (the tip's rich text carries it), so a
    missing anchor is looked for, in this order: a short line the tagged
    rendering prints apart that occurs in the tip ("projectmanagement skills",
    "leidinggevenden"), a word of the tip that the URL names ("Keough" in
    .../model-keough/), and last a decision in `corrections.ANCHORS`.
    """
    if link.line in corrections.ANCHORS:
        return corrections.ANCHORS[link.line]
    flat = normalise_space(text)
    if witness is not None:
        for phrase in witness.short_lines:
            if (
                phrase not in used
                and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", flat)
                and any(_word_matches(word, text_words(phrase)) for word in url_words(link.url))
            ):
                return phrase
    words = re.findall(r"[\w-]+", flat)
    hits = [
        i
        for i, word in enumerate(words)
        if len(word) >= 3 and any(_word_matches(u, text_words(word)) for u in url_words(link.url))
    ]
    # The longest run of named words at most two words apart: "model van Keough".
    runs: list[list[int]] = []
    for i in hits:
        if runs and i - runs[-1][-1] <= 2:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in sorted(runs, key=len, reverse=True):
        phrase = " ".join(words[run[0] : run[-1] + 1])
        if phrase not in used:
            return phrase
    return ""


def _align_links(placed: list[ItemOnPage], links: list[SourceLink]) -> list[list[SourceLink]]:
    """Cut `links` into one consecutive run per item, scoring counts and URL words."""
    expected = [_expected_links(p) for p in placed]
    words = [text_words(p.text + " " + p.item.author) for p in placed]
    evidence = [[_names(url_words(link.url), words, i) for i in range(len(placed))] for link in links]
    n, m = len(placed), len(links)
    best: list[list[float]] = [[float("-inf")] * (m + 1) for _ in range(n + 1)]
    choice: list[list[int]] = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n):
        for j in range(m + 1):
            if best[i][j] == float("-inf"):
                continue
            for count in range(m - j + 1):
                score = best[i][j] + _count_score(placed[i], expected[i], count, i)
                score += sum(evidence[k][i] for k in range(j, j + count))
                if score > best[i + 1][j + count]:
                    best[i + 1][j + count] = score
                    choice[i + 1][j + count] = count
    runs: list[list[SourceLink]] = []
    j = m
    for i in range(n, 0, -1):
        count = choice[i][j]
        runs.append(links[j - count : j])
        j -= count
    runs.reverse()
    return runs


def _names(url: set[str], words: list[set[str]], index: int) -> float:
    """Per URL word that matches the words of item `index`: 1, shared among the items it matches."""
    score = 0.0
    for word in url:
        hits = [i for i, item_words in enumerate(words) if _word_matches(word, item_words)]
        if index in hits:
            score += 1.0 / len(hits)
    return score


def _word_matches(url_word: str, words: set[str]) -> bool:
    return url_word in words or any(
        len(w) >= 5 and len(url_word) >= 5 and (w.startswith(url_word) or url_word.startswith(w))
        for w in words
    )


def _count_score(placed: ItemOnPage, expected: int, count: int, index: int) -> float:
    if count == expected:
        return 0.0
    if count < expected:
        return -3.0 * (expected - count)
    surplus = count - expected
    if placed.item.kind == "tip":
        # Tips carry links the tagged rendering did not lift out; prefer the later tip.
        return -0.5 * surplus + 0.01 * index
    return -2.0 * surplus


def _expected_links(placed: ItemOnPage) -> int:
    if placed.anchors:
        return len(placed.anchors)
    if placed.item.kind == "tip":
        return 0
    starts_here = (
        is_reference_start(placed.text)
        if placed.item.kind == "reference"
        else (squash(placed.text)[:20] == squash(placed.item.text)[:20])
    )
    return 1 if starts_here else 0


# --- reading one theme ----------------------------------------------------------


@dataclass
class _Piece:
    """Part of a right-column item as printed on one page."""

    page: int  # id() of the page
    lines: list[Line] = field(default_factory=list)


@dataclass
class _RawItem:
    statement: Statement
    pieces: list[_Piece] = field(default_factory=list)
    item: Item | None = None

    @property
    def first_line(self) -> int:
        return self.pieces[0].lines[0].no

    def texts(self) -> list[str]:
        return [line.text for piece in self.pieces for line in piece.lines]


class _Reader:
    """Reads the lines of one theme, page by page, into statements and items."""

    def __init__(self, theme: Theme, witness: _TaggedWitness, warnings: list[ParseWarning]) -> None:
        self.theme = theme
        self.witness = witness
        self.warnings = warnings
        self.statement: Statement | None = None
        self.statement_open = False  # the statement's question has not ended yet
        self.clarification: list[str] | None = None
        self.left_tail = ""
        self.right_tail = ""
        self.left_open = False
        self.item: _RawItem | None = None
        self.items: list[_RawItem] = []
        self.previous: Line | None = None  # previous body line, any column
        self.previous_right: Line | None = None
        self.page: Page | None = None
        self.page_lines: list[Line] = []
        self.split_order: tuple[Column, Column] | None = None

    # public -------------------------------------------------------------

    def read(self, line: Line, page: Page) -> None:
        if page is not self.page:
            self.page = page
            self.page_lines = list(page.lines)
        for text, column in self._fragments(line):
            self._take(Line(line.no, text), column)
        self.previous = line

    def placed_on(self, page: Page) -> list[ItemOnPage]:
        """The items printed on `page`, with the text each shows there."""
        self._build_items()
        result: list[ItemOnPage] = []
        for raw in self.items:
            for piece in raw.pieces:
                if piece.page == id(page) and raw.item is not None:
                    texts = [line.text for line in piece.lines]
                    result.append(ItemOnPage(raw.item, join_lines(texts), self.witness.anchors_in(texts)))
        return result

    def finish(self) -> None:
        self._close_clarification()
        self._build_items()

    # splitting interleaved lines -----------------------------------------------

    def _fragments(self, line: Line) -> list[tuple[str, Column | None]]:
        text = normalise_space(line.text.replace(BULLET, f" {BULLET} ")).replace(f"{BULLET} ", BULLET + " ")
        text = text.strip()
        right_open = bool(self.right_tail) and not ends_sentence(self.right_tail) and self.item is not None
        suspect = len(line.text.strip()) > RIGHT_WIDTH or (
            self.left_open and right_open and not self.witness.attests_line(text)
        )
        if not suspect:
            return [(text, None)]
        split = self._split(text, right_open)
        if split is None:
            if len(line.text.strip()) > RIGHT_WIDTH:
                self.warnings.append(
                    ParseWarning(line.no, "IV: line looks like two columns but could not be split")
                )
            return [(text, None)]
        return split

    def _split(self, text: str, right_open: bool) -> list[tuple[str, Column | None]] | None:
        best: tuple[float, str, str] | None = None
        for first, second in _cuts(text):
            score = self.witness.part_score(first) + self.witness.part_score(second)
            if second.startswith(BULLET):
                score += 3
            if first.endswith("?") and not starts_lower(first):
                score += 2
            if best is None or score > best[0]:
                best = (score, first, second)
        if best is None or best[0] < 4:
            return None
        _, first, second = best
        order = self._order(first, second, right_open)
        if order is None:
            return None
        self.split_order = order
        return [(first, order[0]), (second, order[1])]

    def _order(self, first: str, second: str, right_open: bool) -> tuple[Column, Column] | None:
        """Which part is the left column's: content first, then the block's earlier splits."""

        def left_score(part: str) -> float:
            if part.startswith(BULLET) or (part.endswith("?") and not starts_lower(part)):
                return 2
            if is_reference_start(part) or len(part) > LEFT_WIDTH:
                return -2
            return 0

        difference = left_score(first) - left_score(second)
        if difference > 0:
            return ("L", "R")
        if difference < 0:
            return ("R", "L")
        return self.split_order or ("L", "R")

    # placing a fragment ----------------------------------------------------------

    def _take(self, line: Line, column: Column | None) -> None:
        gap = self.previous is None or line.no - self.previous.no > 1 or self._page_start(line)
        if column is None:
            column = self._column(line, gap)
        if column == "L":
            self._take_left(line, gap)
        else:
            self._take_right(line, gap)

    def _page_start(self, line: Line) -> bool:
        return bool(self.page_lines) and line.no == self.page_lines[0].no

    def _column(self, line: Line, gap: bool) -> Column:
        text = line.text
        if text.startswith(BULLET):
            return "L"
        if self.statement_open:
            return "L"
        if gap and self._starts_statement(line):
            return "L"
        if starts_lower(text):
            right_open = (
                bool(self.right_tail) and not ends_sentence(self.right_tail) and self.item is not None
            )
            if self.left_open and not right_open:
                return "L"
        return "R"

    def _starts_statement(self, line: Line) -> bool:
        """A question of up to three lines, or a lead-in ending in ":" before bullets."""
        text = line.text
        if starts_lower(text) or is_reference_start(text) or text.startswith(BULLET):
            return False
        run = [line]
        index = next((i for i, ln in enumerate(self.page_lines) if ln.no == line.no), None)
        if index is None:
            return False
        for following in self.page_lines[index + 1 : index + STATEMENT_LINES]:
            if following.no - run[-1].no > 1:
                break
            run.append(following)
        for count in range(1, len(run) + 1):
            joined = " ".join(ln.text.strip() for ln in run[:count])
            if joined.endswith("?"):
                return True
        after = self.page_lines[index + len(run) : index + len(run) + 1]
        return (
            run[-1].text.rstrip().endswith(":") and bool(after) and after[0].text.lstrip().startswith(BULLET)
        )

    def _take_left(self, line: Line, gap: bool) -> None:
        text = line.text
        if text.startswith(BULLET):
            self._close_clarification()
            self.clarification = [text.lstrip(BULLET).strip()]
        elif self.statement_open and self.statement is not None:
            self.statement.text = join_lines([self.statement.text, text])
        elif self.clarification is not None and not (gap and self._starts_statement(line)):
            self.clarification.append(text)
        else:
            self._close_clarification()
            self.statement = Statement(key="", text=text, line=line.no)
            self.theme.statements.append(self.statement)
            self.item = None
            self.right_tail = ""
        if self.statement is not None and self.clarification is None:
            self.statement_open = not self.statement.text.rstrip().endswith(("?", ":"))
        self.left_tail = text
        self.left_open = not ends_sentence(text)

    def _take_right(self, line: Line, gap: bool) -> None:
        if self.statement is None:
            self.warnings.append(
                ParseWarning(line.no, f"IV: right-column text before the first statement: {line.text!r}")
            )
            return
        page_id = id(self.page)
        text = line.text
        new_page = self.item is not None and self.item.pieces[-1].page != page_id
        if self.item is None or is_reference_start(text):
            start = True
        elif new_page:
            # A page break is no paragraph break: the page's first right-column
            # text continues the last item, unless it opens a reference.
            start = False
        else:
            previous = self.previous_right
            start = bool(gap and previous and ends_sentence(previous.text) and not starts_lower(text))
        if start:
            self.item = _RawItem(self.statement, [_Piece(page_id, [line])])
            self.items.append(self.item)
        elif self.item is not None:
            if self.item.pieces[-1].page != page_id:
                self.item.pieces.append(_Piece(page_id))
            self.item.pieces[-1].lines.append(line)
        if gap:
            # Right-column text after a blank line ends the statement's left block.
            self.left_open = False
        self.previous_right = line
        self.right_tail = text

    def _close_clarification(self) -> None:
        if self.clarification is not None and self.statement is not None:
            self.statement.clarifications.append(join_lines(self.clarification))
        self.clarification = None

    def _build_items(self) -> None:
        for raw in self.items:
            if raw.item is None:
                raw.item = make_checklist_item(join_lines(raw.texts()), raw.first_line)
                raw.statement.items.append(raw.item)
            else:
                # A later page added text to the item: refresh it in place.
                fresh = make_checklist_item(join_lines(raw.texts()), raw.first_line)
                raw.item.text, raw.item.kind, raw.item.author = fresh.text, fresh.kind, fresh.author


def _cuts(text: str) -> list[tuple[str, str]]:
    """Ways to cut a line in two: at spaces, and at glued sentence seams ("zijn.stakeholders.")."""
    cuts: list[tuple[str, str]] = []
    for match in re.finditer(r"\s+", text):
        first, second = text[: match.start()].strip(), text[match.end() :].strip()
        if first and second:
            cuts.append((first, second))
    for match in re.finditer(r"(?<=[a-z][.?!])(?=[a-z])", text):
        cuts.append((text[: match.start()], text[match.start() :]))
    return cuts


# --- items --------------------------------------------------------------------


def make_checklist_item(text: str, line: int) -> Item:
    """A right-column paragraph as a tip, example or reference."""
    reference = parse_reference(text) if is_reference_start(text) else None
    if reference is not None:
        author, quote = reference
        return Item(kind="reference", text=quote, line=line, author=re.sub(r"\.\.+$", ".", author))
    return Item(kind=classify(text), text=text, line=line)


def classify(text: str) -> ItemKind:
    """Tell a tip from an example in the checklist's right column.

    A tip gives advice: it opens with a verb ("Maak een bewuste afweging",
    "Hanteer ...", "Kijk of ...") or is an infinitive or obligation
    ("Goed communiceren ...", "De toplaag moet ..."). An example describes a
    named case: its first clause names an organisation or tool
    ("Bij de gemeente Amsterdam ...", "Goeree-Overflakkee creëerde ...",
    "Met de webtool ISO 20400 ...", "De MVI-zelfevaluatietool biedt ...")
    and gives no advice.
    """
    if is_reference_start(text):
        return "reference"
    match = FIRST_CLAUSE_RE.match(text)
    clause = match[1] if match else text
    words = clause.split()
    if not words or ADVICE_RE.search(clause):
        return "tip"
    first = words[0]
    if PROPER_NAME_RE.match(first):
        return "example"
    if first.lower() in FUNCTION_WORDS and any(
        NAME_RE.fullmatch(word.strip("(),;:‘’'\"")) for word in words[1:]
    ):
        return "example"
    return "tip"


# --- the tagged rendering as witness -------------------------------------------


class _TaggedWitness(Witness):
    """The tagged rendering of section IV: whole lines, and the linked words it splits off."""

    def __init__(self, lines: list[Line]) -> None:
        texts = [line.text.strip() for line in lines]
        super().__init__(texts, texts)
        self._lines = {squash(text) for text in texts if squash(text)}
        self.anchors = _split_off_anchors(texts)
        # Every short line it prints apart, also those whose words a nearby long
        # line repeats: weaker evidence, used only for a tip link without words.
        self.short_lines = list(
            dict.fromkeys(
                normalise_space(text).rstrip(";:., ")
                for text in texts
                if 3 <= len(squash(text)) <= 40 and not text.startswith((BULLET, ".", ":", ";", "Ref"))
            )
        )

    def attests_line(self, text: str) -> bool:
        return self.attests(text)

    def part_score(self, part: str) -> float:
        """How well the witness supports `part` as one column's line."""
        key = squash(part.lstrip(BULLET))
        if not key:
            return -5
        if key in self._lines:
            return 3
        if len(key) >= 12 and self.attests(part.lstrip(BULLET)):
            return 2
        return -1

    def anchors_in(self, lines: list[str]) -> list[str]:
        """The split-off linked words found, as printed, in these lines of one item.

        A whole line of the item is a line wrap of the tagged rendering, not a
        linked phrase ("een zelfverklaring."), so it does not count.
        """
        text = normalise_space(" ".join(lines))
        whole = {normalise_space(line) for line in lines}
        found: list[str] = []
        for anchor in self.anchors:
            pattern = rf"(?<!\w){re.escape(anchor)}(?=[\s:;.)]|$)"
            if anchor not in whole and anchor not in found and re.search(pattern, text):
                found.append(anchor)
        return found


def _split_off_anchors(texts: list[str]) -> list[str]:
    """Short lines the tagged rendering prints apart from their paragraph: linked words.

    The tagged rendering lifts a hyperlink's words out of the paragraph onto a
    line of their own, after it ("gemeente Amsterdam", "Ref. Holslag:").
    A line counts as such when it is short and a longer line printed just
    before it lacks it, while holding text on both sides of where it was.
    """
    anchors: list[str] = []
    for index, text in enumerate(texts):
        key = squash(text)
        if not (3 <= len(key) <= 60) or text in ("Figure", "TR", "Checklist"):
            continue
        if text.startswith((BULLET, ".", ":", ";")):
            # a bullet, or the rest of a paragraph whose opening words were lifted out
            continue
        hosts = [t for t in texts[max(0, index - 8) : index] if len(squash(t)) > len(key) + 10]
        if len(text.split()) == 1 and text.rstrip()[-1:] in ".!?":
            continue  # one word closing a sentence: a line wrap ("zijn.")
        anchor = normalise_space(text).rstrip(";: ")
        if hosts and not any(key in squash(host) for host in hosts) and anchor not in anchors:
            anchors.append(anchor)
    return anchors


def _witness(source: Source) -> _TaggedWitness:
    return _TaggedWitness(section(source.tagged, CHECKLIST_START, CHECKLIST_END))


# --- helpers ----------------------------------------------------------------------


def _theme_line_runs(source: Source) -> list[list[Line]]:
    """The layout lines of each theme, from its heading on."""
    runs: list[list[Line]] = []
    for line in section(source.layout, CHECKLIST_START, CHECKLIST_END):
        if THEME_RE.match(line.text.strip()):
            runs.append([])
        if runs:
            runs[-1].append(line)
    return runs


def _header_lines(lines: list[Line]) -> list[Line]:
    """The "Checklist Score (1 Oneens ...)" header lines after a theme heading."""
    header: list[Line] = []
    for line in lines[1:]:
        text = line.text.strip()
        if TABLE_HEADER_END_RE.match(text):
            return header
        header.append(line)
    return []


def _sentence_case(text: str) -> str:
    text = normalise_space(text).rstrip(".")
    if text.upper() == text:
        text = text.lower()
    return text[:1].upper() + text[1:]


def _theme_names(source: Source) -> list[str]:
    """The theme names as the landing text lists them: "strategie, processen & mensen, ..."."""
    landing = section(source.layout, r"II\. TEKST VOOR LANDINGSPAGINA", r"III\. WEGWIJZER")
    text = normalise_space(" ".join(line.text for line in landing))
    lists = re.findall(r"thema[’']s[;:]\s*([^.]+)\.", text)
    return re.findall(r"[^\W\d_]+", lists[-1]) if lists else []


def _short_title(title: str, names: list[str]) -> str:
    """The words of the landing's theme list that the heading uses, as one name.

    "Is de strategie duidelijk en haalbaar?" -> "Strategie"; "Zijn de mensen,
    middelen en de cultuur er klaar voor?" -> "Mensen, middelen en cultuur".
    """
    lowered = title.lower()
    used = [name for name in names if len(name) > 3 and name.lower() in lowered]
    if not used:
        return ""
    if len(used) == 1:
        return used[0].capitalize()
    return (", ".join(used[:-1]) + " en " + used[-1]).capitalize()
