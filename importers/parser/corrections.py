"""Decisions the source text cannot settle by itself, one entry per decision.

The parser does the reading; these entries only tip the balance where the
layout, the tagged rendering and V.2 leave a line ambiguous. Each entry names
the source line and says why. Keep this list short.
"""

from __future__ import annotations

from importers.parser.columns import LEFT, RIGHT, Hint

HINTS: dict[int, Hint] = {
    # S42: both halves run to the margin and neither the tagged rendering nor V.2
    # (which does not show S42) joins them to their neighbours; the first half
    # continues the ONS example ("inkoop wordt uitbesteed aan ONS").
    2886: Hint(column=RIGHT, split="specificatie- en"),
    # V.2, A52: both halves could take the "er"; III (line 3181, "er eventueel") shows
    # it ends the tip's line, but only across a line break, which no witness line holds.
    5587: Hint(column=LEFT, split="ga na of er"),
}
"""Per layout line: force its column, or where an interleaved line splits."""

BREAKS: dict[int, bool] = {}
"""Per layout line: whether the fragment on this line starts a new paragraph."""

ANCHORS: dict[int, str] = {
    # IV.3.1: the two NEVI documents of the page (link list lines 4225, 4226) go to
    # the tip "Evalueer de inkoopvolwassenheid periodiek ... een vorm van een audit";
    # no rendering shows the words they sit on. The first (STR-INKST, on the
    # purchasing strategy) is put on the subject of the tip, the second (STR-BEN,
    # a benchmark questionnaire) on the audit it proposes.
    4225: "inkoopvolwassenheid",
    4226: "een vorm van een audit",
}
"""Per link-list line: the words of a checklist tip a link sits on, where no rendering shows them."""
