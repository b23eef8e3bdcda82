"""Run every benchmark: ``python -m benchmarks [--json] [--all] [--build-dir DIR] [--small]``.

The pilot build is made once in a temporary folder (``build_time``, which
times it) and the other benchmarks run on it; with a build named by
``--build-dir`` or ``TPMAP_BUILD_DIR`` (a folder holding ``tpmap.duckdb``)
that build is measured instead and nothing is rebuilt (issue 13), for
``--all`` too. ``--small`` runs the benchmarks that need no browser and
no second server once each on the build (``make bench-small``, what CI
runs so a regression shows). Prints every
figure beside its budget or floor; ``--json`` prints one JSON object keyed by
benchmark name, plus ``all_figures`` (every figure with its budget and
whether it is within, :func:`benchmarks.budgets.collect`) and
``all_within_budget``. Figures are printed, never asserted. ``--all`` runs the
national-scale figures instead (:mod:`benchmarks.national`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from benchmarks import (
    api_load,
    app_time,
    budgets,
    build_time,
    change_time,
    export_time,
    logbook_import,
    map_bytes,
    national,
    page_time,
    query_time,
    report_time,
    scenario_time,
)

#: Run in this order; each takes the build folder (build_time writes it).
BENCHMARKS = (
    build_time,
    query_time,
    change_time,
    map_bytes,
    app_time,
    page_time,
    report_time,
    export_time,
    logbook_import,
    api_load,
    scenario_time,
)


#: ``--small``: quick benchmarks of the query layer, one run each (CI).
SMALL = (query_time, change_time, map_bytes)


def given_build(build_dir: Path | None) -> Path | None:
    """Return the build to reuse: ``build_dir``, else ``TPMAP_BUILD_DIR``; None to build one.

    Raises
    ------
    SystemExit
        ``build_dir`` was given but holds no ``tpmap.duckdb``.
    """
    if build_dir is not None:
        if not (build_dir / "tpmap.duckdb").exists():
            sys.exit(f"error: no tpmap.duckdb in --build-dir {build_dir}")
        return build_dir
    named = os.environ.get("TPMAP_BUILD_DIR", "").strip()
    if named and (Path(named) / "tpmap.duckdb").exists():
        return Path(named)
    return None


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; return 1 if one could not run, else 0."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--all", action="store_true", help="national scale (77 provinces)")
    parser.add_argument("--build-dir", type=Path, default=None, help="measure this build")
    parser.add_argument("--small", action="store_true", help="quick query benchmarks (CI)")
    args = parser.parse_args(argv)
    reused = given_build(args.build_dir)
    if args.all:
        keep = ["--build-dir", str(reused), "--no-build"] if reused else []
        return national.main([*keep, *(["--json"] if args.json else [])])
    results: dict[str, dict] = {}
    failed = False
    with tempfile.TemporaryDirectory(prefix="tpmap-bench-") as folder:
        build_dir = reused or Path(folder) / "build"
        chosen = SMALL if args.small else BENCHMARKS
        if reused is None and args.small:
            chosen = (build_time, *SMALL)
        elif reused is not None:
            chosen = tuple(module for module in chosen if module is not build_time)
        for module in chosen:
            if failed:
                results[module.NAME] = {"benchmark": module.NAME, "skipped": "the build failed"}
                continue
            result = (
                module.run(build_dir, 1)
                if module in SMALL and args.small
                else module.run(build_dir)
            )
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
