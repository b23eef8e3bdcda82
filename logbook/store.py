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
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, func, select, text
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
