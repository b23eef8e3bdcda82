"""Run every benchmark: ``python -m benchmarks [--json]``.

The pilot build is made once in a temporary folder (``build_time``, which
times it) and the query benchmark (``query_time``) runs on it. Prints every
figure beside its budget or floor; ``--json`` prints one JSON object keyed by
benchmark name, plus ``all_figures`` (every figure with its budget and
whether it is within, :func:`benchmarks.budgets.collect`) and
``all_within_budget``. Figures are printed, never asserted. ``--all`` runs the
national-scale figures instead (:mod:`benchmarks.national`).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from benchmarks import (
    api_load,
    app_time,
    budgets,
    build_time,
    export_time,
    logbook_import,
    map_bytes,
    national,
    query_time,
    report_time,
    scenario_time,
)

#: Run in this order; each takes the build folder (build_time writes it).
BENCHMARKS = (
    build_time,
    query_time,
    map_bytes,
    app_time,
    report_time,
    export_time,
    logbook_import,
    api_load,
    scenario_time,
)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; return 1 if one could not run, else 0."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--all", action="store_true", help="national scale (77 provinces)")
    args = parser.parse_args(argv)
    if args.all:
        return national.main(["--json"] if args.json else [])
    results: dict[str, dict] = {}
    failed = False
    with tempfile.TemporaryDirectory(prefix="tpmap-bench-") as folder:
        build_dir = Path(folder) / "build"
        for module in BENCHMARKS:
            if failed:
                results[module.NAME] = {"benchmark": module.NAME, "skipped": "the build failed"}
                continue
            result = module.run(build_dir)
            results[module.NAME] = result
            failed = result.get("exit_code", 0) != 0
            if not args.json:
                print(module.report(result), flush=True)
    figures = budgets.collect(results)
    over = [f"{f['benchmark']}.{f['figure']}" for f in figures if f["within_budget"] is False]
    if args.json:
        results["all_figures"] = figures
        results["all_within_budget"] = not over
        print(json.dumps(results))
    else:
        print(f"{len(figures)} figures; over budget: {', '.join(over) or 'none'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
