"""Queries of the Area potential page over the built store (tables of :mod:`potential.store`).

Like :mod:`queries.figures`: pass a DuckDB connection or cursor, every
value is a bound parameter, and an unknown area code raises
:class:`geo.areas.UnknownAreaError`. The households' distances to
the nearest facility were computed at build time (:mod:`potential.distance`);
these queries only compare them with the chosen distance.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from access.personal import protect
from access.roles import User
from geo.areas import CODE_COLUMN, ancestors, child_level, level_of
from potential.distance import ACCESS_COLUMNS, access_by_area
from potential.schema import VILLAGE_BOOLEANS
from poverty.measures import validate_k
from queries.figures import CARD_SQL, area, area_names, fetch_count, poor_sql, score_sql

LEVEL_ORDER = {"province": 0, "district": 1, "subdistrict": 2, "village": 3}


def sources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Return where each kind came from: ``kind``, ``synthetic`` (bool), ``source``, ``rows``."""
    return con.execute("SELECT * FROM potential_sources ORDER BY kind").df()


def _inside_or_above(code: str) -> tuple[str, list]:
    """Return SQL on ``area_code``: the area, its sub-areas, or an area above it."""
    return "(starts_with(area_code, ?) OR list_contains(?, area_code))", [code, ancestors(code)]


def centres(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """Return the poverty-solving centres of an area and of the areas above it.

    Province first. Columns: ``area_code``, ``level``, ``centre_name``,
    ``chair``, ``agencies``, ``staff``, ``name_th``, ``name_en`` (the area's).

    Raises
    ------
    UnknownAreaError
        If the code is malformed or unknown.
    """
    area(con, code)
    return con.execute(
        """SELECT c.*, a.name_th, a.name_en FROM centres c JOIN areas a ON a.code = c.area_code
           WHERE list_contains(?, c.area_code) ORDER BY length(c.area_code)""",
        [ancestors(code)],
    ).df()


def staff_by_level(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """Return centres and staff per level: the area, its sub-areas and the areas above it.

    Columns: ``level`` (province, district, subdistrict), ``centres``,
    ``staff`` (persons). Levels without a centre are left out.

    Raises
    ------
    UnknownAreaError
        If the code is malformed or unknown.
    """
    area(con, code)
    where, params = _inside_or_above(code)
    table = con.execute(
        f"""SELECT level, count(*)::INTEGER AS centres, sum(staff)::BIGINT AS staff
            FROM centres WHERE {where} GROUP BY level""",
        params,
    ).df()
    return table.sort_values("level", key=lambda s: s.map(LEVEL_ORDER), ignore_index=True)


def projects(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """Return the funded projects serving an area: in it, in its sub-areas or above it.

    Newest fiscal year first, then largest budget. Columns: the ``projects``
    file columns plus ``level``, ``name_th``, ``name_en`` of the project's area.

    Raises
    ------
    UnknownAreaError
        If the code is malformed or unknown.
    """
    area(con, code)
    where, params = _inside_or_above(code)
    return con.execute(
        f"""SELECT p.*, a.level, a.name_th AS area_th, a.name_en AS area_en
            FROM projects p JOIN areas a ON a.code = p.area_code
            WHERE {where}
            ORDER BY p.fiscal_year DESC, p.budget_baht DESC, p.project_id""",
        params,
    ).df()


def economy(con: duckdb.DuckDBPyConnection, province_code: str) -> dict | None:
    """Return a province's economy with its ranks among the provinces in the table.

    Keys: the ``economy`` file columns, ``provinces`` (how many are ranked),
    ``gpp_rank``, ``consumption_rank``, ``investment_rank``, ``hai_rank``
    (1 = highest). None when the province has no row.
    """
    row = con.execute(
        """WITH ranked AS (
               SELECT *, count(*) OVER () AS provinces,
                      rank() OVER (ORDER BY gpp_million_baht DESC) AS gpp_rank,
                      rank() OVER (ORDER BY consumption_million_baht DESC) AS consumption_rank,
                      rank() OVER (ORDER BY investment_million_baht DESC) AS investment_rank,
                      rank() OVER (ORDER BY hai DESC) AS hai_rank
               FROM economy)
           SELECT * FROM ranked WHERE province_code = ?""",
        [province_code],
    ).df()
    if row.empty:
        return None
    return {k: (v.item() if hasattr(v, "item") else v) for k, v in row.iloc[0].items()}


def village_basic_summary(con: duckdb.DuckDBPyConnection, code: str) -> dict:
    """Summarise the village basic data (กชช.2ค) of the villages in an area.

    Keys: ``villages`` (in the area), ``with_data``, ``year`` (latest),
    one share 0-1 per boolean indicator (``road_all_season`` …, among the
    villages with data), ``electricity_share`` (mean of the villages'
    shares), ``village_fund_baht`` (sum, baht). Shares are None when no
    village has data.

    Raises
    ------
    UnknownAreaError
        If the code is malformed or unknown.
    """
    area(con, code)
    shares = ", ".join(f"avg({c}::INTEGER) AS {c}" for c in VILLAGE_BOOLEANS)
    row = con.execute(
        f"""SELECT count(*)::INTEGER AS villages, count(b.village_code)::INTEGER AS with_data,
                   max(b.year) AS year, {shares},
                   avg(b.electricity_share) AS electricity_share,
                   sum(b.village_fund_baht)::DOUBLE AS village_fund_baht
            FROM areas a LEFT JOIN village_basic b ON b.village_code = a.code
            WHERE a.level = 'village' AND starts_with(a.code, ?)""",
        [code],
    ).df()
    return {
        k: (None if pd.isna(v) else v.item() if hasattr(v, "item") else v)
        for k, v in row.iloc[0].items()
    }


def otop(con: duckdb.DuckDBPyConnection, code: str) -> pd.DataFrame:
    """Return the OTOP products of an area, most stars first.

    Columns: the ``otop`` file columns plus ``subdistrict_th``,
    ``subdistrict_en``, ``village_th``.

    Raises
    ------
    UnknownAreaError
        If the code is malformed or unknown.
    """
    area(con, code)
    return con.execute(
        """SELECT o.*, s.name_th AS subdistrict_th, s.name_en AS subdistrict_en,
                  v.name_th AS village_th
           FROM otop o JOIN areas s ON s.code = o.subdistrict_code
           LEFT JOIN areas v ON v.code = o.village_code
           WHERE starts_with(coalesce(o.village_code, o.subdistrict_code), ?)
           ORDER BY o.stars DESC, o.product_id""",
        [code],
    ).df()


def facility_counts(con: duckdb.DuckDBPyConnection, code: str) -> dict[str, int]:
    """Return the number of facilities of each kind in an area (kind -> count).

    Raises
    ------
    UnknownAreaError
        If the code is malformed or unknown.
    """
    area(con, code)
    return dict(
        con.execute(
            "SELECT kind, count(*)::INTEGER FROM facilities "
            "WHERE starts_with(subdistrict_code, ?) GROUP BY kind",
            [code[:6]] if len(code) == 8 else [code],
        ).fetchall()
    )


def facilities_near(
    con: duckdb.DuckDBPyConnection, code: str, margin_deg: float = 0.05
) -> pd.DataFrame:
    """Return the facilities within the bounding box of an area's households, plus a margin.

    Facilities just across the border count for the distances, so they are
    shown too. Columns: ``facility_id``, ``kind``, ``name``, ``lon``, ``lat``,
    ``subdistrict_code``.

    Parameters
    ----------
    margin_deg : float
        Margin around the households' box, degrees (0.05 ≈ 5.5 km).

    Raises
    ------
    UnknownAreaError
        If the code is malformed or unknown.
    """
    area(con, code)
    column = CODE_COLUMN[level_of(code)]
    return con.execute(
        f"""WITH box AS (SELECT min(lon) - ? AS x0, max(lon) + ? AS x1,
                                min(lat) - ? AS y0, max(lat) + ? AS y1
                         FROM households WHERE {column} = ?)
            SELECT f.facility_id, f.kind, f.name, f.lon, f.lat, f.subdistrict_code
            FROM facilities f, box
            WHERE f.lon BETWEEN box.x0 AND box.x1 AND f.lat BETWEEN box.y0 AND box.y1
            ORDER BY f.kind, f.facility_id""",
        [margin_deg, margin_deg, margin_deg, margin_deg, code],
    ).df()


def _poor_filter(
    code: str, k: float | None, dimensions: Sequence[str] | None, welfare_card: str
) -> tuple[str, list, str, float]:
    area_level = level_of(code)
    if welfare_card not in CARD_SQL:
        raise ValueError(f"welfare_card must be one of {tuple(CARD_SQL)}, got {welfare_card!r}")
    dims = tuple(dimensions) if dimensions else None
    k_value = validate_k(k, dims)
    where = f"{CODE_COLUMN[area_level]} = ? AND {CARD_SQL[welfare_card]}"
    return where, [code], score_sql(dims), k_value


def poor_distances(
    con: duckdb.DuckDBPyConnection,
    code: str,
    k: float | None = None,
    dimensions: Sequence[str] | None = None,
    welfare_card: str = "all",
) -> pd.DataFrame:
    """Return the MPI-poor households of an area with their distances to the nearest facility.

    Columns: ``child_code`` (the child area holding the household; the area
    itself for a village), ``dist_health_m``, ``dist_school_m`` (metres).
    Poor under the chosen cut-off and dimensions, as on the Urgent page.

    Raises
    ------
    UnknownAreaError
        If the code is malformed or unknown.
    ValueError
        For a bad k, dimension or card filter.
    """
    level = area(con, code)["level"]
    where, params, score, k_value = _poor_filter(code, k, dimensions, welfare_card)
    child = CODE_COLUMN[child_level(level) or "village"]
    return con.execute(
        f"""SELECT {child} AS child_code, dist_health_m, dist_school_m FROM households
            WHERE {where} AND {poor_sql(score)}""",
        [*params, k_value],
    ).df()


def access_table(
    con: duckdb.DuckDBPyConnection,
    code: str,
    distance_km: float,
    k: float | None = None,
    dimensions: Sequence[str] | None = None,
    welfare_card: str = "all",
) -> tuple[pd.DataFrame, dict]:
    """Return poor households farther than ``distance_km`` from a facility, by child area.

    Returns
    -------
    by_child : DataFrame
        One row per child area with poor households: ``code``, ``name_th``,
        ``name_en`` and the columns of :func:`potential.distance.access_by_area`.
    total : dict
        The same counts and shares for the whole area.

    Raises
    ------
    UnknownAreaError
        If the code is malformed or unknown.
    ValueError
        For a bad distance, k, dimension or card filter.
    """
    frame = poor_distances(con, code, k, dimensions, welfare_card)
    by_child = access_by_area(frame, distance_km, "child_code").rename(
        columns={"child_code": "code"}
    )
    names = area_names(con, by_child["code"].tolist())[["code", "name_th", "name_en"]]
    by_child = names.merge(by_child, on="code", how="right")
    whole = access_by_area(frame.assign(all=code), distance_km, "all")
    if whole.empty:
        return by_child, {c: 0 for c in ACCESS_COLUMNS}
    row = whole.drop(columns="all").iloc[0]
    return by_child, {c: (float(v) if c.startswith("share") else int(v)) for c, v in row.items()}


def access_points(
    con: duckdb.DuckDBPyConnection,
    code: str,
    k: float | None = None,
    dimensions: Sequence[str] | None = None,
    welfare_card: str = "all",
    non_poor_limit: int = 60_000,
    *,
    viewer: User,
) -> pd.DataFrame:
    """Return household points for the access map: every poor household, others when few.

    Coordinates come masked for ``viewer`` (:func:`access.personal.protect`:
    about 1 km without the personal-data right); distances are computed
    from the exact points at build time.

    Columns: ``lon``, ``lat``, ``poor`` (bool), ``dist_health_m``,
    ``dist_school_m``. Households that are not poor are included only when
    the area has at most ``non_poor_limit`` households (DESIGN.md: keep a
    pydeck layer well under 200k points).

    Raises
    ------
    UnknownAreaError
        If the code is malformed or unknown.
    ValueError
        For a bad k, dimension or card filter.
    """
    area(con, code)
    where, params, score, k_value = _poor_filter(code, k, dimensions, welfare_card)
    total = fetch_count(con, f"SELECT count(*) FROM households WHERE {where}", params)
    keep = "TRUE" if total <= non_poor_limit else "poor"
    frame = con.execute(
        f"""SELECT lon, lat, poor, dist_health_m, dist_school_m FROM (
                SELECT lon, lat, {poor_sql(score)} AS poor, dist_health_m, dist_school_m,
                       household_id
                FROM households WHERE {where})
            WHERE {keep} ORDER BY household_id""",
        [k_value, *params],
    ).df()
    return protect(frame, viewer)
