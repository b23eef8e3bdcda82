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

``not_resurveyed`` (households; needs survey rounds, issue 12)
    In the store of round *t*: a household ID surveyed in an earlier round
    of the build but in neither of the build's last two rounds up to *t*
    (round *t* and the round before it), i.e. last surveyed in round *t-2*
    or earlier. It may have dissolved, moved out of the surveyed area or
    been missed by the survey; the field team finds out which. The row
    carries the area codes of the round the household was last surveyed in
    and ``value`` = that round (B.E. year); the household is not in round
    *t*'s ``households``, so it counts neither in the round's households
    nor in ``households_flagged``. Computed once every round is written
    (:func:`add_not_resurveyed_flags`), as it compares rounds; a round with
    fewer than two rounds before it flags none.

Counts are by area: flagged rows per flag (persons for person flags,
households for household flags) and households with at least one flag.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data_loaders.schema import BOOLEAN_INDICATORS, INCOME_BELOW_LINE, table_columns

#: The flags, in the order they are shown.
FLAGS = (
    "duplicate_national_id",
    "person_in_two_households",
    "household_size_mismatch",
    "impossible_age",
    "impossible_relation",
    "outside_subdistrict",
    "all_indicators_missing",
    "not_resurveyed",
)
#: Flags of households absent from the round (not in its ``households`` table).
ABSENT_FLAGS = frozenset({"not_resurveyed"})
#: Flags counted in persons; the others count households.
PERSON_FLAGS = frozenset(
    {"duplicate_national_id", "person_in_two_households", "impossible_age", "impossible_relation"}
)
AGE_LIMITS = (0, 120)
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
    union = "\nUNION ALL\n".join(f"({s})" for s in _flag_selects(table_columns(con, "persons")))
    names = ", ".join(FLAG_COLUMNS)
    con.execute(f"""
        CREATE TABLE quality_flags AS
        SELECT * FROM (SELECT * FROM ({union}) AS f({names}))
        ORDER BY village_code, household_id, flag, person_id NULLS FIRST
    """)
    return con.execute("SELECT count(*) FROM quality_flags").fetchall()[0][0]


#: Area columns of a not-re-surveyed household, from the round it was last surveyed in.
_AREA_COLUMNS = ("province_code", "district_code", "subdistrict_code", "village_code")


def not_resurveyed(folders: Mapping[int, Path], year: int) -> pd.DataFrame:
    """Return the households of earlier rounds surveyed in neither of the last two up to ``year``.

    Parameters
    ----------
    folders : mapping of int to Path
        Every survey round of the build (B.E. year) to its folder holding
        ``households.parquet`` (``household_id``, ``survey_year`` and the
        four area codes).
    year : int
        The round *t* whose flags are wanted (a key of ``folders``).

    Returns
    -------
    DataFrame with :data:`FLAG_COLUMNS`, one row per household
        Flag ``not_resurveyed`` (reason the same), ``person_id`` null, the
        area codes of the latest round the household was surveyed in and
        ``value`` = that round (B.E.), sorted by village and household.
        Empty when ``year`` has fewer than two rounds before it.

    Raises
    ------
    KeyError
        If ``year`` is not a round of ``folders``.
    """
    years = sorted(folders)
    position = years.index(year) if year in folders else None
    if position is None:
        raise KeyError(f"no survey round {year}; rounds: {years}")
    if position < 2:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in FLAG_COLUMNS})
    recent = [str(folders[y] / "households.parquet") for y in years[position - 1 : position + 1]]
    earlier = [str(folders[y] / "households.parquet") for y in years[: position - 1]]
    areas = ", ".join(f"arg_max({c}, survey_year) AS {c}" for c in _AREA_COLUMNS)
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        return con.execute(
            f"""
            SELECT 'not_resurveyed' AS flag, 'not_resurveyed' AS reason, household_id,
                   NULL::VARCHAR AS person_id, {areas}, max(survey_year)::INTEGER AS value
            FROM read_parquet(?)
            WHERE household_id NOT IN (SELECT household_id FROM read_parquet(?))
            GROUP BY household_id
            ORDER BY village_code, household_id
            """,
            [earlier, recent],
        ).df()[list(FLAG_COLUMNS)]
    finally:
        con.close()


def add_not_resurveyed_flags(folders: Mapping[int, Path], from_year: int | None = None) -> dict:
    """Store the ``not_resurveyed`` rows in the ``quality_flags`` of each round from ``from_year``.

    Run by the build once every round is in place (:func:`not_resurveyed`
    gives the rows; earlier rows of that flag are replaced). A round's
    store that is a hard link to a previous build's (a real round carried
    into a new build) is copied first, so the previous build is never
    written to.

    Parameters
    ----------
    folders : mapping of int to Path
        Every survey round of the build to its folder (``tpmap.duckdb``
        with a ``quality_flags`` table, ``households.parquet``).
    from_year : int, optional
        First round whose flags may have changed (default all): the flags
        of a round depend only on that round and the earlier ones.

    Returns
    -------
    dict of int to int
        Households flagged per round updated.
    """
    flagged = {}
    for year in sorted(folders):
        if from_year is not None and year < from_year:
            continue
        rows = not_resurveyed(folders, year)
        store = Path(folders[year]) / "tpmap.duckdb"
        if os.stat(store).st_nlink > 1:
            copy = store.with_name(store.name + ".copy")
            shutil.copy2(store, copy)
            copy.replace(store)
        names = ", ".join(FLAG_COLUMNS)
        con = duckdb.connect(str(store))
        try:
            con.register("new_rows", rows)
            con.execute(f"""
                CREATE OR REPLACE TABLE quality_flags AS
                SELECT * FROM (
                    SELECT {names} FROM quality_flags WHERE flag <> 'not_resurveyed'
                    UNION ALL
                    SELECT flag, reason, household_id, person_id, province_code,
                           district_code, subdistrict_code, village_code, value::INTEGER
                    FROM new_rows
                )
                ORDER BY village_code, household_id, flag, person_id NULLS FIRST
            """)
        finally:
            con.close()
        flagged[year] = len(rows)
    return flagged
