"""Parse the whole source document into a `Document`.

See docs/importer.md for how the two renderings of the source are read.
"""

from __future__ import annotations

from .checklist import parse_scale, parse_themes
from .document import Document, ParseWarning
from .landing import parse_landing
from .source import split_renderings
from .taxonomy import parse_activities, parse_questions
from .wegwijzer import parse_cells, parse_worked_example


def parse(text: str) -> Document:
    """Parse the whole source text; anything not placed is reported in `warnings`."""
    source = split_renderings(text)
    warnings: list[ParseWarning] = []
    document = Document(
        landing=parse_landing(source, warnings),
        activities=parse_activities(source, warnings),
        questions=parse_questions(source, warnings),
        cells=parse_cells(source, warnings),
        scale=parse_scale(source, warnings),
        themes=parse_themes(source, warnings),
        worked_example=parse_worked_example(source, warnings),
        warnings=warnings,
    )
    document.warnings.sort(key=lambda warning: warning.line)
    return document
