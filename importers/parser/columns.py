"""De-interleaving the two columns of a table in the layout rendering.

The layout rendering prints a two-column table row by row on the page, so a
text line may hold one left-column line and one right-column line joined by a
single space, in either order, and sometimes glued without a space. Lines with
only one column's text are interleaved with the other column's lines in no
fixed order. This module turns such a run of lines back into two streams.

It decides with three kinds of evidence (see docs/importer.md):

* widths: the left column of the wegwijzer wraps at about 55-66 characters,
  the right column at about 65-80;
* a `Witness`: other renderings of the same text (the tagged rendering, the
  worked example of section V), which wrap elsewhere and so show which line
  ends continue into which line starts;
* sentence continuity: a lower-case start continues an unfinished sentence.

The API is generic so the checklist parser can reuse it:

* `Witness(texts)` indexes witness text;
* `split_line(text, ...)` splits one line, given the tails of both columns;
* `deinterleave(lines, witness, ...)` reads a run of lines into `Fragment`s.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, TypeAlias

from importers.parser.source import Line

Column = Literal["L", "R"]
LEFT: Column = "L"
RIGHT: Column = "R"

_QUOTES = str.maketrans({"‘": "'", "’": "'", "´": "'", "`": "'", "“": '"', "”": '"', "„": '"'})
_SQUASH_DROP = re.compile(r"[\s\-–—\u00ad.]+")
# Window (in squashed characters) taken on each side of a join.
_SIDE = 10
_SENTENCE_END = re.compile(r"[.!?:;…][\"'’”)]*$")
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:bv|bijv|ca|o\.a|e\.d|e\.g|i\.e|d\.m\.v|m\.b\.t|nr|vs|al|etc)\.|\b[A-Z]\.)$"
)
_REF_START = re.compile(r"^(?:Ref\.|European Commission:)")


def _literal(text: str) -> str:
    return " ".join(text.translate(_QUOTES).lower().split())


@lru_cache(maxsize=65536)
def squash(text: str) -> str:
    """Normalise text for comparing renderings: case, quotes, spaces, hyphens and dots."""
    return _SQUASH_DROP.sub("", text.translate(_QUOTES).lower())


_WINDOWS = ((_SIDE, _SIDE), (_SIDE + 4, _SIDE - 4), (_SIDE - 4, _SIDE + 4), (16, 4), (4, 16))


@lru_cache(maxsize=65536)
def _tail(text: str) -> str:
    return squash(text)[-16:]


@lru_cache(maxsize=65536)
def _head(text: str) -> str:
    return squash(text)[:16]


@lru_cache(maxsize=65536)
def ends_sentence(text: str) -> bool:
    """Whether `text` ends a sentence (and not with an abbreviation such as "bv.")."""
    text = text.rstrip()
    return bool(_SENTENCE_END.search(text)) and not _ABBREVIATION_END.search(text)


@lru_cache(maxsize=65536)
def starts_lower(text: str) -> bool:
    first = text.lstrip("“”\"'‘’(")[:1]
    return first.islower()


def is_reference_start(text: str) -> bool:
    """Whether `text` opens a reference paragraph ("Ref. Author; ..." and kin)."""
    return bool(_REF_START.match(text.lstrip()))


class Witness:
    """Another rendering of the same text, indexed to test joins and fragments.

    `texts` are running texts (a witness line, or a page of lines joined):
    a join "a|b" is attested when squash(a)[-10:] + squash(b)[:10] (or a
    similar window) occurs in one of them. `weak_texts` count half: use them
    for a rendering that itself sometimes glues the two columns together.
    `fragments` are whole lines that the witness prints on their own, such as
    the tagged rendering's separate column lines.
    """

    def __init__(
        self, texts: Iterable[str] = (), fragments: Iterable[str] = (), weak_texts: Iterable[str] = ()
    ) -> None:
        texts, weak_texts = list(texts), list(weak_texts)
        self._texts: list[str] = [squash(text) for text in [*texts, *weak_texts]]
        self._grams = self._index([squash(text) for text in texts])
        self._weak_grams = self._index([squash(text) for text in weak_texts])
        self._fragments: set[str] = {s for s in (squash(f) for f in fragments) if len(s) >= 8}
        self._literal: list[str] = [_literal(text) for text in [*texts, *weak_texts]]
        self._memo: dict[tuple[str, str], float] = {}

    @staticmethod
    def _index(texts: list[str]) -> set[str]:
        size = 2 * _SIDE
        grams: set[str] = set()
        for text in texts:
            grams.update(text[i : i + size] for i in range(max(0, len(text) - size + 1)))
        return grams

    def attests_literal(self, text: str) -> bool:
        """Whether the witness prints `text` as whole words (case and spacing aside), hyphens included."""
        needle = _literal(text)
        if not needle:
            return False
        pattern = re.compile(r"(?<![\w-])" + re.escape(needle) + r"(?![\w-])")
        return any(needle in t and pattern.search(t) for t in self._literal)

    def attests(self, text: str) -> bool:
        """Whether the witness contains `text` (squashed) somewhere."""
        needle = squash(text)
        if not needle:
            return False
        if len(needle) == 2 * _SIDE:
            return needle in self._grams or needle in self._weak_grams
        return any(needle in text for text in self._texts)

    def continues(self, before: str, after: str) -> bool:
        """Whether the witness shows `after` following `before` directly."""
        return self.support(before, after) > 0

    def support(self, before: str, after: str) -> float:
        """How well the witness shows `after` following `before`: 1 (strong texts), 0.5 (weak), 0."""
        key = (before, after)
        if key not in self._memo:
            self._memo[key] = self._support(before, after)
        return self._memo[key]

    def _support(self, before: str, after: str) -> float:
        left, right = _tail(before), _head(after)
        weak = 0.0
        # a short side matches too easily: it would favour cutting lines into scraps;
        # uneven windows find joins near the end or start of a witness line
        for size_left, size_right in _WINDOWS:
            if len(left) < size_left or len(right) < size_right:
                continue
            gram = left[-size_left:] + right[:size_right]
            if gram in self._grams:
                return 1.0
            if gram in self._weak_grams:
                weak = 0.5
        return weak

    def is_fragment(self, text: str) -> bool:
        """Whether the witness prints exactly `text` as a line of its own."""
        return squash(text) in self._fragments


@dataclass(frozen=True)
class Widths:
    """Maximum line lengths (characters) of the two columns, with a little slack."""

    left: int = 66
    right: int = 80


@dataclass(frozen=True)
class Fragment:
    """One column's part of a layout line."""

    no: int  # source line number
    text: str
    column: Column


@dataclass(frozen=True)
class Hint:
    """A decision about one layout line that the text alone cannot settle.

    `column` forces the whole line (or, with `split`, its first part) into a
    column; `split` is the text the first part ends with; `join` is what goes
    between a glued seam's parts when the split falls inside a word.
    """

    column: Column | None = None
    split: str | None = None


# the fragments read so far, as a chain of (previous chain, this line's fragments):
# sharing the prefix keeps each step of the beam search from copying the whole list
_Chain: TypeAlias = "tuple[_Chain | None, tuple[Fragment, ...]]"


@dataclass
class _State:
    score: float
    tails: dict[str, str]
    last: Column | None
    fragments: _Chain | None = None

    def fragment_list(self) -> list[Fragment]:
        parts: list[tuple[Fragment, ...]] = []
        node = self.fragments
        while node is not None:
            previous, fragments = node
            parts.append(fragments)
            node = previous
        return [fragment for part in reversed(parts) for fragment in part]


_RUNNING = re.compile(r"[\w,]$")


def _place(text: str, column: Column, tails: Mapping[str, str], witness: Witness, widths: Widths) -> float:
    """Score putting `text` at the end of `column`, given both columns' `tails`."""
    other = tails[RIGHT if column == LEFT else LEFT]
    return _place_cached(text, column, tails[column], other, witness, widths)


@lru_cache(maxsize=262144)
def _place_cached(
    text: str, column: Column, tail: str, other: str, witness: Witness, widths: Widths
) -> float:
    score = _shape(text, column, widths)
    if tail:
        support = witness.support(tail, text)
        score += 3 * support
        # after a colon or semicolon the text runs on in lower case
        open_sentence = not ends_sentence(tail) or tail.rstrip().endswith((":", ";"))
        if starts_lower(text):
            score += 1 if open_sentence else -2
        elif open_sentence and not tail.endswith("-"):
            score -= 0.5
        if other and not support and witness.support(other, text) >= 1:
            score -= 1
    elif starts_lower(text):
        score -= 2
    return score


@lru_cache(maxsize=65536)
def _shape(text: str, column: Column, widths: Widths) -> float:
    """The part of a placement's score that depends on the text and its column only."""
    score = 0.0
    size = len(text)
    # a line that does not end its paragraph runs to its column's margin:
    # the left column's at 48-66 characters, the right column's at 60-78
    running = bool(_RUNNING.search(text))
    if size > (widths.left if column == LEFT else widths.right):
        score -= 8
    elif column == LEFT and running and size >= widths.left:
        score -= 2
    elif column == LEFT and running and size >= widths.left - 3:
        score -= 0.5
    elif column == RIGHT and running and size < widths.right - 23:
        score -= 1.5
    elif column == RIGHT and running and size < widths.right - 17:
        score -= 0.5
    if column == LEFT and is_reference_start(text):
        score -= 6
    return score


def _cuts(text: str, witness: Witness, widths: Widths) -> list[tuple[str, str, float]]:
    """Candidate cuts of a line with the score each earns whatever the context."""
    result = []
    for first, second in _candidates(text, witness):
        first, second = first.strip(), second.strip()
        # a line that fits one column is cut only on evidence
        base = 0.0 if len(text) > widths.right else -3.0
        base -= 3 * witness.support(first, second)
        known = [len(part) >= 15 and witness.is_fragment(part) for part in (first, second)]
        base += 3 if all(known) else 0.5 if any(known) else 0
        for part in (first, second):
            if len(part) < 20 and not ends_sentence(part):
                base -= 2
        if ends_sentence(first) and starts_lower(second):
            # "kennis. mankracht.": a sentence never starts in lower case
            base += 3.5
        result.append((first, second, base))
    return result


_SPACES = re.compile(r" +")


def _candidates(text: str, witness: Witness) -> list[tuple[str, str]]:
    """Ways to cut one line into two non-empty parts: at spaces, or where a witness fragment ends."""
    cuts: list[tuple[str, str]] = []
    for match in _SPACES.finditer(text):
        first, second = text[: match.start()], text[match.end() :]
        if first.strip() and second.strip():
            cuts.append((first, second))
    for i in range(1, len(text) - 1):
        # a glued seam ("10wordt"): a witness prints one part as a line of its own
        if text[i - 1] != " " and text[i] != " " and text[i - 1].isalnum() and text[i].isalnum():
            first, second = text[:i], text[i:]
            if (len(first) >= 25 and witness.is_fragment(first)) or (
                len(second) >= 25 and witness.is_fragment(second)
            ):
                cuts.append((first, second))
    return cuts


@dataclass(frozen=True)
class _Cut:
    """One way to read a line as two fragments, in printed order, with its context-free score."""

    base: float
    fragments: tuple[Fragment, Fragment]
    bonus: float  # for the right column's part being the longer one


def _line_cuts(line: Line, cuts: list[tuple[str, str, float]]) -> list[_Cut]:
    result: list[_Cut] = []
    for first, second, base in cuts:
        for order in ((LEFT, RIGHT), (RIGHT, LEFT)):
            left_part, right_part = (first, second) if order[0] == LEFT else (second, first)
            fragments = (Fragment(line.no, first, order[0]), Fragment(line.no, second, order[1]))
            result.append(_Cut(base, fragments, 0.5 if len(right_part) >= len(left_part) else 0.0))
    return result


def _readings(
    line: Line,
    state: _State,
    witness: Witness,
    widths: Widths,
    hint: Hint | None,
    first_in_cell: bool,
    cuts: list[_Cut],
    page_start: bool = False,
) -> list[tuple[float, tuple[Fragment, ...]]]:
    """All plausible readings of one line, with the score each adds to `state`."""
    text = line.text.strip()
    options: list[tuple[float, tuple[Fragment, ...]]] = []
    columns: tuple[Column, ...] = (LEFT, RIGHT)
    if hint is not None and hint.split is not None:
        cut = text.find(hint.split)
        if cut >= 0:
            end = cut + len(hint.split)
            first, second = text[:end].strip(), text[end:].strip()
            col = hint.column or LEFT
            other: Column = RIGHT if col == LEFT else LEFT
            return [(0.0, (Fragment(line.no, first, col), Fragment(line.no, second, other)))]
    if hint is not None and hint.column is not None:
        columns = (hint.column,)
    tails = state.tails
    for column in columns:
        score = _place(text, column, tails, witness, widths)
        if state.last == column and not page_start:
            # a line of one column mostly follows a line of the same column (on the same page)
            score += 0.6
        if first_in_cell and column == LEFT:
            # a cell's label line opens its first tip, unless it holds both columns
            score += 2.5
        options.append((score, (Fragment(line.no, text, column),)))
    if hint is not None and hint.column is not None:
        return options
    for reading in cuts:
        opening, closing = reading.fragments
        # the second part follows the first: the first is its column's tail by then
        score = reading.base + _place_cached(
            opening.text, opening.column, tails[opening.column], tails[closing.column], witness, widths
        )
        score += _place_cached(
            closing.text, closing.column, tails[closing.column], opening.text, witness, widths
        )
        if first_in_cell and opening.column == LEFT:
            score += 1
        if reading.bonus:
            score += reading.bonus
        options.append((score, reading.fragments))
    return options


def deinterleave(
    lines: Sequence[Line],
    witness: Witness,
    *,
    widths: Widths = Widths(),
    hints: Mapping[int, Hint] | None = None,
    tails: tuple[str, str] = ("", ""),
    beam: int = 16,
    page_starts: Collection[int] = (),
) -> list[Fragment]:
    """Read a run of table lines (one table row, over page breaks) into column fragments.

    `tails` are the last left and right lines before the run, if the run
    continues a row. `hints` (by source line number) force decisions the text
    cannot settle. `page_starts` are the line numbers that open a page, where
    the reading order starts afresh. The result keeps source order; a split line yields two
    fragments in the order they are printed.
    """
    hints = hints or {}
    states = [_State(0.0, {LEFT: tails[0], RIGHT: tails[1]}, None)]
    for index, line in enumerate(lines):
        expanded: list[_State] = []
        cuts = _line_cuts(line, _cuts(line.text.strip(), witness, widths))
        hint = hints.get(line.no)
        start = line.no in page_starts
        for state in states:
            for score, fragments in _readings(line, state, witness, widths, hint, index == 0, cuts, start):
                new_tails = dict(state.tails)
                for fragment in fragments:
                    new_tails[fragment.column] = fragment.text
                expanded.append(
                    _State(state.score + score, new_tails, fragments[-1].column, (state.fragments, fragments))
                )
        expanded.sort(key=lambda s: -s.score)
        states = _dedupe(expanded)[:beam]
    return states[0].fragment_list() if states else []


def _dedupe(states: list[_State]) -> list[_State]:
    """Keep the best state per (left tail, right tail, last column): the rest cannot do better."""
    seen: set[tuple[str, str, Column | None]] = set()
    kept: list[_State] = []
    for state in states:
        key = (state.tails[LEFT], state.tails[RIGHT], state.last)
        if key not in seen:
            seen.add(key)
            kept.append(state)
    return kept


def split_line(
    text: str,
    *,
    left_tail: str = "",
    right_tail: str = "",
    witness: Witness | None = None,
    widths: Widths = Widths(),
) -> tuple[str, str]:
    """Split one layout line into its (left, right) column text; either may be "".

    `left_tail` and `right_tail` are the previous lines of each column, which
    the split should continue. Without context this falls back on widths and
    sentence boundaries.
    """
    fragments = deinterleave(
        [Line(0, text)], witness or Witness(), widths=widths, tails=(left_tail, right_tail)
    )
    left = " ".join(f.text for f in fragments if f.column == LEFT)
    right = " ".join(f.text for f in fragments if f.column == RIGHT)
    return left, right
