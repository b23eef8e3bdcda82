"""Tests of dimensions failed, colour classes, target groups, vulnerability levels
and the star rating (DOMAIN.md §3-§4, §6; poverty.targets docstrings).

Expected values are worked out by hand in the comments.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

import settings
from display.colours import HOUSEHOLD_RGB
from poverty import measures, targets

# Bits (DOMAIN.md §2 order): health 0-3, living 4-7, education 8-11, income 12-14,
# access 15-16.
HEALTH = [0, 1, 2, 3]
LIVING = [4, 5, 6, 7]
EDUCATION = [8, 9, 10, 11]
INCOME = [12, 13, 14]
ACCESS = [15, 16]


def mask(*bits: int) -> int:
    return sum(1 << b for b in set(bits))


# The six households of tests/test_poverty_measures.py, as masks.
HAND_MASKS = np.array(
    [
        mask(1, 4, 12, 14, 15),  # HH1: health, living, income, access -> 4
        mask(3, 7, 11),  # HH2: health, living, education -> 3
        mask(9, 10),  # HH3: education -> 1
        0,  # HH4: nothing -> 0
        mask(2, 5, 11, 13, 15, 16),  # HH5: all five -> 5
        mask(0, 3, 14),  # HH6: health, income -> 2
    ]
)


# ---------------------------------------------------------------------------
# Dimensions failed
# ---------------------------------------------------------------------------
def test_dimensions_failed_hand_table():
    assert measures.dimensions_failed(HAND_MASKS).tolist() == [4, 3, 1, 0, 5, 2]


def test_dimensions_failed_counts_a_dimension_once():
    # All four health indicators failed is still one dimension; every indicator
    # failed is 5 dimensions, one indicator in each dimension is 5 too.
    masks = np.array(
        [mask(*HEALTH), mask(*range(17)), mask(0, 4, 8, 12, 15), mask(16), mask(12, 13, 14, 15, 16)]
    )
    assert measures.dimensions_failed(masks).tolist() == [1, 5, 5, 1, 2]


def test_dimensions_failed_with_selection():
    # Only health and income count: HH1 health+income 2, HH2 health 1, HH3 0, HH4 0,
    # HH5 health+income 2, HH6 health+income 2.
    assert measures.dimensions_failed(HAND_MASKS, ("health", "income")).tolist() == [
        2,
        1,
        0,
        0,
        2,
        2,
    ]
    assert measures.dimensions_failed(HAND_MASKS, ("access",)).tolist() == [1, 0, 0, 0, 1, 0]


def test_dimension_failed_bits_hand_table():
    frame = measures.dimension_failed_bits(HAND_MASKS)
    assert list(frame.columns) == ["health", "living", "education", "income", "access"]
    assert frame["health"].tolist() == [True, True, False, False, True, True]
    assert frame["education"].tolist() == [False, True, True, False, True, False]
    assert frame["access"].tolist() == [True, False, False, False, True, False]
    assert frame.sum(axis=1).tolist() == [4, 3, 1, 0, 5, 2]


# ---------------------------------------------------------------------------
# Colour classes (seed 002): 1 green, 2-3 yellow, 4-5 red
# ---------------------------------------------------------------------------
def test_colour_class_every_count():
    assert targets.colour_class(np.array([0, 1, 2, 3, 4, 5])).tolist() == [
        "none",
        "green",
        "yellow",
        "yellow",
        "red",
        "red",
    ]


def test_colour_class_of_hand_table():
    # Dimensions failed 4, 3, 1, 0, 5, 2.
    colours = targets.colour_class(measures.dimensions_failed(HAND_MASKS))
    assert colours.tolist() == ["red", "yellow", "green", "none", "red", "yellow"]
    assert set(HOUSEHOLD_RGB) == set(targets.COLOUR_CLASSES) == {"none", "green", "yellow", "red"}


@pytest.mark.parametrize("bad", [[6], [-1], [0, 1, 6], [-1, 3]])
def test_colour_class_out_of_range_raises(bad):
    with pytest.raises(ValueError, match="0-5"):
        targets.colour_class(np.array(bad))


def test_colour_class_empty():
    assert targets.colour_class(np.array([], dtype=int)).tolist() == []


# ---------------------------------------------------------------------------
# Target groups (DOMAIN.md §4)
# ---------------------------------------------------------------------------
def test_target_group_all_four_cases():
    poor = np.array([True, True, False, False])
    cards = np.array([1, 0, 3, 0])
    assert targets.target_group(poor, cards).tolist() == ["1.1", "1.2", "3.1", ""]


def test_target_group_hand_table_union_and_one_third():
    cards = np.array([2, 0, 1, 2, 1, 0])
    # Union (k = 1/20): all poor but HH4 (score 0).
    poor = measures.identify(measures.deprivation_scores(HAND_MASKS), measures.union_k())
    assert poor.tolist() == [True, True, True, False, True, True]
    assert targets.target_group(poor, cards).tolist() == ["1.1", "1.2", "1.1", "3.1", "1.1", "1.2"]
    # k = 1/3: HH1 (20/60, exactly k) and HH5 (25/60) poor.
    poor = measures.identify(measures.deprivation_scores(HAND_MASKS), 1 / 3)
    assert poor.tolist() == [True, False, False, False, True, False]
    assert targets.target_group(poor, cards).tolist() == ["1.1", "", "3.1", "3.1", "1.1", ""]


def test_target_group_accepts_series():
    out = targets.target_group(pd.Series([True, False]), pd.Series([0, 0]))
    assert out.tolist() == ["1.2", ""]


def test_group_3_2_card_holders_with_no_mpi_data():
    """Seed 004, 3.2: holders with no MPI data; without a holder such a household is ""."""
    poor = np.array([True, False, False, False, False])
    cards = np.array([1, 2, 2, 0, 0])
    no_data = np.array([False, True, False, True, False])
    out = targets.target_group(poor, cards, no_data)
    assert out.tolist() == ["1.1", "3.2", "3.1", "", ""]
    with pytest.raises(ValueError, match="without MPI data cannot be MPI-poor"):
        targets.target_group(np.array([True]), np.array([1]), np.array([True]))


def _household_rows() -> pd.DataFrame:
    """Three households: all 17 indicators missing; one missing but income known; one clean."""
    from poverty.indicators import INDICATOR_CODES

    frame = pd.DataFrame(
        {c: pd.array([None, None, False], dtype="boolean") for c in INDICATOR_CODES}
    )
    frame["income_per_capita"] = [np.nan, 50_000.0, 50_000.0]
    return frame


def test_no_mpi_data_only_when_every_indicator_is_missing():
    assert targets.no_mpi_data(_household_rows()).tolist() == [True, False, False]


def test_build_assigns_group_3_2(pilot_households):
    """derive_household_columns gives 3.2 to a holder household whose indicators are all null."""
    from data_loaders.build import derive_household_columns

    rows = pilot_households.drop(
        columns=[
            "mask",
            "deprivation_score",
            "dimensions_failed",
            "colour_class",
            "target_group",
            "income_below_line",  # the income deprivation the build derived (issue 15)
        ]
    ).head(3)
    indicators = _household_rows()
    rows = rows.reset_index(drop=True)
    for code in indicators.columns:
        rows[code] = indicators[code]
    rows["welfare_card_holders"] = [1, 1, 0]
    out = derive_household_columns(rows)
    assert out["target_group"].tolist() == ["3.2", "3.1", ""]
    assert out["mask"].tolist() == [0, 0, 0]


# ---------------------------------------------------------------------------
# Vulnerability level (docstring rule; low income < 100,000 baht/person/year)
# ---------------------------------------------------------------------------
LOW = 99_999.99
LINE = 100_000.0  # exactly the line: NOT low income
HIGH = 250_000.0

# (income, dependents, housing problem, level), by the rule
#   3: low and dependents + housing > 2; 2: low and dependents + housing in 1-2;
#   1: low alone, or housing without low income; 0: not low, no housing, a dependent;
#  -1: none of these.
VULNERABILITY_CASES = [
    (LOW, 0, False, 1),  # low alone: burden 0
    (LOW, 0, True, 2),  # burden 0 + 1 = 1
    (LOW, 1, False, 2),  # burden 1
    (LOW, 1, True, 2),  # burden 2
    (LOW, 2, False, 2),  # burden 2
    (LOW, 2, True, 3),  # burden 3 > 2
    (LOW, 3, False, 3),  # burden 3
    (LOW, 3, True, 3),  # burden 4
    (0.0, 0, False, 1),  # no income at all is low income
    (LINE, 0, False, -1),  # exactly 100,000 is not low income, nothing else
    (LINE, 0, True, 1),  # housing problem without low income
    (LINE, 1, False, 0),  # not low, a dependent
    (LINE, 2, False, 0),
    (LINE, 3, False, 0),
    (LINE, 1, True, 1),  # housing problem takes precedence over level 0
    (LINE, 3, True, 1),
    (HIGH, 0, False, -1),
    (HIGH, 2, False, 0),
    (HIGH, 0, True, 1),
]


@pytest.mark.skipif(
    "TPMAP_LOW_INCOME_LINE" in os.environ,
    reason="default low-income line overridden in the environment",
)
def test_vulnerability_level_every_branch_default_line():
    assert settings.LOW_INCOME_LINE == 100_000
    income, deps, housing, expected = map(list, zip(*VULNERABILITY_CASES, strict=True))
    out = targets.vulnerability_level(np.array(income), np.array(deps), np.array(housing))
    assert out.tolist() == expected
    assert out.dtype == np.int8
    # pandas Series give the same.
    out = targets.vulnerability_level(pd.Series(income), pd.Series(deps), pd.Series(housing))
    assert out.tolist() == expected


@pytest.mark.parametrize(("income", "deps", "housing", "expected"), VULNERABILITY_CASES)
def test_vulnerability_level_case(income, deps, housing, expected):
    # Explicit line so that the case holds whatever the environment says.
    out = targets.vulnerability_level([income], [deps], [housing], low_income_line=100_000)
    assert out.tolist() == [expected]


def test_vulnerability_custom_line():
    # With a line of 50,000: 60,000 is not low income (a dependent -> 0), 49,999 is
    # low (2 dependents -> 2).
    out = targets.vulnerability_level(
        [60_000, 49_999], [1, 2], [False, False], low_income_line=50_000
    )
    assert out.tolist() == [0, 2]


def test_vulnerability_negative_dependents_raises():
    with pytest.raises(ValueError, match="n_dependents"):
        targets.vulnerability_level([50_000, 50_000], [1, -1], [False, False])


# ---------------------------------------------------------------------------
# Star rating: H < 5% -> 5, < 10% -> 4, < 15% -> 3, < 25% -> 2, else 1
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("h", "stars"),
    [
        (0.0, 5),
        (0.0499, 5),
        (0.05, 4),
        (0.0999, 4),
        (0.10, 3),
        (0.1499, 3),
        (0.15, 2),
        (0.2499, 2),
        (0.25, 1),
        (0.5, 1),
        (1.0, 1),
        (1 / 20, 4),
        (2 / 20, 3),
        (3 / 20, 2),
        (5 / 20, 1),  # computed ratios on the lines
    ],
)
def test_star_rating_boundaries(h, stars):
    assert settings.STAR_THRESHOLDS == (0.05, 0.10, 0.15, 0.25)
    assert targets.star_rating(h) == stars


def test_star_rating_of_hand_table():
    # 6 households, 21 persons. Union: H = 19/21 -> 1 star. k = 1/3: H = 5/21 = 0.238
    # -> 2 stars. Nobody poor (k = 1/2): H = 0 -> 5 stars.
    profiles = pd.DataFrame({"mask": HAND_MASKS, "households": 1, "persons": [4, 3, 5, 2, 1, 6]})
    assert targets.star_rating(measures.summarise(profiles)["headcount_ratio"]) == 1
    assert targets.star_rating(measures.summarise(profiles, k=1 / 3)["headcount_ratio"]) == 2
    assert targets.star_rating(measures.summarise(profiles, k=0.5)["headcount_ratio"]) == 5
