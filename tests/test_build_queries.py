"""Tests of the build (data_loaders.build), the queries and both command lines.

Figures are recomputed with pandas from ``households.parquet``, from the
indicator columns and the income amount only (not the stored ``mask`` or
score), with the DOMAIN.md §2 weights written out here: 1/20 for the 12
health, living and education indicators, 1/15 for the 3 income ones, 1/10
for the 2 access ones. Persons are the unit of analysis (DOMAIN.md §3).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import data_loaders.build as build_module
from data_loaders.build import build
from data_loaders.schema import DataValidationError
from geo.areas import UnknownAreaError
from queries.figures import (
    area_summary,
    child_measures,
    connect,
    household_points,
    urgent_households,
)
from roles_support import NATIONAL

PROJECT = Path(__file__).resolve().parents[1]
INCOME_LINE = 38_000
TOL = 1e-9

DIMENSION_OF = {
    "health_birth_weight": "health",
    "health_food_hygiene": "health",
    "health_medicine_use": "health",
    "health_exercise": "health",
    "living_secure_housing": "living",
    "living_drinking_water": "living",
    "living_water_supply": "living",
    "living_tidy_home": "living",
    "edu_preschool": "education",
    "edu_compulsory": "education",
    "edu_continue_m4": "education",
    "edu_literacy": "education",
    "income_working_age_job": "income",
    "income_elderly_job": "income",
    "income_per_capita": "income",
    "access_elderly_care": "access",
    "access_disabled_care": "access",
}
WEIGHT = {
    "health": 1 / 20,
    "living": 1 / 20,
    "education": 1 / 20,
    "income": 1 / 15,
    "access": 1 / 10,
}
BUILD_FILES = [
    "provinces.parquet",
    "districts.parquet",
    "subdistricts.parquet",
    "villages.parquet",
    "households.parquet",
    "persons.parquet",
    "tpmap.duckdb",
]


# ---------------------------------------------------------------- independent computation
@pytest.fixture(scope="module")
def scored(pilot_households: pd.DataFrame) -> pd.DataFrame:
    """Households with one bool column per indicator, the score and dimensions failed."""
    hh = pilot_households
    out = hh[
        [
            "household_id",
            "province_code",
            "district_code",
            "subdistrict_code",
            "village_code",
            "n_members",
            "welfare_card_holders",
        ]
    ].copy()
    for code in DIMENSION_OF:
        if code == "income_per_capita":
            out[code] = (hh[code] < INCOME_LINE).to_numpy()
        else:
            out[code] = hh[code].fillna(False).astype(bool).to_numpy()
    out["score"] = sum(out[code] * WEIGHT[dim] for code, dim in DIMENSION_OF.items())
    out["n_dims"] = sum(
        out[[c for c, d in DIMENSION_OF.items() if d == dim]].any(axis=1).astype(int)
        for dim in WEIGHT
    )
    out["any_deprived"] = out[list(DIMENSION_OF)].any(axis=1)
    return out


def expected_summary(frame: pd.DataFrame, k: float | None = None) -> dict:
    """Alkire-Foster measures of a set of households, by hand."""
    poor = frame["any_deprived"] if k is None else frame["score"] >= k - TOL
    size = frame["n_members"].astype(np.int64)
    persons = int(size.sum())
    poor_persons = int(size[poor].sum())
    mass = float((size * frame["score"])[poor].sum())  # Σ persons x score over the poor
    h = poor_persons / persons
    a = mass / poor_persons if poor_persons else 0.0
    censored = {c: int(size[poor & frame[c]].sum()) for c in DIMENSION_OF}
    return {
        "households": len(frame),
        "persons": persons,
        "poor_households": int(poor.sum()),
        "poor_persons": poor_persons,
        "target_poor_persons": int(frame["welfare_card_holders"][poor].sum()),
        "headcount_ratio": h,
        "intensity": a,
        "adjusted_headcount_ratio": h * a,
        "censored_headcount": {c: n / persons for c, n in censored.items()},
        "contribution": {
            dim: sum(WEIGHT[dim] * n for c, n in censored.items() if DIMENSION_OF[c] == dim) / mass
            for dim in WEIGHT
        },
    }


def assert_summary_matches(got: dict, want: dict) -> None:
    for key in ["households", "persons", "poor_households", "poor_persons", "target_poor_persons"]:
        assert got[key] == want[key], key
    assert got["poor_persons_without_card"] == want["poor_persons"] - want["target_poor_persons"]
    for key in ["headcount_ratio", "intensity", "adjusted_headcount_ratio"]:
        assert got[key] == pytest.approx(want[key], rel=1e-9, abs=1e-12), key
    for group in ["censored_headcount", "contribution"]:
        assert set(got[group]) == set(want[group]), group
        for name, value in want[group].items():
            assert got[group][name] == pytest.approx(value, rel=1e-9, abs=1e-12), (group, name)


@pytest.fixture(scope="module")
def sample_areas(scored: pd.DataFrame) -> dict[str, str]:
    """One area of each level in Udon Thani: the first district, its first subdistrict, village."""
    udon = scored[scored["province_code"] == "41"]
    district = udon["district_code"].min()
    subdistrict = udon.loc[udon["district_code"] == district, "subdistrict_code"].min()
    village = udon.loc[udon["subdistrict_code"] == subdistrict, "village_code"].min()
    return {"province": "41", "district": district, "subdistrict": subdistrict, "village": village}


# ---------------------------------------------------------------- build outputs
def test_build_writes_the_seven_files(pilot_build: Path):
    for name in BUILD_FILES:
        path = pilot_build / name
        assert path.is_file() and path.stat().st_size > 0, name
    assert json.loads((pilot_build / "meta.json").read_text())["synthetic"] == "true"
    siblings = [p.name for p in pilot_build.parent.iterdir()]
    assert siblings == [pilot_build.name], f"leftovers beside the build: {siblings}"
    geo = gpd.read_parquet(pilot_build / "districts.parquet")
    assert geo.crs.to_epsg() == 4326 and len(geo) == 928


def test_areas_table_counts(pilot_con, pilot_build):
    counts = dict(pilot_con.execute("SELECT level, count(*) FROM areas GROUP BY level").fetchall())
    villages = pd.read_parquet(pilot_build / "villages.parquet", columns=["village_code"])
    assert counts == {
        "province": 77,
        "district": 928,
        "subdistrict": 7_425,
        "village": len(villages),
    }
    orphans = pilot_con.execute(
        "SELECT count(*) FROM areas a WHERE level <> 'province' "
        "AND parent_code NOT IN (SELECT code FROM areas)"
    ).fetchone()[0]
    assert orphans == 0


def test_duckdb_tables_agree_with_parquet(pilot_con, pilot_households, pilot_build):
    n_hh, n_persons = pilot_con.execute(
        "SELECT count(*), sum(n_members) FROM households"
    ).fetchone()
    assert n_hh == len(pilot_households)
    assert n_persons == int(pilot_households["n_members"].sum())
    assert pilot_con.execute("SELECT count(*) FROM persons").fetchone()[0] == n_persons
    profiles = pilot_con.execute(
        "SELECT sum(households), sum(persons), sum(card_holders) FROM village_profiles"
    ).fetchone()
    assert profiles == (n_hh, n_persons, int(pilot_households["welfare_card_holders"].sum()))
    meta = dict(pilot_con.execute("SELECT key, value FROM meta").fetchall())
    assert meta["synthetic"] == "true" and meta["seed"] == "2566"
    assert meta["provinces"] == "19,41,60"


# ---------------------------------------------------------------- area_summary
@pytest.mark.parametrize("level", ["province", "district", "subdistrict", "village"])
def test_area_summary_equals_pandas(pilot_con, scored, sample_areas, level):
    code = sample_areas[level]
    frame = scored[scored[f"{level}_code"] == code]
    assert len(frame) > 0
    got = area_summary(pilot_con, code)
    assert got["area_code"] == code and got["level"] == level
    assert_summary_matches(got, expected_summary(frame))


def test_union_rule_is_score_at_least_one_twentieth(scored):
    assert (scored["any_deprived"] == (scored["score"] >= 1 / 20 - TOL)).all()


@pytest.mark.parametrize("code", ["41", "60", "19"])
def test_k_one_third_poor_are_exactly_score_at_least_one_third(pilot_con, scored, code):
    frame = scored[scored["province_code"] == code]
    want = expected_summary(frame, k=1 / 3)
    assert_summary_matches(area_summary(pilot_con, code, k=1 / 3), want)
    poor = frame[frame["score"] >= 1 / 3 - TOL]
    listed = urgent_households(pilot_con, code, k=1 / 3, limit=None, viewer=NATIONAL)
    assert sorted(listed["household_id"]) == sorted(poor["household_id"])


def test_k_one_third_counts_a_score_of_exactly_one_third(pilot_con, scored):
    # 1/3 = 20/60, e.g. four indicators of 1/20 and two of 1/15 (12/60 + 8/60): a float sum
    # that may land just below 1/3, poor all the same (DOMAIN.md §3 tolerance).
    exact = scored[np.isclose(scored["score"], 1 / 3, rtol=0, atol=1e-12)]
    if exact.empty:
        pytest.skip("no household scores exactly 1/3 in this build")
    listed = set()
    for code in ["41", "60", "19"]:
        listed |= set(
            urgent_households(pilot_con, code, k=1 / 3, limit=None, viewer=NATIONAL)["household_id"]
        )
    assert set(exact["household_id"]) <= listed


def test_welfare_card_with_filter(pilot_con, scored, sample_areas):
    code = sample_areas["district"]
    frame = scored[scored["district_code"] == code]
    got = area_summary(pilot_con, code, welfare_card="with")
    holders = frame[frame["welfare_card_holders"] > 0]
    assert got["households"] == len(holders)
    assert got["persons"] == int(frame["welfare_card_holders"].sum())
    assert got["poor_persons"] == int(
        frame.loc[frame["any_deprived"], "welfare_card_holders"].sum()
    )


def test_welfare_card_without_filter(pilot_con, scored, sample_areas):
    # Without a card: households with no holder; persons not holding one.
    code = sample_areas["district"]
    frame = scored[scored["district_code"] == code]
    without = frame["n_members"] - frame["welfare_card_holders"]
    poor = frame["any_deprived"]
    got = area_summary(pilot_con, code, welfare_card="without")
    assert got["households"] == int((frame["welfare_card_holders"] == 0).sum())
    assert got["persons"] == int(without.sum())
    assert got["poor_households"] == int((poor & (frame["welfare_card_holders"] == 0)).sum())
    assert got["poor_persons"] == int(without[poor].sum())
    assert got["target_poor_persons"] == 0
    assert got["headcount_ratio"] == pytest.approx(without[poor].sum() / without.sum(), rel=1e-12)


def test_areas_are_indexed_by_code(pilot_con):
    # Every page looks areas up by code: a unique index, not a scan of 75,080 rows.
    indexes = pilot_con.execute(
        "SELECT index_name, is_unique FROM duckdb_indexes() WHERE table_name = 'areas'"
    ).fetchall()
    assert indexes == [("areas_code", True)]


# ---------------------------------------------------------------- child measures
def test_child_measures_of_udon_are_its_twenty_districts(pilot_con, scored):
    table = child_measures(pilot_con, "41")
    udon = scored[scored["province_code"] == "41"]
    assert len(table) == 20
    assert sorted(table["code"]) == sorted(udon["district_code"].unique())
    assert int(table["persons"].sum()) == int(udon["n_members"].sum())
    assert int(table["persons"].sum()) == area_summary(pilot_con, "41")["persons"]
    by_district = udon.groupby("district_code").apply(
        lambda g: pd.Series(
            {"households": len(g), "poor_persons": int(g.loc[g["any_deprived"], "n_members"].sum())}
        ),
        include_groups=False,
    )
    got = table.set_index("code").loc[by_district.index]
    assert (got["households"].to_numpy() == by_district["households"].to_numpy()).all()
    assert (got["poor_persons"].to_numpy() == by_district["poor_persons"].to_numpy()).all()
    assert table["name_th"].notna().all()


def test_child_measures_of_a_village_is_empty(pilot_con, sample_areas):
    assert child_measures(pilot_con, sample_areas["village"]).empty


# ---------------------------------------------------------------- urgent households
def test_urgent_households_order_and_only_poor(pilot_con, scored, sample_areas):
    code = sample_areas["subdistrict"]
    listed = urgent_households(pilot_con, code, limit=None, viewer=NATIONAL)
    frame = scored[scored["subdistrict_code"] == code].set_index("household_id")
    poor = frame[frame["any_deprived"]]
    assert len(listed) > 10
    assert sorted(listed["household_id"]) == sorted(poor.index)
    mine = poor.loc[listed["household_id"]]
    assert (listed["dimensions_failed"].to_numpy() == mine["n_dims"].to_numpy()).all()
    assert np.allclose(listed["deprivation_score"].to_numpy(), mine["score"].to_numpy())
    # DOMAIN.md §4: households without a card holder (group 1.2) first, those failing
    # income and living conditions before those failing one of them, then the rest of
    # 1.2, then 1.1; within each, dimensions failed descending, then score descending,
    # then household id.
    dims = {d: mine[[c for c, x in DIMENSION_OF.items() if x == d]].any(axis=1) for d in WEIGHT}
    no_card = mine["welfare_card_holders"] == 0
    both = dims["income"] & dims["living"]
    either = dims["income"] | dims["living"]
    priority = np.select([no_card & both, no_card & either, no_card], [1, 2, 3], 4)
    assert (listed["priority"].to_numpy() == priority).all()
    ranked = mine.assign(
        priority=priority, neg_dims=-mine["n_dims"], neg_score=-mine["score"].round(12)
    )
    ranked = ranked.reset_index().sort_values(["priority", "neg_dims", "neg_score", "household_id"])
    assert listed["household_id"].tolist() == ranked["household_id"].tolist()
    # The limit keeps the top of the same ranking.
    top = urgent_households(pilot_con, code, limit=10, viewer=NATIONAL)
    assert top["household_id"].tolist() == listed["household_id"].tolist()[:10]


def test_urgent_households_without_card_failing_income_and_living_first(pilot_con, scored):
    """Issue 15: Udon Thani's list starts with group 1.2 failing income and living."""
    listed = urgent_households(pilot_con, "41", limit=None, viewer=NATIONAL)
    frame = scored.set_index("household_id").loc[listed["household_id"]]
    income = frame[[c for c, d in DIMENSION_OF.items() if d == "income"]].any(axis=1)
    living = frame[[c for c, d in DIMENSION_OF.items() if d == "living"]].any(axis=1)
    first = (frame["welfare_card_holders"] == 0) & income & living
    assert first.sum() > 0
    # Exactly those households come first, before any other.
    assert first.to_numpy()[: first.sum()].all()
    assert set(listed["priority"]) == {1, 2, 3, 4}
    assert listed["priority"].is_monotonic_increasing


def test_urgent_households_dimension_flags(pilot_con, scored, sample_areas):
    listed = urgent_households(pilot_con, sample_areas["district"], limit=200, viewer=NATIONAL)
    frame = scored.set_index("household_id").loc[listed["household_id"]]
    for dim in WEIGHT:
        expected = frame[[c for c, d in DIMENSION_OF.items() if d == dim]].any(axis=1)
        assert (listed[f"failed_{dim}"].to_numpy() == expected.to_numpy()).all(), dim


def test_household_points_of_a_village(pilot_con, scored, sample_areas):
    code = sample_areas["village"]
    points = household_points(pilot_con, code, viewer=NATIONAL)
    frame = scored[scored["village_code"] == code].sort_values("household_id")
    assert points["household_id"].tolist() == frame["household_id"].tolist()
    assert (points["dimensions_failed"].to_numpy() == frame["n_dims"].to_numpy()).all()


@pytest.mark.parametrize("code", ["99", "4199", "419999", "41999999", "abc", "4", "4101010101"])
def test_unknown_code_raises(pilot_con, code):
    with pytest.raises(UnknownAreaError, match="area code"):
        area_summary(pilot_con, code)
    with pytest.raises(UnknownAreaError):
        urgent_households(pilot_con, code, viewer=NATIONAL)
    with pytest.raises(UnknownAreaError):
        household_points(pilot_con, code, viewer=NATIONAL)


@pytest.mark.parametrize("k", [0, -0.1, 1.5, float("nan")])
def test_bad_k_raises(pilot_con, k):
    with pytest.raises(ValueError, match="k"):
        area_summary(pilot_con, "41", k=k)


# ---------------------------------------------------------------- failed builds keep the old one
def small_files(
    pilot_households: pd.DataFrame, pilot_build: Path, folder: Path
) -> tuple[Path, Path]:
    """Write the first 30 households of village 41010101 and their persons as CSV."""
    columns = [
        c
        for c in pilot_households.columns
        if c
        not in (
            "mask",
            "deprivation_score",
            "dimensions_failed",
            "colour_class",
            "target_group",
            "vulnerability_level",
        )
    ]
    hh = pilot_households.loc[pilot_households["village_code"] == "41010101", columns].head(30)
    persons = pd.read_parquet(
        pilot_build / "persons.parquet",
        filters=[("household_id", "in", hh["household_id"].tolist())],
    )
    hh_path, pe_path = folder / "households.csv", folder / "persons.csv"
    hh.to_csv(hh_path, index=False)
    persons.to_csv(pe_path, index=False)
    return hh_path, pe_path


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}


@pytest.fixture()
def previous(pilot_build: Path, tmp_path: Path) -> Path:
    """A copy of the pilot build standing for the build already in use."""
    copy = tmp_path / "build"
    shutil.copytree(pilot_build, copy)
    return copy


def assert_previous_intact(previous: Path, before: dict, pilot_con) -> None:
    assert snapshot(previous) == before
    assert sorted(p.name for p in previous.parent.iterdir() if p.name.startswith("build")) == [
        "build"
    ], "partial build left behind"
    con = connect(previous)
    try:
        assert area_summary(con, "41") == area_summary(pilot_con, "41")
    finally:
        con.close()


def test_failed_build_bad_row_keeps_previous(
    previous, pilot_households, pilot_build, pilot_con, tmp_path
):
    hh_path, pe_path = small_files(pilot_households, pilot_build, tmp_path)
    frame = pd.read_csv(hh_path, dtype=str, keep_default_na=False)
    frame.loc[6, "n_members"] = "0"  # data row 7
    frame.to_csv(hh_path, index=False)
    before = snapshot(previous)
    with pytest.raises(DataValidationError) as exc:
        build(out=previous, households_file=hh_path, persons_file=pe_path)
    message = str(exc.value)
    assert message.startswith(f"{hh_path}: row 7, column 'n_members'"), message
    assert_previous_intact(previous, before, pilot_con)


def test_failed_build_while_writing_keeps_previous(
    previous, pilot_households, pilot_build, pilot_con, tmp_path, monkeypatch
):
    hh_path, pe_path = small_files(pilot_households, pilot_build, tmp_path)

    def disk_full(*args, **kwargs):
        raise OSError("No space left on device (simulated)")

    monkeypatch.setattr(build_module, "_write_duckdb", disk_full)
    before = snapshot(previous)
    with pytest.raises(OSError, match="simulated"):
        build(out=previous, households_file=hh_path, persons_file=pe_path)
    assert_previous_intact(previous, before, pilot_con)


# ---------------------------------------------------------------- command lines
def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=PROJECT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )


SUMMARY_KEYS = {
    "area_code",
    "households",
    "persons",
    "poor_households",
    "poor_persons",
    "target_poor_persons",
    "headcount_ratio",
    "intensity",
    "adjusted_headcount_ratio",
    "censored_headcount",
    "contribution",
}


def test_poverty_cli_summary_json_equals_area_summary(pilot_build, pilot_con, scored):
    result = run_cli(
        "poverty", "summary", "--area", "41", "--json", "--build-dir", str(pilot_build)
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert SUMMARY_KEYS <= set(data)
    assert len(data["censored_headcount"]) == 17
    assert set(data["contribution"]) == {"health", "living", "education", "income", "access"}
    assert data.pop("year") == 2567  # the survey round shown, the latest (issue 12)
    assert data == json.loads(json.dumps(area_summary(pilot_con, "41"), ensure_ascii=False))
    assert_summary_matches(data, expected_summary(scored[scored["province_code"] == "41"]))


def test_poverty_cli_build_dir_from_environment_and_k(pilot_build, pilot_con, sample_areas):
    code = sample_areas["district"]
    result = run_cli(
        "poverty",
        "summary",
        "--area",
        code,
        "--k",
        "0.2",
        "--json",
        env={"TPMAP_BUILD_DIR": str(pilot_build)},
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data.pop("year") == 2567  # the latest survey round (issue 12)
    assert data == json.loads(json.dumps(area_summary(pilot_con, code, k=0.2), ensure_ascii=False))
    assert data["k"] == 0.2


def test_poverty_cli_unknown_code(pilot_build):
    result = run_cli(
        "poverty", "summary", "--area", "99", "--json", "--build-dir", str(pilot_build)
    )
    assert result.returncode != 0
    assert result.stdout == ""
    assert "unknown area code '99'" in result.stderr


def test_poverty_cli_k_zero(pilot_build):
    result = run_cli(
        "poverty", "summary", "--area", "41", "--k", "0", "--build-dir", str(pilot_build)
    )
    assert result.returncode != 0
    assert "cut-off k must be in (0, 1]" in result.stderr


def test_poverty_cli_k_within_the_tolerance_of_zero(pilot_build):
    """Issue 15: ``--k 1e-12`` counted every person as poor; it is refused with exit code 2."""
    result = run_cli(
        "poverty", "summary", "--area", "41", "--k", "1e-12", "--build-dir", str(pilot_build)
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "cut-off k must be greater than 1e-09" in result.stderr


def test_poverty_cli_missing_build(tmp_path):
    result = run_cli("poverty", "summary", "--area", "41", "--build-dir", str(tmp_path / "none"))
    assert result.returncode != 0
    assert "python -m data_loaders build" in result.stderr


def test_build_cli_unknown_province(tmp_path):
    out = tmp_path / "build"
    result = run_cli("data_loaders", "build", "--provinces", "99", "--out", str(out))
    assert result.returncode != 0
    assert "unknown province code(s) ['99']" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_build_cli_missing_geo_dir_names_the_variable(tmp_path):
    out = tmp_path / "build"
    result = run_cli(
        "data_loaders", "build", "--out", str(out), env={"TPMAP_GEO_DIR": "/nonexistent"}
    )
    assert result.returncode != 0
    assert "TPMAP_GEO_DIR" in result.stderr and "/nonexistent" in result.stderr
    assert not out.exists()
