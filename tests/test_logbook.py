"""Logbook on the pilot build: validation, bulk import, progress figures, CLI, synthetic history.

Expected figures are recomputed with pandas from the build's
``households.parquet`` and from the records the test itself wrote.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from logbook import stats, store
from logbook.importer import ImportFileError, import_file, read_table
from logbook.records import ALL_COLUMNS, Context, RecordError, validate_record
from logbook.sample import sample_rows
from logbook.synthetic import generate_history
from roles_support import NATIONAL
from signin_support import os_account_users_file
from tests.logbook_support import BACKENDS, store_url

TODAY = date(2026, 11, 25)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path):
    url = store_url(request.param, tmp_path)
    yield store.engine_for(url)
    store.dispose(url)


@pytest.fixture(scope="module")
def targets(pilot_households: pd.DataFrame) -> pd.DataFrame:
    return pilot_households[pilot_households["target_group"] == "1.1"]


def _csv(rows: list[dict]) -> bytes:
    frame = pd.DataFrame(rows, columns=ALL_COLUMNS).astype(object).fillna("")
    return frame.to_csv(index=False).encode("utf-8-sig")


def _ctx(mapping: dict[str, str], scope: str | None = None) -> Context:
    return Context(lambda ids: {i: mapping[i] for i in ids if i in mapping}, scope, TODAY)


@pytest.mark.parametrize(
    ("raw", "column"),
    [
        ({"household_id": "nope", "date": "2026-01-01", "team": "t"}, "household_id"),
        ({"household_id": "H1", "date": "2026-13-01", "team": "t"}, "date"),
        ({"household_id": "H1", "date": "2027-01-01", "team": "t"}, "date"),
        ({"household_id": "H1", "date": "2016-12-31", "team": "t"}, "date"),
        ({"household_id": "H1", "date": "2026-01-01", "team": ""}, "team"),
        ({"household_id": "H1", "date": "2026-01-01", "team": "t", "problems": "x"}, "problems"),
        ({"household_id": "H2", "date": "2026-01-01", "team": "t"}, "household_id"),  # scope
    ],
)
def test_an_invalid_visit_names_the_column(raw, column):
    ctx = _ctx({"H1": "41010101", "H2": "60010101"}, scope="41")
    with pytest.raises(RecordError) as info:
        validate_record("visit", raw, ctx)
    assert info.value.column == column


def test_help_rules_menu_dimension_default_and_amount():
    ctx = _ctx({"H1": "41010101"})
    base = {"household_id": "H1", "date": "2026-03-01", "agency": "moph"}
    row = validate_record("help", {**base, "help_kind": "house_repair"}, ctx)
    assert (row["dimension"], row["amount_baht"], row["village_code"]) == (
        "living",
        0.0,
        "41010101",
    )
    for bad, column in (
        ({"help_kind": "cash_gift"}, "help_kind"),
        ({"help_kind": "scholarship", "agency": "nasa"}, "agency"),
        ({"help_kind": "scholarship", "amount_baht": "-5"}, "amount_baht"),
        ({"help_kind": "scholarship", "amount_baht": "lots"}, "amount_baht"),
        ({"help_kind": "scholarship", "dimension": "wealth"}, "dimension"),
    ):
        with pytest.raises(RecordError) as info:
            validate_record("help", {**base, **bad}, ctx)
        assert info.value.column == column
    # The key depends on the content only: the same help twice has the same key.
    again = validate_record("help", {**base, "help_kind": "house_repair"}, ctx)
    assert again["record_key"] == row["record_key"]


def test_import_counts_progress_and_is_idempotent(engine, pilot_con, targets):
    ids = targets[targets["village_code"].str.startswith("4101")]["household_id"].tolist()[:30]
    assert len(ids) == 30
    rows = [
        {"record_type": "visit", "household_id": i, "date": "2026-10-01", "team": "A"}
        for i in ids[:20]
    ]
    rows += [
        {
            "record_type": "help",
            "household_id": i,
            "date": "2026-10-05",
            "help_kind": "job_training",
            "agency": "mol",
            "amount_baht": "1,500",
        }
        for i in ids[10:30]
    ]
    rows += [
        {"record_type": "stage", "household_id": ids[0], "date": "2026-10-02", "stage": "survival"},
        {
            "record_type": "stage",
            "household_id": ids[0],
            "date": "2026-11-02",
            "stage": "sufficiency",
        },
    ]
    data = _csv(rows)
    report = import_file(
        data, "f.csv", user="u", scope="41", engine=engine, con=pilot_con, today=TODAY
    )
    assert report.ok and (report.rows_added, report.rows_skipped) == (42, 0)
    again = import_file(
        data, "f.csv", user="u", scope="41", engine=engine, con=pilot_con, today=TODAY
    )
    assert (again.rows_added, again.rows_skipped) == (0, 42)
    assert store.count_rows(engine) == {
        "visit": 20,
        "help": 20,
        "stage": 2,
        "missed": 0,
        "subsidy": 0,
        "status": 0,
        "assign": 0,
        "referral": 0,
    }

    result = stats.area_progress(pilot_con, engine, "4101")
    expected_targets = int(targets["village_code"].str.startswith("4101").sum())
    # Case figures (issue 14): no status records, so the 30 households with a visit
    # or help are in progress and the rest open; nothing assigned, referred or timed.
    assert result.pop("by_status") == {
        **dict.fromkeys(
            ("resolved", "solved_by_itself", "declined", "moved", "died", "not_found"), 0
        ),
        "duplicate": 0,
        "open": expected_targets - 30,
        "in_progress": 30,
    }
    assert result.pop("by_status_group") == {
        **dict.fromkeys(("resolved", "solved_by_itself", "declined", "moved", "not_found"), 0),
        "in_progress": expected_targets,  # ThaiQM's "in progress" = open + in progress
        "other": 0,
    }
    shares = result.pop("shares")
    assert (
        shares["in_progress"] == 1.0
        and shares["open"] == (expected_targets - 30) / expected_targets
    )
    assert shares["sufficiency"] == 1 / expected_targets and shares["resolved"] == 0.0
    assert [result.pop(k) for k in ("overdue_cases", "open_referrals", "overdue_referrals")] == [
        0,
        0,
        0,
    ]
    assert {k: result.pop(k) for k in list(result) if "days" in k or "timed" in k} == {
        "median_days_to_first_visit": None,
        "p90_days_to_first_visit": None,
        "cases_timed_visit": 0,
        "median_days_to_first_help": None,
        "p90_days_to_first_help": None,
        "cases_timed_help": 0,
    }
    assert result == {
        "area_code": "4101",
        "target_households": expected_targets,
        "surveyed_households": 20,
        "helped_households": 20,
        "surveyed_share": 20 / expected_targets,
        "helped_share": 20 / expected_targets,
        "by_stage": {
            "survival": 0,
            "sufficiency": 1,
            "sustainability": 0,
            "none": expected_targets - 1,
        },
    }
    # The province sees the same 20/20; another province sees nothing.
    assert stats.area_progress(pilot_con, engine, "41")["helped_households"] == 20
    assert stats.area_progress(pilot_con, engine, "60")["surveyed_households"] == 0


def test_an_invalid_file_imports_nothing_and_names_row_and_column(engine, pilot_con, targets):
    good = targets["household_id"].iloc[0]
    rows = [{"record_type": "visit", "household_id": good, "date": "2026-10-01", "team": "A"}] * 5
    rows[3] = {**rows[3], "date": "01/10/2026"}  # spreadsheet row 5
    rows.append(
        {"record_type": "stage", "household_id": good, "date": "2026-10-01", "stage": "rich"}
    )  # row 7
    report = import_file(
        _csv(rows), "bad.csv", user="u", scope=None, engine=engine, con=pilot_con, today=TODAY
    )
    assert [(e.row, e.column) for e in report.errors] == [(5, "date"), (7, "stage")]
    assert report.rows_added == 0 and sum(store.count_rows(engine).values()) == 0


def test_missed_household_is_snapped_to_its_village_and_counts_as_target(
    engine, pilot_con, pilot_build
):
    import geopandas as gpd

    villages = gpd.read_parquet(pilot_build / "villages.parquet")
    village = villages[villages["village_code"].str.startswith("4101")].iloc[0]
    lat, lon = village.geometry.y, village.geometry.x
    rows = [
        {
            "record_type": "missed",
            "date": "2026-09-01",
            "head_name": "นายทดสอบ ระบบ",
            "n_members": "4",
            "lat": str(lat),
            "lon": str(lon),
        }
    ]
    before = stats.area_progress(pilot_con, engine, village["village_code"])
    report = import_file(
        _csv(rows),
        "m.csv",
        user="u",
        scope="4101",
        engine=engine,
        con=pilot_con,
        today=TODAY,
        build_dir=pilot_build,
    )
    assert report.ok and report.rows_added == 1
    after = stats.area_progress(pilot_con, engine, village["village_code"])
    assert after["target_households"] == before["target_households"] + 1
    # Outside Thailand's polygons (the Gulf of Thailand): an error on the location.
    rows[0].update(lat="11.0", lon="101.0")
    report = import_file(
        _csv(rows),
        "m.csv",
        user="u",
        scope=None,
        engine=engine,
        con=pilot_con,
        today=TODAY,
        build_dir=pilot_build,
    )
    assert [(e.row, e.column) for e in report.errors] == [(2, "lat")]


def test_unreadable_files_are_refused_with_the_file_name():
    with pytest.raises(ImportFileError, match="x.pdf"):
        read_table(b"%PDF", "x.pdf")
    with pytest.raises(ImportFileError, match="record_type"):
        read_table(b"a,b\n1,2\n", "x.csv")
    with pytest.raises(ImportFileError, match="colour"):
        read_table(b"record_type,colour\nvisit,red\n", "x.csv")
    with pytest.raises(ImportFileError, match="encoding"):
        read_table("record_type\nการเยี่ยม\n".encode("cp874"), "x.csv")


def test_xlsx_import_reads_the_first_sheet(engine, pilot_con, targets):
    frame = sample_rows(pilot_con, "4101", 50, 3, TODAY)
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    report = import_file(
        buffer.getvalue(),
        "s.xlsx",
        user="u",
        scope="4101",
        engine=engine,
        con=pilot_con,
        today=TODAY,
    )
    assert report.ok and report.rows_read == 50
    assert report.rows_added + report.rows_skipped == 50
    assert report.rows_added == len({tuple(r) for r in frame.astype(str).to_numpy()})


def test_ten_thousand_rows_import_and_move_the_province(engine, pilot_con):
    frame = sample_rows(pilot_con, "41", 10_000, 7, TODAY)
    before = stats.area_progress(pilot_con, engine, "41")
    report = import_file(
        frame.to_csv(index=False).encode(),
        "big.csv",
        user="u",
        scope="41",
        engine=engine,
        con=pilot_con,
        today=TODAY,
    )
    assert report.ok and report.rows_added > 9_900
    after = stats.area_progress(pilot_con, engine, "41")
    visited = frame.loc[frame["record_type"] == "visit", "household_id"].nunique()
    helped = frame.loc[frame["record_type"] == "help", "household_id"].nunique()
    assert after["surveyed_households"] - before["surveyed_households"] == visited
    assert after["helped_households"] - before["helped_households"] == helped


def test_child_month_dimension_and_funnel_tables(engine, pilot_con, targets):
    ids = targets[targets["district_code"] == "4101"]["household_id"].tolist()
    rows = [
        {"record_type": "visit", "household_id": i, "date": f"2026-0{1 + n % 3}-10", "team": "A"}
        for n, i in enumerate(ids[:9])
    ]
    rows += [
        {
            "record_type": "help",
            "household_id": ids[0],
            "date": "2026-02-01",
            "help_kind": "scholarship",
            "agency": "moe",
            "amount_baht": "100",
        },
        {
            "record_type": "help",
            "household_id": ids[0],
            "date": "2026-03-01",
            "help_kind": "house_repair",
            "agency": "lao",
            "amount_baht": "50",
        },
        {
            "record_type": "stage",
            "household_id": ids[0],
            "date": "2026-03-01",
            "stage": "sustainability",
        },
    ]
    import_file(
        _csv(rows), "c.csv", user="u", scope=None, engine=engine, con=pilot_con, today=TODAY
    )
    frames = stats.logbook_frames(engine, "4101")
    status = stats.target_status(pilot_con, frames, "4101")
    months = stats.by_month(status)
    assert months["surveyed"].tolist() == [3, 3, 3]
    assert months["helped"].tolist() == [0, 1, 0]
    assert months["surveyed_cum_share"].iloc[-1] == pytest.approx(9 / len(status))
    dims = stats.help_breakdown(frames["help"], status, "dimension")
    assert dict(zip(dims["dimension"], dims["amount_baht"], strict=True)) == {
        "education": 100.0,
        "living": 50.0,
    }
    funnel = dict(stats.funnel(status).itertuples(index=False))
    assert funnel == {
        "targets": len(status),
        "surveyed": 9,
        "helped": 1,
        "survival": 1,
        "sufficiency": 1,
        "sustainability": 1,
    }
    children = stats.by_child(pilot_con, status, "4101").set_index("code")
    expected = targets[targets["district_code"] == "4101"].groupby("subdistrict_code").size()
    assert children["targets"].to_dict() == expected.reindex(children.index, fill_value=0).to_dict()
    assert children["surveyed"].sum() == 9
    todo = stats.not_reached(pilot_con, status, frames, viewer=NATIONAL)
    assert len(todo) == len(status) - 1  # only ids[0] is surveyed and helped
    assert ids[0] not in set(todo["household_id"])
    assert stats.not_reached_count(status) == len(todo)
    first = stats.not_reached(pilot_con, status, frames, limit=3, viewer=NATIONAL)
    assert first["household_id"].tolist() == todo["household_id"].head(3).tolist()


def test_cli_import_and_stats(tmp_path, pilot_con, pilot_build, os_account_national):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    (tmp_path / "ops").mkdir()
    frame = sample_rows(pilot_con, "410101", 200, 5, date.today())
    path = tmp_path / "in.csv"
    frame.to_csv(path, index=False)
    env = {
        "TPMAP_BUILD_DIR": str(pilot_build),
        "PATH": "/usr/bin:/bin",
        # this account acts as the operations team of 410101 (the Logbook-write right)
        "TPMAP_USERS_FILE": str(os_account_users_file(tmp_path / "ops", "ops_team")),
        "TPMAP_AUDIT_DB": str(tmp_path / "audit.sqlite"),
    }
    run = [sys.executable, "-m", "logbook"]
    done = subprocess.run(
        [*run, "import", str(path), "--db", url], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "200 rows read" in done.stdout
    out = subprocess.run(
        [*run, "stats", "--area", "410101", "--json", "--db", url],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    result = json.loads(out.stdout)
    assert set(result) >= {
        "area_code",
        "target_households",
        "surveyed_households",
        "helped_households",
        "surveyed_share",
        "helped_share",
        "by_stage",
        "by_status",
        "overdue_cases",
        "open_referrals",
        "median_days_to_first_help",
    }
    assert sum(result["by_status"].values()) == result["target_households"]
    assert (
        result["surveyed_households"]
        == frame.loc[frame["record_type"] == "visit", "household_id"].nunique()
    )
    bad = subprocess.run(
        [*run, "stats", "--area", "99", "--db", url],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert bad.returncode == 2 and "99" in bad.stderr
    # A role without the Logbook-write right (national) may not import, as in the app.
    env["TPMAP_USERS_FILE"] = str(os_account_national)
    refused = subprocess.run(
        [*run, "import", str(path), "--db", url], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert refused.returncode == 2 and "logbook-write" in refused.stderr


def test_synthetic_history_is_near_the_published_shares_and_varies(pilot_con):
    records = generate_history(pilot_con, TODAY, 2566)
    assert {r["source"] for r in records} == {"synthetic"}
    frame = pd.DataFrame(records)
    status = stats.target_status(
        pilot_con,
        {
            "visits": frame[frame["kind"] == "visit"][["household_id", "visit_date"]],
            "help": frame[frame["kind"] == "help"][["household_id", "help_date"]],
            "stages": frame[frame["kind"] == "stage"]
            .reset_index()
            .rename(columns={"index": "id"})[["id", "household_id", "stage", "stage_date"]],
            "missed": frame[frame["kind"] == "missed"][["household_id", "village_code"]],
        },
        None,
    )
    summary = stats.summary(status, None)
    assert summary["surveyed_share"] == pytest.approx(0.985, abs=0.01)
    assert summary["helped_share"] == pytest.approx(0.987, abs=0.01)
    missed = (frame["kind"] == "missed").sum()
    assert missed / (len(status) - missed) == pytest.approx(12_808 / 618_311, rel=0.25)
    children = stats.by_child(pilot_con, status, "41")
    assert children["helped_share"].std() > 0.003  # districts differ
    months = stats.by_month(status)
    assert (
        len(months) in (12, 13)
        and months["surveyed"].iloc[:6].sum() > months["surveyed"].iloc[6:].sum()
    )  # front-loaded
    dates = pd.to_datetime(frame["recorded_at"])
    assert dates.max().date() <= TODAY
    # Same seed and end: the same keys (seeding twice adds nothing).
    first = [r["record_key"] for r in generate_history(pilot_con, TODAY, 2566, area_code="4101")]
    again = [r["record_key"] for r in generate_history(pilot_con, TODAY, 2566, area_code="4101")]
    other = [r["record_key"] for r in generate_history(pilot_con, TODAY, 2567, area_code="4101")]
    assert first == again and len(set(first)) == len(first) and first != other
