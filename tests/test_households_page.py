"""AppTest runs of the Households page, the sign-in and the audit page.

Expected counts and rows are computed with pandas from the build's
``households.parquet`` and ``persons.parquet`` (deprivations from the
indicator columns, the head of household as the first listed member).
The district-chief tests sign in with the demo users of
``config/users.yaml`` through the real password check and server-side
session (``signin_support.signed_in_app``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from access import audit
from apptest_support import app_test
from data_loaders.schema import BOOLEAN_INDICATORS
from signin_support import signed_in_app
from test_search import failed_frame

PAGE = "app_pages/households.py"
MASKED_NAME = re.compile(r"^\S+ (\S\. ?)+$")


@pytest.fixture(scope="module")
def households(pilot_build: Path) -> pd.DataFrame:
    frame = failed_frame(pd.read_parquet(pilot_build / "households.parquet"))
    persons = pd.read_parquet(
        pilot_build / "persons.parquet", columns=["person_id", "household_id", "name"]
    )
    heads = persons.sort_values("person_id").drop_duplicates("household_id")
    return frame.merge(heads[["household_id", "name"]], on="household_id", how="left")


@pytest.fixture(scope="module")
def persons(pilot_build: Path) -> pd.DataFrame:
    return pd.read_parquet(pilot_build / "persons.parquet")


@pytest.fixture()
def audit_db(pilot_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    path = tmp_path / "audit.sqlite"
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(path))
    return path


@pytest.fixture()
def local(audit_db: Path, monkeypatch: pytest.MonkeyPatch):
    """An AppTest of the Households page with sign-in off (the local national user)."""
    monkeypatch.setenv("TPMAP_AUTH", "off")

    def make(area: str | None) -> AppTest:
        at = app_test(area)
        at.run()
        at.switch_page(PAGE).run()
        return at

    return make


def search(at: AppTest, **conditions) -> AppTest:
    for key, value in conditions.items():
        widget = at.slider(key=key) if key == "hs_ndims" else None
        if widget is None:
            kind = {"hs_card": "radio", "hs_match": "radio", "hs_failing_mpi": "checkbox"}.get(
                key, "multiselect"
            )
            widget = getattr(at, kind)(key=key)
        widget.set_value(value)
    at.button(key="hs_submit").click().run()
    assert not at.exception
    return at


def count_shown(at: AppTest) -> int:
    return int(at.metric[0].value.replace(",", ""))


def priority_order(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(
        ["n_failed", "deprivation_score", "household_id"], ascending=[False, False, True]
    )


def test_before_a_search_the_page_says_so(local):
    at = local("41")
    assert not at.exception
    assert any("คุณยังไม่ได้ค้นหา" in i.value for i in at.info)
    assert not at.dataframe and not at.metric
    # The newly-added set can be ticked, and says it has no survey conditions.
    logbook = at.checkbox(key="hs_logbook_new")
    assert not logbook.disabled and "ไม่มีข้อมูล จปฐ." in logbook.help


def test_filters_change_the_count_and_the_rows(local, households):
    at = search(local("41"), hs_ndims=(3, 5), hs_card="without")
    udon = households[households["province_code"] == "41"]
    want = priority_order(udon[(udon["n_failed"] >= 3) & (udon["welfare_card_holders"] == 0)])
    assert count_shown(at) == len(want) > 0
    table = at.dataframe[0].value
    assert len(table) == min(100, len(want))
    assert table["หัวหน้าครัวเรือน"].tolist() == want["name"].head(100).tolist()
    assert table["จำนวนมิติที่ตก"].tolist() == want["n_failed"].head(100).tolist()
    assert table["รายได้"].tolist() == want["f_income"].head(100).tolist()
    # One more condition: households failing income too.
    at = search(at, hs_dimensions=["income"])
    want = want[want["f_income"]]
    assert count_shown(at) == len(want)
    assert len(at.dataframe[0].value) == min(100, len(want))


def test_pages_through_more_than_100000_rows(local, households):
    at = search(local("19"))
    n = int((households["province_code"] == "19").sum())
    assert count_shown(at) == n > 100_000
    at.number_input(key="hs_page").set_value(1200).run()
    table = at.dataframe[0].value
    assert table["ลำดับ"].tolist() == list(range(119_901, 120_001))  # only 100 rows sent
    want = priority_order(households[households["province_code"] == "19"])
    assert table["หัวหน้าครัวเรือน"].tolist() == want["name"].iloc[119_900:120_000].tolist()
    assert any("119,901–120,000" in c.value for c in at.caption)


def test_selecting_a_row_opens_that_household(local, households, persons):
    at = search(local("410101"), hs_failing_mpi=True)
    sub = households[(households["subdistrict_code"] == "410101") & households["poor"]]
    chosen = priority_order(sub).iloc[2]
    at.session_state["hs_table"] = {"selection": {"rows": [2], "columns": []}}
    at.run()
    assert not at.exception
    assert f"ครัวเรือน {chosen['household_id']}" in [s.value for s in at.subheader]
    # Tables after the result table: the failed indicators, then the members.
    members = at.dataframe[2].value
    want = persons[persons["household_id"] == chosen["household_id"]].sort_values("person_id")
    assert members["ชื่อ-สกุล"].tolist() == want["name"].tolist()
    indicators = at.dataframe[1].value
    failed = [c for c in BOOLEAN_INDICATORS if pd.notna(chosen[c]) and bool(chosen[c])]
    assert len(indicators) == len(failed) + int(chosen["low_income"])
    assert all(indicators["เกณฑ์ จปฐ."].str.len() > 10)  # Thai criteria shown


def test_impossible_combination_gives_a_message(local):
    at = local("41")
    at.checkbox(key="hs_tpmap_poor").check()
    at.radio(key="hs_card").set_value("without")
    at.button(key="hs_submit").click().run()
    assert not at.exception
    assert any("บัตรสวัสดิการ" in e.value for e in at.error)
    assert not at.dataframe


def test_unknown_area_in_the_url_gives_a_message(local):
    at = local("4199")
    assert not at.exception
    assert any("4199" in w.value for w in at.warning)


def test_export_in_the_app_is_logged(local, audit_db):
    at = search(local("4101"), hs_ndims=(4, 5))
    n = count_shown(at)
    at.radio(key="hs_export_format").set_value("xlsx").run()
    at.button(key="hs_export_make").click().run()
    assert not at.exception
    assert at.get("download_button")[0].label.endswith(".xlsx")
    log = audit.read_exports(audit_db)
    assert len(log) == 1
    assert (log.iloc[0]["area_code"], log.iloc[0]["rows"], log.iloc[0]["format"]) == (
        "4101",
        n,
        "xlsx",
    )
    # The national user reads the log in the app.
    at.switch_page("app_pages/audit_log.py").run()
    assert at.metric[0].value == "1"
    assert at.dataframe[0].value["จำนวนแถว"].tolist() == [n]


def test_district_chief_signs_in_and_stays_in_the_district(audit_db, monkeypatch, households):
    monkeypatch.setenv("TPMAP_AUTH", "on")
    at = signed_in_app(monkeypatch, "4102", "chief_mueang_udon")  # URL: another district
    assert not at.exception
    assert at.query_params["area"] in ("4101", ["4101"])
    assert any("4102" in w.value for w in at.warning)
    assert at.selectbox(key="pick_province").options == ["อุดรธานี"]  # no other province
    at.switch_page(PAGE).run()
    for tampered in ("60", "41", "4102", "41020101"):  # editing the URL
        at.query_params["area"] = tampered
        at.run()
        assert at.query_params["area"] in ("4101", ["4101"]), tampered
    at = search(at)
    district = households[households["district_code"] == "4101"]
    assert count_shown(at) == len(district)
    assert set(at.dataframe[0].value["หัวหน้าครัวเรือน"]) <= set(district["name"])  # full names
    at.button(key="hs_export_make").click().run()
    log = audit.read_exports(audit_db)
    assert log["area_code"].tolist() == ["4101"] and log["rows"].tolist() == [len(district)]
    assert log["username"].tolist() == ["chief_mueang_udon"]
    # No audit page for a chief: it is not registered for them (a browser gets "page not
    # found"); AppTest may still know it from an earlier test, and then the page refuses.
    try:
        at.switch_page("app_pages/audit_log.py").run()
    except ValueError as exc:
        assert "navigation page" in str(exc)
    else:
        assert any("ระดับประเทศ" in e.value for e in at.error) and not at.dataframe


def test_a_forged_cookie_shows_no_data_and_the_analyst_sees_masked_names(audit_db, monkeypatch):
    from signin_support import give_cookies

    monkeypatch.setenv("TPMAP_AUTH", "on")
    give_cookies(monkeypatch, {"tpmap_session": "not-a-session"})
    at = app_test("41")
    at.run()
    assert not at.exception
    assert any("ไม่ถูกต้อง" in w.value for w in at.warning)  # the cookie is not valid
    assert not at.metric  # nothing of the data is shown
    at = signed_in_app(monkeypatch, "41", "analyst")
    at.switch_page(PAGE).run()
    at = search(at, hs_failing_mpi=True)
    names = at.dataframe[0].value["หัวหน้าครัวเรือน"]
    assert all(MASKED_NAME.match(n) for n in names), names.iloc[0]
    assert any("ปิดบัง" in c.value for c in at.caption)
    # The urgent page's ranked list masks heads of household for the analyst too.
    at.switch_page("app_pages/urgent.py").run()
    heads = at.dataframe[0].value["หัวหน้าครัวเรือน"]
    assert len(heads) > 0 and all(MASKED_NAME.match(n) for n in heads)


def test_sign_in_is_on_by_default(audit_db, monkeypatch):
    monkeypatch.delenv("TPMAP_AUTH", raising=False)
    at = app_test("41")
    at.run()
    assert not at.exception
    assert any("/signin?next=" in m.value for m in at.markdown)  # the way to the form
    assert not at.metric and not at.dataframe  # no data before sign-in
