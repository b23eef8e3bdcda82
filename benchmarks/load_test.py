"""Many users at once: sessions drilling down for a bounded time.

``python -m benchmarks.load_test [--sessions 20] [--think 3,8] [--browsers N]
[--seconds 120] [--url URL] [--profile PREFIX] [--build-dir DIR] [--json]`` runs ``--sessions``
sessions at once, spread over the provinces of the build and their
districts. ``--browsers`` of them (all by default) are pages of one headless
Chromium (Debian's, through Playwright's async API), one browser context
each; every browser session repeats, until the time is up, a cycle of four
drill-downs on the overview:

1. ``map``: a click on a district polygon of its province's choropleth;
2. ``picker``: another district chosen in the sidebar picker;
3. ``picker``: a subdistrict of it (the map turns to household points);
4. ``picker_up``: "all" in the district picker, back to the province.

With ``--think MIN,MAX`` every session reads its page for a random
MIN-MAX seconds (uniform) after each click, as an official does (issue
13: 3-8 s); without it the sessions click again at once, and the figure
to read is the throughput: page updates per second, per core of the
machine and per CPU-second of the server.

Each click is timed until the page is updated: the URL holds the new area,
Streamlit's run is over, and the new map is drawn (the polygons of the new
area's children, or the deck.gl canvas of household points). Errors are
counted: Streamlit exceptions on the page (``stException``), uncaught page
errors, console errors (network failures of an offline machine, such as
the icon font, are counted apart), lost connections and timeouts.

The other sessions speak Streamlit's websocket protocol directly
(:func:`_protocol_session`): the same cycle of areas as reruns with a new
``?area=``, timed to the end of the server's run. They cost the client
almost nothing, so the server can be loaded with 20 sessions on a machine
whose cores cannot also render 20 pages (a page of this app keeps a core
busy for seconds per drill-down: charts, data grid, Leaflet, software WebGL).

Without ``--url`` the app is started on the build folder (sign-in off) and
its CPU time is read from ``/proc``; ``--profile`` starts it under
:mod:`benchmarks.profile_server`. Figures are printed, never asserted.
As a module: ``NAME``, :func:`run` and :func:`report`, like the other
benchmarks.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import numpy as np
from playwright.async_api import Error as PlaywrightError

import settings
from benchmarks import budgets
from benchmarks.app_time import _server_pid
from components.i18n import LABELS

NAME = "load_test"
ROOT = Path(__file__).resolve().parents[1]
SESSIONS = 20
SECONDS = 120.0
#: Longest wait for one click's page update (or a session's first page), s.
CLICK_TIMEOUT_S = 90.0
#: Sessions start this far apart (s), so 20 first page loads do not all land at once.
STAGGER_S = 1.0
VIEWPORT = {"width": 1280, "height": 900}
POLYGON = "path.leaflet-interactive"
DECK_CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'
EXCEPTION = '[data-testid="stException"]'
DISCONNECTED = '[data-testid="stApp"]:not([data-test-connection-state="CONNECTED"])'
#: The picker's "all" choice (the pages are in Thai, the default language).
ALL_OPTION_TH = LABELS["all_option"][0]
#: Console errors of a machine with no internet (icon font, deck.gl's fetches), not app faults.
NETWORK_ERROR = re.compile(r"Failed to load resource|Failed to fetch|ERR_NAME_NOT_RESOLVED")


#: Stops CSS animations and transitions (skeletons, spinners) in every page of a context.
_NO_ANIMATION_JS = """
document.addEventListener("DOMContentLoaded", () => {
  const style = document.createElement("style");
  style.textContent = "*, *::before, *::after { animation: none !important; "
    + "transition: none !important; }";
  document.head.appendChild(style);
});
"""
#: A point of a path's box (relative to the box) where the path is on top, or null.
_INSIDE_POINT_JS = """
path => {
  // A point of the path's box where the path is topmost, and still is 4 px
  // around: a point on the very edge can land on the province's outline
  // (its 3 px stroke runs along the border), since the page's box of an SVG
  // path and Playwright's differ by a fraction of a pixel.
  const box = path.getBoundingClientRect(), margin = 4;
  const inside = (x, y) => {
    for (const dx of [-margin, 0, margin]) {
      for (const dy of [-margin, 0, margin]) {
        if (document.elementFromPoint(x + dx, y + dy) !== path) return false;
      }
    }
    return true;
  };
  for (let i = 1; i < 10; i++) {
    for (let j = 1; j < 10; j++) {
      const x = box.left + (box.width * i) / 10, y = box.top + (box.height * j) / 10;
      if (inside(x, y)) return {x: x - box.left, y: y - box.top};
    }
  }
  return null;
}
"""


@dataclass(frozen=True)
class Area:
    """An area of the build: code, Thai name (as the Thai picker shows it), child count."""

    code: str
    name_th: str
    children: int


@dataclass
class Plan:
    """What one session browses: its province and the districts it starts from."""

    index: int
    province: Area
    districts: list[Area]
    subdistricts: dict[str, list[Area]]


@dataclass
class SessionLog:
    """What one session saw: click times by kind, errors, first page load."""

    index: int
    province: str
    client: str = "browser"
    #: (kind, seconds to the end of the server's run, seconds to the drawn page)
    clicks: list[tuple[str, float, float]] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    network_errors: int = 0
    first_load_s: float | None = None


#: Seconds a session reads its page after each click: (min, max), or None for none.
Think = tuple[float, float] | None


async def _think(think: Think, rng: random.Random) -> None:
    """Wait as a reader does: a random time in ``think`` (uniform), or not at all."""
    if think:
        await asyncio.sleep(rng.uniform(*think))


def load_plans(build_dir: Path, sessions: int) -> list[Plan]:
    """Spread ``sessions`` over the build's provinces; each starts on another district.

    Parameters
    ----------
    build_dir : Path
        Build folder holding ``tpmap.duckdb``.
    sessions : int
        Number of browser sessions.

    Returns
    -------
    list of Plan
        Session ``i`` browses province ``i mod n`` (provinces in code order);
        its district list is rotated by ``i // n`` so sessions on the same
        province start on different districts.

    Raises
    ------
    queries.figures.BuildMissingError
        If there is no ``tpmap.duckdb`` in ``build_dir``.
    """
    from queries.figures import connect

    con = connect(build_dir)
    try:
        rows = con.execute(
            """
            WITH c AS (
                SELECT province_code, district_code, subdistrict_code,
                       count(DISTINCT village_code) AS villages
                FROM households GROUP BY ALL
            )
            SELECT c.province_code, p.name_th, c.district_code, d.name_th,
                   c.subdistrict_code, s.name_th, c.villages
            FROM c
            JOIN areas p ON p.code = c.province_code
            JOIN areas d ON d.code = c.district_code
            JOIN areas s ON s.code = c.subdistrict_code
            ORDER BY c.province_code, c.district_code, c.subdistrict_code
            """
        ).fetchall()
    finally:
        con.close()
    provinces: dict[str, tuple[str, dict[str, tuple[str, list[Area]]]]] = {}
    for prov, prov_name, dist, dist_name, sub, sub_name, villages in rows:
        districts = provinces.setdefault(prov, (prov_name, {}))[1]
        districts.setdefault(dist, (dist_name, []))[1].append(Area(sub, sub_name, villages))
    codes = sorted(provinces)
    plans = []
    for i in range(sessions):
        prov_name, districts = provinces[codes[i % len(codes)]]
        areas = [Area(code, name, len(subs)) for code, (name, subs) in districts.items()]
        shift = (i // len(codes)) % len(areas)
        plans.append(
            Plan(
                index=i,
                province=Area(codes[i % len(codes)], prov_name, len(areas)),
                districts=areas[shift:] + areas[:shift],
                subdistricts={code: subs for code, (_name, subs) in districts.items()},
            )
        )
    return plans


def _percentiles(seconds: list[float]) -> dict:
    if not seconds:
        return {"clicks": 0}
    values = np.asarray(seconds)
    return {
        "clicks": len(seconds),
        "p50_s": round(float(np.percentile(values, 50)), 3),
        "p95_s": round(float(np.percentile(values, 95)), 3),
        "max_s": round(float(values.max()), 3),
    }


async def _wait_idle(page, timeout_s: float) -> None:
    from browser_support import APP_IDLE, STATUS_WIDGET

    await page.wait_for_selector(APP_IDLE, state="attached", timeout=timeout_s * 1000)
    await page.wait_for_selector(STATUS_WIDGET, state="hidden", timeout=timeout_s * 1000)


async def _polygons(page) -> list:
    """Return the choropleth's polygons (in the st_folium iframe), or []."""
    for frame in page.frames:
        try:
            found = await frame.query_selector_all(POLYGON)
        except Exception:  # a frame may detach while we look
            continue
        if found:
            return found
    return []


async def _wait_updated(page, code: str, children: int | None, t0: float) -> tuple[float, float]:
    """Wait until the URL holds ``code``, the run is over and the new map is drawn.

    ``children``: clickable polygons expected (the outline is not one), or None for the
    household-point map (deck.gl canvas). Returns the seconds from ``t0`` to
    the end of the server's run and to the drawn map.

    Raises
    ------
    TimeoutError, playwright.async_api.TimeoutError
        Not updated within :data:`CLICK_TIMEOUT_S` of ``t0``.
    """
    deadline = t0 + CLICK_TIMEOUT_S
    left = max(deadline - time.monotonic(), 0.1)
    await page.wait_for_url(re.compile(rf"area={code}(&|$)"), timeout=left * 1000)
    await _wait_idle(page, max(deadline - time.monotonic(), 0.1))
    run_done = time.monotonic() - t0
    while True:
        if children is None:
            canvas = await page.query_selector(DECK_CANVAS)
            if canvas is not None and await canvas.is_visible():
                return run_done, time.monotonic() - t0
        elif len(await _polygons(page)) == children:
            return run_done, time.monotonic() - t0
        if time.monotonic() > deadline:
            raise TimeoutError(f"map of {code} not drawn")
        await asyncio.sleep(0.1)


async def _click_polygon(page, rng: random.Random) -> None:
    """Click inside a random child polygon of the choropleth (the outline is no click target).

    The click goes to a point of the polygon's box where the polygon is the
    topmost element, as a user would aim, not to the box's centre, which can
    lie outside a concave area. The whole map is scrolled into view first:
    the mouse-down focuses the path, and Chromium scrolls a focused element
    that is cut by the window's edge, so the mouse-up would land elsewhere and
    Leaflet would see no click. Tries again for a while when the map is being
    redrawn (a rerun replaced its frame).
    """
    deadline = time.monotonic() + CLICK_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            polygons = await _polygons(page)
            if polygons:
                frame = await (await polygons[0].owner_frame()).frame_element()
                await frame.evaluate("element => element.scrollIntoView({block: 'center'})")
            rng.shuffle(polygons)
            for polygon in polygons:
                position = await polygon.evaluate(_INSIDE_POINT_JS)
                if position:
                    await polygon.click(position=position, force=True, timeout=10_000)
                    return
        except PlaywrightError:  # the frame or the path went away under us: look again
            pass
        await asyncio.sleep(0.25)
    raise TimeoutError("no polygon of the choropleth can be clicked")


async def _pick(page, level: str, name: str) -> None:
    """Choose ``name`` in the sidebar picker of ``level`` (react-aria combobox)."""
    box = page.locator(f".st-key-pick_{level} input[role=combobox]")
    await box.click()
    await box.fill(name)
    option = page.get_by_role("option", name=name, exact=True)
    await option.wait_for(timeout=CLICK_TIMEOUT_S * 1000)
    await option.click()


async def _check_page(page, log: SessionLog, kind: str) -> None:
    """Record Streamlit exceptions shown and a lost connection after a click."""
    for element in await page.query_selector_all(EXCEPTION):
        text = (await element.inner_text())[:300]
        log.errors.append({"kind": "exception", "click": kind, "text": text})
    if await page.query_selector(DISCONNECTED) is not None:
        log.errors.append({"kind": "disconnected", "click": kind})


async def _click(page, plan: Plan, step: int, turn: int, rng: random.Random) -> tuple:
    """Make drill-down ``step`` (0-3) of the cycle; return (kind, run done s, drawn s)."""
    if step == 0:  # a district polygon of the province map
        t0 = time.monotonic()
        await _click_polygon(page, rng)
        await page.wait_for_url(re.compile(r"area=\d{4}(&|$)"), timeout=CLICK_TIMEOUT_S * 1000)
        code = re.search(r"area=(\d{4})", page.url).group(1)
        children = next(d.children for d in plan.districts if d.code == code)
        return ("map", *await _wait_updated(page, code, children, t0))
    if step == 1:  # another district in the picker
        current = re.search(r"area=(\d{4})", page.url).group(1)
        district = plan.districts[turn % len(plan.districts)]
        if district.code == current:
            district = plan.districts[(turn + 1) % len(plan.districts)]
        # Typing the name into the picker is the user's time: the clock starts at the click.
        await _pick(page, "district", district.name_th)
        return (
            "picker",
            *await _wait_updated(page, district.code, district.children, time.monotonic()),
        )
    if step == 2:  # one of its subdistricts: the household points
        district = re.search(r"area=(\d{4})", page.url).group(1)
        subdistrict = rng.choice(plan.subdistricts[district])
        await _pick(page, "subdistrict", subdistrict.name_th)
        return ("picker", *await _wait_updated(page, subdistrict.code, None, time.monotonic()))
    # back up to the province
    await _pick(page, "district", ALL_OPTION_TH)
    province = plan.province
    return (
        "picker_up",
        *await _wait_updated(page, province.code, province.children, time.monotonic()),
    )


async def _session(
    browser, base_url: str, plan: Plan, stop_at: float, log: SessionLog, think: Think = None
) -> None:
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    await asyncio.sleep(plan.index * STAGGER_S)
    context = await browser.new_context(viewport=VIEWPORT)
    # 20 browsers share this machine's cores with the server: spare them what costs the
    # client only (animations repainting while waiting; requests to the offline internet).
    await context.add_init_script(_NO_ANIMATION_JS)
    local = re.escape(base_url)
    await context.route(re.compile(rf"^(?!{local}).*"), lambda route: route.abort())
    page = await context.new_page()

    def on_console(message) -> None:
        if message.type != "error":
            return
        if NETWORK_ERROR.search(message.text):
            log.network_errors += 1
        else:
            log.errors.append({"kind": "console", "text": message.text[:300]})

    page.on("console", on_console)
    page.on(
        "pageerror",
        lambda error: log.errors.append({"kind": "page_error", "text": str(error)[:300]}),
    )
    rng = random.Random(plan.index)
    province = plan.province
    on_province = False
    turn = 0
    while time.monotonic() < stop_at:
        if not on_province:  # first page, or a fresh one after a failed click
            try:
                t0 = time.monotonic()
                await page.goto(f"{base_url}/?area={province.code}", wait_until="commit")
                await _wait_updated(page, province.code, province.children, t0)
                if log.first_load_s is None:
                    log.first_load_s = round(time.monotonic() - t0, 3)
                on_province = True
            except (PlaywrightError, TimeoutError) as error:
                log.errors.append({"kind": "timeout", "click": "load", "text": str(error)[:300]})
                continue
        for step in range(4):
            if time.monotonic() >= stop_at:
                break
            try:
                kind, run_done, drawn = await _click(page, plan, step, turn, rng)
            except (PlaywrightError, TimeoutError, StopIteration, AttributeError) as error:
                # A wait ran out, or the page was not where the cycle expected it.
                kind = "timeout" if isinstance(error, TimeoutError | PlaywrightTimeout) else "click"
                log.errors.append({"kind": kind, "step": step, "text": str(error)[:300]})
                on_province = False
                break
            log.clicks.append((kind, run_done, drawn))
            await _check_page(page, log, kind)
            await _think(think, rng)
        turn += 1
    await context.close()


async def _protocol_session(
    ws_url: str, plan: Plan, stop_at: float, log: SessionLog, think: Think = None
) -> None:
    """One session spoken straight over Streamlit's websocket: no browser, server time only.

    Asks for a rerun of the overview with ``?area=`` set to the next area of
    the cycle (a district of the province, one of its subdistricts, the
    province again), as a click or a picker choice does, and times it until
    the server reports the run finished. Exceptions the script shows are
    errors.
    """
    import websockets

    await asyncio.sleep(plan.index * STAGGER_S)
    rng = random.Random(plan.index)
    origin = ws_url.replace("ws://", "http://").split("/_stcore")[0]
    try:
        async with websockets.connect(
            ws_url, subprotocols=["streamlit"], origin=origin, max_size=None
        ) as socket:
            await _protocol_cycle(socket, plan, stop_at, log, rng, think)
    except (OSError, websockets.ConnectionClosed) as error:
        log.errors.append({"kind": "disconnected", "text": str(error)[:300]})


async def _protocol_cycle(
    socket, plan: Plan, stop_at: float, log: SessionLog, rng, think: Think = None
) -> None:
    """Ask for reruns of the cycle's areas on an open websocket until ``stop_at``."""
    first = True
    turn = 0
    while time.monotonic() < stop_at:
        district = plan.districts[turn % len(plan.districts)]
        subdistrict = rng.choice(plan.subdistricts[district.code])
        for kind, code in (
            ("district", district.code),
            ("subdistrict", subdistrict.code),
            ("province", plan.province.code),
        ):
            if time.monotonic() >= stop_at:
                return
            t0 = time.monotonic()
            try:
                await _protocol_rerun(socket, code, log)
            except TimeoutError:
                log.errors.append({"kind": "timeout", "area": code})
                return
            seconds = time.monotonic() - t0
            if first:
                log.first_load_s, first = round(seconds, 3), False
            else:
                log.clicks.append((kind, seconds, seconds))
            await _think(think, rng)
        turn += 1


async def _protocol_rerun(socket, code: str, log: SessionLog) -> None:
    """Rerun the overview at ``?area=code``; wait until the server says the run is over.

    Raises
    ------
    TimeoutError
        Not over within :data:`CLICK_TIMEOUT_S`.
    """
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = BackMsg()
    message.rerun_script.query_string = f"area={code}"
    deadline = time.monotonic() + CLICK_TIMEOUT_S
    await socket.send(message.SerializeToString())
    done = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR)
    while True:
        left = deadline - time.monotonic()
        reply = ForwardMsg.FromString(await asyncio.wait_for(socket.recv(), left))
        what = reply.WhichOneof("type")
        if what == "script_finished" and reply.script_finished in done:
            return
        if what == "delta" and reply.delta.WhichOneof("type") == "new_element":
            element = reply.delta.new_element
            if element.WhichOneof("type") == "exception":
                text = element.exception.message[:300]
                log.errors.append({"kind": "exception", "area": code, "text": text})


async def _drive(
    base_url: str,
    plans: list[Plan],
    seconds: float,
    skip: frozenset[int],
    browsers: int,
    think: Think = None,
) -> tuple[list, float]:
    """Run the sessions (the first ``browsers`` in Chromium); return their logs and client CPU.

    The client's CPU is that of this process and its descendants (the
    Playwright driver and Chromium) but the processes in ``skip`` (the
    server, when started here).
    """
    from playwright.async_api import async_playwright

    from browser_support import CHROMIUM_ARGS, CHROMIUM_PATH

    logs = [
        SessionLog(plan.index, plan.province.code, "browser" if i < browsers else "protocol")
        for i, plan in enumerate(plans)
    ]
    cpu0 = _tree_cpu_seconds(os.getpid(), skip)
    stop_at = time.monotonic() + len(plans) * STAGGER_S + seconds
    ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
    protocol = [
        _protocol_session(ws_url, plan, stop_at, log, think)
        for plan, log in zip(plans[browsers:], logs[browsers:], strict=True)
    ]
    if not browsers:
        await asyncio.gather(*protocol)
        return logs, _tree_cpu_seconds(os.getpid(), skip) - cpu0
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, args=list(CHROMIUM_ARGS)
        )
        try:
            pages = [
                _session(browser, base_url, plan, stop_at, log, think)
                for plan, log in zip(plans[:browsers], logs[:browsers], strict=True)
            ]
            await asyncio.gather(*pages, *protocol)
            client_cpu = _tree_cpu_seconds(os.getpid(), skip) - cpu0
        finally:
            await browser.close()
    return logs, client_cpu


def _cpu_seconds(pid: int) -> float:
    """Return user + system CPU seconds of a process and its reaped children so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:  # ended meanwhile
        return 0.0
    ticks = sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _tree_cpu_seconds(pid: int, skip: frozenset[int] = frozenset()) -> float:
    """Return the CPU seconds of a process and all its descendants (but ``skip``) so far."""
    total, stack = 0.0, [pid]
    while stack:
        current = stack.pop()
        if current in skip:
            continue
        total += _cpu_seconds(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except FileNotFoundError:
            continue
        stack.extend(int(child) for child in children)
    return total


def _summarise(logs: list[SessionLog]) -> dict:
    """Return click times (to the updated page, and to the end of the server's run) and errors.

    Top-level percentiles are over every click; ``by_client`` splits them by
    browser and protocol sessions, ``by_click`` by kind of click.
    """
    drawn = [d for log in logs for _kind, _run, d in log.clicks]
    kinds = sorted({kind for log in logs for kind, _run, _d in log.clicks})
    errors = [dict(error, session=log.index) for log in logs for error in log.errors]
    by_kind: dict[str, int] = {}
    for error in errors:
        by_kind[error["kind"]] = by_kind.get(error["kind"], 0) + 1
    by_client = {}
    for client in sorted({log.client for log in logs}):
        mine = [log for log in logs if log.client == client]
        by_client[client] = {
            "sessions": len(mine),
            **_percentiles([d for log in mine for _k, _r, d in log.clicks]),
            "server_run": _percentiles([r for log in mine for _k, r, _d in log.clicks]),
            "first_load": _percentiles([g.first_load_s for g in mine if g.first_load_s]),
            "errors": sum(len(log.errors) for log in mine),
        }
    return {
        **_percentiles(drawn),
        "by_client": by_client,
        "by_click": {
            kind: _percentiles([d for log in logs for k, _r, d in log.clicks if k == kind])
            for kind in kinds
        },
        "clicks_per_session": [len(log.clicks) for log in logs],
        "errors": len(errors),
        "errors_by_kind": by_kind,
        "error_samples": errors[:10],
        "network_console_errors": sum(log.network_errors for log in logs),
    }


def _measure(
    base_url: str,
    plans: list[Plan],
    seconds: float,
    server_pid: int | None,
    browsers: int,
    think: Think = None,
) -> dict:
    """Drive the sessions against ``base_url``; return the summary and the CPU split."""
    server0 = _tree_cpu_seconds(server_pid) if server_pid else 0.0
    machine0 = _machine_busy_seconds()
    start = time.monotonic()
    skip = frozenset([server_pid]) if server_pid else frozenset()
    logs, client_cpu = asyncio.run(_drive(base_url, plans, seconds, skip, browsers, think))
    wall = time.monotonic() - start
    figures = {"wall_s": round(wall, 1), **_summarise(logs)}
    figures["cpu_s"] = {
        "clients": round(client_cpu, 1),
        "machine": round(_machine_busy_seconds() - machine0, 1),
    }
    if server_pid:
        figures["cpu_s"]["server"] = round(_tree_cpu_seconds(server_pid) - server0, 1)
    figures["throughput"] = _throughput(figures)
    return figures


def _throughput(figures: dict) -> dict:
    """Return page updates (clicks answered) per second: overall, per core, per server CPU-s.

    Per core divides by the machine's cores (``os.cpu_count``); per server
    CPU-second (when the server was started here) is what one core of
    server gives, whatever else the machine ran.
    """
    clicks, wall = figures.get("clicks", 0), figures["wall_s"]
    per_s = clicks / wall if wall else 0.0
    out = {
        "clicks_per_s": round(per_s, 2),
        "clicks_per_s_per_core": round(per_s / (os.cpu_count() or 1), 2),
    }
    server = figures["cpu_s"].get("server")
    if server:
        out["clicks_per_server_cpu_s"] = round(clicks / server, 2)
    return out


def _machine_busy_seconds() -> float:
    """Return the CPU seconds all cores spent not idle since boot (``/proc/stat``)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _collect_profile(server_pid: int, prefix: str, timeout: float = 300.0) -> dict:
    """Have the profiled server write its reports (SIGUSR1); return its run figures."""
    figures = Path(f"{prefix}.json")
    figures.unlink(missing_ok=True)
    os.kill(server_pid, signal.SIGUSR1)
    deadline = time.monotonic() + timeout
    while not figures.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    if not figures.exists():
        return {"error": f"no profile written to {figures} within {timeout:.0f} s"}
    return {
        **json.loads(figures.read_text()),
        "files": [f"{prefix}.runs.txt", f"{prefix}.loop.txt"],
    }


def run(
    build_dir: Path,
    sessions: int = SESSIONS,
    seconds: float = SECONDS,
    url: str | None = None,
    browsers: int | None = None,
    profile: str | None = None,
    think: Think = None,
) -> dict:
    """Run the load test; return its figures.

    Parameters
    ----------
    build_dir : Path
        Build folder: the areas to browse come from it, and the app started
        here (when ``url`` is None) serves it.
    sessions : int
        Sessions at once.
    seconds : float
        How long every session keeps clicking after the staggered start
        (:data:`STAGGER_S` apart); a click in flight is finished, within
        :data:`CLICK_TIMEOUT_S`.
    url : str, optional
        A running app to load (sign-in must be off); else one is started.
    browsers : int, optional
        How many of the sessions are Chromium pages (one browser, one context
        each); all when None. The others speak Streamlit's websocket directly
        (:func:`_protocol_session`: no browser, the time is the server's).
    profile : str, optional
        Path prefix: start the server under :mod:`benchmarks.profile_server`
        and write its profile there (not with ``url``).
    think : (float, float), optional
        Seconds each session reads after a click, drawn uniformly between
        the two; None: no reading time (a throughput run).

    Returns
    -------
    dict
        ``sessions``, ``browsers``, ``seconds``, ``clicks`` and
        ``p50_s``/``p95_s``/``max_s`` from click to updated page (map drawn);
        the same per kind of client (``by_client``: also to the end of the
        server's run, ``server_run``, and the first page, ``first_load``) and
        per kind of click (``by_click``); ``errors`` with counts by kind and
        samples; CPU seconds of the clients, the server (when started here)
        and the whole machine (``cpu_s``); the load average before and after;
        ``server_profile`` with ``profile``; ``throughput`` (:func:`_throughput`);
        ``figures`` (:func:`benchmarks.budgets.figure`: the p95 against
        issue 13's budget for 20 or 50 sessions with a reading time, and
        the errors against none); or ``error`` when no browser is available.
    """
    sys.path.insert(0, str(ROOT / "tests"))
    from browser_support import browser_available, running_app, wait_ready

    result: dict = {
        "benchmark": NAME,
        "sessions": sessions,
        "seconds": seconds,
        "think_s": list(think) if think else None,
    }
    browsers = sessions if browsers is None else max(0, min(browsers, sessions))
    result["browsers"] = browsers
    if browsers and not browser_available():
        return {**result, "error": "no browser: needs /usr/bin/chromium and playwright"}
    plans = load_plans(Path(build_dir), sessions)
    result["provinces"] = sorted({plan.province.code for plan in plans})
    result["cpus"] = os.cpu_count()
    result["loadavg_before"] = os.getloadavg()
    if url:
        result.update(_measure(url.rstrip("/"), plans, seconds, None, browsers, think))
    else:
        command = [sys.executable, "-m", "benchmarks.profile_server", profile, "--"]
        # Sign-in off for the websocket sessions; running_app passes the environment on.
        with (
            mock.patch.dict(os.environ, {"TPMAP_AUTH": "off"}),
            running_app(Path(build_dir), command=command if profile else None) as base_url,
        ):
            result["warm_up"] = wait_ready(base_url)
            server = _server_pid(base_url)
            result.update(_measure(base_url, plans, seconds, server, browsers, think))
            if profile and server:
                result["server_profile"] = _collect_profile(server, profile)
    result["loadavg_after"] = os.getloadavg()
    result["figures"] = _figures(result)
    return result


def _figures(result: dict) -> dict:
    """Return the p95 and the errors as figures with issue 13's budgets.

    The p95 budget holds for a run with a reading time: 2 s up to 20
    sessions, 5 s up to 50; a run without one (throughput) or of more
    sessions is reported without a budget.
    """
    budget = None
    if result.get("think_s"):
        if result["sessions"] <= 20:
            budget = budgets.LOAD_20_P95_S
        elif result["sessions"] <= 50:
            budget = budgets.LOAD_50_P95_S
    figures = {
        "p95_s": budgets.figure(result.get("p95_s"), "s", budget),
        "errors": budgets.figure(result.get("errors"), "count", budgets.LOAD_ERRORS),
    }
    if "throughput" in result:
        figures["clicks_per_s_per_core"] = budgets.figure(
            result["throughput"]["clicks_per_s_per_core"], "1/s"
        )
    return figures


def report(result: dict) -> str:
    """Return the figures as text."""
    think = result.get("think_s")
    lines = [
        f"{NAME}: {result['sessions']} sessions ({result.get('browsers', 0)} in Chromium), "
        f"{result['seconds']:.0f} s, "
        + (f"reading {think[0]:g}-{think[1]:g} s after each click" if think else "no reading time")
    ]
    if "error" in result:
        return "\n".join([*lines, f"  error: {result['error']}"])
    lines.append(
        f"  clicks {result['clicks']}, errors {result['errors']} {result['errors_by_kind']}"
    )
    rows = [("click to updated page, all", result)]
    for client, figures in result["by_client"].items():
        rows += [(f"  {client} ({figures['sessions']} sessions)", figures)]
        rows += [("    run over (as client saw it)", figures["server_run"])]
        rows += [("    first page", figures["first_load"])]
    rows += [(f"  click: {kind}", figures) for kind, figures in result["by_click"].items()]
    for label, figures in rows:
        if figures["clicks"]:
            lines.append(
                f"  {label:<32} n {figures['clicks']:>4}   p50 {figures['p50_s']:6.2f} s"
                f"   p95 {figures['p95_s']:6.2f} s   max {figures['max_s']:6.2f} s"
            )
    cpu = result["cpu_s"]
    lines.append(
        f"  CPU seconds over {result['wall_s']:.0f} s on {result['cpus']} cores: "
        + ", ".join(f"{name} {value}" for name, value in cpu.items())
        + f"; load average before {result['loadavg_before'][0]:.1f}, "
        f"after {result['loadavg_after'][0]:.1f}"
    )
    lines.append(f"  throughput: {result['throughput']}")
    lines += budgets.lines(result["figures"])
    if "server_profile" in result:
        lines.append(f"  server script runs (profiled): {result['server_profile']}")
    lines.append(
        f"  offline network errors in the console (not counted): {result['network_console_errors']}"
    )
    lines += [f"  error: {sample}" for sample in result["error_samples"]]
    return "\n".join(lines)


def _think_range(text: str) -> tuple[float, float]:
    """Parse ``MIN,MAX`` seconds (``3,8``) for ``--think``.

    Raises
    ------
    argparse.ArgumentTypeError
        Not two numbers, a negative one, or MIN above MAX.
    """
    try:
        low, high = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--think wants MIN,MAX seconds, got {text!r}") from None
    if low < 0 or high < low:
        raise argparse.ArgumentTypeError(f"--think wants 0 <= MIN <= MAX, got {text!r}")
    return low, high


def main(argv: list[str] | None = None) -> int:
    """Run the command line (see the module docstring); return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load_test")
    parser.add_argument("--sessions", type=int, default=SESSIONS)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument(
        "--think",
        type=_think_range,
        default=None,
        metavar="MIN,MAX",
        help="seconds each session reads after a click (uniform); default none",
    )
    parser.add_argument("--url", help="a running app (sign-in off); else one is started")
    parser.add_argument("--build-dir", type=Path, default=None)
    parser.add_argument(
        "--browsers", type=int, default=None, help="sessions in Chromium (default: all)"
    )
    parser.add_argument("--profile", metavar="PREFIX", help="profile the server (pyinstrument)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.profile and args.url:
        parser.error("--profile starts its own server: not with --url")
    build_dir = args.build_dir or settings.build_dir()
    result = run(
        build_dir, args.sessions, args.seconds, args.url, args.browsers, args.profile, args.think
    )
    print(json.dumps(result) if args.json else report(result))
    return 1 if "error" in result else 0


if __name__ == "__main__":
    sys.exit(main())
