"""Maps and charts saved as PNG for meetings (issue 20): the one-house map, the Logbook's
location map and the other-issues chart.

Each goes through the one download path (:func:`components.downloads.file_download`):
the PNG holds its title, legend, area, B.E. date, source and the synthetic-data note
(drawn, and in the PNG's text chunks), and exactly one audit row is written per
file made. Expected values are recomputed from the build's Parquet files.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from access import audit
from apptest_support import app_test
from display.colours import HOUSEHOLD_RGB, SEQUENTIAL_5
from display.labels import label
from font_support import require_thai_font_or_skip

BE_DATE = re.compile(r"^\d{1,2} \S+ 25\d\d$")


@pytest.fixture()
def local(pilot_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Sign-in off (the local national user), the pilot build, a fresh audit log; its path."""
    require_thai_font_or_skip()
    path = tmp_path / "audit.sqlite"
    monkeypatch.setenv("TPMAP_AUTH", "off")
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(path))
    monkeypatch.setenv("TPMAP_LOGBOOK_URL", f"sqlite:///{tmp_path / 'logbook.sqlite'}")
    return path


def page(area: str, path: str):
    at = app_test(area)
    at.run()
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def saved_png(at, key: str) -> Image.Image:
    """Click the save button of ``key``; return the PNG made (kept in the session)."""
    at.button(key=f"{key}_make").click().run()
    assert not at.exception, at.exception
    assert len(at.get("download_button")) == 1
    return Image.open(io.BytesIO(at.session_state[f"_download_{key}"][1].content))


def pixels_of(image: Image.Image, rgb: tuple[int, int, int], tolerance: int = 2) -> int:
    pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    return int((np.abs(pixels - np.array(rgb)).max(axis=2) <= tolerance).sum())


def rgb_of(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def test_one_house_map_saved_as_png_with_one_audit_row(local, pilot_households):
    at = page("410101", "app_pages/households.py")
    at.slider(key="hs_ndims").set_value((4, 5))
    at.button(key="hs_submit").click().run()
    at.session_state["hs_table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    opened = [s.value for s in at.subheader if s.value.startswith("ครัวเรือน ")]
    household_id = opened[0].removeprefix("ครัวเรือน ")
    house = pilot_households.set_index("household_id").loc[household_id]
    assert house["dimensions_failed"] >= 4 and house["subdistrict_code"] == "410101"
    image = saved_png(at, f"png_hs_house_map_{household_id}")
    assert image.info["Title"] == f"ตำแหน่งบ้าน {household_id}"
    # The village, under its subdistrict, district and province.
    area = image.info["Area"].split(" › ")
    assert area[:3] == ["จ.อุดรธานี", "อ.เมืองอุดรธานี", "ต.หมากแข้ง"] and len(area) == 4
    # The house's class: 4-5 dimensions failed is red (seed 002).
    assert image.info["Legend"] == "คำอธิบายสัญลักษณ์: บ้านหลังนี้: " + label("class_red", "th")
    assert BE_DATE.match(image.info["Date"]), image.info["Date"]
    assert "ข้อมูลสังเคราะห์" in image.info["Comment"]
    # The dot and its legend swatch are drawn in the red of the household classes.
    assert pixels_of(image, HOUSEHOLD_RGB["red"]) > 50
    log = audit.read_exports(local)
    assert log[["what", "area_code", "format", "level", "rows"]].values.tolist() == [
        ["map", house["village_code"], "png", "household", 1]
    ]
    # Another household of the list: its own map, with no file of the first one offered.
    at.session_state["hs_table"] = {"selection": {"rows": [1], "columns": []}}
    at.run()
    other = [s.value for s in at.subheader if s.value.startswith("ครัวเรือน ")]
    other_id = other[0].removeprefix("ครัวเรือน ")
    assert other_id != household_id
    # Of the same village: the same area and file name, only the household differs.
    assert (
        pilot_households.set_index("household_id").loc[other_id, "village_code"]
        == (house["village_code"])
    )
    assert at.get("download_button") == []


def test_issues_chart_saved_as_png_with_one_audit_row(local, pilot_build: Path):
    at = page("4101", "app_pages/urgent.py")
    at.selectbox(key="issue_measure").set_value("neet_share").run()
    image = saved_png(at, "png_issues_chart")
    assert image.info["Title"].startswith(label("neet_share", "th"))
    assert image.info["Area"] == "จ.อุดรธานี › อ.เมืองอุดรธานี"
    assert image.info["Legend"] == f"คำอธิบายสัญลักษณ์: {label('neet_share', 'th')}"
    assert BE_DATE.match(image.info["Date"])
    assert "ข้อมูลสังเคราะห์" in image.info["Comment"]
    # Bars in the chart's colour: one per subdistrict of the district with a NEET share.
    subdistricts = pd.read_parquet(pilot_build / "households.parquet", columns=["subdistrict_code"])
    n_children = (
        subdistricts["subdistrict_code"]
        .str.startswith("4101")
        .groupby(subdistricts["subdistrict_code"])
        .any()
        .sum()
    )
    assert n_children > 5
    assert pixels_of(image, rgb_of(SEQUENTIAL_5[3])) > 200 * n_children
    log = audit.read_exports(local)
    assert log[["what", "area_code", "format", "level"]].values.tolist() == [
        ["chart", "4101", "png", "area"]
    ]
    # Made again: one more file, one more row.
    at.button(key="png_issues_chart_make").click().run()
    assert len(audit.read_exports(local)) == 2


def test_logbook_location_map_saved_as_png_with_the_place_chosen(local, pilot_households):
    house = pilot_households[pilot_households["subdistrict_code"] == "410101"].iloc[0]
    at = app_test("410101")
    at.session_state["lb_missed_lat"] = round(float(house["lat"]), 6)
    at.session_state["lb_missed_lon"] = round(float(house["lon"]), 6)
    at.run()
    at.switch_page("app_pages/logbook.py").run()
    at.session_state["lb_tabs"] = label("lb_tab_missed", "th")
    at.run()
    assert not at.exception, at.exception
    image = saved_png(at, "png_lb_missed_map_410101")
    assert image.info["Title"] == label("lb_map_title", "th")
    assert image.info["Area"] == "จ.อุดรธานี › อ.เมืองอุดรธานี › ต.หมากแข้ง"
    assert image.info["Legend"] == "คำอธิบายสัญลักษณ์: " + label("map_chosen_place", "th")
    assert BE_DATE.match(image.info["Date"])
    assert pixels_of(image, HOUSEHOLD_RGB["red"]) > 50  # the place chosen
    log = audit.read_exports(local)
    assert log[["what", "area_code", "format", "personal_data"]].values.tolist() == [
        ["map", "410101", "png", 1]
    ]


def test_bar_chart_png_holds_title_legend_and_one_bar_per_area():
    require_thai_font_or_skip()
    from reports.map_image import MapCaption, bar_chart_png

    colour = "#fd8d3c"
    caption = MapCaption(
        "หนี้ครัวเรือน", "จ.ทดสอบ", "คำอธิบาย", [(colour, "ร้อยละ")], "th", False, dt.date(2025, 1, 2)
    )
    content = bar_chart_png(["ต.ก", "ต.ข", "ต.ค"], [0.1, float("nan"), 0.3], caption, str, colour)
    image = Image.open(io.BytesIO(content))
    assert image.info["Date"] == "2 มกราคม 2568"
    assert image.info["Comment"] == ""  # not synthetic: no note
    assert image.info["Legend"] == "คำอธิบาย: ร้อยละ"
    # Two bars (the NaN draws none) three times as long as each other, and the swatch.
    pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    hit = np.abs(pixels - np.array(rgb_of(colour))).max(axis=2) <= 2
    # The rows crossing a bar are the most frequent run lengths (the swatch is shorter).
    counts = Counter(int(n) for n in hit.sum(axis=1) if n > 0)
    bars = sorted(n for n, _rows in counts.most_common(2))
    assert bars[1] == pytest.approx(3 * bars[0], rel=0.03)
    with pytest.raises(ValueError, match="2 names for 3 values"):
        bar_chart_png(["a", "b"], [1, 2, 3], caption, str, colour)


def test_change_map_legend_gives_every_class_its_range():
    from components.change import change_legend
    from display.colours import DIVERGING_7, diverging_classes

    changes = pd.Series([-70.0, -5.0, 0.0, 12.0, 70.0])
    _classes, edges = diverging_classes(changes)  # edges ±10, ±30, ±50
    legend = change_legend(edges, "poor_persons")
    assert [c for c, _text in legend] == list(DIVERGING_7)
    assert [text for _c, text in legend] == [
        "< -50",
        "-50 – -30",
        "-30 – -10",
        "-10 – +10",
        "+10 – +30",
        "+30 – +50",
        "> +50",
    ]
    # Shares change in percentage points; no change at all is the middle class alone.
    assert change_legend([], "headcount_ratio") == [(DIVERGING_7[3], "+0.00")]
