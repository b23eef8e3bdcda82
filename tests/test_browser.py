"""End-to-end in headless Chromium: the overview draws its map and a click drills down.

AppTest cannot see inside the st_folium iframe (DESIGN.md), so this test
runs the real app on the pilot build. Skipped when Debian's chromium is
missing, unless REQUIRE_BROWSER=1 (set by .ci/run), where it fails instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from browser_support import (
    launch_chromium,
    require_browser_or_skip,
    running_app,
    wait_for_selector_in_frames,
    wait_for_streamlit,
)

POLYGON = "path.leaflet-interactive"


def test_overview_map_draws_polygons_and_click_drills_down(
    pilot_build: Path, monkeypatch: pytest.MonkeyPatch
):
    require_browser_or_skip()
    monkeypatch.setenv("TPMAP_AUTH", "off")  # running_app passes the environment on
    from playwright.sync_api import sync_playwright

    districts = pd.read_parquet(
        pilot_build / "households.parquet", columns=["district_code", "province_code"]
    )
    n_districts = districts.loc[districts["province_code"] == "41", "district_code"].nunique()

    with running_app(pilot_build) as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{url}/?area=41", wait_until="domcontentloaded")
            wait_for_streamlit(page, timeout=120)
            frame = wait_for_selector_in_frames(page, POLYGON, timeout=120)
            # The outline of the province plus one polygon per district with households.
            polygons = frame.query_selector_all(POLYGON)
            assert len(polygons) == n_districts + 1
            # Leaflet loaded from the app itself, not from a CDN (works offline).
            sources = frame.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
            if (Path(__file__).parents[1] / "static" / "leaflet" / "leaflet.js").exists():
                assert any("/app/static/leaflet/leaflet.js" in s for s in sources)

            # Click a district polygon (the last one drawn; the first is the outline).
            polygons[-1].click(force=True)
            page.wait_for_url(re.compile(r"area=\d{4}(&|$)"), timeout=60_000)
            district = re.search(r"area=(\d{4})", page.url).group(1)
            assert district.startswith("41")
            wait_for_streamlit(page, timeout=120)
            # The new map shows that district's subdistricts.
            n_sub = pd.read_parquet(
                pilot_build / "households.parquet", columns=["district_code", "subdistrict_code"]
            )
            want = n_sub.loc[n_sub["district_code"] == district, "subdistrict_code"].nunique()
            # Poll (bounded) until the new map has replaced the province's.
            count = -1
            for _ in range(200):
                frame = wait_for_selector_in_frames(page, POLYGON, timeout=60)
                count = len(frame.query_selector_all(POLYGON))
                if count == want + 1:
                    break
                page.wait_for_timeout(300)
            assert count == want + 1

            # A page link of the navigation keeps the area (the links drop the query string;
            # the session restores it).
            page.get_by_role("link", name="ประเด็นเร่งด่วน").click()
            page.wait_for_url(re.compile(rf"/urgent\?area={district}(&|$)"), timeout=60_000)
        finally:
            browser.close()
