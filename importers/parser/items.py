"""From column text to items: paragraphs, tips/examples/references, and their links.

Shared by the wegwijzer and checklist parsers. The steps, each a function:

* `join_item_lines` joins wrapped lines, restoring hyphens the extraction lost
  ("e" + "procurement" -> "e-procurement") where a witness shows them;
* `paragraphs` cuts a column's fragments into paragraphs;
* `make_item` turns a paragraph into a tip, example or reference (with author);
* `repair_url` / `page_links` read a page's link list, repairing malformed URLs;
* `assign_links` gives each of a page's links to one of the items on the page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from importers.parser.columns import (
    Fragment,
    Witness,
    ends_sentence,
    is_reference_start,
    squash,
    starts_lower,
)
from importers.parser.document import Item, ItemKind, ParseWarning, SourceLink
from importers.parser.source import Line

# "Ref. Author; quote" or "Ref. Author: quote"; the author ends at the first ";" or ":".
REFERENCE_RE = re.compile(r"^Ref\.?\s*(?P<author>[^;:“\"]+?)\s*(?:[;:]+|(?=[“\"]))\s*(?P<quote>.*)$", re.S)
# A quoted source without "Ref." ("European Commission: ..."), read as a reference too.
BARE_REFERENCE_RE = re.compile(r"^(?P<author>European Commission)\s*:\s*(?P<quote>.*)$", re.S)
_SPACES = re.compile(r"\s+")


@dataclass
class Paragraph:
    """Consecutive fragments of one column that form one paragraph."""

    fragments: list[Fragment] = field(default_factory=list)
    text: str = ""

    @property
    def line(self) -> int:
        return self.fragments[0].no if self.fragments else 0

    @property
    def lines(self) -> list[int]:
        return [f.no for f in self.fragments]


def clean(text: str) -> str:
    """Collapse runs of whitespace; compose accents (the source spells some as two code points)."""
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip())


def join_item_lines(parts: Sequence[str], witness: Witness | None = None) -> str:
    """Join wrapped lines into running text.

    The extraction drops line-end hyphens: "e" / "procurement", "out" /
    "of-the-box", "10" / "30%". Where the witness prints the hyphenated form
    ("e-procurement"), the hyphen comes back; otherwise lines join with a space.
    """
    text = ""
    for part in parts:
        part = clean(part)
        if not part:
            continue
        if not text:
            text = part
            continue
        if text.endswith("-") and witness is not None and not text.endswith(" -"):
            # a hyphen the extraction kept: "Noord-" + "Holland" or "specificatie-" + "en"
            word = text.rsplit(" ", 1)[-1]
            nxt = part.split(" ", 1)[0]
            text += part if witness.attests(word + nxt) and not starts_lower(nxt) else " " + part
            continue
        if witness is not None and _hyphen_lost(text, part, witness):
            text += "-" + part
        else:
            text += " " + part
    return text


def _hyphen_lost(before: str, after: str, witness: Witness) -> bool:
    words = before.rsplit(" ", 2)
    first = after.split(" ", 1)[0]
    if not re.search(r"\w$", words[-1]) or not re.match(r"\w", first):
        return False
    # the widest context the witness settles: "for innovation-related" beats "innovation related"
    for context in (" ".join(words[-2:]), words[-1]):
        hyphened = witness.attests_literal(f"{context}-{first}")
        spaced = witness.attests_literal(f"{context} {first}")
        if hyphened != spaced:
            return hyphened
    return False


def paragraphs(
    fragments: Sequence[Fragment],
    *,
    width: int,
    witness: Witness | None = None,
    breaks: Mapping[int, bool] | None = None,
    joins: Witness | None = None,
    starts: Collection[str] = (),
) -> list[Paragraph]:
    """Cut one column's fragments (in reading order) into paragraphs.

    A paragraph ends where a line ends a sentence and the next line's first
    word would have fitted on it (`width` is the column's wrap width), where a
    line stops well short of the margin, and before every reference. Two
    witnesses settle the rest: `joins` (another layout of the same text, whose
    lines wrap elsewhere) shows two lines running on within one line, and
    `starts` holds the openings (`paragraph_key`) of paragraphs found there.
    `breaks` (by the source line of the *next* fragment) overrides it all.
    """
    breaks = breaks or {}
    known = set(starts)
    result: list[Paragraph] = []
    for fragment in fragments:
        if result and not _is_break(result[-1].fragments[-1], fragment, width, breaks, joins, known):
            result[-1].fragments.append(fragment)
        else:
            result.append(Paragraph([fragment]))
    for paragraph in result:
        paragraph.text = join_item_lines([f.text for f in paragraph.fragments], witness)
    return result


def paragraph_key(text: str) -> str:
    """How a paragraph opening is compared between renderings."""
    return squash(text)[:24]


def _is_break(
    previous: Fragment,
    fragment: Fragment,
    width: int,
    breaks: Mapping[int, bool],
    joins: Witness | None,
    starts: set[str],
) -> bool:
    if fragment.no in breaks and fragment.no != previous.no:
        return breaks[fragment.no]
    if is_reference_start(fragment.text):
        return True
    if starts_lower(fragment.text):
        return False
    if len(paragraph_key(fragment.text)) >= 16 and paragraph_key(fragment.text) in starts:
        return True
    if joins is not None and joins.continues(previous.text, fragment.text):
        return False
    first_word = fragment.text.split(" ", 1)[0]
    room = width - len(previous.text.strip()) - 1 - len(first_word)
    # a line that stops well short of the margin ends its paragraph, punctuation or not
    return room >= 0 if _ends_paragraph(previous.text) else room >= 16


def _ends_paragraph(text: str) -> bool:
    """A sentence end that may close a paragraph (a colon announces what follows)."""
    return ends_sentence(text) and not text.rstrip().endswith((":", ";"))


def parse_reference(text: str) -> tuple[str, str] | None:
    """Split "Ref. Author; quote" into (author, quote); None if `text` is no reference."""
    match = REFERENCE_RE.match(text) or BARE_REFERENCE_RE.match(text)
    if not match:
        return None
    return clean(match.group("author")).rstrip(",;: "), clean(match.group("quote"))


def make_item(paragraph: Paragraph, kind: ItemKind | None = None) -> Item:
    """Turn a paragraph into an Item: a tip if `kind` says so, else a reference or an example.

    A reference's text is its quote; the author is kept apart.
    """
    if kind == "tip":
        return Item(kind="tip", text=paragraph.text, line=paragraph.line)
    reference = parse_reference(paragraph.text)
    if reference is not None and kind in (None, "reference"):
        author, quote = reference
        return Item(kind="reference", text=quote, line=paragraph.line, author=author)
    return Item(kind="example", text=paragraph.text, line=paragraph.line)


# --- links -----------------------------------------------------------------

_URL_FIX = re.compile(r"^(https?):/*(?=[^/])", re.I)


def repair_url(url: str) -> str:
    """Normalise a URL: "http:NVZ-inkoprs.nl" -> "http://NVZ-inkoprs.nl"; others unchanged."""
    url = url.strip()
    fixed = _URL_FIX.sub(lambda m: m.group(1).lower() + "://", url, count=1)
    return fixed


def page_links(lines: Iterable[Line], warnings: list[ParseWarning]) -> list[SourceLink]:
    """Read a page's link list, repairing malformed URLs with a warning for each."""
    result: list[SourceLink] = []
    for line in lines:
        url = line.text.strip()
        fixed = repair_url(url)
        if fixed != url:
            warnings.append(ParseWarning(line.no, f"malformed link {url!r} read as {fixed!r}"))
        result.append(SourceLink(url=fixed, line=line.no))
    return result


@dataclass
class ItemOnPage:
    """An item with the text it shows on one page, for assigning that page's links."""

    item: Item
    text: str  # the part of the item printed on the page
    anchors: list[str] = field(default_factory=list)  # linked phrases the tagged rendering shows
    starts_here: bool = True  # False if the item runs on from the previous page


_STOP_WORDS = """
    http https www com org net html htm pdf php aspx files file documents document sites default
    publication publications download uploads content attachments translations renditions native text
    books staff nl_nl the and for van een het met voor over nieuws article case studies discover
    insights expertise report token profile links bundles procurement public innovation innovatie
    inkoop inkopen practices best final google project projects research organisation organisations
    policy support facility media publicatie onderwerp onderwerpen ondernemen aanbesteden value
    datastream datastreamid printpdf thesis proef deel full publicationpid europa jrc rio pianoo
    externelink example national
"""
# URL words that name no particular item (hosts, path furniture, generic terms)
_STOP = frozenset(_STOP_WORDS.split())


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def url_words(url: str) -> set[str]:
    """Distinctive words of a URL (host and path), lower-case, accents folded."""
    words = set(re.split(r"[^a-z0-9]+", _fold(url)))
    return {w for w in words if len(w) >= 3 and w not in _STOP and not w.isdigit()}


def text_words(text: str) -> set[str]:
    """Words of an item, plus runs of two or three glued together as hosts spell names ("regiotwente")."""
    words = [w for w in re.split(r"[^a-z0-9]+", _fold(text)) if w]
    result = {w for w in words if len(w) >= 3}
    result.update(a + b for a, b in zip(words, words[1:], strict=False))
    result.update(a + b + c for a, b, c in zip(words, words[1:], words[2:], strict=False))
    return result


def author_key(author: str) -> str:
    """How authors are compared across pages: the first name-like word, folded."""
    words = [
        w for w in re.split(r"[^a-z]+", _fold(author)) if len(w) >= 2 and w not in {"van", "der", "de", "ref"}
    ]
    return words[0] if words else ""


def _matches(url_word: str, words: set[str]) -> bool:
    if url_word in words:
        return True
    return any(
        (len(w) >= 6 and url_word.startswith(w))
        or (len(url_word) >= 6 and w.startswith(url_word))
        or (len(w) >= 7 and w in url_word)
        for w in words
    )


def assign_links(
    placed: Sequence[ItemOnPage],
    links: Sequence[SourceLink],
    warnings: list[ParseWarning],
    authors: Mapping[str, str] | None = None,
) -> list[int | None]:
    """Give each link of a page to one of the items printed on that page.

    The link list follows the order of the links on the page, so links are
    aligned in order with the items; a link whose words (host, path) name one
    item (an author, an organisation) goes to it even out of order. Returns,
    per link, the index into `placed` (None if it fits nowhere, with a warning)
    and appends each link to its item. `authors` maps a URL to the `author_key`
    of the reference it belongs to, where other pages settle that (see
    `link_authors`).
    """
    if not links:
        return []
    if not placed:
        for link in links:
            warnings.append(ParseWarning(link.line, f"link {link.url} has no item on its page"))
        return [None] * len(links)
    item_words = [text_words(p.text + " " + p.item.author) for p in placed]
    # per URL word: how many items of the page it matches
    df: dict[str, int] = {}
    for link in links:
        for w in url_words(link.url):
            df[w] = sum(1 for words in item_words if _matches(w, words))
    n = len(placed)
    compat = [[_compat(link, placed[i], item_words[i], df, n) for i in range(n)] for link in links]
    for j, link in enumerate(links):
        known = (authors or {}).get(link.url)
        for i, p in enumerate(placed):
            if known and p.item.kind == "reference":
                compat[j][i] += 3.0 if author_key(p.item.author) == known else -0.5
    expected = [_expected(p) for p in placed]
    same = [j > 0 and links[j].url == links[j - 1].url for j in range(len(links))]
    extra = [1.2 if p.item.kind == "reference" else 0.4 for p in placed]
    choice = _align(compat, expected, same, extra)
    for link, index in zip(links, choice, strict=True):
        if index is None:
            warnings.append(ParseWarning(link.line, f"link {link.url} could not be placed on an item"))
            continue
        target = placed[index]
        title = next(
            (a for a in target.anchors if _fold(a) in _fold(link.url) or len(target.anchors) == 1), ""
        )
        target.item.links.append(SourceLink(url=link.url, title=title, line=link.line))
    return choice


def _compat(link: SourceLink, placed: ItemOnPage, words: set[str], df: Mapping[str, int], n: int) -> float:
    """How clearly a link's URL names an item: its distinctive words found in the item, rarest first."""
    score = 0.0
    for w in url_words(link.url):
        if _matches(w, words):
            share = df.get(w, 1)
            # a word found in several items of the page says little about which one
            score += 2.0 / share
    for anchor in placed.anchors:
        key = squash(anchor)
        if len(key) >= 3 and key in squash(link.url):
            score += 1
    return score


def _expected(placed: ItemOnPage) -> float:
    """How many links an item is likely to carry on this page."""
    if placed.item.kind == "reference":
        base = 1.0  # a reference links its source
    else:
        names = [a for a in placed.anchors if _looks_like_name(a)]
        base = float(min(len(names), 3)) if names else 0.6
    # an item running on from the previous page mostly had its links there
    return base if placed.starts_here else 0.3 * base


def link_authors(pages: Sequence[tuple[Sequence[ItemOnPage], Sequence[SourceLink]]]) -> dict[str, str]:
    """URLs whose reference author other pages settle.

    A URL listed on several pages belongs to a reference whose author is on
    each of those pages: where exactly one author is common to all of them,
    the URL is taken to be that author's.
    """
    seen: dict[str, list[set[str]]] = {}
    for placed, links in pages:
        here = {author_key(p.item.author) for p in placed if p.item.kind == "reference" and p.item.author}
        for url in {link.url for link in links}:
            seen.setdefault(url, []).append(here)
    result: dict[str, str] = {}
    for url, sets in seen.items():
        sets = [s for s in sets if s]
        if len(sets) >= 2:
            common = set.intersection(*sets)
            if len(common) == 1:
                result[url] = common.pop()
    return result


def _looks_like_name(anchor: str) -> bool:
    """A linked phrase names something ("ONS", "Shared Service Center"), unlike a stray line end."""
    words = anchor.split()
    return 1 <= len(words) <= 6 and len(anchor) <= 45 and bool(re.search(r"[A-Z0-9]", anchor))


def _align(
    compat: list[list[float]],
    expected: list[float],
    same: Sequence[bool] = (),
    extra: Sequence[float] = (),
) -> list[int | None]:
    """Align links (rows, in page order) with items (columns, in page order).

    Links go to items in order; a link that clearly names one item goes there
    even out of order (a link added to the page later). Each item is scored
    for carrying about as many links as `expected` says: passing over an item
    that should have a link costs, piling links on one item costs.
    """
    m, n = len(compat), len(expected)
    strong = 3.0
    fixed: dict[int, int] = {}
    for j, row in enumerate(compat):
        ranked = sorted(range(n), key=lambda i: -row[i])
        top = ranked[0]
        if row[top] >= strong and (n == 1 or row[ranked[1]] < row[top] - 1.5):
            fixed[j] = top
    cap = 6

    def gain(i: int, count: int) -> float:
        # a reference links its one source; an example may link a few names
        return 0.8 if count <= max(1, round(expected[i])) else -(extra[i] if extra else 0.8)

    def skipped(start: int, stop: int) -> float:
        return sum(0.6 * min(expected[k], 1.0) for k in range(start, stop))

    # state: (item of the last in-order link, links on it so far); -1 is before the first item
    layer: dict[tuple[int, int], tuple[float, list[int | None]]] = {(-1, 0): (0.0, [])}
    for j in range(m):
        nxt: dict[tuple[int, int], tuple[float, list[int | None]]] = {}
        for (i, count), (score, path) in layer.items():
            if j in fixed and fixed[j] < i:
                # out of order: it does not move the in-order position
                _offer(nxt, (i, count), score + compat[j][fixed[j]] + 0.5, [*path, fixed[j]])
                continue
            for target in range(max(i, 0), n):
                if j in fixed and target != fixed[j]:
                    continue
                c = count + 1 if target == i else 1
                if c > cap:
                    continue
                step = compat[j][target] + gain(target, c) - skipped(i + 1, target)
                if same and same[j] and target == i:
                    # the same URL twice in a row mostly links two phrases of one item
                    step += 1.0
                _offer(nxt, (target, c), score + step, [*path, target])
        layer = nxt
    if not layer:
        return [None] * m
    best = max(layer.items(), key=lambda kv: kv[1][0] - skipped(kv[0][0] + 1, n))
    return best[1][1]


def _offer(
    layer: dict[tuple[int, int], tuple[float, list[int | None]]],
    key: tuple[int, int],
    score: float,
    path: list[int | None],
) -> None:
    if key not in layer or layer[key][0] < score:
        layer[key] = (score, path)
