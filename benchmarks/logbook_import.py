"""Logbook bulk import: throughput, idempotence, readers during an import, two importers.

On each backend (a fresh SQLite file; PostgreSQL when ``TPMAP_BENCH_PG_URL``
names a database this benchmark may empty):

1. the store is seeded with the synthetic history of the build (as ``make
   run`` does), so imports go into a store of realistic size;
2. a 10,000-row file (:func:`logbook.sample.sample_rows`, Udon Thani) is
   imported: seconds and rows/s (parse, validate, write);
3. the same file again: seconds, rows added (must be 0);
4. another 10,000-row file while a reader thread computes the progress of a
   district (:func:`logbook.stats.area_progress`) over and over: the reader's
   median and worst time during the import against the same when idle (does a
   large import freeze other users?);
5. two different 5,000-row files imported at once by two threads: both must
   land (rows added = rows in the files, no error).

Figures print; nothing asserts. Usage::

    python -m benchmarks.logbook_import [--json] [--build-dir DIR]
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

NAME = "logbook_import"
AREA = "41"
READER_AREA = "4101"
ROWS = 10_000


def _reader(con, engine, stop: threading.Event, times: list[float]) -> None:
    from logbook.stats import area_progress

    cursor = con.cursor()
    while not stop.is_set():
        start = time.perf_counter()
        area_progress(cursor, engine, READER_AREA)
        times.append(time.perf_counter() - start)


def _reader_times(con, engine, seconds: float | None, work=None) -> list[float]:
    times: list[float] = []
    stop = threading.Event()
    thread = threading.Thread(target=_reader, args=(con, engine, stop, times))
    thread.start()
    if work is None:
        time.sleep(seconds or 3.0)
    else:
        work()
    stop.set()
    thread.join()
    return times


def _backend(url: str, build_dir: Path) -> dict:
    from logbook import store
    from logbook.importer import import_file
    from logbook.sample import sample_rows
    from logbook.synthetic import generate_history
    from queries.figures import connect

    today = date.today()
    con = connect(build_dir)
    engine = store.engine_for(url)
    start = time.perf_counter()
    seeded = store.add_records(engine, generate_history(con, today, 2566))
    seed_s = time.perf_counter() - start

    def file(seed: int, rows: int = ROWS) -> bytes:
        return (
            sample_rows(con.cursor(), AREA, rows, seed, today)
            .to_csv(index=False)
            .encode("utf-8-sig")
        )

    def load(data: bytes, name: str):
        return import_file(data, name, user="bench", scope=None, engine=engine, con=con.cursor())

    first = load(file(11), "a.csv")
    again = load(file(11), "a.csv")
    idle = _reader_times(con, engine, 3.0)
    during: list = []
    busy = _reader_times(con, engine, None, lambda: during.append(load(file(12), "b.csv")))
    results: list = [None, None]
    errors: list[str] = []

    def importer(i: int) -> None:
        try:
            results[i] = load(file(20 + i, ROWS // 2), f"c{i}.csv")
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            errors.append(repr(exc))

    threads = [threading.Thread(target=importer, args=(i,)) for i in (0, 1)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pair_s = time.perf_counter() - start
    store.dispose(url)
    con.close()
    return {
        "seeded_records": seeded,
        "seed_s": round(seed_s, 1),
        "import_rows": first.rows_read,
        "import_added": first.rows_added,
        "import_s": round(first.seconds, 2),
        "import_rows_per_s": round(first.rows_read / first.seconds),
        "reimport_added": again.rows_added,
        "reimport_s": round(again.seconds, 2),
        "reader_idle_median_ms": round(1000 * statistics.median(idle), 1),
        "reader_idle_max_ms": round(1000 * max(idle), 1),
        "reader_during_import_median_ms": round(1000 * statistics.median(busy), 1),
        "reader_during_import_max_ms": round(1000 * max(busy), 1),
        "reader_runs_during_import": len(busy),
        "import_during_reads_s": round(during[0].seconds, 2),
        "two_importers_s": round(pair_s, 2),
        "two_importers_added": [r.rows_added if r else None for r in results],
        "two_importers_rows": [r.rows_read if r else None for r in results],
        "two_importers_errors": errors,
    }


def run(build_dir: Path, runs: int = 1) -> dict:
    """Run the benchmark on SQLite (and PostgreSQL if ``TPMAP_BENCH_PG_URL``); return figures."""
    import os

    from sqlalchemy import create_engine, text

    del runs
    from benchmarks.budgets import figure

    out = {"benchmark": NAME, "build_dir": str(build_dir), "backends": {}, "figures": {}}
    with tempfile.TemporaryDirectory(prefix="tpmap-logbook-bench-") as folder:
        out["backends"]["sqlite"] = _backend(f"sqlite:///{Path(folder) / 'lb.sqlite'}", build_dir)
    pg = os.environ.get("TPMAP_BENCH_PG_URL", "").strip()
    if pg:
        with create_engine(pg).begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        out["backends"]["postgresql"] = _backend(pg, build_dir)
    for backend, f in out["backends"].items():
        out["figures"][f"{backend}_import_rows_per_s"] = figure(f["import_rows_per_s"], "rows/s")
        out["figures"][f"{backend}_reimport_added"] = figure(f["reimport_added"], "rows")
        out["figures"][f"{backend}_reader_during_import_max_ms"] = figure(
            f["reader_during_import_max_ms"], "ms"
        )
    return out


def report(result: dict) -> str:
    """Return the figures as text."""
    lines = [f"{NAME} (10,000-row files of Udon Thani into a seeded store)"]
    for backend, f in result["backends"].items():
        lines += [
            f"  {backend}: seeded {f['seeded_records']:,} synthetic records in {f['seed_s']} s",
            f"    import {f['import_rows']:,} rows: {f['import_s']} s "
            f"({f['import_rows_per_s']:,} rows/s), added {f['import_added']:,}",
            f"    same file again: {f['reimport_s']} s, added {f['reimport_added']}",
            f"    progress of {READER_AREA} idle: median {f['reader_idle_median_ms']} ms, "
            f"max {f['reader_idle_max_ms']} ms; during an import: median "
            f"{f['reader_during_import_median_ms']} ms, max {f['reader_during_import_max_ms']} ms "
            f"({f['reader_runs_during_import']} reads in {f['import_during_reads_s']} s)",
            f"    two importers at once: {f['two_importers_s']} s, added "
            f"{f['two_importers_added']} of {f['two_importers_rows']}, errors "
            f"{f['two_importers_errors'] or 'none'}",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    from benchmarks.standalone import main

    sys.exit(main("python -m benchmarks.logbook_import", run, report, 1))
