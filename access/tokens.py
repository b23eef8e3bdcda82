"""Agency tokens of the data service: made once, stored as a hash, revocable (issue 16).

An agency (another ministry's system, an analyst's script) reads the data
service's household lists with a token that belongs to one user of
``config/users.yaml``: the token acts with that user's role, rights and
area scope (:mod:`access.roles`), exactly as the user would in the app.

A token is ``<id>.<secret>``: ``id`` is 8 hex digits, public (it names the
token in ``list-tokens``, ``revoke-token`` and the audit log), ``secret`` is
32 random bytes (URL-safe). The token is printed once when it is made; the
table ``api_tokens`` of the audit file (``settings.audit_db()``, opened with
:func:`access.audit.connect_file` like the sign-in sessions) keeps only the
SHA-256 of the whole token, the user, when it was made and by which
operating-system account, when it expires and when it was revoked. A copy
of the file therefore gives no working token. Revoking is final.

Command line: ``python -m access create-token --user analyst --days 90``,
``python -m access revoke-token ID``, ``python -m access list-tokens``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from access.audit import connect_file

#: Outcomes of :func:`look_up`.
VALID, EXPIRED, REVOKED, UNKNOWN = "valid", "expired", "revoked", "unknown"
#: Longest lifetime of a token, days (a year; make a new one after).
MAX_DAYS = 366
#: Columns of :func:`list_tokens`.
LIST_COLUMNS = (
    "token_id",
    "username",
    "created_utc",
    "created_by",
    "expires_utc",
    "revoked_utc",
    "status",
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_tokens (
    token_id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    username TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    created_by TEXT,
    expires_utc TEXT NOT NULL,
    revoked_utc TEXT
);
"""


class TokenError(ValueError):
    """A token cannot be made or revoked (bad lifetime, unknown token id)."""


@dataclass(frozen=True)
class TokenState:
    """What :func:`look_up` found for a presented token.

    Attributes
    ----------
    status : str
        :data:`VALID`, :data:`EXPIRED`, :data:`REVOKED` or :data:`UNKNOWN`.
    token_id : str or None
        The token's public id (None when unknown).
    username : str or None
        The user the token acts as (None when unknown).
    """

    status: str
    token_id: str | None = None
    username: str | None = None


def _now(at: dt.datetime | None) -> dt.datetime:
    return (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)


def _iso(at: dt.datetime) -> str:
    return at.isoformat(timespec="seconds")


def token_hash(token: str) -> str:
    """Return the hex SHA-256 of a whole token (what the table stores)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _connect(path: Path) -> sqlite3.Connection:
    return connect_file(path, _SCHEMA)


def create(
    path: Path | str,
    username: str,
    days: float,
    *,
    created_by: str | None = None,
    at: dt.datetime | None = None,
) -> tuple[str, str]:
    """Make a token for ``username``; return (token id, the token) — the token is shown once.

    Parameters
    ----------
    path : Path or str
        The audit SQLite file (``settings.audit_db()``).
    username : str
        A user of the users file (the caller checks that the user exists).
    days : float
        Lifetime in days, more than 0 and at most :data:`MAX_DAYS`.
    created_by : str, optional
        The operating-system account that made it (kept for the record).
    at : datetime, optional
        Creation time (default now, UTC).

    Raises
    ------
    TokenError
        For a lifetime out of range, naming ``--days``.
    """
    if not 0 < days <= MAX_DAYS:
        raise TokenError(f"--days must be more than 0 and at most {MAX_DAYS}, got {days:g}")
    created = _now(at)
    with closing(_connect(Path(path))) as con, con:
        while True:
            token_id = secrets.token_hex(4)
            token = f"{token_id}.{secrets.token_urlsafe(32)}"
            try:
                con.execute(
                    "INSERT INTO api_tokens (token_id, token_hash, username, created_utc, "
                    "created_by, expires_utc) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        token_id,
                        token_hash(token),
                        username,
                        _iso(created),
                        created_by,
                        _iso(created + dt.timedelta(days=days)),
                    ],
                )
            except sqlite3.IntegrityError:  # an id made twice (1 in 4 billion): draw again
                continue
            return token_id, token


def look_up(path: Path | str, token: str, *, at: dt.datetime | None = None) -> TokenState:
    """Return the state of a presented token.

    Any text is accepted: a garbled or forged token is :data:`UNKNOWN`. A
    missing audit file means no token exists (it is not created).
    """
    path = Path(path)
    if not token or not path.exists():
        return TokenState(UNKNOWN)
    with closing(_connect(path)) as con:
        row = con.execute(
            "SELECT token_id, username, expires_utc, revoked_utc FROM api_tokens "
            "WHERE token_hash = ?",
            [token_hash(token)],
        ).fetchone()
    if row is None:
        return TokenState(UNKNOWN)
    token_id, username, expires, revoked = row
    if revoked is not None:
        return TokenState(REVOKED, token_id, username)
    if dt.datetime.fromisoformat(expires) <= _now(at):
        return TokenState(EXPIRED, token_id, username)
    return TokenState(VALID, token_id, username)


def revoke(path: Path | str, token_id: str, *, at: dt.datetime | None = None) -> str:
    """Revoke the token with this id; return its user name.

    Revoking is final: the token is refused from then on. Revoking a token
    revoked already keeps the first time.

    Raises
    ------
    TokenError
        If no token has this id.
    """
    with closing(_connect(Path(path))) as con, con:
        row = con.execute(
            "SELECT username FROM api_tokens WHERE token_id = ?", [token_id.strip()]
        ).fetchone()
        if row is None:
            raise TokenError(f"no token with id {token_id!r} (python -m access list-tokens)")
        con.execute(
            "UPDATE api_tokens SET revoked_utc = ? WHERE token_id = ? AND revoked_utc IS NULL",
            [_iso(_now(at)), token_id.strip()],
        )
    return str(row[0])


def list_tokens(path: Path | str, *, at: dt.datetime | None = None) -> pd.DataFrame:
    """Return every token (never its secret or hash), newest first; columns :data:`LIST_COLUMNS`.

    ``status`` is ``valid``, ``expired`` or ``revoked`` at ``at`` (default now).
    A missing audit file gives an empty table.
    """
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(columns=list(LIST_COLUMNS))
    with closing(_connect(path)) as con:
        frame = pd.read_sql_query(
            f"SELECT {', '.join(LIST_COLUMNS[:-1])} FROM api_tokens "
            "ORDER BY created_utc DESC, token_id",
            con,
        )
    now = _now(at)
    frame["status"] = [
        REVOKED
        if isinstance(revoked, str)
        else EXPIRED
        if dt.datetime.fromisoformat(expires) <= now
        else VALID
        for expires, revoked in zip(frame["expires_utc"], frame["revoked_utc"], strict=True)
    ]
    return frame
