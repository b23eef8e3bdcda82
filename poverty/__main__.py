"""Command line of the measures: ``python -m poverty summary|change|scenario --area CODE ...``.

``python -m poverty summary --area CODE [--year YYYY] [--k K] [--dimensions ...] [--json]``
prints the Alkire-Foster measures of one province, district, subdistrict or
village of the built store, in one survey round (default the latest; the
JSON adds ``year``).

``python -m poverty change --area CODE --from YYYY --to YYYY [--k K] [--json]``
prints the households of the area that stayed poor, left poverty, became
poor or stayed non-poor between two rounds, for MPI-poor and for target-poor
households, and by indicator (:func:`queries.rounds.change`).

``python -m poverty scenario ...``: one rule against today's TPMAP rule
(:func:`add_scenario_parser`, issue 17).

Exit code 2 with a one-line message for an unknown code or year (the message
lists the years present), a bad k or a missing build.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m poverty")
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--area", required=True, help="DOPA code: 2, 4, 6 or 8 digits")
    common.add_argument("--k", default=None, help="cut-off in (0, 1]; default TPMAP's union rule")
    common.add_argument("--dimensions", nargs="+", default=None, help="dimensions that count")
    common.add_argument("--json", action="store_true", help="print one JSON object")
    common.add_argument("--build-dir", type=Path, default=None)
    s = sub.add_parser("summary", parents=[common], help="measures of one area")
    s.add_argument("--year", type=int, default=None, help="survey round, B.E. (default latest)")
    s.add_argument("--welfare-card", choices=["all", "with", "without"], default="all")
    c = sub.add_parser("change", parents=[common], help="households between two rounds")
    c.add_argument("--from", dest="from_year", type=int, required=True, help="earlier round, B.E.")
    c.add_argument("--to", dest="to_year", type=int, required=True, help="later round, B.E.")
    add_scenario_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (0 done, 2 bad input or no build)."""
    args = _parser().parse_args(argv)
    if args.command == "scenario":
        return run_scenario(args)

    from geo.areas import UnknownAreaError
    from queries.figures import BuildMissingError, area_summary, connect, survey_years
    from queries.rounds import change

    k = args.k
    try:
        if args.command == "change":
            result = change(
                args.build_dir, args.area.strip(), args.from_year, args.to_year, k, args.dimensions
            )
        else:
            con = connect(args.build_dir, args.year)
            try:
                result = area_summary(con, args.area.strip(), k, args.dimensions, args.welfare_card)
            finally:
                con.close()
            years = survey_years(args.build_dir)
            result["year"] = args.year or (max(years) if years else None)
    except (UnknownAreaError, BuildMissingError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    if args.command == "change":
        print(f"{result['area_code']}: {result['from_year']} -> {result['to_year']}")
        print(f"  {'households_both':<26}{result['households_both']:>14,}")
        for key in ("stayed_poor", "exited", "entered", "stayed_non_poor"):
            print(f"  {key:<26}{result[key]:>14,}  target poor {result['target'][key]:>10,}")
        return 0
    print(
        f"{result['name_th']} / {result['name_en']} ({result['area_code']}, {result['level']}), "
        f"round {result['year']}"
    )
    for key in ["households", "persons", "poor_households", "poor_persons", "target_poor_persons"]:
        print(f"  {key:<26}{result[key]:>14,}")
    for key in ["headcount_ratio", "intensity", "adjusted_headcount_ratio"]:
        print(f"  {key:<26}{result[key]:>14.4f}")
    return 0


def add_scenario_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``scenario``: one rule against today's TPMAP rule (issue 17).

    ``python -m poverty scenario --area CODE [--year YYYY] --k K --dimensions ...
    --income-line BAHT --card required|ignored [--cost BAHT] [--json]``.
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
    s.add_argument("--year", type=int, default=None, help="survey round, B.E. (default latest)")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.add_argument("--build-dir", type=Path, default=None)


def run_scenario(args: argparse.Namespace) -> int:
    """Print today's rule against the given one: keys baseline, scenario, joined, left, by_child."""
    from geo.areas import UnknownAreaError
    from poverty.scenario import Rule, parse_card
    from queries.figures import BuildMissingError, connect, survey_years
    from queries.scenario import compare

    try:
        rule = Rule(
            k=None if args.k is None else float(args.k),
            dimensions=tuple(args.dimensions) if args.dimensions else Rule().dimensions,
            income_line=Rule().income_line if args.income_line is None else args.income_line,
            card_required=parse_card(args.card),
        )
        result = compare(
            connect(args.build_dir, args.year),
            args.area.strip(),
            [rule],
            cost_per_household=args.cost,
        )
    except (UnknownAreaError, BuildMissingError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    scenario = result["scenarios"][0]
    out = {
        "area": result["area"],
        "year": args.year or max(survey_years(args.build_dir), default=None),
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
