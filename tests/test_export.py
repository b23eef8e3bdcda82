"""Export files read back with the csv module and openpyxl; rights, scope and the audit log.

Row counts are checked against pandas on the build's Parquet files; Thai
text, the byte-order mark, masking by role and the XLSX first sheet are
read from the files as a user would get them.
"""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pytest

from access import audit
from access.personal import pseudonym_key
from access.roles import AccessDeniedError, User
from exports import households as export_module
from exports.households import ExportError, export_for_user, export_households
from exports.xlsx import write_table_workbook
from queries.search import SearchSpec, count_households

MASKED_ID = re.compile(r"^\d-\d{4}-xxxxx-xx-\d$")
MASKED_NAME = re.compile(r"^\S+ (\S\. ?)+$")
ANALYST = User("analyst", "Analyst", "analyst", None)
CHIEF = User("chief_mueang_udon", "Chief", "district_chief", "4101")
OPS = User("ops_team", "Ops", "ops_team", "410101")


@pytest.fixture()
def audit_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "audit.sqlite"
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(path))
    return path


@pytest.fixture(scope="module")
def households(pilot_build: Path) -> pd.DataFrame:
    return pd.read_parquet(pilot_build / "households.parquet")


@pytest.fixture(scope="module")
def persons(pilot_build: Path) -> pd.DataFrame:
    return pd.read_parquet(pilot_build / "persons.parquet")


def read_csv(path: Path) -> list[list[str]]:
    """Rows of an export CSV, without its header comment (lines starting with "#")."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(line for line in handle if not line.startswith("#")))


def test_csv_household_export_masked_for_analyst(pilot_con, tmp_path, audit_db, households):
    spec = SearchSpec(area_code="4101", min_dimensions=3)
    path = tmp_path / "list.csv"
    result = export_for_user(pilot_con, ANALYST, spec, "household", "csv", path, source="app")
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"  # BOM: Excel reads UTF-8 Thai
    rows = read_csv(path)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["รหัสครัวเรือน", "หัวหน้าครัวเรือน", "เลขประจำตัวประชาชนหัวหน้าครัวเรือน"]
    shown = count_households(pilot_con, spec)
    assert len(body) == result.rows == shown
    ids = {r[0] for r in body}
    want = households[households["district_code"] == "4101"]
    # Household IDs end in the house number: the analyst gets keyed pseudonyms instead.
    key = pseudonym_key()
    pseudonyms = {
        "H" + hashlib.sha256((key + i).encode()).hexdigest()[:12] for i in want["household_id"]
    }
    assert ids <= pseudonyms and not ids & set(want["household_id"])
    assert all(r[3] == "" for r in body)  # no house number
    assert all(MASKED_ID.match(r[2]) for r in body)
    assert all(MASKED_NAME.match(r[1]) for r in body), body[0][1]
    assert all(r[7] == "อุดรธานี" for r in body)  # Thai province name intact
    log = audit.read_exports(audit_db)
    assert len(log) == 1
    entry = log.iloc[0]
    assert (entry["username"], entry["role"], entry["area_code"]) == ("analyst", "analyst", "4101")
    assert (entry["level"], entry["format"], entry["rows"]) == ("household", "csv", shown)
    assert not entry["personal_data"] and entry["source"] == "app"
    assert '"min_dimensions": 3' in entry["filters"]


def test_xlsx_person_export_with_personal_data(pilot_con, tmp_path, audit_db, households, persons):
    spec = SearchSpec(area_code="410101", failing_mpi=True, welfare_card="with")
    path = tmp_path / "persons.xlsx"
    result = export_for_user(pilot_con, CHIEF, spec, "person", "xlsx", path, source="cli")
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["เงื่อนไข (Filters)", "สมาชิก (Persons)"]
    info = dict(book.worksheets[0].iter_rows(values_only=True))
    assert info["พื้นที่ (Area)"].startswith("410101 หมากแข้ง")
    assert info["ข้อมูลสังเคราะห์ (Synthetic data)"].startswith("ใช่")
    assert "บัตร" in info["บัตรสวัสดิการแห่งรัฐ (Welfare card)"]
    assert "ตก MPI" in info["กลุ่ม (Sets)"]
    assert "SYNTHETIC" in info["แหล่งข้อมูล (Data source)"]
    assert info["วันที่ส่งออก (Exported at)"][:2].strip().isdigit()
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:4] == ("รหัสครัวเรือน", "รหัสบุคคล", "ชื่อ-สกุล", "เลขประจำตัวประชาชน")
    hh = households[households["subdistrict_code"] == "410101"]
    deprived = hh[
        [c for c in hh.columns if c.startswith(("health_", "living_", "edu_", "access_"))]
    ]
    poor = deprived.fillna(False).astype(bool).any(axis=1) | (hh["income_per_capita"] < 38_000)
    ids = hh.loc[poor & (hh["welfare_card_holders"] > 0), "household_id"]
    want = persons[persons["household_id"].isin(ids)]
    assert len(body) == result.rows == len(want)
    exported = dict(zip((r[1] for r in body), (r[3] for r in body), strict=True))
    assert exported == dict(zip(want["person_id"], want["national_id"], strict=True))
    names = dict(zip((r[1] for r in body), (r[2] for r in body), strict=True))
    assert names == dict(zip(want["person_id"], want["name"], strict=True))  # Thai names intact
    assert isinstance(body[0][5], int) and isinstance(body[0][6], bool)  # age, welfare card
    assert audit.read_exports(audit_db).iloc[0]["personal_data"]


def test_xlsx_household_export_masks_ids_for_analyst(pilot_con, tmp_path, audit_db):
    spec = SearchSpec(area_code="19", min_dimensions=4)
    path = tmp_path / "hh.xlsx"
    result = export_for_user(pilot_con, ANALYST, spec, "household", "xlsx", path, source="app")
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[1]
    body = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(body) == result.rows == count_households(pilot_con, spec) > 0
    assert all(MASKED_ID.match(r[2]) for r in body)
    assert all(MASKED_NAME.match(r[1]) for r in body)


def test_district_chief_cannot_export_another_district(pilot_con, tmp_path, audit_db):
    path = tmp_path / "other.csv"
    for area in ("4102", "41", None, "60"):
        with pytest.raises(AccessDeniedError):
            export_for_user(
                pilot_con, CHIEF, SearchSpec(area_code=area), "household", "csv", path, source="app"
            )
    with pytest.raises(AccessDeniedError, match="export"):
        export_for_user(
            pilot_con, OPS, SearchSpec(area_code="410101"), "household", "csv", path, source="app"
        )
    assert not path.exists()
    assert audit.read_exports(audit_db).empty


def test_empty_and_too_long_exports_are_refused(pilot_con, tmp_path, monkeypatch):
    path = tmp_path / "x.xlsx"
    empty = SearchSpec(area_code="410101", min_dimensions=5, welfare_card="without")
    if count_households(pilot_con, empty) == 0:
        with pytest.raises(ExportError) as info:
            export_households(pilot_con, empty, "household", "csv", path, personal_data=False)
        assert info.value.key == "empty"
    monkeypatch.setattr(export_module, "XLSX_MAX_ROWS", 10)
    with pytest.raises(ExportError) as info:
        export_households(
            pilot_con, SearchSpec(area_code="410101"), "household", "xlsx", path, personal_data=True
        )
    assert info.value.key == "xlsx_too_long" and "CSV" in str(info.value)
    assert not path.exists() and not list(tmp_path.glob("*.partial"))
    with pytest.raises(ExportError):
        export_households(
            pilot_con, SearchSpec(area_code="41"), "village", "csv", path, personal_data=True
        )


def test_xlsx_writer_escapes_text_and_keeps_types(tmp_path):
    batch = pa.record_batch(
        {
            "text": pa.array(["a & b <c>", 'หมู่ 3 "บ้าน"', None]),
            "int": pa.array([1, None, 3]),
            "float": pa.array([0.25, float("nan"), 1e-7]),
            "bool": pa.array([True, False, None]),
        }
    )
    path = tmp_path / "t.xlsx"
    n = write_table_workbook(
        path,
        "info",
        [("key", "ค่า & <value>")],
        "data",
        ["ข้อความ", "int", "float", "bool"],
        ["text", "int", "float", "bool"],
        [batch],
    )
    assert n == 3
    book = openpyxl.load_workbook(path)
    assert book["info"]["B1"].value == "ค่า & <value>"
    rows = list(book["data"].iter_rows(values_only=True))
    assert rows[0] == ("ข้อความ", "int", "float", "bool")
    assert rows[1] == ("a & b <c>", 1, 0.25, True)
    assert rows[2] == ('หมู่ 3 "บ้าน"', None, None, False)
    assert rows[3] == (None, 3, 1e-7, None)
    assert book["data"].auto_filter.ref == "A1:D4"
    assert book["data"].freeze_panes == "A2"


def test_export_command_line(pilot_build, tmp_path, audit_db, pilot_con, monkeypatch):
    import io

    from exports.cli import main

    out = tmp_path / "cli.csv"

    def run(*args: str, password: str = "") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))  # a piped password
        return main(["--build-dir", str(pilot_build), "--output", str(out), *args])

    household_csv = ("--level", "household", "--format", "csv")
    chief = ("--user", "chief_mueang_udon")
    assert run("--area", "4102", *chief, *household_csv, password="chief_mueang_udon") == 2
    assert not out.exists()
    with pytest.raises(SystemExit):  # no --role back door any more
        run("--area", "41", "--role", "national", *household_csv)
    assert run("--area", "4101", *chief, *household_csv, password="wrong") == 2
    assert run("--area", "9999", *chief, *household_csv, password="chief_mueang_udon") == 2
    assert (
        run(
            "--area",
            "4101",
            "--min-dimensions",
            "4",
            "--max-dimensions",
            "2",
            *chief,
            *household_csv,
            password="chief_mueang_udon",
        )
        == 2
    )
    assert run("--area", "410101", "--user", "ops_team", *household_csv, password="ops_team") == 2
    filters = ("--poor-only", "--dimension", "income", "living", "--welfare-card", "no")
    written = run("--area", "4101", *chief, *filters, *household_csv, password="chief_mueang_udon")
    assert written == 0
    spec = SearchSpec(
        area_code="4101", failing_mpi=True, dimensions=("income", "living"), welfare_card="without"
    )
    assert len(read_csv(out)) - 1 == count_households(pilot_con, spec)
    log = audit.read_exports(audit_db)
    assert len(log) == 1 and log.iloc[0]["source"] == "cli"
    assert log.iloc[0]["username"] == "chief_mueang_udon"
