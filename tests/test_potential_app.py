"""AppTest runs of the Area potential page and the Urgent page's other urgent issues.

Every expected figure is computed here with pandas from the pilot build's
Parquet files (households, persons, potential/*.parquet), not through the
queries the page uses.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from apptest_support import app_test
from components.potential import ACCESS_MAP_KEPT
from data_loaders.schema import BOOLEAN_INDICATORS

INCOME_LINE = 38_000


def thai_share(value: float) -> str:
    return f"ร้อยละ {value * 100:,.2f}"


@pytest.fixture()
def app(pilot_build: Path, monkeypatch: pytest.MonkeyPatch):
    """Return a function making an AppTest of a page on the pilot build for a URL area."""
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    monkeypatch.setenv("TPMAP_AUTH", "off")  # signed in as the local national user

    def make(area: str | None, page: str, lang: str | None = None) -> AppTest:
        at = app_test(area)
        if lang:
            # The language radio (key "lang") starts from Session State; open the page
            # straight away (a rerun of the Overview in English trips AppTest on the
            # format_func of its map selectbox, evaluated outside the script).
            at.session_state["lang"] = lang
        else:
            at.run()
        at.switch_page(page)
        return at.run()

    return make


@pytest.fixture(scope="module")
def households(pilot_build: Path) -> pd.DataFrame:
    frame = pd.read_parquet(pilot_build / "households.parquet")
    deprived = frame[list(BOOLEAN_INDICATORS)].fillna(False).astype(bool).any(axis=1)
    frame["poor"] = deprived | (frame["income_per_capita"] < INCOME_LINE)
    return frame


def potential(pilot_build: Path, kind: str) -> pd.DataFrame:
    return pd.read_parquet(pilot_build / "potential" / f"{kind}.parquet")


def metric(at: AppTest, label: str):
    found = [m for m in at.metric if m.label == label]
    assert found, f"no metric {label!r} in {[m.label for m in at.metric]}"
    return found[0]


def dataframe_with(at: AppTest, column: str) -> pd.DataFrame:
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, f"no table with column {column!r}"
    return found[0]


# ---------------------------------------------------------------- Area potential page
def test_potential_page_udon_thani_shows_resources_and_distances(app, households, pilot_build):
    at = app("41", "app_pages/potential.py")
    assert not at.exception
    assert any("ข้อมูลสังเคราะห์" in i.value and "สถานศึกษา" in i.value for i in at.info)

    # Distance analysis at the default 5 km, from the stored distances.
    poor = households[(households["province_code"] == "41") & households["poor"]]
    far_health = poor["dist_health_m"] > 5_000
    far_school = poor["dist_school_m"] > 5_000
    assert metric(at, "ครัวเรือนตก MPI").value == f"{len(poor):,}"
    health = metric(at, "ไกลสถานพยาบาลเกิน 5 กม.")
    assert health.value == f"{int(far_health.sum()):,}"
    assert health.delta == thai_share(far_health.mean())
    assert metric(at, "ไกลโรงเรียนเกิน 5 กม.").value == f"{int(far_school.sum()):,}"
    either = far_health | far_school
    assert metric(at, "ไกลสถานพยาบาลหรือโรงเรียนเกิน 5 กม.").value == f"{int(either.sum()):,}"
    by_district = dataframe_with(at, "สัดส่วนไกลอย่างใดอย่างหนึ่ง")
    want = poor.assign(far=either).groupby("district_code")["far"].mean() * 100
    assert len(by_district) == 20
    got = by_district.set_index("รหัส")["สัดส่วนไกลอย่างใดอย่างหนึ่ง"]
    assert got.to_numpy() == pytest.approx(want.loc[got.index].to_numpy())
    assert got.is_monotonic_decreasing  # the list puts the worst district first

    # Centre, staff, economy, projects, OTOP.
    centres = potential(pilot_build, "centres")
    udon_centres = centres[centres["area_code"].str.startswith("41")]
    assert metric(at, "บุคลากรรวม (คน)").value == f"{int(udon_centres['staff'].sum()):,}"
    province_centre = centres.loc[centres["area_code"] == "41", "centre_name"].iloc[0]
    # The name is user-supplied text, escaped in the markdown source (shown as typed).
    assert any(province_centre in m.value.replace("\\", "") for m in at.markdown)
    economy = potential(pilot_build, "economy").set_index("province_code")
    gpp = metric(at, "ผลิตภัณฑ์มวลรวมจังหวัด (GPP, ล้านบาท)")
    assert gpp.value == f"{round(economy.loc['41', 'gpp_million_baht']):,}"
    rank = int((economy["gpp_million_baht"] > economy.loc["41", "gpp_million_baht"]).sum()) + 1
    assert gpp.delta == f"อันดับ {rank} จาก 77 จังหวัด"
    projects = potential(pilot_build, "projects")
    mine = projects[projects["area_code"].str.startswith("41")]
    assert metric(at, "จำนวนโครงการ").value == f"{len(mine):,}"
    budget = mine.loc[mine["status"] != "cancelled", "budget_baht"].sum()
    assert metric(at, "งบประมาณรวม ไม่รวมที่ยกเลิก (บาท)").value == f"{round(budget):,}"
    assert len(dataframe_with(at, "ชื่อโครงการ")) == len(mine)
    otop = potential(pilot_build, "otop")
    assert any(
        c.value.startswith(f"{(otop['subdistrict_code'].str[:2] == '41').sum():,} ผลิตภัณฑ์")
        for c in at.caption
    )
    basic = potential(pilot_build, "village_basic")
    roads = basic.loc[basic["village_code"].str.startswith("41"), "road_all_season"].mean()
    assert metric(at, "หมู่บ้านที่มีถนนใช้ได้ตลอดปี").value == f"ร้อยละ {roads * 100:,.1f}"


def test_potential_distance_slider_recounts(app, households):
    at = app("4101", "app_pages/potential.py")
    at.slider(key="access_km").set_value(2.5).run()
    assert not at.exception
    poor = households[(households["district_code"] == "4101") & households["poor"]]
    far = poor["dist_health_m"] > 2_500
    shown = metric(at, "ไกลสถานพยาบาลเกิน 2.5 กม.")
    assert shown.value == f"{int(far.sum()):,}"
    assert shown.delta == thai_share(far.mean())
    # A district's children are its subdistricts; the district's own centre is listed too.
    table = dataframe_with(at, "สัดส่วนไกลสถานพยาบาล")
    assert set(table["รหัส"]) == set(poor["subdistrict_code"])


def test_the_point_map_is_computed_and_drawn_only_once_its_panel_is_opened(app, monkeypatch):
    from app_data import potential_data

    asked: list[str] = []
    points = potential_data.access_points
    monkeypatch.setattr(
        potential_data, "access_points", lambda *a, **k: asked.append(a[1]) or points(*a, **k)
    )
    at = app("4101", "app_pages/potential.py")
    assert not at.exception
    (panel,) = [e for e in at.expander if e.label == "แผนที่ตำแหน่งสถานบริการและครัวเรือน"]
    assert panel.proto.expanded is False  # drawn closed
    assert at.get("deck_gl_json_chart") == [] and asked == []  # closed: nothing computed
    at.session_state[ACCESS_MAP_KEPT] = True  # what a click on the panel leaves
    at.run()
    assert not at.exception
    assert len(at.get("deck_gl_json_chart")) == 1 and set(asked) == {"4101"}
    # It stays open as the user goes on: another distance, another page and back, English.
    at.slider(key="access_km").set_value(2.5).run()
    assert len(at.get("deck_gl_json_chart")) == 1
    at.switch_page("app_pages/overview.py").run()
    at.switch_page("app_pages/potential.py").run()
    assert len(at.get("deck_gl_json_chart")) == 1
    at.session_state[ACCESS_MAP_KEPT] = False  # closed again: nothing drawn
    asked.clear()
    at.run()
    assert at.get("deck_gl_json_chart") == [] and asked == []
    # The choice does not hang on the panel's label: open, in English (another label).
    english = app_test("4101")
    english.session_state["lang"] = "en"
    english.session_state[ACCESS_MAP_KEPT] = True
    english.switch_page("app_pages/potential.py").run()
    assert not english.exception
    assert [e.label for e in english.expander if "service" in e.label] == [
        "Map of service locations and households"
    ]
    assert len(english.get("deck_gl_json_chart")) == 1


def test_potential_page_in_english(app):
    at = app("41", "app_pages/potential.py", lang="en")
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert "MPI-poor households" in labels and "Over 5 km from a health facility" in labels
    assert metric(at, "Gross provincial product (GPP, million baht)").delta.startswith("Rank ")


def test_potential_page_without_area_asks_for_one(app):
    at = app(None, "app_pages/potential.py")
    assert not at.exception
    assert any("เลือกจังหวัด" in i.value for i in at.info)


# ---------------------------------------------------------------- Urgent page: other urgent issues
@pytest.fixture(scope="module")
def people(pilot_build: Path, households: pd.DataFrame) -> pd.DataFrame:
    persons = pd.read_parquet(
        pilot_build / "persons.parquet",
        columns=["household_id", "age", "in_education", "employment"],
    )
    return persons.join(
        households.set_index("household_id")[["province_code", "district_code"]], on="household_id"
    )


def neet_by(frame: pd.DataFrame, column: str) -> pd.Series:
    youth = frame[(frame["age"] >= 15) & (frame["age"] <= 24)]
    neet = ~youth["in_education"].astype(bool) & youth["employment"].isin(
        ["unemployed", "not_in_labour_force"]
    )
    return neet.groupby(youth[column]).mean()


def test_urgent_page_other_issues_for_udon_thani(app, people, households):
    at = app("41", "app_pages/urgent.py")
    assert not at.exception
    udon = people[people["province_code"] == "41"]
    assert metric(at, "สัดส่วน NEET (อายุ 15–24 ปี)").value == thai_share(
        neet_by(udon, "province_code")["41"]
    )
    labour = udon[udon["employment"].isin(["employed", "underemployed", "unemployed"])]
    assert metric(at, "อัตราการว่างงาน").value == thai_share(
        (labour["employment"] == "unemployed").mean()
    )
    hh = households[households["province_code"] == "41"]
    assert metric(at, "ครัวเรือนที่มีหนี้สิน").value == thai_share((hh["debt_baht"] > 0).mean())
    mean_debt = hh.loc[hh["debt_baht"] > 0, "debt_baht"].mean()
    assert metric(at, "หนี้เฉลี่ยต่อครัวเรือนที่มีหนี้ (บาท)").value == f"{round(mean_debt):,}"

    table = dataframe_with(at, "สัดส่วน NEET (อายุ 15–24 ปี)").set_index("รหัส")
    want = neet_by(udon, "district_code") * 100
    assert len(table) == 20
    assert table["สัดส่วน NEET (อายุ 15–24 ปี)"].to_numpy() == pytest.approx(
        want.loc[table.index].to_numpy()
    )
    ranking = dataframe_with(at, "จังหวัด")
    assert ranking["จังหวัด"].tolist() == ["จ.อุดรธานี", "จ.นครสวรรค์", "จ.สระบุรี"]
    assert any("เพียง 3 จังหวัด" in c.value for c in at.caption)


def test_urgent_page_ranking_follows_the_chosen_problem(app, households):
    at = app("60", "app_pages/urgent.py")
    at.selectbox(key="issue_measure").select("mean_debt_baht").run()
    assert not at.exception
    indebted = households[households["debt_baht"] > 0]
    mean_debt = indebted.groupby("province_code")["debt_baht"].mean().sort_values(ascending=False)
    names = {"41": "จ.อุดรธานี", "60": "จ.นครสวรรค์", "19": "จ.สระบุรี"}
    ranking = dataframe_with(at, "จังหวัด")
    assert ranking["จังหวัด"].tolist() == [names[c] for c in mean_debt.index]
    assert ranking.iloc[0, 2] == f"{round(mean_debt.iloc[0]):,}"
