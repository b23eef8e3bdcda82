"""The export audit log: one row per export, append-only, in a SQLite file.

Path: ``TPMAP_AUDIT_DB`` (default ``data/audit.sqlite``, git-ignored). Each
row records who (username, role), when (UTC, ISO 8601), the area, the
filters (JSON), the dataset (``what``: households, a report, the Progress
list …), the level, the format, the number of rows, whether personal data
were included, where the export ran (``app`` or ``cli``) and, for the
command line, the operating-system account that ran it
(DOMAIN.md §8: every export is logged). Triggers refuse UPDATE and DELETE,
so rows can only be added.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pandas as pd

from access.roles import User

COLUMNS = (
    "id",
    "at_utc",
    "username",
    "role",
    "what",
    "area_code",
    "filters",
    "level",
    "format",
    "rows",
    "personal_data",
    "source",
    "os_account",
)
#: Columns added after the first release, with their SQL type (added to older files on open).
_ADDED_COLUMNS = {"what": "TEXT NOT NULL DEFAULT 'households'", "os_account": "TEXT"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS exports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at_utc TEXT NOT NULL,
    username TEXT NOT NULL,
    role TEXT NOT NULL,
    area_code TEXT,
    filters TEXT NOT NULL,
    level TEXT NOT NULL,
    format TEXT NOT NULL,
    rows INTEGER NOT NULL,
    personal_data INTEGER NOT NULL,
    source TEXT NOT NULL,
    what TEXT NOT NULL DEFAULT 'households',
    os_account TEXT
);
CREATE TRIGGER IF NOT EXISTS exports_no_update BEFORE UPDATE ON exports
BEGIN SELECT RAISE(ABORT, 'the export audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS exports_no_delete BEFORE DELETE ON exports
BEGIN SELECT RAISE(ABORT, 'the export audit log is append-only'); END;
"""


def connect_file(path: Path, schema: str) -> sqlite3.Connection:
    """Open the audit SQLite file (made with its folder when missing) and apply ``schema``.

    The one way the export log, the sign-in log and the sign-in sessions
    (:mod:`access.signin_log`, :mod:`access.sessions`) open the shared file;
    ``schema`` is idempotent SQL (``CREATE … IF NOT EXISTS``).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=30)
    con.executescript(schema)
    return con


def _connect(path: Path) -> sqlite3.Connection:
    con = connect_file(path, _SCHEMA)
    present = {row[1] for row in con.execute("PRAGMA table_info(exports)")}
    for column, sql_type in _ADDED_COLUMNS.items():
        if column not in present:
            con.execute(f"ALTER TABLE exports ADD COLUMN {column} {sql_type}")
    return con


def record_export(
    path: Path | str,
    user: User,
    *,
    what: str = "households",
    area_code: str | None,
    filters: dict,
    level: str,
    fmt: str,
    rows: int,
    personal_data: bool,
    source: str,
    os_account: str | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Append one export to the log; return its row id.

    Parameters
    ----------
    path : Path
        The SQLite file (created with its table when missing).
    user : User
        Who exported.
    what : str
        The dataset exported (``households``, ``report``, ``not_reached`` …).
    area_code : str or None
        The exported area (None = all areas).
    filters : dict
        The search conditions (stored as JSON, Thai kept as is).
    level, fmt : str
        ``household``/``person`` and ``csv``/``xlsx``.
    rows : int
        Data rows written.
    personal_data : bool
        Whether names and ID numbers were exported unmasked.
    source : str
        ``app`` or ``cli``.
    os_account : str, optional
        The operating-system account that ran a command line.
    at : datetime, optional
        Time of the export (default now, UTC).
    """
    when = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
    with closing(_connect(Path(path))) as con, con:
        cursor = con.execute(
            "INSERT INTO exports (at_utc, username, role, area_code, filters, level, format, rows, "
            "personal_data, source, what, os_account) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                when,
                user.username,
                user.role,
                area_code,
                json.dumps(filters, ensure_ascii=False, sort_keys=True),
                level,
                fmt,
                int(rows),
                int(bool(personal_data)),
                source,
                what,
                os_account,
            ],
        )
        return int(cursor.lastrowid)


def read_exports(
    path: Path | str,
    limit: int | None = None,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> pd.DataFrame:
    """Return the logged exports, newest first (columns :data:`COLUMNS`).

    Parameters
    ----------
    path : Path
        The SQLite file. A missing file gives an empty table (nothing
        exported yet); reading does not create it. An older file gets the
        columns added since (``what``, ``os_account``).
    limit : int, optional
        At most this many rows (the newest).
    since, until : datetime, optional
        Keep exports at or after ``since`` and before ``until`` (aware
        datetimes, compared in UTC).
    """
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(columns=list(COLUMNS))
    with closing(_connect(path)) as con:
        sql = f"SELECT {', '.join(COLUMNS)} FROM exports"
        where, params = [], []
        for op, when in ((">=", since), ("<", until)):
            if when is not None:
                where.append(f"at_utc {op} ?")
                params.append(when.astimezone(dt.UTC).isoformat(timespec="seconds"))
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        frame = pd.read_sql_query(sql, con, params=params)
    frame["personal_data"] = frame["personal_data"].astype(bool)
    return frame
