"""The deployment path: two Streamlit replicas behind nginx, from ``deploy/run_local.sh``.

Runs the script on the pilot build (sign-in off) with free loopback ports
and checks, through nginx: each browser is pinned to one replica by its route
cookie, both replicas serve sessions (the page renders, so the websocket
works through the proxy, and nginx's log shows each session's websocket on
its own replica), both open the shared Logbook store (PostgreSQL when
``TPMAP_TEST_PG_URL`` is set, as in CI; else a SQLite file) and, when one
replica stops, the other serves its browsers; the data service answers under
``/api/`` through the same nginx, with links built for the proxy's address
(issue 16). Also checks that the build's
DuckDB file opens read-only in two processes at once (replicas share one
build folder).

Skipped without Chromium or nginx, unless REQUIRE_BROWSER=1 (set by
``.ci/run``, which installs both), where it fails instead.
"""

from __future__ import annotations

import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from browser_support import (
    PROJECT_ROOT,
    free_port,
    launch_chromium,
    require_browser_or_skip,
    wait_for_selector_in_frames,
    wait_for_streamlit,
)
from logbook_support import pg_url, store_url

SCRIPT = PROJECT_ROOT / "deploy" / "run_local.sh"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
READY_TIMEOUT_S = 240
ROUTE_COOKIE = "tpmap_route"
REPLICA_HEADER = "X-TPMAP-Replica"


def t_th(key: str) -> str:
    """Return a label of the app in Thai (the default language)."""
    from display.labels import label

    return label(key, "th")


def require_nginx_or_skip() -> None:
    if os.access(NGINX, os.X_OK):
        return
    message = "no nginx (apt-get install --no-install-recommends nginx)"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {message}", pytrace=False)
    pytest.skip(message)


def _read_ready_line(process: subprocess.Popen, timeout: float) -> tuple[str, list[str]]:
    """Return the script's "ready: ..." line and everything it printed before."""
    lines: list[str] = []
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not selector.select(timeout=1):
            continue
        line = process.stdout.readline()
        if not line:  # the script ended
            break
        lines.append(line.rstrip())
        if line.startswith("ready: "):
            return line.strip(), lines
    raise RuntimeError("deploy/run_local.sh did not get ready:\n" + "\n".join(lines))


@pytest.fixture(scope="module")
def deployment(pilot_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Run deploy/run_local.sh (two replicas, nginx); yield url, prefix and replica ports."""
    require_browser_or_skip()
    require_nginx_or_skip()
    state = tmp_path_factory.mktemp("deploy")
    # The script migrates the store once before it starts the replicas: start it empty.
    logbook_url = store_url("postgresql", state) if pg_url() else f"sqlite:///{state / 'lb.sqlite'}"
    api_port, proxy_port, *replica_ports = (free_port() for _ in range(4))
    env = {
        **os.environ,
        "TPMAP_BUILD_DIR": str(pilot_build),
        "TPMAP_AUTH": "off",
        "TPMAP_AUDIT_DB": str(state / "audit.sqlite"),
        "TPMAP_LOGBOOK_URL": logbook_url,
        "TPMAP_PROXY_PORT": str(proxy_port),
        "TPMAP_API_PORT": str(api_port),
        "TPMAP_REPLICA_PORTS": " ".join(map(str, replica_ports)),
    }
    process = subprocess.Popen(
        ["bash", str(SCRIPT)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: the replicas and nginx too
    )
    try:
        ready, _ = _read_ready_line(process, READY_TIMEOUT_S)
        prefix = Path(re.search(r"prefix=(\S+)", ready).group(1))
        yield {
            "url": f"http://127.0.0.1:{proxy_port}",
            "prefix": prefix,
            "replicas": [f"127.0.0.1:{port}" for port in replica_ports],
        }
    finally:
        # The script's trap stops the replicas and nginx, and removes the prefix.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _get(url: str, cookie: str | None = None) -> tuple[str, str | None]:
    """GET through nginx; return (replica that answered, route cookie set, if any)."""
    request = urllib.request.Request(url)
    if cookie:
        request.add_header("Cookie", f"{ROUTE_COOKIE}={cookie}")
    with urllib.request.urlopen(request, timeout=30) as response:
        cookies = " ".join(response.headers.get_all("Set-Cookie") or [])  # Streamlit's too
        match = re.search(rf"\b{ROUTE_COOKIE}=(\w+);", cookies)
        return response.headers[REPLICA_HEADER], match.group(1) if match else None


def _process_ended(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"


def test_build_opens_read_only_in_two_processes(pilot_build: Path):
    from queries.figures import connect

    con = connect(pilot_build)
    try:
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("CREATE TABLE replica_write (x INTEGER)")
        # A second process opens the same file while this one holds it open.
        other = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from queries.figures import connect; "
                "print(connect(sys.argv[1]).execute('SELECT count(*) FROM households')"
                ".fetchone()[0])",
                str(pilot_build),
            ],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert other.returncode == 0, other.stderr
        here = con.execute("SELECT count(*) FROM households").fetchone()[0]
        assert int(other.stdout) == here
    finally:
        con.close()


def test_two_replicas_behind_nginx(deployment: dict, pilot_build: Path):
    from playwright.sync_api import sync_playwright

    url, replicas = deployment["url"], deployment["replicas"]
    # New browsers get a random route cookie; collect one that lands on each replica.
    route_of: dict[str, str] = {}
    for _ in range(60):
        replica, cookie = _get(f"{url}/_stcore/health")
        assert cookie is not None
        route_of.setdefault(replica, cookie)
        if len(route_of) == len(replicas):
            break
    assert sorted(route_of) == sorted(replicas)
    # Sticky: with its cookie a browser always reaches the same replica.
    for replica, cookie in route_of.items():
        assert {_get(f"{url}/_stcore/health", cookie)[0] for _ in range(5)} == {replica}

    households = pd.read_parquet(pilot_build / "households.parquet", columns=["district_code"])
    n_districts = households.loc[households["district_code"].str[:2] == "41"].nunique().iloc[0]

    def open_pages(browser, cookie: str) -> str:
        """Load Udon Thani's overview and progress with this route; return the replica(s) tried."""
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            context.add_cookies([{"name": ROUTE_COOKIE, "value": cookie, "url": url}])
            page = context.new_page()
            response = page.goto(f"{url}/?area=41", wait_until="domcontentloaded")
            wait_for_streamlit(page, timeout=180)  # needs the websocket through nginx
            frame = wait_for_selector_in_frames(page, "path.leaflet-interactive", timeout=120)
            # One clickable polygon per district (the outline is inert): the replica read
            # the build.
            assert len(frame.query_selector_all("path.leaflet-interactive")) == n_districts
            # The progress page reads the Logbook store: shown, no error, no exception.
            page.goto(f"{url}/progress?area=41", wait_until="domcontentloaded")
            wait_for_streamlit(page, timeout=180)
            page.get_by_role("heading", name=t_th("page_progress")).first.wait_for()
            main = page.locator('[data-testid="stMain"]').inner_text()
            assert t_th("logbook_unavailable").split("{")[0].strip() not in main
            assert page.locator('[data-testid="stException"]').count() == 0
            return response.headers[REPLICA_HEADER.lower()]
        finally:
            context.close()

    access_log = deployment["prefix"] / "logs" / "access.log"
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for replica, cookie in route_of.items():
                assert open_pages(browser, cookie) == replica
            # nginx logs a websocket when it closes: each session's went to its replica.
            streams: set[tuple[str, str]] = set()
            for _ in range(100):
                streams = set(
                    re.findall(
                        r'"GET /_stcore/stream HTTP/1\.1" 101 .*route=(\w+) upstream=(\S+)',
                        access_log.read_text(),
                    )
                )
                if len(streams) >= len(replicas):
                    break
                time.sleep(0.1)
            assert {(cookie, replica) for replica, cookie in route_of.items()} <= streams

            # One replica stops: its browsers are served by the other one.
            stopped, kept = replicas
            port = stopped.rsplit(":", 1)[1]
            pid = int((deployment["prefix"] / f"replica-{port}.pid").read_text())
            os.kill(pid, signal.SIGTERM)
            for _ in range(300):
                if _process_ended(pid):
                    break
                time.sleep(0.1)
            assert _process_ended(pid)
            # nginx lists every replica it tried: the stopped one (refused), then the other.
            assert open_pages(browser, route_of[stopped]).split(", ")[-1] == kept
        finally:
            browser.close()


def test_data_service_behind_nginx(deployment: dict, pilot_build: Path):
    """``/api/`` reaches the data service through nginx: figures, links, ETag, 304."""
    import json

    url = deployment["url"]
    with urllib.request.urlopen(f"{url}/api/areas/41", timeout=60) as response:
        body = json.load(response)
        etag = response.headers["ETag"]
        assert response.headers["X-Data-Synthetic"] == "true"
    households = pd.read_parquet(pilot_build / "households.parquet", columns=["province_code"])
    assert body["figures"]["households"] == int((households["province_code"] == "41").sum())
    with urllib.request.urlopen(f"{url}/api/", timeout=60) as response:
        links = {link["rel"]: link["href"] for link in json.load(response)["links"]}
    assert links["data"] == f"{url}/api/collections"  # built for the proxy's address
    request = urllib.request.Request(f"{url}/api/areas/41", headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(request, timeout=60)
    assert not_modified.value.code == 304
