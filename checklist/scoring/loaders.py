"""The checklist content the pure scoring modules work on, loaded once per content version."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Q

from cms.cache import cached, content_version
from cms.cells import Block, load_blocks
from cms.models import ChecklistTheme, ScaleStep

from ..models import ScoreBand
from .bands import DEFAULT_BANDS, Band
from .result import Result, StatementInfo, ThemeInfo, score


def theme_infos(version: int | None = None) -> list[ThemeInfo]:
    def load() -> list[ThemeInfo]:
        return [
            ThemeInfo(
                number=t.number,
                title=t.title,
                short_title=t.short_title,
                statements=tuple(
                    StatementInfo(f"{t.number}.{s.number}", s.text, tuple(s.clarification_list()))
                    for s in t.statements.all()
                ),
            )
            for t in ChecklistTheme.objects.prefetch_related("statements")
        ]

    return cached("checklist:themes", load, version)


def scale_labels(version: int | None = None) -> dict[int, str]:
    return cached("checklist:scale", lambda: dict(ScaleStep.objects.values_list("value", "label")), version)


def statement_blocks(version: int | None = None) -> dict[str, Block]:
    return cached("checklist:blocks", lambda: load_blocks(Q(statement__isnull=False)), version)


def score_bands(version: int | None = None) -> tuple[Band, ...]:
    """The editors' bands, lowest first; the defaults if editors removed them all."""

    def load() -> tuple[Band, ...]:
        rows = ScoreBand.objects.order_by("minimum").values_list("minimum", "label", "meaning")
        return tuple(Band(float(m), label, meaning) for m, label, meaning in rows) or DEFAULT_BANDS

    return cached("checklist:bands", load, version)


def get_result(scores: Mapping[str, int], version: int | None = None) -> Result:
    """The result for `scores` with the current content (pass `version` if already read)."""
    version = content_version() if version is None else version
    return score(
        scores, theme_infos(version), statement_blocks(version), scale_labels(version), score_bands(version)
    )
