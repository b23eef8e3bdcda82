"""The advanced household search against figures computed with pandas from the build's files.

Expected values come from ``households.parquet`` and ``persons.parquet``:
deprivations from the indicator columns and the income amount (not the
stored mask), so the SQL of :mod:`queries.search` is checked against an
independent reckoning.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data_loaders.schema import BOOLEAN_INDICATORS
from queries.search import (
    SORT_KEYS,
    SearchSpec,
    SearchSpecError,
    count_households,
    count_persons,
    failed_indicators,
    household,
    household_members,
    search_households,
    search_page,
    search_points,
)
from roles_support import NATIONAL

DIMENSION_PREFIX = {
    "health": "health",
    "living": "living",
    "education": "edu",
    "income": "income",
    "access": "access",
}


def failed_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Add failed_<dimension>, n_failed and poor computed from the indicator columns."""
    out = frame.copy()
    deprived = out[list(BOOLEAN_INDICATORS)].fillna(False).astype(bool)
    low_income = out["income_per_capita"] < 38_000
    for dim, prefix in DIMENSION_PREFIX.items():
        cols = [c for c in BOOLEAN_INDICATORS if c.startswith(prefix + "_")]
        failed = deprived[cols].any(axis=1)
        out[f"f_{dim}"] = failed | low_income if dim == "income" else failed
    out["n_failed"] = sum(out[f"f_{d}"].astype(int) for d in DIMENSION_PREFIX)
    out["poor"] = out["n_failed"] > 0
    out["low_income"] = low_income
    return out


@pytest.fixture(scope="module")
def households(pilot_build: Path) -> pd.DataFrame:
    return failed_frame(pd.read_parquet(pilot_build / "households.parquet"))


@pytest.fixture(scope="module")
def persons(pilot_build: Path) -> pd.DataFrame:
    return pd.read_parquet(pilot_build / "persons.parquet")


def test_count_udon_three_dimensions_without_card(pilot_con, households):
    spec = SearchSpec(area_code="41", min_dimensions=3, welfare_card="without")
    want = households[
        (households["province_code"] == "41")
        & (households["n_failed"] >= 3)
        & (households["welfare_card_holders"] == 0)
    ]
    count, page = search_households(pilot_con, spec, viewer=NATIONAL)
    assert count == len(want) > 0
    assert set(page["household_id"]) <= set(want["household_id"])
    assert len(page) == min(100, len(want))


@pytest.mark.parametrize(
    ("spec", "select"),
    [
        (
            SearchSpec(area_code="4101", dimensions=("income", "living")),
            lambda h: h["f_income"] & h["f_living"],
        ),
        (
            SearchSpec(area_code="4101", dimensions=("income", "living"), match="any"),
            lambda h: h["f_income"] | h["f_living"],
        ),
        (
            SearchSpec(area_code="4101", indicators=("edu_literacy", "living_drinking_water")),
            lambda h: h["edu_literacy"].fillna(False) & h["living_drinking_water"].fillna(False),
        ),
        (
            SearchSpec(area_code="4101", indicators=("income_per_capita",)),
            lambda h: h["low_income"],
        ),
        (SearchSpec(area_code="4101", failing_mpi=True), lambda h: h["poor"]),
        (
            SearchSpec(area_code="4101", tpmap_poor=True),
            lambda h: h["poor"] & (h["welfare_card_holders"] > 0),
        ),
        (
            SearchSpec(area_code="4101", min_dimensions=2, max_dimensions=3),
            lambda h: h["n_failed"].between(2, 3),
        ),
        (
            SearchSpec(area_code="4101", welfare_card="with"),
            lambda h: h["welfare_card_holders"] > 0,
        ),
        (
            # Level 3 (seed 004): income below 100,000 and dependents + housing problem > 2.
            SearchSpec(area_code="41", vulnerability=(3,)),
            lambda h: (
                (h["income_per_capita"] < 100_000)
                & (h["n_dependents"] + h["housing_problem"].astype(int) > 2)
            ),
        ),
    ],
)
def test_filters_match_pandas(pilot_con, households, spec, select):
    level = {2: "province", 4: "district", 6: "subdistrict"}[len(spec.area_code)]
    area = households[households[f"{level}_code"] == spec.area_code]
    want = area[select(area)]
    assert count_households(pilot_con, spec) == len(want)


def test_person_count_is_the_members_of_matching_households(pilot_con, households, persons):
    spec = SearchSpec(area_code="410101", failing_mpi=True)
    ids = households.loc[
        (households["subdistrict_code"] == "410101") & households["poor"], "household_id"
    ]
    assert count_persons(pilot_con, spec) == persons["household_id"].isin(ids).sum()


def test_pages_are_disjoint_sorted_and_complete(pilot_con, households):
    spec = SearchSpec(area_code="410101", failing_mpi=True)
    want = households[(households["subdistrict_code"] == "410101") & households["poor"]]
    want = want.sort_values(
        ["n_failed", "deprivation_score", "household_id"], ascending=[False, False, True]
    )
    count = count_households(pilot_con, spec)
    pages = [
        search_page(pilot_con, spec, page=p, page_size=50, viewer=NATIONAL)
        for p in range(1, count // 50 + 2)
    ]
    ids = pd.concat(pages)["household_id"].tolist()
    assert ids == want["household_id"].tolist()
    assert search_page(pilot_con, spec, page=count // 50 + 5, page_size=50, viewer=NATIONAL).empty


@pytest.mark.parametrize("sort", SORT_KEYS)
def test_every_sort_key_orders_the_rows(pilot_con, sort):
    page = search_page(
        pilot_con, SearchSpec(area_code="410101"), sort, descending=False, viewer=NATIONAL
    )
    assert len(page) == 100
    column = {"priority": "dimensions_failed", "address": "village_code"}.get(sort, sort)
    assert page[column].is_monotonic_increasing


def test_unknown_values_and_impossible_combinations(pilot_con):
    cases = {
        "bad_area": dict(area_code="4x"),
        "unknown_dimension": dict(dimensions=("wealth",)),
        "unknown_indicator": dict(indicators=("tv_set",)),
        "dimension_range": dict(min_dimensions=6),
        "vulnerability_range": dict(vulnerability=(4,)),
        "min_above_max": dict(min_dimensions=4, max_dimensions=2),
        "too_many_required": dict(dimensions=("health", "living", "income"), max_dimensions=2),
        "poor_with_zero": dict(failing_mpi=True, max_dimensions=0),
        "tpmap_without_card": dict(tpmap_poor=True, welfare_card="without"),
        "logbook_unresolved": dict(logbook_new=True),
        "new_with_survey": dict(logbook_new=True, new_households=(), failing_mpi=True),
        "bad_card": dict(welfare_card="maybe"),
    }
    for key, values in cases.items():
        with pytest.raises(SearchSpecError) as info:
            SearchSpec(**values)
        assert info.value.key == key, values
    with pytest.raises(SearchSpecError) as info:
        count_households(pilot_con, SearchSpec(area_code="9999"))
    assert info.value.key == "unknown_area"
    with pytest.raises(SearchSpecError) as info:
        search_page(pilot_con, SearchSpec(area_code="41"), sort="national_id", viewer=NATIONAL)
    assert info.value.key == "bad_sort"
    # With "any", asking for more dimensions than the maximum is possible.
    SearchSpec(dimensions=("health", "living", "income"), match="any", max_dimensions=1)


def test_spec_is_normalised_and_hashable():
    a = SearchSpec(area_code=" 41 ", dimensions=["income", "health"], vulnerability=[2, 1, 2])
    b = SearchSpec(area_code="41", dimensions=("health", "income"), vulnerability=(1, 2))
    assert a == b and hash(a) == hash(b)
    assert a.to_dict()["dimensions"] == ["health", "income"]


def test_household_detail_members_and_failed_indicators(pilot_con, households, persons):
    row = households[households["n_failed"] >= 3].iloc[0]
    record = household(pilot_con, row["household_id"], viewer=NATIONAL)
    assert record["village_code"] == row["village_code"] and record["n_members"] == row["n_members"]
    members = household_members(pilot_con, row["household_id"], viewer=NATIONAL)
    want = persons[persons["household_id"] == row["household_id"]].sort_values("person_id")
    assert members["national_id"].tolist() == want["national_id"].tolist()
    failed = set(failed_indicators(record["mask"])["code"])
    deprived = {c for c in BOOLEAN_INDICATORS if pd.notna(row[c]) and bool(row[c])}
    if row["low_income"]:
        deprived.add("income_per_capita")
    assert failed == deprived
    assert household(pilot_con, "nope", viewer=NATIONAL) is None


def test_points_are_capped_and_most_deprived_first(pilot_con):
    points = search_points(
        pilot_con, SearchSpec(area_code="41", failing_mpi=True), limit=500, viewer=NATIONAL
    )
    assert len(points) == 500
    assert points["dimensions_failed"].is_monotonic_decreasing
