"""Command line: ``python -m poverty summary|scenario --area CODE ...``.

``summary --area CODE [--k K] [--dimensions ...] [--json]``

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
    add_scenario_parser(sub)
    args = parser.parse_args(argv)
    if args.command == "scenario":
        return run_scenario(args)

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


def add_scenario_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``scenario``: one rule against today's TPMAP rule (issue 17).

    ``python -m poverty scenario --area CODE --k K --dimensions ... --income-line BAHT
    --card required|ignored [--cost BAHT] [--json]``.
    """
    s = sub.add_parser("scenario", help="who joins and leaves the targets under another rule")
    s.add_argument("--area", required=True, help="DOPA code: 2, 4, 6 or 8 digits")
    s.add_argument("--k", default=None, help="cut-off in (0, 1]; default the union rule")
    s.add_argument("--dimensions", nargs="+", default=None, help="dimensions that count")
    s.add_argument(
        "--income-line", type=float, default=None, help="baht/person/year (default 38,000)"
    )
    s.add_argument("--card", choices=["required", "ignored"], default="required")
    s.add_argument("--cost", type=float, default=0.0, help="yearly baht per target household")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.add_argument("--build-dir", type=Path, default=None)


def run_scenario(args: argparse.Namespace) -> int:
    """Print today's rule against the given one: keys baseline, scenario, joined, left, by_child."""
    from geo.areas import UnknownAreaError
    from poverty.scenario import Rule, parse_card
    from queries.figures import BuildMissingError, connect
    from queries.scenario import compare

    try:
        rule = Rule(
            k=None if args.k is None else float(args.k),
            dimensions=tuple(args.dimensions) if args.dimensions else Rule().dimensions,
            income_line=Rule().income_line if args.income_line is None else args.income_line,
            card_required=parse_card(args.card),
        )
        result = compare(
            connect(args.build_dir), args.area.strip(), [rule], cost_per_household=args.cost
        )
    except (UnknownAreaError, BuildMissingError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    scenario = result["scenarios"][0]
    out = {
        "area": result["area"],
        "baseline": result["baseline"],
        "scenario": {k: v for k, v in scenario.items() if k not in ("joined", "left", "by_child")},
        "joined": scenario["joined"],
        "left": scenario["left"],
        "by_child": scenario["by_child"],
    }
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return 0
    area = result["area"]
    print(f"{area['name_th']} / {area['name_en']} ({area['code']}, {area['level']})")
    for name, part in (("baseline", out["baseline"]), ("scenario", out["scenario"])):
        print(f"  {name:<10}{part['households']:>12,} households{part['persons']:>12,} persons")
    for name in ("joined", "left"):
        part = out[name]
        print(f"  {name:<10}{part['households']:>12,} households{part['persons']:>12,} persons")
    return 0


if __name__ == "__main__":
    sys.exit(main())
