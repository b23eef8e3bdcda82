"""Read the data-quality flags of a build: counts by area and flagged rows.

The flags and their rules are defined where the build computes them
(:mod:`data_loaders.quality`); the page and ``python -m data_loaders check``
read the stored ``quality_flags`` table through these functions.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from access.personal import protect
from access.roles import User, check_area
from data_loaders.quality import ABSENT_FLAGS, FLAG_COLUMNS, FLAGS, PERSON_FLAGS
from data_loaders.schema import table_columns
from geo.areas import CODE_COLUMN, level_of
from queries.figures import area, area_names, child_scope

#: Most flagged rows the page offers as one file (made in memory); above it the
#: user chooses a smaller area.
DOWNLOAD_LIMIT = 100_000

#: Columns of :func:`flagged_rows` (personal ones named as the rest of the code does).
ROW_COLUMNS = (
    *FLAG_COLUMNS,
    "house_no",
    "head_name",
    "head_national_id",
    "lat",
    "lon",
    "name",
    "national_id",
    "age",
    "relation",
)


class QualityFlagsMissingError(LookupError):
    """The build predates the data-quality flags (no ``quality_flags`` table)."""


def _require_flags(con: duckdb.DuckDBPyConnection) -> None:
    tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
    if "quality_flags" not in tables:
        raise QualityFlagsMissingError(
            "this build has no data-quality flags (it predates them): rebuild it with "
            "`python -m data_loaders build`"
        )


def _where(code: str | None, alias: str = "") -> tuple[str, list]:
    if code is None:
        return "TRUE", []
    return f"{alias}{CODE_COLUMN[level_of(code)]} = ?", [code]


def _count_columns(group: str) -> str:
    # coalesce: over no rows count_if gives NULL, the page and the JSON want 0.
    flags = ", ".join(f"coalesce(count_if(flag = '{f}'), 0)::BIGINT AS {f}" for f in FLAGS)
    # Households of the round only: a flag of ABSENT_FLAGS names a household not in it.
    absent = ", ".join(f"'{f}'" for f in sorted(ABSENT_FLAGS))
    flagged = f"count(DISTINCT household_id) FILTER (WHERE flag NOT IN ({absent}))::BIGINT"
    return f"{group}, {flagged} AS households_flagged, {flags}"


def area_counts(con: duckdb.DuckDBPyConnection, code: str | None) -> dict:
    """Return the flag counts of one area (``None`` = the whole build).

    Returns
    -------
    dict
        ``area_code``, ``households`` (in the area), ``households_flagged``
        (households of the round with at least one flag: the households of
        :data:`~data_loaders.quality.ABSENT_FLAGS`, absent from the round,
        are not among them) and one count per flag of :data:`FLAGS`
        (persons for :data:`PERSON_FLAGS`, households otherwise).

    Raises
    ------
    QualityFlagsMissingError
        If the build has no ``quality_flags`` table.
    geo.areas.UnknownAreaError
        If the code is malformed or unknown.
    """
    _require_flags(con)
    if code is not None:
        area(con, code)
    where, params = _where(code)
    row = con.execute(
        f"SELECT {_count_columns('1 AS one')} FROM quality_flags WHERE {where}", params
    ).df()
    households = con.execute(
        f"SELECT sum(households)::BIGINT FROM village_profiles WHERE {where}", params
    ).fetchall()[0][0]
    out = {"area_code": code, "households": int(households or 0)}
    out.update({c: int(row[c].iloc[0]) for c in ("households_flagged", *FLAGS)})
    return out


def child_counts(con: duckdb.DuckDBPyConnection, code: str | None) -> pd.DataFrame:
    """Return the flag counts of each child area holding households.

    Parameters
    ----------
    code : str or None
        Area code (``None`` = provinces of the build). A village has no
        children: the frame is empty.

    Returns
    -------
    DataFrame, one row per child area, sorted by code
        ``code``, ``name_th``, ``name_en``, ``households``,
        ``households_flagged`` and one column per flag of :data:`FLAGS`
        (0 where nothing is flagged).

    Raises
    ------
    QualityFlagsMissingError, geo.areas.UnknownAreaError
        As :func:`area_counts`.
    """
    _require_flags(con)
    level, where, params = child_scope(con, code)
    columns = ["code", "name_th", "name_en", "households", "households_flagged", *FLAGS]
    if level is None:
        return pd.DataFrame(columns=columns)
    column = CODE_COLUMN[level]
    households = con.execute(
        f"""SELECT {column} AS code, sum(households)::BIGINT AS households
            FROM village_profiles WHERE {where} GROUP BY ALL""",
        params,
    ).df()
    counts = con.execute(
        f"SELECT {_count_columns(f'{column} AS code')} FROM quality_flags "
        f"WHERE {where} GROUP BY ALL",
        params,
    ).df()
    names = area_names(con, households["code"].tolist())[["code", "name_th", "name_en"]]
    out = names.merge(households, on="code").merge(counts, on="code", how="left")
    for c in ("households_flagged", *FLAGS):
        out[c] = out[c].fillna(0).astype("int64")
    return out[columns].sort_values("code", ignore_index=True)


def flagged_rows(
    con: duckdb.DuckDBPyConnection,
    code: str | None,
    viewer: User | None,
    flags: tuple[str, ...] | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Return the flagged rows of an area with what a person needs to find them.

    Personal columns (``head_name``, ``head_national_id``, ``house_no``,
    ``lat``, ``lon``, ``name``, ``national_id``, ``age``) come masked for
    ``viewer`` (:func:`access.personal.protect`; None = masked).

    Parameters
    ----------
    code : str or None
        Area code (``None`` = the whole build); must lie in the viewer's scope.
    viewer : User or None
        Who will see or receive the rows.
    flags : tuple of str, optional
        Only these flags (default all).
    limit : int, optional
        At most this many rows (in the table's order: village, household, flag).

    Returns
    -------
    DataFrame with :data:`ROW_COLUMNS` (person columns null on household rows;
    ``relation`` null when the build has none; the household columns null on
    rows of :data:`~data_loaders.quality.ABSENT_FLAGS`, whose household is
    not in this round: ``value`` names the round it was last surveyed in).

    Raises
    ------
    QualityFlagsMissingError, geo.areas.UnknownAreaError
        As :func:`area_counts`.
    access.roles.AccessDeniedError
        If the area lies outside the viewer's scope.
    ValueError
        For an unknown flag.
    """
    _require_flags(con)
    if code is not None:
        area(con, code)
    if viewer is not None:
        check_area(viewer, code)
    unknown = sorted(set(flags or ()) - set(FLAGS))
    if unknown:
        raise ValueError(f"unknown data-quality flag(s) {unknown}; known: {list(FLAGS)}")
    where, params = _where(code, "f.")
    if flags is not None:
        where += " AND list_contains(?, f.flag)"
        params.append(list(flags))
    relation = "p.relation" if "relation" in table_columns(con, "persons") else "NULL::VARCHAR"
    house_no = "h.house_no" if "house_no" in table_columns(con, "households") else "NULL::VARCHAR"
    flag_columns = ", ".join(f"f.{c}" for c in FLAG_COLUMNS)
    sql = f"""
        SELECT {flag_columns}, {house_no} AS house_no, h.head_name, h.head_national_id,
               h.lat, h.lon, p.name, p.national_id, p.age::INTEGER AS age,
               {relation} AS relation
        FROM quality_flags f
        LEFT JOIN households h USING (household_id)
        LEFT JOIN persons p ON p.person_id = f.person_id
        WHERE {where}
        ORDER BY f.village_code, f.household_id, f.flag, f.person_id NULLS FIRST
    """
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return protect(con.execute(sql, params).df(), viewer)


def check_report(con: duckdb.DuckDBPyConnection, code: str | None, rows: int = 100) -> dict:
    """Return the report of ``python -m data_loaders check`` (JSON-ready).

    Flagged rows carry area codes, flag, reason and value, and the household
    and person IDs as keyed pseudonyms (:func:`access.personal.protect` for
    a viewer without the personal-data right: an ID ends in the house
    number): no names, IDs, house numbers or coordinates. Those leave only
    through the page's download, masked as the user's role requires and
    written to the audit log.

    Returns
    -------
    dict
        ``area`` (:func:`area_counts`), ``by_area`` (list of
        :func:`child_counts` rows), ``rows`` (at most ``rows`` flagged rows of
        :data:`FLAG_COLUMNS`), ``rows_total``, ``flags`` (:data:`FLAGS`),
        ``person_flags``.
    """
    totals = area_counts(con, code)
    children = child_counts(con, code)
    where, params = _where(code)
    listed = con.execute(
        f"SELECT {', '.join(FLAG_COLUMNS)} FROM quality_flags WHERE {where} "
        f"ORDER BY village_code, household_id, flag, person_id NULLS FIRST LIMIT {int(rows)}",
        params,
    ).df()
    listed["value"] = listed["value"].astype("Int64")
    listed = protect(listed, None)
    listed["person_id"] = listed["person_id"].replace("", None)  # household rows: null
    return {
        "area": totals,
        "by_area": [
            {k: (int(v) if isinstance(v, np.integer) else v) for k, v in r.items()}
            for r in children.to_dict("records")
        ],
        "rows_total": sum(totals[f] for f in FLAGS),
        "rows": [
            {
                k: (None if pd.isna(v) else (int(v) if isinstance(v, np.integer) else v))
                for k, v in r.items()
            }
            for r in listed.astype(object).to_dict("records")
        ],
        "flags": list(FLAGS),
        "person_flags": sorted(PERSON_FLAGS),
    }
