"""Shared command line of a single benchmark module run on its own.

``python -m benchmarks.<name> [--json] [--build-dir DIR] [--runs N]`` times
an existing build (default ``TPMAP_BUILD_DIR``) or, when there is none, a
fresh pilot build made in a temporary folder first.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import settings


def main(
    prog: str,
    run: Callable[[Path, int], dict],
    report: Callable[[dict], str],
    runs: int,
    argv: list[str] | None = None,
) -> int:
    """Parse the arguments, run the benchmark, print its figures; return the exit code.

    Returns 1 when the pilot build it needed failed, else 0.
    """
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--build-dir", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=runs)
    args = parser.parse_args(argv)
    build_dir = args.build_dir or settings.build_dir()
    if (build_dir / "tpmap.duckdb").exists():
        result = run(build_dir, args.runs)
    else:
        from benchmarks import build_time

        print(f"no build at {build_dir}; building the pilot provinces first", file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix="tpmap-bench-") as folder:
            built = build_time.run(Path(folder) / "build")
            if built["exit_code"] != 0:
                print(f"error: the build failed: {built.get('error')}", file=sys.stderr)
                return 1
            result = run(Path(folder) / "build", args.runs)
    print(json.dumps(result) if args.json else report(result))
    return 0
