"""The household search's Logbook conditions (issue 14): recorded in the Logbook,
case status and assigned team.

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

from logbook import store
from queries.search import SearchSpec, SearchSpecError, count_households, search_page
from roles_support import NATIONAL

AREA = "410101"
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
        widget = at.checkbox(key=key) if key == "hs_logbook_recorded" else at.multiselect(key=key)
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
