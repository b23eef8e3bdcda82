"""Progress figures (panel 3): targets surveyed and helped, by area, month, dimension, agency.

Definitions (DOMAIN.md §5, §7): the **target households** of an area are the
TPMAP target poor of the build (target group 1.1: failing the MPI and holding
a welfare card) plus the households added in the field as missed by the
system (the published 2022 figures count 618,311 targets + 12,808 added).
A target is **surveyed** when it has at least one survey visit, **helped**
when it has at least one help entry; the shares divide by the targets. Its
**stage** is the stage of its latest stage record (ties: the later record).
Records of households that are not targets are kept but not counted here.

Case management (issue 14): every target has a **case status**, the
latest status record in effect (:mod:`logbook.cases`); a target with none
is ``open`` until it has a visit or help, then ``in_progress`` (an explicit
``open`` followed by a visit or help is ``in_progress`` as well). A case is
**overdue** when it is open (open / in progress) and its assignment in
effect is past its due date; a **referral** is open while requested or
accepted, overdue when open more than ``TPMAP_REFERRAL_OVERDUE_DAYS`` after
its request. A case is **opened** on the date of its first status record in
effect (the synthetic history writes ``open`` when the target list is
released), or for a household added as missed on the day it was found; the
**days to first visit / help** count from that date (cases with no opening
date are left out of the median and the 90th percentile).

Every function takes the read-only build connection (DuckDB) and the Logbook
engine; Logbook rows are read once per call (:func:`target_status`) and
joined in DuckDB on a private cursor.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Engine, select

import settings
from access.personal import protect
from access.roles import User, in_scope
from logbook import cases, store
from logbook.models import (
    CASE_STATUSES,
    OPEN_REFERRAL_STATUSES,
    OPEN_STATUSES,
    STAGES,
    DevelopmentStage,
    HelpGiven,
    MissedHousehold,
    SurveyVisit,
)
from queries import figures

STATUS_COLUMNS = [
    "household_id",
    "village_code",
    "origin",
    "first_visit",
    "first_help",
    "stage",
    "case_status",
    "status_date",
    "status_reason",
    "opened",
    "team",
    "due_date",
    "case_overdue",
]


def _in_area(table, area_code: str | None):
    query = select(table)
    if area_code:
        query = query.where(table.c.village_code.startswith(area_code))
    return query


def _frame(engine: Engine, table, columns: list[str], area_code: str | None) -> pd.DataFrame:
    columns = [*columns, "source"]
    query = _in_area(table, area_code).with_only_columns(*[table.c[c] for c in columns])
    # Plain tuples: pandas builds a frame from SQLAlchemy Rows about 5x slower (issue 13).
    return pd.DataFrame([tuple(row) for row in store.read(engine, query)], columns=columns)


def logbook_frames(engine: Engine, area_code: str | None) -> dict[str, pd.DataFrame]:
    """Return the Logbook rows of an area as frames.

    Keys: visits, help, stages, missed, and the case records statuses,
    assignments, referrals (every record, corrections and voids included:
    :func:`logbook.cases.case_frames`). Every frame has a ``source`` column
    (form / import / synthetic).

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the store cannot be read.
    """
    return {
        "visits": _frame(
            engine, SurveyVisit.__table__, ["household_id", "visit_date", "problems"], area_code
        ),
        "help": _frame(
            engine,
            HelpGiven.__table__,
            ["household_id", "help_date", "agency", "help_kind", "dimension", "amount_baht"],
            area_code,
        ),
        "stages": _frame(
            engine,
            DevelopmentStage.__table__,
            ["id", "household_id", "stage", "stage_date"],
            area_code,
        ),
        "missed": _frame(
            engine,
            MissedHousehold.__table__,
            ["household_id", "village_code", "found_date", "head_name", "n_members", "lat", "lon"],
            area_code,
        ),
        **cases.case_frames(engine, area_code),
    }


def has_synthetic(frames: dict[str, pd.DataFrame]) -> bool:
    """Return whether any row of :func:`logbook_frames` is synthetic (``source`` = synthetic).

    The Progress page and the area reports then say the history is synthetic
    (:mod:`logbook.synthetic` makes it; real records come from forms or imports).
    """
    return any("source" in f and (f["source"] == "synthetic").any() for f in frames.values())


def target_status(
    con: duckdb.DuckDBPyConnection,
    frames: dict[str, pd.DataFrame],
    area_code: str | None,
    today: date | None = None,
) -> pd.DataFrame:
    """Return one row per target household of the area with its progress and case.

    Columns: household_id, village_code, origin (``survey`` = target poor of
    the build, ``missed`` = added in the field), first_visit, first_help
    (dates or NaT), stage (latest stage or None), case_status (one of
    :data:`logbook.models.CASE_STATUSES`, see the module docstring),
    status_date and status_reason of the status record in effect (NaT/""
    without one), opened (date or NaT), team and due_date of the assignment
    in effect (""/NaT), case_overdue (open and past its due date on
    ``today``, default today).
    """
    cur = con.cursor()
    for name in ("visits", "help", "stages", "missed"):
        cur.register(f"lb_{name}", frames[name])
    where, params = ("starts_with(village_code, ?)", [area_code]) if area_code else ("TRUE", [])
    out = cur.execute(
        f"""
        WITH targets AS (
            SELECT household_id, village_code, 'survey' AS origin FROM households
            WHERE {figures.target_poor_sql()} AND {where}
            UNION ALL
            SELECT household_id, village_code, 'missed' FROM lb_missed
        ),
        v AS (SELECT household_id, min(visit_date) AS first_visit FROM lb_visits GROUP BY 1),
        h AS (SELECT household_id, min(help_date) AS first_help FROM lb_help GROUP BY 1),
        s AS (SELECT household_id, arg_max(stage, (stage_date, id)) AS stage
              FROM lb_stages GROUP BY 1)
        SELECT t.household_id, t.village_code, t.origin, v.first_visit::DATE AS first_visit,
               h.first_help::DATE AS first_help, s.stage
        FROM targets t
        LEFT JOIN v USING (household_id)
        LEFT JOIN h USING (household_id)
        LEFT JOIN s USING (household_id)
        ORDER BY t.household_id
        """,
        params,
    ).df()
    return _with_cases(out, frames, today or date.today())


def _with_cases(out: pd.DataFrame, frames: dict, today: date) -> pd.DataFrame:
    """Add the case columns of :func:`target_status` to its progress rows."""
    statuses = frames.get("statuses")
    if statuses is None:
        statuses = cases.case_frames_empty()["statuses"]
    assignments = frames.get("assignments")
    if assignments is None:
        assignments = cases.case_frames_empty()["assignments"]
    current = cases.latest(statuses, "status_date")
    opened = cases.in_effect(statuses).groupby("household_id")["status_date"].min()
    missed = frames["missed"]
    found = (
        missed.set_index("household_id")["found_date"]
        if "found_date" in missed
        else pd.Series(dtype=object)
    )
    ids = out["household_id"]
    explicit = ids.map(current["status"]).astype(object)
    status_date = pd.to_datetime(ids.map(current["status_date"]))
    active = out["first_visit"].notna() | out["first_help"].notna()
    last_activity = pd.concat(
        [pd.to_datetime(out["first_visit"]), pd.to_datetime(out["first_help"])], axis=1
    ).max(axis=1)
    derived = np.where(active, "in_progress", "open")
    reopened_and_reached = (explicit == "open") & active & (last_activity >= status_date)
    out["case_status"] = np.where(
        explicit.isna() | reopened_and_reached, derived, explicit.fillna("open")
    )
    out["status_date"] = status_date.dt.date
    out["status_reason"] = ids.map(current["reason"]).astype(object).fillna("")
    out["opened"] = ids.map(opened).fillna(ids.map(found))
    assigned = cases.latest(assignments, "assigned_date")
    out["team"] = ids.map(assigned["team"]).astype(object).fillna("")
    out["due_date"] = ids.map(assigned["due_date"])
    due = pd.to_datetime(out["due_date"])
    out["case_overdue"] = out["case_status"].isin(OPEN_STATUSES) & (due < pd.Timestamp(today))
    return out


def by_status(status: pd.DataFrame) -> dict[str, int]:
    """Return the number of targets per case status (every status; they sum to the targets)."""
    counts = status["case_status"].value_counts()
    return {name: int(counts.get(name, 0)) for name in CASE_STATUSES}


def referral_status(
    referrals: pd.DataFrame, today: date | None = None, overdue_days: int | None = None
) -> pd.DataFrame:
    """Return one row per referral: its latest step in effect, request date, open, overdue.

    Columns: referral_id, household_id, village_code, from_agency, to_agency,
    help_kind, referral_status, requested (date of the request), updated
    (date of the latest step), open (requested or accepted), overdue (open
    more than ``overdue_days``, default ``TPMAP_REFERRAL_OVERDUE_DAYS``,
    after the request on ``today``).
    """
    columns = [
        "referral_id",
        "household_id",
        "village_code",
        "from_agency",
        "to_agency",
        "help_kind",
        "referral_status",
        "requested",
        "updated",
        "open",
        "overdue",
    ]
    current = cases.in_effect(referrals)
    if current.empty:
        return pd.DataFrame(columns=columns)
    today = today or date.today()
    days = settings.referral_overdue_days() if overdue_days is None else overdue_days
    requested = current.groupby("referral_id")["referral_date"].min().rename("requested")
    last = cases.latest(current, "referral_date", by="referral_id")
    out = last.join(requested).reset_index()
    out["updated"] = out["referral_date"]
    out["open"] = out["referral_status"].isin(OPEN_REFERRAL_STATUSES)
    out["overdue"] = out["open"] & (
        pd.to_datetime(out["requested"]) < pd.Timestamp(today - timedelta(days=days))
    )
    return out[columns].sort_values(["overdue", "requested"], ascending=[False, True])


def days_to(status: pd.DataFrame, column: str) -> pd.Series:
    """Return days from a case's opening to ``first_visit`` or ``first_help`` (NaN when unknown).

    A first visit or help dated before the opening counts as 0 days.
    """
    days = (pd.to_datetime(status[column]) - pd.to_datetime(status["opened"])).dt.days
    return days.clip(lower=0).astype(float)


def time_to_help(status: pd.DataFrame) -> dict:
    """Return median and 90th percentile of days to first visit and to first help.

    Keys ``median_days_to_first_visit``, ``p90_days_to_first_visit``,
    ``median_days_to_first_help``, ``p90_days_to_first_help`` (float days,
    ``None`` when no case has both dates) and ``cases_timed_visit``,
    ``cases_timed_help`` (how many cases the figures are over).
    """
    out: dict = {}
    for name, column in (("visit", "first_visit"), ("help", "first_help")):
        days = days_to(status, column).dropna()
        out[f"median_days_to_first_{name}"] = float(days.median()) if len(days) else None
        out[f"p90_days_to_first_{name}"] = float(days.quantile(0.9)) if len(days) else None
        out[f"cases_timed_{name}"] = int(len(days))
    return out


def summary(
    status: pd.DataFrame, area_code: str | None, referrals: pd.DataFrame | None = None
) -> dict:
    """Return the progress of an area from :func:`target_status` rows.

    Parameters
    ----------
    status : DataFrame
        :func:`target_status`.
    area_code : str or None
    referrals : DataFrame, optional
        :func:`referral_status` of the area (``open_referrals`` and
        ``overdue_referrals`` are 0 without it).

    Returns
    -------
    dict
        ``area_code``, ``target_households``, ``surveyed_households``,
        ``helped_households`` (int), ``surveyed_share``, ``helped_share``
        (fractions 0-1, ``None`` without targets), ``by_stage`` (stage ->
        number of targets whose latest stage it is, plus ``none``),
        ``by_status`` (:func:`by_status`, sums to ``target_households``),
        ``by_status_group`` (the groups of :data:`STATUS_GROUPS` -> targets),
        ``shares`` (the fraction of targets, 0 without targets, of each key
        of ``by_stage``, ``by_status`` and ``by_status_group``: the one place
        the page's shares are divided), ``overdue_cases``, ``open_referrals``,
        ``overdue_referrals`` and the keys of :func:`time_to_help`.
    """
    targets = len(status)
    surveyed = int(status["first_visit"].notna().sum())
    helped = int(status["first_help"].notna().sum())
    stages = status["stage"].value_counts()
    by_stage = {stage: int(stages.get(stage, 0)) for stage in STAGES}
    by_stage["none"] = targets - sum(by_stage.values())
    statuses = by_status(status)
    groups = {g: sum(statuses[s] for s in members) for g, members in STATUS_GROUPS.items()}
    counts = {**by_stage, **statuses, **groups}
    return {
        "area_code": area_code,
        "target_households": targets,
        "surveyed_households": surveyed,
        "helped_households": helped,
        "surveyed_share": surveyed / targets if targets else None,
        "helped_share": helped / targets if targets else None,
        "by_stage": by_stage,
        "by_status": statuses,
        "by_status_group": groups,
        "shares": {key: n / targets if targets else 0.0 for key, n in counts.items()},
        "overdue_cases": int(status["case_overdue"].sum()),
        "open_referrals": 0 if referrals is None else int(referrals["open"].sum()),
        "overdue_referrals": 0 if referrals is None else int(referrals["overdue"].sum()),
        **time_to_help(status),
    }


def area_progress(con: duckdb.DuckDBPyConnection, engine: Engine, area_code: str | None) -> dict:
    """Return :func:`summary` of an area, reading the Logbook (``python -m logbook stats``).

    Raises
    ------
    UnknownAreaError
        If the area code is malformed or not in the build.
    logbook.store.StoreUnavailableError
        If the store cannot be read.
    """
    if area_code:
        figures.area(con, area_code)
    frames = logbook_frames(engine, area_code)
    return summary(
        target_status(con, frames, area_code), area_code, referral_status(frames["referrals"])
    )


def by_child(
    con: duckdb.DuckDBPyConnection, status: pd.DataFrame, area_code: str | None
) -> pd.DataFrame:
    """Return progress per child area of ``area_code``.

    Columns: code, name_th, name_en, targets, surveyed, helped,
    surveyed_share, helped_share (fractions; NaN without targets). Every
    child area with households is listed, targets or not.
    """
    kids = figures.children(con, area_code)
    if kids.empty:
        return kids.assign(targets=0, surveyed=0, helped=0, surveyed_share=0.0, helped_share=0.0)
    width = len(kids["code"].iloc[0])
    grouped = (
        status.assign(
            code=status["village_code"].str[:width],
            surveyed=status["first_visit"].notna(),
            helped=status["first_help"].notna(),
        )
        .groupby("code")
        .agg(
            targets=("household_id", "size"),
            surveyed=("surveyed", "sum"),
            helped=("helped", "sum"),
        )
    )
    out = kids.merge(grouped, left_on="code", right_index=True, how="left")
    for column in ("targets", "surveyed", "helped"):
        out[column] = out[column].fillna(0).astype(int)
    targets = out["targets"].where(out["targets"] > 0)
    out["surveyed_share"] = out["surveyed"] / targets
    out["helped_share"] = out["helped"] / targets
    return out.drop(columns=["level"], errors="ignore").reset_index(drop=True)


def by_month(status: pd.DataFrame) -> pd.DataFrame:
    """Return per calendar month: targets first surveyed / first helped, and cumulative shares.

    Columns: month (first day, Timestamp), surveyed, helped (households
    reached that month), surveyed_cum_share, helped_cum_share (fractions of
    all targets). Months span the first to the last record.
    """
    columns = ["month", "surveyed", "helped", "surveyed_cum_share", "helped_cum_share"]
    first = {
        name: pd.to_datetime(status[col]).dt.to_period("M").value_counts()
        for name, col in (("surveyed", "first_visit"), ("helped", "first_help"))
    }
    months = sorted(set(first["surveyed"].index) | set(first["helped"].index))
    if not months:
        return pd.DataFrame(columns=columns)
    index = pd.period_range(months[0], months[-1], freq="M")
    out = pd.DataFrame(
        {name: counts.reindex(index, fill_value=0) for name, counts in first.items()}
    )
    total = max(len(status), 1)
    out["surveyed_cum_share"] = out["surveyed"].cumsum() / total
    out["helped_cum_share"] = out["helped"].cumsum() / total
    out.index = out.index.to_timestamp()
    return out.rename_axis("month").reset_index()[columns]


def of_targets(ids: pd.Series, targets: pd.Series) -> np.ndarray:
    """Return whether each of ``ids`` is among ``targets`` (household IDs); a boolean array.

    ``pyarrow.compute.is_in``, hashing the smaller side: the targets found
    among the distinct ``ids`` first, then ``ids`` among those. At national
    scale (210 k help entries, 1.03 M targets) pandas' ``isin`` on
    Arrow-backed strings took 4.5 s of a 5.35 s Progress rerun (issue 13).
    """
    if len(ids) == 0:
        return np.zeros(0, dtype=bool)
    wanted = _arrow_strings(ids)
    every = _arrow_strings(targets)
    found = pc.filter(every, pc.is_in(every, value_set=pc.unique(wanted)))
    return pc.is_in(wanted, value_set=found).to_numpy(zero_copy_only=False)


def _arrow_strings(values: pd.Series) -> pa.Array:
    array = pa.array(values, from_pandas=True)
    return array if array.type == pa.large_string() else array.cast(pa.large_string())


def help_breakdown(help_frame: pd.DataFrame, status: pd.DataFrame, by: str) -> pd.DataFrame:
    """Return help given to targets grouped by ``by`` (``dimension``, ``agency`` or ``help_kind``).

    Columns: the key, entries, households (distinct), amount_baht (sum);
    sorted by households, largest first.
    """
    targets = help_frame[of_targets(help_frame["household_id"], status["household_id"])]
    out = (
        targets.assign(amount_baht=targets["amount_baht"].astype(float))
        .groupby(by)
        .agg(
            entries=("household_id", "size"),
            households=("household_id", "nunique"),
            amount_baht=("amount_baht", "sum"),
        )
        .reset_index()
    )
    return out.sort_values(["households", by], ascending=[False, True]).reset_index(drop=True)


def funnel(status: pd.DataFrame) -> pd.DataFrame:
    """Return the stage funnel: targets, surveyed, helped, and at least each stage.

    Columns: step (``targets``, ``surveyed``, ``helped``, ``survival``,
    ``sufficiency``, ``sustainability``), households. A household at
    sustainability also counts at sufficiency and survival.
    """
    rank = status["stage"].map({stage: i for i, stage in enumerate(STAGES)})
    rows = [
        ("targets", len(status)),
        ("surveyed", int(status["first_visit"].notna().sum())),
        ("helped", int(status["first_help"].notna().sum())),
    ]
    rows += [(stage, int((rank >= i).sum())) for i, stage in enumerate(STAGES)]
    return pd.DataFrame(rows, columns=["step", "households"])


def not_reached_count(status: pd.DataFrame) -> int:
    """Return how many targets are not yet surveyed or not yet helped."""
    return int((status["first_visit"].isna() | status["first_help"].isna()).sum())


def not_reached(
    con: duckdb.DuckDBPyConnection,
    status: pd.DataFrame,
    frames,
    limit: int | None = None,
    *,
    viewer: User,
) -> pd.DataFrame:
    """Return the targets not yet surveyed or not yet helped, with head and address.

    Columns: household_id, village_code, head_name, head_national_id,
    house_no, village_name, surveyed (bool), helped (bool), origin. Sorted
    by village and household; the first ``limit`` rows only when given.
    Only targets in ``viewer``'s area, masked for ``viewer``
    (:func:`access.personal.protect`). A survey household's head comes from
    the build; a household added as missed shows the name typed for it,
    never a build household's (issue 11: an imported ID must not reveal a
    name from elsewhere).
    """
    todo = status[status["first_visit"].isna() | status["first_help"].isna()]
    todo = todo.loc[[in_scope(viewer, code) for code in todo["village_code"]]]
    cur = con.cursor()
    cur.register(
        "lb_todo", todo[["household_id", "village_code", "origin", "first_visit", "first_help"]]
    )
    cur.register("lb_missed", frames["missed"])
    frame = cur.execute(
        """
        SELECT t.household_id, t.village_code,
               CASE WHEN t.origin = 'missed' THEN m.head_name ELSE h.head_name END AS head_name,
               CASE WHEN t.origin = 'missed' THEN NULL ELSE h.head_national_id END
                   AS head_national_id,
               CASE WHEN t.origin = 'missed' THEN NULL ELSE h.house_no END AS house_no,
               a.name_th AS village_name,
               t.first_visit IS NOT NULL AS surveyed, t.first_help IS NOT NULL AS helped,
               t.origin
        FROM lb_todo t
        LEFT JOIN households h USING (household_id)
        LEFT JOIN lb_missed m USING (household_id)
        LEFT JOIN areas a ON a.code = t.village_code
        ORDER BY t.village_code, t.household_id
        """
        + ("" if limit is None else f" LIMIT {int(limit)}")
    ).df()
    return protect(frame, viewer)


def recent_records(
    engine: Engine, area_code: str | None, kind: str, limit: int = 50, *, viewer: User
) -> pd.DataFrame:
    """Return the latest records of one kind in an area (newest first), masked for ``viewer``.

    Parameters
    ----------
    engine : Engine
        The Logbook store.
    area_code : str or None
        DOPA code; records of villages in it (None = all areas). Rows
        outside ``viewer``'s scope are never returned.
    kind : str
        A key of :data:`logbook.models.RECORD_MODELS` (``visit``, ``help`` …).
    limit : int
        At most this many rows.
    viewer : User
        Who will see the rows: names, coordinates and notes are masked by
        :func:`access.personal.protect`.

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the database cannot be reached.
    """
    from logbook.models import RECORD_MODELS

    table = RECORD_MODELS[kind].__table__
    query = select(table).order_by(table.c.id.desc()).limit(int(limit))
    scope = area_code or viewer.area_code
    if scope:
        query = query.where(table.c.village_code.startswith(scope))
    rows = pd.DataFrame(store.read(engine, query), columns=[c.name for c in table.columns])
    rows = rows.loc[[in_scope(viewer, code) for code in rows["village_code"]]]
    return protect(rows.reset_index(drop=True), viewer)


#: Case statuses grouped as the Progress page counts them: ThaiQM's three
#: (helped = resolved, solved by itself, in progress = open + in progress),
#: then the pilots' declined, moved, not found, and the rest (died, duplicate).
STATUS_GROUPS = {
    "resolved": ("resolved",),
    "solved_by_itself": ("solved_by_itself",),
    "in_progress": ("open", "in_progress"),
    "declined": ("declined",),
    "moved": ("moved",),
    "not_found": ("not_found",),
    "other": ("died", "duplicate"),
}


def cases_by_child(
    con: duckdb.DuckDBPyConnection,
    status: pd.DataFrame,
    referrals: pd.DataFrame,
    area_code: str | None,
) -> pd.DataFrame:
    """Return case outcomes and the backlog per child area of ``area_code``.

    Columns: code, name_th, name_en, targets, one count per key of
    :data:`STATUS_GROUPS`, overdue_cases, open_referrals,
    overdue_referrals, median_days_to_first_visit,
    median_days_to_first_help (NaN without timed cases). Every child area
    with households is listed.
    """
    kids = figures.children(con, area_code)
    counts = ["targets", *STATUS_GROUPS, "overdue_cases", "open_referrals", "overdue_referrals"]
    if kids.empty:
        return kids.assign(**{c: 0 for c in counts})
    width = len(kids["code"].iloc[0])
    frame = status.assign(
        code=status["village_code"].str[:width],
        visit_days=days_to(status, "first_visit"),
        help_days=days_to(status, "first_help"),
        **{group: status["case_status"].isin(members) for group, members in STATUS_GROUPS.items()},
    )
    grouped = frame.groupby("code").agg(
        targets=("household_id", "size"),
        **{group: (group, "sum") for group in STATUS_GROUPS},
        overdue_cases=("case_overdue", "sum"),
        median_days_to_first_visit=("visit_days", "median"),
        median_days_to_first_help=("help_days", "median"),
    )
    refs = referrals.assign(code=referrals["village_code"].str[:width])
    grouped = grouped.join(
        refs.groupby("code").agg(
            open_referrals=("open", "sum"), overdue_referrals=("overdue", "sum")
        ),
        how="outer",
    )
    out = kids.merge(grouped, left_on="code", right_index=True, how="left")
    for column in counts:
        out[column] = out[column].fillna(0).astype(int)
    return out.drop(columns=["level"], errors="ignore").reset_index(drop=True)
