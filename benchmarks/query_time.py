"""Time of ``area_summary`` against a bare DuckDB aggregate on the same build.

For Udon Thani (41) and its first district: the median of 20 runs, after one
warm-up, of :func:`data_loaders.queries.area_summary`, next to the median of
the floor ``SELECT count(*), sum(n_members) FROM households WHERE
province_code = '41'`` (and the same filtered by district), measured in the
same run; the ratio says what the measures cost above a plain scan.

Usage::

    python -m benchmarks.query_time [--json] [--build-dir DIR] [--runs 20]

Without a build at ``--build-dir`` (default ``TPMAP_BUILD_DIR``), the pilot
build is made in a temporary folder first.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import standalone

NAME = "query_time"
PROVINCE = "41"
RUNS = 20


def _median_ms(call: Callable[[], object], runs: int) -> float:
    call()  # warm-up: caches, first query plan
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def run(build_dir: Path, runs: int = RUNS) -> dict:
    """Time the queries on the build in ``build_dir``; return the figures (milliseconds).

    Raises
    ------
    data_loaders.queries.BuildMissingError
        If there is no ``tpmap.duckdb`` in ``build_dir``.
    """
    from data_loaders.queries import area_summary, children, connect

    con = connect(build_dir)
    try:
        district = str(children(con, PROVINCE)["code"].iloc[0])
        floor_sql = "SELECT count(*), sum(n_members) FROM households WHERE {} = ?"
        figures = {}
        for level, code, column in [
            ("province", PROVINCE, "province_code"),
            ("district", district, "district_code"),
        ]:
            sql = floor_sql.format(column)
            floor = _median_ms(lambda sql=sql, code=code: con.execute(sql, [code]).fetchone(), runs)
            summary = _median_ms(lambda code=code: area_summary(con, code), runs)
            figures[level] = {
                "code": code,
                "area_summary_ms": round(summary, 3),
                "floor_ms": round(floor, 3),
                "ratio": round(summary / floor, 1),
            }
    finally:
        con.close()
    return {
        "benchmark": NAME,
        "runs": runs,
        "statistic": "median after 1 warm-up",
        "floor_sql": floor_sql.format("province_code"),
        **figures,
    }


def report(result: dict) -> str:
    """Return the figures as printable lines."""
    lines = [f"area_summary vs bare DuckDB aggregate (median of {result['runs']} runs)"]
    for level in ("province", "district"):
        f = result[level]
        lines.append(
            f"  {level:<9}{f['code']:<6} area_summary {f['area_summary_ms']:8.2f} ms"
            f"   floor {f['floor_ms']:7.2f} ms   ratio {f['ratio']:6.1f}x"
        )
    lines.append(f"  floor: {result['floor_sql']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Time on an existing build, or on a fresh pilot build (:mod:`benchmarks.standalone`)."""
    return standalone.main("python -m benchmarks.query_time", run, report, RUNS, argv)


if __name__ == "__main__":
    sys.exit(main())
