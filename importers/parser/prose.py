"""Small text helpers shared by the landing, taxonomy and checklist parsers.

Slicing a rendering into a section, and joining wrapped lines into running text.
"""

from __future__ import annotations

import re

from .source import Line

SPACE_RE = re.compile(r"\s+")
# A line that ends in a hyphen after a letter continues the same word or
# compound on the next line ("inkoop-" / "samenwerking", "E-" / "aanbesteden").
# The source comes from Word, which does not hyphenate, so the hyphen is kept.
# Before a conjunction the hyphen is an ellipsis ("bedrijfsvoerings- en
# uitvoeringstaken") and the space stays.
HYPHEN_END_RE = re.compile(r"\w-$")
CONJUNCTION_RE = re.compile(r"^(en|of|tot|and|or)\b")


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace (tabs included) into one space and strip."""
    return SPACE_RE.sub(" ", text).strip()


def join_lines(texts: list[str]) -> str:
    """Join wrapped lines into one text; a line-end hyphen or a leading slash joins without a space."""
    result = ""
    for raw in texts:
        text = normalise_space(raw)
        if not text:
            continue
        if not result:
            result = text
        elif HYPHEN_END_RE.search(result) and not CONJUNCTION_RE.match(text):
            result += text
        elif text.startswith("/") and result[-1:].isalnum():
            # "prijs" / "/kwaliteitverhouding": a slash compound cut at the slash
            result += text
        else:
            result += " " + text
    return result


def section(lines: list[Line], start: str, end: str | None) -> list[Line]:
    """The lines from the first one matching `start` up to (not including) `end`.

    Both are regular expressions matched at the start of the stripped line.
    Returns an empty list when `start` is not found.
    """
    start_re = re.compile(start)
    end_re = re.compile(end) if end else None
    result: list[Line] = []
    inside = False
    for line in lines:
        text = line.text.strip()
        if not inside:
            if start_re.match(text):
                inside = True
                result.append(line)
            continue
        if end_re and end_re.match(text):
            break
        result.append(line)
    return result


def comparable(text: str) -> str:
    """Text reduced to lower-case letters and digits, to compare the two renderings.

    The tagged rendering drops the space after a hyphen ("organisatie-en"),
    inserts stray dots at line joins (".versie") and doubles spaces; none of
    that should make two passages differ.
    """
    return re.sub(r"[^\w]|_", "", text.lower())
