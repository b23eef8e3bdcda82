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
from sqlalchemy import select

import settings
from access.personal import protect
from access.roles import CASE_ASSIGN, LOGBOOK_WRITE, SYSTEM_INFO, User, in_scope
from app_data import data
from logbook import cases, stats, store
from logbook.importer import household_lookup
from logbook.models import CASE_STATUSES, OPEN_STATUSES, RECORD_MODELS
from logbook.records import Context
from queries import search
from queries.search import SearchSpec


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
    """Return today and :func:`logbook.store.content_version`: changes whenever a record is added.

    The day is part of it because overdue cases and referrals follow the calendar.

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the database cannot be reached.
    """
    return (date.today().isoformat(), *store.content_version(engine()))


#: Areas whose Logbook rows stay cached at once (:func:`frames`).
FRAMES_ENTRIES = 8


@st.cache_resource(show_spinner=False, max_entries=FRAMES_ENTRIES, ttl=3600)
def frames(logbook: str, code: str | None, version_key: tuple) -> dict[str, pd.DataFrame]:
    """Return :func:`logbook.stats.logbook_frames` of an area, read once per Logbook version.

    The Progress page (:func:`progress`) and the help outcomes of the Change
    page (:func:`app_data.data.outcomes`) both start from these rows; read
    from the store they were most of either page's first view (4.2 s of
    7.6 s for province 41 with the synthetic Logbook, issue 13). Unmasked
    rows: only the figures built from them, and :func:`not_reached` through
    :func:`access.personal.protect`, reach a page. ``version_key``
    (:func:`version`) only keys the cache.

    Shared, not copied (``st.cache_resource``, as :func:`progress`): every
    session gets the same objects, which no caller changes
    (``tests/test_logbook_shared_cache.py`` opens every page that reads them
    and checks). ``st.cache_data`` unpickled a copy for every reader, seconds
    a view for the whole country's rows (issue 13).

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the store cannot be read.
    """
    del version_key
    return stats.logbook_frames(store.engine_for(logbook), code)


@st.cache_resource(show_spinner=False, max_entries=16, ttl=3600)
def progress(build: str, logbook: str, code: str | None, version_key: tuple) -> dict:
    """Return the progress tables of an area: status, frames, summary (cached by version).

    ``version_key`` only keys the cache. Keys: ``status``
    (:func:`logbook.stats.target_status`), ``referrals``
    (:func:`logbook.stats.referral_status`), ``summary``, ``synthetic``
    (whether any record of the area is synthetic), and the page's tables,
    computed here once per Logbook version instead of on every rerun:
    ``children`` (:func:`logbook.stats.by_child`), ``cases_children``
    (:func:`logbook.stats.cases_by_child`), ``months``
    (:func:`logbook.stats.by_month`), ``help_dimension`` and ``help_agency``
    (:func:`logbook.stats.help_breakdown`), ``funnel``
    (:func:`logbook.stats.funnel`), ``not_reached_count``. The version key
    also holds the day, as overdue cases and referrals follow the calendar.
    Shared, not copied, as :func:`frames`: at national scale the copy of
    the country's tables cost seconds on every view of the Progress page and
    of the household search (which reads the area's teams from here).
    """
    rows = frames(logbook, code, version_key)
    status = stats.target_status(data.cursor(build), rows, code)
    referrals = stats.referral_status(rows["referrals"])
    return {
        "status": status,
        "referrals": referrals,
        "summary": stats.summary(status, code, referrals),
        "synthetic": stats.has_synthetic(rows),
        "children": stats.by_child(data.cursor(build), status, code),
        "cases_children": stats.cases_by_child(data.cursor(build), status, referrals, code),
        "months": stats.by_month(status),
        "help_dimension": stats.help_breakdown(rows["help"], status, "dimension"),
        "help_agency": stats.help_breakdown(rows["help"], status, "agency"),
        "funnel": stats.funnel(status),
        "not_reached_count": stats.not_reached_count(status),
    }


@st.cache_data(show_spinner=False, max_entries=64, ttl=3600)
def not_reached(
    build: str,
    logbook: str,
    code: str | None,
    version_key: tuple,
    viewer: User,
    limit: int | None,
) -> pd.DataFrame:
    """Return the area's targets not yet surveyed or helped, masked for ``viewer``.

    :func:`logbook.stats.not_reached` over the cached :func:`progress`; at
    most ``limit`` rows (None: all of them, for the download).
    """
    result = progress(build, logbook, code, version_key)
    return stats.not_reached(
        data.cursor(build),
        result["status"],
        frames(logbook, code, version_key),
        limit,
        viewer=viewer,
    )


def can_record(user: User) -> bool:
    """Return whether the user may record: the Logbook right, or local single-user mode."""
    return user.can(LOGBOOK_WRITE) or not settings.auth_enabled()


def can_assign(user: User) -> bool:
    """Return whether the user may assign cases: the case-assign right, or local mode."""
    return user.can(CASE_ASSIGN) or not settings.auth_enabled()


def may_save(user: User, kind: str) -> bool:
    """Return whether the user may store a record of ``kind`` from a form.

    An assignment (``"assign"``) needs the case-assign right (district chief,
    operations team); every other record the Logbook right (operations team).
    """
    return can_assign(user) if kind == "assign" else can_record(user)


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


def context(user: User) -> Context:
    """Return the validation context of a form record by ``user`` (area, today, look-ups)."""
    eng = engine()
    return Context(
        lambda ids: household_lookup(data.cursor(), eng, ids),
        user.area_code,
        date.today(),
        records=lambda kind, column, values: cases.lookup_records(eng, kind, column, values),
    )


def timeline(household_id: str, user: User) -> pd.DataFrame:
    """Return one household's records in date order, masked for ``user``.

    :func:`logbook.cases.timeline` on this server's store.

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the database cannot be reached.
    """
    return cases.timeline(engine(), household_id, viewer=user)


def referrals_of(household_id: str, user: User) -> pd.DataFrame:
    """Return one household's referrals, one row each (latest step in effect).

    Columns of :func:`logbook.stats.referral_status`; none outside ``user``'s area.
    """
    frame = cases.case_frames(engine(), None)["referrals"]
    frame = frame[frame["household_id"] == str(household_id)]
    frame = frame.loc[[in_scope(user, code) for code in frame["village_code"]]]
    return stats.referral_status(frame)


def assign_search(
    spec: SearchSpec, *, team: str, due: date, note: str, user: User, submission: str
) -> int:
    """Assign every household of a search to ``team`` in one transaction; return how many.

    At most :data:`BULK_LIMIT` households (the caller checks the count
    first). Raises as :func:`logbook.cases.assign_many`.
    """
    ids = search.matching_ids(data.cursor(), spec, BULK_LIMIT)
    return cases.assign_many(
        engine(),
        ids,
        team=team,
        assigned=date.today(),
        due=due,
        note=note,
        ctx=context(user),
        user=user.username,
        submission=submission,
    )


#: Most households assigned at once from a search (one transaction).
BULK_LIMIT = 5000


def teams(code: str | None, open_only: bool = True) -> list[str]:
    """Return the teams with cases assigned in an area (names, sorted).

    ``open_only``: only teams with open cases (the worklist); otherwise
    every team an assignment in effect names (the household search).

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the database cannot be reached.
    """
    key = version()
    result = progress(data.build_key(), url(), code, key)
    if not open_only:
        assigned = cases.latest(frames(url(), code, key)["assignments"], "assigned_date")
        return sorted(assigned["team"].unique())
    status = result["status"]
    open_cases = status[status["case_status"].isin(OPEN_STATUSES) & (status["team"] != "")]
    return sorted(open_cases["team"].unique())


def worklist(code: str | None, team: str, user: User) -> pd.DataFrame:
    """Return a team's open cases in an area, overdue first, with house and failures.

    Columns: household_id, head_name, house_no, village_code, village_th,
    village_en, lat, lon, dimensions_failed, mask (0 for a household added as missed:
    no survey record), case_status, due_date, case_overdue, opened. Sorted
    overdue first, then by due date. Only households in ``user``'s area,
    masked for ``user``.

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the database cannot be reached.
    """
    key = version()
    status = progress(data.build_key(), url(), code, key)["status"]
    mine = status[(status["team"] == team) & status["case_status"].isin(OPEN_STATUSES)]
    mine = mine.loc[[in_scope(user, c) for c in mine["village_code"]]]
    case_columns = ["case_status", "due_date", "case_overdue", "opened"]
    missed = frames(url(), code, key)["missed"]
    missed = missed[missed["household_id"].isin(mine["household_id"])].sort_values("household_id")
    surveyed = mine[mine["origin"] == "survey"].sort_values("household_id")
    # Both frames come back masked in their household-ID order: the case columns are
    # joined by position, so a masked viewer's pseudonyms never need the stored IDs.
    houses = search.households_by_id(data.cursor(), surveyed["household_id"].tolist(), viewer=user)
    houses[case_columns] = surveyed[case_columns].to_numpy()
    added = protect(
        pd.DataFrame(
            {
                "household_id": missed["household_id"].to_numpy(),
                "head_name": missed["head_name"].to_numpy(),
                "house_no": "",
                "village_code": missed["village_code"].to_numpy(),
                **{
                    f"village_{lang}": [
                        (data.area(data.build_key(), c) or {}).get(f"name_{lang}", c)
                        for c in missed["village_code"]
                    ]
                    for lang in ("th", "en")
                },
                "lat": missed["lat"].to_numpy(),
                "lon": missed["lon"].to_numpy(),
                "dimensions_failed": 0,
                "mask": 0,
            }
        ),
        user,
    )
    by_id = mine.set_index("household_id")
    for column in case_columns:
        added[column] = by_id.loc[missed["household_id"], column].to_numpy()
    out = pd.concat([houses, added], ignore_index=True)
    out["_due"] = pd.to_datetime(out["due_date"])
    out = out.sort_values(["case_overdue", "_due", "household_id"], ascending=[False, True, True])
    return out.drop(columns="_due").reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=64, ttl=3600)
def _search_ids(
    build: str,
    logbook: str,
    code: str | None,
    recorded: bool,
    statuses: tuple[str, ...],
    teams: tuple[str, ...],
    version_key: tuple,
) -> tuple[str, ...]:
    del version_key
    result = progress(build, logbook, code, version())
    status = result["status"]
    ids: set[str] | None = None
    if recorded:
        eng = store.engine_for(logbook)
        found: set[str] = set()
        for model in RECORD_MODELS.values():
            table = model.__table__
            query = select(table.c.household_id).distinct()
            if code:
                query = query.where(table.c.village_code.startswith(code))
            found |= {row[0] for row in store.read(eng, query)}
        ids = found
    if statuses:
        chosen = set(status.loc[status["case_status"].isin(statuses), "household_id"])
        ids = chosen if ids is None else ids & chosen
    if teams:
        assigned = cases.latest(frames(logbook, code, version())["assignments"], "assigned_date")
        chosen = set(assigned.index[assigned["team"].isin(teams)])
        ids = chosen if ids is None else ids & chosen
    return tuple(sorted(ids or ()))


def new_households(code: str | None, viewer: User | None = None) -> tuple[tuple, ...]:
    """Return the households recorded as missed in area ``code``, for the household search.

    Tuples of :data:`queries.search.NEW_HOUSEHOLD_FIELDS` (ID, village, typed
    head name, members, location) from the cached Logbook frames; only those
    in ``viewer``'s area (:func:`access.roles.in_scope`) when given. The
    names leave this function unmasked: the search masks its results for
    the viewer (:func:`queries.search.search_page`).

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the Logbook cannot be read.
    """
    missed = frames(url(), code, version())["missed"]
    if viewer is not None:
        missed = missed.loc[[in_scope(viewer, c) for c in missed["village_code"]]]
    return tuple(
        (str(r.household_id), str(r.village_code), str(r.head_name), int(r.n_members))
        + (float(r.lat), float(r.lon))
        for r in missed.itertuples(index=False)
    )


def search_spec(code: str | None, conditions: dict, viewer: User | None = None) -> SearchSpec:
    """Return the household search of ``conditions`` in area ``code``, Logbook sets resolved.

    The search runs in DuckDB over the build; its Logbook conditions
    (recorded in the Logbook, case statuses, assigned teams; issue 14) are
    found in the Logbook store here and passed in as ``logbook_ids``, and
    the households newly added in the Logbook (``logbook_new``) as
    ``new_households`` (:func:`new_households`, in ``viewer``'s area);
    both cached by the store's version, so a new record shows at once.

    Raises
    ------
    queries.search.SearchSpecError
        For unknown case statuses or an impossible search.
    logbook.store.StoreUnavailableError
        If the Logbook is needed and cannot be reached.
    """
    new = () if conditions.get("logbook_new") else None
    spec = SearchSpec(**{**conditions, "area_code": code, "logbook_ids": (), "new_households": new})
    if spec.logbook_new:
        spec = spec.replace(new_households=new_households(spec.area_code, viewer))
    if not spec.needs_logbook:
        return spec.replace(logbook_ids=None)
    unknown = sorted(set(spec.case_statuses) - set(CASE_STATUSES))
    if unknown:
        raise search.SearchSpecError(
            "unknown_status", f"unknown case status(es) {unknown}", names=", ".join(unknown)
        )
    ids = _search_ids(
        data.build_key(),
        url(),
        spec.area_code,
        spec.logbook_recorded,
        spec.case_statuses,
        spec.teams,
        version(),
    )
    return spec.replace(logbook_ids=ids)
