"""Data-quality flags (built by data_loaders.quality, read by queries.quality).

The files are the six households and fifteen persons of ``test_real_export``
(DOMAIN.md §2's format, village 41010101), with a ``relation`` column: the
first member of each household is its head (age 60), the others children
(50, 40, 30). Each case changes one cell and must raise exactly its flag on
exactly the rows named here. Per-flag cases run the flag SQL on an in-memory
DuckDB holding the validated, derived tables as the build stores them; one
real build of a file holding every problem checks the build path, the
point-in-polygon and ``python -m data_loaders check --json``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from access.personal import pseudonym
from access.roles import AccessDeniedError
from data_loaders.build import build, derive_household_columns, household_heads
from data_loaders.quality import FLAGS, create_quality_flags, houses_outside_subdistrict
from data_loaders.schema import (
    BOOLEAN_INDICATORS,
    read_table,
    validate_households,
    validate_persons,
)
from queries.figures import connect
from queries.quality import QualityFlagsMissingError, area_counts, child_counts, flagged_rows
from roles_support import ANALYST, CHIEF_4101, NATIONAL
from test_real_export import (
    HOUSEHOLD_IDS,
    INCOME_BOOLEAN,
    VILLAGE,
    household_rows,
    person_rows,
    village_point,
)

PROJECT = Path(__file__).parents[1]
H1, H2, H3, H4, H5, H6 = HOUSEHOLD_IDS


def person_id(household: str, member: int) -> str:
    """The ``person_id`` of ``test_real_export.person_rows``: household id + member 01, 02…"""
    return f"{household}{member:02d}"


def persons_with_relations() -> pd.DataFrame:
    frame = person_rows()
    first = ~frame["household_id"].duplicated()
    frame["relation"] = first.map({True: "head", False: "child"})
    return frame


def row_of(frame: pd.DataFrame, pid: str) -> int:
    return int(frame.index[frame["person_id"] == pid][0])


def flags_in_memory(
    households: pd.DataFrame, persons: pd.DataFrame, tmp_path: Path, outside: list[bool]
) -> pd.DataFrame:
    """Validate and derive as the build does, then run the flag SQL; return the flag rows."""
    hh_path, pe_path = tmp_path / "households.csv", tmp_path / "persons.csv"
    households.to_csv(hh_path, index=False)
    persons.to_csv(pe_path, index=False)
    hh = validate_households(read_table(hh_path), str(hh_path), village_codes=[VILLAGE])
    pe = validate_persons(read_table(pe_path), str(pe_path), household_ids=hh["household_id"])
    hh = derive_household_columns(hh)
    hh["outside_subdistrict"] = outside
    hh = hh.join(household_heads(hh, pe))
    con = duckdb.connect()
    con.register("hh", hh)
    con.register("pe", pe.sort_values("person_id"))
    con.execute("CREATE TABLE households AS SELECT * FROM hh")
    con.execute("CREATE TABLE persons AS SELECT * FROM pe")
    create_quality_flags(con)
    out = con.execute(
        "SELECT flag, reason, household_id, person_id, value FROM quality_flags "
        "ORDER BY flag, household_id, person_id NULLS FIRST"
    ).df()
    con.close()
    return out


def as_set(frame: pd.DataFrame) -> set[tuple]:
    return {
        (
            r.flag,
            r.reason,
            r.household_id,
            None if pd.isna(r.person_id) else r.person_id,
            None if pd.isna(r.value) else int(r.value),
        )
        for r in frame.itertuples()
    }


def test_clean_files_raise_no_flag(tmp_path):
    got = flags_in_memory(
        household_rows(102.79, 17.41, INCOME_BOOLEAN),
        persons_with_relations(),
        tmp_path,
        [False] * 6,
    )
    assert got.empty, got


def _repeat_id(persons: pd.DataFrame, source: str, target: str) -> None:
    persons.loc[row_of(persons, target), "national_id"] = persons.loc[
        row_of(persons, source), "national_id"
    ]


def _set(persons: pd.DataFrame, pid: str, **values) -> None:
    for column, value in values.items():
        persons.loc[row_of(persons, pid), column] = value


def _all_missing(households: pd.DataFrame) -> None:
    for code in [*BOOLEAN_INDICATORS, "income_per_capita"]:
        households.loc[4, code] = ""  # H5


CASES = {
    # name: (edit of (households, persons), outside flags, expected rows)
    "duplicate_national_id": (
        lambda h, p: _repeat_id(p, person_id(H1, 1), person_id(H1, 2)),
        None,
        {
            ("duplicate_national_id", "same_household", H1, person_id(H1, 1), 2),
            ("duplicate_national_id", "same_household", H1, person_id(H1, 2), 2),
        },
    ),
    "person_in_two_households": (
        lambda h, p: _repeat_id(p, person_id(H1, 1), person_id(H2, 2)),
        None,
        {
            ("person_in_two_households", "two_households", H1, person_id(H1, 1), 2),
            ("person_in_two_households", "two_households", H2, person_id(H2, 2), 2),
        },
    ),
    "household_size_fewer": (
        lambda h, p: h.__setitem__("n_members", ["4", "3", "3", "1", "2", "3"]),
        None,
        {("household_size_mismatch", "fewer_listed", H2, None, 2)},
    ),
    "household_size_more": (
        lambda h, p: h.__setitem__("n_members", ["4", "2", "2", "1", "2", "3"]),
        None,
        {("household_size_mismatch", "more_listed", H3, None, 3)},
    ),
    "household_without_persons": (
        lambda h, p: p[p["household_id"] != H4],  # returns the persons left
        None,
        {("household_size_mismatch", "fewer_listed", H4, None, 0)},
    ),
    "age_above_120": (
        # The head: a child of 130 would also be older than the head (the build case).
        lambda h, p: _set(p, person_id(H6, 1), age="130"),
        None,
        {("impossible_age", "age_above_120", H6, person_id(H6, 1), 130)},
    ),
    "age_below_0": (
        lambda h, p: _set(p, person_id(H5, 2), age="-1"),
        None,
        {("impossible_age", "age_below_0", H5, person_id(H5, 2), -1)},
    ),
    "two_heads": (
        lambda h, p: _set(p, person_id(H1, 3), relation="head"),
        None,
        {
            ("impossible_relation", "two_heads", H1, person_id(H1, 1), 2),
            ("impossible_relation", "two_heads", H1, person_id(H1, 3), 2),
        },
    ),
    "no_head": (
        lambda h, p: _set(p, person_id(H4, 1), relation="spouse"),
        None,
        {("impossible_relation", "no_head", H4, None, 0)},
    ),
    "child_older_than_head": (
        lambda h, p: _set(p, person_id(H3, 2), age="61"),  # head 60
        None,
        {("impossible_relation", "child_older_than_head", H3, person_id(H3, 2), 61)},
    ),
    "parent_younger_than_head": (
        lambda h, p: _set(p, person_id(H6, 2), relation="parent"),  # 50 < head 60
        None,
        {("impossible_relation", "parent_younger_than_head", H6, person_id(H6, 2), 50)},
    ),
    "outside_subdistrict": (
        lambda h, p: None,
        [False, False, False, True, False, False],
        {("outside_subdistrict", "outside_subdistrict", H4, None, None)},
    ),
    "all_indicators_missing": (
        lambda h, p: _all_missing(h),
        None,
        {("all_indicators_missing", "all_missing", H5, None, None)},
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_flag_raised_by_its_crafted_row(tmp_path, case):
    edit, outside, expected = CASES[case]
    households = household_rows(102.79, 17.41, INCOME_BOOLEAN)
    persons = persons_with_relations()
    edited = edit(households, persons)
    if edited is not None:  # an edit that removes rows returns the persons left
        persons = edited
    got = flags_in_memory(households, persons, tmp_path, outside or [False] * 6)
    assert as_set(got) == expected


def test_a_child_as_old_as_the_head_is_not_flagged(tmp_path):
    persons = persons_with_relations()
    _set(persons, person_id(H3, 2), age="60")  # same age as the head: odd, not impossible
    got = flags_in_memory(
        household_rows(102.79, 17.41, INCOME_BOOLEAN), persons, tmp_path, [False] * 6
    )
    assert got.empty


def test_without_relation_column_no_relation_flag(tmp_path):
    persons = person_rows()  # DOMAIN.md §2 columns only: no relation
    got = flags_in_memory(
        household_rows(102.79, 17.41, INCOME_BOOLEAN), persons, tmp_path, [False] * 6
    )
    assert got.empty


def test_head_from_relation_column():
    households = pd.DataFrame({"household_id": ["a", "b"]})
    persons = pd.DataFrame(
        {
            "person_id": ["a1", "a2", "b1"],
            "household_id": ["a", "a", "b"],
            "name": ["ลูก", "พ่อ", "คนเดียว"],
            "national_id": ["1", "2", "3"],
            "relation": ["child", "head", None],
        }
    )
    heads = household_heads(households, persons)
    assert heads["head_name"].tolist() == ["พ่อ", "คนเดียว"]  # b has no head: first member


# ---------------------------------------------------------------- point in polygon
def test_houses_outside_subdistrict_by_hand():
    # Subdistrict 410101 is the square lon 102-103, lat 17-18; 410102 the square east of it.
    subdistricts = gpd.GeoDataFrame(
        {"code": ["410101", "410102"]},
        geometry=[box(102, 17, 103, 18), box(103, 17, 104, 18)],
        crs="EPSG:4326",
    )
    villages = pd.Series({"41010101": "410101", "41010201": "410102", "41019901": "419999"})
    houses = pd.DataFrame(
        {
            "village_code": ["41010101", "41010101", "41010101", "41010201", "41019901", "x"],
            "lon": [102.5, 103.5, 103.0, 103.5, 102.5, 102.5],
            "lat": [17.5, 17.5, 17.5, 17.5, 17.5, 17.5],
        }
    )
    got = houses_outside_subdistrict(houses, villages, subdistricts)
    # inside; in the neighbour; on the shared edge (inside); inside its own; subdistrict
    # without a polygon; village unknown.
    assert got.tolist() == [False, True, False, False, True, True]


def test_houses_outside_subdistrict_needs_degrees():
    subdistricts = gpd.GeoDataFrame(
        {"code": ["410101"]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:32647"
    )
    with pytest.raises(ValueError, match="EPSG:4326"):
        houses_outside_subdistrict(
            pd.DataFrame({"village_code": [], "lon": [], "lat": []}),
            pd.Series(dtype=str),
            subdistricts,
        )


# ---------------------------------------------------------------- one real build
#: The crafted file of the real build: one problem per household (H2 and H6 share one).
BUILD_EXPECTED = {
    ("duplicate_national_id", "same_household", H1, person_id(H1, 1), 2),
    ("duplicate_national_id", "same_household", H1, person_id(H1, 2), 2),
    ("person_in_two_households", "two_households", H2, person_id(H2, 1), 2),
    ("person_in_two_households", "two_households", H6, person_id(H6, 1), 2),
    ("household_size_mismatch", "fewer_listed", H3, None, 3),
    ("impossible_age", "age_above_120", H6, person_id(H6, 3), 130),
    ("impossible_relation", "child_older_than_head", H6, person_id(H6, 3), 130),
    ("outside_subdistrict", "outside_subdistrict", H4, None, None),
    ("all_indicators_missing", "all_missing", H5, None, None),
}


@pytest.fixture(scope="module")
def quality_builds(pilot_build: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Build a clean pair and the crafted pair of BUILD_EXPECTED (once for the module)."""
    lon, lat = village_point(pilot_build)
    root = tmp_path_factory.mktemp("quality")
    out = {}
    for name in ("clean", "crafted"):
        households = household_rows(lon, lat, INCOME_BOOLEAN)
        persons = persons_with_relations()
        if name == "crafted":
            _repeat_id(persons, person_id(H1, 1), person_id(H1, 2))
            _repeat_id(persons, person_id(H2, 1), person_id(H6, 1))
            households.loc[2, "n_members"] = "4"  # H3 lists 3 persons
            _set(persons, person_id(H6, 3), age="130")
            households.loc[3, ["lat", "lon"]] = ["13.7563", "100.5018"]  # H4 in Bangkok
            _all_missing(households)
        folder = root / f"{name}_files"
        folder.mkdir()
        households.to_csv(folder / "households.csv", index=False)
        persons.to_csv(folder / "persons.csv", index=False)
        out[name] = build(
            out=root / name / "build",
            households_file=folder / "households.csv",
            persons_file=folder / "persons.csv",
        )
    return out


def test_build_flags_exactly_the_crafted_rows(quality_builds):
    con = connect(quality_builds["crafted"])
    try:
        rows = flagged_rows(con, "41", NATIONAL)
        assert as_set(rows) == BUILD_EXPECTED
        totals = area_counts(con, "4101")
        children = child_counts(con, "4101")
        village = child_counts(con, "410101")
    finally:
        con.close()
    assert totals["households"] == 6 and totals["households_flagged"] == 6
    assert [totals[f] for f in FLAGS] == [2, 2, 1, 1, 1, 1, 1, 0]
    assert children["code"].tolist() == ["410101"]
    assert children.iloc[0][list(FLAGS)].tolist() == [2, 2, 1, 1, 1, 1, 1, 0]
    assert village["code"].tolist() == [VILLAGE] and village["households_flagged"].tolist() == [6]
    # Household rows carry the head and the house; person rows the person.
    h4 = rows[rows["flag"] == "outside_subdistrict"].iloc[0]
    assert h4["lat"] == pytest.approx(13.7563) and h4["head_name"] == "นายทดสอบ คนที่10"
    age = rows[rows["flag"] == "impossible_age"].iloc[0]
    assert age["age"] == 130 and age["relation"] == "child"


def test_flagged_rows_masked_for_a_viewer_without_the_right(quality_builds):
    con = connect(quality_builds["crafted"])
    try:
        masked = flagged_rows(con, "4101", ANALYST)
        with pytest.raises(AccessDeniedError):
            flagged_rows(con, "41", CHIEF_4101)  # the province around the chief's district
    finally:
        con.close()
    h4 = masked[masked["flag"] == "outside_subdistrict"].iloc[0]
    assert h4["head_name"] == "นาย ท. ค."  # title and initials of นายทดสอบ คนที่10
    assert h4["lat"] == pytest.approx(13.76)  # 0.01 degree
    age = masked[masked["flag"] == "impossible_age"].iloc[0]
    assert age["age"] == "90+" and "x" in age["national_id"]


def test_clean_build_has_no_flags(quality_builds):
    con = connect(quality_builds["clean"])
    try:
        totals = area_counts(con, None)
        assert flagged_rows(con, None, NATIONAL).empty
    finally:
        con.close()
    assert totals["households"] == 6 and totals["households_flagged"] == 0
    assert all(totals[f] == 0 for f in FLAGS)


def run_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "data_loaders", "check", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_cli_json(quality_builds):
    result = run_check("--build-dir", str(quality_builds["crafted"]), "--area", "41", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["area"]["area_code"] == "41"
    assert report["area"]["households_flagged"] == 6
    assert {f: report["area"][f] for f in FLAGS} == dict(
        zip(FLAGS, [2, 2, 1, 1, 1, 1, 1, 0], strict=True)
    )
    assert [r["code"] for r in report["by_area"]] == ["4101"]
    assert report["rows_total"] == len(report["rows"]) == 9
    # Household and person IDs end in the house number: keyed pseudonyms on the command line.
    expected = {
        (flag, reason, pseudonym(hh), None if pid is None else pseudonym(pid, "person_id"), value)
        for flag, reason, hh, pid, value in BUILD_EXPECTED
    }
    assert as_set(pd.DataFrame(report["rows"])) == expected
    assert report["flags"][-1] == "not_resurveyed" and "not_available" not in report
    # No personal data on the command line: keys, codes, flag, reason and value only.
    assert set(report["rows"][0]) == {
        "flag",
        "reason",
        "household_id",
        "person_id",
        "province_code",
        "district_code",
        "subdistrict_code",
        "village_code",
        "value",
    }
    assert "3410100" not in result.stdout and "นายทดสอบ" not in result.stdout
    assert H1 not in result.stdout  # not even inside another text


def test_check_cli_text_and_errors(quality_builds, tmp_path):
    text = run_check("--build-dir", str(quality_builds["clean"]))
    assert text.returncode == 0, text.stderr
    assert "6 households, 0 with a data-quality flag" in text.stdout
    unknown = run_check("--build-dir", str(quality_builds["clean"]), "--area", "99")
    assert unknown.returncode == 2 and "unknown area code '99'" in unknown.stderr
    missing = run_check("--build-dir", str(tmp_path))
    assert missing.returncode == 2 and "no data store" in missing.stderr


def test_build_without_flags_table_is_reported(quality_builds, tmp_path):
    copy = tmp_path / "old"
    shutil.copytree(quality_builds["clean"], copy)
    with duckdb.connect(str(copy / "tpmap.duckdb")) as con:
        con.execute("DROP TABLE quality_flags")
    con = connect(copy)
    try:
        with pytest.raises(QualityFlagsMissingError, match="rebuild"):
            area_counts(con, "41")
    finally:
        con.close()
    result = run_check("--build-dir", str(copy), "--json")
    assert result.returncode == 2 and "rebuild" in result.stderr


# ---------------------------------------------------------------- the page
PAGE = "app_pages/data_quality.py"


@pytest.fixture()
def page_env(quality_builds, tmp_path, monkeypatch):
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(quality_builds["crafted"]))
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    return tmp_path / "audit.sqlite"


def open_page(at):
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_page_national_counts_and_download(page_env, monkeypatch):
    from access.audit import read_exports
    from apptest_support import app_test

    monkeypatch.setenv("TPMAP_AUTH", "off")  # the local national user
    at = app_test("41")
    at.run()
    at = open_page(at)
    assert [m.value for m in at.metric] == ["6", "6"]
    flags = at.dataframe[0].value
    assert flags.iloc[:, 0].tolist()[0] == "เลขประจำตัวประชาชนซ้ำในครัวเรือนเดียวกัน"
    assert flags.iloc[:, 1].tolist() == [2, 2, 1, 1, 1, 1, 1, 0]
    children = at.dataframe[1].value
    assert children.iloc[:, 0].tolist() == ["อ.เมืองอุดรธานี"]
    assert children.iloc[0, 1:].tolist() == [6, 6, 2, 2, 1, 1, 1, 1, 1, 0]
    # The file is made on request through the one download path: one audit row.
    at.button(key="quality_41_make").click().run()
    assert not at.exception
    log = read_exports(page_env)
    assert log[["what", "area_code", "rows"]].values.tolist() == [["quality", "41", 9]]
    made = at.session_state["_download_quality_41"][1]
    text = made.content.decode("utf-8-sig")
    assert "นายทดสอบ คนที่10" in text  # national: personal data right, names in full
    assert text.count("\n") >= 9


def test_page_governor_sees_own_province(page_env, monkeypatch):
    from signin_support import signed_in_app

    monkeypatch.setenv("TPMAP_AUTH", "on")
    at = open_page(signed_in_app(monkeypatch, "4101", "governor_udon"))
    assert [m.value for m in at.metric] == ["6", "6"]
    assert at.dataframe[1].value.iloc[:, 0].tolist() == ["ต.หมากแข้ง"]


@pytest.mark.parametrize(
    ("username", "area"),
    [("analyst", "41"), ("ops_team", "410101"), ("chief_mueang_udon", "4101")],
)
def test_page_refused_roles_get_a_message_and_no_data(page_env, monkeypatch, username, area):
    from signin_support import signed_in_app

    monkeypatch.setenv("TPMAP_AUTH", "on")
    at = open_page(signed_in_app(monkeypatch, area, username))
    assert any("ผู้ว่าราชการจังหวัดเท่านั้น" in e.value for e in at.error)
    assert not at.metric and not at.dataframe
    assert not any(b.key and b.key.startswith("quality_") for b in at.button)


def test_page_english(page_env, monkeypatch):
    from apptest_support import app_test

    monkeypatch.setenv("TPMAP_AUTH", "off")
    at = app_test("41")
    at.run()
    at = open_page(at)
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.dataframe[0].value.iloc[:, 0].tolist()[5] == (
        "House outside its village's subdistrict"
    )


def test_page_too_many_rows_for_one_file(page_env, monkeypatch):
    import queries.quality
    from apptest_support import app_test

    monkeypatch.setenv("TPMAP_AUTH", "off")
    monkeypatch.setattr(queries.quality, "DOWNLOAD_LIMIT", 8)  # the area has 9 rows
    at = app_test("41")
    at.run()
    at = open_page(at)
    assert any("9 รายการ" in i.value and "8 รายการ" in i.value for i in at.info)
    assert not any(b.key and b.key.startswith("quality_") for b in at.button)
