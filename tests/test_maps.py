"""Maps and pages at every level without a browser (issue 20).

The framing of point maps (Web Mercator worked out here), the legend's
one-line entries, a household's tooltip as a masked role receives it, the
saved map's PNG (text chunks and legend colours), the context counts
recomputed from the Parquet files, and the Examples of the helpers
(whole-number count axes, the urgent list's search, the top-10 ranking).
"""

from __future__ import annotations

import doctest
import io
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from access.personal import protect, pseudonym
from components import charts, children, households
from components.maps import DECK_HEIGHT_PX, DECK_WIDTH_PX, household_tips, legend_html, view_of
from display.colours import HOUSEHOLD_RGB, NO_DATA_COLOUR, class_colour
from font_support import require_thai_font_or_skip
from queries import context
from roles_support import ANALYST, NATIONAL


@pytest.mark.parametrize(
    "module", [charts, households, children, context], ids=lambda m: m.__name__
)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.attempted > 0 and result.failed == 0


def mercator_y(lat: float) -> float:
    """Web Mercator y of a latitude, in units where 360° of longitude is 2π."""
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


@pytest.mark.parametrize(
    "lon, lat",
    [
        # a village: ~1 km across
        ([102.801, 102.806, 102.809], [17.402, 17.409, 17.405]),
        # a subdistrict, taller than wide
        ([102.70, 102.75], [17.30, 17.45]),
        # one house
        ([100.5], [14.0]),
    ],
)
def test_view_fits_every_point_and_fills_the_map(lon, lat):
    view = view_of(pd.Series(lon), pd.Series(lat))
    scale = 512 * 2**view.zoom  # pixels per 360° of longitude (deck.gl: 512-pixel world)
    xs = [(x - view.longitude) / 360 * scale for x in lon]
    ys = [(mercator_y(y) - mercator_y(view.latitude)) / (2 * math.pi) * scale for y in lat]
    # Every point inside the map (its centre at 0, 0).
    assert max(abs(x) for x in xs) <= DECK_WIDTH_PX / 2
    assert max(abs(y) for y in ys) <= DECK_HEIGHT_PX / 2
    if len(lon) > 1:
        # Framed on the points: they span at least half the width or the height.
        assert (max(xs) - min(xs)) / DECK_WIDTH_PX > 0.5 or (
            max(ys) - min(ys)
        ) / DECK_HEIGHT_PX > 0.5
    else:
        assert view.zoom == 16


def test_legend_entries_never_wrap_and_text_is_escaped():
    html = legend_html("จำนวน", [("#ffffb2", "1 – 5"), ("#d9d9d9", "<b>ไม่มีข้อมูล</b>")])
    assert html.count("white-space:nowrap") == 3  # the title and each entry
    assert "&lt;b&gt;ไม่มีข้อมูล&lt;/b&gt;" in html and "<b>" not in html


def test_household_tip_as_a_masked_role_receives_it():
    frame = pd.DataFrame(
        {
            "household_id": ["410101010027", "410101010028"],
            "head_name": ["นายธมน ตรีเภรินทร์", "นางสาวกานดา ใจดี"],
            "lat": [17.412345, 17.41],
            "lon": [102.812345, 102.81],
            "dimensions_failed": [2, 0],
            "failed_health": [True, False],
            "failed_living": [False, False],
            "failed_education": [False, False],
            "failed_income": [True, False],
            "failed_access": [False, False],
        }
    )
    tips = household_tips(protect(frame, ANALYST))
    assert tips[0].splitlines() == [
        f"รหัสครัวเรือน: {pseudonym('410101010027')}",
        "หัวหน้าครัวเรือน: นาย ธ. ต.",
        "มิติที่ตก: สุขภาพ, รายได้",
    ]
    assert tips[1].splitlines()[2] == "มิติที่ตก: —"  # fails no dimension
    assert "410101010027" not in tips[0] and "ธมน" not in tips[0]
    # The national role sees the stored ID and name.
    assert "410101010027" in household_tips(protect(frame, NATIONAL))[0]
    # A household without persons has no head: a dash, not a lost (NaN) tooltip.
    headless = frame.assign(head_name=[None, "นางสาวกานดา ใจดี"])
    tip = household_tips(protect(headless, NATIONAL))[0]
    assert tip.splitlines()[1:] == ["หัวหน้าครัวเรือน: —", "มิติที่ตก: สุขภาพ, รายได้"]
    # Without the failed_<dimension> columns: the count of dimensions failed.
    counts = household_tips(frame[["household_id", "dimensions_failed"]])
    assert counts == [
        "รหัสครัวเรือน: 410101010027\nจำนวนมิติที่ตก: 2",
        "รหัสครัวเรือน: 410101010028\nจำนวนมิติที่ตก: 0",
    ]


def test_household_dots_are_colour_blind_safe_and_differ_in_lightness():
    # Relative luminance (WCAG) of green, yellow and red differ by at least 0.1 each, so the
    # classes stay apart when hue is not seen (red-green colour blindness).
    def luminance(rgb):
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    levels = sorted(luminance(class_colour(c)) for c in ("green", "yellow", "red"))
    assert min(b - a for a, b in zip(levels, levels[1:], strict=False)) >= 0.1
    assert set(HOUSEHOLD_RGB) == {"none", "green", "yellow", "red"}


def test_saved_choropleth_png_holds_title_legend_area_date_and_note():
    require_thai_font_or_skip()
    import datetime as dt

    from PIL import Image

    from reports.map_image import MapCaption, choropleth_png

    shapes = gpd.GeoDataFrame(
        {
            "fill": ["#ffffb2", "#bd0026", NO_DATA_COLOUR],
            "label": ["อ.หนึ่ง", "อ.สอง", ""],
        },
        geometry=[shapely.box(100, 14, 100.5, 14.5), shapely.box(100.5, 14, 101, 14.5),
                  shapely.box(101, 14, 101.5, 14.5)],
        crs=4326,
    )  # fmt: skip
    legend = [("#ffffb2", "1 – 10"), ("#bd0026", "10 – 99"), (NO_DATA_COLOUR, "ไม่มีข้อมูล")]
    caption = MapCaption(
        "แผนที่ทดสอบ", "จ.ทดสอบ", "จำนวนคนตก MPI", legend, "th", True, dt.date(2026, 11, 30)
    )
    content = choropleth_png(shapes, caption)
    image = Image.open(io.BytesIO(content))
    assert image.size == (1500, 1290)  # 10 × 8.6 inches at 150 dpi
    assert image.info["Title"] == "แผนที่ทดสอบ"
    assert image.info["Area"] == "จ.ทดสอบ"
    assert image.info["Date"] == "30 พฤศจิกายน 2569"  # B.E. 2569 = C.E. 2026
    assert image.info["Legend"] == "จำนวนคนตก MPI: 1 – 10; 10 – 99; ไม่มีข้อมูล"
    assert "ข้อมูลสังเคราะห์" in image.info["Comment"]
    pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    for colour, _text in legend:
        rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
        assert (np.abs(pixels - rgb).max(axis=2) <= 2).sum() > 100, colour


def test_context_counts_match_the_parquet_files(pilot_con, pilot_build: Path, pilot_households):
    persons = pd.read_parquet(
        pilot_build / "persons.parquet", columns=["household_id", "age", "disabled", "welfare_card"]
    )
    persons = persons.merge(
        pilot_households[["household_id", "province_code", "district_code"]], on="household_id"
    )
    for code, column in [(None, None), ("60", "province_code"), ("4101", "district_code")]:
        part = persons if code is None else persons[persons[column] == code]
        assert context.context_counts(pilot_con, code) == {
            "persons": len(part),
            "elderly": int((part["age"] >= 60).sum()),
            "disabled": int(part["disabled"].fillna(False).astype(bool).sum()),
            "card_holders": int(part["welfare_card"].fillna(False).astype(bool).sum()),
        }


def _choropleth_inputs():
    shapes = gpd.GeoDataFrame(
        {
            "code": ["4101", "4102", "4103"],
            "label_lat": [17.25, 17.25, 17.25],
            "label_lon": [100.25, 100.75, 101.25],
        },
        geometry=[shapely.box(100, 17, 100.5, 17.5), shapely.box(100.5, 17, 101, 17.5),
                  shapely.box(101, 17, 101.5, 17.5)],
        crs=4326,
    )  # fmt: skip
    values = pd.DataFrame(
        {"code": ["4101", "4102"], "label": ["อ.หนึ่ง", "อ.สอง"], "value": [1250.0, 98765.0]}
    )
    return shapes, values


def test_choropleth_is_built_once_per_content_and_sent_the_same_every_view(monkeypatch):
    import threading
    import uuid

    import folium

    from components import maps

    sent: list[dict] = []
    clicked = {"last_active_drawing": {"properties": {"code": "4102"}}}
    monkeypatch.setattr(maps, "_FOLIUM_COMPONENT", lambda **kw: sent.append(kw) or clicked)
    monkeypatch.setattr(maps, "map_download", lambda *a, **k: None)
    built: list[int] = []
    real_init = folium.Map.__init__

    def counted_init(self, *args, **kwargs):
        built.append(1)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(folium.Map, "__init__", counted_init)
    shapes, values = _choropleth_inputs()
    key = f"map_{uuid.uuid4().hex}"
    with_commas = "{:,.0f}".format

    assert maps.choropleth(shapes, values, with_commas, key) == "4102"
    assert maps.choropleth(shapes.copy(), values.copy(), with_commas, key) == "4102"
    assert len(built) == 1 and len(sent) == 2
    assert sent[0]["script"] == sent[1]["script"] and sent[0]["key"] == sent[1]["key"]
    # The map holds the values as shown and the no-data grey of 4103 (not in values).
    assert "98,765" in sent[0]["script"] and "1,250" in sent[0]["script"]
    assert NO_DATA_COLOUR in sent[0]["script"]
    # Another value, another formatter's text, another shape, another key: built again.
    changes = [
        (shapes, values.assign(value=[1250.0, 4321.0]), with_commas, key, "4,321"),
        (shapes, values, "{:.1f}".format, key, "98765.0"),
        (shapes.set_geometry(shapes.geometry.translate(0.01)), values, with_commas, key, None),
        (shapes, values, with_commas, key + "_other", None),
    ]
    for number, (shapes_i, values_i, fmt, key_i, text) in enumerate(changes, start=2):
        maps.choropleth(shapes_i, values_i, fmt, key_i)
        assert len(built) == number
        if key_i == key:
            assert sent[-1]["script"] != sent[0]["script"]
        else:  # the same drawing under another widget key
            assert sent[-1]["key"] != sent[0]["key"]
        assert text is None or text in sent[-1]["script"]
    # No value at all: nothing is drawn.
    assert maps.choropleth(shapes, values.assign(value=np.nan), with_commas, key) is None
    assert len(sent) == 2 + len(changes)

    # Capturing st_folium's arguments in one thread leaves every other thread's maps sent.
    maps._CAPTURE.sink = {}
    try:
        other = threading.Thread(target=lambda: maps._send_or_capture(script="elsewhere"))
        other.start()
        other.join()
    finally:
        maps._CAPTURE.sink = None
    assert sent[-1] == {"script": "elsewhere"}
