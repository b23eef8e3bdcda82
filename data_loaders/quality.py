"""Data-quality flags of a loaded build: what a real export gets wrong without being unreadable.

Issue 15 ("a real export that loads right"). A file whose types are wrong is
refused at load (:mod:`data_loaders.schema`); the problems below are loaded
and flagged instead, because one bad row must not refuse a province's
export. The build computes them once (:func:`create_quality_flags`, table
``quality_flags``: one row per flagged household or person); the page and
``python -m data_loaders check`` only read that table.

Flags (:data:`FLAGS`) and their rules:

``duplicate_national_id`` (persons)
    A national ID given to two or more rows of the same household (a member
    entered twice, or two members under one ID). ``value``: rows sharing it.
``person_in_two_households`` (persons)
    A national ID found in two or more households; every row of that ID is
    flagged. ``value``: households holding it.
``household_size_mismatch`` (households)
    ``n_members`` differs from the persons listed for the household (reason
    ``fewer_listed`` or ``more_listed``). ``value``: persons listed.
``impossible_age`` (persons)
    Age below 0 or above 120 years (reasons ``age_below_0``,
    ``age_above_120``; 120 is the bound the schema used to refuse).
    ``value``: the age.
``impossible_relation`` (persons; needs the optional ``relation`` column)
    By relation to the head (:data:`data_loaders.schema.RELATIONS`): more
    than one head (``two_heads``, each head flagged, ``value`` = heads), no
    head although relations are given (``no_head``, one household row), and
    with one head: a child or grandchild older than the head
    (``child_older_than_head``, ``grandchild_older_than_head``) or a parent
    younger than the head (``parent_younger_than_head``); ``value`` = age.
``outside_subdistrict`` (households)
    The house point lies outside the polygon of its village's subdistrict
    (the subdistrict the build assigned the village to, full-resolution 2022
    boundaries; a point on the boundary counts as inside). Computed at build
    time with :func:`houses_outside_subdistrict` and stored in
    ``households.outside_subdistrict``.
``all_indicators_missing`` (households)
    All 17 indicators are null (16 boolean columns and the income, as amount
    or deprivation): the household has no MPI data (group 3.2 if it holds a
    welfare card, DOMAIN.md §4).

Not flagged: households not re-surveyed for two rounds. The build holds one
survey round (no survey-year column yet), so the flag cannot be computed.

Counts are by area: flagged rows per flag (persons for person flags,
households for household flags) and households with at least one flag.
"""

from __future__ import annotations

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from access.personal import protect
from access.roles import User, check_area
from data_loaders.areas import CODE_COLUMN, level_of
from data_loaders.queries import area, area_names, child_scope
from data_loaders.schema import BOOLEAN_INDICATORS, INCOME_BELOW_LINE

#: The flags, in the order they are shown.
FLAGS = (
    "duplicate_national_id",
    "person_in_two_households",
    "household_size_mismatch",
    "impossible_age",
    "impossible_relation",
    "outside_subdistrict",
    "all_indicators_missing",
)
#: Flags counted in persons; the others count households.
PERSON_FLAGS = frozenset(
    {"duplicate_national_id", "person_in_two_households", "impossible_age", "impossible_relation"}
)
#: Flags that cannot be computed yet, with the reason (shown by the page and the CLI).
NOT_AVAILABLE = {
    "not_resurveyed": "households not re-surveyed for two rounds: the build holds one survey "
    "round (no survey-year column yet)",
}
AGE_LIMITS = (0, 120)
#: Most flagged rows the page offers as one file (made in memory); above it the
#: user chooses a smaller area.
DOWNLOAD_LIMIT = 100_000
#: Columns of the ``quality_flags`` table.
FLAG_COLUMNS = (
    "flag",
    "reason",
    "household_id",
    "person_id",
    "province_code",
    "district_code",
    "subdistrict_code",
    "village_code",
    "value",
)
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


def houses_outside_subdistrict(
    households: pd.DataFrame,
    village_subdistricts: pd.Series,
    subdistricts: gpd.GeoDataFrame,
) -> np.ndarray:
    """Return True for each house point outside its village's subdistrict polygon.

    Parameters
    ----------
    households : DataFrame, shape (n, ...)
        ``village_code``, ``lon``, ``lat`` (EPSG:4326 degrees).
    village_subdistricts : Series
        Subdistrict code (6 digits) of each village, indexed by 8-digit
        ``village_code`` (the build's village assignment, :mod:`geo.villages`).
    subdistricts : GeoDataFrame
        ``code`` and polygon ``geometry`` in EPSG:4326 (full resolution).

    Returns
    -------
    ndarray of bool, shape (n,)
        A point on a boundary is inside; a village or subdistrict unknown to
        the boundaries counts as outside.

    Raises
    ------
    ValueError
        If ``subdistricts`` has a CRS other than EPSG:4326.
    """
    if subdistricts.crs is not None and subdistricts.crs.to_epsg() != 4326:
        raise ValueError(f"subdistricts must be in EPSG:4326, got {subdistricts.crs}")
    shapes = subdistricts.set_index("code").geometry
    codes = households["village_code"].map(village_subdistricts).to_numpy(dtype=object)
    x = households["lon"].to_numpy(dtype=float)
    y = households["lat"].to_numpy(dtype=float)
    outside = np.ones(len(households), dtype=bool)
    known = pd.notna(codes)
    if not known.any():
        return outside
    order = np.flatnonzero(known)[np.argsort(codes[known].astype(str), kind="stable")]
    sorted_codes = codes[order].astype(str)
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    for start, end in zip(starts, [*starts[1:], len(order)], strict=True):
        shape = shapes.get(sorted_codes[start])
        if shape is None:
            continue
        rows = order[start:end]
        outside[rows] = ~shapely.intersects_xy(shape, x[rows], y[rows])
    return outside


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}


_AREA = "h.province_code, h.district_code, h.subdistrict_code, h.village_code"


def _flag_selects(person_columns: set[str]) -> list[str]:
    """Return one SELECT per flag, each giving :data:`FLAG_COLUMNS`."""
    missing = " AND ".join(
        [f"h.{c} IS NULL" for c in BOOLEAN_INDICATORS] + [f"h.{INCOME_BELOW_LINE} IS NULL"]
    )
    selects = [
        f"""SELECT 'duplicate_national_id', 'same_household', p.household_id, p.person_id,
                   {_AREA}, d.n
            FROM persons p
            JOIN (SELECT household_id, national_id, count(*)::INTEGER AS n FROM persons
                  GROUP BY ALL HAVING count(*) > 1) d USING (household_id, national_id)
            JOIN households h USING (household_id)""",
        f"""SELECT 'person_in_two_households', 'two_households', p.household_id, p.person_id,
                   {_AREA}, d.n
            FROM persons p
            JOIN (SELECT national_id, count(DISTINCT household_id)::INTEGER AS n FROM persons
                  GROUP BY ALL HAVING count(DISTINCT household_id) > 1) d USING (national_id)
            JOIN households h USING (household_id)""",
        f"""SELECT 'household_size_mismatch',
                   CASE WHEN coalesce(c.n, 0) < h.n_members THEN 'fewer_listed'
                        ELSE 'more_listed' END,
                   h.household_id, NULL, {_AREA}, coalesce(c.n, 0)::INTEGER
            FROM households h
            LEFT JOIN (SELECT household_id, count(*)::INTEGER AS n FROM persons GROUP BY ALL) c
                USING (household_id)
            WHERE coalesce(c.n, 0) <> h.n_members""",
        f"""SELECT 'impossible_age',
                   CASE WHEN p.age < {AGE_LIMITS[0]} THEN 'age_below_0' ELSE 'age_above_120' END,
                   p.household_id, p.person_id, {_AREA}, p.age::INTEGER
            FROM persons p JOIN households h USING (household_id)
            WHERE p.age < {AGE_LIMITS[0]} OR p.age > {AGE_LIMITS[1]}""",
        f"""SELECT 'outside_subdistrict', 'outside_subdistrict', h.household_id, NULL, {_AREA},
                   NULL::INTEGER
            FROM households h WHERE h.outside_subdistrict""",
        f"""SELECT 'all_indicators_missing', 'all_missing', h.household_id, NULL, {_AREA},
                   NULL::INTEGER
            FROM households h WHERE {missing}""",
    ]
    if "relation" in person_columns:
        selects.insert(4, _relation_select())
    return selects


def _relation_select() -> str:
    """Return the SELECT of impossible relations (see the module docstring)."""
    return f"""
        WITH heads AS (
            SELECT household_id,
                   count_if(relation = 'head')::INTEGER AS n_heads,
                   count(relation)::INTEGER AS n_given,
                   max(age) FILTER (WHERE relation = 'head') AS head_age
            FROM persons GROUP BY ALL
        ),
        person_rows AS (
            SELECT CASE
                     WHEN p.relation = 'head' AND k.n_heads > 1 THEN 'two_heads'
                     WHEN k.n_heads <> 1 THEN NULL
                     WHEN p.relation IN ('child', 'child_in_law') AND p.age > k.head_age
                         THEN 'child_older_than_head'
                     WHEN p.relation = 'grandchild' AND p.age > k.head_age
                         THEN 'grandchild_older_than_head'
                     WHEN p.relation = 'parent' AND p.age < k.head_age
                         THEN 'parent_younger_than_head'
                   END AS reason,
                   p.household_id, p.person_id,
                   CASE WHEN p.relation = 'head' THEN k.n_heads ELSE p.age END::INTEGER AS value
            FROM persons p JOIN heads k USING (household_id)
        )
        SELECT 'impossible_relation', r.reason, r.household_id, r.person_id, {_AREA}, r.value
        FROM person_rows r JOIN households h USING (household_id)
        WHERE r.reason IS NOT NULL
        UNION ALL
        SELECT 'impossible_relation', 'no_head', h.household_id, NULL, {_AREA}, 0
        FROM heads k JOIN households h USING (household_id)
        WHERE k.n_heads = 0 AND k.n_given > 0"""


def create_quality_flags(con: duckdb.DuckDBPyConnection) -> int:
    """Create the ``quality_flags`` table of a build being written; return its rows.

    Parameters
    ----------
    con : DuckDB connection (writable)
        Holding ``households`` (with ``outside_subdistrict`` and
        ``income_below_line``) and ``persons``.

    Returns
    -------
    int
        Number of flagged rows (:data:`FLAG_COLUMNS`, sorted by village,
        household, flag).
    """
    union = "\nUNION ALL\n".join(f"({s})" for s in _flag_selects(_columns(con, "persons")))
    names = ", ".join(FLAG_COLUMNS)
    con.execute(f"""
        CREATE TABLE quality_flags AS
        SELECT * FROM (SELECT * FROM ({union}) AS f({names}))
        ORDER BY village_code, household_id, flag, person_id NULLS FIRST
    """)
    return con.execute("SELECT count(*) FROM quality_flags").fetchall()[0][0]


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
    return f"{group}, count(DISTINCT household_id)::BIGINT AS households_flagged, {flags}"


def area_counts(con: duckdb.DuckDBPyConnection, code: str | None) -> dict:
    """Return the flag counts of one area (``None`` = the whole build).

    Returns
    -------
    dict
        ``area_code``, ``households`` (in the area), ``households_flagged``
        (with at least one flag) and one count per flag of :data:`FLAGS`
        (persons for :data:`PERSON_FLAGS`, households otherwise).

    Raises
    ------
    QualityFlagsMissingError
        If the build has no ``quality_flags`` table.
    data_loaders.areas.UnknownAreaError
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
    QualityFlagsMissingError, data_loaders.areas.UnknownAreaError
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
    ``relation`` null when the build has none).

    Raises
    ------
    QualityFlagsMissingError, data_loaders.areas.UnknownAreaError
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
    relation = "p.relation" if "relation" in _columns(con, "persons") else "NULL::VARCHAR"
    house_no = "h.house_no" if "house_no" in _columns(con, "households") else "NULL::VARCHAR"
    flag_columns = ", ".join(f"f.{c}" for c in FLAG_COLUMNS)
    sql = f"""
        SELECT {flag_columns}, {house_no} AS house_no, h.head_name, h.head_national_id,
               h.lat, h.lon, p.name, p.national_id, p.age::INTEGER AS age,
               {relation} AS relation
        FROM quality_flags f
        JOIN households h USING (household_id)
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
        ``person_flags``, ``not_available`` (:data:`NOT_AVAILABLE`).
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
        "not_available": NOT_AVAILABLE,
    }
