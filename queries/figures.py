"""Every query the app and the command lines run, over the built DuckDB store.

Area measures roll up from the village-level ``village_profiles`` table
(one row per village and deprivation mask) and go through
:func:`poverty.measures.measure_table`, the one code path for the measures
(DESIGN.md: pre-aggregate once, roll areas up). Household lists read the
``households`` table. All SQL binds parameters; the only text pasted into SQL
is built from the indicator table and fixed column names.

Connections: pass a DuckDB connection or cursor (the app takes one cursor per
query from a shared read-only connection).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import cast

import duckdb
import numpy as np
import pandas as pd

import settings
from access.personal import protect
from access.roles import User
from geo.areas import CODE_COLUMN, LEVELS, UnknownAreaError, child_level, level_of
from poverty.indicators import DIMENSION_CODES, INDICATORS, indicators_of, weights
from poverty.measures import TOLERANCE, measure_table, summarise, validate_k
from poverty.targets import TARGET_POOR_GROUP, star_rating

#: The count columns of a profile table, summed (households, persons, card holders).
PROFILE_SUMS = (
    "sum(households)::BIGINT AS households, sum(persons)::BIGINT AS persons, "
    "sum(card_holders)::BIGINT AS card_holders"
)
#: Households with a welfare-card holder: needed only by a welfare-card filter.
CARD_HOUSEHOLDS_SUM = "sum(card_households)::BIGINT AS card_households"


class BuildMissingError(FileNotFoundError):
    """The build folder or its database is missing."""


class UnknownYearError(ValueError):
    """A survey year that the build does not hold (the message lists the years present)."""


#: Sub-folder of a build holding the earlier survey rounds, one build folder per year.
ROUNDS_FOLDER = "rounds"


def survey_years(build_dir: Path | None = None) -> tuple[int, ...]:
    """Return the survey rounds (B.E. years) a build holds, oldest first.

    The build folder holds the latest round, ``rounds/<year>/`` each earlier
    one (:func:`data_loaders.build.build`). A build made before survey years
    existed has one round, its ``meta.json`` without ``survey_year``: it
    counts as :data:`data_loaders.calibration.LATEST_YEAR`-less, i.e. ``()``.

    Raises
    ------
    BuildMissingError
        If the build folder has no ``meta.json``.
    """
    folder = Path(build_dir or settings.build_dir())
    path = folder / "meta.json"
    if not path.exists():
        raise BuildMissingError(
            f"no build at {folder}. Build it with `python -m data_loaders build` "
            "(or `make run`), or set TPMAP_BUILD_DIR to a built folder."
        )
    import json

    latest = json.loads(path.read_text()).get("survey_year")
    years = {int(latest)} if latest else set()
    rounds = folder / ROUNDS_FOLDER
    if rounds.is_dir():
        years |= {int(p.name) for p in rounds.iterdir() if p.name.isdigit()}
    return tuple(sorted(years))


def round_folder(build_dir: Path | None = None, year: int | None = None) -> Path:
    """Return the build folder of one survey round (None = the latest, the build folder).

    Raises
    ------
    UnknownYearError
        If the build holds no round of that year; the message lists the years present.
    """
    folder = Path(build_dir or settings.build_dir())
    if year is None:
        return folder
    years = survey_years(folder)
    if int(year) not in years:
        present = ", ".join(map(str, years)) or "one round without a survey year"
        raise UnknownYearError(f"no survey round {year} in the build; years present: {present}")
    return folder if int(year) == max(years) else folder / ROUNDS_FOLDER / str(int(year))


def connect(build_dir: Path | None = None, year: int | None = None) -> duckdb.DuckDBPyConnection:
    """Open the built store of one survey round read-only (``year`` None = the latest).

    Every round's store has the same tables (``households``, ``persons``,
    ``village_profiles`` …), so every query of this package reads any round.

    Raises
    ------
    BuildMissingError
        If ``tpmap.duckdb`` is not in the build folder; the message says how
        to build it.
    UnknownYearError
        If the build holds no round of ``year`` (the message lists the years present).
    """
    folder = Path(build_dir or settings.build_dir())
    path = folder / "tpmap.duckdb"
    if not path.exists():
        raise BuildMissingError(
            f"no data store at {path}. Build it with `python -m data_loaders build` "
            "(or `make run`, which builds it), or set TPMAP_BUILD_DIR to a built folder."
        )
    return duckdb.connect(str(round_folder(folder, year) / "tpmap.duckdb"), read_only=True)


def fetch_row(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence = ()) -> tuple:
    """Return the first row of a query that always returns one (an aggregate).

    Raises
    ------
    LookupError
        If the query returned no row (naming the start of the query).
    """
    row = con.execute(sql, list(params)).fetchone()
    if row is None:
        raise LookupError(f"query returned no row: {' '.join(sql.split())[:80]}")
    return row


def fetch_count(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence = ()) -> int:
    """Return the integer in the first column of a one-row query (``SELECT count(*) …``)."""
    return int(fetch_row(con, sql, params)[0] or 0)


def meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Return the build's metadata (``synthetic``, ``seed``, ``source``, ``built_at`` …)."""
    return dict(con.execute("SELECT key, value FROM meta").fetchall())


def is_synthetic(con: duckdb.DuckDBPyConnection) -> bool:
    """Return True when the household data are the synthetic default."""
    return meta(con).get("synthetic") == "true"


def area(con: duckdb.DuckDBPyConnection, code: str) -> dict:
    """Return one area: code, level, parent_code, province_code, name_th, name_en.

    Raises
    ------
    UnknownAreaError
        If the code is malformed or not a known area.
    """
    level_of(code)
    row = con.execute(
        "SELECT code, level, parent_code, province_code, name_th, name_en FROM areas "
        "WHERE code = ?",
        [code],
    ).fetchone()
    if row is None:
        raise UnknownAreaError(
            f"unknown area code {code!r}: no such province, district, "
            "subdistrict or village in the build"
        )
    return dict(
        zip(
            ["code", "level", "parent_code", "province_code", "name_th", "name_en"],
            row,
            strict=True,
        )
    )


def area_names(con: duckdb.DuckDBPyConnection, codes: Sequence[str]) -> pd.DataFrame:
    """Return code, level, name_th, name_en of the given codes (unknown ones left out)."""
    return con.execute(
        "SELECT code, level, name_th, name_en FROM areas WHERE list_contains(?, code) "
        "ORDER BY code",
        [list(codes)],
    ).df()


def child_scope(con: duckdb.DuckDBPyConnection, code: str | None) -> tuple[str | None, str, list]:
    """Return (child level, SQL filter on the area, its parameters) for an area's children.

    ``None`` = the top level: provinces, no filter. A village has no child
    level (None).

    Raises
    ------
    UnknownAreaError
        If the code is malformed or unknown.
    """
    if code is None:
        return "province", "TRUE", []
    level = area(con, code)["level"]
    return child_level(level), f"{CODE_COLUMN[level]} = ?", [code]


def children(con: duckdb.DuckDBPyConnection, code: str | None) -> pd.DataFrame:
    """Return the child areas of ``code`` that hold households, sorted by code.

    ``None`` gives the provinces with data. Columns: code, level, name_th,
    name_en. A village has no children (empty frame).

    Raises
    ------
    UnknownAreaError
        If the code is malformed or unknown.
    """
    level, where, params = child_scope(con, code)
    if level is None:
        return pd.DataFrame(columns=["code", "level", "name_th", "name_en"])
    column = CODE_COLUMN[level]
    return con.execute(
        f"""SELECT a.code, a.level, a.name_th, a.name_en FROM areas a
            WHERE a.code IN (SELECT DISTINCT {column} FROM village_profiles WHERE {where})
            ORDER BY a.code""",
        params,
    ).df()


def _area_filter(code: str | None) -> tuple[str, list]:
    if code is None:
        return "TRUE", []
    return f"{CODE_COLUMN[level_of(code)]} = ?", [code]


def area_profiles(
    con: duckdb.DuckDBPyConnection, code: str | None, by_children: bool = False
) -> pd.DataFrame:
    """Return deprivation profiles of an area (``None`` = all built areas).

    Columns: ``area_code`` (the area itself, or its child when
    ``by_children``), ``mask``, ``households``, ``persons``,
    ``card_holders``, ``card_households``.

    Raises
    ------
    UnknownAreaError
        For a malformed code.
    """
    where, params = _area_filter(code)
    if by_children:
        level = "province" if code is None else child_level(level_of(code))
        group = CODE_COLUMN[level] if level else "village_code"
    else:
        group = "?"
        params = [code or "", *params]
    return con.execute(
        f"SELECT {group} AS area_code, mask, {PROFILE_SUMS}, {CARD_HOUSEHOLDS_SUM} "
        f"FROM village_profiles WHERE {where} GROUP BY ALL ORDER BY 1, 2",
        params,
    ).df()


def _area_profile_arrays(
    con: duckdb.DuckDBPyConnection, code: str | None, welfare_card: str
) -> dict:
    """Return the profiles of one area as arrays (``mask`` and the counts), sorted by mask.

    The rows of :func:`area_profiles` without ``area_code``, fetched as
    NumPy arrays: an area summary needs no DataFrame. ``card_households``
    only under a welfare-card filter (``welfare_card`` other than ``all``).
    Sorted here rather than in SQL (cheaper for a few hundred rows), so
    sums add up in a fixed order.
    """
    where, params = _area_filter(code)
    sums = PROFILE_SUMS if welfare_card == "all" else f"{PROFILE_SUMS}, {CARD_HOUSEHOLDS_SUM}"
    arrays = con.execute(
        f"SELECT mask, {sums} FROM village_profiles WHERE {where} GROUP BY mask", params
    ).fetchnumpy()
    order = np.argsort(arrays["mask"], kind="stable")
    return {name: np.asarray(values)[order] for name, values in arrays.items()}


def area_summary(
    con: duckdb.DuckDBPyConnection,
    code: str | None,
    k: float | None = None,
    dimensions: Sequence[str] | None = None,
    welfare_card: str = "all",
) -> dict:
    """Return the measures of one area as a dict (see :func:`poverty.measures.summarise`).

    Adds ``area_code``, ``level``, ``name_th``, ``name_en``, ``k`` and
    ``stars`` (TPMAP's star rating from H).

    Raises
    ------
    UnknownAreaError
        If the code is malformed or unknown.
    ValueError
        For a k outside (0, 1], an unknown dimension or card filter.
    """
    dims = tuple(dimensions) if dimensions else None
    k_value = validate_k(k, dims)
    info = (
        area(con, code)
        if code
        else {"code": None, "level": "country", "name_th": "ทั้งหมด", "name_en": "All areas"}
    )
    out = {
        "area_code": code,
        "level": info["level"],
        "name_th": info["name_th"],
        "name_en": info["name_en"],
        "k": k_value,
    }
    out.update(summarise(_area_profile_arrays(con, code, welfare_card), k, dims, welfare_card))
    out["stars"] = star_rating(cast(float, out["headcount_ratio"]))
    return out


def child_measures(
    con: duckdb.DuckDBPyConnection,
    code: str | None,
    k: float | None = None,
    dimensions: Sequence[str] | None = None,
    welfare_card: str = "all",
) -> pd.DataFrame:
    """Return one row of measures per child area (columns of :func:`measure_table`).

    Adds ``code``, ``name_th``, ``name_en``. Children without households are
    left out. A village gives an empty frame.

    Raises
    ------
    UnknownAreaError
        If the code is malformed or unknown.
    """
    if code is not None and area(con, code)["level"] == "village":
        return pd.DataFrame()
    profiles = area_profiles(con, code, by_children=True)
    dims = tuple(dimensions) if dimensions else None
    table = measure_table(profiles, "area_code", k, dims, welfare_card).reset_index()
    table = table.rename(columns={"area_code": "code"})
    names = area_names(con, table["code"].tolist())[["code", "name_th", "name_en"]]
    return names.merge(table, on="code", how="right")


def target_poor_sql(alias: str = "") -> str:
    """Return the SQL condition "the household is TPMAP target poor" (group 1.1).

    Parameters
    ----------
    alias : str
        Table alias with its dot (``"h."``), or ``""``.

    Returns
    -------
    str
        ``"<alias>target_group = '1.1'"``: MPI-poor with a welfare-card holder,
        the group the build stores in ``households.target_group``
        (:func:`poverty.targets.target_group`, DOMAIN.md §4).
    """
    return f"{alias}target_group = '{TARGET_POOR_GROUP}'"


def poor_sql(score: str) -> str:
    """Return the SQL condition "deprivation score at or above k", with one ``?`` for k.

    Parameters
    ----------
    score : str
        A SQL expression of the deprivation score in [0, 1] (a column such as
        ``"h.score"`` or :func:`score_sql`).

    Returns
    -------
    str
        ``"<score> >= ? - 1e-09"``: the cut-off comparison of
        :func:`poverty.measures.poor_mask` with the same
        :data:`poverty.measures.TOLERANCE` (DOMAIN.md §3), so SQL and numpy
        agree on scores that are sums of fractions; bind k as the parameter.
    """
    return f"{score} >= ? - {TOLERANCE!r}"


def score_sql(dimensions: Sequence[str] | None = None, *, double: bool = False) -> str:
    """Return a SQL expression of the deprivation score from the ``mask`` column.

    ``double``: the weights as DOUBLE, as :mod:`poverty.measures` computes
    the score in Python (a float sum, compared with k within its
    ``TOLERANCE``); without it DuckDB reads each weight as a DECIMAL
    literal and sums exactly, about 5x slower over a whole build (the
    scenario queries scan every household for each rule: 2.0 s against
    0.37 s on the national build, same households counted; issue 13).
    """
    w = weights(tuple(dimensions) if dimensions else None)
    cast = "::DOUBLE" if double else ""
    terms = [
        f"((mask >> {bit}) & 1) * {float(w[ind.code])!r}{cast}"
        for bit, ind in enumerate(INDICATORS)
        if w[ind.code] > 0
    ]
    return "(" + " + ".join(terms) + ")"


def dimensions_failed_sql(dimensions: Sequence[str] | None = None) -> str:
    """Return a SQL expression counting the dimensions failed, from ``mask``."""
    bit = {ind.code: b for b, ind in enumerate(INDICATORS)}
    parts = []
    for dim in dimensions or DIMENSION_CODES:
        dim_mask = sum(1 << bit[c] for c in indicators_of(dim))
        parts.append(f"((mask & {dim_mask}) <> 0)::INTEGER")
    return "(" + " + ".join(parts) + ")"


def dimension_flags_sql() -> str:
    """Return SQL selecting one boolean column ``failed_<dimension>`` per dimension."""
    bit = {ind.code: b for b, ind in enumerate(INDICATORS)}
    return ", ".join(
        f"(mask & {sum(1 << bit[c] for c in indicators_of(d))}) <> 0 AS failed_{d}"
        for d in DIMENSION_CODES
    )


def _priority_sql() -> str:
    """Return SQL for the urgent list's priority 1-4 (see :func:`urgent_households`)."""
    bit = {ind.code: b for b, ind in enumerate(INDICATORS)}
    income, living = (sum(1 << bit[c] for c in indicators_of(d)) for d in ("income", "living"))
    fails_income = f"(h.mask & {income}) <> 0"
    fails_living = f"(h.mask & {living}) <> 0"
    return (
        "CASE WHEN h.welfare_card_holders > 0 THEN 4 "
        f"WHEN {fails_income} AND {fails_living} THEN 1 "
        f"WHEN {fails_income} OR {fails_living} THEN 2 ELSE 3 END"
    )


CARD_SQL = {
    "all": "TRUE",
    "with": "welfare_card_holders > 0",
    "without": "welfare_card_holders = 0",
}


def urgent_households(
    con: duckdb.DuckDBPyConnection,
    code: str,
    k: float | None = None,
    dimensions: Sequence[str] | None = None,
    welfare_card: str = "all",
    limit: int | None = 500,
    *,
    viewer: User | None,
) -> pd.DataFrame:
    """Return the MPI-poor households of an area, those to help first on top.

    Personal columns come masked for ``viewer`` (:func:`access.personal.protect`).

    Ranked first by ``priority`` (DOMAIN.md §4: group 1.2, without a welfare
    card holder, is checked first, starting with those failing income and
    living conditions):

    1. no holder, failing both income and living conditions;
    2. no holder, failing one of the two;
    3. no holder (the rest of group 1.2);
    4. with a holder (group 1.1);

    then by dimensions failed, then deprivation score (both under the chosen
    dimensions), then household id (DOMAIN.md §6 panel 1). Income and living
    conditions are read from the household's deprivations, whether or not
    those dimensions count.

    Columns: household_id, head_name, house_no, village_code, village name,
    subdistrict/district/province names (Thai and English), lat, lon,
    n_members, welfare_card_holders, income_per_capita, mask,
    deprivation_score, dimensions_failed, ``priority`` (1-4, above),
    ``failed_<dimension>`` flags.

    Raises
    ------
    UnknownAreaError
        If the code is malformed or unknown.
    ValueError
        For a bad k, dimension or card filter.
    """
    area(con, code)
    dims = tuple(dimensions) if dimensions else None
    k_value = validate_k(k, dims)
    if welfare_card not in CARD_SQL:
        raise ValueError(f"welfare_card must be one of {tuple(CARD_SQL)}, got {welfare_card!r}")
    where, params = _area_filter(code)
    limit_sql = "" if limit is None else f"LIMIT {int(limit)}"
    frame = con.execute(
        f"""
        WITH scored AS (
            SELECT *, {score_sql(dims)} AS score, {dimensions_failed_sql(dims)} AS n_failed
            FROM households WHERE {where} AND {CARD_SQL[welfare_card]}
        )
        SELECT h.household_id, h.head_name, h.house_no, h.village_code,
               v.name_th AS village_th, v.name_en AS village_en,
               s.name_th AS subdistrict_th, s.name_en AS subdistrict_en,
               d.name_th AS district_th, d.name_en AS district_en,
               p.name_th AS province_th, p.name_en AS province_en,
               h.lat, h.lon, h.n_members, h.welfare_card_holders, h.income_per_capita, h.mask,
               h.score AS deprivation_score, h.n_failed AS dimensions_failed,
               {_priority_sql()} AS priority,
               {dimension_flags_sql()}
        FROM scored h
        JOIN areas v ON v.code = h.village_code
        JOIN areas s ON s.code = h.subdistrict_code
        JOIN areas d ON d.code = h.district_code
        JOIN areas p ON p.code = h.province_code
        WHERE {poor_sql("h.score")}
        ORDER BY priority, h.n_failed DESC, h.score DESC, h.household_id
        {limit_sql}
        """,
        [*params, k_value],
    ).df()
    return protect(frame, viewer)


def household_points(
    con: duckdb.DuckDBPyConnection,
    code: str,
    dimensions: Sequence[str] | None = None,
    welfare_card: str = "all",
    limit: int = 200_000,
    *,
    viewer: User,
) -> pd.DataFrame:
    """Return household points of an area for a point map.

    Coordinates come masked for ``viewer`` (:func:`access.personal.protect`:
    rounded to about 1 km without the personal-data right).

    Columns: household_id, head_name, lon, lat, n_members,
    dimensions_failed (under the chosen dimensions) and one
    ``failed_<dimension>`` flag per dimension (for the map's tooltip), by
    household_id. At most ``limit`` rows (DESIGN.md: pydeck caps near 200k
    points).
    """
    area(con, code)
    if welfare_card not in CARD_SQL:
        raise ValueError(f"welfare_card must be one of {tuple(CARD_SQL)}, got {welfare_card!r}")
    where, params = _area_filter(code)
    dims = tuple(dimensions) if dimensions else None
    frame = con.execute(
        f"""SELECT household_id, head_name, lon, lat, n_members,
                   {dimensions_failed_sql(dims)}::TINYINT AS dimensions_failed,
                   {dimension_flags_sql()}
            FROM households WHERE {where} AND {CARD_SQL[welfare_card]}
            ORDER BY household_id LIMIT {int(limit)}""",
        params,
    ).df()
    return protect(frame, viewer)


def levels_with_data() -> tuple[str, ...]:
    """Return the area levels in order (province → village)."""
    return LEVELS


def level_measures(
    con: duckdb.DuckDBPyConnection,
    level: str,
    k: float | None = None,
    dimensions: Sequence[str] | None = None,
    welfare_card: str = "all",
) -> pd.DataFrame:
    """Return one row of measures for every area of ``level`` that holds households.

    The data service's tables (issue 16): all provinces, districts,
    subdistricts or villages of the build at once, from one pass over
    ``village_profiles`` (the same :func:`poverty.measures.measure_table`
    as :func:`area_summary` and :func:`child_measures`).

    Parameters
    ----------
    level : {"province", "district", "subdistrict", "village"}
    k, dimensions, welfare_card
        As :func:`area_summary`.

    Returns
    -------
    DataFrame
        ``code``, ``parent_code`` (None for provinces), ``name_th``,
        ``name_en`` and the columns of :func:`poverty.measures.measure_table`,
        sorted by code.

    Raises
    ------
    KeyError
        For an unknown level.
    ValueError
        For a k outside (0, 1], an unknown dimension or card filter.
    """
    column = CODE_COLUMN[level]
    profiles = con.execute(
        f"SELECT {column} AS area_code, mask, {PROFILE_SUMS}, {CARD_HOUSEHOLDS_SUM} "
        "FROM village_profiles GROUP BY ALL ORDER BY 1, 2"
    ).df()
    dims = tuple(dimensions) if dimensions else None
    table = measure_table(profiles, "area_code", k, dims, welfare_card).reset_index()
    table = table.rename(columns={"area_code": "code"})
    names = con.execute(
        "SELECT code, parent_code, name_th, name_en FROM areas WHERE level = ?", [level]
    ).df()
    return names.merge(table, on="code", how="right").sort_values("code", ignore_index=True)
