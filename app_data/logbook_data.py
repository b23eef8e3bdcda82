"""Cached access to the Logbook for the pages (progress panel, records page).

The store changes while the app runs, so cached figures are keyed by the
store's *version*: per table, the row count and the largest id, read on every
run (a few milliseconds). A record saved by anyone changes the version, so
every page shows it at once, while unchanged stores are not read again.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy import func, select

import settings
from access.roles import LOGBOOK_WRITE, SYSTEM_INFO, User
from app_data import data
from logbook import stats, store
from logbook.models import RECORD_MODELS


def url() -> str:
    """Return the Logbook URL of this server (``TPMAP_LOGBOOK_URL``)."""
    return settings.logbook_url()


def engine():
    """Return the store's engine (migrated; cached per process by :mod:`logbook.store`).

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the database cannot be reached.
    """
    return store.engine_for(url())


def version() -> tuple:
    """Return today and (rows, max id) per record table: changes whenever a record is added.

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the database cannot be reached.
    """
    eng = engine()
    out: list = [date.today().isoformat()]
    for model in RECORD_MODELS.values():
        table = model.__table__
        out.append(tuple(store.read(eng, select(func.count(), func.max(table.c.id)))[0]))
    return tuple(out)


@st.cache_data(show_spinner=False, max_entries=16, ttl=3600)
def progress(build: str, logbook: str, code: str | None, version_key: tuple) -> dict:
    """Return the progress tables of an area: status, frames, summary (cached by version).

    ``version_key`` only keys the cache. Keys: ``status``
    (:func:`logbook.stats.target_status`), ``frames``
    (:func:`logbook.stats.logbook_frames`), ``referrals``
    (:func:`logbook.stats.referral_status`), ``summary``, ``synthetic``
    (whether any record of the area is synthetic). The version key also
    holds the day, as overdue cases and referrals follow the calendar.
    """
    del version_key
    frames = stats.logbook_frames(store.engine_for(logbook), code)
    status = stats.target_status(data.cursor(), frames, code)
    referrals = stats.referral_status(frames["referrals"])
    return {
        "status": status,
        "frames": frames,
        "referrals": referrals,
        "summary": stats.summary(status, code, referrals),
        "synthetic": stats.has_synthetic(frames),
    }


def can_record(user: User) -> bool:
    """Return whether the user may record: the Logbook right, or local single-user mode."""
    return user.can(LOGBOOK_WRITE) or not settings.auth_enabled()


def recent(code: str | None, kind: str, user: User, limit: int = 50) -> pd.DataFrame:
    """Return the latest records of one kind in an area (newest first), masked for ``user``.

    :func:`logbook.stats.recent_records` on this server's store.

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the database cannot be reached.
    """
    return stats.recent_records(engine(), code, kind, limit, viewer=user)


def where(user: User) -> str:
    """Return where the Logbook is stored as ``user`` may see it.

    Roles with the system-info right see the URL (password hidden); others
    only the kind of database (issue 11).
    """
    return store.describe(url(), full=user.can(SYSTEM_INFO))


def reason_for(error: Exception, user: User) -> str:
    """Return why the store failed, as ``user`` may read it.

    Store errors name the host, port, database or file: only roles with the
    system-info right see that; others get the kind of error and the kind of
    database.
    """
    if user.can(SYSTEM_INFO):
        return str(error)
    return f"{type(error).__name__}, {store.describe(url(), full=False)}"
