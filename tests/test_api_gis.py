"""A real GIS client reads the data service: GDAL's OGC API – Features driver (issue 16).

Starts ``python -m api`` (uvicorn) on a free loopback port over the pilot
build and reads it with GDAL's OAPIF driver through pyogrio, as QGIS does:
the layers are listed, and the districts of Udon Thani (41) come with their
figures, which must equal counts worked out here from the build's
``households.parquet`` with pandas. Headless Chromium opens the interactive
OpenAPI docs of the same server and asks no other host for anything.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyogrio
import pytest

ROOT = Path(__file__).resolve().parents[1]
READY_SECONDS = 180


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(pilot_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Run the data service on a free port; yield its ``/api/`` URL; stop it afterwards."""
    folder = tmp_path_factory.mktemp("api-gis")
    port = _free_port()
    env = {
        **os.environ,
        "TPMAP_LOGBOOK_URL": f"sqlite:///{folder / 'logbook.sqlite'}",
        "TPMAP_AUDIT_DB": str(folder / "audit.sqlite"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "api", "--port", str(port), "--build-dir", str(pilot_build)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/api/"
    try:
        deadline = time.monotonic() + READY_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"python -m api ended: {process.stderr.read()}")
            try:
                with urllib.request.urlopen(url + "conformance", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"python -m api did not answer within {READY_SECONDS} s")
                time.sleep(0.5)  # polling for readiness, not a timed assertion
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_gdal_has_the_oapif_driver():
    """pyogrio's GDAL carries the OGC API – Features driver (else the test below means nothing)."""
    assert "OAPIF" in pyogrio.list_drivers()


def test_gdal_reads_the_districts_of_udon_thani(server, pilot_households):
    """GDAL lists the four layers and reads province 41's districts with their figures."""
    layers = dict(pyogrio.list_layers(f"OAPIF:{server}"))
    assert list(layers) == ["provinces", "districts", "subdistricts", "villages"]
    assert layers["villages"] == "Point"

    districts = pyogrio.read_dataframe(
        f"OAPIF:{server}", layer="districts", where="province_code = '41'"
    )
    udon = pilot_households[pilot_households["province_code"] == "41"]
    poor = udon["n_members"].where(udon["mask"] != 0, 0)
    expected = (
        udon.assign(poor_persons=poor)
        .groupby("district_code")
        .agg(households=("household_id", "size"), poor_persons=("poor_persons", "sum"))
    )
    assert sorted(districts["code"]) == sorted(expected.index)
    assert districts.crs.to_epsg() == 4326
    assert districts.geometry.notna().all() and districts.is_valid.all()
    got = districts.set_index("code").sort_index()
    assert got["households"].astype(int).tolist() == expected["households"].tolist()
    assert got["poor_persons"].astype(int).tolist() == expected["poor_persons"].tolist()
    assert (got["name_th"].str.len() > 0).all()

    # A bounding box around Mueang Udon Thani's houses: GDAL sends it to the server.
    houses = udon[udon["district_code"] == "4101"]
    box = (houses.lon.min(), houses.lat.min(), houses.lon.max(), houses.lat.max())
    near = pyogrio.read_dataframe(f"OAPIF:{server}", layer="districts", bbox=box)
    assert "4101" in set(near["code"]) and len(near) < len(districts)
    assert near["code"].str.startswith("41").all()  # Saraburi, Nakhon Sawan lie far away


def test_openapi_docs_load_nothing_from_another_host(server):
    """The interactive docs render in Chromium with every request to this server (no CDN)."""
    from playwright.sync_api import sync_playwright

    from browser_support import launch_chromium, require_browser_or_skip

    require_browser_or_skip()
    ours = server.split("/")[2]
    hosts: set[str] = set()
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page()
            page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
            page.goto(server + "docs", wait_until="networkidle")
            page.wait_for_selector(".opblock", timeout=60_000)
            paths = page.locator(".opblock-summary-path").all_inner_texts()
        finally:
            browser.close()
    assert hosts == {ours}
    assert "/api/collections/{cid}/items" in paths and "/api/households" in paths
