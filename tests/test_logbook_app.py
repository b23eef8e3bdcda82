"""AppTest runs of the Logbook and Progress pages: a team member records a visit and
help, the progress page moves; the database briefly unavailable; read-only roles."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text

from apptest_support import app_test
from logbook import store

LOGBOOK = "app_pages/logbook.py"
PROGRESS = "app_pages/progress.py"
AREA = "4101"
UNREACHABLE = "postgresql+psycopg://tpmap:pw@127.0.0.1:1/tpmap"


@pytest.fixture()
def local(pilot_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Sign-in off, the pilot build, an empty SQLite Logbook; returns its URL."""
    url = f"sqlite:///{tmp_path / 'logbook.sqlite'}"
    monkeypatch.setenv("TPMAP_AUTH", "off")
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    monkeypatch.setenv("TPMAP_LOGBOOK_URL", url)
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    yield url
    store.dispose(url)


@pytest.fixture(scope="module")
def targets(pilot_households: pd.DataFrame) -> pd.DataFrame:
    frame = pilot_households[pilot_households["target_group"] == "1.1"]
    return frame[frame["village_code"].str.startswith(AREA)]


def _metric(at, label: str) -> int:
    metric = next(m for m in at.metric if m.label == label)
    return int(metric.value.replace(",", ""))


def _open(at, tab: str):
    """Open a tab of the Logbook page (its label in Thai) and run."""
    from components.i18n import LABELS

    at.session_state["lb_tabs"] = LABELS[tab][0]
    at.run()
    assert not at.exception, at.exception
    return at


def _page(page: str):
    at = app_test(AREA)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def test_recording_a_visit_and_help_moves_the_progress_page(local, targets):
    household = targets["household_id"].iloc[0]
    progress = _page(PROGRESS)
    assert _metric(progress, "ครัวเรือนเป้าหมาย") == len(targets)
    assert _metric(progress, "สำรวจปัญหาแล้ว") == 0
    assert _metric(progress, "ได้รับความช่วยเหลือแล้ว") == 0

    at = _open(_page(LOGBOOK), "lb_tab_visit")
    at.selectbox(key="lb_visit_household").set_value(household)
    at.text_input(key="lb_visit_team").input("ทีมหมากแข้ง 1")
    at.pills(key="lb_visit_problems_income").set_value(["income_working_age_job"])
    at.button(key="lb_visit_save").click().run()
    assert not at.exception
    assert any(household in s.value for s in at.success)
    _open(at, "lb_tab_help")
    at.selectbox(key="lb_help_household").set_value(household)
    at.selectbox(key="lb_help_kind").set_value("job_training")
    at.selectbox(key="lb_help_agency").set_value("mol")
    at.number_input(key="lb_help_amount").set_value(2500.0)
    at.button(key="lb_help_save").click().run()
    assert not at.exception
    assert sum(household in s.value for s in at.success) == 1  # the help entry's message

    engine = store.engine_for(local)
    assert store.count_rows(engine, ["visit", "help"]) == {"visit": 1, "help": 1}
    progress = _page(PROGRESS)
    assert _metric(progress, "สำรวจปัญหาแล้ว") == 1
    assert _metric(progress, "ได้รับความช่วยเหลือแล้ว") == 1
    # Its charts are Vega-Lite only (Plotly's 4.7 MB bundle is not loaded for this page):
    # the months, help by dimension and by agency, and the funnel.
    assert progress.get("plotly_chart") == []
    assert len(progress.get("vega_lite_chart")) == 4
    # The household left the list of targets not yet reached.
    listed = progress.dataframe[-1].value
    assert household not in set(listed["รหัสครัวเรือน"])
    assert len(listed) == min(len(targets) - 1, 500)


def test_database_unavailable_keeps_the_form_and_a_retry_stores_once(local, targets, monkeypatch):
    household = targets["household_id"].iloc[1]
    at = _open(_page(LOGBOOK), "lb_tab_stage")
    monkeypatch.setenv("TPMAP_LOGBOOK_URL", UNREACHABLE)
    at.selectbox(key="lb_stage_household").set_value(household)
    at.radio(key="lb_stage_stage").set_value("sufficiency")
    at.button(key="lb_stage_save").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("บันทึกไม่สำเร็จ" in e and "127.0.0.1:1" in e for e in errors), errors
    assert all("pw" not in e for e in errors)  # no password in the message
    # What was typed is still there.
    assert at.selectbox(key="lb_stage_household").value == household
    assert at.radio(key="lb_stage_stage").value == "sufficiency"
    # The database is back: pressing save again stores the entry, and once more adds nothing.
    monkeypatch.setenv("TPMAP_LOGBOOK_URL", local)
    at.button(key="lb_stage_save").click().run()
    assert any(household in s.value for s in at.success)
    engine = store.engine_for(local)
    assert store.count_rows(engine, ["stage"]) == {"stage": 1}


def test_progress_page_with_the_database_down_says_so(local, monkeypatch):
    monkeypatch.setenv("TPMAP_LOGBOOK_URL", UNREACHABLE)
    at = _page(PROGRESS)
    assert any("ไม่พร้อมใช้งาน" in e.value for e in at.error)
    assert not at.metric


def test_a_missed_household_in_the_sea_is_refused_and_on_land_is_stored(local, targets):
    at = _open(_page(LOGBOOK), "lb_tab_missed")
    at.number_input(key="lb_missed_lat").set_value(11.0)  # the Gulf of Thailand
    at.number_input(key="lb_missed_lon").set_value(101.0)
    at.text_input(key="lb_missed_head").input("นายตกหล่น ทดสอบ")
    at.button(key="lb_missed_save").click().run()
    assert any(
        "ช่อง “ตำแหน่ง”" in e.value and "ไม่อยู่ในหมู่บ้านใดของฐานข้อมูล" in e.value for e in at.error
    ), [e.value for e in at.error]
    engine = store.engine_for(local)
    assert store.count_rows(engine, ["missed"]) == {"missed": 0}
    # At a household of the district: snapped to that household's village.
    house = targets.iloc[0]
    at.number_input(key="lb_missed_lat").set_value(round(float(house["lat"]), 6))
    at.number_input(key="lb_missed_lon").set_value(round(float(house["lon"]), 6))
    at.button(key="lb_missed_save").click().run()
    assert not at.error
    rows = store.read(engine, text("SELECT village_code FROM missed_households"))
    assert [r[0][:6] for r in rows] == [house["village_code"][:6]]


def test_roles_without_the_logbook_right_only_read(local, monkeypatch):
    from signin_support import signed_in_app

    monkeypatch.setenv("TPMAP_AUTH", "on")
    at = signed_in_app(monkeypatch, "41", "governor_udon")
    at.switch_page(LOGBOOK).run()
    assert not at.exception
    assert any("อ่านบันทึกได้อย่างเดียว" in i.value for i in at.info)
    assert not [b for b in at.button if (b.key or "").endswith("_save")]


def test_the_operations_team_records_in_its_own_area(local, monkeypatch, pilot_households):
    from signin_support import signed_in_app

    monkeypatch.setenv("TPMAP_AUTH", "on")
    at = signed_in_app(monkeypatch, "410101", "ops_team")
    at.switch_page(LOGBOOK).run()
    assert not at.exception
    assert not [i for i in at.info if "อ่านบันทึกได้อย่างเดียว" in i.value], [i.value for i in at.info]
    # Offered households: the targets of the team's subdistrict only.
    ops_area = pilot_households[
        (pilot_households["target_group"] == "1.1")
        & pilot_households["village_code"].str.startswith("410101")
    ]
    _open(at, "lb_tab_stage")
    picker = at.selectbox(key="lb_stage_household")
    assert sorted(o.split(" · ")[0] for o in picker.options) == sorted(ops_area["household_id"])
    picker.set_value(ops_area["household_id"].iloc[0])
    at.button(key="lb_stage_save").click().run()
    rows = store.read(store.engine_for(local), text("SELECT recorded_by FROM development_stages"))
    assert [r[0] for r in rows] == ["ops_team"]
