"""The sign-in log: one row per sign-in event, append-only, in the audit SQLite file.

Path: ``settings.audit_db()`` (``TPMAP_AUDIT_DB``), the file of the export
log (:mod:`access.audit`), table ``signin_events``. Each row records when
(UTC, ISO 8601), the user name as typed or mapped, the method
(``password``, ``oidc``, ``cli``), the event (:data:`EVENTS`), the client
(IP address of the browser, or ``os:<account>`` on the command line) and a
short detail. Passwords are never written. Triggers refuse UPDATE and
DELETE, so rows can only be added (issue 19: every failed and refused
attempt is written to the audit log). The lockout of :mod:`access.signin`
counts the ``wrong_password`` rows of this table, so several server
processes (replicas) share one count.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

import pandas as pd

from access.audit import connect_file

#: What a row can record. ``wrong_password`` counts toward the lockout; ``locked_out``
#: is a try refused while the name is locked (its password is not checked).
EVENTS = (
    "signed_in",
    "wrong_password",
    "locked_out",
    "signed_out",
    "no_mapping",
    "session_refused",
    "cli_refused",
)
METHODS = ("password", "oidc", "cli")
COLUMNS = ("id", "at_utc", "username", "method", "event", "client", "detail")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS signin_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at_utc TEXT NOT NULL,
    username TEXT NOT NULL,
    method TEXT NOT NULL,
    event TEXT NOT NULL,
    client TEXT,
    detail TEXT
);
CREATE INDEX IF NOT EXISTS signin_events_user_time ON signin_events (username, at_utc);
CREATE TRIGGER IF NOT EXISTS signin_events_no_update BEFORE UPDATE ON signin_events
BEGIN SELECT RAISE(ABORT, 'the sign-in log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS signin_events_no_delete BEFORE DELETE ON signin_events
BEGIN SELECT RAISE(ABORT, 'the sign-in log is append-only'); END;
"""


def _timestamp(at: dt.datetime | None) -> str:
    """Return ``at`` (default now) as UTC ISO 8601 with microseconds (sortable as text)."""
    return (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="microseconds")


def _connect(path: Path) -> sqlite3.Connection:
    return connect_file(path, _SCHEMA)


def record_event(
    path: Path | str,
    username: str,
    event: str,
    method: str,
    *,
    client: str | None = None,
    detail: str | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Append one sign-in event; return its row id.

    Parameters
    ----------
    path : Path or str
        The audit SQLite file (created with the table when missing).
    username : str
        The user name as typed (lower-cased, at most 100 characters kept),
        or the identity-provider subject/e-mail when unmapped.
    event : str
        One of :data:`EVENTS`.
    method : str
        One of :data:`METHODS`.
    client : str, optional
        The browser's IP address, or ``os:<account>`` for the command line.
    detail : str, optional
        A short reason (never a password).
    at : datetime, optional
        Time of the event (default now, UTC).

    Raises
    ------
    ValueError
        For an unknown event or method.
    """
    if event not in EVENTS:
        raise ValueError(f"unknown sign-in event {event!r}; known: {', '.join(EVENTS)}")
    if method not in METHODS:
        raise ValueError(f"unknown sign-in method {method!r}; known: {', '.join(METHODS)}")
    with closing(_connect(Path(path))) as con, con:
        cursor = con.execute(
            "INSERT INTO signin_events (at_utc, username, method, event, client, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [_timestamp(at), str(username)[:100], method, event, client, detail],
        )
        return int(cursor.lastrowid)


def failures_since(path: Path | str, username: str, since: dt.datetime) -> list[dt.datetime]:
    """Return the times of the ``wrong_password`` events of ``username`` at or after ``since``.

    Parameters
    ----------
    path : Path or str
        The audit SQLite file (created when missing, so the query costs the
        same whether or not anything was logged yet).
    username : str
        The user name (lower-cased as stored).
    since : datetime
        Start of the window (timezone-aware).

    Returns
    -------
    list of datetime
        Oldest first, UTC.
    """
    with closing(_connect(Path(path))) as con:
        rows = con.execute(
            "SELECT at_utc FROM signin_events WHERE username = ? AND event = 'wrong_password' "
            "AND at_utc >= ? ORDER BY at_utc",
            [str(username)[:100], _timestamp(since)],
        ).fetchall()
    return [dt.datetime.fromisoformat(row[0]) for row in rows]


def read_events(path: Path | str, limit: int | None = None) -> pd.DataFrame:
    """Return the logged sign-in events, newest first (columns :data:`COLUMNS`).

    A missing file or table gives an empty table; reading creates nothing.
    """
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(columns=list(COLUMNS))
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)) as con:
        sql = f"SELECT {', '.join(COLUMNS)} FROM signin_events ORDER BY id DESC"
        params: list = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        try:
            return pd.read_sql_query(sql, con, params=params)
        except pd.errors.DatabaseError:  # a file without the table yet
            return pd.DataFrame(columns=list(COLUMNS))
