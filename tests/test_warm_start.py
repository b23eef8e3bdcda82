"""The server's warm start (issue 13): caches filled before the first sign-in.

``serve.py`` imports the page modules and runs :func:`app_data.warm.warm_up`
in a background thread once Streamlit's runtime is up, and answers
``/_tpmap/ready`` with 503 until that is over. The unit tests check that the
warm-up fills the cache entries the Overview reads (a cached call
after it never reaches the query) with the numbers the queries give; the
server test checks the probe and that the first sign-in after the warm-up
still draws the map (a custom component declared outside a script run is
never registered, so importing ``components`` in the warm-up broke it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st

from app_data import data, warm
from queries import figures


@pytest.fixture
def warmed(pilot_build: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict]:
    """Warm the caches for the pilot build from empty; yield warm_up's figures."""
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield warm.warm_up()
    st.cache_data.clear()
    st.cache_resource.clear()


def test_warm_up_fills_the_overview_caches_of_the_country_provinces_and_districts(
    warmed: dict, pilot_build: Path, pilot_con, pilot_households, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pilot build: the country, its three provinces and their districts, no error.
    districts = pilot_households["district_code"].nunique()
    assert districts > 30
    assert warmed["areas"] == 1 + 3 + districts
    assert "error" not in warmed
    # Expected values straight from the queries, before the cached path is cut off.
    codes = (None, "41", "60", "19", "4101", "1901")
    expected = {code: figures.area_summary(pilot_con, code) for code in codes}
    expected_children = figures.child_measures(pilot_con, "4101")

    def cut(*args, **kwargs):
        raise AssertionError("the warm-up left this entry empty")

    for name in ("area_summary", "child_measures", "children", "area", "meta"):
        monkeypatch.setattr(figures, name, cut)
    root = str(pilot_build)
    for code, value in expected.items():
        assert data.summary(root, code, data.Filters()) == value
    assert data.child_measures(root, "4101", data.Filters()).equals(expected_children)
    assert list(data.children(root, None)["code"]) == ["19", "41", "60"]
    assert data.area(root, "60")["level"] == "province"
    assert data.meta(root)  # the build metadata


def test_warm_up_fills_the_progress_page_of_the_country_and_provinces(
    warmed: dict, pilot_build: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app_data import logbook_data
    from logbook import stats

    assert warmed["logbook_areas"] == 4
    assert "logbook" not in warmed
    version = logbook_data.version()

    def cut(*args, **kwargs):
        raise AssertionError("the warm-up left the Logbook rows unread")

    monkeypatch.setattr(stats, "logbook_frames", cut)
    monkeypatch.setattr(stats, "target_status", cut)
    for code in (None, "41", "60", "19"):
        result = logbook_data.progress(str(pilot_build), logbook_data.url(), code, version)
        assert {"status", "summary", "children", "funnel"} <= set(result)


def test_warm_up_takes_the_largest_provinces_first_for_the_logbook_pages(
    pilot_build: Path, pilot_households, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app_data import logbook_data
    from logbook import stats

    sizes = pilot_households.groupby("province_code").size().sort_values(ascending=False)
    largest = sizes.index[0]
    assert sizes.iloc[0] > sizes.iloc[1]  # one province is the largest
    read: list = []
    real = stats.logbook_frames
    monkeypatch.setattr(stats, "logbook_frames", lambda e, c: read.append(c) or real(e, c))
    monkeypatch.setattr(logbook_data, "FRAMES_ENTRIES", 2)  # room for the country and one
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        assert warm.warm_up()["logbook_areas"] == 2
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
    assert read == [None, largest]


def test_warm_up_fills_the_country_view_of_area_potential(
    warmed: dict, pilot_build: Path, pilot_con, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app_data import potential_data
    from potential import queries
    from potential.distance import DEFAULT_DISTANCE_KM

    assert warmed["potential"] is True
    expected = queries.access_table(pilot_con, "41", DEFAULT_DISTANCE_KM, *_default_filters())[1]

    def cut(*args, **kwargs):
        raise AssertionError("the warm-up left the Area potential queries unrun")

    for name in ("access_table", "projects", "staff_by_level", "facility_counts", "economy"):
        monkeypatch.setattr(queries, name, cut)
    table = potential_data.province_potential(str(pilot_build), data.Filters()).set_index("code")
    # Every province of the boundaries, the built ones with their access figures.
    assert len(table) == 77 and table["poor_households"].notna().sum() == 3
    assert table.loc["41", "poor_households"] == expected["households"]
    assert table.loc["41", "far_either"] == expected["far_either"]


def test_warm_up_fills_the_scenarios_page_of_the_country_as_it_opens(
    warmed: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's own default rule hits the warmed entries: its queries never run."""
    from apptest_support import app_test
    from queries import scenario

    assert warmed["scenarios"] is True

    def cut(*args, **kwargs):
        raise AssertionError("the warm-up left the Scenarios page's figures uncomputed")

    monkeypatch.setattr(scenario, "compare", cut)
    monkeypatch.setattr(scenario, "count_changed", cut)
    monkeypatch.setenv("TPMAP_AUTH", "off")
    at = app_test(None)
    at.run()
    at.switch_page("app_pages/scenarios.py").run()
    assert not at.exception, at.exception
    assert at.dataframe  # the comparison and the list were drawn


def _default_filters() -> tuple:
    """The sidebar's default filters as access_table's k, dimensions, welfare_card."""
    filters = data.Filters()
    return filters.k, filters.dimensions, filters.welfare_card


def test_a_subdistrict_is_not_warmed_with_the_suites_setting(
    warmed: dict, pilot_build: Path, monkeypatch
) -> None:
    """TPMAP_WARM_SUBDISTRICTS=off (tests/conftest.py): a subdistrict is computed on demand."""
    assert warmed["subdistricts"] == 0
    calls: list = []
    real = figures.area_summary
    monkeypatch.setattr(
        figures, "area_summary", lambda *a, **k: calls.append(a[1]) or real(*a, **k)
    )
    data.summary(str(pilot_build), "410101", data.Filters())
    assert calls == ["410101"]


def test_warm_up_fills_every_subdistricts_overview_and_villages(
    pilot_build: Path, pilot_con, pilot_households, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        warmed = warm.warm_up(subdistricts=True)
        subdistricts = pilot_households["subdistrict_code"].nunique()
        assert subdistricts > 300
        districts = pilot_households["district_code"].nunique()
        assert warmed["subdistricts"] == subdistricts
        assert warmed["areas"] == 1 + 3 + districts + subdistricts
        # Expected values straight from the queries, before the cached path is cut off.
        codes = sorted(pilot_households["subdistrict_code"].unique())[::97]
        expected = {code: figures.area_summary(pilot_con, code) for code in codes}
        expected_children = {code: figures.child_measures(pilot_con, code) for code in codes}
        points = pd.read_parquet(pilot_build / "villages.parquet", columns=["village_code"])
        expected_villages = {
            code: set(figures.children(pilot_con, code)["code"]) & set(points["village_code"])
            for code in codes
        }

        def cut(*args, **kwargs):
            raise AssertionError("the warm-up left this entry empty")

        for name in ("area_summary", "child_measures", "children", "area"):
            monkeypatch.setattr(figures, name, cut)
        monkeypatch.setattr(data, "children", cut)  # what village_points reads when it computes
        for code in codes:
            assert data.summary(str(pilot_build), code, data.Filters()) == expected[code]
            measures = data.child_measures(str(pilot_build), code, data.Filters())
            assert measures.equals(expected_children[code])
            # The villages of the subdistrict with a point, from the cache.
            villages = data.village_points(str(pilot_build), code)
            assert set(villages["code"]) == expected_villages[code] != set()
            assert villages["lat"].between(5.5, 20.5).all()  # Thailand's latitudes
            assert data.area(str(pilot_build), code)["level"] == "subdistrict"
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


def test_warm_up_reports_a_missing_build_and_does_not_raise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(tmp_path / "nothing-here"))
    st.cache_data.clear()
    result = warm.warm_up()
    assert result["areas"] == 0
    assert "nothing-here" in result["error"]


def test_warm_up_stops_at_its_budget(warmed: dict, pilot_build: Path) -> None:
    """A spent budget warms no area (the caches are already full, so it is quick)."""
    assert warm.warm_up(budget_s=-1.0)["areas"] == 0


def test_server_says_ready_after_warm_up_and_first_sign_in_draws_the_map(
    pilot_build: Path,
) -> None:
    from browser_support import (
        launch_chromium,
        require_browser_or_skip,
        running_app,
        sign_in_through_form,
        wait_for_selector_in_frames,
        wait_ready,
    )

    require_browser_or_skip()
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TPMAP_AUTH", "on")
        with running_app(pilot_build) as url, sync_playwright() as playwright:
            ready = wait_ready(url, timeout=120)
            assert ready["ready"] is True
            assert ready["areas"] > 4  # the country, 3 provinces and their districts
            assert "error" not in ready
            assert ready["seconds"] > 0
            browser = launch_chromium(playwright)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                sign_in_through_form(page, url, "governor_udon", "governor_udon", "/?area=41")
                # The province's districts drawn by st_folium (a custom component).
                wait_for_selector_in_frames(page, "path.leaflet-interactive", timeout=60)
            finally:
                browser.close()
