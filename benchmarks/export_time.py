"""Time of the household export: at least 200,000 rows to CSV and to XLSX.

The list is every household of Udon Thani (41), about 287,000 rows in the
pilot build (the largest pilot province, above the 200,000-row target),
exported at household level without personal data (names and national IDs
masked, so the masking is timed too) through
:func:`exports.households.export_households`, the code path of the app and
the command line. Each format is timed once, wall clock, file written to a
temporary folder; the budget is 10 s for 200,000 rows. Figures print;
nothing asserts.

Usage::

    python -m benchmarks.export_time [--json] [--build-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import settings
from benchmarks import budgets

NAME = "export_time"
AREA = "41"
BUDGET_S = budgets.EXPORT_S_PER_200K
TARGET_ROWS = 200_000


def run(build_dir: Path) -> dict:
    """Export area 41 as CSV and XLSX from the build in ``build_dir``; return rows and seconds."""
    from exports.households import export_households
    from queries.figures import connect
    from queries.search import SearchSpec

    con = connect(build_dir)
    figures: dict[str, dict] = {}
    try:
        spec = SearchSpec(area_code=AREA)
        with tempfile.TemporaryDirectory(prefix="tpmap-export-bench-") as folder:
            for fmt in ("csv", "xlsx"):
                path = Path(folder) / f"export.{fmt}"
                start = time.perf_counter()
                result = export_households(con, spec, "household", fmt, path, personal_data=False)
                seconds = time.perf_counter() - start
                figures[fmt] = {
                    "rows": result.rows,
                    "seconds": round(seconds, 2),
                    "rows_per_s": round(result.rows / seconds),
                    "seconds_per_200k": round(seconds * TARGET_ROWS / result.rows, 2),
                    "mb": round(path.stat().st_size / 1e6, 1),
                }
    finally:
        con.close()
    return {
        "benchmark": NAME,
        "area": AREA,
        "level": "household",
        "personal_data": "masked",
        "budget_s_per_200k": BUDGET_S,
        **figures,
        "figures": {
            f"{fmt}_s_per_200k": budgets.figure(figures[fmt]["seconds_per_200k"], "s", BUDGET_S)
            for fmt in figures
        },
    }


def report(result: dict) -> str:
    """Return the figures as printable lines, each with its budget."""
    lines = [f"household export of area {result['area']} (masked), budget 10 s per 200,000 rows"]
    lines += budgets.lines(result["figures"])
    for fmt in ("csv", "xlsx"):
        f = result[fmt]
        lines.append(
            f"    {fmt:<5}{f['rows']:>9,} rows  {f['seconds']:6.2f} s  {f['rows_per_s']:>8,} rows/s"
            f"  {f['mb']:6.1f} MB"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Time the export on an existing build (default ``TPMAP_BUILD_DIR``)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.export_time")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--build-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    build_dir = args.build_dir or settings.build_dir()
    if not (build_dir / "tpmap.duckdb").exists():
        print(
            f"error: no build at {build_dir}; run `python -m data_loaders build`", file=sys.stderr
        )
        return 1
    result = run(build_dir)
    print(json.dumps(result) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
