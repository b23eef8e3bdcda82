"""The progress section of the area reports: figures from a Logbook the tests write.

A temporary SQLite Logbook gets known records for district 4101 (imported
from a small CSV, as a field team would); the expected figures are worked
out here with pandas from those records and the build's
``households.parquet`` (targets = target group 1.1), not with
:mod:`logbook.stats`. PDF text is read back with pypdf, XLSX with openpyxl.
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

import reports
from font_support import require_thai_font_or_skip
from logbook import store
from logbook.importer import import_file
from logbook.records import ALL_COLUMNS
from logbook.synthetic import generate_history
from reports.__main__ import main as reports_main
from roles_support import NATIONAL

CODE = "4101"
TODAY = date(2026, 11, 25)
UNREACHABLE = "postgresql+psycopg://u:p@127.0.0.1:1/x"
SHEET_TH, SHEET_EN = "ความก้าวหน้า", "Progress"
THAI_MONTHS = {8: "ส.ค.", 9: "ก.ย."}


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def sheet_rows(data: bytes, sheet: str) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data))[sheet].iter_rows(values_only=True))


def kpis(rows: list[tuple]) -> dict:
    """The key-figure block: key (column C) -> value (column B), up to the first blank row."""
    out = {}
    for row in rows[1:]:
        if not any(row):
            break
        out[row[2]] = row[1]
    return out


def block(rows: list[tuple], title: str) -> pd.DataFrame:
    """The titled table ``title``: its header row, then rows up to a blank row."""
    start = next(i for i, row in enumerate(rows) if row[0] == title)
    header = [h for h in rows[start + 1] if h is not None]
    body = []
    for row in rows[start + 2 :]:
        if not any(v is not None for v in row):
            break
        body.append(row[: len(header)])
    return pd.DataFrame(body, columns=header)


@pytest.fixture(scope="module")
def targets(pilot_households: pd.DataFrame) -> pd.DataFrame:
    """The target households of district 4101 (TPMAP target group 1.1)."""
    in_area = pilot_households["village_code"].str.startswith(CODE)
    frame = pilot_households[in_area & (pilot_households["target_group"] == "1.1")]
    return frame.sort_values("household_id").reset_index(drop=True)


@pytest.fixture(scope="module")
def written(pilot_households, targets) -> pd.DataFrame:
    """The records the tests write, one row per record (the import file's columns)."""
    ids = targets["household_id"].tolist()
    others = pilot_households[
        pilot_households["village_code"].str.startswith(CODE)
        & (pilot_households["target_group"] != "1.1")
    ]["household_id"].tolist()
    elsewhere = pilot_households[
        pilot_households["village_code"].str.startswith("4102")
        & (pilot_households["target_group"] == "1.1")
    ]["household_id"].tolist()
    rows = [
        {"record_type": "visit", "household_id": i, "date": "2026-08-15", "team": "A"}
        for i in ids[:20]
    ]
    rows += [
        {"record_type": "visit", "household_id": i, "date": "2026-09-10", "team": "B"}
        for i in ids[20:40]
    ]
    # A second visit, a non-target's visit and another district's: none adds a surveyed target.
    rows += [
        {"record_type": "visit", "household_id": ids[0], "date": "2026-10-01", "team": "A"},
        {"record_type": "visit", "household_id": others[0], "date": "2026-10-01", "team": "A"},
        {"record_type": "visit", "household_id": elsewhere[0], "date": "2026-10-01", "team": "C"},
    ]

    def help_row(i, day, kind, dimension, agency, baht):
        return {
            "record_type": "help",
            "household_id": i,
            "date": day,
            "help_kind": kind,
            "dimension": dimension,
            "agency": agency,
            "amount_baht": str(baht),
        }

    rows += [help_row(i, "2026-09-20", "scholarship", "education", "moe", 1000) for i in ids[10:20]]
    rows += [help_row(i, "2026-09-25", "house_repair", "living", "lao", 2500) for i in ids[20:30]]
    rows += [
        help_row(ids[10], "2026-10-05", "job_training", "income", "mol", 300),
        help_row(ids[11], "2026-10-06", "scholarship", "education", "moe", 700),
        help_row(others[0], "2026-10-06", "house_repair", "living", "lao", 99_999),  # not a target
    ]
    stages = [(i, "2026-10-01", "survival") for i in ids[10:15]]
    stages += [(i, "2026-10-01", "sufficiency") for i in ids[15:18]]
    stages += [(ids[18], "2026-10-01", "sustainability"), (ids[10], "2026-11-01", "sufficiency")]
    rows += [
        {"record_type": "stage", "household_id": i, "date": day, "stage": stage}
        for i, day, stage in stages
    ]
    return pd.DataFrame(rows, columns=ALL_COLUMNS)


@pytest.fixture(scope="module")
def logbook_url(tmp_path_factory, written, pilot_con) -> str:
    """A SQLite Logbook holding :func:`written` (imported as a field team would)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('logbook') / 'logbook.sqlite'}"
    data = written.astype(object).fillna("").to_csv(index=False).encode("utf-8-sig")
    engine = store.engine_for(url)
    report = import_file(
        data, "known.csv", user="test", scope=None, engine=engine, con=pilot_con, today=TODAY
    )
    assert report.ok and report.rows_added == len(written), report.errors_frame()
    yield url
    store.dispose(url)


@pytest.fixture(scope="module")
def expected(written, targets) -> dict:
    """The progress of 4101 worked out from the written records (pandas, not logbook.stats)."""
    target_ids = set(targets["household_id"])
    mine = written[written["household_id"].isin(target_ids)]
    visits = mine[mine["record_type"] == "visit"]
    helps = mine[mine["record_type"] == "help"].assign(
        amount_baht=lambda f: f["amount_baht"].astype(float)
    )
    stages = mine[mine["record_type"] == "stage"].sort_values("date")
    latest = stages.groupby("household_id")["stage"].last()
    n = len(targets)
    first_visit = pd.to_datetime(visits.groupby("household_id")["date"].min())
    first_help = pd.to_datetime(helps.groupby("household_id")["date"].min())
    subdistrict = targets.set_index("household_id")["subdistrict_code"]

    def by(column: str) -> dict:
        grouped = helps.groupby(column)
        return {
            key: (grouped["household_id"].nunique()[key], len(g), g["amount_baht"].sum())
            for key, g in grouped
        }

    return {
        "targets": n,
        "surveyed": visits["household_id"].nunique(),
        "helped": helps["household_id"].nunique(),
        "stages": {
            s: int((latest == s).sum()) for s in ("survival", "sufficiency", "sustainability")
        },
        "child_targets": targets.groupby("subdistrict_code").size().to_dict(),
        "child_surveyed": subdistrict[first_visit.index].value_counts().to_dict(),
        "child_helped": subdistrict[first_help.index].value_counts().to_dict(),
        "dimension": by("dimension"),
        "agency": by("agency"),
        "month_surveyed": first_visit.dt.to_period("M").value_counts().to_dict(),
        "month_helped": first_help.dt.to_period("M").value_counts().to_dict(),
    }


@pytest.fixture(scope="module")
def files(pilot_con, pilot_build, logbook_url) -> dict[str, bytes]:
    def make(fmt, lang="th", url=logbook_url):
        return reports.generate(
            pilot_con, CODE, fmt, pilot_build, lang=lang, logbook_url=url, viewer=NATIONAL
        )

    return {
        "xlsx": make("xlsx"),
        "en.xlsx": make("xlsx", "en"),
        "down.xlsx": make("xlsx", url=UNREACHABLE),
    }


@pytest.fixture(scope="module")
def pdf_files(pilot_con, pilot_build, logbook_url) -> dict[str, bytes]:
    """The PDF reports; skipped locally without a Thai font (tests/font_support.py)."""
    require_thai_font_or_skip()

    def make(lang="th", url=logbook_url):
        return reports.generate(
            pilot_con, CODE, "pdf", pilot_build, lang=lang, logbook_url=url, viewer=NATIONAL
        )

    return {"pdf": make(), "en.pdf": make("en"), "down.pdf": make(url=UNREACHABLE)}


def test_the_records_make_a_meaningful_case(expected):
    # Guards the test data itself: some targets surveyed, fewer helped, most not reached.
    assert expected["surveyed"] == 40 and expected["helped"] == 20
    assert expected["targets"] > 100
    assert expected["stages"] == {"survival": 4, "sufficiency": 4, "sustainability": 1}


def test_xlsx_progress_key_figures_equal_the_records(files, expected):
    book = load_workbook(io.BytesIO(files["xlsx"]))
    assert SHEET_TH in book.sheetnames
    assert book.sheetnames.index(SHEET_TH) == book.sheetnames.index("Urgent households") + 1
    values = kpis(sheet_rows(files["xlsx"], SHEET_TH))
    n = expected["targets"]
    assert values["target_households"] == n
    assert values["surveyed_households"] == expected["surveyed"]
    assert values["helped_households"] == expected["helped"]
    assert values["surveyed_share"] == pytest.approx(expected["surveyed"] / n, rel=1e-12)
    assert values["helped_share"] == pytest.approx(expected["helped"] / n, rel=1e-12)
    for stage, count in expected["stages"].items():
        assert values[f"stage_{stage}"] == count, stage
    assert values["stage_none"] == n - sum(expected["stages"].values())
    assert "synthetic" not in values  # imported records only: no synthetic note


def test_xlsx_progress_by_subdistrict(files, expected):
    table = block(sheet_rows(files["xlsx"], SHEET_TH), "ความก้าวหน้ารายตำบล").set_index("รหัส")
    assert table.index.str.startswith(CODE).all()
    targets = table["ครัวเรือนเป้าหมาย"]
    assert targets[targets > 0].to_dict() == expected["child_targets"]
    surveyed = table["สำรวจปัญหาแล้ว (ครัวเรือน)"]
    helped = table["ได้รับความช่วยเหลือแล้ว (ครัวเรือน)"]
    assert surveyed[surveyed > 0].to_dict() == expected["child_surveyed"]
    assert helped[helped > 0].to_dict() == expected["child_helped"]
    code, count = next(iter(expected["child_surveyed"].items()))
    share = table.loc[code, "สัดส่วนสำรวจแล้วต่อเป้าหมาย"]
    assert share == pytest.approx(count / expected["child_targets"][code])


DIMENSION_NAMES = {"education": "การศึกษา", "living": "ความเป็นอยู่", "income": "รายได้"}
AGENCY_NAMES = {
    "moe": "กระทรวงศึกษาธิการ",
    "lao": "องค์กรปกครองส่วนท้องถิ่น",
    "mol": "กระทรวงแรงงาน",
}


@pytest.mark.parametrize(
    ("by", "title", "names"),
    [
        ("dimension", "การช่วยเหลือตามมิติที่แก้", DIMENSION_NAMES),
        ("agency", "การช่วยเหลือตามหน่วยงาน", AGENCY_NAMES),
    ],
)
def test_xlsx_help_by_dimension_and_agency(files, expected, by, title, names):
    table = block(sheet_rows(files["xlsx"], SHEET_TH), title)
    got = {row[0]: (row[1], row[2], row[3]) for row in table.itertuples(index=False, name=None)}
    assert got == {names[key]: value for key, value in expected[by].items()}


def test_xlsx_progress_by_month_in_buddhist_era(files, expected):
    table = block(sheet_rows(files["xlsx"], SHEET_TH), "ความก้าวหน้ารายเดือน")
    # Months of a first visit or a first help (October's records are all second ones).
    firsts = {*expected["month_surveyed"], *expected["month_helped"]}
    months = pd.period_range(min(firsts), max(firsts), freq="M")
    assert table["เดือน"].tolist() == [f"{THAI_MONTHS[m.month]} {m.year + 543}" for m in months]
    assert table["เดือน"].tolist() == ["ส.ค. 2569", "ก.ย. 2569"]
    surveyed = [expected["month_surveyed"].get(m, 0) for m in months]
    helped = [expected["month_helped"].get(m, 0) for m in months]
    assert table["สำรวจใหม่"].tolist() == surveyed == [20, 20]
    assert table["ช่วยเหลือใหม่"].tolist() == helped == [0, 20]
    n = expected["targets"]
    assert table["สำรวจแล้วสะสม"].tolist() == pytest.approx([20 / n, 40 / n])
    assert table["ช่วยเหลือแล้วสะสม"].tolist() == pytest.approx([0, 20 / n])
    english = block(sheet_rows(files["en.xlsx"], SHEET_EN), "Progress by month")
    assert english["Month"].tolist() == ["Aug 2026", "Sep 2026"]


def test_xlsx_sources_name_the_logbook(files, logbook_url):
    rows = {key: value for _label, value, key in sheet_rows(files["xlsx"], "Sources")[1:]}
    assert rows["logbook"] == logbook_url
    assert rows["logbook_synthetic_records"] == "ไม่ใช่"
    assert "progress" not in rows  # the old "not yet available" row is gone


def test_pdf_progress_section_prints_the_counts(pdf_files, expected):
    text = pdf_text(pdf_files["pdf"])
    n = expected["targets"]
    assert "ความก้าวหน้าการช่วยเหลือ" in text and "not yet available" not in text
    assert f"{n:,}" in text
    assert f"ร้อยละ {expected['surveyed'] / n * 100:.2f}" in text
    assert f"ร้อยละ {expected['helped'] / n * 100:.2f}" in text
    assert "ส.ค. 2569" in text and "ก.ย. 2569" in text
    households, entries, baht = expected["agency"]["moe"]
    assert "กระทรวงศึกษาธิการ" in text
    assert f"{households} {entries} {round(baht):,}" in text  # one table row
    households, entries, baht = expected["dimension"]["living"]
    assert f"ความเป็นอยู่ {households} {entries} {round(baht):,}" in text
    assert "ประวัติการช่วยเหลือในพื้นที่นี้เป็นข้อมูลสังเคราะห์" not in text  # none synthetic
    english = pdf_text(pdf_files["en.pdf"])
    assert "Progress of the help given" in english
    assert f"{expected['helped'] / n * 100:.2f}%" in english
    assert "Aug 2026" in english and "Local administrative organisation" in english


def test_unreachable_logbook_still_gives_both_reports(files, pdf_files):
    rows = sheet_rows(files["down.xlsx"], SHEET_TH)
    assert [row[2] for row in rows[1:]] == ["unavailable"]
    assert "ไม่พร้อมใช้งาน" in rows[1][1] and "127.0.0.1" in rows[1][1]
    assert "Connection refused" in rows[1][1] or "connection" in rows[1][1].lower()
    sources = {key: value for _label, value, key in sheet_rows(files["down.xlsx"], "Sources")[1:]}
    assert sources["logbook"] == "postgresql+psycopg://u:***@127.0.0.1:1/x"  # password hidden
    assert sources["logbook_synthetic_records"] == "ไม่พร้อมใช้งาน"
    # The rest of the report is whole: the summary is there.
    assert load_workbook(io.BytesIO(files["down.xlsx"]))["Summary"]["B3"].value == CODE
    text = pdf_text(pdf_files["down.pdf"])
    assert "ความก้าวหน้าการช่วยเหลือ" in text
    assert "Logbook) ไม่พร้อมใช้งาน" in text and "Connection refused" in text
    assert "u:p@" not in text and "ศักยภาพและความพร้อมของพื้นที่" in text


def test_synthetic_records_are_said(tmp_path, pilot_con, pilot_build, pilot_households):
    require_thai_font_or_skip()
    url = f"sqlite:///{tmp_path / 'synthetic.sqlite'}"
    records = generate_history(pilot_con, TODAY, 7, area_code=CODE)
    try:
        store.add_records(store.engine_for(url), records)
        data = reports.generate(
            pilot_con, CODE, "xlsx", pilot_build, logbook_url=url, viewer=NATIONAL
        )
        text = pdf_text(
            reports.generate(pilot_con, CODE, "pdf", pilot_build, logbook_url=url, viewer=NATIONAL)
        )
    finally:
        store.dispose(url)
    frame = pd.DataFrame(records)
    in_area = pilot_households["village_code"].str.startswith(CODE)
    target_ids = set(
        pilot_households.loc[in_area & (pilot_households["target_group"] == "1.1"), "household_id"]
    ) | set(frame.loc[frame["kind"] == "missed", "household_id"])
    visited = set(frame.loc[frame["kind"] == "visit", "household_id"]) & target_ids
    values = kpis(sheet_rows(data, SHEET_TH))
    assert values["target_households"] == len(target_ids)
    assert values["surveyed_households"] == len(visited)
    assert "สังเคราะห์" in values["synthetic"]
    sources = {key: value for _label, value, key in sheet_rows(data, "Sources")[1:]}
    assert sources["logbook_synthetic_records"] == "ใช่"
    assert "ประวัติการช่วยเหลือในพื้นที่นี้เป็นข้อมูลสังเคราะห์" in text


def test_cli_logbook_url_and_the_default_store(
    pilot_build, tmp_path, logbook_url, expected, monkeypatch, os_account_national
):
    out = tmp_path / "by_option.xlsx"
    args = ["--area", CODE, "--format", "xlsx", "--build-dir", str(pilot_build)]
    assert reports_main([*args, "--output", str(out), "--logbook-url", logbook_url]) == 0
    assert kpis(sheet_rows(out.read_bytes(), SHEET_TH))["surveyed_households"] == 40
    # Without the option, the report reads TPMAP_LOGBOOK_URL, as the app does.
    monkeypatch.setenv("TPMAP_LOGBOOK_URL", logbook_url)
    default = tmp_path / "by_env.xlsx"
    assert reports_main([*args, "--output", str(default), "--lang", "en"]) == 0
    values = kpis(sheet_rows(default.read_bytes(), SHEET_EN))
    assert values["helped_households"] == expected["helped"]


def test_rows_read_before_give_the_same_progress_without_reading_the_store(
    pilot_con, logbook_url, expected, monkeypatch
) -> None:
    """The app passes the Logbook rows it has cached (app_data.logbook_data.frames);
    the report then reads no store and its progress equals the one it reads itself."""
    from logbook import stats
    from reports.content import gather_progress

    rows = stats.logbook_frames(store.engine_for(logbook_url), CODE)
    read = gather_progress(pilot_con, CODE, logbook_url)

    def no_read(*args, **kwargs):
        raise AssertionError("the store was read again")

    monkeypatch.setattr(stats, "logbook_frames", no_read)
    given = gather_progress(pilot_con, CODE, logbook_url, frames=rows)
    assert given["available"] and read["available"]
    assert given["summary"] == read["summary"]
    assert given["summary"]["target_households"] == expected["targets"]
    assert given["summary"]["surveyed_households"] == expected["surveyed"]
    pd.testing.assert_frame_equal(given["by_agency"], read["by_agency"])
