"""AppTest runs of the survey-round selector and the Change page (issue 12).

Expected figures are recomputed with pandas from the rounds' Parquet files
(deprivation from the indicator columns and the income, not the stored mask).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from apptest_support import app_test
from data_loaders.schema import BOOLEAN_INDICATORS
from display.labels import label
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
    assert at.query_params["year"] == "2567"  # kept in the URL, so a copied link keeps it
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
    notice = next(w.value for w in at.warning if "2550" in w.value)
    # The message lists the rounds present; the URL now names the round shown.
    assert "พ.ศ. 2563, พ.ศ. 2564, พ.ศ. 2565, พ.ศ. 2566, พ.ศ. 2567" in notice
    assert at.query_params["year"] == "2567"


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


def district_figures(build: Path, year: int) -> pd.DataFrame:
    """Target poor persons and H per district of the province in one round, from Parquet."""
    frame = province_round(build, year)
    frame = frame.assign(
        target=frame["welfare_card_holders"].where(frame["poor"], 0),
        poor_persons=frame["n_members"].where(frame["poor"], 0),
    )
    by = frame.groupby("district_code")[["target", "poor_persons", "n_members"]].sum()
    by["h"] = by["poor_persons"] / by["n_members"]
    return by


def expected_ranking(change: pd.Series) -> list[str]:
    """Codes by change (largest fall first), ties by code."""
    return [c for _, c in sorted((v, c) for c, v in change.items())]


def ranked_change(at, key: str, measure: str, first: int, second: int) -> pd.Series:
    """Return the shown change of ``measure`` by code (in the table's order) of the ranked table."""
    rank = label("improvement_rank", "th")
    table = next(df.value for df in at.dataframe if rank in df.value.columns)
    ranks = table[rank].tolist()
    assert ranks[0] == 1 and ranks == sorted(ranks)
    years = {"first": f"พ.ศ. {first}", "second": f"พ.ศ. {second}"}
    column = label(key, "th", what=label(measure, "th"), **years)
    return table.set_index(label("code", "th"))[column]


def test_overview_keeps_the_round_map_and_ranks_children_by_the_fall_since_last_round(
    app, pilot_build
):
    at = app(PROVINCE).run()
    assert not at.exception
    assert at.radio(key="overview_map_view").value == "round"  # the default map stays
    assert not at.get("deck_gl_json_chart")  # no change map unless asked for
    before, now = district_figures(pilot_build, 2566), district_figures(pilot_build, 2567)
    change = (now["target"] - before["target"]).dropna()
    shown = ranked_change(at, "children_change_column", "target_poor_persons", 2566, 2567)
    assert shown.index.tolist() == expected_ranking(change)
    assert {c: int(v) for c, v in shown.items()} == change.astype(int).to_dict()


def test_overview_maps_and_ranks_the_change_of_h_between_two_chosen_rounds(app, pilot_build):
    at = app(PROVINCE).run()
    at.radio(key="overview_map_view").set_value("change").run()
    at.selectbox(key="change_from").set_value(2563).run()
    at.selectbox(key="change_to").set_value(2565).run()
    at.selectbox(key="overview_change_measure").set_value("headcount_ratio").run()
    assert not at.exception
    assert len(at.get("deck_gl_json_chart")) == 1  # the change map (components.change)
    first, second = district_figures(pilot_build, 2563), district_figures(pilot_build, 2565)
    change = (second["h"] - first["h"]).dropna()
    shown = ranked_change(at, "children_change_column_pp", "headcount_ratio", 2563, 2565)
    assert shown.index.tolist() == expected_ranking(change)
    np.testing.assert_allclose(shown[change.index], change * 100, atol=1e-9)


def test_rank_by_improvement_by_hand():
    from components.children import rank_by_improvement

    table = pd.DataFrame({"code": ["01", "02", "03", "04"], "households": [1, 2, 3, 4]})
    change = pd.DataFrame({"code": ["01", "02", "03"]})
    for measure in ("target_poor_persons", "poor_persons", "adjusted_headcount_ratio"):
        change[f"{measure}_change"] = 0.0
    change["headcount_ratio_change"] = [-0.05, 0.03, -0.05]  # 04 is not in the earlier round
    ranked = rank_by_improvement(table, change, "headcount_ratio")
    assert ranked["code"].tolist() == ["01", "03", "02", "04"]
    assert ranked["improvement_rank"].tolist()[:3] == [1, 1, 3]
    assert pd.isna(ranked["improvement_rank"].iloc[3])
    assert ranked["households"].tolist() == [1, 3, 2, 4]
