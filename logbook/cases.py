"""Case records of the Logbook read back: statuses, assignments, referrals, time lines.

The store is append-only (issue 14): a correction or a void is a new record
naming the one it replaces (``replaces_id``) and why. :func:`in_effect` keeps
the records that count: not replaced by another record and not a void. Of
the records in effect the latest (by its date, then ``recorded_at``, then
``id``) wins, so of two teams changing one case at once both records stay
and the later one is the case's state. The figures built on them are in
:mod:`logbook.stats` (the one place for figures).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

import pandas as pd
from sqlalchemy import Engine, select

from access.personal import protect
from access.roles import User, in_scope
from logbook import store
from logbook.models import RECORD_MODELS, CaseAssignment, CaseStatus, Referral

#: Case-record kind -> (model, its date column).
CASE_KINDS = {
    "status": (CaseStatus, "status_date"),
    "assign": (CaseAssignment, "assigned_date"),
    "referral": (Referral, "referral_date"),
}
_COMMON = ["id", "household_id", "village_code", "recorded_by", "recorded_at", "source"]
_CORRECTION = ["replaces_id", "why", "void"]
CASE_COLUMNS = {
    "status": ["status", "status_date", "reason", "note"],
    "assign": ["team", "assigned_date", "due_date", "note"],
    "referral": [
        "referral_id",
        "referral_status",
        "referral_date",
        "from_agency",
        "to_agency",
        "help_kind",
        "note",
    ],
}


def case_frames(engine: Engine, area_code: str | None) -> dict[str, pd.DataFrame]:
    """Return every case record of an area (all of them, corrections and voids included).

    Returns
    -------
    dict of DataFrame
        ``statuses``, ``assignments``, ``referrals``: the columns of their
        table (see :data:`CASE_COLUMNS`) with id, household_id, village_code,
        recorded_by, recorded_at, source, replaces_id, why, void.

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the store cannot be read.
    """
    out = {}
    for name, kind in (
        ("statuses", "status"),
        ("assignments", "assign"),
        ("referrals", "referral"),
    ):
        table = CASE_KINDS[kind][0].__table__
        columns = [*_COMMON, *CASE_COLUMNS[kind], *_CORRECTION]
        query = select(*[table.c[c] for c in columns])
        if area_code:
            query = query.where(table.c.village_code.startswith(area_code))
        # Plain tuples: pandas builds a frame from SQLAlchemy Rows about 5x slower (issue 13).
        out[name] = pd.DataFrame([tuple(row) for row in store.read(engine, query)], columns=columns)
    return out


def case_frames_empty() -> dict[str, pd.DataFrame]:
    """Return :func:`case_frames`' frames with no rows (for figures of a store without any)."""
    return {
        name: pd.DataFrame(columns=[*_COMMON, *CASE_COLUMNS[kind], *_CORRECTION])
        for name, kind in (
            ("statuses", "status"),
            ("assignments", "assign"),
            ("referrals", "referral"),
        )
    }


def in_effect(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the records that count: replaced by no other record, and not voids.

    ``frame`` holds every record of one kind (with ``id``, ``replaces_id``,
    ``void``); a record replaced by a correction or a void drops out, the
    correction stays (a void does not: it only removes).
    """
    replaced = set(frame["replaces_id"].dropna().astype(int))
    keep = ~frame["id"].isin(replaced) & ~frame["void"].astype(bool)
    return frame[keep]


def latest(frame: pd.DataFrame, date_column: str, by: str = "household_id") -> pd.DataFrame:
    """Return, per ``by``, the record in effect with the latest (date, recorded_at, id).

    The rule for two teams changing one case at once: both records stay, the
    later one wins.
    """
    current = in_effect(frame)
    ordered = current.sort_values([date_column, "recorded_at", "id"])
    return ordered.groupby(by, as_index=False).tail(1).set_index(by)


def lookup_records(engine: Engine, kind: str, column: str, values: Iterable) -> dict:
    """Return stored case records of ``kind`` by ``column`` (for validation of new records).

    ``column`` = ``id``: {id: row} for those ids; ``column`` =
    ``referral_id`` (referrals): {referral_id: its request}, the earliest
    step in effect of each referral.

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the store cannot be read.
    """
    model = CASE_KINDS[kind][0]
    table = model.__table__
    values = list(dict.fromkeys(values))
    if not values:
        return {}
    rows = store.read(engine, select(table).where(table.c[column].in_(values)))
    frame = pd.DataFrame(rows, columns=[c.name for c in table.columns])
    if column == "referral_id":
        # Corrections and voids of a referral's steps carry its referral_id too.
        frame = in_effect(frame).sort_values("id").drop_duplicates("referral_id")
    return {row[column]: row for row in frame.to_dict("records")}


def timeline(engine: Engine, household_id: str, *, viewer: User) -> pd.DataFrame:
    """Return every Logbook record of one household in date order, for its time line.

    Columns: kind, id, date, recorded_at, recorded_by, source, what (a dict
    of the record's own values), replaces_id, why, void, in_effect (bool).
    Corrections and the records they replace are both listed. Empty when
    the household lies outside ``viewer``'s area; masked for ``viewer``.

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the store cannot be read.
    """
    from logbook.records import DATE_COLUMN

    parts = []
    for kind, model in RECORD_MODELS.items():
        table = model.__table__
        rows = store.read(engine, select(table).where(table.c.household_id == str(household_id)))
        frame = pd.DataFrame(rows, columns=[c.name for c in table.columns])
        if frame.empty:
            continue
        if kind in CASE_KINDS:
            effective = set(in_effect(frame)["id"])
        else:
            frame = frame.assign(replaces_id=None, why="", void=False)
            effective = set(frame["id"])
        frame = protect(frame, viewer)  # the values below (team, note, names) masked too
        own = [
            c
            for c in frame.columns
            if c not in {*_COMMON, *_CORRECTION, "record_key", "batch_id", DATE_COLUMN[kind]}
        ]
        parts.append(
            pd.DataFrame(
                {
                    "kind": kind,
                    "id": frame["id"],
                    "date": frame[DATE_COLUMN[kind]],
                    "recorded_at": frame["recorded_at"],
                    "recorded_by": frame["recorded_by"],
                    "source": frame["source"],
                    "what": frame[own].to_dict("records"),
                    "replaces_id": frame["replaces_id"],
                    "why": frame["why"],
                    "void": frame["void"].astype(bool),
                    "in_effect": frame["id"].isin(effective),
                    "village_code": frame["village_code"],
                }
            )
        )
    if not parts:
        return pd.DataFrame(
            columns=["kind", "id", "date", "recorded_at", "recorded_by", "source", "what"]
            + ["replaces_id", "why", "void", "in_effect"]
        )
    out = pd.concat(parts, ignore_index=True).sort_values(["date", "recorded_at", "kind", "id"])
    out = out.loc[[in_scope(viewer, code) for code in out["village_code"]]]
    return out.drop(columns="village_code").reset_index(drop=True)


def assign_many(
    engine: Engine,
    household_ids: Iterable[str],
    *,
    team: str,
    assigned: date,
    due: date,
    note: str,
    ctx,
    user: str,
    submission: str,
    source: str = "form",
) -> int:
    """Assign many cases to one team in ONE transaction (bulk assignment from a search result).

    Parameters
    ----------
    engine : Engine
        The Logbook store.
    household_ids : iterable of str
        Households to assign (each checked as a single assignment would be:
        known, in the user's area).
    team, assigned, due, note
        The assignment (due not before assigned).
    ctx : logbook.records.Context
        Validation context (the user's area, today).
    user : str
        Username recorded as ``recorded_by``.
    submission : str
        The form's submission id: with the household it makes each record's
        key, so pressing the button again after a failure stores each once.
    source : str
        ``form`` (the app) or ``import``.

    Returns
    -------
    int
        Assignments added (those already stored by this submission are skipped).

    Raises
    ------
    logbook.records.RecordError
        For the first invalid household or value; nothing is stored.
    logbook.store.StoreError
        If the store fails; the transaction is rolled back, nothing is stored.
    """
    from logbook.records import validate_record

    stamp = {"recorded_by": user, "recorded_at": store.now(), "source": source}
    rows = []
    ids = list(dict.fromkeys(household_ids))
    known = ctx.households(ids)  # one look-up for all, not one per household
    fixed = replace(ctx, households=lambda wanted: {i: known[i] for i in wanted if i in known})
    for household_id in ids:
        raw = {
            "household_id": household_id,
            "date": assigned,
            "team": team,
            "due_date": due,
            "note": note,
            "record_key": hashlib.sha256(f"{submission}:{household_id}".encode()).hexdigest(),
        }
        rows.append({**validate_record("assign", raw, fixed), **stamp})
    return store.add_records(engine, rows)
