"""Area reports (display part 06): PDF and XLSX figures equal the app's, masking, CLI.

Each report file is generated once per module (module-scoped fixtures) on the
pilot build. Expected figures come from ``python -m poverty summary --json``
(the command line the issue names) and from
:func:`queries.figures.area_summary`; PDF text is read back with pypdf,
XLSX with openpyxl.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

import reports
from access import audit
from access.masking import mask_name
from apptest_support import app_test
from font_support import require_thai_font_or_skip
from logbook import store
from potential import queries as potential_queries
from queries.figures import area_summary, connect, round_folder, urgent_households
from reports.__main__ import main as reports_main
from reports.tables import SUMMARY_KEYS
from reports.xlsx import sheet_names
from roles_support import ANALYST, NATIONAL

ROOT = Path(__file__).parents[1]
TITLE_NAME = re.compile(r"(?:เด็กหญิง|เด็กชาย|นางสาว|นาง|นาย)[ก-๛]+ [ก-๛]+")


def poverty_summary(build: Path, code: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "poverty", "summary", "--area", code, "--json"]
        + ["--build-dir", str(build)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(out.stdout)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def con(pilot_build: Path):
    connection = connect(pilot_build)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def logbook_url(tmp_path_factory) -> str:
    """An empty Logbook (the progress section's figures: tests/test_reports_progress.py)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('logbook') / 'logbook.sqlite'}"
    yield url
    store.dispose(url)


@pytest.fixture(scope="module")
def files(pilot_build: Path, con, logbook_url) -> dict[str, bytes]:
    """Each report once: (area, format, language[, rights])."""

    def make(code, fmt, lang="th", viewer=ANALYST):
        return reports.generate(
            con, code, fmt, pilot_build, lang=lang, logbook_url=logbook_url, viewer=viewer
        )

    return {
        "41.xlsx": make("41", "xlsx"),
        "4101.xlsx": make("4101", "xlsx"),
    }


@pytest.fixture(scope="module")
def pdf_files(pilot_build: Path, con, logbook_url) -> dict[str, bytes]:
    """Each PDF report once; skipped locally without a Thai font (tests/font_support.py)."""
    require_thai_font_or_skip()

    def make(code, lang="th", viewer=ANALYST):
        return reports.generate(
            con, code, "pdf", pilot_build, lang=lang, logbook_url=logbook_url, viewer=viewer
        )

    return {
        "41.pdf": make("41"),
        "4101.pdf": make("4101"),
        # English, with the right to personal data: the positive control of masking.
        "41.en.pdf": make("41", "en", viewer=NATIONAL),
    }


@pytest.fixture(scope="module")
def summaries(pilot_build: Path) -> dict[str, dict]:
    return {code: poverty_summary(pilot_build, code) for code in ("41", "4101")}


@pytest.mark.parametrize(("code", "name"), [("41", "จ.อุดรธานี"), ("4101", "อ.เมืองอุดรธานี")])
def test_pdf_shows_thai_names_and_the_summary_figures(pdf_files, summaries, code, name):
    data = pdf_files[f"{code}.pdf"]
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    want = summaries[code]
    assert name in text and want["name_th"] in text
    for key in ("households", "persons", "poor_households", "poor_persons", "target_poor_persons"):
        assert f"{want[key]:,}" in text, key
    assert f"ร้อยละ {want['headcount_ratio'] * 100:.2f}" in text
    assert f"{want['adjusted_headcount_ratio']:.4f}" in text
    assert "ข้อมูลสังเคราะห์" in text  # the synthetic-data notice
    assert "ความก้าวหน้าการช่วยเหลือ" in text and "not yet available" not in text


def test_district_report_names_its_province(pdf_files):
    assert "อ.เมืองอุดรธานี จ.อุดรธานี" in pdf_text(pdf_files["4101.pdf"])


def test_english_pdf(pdf_files, summaries):
    text = pdf_text(pdf_files["41.en.pdf"])
    want = summaries["41"]
    assert "Udon Thani" in text and "Key figures" in text
    assert f"{want['poor_persons']:,}" in text
    assert f"{want['headcount_ratio'] * 100:.2f}%" in text
    assert "Progress of the help given" in text and "Not yet available." not in text


def test_pdf_masks_heads_of_household(pdf_files, con):
    top = urgent_households(con, "41", limit=20, viewer=NATIONAL)["head_name"].tolist()
    masked = pdf_text(pdf_files["41.pdf"])
    assert not any(name in masked for name in top)
    assert mask_name(top[0]) in masked
    # Positive control: the same extraction finds full names when they are printed.
    shown = pdf_text(pdf_files["41.en.pdf"])
    assert sum(name in shown for name in top) >= 15


def test_no_stored_head_name_or_national_id_in_the_masked_pdf(pdf_files, con):
    rows = con.execute("SELECT head_name FROM households WHERE province_code = '41'").fetchall()
    text = pdf_text(pdf_files["41.pdf"])
    assert not {name for (name,) in rows}.intersection(TITLE_NAME.findall(text))
    assert not re.search(r"\d{13}|\d-\d{4}-\d{5}-\d{2}-\d", text)  # national IDs


def sheet_rows(data: bytes, sheet: str) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data))[sheet].iter_rows(values_only=True))


def test_xlsx_sheets_and_summary_equal_area_summary(files, con):
    book = load_workbook(io.BytesIO(files["41.xlsx"]))
    assert book.sheetnames == sheet_names("th")
    assert "ความก้าวหน้า" in book.sheetnames
    want = area_summary(con, "41")
    values = {key: value for _label, value, key in sheet_rows(files["41.xlsx"], "Summary")[1:]}
    assert values["area"] == "จ.อุดรธานี" and values["area_code"] == "41"
    for key, _kind in SUMMARY_KEYS:
        assert values[key] == pytest.approx(want[key], rel=1e-12), key


@pytest.mark.parametrize(("code", "children"), [("41", 20), ("4101", None)])
def test_xlsx_child_areas_add_up(files, con, code, children):
    rows = sheet_rows(files[f"{code}.xlsx"], "Child areas")
    table = pd.DataFrame(rows[1:], columns=rows[0])
    want = area_summary(con, code)
    if children is not None:
        assert len(table) == children
    assert table["รหัส"].str.startswith(code).all()
    assert table["คนสำรวจ"].sum() == want["persons"]
    assert table["คนตก MPI"].sum() == want["poor_persons"]


def test_xlsx_dimensions_indicators_and_households(files, con):
    want = area_summary(con, "41")
    dims = sheet_rows(files["41.xlsx"], "Dimensions")[1:]
    assert [r[1] for r in dims] == list(want["dimension_persons"].values())
    indicators = sheet_rows(files["41.xlsx"], "Indicators")[1:]
    assert [r[2] for r in indicators] == list(want["censored_persons"].values())
    households = sheet_rows(files["41.xlsx"], "Urgent households")[1:]
    top = urgent_households(con, "41", limit=20, viewer=NATIONAL)
    assert [r[1] for r in households] == [mask_name(n) for n in top["head_name"]]
    assert [r[4] for r in households] == top["dimensions_failed"].tolist()


def test_xlsx_sources_sheet_says_synthetic(files):
    rows = {key: value for _label, value, key in sheet_rows(files["41.xlsx"], "Sources")[1:]}
    assert rows["synthetic"] == "ใช่"
    assert "ข้อมูลสังเคราะห์" in rows["synthetic_note"]
    assert "SYNTHETIC" in rows["household_source"]
    assert rows["built_at"] and rows["generated_ce"]
    assert re.search(r"25[6-9]\d", rows["generated_be"])  # Buddhist Era year
    assert rows["cutoff"].startswith("ตก MPI") and rows["welfare_card"] == "ทั้งหมด"
    assert rows["survey_year"] == "พ.ศ. 2567"  # the round counted (the latest by default)


def test_report_of_an_earlier_round_counts_and_names_that_round(pilot_build, logbook_url):
    """Issue 12: a report follows the chosen round and says which one it counts."""
    con = connect(pilot_build, 2565)
    try:
        data = reports.generate(
            con,
            "41",
            "xlsx",
            round_folder(pilot_build, 2565),
            lang="en",
            logbook_url=logbook_url,
            viewer=ANALYST,
        )
    finally:
        con.close()
    households = pd.read_parquet(round_folder(pilot_build, 2565) / "households.parquet")
    values = {key: value for _label, value, key in sheet_rows(data, "Summary")[1:]}
    assert values["households"] == int((households["province_code"] == "41").sum())
    rows = {key: value for _label, value, key in sheet_rows(data, "Sources")[1:]}
    assert rows["survey_year"] == "2022"  # C.E. in English, as the year selector shows it


def expected_potential(con, code: str) -> dict:
    """The Area potential figures, computed with the page's own queries."""
    facilities = potential_queries.facility_counts(con, code)
    projects = potential_queries.projects(con, code)
    economy = potential_queries.economy(con, code[:2])
    _by_child, access = potential_queries.access_table(con, code, 5.0)
    centres = potential_queries.centres(con, code)
    return {
        "schools": facilities.get("primary_school", 0) + facilities.get("secondary_school", 0),
        "health_facilities": facilities.get("hospital", 0) + facilities.get("health_centre", 0),
        **{f"centre_{c.level}": c.centre_name for c in centres.itertuples()},
        **{
            f"agencies_{c.level}": len([a for a in c.agencies.split(";") if a.strip()])
            for c in centres.itertuples()
        },
        "staff_total": int(potential_queries.staff_by_level(con, code)["staff"].sum()),
        "projects": len(projects),
        "projects_budget": projects.loc[projects["status"] != "cancelled", "budget_baht"].sum(),
        "economy_year": str(economy["year"]),
        "gpp": economy["gpp_million_baht"],
        "gpp_rank": economy["gpp_rank"],
        "hai": economy["hai"],
        "hai_rank": economy["hai_rank"],
        "distance_km": 5.0,
        "poor_households": access["households"],
        "share_far_health": access["share_far_health"],
        "share_far_school": access["share_far_school"],
        "share_far_either": access["share_far_either"],
    }


def test_xlsx_potential_sheet_equals_the_potential_queries(files, con):
    rows = sheet_rows(files["41.xlsx"], "Potential")[1:]
    values = {key: value for _label, value, key in rows}
    want = expected_potential(con, "41")
    assert want["schools"] > 0 and want["health_facilities"] > 0 and want["projects"] > 0
    assert want["poor_households"] == area_summary(con, "41")["poor_households"]
    assert set(values) == {*want, "synthetic_note"}
    for key, value in want.items():
        expected = pytest.approx(value, rel=1e-12) if isinstance(value, float) else value
        assert values[key] == expected, key
    assert "ข้อมูลสังเคราะห์" in values["synthetic_note"]


def test_pdf_potential_section(pdf_files, con):
    text = pdf_text(pdf_files["41.pdf"])
    want = expected_potential(con, "41")
    assert "ศักยภาพและความพร้อมของพื้นที่" in text
    assert f"{want['schools']:,}" in text and f"{want['health_facilities']:,}" in text
    assert want["staff_total"] >= 1000  # a thousands separator is exercised
    assert f"{want['staff_total']:,}" in text
    assert f"{round(want['projects_budget']):,}" in text
    assert f"ร้อยละ {want['share_far_health'] * 100:.2f}" in text
    assert "ข้อมูลศักยภาพพื้นที่ต่อไปนี้เป็นข้อมูลสังเคราะห์" in text
    english = pdf_text(pdf_files["41.en.pdf"])
    assert "Area potential and readiness" in english and f"{want['schools']:,}" in english


def test_report_without_potential_tables_says_not_available(pilot_build, tmp_path):
    import shutil

    import duckdb

    require_thai_font_or_skip()
    build = tmp_path / "old"
    shutil.copytree(pilot_build, build)
    with duckdb.connect(str(build / "tpmap.duckdb")) as db:
        db.execute("DROP TABLE potential_sources")
    old = connect(build)
    try:
        data = reports.generate(old, "4101", "xlsx", build, viewer=ANALYST)
        pdf = pdf_text(reports.generate(old, "4101", "pdf", build, lang="en", viewer=ANALYST))
    finally:
        old.close()
    rows = sheet_rows(data, "Potential")[1:]
    assert [r[2] for r in rows] == ["none"] and "not available" in rows[0][1]
    assert "Area potential and readiness" in pdf and "Not available in this build." in pdf


def test_report_honours_the_filters(pilot_build, con):
    data = reports.generate(
        con, "60", "xlsx", pilot_build, lang="en", k=1 / 3, welfare_card="with", viewer=ANALYST
    )
    values = {key: value for _label, value, key in sheet_rows(data, "Summary")[1:]}
    want = area_summary(con, "60", 1 / 3, None, "with")
    assert values["poor_persons"] == want["poor_persons"]
    assert values["headcount_ratio"] == pytest.approx(want["headcount_ratio"])
    sources = {key: value for _label, value, key in sheet_rows(data, "Sources")[1:]}
    assert sources["cutoff"] == "k = 0.3333" and sources["welfare_card"] == "With card"


def test_xlsx_with_personal_data_prints_full_names(pilot_build, con):
    data = reports.generate(con, "4101", "xlsx", pilot_build, viewer=NATIONAL)
    top = urgent_households(con, "4101", limit=20, viewer=NATIONAL)
    assert [r[1] for r in sheet_rows(data, "Urgent households")[1:]] == top["head_name"].tolist()


def test_mask_name_keeps_the_title_and_initials():
    assert mask_name("นายสมชาย ใจดี") == "นาย ส. จ."
    assert mask_name("นางสาวเพ็ญศรี วงศ์ไทย") == "นางสาว พ. ว."
    assert mask_name("เด็กหญิงใบเตย แก้วมณี") == "เด็กหญิง บ. ก."
    assert mask_name("สมหญิง  มีสุข") == "ส. ม."
    assert mask_name(None) == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--area", "99", "--format", "pdf"], "unknown area"),
        (["--area", "41010101", "--format", "pdf"], "village"),
        (["--area", "410101", "--format", "xlsx"], "subdistrict"),
        (["--area", "41", "--format", "pdf", "--k", "2"], "cut-off"),
    ],
)
def test_cli_errors_exit_2_and_write_nothing(
    pilot_build, tmp_path, capsys, args, message, os_account_national
):
    out = tmp_path / "report.out"
    code = reports_main([*args, "--output", str(out), "--build-dir", str(pilot_build)])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_cli_rejects_an_unknown_format(pilot_build, tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        reports_main(["--area", "41", "--format", "docx", "--output", str(tmp_path / "r.docx")])
    assert stop.value.code == 2
    assert "invalid choice: 'docx'" in capsys.readouterr().err


def test_cli_writes_the_report(pilot_build, tmp_path, os_account_national):
    out = tmp_path / "udon.xlsx"
    run = subprocess.run(
        [sys.executable, "-m", "reports", "--area", "41", "--format", "xlsx"]
        + ["--output", str(out), "--lang", "en", "--build-dir", str(pilot_build)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    assert "wrote" in run.stdout
    assert load_workbook(out)["Summary"]["A2"].value == "Area"


def test_missing_thai_font_names_the_debian_package(monkeypatch, tmp_path):
    from reports import fonts

    monkeypatch.setattr(fonts, "FONT_DIRS", (tmp_path,))
    monkeypatch.delenv("TPMAP_FONT_DIRS", raising=False)
    fonts.find_thai_font.cache_clear()
    try:
        with pytest.raises(fonts.ThaiFontMissingError, match="fonts-noto-core"):
            fonts.find_thai_font()
    finally:
        fonts.find_thai_font.cache_clear()


@pytest.fixture()
def reports_page(
    pilot_build: Path, monkeypatch: pytest.MonkeyPatch, logbook_url: str, tmp_path: Path
):
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    monkeypatch.setenv("TPMAP_LOGBOOK_URL", logbook_url)  # not the developer's data/logbook
    monkeypatch.setenv("TPMAP_AUTH", "off")  # sign-in (when present) lets a local user in

    def make(area: str):
        at = app_test(area)
        at.run()
        at.switch_page("app_pages/reports.py")
        return at.run()

    return make


def test_reports_page_builds_a_pdf_to_download(reports_page):
    require_thai_font_or_skip()
    at = reports_page("41")
    assert not at.exception
    assert not at.get("download_button")  # nothing built yet
    at.radio(key="report_format").set_value("pdf")
    at.button(key="report_make").click().run()
    assert not at.exception
    buttons = at.get("download_button")
    label = buttons[0].proto.label.replace("\\", "")  # the file name is escaped markdown
    assert len(buttons) == 1 and label.startswith("ดาวน์โหลด tpmap_report_41_")
    assert at.session_state["_download_report"][1].content.startswith(b"%PDF")
    # The one download path logged the report once, with its format and area.
    log = audit.read_exports(os.environ["TPMAP_AUDIT_DB"])
    assert log[["what", "area_code", "format", "source"]].values.tolist() == [
        ["report", "41", "pdf", "app"]
    ]


def test_reports_page_asks_for_a_province_or_district(reports_page):
    at = reports_page("41010101")
    assert not at.exception
    assert any("เลือกจังหวัดหรืออำเภอ" in info.value for info in at.info)
    assert not at.button
