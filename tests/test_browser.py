"""End-to-end in headless Chromium: maps draw, a click drills down, a download arrives.

AppTest cannot see inside the st_folium iframe or the deck.gl canvas, nor
receive a file (DESIGN.md), so these tests run the real app on the pilot
build: one server and one browser for the module. Skipped when Debian's
chromium is missing, unless REQUIRE_BROWSER=1 (set by .ci/run), where they
fail instead. Sign-in is off (a local national user, personal data shown).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from browser_support import (
    colour_pixel_counts,
    launch_chromium,
    require_browser_or_skip,
    running_app,
    wait_for_selector_in_frames,
    wait_for_streamlit,
)
from display.colours import HOUSEHOLD_RGB
from display.labels import label

POLYGON = "path.leaflet-interactive"
DECK = '[data-testid="stDeckGlJsonChart"]'
#: Point colours by dimensions failed (seed 002): 1 green, 2-3 yellow, 4-5 red.
POINT_RGB = {c: HOUSEHOLD_RGB[c] for c in ("green", "yellow", "red")}
CLASS_OF_DIMENSIONS = {1: "green", 2: "yellow", 3: "yellow", 4: "red", 5: "red"}


@pytest.fixture(scope="module")
def app(pilot_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Serve the app on the pilot build, sign-in off, audit log in a temp file."""
    require_browser_or_skip()
    audit_db = tmp_path_factory.mktemp("audit") / "audit.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TPMAP_AUTH", "off")  # running_app passes the environment on
        patch.setenv("TPMAP_AUDIT_DB", str(audit_db))
        with running_app(pilot_build) as url:
            yield {"url": url, "audit_db": audit_db}


@pytest.fixture(scope="module")
def browser(app: dict) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def polygons_once(page, count: int) -> tuple:
    """Poll (bounded: 200 times, 0.3 s apart) until the map draws ``count`` polygons.

    Returns the map's frame and the last count seen (the caller asserts it).
    """
    seen = -1
    for _ in range(200):
        frame = wait_for_selector_in_frames(page, POLYGON, timeout=60)
        seen = len(frame.query_selector_all(POLYGON))
        if seen == count:
            break
        page.wait_for_timeout(300)
    return frame, seen


def test_overview_map_draws_polygons_and_click_drills_down(app, page, pilot_build: Path):
    url = app["url"]
    districts = pd.read_parquet(
        pilot_build / "households.parquet", columns=["district_code", "province_code"]
    )
    n_districts = districts.loc[districts["province_code"] == "41", "district_code"].nunique()

    page.goto(f"{url}/?area=41", wait_until="domcontentloaded")
    wait_for_streamlit(page, timeout=120)
    frame = wait_for_selector_in_frames(page, POLYGON, timeout=120)
    # One clickable polygon per district with households (the province's outline is
    # drawn but is no click target: components.maps.choropleth).
    polygons = frame.query_selector_all(POLYGON)
    assert len(polygons) == n_districts
    # Leaflet loaded from the app itself, not from a CDN (works offline).
    sources = frame.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
    if (Path(__file__).parents[1] / "static" / "leaflet" / "leaflet.js").exists():
        assert any("/app/static/leaflet/leaflet.js" in s for s in sources)

    # Click a district polygon (the last one drawn).
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
    # The new map has replaced the province's.
    assert polygons_once(page, want)[1] == want

    # Back to the province in the same session (the sidebar's district picker): the
    # click that opened the district is not followed again (the map's last value stays
    # in session state; components.maps.forget_click), and a new click still drills down.
    box = page.locator(".st-key-pick_district input[role=combobox]")
    box.click()
    box.fill("— ทั้งหมด —")
    page.get_by_role("option", name="— ทั้งหมด —", exact=True).click()
    page.wait_for_url(re.compile(r"area=41(&|$)"), timeout=60_000)
    frame, count = polygons_once(page, n_districts)
    assert count == n_districts
    wait_for_streamlit(page, timeout=120)
    page.wait_for_timeout(3000)
    assert re.search(r"area=41(&|$)", page.url), page.url
    polygons = frame.query_selector_all(POLYGON)
    polygons[1].click(force=True)
    page.wait_for_url(re.compile(r"area=\d{4}(&|$)"), timeout=60_000)
    district = re.search(r"area=(\d{4})", page.url).group(1)
    assert district.startswith("41")
    wait_for_streamlit(page, timeout=120)

    # A page link of the navigation keeps the area and the survey round (the links drop
    # the query string; the session restores both, in either order).
    page.get_by_role("link", name="ประเด็นเร่งด่วน").click()
    page.wait_for_url(re.compile(rf"/urgent\?([^#]*&)?area={district}(&|$)"), timeout=60_000)
    assert re.search(r"[?&]year=\d{4}(&|$)", page.url), page.url


def poor_classes(households: pd.DataFrame, village: str) -> set[str]:
    """Colour classes of the village's MPI-poor households (union rule: 1+ dimension failed)."""
    failed = households.loc[households["village_code"] == village, "dimensions_failed"]
    return {CLASS_OF_DIMENSIONS[int(n)] for n in failed if n > 0}


@pytest.fixture(scope="module")
def village(pilot_households: pd.DataFrame) -> str:
    """A Udon Thani village whose poor are green and yellow, none red, 100-300 households."""
    sizes = pilot_households.groupby("village_code").size()
    for code in sorted(sizes.index):
        if code.startswith("41") and 100 <= sizes[code] <= 300:
            if poor_classes(pilot_households, code) == {"green", "yellow"}:
                return code
    raise AssertionError("no Udon Thani village with green and yellow but no red households")


def test_urgent_map_draws_household_points(app, page, village, pilot_households):
    # deck.gl draws into a WebGL canvas, one draw call for all points: count the pixels
    # of each point colour in a screenshot of the map. The village's poor households
    # fail 1 to 3 dimensions, so green and yellow points must show and no red one.
    assert poor_classes(pilot_households, village) == {"green", "yellow"}
    page.goto(f"{app['url']}/urgent?area={village}", wait_until="domcontentloaded")
    deck = page.locator(DECK)
    deck.wait_for(timeout=120_000)
    wait_for_streamlit(page, timeout=120)
    deck.scroll_into_view_if_needed()
    pixels: dict[str, int] = {}
    for _ in range(100):  # bounded poll: the layer draws once its data arrived
        pixels = colour_pixel_counts(deck.screenshot(), POINT_RGB)
        if pixels["green"] and pixels["yellow"]:
            break
        page.wait_for_timeout(300)
    assert pixels["green"] > 0 and pixels["yellow"] > 0, pixels
    assert pixels["red"] == 0, pixels


def test_csv_download_matches_duckdb(app, page, village, pilot_build: Path):
    # Households of the village with no welfare-card holder, one row each, as CSV.
    with duckdb.connect(str(pilot_build / "tpmap.duckdb"), read_only=True) as con:
        expected = con.execute(
            "SELECT household_id, head_name FROM households "
            "WHERE village_code = ? AND welfare_card_holders = 0 ORDER BY household_id",
            [village],
        ).fetchall()
    assert 0 < len(expected)

    page.goto(f"{app['url']}/households?area={village}", wait_until="domcontentloaded")
    wait_for_streamlit(page, timeout=120)
    page.locator(".st-key-hs_card").get_by_text("ไม่มีบัตร", exact=True).click()
    page.locator(".st-key-hs_submit button").click()
    page.locator('[data-testid="stMetricValue"]').filter(
        has_text=re.compile(rf"^{len(expected):,}$")
    ).wait_for(timeout=120_000)
    # The export's expander (the suggested help has one too, further down).
    page.locator('[data-testid="stExpander"] summary').filter(has_text="CSV").click()
    page.locator(".st-key-hs_export_make button").click()
    download_button = page.locator(".st-key-hs_download button")
    download_button.wait_for(timeout=120_000)
    with page.expect_download(timeout=60_000) as download_info:
        download_button.click()
    download = download_info.value
    name = download.suggested_filename
    assert re.fullmatch(rf"tpmap_{village}_household_\d{{8}}-\d{{4}}\.csv", name)
    content = Path(download.path()).read_bytes()

    assert content.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads the Thai
    lines = content.decode("utf-8-sig").splitlines(keepends=True)
    rows = list(csv.reader(line for line in lines if not line.startswith("#")))  # header comment
    header, body = rows[0], rows[1:]
    assert header[:2] == ["รหัสครัวเรือน", "หัวหน้าครัวเรือน"]
    assert len(body) == len(expected)
    # Every household once, with its head's name in full (a national user sees it).
    assert sorted((row[0], row[1]) for row in body) == expected

    from access.audit import read_exports

    logged = read_exports(app["audit_db"])
    assert len(logged) == 1
    assert (logged.loc[0, "area_code"], logged.loc[0, "format"]) == (village, "csv")
    assert int(logged.loc[0, "rows"]) == len(expected)

    # The file's URL is served to this browser only (server.media_guard): the same URL
    # without the session's cookie is refused, with it the file comes again.
    import urllib.error
    import urllib.request

    assert download.url.startswith(f"{app['url']}/media/")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(download.url, timeout=30)
    assert refused.value.code == 403
    again = page.context.request.get(download.url)
    assert again.status == 200 and again.body() == content


#: Pages of a full walk, each at an area that makes it draw its maps and tables.
WALK = (
    "overview?area=41",
    "overview?area={village}",
    "urgent?area={village}",
    "potential?area=4101",
    "progress?area=410101",
    "logbook?area=410101",
    "households?area={village}",
    "reports?area=41",
    "data-quality?area=41",
    "scenarios?area=4101",
    "audit",
)


def test_no_request_leaves_the_app_host(app, page, village):
    """Every request of a walk through all pages goes to the app's own host (issue 11)."""
    from urllib.parse import urlsplit

    own = urlsplit(app["url"]).netloc
    seen: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    # The app's own files must all arrive too (the media guard once refused Streamlit's
    # fonts under /static/media/).
    # (Streamlit's own probes of /<page>/_stcore/... may answer 404 and are retried at the root.)
    page.on(
        "response",
        lambda r: (
            failed.append(f"{r.status} {r.url}")
            if r.status == 403 or r.status >= 500 or (r.status == 404 and "/static/" in r.url)
            else 0
        ),
    )
    for path in WALK:
        page.goto(f"{app['url']}/{path.format(village=village)}", wait_until="domcontentloaded")
        wait_for_streamlit(page, timeout=120)
        if path.startswith("potential"):  # its point map (deck.gl) draws once opened
            page.locator('[data-testid="stExpander"] summary').filter(
                has_text=label("access_map_panel", "th")
            ).click()
            page.locator(f'[data-testid="stExpander"] {DECK}').wait_for(timeout=120_000)
            wait_for_streamlit(page, timeout=120)
        page.wait_for_load_state("networkidle", timeout=60_000)
    foreign = sorted(
        {u for u in seen if urlsplit(u).scheme in ("http", "https", "ws", "wss")}
        - {u for u in seen if urlsplit(u).netloc == own}
    )
    assert len(seen) > len(WALK) and foreign == []
    assert failed == []
