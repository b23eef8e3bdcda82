"""Other urgent development issues: NEETs, unemployment, household debt.

DOMAIN.md §6 panel 1 asks, beside the MPI, for the NEET share, unemployment
and under-employment, and household debt, by child area, and a ranking of
provinces by a chosen problem. Definitions (columns of the optional person
and household fields, :mod:`data_loaders.schema`):

- **NEET share**: persons aged 15-24 not in education (``in_education`` is
  false; the BMN records no training apart from education) and not employed
  (``employment`` is ``unemployed`` or ``not_in_labour_force``), over persons
  aged 15-24 whose two statuses are known;
- **unemployment rate**: ``unemployed`` over the labour force (``employed``,
  ``underemployed`` and ``unemployed`` persons aged 15+);
- **under-employment rate**: ``underemployed`` over the labour force;
- **household debt**: share of households in debt (``debt_baht`` > 0),
  mean debt per indebted household (baht), and the share of households whose
  debt exceeds their yearly income (``income_per_capita`` × ``n_members``).

The build stores ``village_issues`` (one row per village, counts only), and
every area rolls up from it (DESIGN.md: pre-aggregate once). When a real
file lacks these columns the counts are null and the measures NaN: the app
says the data are not there.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from data_loaders.areas import CODE_COLUMN, level_of
from data_loaders.queries import area, area_names, child_scope

NEET_AGES = (15, 24)
#: Measures a province can be ranked by; "higher is worse" for all of them.
ISSUE_MEASURES = (
    "neet_share",
    "unemployment_rate",
    "underemployment_rate",
    "debt_share",
    "over_indebted_share",
    "mean_debt_baht",
)
COUNT_COLUMNS = (
    "youth",
    "neet",
    "labour_force",
    "unemployed",
    "underemployed",
    "households",
    "debt_households",
    "in_debt",
    "debt_baht",
    "over_indebted",
)


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}


def create_village_issues(con: duckdb.DuckDBPyConnection) -> None:
    """Create ``village_issues`` from the ``persons`` and ``households`` tables.

    One row per village: ``province_code`` … ``village_code``, then the
    counts ``youth`` (aged 15-24 with both statuses known), ``neet``,
    ``labour_force``, ``unemployed``, ``underemployed`` (persons),
    ``households``, ``debt_households`` (with debt recorded), ``in_debt``,
    ``debt_baht`` (sum, baht), ``over_indebted`` (households). Counts are
    BIGINT/DOUBLE, never HUGEINT (DESIGN.md speed facts); null when the
    source column is missing.
    """
    person_cols = _columns(con, "persons")
    household_cols = _columns(con, "households")
    education = "p.in_education" if "in_education" in person_cols else "NULL::BOOLEAN"
    employment = "p.employment" if "employment" in person_cols else "NULL::VARCHAR"
    debt = "h.debt_baht" if "debt_baht" in household_cols else "NULL::DOUBLE"
    low, high = NEET_AGES
    con.execute(f"""
        CREATE TABLE village_issues AS
        WITH people AS (
            SELECT h.village_code, p.age, {education} AS in_education,
                   {employment} AS employment
            FROM persons p JOIN households h USING (household_id)
        ), labour AS (
            SELECT village_code,
                   count_if(age BETWEEN {low} AND {high} AND in_education IS NOT NULL
                            AND employment IS NOT NULL)::BIGINT AS youth,
                   count_if(age BETWEEN {low} AND {high} AND NOT in_education
                            AND employment IN ('unemployed', 'not_in_labour_force'))::BIGINT
                       AS neet,
                   count_if(age >= 15 AND employment IN ('employed', 'underemployed',
                            'unemployed'))::BIGINT AS labour_force,
                   count_if(age >= 15 AND employment = 'unemployed')::BIGINT AS unemployed,
                   count_if(age >= 15 AND employment = 'underemployed')::BIGINT AS underemployed,
                   count(employment) > 0 AS has_employment
            FROM people GROUP BY village_code
        ), debt AS (
            SELECT province_code, district_code, subdistrict_code, village_code,
                   count(*)::BIGINT AS households,
                   count({debt})::BIGINT AS debt_households,
                   count_if({debt} > 0)::BIGINT AS in_debt,
                   coalesce(sum({debt}), 0)::DOUBLE AS debt_baht,
                   count_if({debt} > h.income_per_capita * h.n_members)::BIGINT AS over_indebted
            FROM households h GROUP BY ALL
        )
        SELECT d.province_code, d.district_code, d.subdistrict_code, d.village_code,
               CASE WHEN l.has_employment THEN l.youth END AS youth,
               CASE WHEN l.has_employment THEN l.neet END AS neet,
               CASE WHEN l.has_employment THEN l.labour_force END AS labour_force,
               CASE WHEN l.has_employment THEN l.unemployed END AS unemployed,
               CASE WHEN l.has_employment THEN l.underemployed END AS underemployed,
               d.households,
               CASE WHEN d.debt_households > 0 THEN d.debt_households END AS debt_households,
               CASE WHEN d.debt_households > 0 THEN d.in_debt END AS in_debt,
               CASE WHEN d.debt_households > 0 THEN d.debt_baht END AS debt_baht,
               CASE WHEN d.debt_households > 0 THEN d.over_indebted END AS over_indebted
        FROM debt d LEFT JOIN labour l USING (village_code)
        ORDER BY d.village_code
    """)


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
    out = {}
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
