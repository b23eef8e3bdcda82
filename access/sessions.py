"""Server-side sign-in sessions: what makes a sign-in cookie valid, and sign-out final.

A session is a row of table ``signin_sessions`` in the audit SQLite file
(``settings.audit_db()``), keyed by the SHA-256 of a secret: for the
password sign-in, the random token in the browser's HttpOnly cookie; for
the identity provider, the identity Streamlit's ``st.user`` carries
(:func:`identity_key`). The cookie alone proves nothing: every script run
looks the session up, and a session that ended (sign-out) or expired
(``TPMAP_SESSION_HOURS``) is refused, so a cookie copied before sign-out is
worthless after it (issue 19). Only hashes are stored, so a copy of the
file does not give working cookies. Several server processes share the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from access.audit import connect_file

#: Outcomes of :func:`look_up`.
VALID, EXPIRED, ENDED, UNKNOWN = "valid", "expired", "ended", "unknown"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS signin_sessions (
    key_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    method TEXT NOT NULL,
    started_utc TEXT NOT NULL,
    expires_utc TEXT NOT NULL,
    ended_utc TEXT
);
"""


@dataclass(frozen=True)
class SessionState:
    """What :func:`look_up` found.

    Attributes
    ----------
    status : str
        :data:`VALID`, :data:`EXPIRED`, :data:`ENDED` or :data:`UNKNOWN`.
    username : str or None
        The session's user (None when unknown).
    method : str or None
        ``password`` or ``oidc``.
    """

    status: str
    username: str | None = None
    method: str | None = None


def _now(at: dt.datetime | None) -> dt.datetime:
    return (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)


def _iso(at: dt.datetime) -> str:
    return at.isoformat(timespec="microseconds")


def key_hash(secret: str) -> str:
    """Return the hex SHA-256 of a session secret (what the table stores)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def identity_key(claims: dict) -> str:
    """Return the session secret of an identity-provider sign-in.

    Parameters
    ----------
    claims : dict
        ``st.user.to_dict()``: the ID token's claims, which Streamlit keeps in
        its signed, HttpOnly ``_streamlit_user`` cookie. ``iat`` and
        ``nonce`` differ at every sign-in, so each sign-in is its own
        session; a copy of the cookie carries the same claims.

    Returns
    -------
    str
        A canonical JSON text of the claims (hashed before it is stored).
    """
    return json.dumps(claims, sort_keys=True, ensure_ascii=False, default=str)


def _connect(path: Path) -> sqlite3.Connection:
    return connect_file(path, _SCHEMA)


def start(
    path: Path | str,
    username: str,
    method: str,
    hours: float,
    *,
    secret: str | None = None,
    at: dt.datetime | None = None,
) -> str:
    """Open a session; return its secret (the cookie value for the password sign-in).

    Parameters
    ----------
    path : Path or str
        The audit SQLite file.
    username : str
        The signed-in user of ``config/users.yaml``.
    method : str
        ``password`` or ``oidc``.
    hours : float
        Lifetime (``settings.session_hours()``).
    secret : str, optional
        The secret to key the session by (:func:`identity_key` for the
        identity provider); default a new random token (32 bytes, URL-safe).
        A secret whose session exists already keeps that session (its end
        or expiry is not undone).
    at : datetime, optional
        Start time (default now).
    """
    secret = secret or secrets.token_urlsafe(32)
    started = _now(at)
    with closing(_connect(Path(path))) as con, con:
        con.execute(
            "INSERT OR IGNORE INTO signin_sessions "
            "(key_hash, username, method, started_utc, expires_utc) VALUES (?, ?, ?, ?, ?)",
            [
                key_hash(secret),
                username,
                method,
                _iso(started),
                _iso(started + dt.timedelta(hours=hours)),
            ],
        )
    return secret


def look_up(path: Path | str, secret: str, *, at: dt.datetime | None = None) -> SessionState:
    """Return the state of the session keyed by ``secret``.

    Any text is accepted (a forged or garbled cookie is simply
    :data:`UNKNOWN`). A missing file means no session exists.
    """
    path = Path(path)
    if not secret or not path.exists():
        return SessionState(UNKNOWN)
    with closing(_connect(path)) as con:
        row = con.execute(
            "SELECT username, method, expires_utc, ended_utc FROM signin_sessions "
            "WHERE key_hash = ?",
            [key_hash(secret)],
        ).fetchone()
    if row is None:
        return SessionState(UNKNOWN)
    username, method, expires, ended = row
    if ended is not None:
        return SessionState(ENDED, username, method)
    if dt.datetime.fromisoformat(expires) <= _now(at):
        return SessionState(EXPIRED, username, method)
    return SessionState(VALID, username, method)


def end(path: Path | str, secret: str, *, at: dt.datetime | None = None) -> str | None:
    """End the session keyed by ``secret`` (sign-out); return its user name, or None.

    Ending is final: the same secret is refused from then on, whoever
    presents it. Returns None when there is no such session or it had
    ended already (so a sign-out is logged once).
    """
    path = Path(path)
    if not secret or not path.exists():
        return None
    with closing(_connect(path)) as con, con:
        row = con.execute(
            "UPDATE signin_sessions SET ended_utc = ? WHERE key_hash = ? AND ended_utc IS NULL "
            "RETURNING username",
            [_iso(_now(at)), key_hash(secret)],
        ).fetchone()
    return row[0] if row else None
