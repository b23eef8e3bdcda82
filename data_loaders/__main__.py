"""Command line of the build.

``python -m data_loaders build [--provinces 41,60,19 | --all] [--seed N] [--out DIR]
[--years 2563-2567] [--households FILE --persons FILE [--year 2567]]``

``python -m data_loaders check [--build-dir DIR] [--area CODE] [--rows N] [--json]``:
the data-quality flags of a build (:mod:`data_loaders.quality`), counts by
child area and the first flagged rows (keys and area codes, no personal data).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from tqdm import tqdm

import settings


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 2 bad input)."""
    parser = argparse.ArgumentParser(prog="python -m data_loaders")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the data store")
    group = b.add_mutually_exclusive_group()
    group.add_argument(
        "--provinces",
        default=",".join(settings.PILOT_PROVINCES),
        help="comma-separated 2-digit province codes (default the pilots 41,60,19)",
    )
    group.add_argument("--all", action="store_true", help="all 77 provinces")
    b.add_argument("--seed", type=int, default=settings.DEFAULT_SEED)
    b.add_argument("--out", type=Path, default=None, help="output folder (default data/build)")
    b.add_argument("--geo-dir", type=Path, default=None, help="raw boundary folder")
    b.add_argument("--households", type=Path, default=None, help="real household file")
    b.add_argument("--persons", type=Path, default=None, help="real person file")
    b.add_argument(
        "--potential-dir",
        type=Path,
        default=None,
        help="folder of area-potential files (default TPMAP_POTENTIAL_DIR; else synthetic)",
    )
    b.add_argument(
        "--years",
        default=None,
        help="synthetic survey rounds, B.E., e.g. 2563-2567 (default: all five for a province "
        "selection, the latest round only with --all)",
    )
    b.add_argument(
        "--year",
        type=int,
        default=None,
        help="survey round (B.E.) of the real --households/--persons files; adds it to the "
        "rounds already built in --out, or replaces the round of that year",
    )
    c = sub.add_parser("check", help="data-quality flags of a build")
    c.add_argument("--build-dir", type=Path, default=None, help="build folder (TPMAP_BUILD_DIR)")
    c.add_argument("--area", default=None, help="area code (default the whole build)")
    c.add_argument("--year", type=int, default=None, help="survey round, B.E. (default latest)")
    c.add_argument("--rows", type=int, default=100, help="flagged rows listed (default 100)")
    c.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args)

    from data_loaders.build import build  # heavy imports after argument parsing
    from data_loaders.schema import DataValidationError
    from geo.boundaries import GeoDataMissingError

    provinces = None if args.all else [p.strip() for p in args.provinces.split(",") if p.strip()]
    try:
        years = parse_years(args.years)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    n_provinces = 77 if provinces is None else len(set(provinces))
    # reading, villages, one step per province, potential, geometry, duckdb, quality flags
    with tqdm(total=6 + n_provinces, unit="step", file=sys.stderr) as bar:

        def progress(message: str) -> None:
            bar.set_description(message)
            bar.update(1)

        try:
            out = build(
                args.out,
                provinces,
                args.seed,
                args.geo_dir,
                args.households,
                args.persons,
                progress,
                args.potential_dir,
                years,
                args.year,
            )
        except (GeoDataMissingError, DataValidationError, ValueError) as exc:
            bar.close()
            print(f"error: {exc}", file=sys.stderr)
            return 2
        bar.update(bar.total - bar.n)
    print(f"built {out} in {time.perf_counter() - start:.1f} s")
    report = out / "rounds.csv"
    if args.households is not None and report.exists():
        import pandas as pd

        for row in pd.read_csv(report).itertuples():
            print(
                f"round {row.survey_year} against {row.previous_year}: {row.households:,} "
                f"households, {row.appeared:,} IDs appeared, {row.vanished:,} vanished, "
                f"{row.moved_village:,} changed village"
            )
    return 0


def parse_years(text: str | None) -> list[int] | None:
    """Return the years of ``--years`` ("2563-2567" or "2563,2565"), or None when not given.

    Raises
    ------
    ValueError
        For text that is not B.E. years (four digits) or a range of them.
    """
    if text is None:
        return None
    years: list[int] = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        if not (first.isdigit() and len(first) == 4 and (not last or last.isdigit())):
            raise ValueError(f"--years takes B.E. years such as 2563-2567, got {text!r}")
        years.extend(range(int(first), int(last or first) + 1))
    return years


def check(args: argparse.Namespace) -> int:
    """Print the data-quality report of a build; return 0, or 2 for a bad build or area.

    Text: the area's counts, then one line per child area with flags. JSON
    (``--json``): :func:`data_loaders.quality.check_report`.
    """
    from geo.areas import UnknownAreaError
    from queries import quality
    from queries.figures import BuildMissingError, connect

    try:
        con = connect(args.build_dir, args.year)
    except (BuildMissingError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        report = quality.check_report(con, args.area, rows=max(args.rows, 0))
    except (quality.QualityFlagsMissingError, UnknownAreaError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    totals = report["area"]
    print(
        f"area {totals['area_code'] or 'all'}: {totals['households']:,} households, "
        f"{totals['households_flagged']:,} with a data-quality flag"
    )
    for flag in report["flags"]:
        unit = "persons" if flag in report["person_flags"] else "households"
        print(f"  {flag}: {totals[flag]:,} {unit}")
    for row in report["by_area"]:
        if any(row[f] for f in report["flags"]):
            counts = ", ".join(f"{f} {row[f]:,}" for f in report["flags"] if row[f])
            print(f"{row['code']} {row['name_en']}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
