"""The parsed source document: plain data, no Django.

The parser produces a `Document`; the loader writes it to the database and the
tests compare it with the source. Every item carries the source line it starts
on, so that warnings and reports can point an editor at the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ItemKind = Literal["tip", "example", "reference"]

ACTIVITY_CODES: tuple[str, ...] = ("F", "A", "S", "U")


@dataclass(frozen=True)
class SourceLink:
    """A hyperlink as the source gives it, with the text it is anchored on."""

    url: str
    title: str = ""  # anchor text where the parser could find it, else ""
    line: int = 0  # source line of the page's link list entry


@dataclass
class Item:
    """One tip, example or reference in a wegwijzer cell or checklist statement."""

    kind: ItemKind
    text: str  # plain text; paragraphs separated by "\n\n"
    line: int  # source line where the item starts (1-based)
    author: str = ""  # references only: the part between "Ref." and ";"/":"
    links: list[SourceLink] = field(default_factory=list)


@dataclass
class Cell:
    """A wegwijzer cell: "Fa" (general) or activity + question + answer ("S32")."""

    key: str
    line: int = 0  # source line of the cell label
    items: list[Item] = field(default_factory=list)

    @property
    def activity(self) -> str:
        return self.key[0]

    @property
    def question(self) -> int | None:
        return int(self.key[1]) if self.key[1].isdigit() else None

    @property
    def answer(self) -> int | None:
        return int(self.key[2]) if self.question is not None else None


@dataclass
class Activity:
    """A procurement activity (III.1): F Fundering, A Analyse, S Specificatie, U Uitvoering."""

    code: str
    name: str
    description: str


@dataclass
class Answer:
    number: int  # 1 or 2
    label: str  # as in the schema of III.2


@dataclass
class Question:
    """One of the five wegwijzer questions (III.2), with its two answers."""

    number: int
    kind: str  # "WAT?", "HOE?" or "WIE?"
    text: str
    answers: list[Answer]
    help_text: str = ""  # the section heading's wording (III.4-III.8), if different


@dataclass
class Statement:
    """A checklist statement (IV): the question scored 1-4, with its tips."""

    key: str  # "1.1": theme number . position in theme
    text: str
    line: int
    clarifications: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


@dataclass
class Theme:
    """A checklist theme (IV.1-IV.3)."""

    number: int
    title: str
    statements: list[Statement] = field(default_factory=list)
    intro: str = ""
    short_title: str = ""  # e.g. "Strategie", for charts and menus


@dataclass
class ScaleStep:
    value: int
    label: str


@dataclass
class WorkedExample:
    """Section V: the answers of the example case and the tips V.2 shows for them.

    `tips` maps an activity code to the tip texts in V.2's order; tests compare
    them with the advice assembled from the imported cells.
    """

    description: str
    tips: dict[str, list[str]] = field(default_factory=dict)
    items: dict[str, list[Item]] = field(default_factory=dict)  # all of V.2 per activity


@dataclass
class Landing:
    """Sections I and II: the introduction and the landing page text."""

    introduction: list[str]  # paragraphs of I
    paragraphs: list[str]  # paragraphs of II, in order
    invitations: list[str]  # "PIANOo nodigt deelnemers uit om:" 1-3
    framework: list[str] = field(default_factory=list)  # the paragraphs explaining the framework
    summary: list[str] = field(default_factory=list)  # "Samenvattend ..." bullets
    # Paragraphs of I left out because they speak of the source document, not of the research
    # (see landing.ABOUT_THE_SOURCE); kept so that the page builder can take them out of a
    # home page that an earlier import wrote.
    left_out: list[str] = field(default_factory=list)


@dataclass
class ParseWarning:
    """Something the parser could not place, or repaired, with its source line."""

    line: int
    message: str


@dataclass
class Document:
    """Everything the importer loads, as parsed from the source text."""

    landing: Landing
    activities: list[Activity]
    questions: list[Question]
    cells: dict[str, Cell]  # all 44 keys, empty cells included
    scale: list[ScaleStep]
    themes: list[Theme]
    worked_example: WorkedExample
    warnings: list[ParseWarning] = field(default_factory=list)
