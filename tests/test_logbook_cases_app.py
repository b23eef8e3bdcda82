"""AppTest runs of case management (issue 14): the operations team closes a case as
declined and the Progress page's count moves by one; the worklist shows an assigned
case and hides it once resolved; a search's households are assigned at once; every
Logbook and Progress table is in Thai (no column name in snake_case)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text

from display.labels import LABELS
from logbook import store

LOGBOOK = "app_pages/logbook.py"
PROGRESS = "app_pages/progress.py"
OPS_AREA = "410101"
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")


@pytest.fixture()
def empty_store(pilot_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The pilot build and an empty SQLite Logbook; returns its URL."""
    url = f"sqlite:///{tmp_path / 'logbook.sqlite'}"
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    monkeypatch.setenv("TPMAP_LOGBOOK_URL", url)
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    yield url
    store.dispose(url)


@pytest.fixture(scope="module")
def ops_targets(pilot_households: pd.DataFrame) -> list[str]:
    frame = pilot_households[
        (pilot_households["target_group"] == "1.1")
        & pilot_households["village_code"].str.startswith(OPS_AREA)
    ]
    return sorted(frame["household_id"])


def _ops_team(monkeypatch):
    from signin_support import signed_in_app

    monkeypatch.setenv("TPMAP_AUTH", "on")
    return signed_in_app(monkeypatch, OPS_AREA, "ops_team")


def _tab(at, tab: str):
    from display.labels import LABELS

    at.session_state["lb_tabs"] = LABELS[tab][0]
    at.run()
    assert not at.exception, at.exception
    return at


def _metric(at, label: str) -> int:
    metric = next(m for m in at.metric if m.label == label)
    return int(metric.value.replace(",", ""))


def _progress(at):
    at.switch_page(PROGRESS).run()
    assert not at.exception, at.exception
    return at


def _close(at, household: str, status: str, reason: str) -> None:
    _tab(at.switch_page(LOGBOOK), "lb_tab_case")
    at.selectbox(key="lb_case_household").set_value(household).run()
    at.selectbox(key="lb_case_status").set_value(status)
    if status == "declined":
        at.selectbox(key="lb_case_declined").set_value(reason)
    else:
        at.text_input(key="lb_case_reason").input(reason)
    at.button(key="lb_case_save").click().run()
    assert not at.exception, at.exception
    assert any(household in s.value for s in at.success), [e.value for e in at.error]


def test_closing_a_case_as_declined_moves_the_progress_count_by_one(
    empty_store, monkeypatch, ops_targets
):
    at = _progress(_ops_team(monkeypatch))
    declined_before = _metric(at, "ไม่ประสงค์รับการพัฒนา")
    in_progress_before = _metric(at, "อยู่ระหว่างดำเนินการ")
    assert (declined_before, in_progress_before) == (0, len(ops_targets))  # all open
    _close(at, ops_targets[0], "declined", "welfare_only")
    at = _progress(at)
    assert _metric(at, "ไม่ประสงค์รับการพัฒนา") == declined_before + 1
    assert _metric(at, "อยู่ระหว่างดำเนินการ") == in_progress_before - 1
    table = next(d.value for d in at.dataframe if "สถานะเคส" in d.value.columns)
    counts = dict(zip(table["สถานะเคส"], table["ครัวเรือน"], strict=True))
    assert counts["ไม่ประสงค์รับการพัฒนา"] == 1
    assert sum(counts.values()) == len(ops_targets)  # the statuses add up to the targets
    rows = store.read(store.engine_for(empty_store), text("SELECT recorded_by FROM case_statuses"))
    assert [r[0] for r in rows] == ["ops_team"]


def test_a_close_without_a_reason_is_refused_in_a_whole_thai_sentence(
    empty_store, monkeypatch, ops_targets
):
    at = _tab(_ops_team(monkeypatch).switch_page(LOGBOOK), "lb_tab_case")
    at.selectbox(key="lb_case_household").set_value(ops_targets[1]).run()
    at.selectbox(key="lb_case_status").set_value("moved")
    at.button(key="lb_case_save").click().run()
    errors = [e.value for e in at.error]
    assert errors == ["ช่อง “เหตุผล”: การปิดเคสต้องระบุเหตุผล กรุณากรอกเหตุผล"], errors
    assert store.count_rows(store.engine_for(empty_store), ["status"]) == {"status": 0}


def test_the_worklist_shows_an_assigned_case_and_hides_it_once_resolved(
    empty_store, monkeypatch, ops_targets
):
    household = ops_targets[2]
    at = _tab(_ops_team(monkeypatch).switch_page(LOGBOOK), "lb_tab_assign")
    at.selectbox(key="lb_assign_household").set_value(household)
    at.text_input(key="lb_assign_team").input("ทีมหมากแข้ง 2")
    at.button(key="lb_assign_save").click().run()
    assert any(household in s.value for s in at.success), [e.value for e in at.error]

    at = _tab(at, "lb_tab_worklist")
    assert at.selectbox(key="lb_worklist_team").value == "ทีมหมากแข้ง 2"
    listed = at.dataframe[0].value
    assert list(listed["รหัสครัวเรือน"]) == [household]
    assert list(listed["สถานะเคส"]) == ["ยังไม่ได้เข้าถึง"]

    _close(at, household, "resolved", "มีงานทำ รายได้ผ่านเกณฑ์")
    at = _tab(at, "lb_tab_worklist")
    shown = [d.value for d in at.dataframe]
    assert not any(household in set(d.get("รหัสครัวเรือน", [])) for d in shown)
    assert any("ยังไม่มีเคสที่มอบหมาย" in i.value for i in at.info)


def test_a_search_result_is_assigned_at_once(empty_store, monkeypatch, pilot_con):
    at = _ops_team(monkeypatch)
    at.session_state["hs_conditions"] = {"tpmap_poor": True, "dimensions": ("education",)}
    at = _tab(at.switch_page(LOGBOOK), "lb_tab_assign")
    expected = pilot_con.execute(
        "SELECT count(*) FROM households WHERE target_group = '1.1' "
        "AND starts_with(village_code, ?) AND (mask & ?) <> 0",
        [OPS_AREA, _mask("education")],
    ).fetchone()[0]
    assert expected > 0
    at.text_input(key="lb_bulk_team").input("ทีมการศึกษา")
    at.button(key="lb_bulk_save").click().run()
    assert not at.exception, at.exception
    assert any(f"มอบหมายแล้ว {expected:,} ครัวเรือน" in s.value for s in at.success)
    engine = store.engine_for(empty_store)
    rows = store.read(engine, text("SELECT household_id, team FROM case_assignments"))
    assert len({r[0] for r in rows}) == len(rows) == expected
    assert {r[1] for r in rows} == {"ทีมการศึกษา"}


def _mask(dimension: str) -> int:
    from queries.search import DIMENSION_MASKS

    return DIMENSION_MASKS[dimension]


def test_every_logbook_and_progress_table_is_in_thai(pilot_build, pilot_con, tmp_path, monkeypatch):
    from logbook.synthetic import generate_case_history, generate_history

    url = f"sqlite:///{tmp_path / 'seeded.sqlite'}"
    history = generate_history(pilot_con, date(2026, 11, 30), 5, area_code=OPS_AREA)
    history += generate_case_history(pilot_con, history, date(2026, 11, 30), 5, OPS_AREA)
    store.add_records(store.engine_for(url), history)
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    monkeypatch.setenv("TPMAP_LOGBOOK_URL", url)
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    at = _ops_team(monkeypatch)
    columns: dict[str, list[str]] = {}
    raw: dict[str, list[str]] = {}

    def collect(where: str) -> None:
        assert not at.exception, at.exception
        for i, frame in enumerate(at.dataframe):
            columns[f"{where} #{i}"] = [str(c) for c in frame.value.columns]
            # No Logbook cell is a bare 8-digit village code or a form's internal key
            # (the Progress tables by child area show the DOPA code in a column of its own).
            shown = frame.value.drop(columns=[LABELS["code"][0]], errors="ignore")
            cells = shown.astype(str).to_numpy().ravel()
            raw[f"{where} #{i}"] = [c for c in cells if re.fullmatch(r"\d{8}", c) or "form-" in c]

    collect_progress = _progress(at)
    del collect_progress
    collect("progress")
    at.switch_page(LOGBOOK).run()
    collect("worklist")
    for tab in ("lb_tab_case", "lb_tab_referral"):
        _tab(at, tab)
        referred = next(r for r in history if r["kind"] == "referral")["household_id"]
        key = "lb_case_household" if tab == "lb_tab_case" else "lb_ref_household"
        at.selectbox(key=key).set_value(referred).run()
        collect(tab)
    _tab(at, "lb_tab_recent")
    for kind in at.radio(key="lb_recent_kind").options:
        at.radio(key="lb_recent_kind").set_value(
            next(k for k in ("visit", "help", "stage", "missed", "subsidy", "status", "assign",
                             "referral") if _kind_label(k) == kind)
        ).run()  # fmt: skip
        collect(f"recent {kind}")
    pages = {name.split(" #")[0] for name in columns}
    assert {"progress", "worklist", "lb_tab_case", "lb_tab_referral"} <= pages
    # Every kind with records in the team's area has its table checked.
    kinds = {r["kind"] for r in history if r["village_code"].startswith(OPS_AREA)}
    assert {"status", "assign", "referral", "visit", "help"} <= kinds
    assert {f"recent {_kind_label(k)}" for k in kinds} <= pages
    snake = {where: [c for c in cols if SNAKE.match(c)] for where, cols in columns.items()}
    assert not {where: cols for where, cols in snake.items() if cols}, snake
    assert not {where: cells for where, cells in raw.items() if cells}, raw


def _kind_label(kind: str) -> str:
    from display.labels import LABELS

    tab = {"status": "lb_tab_case", "assign": "lb_tab_assign", "referral": "lb_tab_referral"}
    return LABELS[tab.get(kind, f"lb_tab_{kind}")][0]


def test_import_errors_are_whole_sentences_naming_row_and_column():
    from components.logbook_forms import import_errors_table
    from logbook.importer import ImportReport, RowError

    report = ImportReport(
        "x.csv",
        errors=[
            RowError(12, "household_id", "unknown household", "41999", "unknown_household"),
            RowError(13, "reason", "closing a case needs a reason", "", "close_reason"),
        ],
    )
    table = import_errors_table(report)
    assert list(table.columns) == ["แถว", "คอลัมน์", "ข้อผิดพลาด", "ค่าที่กรอก"]
    assert list(table["ข้อผิดพลาด"]) == [
        "แถว 12 คอลัมน์ household_id: ไม่พบครัวเรือนรหัส 41999 ในพื้นที่ของคุณ",
        "แถว 13 คอลัมน์ reason: การปิดเคสต้องระบุเหตุผล กรุณากรอกเหตุผล",
    ]


def test_a_correction_from_the_case_form_supersedes_and_a_referral_is_stepped(
    empty_store, monkeypatch, ops_targets
):
    household = ops_targets[3]
    at = _ops_team(monkeypatch)
    _close(at, household, "moved", "ย้ายไปขอนแก่น")
    # The team finds it had recorded the wrong outcome: a correction of that record.
    engine = store.engine_for(empty_store)
    (moved_id,) = [r[0] for r in store.read(engine, text("SELECT id FROM case_statuses"))]
    at.selectbox(key="lb_case_status").set_value("not_found")
    at.text_input(key="lb_case_reason").input("ลงพื้นที่ 3 ครั้งไม่พบ")
    at.selectbox(key="lb_case_replaces").set_value(moved_id)
    at.text_input(key="lb_case_why").input("บันทึกผิด")
    at.button(key="lb_case_save").click().run()
    assert not at.error, [e.value for e in at.error]
    rows = store.read(
        engine, text("SELECT status, replaces_id, why FROM case_statuses ORDER BY id")
    )
    assert [tuple(r) for r in rows] == [
        ("moved", None, ""),
        ("not_found", moved_id, "บันทึกผิด"),
    ]
    line = at.dataframe[0].value  # the household's time line shows both
    assert list(line["มีผล"]) == ["ถูกแทนที่/ยกเลิก", "ใช่"]

    _tab(at, "lb_tab_referral")
    at.selectbox(key="lb_ref_household").set_value(household).run()
    at.selectbox(key="lb_ref_from").set_value("cdd")
    at.selectbox(key="lb_ref_to").set_value("moph")
    at.selectbox(key="lb_ref_kind").set_value("health_care")
    at.button(key="lb_ref_save").click().run()
    assert any(household in s.value for s in at.success), [e.value for e in at.error]
    shown = at.dataframe[0].value
    assert list(shown["สถานะการส่งต่อ"]) == ["ส่งต่อแล้ว รอรับเรื่อง"]
    referral_id = shown["เลขที่การส่งต่อ"].iloc[0]
    at.radio(key="lb_ref_mode").set_value("update").run()
    at.selectbox(key="lb_ref_id").set_value(referral_id)
    at.selectbox(key="lb_ref_status").set_value("done")
    at.button(key="lb_ref_save").click().run()
    assert not at.error, [e.value for e in at.error]
    shown = at.dataframe[0].value
    assert list(shown["สถานะการส่งต่อ"]) == ["ดำเนินการแล้ว"]
    assert list(shown["ถึงหน่วยงาน"]) == ["กระทรวงสาธารณสุข"]


def test_a_district_chief_assigns_a_case_but_records_nothing_else(
    empty_store, monkeypatch, pilot_households
):
    """Issue 14: "a district chief or the operations team assigns cases to a team"."""
    from display.labels import label
    from signin_support import signed_in_app

    monkeypatch.setenv("TPMAP_AUTH", "on")
    chief_targets = sorted(
        pilot_households.loc[
            (pilot_households["target_group"] == "1.1")
            & pilot_households["village_code"].str.startswith("4101"),
            "household_id",
        ]
    )
    at = signed_in_app(monkeypatch, "4101", "chief_mueang_udon").switch_page(LOGBOOK)
    at.run()
    assert not at.exception, at.exception
    tabs = [tab.label for tab in at.tabs]
    assert label("lb_tab_assign", "th") in tabs and label("lb_tab_worklist", "th") in tabs
    assert label("lb_tab_visit", "th") not in tabs and label("lb_tab_help", "th") not in tabs

    at = _tab(at, "lb_tab_assign")
    at.selectbox(key="lb_assign_household").set_value(chief_targets[0])
    at.text_input(key="lb_assign_team").input("ทีมอำเภอเมือง 1")
    at.button(key="lb_assign_save").click().run()
    assert any(chief_targets[0] in s.value for s in at.success), [e.value for e in at.error]
    with store.engine_for(empty_store).connect() as conn:
        rows = conn.execute(
            text("SELECT household_id, team, recorded_by FROM case_assignments")
        ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [(chief_targets[0], "ทีมอำเภอเมือง 1")]
    assert rows[0][2] == "chief_mueang_udon"
