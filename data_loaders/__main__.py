"""Command line of the build.

``python -m data_loaders build [--provinces 41,60,19 | --all] [--seed N] [--out DIR]``

``python -m data_loaders export --area CODE ... --output FILE``: see
:mod:`data_loaders.export_cli`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

import settings
from data_loaders import export_cli


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
    export_cli.add_parser(sub)
    args = parser.parse_args(argv)
    if args.command == "export":
        return export_cli.run(args)

    from data_loaders.build import build  # heavy imports after argument parsing
    from data_loaders.schema import DataValidationError
    from geo.boundaries import GeoDataMissingError

    provinces = None if args.all else [p.strip() for p in args.provinces.split(",") if p.strip()]
    start = time.perf_counter()
    n_provinces = 77 if provinces is None else len(set(provinces))
    # reading, villages, one step per province, potential, geometry, duckdb
    with tqdm(total=5 + n_provinces, unit="step", file=sys.stderr) as bar:

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
            )
        except (GeoDataMissingError, DataValidationError, ValueError) as exc:
            bar.close()
            print(f"error: {exc}", file=sys.stderr)
            return 2
        bar.update(bar.total - bar.n)
    print(f"built {out} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
