"""The Logbook store: engine, migrations and idempotent, all-or-nothing inserts.

A store is a SQLAlchemy URL: a SQLite file by default
(``settings.logbook_url()``), PostgreSQL as
``postgresql+psycopg://user:password@host:port/dbname``. The schema is made
and upgraded by Alembic (``logbook/migrations``) when a store is opened.

Concurrency rules (issue 4, "two sessions recording at the same time lose
nothing"): on SQLite every write transaction starts with ``BEGIN IMMEDIATE``
(so two writers queue on the file lock instead of failing on a lock upgrade),
the journal is WAL (readers are not blocked by a writer, so a large import
does not freeze other users' pages) and a busy timeout of 30 s; on
PostgreSQL inserts are ordinary READ COMMITTED transactions. Every insert is
``INSERT … ON CONFLICT (record_key) DO NOTHING``, so a retried form or a file
imported twice adds nothing.

Bulk imports (issue 13: a 1,000,000-row file held SQLite's write lock for
72 s and two form saves failed) are published by :func:`publish`, which
keeps them all-or-nothing without holding the lock:

- on **SQLite** the rows are written in short transactions of
  :data:`PUBLISH_ROWS` under an import batch whose ``status`` is
  ``loading``, pausing :data:`YIELD_SECONDS` after each so a waiting form
  save takes the lock; every ``SELECT`` this module's engines run hides the
  rows of batches not ``complete`` (:func:`visible`, added to each
  statement by an engine event: one gate, no reader can forget it), and the
  last short transaction marks the batch complete, so readers see all rows
  at once. A failure deletes the batch's rows; an import whose process died
  is recognised by its heartbeat (older than :data:`STALE_SECONDS`) and
  removed by the next import.
- on **PostgreSQL** the rows are streamed with ``COPY`` into a temporary
  table and inserted with one ``INSERT … SELECT … ON CONFLICT DO NOTHING``
  in one transaction: readers and form saves are not blocked (MVCC, row
  locks) and see nothing of the import until it commits.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import JSON, Engine, Select, create_engine, delete, event, func, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError

import settings
from logbook.models import RECORD_MODELS, ImportBatch

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Rows per INSERT statement of a bulk insert (progress is reported per chunk).
CHUNK_ROWS = 2000
#: Key of the PostgreSQL advisory lock held while migrating.
MIGRATION_LOCK = 7_215_040
#: Seconds a SQLite writer waits for the lock before giving up.
SQLITE_BUSY_SECONDS = 30
#: Rows per short write transaction of a bulk import on SQLite.
PUBLISH_ROWS = 2000
#: Seconds an import pauses after each short transaction: SQLite's busy
#: handler retries a waiting writer after at most 100 ms, so it gets the lock.
YIELD_SECONDS = 0.12
#: A loading import whose heartbeat is older than this (seconds) has died.
STALE_SECONDS = 600
#: Execution option that lets a statement see the rows of loading imports.
INCLUDE_LOADING = "include_loading_imports"


class StoreError(RuntimeError):
    """A Logbook statement failed; its transaction was rolled back, nothing was written."""


class StoreUnavailableError(StoreError):
    """The Logbook database cannot be reached; nothing was written."""


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def _sqlite_engine(url: str) -> Engine:
    path = make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # pysqlite's own transaction handling would defer BEGIN; take it over
        # (SQLAlchemy's documented recipe) so writes start with BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def visible(table):
    """Return the condition a record row must meet to be read: not from a loading import.

    ``batch_id IS NULL`` (forms, synthetic) or its batch's ``status`` is not
    ``loading``. Every ``SELECT`` run through an engine of :func:`engine_for`
    gets it for each record table it reads (:func:`_hide_loading`).
    """
    batches = ImportBatch.__table__
    loading = select(batches.c.id).where(batches.c.status == "loading")
    return or_(table.c.batch_id.is_(None), table.c.batch_id.not_in(loading.scalar_subquery()))


_RECORD_TABLES = {model.__table__ for model in RECORD_MODELS.values()}


def _hide_loading(_conn, clause, multiparams, params, execution_options):
    """Add :func:`visible` to a SELECT for every record table in its FROM list."""
    if isinstance(clause, Select) and not execution_options.get(INCLUDE_LOADING):
        for table in clause.get_final_froms():
            if table in _RECORD_TABLES:
                clause = clause.where(visible(table))
    return clause, multiparams, params


def engine_for(url: str | None = None) -> Engine:
    """Return the (process-wide, cached) engine of a store, schema upgraded to head.

    Parameters
    ----------
    url : str, optional
        SQLAlchemy URL; default ``settings.logbook_url()``.

    Raises
    ------
    StoreUnavailableError
        If the database cannot be reached (the message names the store
        without its password).
    StoreError
        If the migration fails otherwise.
    """
    url = url or settings.logbook_url()
    with _engines_lock:
        if url in _engines:
            return _engines[url]
        if make_url(url).get_backend_name() == "sqlite":
            engine = _sqlite_engine(url)
        else:
            engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
        try:
            upgrade(engine)
        except SQLAlchemyError as exc:
            engine.dispose()
            raise _store_error(engine, exc) from exc
        event.listen(engine, "before_execute", _hide_loading, retval=True)
        _engines[url] = engine
        return engine


def _store_error(engine: Engine, exc: SQLAlchemyError) -> StoreError:
    if isinstance(exc, (OperationalError, InterfaceError, DisconnectionError)):
        return StoreUnavailableError(_unavailable(engine, exc))
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    return StoreError(f"Logbook write failed, nothing stored: {reason}")


def _unavailable(engine: Engine, exc: Exception) -> str:
    where = engine.url.render_as_string(hide_password=True)
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    return f"Logbook database {where} unavailable: {reason}"


def describe(url: str | None = None, *, full: bool = True) -> str:
    """Return where the store is, for messages and the UI; never the password.

    Parameters
    ----------
    url : str, optional
        SQLAlchemy URL (default ``settings.logbook_url()``).
    full : bool
        True: the URL with the password hidden (host, database, file path),
        for roles with the system-info right and for operators' messages;
        False: only the kind of database (``sqlite``, ``postgresql``), for
        everyone else (issue 11: a server path tells an attacker too much).
    """
    parsed = make_url(url or settings.logbook_url())
    return parsed.render_as_string(hide_password=True) if full else parsed.get_backend_name()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the Alembic migrations of ``logbook/migrations`` on ``engine`` up to ``revision``.

    Concurrent upgrades (several replicas starting at once) are serialised: on
    PostgreSQL by a transaction-level advisory lock, on SQLite by the write
    lock ``BEGIN IMMEDIATE`` takes.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Two servers starting at once on an empty database would both create
            # the tables: the first takes this lock, the second waits and finds them.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _insert(engine: Engine, table):
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    return (
        dialect.insert(table)
        .on_conflict_do_nothing(index_elements=["record_key"])
        .returning(table.c.id)
    )


def now() -> datetime:
    """Return the current time in UTC (the ``recorded_at`` of new records)."""
    return datetime.now(UTC)


def add_records(
    engine: Engine,
    records: Sequence[dict],
    *,
    batch: dict | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Insert records in one transaction; return how many were new.

    Parameters
    ----------
    engine : Engine
        From :func:`engine_for`.
    records : sequence of dict
        Each with ``kind`` (a key of :data:`logbook.models.RECORD_MODELS`) and
        the columns of that table, ``record_key`` included
        (:mod:`logbook.records` makes them).
    batch : dict, optional
        Columns of an :class:`~logbook.models.ImportBatch` row to write in
        the same transaction (``rows_added`` is filled in); its id is set on
        every record.
    progress : callable, optional
        Called as ``progress(done, total)`` after each chunk of
        :data:`CHUNK_ROWS` rows.

    Returns
    -------
    int
        Records inserted; rows whose ``record_key`` exists already are skipped.

    Raises
    ------
    StoreUnavailableError
        If the database is unreachable.
    StoreError
        If a statement fails (e.g. a check constraint). Either way the
        transaction is rolled back, so nothing of ``records`` is stored.
    """
    by_kind: dict[str, list[dict]] = {}
    for record in records:
        row = dict(record)
        by_kind.setdefault(row.pop("kind"), []).append(row)
    total = len(records)
    done = added = 0
    try:
        with engine.begin() as connection:
            batch_id = None
            if batch is not None:
                batch_id = connection.execute(
                    _batch_insert(engine), {**batch, "rows_added": 0}
                ).scalar_one()
            for kind, rows in by_kind.items():
                table = RECORD_MODELS[kind].__table__
                statement = _insert(engine, table)
                for start in range(0, len(rows), CHUNK_ROWS):
                    chunk = rows[start : start + CHUNK_ROWS]
                    if batch_id is not None:
                        chunk = [{**row, "batch_id": batch_id} for row in chunk]
                    added += len(connection.execute(statement, chunk).all())
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
            if batch_id is not None:
                connection.execute(
                    ImportBatch.__table__.update()
                    .where(ImportBatch.__table__.c.id == batch_id)
                    .values(rows_added=added)
                )
    except SQLAlchemyError as exc:
        raise _store_error(engine, exc) from exc
    return added


def _batch_insert(engine: Engine):
    table = ImportBatch.__table__
    return table.insert().returning(table.c.id)


def publish(
    engine: Engine,
    chunks: Iterable[Sequence[dict]],
    *,
    total: int,
    batch: dict,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Store a validated import all-or-nothing without blocking other writers; return rows added.

    Parameters
    ----------
    engine : Engine
        From :func:`engine_for`.
    chunks : iterable of sequences of dict
        The records (as :func:`add_records` takes them), a chunk at a time
        (streamed: only one chunk is held in memory).
    total : int
        Number of records in all chunks (for ``progress``).
    batch : dict
        Columns of the :class:`~logbook.models.ImportBatch` row
        (``rows_added``, ``status`` and ``heartbeat_at`` are filled in).
    progress : callable, optional
        ``progress(done, total)`` after each chunk or transaction.

    Returns
    -------
    int
        Records inserted; records whose ``record_key`` is stored already
        (or repeated in the file) are skipped.

    Raises
    ------
    StoreUnavailableError
        If the database is unreachable.
    StoreError
        If a statement fails. Either way nothing of the import stays stored
        (SQLite: its rows are deleted; PostgreSQL: rolled back).

    Notes
    -----
    How each backend keeps the import all-or-nothing is in the module
    docstring. A record that repeats one of another import still loading
    is skipped; should that other import fail, the record is not stored
    (import the file again).
    """
    if engine.dialect.name == "postgresql":
        return _publish_copy(engine, chunks, total, batch, progress)
    return _publish_in_steps(engine, chunks, total, batch, progress)


def _publish_in_steps(engine, chunks, total, batch, progress) -> int:
    """SQLite: short transactions under a loading batch, then mark it complete."""
    batches = ImportBatch.__table__
    discard_abandoned(engine)
    try:
        with engine.begin() as connection:
            batch_id = connection.execute(
                _batch_insert(engine),
                {**batch, "rows_added": 0, "status": "loading", "heartbeat_at": now()},
            ).scalar_one()
    except SQLAlchemyError as exc:
        raise _store_error(engine, exc) from exc
    done = added = 0
    beat = batches.update().where(batches.c.id == batch_id)
    try:
        for chunk in chunks:
            for start in range(0, len(chunk), PUBLISH_ROWS):
                part = chunk[start : start + PUBLISH_ROWS]
                with engine.begin() as connection:
                    added += _insert_rows(connection, engine, part, batch_id)
                    connection.execute(beat.values(heartbeat_at=now()))
                done += len(part)
                if progress is not None:
                    progress(done, total)
                time.sleep(YIELD_SECONDS)
        with engine.begin() as connection:
            connection.execute(beat.values(status="complete", rows_added=added))
    except BaseException as exc:
        _discard(engine, batch_id)
        if isinstance(exc, SQLAlchemyError):
            raise _store_error(engine, exc) from exc
        raise
    return added


def _insert_rows(connection, engine: Engine, records: Sequence[dict], batch_id: int) -> int:
    by_kind: dict[str, list[dict]] = {}
    for record in records:
        row = dict(record)
        by_kind.setdefault(row.pop("kind"), []).append({**row, "batch_id": batch_id})
    added = 0
    for kind, rows in by_kind.items():
        statement = _insert(engine, RECORD_MODELS[kind].__table__)
        added += len(connection.execute(statement, rows).all())
    return added


def _discard(engine: Engine, batch_id: int) -> None:
    """Delete the rows of an import batch and the batch, in short transactions."""
    for model in RECORD_MODELS.values():
        table = model.__table__
        mine = select(table.c.id).where(table.c.batch_id == batch_id).limit(PUBLISH_ROWS)
        while True:
            with engine.begin() as connection:
                gone = connection.execute(
                    delete(table).where(table.c.id.in_(mine.scalar_subquery()))
                ).rowcount
            if not gone:
                break
            time.sleep(YIELD_SECONDS)
    with engine.begin() as connection:
        batches = ImportBatch.__table__
        connection.execute(delete(batches).where(batches.c.id == batch_id))


def discard_abandoned(engine: Engine, stale_seconds: float = STALE_SECONDS) -> list[int]:
    """Remove imports left loading by a process that died (heartbeat older than ``stale_seconds``).

    Returns
    -------
    list of int
        The ids of the batches removed (their rows were never visible).
    """
    batches = ImportBatch.__table__
    cutoff = now() - timedelta(seconds=stale_seconds)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(batches.c.id, batches.c.heartbeat_at).where(batches.c.status == "loading")
            ).all()
        dead = [i for i, beat in rows if beat is None or _aware(beat) < cutoff]
        for batch_id in dead:
            _discard(engine, batch_id)
    except SQLAlchemyError as exc:
        raise _store_error(engine, exc) from exc
    return dead


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _publish_copy(engine, chunks, total, batch, progress) -> int:
    """PostgreSQL: COPY into temporary tables, then one INSERT … SELECT, in one transaction."""
    staged: dict[str, list[str]] = {}
    done = added = 0
    try:
        with engine.begin() as connection:
            batch_id = connection.execute(
                _batch_insert(engine),
                {**batch, "rows_added": 0, "status": "complete", "heartbeat_at": now()},
            ).scalar_one()
            cursor = connection.connection.driver_connection.cursor()
            for chunk in chunks:
                by_kind: dict[str, list[dict]] = {}
                for record in chunk:
                    by_kind.setdefault(record["kind"], []).append(record)
                for kind, rows in by_kind.items():
                    table = RECORD_MODELS[kind].__table__
                    if kind not in staged:
                        staged[kind] = _stage_table(cursor, table, kind)
                    _copy_rows(cursor, table, kind, staged[kind], rows, batch_id, done)
                    done += len(rows)
                if progress is not None:
                    progress(done, total)
            for kind, columns in staged.items():
                names = ", ".join(columns)
                cursor.execute(
                    f"INSERT INTO {RECORD_MODELS[kind].__tablename__} ({names}) "
                    f"SELECT {names} FROM stage_{kind} ORDER BY stage_row "
                    "ON CONFLICT (record_key) DO NOTHING"
                )
                added += cursor.rowcount
            batches = ImportBatch.__table__
            connection.execute(
                batches.update().where(batches.c.id == batch_id).values(rows_added=added)
            )
    except SQLAlchemyError as exc:
        raise _store_error(engine, exc) from exc
    except Exception as exc:  # psycopg errors raised by COPY outside SQLAlchemy
        if type(exc).__module__.startswith("psycopg"):
            raise StoreError(f"Logbook write failed, nothing stored: {exc}") from exc
        raise
    return added


def _stage_table(cursor, table, kind: str) -> list[str]:
    """Create the temporary table a kind's rows are copied into; return its columns."""
    columns = [c.name for c in table.columns if c.name != "id"]
    cursor.execute(
        f"CREATE TEMPORARY TABLE stage_{kind} ON COMMIT DROP AS "
        f"SELECT {', '.join(columns)} FROM {table.name} WITH NO DATA"
    )
    cursor.execute(f"ALTER TABLE stage_{kind} ADD COLUMN stage_row BIGINT")
    return columns


def _copy_rows(cursor, table, kind: str, columns, rows, batch_id: int, first: int) -> None:
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
    names = ", ".join([*columns, "stage_row"])
    with cursor.copy(f"COPY stage_{kind} ({names}) FROM STDIN") as copy:
        for offset, row in enumerate(rows):
            values = {**row, "batch_id": batch_id}
            copy.write_row(
                [
                    *(
                        json.dumps(values.get(c), ensure_ascii=False)
                        if c in json_columns
                        else _default(table, c, values)
                        for c in columns
                    ),
                    first + offset,
                ]
            )


def _default(table, column: str, values: dict):
    """Return a row's value of ``column``, or the column's Python default when absent."""
    if column in values:
        return values[column]
    default = table.c[column].default
    return default.arg if default is not None and not callable(default.arg) else None


def read(engine: Engine, statement) -> list:
    """Run a read-only statement and return its rows.

    Raises
    ------
    StoreUnavailableError
        If the database cannot be reached.
    StoreError
        If the statement fails otherwise.
    """
    try:
        with engine.connect() as connection:
            return connection.execute(statement).all()
    except SQLAlchemyError as exc:
        raise _store_error(engine, exc) from exc


def content_version(engine: Engine) -> tuple:
    """Return a key that changes whenever the rows a reader sees may have changed.

    Per record table (:data:`logbook.models.RECORD_MODELS` order) the
    highest ``id`` of all its rows, loading imports' included; then the
    import batches' ``(count, highest id, complete count)``. Rows are only
    ever added (a correction is a new record): a form save raises a
    table's highest id; an import's rows become visible when its batch turns
    ``complete``; a failed import deletes its batch. Each answers from the
    primary key's index (SQLite: the rowid's), not a scan: ``count(*)`` of
    each table, the key this replaces, took 0.98 s a rerun on a 5.5 M-row
    store (issue 13).

    Raises
    ------
    StoreUnavailableError
        If the database cannot be reached.
    StoreError
        If the statement fails otherwise.
    """
    batches = ImportBatch.__table__
    complete = func.count().filter(batches.c.status == "complete")
    highest = [select(func.max(m.__table__.c.id)).scalar_subquery() for m in RECORD_MODELS.values()]
    statement = select(
        *highest,
        select(func.count()).select_from(batches).scalar_subquery(),
        select(func.max(batches.c.id)).scalar_subquery(),
        select(complete).select_from(batches).scalar_subquery(),
    ).execution_options(**{INCLUDE_LOADING: True})
    return tuple(read(engine, statement)[0])


def count_rows(engine: Engine, kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Return the number of rows per record kind (all kinds by default)."""
    out = {}
    for kind in kinds or RECORD_MODELS:
        table = RECORD_MODELS[kind].__table__
        out[kind] = read(engine, select(func.count()).select_from(table))[0][0]
    return out


def dispose(url: str | None = None) -> None:
    """Close and forget the cached engine of ``url`` (all engines when None)."""
    with _engines_lock:
        urls = [url] if url else list(_engines)
        for key in urls:
            engine = _engines.pop(key, None)
            if engine is not None:
                engine.dispose()
