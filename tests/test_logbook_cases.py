"""Case management in the Logbook store (issue 14), on SQLite and PostgreSQL.

Status transitions, a close without a reason refused, a reopen kept in the
history, corrections and voids superseding without deleting, two teams
changing one case at once (both records kept, the later wins), referrals
and their overdue rule, and a bulk assignment of 5,000 cases in one
transaction. Households are a hand-made mapping (no build needed); the
expected figures are worked out from the records each test writes.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import func, select

from logbook import cases, stats, store
from logbook.models import CaseAssignment, CaseStatus
from logbook.records import Context, RecordError, validate_record
from tests.logbook_support import BACKENDS, store_url

TODAY = date(2026, 11, 30)
HOUSEHOLDS = {f"4101010100{i:02d}": "41010101" for i in range(1, 20)}
HH = "410101010001"
#: A referral from community development to public health, requested on 1 Oct 2026.
REQUEST = {
    "household_id": HH,
    "date": "2026-10-01",
    "referral_status": "requested",
    "from_agency": "cdd",
    "to_agency": "moph",
    "help_kind": "health_care",
}


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path):
    """An empty store, once per backend."""
    url = store_url(request.param, tmp_path)
    yield store.engine_for(url)
    store.dispose(url)


def _ctx(engine, scope: str | None = None) -> Context:
    return Context(
        lambda ids: {i: HOUSEHOLDS[i] for i in ids if i in HOUSEHOLDS},
        scope,
        TODAY,
        records=lambda kind, column, values: cases.lookup_records(engine, kind, column, values),
    )


def _save(engine, kind: str, raw: dict, user: str = "team_a", key: str | None = None) -> dict:
    row = validate_record(kind, {**raw, **({"record_key": key} if key else {})}, _ctx(engine))
    stamp = {"recorded_by": user, "recorded_at": store.now(), "source": "form"}
    assert store.add_records(engine, [{**row, **stamp}]) == 1
    return row


def _current(engine, household: str = HH) -> pd.Series:
    frames = cases.case_frames(engine, None)
    return cases.latest(frames["statuses"], "status_date").loc[household]


def _count(engine, model) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(model.__table__)).scalar()


def _status(status: str, day: str, reason: str = "", household: str = HH) -> dict:
    return {"household_id": household, "date": day, "status": status, "reason": reason}


def test_status_transitions_and_a_reopen_stay_in_the_history(engine):
    _save(engine, "status", _status("open", "2026-10-01"))
    _save(engine, "status", _status("in_progress", "2026-10-05"))
    _save(engine, "status", _status("resolved", "2026-11-01", "ได้งานทำ รายได้ผ่านเกณฑ์"))
    assert _current(engine)["status"] == "resolved"
    # Reopened: the closing record stays, the case is open again.
    _save(engine, "status", _status("in_progress", "2026-11-20", "ตกงานอีกครั้ง"))
    assert _current(engine)["status"] == "in_progress"
    line = cases.timeline(engine, HH, viewer=_national())
    statuses = [w["status"] for w in line["what"]]
    assert statuses == ["open", "in_progress", "resolved", "in_progress"]
    assert line["in_effect"].all()


def test_a_close_without_a_reason_is_refused_and_declined_needs_a_known_reason(engine):
    with pytest.raises(RecordError) as error:
        _save(engine, "status", _status("moved", "2026-11-01"))
    assert (error.value.column, error.value.key) == ("reason", "close_reason")
    with pytest.raises(RecordError) as error:
        _save(engine, "status", _status("declined", "2026-11-01", "ไม่อยากได้"))
    assert (error.value.column, error.value.key) == ("reason", "unknown_choice")
    with pytest.raises(RecordError) as error:  # a close needs its date as well
        _save(engine, "status", {**_status("moved", "", "ย้ายไปกรุงเทพฯ")})
    assert error.value.column == "date"
    assert _count(engine, CaseStatus) == 0
    _save(engine, "status", _status("declined", "2026-11-01", "welfare_only"))
    assert _current(engine)["reason"] == "welfare_only"


def test_a_correction_supersedes_without_deleting_and_a_void_removes(engine):
    _save(engine, "status", _status("in_progress", "2026-10-05"))
    _save(engine, "status", _status("moved", "2026-11-01", "ย้ายไปต่างจังหวัด"))
    wrong = cases.case_frames(engine, None)["statuses"].sort_values("id").iloc[-1]
    # The team finds the household had not moved: the correction names the record and why.
    _save(
        engine,
        "correction",
        {
            "corrects": "status",
            "replaces_id": int(wrong["id"]),
            "why": "บันทึกผิดครัวเรือน",
            "status": "not_found",
            "reason": "ไม่พบตัวในพื้นที่ 3 ครั้ง",
            "date": "2026-11-01",
        },
    )
    assert _count(engine, CaseStatus) == 3  # nothing deleted
    assert _current(engine)["status"] == "not_found"
    correction = cases.case_frames(engine, None)["statuses"].sort_values("id").iloc[-1]
    assert int(correction["replaces_id"]) == int(wrong["id"])
    assert correction["why"] == "บันทึกผิดครัวเรือน"
    # A void of the correction: back to the status before it (the replaced one stays out).
    _save(
        engine,
        "correction",
        {"corrects": "status", "replaces_id": int(correction["id"]), "why": "ซ้ำ", "void": "yes"},
    )
    assert _count(engine, CaseStatus) == 4
    assert _current(engine)["status"] == "in_progress"
    line = cases.timeline(engine, HH, viewer=_national())
    assert list(line["in_effect"]) == [True, False, False, False]
    assert list(line["void"]) == [False, False, False, True]
    # A correction must name a record that exists.
    with pytest.raises(RecordError) as error:
        _save(engine, "correction", {"corrects": "status", "replaces_id": 999, "why": "x"})
    assert error.value.key == "no_record"


def test_two_teams_changing_one_case_at_once_keep_both_and_the_later_wins(engine):
    start = threading.Barrier(2)
    errors: list[Exception] = []
    saved: dict[str, object] = {}

    def team(name: str, status: str, reason: str) -> None:
        try:
            row = validate_record("status", _status(status, "2026-11-30", reason), _ctx(engine))
            start.wait()
            stamp = {"recorded_by": name, "recorded_at": store.now(), "source": "form"}
            store.add_records(engine, [{**row, **stamp}])
            saved[name] = stamp["recorded_at"]
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [
        threading.Thread(target=team, args=("team_a", "resolved", "มีงานทำแล้ว")),
        threading.Thread(target=team, args=("team_b", "not_found", "ไม่พบตัว")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = cases.case_frames(engine, None)["statuses"]
    assert sorted(statuses["recorded_by"]) == ["team_a", "team_b"]  # both kept
    later = max(statuses.itertuples(), key=lambda r: (r.recorded_at, r.id))
    assert _current(engine)["recorded_by"] == later.recorded_by


def test_referrals_move_through_their_steps_and_become_overdue(engine):
    request = _save(engine, "referral", REQUEST)
    referral_id = request["referral_id"]
    assert referral_id.startswith("R")
    _save(
        engine,
        "referral",
        {
            "household_id": "410101010002",
            "date": "2026-11-20",
            "referral_status": "requested",
            "from_agency": "lao",
            "to_agency": "msdhs",
            "help_kind": "elderly_care",
        },
    )
    frames = cases.case_frames(engine, None)
    table = stats.referral_status(frames["referrals"], TODAY, overdue_days=30)
    # 60 days open (overdue) and 10 days open (not yet).
    assert dict(zip(table["household_id"], table["overdue"], strict=True)) == {
        HH: True,
        "410101010002": False,
    }
    _save(
        engine,
        "referral",
        {
            "household_id": HH,
            "date": "2026-11-25",
            "referral_status": "done",
            "referral_id": referral_id,
        },
    )
    table = stats.referral_status(cases.case_frames(engine, None)["referrals"], TODAY, 30)
    done = table.set_index("referral_id").loc[referral_id]
    assert (done["referral_status"], done["open"], done["overdue"]) == ("done", False, False)
    assert done["to_agency"] == "moph"  # copied from the request
    assert int(table["open"].sum()) == 1
    # A step naming a referral of another household is refused.
    with pytest.raises(RecordError) as error:
        _save(
            engine,
            "referral",
            {
                "household_id": "410101010003",
                "date": "2026-11-25",
                "referral_status": "accepted",
                "referral_id": referral_id,
            },
        )
    assert error.value.key == "unknown_referral"


def test_bulk_assignment_of_5000_cases_is_one_transaction(engine):
    many = {f"41010101{i:04d}": "41010101" for i in range(5000)}
    ctx = Context(lambda ids: {i: many[i] for i in ids if i in many}, "4101", TODAY)
    due = TODAY + timedelta(days=14)
    added = cases.assign_many(
        engine,
        list(many),
        team="ทีมหมากแข้ง 1",
        assigned=TODAY,
        due=due,
        note="",
        ctx=ctx,
        user="ops",
        submission="bulk-1",
    )
    assert added == 5000
    assert _count(engine, CaseAssignment) == 5000
    # Pressing again (same submission) adds nothing.
    again = cases.assign_many(
        engine, list(many), team="ทีมหมากแข้ง 1", assigned=TODAY, due=due, note="", ctx=ctx,
        user="ops", submission="bulk-1",
    )  # fmt: skip
    assert again == 0
    # One unknown household among 5,000 new ones: nothing of the 5,000 is stored.
    others = [f"41010102{i:04d}" for i in range(4999)] + ["999999999999"]
    wide = Context(lambda ids: {i: "41010102" for i in ids if i.startswith("4101")}, "4101", TODAY)
    with pytest.raises(RecordError):
        cases.assign_many(
            engine, others, team="ทีม 2", assigned=TODAY, due=due, note="", ctx=wide,
            user="ops", submission="bulk-2",
        )  # fmt: skip
    assert _count(engine, CaseAssignment) == 5000
    # A store failure half-way (a value the database refuses) rolls all of them back.
    bad = [f"41010103{i:04d}" for i in range(5000)]
    with pytest.raises(store.StoreError):
        _fail_half_way(engine, bad, due)
    assert _count(engine, CaseAssignment) == 5000


def _fail_half_way(engine, ids: list[str], due: date) -> None:
    """Write 5,000 valid assignments and one row the store refuses, in one call."""
    stamp = {"recorded_by": "ops", "recorded_at": store.now(), "source": "form"}
    rows = [
        {
            "kind": "assign",
            "record_key": f"k{i}",
            "household_id": h,
            "village_code": h[:8],
            "team": "ทีม 3",
            "assigned_date": TODAY,
            "due_date": due,
            "note": "",
            "replaces_id": None,
            "why": "",
            "void": False,
            **stamp,
        }
        for i, h in enumerate(ids)
    ]
    rows.append({**rows[0], "record_key": "bad", "team": None})  # NOT NULL refused
    store.add_records(engine, rows)


def test_overdue_cases_and_time_to_help_follow_the_records(engine):
    statuses = pd.DataFrame(
        {
            "household_id": ["a", "b", "c"],
            "village_code": ["41010101"] * 3,
            "origin": ["survey"] * 3,
            "first_visit": pd.to_datetime(["2026-10-11", "2026-10-21", None]).date,
            "first_help": pd.to_datetime(["2026-10-31", None, None]).date,
            "stage": [None] * 3,
        }
    )
    frames = {
        "missed": pd.DataFrame(columns=["household_id", "found_date"]),
        **cases.case_frames(engine, None),
    }
    day = date(2026, 10, 1)
    rows = []
    for i, household in enumerate(["a", "b", "c"]):
        rows.append(
            {"id": i + 1, "household_id": household, "village_code": "41010101",
             "recorded_by": "t", "recorded_at": pd.Timestamp("2026-10-01", tz="UTC"),
             "source": "form", "status": "open", "status_date": day, "reason": "", "note": "",
             "replaces_id": None, "why": "", "void": False}
        )  # fmt: skip
    frames["statuses"] = pd.DataFrame(rows)
    frames["assignments"] = pd.DataFrame(
        [
            {"id": 1, "household_id": "b", "village_code": "41010101", "recorded_by": "t",
             "recorded_at": pd.Timestamp("2026-10-02", tz="UTC"), "source": "form",
             "team": "ทีม 1", "assigned_date": day, "due_date": date(2026, 11, 1), "note": "",
             "replaces_id": None, "why": "", "void": False},
        ]
    )  # fmt: skip
    out = stats._with_cases(statuses, frames, TODAY)
    assert list(out["case_status"]) == ["in_progress", "in_progress", "open"]
    assert list(out["case_overdue"]) == [False, True, False]
    times = stats.time_to_help(out)
    # Visits after 10 and 20 days, help after 30 days (hand-computed from the dates above).
    assert times["median_days_to_first_visit"] == 15.0
    assert times["p90_days_to_first_visit"] == pytest.approx(19.0)
    assert times["median_days_to_first_help"] == 30.0
    assert (times["cases_timed_visit"], times["cases_timed_help"]) == (2, 1)


def _national():
    from roles_support import NATIONAL

    return NATIONAL


def test_ids_made_from_a_form_record_hold_no_internal_key(engine):
    # A form's record key is "form-<hex>" (components.logbook_forms); the referral ID
    # made from it is "R" + the first 12 hex digits, never "Rform-…".
    key = "form-9e6c01d2aa7b44f0a1b2c3d4e5f60718"
    request = _save(engine, "referral", REQUEST, key=key)
    assert request["referral_id"] == "R9e6c01d2aa7b"
    # A missed household added from a form: "N" + village + 8 hex digits, the format
    # the import accepts back (records.MISSED_ID), not "N41010101form-9e6".
    from logbook.records import MISSED_ID, _missed_household_id

    made = _missed_household_id({}, {"village_code": "41010101", "record_key": key}, _ctx(engine))
    assert made == "N410101019e6c01d2"
    assert MISSED_ID.fullmatch(made)
