"""Read the other urgent development issues (NEETs, unemployment, debt) by area.

Definitions and the stored ``village_issues`` table: :mod:`data_loaders.issues`.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from data_loaders.issues import COUNT_COLUMNS, ISSUE_MEASURES
from geo.areas import CODE_COLUMN, level_of
from queries.figures import area, area_names, child_scope


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    """Num / den; 0 where den is 0 and both are known, NaN where the data are missing."""
    num, den = num.astype(float), den.astype(float)
    out = num / den.where(den > 0)
    return out.where(~((den == 0) & num.notna()), 0.0)


def add_measures(counts: pd.DataFrame) -> pd.DataFrame:
    """Add the :data:`ISSUE_MEASURES` (shares 0-1, baht) to a table of summed counts."""
    out = counts.copy()
    out["neet_share"] = _ratio(out["neet"], out["youth"])
    out["unemployment_rate"] = _ratio(out["unemployed"], out["labour_force"])
    out["underemployment_rate"] = _ratio(out["underemployed"], out["labour_force"])
    out["debt_share"] = _ratio(out["in_debt"], out["debt_households"])
    out["over_indebted_share"] = _ratio(out["over_indebted"], out["debt_households"])
    out["mean_debt_baht"] = _ratio(out["debt_baht"], out["in_debt"])
    return out


def _sums(group: str) -> str:
    # sum() of an all-null column stays null: "not in the data".
    parts = [
        f"sum({c})::DOUBLE AS {c}" if c == "debt_baht" else f"sum({c})::BIGINT AS {c}"
        for c in COUNT_COLUMNS
    ]
    return f"{group}, " + ", ".join(parts)


def area_issues(con: duckdb.DuckDBPyConnection, code: str | None) -> dict:
    """Return the counts and :data:`ISSUE_MEASURES` of one area (None = all built areas).

    Counts are int (``debt_baht`` float, baht), measures float (shares 0-1,
    baht); a value is None when the data lack the column it needs.

    Raises
    ------
    UnknownAreaError
        If the code is malformed or unknown.
    """
    if code is None:
        where, params = "TRUE", []
    else:
        area(con, code)
        where, params = f"{CODE_COLUMN[level_of(code)]} = ?", [code]
    frame = con.execute(
        f"SELECT {_sums('1 AS one')} FROM village_issues WHERE {where}", params
    ).df()
    row = add_measures(frame).iloc[0].drop("one")
    out: dict[str, float | int | None] = {}
    for key, value in row.items():
        if pd.isna(value):
            out[key] = None
        elif key in COUNT_COLUMNS and key != "debt_baht":
            out[key] = int(value)
        else:
            out[key] = float(value)
    return out


def child_issues(con: duckdb.DuckDBPyConnection, code: str | None) -> pd.DataFrame:
    """Return one row per child area: ``code``, ``name_th``, ``name_en``, counts and measures.

    ``None`` gives the provinces of the build; a village gives an empty frame.

    Raises
    ------
    UnknownAreaError
        If the code is malformed or unknown.
    """
    level, where, params = child_scope(con, code)
    if level is None:
        return pd.DataFrame(columns=["code", "name_th", "name_en", *COUNT_COLUMNS])
    frame = con.execute(
        f"SELECT {_sums(CODE_COLUMN[level] + ' AS code')} FROM village_issues "
        f"WHERE {where} GROUP BY 1 ORDER BY 1",
        params,
    ).df()
    names = area_names(con, frame["code"].tolist())[["code", "name_th", "name_en"]]
    return names.merge(add_measures(frame), on="code", how="right")


def province_ranking(con: duckdb.DuckDBPyConnection, measure: str, limit: int = 10) -> pd.DataFrame:
    """Return the provinces of the build ranked by ``measure``, worst first (top ``limit``).

    Columns: ``rank`` (1 = highest value), ``code``, ``name_th``,
    ``name_en``, the counts and measures. Provinces without the data are
    left out.

    Raises
    ------
    ValueError
        If ``measure`` is not one of :data:`ISSUE_MEASURES`.
    """
    if measure not in ISSUE_MEASURES:
        raise ValueError(f"measure must be one of {ISSUE_MEASURES}, got {measure!r}")
    table = child_issues(con, None).dropna(subset=[measure])
    table = table.sort_values([measure, "code"], ascending=[False, True]).head(limit)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return table.reset_index(drop=True)
