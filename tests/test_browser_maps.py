"""Maps at every level in Chromium (issue 20), signed in through the real /signin form.

One app server (``serve.py``, sign-in on, the demo users) on the pilot build
for the module. What AppTest cannot see: the country map's 77 province
outlines, the province ranking drawn on the Urgent page, a click on a
household dot (deck.gl canvas) opening the household, a click on a village
name on the subdistrict map drilling down, a map saved as PNG, and, at
1366 × 768, that no table runs past the main column without a scroll bar.
Expected values are recomputed from the build's Parquet files. Skipped
without Chromium (fails under ``REQUIRE_BROWSER=1``).
"""

from __future__ import annotations

import io
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from browser_support import (
    colour_pixel_counts,
    launch_chromium,
    require_browser_or_skip,
    running_app,
    sign_in_through_form,
    wait_for_selector_in_frames,
    wait_for_streamlit,
)
from display.colours import HOUSEHOLD_RGB, SEQUENTIAL_5, spread_palette
from display.labels import label

POLYGON = "path.leaflet-interactive"
DECK = '[data-testid="stDeckGlJsonChart"]'
#: Colour of the village names' text on the subdistrict map (components.maps).
VILLAGE_TEXT_RGB = (0, 60, 100)


@pytest.fixture(scope="module")
def server(pilot_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Serve the app on the pilot build with sign-in on and a fresh audit log."""
    require_browser_or_skip()
    audit_db = tmp_path_factory.mktemp("maps_audit") / "audit.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TPMAP_AUTH", "on")
        patch.setenv("TPMAP_AUDIT_DB", str(audit_db))
        with running_app(pilot_build) as url:
            yield {"url": url, "audit_db": audit_db}


@pytest.fixture(scope="module")
def browser(server: dict) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Scroll bars drawn as a user sees them (Playwright hides them by default).
        chromium = launch_chromium(playwright, ignore_default_args=["--hide-scrollbars"])
        try:
            yield chromium
        finally:
            chromium.close()


def signed_in_page(browser, server: dict, username: str, path: str, width: int = 1400):
    """Return a new page signed in as ``username`` (demo password) showing ``path``."""
    context = browser.new_context(viewport={"width": width, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    sign_in_through_form(page, server["url"], username, username, path)
    wait_for_streamlit(page, timeout=120)
    return page


def poor_persons_by_province(households: pd.DataFrame) -> pd.Series:
    """MPI-poor persons per province (union rule: a household failing any dimension)."""
    poor = households[households["dimensions_failed"] > 0]
    return poor.groupby("province_code")["n_members"].sum().sort_values(ascending=False)


def test_country_map_draws_every_province(server, browser, pilot_build: Path, pilot_households):
    page = signed_in_page(browser, server, "national", "/")
    frame = wait_for_selector_in_frames(page, POLYGON, timeout=120)
    # 77 provinces from the boundaries (the build holds households for 3): no outline at
    # the top level, one polygon per province.
    n_provinces = len(gpd.read_parquet(pilot_build / "provinces.parquet"))
    assert n_provinces == 77
    assert len(frame.query_selector_all(POLYGON)) == n_provinces
    # Provinces outside the build are grey ("no data"), those with data coloured.
    fills = frame.eval_on_selector_all(POLYGON, "els => els.map(e => e.getAttribute('fill'))")
    assert fills.count("#d9d9d9") == n_provinces - pilot_households["province_code"].nunique()
    # The legend says what the grey means, and it sits on one line per entry.
    legend = page.locator("[data-testid='map-legend']").first
    assert label("no_data_short", "th") in legend.inner_text()
    page.context.close()


#: Per Vega-Lite chart on the page, the labels of its y axis, top to bottom (Vega's SVG
#: names each axis in its aria-label).
Y_LABELS_JS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].map(c => {
  const axis = [...c.querySelectorAll('g[aria-roledescription="axis"]')]
    .find(a => (a.getAttribute("aria-label") || "").startsWith("Y-axis"));
  return axis ? [...axis.querySelectorAll(".role-axis-label text")].map(t => t.textContent) : [];
})"""


def test_urgent_ranks_provinces_at_country_level(server, browser, pilot_households):
    page = signed_in_page(browser, server, "national", "/urgent")
    names = {"41": "จ.อุดรธานี", "60": "จ.นครสวรรค์", "19": "จ.สระบุรี"}
    ranked = [names[c] for c in poor_persons_by_province(pilot_households).index]
    # The chart whose bars are provinces (Vega-Lite writes its y labels top to bottom).
    page.wait_for_function(
        f"() => ({Y_LABELS_JS})().some(labels => labels.length && labels[0].startsWith('จ.'))",
        timeout=60_000,
    )
    provinces = [y for y in page.evaluate(Y_LABELS_JS) if y and y[0].startswith("จ.")]
    assert provinces == [ranked]  # one such chart, the most poor persons on top
    page.context.close()


@pytest.fixture(scope="module")
def village(pilot_households: pd.DataFrame) -> str:
    """A Udon Thani village of 100-300 households with green (1-dimension) households."""
    sizes = pilot_households.groupby("village_code").size()
    for code in sorted(sizes.index):
        if code.startswith("41") and 100 <= sizes[code] <= 300:
            failed = pilot_households.loc[
                pilot_households["village_code"] == code, "dimensions_failed"
            ]
            if (failed == 1).sum() >= 3:
                return code
    raise AssertionError("no Udon Thani village with green households")


def interior_pixel(png: bytes, rgb: tuple[int, int, int], tolerance: int = 10) -> tuple[int, int]:
    """Return (x, y) of a pixel of colour ``rgb`` whose 5 × 5 neighbourhood is all that colour."""
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)
    match = np.abs(pixels - np.array(rgb, dtype=np.int16)).max(axis=2) <= tolerance
    inner = match.copy()
    for dy in range(-2, 3):
        for dx in range(-2, 3):
            inner &= np.roll(np.roll(match, dy, axis=0), dx, axis=1)
    ys, xs = np.nonzero(inner)
    assert len(xs), f"no pixel of colour {rgb} on the map"
    return int(xs[len(xs) // 2]), int(ys[len(ys) // 2])


def test_click_on_household_dot_opens_it(server, browser, village, pilot_households):
    # The analyst sees pseudonyms and initials: the dot opens the masked household.
    page = signed_in_page(browser, server, "analyst", f"/?area={village}")
    deck = page.locator(DECK)
    deck.wait_for(timeout=120_000)
    deck.scroll_into_view_if_needed()
    green = HOUSEHOLD_RGB["green"]
    for _ in range(100):  # bounded poll: the layer draws once its data arrived
        if colour_pixel_counts(deck.screenshot(), {"g": green})["g"] > 30:
            break
        page.wait_for_timeout(300)
    x, y = interior_pixel(deck.screenshot(), green)
    deck.hover(position={"x": x, "y": y})
    tooltip = page.locator(".deck-tooltip")
    tooltip.wait_for(state="visible", timeout=30_000)
    tip = tooltip.inner_text()
    assert label("household_id", "th") in tip and label("failed_dimensions", "th") in tip
    pseudonym = re.search(r"H[0-9a-f]{12}", tip).group(0)  # never the stored ID
    deck.click(position={"x": x, "y": y})
    heading = page.get_by_text(label("household_title", "th", id=pseudonym))
    heading.wait_for(timeout=60_000)
    # The household opened is a green one of this village: exactly one dimension failed.
    metric = page.locator("[data-testid='stMetric']").filter(
        has_text=label("dimensions_failed", "th")
    )
    assert metric.last.locator("[data-testid='stMetricValue']").inner_text().strip() == "1"
    page.context.close()


def test_village_click_on_subdistrict_map_drills_down(server, browser, pilot_households):
    # A Udon Thani subdistrict of 3 to 8 villages: their names are drawn on the map.
    in_41 = pilot_households[pilot_households["province_code"] == "41"]
    counts = in_41.groupby("subdistrict_code")["village_code"].nunique()
    subdistrict = sorted(counts[(counts >= 3) & (counts <= 8)].index)[0]
    villages = set(in_41.loc[in_41["subdistrict_code"] == subdistrict, "village_code"])
    page = signed_in_page(browser, server, "national", f"/?area={subdistrict}")
    deck = page.locator(DECK)
    deck.wait_for(timeout=120_000)
    deck.scroll_into_view_if_needed()
    shot = b""
    for _ in range(100):  # bounded poll: the names draw once the font atlas is built
        shot = deck.screenshot()
        if colour_pixel_counts(shot, {"text": VILLAGE_TEXT_RGB}, tolerance=30)["text"] > 20:
            break
        page.wait_for_timeout(300)
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(shot)).convert("RGB"), dtype=np.int16)
    distance = np.abs(pixels - np.array(VILLAGE_TEXT_RGB)).max(axis=2)
    assert (distance <= 30).sum() > 20, "no village name drawn"
    y, x = np.unravel_index(np.argmin(distance), distance.shape)  # on a letter of a name
    deck.hover(position={"x": int(x), "y": int(y)})
    tooltip = page.locator(".deck-tooltip")
    tooltip.wait_for(state="visible", timeout=30_000)
    assert label("map_village_click", "th") in tooltip.inner_text()
    deck.click(position={"x": int(x), "y": int(y)})
    page.wait_for_url(re.compile(r"area=\d{8}(&|$)"), timeout=60_000)
    chosen = re.search(r"area=(\d{8})", page.url).group(1)
    assert chosen in villages
    page.context.close()


def test_map_saved_as_png_holds_title_legend_area_and_date(server, browser, pilot_households):
    from PIL import Image

    page = signed_in_page(browser, server, "national", "/?area=41")
    wait_for_selector_in_frames(page, POLYGON, timeout=120)
    save = page.get_by_role("button", name=label("map_save", "th"))
    save.first.scroll_into_view_if_needed()
    save.first.click()
    wait_for_streamlit(page, timeout=120)
    link = page.get_by_role("button", name=re.compile(r"^ดาวน์โหลด map_41_area\.png"))
    link.wait_for(timeout=60_000)
    with page.expect_download() as info:
        link.click()
    content = Path(info.value.path()).read_bytes()
    image = Image.open(io.BytesIO(content))
    assert image.format == "PNG" and image.size[0] >= 1200 and image.size[1] >= 1000
    text = image.info
    assert text["Area"] == "จ.อุดรธานี"
    assert re.search(r"25\d\d$", text["Date"])  # Buddhist Era year
    assert "ข้อมูลสังเคราะห์" in text["Comment"]
    assert text["Legend"].startswith(label("measure_poor_persons", "th"))
    # The legend entries are the district classes, drawn in their colours.
    poor = pilot_households[
        (pilot_households["province_code"] == "41") & (pilot_households["dimensions_failed"] > 0)
    ]
    per_district = poor.groupby("district_code")["n_members"].sum()
    assert f"{per_district.max():,}" in text["Legend"]
    colours = {c: tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in spread_palette(5)}
    drawn = colour_pixel_counts(content, colours, tolerance=2)
    assert all(n > 0 for n in drawn.values()), drawn
    assert set(spread_palette(5)) <= set(SEQUENTIAL_5)
    page.context.close()
    # One audit row for the file, as for every download.
    with sqlite3.connect(server["audit_db"]) as con:
        rows = con.execute(
            "SELECT username, what, format, area_code FROM exports WHERE what = 'map'"
        ).fetchall()
    assert ("national", "map", "png", "41") in rows


@pytest.mark.parametrize("path", ["/?area=41", "/urgent?area=410101", "/potential?area=4101"])
def test_no_table_runs_past_the_main_column_at_1366(server, browser, path):
    page = signed_in_page(browser, server, "national", path, width=1366)
    page.set_viewport_size({"width": 1366, "height": 768})
    wait_for_streamlit(page, timeout=120)
    tables = page.locator("[data-testid='stDataFrame']")
    tables.first.wait_for(state="attached", timeout=120_000)
    main_right = page.locator("[data-testid='stMainBlockContainer']").evaluate(
        "e => e.getBoundingClientRect().right"
    )
    checked = 0
    for table in tables.all():
        if not table.is_visible():  # inside a closed expander
            continue
        table.scroll_into_view_if_needed()
        table.locator(".dvn-scroller").wait_for(timeout=30_000)
        checked += 1
        box = table.evaluate(
            """t => {
              const s = t.querySelector('.dvn-scroller');
              return {right: t.getBoundingClientRect().right, scrollWidth: s.scrollWidth,
                      clientWidth: s.clientWidth, bar: s.offsetHeight - s.clientHeight};
            }"""
        )
        assert box["right"] <= main_right + 1, box
        # Wider than its box: then a horizontal scroll bar shows.
        assert box["scrollWidth"] <= box["clientWidth"] + 1 or box["bar"] > 0, box
    assert checked > 0
    # The sidebar can be collapsed: its button is shown, and a click hides the sidebar.
    button = page.locator("[data-testid='stSidebarCollapseButton'] button")
    assert button.is_visible()
    button.click()
    # Collapsed, and once its slide is over, out of view.
    page.wait_for_function(
        "() => { const s = document.querySelector('[data-testid=\"stSidebar\"]');"
        " return s.getAttribute('data-collapsed') === 'true'"
        " && s.getBoundingClientRect().right <= 0; }",
        timeout=10_000,
    )
    page.context.close()


def table_toolbar(page) -> tuple:
    """Hover the page's first visible table; return its toolbar and the buttons' labels."""
    table = page.locator("[data-testid='stDataFrame']:visible").first
    table.wait_for(timeout=30_000)
    table.scroll_into_view_if_needed()
    table.hover()
    toolbar = page.locator("[data-testid='stElementToolbar']:visible").first
    labels = "e => Array.from(e.querySelectorAll('button')).map(b => b.getAttribute('aria-label'))"
    return toolbar, toolbar.evaluate(labels)


def test_table_toolbar_speaks_the_language_of_the_page(server, browser):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from display.labels import STREAMLIT_TEXTS

    page = signed_in_page(browser, server, "governor_udon", "/?area=41", width=1366)
    toolbar, labels = table_toolbar(page)
    thai = [STREAMLIT_TEXTS[e] for e in ("Show/hide columns", "Search", "Fullscreen")]
    assert labels == thai
    # The tooltip drawn on hover is Thai, and so is the search bar opened by the button.
    search = toolbar.locator("button").nth(1)
    tip = page.locator("[data-testid='stTooltipContent']")
    for _try in range(5):  # the toolbar fades in: hover again until the tooltip shows
        search.hover(position={"x": 6, "y": 6})
        search.hover()
        try:
            tip.wait_for(timeout=3_000)
            break
        except PlaywrightTimeout:
            continue
    assert tip.inner_text().strip() == STREAMLIT_TEXTS["Search"]
    search.click()
    status = page.locator(".gdg-search-status")
    status.wait_for(timeout=10_000)
    assert status.inner_text().strip() == STREAMLIT_TEXTS["Type to search"]
    page.keyboard.press("Escape")
    # In English, Streamlit's own words come back.
    page.get_by_text("English", exact=True).click()
    wait_for_streamlit(page, timeout=120)
    assert table_toolbar(page)[1] == ["Show/hide columns", "Search", "Fullscreen"]
    page.context.close()


def test_audit_page_table_toolbar_is_thai_too(server, browser):
    """The audit page has no area header; its tables' toolbars follow the language too."""
    from display.labels import STREAMLIT_TEXTS, label

    page = signed_in_page(browser, server, "national", "/audit", width=1366)
    # The sign-in log holds at least this sign-in: open it and hover its table.
    page.get_by_text(label("signin_events", "th"), exact=True).click()
    thai = [STREAMLIT_TEXTS[e] for e in ("Show/hide columns", "Search", "Fullscreen")]
    assert table_toolbar(page)[1] == thai
    # The script's container takes no room on the page.
    assert not page.locator(".st-key-streamlit_texts").is_visible()
    page.context.close()


#: The toolbar of the element holding a chart: its CSS display and its buttons' labels.
TOOLBAR_OF_JS = """chart => {
  const toolbar = chart.closest('[data-testid="stElementContainer"]')
    .querySelector('[data-testid="stElementToolbar"]');
  return {display: getComputedStyle(toolbar).display,
          buttons: [...toolbar.querySelectorAll("button")].map(b => b.getAttribute("aria-label"))};
}"""


@pytest.mark.parametrize(
    ("username", "path"),
    [("governor_udon", "/?area=41"), ("analyst", "/urgent?area=4101"), ("national", "/potential")],
)
def test_charts_offer_no_download_of_their_own(server, browser, username, path):
    """Vega-Lite charts are drawn, with Streamlit's chart toolbar (its "Download as PNG",
    "Show data" and "Copy Vega-Lite spec") hidden: data leave only through the one
    audited download path (issue 11; components.charts.HIDE_CHART_TOOLBAR_CSS).
    """
    page = signed_in_page(browser, server, username, path)
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    charts.first.wait_for(timeout=60_000)
    assert charts.count() >= 1
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        chart.locator("svg.marks, canvas").first.wait_for(timeout=30_000)  # drawn
        chart.hover()
        page.wait_for_timeout(300)  # the toolbar would fade in on hover
        toolbar = chart.evaluate(TOOLBAR_OF_JS)
        # Streamlit drew its toolbar, with the PNG download: this test would see it shown.
        assert "Download as PNG" in toolbar["buttons"]
        assert toolbar["display"] == "none"
    assert page.locator('button[aria-label="Download as PNG"]:visible').count() == 0
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0  # no Plotly here
    page.context.close()
