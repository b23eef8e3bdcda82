"""Tests of the national calibration plan and of a non-pilot province (issue 7).

Published figures (DOMAIN.md §7, §7b): 12,817,903 households and 36,103,806
persons surveyed in 2022, 1,025,782 TPMAP target poor, about 3.4 M MPI-poor
persons; Chiang Mai (50) highest with 52,928 target poor, Trat (23) lowest
with 706, Udon Thani (41) 5th with 36,931, 3.7 % of its persons. Expected values are worked out
here from those figures, the village table and the pilot build, not taken
from the plan.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from data_loaders.build import _synthetic_batches, household_heads
from data_loaders.calibration import (
    allocate,
    national_plan,
    province_plan,
    target_poor_allocation,
)
from data_loaders.schema import BOOLEAN_INDICATORS
from data_loaders.synthetic import generate_province
from geo.boundaries import load_areas

SEED = 2566
HOUSEHOLDS_2022 = 12_817_903
PERSONS_2022 = 36_103_806
# Udon Thani: 36,931 target poor are 3.7 % of 998,135 persons, at the national size.
UDON_PERSONS = round(36_931 / 0.037)
UDON_HOUSEHOLDS = round(UDON_PERSONS / (PERSONS_2022 / HOUSEHOLDS_2022))
TARGET_POOR_2022 = 1_025_782
PILOTS = ("19", "41", "60")
INCOME_LINE = 38_000


@pytest.fixture(scope="module")
def villages(pilot_build: Path) -> gpd.GeoDataFrame:
    return gpd.read_parquet(pilot_build / "villages.parquet")


@pytest.fixture(scope="module")
def village_table(villages) -> pd.DataFrame:
    table = pd.DataFrame(villages.drop(columns="geometry"))
    table["lon"], table["lat"] = villages.geometry.x, villages.geometry.y
    return table


@pytest.fixture(scope="module")
def plan(village_table) -> pd.DataFrame:
    return national_plan(village_table, SEED).set_index("province_code")


# ---------------------------------------------------------------- allocation rules
def test_allocate_largest_remainder_by_hand():
    # 7 × (2, 1, 0) / 3 = 4.67, 2.33, 0: floors 4, 2, 0 leave 1 for the largest fraction.
    assert allocate(7, np.array([2.0, 1.0, 0.0])).tolist() == [5, 2, 0]
    assert allocate(10, np.ones(3)).tolist() == [4, 3, 3]


def test_allocate_refuses_negative_weights():
    with pytest.raises(ValueError, match="non-negative"):
        allocate(5, np.array([1.0, -1.0]))


@pytest.mark.parametrize(
    ("total", "margin", "expected"),
    [
        # Scores 1, 2, 3; the top one lies in (50, 100), the others in (10, 50).
        # R = 20 gives 20 + 40 + 60 = 120 with no bound reached.
        (120, 0.0, {"a": 20, "b": 40, "c": 60}),
        # b stops at 49; R + 49 + 3R = 170 gives R = 30.25, so 30.25, 49, 90.75;
        # floors 30 + 49 + 90 = 169 and the last unit goes to the largest fraction (c).
        (170, 0.0, {"a": 30, "b": 49, "c": 91}),
        # A 10% margin: c in [55, 90], a and b in [11, 45]. b stops at 45;
        # R + 45 + 3R = 150 gives R = 26.25, so 26.25, 45, 78.75 -> 26, 45, 79.
        (150, 0.1, {"a": 26, "b": 45, "c": 79}),
    ],
)
def test_target_poor_allocation_by_hand(total, margin, expected):
    scores = pd.Series([1.0, 2.0, 3.0], index=["a", "b", "c"])
    got = target_poor_allocation(scores, total, 1, 50, 100, 10, margin=margin)
    assert got.to_dict() == expected


def test_target_poor_allocation_refuses_an_unreachable_total():
    with pytest.raises(ValueError, match="cannot share"):
        target_poor_allocation(pd.Series([1.0, 2.0]), 500, 1, 50, 100, 10)


# ---------------------------------------------------------------- the national plan
def test_plan_households_add_up_and_follow_village_counts(plan, village_table, pilot_households):
    assert plan["households"].sum() == HOUSEHOLDS_2022
    # The pilot build has the plan's households.
    built = pilot_households.groupby("province_code").size()
    for code in PILOTS:
        assert plan.loc[code, "households"] == built[code]
    # Udon Thani from its 3.7 %; the rest shared by villages, within one of the exact share.
    assert UDON_PERSONS == 998_135 and UDON_HOUSEHOLDS == 354_367
    assert plan.loc["41", "households"] == UDON_HOUSEHOLDS
    villages = village_table.groupby("province_code").size()
    others = villages.drop("41")
    share = (HOUSEHOLDS_2022 - UDON_HOUSEHOLDS) * others / others.sum()
    assert len(others) == 76
    assert (plan.loc[others.index, "households"] - share).abs().max() < 1


def test_plan_persons_36_103_806_and_met_by_the_build(plan, pilot_build):
    persons = pd.read_parquet(pilot_build / "persons.parquet", columns=["household_id"])
    pilots = persons["household_id"].str[:2].value_counts()
    for code in PILOTS:
        assert plan.loc[code, "persons"] == pilots[code]
    assert plan["persons"].sum() == PERSONS_2022
    assert plan.loc["41", "persons"] == UDON_PERSONS
    # The others share the rest by households: (36,103,806 - 998,135) / (12,817,903 -
    # 354,367) = 2.8167 members each, within one person per province.
    others = plan.drop("41")
    size = (PERSONS_2022 - UDON_PERSONS) / (HOUSEHOLDS_2022 - UDON_HOUSEHOLDS)
    assert (others["persons"] - size * others["households"]).abs().max() < 1


def test_plan_target_poor_published_figures(plan):
    target = plan["target_poor_persons"]
    assert target.sum() == TARGET_POOR_2022
    assert target["50"] == 52_928 and target.idxmax() == "50"
    assert target["23"] == 706 and target.idxmin() == "23"
    assert target["41"] == 36_931
    assert (target > 36_931).sum() == 4  # Udon Thani is 5th
    # At least 1% from the published figures, so a few persons cannot swap the ranks.
    others = target.drop(["50", "23", "41"])
    assert others.min() >= 706 * 1.01 and others.max() <= 52_928 * 0.99
    assert not others.between(36_931 * 0.99, 36_931 * 1.01).any()
    assert target["60"] == round(36_931 * 20_005 / 26_974)
    assert target["19"] == round(36_931 * 6_994 / 26_974)


def test_plan_mpi_poor_add_up_to_3_4_million(plan):
    assert plan["mpi_poor_persons"].sum() == 3_400_000
    assert plan.loc["41", "mpi_poor_persons"] == round(36_931 * 113_884 / 26_974)
    others = plan.drop(list(PILOTS))
    ratio = others["mpi_poor_persons"] / others["target_poor_persons"]
    assert ratio.max() - ratio.min() < 0.01  # one ratio for all of them


# ---------------------------------------------------------------- a non-pilot province
@pytest.fixture(scope="module")
def batches(villages, plan):
    """Trat built alone and with Saraburi, as the build generates them."""
    subdistricts = load_areas()["subdistrict"]
    national = plan.reset_index()
    alone = list(_synthetic_batches(villages, subdistricts, ["23"], SEED, national, print))
    together = list(_synthetic_batches(villages, subdistricts, ["19", "23"], SEED, national, print))
    return alone, together


def test_a_province_is_the_same_built_alone_or_with_others(batches, pilot_households):
    (alone,), (saraburi, trat) = batches
    pd.testing.assert_frame_equal(alone[0], trat[0])
    pd.testing.assert_frame_equal(alone[1], trat[1])
    # Saraburi in a larger build is the pilot build's Saraburi.
    built = pilot_households[pilot_households["province_code"] == "19"]
    pd.testing.assert_frame_equal(
        saraburi[0].reset_index(drop=True), built[list(saraburi[0].columns)].reset_index(drop=True)
    )


def test_trat_matches_its_plan_recomputed_from_the_columns(
    batches, village_table, pilot_households
):
    ((households, persons),) = batches[0]
    villages = village_table[village_table["province_code"] == "23"]
    other_villages = (village_table["province_code"] != "41").sum()
    share = (HOUSEHOLDS_2022 - UDON_HOUSEHOLDS) * len(villages) / other_villages
    assert abs(len(households) - share) < 1
    assert set(households["village_code"]) == set(villages["village_code"])
    assert households.groupby("village_code").size().min() >= 15
    # Union rule, recomputed: any boolean indicator or income below the line.
    poor = households[list(BOOLEAN_INDICATORS)].fillna(False).astype(bool).any(axis=1)
    poor |= households["income_per_capita"] < INCOME_LINE
    poor_ids = set(households.loc[poor, "household_id"])
    in_poor = persons["household_id"].isin(poor_ids)
    assert (in_poor & persons["welfare_card"]).sum() == 706  # Trat, DOMAIN.md §7
    # MPI-poor persons: 3.4 M less the pilots' 2018-ratio targets (155,922 + 113,620 +
    # 58,823), shared in proportion to the other provinces' target poor (1,025,782 - 36,931
    # - 27,390 - 9,576 = 951,885): 706 × 3,071,635 / 951,885 = 2,278.2, within 3 %.
    mpi_poor = int(in_poor.sum())
    assert mpi_poor == pytest.approx(706 * 3_071_635 / 951_885, rel=0.03)
    assert persons.groupby("household_id").size().mean() == pytest.approx(2.8167, abs=0.0005)


def test_non_pilot_without_a_target_is_refused(village_table):
    trat = village_table[village_table["province_code"] == "23"]
    with pytest.raises(ValueError, match="not a pilot"):
        generate_province(trat, SEED)


def test_province_plan_gives_the_pilots_their_own_rule(plan):
    udon = province_plan(plan.reset_index(), "41")
    assert udon["households"] == UDON_HOUSEHOLDS and udon["persons"] == UDON_PERSONS
    assert udon["target"].target_poor_persons == 36_931
    assert udon["target"].mpi_poor_persons == round(36_931 * 113_884 / 26_974)
    # Udon Thani's own 2018 mix: health, living, education, income, access.
    mix = np.array([4_589, 2_733, 14_581, 7_837, 74]) / 26_974
    assert udon["target"].dimension_mix == pytest.approx(tuple(mix))
    # A province without a published mix gets the three pilots pooled.
    pooled = np.array([4_589 + 3_417 + 1_193, 2_733 + 3_847 + 1_300, 14_581 + 7_377 + 1_969]) / (
        26_974 + 20_005 + 6_994
    )
    trat_mix = province_plan(plan.reset_index(), "23")["target"].dimension_mix
    assert trat_mix[:3] == pytest.approx(tuple(pooled))
    trat = province_plan(plan.reset_index(), "23")
    assert trat["households"] == plan.loc["23", "households"]


# ---------------------------------------------------------------- heads of household
def test_household_heads_first_member_and_none_without_persons():
    households = pd.DataFrame({"household_id": ["h2", "h1", "h3"]})
    persons = pd.DataFrame(  # sorted by person_id, as the build hands them over
        {
            "person_id": ["h101", "h102", "h201", "h202"],
            "household_id": ["h1", "h1", "h2", "h2"],
            "name": ["a1", "a2", "b1", "b2"],
            "national_id": ["1", "2", "3", "4"],
        }
    )
    heads = household_heads(households, persons)
    assert heads["head_name"].tolist()[:2] == ["b1", "a1"]
    assert heads["head_national_id"].tolist()[:2] == ["3", "1"]
    assert heads["head_name"].isna().tolist() == [False, False, True]
