"""Parse the whole source document into a `Document`."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from .checklist import parse_scale, parse_themes
from .document import Document, ParseWarning
from .landing import parse_landing
from .source import Source, split_renderings
from .taxonomy import parse_activities, parse_questions
from .wegwijzer import parse_cells, parse_worked_example, read_worked_example

T = TypeVar("T")

# The headings every section parser relies on, in the layout rendering.
REQUIRED_HEADINGS = (
    "I. INTRODUCTIE",
    "II. TEKST VOOR LANDINGSPAGINA",
    "III.1. TOELICHTING BENAMING INKOOPACTIVITEITEN",
    "III.2. SCHEMA TEKSTEN",
    "III.3. ALGEMENE TIPS",
    "III.4. WAT?",
    "III.5. WAT?",
    "III.6. HOE?",
    "III.7. WIE?",
    "III.8. WIE?",
    "IV.1. IS DE STRATEGIE",
    "IV.2. ZIJN DE INKOOPPROCESSEN",
    "IV.3. ZIJN DE MENSEN",
    "V.2. OUTPUT WEGWIJZER",
)


def check_structure(source: Source) -> None:
    """Raise ValueError naming the first section heading the text lacks."""
    texts = [" ".join(line.text.split()) for line in source.layout]
    for heading in REQUIRED_HEADINGS:
        pattern = re.compile(r"^" + re.escape(heading))
        if not any(pattern.match(text) for text in texts):
            raise ValueError(f"Het brondocument mist de sectie '{heading}'; is dit het juiste document?")


def _section(name: str, parse_section: Callable[[], T]) -> T:
    """Run one section's parser; a structure it cannot follow becomes a clear ValueError."""
    try:
        return parse_section()
    except (LookupError, StopIteration, AttributeError, TypeError) as error:
        raise ValueError(
            f"Sectie {name} van het brondocument heeft niet de verwachte opbouw ({type(error).__name__})."
        ) from error


def parse(text: str) -> Document:
    """Parse the whole source text; anything not placed is reported in `warnings`.

    Raises ValueError with a Dutch message when the text is not the source document.
    """
    source = split_renderings(text)
    check_structure(source)
    warnings: list[ParseWarning] = []
    # V.2 is read once: III's cells and the worked example both use that reading
    example = _section("V", lambda: read_worked_example(source))
    document = Document(
        landing=_section("I-II", lambda: parse_landing(source, warnings)),
        activities=_section("III.1", lambda: parse_activities(source, warnings)),
        questions=_section("III.2", lambda: parse_questions(source, warnings)),
        cells=_section("III.3-III.8", lambda: parse_cells(source, warnings, example)),
        scale=_section("IV", lambda: parse_scale(source, warnings)),
        themes=_section("IV", lambda: parse_themes(source, warnings)),
        worked_example=_section("V", lambda: parse_worked_example(source, warnings, example)),
        warnings=warnings,
    )
    document.warnings.sort(key=lambda warning: warning.line)
    return document
