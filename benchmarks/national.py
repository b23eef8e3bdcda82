"""National-scale figures (issue 7): ``python -m benchmarks --all [--json]``.

On the national build (``python -m data_loaders build --all``: 77 provinces,
about 12.8 M synthetic households and 36.1 M persons):

- **build**: wall time and peak resident memory of the build process
  (:mod:`benchmarks.build_time`; budgets 20 min and 12 GB), the size of
  ``tpmap.duckdb`` and the households, persons and target poor it holds;
- **drill-down rerun**: server time with Streamlit's AppTest in fresh
  processes (cold caches; the median of 3), as :mod:`benchmarks.app_time`
  measures it at pilot scale: the national overview (first render), then
  choosing a province in the picker, then one of its districts; each rerun
  within 1.5 s;
- **app memory**: resident memory of a real ``streamlit run`` server (sign-in
  off, a port in 8570-8579) and its child processes, after headless Chromium
  opened the national overview, a province, a district, a subdistrict
  (household points), the urgent page of the country and of the province,
  the province's potential page and the national progress page (budget 4 GB);
- **pages** (issue 13): server time of each page (Overview, Urgent, Area
  potential, Progress, Households, Reports) of the whole country and of the
  province with the most households, with AppTest in one fresh process per
  area (first view, caches cold; then the same page again), the Logbook
  seeded with the synthetic history (``python -m logbook seed-synthetic``;
  ``--logbook URL`` reuses a seeded store); each within :data:`PAGE_S`;
- **potential map bytes** (issue 13): the map elements of the Area potential
  page of the province with the most poor households (the most points),
  as :mod:`benchmarks.map_bytes` measures them (budget 1.5 MB).

Usage::

    python -m benchmarks.national [--json] [--build-dir DIR] [--no-build] [--logbook URL]

``--build-dir`` keeps the build there (default: a temporary folder, removed
afterwards); ``--no-build`` measures the app on an existing build. Figures
print; nothing asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

from benchmarks import app_time, budgets, build_time, fresh_process, map_bytes

NAME = "national"
ROOT = Path(__file__).resolve().parents[1]
#: Budgets at national scale (issue 7).
BUILD_S = 20 * 60.0
BUILD_PEAK_RSS_MB = 12 * 1024.0
DRILLDOWN_RERUN_S = budgets.DRILLDOWN_RERUN_S
APP_RSS_MB = 4 * 1024.0
#: Ports the app server may use.
PORTS = range(8570, 8580)
#: Drill-down path: a province and one of its districts.
PROVINCE, DISTRICT = "41", "4101"
#: Views the browser opens before the app's memory is read.
VIEWS = ("/", f"/?area={PROVINCE}", f"/?area={DISTRICT}", f"/?area={DISTRICT}01", "/urgent")
VIEWS += (f"/urgent?area={PROVINCE}", f"/potential?area={PROVINCE}", "/progress")
#: Seconds one AppTest run may take; fresh processes timed for the drill-down.
TIMEOUT_S = 900
RUNS = 3

_APPTEST = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from apptest_support import app_test
at = app_test(None, timeout=float(sys.argv[4]))
t0 = time.perf_counter(); at.run(); first = time.perf_counter() - t0
t0 = time.perf_counter(); at.selectbox(key="pick_province").select(sys.argv[2]).run()
province = time.perf_counter() - t0
t0 = time.perf_counter(); at.selectbox(key="pick_district").select(sys.argv[3]).run()
district = time.perf_counter() - t0
print(json.dumps({"first_render_s": first, "province_rerun_s": province,
                  "district_rerun_s": district,
                  "exceptions": [str(e.value)[:500] for e in at.exception]}))
"""
#: Keys of the AppTest script's timings.
DRILL_KEYS = ("first_render_s", "province_rerun_s", "district_rerun_s")
#: Pages timed at country and province level, and their budget (issue 13).
PAGES = ("overview", "urgent", "potential", "progress", "households", "reports")
PAGE_S = 3.0

_PAGES = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from apptest_support import app_test
area = sys.argv[2] or None
at = app_test(area, timeout=float(sys.argv[4]))
at.run()
out = {}
for page in sys.argv[3].split(","):
    times = []
    for _ in range(2):
        t0 = time.perf_counter(); at.switch_page(f"app_pages/{page}.py").run()
        times.append(time.perf_counter() - t0)
    out[page] = {"first_s": times[0], "again_s": times[1],
                 "exceptions": [str(e.value)[:300] for e in at.exception]}
print(json.dumps(out))
"""


def store_figures(build_dir: Path) -> dict:
    """Return the size of the build: DuckDB file, households, persons, target poor.

    Returns
    -------
    dict
        ``duckdb_mb`` (MiB), ``households``, ``persons``, ``mpi_poor_persons``
        and ``target_poor_persons`` (union rule, all five dimensions, from
        ``village_profiles``), ``provinces``.
    """
    path = Path(build_dir) / "tpmap.duckdb"
    con = duckdb.connect(str(path), read_only=True)
    try:
        households, persons, poor, target, provinces = con.execute(
            """SELECT sum(households)::BIGINT, sum(persons)::BIGINT,
                      (sum(persons) FILTER (mask <> 0))::BIGINT,
                      (sum(card_holders) FILTER (mask <> 0))::BIGINT,
                      count(DISTINCT province_code)::INTEGER
               FROM village_profiles"""
        ).fetchone()
    finally:
        con.close()
    return {
        "duckdb_mb": round(path.stat().st_size / 2**20, 1),
        "households": households,
        "persons": persons,
        "mpi_poor_persons": poor,
        "target_poor_persons": target,
        "provinces": provinces,
    }


def drilldown_times(build_dir: Path, runs: int = RUNS) -> dict:
    """Time the national overview and two drill-down reruns with AppTest, fresh processes.

    Returns
    -------
    dict
        Medians of ``runs`` fresh processes: ``first_render_s``,
        ``province_rerun_s``, ``district_rerun_s`` (seconds of server time);
        ``runs_s`` (each run) and ``exceptions`` (messages the app showed);
        or ``error`` (end of the child's stderr) when a run failed.
    """
    args = (PROVINCE, DISTRICT, str(TIMEOUT_S))
    measured = [
        fresh_process.run_script(_APPTEST, build_dir, *args, timeout=3 * TIMEOUT_S)
        for _ in range(runs)
    ]
    failed = [m for m in measured if "error" in m]
    if failed:
        return {"error": failed[0]["error"]}
    out = {key: round(statistics.median(m[key] for m in measured), 3) for key in DRILL_KEYS}
    out["runs_s"] = [{key: round(m[key], 3) for key in DRILL_KEYS} for m in measured]
    out["exceptions"] = sorted({e for m in measured for e in m["exceptions"]})
    return out


def chosen_provinces(build_dir: Path) -> dict[str, str]:
    """Return the province with the most households (``largest``) and most poor (``most_poor``).

    Poor: households failing the MPI (union rule, all dimensions) in
    ``village_profiles``, the points the Area potential map draws.
    """
    con = duckdb.connect(str(Path(build_dir) / "tpmap.duckdb"), read_only=True)
    try:
        largest, most_poor = (
            con.execute(
                f"""SELECT province_code FROM village_profiles GROUP BY 1
                    ORDER BY sum(households) {where} DESC, 1 LIMIT 1"""
            ).fetchone()[0]
            for where in ("", "FILTER (mask <> 0)")
        )
    finally:
        con.close()
    return {"largest": largest, "most_poor": most_poor}


def seeded_logbook(build_dir: Path, folder: Path) -> str:
    """Return the URL of a new SQLite Logbook seeded with the build's synthetic history.

    Raises
    ------
    RuntimeError
        If ``python -m logbook seed-synthetic`` failed (its last output line).
    """
    url = f"sqlite:///{Path(folder) / 'logbook.sqlite'}"
    command = [sys.executable, "-m", "logbook", "seed-synthetic", "--db", url]
    command += ["--build-dir", str(build_dir)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=fresh_process.ROOT)
    if done.returncode != 0:
        raise RuntimeError((done.stderr.strip().splitlines() or ["failed"])[-1])
    return url


def page_times(build_dir: Path, area: str | None, logbook: str) -> dict:
    """Time every page of :data:`PAGES` for ``area`` (None: the country) in one fresh process.

    Returns
    -------
    dict
        Per page ``first_s`` (first view) and ``again_s`` (the page opened
        once more), seconds of server time, and ``exceptions``; or ``error``.
    """
    previous = os.environ.get("TPMAP_LOGBOOK_URL")
    os.environ["TPMAP_LOGBOOK_URL"] = logbook
    try:
        return fresh_process.run_script(
            _PAGES, build_dir, area or "", ",".join(PAGES), str(TIMEOUT_S), timeout=3 * TIMEOUT_S
        )
    finally:
        if previous is None:
            os.environ.pop("TPMAP_LOGBOOK_URL", None)
        else:
            os.environ["TPMAP_LOGBOOK_URL"] = previous


def potential_map_bytes(build_dir: Path, province: str) -> dict:
    """Return the map elements of the Area potential page of ``province`` (map_bytes' way).

    Returns
    -------
    dict
        ``maps`` (kind, bytes, points or GeoJSON figures) and ``bytes`` (all
        maps of the page); or ``error``.
    """
    view = {"view": "potential", "page": map_bytes.POTENTIAL, "area": province}
    measured = fresh_process.run_script(map_bytes._APPTEST, build_dir, json.dumps([view]))
    if "error" in measured:
        return measured
    entry = measured["potential"]
    return {**entry, "bytes": sum(m["bytes"] for m in entry["maps"])}


def free_port(ports: range = PORTS) -> int:
    """Return the first port of ``ports`` free on 127.0.0.1.

    Raises
    ------
    RuntimeError
        If every port is taken.
    """
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


def app_memory(build_dir: Path) -> dict:
    """Open :data:`VIEWS` in headless Chromium, then read the server's memory.

    Returns
    -------
    dict
        ``port``, ``page_load_s`` (seconds per view, until the script run
        finished), ``app_rss_mb`` and ``app_peak_rss_mb`` (MiB, the server and
        its children, :func:`benchmarks.app_time.browser_session`); or
        ``browser`` saying why it was not measured.
    """
    port = free_port()
    return {"port": port, **app_time.browser_session(build_dir, VIEWS, port)}


def run(build_dir: Path, build: bool = True, logbook: str | None = None) -> dict:
    """Build the whole country into ``build_dir`` (unless ``build`` is False) and measure it.

    ``logbook``: URL of a Logbook seeded for this build (default: a new one,
    seeded here, :func:`seeded_logbook`).

    Returns
    -------
    dict
        ``benchmark``, ``build`` (:func:`benchmarks.build_time.run`, when
        built), ``store``, ``drilldown``, ``app`` (the raw measurements) and
        ``figures`` (:func:`benchmarks.budgets.figure` per figure);
        ``exit_code`` 1 when the build failed (nothing else is measured).
    """
    result: dict = {"benchmark": NAME, "build_dir": str(build_dir), "exit_code": 0}
    figures: dict[str, dict] = {}
    if build:
        built = build_time.run(build_dir, None, budget_s=BUILD_S, peak_budget_mb=BUILD_PEAK_RSS_MB)
        result["build"] = built
        figures.update({f"build_{k}": v for k, v in built["figures"].items()})
        if built["exit_code"] != 0:
            return {**result, "exit_code": 1, "figures": figures}
    store = result["store"] = store_figures(build_dir)
    figures["duckdb_size"] = budgets.figure(store["duckdb_mb"], "MiB")
    for key in ("households", "persons", "mpi_poor_persons", "target_poor_persons"):
        figures[key] = budgets.figure(store[key], "count")
    drill = result["drilldown"] = drilldown_times(build_dir)
    figures["first_render_national"] = budgets.figure(drill.get("first_render_s"), "s")
    figures["drilldown_rerun_province"] = budgets.figure(
        drill.get("province_rerun_s"), "s", DRILLDOWN_RERUN_S
    )
    figures["drilldown_rerun_district"] = budgets.figure(
        drill.get("district_rerun_s"), "s", DRILLDOWN_RERUN_S
    )
    chosen = result["provinces"] = chosen_provinces(build_dir)
    bytes_ = result["potential_map"] = potential_map_bytes(build_dir, chosen["most_poor"])
    figures[f"potential_map_province_{chosen['most_poor']}_most_poor"] = budgets.figure(
        round(bytes_["bytes"] / 1e6, 3) if "bytes" in bytes_ else None,
        "MB",
        budgets.MAP_VIEW_BYTES / 1e6,
    )
    with tempfile.TemporaryDirectory(prefix="tpmap-national-logbook-") as folder:
        url = logbook or seeded_logbook(build_dir, Path(folder))
        pages = result["pages"] = {
            "country": page_times(build_dir, None, url),
            chosen["largest"]: page_times(build_dir, chosen["largest"], url),
        }
    for where, measured in pages.items():
        for page in PAGES:
            got = measured.get(page, {})
            for key in ("first_s", "again_s"):
                value = round(got[key], 2) if key in got else None
                figures[f"page_{page}_{where}_{key[:-2]}"] = budgets.figure(value, "s", PAGE_S)
    app = result["app"] = app_memory(build_dir)
    figures["app_rss"] = budgets.figure(app.get("app_rss_mb"), "MiB", APP_RSS_MB)
    figures["app_peak_rss"] = budgets.figure(app.get("app_peak_rss_mb"), "MiB", APP_RSS_MB)
    result["figures"] = figures
    return result


def report(result: dict) -> str:
    """Return the figures as printable lines, each with its budget and verdict."""
    head = f"national scale (all 77 provinces), build in {result['build_dir']}"
    out = [head, *budgets.lines(result.get("figures", {}))]
    if result.get("build", {}).get("error"):
        out.append(f"  build error: {result['build']['error']}")
    for part, key in [("drilldown", "exceptions"), ("drilldown", "error"), ("app", "browser")]:
        if result.get(part, {}).get(key):
            out.append(f"  {part} {key}: {result[part][key]}")
    for where, measured in result.get("pages", {}).items():
        if measured.get("error"):
            out.append(f"  pages {where} error: {measured['error']}")
        for page, got in measured.items():
            if isinstance(got, dict) and got.get("exceptions"):
                out.append(f"  pages {where} {page} exceptions: {got['exceptions']}")
    for m in result.get("potential_map", {}).get("maps", []):
        out.append(
            f"  potential map: {m['kind']} {m['bytes']:,} bytes {m.get('points', '')} points"
        )
    if result.get("app", {}).get("page_load_s"):
        out.append(f"  browser page loads (s): {result['app']['page_load_s']}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run the national benchmark and print its figures; return 1 if the build failed."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.national")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--build-dir", type=Path, default=None, help="keep the build here")
    parser.add_argument(
        "--no-build", action="store_true", help="measure the existing build at --build-dir"
    )
    parser.add_argument("--logbook", default=None, help="a Logbook URL seeded for the build")
    args = parser.parse_args(argv)
    if args.no_build and args.build_dir is None:
        parser.error("--no-build needs --build-dir")
    with tempfile.TemporaryDirectory(prefix="tpmap-national-") as folder:
        build_dir = args.build_dir or Path(folder) / "build"
        result = run(build_dir, build=not args.no_build, logbook=args.logbook)
    print(json.dumps({NAME: result}) if args.json else report(result))
    return result["exit_code"]


if __name__ == "__main__":
    sys.exit(main())
