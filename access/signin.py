"""Password sign-in with a limit on guessing: the one check every password path uses.

Used by the web sign-in form (:mod:`server.web`) and the command line
(:mod:`access.cli`). Rule (issue 19): after ``TPMAP_SIGNIN_MAX_FAILURES``
(5) wrong passwords for one user name within ``TPMAP_SIGNIN_LOCKOUT_MINUTES``
(15) minutes, tries for that name are refused, without checking the
password, until that many minutes have passed since the last of those
failures. Names that do not exist are counted and locked the same way, and
every answer costs one bcrypt check (:func:`access.users.authenticate`), so
neither the answer nor its time tells whether a name exists. Every failed
and refused try is written to the sign-in log (:mod:`access.signin_log`),
never the password.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import settings
from access import signin_log
from access.roles import User
from access.users import UserConfig, authenticate

SIGNED_IN, WRONG, LOCKED = "signed_in", "wrong_password", "locked_out"


@dataclass(frozen=True)
class SignInResult:
    """The answer to one password try.

    Attributes
    ----------
    outcome : str
        :data:`SIGNED_IN`, :data:`WRONG` or :data:`LOCKED`.
    user : User or None
        The user when signed in.
    locked_until : datetime or None
        UTC end of the lockout when locked (also set on the wrong try that
        locked the name).
    """

    outcome: str
    user: User | None = None
    locked_until: dt.datetime | None = None


def normalise_username(username: str) -> str:
    """Return the user name as the users file keys it (trimmed, lower case)."""
    return str(username or "").strip().lower()


def locked_until(
    log_path: Path | str, username: str, *, at: dt.datetime | None = None
) -> dt.datetime | None:
    """Return when the lockout of ``username`` ends, or None when it is not locked.

    Parameters
    ----------
    log_path : Path or str
        The audit SQLite file (``settings.audit_db()``).
    username : str
        The name as typed (normalised here).
    at : datetime, optional
        The time of the question (default now, UTC).

    Returns
    -------
    datetime or None
        The last of the ``TPMAP_SIGNIN_MAX_FAILURES`` most recent wrong
        passwords plus ``TPMAP_SIGNIN_LOCKOUT_MINUTES``, when those failures
        all fall within that many minutes before ``at``.
    """
    now = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    window = dt.timedelta(minutes=settings.signin_lockout_minutes())
    limit = settings.signin_max_failures()
    # A lockout lasts `window` after the failure that caused it, and those failures span
    # at most `window`: failures older than 2 x window cannot lock any more.
    failures = signin_log.failures_since(log_path, normalise_username(username), now - 2 * window)
    latest_end = None
    for i in range(limit - 1, len(failures)):
        if failures[i] - failures[i - limit + 1] <= window:
            latest_end = failures[i] + window
    return latest_end if latest_end is not None and latest_end > now else None


def sign_in(
    config: UserConfig,
    username: str,
    password: str,
    *,
    method: str,
    client: str | None,
    log_path: Path | str | None = None,
    at: dt.datetime | None = None,
) -> SignInResult:
    """Check one password try against the users file and the lockout, and log it.

    Parameters
    ----------
    config : UserConfig
        The users file.
    username, password : str
        As typed. The password is checked, never stored or logged.
    method : str
        ``password`` (web form) or ``cli``.
    client : str or None
        The browser's IP address, or ``os:<account>`` (written to the log).
    log_path : Path or str, optional
        The audit SQLite file (default ``settings.audit_db()``).
    at : datetime, optional
        Time of the try (default now, UTC).

    Returns
    -------
    SignInResult
        Signed in (logged ``signed_in``), wrong (``wrong_password``) or
        locked (``locked_out``; the password is not checked, but the same
        bcrypt work is done so the answer takes as long).
    """
    log_path = log_path or settings.audit_db()
    name = normalise_username(username)
    now = (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    until = locked_until(log_path, name, at=now)
    if until is not None:
        authenticate(config, "", "")  # the dummy check: a refusal costs what a check costs
        signin_log.record_event(
            log_path,
            name,
            LOCKED,
            method,
            client=client,
            detail=f"until {until.isoformat(timespec='seconds')}",
            at=now,
        )
        return SignInResult(LOCKED, locked_until=until)
    user = authenticate(config, name, password)
    if user is not None:
        signin_log.record_event(log_path, name, SIGNED_IN, method, client=client, at=now)
        return SignInResult(SIGNED_IN, user=user)
    signin_log.record_event(log_path, name, WRONG, method, client=client, at=now)
    return SignInResult(WRONG, locked_until=locked_until(log_path, name, at=now))
