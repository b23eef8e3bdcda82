"""Cached access to the Logbook for the pages (progress panel, records page).

The store changes while the app runs, so cached figures are keyed by the
store's *version*: per table, the row count and the largest id, read on every
run (a few milliseconds). A record saved by anyone changes the version, so
every page shows it at once, while unchanged stores are not read again.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import func, select

import settings
from access.roles import LOGBOOK_WRITE, User
from components import data
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
    """Return (rows, max id) per record table: changes whenever a record is added.

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the database cannot be reached.
    """
    eng = engine()
    out = []
    for model in RECORD_MODELS.values():
        table = model.__table__
        out.append(tuple(store.read(eng, select(func.count(), func.max(table.c.id)))[0]))
    return tuple(out)


@st.cache_data(show_spinner=False, max_entries=16, ttl=3600)
def progress(build: str, logbook: str, code: str | None, version_key: tuple) -> dict:
    """Return the progress tables of an area: status, frames, summary (cached by version).

    ``version_key`` only keys the cache. Keys: ``status``
    (:func:`logbook.stats.target_status`), ``frames``
    (:func:`logbook.stats.logbook_frames`), ``summary``, ``synthetic``
    (whether any record of the area is synthetic).
    """
    del version_key
    frames = stats.logbook_frames(store.engine_for(logbook), code)
    status = stats.target_status(data.cursor(), frames, code)
    return {
        "status": status,
        "frames": frames,
        "summary": stats.summary(status, code),
        "synthetic": stats.has_synthetic(frames),
    }


def can_record(user: User) -> bool:
    """Return whether the user may record: the Logbook right, or local single-user mode."""
    return user.can(LOGBOOK_WRITE) or not settings.auth_enabled()


def recent(code: str | None, kind: str, limit: int = 50) -> pd.DataFrame:
    """Return the latest records of one kind in an area (newest first).

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the database cannot be reached.
    """
    table = RECORD_MODELS[kind].__table__
    query = select(table).order_by(table.c.id.desc()).limit(limit)
    if code:
        query = query.where(table.c.village_code.startswith(code))
    rows = store.read(engine(), query)
    return pd.DataFrame(rows, columns=[c.name for c in table.columns])
