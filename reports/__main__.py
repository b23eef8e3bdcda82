"""Command line: ``python -m reports --area CODE --format pdf|xlsx --output FILE [--user NAME]``.

Writes the area report of a province or district with the same figures as
the app (filters as in ``python -m poverty summary``: ``--k``,
``--dimensions``, ``--welfare-card``). It runs as a user of
``config/users.yaml`` (:mod:`access.cli`: ``--user`` with that user's
password, asked or piped on standard input, or the user mapped to the
operating-system account; otherwise refused) with the app's rights: the
export right is needed, the area must be in the user's scope, personal data
are masked unless the role holds that right, and the report is written to
the export audit log (:func:`access.downloads.release`). The progress section reads the Logbook at
``--logbook-url`` (default ``TPMAP_LOGBOOK_URL``, else data/logbook.sqlite);
an unreachable Logbook is said in that section, not an error. Exit code 2
with a one-line message for an unknown area, a subdistrict or village, a bad
format, filter or language, a missing build or Thai font; nothing is written
then.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from access.cli import USER_HELP


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m reports", description=__doc__.splitlines()[0])
    parser.add_argument("--area", required=True, help="province (2 digits) or district (4 digits)")
    parser.add_argument("--format", required=True, choices=["pdf", "xlsx"], dest="fmt")
    parser.add_argument("--output", required=True, type=Path, help="file to write")
    parser.add_argument("--lang", choices=["th", "en"], default="th", help="default Thai")
    parser.add_argument("--k", default=None, help="cut-off in (0, 1]; default TPMAP's union rule")
    parser.add_argument("--dimensions", nargs="+", default=None, help="dimensions that count")
    parser.add_argument("--welfare-card", choices=["all", "with", "without"], default="all")
    parser.add_argument("--user", default=None, help=USER_HELP)
    parser.add_argument("--build-dir", type=Path, default=None, help="default TPMAP_BUILD_DIR")
    parser.add_argument(
        "--year", type=int, default=None, help="survey round, B.E. (default latest)"
    )
    parser.add_argument(
        "--logbook-url", default=None, help="Logbook SQLAlchemy URL; default TPMAP_LOGBOOK_URL"
    )
    return parser.parse_args(argv)


def _cutoff(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"cut-off k must be a number in (0, 1], got {text!r}") from None


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = parse_args(argv)

    import settings
    from access.cli import identify
    from access.downloads import release
    from access.personal import sees_personal_data
    from access.roles import EXPORT, AccessDeniedError, check_area, require_right
    from access.users import UserConfigError
    from geo.areas import UnknownAreaError
    from queries.figures import BuildMissingError, connect, round_folder
    from reports import generate
    from reports.fonts import ThaiFontMissingError

    build_dir = args.build_dir or settings.build_dir()
    start = time.perf_counter()
    try:
        k = None if args.k is None else _cutoff(args.k)
        build_dir = round_folder(build_dir, args.year)  # the round's own build folder (issue 12)
        identity = identify(args.user)
        user = identity.user
        require_right(user, EXPORT)
        check_area(user, args.area.strip())
        con = connect(build_dir)
        data = generate(
            con,
            args.area.strip(),
            args.fmt,
            build_dir,
            lang=args.lang,
            k=k,
            dimensions=args.dimensions,
            welfare_card=args.welfare_card,
            viewer=user,
            logbook_url=args.logbook_url,
            progress=lambda fraction, message: print(
                f"[{fraction:4.0%}] {message}", file=sys.stderr
            ),
        )
    except (
        UnknownAreaError,
        BuildMissingError,
        ThaiFontMissingError,
        AccessDeniedError,
        UserConfigError,
        ValueError,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    release(
        user,
        what="report",
        area_code=args.area.strip(),
        filters={"k": k, "dimensions": args.dimensions, "welfare_card": args.welfare_card},
        level="area",
        fmt=args.fmt,
        rows=1,
        personal_data=sees_personal_data(user),
        source="cli",
        os_account=identity.os_account,
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    seconds = time.perf_counter() - start
    print(f"wrote {args.output} ({len(data):,} bytes) in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
