"""App speed and memory at pilot scale: first render, one drill-down rerun, resident memory.

Server time is measured with Streamlit's AppTest in a fresh process (cold
caches, as after a restart; :mod:`benchmarks.fresh_process`): the first run
of the overview for Udon Thani (``?area=41``), then the rerun after choosing
a district in the picker, and (with more than one survey round) the same
rerun with the earliest round chosen in the year selector; three fresh
processes, the median of each. The click in Chromium, to the map drawn,
is :mod:`benchmarks.page_time`'s.
Memory is read from ``/proc`` of a real ``streamlit run`` server after a
headless-Chromium session opened the overview, a district, a subdistrict
(household points) and the urgent page. Budgets (issue 7): drill-down
rerun 1.5 s, resident memory 1.5 GB; the first render has none. Figures
print; nothing asserts.

Usage::

    python -m benchmarks.app_time [--json] [--build-dir DIR] [--runs 3]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

from benchmarks import budgets, fresh_process, standalone

NAME = "app_time"
ROOT = Path(__file__).resolve().parents[1]
RUNS = 3
#: Views the browser opens before the server's memory is read.
VIEWS = ("/?area=41", "/?area=4101", "/?area=410101", "/urgent?area=41")

_APPTEST = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from apptest_support import app_test
at = app_test("41", timeout=600)
t0 = time.perf_counter(); at.run(); first = time.perf_counter() - t0
t0 = time.perf_counter(); at.selectbox(key="pick_district").select("4101").run()
rerun = time.perf_counter() - t0
out = {"first_render_s": first, "drilldown_rerun_s": rerun, "exception": bool(at.exception)}
if sys.argv[2]:  # the earliest round, as the year selector puts it in the URL
    at = app_test("41", timeout=600)
    at.query_params["year"] = sys.argv[2]
    at.run()
    t0 = time.perf_counter(); at.selectbox(key="pick_district").select("4101").run()
    out["drilldown_rerun_earlier_round_s"] = time.perf_counter() - t0
    out["exception"] = out["exception"] or bool(at.exception)
print(json.dumps(out))
"""
#: Keys of each fresh process's times.
_TIMES = ("first_render_s", "drilldown_rerun_s", "drilldown_rerun_earlier_round_s")


def _server_times(build_dir: Path, runs: int) -> dict:
    """Return the median first render and rerun of ``runs`` fresh processes, and each run."""
    from queries.figures import survey_years

    years = survey_years(build_dir)
    earlier = str(years[0]) if len(years) > 1 else ""
    measured = [fresh_process.run_script(_APPTEST, build_dir, earlier) for _ in range(runs)]
    failed = [m for m in measured if "error" in m]
    if failed:
        return {"error": failed[0]["error"]}
    keys = [key for key in _TIMES if key in measured[0]]
    out = {key: round(statistics.median(m[key] for m in measured), 3) for key in keys}
    out["runs_s"] = [{key: round(m[key], 3) for key in keys} for m in measured]
    out["exception"] = any(m["exception"] for m in measured)
    return out


def _proc_memory_mb(pid: int) -> dict:
    """Return VmRSS and VmHWM (peak) of a process and its children, in MB."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    rss = hwm = 0.0
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss += int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                hwm += int(line.split()[1]) / 1024
    return {"app_rss_mb": round(rss, 1), "app_peak_rss_mb": round(hwm, 1)}


def browser_session(
    build_dir: Path, views: tuple[str, ...] = VIEWS, port: int | None = None
) -> dict:
    """Open ``views`` in headless Chromium on a server on ``port``; return load times and memory."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import (
        browser_available,
        launch_chromium,
        running_app,
        wait_for_streamlit,
        wait_ready,
    )

    if not browser_available():
        return {"browser": "chromium missing: memory not measured"}
    from playwright.sync_api import sync_playwright

    timings = {}
    # Sign-in off for this session; running_app hands the environment to the server.
    with (
        mock.patch.dict(os.environ, {"TPMAP_AUTH": "off"}),
        running_app(build_dir, port) as (url),
        sync_playwright() as playwright,
    ):
        warm_up = wait_ready(url)  # the first view after the server is ready (serve.py)
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for view in views:
                t0 = time.perf_counter()
                page.goto(url + view, wait_until="domcontentloaded")
                wait_for_streamlit(page, timeout=300)
                timings[view] = round(time.perf_counter() - t0, 2)
        finally:
            browser.close()
        pid = _server_pid(url)
        memory = _proc_memory_mb(pid) if pid else {}
    return {"page_load_s": timings, "warm_up": warm_up, **memory}


def _server_pid(url: str) -> int | None:
    port = url.rsplit(":", 1)[-1].strip("/")
    out = subprocess.run(["pgrep", "-f", f"server.port {port}"], capture_output=True, text=True)
    pids = [int(p) for p in out.stdout.split()]
    return min(pids) if pids else None


def run(build_dir: Path, runs: int = RUNS) -> dict:
    """Measure the app on the build in ``build_dir``; return the figures.

    Returns
    -------
    dict
        ``first_render_s`` and ``drilldown_rerun_s`` (medians of ``runs``
        fresh processes, seconds) and ``runs_s``; ``app_rss_mb`` and
        ``app_peak_rss_mb`` (MiB) and ``page_load_s`` from the browser
        session, or ``browser`` saying why there was none; ``figures``
        (:func:`benchmarks.budgets.figure`); ``error`` when AppTest failed.
    """
    result = {"benchmark": NAME, **_server_times(build_dir, runs), **browser_session(build_dir)}
    result["figures"] = {
        "first_render_s": budgets.figure(result.get("first_render_s"), "s"),
        "drilldown_rerun_s": budgets.figure(
            result.get("drilldown_rerun_s"), "s", budgets.DRILLDOWN_RERUN_S
        ),
        **(
            {
                "drilldown_rerun_earlier_round_s": budgets.figure(
                    result["drilldown_rerun_earlier_round_s"], "s", budgets.DRILLDOWN_RERUN_S
                )
            }
            if "drilldown_rerun_earlier_round_s" in result
            else {}
        ),
        "app_rss_mb": budgets.figure(result.get("app_rss_mb"), "MiB", budgets.APP_RSS_MB),
        "app_peak_rss_mb": budgets.figure(result.get("app_peak_rss_mb"), "MiB", budgets.APP_RSS_MB),
    }
    return result


def report(result: dict) -> str:
    """Return the figures as text, each with its budget."""
    lines = [f"{NAME}: overview ?area=41, then district 4101 (AppTest, fresh processes)"]
    lines += budgets.lines(result["figures"])
    if "runs_s" in result:
        lines.append(f"  each run (s): {result['runs_s']}")
    if "page_load_s" in result:
        lines.append(f"  browser page loads (s): {result['page_load_s']}")
    for key in ("error", "browser"):
        if key in result:
            lines.append(f"  {key}: {result[key]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure on an existing build, or on a fresh pilot build (:mod:`benchmarks.standalone`)."""
    return standalone.main("python -m benchmarks.app_time", run, report, RUNS, argv)


if __name__ == "__main__":
    sys.exit(main())
