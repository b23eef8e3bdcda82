"""Command line: ``python -m poverty summary --area CODE [--k K] [--dimensions ...] [--json]``.

Prints the Alkire-Foster measures of one province, district, subdistrict or
village of the built store. Exit code 2 with a one-line message for an
unknown code, a bad k or a missing build.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m poverty")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("summary", help="measures of one area")
    s.add_argument("--area", required=True, help="DOPA code: 2, 4, 6 or 8 digits")
    s.add_argument("--k", default=None, help="cut-off in (0, 1]; default TPMAP's union rule")
    s.add_argument("--dimensions", nargs="+", default=None, help="dimensions that count")
    s.add_argument("--welfare-card", choices=["all", "with", "without"], default="all")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.add_argument("--build-dir", type=Path, default=None)
    args = parser.parse_args(argv)

    from geo.areas import UnknownAreaError
    from queries.figures import BuildMissingError, area_summary, connect

    try:
        con = connect(args.build_dir)
        result = area_summary(con, args.area.strip(), args.k, args.dimensions, args.welfare_card)
    except (UnknownAreaError, BuildMissingError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"{result['name_th']} / {result['name_en']} ({result['area_code']}, {result['level']})")
    for key in ["households", "persons", "poor_households", "poor_persons", "target_poor_persons"]:
        print(f"  {key:<26}{result[key]:>14,}")
    for key in ["headcount_ratio", "intensity", "adjusted_headcount_ratio"]:
        print(f"  {key:<26}{result[key]:>14.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
