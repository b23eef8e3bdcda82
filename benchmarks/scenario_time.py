"""Time of a rule scenario (issue 17): a province, the built country, and national scale.

:func:`queries.scenario.compare` with two rules beside today's (the MPI rule
without the welfare card, and k = 1/3 over four dimensions with a 60,000-baht
income line, so both the card and the income line are exercised), median of
``runs`` after one warm-up, each run on a fresh cursor:

- ``province``: Udon Thani (41) of the build; budget the drill-down rerun
  (:data:`benchmarks.budgets.DRILLDOWN_RERUN_S`, 1.5 s: the scenario runs
  inside a page rerun);
- ``built``: every area of the build (the national view of a pilot build);
- ``national``: the national view over a households table of national size
  (:data:`NATIONAL_HOUSEHOLDS`, 12.8 M, DOMAIN.md §7): the build's households
  repeated until that size, each copy under province codes of its own (so the
  child areas number about as many as the 77 provinces), in a temporary
  DuckDB file; budget :data:`benchmarks.budgets.SCENARIO_NATIONAL_S` (3 s).
  With a national build (``--build-dir`` of ``python -m data_loaders build
  --all``) the ``built`` figure is the real one.

Also, with no budget: one page (100 rows) of the households joining in the
province (:func:`queries.scenario.changed_households`).

Usage::

    python -m benchmarks.scenario_time [--json] [--build-dir DIR] [--runs 5]
"""

from __future__ import annotations

import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from benchmarks import budgets, standalone

NAME = "scenario_time"
PROVINCE = "41"
RUNS = 5
#: Households surveyed in the country (BMN 2022, DOMAIN.md §7).
NATIONAL_HOUSEHOLDS = 12_817_903
#: Columns the scenario reads from ``households``.
COLUMNS = (
    "district_code, subdistrict_code, village_code, n_members, welfare_card_holders, "
    "vulnerability_level, dimensions_failed, mask, income_per_capita"
)


def _rules() -> list:
    from poverty.scenario import Rule

    return [
        Rule(card_required=False),
        Rule(k=1 / 3, dimensions=("health", "living", "education", "income"), income_line=60_000),
    ]


def _median_s(call: Callable[[], object], runs: int) -> float:
    call()  # warm-up
    spent = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        spent.append(time.perf_counter() - start)
    return statistics.median(spent)


def national_copy(build_dir: Path, folder: Path) -> tuple[Path, int]:
    """Write a DuckDB file whose ``households`` repeat the build's to national size.

    Copy ``r`` of a household gets the province code ``<code>_<r>``; the
    ``areas`` table is copied as is (the copies' provinces have no names).

    Returns
    -------
    (Path, int)
        The file and the number of households in it.
    """
    path = folder / "national.duckdb"
    con = duckdb.connect(str(path))
    try:
        con.execute(f"ATTACH '{build_dir / 'tpmap.duckdb'}' AS build (READ_ONLY)")
        n = con.execute("SELECT count(*) FROM build.households").fetchone()[0]
        copies = max(1, math.ceil(NATIONAL_HOUSEHOLDS / n))
        con.execute(
            f"""CREATE TABLE households AS
                SELECT h.province_code || '_' || r.range AS province_code, {COLUMNS}
                FROM build.households h CROSS JOIN range({copies}) r
                LIMIT {NATIONAL_HOUSEHOLDS}"""
        )
        con.execute("CREATE TABLE areas AS SELECT * FROM build.areas")
        rows = con.execute("SELECT count(*) FROM households").fetchone()[0]
    finally:
        con.close()
    return path, int(rows)


def run(build_dir: Path, runs: int = RUNS) -> dict:
    """Time the scenario on the build in ``build_dir`` and at national size.

    Returns
    -------
    dict
        ``province``, ``built``, ``national`` (seconds, medians), the
        households of each, ``list_page_ms`` and ``figures``
        (:func:`benchmarks.budgets.figure`).

    Raises
    ------
    queries.figures.BuildMissingError
        If there is no ``tpmap.duckdb`` in ``build_dir``.
    """
    from queries.figures import connect, fetch_count
    from queries.scenario import changed_households, compare

    rules = _rules()
    con = connect(build_dir)
    try:
        province_s = _median_s(lambda: compare(con.cursor(), PROVINCE, rules), runs)
        built_s = _median_s(lambda: compare(con.cursor(), None, rules), runs)
        page_s = _median_s(
            lambda: changed_households(con.cursor(), PROVINCE, rules[0], "joined", viewer=None),
            runs,
        )
        province_n = fetch_count(
            con, "SELECT count(*) FROM households WHERE province_code = ?", [PROVINCE]
        )
        built_n = fetch_count(con, "SELECT count(*) FROM households")
    finally:
        con.close()
    with tempfile.TemporaryDirectory(prefix="tpmap-bench-scenario-") as folder:
        path, national_n = national_copy(build_dir, Path(folder))
        national = duckdb.connect(str(path), read_only=True)
        try:
            national_s = _median_s(lambda: compare(national.cursor(), None, rules), runs)
        finally:
            national.close()
    figures = {
        "province_s": budgets.figure(round(province_s, 3), "s", budgets.DRILLDOWN_RERUN_S),
        "built_s": budgets.figure(round(built_s, 3), "s", budgets.SCENARIO_NATIONAL_S),
        "national_s": budgets.figure(round(national_s, 3), "s", budgets.SCENARIO_NATIONAL_S),
        "province_list_page_ms": budgets.figure(round(page_s * 1000, 1), "ms"),
    }
    return {
        "benchmark": NAME,
        "runs": runs,
        "statistic": "median after 1 warm-up",
        "rules": [r.to_dict() for r in rules],
        "province": {"code": PROVINCE, "households": province_n, "seconds": province_s},
        "built": {"households": built_n, "seconds": built_s},
        "national": {"households": national_n, "seconds": national_s},
        "list_page_ms": page_s * 1000,
        "figures": figures,
    }


def report(result: dict) -> str:
    """Return the figures as printable lines, each with its budget."""
    lines = [
        f"rule scenario, two rules beside today's (median of {result['runs']} runs): "
        f"province {result['province']['code']} {result['province']['households']:,} "
        f"households, built {result['built']['households']:,}, national size "
        f"{result['national']['households']:,}"
    ]
    lines += budgets.lines(result["figures"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run on an existing build (or a fresh pilot build) and print the figures."""
    return standalone.main("python -m benchmarks.scenario_time", run, report, RUNS, argv)


if __name__ == "__main__":
    sys.exit(main())
