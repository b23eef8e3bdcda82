"""Tests of data_loaders.schema: every bad input stops with file, row (1-based) and column.

Hand-made files of three households and six persons (DOMAIN.md §2), written
as a user would supply them (CSV with text booleans, or Parquet), read back
through ``read_table`` and validated. National IDs were checked by hand with
the DOPA rule d13 = (11 - Σ_{i=1..12} d_i·(14-i) mod 11) mod 10.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data_loaders.schema import (
    BOOLEAN_INDICATORS,
    DataValidationError,
    national_id_check_digit,
    read_table,
    valid_national_id,
    validate_households,
    validate_persons,
)

VILLAGES = ["41010101", "41010102", "60010102"]

# ---------------------------------------------------------------- national ID check digit
# Weights 13, 12, ..., 2 on d1..d12; the sums below were worked out by hand.
HAND_IDS = {
    # 1 1 0 1 9 0 0 0 0 0 0 0: 13 + 12 + 10 + 81 = 116; 116 mod 11 = 6; (11 - 6) mod 10 = 5
    "110190000000": 5,
    # 3 4 1 0 1 0 0 0 0 0 0 1: 39 + 48 + 11 + 9 + 2 = 109; mod 11 = 10; (11 - 10) mod 10 = 1
    "341010000001": 1,
    # 1 2 3 4 5 6 7 8 9 0 1 2: 13+24+33+40+45+48+49+48+45+0+3+4 = 352 = 32 x 11;
    # mod 11 = 0; (11 - 0) mod 10 = 1 (the "11 -> 1" wrap)
    "123456789012": 1,
    # 1 4 1 0 1 0 0 0 0 1 0 2: 13 + 48 + 11 + 9 + 4 + 4 = 89; mod 11 = 1; (11 - 1) mod 10 = 0
    # (the "10 -> 0" wrap)
    "141010000102": 0,
    # 1 0 ... 0: 13; mod 11 = 2; 11 - 2 = 9
    "100000000000": 9,
    # 3 6 0 0 1 0 1 2 3 4 5 6: 39+72+9+7+12+15+16+15+12 = 197; mod 11 = 10; -> 1
    "360010123456": 1,
    # 1 6 0 0 1 9 9 9 9 9 9 9: 13+72+9+72+63+54+45+36+27+18 = 409; mod 11 = 2; -> 9
    "160019999999": 9,
    # 3 4 1 0 1 0 0 0 0 1 0 2: 39 + 48 + 11 + 9 + 4 + 4 = 115; mod 11 = 5; -> 6
    "341010000102": 6,
}


def digits(text: str) -> list[int]:
    return [int(c) for c in text]


def test_check_digit_against_hand_computed_ids():
    prefixes = list(HAND_IDS)
    got = national_id_check_digit(np.array([digits(p) for p in prefixes]))
    assert got.tolist() == [HAND_IDS[p] for p in prefixes]


def test_valid_national_id_accepts_hand_ids_and_rejects_others():
    good = [p + str(c) for p, c in HAND_IDS.items()]
    wrong_digit = [p + str((c + 1) % 10) for p, c in HAND_IDS.items()]
    malformed = ["141010000101", "14101000010111", "1-4101-00001-01-1", "14101000O1011", None]
    result = valid_national_id(pd.Series(good + wrong_digit + malformed, dtype=object))
    assert result.tolist() == [True] * len(good) + [False] * (len(wrong_digit) + len(malformed))


# ---------------------------------------------------------------- hand-made valid files
def household_frame() -> pd.DataFrame:
    """Three valid households, as pandas types (nullable booleans: NA = not applicable)."""
    frame = pd.DataFrame(
        {
            "household_id": ["410101010001", "410101020001", "600101020001"],
            "province_code": ["41", "41", "60"],
            "district_code": ["4101", "4101", "6001"],
            "subdistrict_code": ["410101", "410101", "600101"],
            "village_code": VILLAGES,
            "lat": [17.4150, 17.4021, 15.7043],
            "lon": [102.7872, 102.7950, 100.1372],
            "n_members": [2, 3, 1],
            "income_per_capita": [45_000.0, 30_000.0, 120_000.0],
            "welfare_card_holders": [1, 0, 1],
            "n_dependents": [0, 1, 0],
            "housing_problem": [False, True, False],
        }
    )
    for code in BOOLEAN_INDICATORS:
        frame[code] = pd.array([False, False, False], dtype="boolean")
    frame["edu_literacy"] = pd.array([True, pd.NA, False], dtype="boolean")
    frame["health_birth_weight"] = pd.array([pd.NA, pd.NA, pd.NA], dtype="boolean")
    frame["income_elderly_job"] = pd.array([pd.NA, True, False], dtype="boolean")
    return frame


def person_frame() -> pd.DataFrame:
    """Six valid persons of the three households, IDs from HAND_IDS."""
    return pd.DataFrame(
        {
            "person_id": ["p1", "p2", "p3", "p4", "p5", "p6"],
            "household_id": [
                "410101010001",
                "410101010001",
                "410101020001",
                "410101020001",
                "410101020001",
                "600101020001",
            ],
            "national_id": [
                "3410100000011",
                "1410100001020",
                "1234567890121",
                "1101900000005",
                "3410100001026",
                "3600101234561",
            ],
            "name": [
                "นายสมชาย ใจดี",
                "นางสมหญิง ใจดี",
                "นายประเสริฐ มีสุข",
                "นางมาลี มีสุข",
                "เด็กชายต้น มีสุข",
                "นางบุญมา แก้วกล้า",
            ],
            "sex": ["M", "F", "M", "F", "M", "F"],
            "age": [58, 55, 66, 64, 9, 71],
            "welfare_card": [True, False, False, False, False, True],
            "disabled": [False, False, True, False, False, False],
            "dependent": [False, False, True, False, False, False],
        }
    )


def text_booleans(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """Write booleans as a person filling a CSV by hand would: true / FALSE / empty."""
    out = frame.copy()
    for col in columns:
        out[col] = out[col].map(lambda v: "" if v is pd.NA else ("true" if v else "FALSE"))
    return out


@pytest.fixture()
def csv_files(tmp_path: Path) -> tuple[Path, Path]:
    hh_path, pe_path = tmp_path / "households.csv", tmp_path / "persons.csv"
    text_booleans(household_frame(), [*BOOLEAN_INDICATORS, "housing_problem"]).to_csv(
        hh_path, index=False
    )
    text_booleans(person_frame(), ["welfare_card", "disabled", "dependent"]).to_csv(
        pe_path, index=False
    )
    return hh_path, pe_path


def edited_csv(path: Path, row: int, column: str, value: str, out: Path) -> Path:
    """Copy a CSV, setting 1-based data row ``row`` of ``column`` to the text ``value``."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row - 1, column] = value
    frame.to_csv(out, index=False)
    return out


def assert_names(exc: pytest.ExceptionInfo, file: Path, row: int, column: str) -> str:
    """Assert the message names file, 1-based row and column; return the message."""
    message = str(exc.value)
    assert message.startswith(f"{file}: "), message
    assert re.search(rf"\brow {row}\b", message), message
    assert f"'{column}'" in message, message
    return message


# ---------------------------------------------------------------- valid files round-trip
def test_valid_csv_round_trip_with_text_booleans(csv_files):
    hh_path, pe_path = csv_files
    raw = pd.read_csv(hh_path, dtype=str, keep_default_na=False)
    assert raw.loc[0, "edu_literacy"] == "true" and raw.loc[2, "edu_literacy"] == "FALSE"
    assert raw.loc[1, "edu_literacy"] == ""  # empty = not applicable

    households = validate_households(read_table(hh_path), str(hh_path), village_codes=VILLAGES)
    persons = validate_persons(
        read_table(pe_path), str(pe_path), household_ids=households["household_id"]
    )

    assert households["edu_literacy"].tolist()[0] is True
    assert households["edu_literacy"].isna().tolist() == [False, True, False]
    assert households["edu_literacy"].tolist()[2] is False
    assert households["income_elderly_job"].isna().tolist() == [True, False, False]
    assert households["health_birth_weight"].isna().all()
    assert households["housing_problem"].tolist() == [False, True, False]
    assert households["n_members"].tolist() == [2, 3, 1]
    assert households["lat"].tolist() == [17.4150, 17.4021, 15.7043]
    assert households["income_per_capita"].tolist() == [45_000.0, 30_000.0, 120_000.0]
    assert households["village_code"].tolist() == VILLAGES
    assert persons["national_id"].tolist() == person_frame()["national_id"].tolist()
    assert persons["welfare_card"].tolist() == [True, False, False, False, False, True]
    assert persons["age"].tolist() == [58, 55, 66, 64, 9, 71]


def test_valid_parquet_round_trip_equals_csv(tmp_path, csv_files):
    hh_path, pe_path = csv_files
    hh_pq, pe_pq = tmp_path / "households.parquet", tmp_path / "persons.parquet"
    household_frame().to_parquet(hh_pq, index=False)
    person_frame().to_parquet(pe_pq, index=False)

    from_parquet = validate_households(read_table(hh_pq), "h", village_codes=VILLAGES)
    from_csv = validate_households(read_table(hh_path), "h", village_codes=VILLAGES)
    pd.testing.assert_frame_equal(from_parquet, from_csv, check_dtype=False)
    for code in BOOLEAN_INDICATORS:
        assert from_parquet[code].isna().tolist() == household_frame()[code].isna().tolist()

    ids = from_csv["household_id"]
    persons_pq = validate_persons(read_table(pe_pq), "p", household_ids=ids)
    persons_csv = validate_persons(read_table(pe_path), "p", household_ids=ids)
    pd.testing.assert_frame_equal(persons_pq, persons_csv, check_dtype=False)


def test_read_table_missing_and_wrong_kind(tmp_path):
    with pytest.raises(DataValidationError, match="file not found"):
        read_table(tmp_path / "nope.csv")
    other = tmp_path / "households.xlsx"
    other.write_text("x")
    with pytest.raises(DataValidationError, match=r"expected a \.parquet or \.csv file"):
        read_table(other)


def test_missing_column_is_named(tmp_path, csv_files):
    hh_path, _ = csv_files
    frame = read_table(hh_path).drop(columns="lat")
    with pytest.raises(DataValidationError, match=r"missing column\(s\) \['lat'\]"):
        validate_households(frame, str(hh_path))


# ---------------------------------------------------------------- households rejected
BAD_HOUSEHOLD_CELLS = [
    # (1-based row, column, text written in the CSV, words the message must contain)
    pytest.param(2, "lat", "abc", ["'abc'", "float"], id="text-in-lat"),
    pytest.param(3, "n_members", "three", ["'three'", "int"], id="text-in-n_members"),
    pytest.param(1, "n_members", "2.5", ["'2.5'", "int"], id="fraction-in-n_members"),
    pytest.param(3, "n_members", "0", ["0", "in_range(1, 60)"], id="n_members-0"),
    pytest.param(2, "income_per_capita", "-5", ["-5", "in_range(0"], id="negative-income"),
    pytest.param(3, "lat", "40.1", ["40.1", "in_range(5.0, 21.0)"], id="lat-outside-thailand"),
    pytest.param(1, "lon", "120.5", ["120.5", "in_range(97.0, 106.0)"], id="lon-outside-thailand"),
    pytest.param(2, "edu_literacy", "maybe", ["'maybe'", "not true/false"], id="indicator-maybe"),
    pytest.param(3, "housing_problem", "sometimes", ["'sometimes'"], id="housing-sometimes"),
    pytest.param(2, "village_code", "4101010X", ["'4101010X'"], id="malformed-village-code"),
]


@pytest.mark.parametrize(("row", "column", "value", "words"), BAD_HOUSEHOLD_CELLS)
def test_bad_household_cell_names_file_row_column(tmp_path, csv_files, row, column, value, words):
    bad = edited_csv(csv_files[0], row, column, value, tmp_path / "bad_households.csv")
    with pytest.raises(DataValidationError) as exc:
        validate_households(read_table(bad), str(bad), village_codes=VILLAGES)
    message = assert_names(exc, bad, row, column)
    for word in words:
        assert word in message, message
    assert "np." not in message, f"numpy repr leaks into the message: {message}"


def test_unknown_village_code(tmp_path, csv_files):
    # Well-formed and nested (4101 01 -> 410101 -> 41010199) but not a known village.
    bad = edited_csv(csv_files[0], 2, "village_code", "41010199", tmp_path / "h.csv")
    with pytest.raises(DataValidationError) as exc:
        validate_households(read_table(bad), str(bad), village_codes=VILLAGES)
    message = assert_names(exc, bad, 2, "village_code")
    assert "unknown area code '41010199'" in message
    # Without a village list the same file passes (only nesting and format are checked).
    assert len(validate_households(read_table(bad), str(bad))) == 3


@pytest.mark.parametrize(
    ("row", "column", "value", "parent", "parent_value"),
    [
        (1, "district_code", "6001", "province_code", "41"),
        (3, "subdistrict_code", "410101", "district_code", "6001"),
        (2, "village_code", "41010201", "subdistrict_code", "410101"),
    ],
    ids=[
        "district-outside-province",
        "subdistrict-outside-district",
        "village-outside-subdistrict",
    ],
)
def test_code_not_nested(tmp_path, csv_files, row, column, value, parent, parent_value):
    bad = edited_csv(csv_files[0], row, column, value, tmp_path / "h.csv")
    with pytest.raises(DataValidationError) as exc:
        validate_households(read_table(bad), str(bad))
    message = assert_names(exc, bad, row, column)
    assert f"'{value}' is not inside {parent} '{parent_value}'" in message


def test_duplicate_household_id_names_the_repeated_row(tmp_path, csv_files):
    # Row 3 repeats the id of row 1: the message points at row 3, where the repeat is.
    bad = edited_csv(csv_files[0], 3, "household_id", "410101010001", tmp_path / "h.csv")
    with pytest.raises(DataValidationError) as exc:
        validate_households(read_table(bad), str(bad))
    message = assert_names(exc, bad, 3, "household_id")
    assert "'410101010001'" in message and "uniqueness" in message


def test_welfare_card_holders_above_members(tmp_path, csv_files):
    bad = edited_csv(csv_files[0], 2, "welfare_card_holders", "4", tmp_path / "h.csv")  # 3 members
    with pytest.raises(DataValidationError) as exc:
        validate_households(read_table(bad), str(bad))
    message = assert_names(exc, bad, 2, "welfare_card_holders")
    assert "'n_members'" in message and "welfare_card_holders <= n_members" in message


def test_first_problem_in_file_order_among_several(tmp_path, csv_files):
    bad = edited_csv(csv_files[0], 3, "n_members", "0", tmp_path / "h.csv")
    bad = edited_csv(bad, 2, "n_members", "-1", bad)
    with pytest.raises(DataValidationError) as exc:
        validate_households(read_table(bad), str(bad))
    assert_names(exc, bad, 2, "n_members")


# ---------------------------------------------------------------- persons rejected
BAD_PERSON_CELLS = [
    pytest.param(5, "age", "nine", ["'nine'", "int"], id="text-in-age"),
    pytest.param(2, "age", "3.5", ["'3.5'", "int"], id="fraction-in-age"),
    pytest.param(3, "sex", "X", ["'X'"], id="sex-X"),
    # 1234567890121 is valid (hand sum 352); last digit 2 is wrong.
    pytest.param(
        3, "national_id", "1234567890122", ["'1234567890122'", "check digit"], id="bad-check-digit"
    ),
    pytest.param(
        6, "national_id", "360010123456", ["'360010123456'", "13 digits"], id="twelve-digit-id"
    ),
    pytest.param(1, "welfare_card", "maybe", ["'maybe'", "not true/false"], id="card-maybe"),
    pytest.param(2, "name", " ", ["name"], id="blank-name"),
]


@pytest.mark.parametrize(("row", "column", "value", "words"), BAD_PERSON_CELLS)
def test_bad_person_cell_names_file_row_column(tmp_path, csv_files, row, column, value, words):
    bad = edited_csv(csv_files[1], row, column, value, tmp_path / "bad_persons.csv")
    with pytest.raises(DataValidationError) as exc:
        validate_persons(read_table(bad), str(bad))
    message = assert_names(exc, bad, row, column)
    for word in words:
        assert word in message, message
    assert "np." not in message, f"numpy repr leaks into the message: {message}"


def test_duplicate_person_id_names_the_repeated_row(tmp_path, csv_files):
    bad = edited_csv(csv_files[1], 5, "person_id", "p2", tmp_path / "p.csv")  # that of row 2
    with pytest.raises(DataValidationError) as exc:
        validate_persons(read_table(bad), str(bad))
    message = assert_names(exc, bad, 5, "person_id")
    assert "'p2'" in message and "uniqueness" in message


@pytest.mark.parametrize(
    ("column", "value"),
    [("national_id", "1410100001020"), ("age", "130"), ("age", "-1")],
    ids=["repeated-national-id", "age-130", "age-negative"],
)
def test_quality_problems_are_loaded_not_refused(tmp_path, csv_files, column, value):
    # A repeated national ID (that of row 2) or an impossible age is a data-quality
    # flag of the loaded build (tests/test_quality.py), not a refused export.
    bad = edited_csv(csv_files[1], 5, column, value, tmp_path / "p.csv")
    persons = validate_persons(read_table(bad), str(bad))
    assert str(persons[column].iloc[4]) == value


def test_person_whose_household_does_not_exist(tmp_path, csv_files):
    bad = edited_csv(csv_files[1], 4, "household_id", "410101019999", tmp_path / "p.csv")
    households = validate_households(read_table(csv_files[0]), "h")
    with pytest.raises(DataValidationError) as exc:
        validate_persons(read_table(bad), str(bad), household_ids=households["household_id"])
    message = assert_names(exc, bad, 4, "household_id")
    assert "no household '410101019999'" in message


def test_parquet_wrong_type_names_file_row_column(tmp_path):
    frame = household_frame()
    frame["lat"] = frame["lat"].astype(str)  # a text column in the Parquet file
    frame.loc[1, "lat"] = "north"
    path = tmp_path / "households.parquet"
    frame.to_parquet(path, index=False)
    with pytest.raises(DataValidationError) as exc:
        validate_households(read_table(path), str(path))
    assert "'north'" in assert_names(exc, path, 2, "lat")
