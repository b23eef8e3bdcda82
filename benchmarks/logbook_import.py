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
   land (every row added or found already stored, no error: a sample row
   may repeat a stored one, which counts as landed);
6. a 1,000,000-row file imported by ``python -m logbook import`` in its own
   process (as an operator runs it; :data:`BIG_ROWS`), while this process
   saves one form record every :data:`FORM_EVERY_S` through the forms' write
   path (:func:`logbook.store.add_records`): the import's wall time and peak
   resident memory (``os.wait4``), and the slowest form save (budgets:
   :data:`FORM_SAVE_S`, :data:`IMPORT_PEAK_RSS_MB`; issue 13). With both
   backends, PostgreSQL's import time over SQLite's (budget 1).

Figures print; nothing asserts. Usage::

    python -m benchmarks.logbook_import [--json] [--build-dir DIR]

``TPMAP_BENCH_IMPORT_ROWS`` sets the big file's rows (default 1,000,000).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

NAME = "logbook_import"
AREA = "41"
READER_AREA = "4101"
ROWS = 10_000
#: Rows of the big file (issue 13: 1,000,000), its sample area (the user's district).
BIG_ROWS = 1_000_000
BIG_AREA = "4101"
#: Seconds between two form saves during the big import.
FORM_EVERY_S = 0.5
#: A form save during a bulk import, seconds at most (issue 13).
FORM_SAVE_S = 2.0
#: Peak resident memory of the importing process, MiB at most (issue 13).
IMPORT_PEAK_RSS_MB = 500.0
#: PostgreSQL import time / SQLite import time, at most (issue 13: "no slower").
PG_OVER_SQLITE = 1.0
ROOT = Path(__file__).resolve().parents[1]


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
    big = _big_import(url, engine, build_dir, con, today)
    store.dispose(url)
    con.close()
    return {
        **big,
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
        "two_importers_landed": [
            r.rows_added + r.rows_skipped if r and r.ok else 0 for r in results
        ],
        "two_importers_rows": [r.rows_read if r else None for r in results],
        "two_importers_errors": errors,
    }


def _users_file(folder: Path) -> Path:
    """Write a users file mapping this OS account to an operations team of :data:`BIG_AREA`."""
    import yaml

    from access.cli import os_account

    raw = yaml.safe_load((ROOT / "config" / "users.yaml").read_text("utf-8"))
    raw["users"]["ops_team"].update(os_account=os_account(), area=BIG_AREA)
    path = folder / "users.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def _big_file(con, today: date, path: Path, rows: int) -> None:
    """Write ``rows`` sample rows of :data:`BIG_AREA` to ``path``, 100,000 at a time."""
    from logbook.sample import sample_rows

    for part, start in enumerate(range(0, rows, 100_000)):
        frame = sample_rows(con.cursor(), BIG_AREA, min(100_000, rows - start), 100 + part, today)
        frame.to_csv(path, index=False, mode="a" if part else "w", header=not part)


def _form_saver(engine, stop: threading.Event, times: list[float], failures: list[str]) -> None:
    """Save one stage record every FORM_EVERY_S, as a form does; time each save."""
    from logbook import store

    n = 0
    while not stop.wait(FORM_EVERY_S):
        n += 1
        record = {
            "kind": "stage",
            "record_key": f"bench-form-{time.time_ns()}-{n}",
            "household_id": f"{BIG_AREA}01010001",
            "village_code": f"{BIG_AREA}0101",
            "recorded_by": "bench",
            "recorded_at": store.now(),
            "source": "form",
            "stage": "survival",
            "stage_date": date.today(),
        }
        start = time.perf_counter()
        try:
            store.add_records(engine, [record])
        except Exception as exc:  # noqa: BLE001 - counted, not raised
            failures.append(repr(exc)[:200])
        times.append(time.perf_counter() - start)


def _big_import(url: str, engine, build_dir: Path, con, today: date) -> dict:
    """Import a big file with ``python -m logbook import`` while forms save; return figures."""
    rows = int(os.environ.get("TPMAP_BENCH_IMPORT_ROWS", BIG_ROWS))
    with tempfile.TemporaryDirectory(prefix="tpmap-big-import-") as folder:
        path = Path(folder) / "big.csv"
        _big_file(con, today, path, rows)
        env = {**os.environ, "TPMAP_USERS_FILE": str(_users_file(Path(folder)))}
        command = [sys.executable, "-m", "logbook", "import", str(path), "--db", url]
        command += ["--build-dir", str(build_dir)]
        times: list[float] = []
        failures: list[str] = []
        stop = threading.Event()
        saver = threading.Thread(target=_form_saver, args=(engine, stop, times, failures))
        log = Path(folder) / "import.log"
        start = time.perf_counter()
        with open(log, "w", encoding="utf-8") as output:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
            saver.start()
            _, status, usage = os.wait4(process.pid, 0)  # this child's own peak memory
            process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        stop.set()
        saver.join()
        lines = log.read_text("utf-8", errors="replace").replace("\r", "\n").splitlines()
    return {
        "big_rows": rows,
        "big_import_s": round(wall, 1),
        "big_import_exit": process.returncode,
        "big_import_output": [line for line in lines if line.strip()][-1:],
        "big_import_peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "form_saves": len(times),
        "form_save_max_s": round(max(times), 3) if times else None,
        "form_save_median_s": round(statistics.median(times), 3) if times else None,
        "form_save_failures": failures,
    }


def _landed(report) -> int:
    """Return the rows of an import now stored: added, or found stored already (0 if it failed)."""
    return report.rows_added + report.rows_skipped if report is not None and report.ok else 0


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
        figures = out["figures"]
        figures[f"{backend}_import_rows_per_s"] = figure(f["import_rows_per_s"], "rows/s")
        figures[f"{backend}_reimport_added"] = figure(f["reimport_added"], "rows")
        figures[f"{backend}_reader_during_import_max_ms"] = figure(
            f["reader_during_import_max_ms"], "ms"
        )
        lost = sum(f["two_importers_rows"]) - sum(f["two_importers_landed"])
        figures[f"{backend}_two_importers_rows_lost"] = figure(lost, "rows", 0)
        figures[f"{backend}_big_import_s"] = figure(f["big_import_s"], "s")
        figures[f"{backend}_big_import_peak_rss"] = figure(
            f["big_import_peak_rss_mb"], "MiB", IMPORT_PEAK_RSS_MB
        )
        figures[f"{backend}_form_save_during_import_max"] = figure(
            f["form_save_max_s"], "s", FORM_SAVE_S
        )
    if {"sqlite", "postgresql"} <= set(out["backends"]):
        ratio = out["backends"]["postgresql"]["big_import_s"] / max(
            out["backends"]["sqlite"]["big_import_s"], 1e-9
        )
        out["figures"]["big_import_postgresql_over_sqlite"] = figure(
            round(ratio, 2), "x", PG_OVER_SQLITE
        )
    return out


def report(result: dict) -> str:
    """Return the figures as text."""
    from benchmarks import budgets

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
            f"    two importers at once: {f['two_importers_s']} s, landed "
            f"{f['two_importers_landed']} of {f['two_importers_rows']} (added "
            f"{f['two_importers_added']}, the rest stored already), errors "
            f"{f['two_importers_errors'] or 'none'}",
            f"    {f['big_rows']:,}-row file by python -m logbook import: {f['big_import_s']} s, "
            f"peak {f['big_import_peak_rss_mb']} MiB, exit {f['big_import_exit']}: "
            f"{' '.join(f['big_import_output'])}",
            f"    {f['form_saves']} form saves meanwhile: median {f['form_save_median_s']} s, "
            f"max {f['form_save_max_s']} s, failed {len(f['form_save_failures'])}",
        ]
    lines += budgets.lines(result.get("figures", {}))
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    from benchmarks.standalone import main

    sys.exit(main("python -m benchmarks.logbook_import", run, report, 1))
