"""Bulk Logbook imports that block no one (issue 13) and say file errors in Thai (issue 14).

Rows of an import still loading are hidden from every read; the store's lock
is free between the import's short transactions (SQLite); a failed or
abandoned import leaves nothing; a file is read in chunks whose row numbers
are the spreadsheet's. Expected rows and counts are written out here.
"""

from __future__ import annotations

import io
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from display.labels import label
from logbook import importer, store
from logbook.importer import ImportFileError, import_file, read_chunks
from logbook.models import DevelopmentStage, ImportBatch
from logbook.records import ALL_COLUMNS
from tests.logbook_support import BACKENDS, store_url

TODAY = date(2026, 11, 25)


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path):
    url = store_url(request.param, tmp_path)
    yield store.engine_for(url)
    store.dispose(url)


def _stage(key: str, stage: str = "survival") -> dict:
    return {
        "kind": "stage",
        "record_key": key,
        "household_id": "410101010001",
        "village_code": "41010101",
        "recorded_by": "test",
        "recorded_at": store.now(),
        "source": "import",
        "stage": stage,
        "stage_date": date(2026, 1, 15),
    }


def _batch(name: str = "x.csv") -> dict:
    return {
        "file_name": name,
        "file_sha256": "0" * 64,
        "rows_read": 0,
        "imported_by": "test",
        "imported_at": store.now(),
    }


def _visible(engine) -> int:
    return store.read(engine, select(func.count()).select_from(DevelopmentStage.__table__))[0][0]


def _loading_batch(engine, heartbeat) -> int:
    table = ImportBatch.__table__
    with engine.begin() as connection:
        batch_id = connection.execute(
            table.insert().returning(table.c.id),
            {**_batch(), "rows_added": 0, "status": "loading", "heartbeat_at": heartbeat},
        ).scalar_one()
        connection.execute(
            DevelopmentStage.__table__.insert(),
            [{**_stage(f"k{i}"), "batch_id": batch_id} for i in range(3)],
        )
    return batch_id


def test_rows_of_a_loading_import_are_hidden_until_it_is_complete(engine):
    store.add_records(engine, [_stage("form")])  # a form's record: always visible
    batch_id = _loading_batch(engine, store.now())
    assert _visible(engine) == 1
    assert store.count_rows(engine, ["stage"]) == {"stage": 1}
    seen = select(func.count()).select_from(DevelopmentStage.__table__)
    with engine.connect() as connection:  # the importer's own view of its rows
        options = {store.INCLUDE_LOADING: True}
        assert connection.execute(seen.execution_options(**options)).scalar() == 4
    table = ImportBatch.__table__
    with engine.begin() as connection:
        connection.execute(table.update().where(table.c.id == batch_id).values(status="complete"))
    assert _visible(engine) == 4


def test_the_content_version_moves_whenever_what_readers_see_may_change(engine):
    """``store.content_version`` keys the app's Logbook caches (issue 13)."""
    stages = list(store.RECORD_MODELS).index("stage")
    empty = store.content_version(engine)
    assert empty == store.content_version(engine)  # nothing written: the same key
    store.add_records(engine, [_stage("form")])  # a form save
    saved = store.content_version(engine)
    assert saved != empty and saved[stages] is not None
    batch_id = _loading_batch(engine, store.now())  # an import starts: rows hidden
    loading = store.content_version(engine)
    assert loading != saved
    table = ImportBatch.__table__
    with engine.begin() as connection:  # the import is complete: its rows appear
        connection.execute(table.update().where(table.c.id == batch_id).values(status="complete"))
    complete = store.content_version(engine)
    assert complete != loading
    # Batches: (count, highest id, complete count) after the record tables' highest ids.
    assert complete[-3:] == (1, batch_id, 1) and loading[-3:] == (1, batch_id, 0)
    # The form's row then the import's three: the highest stage id is the fourth row's.
    assert complete[stages] == saved[stages] + 3


def test_an_abandoned_import_is_removed_and_a_live_one_kept(engine):
    dead = _loading_batch(engine, store.now() - timedelta(seconds=store.STALE_SECONDS + 60))
    table = DevelopmentStage.__table__
    with engine.begin() as connection:  # the live import's rows need keys of their own
        connection.execute(
            table.update()
            .where(table.c.batch_id == dead)
            .values(record_key=table.c.record_key + "-dead")
        )
    live = _loading_batch(engine, store.now())
    assert store.discard_abandoned(engine) == [dead]
    with engine.connect() as connection:
        options = {store.INCLUDE_LOADING: True}
        rows = (
            connection.execute(select(table.c.batch_id).execution_options(**options))
            .scalars()
            .all()
        )
        batches = connection.execute(select(ImportBatch.__table__.c.id)).scalars().all()
    assert rows == [live, live, live] and batches == [live]


def test_a_publish_failing_half_way_leaves_nothing(engine, monkeypatch):
    monkeypatch.setattr(store, "PUBLISH_ROWS", 4)
    monkeypatch.setattr(store, "YIELD_SECONDS", 0.0)
    store.add_records(engine, [_stage("before")])
    chunks = [[_stage(f"a{i}") for i in range(10)], [_stage("b0"), _stage("bad", "flourishing")]]
    with pytest.raises(store.StoreError, match="nothing stored"):
        store.publish(engine, iter(chunks), total=12, batch=_batch())
    with engine.connect() as connection:
        options = {store.INCLUDE_LOADING: True}
        count = select(func.count()).select_from(DevelopmentStage.__table__)
        assert connection.execute(count.execution_options(**options)).scalar() == 1
        assert (
            connection.execute(select(func.count()).select_from(ImportBatch.__table__)).scalar()
            == 0
        )


def test_publish_counts_new_rows_once_and_records_the_batch(engine):
    store.add_records(engine, [_stage("k1")])
    chunks = [[_stage("k0"), _stage("k1")], [_stage("k2"), _stage("k0")]]  # k1 stored, k0 twice
    assert store.publish(engine, iter(chunks), total=4, batch=_batch()) == 2
    assert _visible(engine) == 3
    ((status, added),) = store.read(
        engine, select(ImportBatch.__table__.c.status, ImportBatch.__table__.c.rows_added)
    )
    assert (status, added) == ("complete", 2)


def test_sqlite_lock_is_free_between_the_import_transactions(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "PUBLISH_ROWS", 3)
    monkeypatch.setattr(store, "YIELD_SECONDS", 0.0)
    url = store_url("sqlite", tmp_path)
    engine = store.engine_for(url)
    path = make_url(url).database
    seen = []

    def progress(done: int, total: int) -> None:
        # Another writer takes the lock at once (no busy wait) and sees no imported row yet.
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        other.close()
        seen.append((done, _visible(engine)))

    chunks = [[_stage(f"k{i}") for i in range(7)]]
    assert store.publish(engine, iter(chunks), total=7, batch=_batch(), progress=progress) == 7
    assert seen == [(3, 0), (6, 0), (7, 0)]
    assert _visible(engine) == 7
    store.dispose(url)


def _rows(ids: list[str], bad_at: int | None = None) -> list[dict]:
    rows = [
        {"record_type": "stage", "household_id": i, "date": "2026-10-02", "stage": "survival"}
        for i in ids
    ]
    if bad_at is not None:
        rows[bad_at]["stage"] = "flourishing"
    return rows


@pytest.fixture(scope="module")
def target_ids(pilot_households: pd.DataFrame) -> list[str]:
    targets = pilot_households[pilot_households["target_group"] == "1.1"]
    return targets[targets["village_code"].str.startswith("4101")]["household_id"].tolist()[:8]


def test_a_file_read_in_chunks_gives_spreadsheet_rows_and_stores_all_or_nothing(
    engine, pilot_con, target_ids, monkeypatch
):
    monkeypatch.setattr(importer, "CHUNK_ROWS", 3)
    monkeypatch.setattr(store, "PUBLISH_ROWS", 2)
    monkeypatch.setattr(store, "YIELD_SECONDS", 0.0)
    bad = pd.DataFrame(_rows(target_ids, bad_at=6), columns=ALL_COLUMNS).astype(object).fillna("")
    data = bad.to_csv(index=False).encode("utf-8")
    report = import_file(
        data, "f.csv", user="u", scope="41", engine=engine, con=pilot_con, today=TODAY
    )
    assert [(e.row, e.column) for e in report.errors] == [(8, "stage")]  # header row 1
    assert report.rows_read == 8 and report.rows_added == 0 and _visible(engine) == 0
    good = pd.DataFrame(_rows(target_ids), columns=ALL_COLUMNS).astype(object).fillna("")
    data = good.to_csv(index=False).encode("utf-8")
    first = import_file(
        data, "f.csv", user="u", scope="41", engine=engine, con=pilot_con, today=TODAY
    )
    again = import_file(
        data, "f.csv", user="u", scope="41", engine=engine, con=pilot_con, today=TODAY
    )
    assert (first.rows_added, first.rows_skipped) == (8, 0)
    assert (again.rows_added, again.rows_skipped) == (0, 8)
    assert _visible(engine) == 8


def test_xlsx_rows_keep_their_sheet_numbers_across_blank_rows_and_chunks():
    book = Workbook()
    sheet = book.active
    sheet.append(["record_type", "household_id", "date", "stage"])
    sheet.append(["stage", "H1", "2026-10-02", "survival"])  # row 2
    sheet.append([None, None, None, None])  # row 3, blank
    sheet.append(["stage", "H2", "2026-10-02", "survival"])  # row 4
    sheet.append(["stage", "H3", "2026-10-02", "survival"])  # row 5
    buffer = io.BytesIO()
    book.save(buffer)
    frames = list(read_chunks(buffer.getvalue(), "f.xlsx", chunk_rows=2))
    assert [list(f.index + 2) for f in frames] == [[2, 4], [5]]
    assert [list(f["household_id"]) for f in frames] == [["H1", "H2"], ["H3"]]


@pytest.mark.parametrize(
    ("data", "name", "thai", "english"),
    [
        (
            b"%PDF",
            "x.pdf",
            "x.pdf: ใช้ไฟล์ .csv หรือ .xlsx เท่านั้น (ไฟล์นี้เป็น .pdf)",
            "x.pdf: use a .csv or .xlsx file, not .pdf",
        ),
        (
            b"a,b\n1,2\n",
            "x.csv",
            "x.csv แถว 1 (หัวตาราง): ไม่มีคอลัมน์ record_type (พบคอลัมน์ a, b)",
            "x.csv, row 1 (header): no record_type column (found a, b)",
        ),
        (
            b"record_type,colour\nvisit,red\n",
            "x.csv",
            "x.csv แถว 1 (หัวตาราง): ไม่รู้จักคอลัมน์ colour",
            "x.csv, row 1 (header): unknown column(s) colour; known: record_type",
        ),
        (
            "record_type\nการเยี่ยม\n".encode("cp874"),
            "x.csv",
            "x.csv แถว 2: ไม่ใช่ข้อความ UTF-8",
            "x.csv, row 2: not UTF-8 text",
        ),
        (
            b"PK\x03\x04broken",
            "x.xlsx",
            "x.xlsx แถว 1: อ่านไฟล์ไม่ได้ (",
            "x.xlsx, row 1: the file cannot be read (",
        ),
    ],
)
def test_file_errors_are_thai_first_with_english_naming_file_and_row(data, name, thai, english):
    with pytest.raises(ImportFileError) as info:
        list(read_chunks(data, name))
    said = {
        lang: label(f"lb_file_{info.value.key}", lang, **info.value.label_values)
        for lang in ("th", "en")
    }
    assert said["th"].startswith(thai) and said["en"].startswith(english)


def test_no_raw_sql_reads_a_record_table() -> None:
    """Loading imports are hidden by one hook on SQLAlchemy Core selects
    (``logbook.store._hide_loading``); a read written as raw SQL text would
    go round it and show rows of an import still loading. No module of the
    project (migrations aside, which run before any import) names a record
    table after ``FROM`` or ``JOIN`` in a string.
    """
    import re

    from logbook.models import RECORD_MODELS

    root = Path(__file__).resolve().parents[1]
    tables = "|".join(model.__tablename__ for model in RECORD_MODELS.values())
    raw = re.compile(rf"\b(FROM|JOIN)\s+\"?({tables})\b", re.IGNORECASE)
    offenders = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if relative.startswith((".venv/", "tests/", "logbook/migrations/", "data/")):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if raw.search(line) and ('"' in line or "'" in line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
    # The pattern finds what it is for.
    assert raw.search('con.execute("SELECT * FROM help_given WHERE x")')
    assert raw.search("'select 1 from survey_visits v join referrals r'")
