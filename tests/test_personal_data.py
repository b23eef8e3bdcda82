"""Issue 11: one gate for personal data, one download path, the Logbook's scope, safe cells.

Expected values are worked out by hand (the masking table of
:mod:`access.personal`) or read straight from the build's parquet files;
the app is driven through AppTest with its own audit log and Logbook.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

import reports
from access import audit
from access.downloads import frame_to_csv, frame_to_xlsx, neutralise, release
from access.personal import age_band, protect, protect_record, pseudonym, pseudonym_key
from access.roles import AccessDeniedError
from apptest_support import app_test
from display.formats import BANGKOK
from exports.households import export_for_user
from logbook import stats, store
from logbook.importer import import_file
from logbook.records import Context, RecordError, validate_record
from queries.figures import connect, urgent_households
from queries.search import SearchSpec
from roles_support import ANALYST, CHIEF_4101, GOVERNOR_41, NATIONAL, OPS_410101

FORMULA = '=HYPERLINK("http://attacker.example/x","คลิก")'


# --- the gate ---------------------------------------------------------------------------


def _people() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "household_id": ["410101010001"],
            "head_name": ["นายสมชาย ใจดี"],
            "head_national_id": ["1234567890123"],
            "house_no": ["12/3"],
            "lat": [17.412345],
            "lon": [102.789876],
            "age": [37],
            "note": ["บ้านนายสมชาย โทร 081"],
            "n_members": [4],
        }
    )


def test_a_masked_role_gets_no_name_id_house_exact_point_age_or_note():
    out = protect(_people(), ANALYST).iloc[0].to_dict()
    digest = hashlib.sha256((pseudonym_key() + "410101010001").encode()).hexdigest()
    assert out == {
        "household_id": "H" + digest[:12],  # the ID ends in the house number
        "head_name": "นาย ส. จ.",
        "head_national_id": "1-2345-xxxxx-xx-3",
        "house_no": "",
        "lat": 17.41,
        "lon": 102.79,
        "age": "35-39",
        "note": "",
        "n_members": 4,
    }


@pytest.mark.parametrize("user", [NATIONAL, GOVERNOR_41, CHIEF_4101, OPS_410101])
def test_personal_data_roles_get_everything_as_stored(user):
    frame = _people()
    assert protect(frame, user).equals(frame)
    assert protect_record(frame.iloc[0].to_dict(), user) == frame.iloc[0].to_dict()


def test_nobody_signed_in_is_treated_as_masked():
    assert protect(_people(), None)["head_name"].tolist() == ["นาย ส. จ."]


@pytest.mark.parametrize(
    ("age", "band"), [(0, "0-4"), (4, "0-4"), (5, "5-9"), (89, "85-89"), (90, "90+"), (None, "")]
)
def test_age_bands(age, band):
    assert age_band(age) == band


def test_query_layer_masks_for_the_viewer(pilot_con):
    full = urgent_households(pilot_con, "410101", limit=5, viewer=NATIONAL)
    masked = urgent_households(pilot_con, "410101", limit=5, viewer=ANALYST)
    truth = (
        pilot_con.execute(
            "SELECT household_id, head_name, lat FROM households WHERE household_id IN "
            "(SELECT unnest(?))",
            [full["household_id"].tolist()],
        )
        .df()
        .set_index("household_id")
        .loc[full["household_id"]]
    )
    assert full["head_name"].tolist() == truth["head_name"].tolist()
    assert full["lat"].tolist() == truth["lat"].tolist()
    assert masked["household_id"].tolist() == [pseudonym(i) for i in full["household_id"]]
    assert not set(masked["head_name"]) & set(truth["head_name"])
    assert masked["house_no"].eq("").all()
    assert masked["lat"].tolist() == [round(v, 2) for v in truth["lat"]]


# --- formulas -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["นายสมชาย", "1-2345", 5, -5.0, None])
def test_other_values_stay(value):
    assert neutralise(value) == value


@pytest.fixture(scope="module")
def formula_build(pilot_build: Path, tmp_path_factory) -> tuple[Path, str]:
    """A copy of the pilot build whose top urgent household of 4101 has a formula as head's name."""
    build = tmp_path_factory.mktemp("formula") / "build"
    shutil.copytree(pilot_build, build)
    con = connect(build)
    top = urgent_households(con, "4101", limit=1, viewer=NATIONAL)["household_id"].iloc[0]
    con.close()
    with duckdb.connect(str(build / "tpmap.duckdb")) as db:
        db.execute("UPDATE households SET head_name = ? WHERE household_id = ?", [FORMULA, top])
    return build, top


def test_household_export_neutralises_a_formula_name_in_csv_and_xlsx(formula_build, tmp_path):
    build, household_id = formula_build
    con = connect(build)
    try:
        spec = SearchSpec(area_code=household_id[:6])
        for fmt in ("csv", "xlsx"):
            path = tmp_path / f"out.{fmt}"
            export_for_user(
                con, NATIONAL, spec, "household", fmt, path, source="app",
                audit_path=tmp_path / "audit.sqlite",
            )  # fmt: skip
            if fmt == "csv":
                rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
            else:
                book = load_workbook(path)
                rows = [list(r) for r in book.worksheets[1].iter_rows(values_only=True)]
            row = next(r for r in rows if r[0] == household_id)
            assert row[1] == "'" + FORMULA, fmt
    finally:
        con.close()


def test_report_xlsx_stores_a_formula_name_as_text(formula_build):
    build, household_id = formula_build
    con = connect(build)
    try:
        data = reports.generate(con, "4101", "xlsx", build, viewer=NATIONAL)
    finally:
        con.close()
    book = load_workbook(io.BytesIO(data))
    cells = [c for s in book.worksheets for r in s.iter_rows() for c in r if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]  # no live formula anywhere
    assert any(c.value == "'" + FORMULA for c in cells)


def test_csv_and_xlsx_files_of_the_download_path_are_neutralised():
    frame = pd.DataFrame({"head_name": [FORMULA, "นายสมชาย"], "n": [1, -2]})
    text = frame_to_csv(frame, comment=["ทดสอบ"]).decode("utf-8-sig")
    assert text.splitlines()[0] == "# ทดสอบ"
    assert list(csv.reader(io.StringIO(text.split("\n", 1)[1]))) == [
        ["head_name", "n"],
        ["'" + FORMULA, "1"],
        ["นายสมชาย", "-2"],
    ]
    book = load_workbook(io.BytesIO(frame_to_xlsx(frame, "data", [("a", "=1")])))
    assert book.worksheets[0]["B1"].value == "'=1"
    assert book.worksheets[1]["A2"].value == "'" + FORMULA
    assert book.worksheets[1]["B3"].value == -2


# --- the one download path: right, scope, one audit row --------------------------------


@pytest.mark.parametrize("user", [OPS_410101])
def test_release_refuses_a_role_without_the_export_right(user, tmp_path):
    path = tmp_path / "audit.sqlite"
    with pytest.raises(AccessDeniedError, match="export right"):
        release(
            user, what="report", area_code="410101", filters={}, level="area", fmt="pdf",
            rows=1, personal_data=True, source="app", audit_path=path,
        )  # fmt: skip
    assert audit.read_exports(path).empty


def test_release_refuses_an_area_outside_the_scope(tmp_path):
    path = tmp_path / "audit.sqlite"
    for area in ("4102", None, "19"):
        with pytest.raises(AccessDeniedError):
            release(
                CHIEF_4101, what="not_reached", area_code=area, filters={}, level="household",
                fmt="csv", rows=3, personal_data=True, source="app", audit_path=path,
            )  # fmt: skip
    assert audit.read_exports(path).empty
    release(
        CHIEF_4101, what="not_reached", area_code="410101", filters={"x": 1}, level="household",
        fmt="csv", rows=3, personal_data=True, source="app", audit_path=path,
    )  # fmt: skip
    log = audit.read_exports(path)
    assert log[["username", "what", "area_code", "rows", "personal_data"]].values.tolist() == [
        ["test_chief", "not_reached", "410101", 3, True]
    ]


def _download_app(user_code: str):
    """A one-widget app offering a file through components.downloads for a demo role."""
    from components.downloads import Made, file_download
    from roles_support import ANALYST, NATIONAL, OPS_410101  # noqa: F401 (inside the app)

    user = {"national": NATIONAL, "ops": OPS_410101, "analyst": ANALYST}[user_code]
    file_download(
        user, key="t", what="not_reached", area_code="410101", filters={}, level="household",
        fmt="csv", file_name="x.csv", personal_data=False,
        make=lambda: Made(b"a,b\n1,2\n", 1),
    )  # fmt: skip


@pytest.mark.parametrize(("role", "gets_file"), [("national", True), ("ops", False)])
def test_the_download_path_writes_one_audit_row_or_offers_nothing(role, gets_file, tmp_path):
    path = tmp_path / "audit.sqlite"
    at = AppTest.from_function(_download_app, args=(role,))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TPMAP_AUDIT_DB", str(path))
        at.run()
        assert not at.exception
        if not gets_file:
            assert not at.button and not at.get("download_button")
            assert "ไม่มีสิทธิ์ส่งออก" in at.info[0].value
            assert audit.read_exports(path).empty
            return
        assert not at.get("download_button")  # nothing made yet, nothing logged
        assert audit.read_exports(path).empty
        at.button(key="t_make").click().run()
        assert len(at.get("download_button")) == 1
        at.run()  # a rerun shows the same file and logs nothing more
        assert len(at.get("download_button")) == 1
    log = audit.read_exports(path)
    assert log[["what", "rows", "format", "source"]].values.tolist() == [
        ["not_reached", 1, "csv", "app"]
    ]


@pytest.fixture()
def app_env(pilot_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app on the pilot build with sign-in off, its own audit log and an empty Logbook."""
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    monkeypatch.setenv("TPMAP_AUTH", "off")
    audit_path = tmp_path / "audit.sqlite"
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(audit_path))
    url = f"sqlite:///{tmp_path / 'logbook.sqlite'}"
    monkeypatch.setenv("TPMAP_LOGBOOK_URL", url)
    yield audit_path
    store.dispose(url)


def test_progress_list_download_is_logged_once(app_env):
    at = app_test("410101")
    at.run()
    at.switch_page("app_pages/progress.py").run()
    assert not at.exception
    at.button(key="not_reached_410101_make").click().run()
    assert not at.exception
    made = at.session_state["_download_not_reached_410101"][1]
    rows = list(csv.reader(io.StringIO(made.content.decode("utf-8-sig"))))
    log = audit.read_exports(app_env)
    assert log[["what", "area_code", "rows", "format"]].values.tolist() == [
        ["not_reached", "410101", len(rows) - 1, "csv"]
    ]


def test_audit_page_filters_by_date_and_downloads_once(app_env):
    audit.record_export(
        app_env, GOVERNOR_41, what="report", area_code="41", filters={"k": None},
        level="area", fmt="pdf", rows=1, personal_data=True, source="app",
    )  # fmt: skip
    # The page's dates are Bangkok's (UTC+7): between 17:00 and 24:00 UTC its today is
    # the machine's tomorrow, and the row written now is dated Bangkok's today.
    today = datetime.now(BANGKOK).date()
    at = app_test()
    at.run()
    at.switch_page("app_pages/audit_log.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 1 and table.iloc[0, 1] == "test_governor"
    assert "น." in table.iloc[0, 0] and str(today.year + 543) in table.iloc[0, 0]
    at.date_input(key="audit_from").set_value(date(2020, 1, 1))
    at.date_input(key="audit_to").set_value(date(2020, 1, 31)).run()
    assert any("ไม่มีการส่งออกในช่วงวันที่นี้" in i.value for i in at.info)
    at.date_input(key="audit_to").set_value(today).run()
    at.button(key="audit_log_make").click().run()
    log = audit.read_exports(app_env)
    assert log["what"].tolist() == ["audit_log", "report"]


# --- the Logbook: every record in the recorder's scope ---------------------------------


def _csv(rows: list[dict]) -> bytes:
    return pd.DataFrame(rows).to_csv(index=False).encode("utf-8")


@pytest.fixture()
def empty_store(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'lb.sqlite'}"
    engine = store.engine_for(url)
    yield engine
    store.dispose(url)


def _count(engine) -> int:
    frames = stats.logbook_frames(engine, None)
    return sum(len(f) for f in frames.values())


def test_an_import_naming_households_outside_the_scope_is_refused_whole(
    empty_store, pilot_con, pilot_households, pilot_build
):
    inside = pilot_households[pilot_households["subdistrict_code"] == "410101"].iloc[0]
    saraburi = pilot_households[pilot_households["province_code"] == "19"].iloc[0]
    sawan = pilot_households[pilot_households["province_code"] == "60"].iloc[0]
    rows = [
        {"record_type": "visit", "household_id": inside["household_id"], "date": "2026-10-01",
         "team": "ทีม 1", "problems": ""},
        {"record_type": "visit", "household_id": saraburi["household_id"], "date": "2026-10-01",
         "team": "ทีม 1", "problems": ""},
        {"record_type": "missed", "household_id": sawan["household_id"], "date": "2026-10-02",
         "head_name": "นายทดสอบ", "n_members": 2, "lat": inside["lat"], "lon": inside["lon"]},
    ]  # fmt: skip
    report = import_file(
        _csv(rows), "rows.csv", user="ops", scope="410101", engine=empty_store,
        con=pilot_con, today=date(2026, 11, 30), build_dir=pilot_build,
    )  # fmt: skip
    assert not report.ok
    errors = report.errors_frame()
    # Spreadsheet numbering: row 1 is the header, so the second and third records are rows 3, 4.
    flagged = sorted(zip(errors.iloc[:, 0], errors.iloc[:, 1], strict=True))
    assert flagged == [(3, "household_id"), (4, "household_id")]
    assert _count(empty_store) == 0


def test_a_form_record_outside_the_scope_is_refused(pilot_households):
    saraburi = pilot_households[pilot_households["province_code"] == "19"].iloc[0]
    inside = pilot_households[pilot_households["subdistrict_code"] == "410101"].iloc[0]
    lookup = {saraburi["household_id"]: saraburi["village_code"]}
    ctx = Context(lambda ids: {i: lookup[i] for i in ids if i in lookup}, "410101", date.today())
    with pytest.raises(RecordError) as visit:
        validate_record(
            "visit",
            {"household_id": saraburi["household_id"], "date": "2026-10-01", "team": "x"},
            ctx,
        )
    assert visit.value.column == "household_id"
    with pytest.raises(RecordError) as missed:
        validate_record(
            "missed",
            {"household_id": saraburi["household_id"], "date": "2026-10-01", "head_name": "x",
             "n_members": 1, "lat": inside["lat"], "lon": inside["lon"],
             "village_code": inside["village_code"]},
            ctx,
        )  # fmt: skip
    assert missed.value.column == "household_id"


def test_a_missed_household_may_not_borrow_a_survey_households_id(pilot_households):
    inside = pilot_households[pilot_households["subdistrict_code"] == "410101"].iloc[0]
    lookup = {inside["household_id"]: inside["village_code"]}
    ctx = Context(lambda ids: {i: lookup[i] for i in ids if i in lookup}, "410101", date.today())
    base = {"date": "2026-10-01", "head_name": "x", "n_members": 1, "lat": inside["lat"],
            "lon": inside["lon"], "village_code": inside["village_code"]}  # fmt: skip
    with pytest.raises(RecordError, match="already a household"):
        validate_record("missed", {**base, "household_id": inside["household_id"]}, ctx)
    with pytest.raises(RecordError, match="missed household's ID"):
        validate_record("missed", {**base, "household_id": "N19010101X"}, ctx)
    own = f"N{inside['village_code']}T1"
    assert validate_record("missed", {**base, "household_id": own}, ctx)["household_id"] == own


# --- user-supplied text is shown as text -----------------------------------------------


def test_a_crafted_area_in_the_url_is_shown_as_plain_text(app_env):
    crafted = "[คลิก](http://attacker.example) ![x](http://attacker.example/p.png)"
    at = app_test(crafted)
    at.run()
    assert not at.exception
    body = " ".join(w.proto.body for w in at.warning)
    assert "\\[คลิก\\]\\(http\\://attacker\\.example\\)" in body
    assert "](http" not in body  # no link or image markdown is left to render


def test_plain_escapes_every_markdown_device():
    from components.formats import plain

    assert plain("**b** _i_ `c` :red[x] :material/lock: $x$ <b>") == (
        "\\*\\*b\\*\\* \\_i\\_ \\`c\\` \\:red\\[x\\] \\:material/lock\\: \\$x\\$ \\<b\\>"
    )
    assert plain("a\nb", 80) == "a b" and plain("x" * 100, 10) == "x" * 9 + "…"


def test_tables_offer_no_toolbar_download_and_make_run_serves_the_guard():
    import tomllib

    root = Path(__file__).parents[1]
    config = tomllib.loads((root / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    assert "streamlit run serve.py" in makefile and "streamlit run app.py" not in makefile


def test_the_analyst_opens_a_household_by_its_pseudonym(app_env, monkeypatch):
    from signin_support import signed_in_app

    monkeypatch.setenv("TPMAP_AUTH", "on")
    at = signed_in_app(monkeypatch, "410101", "analyst")
    at.switch_page("app_pages/households.py").run()
    at.button(key="hs_submit").click().run()
    at.session_state["hs_table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception
    title = next(h.value for h in at.subheader if h.value.startswith("ครัวเรือน"))
    shown = title.split()[-1].replace("\\", "")
    assert re.fullmatch(r"H[0-9a-f]{12}", shown), title
    members = at.dataframe[-1].value  # the household's members, the page's last table
    assert len(members) >= 1 and members.iloc[:, 1].str.contains("xxxxx").all(), members
