"""Tests of the area-potential data (issue 5): loaders, distances, build, other urgent issues.

- Loaders: the shipped templates load; each kind of bad row stops with the
  file, the 1-based data row and the column named.
- Distances: a hand-made case in UTM with known answers (a facility at the
  origin, households 3 km and 6 km away), then the pilot build's stored
  distances against a brute-force recomputation.
- Other urgent issues: NEET share, unemployment and debt recomputed with
  pandas from ``persons.parquet`` / ``households.parquet``, independently of
  ``village_issues`` and the queries.
- A bad potential file leaves the previous build intact.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyproj
import pytest

from data_loaders.build import build
from data_loaders.schema import DataValidationError
from potential import queries as pq
from potential.distance import (
    access_by_area,
    household_distances,
    nearest_distances,
    utm_epsg,
)
from potential.schema import KINDS, load, read_file, validate
from potential.store import load_potential
from queries import issues
from queries.figures import area_summary, connect

PROJECT = Path(__file__).resolve().parents[1]
TEMPLATES = PROJECT / "templates" / "potential"
#: Codes the templates use, standing for the areas of a build.
KNOWN = ["41", "60", "4101", "410101", "410102", "41010101", "41010201"]
INCOME_LINE = 38_000


# ---------------------------------------------------------------- templates and loaders
@pytest.mark.parametrize("kind", list(KINDS))
def test_template_loads_with_the_schema_columns(kind):
    path = TEMPLATES / f"{kind}.csv"
    frame = load(path, kind, KNOWN)
    assert list(frame.columns) == list(KINDS[kind].columns)
    assert len(frame) == 2
    readme = (TEMPLATES / "README.md").read_text()
    assert f"`{kind}.csv`" in readme
    for column in KINDS[kind].columns:
        assert f"`{column}`" in readme, column


def test_xlsx_reads_like_csv(tmp_path):
    csv = TEMPLATES / "village_basic.csv"
    xlsx = tmp_path / "village_basic.xlsx"
    pd.read_csv(csv, dtype=str).to_excel(xlsx, index=False)
    pd.testing.assert_frame_equal(
        load(xlsx, "village_basic", KNOWN), load(csv, "village_basic", KNOWN)
    )


def edited(kind: str, row: int, column: str, value: str, folder: Path) -> Path:
    """Copy a template with data row ``row`` (1-based) of ``column`` set to ``value``."""
    frame = pd.read_csv(TEMPLATES / f"{kind}.csv", dtype=str, keep_default_na=False)
    frame.loc[row - 1, column] = value
    path = folder / f"{kind}.csv"
    frame.to_csv(path, index=False)
    return path


BAD_ROWS = [
    ("facilities", 2, "kind", "school", "'school'"),
    ("facilities", 1, "lat", "north", "not a number"),
    ("facilities", 2, "lon", "120.5", "in_range"),
    ("facilities", 2, "facility_id", "EX-H-0001", "repeated"),
    ("facilities", 1, "subdistrict_code", "419999", "unknown area code '419999'"),
    ("facilities", 2, "name", " ", "empty"),
    ("centres", 2, "level", "region", "'region'"),
    ("centres", 1, "staff", "-3", "in_range"),
    ("centres", 2, "level", "province", "not a province code"),
    ("centres", 2, "area_code", "4199", "unknown area code '4199'"),
    ("projects", 1, "dimension", "wealth", "'wealth'"),
    ("projects", 2, "budget_baht", "-5", "in_range"),
    ("projects", 2, "status", "done", "'done'"),
    ("projects", 1, "fiscal_year", "2023", "in_range(2550, 2650)"),
    ("projects", 2, "area_code", "99", "unknown area code '99'"),
    ("economy", 2, "hai", "1.5", "in_range"),
    ("economy", 2, "province_code", "41", "repeated"),
    ("economy", 1, "gpp_million_baht", "lots", "not a number"),
    ("economy", 2, "province_code", "99", "unknown area code '99'"),
    ("village_basic", 2, "road_all_season", "maybe", "not true/false"),
    ("village_basic", 1, "electricity_share", "1.2", "in_range"),
    ("village_basic", 2, "village_code", "41019901", "unknown area code '41019901'"),
    ("village_basic", 1, "village_fund_baht", "-1", "in_range"),
    ("otop", 1, "stars", "6", "in_range"),
    ("otop", 2, "category", "toy", "'toy'"),
    ("otop", 1, "village_code", "41010201", "not inside subdistrict '410101'"),
    ("otop", 2, "stars", "three", "not a whole number"),
]


@pytest.mark.parametrize(
    "kind,row,column,value,words", BAD_ROWS, ids=[f"{b[0]}-{b[2]}-{b[3]}" for b in BAD_ROWS]
)
def test_bad_row_names_file_row_and_column(tmp_path, kind, row, column, value, words):
    path = edited(kind, row, column, value, tmp_path)
    with pytest.raises(DataValidationError) as exc:
        load(path, kind, KNOWN)
    message = str(exc.value)
    assert message.startswith(f"{path}: row {row}, column"), message
    assert repr(column) in message.split(": ")[1], message  # 'row 2, column(s) ...'
    assert words in message, message


def test_missing_column_is_named(tmp_path):
    path = tmp_path / "otop.csv"
    pd.read_csv(TEMPLATES / "otop.csv", dtype=str).drop(columns="stars").to_csv(path, index=False)
    with pytest.raises(DataValidationError, match=r"otop.csv: missing column\(s\) \['stars'\]"):
        load(path, "otop", KNOWN)


def test_unreadable_and_wrong_kind_of_file(tmp_path):
    with pytest.raises(DataValidationError, match="file not found"):
        read_file(tmp_path / "none.csv")
    (tmp_path / "economy.txt").write_text("x")
    with pytest.raises(DataValidationError, match=r"expected a \.csv or \.xlsx file"):
        read_file(tmp_path / "economy.txt")
    bad = tmp_path / "economy.xlsx"
    bad.write_text("not a spreadsheet")
    with pytest.raises(DataValidationError, match="cannot read the file"):
        read_file(bad)


def test_potential_folder_must_exist_and_hold_one_file_per_kind(tmp_path, pilot_con):
    areas = pilot_con.execute("SELECT * FROM areas").df()
    with pytest.raises(DataValidationError, match="TPMAP_POTENTIAL_DIR.*is not a folder"):
        load_potential(tmp_path / "missing", areas, pd.DataFrame(), ["41"], 1)
    shutil.copy(TEMPLATES / "otop.csv", tmp_path / "otop.csv")
    pd.read_csv(TEMPLATES / "otop.csv").to_excel(tmp_path / "otop.xlsx", index=False)
    with pytest.raises(DataValidationError, match="both otop.csv and otop.xlsx"):
        load_potential(tmp_path, areas, pd.DataFrame(), ["41"], 1)


# ---------------------------------------------------------------- distances, by hand
def test_nearest_distances_hand_made_grid():
    facilities = np.array([[0.0, 0.0], [10_000.0, 0.0]])
    households = np.array([[3_000.0, 0.0], [0.0, 6_000.0], [3_000.0, 4_000.0], [9_000.0, 0.0]])
    # 3 km east of the first; 6 km north; the 3-4-5 triangle; 1 km from the second.
    assert nearest_distances(households, facilities) == pytest.approx([3_000, 6_000, 5_000, 1_000])
    assert np.isnan(nearest_distances(households, np.empty((0, 2)))).all()


def test_utm_zone_by_longitude():
    assert utm_epsg(100.1) == 32647  # Nakhon Sawan
    assert utm_epsg(101.99) == 32647
    assert utm_epsg(102.8) == 32648  # Udon Thani


def lonlat(epsg: int, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    back = pyproj.Transformer.from_crs(epsg, 4326, always_xy=True)
    return back.transform(x, y)


@pytest.mark.parametrize("epsg,x0", [(32648, 280_000.0), (32647, 620_000.0)])
def test_household_distances_in_utm_known_answers(epsg, x0):
    """A health centre and a school at known UTM points; households 3 km and 6 km away."""
    y0 = 1_900_000.0
    f_lon, f_lat = lonlat(epsg, np.array([x0, x0 + 6_000.0]), np.array([y0, y0]))
    facilities = pd.DataFrame(
        {"kind": ["health_centre", "primary_school"], "lon": f_lon, "lat": f_lat}
    )
    hx = np.array([x0 + 3_000.0, x0, x0 + 6_000.0])
    hy = np.array([y0, y0 + 6_000.0, y0 + 3_000.0])
    h_lon, h_lat = lonlat(epsg, hx, hy)
    assert utm_epsg(float(np.mean(h_lon))) == epsg
    households = pd.DataFrame({"province_code": "41", "lon": h_lon, "lat": h_lat})
    got = household_distances(households, facilities)
    assert got["dist_health_m"].tolist() == [3_000, 6_000, pytest.approx(6_708, abs=1)]
    assert got["dist_school_m"].tolist() == [3_000, pytest.approx(8_485, abs=1), 3_000]
    # hand: sqrt(6000² + 3000²) = 6,708 m; sqrt(6000² + 6000²) = 8,485 m


def test_access_by_area_hand_made_shares():
    frame = pd.DataFrame(
        {
            "area": ["A", "A", "A", "B"],
            "dist_health_m": [3_000, 6_000, 6_000, np.nan],
            "dist_school_m": [6_000, 1_000, 7_000, 9_000],
        }
    )
    table = access_by_area(frame, 5, "area").set_index("area")
    assert table.loc[
        "A", ["households", "far_health", "far_school", "far_either", "far_both"]
    ].tolist() == [3, 2, 2, 3, 1]
    assert table.loc["A", "share_far_health"] == pytest.approx(2 / 3)
    assert table.loc["A", "share_far_either"] == 1.0
    # An unknown distance is never counted as far.
    assert table.loc["B", ["households", "far_health", "far_school"]].tolist() == [1, 0, 1]
    at_10 = access_by_area(frame, 10, "area").set_index("area")
    assert at_10["far_either"].sum() == 0
    with pytest.raises(ValueError, match="positive"):
        access_by_area(frame, 0, "area")


# ---------------------------------------------------------------- the pilot build
@pytest.fixture(scope="module")
def facilities(pilot_build: Path) -> pd.DataFrame:
    return pd.read_parquet(pilot_build / "potential" / "facilities.parquet")


def test_build_records_synthetic_potential(pilot_build, pilot_con):
    sources = pq.sources(pilot_con).set_index("kind")
    assert sorted(sources.index) == sorted(KINDS)
    assert sources["synthetic"].all()
    meta = dict(pilot_con.execute("SELECT key, value FROM meta").fetchall())
    assert set(meta["potential_synthetic"].split(",")) == set(KINDS)
    import pyarrow.parquet as pqt

    for kind in KINDS:
        schema = pqt.read_schema(pilot_build / "potential" / f"{kind}.parquet")
        assert schema.metadata[b"tpmap:synthetic"] == b"true"


def test_synthetic_potential_passes_its_own_validation(pilot_build, pilot_con):
    codes = pilot_con.execute("SELECT code FROM areas").df()["code"]
    for kind in KINDS:
        frame = pd.read_parquet(pilot_build / "potential" / f"{kind}.parquet")
        validate(kind, frame, kind, codes)


def test_synthetic_facility_counts_are_plausible(facilities, pilot_con):
    udon = facilities[facilities["subdistrict_code"].str.startswith("41")]
    counts = udon["kind"].value_counts()
    assert counts["hospital"] == 20  # one per district
    assert 156 <= counts["health_centre"] <= 1.5 * 156  # at least one per subdistrict
    assert counts["primary_school"] > counts["secondary_school"] > 20


def test_stored_distances_equal_brute_force(pilot_households, facilities):
    sample = pilot_households.sample(300, random_state=5)
    for group, kinds in [
        ("health", ["hospital", "health_centre"]),
        ("school", ["primary_school", "secondary_school"]),
    ]:
        chosen = facilities[facilities["kind"].isin(kinds)]
        for province, rows in sample.groupby("province_code"):
            epsg = (
                32648
                if pilot_households.loc[pilot_households["province_code"] == province, "lon"].mean()
                >= 102
                else 32647
            )
            to = pyproj.Transformer.from_crs(4326, epsg, always_xy=True)
            hx, hy = to.transform(rows["lon"].to_numpy(), rows["lat"].to_numpy())
            fx, fy = to.transform(chosen["lon"].to_numpy(), chosen["lat"].to_numpy())
            brute = np.sqrt((hx[:, None] - fx[None, :]) ** 2 + (hy[:, None] - fy[None, :]) ** 2)
            want = brute.min(axis=1)
            got = rows[f"dist_{group}_m"].to_numpy()
            assert np.abs(got - want).max() <= 0.5 + 1e-6, (group, province)


def poor_flags(households: pd.DataFrame) -> pd.Series:
    from data_loaders.schema import BOOLEAN_INDICATORS

    deprived = households[list(BOOLEAN_INDICATORS)].fillna(False).astype(bool).any(axis=1)
    return deprived | (households["income_per_capita"] < INCOME_LINE)


def test_access_table_equals_pandas(pilot_con, pilot_households):
    udon = pilot_households[pilot_households["province_code"] == "41"]
    poor = udon[poor_flags(udon)]
    by_child, total = pq.access_table(pilot_con, "41", 5.0)
    far_health = poor["dist_health_m"] > 5_000
    far_either = far_health | (poor["dist_school_m"] > 5_000)
    assert total["households"] == len(poor)
    assert total["far_health"] == int(far_health.sum())
    assert total["far_either"] == int(far_either.sum())
    want = poor.assign(far=far_either).groupby("district_code")["far"].agg(["size", "sum"])
    got = by_child.set_index("code")
    assert got.index.tolist() == want.index.tolist()
    assert got["households"].tolist() == want["size"].tolist()
    assert got["far_either"].tolist() == want["sum"].tolist()
    assert total["share_far_either"] == pytest.approx(far_either.mean())


# ---------------------------------------------------------------- other urgent issues
@pytest.fixture(scope="module")
def people(pilot_build: Path, pilot_households: pd.DataFrame) -> pd.DataFrame:
    persons = pd.read_parquet(
        pilot_build / "persons.parquet",
        columns=["household_id", "age", "in_education", "employment"],
    )
    where = pilot_households.set_index("household_id")[["province_code", "district_code"]]
    return persons.join(where, on="household_id")


def neet_share(frame: pd.DataFrame) -> float:
    youth = frame[(frame["age"] >= 15) & (frame["age"] <= 24)]
    known = youth[youth["in_education"].notna() & youth["employment"].notna()]
    neet = ~known["in_education"].astype(bool) & known["employment"].isin(
        ["unemployed", "not_in_labour_force"]
    )
    return neet.sum() / len(known)


def test_neet_share_of_udon_thani_from_the_person_file(people, pilot_con):
    udon = people[people["province_code"] == "41"]
    want = neet_share(udon)
    got = issues.area_issues(pilot_con, "41")
    assert got["neet_share"] == pytest.approx(want, rel=1e-12)
    # Calibrated to the published 24.48% (DOMAIN.md §7).
    assert want == pytest.approx(0.2448, abs=0.002)


def test_pilots_differ_in_neet_share_and_rank_by_it(people, pilot_con):
    shares = {p: neet_share(people[people["province_code"] == p]) for p in ("41", "60", "19")}
    assert shares["41"] > shares["60"] > shares["19"] > 0.10
    ranking = issues.province_ranking(pilot_con, "neet_share")
    assert ranking["code"].tolist() == ["41", "60", "19"]
    assert ranking["rank"].tolist() == [1, 2, 3]
    assert ranking["neet_share"].tolist() == pytest.approx([shares[p] for p in ("41", "60", "19")])


def test_unemployment_and_debt_by_district_from_the_files(people, pilot_con, pilot_households):
    table = issues.child_issues(pilot_con, "41").set_index("code")
    udon = people[(people["province_code"] == "41") & (people["age"] >= 15)]
    labour = udon[udon["employment"].isin(["employed", "underemployed", "unemployed"])]
    rate = (labour["employment"] == "unemployed").groupby(labour["district_code"]).mean()
    under = (labour["employment"] == "underemployed").groupby(labour["district_code"]).mean()
    assert len(table) == 20
    assert table["unemployment_rate"].to_numpy() == pytest.approx(rate.loc[table.index].to_numpy())
    assert table["underemployment_rate"].to_numpy() == pytest.approx(
        under.loc[table.index].to_numpy()
    )
    hh = pilot_households[pilot_households["province_code"] == "41"]
    in_debt = (hh["debt_baht"] > 0).groupby(hh["district_code"]).mean()
    over = (
        (hh["debt_baht"] > hh["income_per_capita"] * hh["n_members"])
        .groupby(hh["district_code"])
        .mean()
    )
    mean_debt = hh.loc[hh["debt_baht"] > 0].groupby("district_code")["debt_baht"].mean()
    assert table["debt_share"].to_numpy() == pytest.approx(in_debt.loc[table.index].to_numpy())
    assert table["over_indebted_share"].to_numpy() == pytest.approx(
        over.loc[table.index].to_numpy()
    )
    assert table["mean_debt_baht"].to_numpy() == pytest.approx(
        mean_debt.loc[table.index].to_numpy()
    )
    assert (hh["has_debt"] == (hh["debt_baht"] > 0)).all()


def test_person_statuses_are_null_for_children_and_valid_otherwise(people):
    children = people[people["age"] < 15]
    assert children["employment"].isna().all() and children["in_education"].isna().all()
    adults = people[people["age"] >= 15]
    assert (
        adults["employment"]
        .isin(["employed", "underemployed", "unemployed", "not_in_labour_force"])
        .all()
    )


# ---------------------------------------------------------------- bad file: old build kept
def test_bad_potential_file_keeps_previous_build(pilot_build, pilot_con, tmp_path):
    previous = tmp_path / "build"
    shutil.copytree(pilot_build, previous)
    before = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in previous.iterdir()}
    folder = tmp_path / "potential"
    folder.mkdir()
    shutil.copy(TEMPLATES / "economy.csv", folder / "economy.csv")
    bad = edited("facilities", 2, "lat", "95.0", folder)
    with pytest.raises(DataValidationError) as exc:
        build(out=previous, provinces=["19"], potential_dir=folder)
    assert str(exc.value).startswith(f"{bad}: row 2, column 'lat'"), str(exc.value)
    after = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in previous.iterdir()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "potential"]
    con = connect(previous)
    try:
        assert area_summary(con, "41") == area_summary(pilot_con, "41")
        assert pq.sources(con)["synthetic"].all()
    finally:
        con.close()


def test_build_takes_given_files_and_generates_the_rest(tmp_path):
    folder = tmp_path / "potential"
    folder.mkdir()
    shutil.copy(TEMPLATES / "economy.csv", folder / "economy.csv")
    shutil.copy(TEMPLATES / "otop.csv", folder / "otop.csv")
    out = build(out=tmp_path / "build", provinces=["19"], potential_dir=folder)
    con = connect(out)
    try:
        sources = pq.sources(con).set_index("kind")
        assert not sources.loc["economy", "synthetic"] and not sources.loc["otop", "synthetic"]
        assert sources.loc["economy", "source"] == str(folder / "economy.csv")
        assert sources.drop(["economy", "otop"])["synthetic"].all()
        assert pq.economy(con, "41")["gpp_rank"] == 2 and pq.economy(con, "41")["provinces"] == 2
        assert pq.economy(con, "19") is None
        assert pq.otop(con, "41")["name"].str.contains("ตัวอย่าง").all()
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        assert "economy" not in meta["potential_synthetic"].split(",")
    finally:
        con.close()
