"""App speed and memory at pilot scale: first render, one drill-down rerun, resident memory.

Server time is measured with Streamlit's AppTest in a fresh process (cold
caches, as after a restart): the first run of the overview for Udon Thani
(``?area=41``), then the rerun after choosing a district in the picker.
Memory is read from ``/proc`` of a real ``streamlit run`` server after a
headless-Chromium session opened the overview, a district, a subdistrict
(household points) and the urgent page. Figures print; nothing asserts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

NAME = "app_time"
ROOT = Path(__file__).resolve().parents[1]
BUDGET = {"first_render_s": None, "drilldown_rerun_s": 1.5, "app_rss_mb": 1536}

_APPTEST = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from apptest_support import app_test
at = app_test("41", timeout=600)
t0 = time.perf_counter(); at.run(); first = time.perf_counter() - t0
t0 = time.perf_counter(); at.selectbox(key="pick_district").select("4101").run()
rerun = time.perf_counter() - t0
print(json.dumps({"first_render_s": first, "drilldown_rerun_s": rerun,
                  "exception": bool(at.exception)}))
"""


def _server_times(build_dir: Path) -> dict:
    # Sign-in off (local national user): the benchmark times the pages, not the password check.
    env = {"TPMAP_BUILD_DIR": str(build_dir), "PYTHONPATH": str(ROOT), "TPMAP_AUTH": "off"}
    import os

    out = subprocess.run(
        [sys.executable, "-c", _APPTEST, str(ROOT / "tests")],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=ROOT,
        timeout=900,
    )
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    return json.loads(lines[-1]) if lines else {"error": out.stderr[-2000:]}


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


def _browser_session(build_dir: Path) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import browser_available, launch_chromium, running_app, wait_for_streamlit

    if not browser_available():
        return {"browser": "chromium missing: memory not measured"}
    from playwright.sync_api import sync_playwright

    views = ["/?area=41", "/?area=4101", "/?area=410101", "/urgent?area=41"]
    timings = {}
    os.environ["TPMAP_AUTH"] = "off"  # running_app hands the environment to the server
    with running_app(build_dir) as (url), sync_playwright() as playwright:
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
    return {"page_load_s": timings, **memory}


def _server_pid(url: str) -> int | None:
    port = url.rsplit(":", 1)[-1].strip("/")
    out = subprocess.run(["pgrep", "-f", f"server.port {port}"], capture_output=True, text=True)
    pids = [int(p) for p in out.stdout.split()]
    return min(pids) if pids else None


def run(build_dir: Path) -> dict:
    """Measure the app on the build in ``build_dir``; return the figures."""
    return {
        "benchmark": NAME,
        **_server_times(build_dir),
        **_browser_session(build_dir),
        "budget": BUDGET,
    }


def report(result: dict) -> str:
    """Return the figures as text, each with its budget."""
    lines = [f"{NAME}:"]
    for key in ("first_render_s", "drilldown_rerun_s", "app_rss_mb", "app_peak_rss_mb"):
        if key in result:
            budget = BUDGET.get(key)
            lines.append(
                f"  {key:<20}{result[key]:>10.2f}" + (f"   budget {budget}" if budget else "")
            )
    if "page_load_s" in result:
        lines.append(f"  browser page loads (s): {result['page_load_s']}")
    for key in ("error", "browser"):
        if key in result:
            lines.append(f"  {key}: {result[key]}")
    return "\n".join(lines)


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "build"
    print(report(run(folder)))
