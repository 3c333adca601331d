"""The national picture's arithmetic and publication rules as pure functions."""

from __future__ import annotations

import random
import statistics
from datetime import UTC, datetime, timedelta

import pytest

from checklist.charts import band_text
from checklist.national import (
    KINDS,
    MIN_CHANGES,
    MIN_GROUP,
    REFRESH_INTERVAL,
    TOO_FEW,
    Decision,
    KindError,
    Publication,
    decide,
    parse_kind,
    percentile,
    percentile_ranks,
    quarter,
    quarter_label,
    rounded,
    summarise,
)

NOW = datetime(2027, 3, 1, 12, tzinfo=UTC)


def excel_percentile_inc(values, p):
    """Independent arithmetic: statistics.quantiles' inclusive method gives the same cut points."""
    cuts = statistics.quantiles(sorted(values), n=4, method="inclusive")
    return {0.25: cuts[0], 0.5: cuts[1], 0.75: cuts[2]}[p]


class TestPercentiles:
    @pytest.mark.parametrize("n", [10, 11, 12, 13, 57])
    def test_percentiles_match_the_inclusive_method(self, n):
        rng = random.Random(n)  # noqa: S311 - reproducible test data, not secrets
        values = sorted(round(rng.uniform(1, 4), 2) for _ in range(n))
        for p in (0.25, 0.5, 0.75):
            assert percentile(values, p) == pytest.approx(excel_percentile_inc(values, p))
        assert percentile(values, 0.5) == pytest.approx(statistics.median(values))

    def test_ranks_stay_inside_the_values(self):
        assert percentile_ranks(1, 0.75) == (0, 0, 0.0)
        assert percentile_ranks(10, 0.25) == (2, 3, pytest.approx(0.25))
        assert percentile_ranks(10, 0.5) == (4, 5, pytest.approx(0.5))
        with pytest.raises(ValueError):
            percentile_ranks(0, 0.5)

    def test_rounding_is_half_away_from_zero_to_one_decimal(self):
        assert rounded(2.25) == 2.3
        assert rounded(2.249) == 2.2
        assert rounded(3.05) == 3.1


class TestSummarise:
    def test_nothing_below_the_minimum_group(self):
        assert summarise([2.0] * (MIN_GROUP - 1)) is None

    def test_ten_organisations_median_and_middle_half(self):
        values = [1.0, 1.5, 2.0, 2.25, 2.5, 2.75, 3.0, 3.5, 3.75, 4.0]
        figure = summarise(values)
        assert figure is not None
        assert figure.n == 10
        assert figure.median == rounded(statistics.median(values))
        assert figure.p25 == rounded(excel_percentile_inc(values, 0.25))
        assert figure.p75 == rounded(excel_percentile_inc(values, 0.75))

    def test_band_text(self):
        figure = summarise([2.0] * 5 + [3.0] * 5)
        assert band_text("Strategie", figure, "gemeenten") == (
            "Strategie: bij 10 gemeenten is de mediaan 2,5; de middelste helft scoort tussen 2 en 3."
        )
        assert band_text("Strategie", None, "waterschappen") == f"Strategie: waterschappen: {TOO_FEW}."
        many = summarise([2.0] * 6000 + [3.0] * 6000)
        assert band_text("Strategie", many, "gemeenten").startswith("Strategie: bij 12.000 gemeenten is")


class TestDecide:
    def test_below_the_minimum_is_hidden(self):
        assert decide(None, MIN_GROUP - 1, NOW) is Decision.HIDE
        shown = Publication(visible=True, published_at=NOW, changed_series=0)
        assert decide(shown, MIN_GROUP - 1, NOW) is Decision.HIDE

    def test_first_time_at_the_minimum_is_published(self):
        assert decide(None, MIN_GROUP, NOW) is Decision.PUBLISH

    def test_a_shown_group_is_not_republished_for_one_change(self):
        shown = Publication(visible=True, published_at=NOW, changed_series=1)
        assert decide(shown, MIN_GROUP + 1, NOW) is Decision.KEEP
        assert decide(shown, MIN_GROUP + 1, NOW + REFRESH_INTERVAL * 10) is Decision.KEEP

    def test_republished_after_the_interval_and_enough_changes(self):
        shown = Publication(visible=True, published_at=NOW, changed_series=MIN_CHANGES)
        assert decide(shown, MIN_GROUP + 5, NOW + REFRESH_INTERVAL - timedelta(seconds=1)) is Decision.KEEP
        assert decide(shown, MIN_GROUP + 5, NOW + REFRESH_INTERVAL) is Decision.PUBLISH

    def test_back_above_the_minimum_soon_shows_the_earlier_figures(self):
        hidden = Publication(visible=False, published_at=NOW, changed_series=2)
        assert decide(hidden, MIN_GROUP, NOW + timedelta(hours=1)) is Decision.SHOW_PREVIOUS
        assert decide(hidden, MIN_GROUP, NOW + REFRESH_INTERVAL) is Decision.PUBLISH
        assert decide(hidden, MIN_GROUP - 1, NOW) is Decision.KEEP


class TestKinds:
    def test_the_issue_s_kinds(self):
        assert [label for _, label in KINDS] == [
            "Gemeente",
            "Provincie",
            "Waterschap",
            "Rijk",
            "Uitvoeringsorganisatie of zbo",
            "Anders",
        ]

    @pytest.mark.parametrize("raw", ["", "bedrijf", None, 3, ["gemeente"], "Gemeente"])
    def test_unknown_kind_gets_a_dutch_error(self, raw):
        with pytest.raises(KindError) as error:
            parse_kind(raw)
        assert error.value.field == "kind"
        assert "Kies een soort organisatie" in error.value.message

    def test_known_kind(self):
        assert parse_kind(" waterschap ") == "waterschap"


def test_quarters():
    assert quarter(datetime(2027, 1, 1, tzinfo=UTC)) == "2027-K1"
    assert quarter(datetime(2027, 6, 30, tzinfo=UTC)) == "2027-K2"
    assert quarter(datetime(2027, 12, 31, tzinfo=UTC)) == "2027-K4"
    assert quarter_label("2027-K3") == "3e kwartaal 2027"
