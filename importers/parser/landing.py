"""The landing text: the introduction (I) and the landing page text (II).

In the layout rendering every line of these sections is followed by a blank
line, so blank lines say nothing about paragraphs. A paragraph ends at a line
that ends a sentence and is either clearly shorter than a full line, or is
followed by a line that starts a paragraph in the tagged rendering (which keeps
paragraphs, but cuts lines off at ~500 characters and so cannot give the text
itself). List items ("- ", "1. ") always start a paragraph. Short lines without
closing punctuation are the labels of the framework figure and are left out.
See docs/importer.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Landing, ParseWarning
from .prose import comparable, join_lines, normalise_space, section
from .source import Line, Source, is_furniture, is_url

BULLET_RE = re.compile(r"^-\s*")
NUMBERED_RE = re.compile(r"^(\d)\.\s+")
SENTENCE_END_RE = re.compile(r"[.:;!?][)”’\"']?$")
# A line shorter than this share of the section's longest line is not a
# wrapped line: it ends a paragraph (or, without closing punctuation, is a
# figure label).
SHORT_LINE = 0.8
# How much of a line start is compared with the starts of tagged paragraphs.
START_CHARS = 30

INTRO_START = r"I\. INTRODUCTIE"
# Paragraphs of I that speak of the source document itself rather than of the research: where
# its texts stand ("staan in dit document in MS Word format, ... de bedoeling dat deze omgezet
# worden naar een interactieve versie": the site is that version) and how it is ordered ("Eerst
# zal de landingspagina ... Op het eind van dit document (V)": chapters and a test case the
# site does not have). A visitor of the site would read them as wrong; they are left out, with a
# warning, and the rest of I stays word for word.
ABOUT_THE_SOURCE = (
    re.compile(r"\bin dit document in MS Word format\b"),
    re.compile(r"\bOp het eind van dit document\b"),
)
LANDING_START = r"II\. TEKST VOOR LANDINGSPAGINA"
LANDING_END = r"III\. WEGWIJZER"


@dataclass
class Paragraph:
    """A paragraph of running text with the source line it starts on."""

    line: int
    text: str


def parse_landing(source: Source, warnings: list[ParseWarning]) -> Landing:
    """Sections I and II as paragraphs, with II split into its parts.

    II reads: prose ending in a lead-in ("PIANOo nodigt deelnemers uit om:"),
    the numbered invitations, the framework paragraphs ending in a lead-in
    ("Samenvattend ... als volgt:"), and the summary bullets. Each lead-in stays
    the last paragraph of the block before its list.
    """
    introduction = []
    left_out = []
    for paragraph in paragraphs(source, INTRO_START, LANDING_START, warnings):
        if any(pattern.search(paragraph.text) for pattern in ABOUT_THE_SOURCE):
            left_out.append(paragraph.text)
            warnings.append(
                ParseWarning(
                    paragraph.line, f"I: left out text about the source document: {paragraph.text!r}"
                )
            )
        else:
            introduction.append(paragraph)
    landing = paragraphs(source, LANDING_START, LANDING_END, warnings)

    prose: list[str] = []
    invitations: list[str] = []
    framework: list[str] = []
    summary: list[str] = []
    for paragraph in landing:
        numbered = NUMBERED_RE.match(paragraph.text)
        bullet = BULLET_RE.match(paragraph.text)
        if numbered and not framework:
            invitations.append(paragraph.text[numbered.end() :])
        elif bullet and framework:
            summary.append(paragraph.text[bullet.end() :])
        elif not invitations:
            prose.append(paragraph.text)
        elif not summary:
            framework.append(paragraph.text)
        else:
            # After the summary only "In de volgende hoofdstukken ..." follows:
            # it points at chapters of the Word document, not at the website.
            warnings.append(
                ParseWarning(paragraph.line, f"II: left out text after the summary: {paragraph.text!r}")
            )

    for name, found in (
        ("invitations", invitations),
        ("framework paragraphs", framework),
        ("summary bullets", summary),
    ):
        if not found:
            warnings.append(ParseWarning(landing[0].line if landing else 0, f"II: no {name} found"))
    return Landing(
        introduction=[paragraph.text for paragraph in introduction],
        paragraphs=prose,
        invitations=invitations,
        framework=framework,
        summary=summary,
        left_out=left_out,
    )


def paragraphs(source: Source, start: str, end: str, warnings: list[ParseWarning]) -> list[Paragraph]:
    """The paragraphs of one section, its heading left out.

    Bullets keep their "- " marker and numbered items their "1. ", so that a
    reader of the list can still tell list items from prose.
    """
    layout = [
        line
        for line in section(source.layout, start, end)[1:]
        if not is_furniture(line) and not is_url(line) and line.text.strip()
    ]
    if not layout:
        warnings.append(ParseWarning(0, f"section {start!r} not found in the layout rendering"))
        return []
    tagged_starts = [comparable(line.text) for line in section(source.tagged, start, end)[1:]]
    width = max(len(normalise_space(line.text)) for line in layout)

    def is_short(text: str) -> bool:
        return len(text) < SHORT_LINE * width

    def starts_tagged_paragraph(text: str) -> bool:
        key = comparable(text)[:START_CHARS]
        return bool(key) and any(start.startswith(key) for start in tagged_starts)

    result: list[Paragraph] = []
    current: list[Line] = []

    def close() -> None:
        if current:
            result.append(Paragraph(current[0].no, join_lines([line.text for line in current])))
            current.clear()

    texts = [normalise_space(line.text) for line in layout]
    for index, line in enumerate(layout):
        text = texts[index]
        ends_sentence = bool(SENTENCE_END_RE.search(text))
        if is_short(text) and not ends_sentence and not current:
            # A figure label ("Context", "Aanbevelingen"): not running text.
            continue
        if BULLET_RE.match(text) or NUMBERED_RE.match(text):
            close()
        current.append(line)
        following = texts[index + 1] if index + 1 < len(texts) else ""
        if ends_sentence and (is_short(text) or not following or starts_tagged_paragraph(following)):
            close()
    if current:
        warnings.append(
            ParseWarning(current[0].no, "paragraph without closing punctuation at the end of the section")
        )
        close()
    return result
