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

from data_loaders.schema import table_columns

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
    person_cols = table_columns(con, "persons")
    household_cols = table_columns(con, "households")
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
