"""Time of ``area_summary`` against a bare DuckDB aggregate over the same table.

For Udon Thani (41) and its first district: the median of 20 runs, after one
warm-up, of :func:`queries.figures.area_summary` (default settings:
union cut-off, all five dimensions, all households), next to the median of
the floor measured in the same run: one bare aggregate over the same
``village_profiles`` table that produces the same headline counts
(households, persons, MPI-poor households and persons, target poor, which
under the union rule with all dimensions are the profiles with any
deprivation, ``mask <> 0``). The benchmark checks that the floor's counts
equal the summary's. Budget (issue 7): area_summary at most 3× the floor.

Usage::

    python -m benchmarks.query_time [--json] [--build-dir DIR] [--runs 20]

Without a build at ``--build-dir`` (default ``TPMAP_BUILD_DIR``), the pilot
build is made in a temporary folder first.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Sequence
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
FLOOR_COUNTS = (
    "households",
    "persons",
    "poor_households",
    "poor_persons",
    "target_poor_persons",
)


def _medians_ms(calls: Sequence[Callable[[], object]], runs: int) -> list[float]:
    """Return the median time of each call (ms), the calls taking turns run by run.

    Taking turns gives both the same machine load (the machine is shared).
    """
    for call in calls:
        call()  # warm-up: caches, first query plan
    times: list[list[float]] = [[] for _ in calls]
    for _ in range(runs):
        for call, spent in zip(calls, times, strict=True):
            start = time.perf_counter()
            call()
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) * 1000 for spent in times]


def run(build_dir: Path, runs: int = RUNS) -> dict:
    """Time the area summary and its floor on the build in ``build_dir``.

    Returns
    -------
    dict
        ``province`` and ``district``: ``code``, ``area_summary_ms``,
        ``floor_ms`` (medians, milliseconds), ``ratio``, ``budget_ratio``,
        ``within_budget`` and ``floor_counts_match`` (the floor's counts equal
        the summary's); ``figures`` (:func:`benchmarks.budgets.figure`).

    Raises
    ------
    queries.figures.BuildMissingError
        If there is no ``tpmap.duckdb`` in ``build_dir``.
    """
    from queries.figures import area_summary, children, connect

    con = connect(build_dir)
    levels, figures = {}, {}
    try:
        district = str(children(con, PROVINCE)["code"].iloc[0])
        for level, code, column in [
            ("province", PROVINCE, "province_code"),
            ("district", district, "district_code"),
        ]:
            sql = FLOOR_SQL.format(column)
            floor_counts = con.execute(sql, [code]).fetchone()
            summary = area_summary(con, code)
            floor, summary_ms = _medians_ms(
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
            figures[f"{level}_area_summary_ms"] = budgets.figure(
                round(summary_ms, 3), "ms", round(budgets.QUERY_FLOOR_RATIO * floor, 3)
            )
            figures[f"{level}_floor_ms"] = budgets.figure(round(floor, 3), "ms")
            figures[f"{level}_ratio_to_floor"] = budgets.figure(
                round(ratio, 2), "x", budgets.QUERY_FLOOR_RATIO
            )
    finally:
        con.close()
    return {
        "benchmark": NAME,
        "runs": runs,
        "statistic": "median after 1 warm-up, floor and summary taking turns",
        "floor_sql": FLOOR_SQL.format("province_code"),
        **levels,
        "figures": figures,
    }


def report(result: dict) -> str:
    """Return the figures as printable lines, each with its budget."""
    lines = [f"area_summary vs bare DuckDB aggregate (median of {result['runs']} runs)"]
    for level in ("province", "district"):
        f = result[level]
        match = "same counts" if f["floor_counts_match"] else "COUNTS DIFFER"
        lines.append(f"  {level} {f['code']}: floor and summary give the {match}")
    lines += budgets.lines(result["figures"])
    lines.append(f"  floor: {result['floor_sql']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Time on an existing build, or on a fresh pilot build (:mod:`benchmarks.standalone`)."""
    return standalone.main("python -m benchmarks.query_time", run, report, RUNS, argv)


if __name__ == "__main__":
    sys.exit(main())
