"""The Logbook store on SQLite and PostgreSQL: migrations, idempotent and
all-or-nothing writes, concurrent writers, an unreachable database."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from logbook import store
from logbook.models import RECORD_MODELS, DevelopmentStage, HelpGiven, ImportBatch
from tests.logbook_support import BACKENDS, store_url

TABLES = {
    "import_batches",
    "survey_visits",
    "help_given",
    "development_stages",
    "missed_households",
    "subsidy_steps",
    "case_statuses",
    "case_assignments",
    "referrals",
    "alembic_version",
}


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path):
    """URL of an empty store, once per backend."""
    url = store_url(request.param, tmp_path)
    yield url
    store.dispose(url)


def _stage(key: str, stage: str = "survival", household: str = "410101010001") -> dict:
    return {
        "kind": "stage",
        "record_key": key,
        "household_id": household,
        "village_code": household[:8],
        "recorded_by": "test",
        "recorded_at": store.now(),
        "source": "form",
        "stage": stage,
        "stage_date": date(2026, 1, 15),
    }


def _count(engine, model) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(model.__table__)).scalar()


def test_migrations_create_every_table_at_head(url):
    engine = store.engine_for(url)
    assert set(inspect(engine).get_table_names()) == TABLES
    with engine.connect() as connection:
        assert (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"
        )
    # Opening again (a second process) finds the schema at head and changes nothing.
    store.dispose(url)
    assert set(inspect(store.engine_for(url)).get_table_names()) == TABLES


def test_same_record_key_is_stored_once(url):
    engine = store.engine_for(url)
    first = [_stage(f"k{i}") for i in range(5)]
    assert store.add_records(engine, first) == 5
    again = [_stage(f"k{i}") for i in range(3, 8)]  # k3, k4 exist already
    assert store.add_records(engine, again) == 3
    assert _count(engine, DevelopmentStage) == 8


def test_a_failure_half_way_leaves_the_store_as_it_was(url):
    engine = store.engine_for(url)
    store.add_records(engine, [_stage("before")])
    # Three chunks; the last row breaks the stage check constraint, after two
    # chunks were already sent to the database inside the transaction.
    rows = [_stage(f"r{i}") for i in range(2 * store.CHUNK_ROWS + 10)]
    rows[-1] = _stage("bad", stage="flourishing")
    batch = {
        "file_name": "x.csv",
        "file_sha256": "0" * 64,
        "rows_read": len(rows),
        "imported_by": "test",
        "imported_at": store.now(),
    }
    seen = []
    with pytest.raises(store.StoreError, match="nothing stored"):
        store.add_records(engine, rows, batch=batch, progress=lambda d, t: seen.append(d))
    assert seen[:2] == [store.CHUNK_ROWS, 2 * store.CHUNK_ROWS]  # it did get half-way
    assert _count(engine, DevelopmentStage) == 1
    assert _count(engine, ImportBatch) == 0


def test_two_sessions_recording_at_once_lose_nothing(url):
    engine = store.engine_for(url)
    errors: list[Exception] = []
    start = threading.Barrier(2)

    def session(name: str) -> None:
        try:
            start.wait()
            for i in range(40):  # 40 small transactions each, interleaved
                rows = [_stage(f"{name}-{i}-{j}") for j in range(10)]
                rows.append(_stage(f"shared-{i}"))  # both sessions record this one
                store.add_records(engine, rows)
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=session, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # 2 sessions x 40 x 10 own rows + 40 shared rows stored once.
    assert _count(engine, DevelopmentStage) == 2 * 40 * 10 + 40


def test_records_of_every_kind_round_trip(url):
    engine = store.engine_for(url)
    help_row = {
        **{k: v for k, v in _stage("h1").items() if k not in ("stage", "stage_date")},
        "kind": "help",
        "help_date": date(2026, 2, 1),
        "agency": "moph",
        "help_kind": "health_care",
        "dimension": "health",
        "amount_baht": 1234.5,
    }
    assert store.add_records(engine, [help_row]) == 1
    with engine.connect() as connection:
        row = connection.execute(select(HelpGiven.__table__)).one()
    assert (row.agency, row.dimension, float(row.amount_baht)) == ("moph", "health", 1234.5)
    assert row.recorded_by == "test" and row.recorded_at is not None
    assert set(store.count_rows(engine)) == set(RECORD_MODELS)


def test_unreachable_database_gives_a_clear_error_without_the_password():
    url = "postgresql+psycopg://user:secret@127.0.0.1:1/nowhere"
    with pytest.raises(store.StoreUnavailableError) as info:
        store.engine_for(url)
    message = str(info.value)
    assert "unavailable" in message and "127.0.0.1:1/nowhere" in message
    assert "secret" not in message


def test_postgres_restart_is_survived_by_the_pool(url):
    """A connection dropped under the pool (server restart) is replaced on next use."""
    if not url.startswith("postgresql"):
        pytest.skip("the pool pre-ping matters on a server database")
    engine = store.engine_for(url)
    store.add_records(engine, [_stage("one")])
    admin = create_engine(url)
    with admin.begin() as connection:  # kill every other connection to the database
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    admin.dispose()
    assert store.add_records(engine, [_stage("two")]) == 1
    assert _count(engine, DevelopmentStage) == 2


_WRITER = """
import sys
from datetime import date
from logbook import store
url, name = sys.argv[1], sys.argv[2]
engine = store.engine_for(url)
for i in range(30):
    rows = [dict(kind="stage", record_key=f"{name}-{i}-{j}", household_id="410101010001",
                 village_code="41010101", recorded_by=name, recorded_at=store.now(),
                 source="form", stage="survival", stage_date=date(2026, 1, 15))
            for j in range(10)]
    store.add_records(engine, rows)
"""


def test_two_processes_recording_at_once_lose_nothing(url):
    """Two server processes (e.g. two replicas) writing to one store at the same time."""
    import subprocess
    import sys
    from pathlib import Path

    store.engine_for(url)  # migrate first, as the app does at start
    root = Path(__file__).resolve().parents[1]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, url, name], cwd=root, stderr=subprocess.PIPE, text=True
        )
        for name in ("p1", "p2")
    ]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert _count(store.engine_for(url), DevelopmentStage) == 2 * 30 * 10


def test_two_servers_migrating_an_empty_store_at_once(url):
    """Replicas starting together: both open the store, the schema is made once."""
    import subprocess
    import sys
    from pathlib import Path

    script = "import sys; from logbook import store; store.engine_for(sys.argv[1])"
    root = Path(__file__).resolve().parents[1]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, url], cwd=root, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    engine = store.engine_for(url)
    assert set(inspect(engine).get_table_names()) == TABLES
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
