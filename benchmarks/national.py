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
  the province's potential page and the national progress page (budget 4 GB).

Usage::

    python -m benchmarks.national [--json] [--build-dir DIR] [--no-build]

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
import sys
import tempfile
from pathlib import Path

import duckdb

from benchmarks import app_time, budgets, build_time, fresh_process

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
    previous = os.environ.get("TPMAP_AUTH")
    try:
        return {"port": port, **app_time.browser_session(build_dir, VIEWS, port)}
    finally:  # browser_session sets TPMAP_AUTH=off for the server it starts
        if previous is None:
            os.environ.pop("TPMAP_AUTH", None)
        else:
            os.environ["TPMAP_AUTH"] = previous


def run(build_dir: Path, build: bool = True) -> dict:
    """Build the whole country into ``build_dir`` (unless ``build`` is False) and measure it.

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
    args = parser.parse_args(argv)
    if args.no_build and args.build_dir is None:
        parser.error("--no-build needs --build-dir")
    with tempfile.TemporaryDirectory(prefix="tpmap-national-") as folder:
        build_dir = args.build_dir or Path(folder) / "build"
        result = run(build_dir, build=not args.no_build)
    print(json.dumps({NAME: result}) if args.json else report(result))
    return result["exit_code"]


if __name__ == "__main__":
    sys.exit(main())
