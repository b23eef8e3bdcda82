"""AppTest runs of the app: the picker, filters and language drive what is shown.

Expected figures are computed independently with pandas from the build's
``households.parquet`` (indicator columns and income, not the stored mask).

The AppTest work-around for multipage apps is in ``apptest_support``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from apptest_support import app_test
from components.children import drill_down_target
from data_loaders.schema import BOOLEAN_INDICATORS
from display.labels import label
from poverty.indicators import INDICATORS


@pytest.fixture()
def app(pilot_build: Path, monkeypatch: pytest.MonkeyPatch):
    """Return a function making an AppTest on the pilot build for a URL area."""
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    monkeypatch.setenv("TPMAP_AUTH", "off")  # the local national user; sign-in is tested elsewhere

    def make(area: str | None = None, page: str | None = None) -> AppTest:
        at = app_test(area)
        if page:
            at.run()
            at.switch_page(page)
        return at

    return make


@pytest.fixture(scope="module")
def households(pilot_build: Path) -> pd.DataFrame:
    frame = pd.read_parquet(pilot_build / "households.parquet")
    deprived = frame[list(BOOLEAN_INDICATORS)].fillna(False).astype(bool).any(axis=1)
    frame["poor"] = deprived | (frame["income_per_capita"] < 38_000)
    return frame


def expected(frame: pd.DataFrame) -> dict[str, str]:
    """KPI texts worked out from the households: counts with thousands separators."""
    poor = frame[frame["poor"]]
    return {
        "households": f"{len(frame):,}",
        "persons": f"{int(frame['n_members'].sum()):,}",
        "poor_households": f"{len(poor):,}",
        "poor_persons": f"{int(poor['n_members'].sum()):,}",
        "target_poor_persons": f"{int(poor['welfare_card_holders'].sum()):,}",
        "headcount_ratio": f"{poor['n_members'].sum() / frame['n_members'].sum() * 100:,.2f}",
    }


def metrics(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


def test_overview_province_from_url(app, households):
    at = app("41").run()
    assert not at.exception
    want = expected(households[households["province_code"] == "41"])
    shown = metrics(at)
    # Order of the cards: households, persons, poor households, poor persons,
    # target poor, poor without card, H, A, M0, stars.
    assert shown[:5] == [
        want[k]
        for k in ["households", "persons", "poor_households", "poor_persons", "target_poor_persons"]
    ]
    assert shown[6] == f"ร้อยละ {want['headcount_ratio']}"
    assert at.selectbox(key="pick_province").value == "41"
    assert any("ข้อมูลสังเคราะห์" in i.value for i in at.info)  # synthetic banner


def test_picker_drills_down_and_updates_url(app, households):
    at = app("41").run()
    at.selectbox(key="pick_district").select("4101").run()
    assert at.query_params["area"] in ("4101", ["4101"])
    want = expected(households[households["district_code"] == "4101"])
    assert metrics(at)[:4] == [
        want["households"],
        want["persons"],
        want["poor_households"],
        want["poor_persons"],
    ]
    assert at.selectbox(key="pick_district").value == "4101"
    # Choosing "all" in the district box goes back to the province.
    at.selectbox(key="pick_district").select("").run()
    assert at.query_params["area"] in ("41", ["41"])
    assert metrics(at)[0] == expected(households[households["province_code"] == "41"])["households"]


def test_welfare_card_filter_counts_card_holders(app, households):
    at = app("19").run()
    at.radio(key="welfare_card").set_value("with").run()
    saraburi = households[households["province_code"] == "19"]
    with_card = saraburi[saraburi["welfare_card_holders"] > 0]
    poor = saraburi[saraburi["poor"]]
    shown = metrics(at)
    assert shown[0] == f"{len(with_card):,}"  # households with a card holder
    assert shown[1] == f"{int(saraburi['welfare_card_holders'].sum()):,}"  # card holders
    assert shown[3] == f"{int(poor['welfare_card_holders'].sum()):,}"  # poor persons with card
    assert shown[5] == "0"  # nobody without a card in this population


def test_k_one_third_changes_the_poor(app, households):
    at = app("60").run()
    at.radio(key="cutoff").set_value("third").run()
    ns = households[households["province_code"] == "60"]
    # Scores from the indicator columns (weights 1/20, 1/15, 1/10), income from its amount.
    weights = {
        c: 1 / 20 for c in BOOLEAN_INDICATORS if c.split("_")[0] in ("health", "living", "edu")
    }
    weights.update({c: 1 / 15 for c in BOOLEAN_INDICATORS if c.startswith("income")})
    weights.update({c: 1 / 10 for c in BOOLEAN_INDICATORS if c.startswith("access")})
    score = sum(ns[c].fillna(False).astype(bool) * w for c, w in weights.items())
    score = score + (ns["income_per_capita"] < 38_000) / 15
    poor = ns[score >= 1 / 3 - 1e-9]
    assert metrics(at)[3] == f"{int(poor['n_members'].sum()):,}"


def test_language_switch_changes_labels(app):
    at = app("41").run()
    assert "คนตก MPI" in [m.label for m in at.metric]
    at.radio(key="lang").set_value("en").run()
    labels = [m.label for m in at.metric]
    assert "MPI-poor persons" in labels and "คนตก MPI" not in labels
    assert at.metric[6].value.endswith("%")


def test_unknown_area_in_url_gives_a_message(app):
    at = app("9999").run()
    assert not at.exception
    assert any("9999" in w.value for w in at.warning)
    assert at.selectbox(key="pick_province").value == ""


def test_urgent_page_ranks_households(app, households):
    at = app("410101", "app_pages/urgent.py").run()
    assert not at.exception
    area = households[(households["subdistrict_code"] == "410101") & households["poor"]].copy()
    dims = {
        "health": [c for c in BOOLEAN_INDICATORS if c.startswith("health")],
        "living": [c for c in BOOLEAN_INDICATORS if c.startswith("living")],
        "edu": [c for c in BOOLEAN_INDICATORS if c.startswith("edu")],
        "access": [c for c in BOOLEAN_INDICATORS if c.startswith("access")],
    }
    failed = sum(
        area[cols].fillna(False).astype(bool).any(axis=1).astype(int) for cols in dims.values()
    )
    income_failed = area[["income_working_age_job", "income_elderly_job"]].fillna(False).astype(
        bool
    ).any(axis=1) | (area["income_per_capita"] < 38_000)
    area["failed"] = failed + income_failed.astype(int)
    # DOMAIN.md §4: no card holder (1.2) failing income and living first, then 1.2 failing
    # one of them, the rest of 1.2, then 1.1.
    living_failed = area[dims["living"]].fillna(False).astype(bool).any(axis=1)
    no_card = area["welfare_card_holders"] == 0
    area["priority"] = np.select(
        [
            no_card & income_failed & living_failed,
            no_card & (income_failed | living_failed),
            no_card,
        ],
        [1, 2, 3],
        4,
    )
    area = area.sort_values(
        ["priority", "failed", "deprivation_score", "household_id"],
        ascending=[True, False, False, True],
    )
    table = at.dataframe[0].value
    assert len(table) == len(area)
    assert table[label("dimensions_failed", "th")].tolist() == area["failed"].tolist()
    top = area.iloc[0]
    assert str(top["house_no"]) in table[label("address", "th")].iloc[0]  # house number first
    # Each row carries its household ID and house coordinates (national role: exact), so a
    # row can be tied to its dot on the map (issue 20).
    assert table[label("household_id", "th")].tolist() == area["household_id"].tolist()
    np.testing.assert_allclose(table[label("coordinates_lat", "th")], area["lat"], atol=1e-9)
    np.testing.assert_allclose(table[label("coordinates_lon", "th")], area["lon"], atol=1e-9)
    reasons = {
        1: "ไม่มีบัตรสวัสดิการ ตกเกณฑ์รายได้และความเป็นอยู่",
        2: "ไม่มีบัตรสวัสดิการ ตกเกณฑ์รายได้หรือความเป็นอยู่",
        3: "ไม่มีบัตรสวัสดิการ (กลุ่ม 1.2)",
        4: "มีบัตรสวัสดิการ (กลุ่ม 1.1)",
    }
    assert table[label("priority_reason", "th")].tolist() == [reasons[p] for p in area["priority"]]


def test_drill_down_target_follows_only_children():
    children = ["4101", "4102"]
    assert drill_down_target("4102", "41", children) == "4102"
    assert drill_down_target("41", "41", children) is None  # the map's stale last click
    assert drill_down_target("6001", "41", children) is None  # not a child here
    assert drill_down_target(None, "41", children) is None


def test_overview_shows_m0_contributions_by_dimension_and_indicator(app, households):
    """Issue 15: M0's contributions (DOMAIN.md §3) on the Overview, recomputed by hand.

    Contribution of indicator j = w_j × Σ_poor n_i g_ij / Σ_poor n_i c_i (the persons
    cancel); a dimension's is the sum over its indicators.
    """
    at = app("19").run()
    assert not at.exception
    saraburi = households[households["province_code"] == "19"]
    poor = saraburi[saraburi["poor"]]
    dims = {"health": 1 / 20, "living": 1 / 20, "edu": 1 / 20, "income": 1 / 15, "access": 1 / 10}
    weight = {c: dims[c.split("_")[0]] for c in [*BOOLEAN_INDICATORS, "income_per_capita"]}
    deprived = poor[list(BOOLEAN_INDICATORS)].fillna(False).astype(bool)
    deprived["income_per_capita"] = poor["income_per_capita"] < 38_000
    mass = {c: weight[c] * (deprived[c] * poor["n_members"]).sum() for c in weight}
    total = sum(mass.values())
    table = next(df for df in at.dataframe if len(df.value) == 17).value
    assert len(at.get("vega_lite_chart")) >= 4  # radar, indicators, two contribution bars
    shown = dict(zip(table.iloc[:, 1], table.iloc[:, 4], strict=True))
    for ind in INDICATORS:
        label = ind.label_th
        assert shown[label] == pytest.approx(mass[ind.code] / total * 100, rel=1e-9), ind.code
    assert sum(shown.values()) == pytest.approx(100)
    # The income dimension leads in Saraburi (TPMAP 2018: income first).
    by_dimension = dict(zip(table.iloc[:, 0], table.iloc[:, 5], strict=True))
    income = sum(mass[c] for c in weight if c.startswith("income")) / total * 100
    assert by_dimension["รายได้"] == pytest.approx(income, rel=1e-9)
    assert max(by_dimension, key=by_dimension.get) == "รายได้"


def test_kpi_cards_carry_their_definition(app):
    """Issue 15: each count says which population it is (persons holding the card …)."""
    at = app("41").run()
    helps = {m.label: m.help for m in at.metric}
    target = next(label for label in helps if label.startswith("คนจนเป้าหมาย TPMAP"))
    assert "บุคคลที่ถือบัตรสวัสดิการแห่งรัฐ ในครัวเรือนที่ตก MPI" in helps[target]
    without = next(label for label in helps if label.startswith("คนตก MPI ที่ไม่ถือบัตร"))
    assert "คนตก MPI − คนจนเป้าหมาย" in helps[without]
    at.radio(key="lang").set_value("en").run()
    helps = {m.label: m.help for m in at.metric}
    assert helps["TPMAP target poor (MPI-poor holding a welfare card)"].startswith(
        "Persons holding the state welfare card in MPI-poor households"
    )
