"""The household search's Logbook conditions (issue 14): recorded in the Logbook,
newly added in the Logbook, case status and assigned team.

The search runs in DuckDB over the build and the Logbook is a separate store,
so the matching household IDs are found in the Logbook and passed in
(``SearchSpec.logbook_ids``). Expected rows come from the records each test
writes.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from access.personal import pseudonym
from access.roles import User
from logbook import store
from queries.search import (
    SearchSpec,
    SearchSpecError,
    count_households,
    matching_ids,
    new_household,
    search_page,
    search_points,
)
from roles_support import ANALYST, NATIONAL

AREA = "410101"
#: A household the fixture records as missed (in the village of the first target).
MISSED_NAME = "นายตกหล่น ในระบบ"
PAGE = "app_pages/households.py"


def test_logbook_conditions_need_the_ids_and_keep_them_out_of_the_audit_text(pilot_con):
    with pytest.raises(SearchSpecError) as error:
        SearchSpec(area_code=AREA, case_statuses=("declined",))
    assert error.value.key == "logbook_unresolved"
    spec = SearchSpec(area_code=AREA, teams=("ทีม 1",), logbook_ids=("b", "a", "a"))
    assert spec.logbook_ids == ("a", "b")
    assert "logbook_ids" not in spec.to_dict() and spec.to_dict()["logbook_households"] == 2
    assert spec.replace(match="any").logbook_ids == ("a", "b")
    # No Logbook condition: the IDs play no part.
    assert count_households(pilot_con, SearchSpec(area_code=AREA, logbook_ids=())) > 0


def test_the_ids_passed_in_limit_the_households(pilot_con, pilot_households):
    targets = sorted(
        pilot_households.loc[
            (pilot_households["target_group"] == "1.1")
            & pilot_households["village_code"].str.startswith(AREA),
            "household_id",
        ]
    )
    chosen = (targets[0], targets[3], "410199999999")  # one unknown ID matches nothing
    spec = SearchSpec(area_code=AREA, logbook_recorded=True, logbook_ids=chosen)
    assert count_households(pilot_con, spec) == 2
    page = search_page(pilot_con, spec, "household_id", False, viewer=NATIONAL)
    assert list(page["household_id"]) == [targets[0], targets[3]]
    nobody = SearchSpec(area_code=AREA, logbook_recorded=True, logbook_ids=())
    assert count_households(pilot_con, nobody) == 0


def _village(pilot_households, prefix: str, outside: str = "-") -> str:
    codes = pilot_households["village_code"]
    return min(codes[codes.str.startswith(prefix) & ~codes.str.startswith(outside)])


def test_households_newly_added_in_the_logbook_are_found_counted_and_opened(
    pilot_con, pilot_households
):
    here = _village(pilot_households, AREA)
    there = _village(pilot_households, AREA[:4], outside=AREA)  # same district, not AREA
    elsewhere = _village(pilot_households, "6001")
    new = (
        ("N" + here + "0a1b2c3d", here, "นายสมชาย ใจดี", 4, 17.41, 102.79),
        ("N" + there + "99aa", there, "นางมาลี ดีงาม", 2, 17.42, 102.78),
        ("N" + elsewhere + "0001", elsewhere, "นายหนึ่ง สองสาม", 5, 15.70, 100.10),
        ("N999999990001", "99999999", "ไม่มี หมู่บ้าน", 1, 1.0, 1.0),  # not a village
    )
    spec = SearchSpec(area_code=AREA[:4], logbook_new=True, new_households=new)
    # Two of the four lie in the district, one in the subdistrict; the one with an
    # unknown village never shows.
    assert count_households(pilot_con, spec) == 2
    assert count_households(pilot_con, spec.replace(area_code=AREA)) == 1
    assert count_households(pilot_con, spec.replace(area_code=None)) == 3
    page = search_page(pilot_con, spec, "household_id", False, viewer=NATIONAL)
    assert list(page["household_id"]) == [new[0][0], new[1][0]]
    assert list(page["head_name"]) == ["นายสมชาย ใจดี", "นางมาลี ดีงาม"]
    assert list(page["n_members"]) == [4, 2]
    assert list(page["village_code"]) == [here, there]
    assert page["village_th"].str.len().min() > 0  # the village's name, from the build
    assert list(page["dimensions_failed"]) == [0, 0] and list(page["target_group"]) == ["4", "4"]
    # A survey household is never in the set, and the set holds no survey household.
    assert not page["household_id"].isin(pilot_households["household_id"]).any()
    points = search_points(pilot_con, spec, viewer=NATIONAL)
    assert sorted(points["lat"]) == [17.41, 17.42]
    assert matching_ids(pilot_con, spec, 10) == [new[0][0], new[1][0]]
    # Masked for a role without personal data: pseudonym, initials, rounded location.
    masked = search_page(pilot_con, spec, "household_id", False, viewer=ANALYST)
    assert set(masked["household_id"]) == {pseudonym(new[0][0]), pseudonym(new[1][0])}
    assert "นายสมชาย ใจดี" not in set(masked["head_name"])
    opened = new_household(pilot_con, spec, pseudonym(new[0][0]), viewer=ANALYST)
    assert opened["n_members"] == 4 and opened["village_code"] == here
    assert opened["head_name"] != "นายสมชาย ใจดี" and opened["lat"] == 17.41
    assert new_household(pilot_con, spec, new[0][0], viewer=NATIONAL)["head_name"] == new[0][2]
    # The stored ID does not open it for a masked viewer; outside one's area it is not found.
    assert new_household(pilot_con, spec, new[0][0], viewer=ANALYST) is None
    nakhon_sawan = User("t_chief", "t", "district_chief", "6001")
    wide = spec.replace(area_code=None)
    assert new_household(pilot_con, wide, new[0][0], viewer=nakhon_sawan) is None
    assert new_household(pilot_con, wide, new[2][0], viewer=nakhon_sawan)["n_members"] == 5
    # With a Logbook condition: only those of the set whose IDs the Logbook gives.
    both = spec.replace(case_statuses=("open",), logbook_ids=(new[1][0], "410101010001"))
    assert count_households(pilot_con, both) == 1
    # No survey condition can go with the set; outside the set nothing changes.
    with pytest.raises(SearchSpecError) as error:
        spec.replace(indicators=("edu_literacy",), welfare_card="with")
    assert error.value.key == "new_with_survey"
    assert error.value.values["fields"] == ("indicators", "welfare_card")
    survey = SearchSpec(area_code=AREA, new_households=new)
    assert count_households(pilot_con, survey) == count_households(
        pilot_con, SearchSpec(area_code=AREA)
    )
    assert "new_households" not in SearchSpec(area_code=AREA).to_dict()
    assert spec.to_dict()["new_households"] == 4


@pytest.fixture()
def local_with_cases(pilot_build: Path, pilot_households, tmp_path: Path, monkeypatch):
    """Sign-in off, an SQLite Logbook with a declined case, an assignment and a visit."""
    from logbook import cases
    from logbook.records import Context, validate_record

    url = f"sqlite:///{tmp_path / 'logbook.sqlite'}"
    monkeypatch.setenv("TPMAP_AUTH", "off")
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    monkeypatch.setenv("TPMAP_LOGBOOK_URL", url)
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    frame = pilot_households[
        (pilot_households["target_group"] == "1.1")
        & pilot_households["village_code"].str.startswith(AREA)
    ].sort_values("household_id")
    villages = dict(zip(frame["household_id"], frame["village_code"], strict=True))
    engine = store.engine_for(url)
    ctx = Context(lambda ids: {i: villages[i] for i in ids if i in villages}, None, date.today())
    ids = list(villages)
    raws = [
        ("status", {"household_id": ids[0], "date": date.today(), "status": "declined",
                    "reason": "content"}),
        ("visit", {"household_id": ids[1], "date": date.today(), "team": "ทีม 1"}),
    ]  # fmt: skip
    stamp = {"recorded_by": "t", "recorded_at": store.now(), "source": "form"}
    store.add_records(engine, [{**validate_record(k, r, ctx), **stamp} for k, r in raws])
    village = villages[ids[0]]
    missed = {"kind": "missed", "household_id": f"N{village}0a1b2c3d", "village_code": village,
              "found_date": date.today(), "head_name": MISSED_NAME, "n_members": 3,
              "lat": 17.41, "lon": 102.79, "note": "", "record_key": "k-missed"}  # fmt: skip
    store.add_records(engine, [{**missed, **stamp}])
    cases.assign_many(
        engine, ids[2:4], team="ทีมหมากแข้ง 3", assigned=date.today(),
        due=date.today() + timedelta(days=7), note="", ctx=ctx, user="t", submission="s",
    )  # fmt: skip
    yield ids
    store.dispose(url)


def _search(**state):
    from apptest_support import app_test

    at = app_test(AREA)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    for key, value in state.items():
        checkbox = key in ("hs_logbook_recorded", "hs_logbook_new")
        widget = at.checkbox(key=key) if checkbox else at.multiselect(key=key)
        widget.set_value(value)
    at.button(key="hs_submit").click().run()
    assert not at.exception, at.exception
    return at


def _rows(at) -> pd.DataFrame:
    return at.dataframe[0].value if at.dataframe else pd.DataFrame()


def test_the_households_page_filters_by_case_status_team_and_logbook_records(
    local_with_cases, pilot_con
):
    ids = local_with_cases
    head = pd.Series(
        dict(
            pilot_con.execute(
                "SELECT household_id, head_name FROM households "
                "WHERE household_id IN (SELECT unnest(?))",
                [ids[:4]],
            ).fetchall()
        )
    )
    at = _search(hs_case_statuses=["declined"])
    assert list(_rows(at)["หัวหน้าครัวเรือน"]) == [head[ids[0]]]
    at = _search(hs_teams=["ทีมหมากแข้ง 3"])
    assert sorted(_rows(at)["หัวหน้าครัวเรือน"]) == sorted(head[ids[2:4]])
    at = _search(hs_logbook_recorded=True)
    assert sorted(_rows(at)["หัวหน้าครัวเรือน"]) == sorted(head[ids[:4]])
    # The teams offered in the form come from the Logbook.
    assert at.multiselect(key="hs_teams").options == ["ทีมหมากแข้ง 3"]


def test_the_households_page_finds_and_opens_a_household_added_as_missed(local_with_cases):
    at = _search(hs_logbook_new=True)
    rows = _rows(at)
    # The fixture's missed household lies in the searched subdistrict: one row, its typed name.
    assert list(rows["หัวหน้าครัวเรือน"]) == [MISSED_NAME]
    assert at.metric[0].value == "1"
    at.session_state["hs_table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception, at.exception
    shown = " ".join(m.value for m in at.markdown) + " ".join(i.value for i in at.info)
    assert MISSED_NAME in shown and "ยังไม่มีข้อมูลการสำรวจ" in shown
    # With a survey condition the page says why, in Thai, naming the condition.
    at.checkbox(key="hs_failing_mpi").set_value(True)
    at.button(key="hs_submit").click().run()
    assert "«ตก MPI»" in at.error[0].value and "ยังไม่มีข้อมูลการสำรวจ" in at.error[0].value
