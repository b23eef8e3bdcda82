"""``python -m exports``: the household export of the app, from the command line.

Usage::

    python -m exports --area CODE [--poor-only] [--tpmap-poor]
        [--dimension NAME ...] [--indicator CODE ...] [--match all|any]
        [--min-dimensions N] [--max-dimensions N] [--welfare-card yes|no]
        [--vulnerability LEVEL ...] --level household|person --format csv|xlsx
        [--user USERNAME] [--lang th|en] [--build-dir DIR] [--year YYYY] --output FILE

The export acts as a user of ``config/users.yaml`` with that user's rights
and area (:mod:`access.roles`): ``--user`` with the user's password (asked,
or the first line of standard input when piped), or without ``--user`` the
user mapped to the operating-system account (``os_account:``); otherwise it
is refused (:mod:`access.cli`). An area outside the scope is refused, and
every export is written to the audit log (``TPMAP_AUDIT_DB``) under that
user. Exit codes: 0 written, 2 bad input or refused.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from access.cli import USER_HELP

DIMENSION_NAMES = ("health", "living", "education", "income", "access")


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``python -m exports``."""
    e = argparse.ArgumentParser(
        prog="python -m exports",
        description="Export the households matching a search (the app's advanced search).",
    )
    e.add_argument("--area", required=True, help="DOPA code: province, district, subdistrict …")
    e.add_argument("--poor-only", action="store_true", help="only households failing the MPI")
    e.add_argument(
        "--tpmap-poor",
        action="store_true",
        help="only TPMAP poor of the year (failing the MPI and holding a welfare card)",
    )
    e.add_argument(
        "--dimension",
        action="extend",
        nargs="+",
        default=[],
        metavar="NAME",
        help=f"failed dimension(s): {', '.join(DIMENSION_NAMES)}",
    )
    e.add_argument(
        "--indicator",
        action="extend",
        nargs="+",
        default=[],
        metavar="CODE",
        help="failed indicator code(s), e.g. income_per_capita",
    )
    e.add_argument(
        "--match",
        choices=("all", "any"),
        default="all",
        help="fail all the dimensions/indicators given (default), or any of them",
    )
    e.add_argument("--min-dimensions", type=int, default=0, metavar="N", help="0-5 (default 0)")
    e.add_argument("--max-dimensions", type=int, default=5, metavar="N", help="0-5 (default 5)")
    e.add_argument(
        "--welfare-card", choices=("yes", "no"), default=None, help="with or without a card holder"
    )
    e.add_argument(
        "--vulnerability",
        action="extend",
        nargs="+",
        type=int,
        default=[],
        metavar="LEVEL",
        help="vulnerability level(s) 0-3",
    )
    e.add_argument("--level", choices=("household", "person"), required=True)
    e.add_argument("--format", choices=("csv", "xlsx"), required=True, dest="fmt")
    e.add_argument("--user", default=None, help=USER_HELP)
    e.add_argument("--lang", choices=("th", "en"), default="th", help="headers and area names")
    e.add_argument("--build-dir", type=Path, default=None, help="build folder (default data/build)")
    e.add_argument("--year", type=int, default=None, help="survey round, B.E. (default latest)")
    e.add_argument("--output", type=Path, required=True, help="file to write")
    return e


def run(args: argparse.Namespace) -> int:
    """Run an export from parsed arguments; return the exit code (0 ok, 2 refused or bad input)."""
    from tqdm import tqdm

    from access.cli import identify
    from access.roles import AccessDeniedError
    from access.users import UserConfigError
    from exports.households import ExportError, export_for_user
    from queries.figures import BuildMissingError, connect
    from queries.search import SearchSpec, SearchSpecError

    start = time.perf_counter()
    try:
        identity = identify(args.user)
        user = identity.user
        spec = SearchSpec(
            area_code=args.area,
            dimensions=tuple(args.dimension),
            indicators=tuple(args.indicator),
            match=args.match,
            welfare_card={"yes": "with", "no": "without", None: "all"}[args.welfare_card],
            min_dimensions=args.min_dimensions,
            max_dimensions=args.max_dimensions,
            vulnerability=tuple(args.vulnerability),
            failing_mpi=args.poor_only,
            tpmap_poor=args.tpmap_poor,
        )
        con = connect(args.build_dir, args.year)
    except (
        SearchSpecError,
        UserConfigError,
        AccessDeniedError,
        BuildMissingError,
        ValueError,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    bars: list[tqdm] = []  # made at the first batch, so a refused export prints no bar

    def progress(done: int, total: int) -> None:
        if not bars:
            bars.append(tqdm(total=total, unit="row", unit_scale=True, file=sys.stderr))
        bars[0].update(done - bars[0].n)

    try:
        result = export_for_user(
            con,
            user,
            spec,
            args.level,
            args.fmt,
            args.output,
            source="cli",
            os_account=identity.os_account,
            lang=args.lang,
            progress=progress,
        )
    except (SearchSpecError, ExportError, AccessDeniedError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
        for bar in bars:
            bar.close()
    masked = "" if result.personal_data else ", names and national IDs masked"
    print(
        f"wrote {result.rows:,} {args.level} rows to {result.path} "
        f"({args.fmt}{masked}) in {time.perf_counter() - start:.1f} s as {user.username} "
        f"({user.role})"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run ``python -m exports``; return the exit code (0 written, 2 refused or bad input)."""
    return run(parser().parse_args(argv))
