"""Tests of the synthetic generator on the pilot build (data_loaders.synthetic).

Every figure is recomputed here with pandas from ``households.parquet`` and
``persons.parquet``, independently of the deprivation mask and the queries:
a household is MPI-poor (TPMAP's union rule, DOMAIN.md §3) when any of the 16
boolean indicators is True or ``income_per_capita`` < 38,000 baht/person/year;
its members are MPI-poor persons, and those holding the welfare card are the
TPMAP target poor. Calibration targets: DOMAIN.md §7.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from data_loaders.calibration import national_plan, province_plan
from data_loaders.schema import BOOLEAN_INDICATORS, valid_national_id
from data_loaders.synthetic import generate_province
from geo.boundaries import load_areas
from poverty.indicators import DIMENSION_CODES, indicators_of

INCOME_LINE = 38_000  # baht/person/year, BMN 2560-2564 (DOMAIN.md §2)
UDON_TARGET_POOR_2022 = 36_931
# TPMAP 2018 public file: (MPI-poor persons, target poor) per pilot province.
TPMAP_2018 = {"41": (113_884, 26_974), "60": (82_987, 20_005), "19": (42_964, 6_994)}


def deprived_frame(households: pd.DataFrame) -> pd.DataFrame:
    """Bool frame, one column per indicator code (income from the amount)."""
    out = households[list(BOOLEAN_INDICATORS)].fillna(False).astype(bool)
    out["income_per_capita"] = households["income_per_capita"] < INCOME_LINE
    return out


@pytest.fixture(scope="module")
def households(pilot_households: pd.DataFrame) -> pd.DataFrame:
    deprived = deprived_frame(pilot_households)
    out = pilot_households[
        [
            "household_id",
            "province_code",
            "district_code",
            "village_code",
            "n_members",
            "welfare_card_holders",
            "n_dependents",
        ]
    ].copy()
    out["mpi_poor"] = deprived.any(axis=1)
    for dim in DIMENSION_CODES:
        out[f"fails_{dim}"] = deprived[list(indicators_of(dim))].any(axis=1)
    return out


@pytest.fixture(scope="module")
def persons(pilot_build: Path) -> pd.DataFrame:
    return pd.read_parquet(
        pilot_build / "persons.parquet",
        columns=[
            "person_id",
            "household_id",
            "national_id",
            "sex",
            "age",
            "welfare_card",
            "dependent",
        ],
    )


@pytest.fixture(scope="module")
def household_of_person(households, persons) -> np.ndarray:
    """Row of each person's household in ``households`` (-1 when it has none)."""
    return pd.Index(households["household_id"]).get_indexer(persons["household_id"])


@pytest.fixture(scope="module")
def people(households, persons, household_of_person) -> pd.DataFrame:
    """Persons with their household's area and poverty flags."""
    assert (household_of_person >= 0).all(), "a person whose household is not in the file"
    columns = [
        "province_code",
        "district_code",
        "mpi_poor",
        *[f"fails_{d}" for d in DIMENSION_CODES],
    ]
    merged = households[columns].iloc[household_of_person].reset_index(drop=True)
    merged["welfare_card"] = persons["welfare_card"].to_numpy()
    merged["target_poor"] = merged["mpi_poor"] & merged["welfare_card"]
    return merged


@pytest.fixture(scope="module")
def counts(people) -> pd.DataFrame:
    """MPI-poor persons and target poor per province."""
    return people.groupby("province_code")[["mpi_poor", "target_poor"]].sum()


@pytest.fixture(scope="module")
def village_table(pilot_build: Path) -> pd.DataFrame:
    """villages.parquet as the build hands it to the generator (lon/lat columns)."""
    villages = gpd.read_parquet(pilot_build / "villages.parquet")
    table = pd.DataFrame(villages.drop(columns="geometry"))
    table["lon"], table["lat"] = villages.geometry.x, villages.geometry.y
    return table


# ---------------------------------------------------------------- determinism
def test_generator_reproduces_the_build(village_table, pilot_households, pilot_build):
    """The build's inputs (villages, raw subdistrict polygons, seed 2566, plan) give Saraburi."""
    saraburi = village_table[village_table["province_code"] == "19"]
    subdistricts = load_areas()["subdistrict"]
    plan = national_plan(village_table, 2566)
    hh, pe = generate_province(
        saraburi,
        seed=2566,
        subdistricts=subdistricts[subdistricts["province_code"] == "19"],
        **province_plan(plan, "19"),
    )
    built = pilot_households[pilot_households["province_code"] == "19"][list(hh.columns)]
    pd.testing.assert_frame_equal(built.reset_index(drop=True), hh.reset_index(drop=True))
    built_persons = pd.read_parquet(
        pilot_build / "persons.parquet",
        filters=[("household_id", ">=", "19"), ("household_id", "<", "20")],
    )
    # The build adds the survey round (issue 12): the latest, 2567.
    assert set(built_persons.pop("survey_year")) == {2567}
    pd.testing.assert_frame_equal(built_persons.reset_index(drop=True), pe.reset_index(drop=True))


def test_generator_same_seed_identical_other_seed_different(village_table):
    district = village_table[village_table["district_code"] == "1901"]
    first_hh, first_pe = generate_province(district, seed=2566)
    again_hh, again_pe = generate_province(district.sample(frac=1, random_state=1), seed=2566)
    pd.testing.assert_frame_equal(first_hh, again_hh)
    pd.testing.assert_frame_equal(first_pe, again_pe)

    other_hh, other_pe = generate_province(district, seed=7)
    assert not other_hh.equals(first_hh)
    assert not other_pe.equals(first_pe)
    per_village = first_hh.groupby("village_code").size()
    assert not per_village.equals(other_hh.groupby("village_code").size())
    assert set(other_pe["national_id"]) != set(first_pe["national_id"])


def test_generator_rejects_several_provinces(village_table):
    two = village_table[village_table["province_code"].isin(["19", "41"])]
    with pytest.raises(ValueError, match="one province"):
        generate_province(two, seed=1)


# ---------------------------------------------------------------- calibration (DOMAIN.md §7)
def test_udon_thani_target_poor_exactly_36931(counts):
    assert counts.loc["41", "target_poor"] == UDON_TARGET_POOR_2022


def test_udon_thani_mpi_poor_per_target_poor_between_3_and_4_5(counts):
    ratio = counts.loc["41", "mpi_poor"] / counts.loc["41", "target_poor"]
    assert 3 <= ratio <= 4.5, ratio


@pytest.mark.parametrize("province", ["41", "60", "19"])
def test_mpi_poor_per_target_poor_near_2018_ratio(counts, province):
    # Within 3 % (calibration.MPI_POOR_TOLERANCE: the dimension mix wins over this ratio).
    mpi_2018, target_2018 = TPMAP_2018[province]
    ratio = counts.loc[province, "mpi_poor"] / counts.loc[province, "target_poor"]
    assert ratio == pytest.approx(mpi_2018 / target_2018, rel=0.03)


@pytest.mark.parametrize("province", ["60", "19"])
def test_other_pilots_target_poor_in_2018_proportion_to_udon(counts, province):
    expected = UDON_TARGET_POOR_2022 * TPMAP_2018[province][1] / TPMAP_2018["41"][1]
    # Nakhon Sawan 27,389.6 -> 27,390; Saraburi 9,575.7 -> 9,576: met exactly.
    assert counts.loc[province, "target_poor"] == round(expected)


def test_mpi_poor_households_average_about_four_members(households):
    """DOMAIN.md §7: MPI-poor households average about 4 members (113,884 / 27,386 = 4.2)."""
    mean = households[households["mpi_poor"]].groupby("province_code")["n_members"].mean()
    assert mean.between(3.0, 5.0).all(), mean


@pytest.mark.parametrize("province", ["41", "60", "19"])
def test_education_and_income_are_the_most_failed_dimensions(people, province):
    """Among target poor, education and income lead, access trails (DOMAIN.md §7 table)."""
    target = people[(people["province_code"] == province) & people["target_poor"]]
    failed = target[[f"fails_{d}" for d in DIMENSION_CODES]].sum()
    failed.index = list(DIMENSION_CODES)
    ranked = failed.sort_values(ascending=False)
    assert set(ranked.index[:2]) == {"education", "income"}, ranked
    assert ranked.index[-1] == "access", ranked
    # Every target poor fails at least one dimension, so the counts add up to at least them.
    assert failed.sum() >= len(target)


def test_districts_of_udon_differ_in_poverty(people):
    share = people[people["province_code"] == "41"].groupby("district_code")["mpi_poor"].mean()
    assert len(share) == 20
    assert share.max() - share.min() > 0.05, share


# ---------------------------------------------------------------- households and villages
def test_households_per_village_mean_and_spread(households, village_table):
    per_village = households.groupby("village_code").size()
    pilot_villages = village_table[village_table["province_code"].isin(["41", "60", "19"])]
    assert set(per_village.index) == set(pilot_villages["village_code"])  # every village, once
    # Udon Thani: 998,135 persons (36,931 / 3.7 %) at 36,103,806 / 12,817,903 persons per
    # household = 354,367 households. The others: the remaining 12,463,536 households
    # over the remaining 64,966 villages, about 191.8 per village.
    villages = village_table.groupby("province_code").size()
    udon = round(998_135 / (36_103_806 / 12_817_903))
    assert udon == 354_367
    assert (households["province_code"] == "41").sum() == udon
    rest = (12_817_903 - udon) / (villages.sum() - villages["41"])
    mean = per_village.groupby(per_village.index.str[:2]).mean()
    assert mean["41"] == pytest.approx(udon / villages["41"])
    assert mean[["60", "19"]].to_numpy() == pytest.approx([rest, rest], abs=1 / 866)
    assert per_village.std() > 20, per_village.std()


def test_every_household_village_exists(households, village_table):
    known = set(village_table["village_code"])
    assert households["village_code"].isin(known).all()
    assert (households["village_code"].str[:4] == households["district_code"]).all()


def test_household_counts_match_their_members(households, persons, household_of_person):
    n = len(households)
    members = np.bincount(household_of_person, minlength=n)
    cards = np.bincount(household_of_person, weights=persons["welfare_card"], minlength=n)
    dependents = np.bincount(household_of_person, weights=persons["dependent"], minlength=n)
    assert (members > 0).all(), "a household without persons"
    assert np.array_equal(households["n_members"].to_numpy(), members)
    assert np.array_equal(households["welfare_card_holders"].to_numpy(), cards)
    assert np.array_equal(households["n_dependents"].to_numpy(), dependents)
    assert persons["person_id"].is_unique


# ---------------------------------------------------------------- persons
def test_national_ids_valid_unique_and_registered_in_the_district(persons, people):
    ids = persons["national_id"]
    assert ids.is_unique
    assert ids.str.fullmatch(r"\d{13}").all()
    # Every check digit, recomputed here: d13 = (11 - sum d_i (14 - i) mod 11) mod 10.
    d = np.frombuffer("".join(ids.tolist()).encode("ascii"), dtype=np.uint8)
    d = d.reshape(-1, 13).astype(np.int64) - ord("0")
    weighted = sum(d[:, i - 1] * (14 - i) for i in range(1, 13))
    assert np.array_equal(d[:, 12], (11 - weighted % 11) % 10)
    assert valid_national_id(ids.sample(5_000, random_state=0)).all()  # the library agrees
    # Digits 2-5: district of registration; digit 1: 1 (born after 1984) or 3.
    assert np.array_equal(ids.str[1:5].to_numpy(), people["district_code"].to_numpy())
    assert ids.str[0].isin(["1", "3"]).all()


def test_names_are_thai_with_a_title_matching_sex_and_age(pilot_build, persons):
    names = pq.read_table(pilot_build / "persons.parquet", columns=["name"])["name"]
    thai = r"[\x{0E00}-\x{0E7F}]+"
    pattern = rf"^(นาย|นางสาว|นาง|เด็กชาย|เด็กหญิง){thai} {thai}$"
    assert pc.all(pc.match_substring_regex(names, pattern)).as_py()
    title_male = pc.match_substring_regex(names, r"^(นาย|เด็กชาย)").to_numpy(zero_copy_only=False)
    assert np.array_equal(title_male, (persons["sex"] == "M").to_numpy())
    child_title = pc.match_substring_regex(names, r"^เด็ก").to_numpy(zero_copy_only=False)
    assert np.array_equal(child_title, (persons["age"] < 15).to_numpy())


def test_ages_and_sex(persons):
    assert persons["age"].between(0, 120).all()
    assert persons["sex"].isin(["M", "F"]).all()
    assert (persons["age"] < 15).mean() > 0.1 and (persons["age"] >= 60).mean() > 0.1


def test_welfare_card_only_for_adults(persons):
    assert not (persons["welfare_card"] & (persons["age"] < 18)).any()


# ---------------------------------------------------------------- labelled synthetic
@pytest.mark.parametrize("name", ["households.parquet", "persons.parquet"])
def test_parquet_metadata_says_synthetic(pilot_build, name):
    metadata = pq.read_schema(pilot_build / name).metadata
    assert metadata[b"tpmap:synthetic"] == b"true"
    assert metadata[b"tpmap:seed"] == b"2566"
    assert b"SYNTHETIC" in metadata[b"tpmap:source"]
