"""Bands of theme scores: a word and a sentence for what a score on the 1-4 scale means.

Editors keep the bands in the admin (checklist.models.ScoreBand); a band holds
from its minimum up to the next band's minimum. The defaults below are seeded by
a data migration and used when the table is empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Band:
    minimum: float
    label: str
    meaning: str

    def as_json(self) -> dict[str, object]:
        return {"minimum": self.minimum, "label": self.label, "meaning": self.meaning}


DEFAULT_BANDS: tuple[Band, ...] = (
    Band(
        1.0,
        "Beginnend",
        "Dit thema staat nog aan het begin: er zijn weinig afspraken of vaste werkwijzen. "
        "Hier valt de meeste winst te behalen; begin bij de stellingen met de laagste score.",
    ),
    Band(
        1.75,
        "In ontwikkeling",
        "Er zijn eerste stappen gezet, maar nog niet structureel of in de hele organisatie. "
        "Kies een paar stellingen om de komende periode gericht aan te werken.",
    ),
    Band(
        2.5,
        "Gevorderd",
        "Het thema krijgt op de meeste punten aandacht. Maak het een vast onderdeel van de "
        "werkwijze en werk de zwakste stellingen bij.",
    ),
    Band(
        3.25,
        "Verankerd",
        "Het thema is goed geregeld en een vast onderdeel van de organisatie. Houd dit vast, "
        "meet periodiek opnieuw en deel uw ervaring met anderen.",
    ),
)


def band_for(value: float | None, bands: Sequence[Band]) -> Band | None:
    """The band `value` falls in: the one with the highest minimum at or below it."""
    if value is None:
        return None
    found = None
    for band in sorted(bands, key=lambda b: b.minimum):
        if value + 1e-9 >= band.minimum:
            found = band
    return found
