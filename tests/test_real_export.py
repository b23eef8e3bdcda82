"""A real export loads right: income as a boolean deprivation or in baht (issue 15).

The files are written here in DOMAIN.md §2's format (one boolean column per
indicator code, ``True`` = deprived, empty = not applicable; households and
persons as a BMN export gives them), not with the synthetic build's columns.
Six households of village 41010101 (Mak Khaeng, Mueang Udon Thani), 15 persons.

Hand computation (weights: health, living, education 1/20 each indicator;
income 1/15; access 1/10; in 60ths: 3, 3, 3, 4, 6):

| hh | members | card holders | deprived in | score |
|---|---|---|---|---|
| H1 | 4 | 1 | income_per_capita | 4/60 |
| H2 | 2 | 1 | – | 0 |
| H3 | 3 | 0 | edu_literacy, income_per_capita | 7/60 |
| H4 | 1 | 0 | access_elderly_care, access_disabled_care, income_per_capita, |  |
|    |   |   | income_elderly_job, living_secure_housing | 23/60 |
| H5 | 2 | 0 | – (income not given) | 0 |
| H6 | 3 | 2 | health_exercise | 3/60 |

Union rule (k = 1/20): poor H1, H3, H4, H6 = 4 households, 11 of 15 persons;
H = 11/15; A = (4·4 + 3·7 + 1·23 + 3·3) / 60 / 11 = 69/660; M0 = 69/900.
Target poor (card holders in poor households): 1 + 2 = 3 persons.
k = 1/3: only H4 (23/60 ≥ 20/60): H = 1/15, A = 23/60, M0 = 23/900.
Target groups: H1 1.1, H2 3.1, H3 1.2, H4 1.2, H5 none, H6 1.1.
Incomes of the baht file: 20,000 / 38,000 (exactly the line: not deprived) /
12,000 / 30,000 / empty / 150,000 baht/person/year.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from data_loaders.build import build
from data_loaders.schema import (
    BOOLEAN_INDICATORS,
    DataValidationError,
    income_form,
    read_table,
    validate_households,
)
from queries.figures import area_summary, connect

VILLAGE = "41010101"
HOUSEHOLD_IDS = [f"4101010100{i:02d}" for i in range(1, 7)]
MEMBERS = [4, 2, 3, 1, 2, 3]
CARDS = [1, 1, 0, 0, 0, 2]
DEPRIVED = {
    0: ["income_per_capita"],
    2: ["edu_literacy", "income_per_capita"],
    3: [
        "access_elderly_care",
        "access_disabled_care",
        "income_per_capita",
        "income_elderly_job",
        "living_secure_housing",
    ],
    5: ["health_exercise"],
}
BAHT = ["20000", "38000", "12000", "30000", "", "150000"]
INCOME_BOOLEAN = ["true", "false", "true", "true", "", "false"]
TARGET_GROUPS = ["1.1", "3.1", "1.2", "1.2", "", "1.1"]


def village_point(pilot_build: Path) -> tuple[float, float]:
    """Return (lon, lat) of the village point of 41010101 (inside subdistrict 410101)."""
    villages = gpd.read_parquet(pilot_build / "villages.parquet")
    point = villages.loc[villages["village_code"] == VILLAGE, "geometry"].iloc[0]
    return point.x, point.y


def household_rows(lon: float, lat: float, income: list[str]) -> pd.DataFrame:
    """The six households as text, the way a BMN export written to CSV reads."""
    frame = pd.DataFrame(
        {
            "household_id": HOUSEHOLD_IDS,
            "province_code": "41",
            "district_code": "4101",
            "subdistrict_code": "410101",
            "village_code": VILLAGE,
            "lat": [f"{lat + 0.0001 * i:.6f}" for i in range(6)],
            "lon": [f"{lon:.6f}"] * 6,
            "n_members": [str(m) for m in MEMBERS],
            "welfare_card_holders": [str(c) for c in CARDS],
            "n_dependents": "0",
            "housing_problem": "false",
        }
    )
    for code in BOOLEAN_INDICATORS:
        frame[code] = "false"
    frame["health_birth_weight"] = ""  # no newborn anywhere: not applicable
    frame["edu_preschool"] = ["", "", "false", "", "", "false"]
    frame["income_per_capita"] = income
    for row, codes in DEPRIVED.items():
        for code in codes:
            if code != "income_per_capita":
                frame.loc[row, code] = "true"
    return frame


def person_rows() -> pd.DataFrame:
    """Fifteen persons: n_members of each household, card holders as above."""
    rows = []
    serial = 0
    for hh, members, cards in zip(HOUSEHOLD_IDS, MEMBERS, CARDS, strict=True):
        for j in range(members):
            serial += 1
            first12 = f"3410100{serial:05d}"
            digits = np.array([[int(c) for c in first12]])
            check = int((11 - (digits * np.arange(13, 1, -1)).sum() % 11) % 10)
            rows.append(
                {
                    "person_id": f"{hh}{j + 1:02d}",
                    "household_id": hh,
                    "national_id": first12 + str(check),
                    "name": f"นายทดสอบ คนที่{serial}",
                    "sex": "M" if j % 2 == 0 else "F",
                    "age": str(60 - 10 * j),
                    "welfare_card": "true" if j < cards else "false",
                    "disabled": "false",
                    "dependent": "false",
                }
            )
    return pd.DataFrame(rows)


def write_pair(folder: Path, income: list[str], lon: float, lat: float) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    hh, pe = folder / "households.csv", folder / "persons.csv"
    household_rows(lon, lat, income).to_csv(hh, index=False)
    person_rows().to_csv(pe, index=False)
    return hh, pe


@pytest.fixture(scope="module")
def real_builds(pilot_build: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the boolean-income pair and the baht pair (once for the module)."""
    lon, lat = village_point(pilot_build)
    root = tmp_path_factory.mktemp("real")
    out = {}
    for form, income in (("deprivation", INCOME_BOOLEAN), ("baht", BAHT)):
        hh, pe = write_pair(root / f"{form}_files", income, lon, lat)
        out[form] = build(out=root / form / "build", households_file=hh, persons_file=pe)
    return out


def households_of(folder: Path) -> pd.DataFrame:
    return pd.read_parquet(folder / "households.parquet").set_index("household_id")


def test_boolean_income_is_a_deprivation_not_baht(real_builds):
    boolean = households_of(real_builds["deprivation"])
    assert boolean["income_per_capita"].isna().all()  # the amount is not known
    below = [None if pd.isna(v) else bool(v) for v in boolean["income_below_line"]]
    assert below == [True, False, True, True, None, False]
    # Before issue 15 "true"/"false" became 1/0 baht and every household failed income.
    assert int((boolean["target_group"] == "").sum()) == 1


@pytest.mark.parametrize("form", ["deprivation", "baht"])
def test_measures_match_the_hand_computation(real_builds, form):
    con = connect(real_builds[form])
    try:
        for code in ("41", "4101", "410101", VILLAGE):
            union = area_summary(con, code)
            assert union["households"] == 6 and union["persons"] == 15
            assert union["poor_households"] == 4 and union["poor_persons"] == 11
            assert union["target_poor_persons"] == 3
            assert union["headcount_ratio"] == pytest.approx(11 / 15)
            assert union["intensity"] == pytest.approx(69 / 660)
            assert union["adjusted_headcount_ratio"] == pytest.approx(69 / 900)
            third = area_summary(con, code, k=1 / 3)
            assert third["poor_persons"] == 1
            assert third["headcount_ratio"] == pytest.approx(1 / 15)
            assert third["intensity"] == pytest.approx(23 / 60)
            assert third["adjusted_headcount_ratio"] == pytest.approx(23 / 900)
    finally:
        con.close()
    households = households_of(real_builds[form])
    assert households.loc[HOUSEHOLD_IDS, "target_group"].tolist() == TARGET_GROUPS
    assert (households.loc[HOUSEHOLD_IDS, "deprivation_score"] * 60).round(6).tolist() == [
        4,
        0,
        7,
        23,
        0,
        3,
    ]


def test_boolean_and_baht_builds_agree(real_builds):
    a, b = (households_of(real_builds[f]) for f in ("deprivation", "baht"))
    for column in ("mask", "deprivation_score", "dimensions_failed", "target_group"):
        assert a[column].tolist() == b[column].tolist(), column
    # Vulnerability needs the amount: equal where income is deprived (below both lines).
    deprived = a["income_below_line"].fillna(False).astype(bool)
    assert a.loc[deprived, "vulnerability_level"].tolist() == (
        b.loc[deprived, "vulnerability_level"].tolist()
    )
    con_a, con_b = connect(real_builds["deprivation"]), connect(real_builds["baht"])
    try:
        for k in (None, 1 / 3):
            assert area_summary(con_a, "4101", k=k) == area_summary(con_b, "4101", k=k)
    finally:
        con_a.close()
        con_b.close()


def test_meta_records_the_income_form(real_builds):
    con = connect(real_builds["deprivation"])
    try:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    finally:
        con.close()
    assert meta["synthetic"] == "false" and meta["income_form"] == "deprivation"


# ---------------------------------------------------------------- told apart by type
@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (pd.array([True, False, None], dtype="boolean"), "deprivation"),
        (np.array([True, False]), "deprivation"),
        (pd.Series([True, None], dtype=object), "deprivation"),
        (pd.Series(["TRUE", "false", None]), "deprivation"),
        (pd.Series(["Yes", "no"]), "deprivation"),
        (np.array([45_000.0, 12_000.5, np.nan]), "baht"),
        (np.array([0, 1, 2]), "baht"),
        (pd.Series(["45000", "0", ""]), "baht"),
    ],
    ids=[
        "nullable-boolean",
        "numpy-bool",
        "object-bool",
        "csv-true-false",
        "csv-yes-no",
        "float-baht",
        "int-baht",
        "csv-baht",
    ],
)
def test_income_form_by_type(values, expected):
    assert income_form(pd.Series(values), "f.csv") == expected


@pytest.mark.parametrize(
    "values",
    [np.array([0, 1, 1]), np.array([1.0, 0.0, np.nan]), pd.Series(["1", "0", ""])],
    ids=["int", "float", "csv"],
)
def test_income_of_only_zero_and_one_is_refused(values):
    with pytest.raises(DataValidationError) as exc:
        income_form(pd.Series(values), "f.csv")
    message = str(exc.value)
    assert message.startswith("f.csv: all rows, column 'income_per_capita'"), message
    assert "true/false" in message and "baht" in message


def assert_names(exc: pytest.ExceptionInfo, file: Path, row: int, column: str) -> str:
    message = str(exc.value)
    assert message.startswith(f"{file}: "), message
    assert re.search(rf"\brow {row}\b", message), message
    assert f"'{column}'" in message, message
    return message


WRONG_TYPES = [
    # (income column of the file, 1-based row, column, text written, words in the message)
    pytest.param(INCOME_BOOLEAN, 2, "edu_literacy", "ไม่ทราบ", "not true/false", id="text-in-bool"),
    pytest.param(INCOME_BOOLEAN, 5, "health_exercise", "2", "not true/false", id="two-in-bool"),
    pytest.param(
        INCOME_BOOLEAN, 3, "income_per_capita", "2", "not true/false", id="two-in-bool-income"
    ),
    pytest.param(
        INCOME_BOOLEAN, 6, "income_per_capita", "45000", "not true/false", id="baht-in-bool-income"
    ),
    pytest.param(BAHT, 4, "income_per_capita", "-5000", "in_range(0", id="negative-income"),
    pytest.param(BAHT, 1, "income_per_capita", "สองหมื่น", "float", id="text-in-baht-income"),
]


@pytest.mark.parametrize(("income", "row", "column", "value", "words"), WRONG_TYPES)
def test_wrong_type_names_file_row_column(tmp_path, income, row, column, value, words):
    frame = household_rows(102.79, 17.41, income)
    frame.loc[row - 1, column] = value
    path = tmp_path / "households.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(DataValidationError) as exc:
        validate_households(read_table(path), str(path), village_codes=[VILLAGE])
    message = assert_names(exc, path, row, column)
    assert words in message, message
    assert "np." not in message, message


def test_parquet_income_forms(tmp_path):
    frame = household_rows(102.79, 17.41, INCOME_BOOLEAN)
    for code in [*BOOLEAN_INDICATORS, "housing_problem"]:
        frame[code] = frame[code].map({"true": True, "false": False, "": None}).astype("boolean")
    for column in ("lat", "lon"):
        frame[column] = frame[column].astype(float)
    for column in ("n_members", "welfare_card_holders", "n_dependents"):
        frame[column] = frame[column].astype(int)
    as_bool = frame.assign(
        income_per_capita=pd.array([True, False, True, True, None, False], dtype="boolean")
    )
    as_baht = frame.assign(income_per_capita=[20_000.0, 38_000.0, 12_000.0, 30_000.0, None, 1.5e5])
    as_int = frame.assign(income_per_capita=[1, 0, 1, 1, 0, 0])
    results = {}
    for name, table in (("bool", as_bool), ("baht", as_baht), ("int", as_int)):
        path = tmp_path / f"{name}.parquet"
        table.to_parquet(path, index=False)
        try:
            results[name] = validate_households(read_table(path), str(path))
        except DataValidationError as exc:
            results[name] = str(exc)
    assert results["bool"].attrs["income_form"] == "deprivation"
    assert results["baht"].attrs["income_form"] == "baht"
    expected = pd.Series([True, False, True, True, None, False], dtype="boolean")
    for name in ("bool", "baht"):
        got = results[name]["income_below_line"].astype("boolean").reset_index(drop=True)
        pd.testing.assert_series_equal(got, expected, check_names=False)
    assert "holds only 0 and 1" in results["int"]


def test_wrong_type_leaves_the_previous_build(pilot_build, tmp_path):
    previous = tmp_path / "build"
    shutil.copytree(pilot_build, previous)
    before = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in previous.iterdir()}
    lon, lat = village_point(pilot_build)
    hh, pe = write_pair(tmp_path / "files", INCOME_BOOLEAN, lon, lat)
    frame = pd.read_csv(hh, dtype=str, keep_default_na=False)
    frame.loc[3, "income_per_capita"] = "2"  # data row 4
    frame.to_csv(hh, index=False)
    with pytest.raises(DataValidationError) as exc:
        build(out=previous, households_file=hh, persons_file=pe)
    assert str(exc.value).startswith(f"{hh}: row 4, column 'income_per_capita'"), exc.value
    after = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in previous.iterdir()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "files"]


def test_household_page_of_a_boolean_income_build(real_builds, tmp_path, monkeypatch):
    from apptest_support import app_test

    monkeypatch.setenv("TPMAP_BUILD_DIR", str(real_builds["deprivation"]))
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    monkeypatch.setenv("TPMAP_AUTH", "off")
    at = app_test(VILLAGE)
    at.run()
    at.switch_page("app_pages/households.py").run()
    at.checkbox(key="hs_failing_mpi").check()
    at.button(key="hs_submit").click().run()
    assert not at.exception
    assert int(at.metric[0].value) == 4  # H1, H3, H4, H6
    at.session_state["hs_table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert shown["รายได้เฉลี่ย (บาท/คน/ปี)"] == "—"  # the amount is not in the file
    # H4 ranks first (3 dimensions failed: living, income, access; 5 indicators), income listed.
    indicators = at.dataframe[1].value
    assert len(indicators) == 5
    assert "รายได้เฉลี่ย" in " ".join(indicators.astype(str).agg(" ".join, axis=1))


PAGES = (
    "overview",
    "urgent",
    "potential",
    "progress",
    "logbook",
    "households",
    "reports",
    "data_quality",
    "scenarios",
)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_a_real_build(real_builds, tmp_path, monkeypatch, page):
    from apptest_support import app_test

    monkeypatch.setenv("TPMAP_BUILD_DIR", str(real_builds["deprivation"]))
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    monkeypatch.setenv("TPMAP_LOGBOOK_URL", f"sqlite:///{tmp_path / 'logbook.sqlite'}")
    monkeypatch.setenv("TPMAP_AUTH", "off")
    at = app_test("4101")
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    # Real households: no synthetic-household banner (area-potential data may still be).
    assert not any("ข้อมูลครัวเรือนนี้เป็น **ข้อมูลสังเคราะห์**" in i.value for i in at.info)
    assert any("อ.เมืองอุดรธานี" in m.value for m in at.markdown)  # the area path


def test_group_3_2_counts_a_boolean_income_as_mpi_data(tmp_path):
    from data_loaders.build import derive_household_columns

    frame = household_rows(102.79, 17.41, INCOME_BOOLEAN)
    for row in (1, 5):  # H2 (1 card holder) and H6 (2): every boolean indicator empty
        frame.loc[row, list(BOOLEAN_INDICATORS)] = ""
    frame.loc[1, "income_per_capita"] = ""  # H2: nothing at all
    frame.loc[5, "income_per_capita"] = "false"  # H6: income given, not deprived
    path = tmp_path / "households.csv"
    frame.to_csv(path, index=False)
    derived = derive_household_columns(validate_households(read_table(path), str(path)))
    # H2 has no MPI data and a card: 3.2; H6 has the income indicator: a holder not poor, 3.1.
    assert derived["target_group"].tolist() == ["1.1", "3.2", "1.2", "1.2", "", "3.1"]
