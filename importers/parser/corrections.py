"""Decisions the source text cannot settle by itself, one entry per decision.

The parser does the reading; these entries only tip the balance where the
layout, the tagged rendering and V.2 leave a line ambiguous. Each entry names
the source line and says why. Keep this list short.
"""

from __future__ import annotations

from importers.parser.columns import Hint

HINTS: dict[int, Hint] = {}
"""Per layout line: force its column, or where an interleaved line splits."""

BREAKS: dict[int, bool] = {}
"""Per layout line: whether the fragment on this line starts a new paragraph."""
