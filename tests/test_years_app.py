"""AppTest runs of the survey-round selector and the Change page (issue 12).

Expected figures are recomputed with pandas from the rounds' Parquet files
(deprivation from the indicator columns and the income, not the stored mask).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from apptest_support import app_test
from data_loaders.schema import BOOLEAN_INDICATORS
from queries.figures import round_folder

PROVINCE = "41"


@pytest.fixture()
def app(pilot_build: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    monkeypatch.setenv("TPMAP_AUTH", "off")
    return app_test


def province_round(build: Path, year: int) -> pd.DataFrame:
    frame = pd.read_parquet(round_folder(build, year) / "households.parquet")
    frame = frame[frame["province_code"] == PROVINCE]
    failed = frame[list(BOOLEAN_INDICATORS)].fillna(False).astype(bool).any(axis=1)
    frame = frame.assign(poor=failed | (frame["income_per_capita"] < 38_000))
    return frame.set_index("household_id")


def test_the_year_in_the_url_drives_the_overview_and_its_deltas(app, pilot_build):
    at = app(PROVINCE)
    at.query_params["year"] = "2565"
    at.run()
    assert not at.exception
    assert at.selectbox(key="pick_year").value == 2565
    now, before = province_round(pilot_build, 2565), province_round(pilot_build, 2564)
    households = at.metric[0]
    assert households.value == f"{len(now):,}"
    assert households.delta == f"{len(now) - len(before):+,}"
    poor = at.metric[2]
    assert poor.value == f"{int(now['poor'].sum()):,}"
    assert poor.delta == f"{int(now['poor'].sum() - before['poor'].sum()):+,}"


def test_the_year_selector_shows_be_in_thai_and_ce_in_english(app):
    at = app(PROVINCE).run()
    box = at.selectbox(key="pick_year")
    assert box.value == 2567  # the latest round by default
    assert box.options == ["พ.ศ. 2567", "พ.ศ. 2566", "พ.ศ. 2565", "พ.ศ. 2564", "พ.ศ. 2563"]
    box.set_value(2563).run()
    assert at.query_params["year"] == "2563"
    at.sidebar.radio(key="lang").set_value("en").run()
    assert at.selectbox(key="pick_year").options == ["2024", "2023", "2022", "2021", "2020"]


def test_an_unknown_year_falls_back_to_the_latest_with_a_message(app):
    at = app(PROVINCE)
    at.query_params["year"] = "2550"
    at.run()
    assert not at.exception
    assert at.selectbox(key="pick_year").value == 2567
    assert any("2550" in w.value for w in at.warning)


def test_change_page_counts_match_parquet(app, pilot_build):
    at = app(PROVINCE)
    at.run()
    at.switch_page("app_pages/change.py").run()
    assert not at.exception
    assert at.selectbox(key="change_from").value == 2566
    assert at.selectbox(key="change_to").value == 2567
    a, b = province_round(pilot_build, 2566), province_round(pilot_build, 2567)
    both = a.index.intersection(b.index)
    pa, pb = a.loc[both, "poor"], b.loc[both, "poor"]
    want = [
        len(both),
        int((pa & pb).sum()),
        int((pa & ~pb).sum()),
        int((~pa & pb).sum()),
        int((~pa & ~pb).sum()),
    ]
    assert [m.value for m in at.metric[:5]] == [f"{n:,}" for n in want]
    assert any("สังเกต" in w.value for w in at.warning)  # the observational caveat
