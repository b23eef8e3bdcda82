"""Run every benchmark: ``python -m benchmarks [--json]``.

The pilot build is made once in a temporary folder (``build_time``, which
times it) and the query benchmark (``query_time``) runs on it. Prints every
figure beside its budget or floor; ``--json`` prints one JSON object keyed by
benchmark name. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from benchmarks import app_time, build_time, export_time, query_time, report_time

#: Run in this order; each takes the build folder (build_time writes it).
BENCHMARKS = (build_time, query_time, app_time, report_time, export_time)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; return 1 if one could not run, else 0."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
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
    if args.json:
        print(json.dumps(results))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
