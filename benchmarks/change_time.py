"""Time of the change query (issue 12) against a bare DuckDB join over the same tables.

For Udon Thani (41) and its first district, between the last two rounds of
the build: the median of 20 runs, after one warm-up, of
:func:`queries.rounds.change` (union cut-off, all dimensions: the four
transitions for MPI-poor and target-poor households and the 17 indicator
exits and entries) on one connection holding both rounds
(:func:`queries.rounds.open_rounds`), next to the floor measured in the same
run: one bare join of the two rounds' ``households`` tables counting the
four MPI-poor transitions (``mask <> 0``). The benchmark checks that the
floor's counts equal the query's. Budget (issue 12): at most 3× the floor.

Usage::

    python -m benchmarks.change_time [--json] [--build-dir DIR] [--runs 20]
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks import budgets, standalone

NAME = "change_time"
PROVINCE = "41"
RUNS = 20
#: The floor: the four MPI-poor transitions in one bare join ({a}, {b}: the rounds; {c}: column).
FLOOR_SQL = (
    "SELECT count_if(a.mask <> 0 AND b.mask <> 0), count_if(a.mask <> 0 AND b.mask = 0), "
    "count_if(a.mask = 0 AND b.mask <> 0), count_if(a.mask = 0 AND b.mask = 0) "
    "FROM {a}.households a JOIN {b}.households b USING (household_id) WHERE a.{c} = ?"
)


def run(build_dir: Path, runs: int = RUNS) -> dict:
    """Time the change query and its floor on the build in ``build_dir``.

    Returns
    -------
    dict
        ``from_year``, ``to_year``; ``province`` and ``district``: ``code``,
        ``change_ms``, ``floor_ms`` (medians), ``ratio``, ``counts_match``;
        ``figures`` (:func:`benchmarks.budgets.figure`). With fewer than two
        rounds: ``skipped`` and no figures.
    """
    from queries.figures import children, connect, survey_years
    from queries.rounds import TRANSITIONS, change, open_rounds

    years = survey_years(build_dir)
    if len(years) < 2:
        return {"benchmark": NAME, "skipped": "the build holds one survey round", "figures": {}}
    first, second = years[-2], years[-1]
    con = open_rounds(build_dir, [first, second])
    latest = connect(build_dir)
    levels, figures = {}, {}
    try:
        district = str(children(latest, PROVINCE)["code"].iloc[0])
        for level, code, column in [
            ("province", PROVINCE, "province_code"),
            ("district", district, "district_code"),
        ]:
            sql = FLOOR_SQL.format(a=f"y{first}", b=f"y{second}", c=column)
            floor_counts = con.execute(sql, [code]).fetchone()
            result = change(build_dir, code, first, second, con=con)
            floor, change_ms = budgets.medians_ms(
                [
                    lambda sql=sql, code=code: con.execute(sql, [code]).fetchone(),
                    lambda code=code: change(build_dir, code, first, second, con=con),
                ],
                runs,
            )
            ratio = change_ms / floor
            levels[level] = {
                "code": code,
                "change_ms": round(change_ms, 3),
                "floor_ms": round(floor, 3),
                "ratio": round(ratio, 2),
                "counts_match": list(floor_counts) == [result[k] for k in TRANSITIONS],
            }
            figures.update(budgets.floor_figures(f"{level}_change", change_ms, floor))
    finally:
        con.close()
        latest.close()
    return {
        "benchmark": NAME,
        "runs": runs,
        "from_year": first,
        "to_year": second,
        "statistic": "median after 1 warm-up, floor and query taking turns",
        "floor_sql": FLOOR_SQL.format(a=f"y{first}", b=f"y{second}", c="province_code"),
        **levels,
        "figures": figures,
    }


def report(result: dict) -> str:
    """Return the figures as printable lines, each with its budget."""
    if "skipped" in result:
        return f"change query: skipped ({result['skipped']})"
    lines = [
        f"change query {result['from_year']} -> {result['to_year']} vs bare DuckDB join "
        f"(median of {result['runs']} runs)"
    ]
    for level in ("province", "district"):
        f = result[level]
        match = "same counts" if f["counts_match"] else "COUNTS DIFFER"
        lines.append(f"  {level} {f['code']}: floor and query give the {match}")
    lines += budgets.lines(result["figures"])
    lines.append(f"  floor: {result['floor_sql']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Time on an existing build, or on a fresh pilot build (:mod:`benchmarks.standalone`)."""
    return standalone.main("python -m benchmarks.change_time", run, report, RUNS, argv)


if __name__ == "__main__":
    sys.exit(main())
