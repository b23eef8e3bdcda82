"""What the suggested-help rules (:mod:`logbook.suggest`) read from the build (issue 17).

The rules need, per household, the deprivation mask, the vulnerability
level and the distances to the nearest health facility and school; for the
uptake count, the Logbook's help records joined with the households' masks
(counted by mask and kind, so no household leaves this layer unmasked).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import duckdb
import pandas as pd

from access.personal import protect
from access.roles import User
from queries.search import (
    SearchSpec,
    _stored_household_id,
    check_area,
    households_sql,
    order_sql,
    where_sql,
)

#: Columns of :func:`search_inputs`.
INPUT_COLUMNS = (
    "household_id",
    "head_name",
    "house_no",
    "village_code",
    "village_th",
    "village_en",
    "subdistrict_code",
    "mask",
    "vulnerability_level",
    "dist_health_m",
    "dist_school_m",
    "stage",
)


def search_inputs(
    con: duckdb.DuckDBPyConnection,
    spec: SearchSpec,
    limit: int,
    *,
    viewer: User,
    stages: Callable[[list[str]], Mapping[str, str]] | None = None,
) -> pd.DataFrame:
    """Return the rules' inputs for the households of a search, in priority order, masked.

    Parameters
    ----------
    spec : SearchSpec
        The search (:mod:`queries.search`).
    limit : int
        Most households returned (the first by the search's priority order:
        dimensions failed, then deprivation score).
    viewer : User
        Personal columns come masked (:func:`access.personal.protect`).
    stages : callable, optional
        Given the stored IDs of the households (one call for the whole
        result), returns their development stage from the Logbook
        (:func:`logbook.suggest.latest_stages`; this layer lies below the
        Logbook). Called before masking, so a masked viewer's households
        get their stage too. None: no stage (the rules read survival).

    Returns
    -------
    DataFrame
        :data:`INPUT_COLUMNS`; distances in metres (null when unknown);
        ``stage`` null where none is recorded.

    Raises
    ------
    queries.search.SearchSpecError
        For an unknown area.
    """
    check_area(con, spec)
    source, source_params = households_sql(spec)
    where, params = where_sql(spec)
    frame = con.execute(
        f"""SELECT h.household_id, h.head_name, h.house_no, h.village_code,
                   v.name_th AS village_th, v.name_en AS village_en, h.subdistrict_code,
                   h.mask, h.vulnerability_level::INTEGER AS vulnerability_level,
                   h.dist_health_m, h.dist_school_m
            FROM (SELECT * FROM {source} WHERE {where}
                  ORDER BY {order_sql("priority", True)} LIMIT {int(limit)}) h
            JOIN areas v ON v.code = h.village_code
            ORDER BY {order_sql("priority", True, "h.")}""",
        source_params + params,
    ).df()
    found = stages(frame["household_id"].tolist()) if stages is not None else {}
    frame["stage"] = [found.get(i) for i in frame["household_id"]]
    return protect(frame, viewer)


def household_services(
    con: duckdb.DuckDBPyConnection,
    household_id: str,
    *,
    viewer: User,
    area_code: str | None = None,
) -> dict | None:
    """Return the distances of one household in ``viewer``'s scope to services, or None.

    ``household_id`` as :func:`queries.search.household` takes it (a
    pseudonym for a masked viewer). Returns ``dist_health_m`` and
    ``dist_school_m`` (metres, None when unknown); nothing personal.
    """
    stored = _stored_household_id(con, household_id, viewer, area_code)
    if stored is None:
        return None
    row = con.execute(
        "SELECT dist_health_m, dist_school_m FROM households WHERE household_id = ?", [stored]
    ).fetchone()
    if row is None:
        return None
    return {
        "dist_health_m": None if row[0] is None else float(row[0]),
        "dist_school_m": None if row[1] is None else float(row[1]),
    }


def stored_id(
    con: duckdb.DuckDBPyConnection,
    household_id: str,
    *,
    viewer: User,
    area_code: str | None = None,
) -> str | None:
    """Return the stored ID of the household ``viewer`` names, for a Logbook look-up, or None.

    For the app's data layer only (the Logbook keys records by the stored
    ID); never shown. See :func:`queries.search.household` for how a masked
    viewer names a household.
    """
    return _stored_household_id(con, household_id, viewer, area_code)


def help_by_mask(con: duckdb.DuckDBPyConnection, code: str | None, help_kinds: pd.DataFrame):
    """Return Logbook help records counted by the household's mask and the kind of help.

    Parameters
    ----------
    code : str or None
        The area (its households), None = all.
    help_kinds : DataFrame
        ``household_id`` and ``help_kind`` per help record (the Logbook's
        help table). Records of households not in the build are left out.

    Returns
    -------
    DataFrame
        ``mask``, ``help_kind``, ``records`` (int); no household IDs.
    """
    records = help_kinds[["household_id", "help_kind"]].astype(str)
    cursor = con.cursor()
    try:
        cursor.register("help_records", records)
        where = "TRUE" if not code else "starts_with(h.village_code, ?)"
        return cursor.execute(
            f"""SELECT h.mask, r.help_kind, count(*)::BIGINT AS records
                FROM help_records r JOIN households h ON h.household_id = r.household_id
                WHERE {where} GROUP BY ALL ORDER BY ALL""",
            [code] if code else [],
        ).df()
    finally:
        cursor.close()
