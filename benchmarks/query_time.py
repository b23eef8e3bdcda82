"""Time of the queries a view waits on against bare DuckDB aggregates over the same tables.

For Udon Thani (41) and its first district: the median of 20 runs, after one
warm-up, of :func:`queries.figures.area_summary` (default settings:
union cut-off, all five dimensions, all households), next to the median of
the floor measured in the same run: one bare aggregate over the same
``village_profiles`` table that produces the same headline counts
(households, persons, MPI-poor households and persons, target poor, which
under the union rule with all dimensions are the profiles with any
deprivation, ``mask <> 0``). The benchmark checks that the floor's counts
equal the summary's. Budget (issue 7): area_summary at most 3× the floor.

The same for :func:`queries.figures.child_measures` (the choropleth, the
child table and the top-10 chart of every map view wait on it, issue 13):
its floor is one bare aggregate per child area over ``village_profiles``,
then joined to the child areas' names (households, persons, MPI-poor persons, target
poor persons); the benchmark checks that the floor's rows equal the
query's. Budget (issue 13): at most 3× the floor.

Usage::

    python -m benchmarks.query_time [--json] [--build-dir DIR] [--runs 20]

Without a build at ``--build-dir`` (default ``TPMAP_BUILD_DIR``), the pilot
build is made in a temporary folder first.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks import budgets, standalone

NAME = "query_time"
PROVINCE = "41"
RUNS = 20
#: The floor: the summary's headline counts in one bare aggregate ({} = the code column).
FLOOR_SQL = (
    "SELECT sum(households)::BIGINT, sum(persons)::BIGINT, "
    "(sum(households) FILTER (mask <> 0))::BIGINT, (sum(persons) FILTER (mask <> 0))::BIGINT, "
    "(sum(card_holders) FILTER (mask <> 0))::BIGINT FROM village_profiles WHERE {} = ?"
)
#: The counts of :func:`queries.figures.area_summary` the floor produces, in its order.
#: The floor of child_measures ({child}: the children's code column, {parent}: the area's).
CHILD_FLOOR_SQL = (
    "WITH c AS (SELECT {child} AS code, sum(households)::BIGINT AS households, "
    "sum(persons)::BIGINT AS persons, (sum(persons) FILTER (mask <> 0))::BIGINT AS poor, "
    "(sum(card_holders) FILTER (mask <> 0))::BIGINT AS target "
    "FROM village_profiles WHERE {parent} = ? GROUP BY 1) "
    "SELECT c.code, a.name_th, a.name_en, c.households, c.persons, c.poor, c.target "
    "FROM c JOIN areas a USING (code) ORDER BY 1"
)
#: The columns of :func:`queries.figures.child_measures` the floor produces, in its order.
CHILD_FLOOR_COLUMNS = (
    "code",
    "name_th",
    "name_en",
    "households",
    "persons",
    "poor_persons",
    "target_poor_persons",
)
#: Code column of each level.
COLUMN = {
    "province": "province_code",
    "district": "district_code",
    "subdistrict": "subdistrict_code",
}
FLOOR_COUNTS = (
    "households",
    "persons",
    "poor_households",
    "poor_persons",
    "target_poor_persons",
)


def run(build_dir: Path, runs: int = RUNS) -> dict:
    """Time the area summary and its floor on the build in ``build_dir``.

    Returns
    -------
    dict
        ``province`` and ``district``: ``code``, ``area_summary_ms``,
        ``floor_ms`` (medians, milliseconds), ``ratio``, ``budget_ratio``,
        ``within_budget`` and ``floor_counts_match`` (the floor's counts equal
        the summary's), ``child_measures_ms``, ``child_floor_ms`` and
        ``child_rows_match``; ``figures`` (:func:`benchmarks.budgets.figure`).

    Raises
    ------
    queries.figures.BuildMissingError
        If there is no ``tpmap.duckdb`` in ``build_dir``.
    """
    from queries.figures import area_summary, child_measures, children, connect

    con = connect(build_dir)
    levels, figures = {}, {}
    try:
        district = str(children(con, PROVINCE)["code"].iloc[0])
        for level, code, column, child in [
            ("province", PROVINCE, "province_code", "district_code"),
            ("district", district, "district_code", "subdistrict_code"),
        ]:
            sql = FLOOR_SQL.format(column)
            floor_counts = con.execute(sql, [code]).fetchone()
            summary = area_summary(con, code)
            floor, summary_ms = budgets.medians_ms(
                [
                    lambda sql=sql, code=code: con.execute(sql, [code]).fetchone(),
                    lambda code=code: area_summary(con, code),
                ],
                runs,
            )
            ratio = summary_ms / floor
            levels[level] = {
                "code": code,
                "area_summary_ms": round(summary_ms, 3),
                "floor_ms": round(floor, 3),
                "ratio": round(ratio, 2),
                "budget_ratio": budgets.QUERY_FLOOR_RATIO,
                "within_budget": ratio <= budgets.QUERY_FLOOR_RATIO,
                "floor_counts_match": list(floor_counts) == [summary[k] for k in FLOOR_COUNTS],
            }
            figures.update(budgets.floor_figures(f"{level}_area_summary", summary_ms, floor))
            child_sql = CHILD_FLOOR_SQL.format(child=child, parent=column)
            floor_rows = con.execute(child_sql, [code]).fetchall()
            table = child_measures(con, code)
            child_floor, child_ms = budgets.medians_ms(
                [
                    lambda sql=child_sql, code=code: con.execute(sql, [code]).fetchall(),
                    lambda code=code: child_measures(con, code),
                ],
                runs,
            )
            levels[level].update(
                {
                    "child_measures_ms": round(child_ms, 3),
                    "child_floor_ms": round(child_floor, 3),
                    "child_rows_match": [tuple(r) for r in floor_rows]
                    == list(table[list(CHILD_FLOOR_COLUMNS)].itertuples(index=False, name=None)),
                }
            )
            figures.update(budgets.floor_figures(f"{level}_child_measures", child_ms, child_floor))
    finally:
        con.close()
    return {
        "benchmark": NAME,
        "runs": runs,
        "statistic": "median after 1 warm-up, floor and summary taking turns",
        "floor_sql": FLOOR_SQL.format("province_code"),
        "child_floor_sql": CHILD_FLOOR_SQL.format(child="district_code", parent="province_code"),
        **levels,
        "figures": figures,
    }


def report(result: dict) -> str:
    """Return the figures as printable lines, each with its budget."""
    lines = [f"area_summary and child_measures vs bare DuckDB (median of {result['runs']} runs)"]
    for level in ("province", "district"):
        f = result[level]
        match = "same counts" if f["floor_counts_match"] else "COUNTS DIFFER"
        rows = "same rows" if f["child_rows_match"] else "ROWS DIFFER"
        lines.append(f"  {level} {f['code']}: area_summary and its floor give the {match}")
        lines.append(f"  {level} {f['code']}: child_measures and its floor give the {rows}")
    lines += budgets.lines(result["figures"])
    lines.append(f"  floor: {result['floor_sql']}")
    lines.append(f"  child floor: {result['child_floor_sql']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Time on an existing build, or on a fresh pilot build (:mod:`benchmarks.standalone`)."""
    return standalone.main("python -m benchmarks.query_time", run, report, RUNS, argv)


if __name__ == "__main__":
    sys.exit(main())
