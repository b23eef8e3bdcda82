"""``python -m logbook``: the Logbook store from the command line.

Usage::

    python -m logbook import FILE [--db URL] [--user NAME] [--area CODE] [--build-dir DIR]
    python -m logbook stats --area CODE [--year YYYY] [--json] [--db URL] [--build-dir DIR]
    python -m logbook outcomes --area CODE --year YYYY [--json] [--db URL] [--build-dir DIR]
    python -m logbook seed-synthetic [--db URL] [--end YYYY-MM-DD] [--if-empty]
    python -m logbook upgrade [--db URL]

``--db`` defaults to ``TPMAP_LOGBOOK_URL`` (a SQLite file by default). An
import is all-or-nothing: with any invalid row nothing is stored, the errors
are printed as ``row N, column C: message`` and the exit code is 2. ``--area``
limits an import to an area (rows elsewhere are errors). An import acts as a
user of ``config/users.yaml`` (:mod:`access.cli`): ``--user`` with that
user's password (asked, or the first line of standard input when piped), or
the user mapped to the operating-system account; otherwise it is refused.
That user is recorded as who imported, and a user with an area imports only
within it. Exit codes: 0 done, 2 bad input or refused, 3 store unavailable.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

import settings
from access.cli import USER_HELP


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m logbook")
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=None, help="SQLAlchemy URL (default TPMAP_LOGBOOK_URL)")
    common.add_argument("--build-dir", type=Path, default=None, help="the data build folder")
    i = sub.add_parser("import", parents=[common], help="import a CSV/XLSX file of records")
    i.add_argument("file", type=Path)
    i.add_argument("--user", default=None, help=USER_HELP)
    i.add_argument("--area", default=None, help="only records in this area (DOPA code)")
    s = sub.add_parser("stats", parents=[common], help="progress of an area")
    s.add_argument("--area", required=True, help="DOPA code: 2, 4, 6 or 8 digits")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.add_argument("--year", type=int, default=None, help="survey round of the targets, B.E.")
    o = sub.add_parser("outcomes", parents=[common], help="did the help work (observational)")
    o.add_argument("--area", required=True, help="DOPA code: 2, 4, 6 or 8 digits")
    o.add_argument(
        "--year", type=int, required=True, help="fiscal year of the help, B.E. (rounds t and t+1)"
    )
    o.add_argument("--json", action="store_true", help="print one JSON object")
    g = sub.add_parser("seed-synthetic", parents=[common], help="write the synthetic history")
    g.add_argument("--end", default=None, help="last day (YYYY-MM-DD), default today")
    g.add_argument("--if-empty", action="store_true", help="do nothing when the store has records")
    sub.add_parser("upgrade", parents=[common], help="run the migrations")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    from access.roles import AccessDeniedError
    from geo.areas import UnknownAreaError
    from logbook import store
    from logbook.importer import ImportFileError
    from queries.figures import BuildMissingError

    try:
        engine = store.engine_for(args.db)
        if args.command == "upgrade":
            print(f"{store.describe(args.db)}: schema at head")
            return 0
        if args.command == "import":
            return _import(args, engine)
        if args.command == "stats":
            return _stats(args, engine)
        if args.command == "outcomes":
            return _outcomes(args, engine)
        return _seed(args, engine)
    except store.StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except ImportFileError as exc:
        from display.labels import label

        for lang in ("th", "en"):
            said = label(f"lb_file_{exc.key}", lang, **exc.label_values)
            print(f"error: {said}", file=sys.stderr)
        return 2
    except (
        UnknownAreaError,
        BuildMissingError,
        AccessDeniedError,
        OSError,
        ValueError,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _import(args: argparse.Namespace, engine) -> int:
    from access.cli import identify
    from access.roles import LOGBOOK_WRITE, allowed_area, check_area, require_right
    from display.labels import record_error
    from logbook.importer import import_file
    from queries.figures import connect

    identity = identify(args.user)
    require_right(identity.user, LOGBOOK_WRITE)  # the same right as the app's Logbook forms
    if args.area:
        check_area(identity.user, args.area)
    args.area = allowed_area(identity.user, args.area)
    user = identity.user.username
    con = connect(args.build_dir)
    if args.area:
        from queries.figures import area

        area(con, args.area)

    def progress(done: int, total: int) -> None:
        print(f"\r  written {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

    report = import_file(
        args.file,
        args.file.name,
        user=user,
        scope=args.area,
        engine=engine,
        con=con,
        build_dir=args.build_dir,
        progress=progress,
    )
    if not report.ok:
        print(
            f"{args.file}: {len(report.errors):,} invalid value(s); nothing imported",
            file=sys.stderr,
        )
        for e in report.errors:
            where = {"value": e.value, "row": e.row, "column": e.column, **e.values}
            print(f"  {record_error(e.key, 'th', **where)}", file=sys.stderr)
            print(f"    {record_error(e.key, 'en', **where)}", file=sys.stderr)
        if report.more_errors:
            print("  … more errors not listed", file=sys.stderr)
        return 2
    print(file=sys.stderr)
    rate = report.rows_read / report.seconds if report.seconds else 0.0
    print(
        f"{args.file}: {report.rows_read:,} rows read, {report.rows_added:,} added, "
        f"{report.rows_skipped:,} already recorded; {report.seconds:.1f} s ({rate:,.0f} rows/s)"
    )
    return 0


def _stats(args: argparse.Namespace, engine) -> int:
    from logbook.stats import area_progress
    from queries.figures import connect

    result = area_progress(connect(args.build_dir, args.year), engine, args.area.strip())
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"area {result['area_code']}")
    for key in ("target_households", "surveyed_households", "helped_households"):
        print(f"  {key:<22}{result[key]:>10,}")
    for key in ("surveyed_share", "helped_share"):
        value = result[key]
        print(f"  {key:<22}{'-' if value is None else f'{100 * value:.2f}%':>10}")
    for stage, count in result["by_stage"].items():
        print(f"  stage {stage:<16}{count:>10,}")
    for status, count in result["by_status"].items():
        print(f"  status {status:<17}{count:>8,}")
    for key in ("overdue_cases", "open_referrals", "overdue_referrals"):
        print(f"  {key:<22}{result[key]:>10,}")
    for key in ("median_days_to_first_visit", "median_days_to_first_help"):
        value = result[key]
        print(f"  {key:<28}{'-' if value is None else f'{value:,.0f}':>4}")
    return 0


def _outcomes(args: argparse.Namespace, engine) -> int:
    """Print :func:`logbook.outcomes.area_outcomes` (JSON: area_code, year, caveat, rows)."""
    from logbook.outcomes import area_outcomes
    from logbook.stats import logbook_frames

    code = args.area.strip()
    help_rows = logbook_frames(engine, code)["help"]
    table = area_outcomes(args.build_dir, help_rows, code, args.year)
    caveat = (
        "Observational comparison: helped households were not chosen at random, so a "
        "difference is not proof that the help caused it."
    )
    if args.json:
        rows = table.to_dict(orient="records")
        print(
            json.dumps(
                {"area_code": code, "year": args.year, "caveat": caveat, "rows": rows},
                ensure_ascii=False,
            )
        )
        return 0
    print(f"area {code}, help in fiscal year {args.year}, outcome at round {args.year + 1}")
    print(f"  {caveat}")
    for row in table.itertuples():
        print(
            f"  {row.group:<7}{row.code:<18}{row.helped:>8,} helped  "
            f"{100 * row.resolved_share:6.1f}% vs {100 * row.comparison_share:6.1f}%  "
            f"diff {100 * row.difference:+6.1f} [{100 * row.ci_low:+.1f}, {100 * row.ci_high:+.1f}]"
        )
    return 0


def _seed(args: argparse.Namespace, engine) -> int:
    from logbook import store
    from logbook.synthetic import generate_case_history, generate_history, stored_history
    from logbook.synthetic_rounds import round_help_history
    from queries.figures import connect, is_synthetic

    counts = store.count_rows(engine)
    if args.if_empty and any(counts.values()):
        history = stored_history(engine) if not counts["status"] else []
        if not history:
            print(f"{store.describe(args.db)}: has records; synthetic history not added")
            return 0
        # A store seeded before case management (issue 14): add the cases of its history.
        end = max(r.get("visit_date") or r.get("help_date") or r["found_date"] for r in history)
        cases = generate_case_history(connect(args.build_dir), history, end, settings.DEFAULT_SEED)
        added = store.add_records(engine, cases)
        print(f"{store.describe(args.db)}: {added:,} synthetic case records added")
        return 0
    con = connect(args.build_dir)
    if not is_synthetic(con):
        print("error: the build holds real data; no synthetic history is added", file=sys.stderr)
        return 2
    end = date.fromisoformat(args.end) if args.end else date.today()
    started = time.perf_counter()
    records = generate_history(con, end, settings.DEFAULT_SEED)
    records += generate_case_history(con, records, end, settings.DEFAULT_SEED)
    # Help between survey rounds, with the planted effect (logbook.synthetic_rounds).
    records += round_help_history(args.build_dir, settings.DEFAULT_SEED)
    added = store.add_records(engine, records)
    print(
        f"{store.describe(args.db)}: {added:,} synthetic records added "
        f"({len(records) - added:,} present already) in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
