"""Charts drawn the one way (components.charts.show_chart), built once and shared (issue 13).

Every chart goes through ``show_chart``: Vega-Lite with Streamlit's chart
toolbar hidden (no "download as PNG" beside the audited download path). The
charts are Vega-Lite specs built once per arguments; what is sent holds the
values worked out here.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import altair as alt
import pyarrow as pa
import pytest
import streamlit as st

from components import charts, contributions

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Record what show_chart sends instead of drawing; start with empty chart caches.

    Specs built are counted in ``built`` (each build turns its chart into a spec once).
    """
    calls: list[tuple] = []
    monkeypatch.setattr(
        charts.st, "vega_lite_chart", lambda **kwargs: calls.append(("vega", kwargs))
    )
    monkeypatch.setattr(charts.st, "html", lambda body: calls.append(("html", body)))
    real = alt.LayerChart.to_dict
    built.clear()
    monkeypatch.setattr(
        alt.LayerChart, "to_dict", lambda self, *a, **k: built.append(1) or real(self, *a, **k)
    )
    for cached in (
        charts.horizontal_bars,
        charts._bars_look,
        charts.radar_spec,
        charts._radar_look,
    ):
        cached.clear()
    return calls


built: list[int] = []


def charts_sent(calls: list[tuple]) -> list[dict]:
    """The ``st.vega_lite_chart`` calls, each with the toolbar-hiding style sent just before."""
    out = []
    for previous, (kind, kwargs) in zip([None, *calls], calls, strict=False):
        if kind == "vega":
            assert previous == ("html", f"<style>{charts.HIDE_CHART_TOOLBAR_CSS}</style>")
            out.append(kwargs)
    return out


def rows_of(spec: dict, layer: int | None = None) -> list[dict]:
    """The data rows of a spec (its own data, or one layer's: the spec's if the layer has none).

    The spec keeps each dataset as the Arrow bytes Streamlit sends; read back here.
    """
    data = spec["data"] if layer is None else spec["layer"][layer].get("data", spec.get("data"))
    sent = spec["datasets"][data["name"]]
    assert isinstance(sent, bytes)
    return pa.ipc.open_stream(sent).read_all().to_pylist()


def assert_valid(spec: dict) -> None:
    """Fail unless the spec is valid Vega-Lite (the app skips Altair's validation)."""
    shape = {**spec, "datasets": {name: [] for name in spec.get("datasets", {})}}
    alt.LayerChart.from_dict(shape, validate=True)


def test_every_chart_goes_through_show_chart():
    # Every *_chart call but the maps (pydeck), on st or a column or container
    # (plotly, vega_lite, altair, bar, line, …), and st.write, which draws a figure too.
    drawing = re.compile(r"\.(?!pydeck_chart)\w+_chart\(|\bst\.write\(")
    callers = [
        path.relative_to(ROOT).as_posix()
        for folder in ("components", "app_pages", "reports")
        for path in sorted((ROOT / folder).glob("*.py"))
        if drawing.search(path.read_text(encoding="utf-8"))
    ]
    assert callers == ["components/charts.py"]
    assert ':has([data-testid="stVegaLiteChart"])' in charts.HIDE_CHART_TOOLBAR_CSS
    assert "display: none" in charts.HIDE_CHART_TOOLBAR_CSS


def test_contribution_bars_hold_shares_and_are_built_once(drawn, monkeypatch):
    monkeypatch.setitem(st.session_state, "lang", "th")
    contributions._bar(["สุขภาพ", "รายได้"], [0.25, 0.75], "ส่วนร่วม", 380, "one")
    contributions._bar(["สุขภาพ", "รายได้"], [0.25, 0.75], "ส่วนร่วม", 380, "two")
    first, second = charts_sent(drawn)
    assert len(built) == 1  # built once, drawn twice
    assert first["key"] == "one" and second["key"] == "two" and first["width"] == "stretch"
    spec = first["spec"]
    assert spec == second["spec"]
    assert spec["title"] == "ส่วนร่วม" and spec["height"] == 380
    # Bottom to top as given: the largest (given last) has the highest order, drawn on top.
    assert rows_of(spec) == [
        {
            "label": "สุขภาพ",
            "value": 0.25,
            "order": 0,
            "bar": "0|สุขภาพ",
            "text": "ร้อยละ 25.00",
            "room": pytest.approx(0.35),
        },
        {
            "label": "รายได้",
            "value": 0.75,
            "order": 1,
            "bar": "1|รายได้",
            "text": "ร้อยละ 75.00",
            "room": pytest.approx(1.05),
        },
    ]
    bars, text, room = spec["layer"]
    assert bars["mark"] == {"type": "bar", "color": "#f03b20"}  # SEQUENTIAL_5[3]
    assert bars["encoding"]["y"]["sort"] == {"field": "order", "order": "descending"}
    x = bars["encoding"]["x"]
    assert x["axis"]["format"] == ".0%" and x["title"] == "สัดส่วนใน M0"
    assert x["scale"] == {"domainMin": 0, "nice": False}  # ends at the room, not past 100 %
    assert bars["encoding"]["tooltip"][1]["format"] == ".2%"
    assert text["mark"]["type"] == "text" and text["encoding"]["text"]["field"] == "text"
    # Room for the text right of the longest bar: an invisible point at value × (1 + 0.4),
    # from the same rows (a transform would be another data source: the order lost).
    assert room["mark"] == {"type": "point", "opacity": 0}
    assert "transform" not in room and "data" not in room
    assert room["encoding"]["x"]["field"] == "room"
    assert room["encoding"]["y"]["sort"] == {"field": "order", "order": "descending"}
    assert_valid(spec)
    # Other shares, the same look: Altair is not run again; only the rows differ.
    contributions._bar(["สุขภาพ", "รายได้"], [0.5, 0.5], "ส่วนร่วม", 380, "three")
    other = charts_sent(drawn)[2]["spec"]
    assert len(built) == 1
    assert [r["value"] for r in rows_of(other)] == [0.5, 0.5]
    assert {k: v for k, v in other.items() if k != "datasets"} == {
        k: v for k, v in spec.items() if k != "datasets"
    }
    # Another look (a taller chart): built.
    contributions._bar(["สุขภาพ", "รายได้"], [0.5, 0.5], "ส่วนร่วม", 400, "four")
    assert len(built) == 2


def test_indicator_bar_counts_whole_persons_fewest_at_the_bottom(drawn, monkeypatch):
    from poverty.indicators import INDICATORS

    # Bare mode (no script run): one session state for the process, restored after the test.
    monkeypatch.setitem(st.session_state, "lang", "en")
    counts = {i.code: n for n, i in enumerate(INDICATORS)}  # 0 … 16 persons
    charts.indicator_bar({"censored_persons": counts}, "bars")
    (sent,) = charts_sent(drawn)
    rows = rows_of(sent["spec"])
    assert [r["value"] for r in rows] == list(range(17))
    assert [r["order"] for r in rows] == list(range(17))
    assert rows[0]["detail"] == "Health"  # the first indicator's dimension, on hover
    x = sent["spec"]["layer"][0]["encoding"]["x"]
    assert x["axis"]["format"] == ",d" and x["axis"]["tickMinStep"] == 1
    assert x["scale"] == {"domainMin": 0, "nice": True}  # no text beside: round ticks
    assert_valid(sent["spec"])


def test_bars_of_nothing_still_draw_an_axis(drawn):
    spec = charts.horizontal_bars(
        (0, 0), ("อ.หนึ่ง", "อ.สอง"), colour="#f03b20", height=200,
        axis=charts.value_axis("คน", whole=True),
    )  # fmt: skip
    assert spec["layer"][0]["encoding"]["x"]["scale"] == {"domain": [0, 1]}
    assert "title" not in spec  # no title given, none sent
    assert_valid(spec)
    missing = charts.horizontal_bars(
        (float("nan"),), ("อ.หนึ่ง",), colour="#f03b20", height=200,
        axis=charts.value_axis("บาท"),
    )  # fmt: skip
    assert missing["layer"][0]["encoding"]["x"]["scale"] == {"domain": [0, 1]}
    assert rows_of(missing)[0]["value"] is None  # sent as null, not NaN


def test_radar_puts_each_dimension_on_its_own_spoke(drawn, monkeypatch):
    from poverty.indicators import DIMENSION_CODES

    monkeypatch.setitem(st.session_state, "lang", "en")
    shares = [0.1, 0.2, 0.3, 0.4, 0.5]
    summary = {"dimension_headcount": dict(zip(DIMENSION_CODES, shares, strict=True))}
    charts.radar(summary, "radar")
    charts.radar(summary, "radar_again")
    first, again = charts_sent(drawn)
    assert len(built) == 1 and first["spec"] == again["spec"]
    spec = first["spec"]
    assert first["width"] == "content"  # its own width: a regular pentagon
    assert spec["autosize"] == {"type": "pad"}  # not fitted (one axis stretched) by Streamlit
    assert spec["width"] / spec["height"] == pytest.approx(
        (spec["layer"][0]["encoding"]["x"]["scale"]["domain"][1])
        / (spec["layer"][0]["encoding"]["y"]["scale"]["domain"][1])
    )
    # The largest share, 50 %, ends the axis (the first of RADAR_TOPS at or above it).
    corners = rows_of(spec, 3)
    assert [c["value"] for c in corners] == shares
    for i, (corner, share) in enumerate(zip(corners, shares, strict=True)):
        angle = math.pi / 2 - 2 * math.pi * i / 5  # the first at the top, then clockwise
        assert corner["x"] == pytest.approx(share * 100 / 50 * math.cos(angle), abs=1e-12)
        assert corner["y"] == pytest.approx(share * 100 / 50 * math.sin(angle), abs=1e-12)
    assert corners[0]["x"] == pytest.approx(0) and corners[0]["y"] == pytest.approx(0.2)
    rings = rows_of(spec, 2)
    assert [r["text"] for r in rings] == ["12.5%", "25%", "37.5%", "50%"]
    names = [r["name"] for layer in range(6, len(spec["layer"])) for r in rows_of(spec, layer)]
    assert sorted(names) == sorted(["Health", "Living\nconditions", "Education", "Income",
                                    "Access to public\nservices"])  # fmt: skip
    assert_valid(spec)
    tooltip = spec["layer"][5]["encoding"]["tooltip"]
    assert tooltip[1] == {
        "field": "value",
        "format": ".2%",
        "title": "Share",
        "type": "quantitative",
    }


def test_radar_axis_ends_at_a_round_percent():
    assert [charts.radar_top(v) for v in (0.0, 0.4, 1.0, 7.3, 20.1, 99.0, 150.0)] == [
        1, 1, 1, 10, 25, 100, 100,
    ]  # fmt: skip


def tooltip_titles(layer: dict) -> list[str]:
    """The titles of a layer's tooltip lines (Vega keeps one line per title: all differ)."""
    titles = [line["title"] for line in layer["encoding"]["tooltip"]]
    assert len(set(titles)) == len(titles), titles
    return titles


def test_bars_of_two_areas_with_one_name_stay_two_bars(drawn):
    # Villages of one subdistrict often share a name: each keeps its own bar and value.
    spec = charts.horizontal_bars(
        (20, 30), ("บ้านศาลาแดง", "บ้านศาลาแดง"), colour="#f03b20", height=200,
        axis=charts.value_axis("คน", whole=True), label_title="หมู่บ้าน",
    )  # fmt: skip
    bars = spec["layer"][0]["encoding"]
    assert bars["x"]["stack"] is None  # never added up
    assert [r["bar"] for r in rows_of(spec)] == ["0|บ้านศาลาแดง", "1|บ้านศาลาแดง"]
    assert bars["y"]["field"] == "bar"
    assert "indexof(datum.label, '|')" in bars["y"]["axis"]["labelExpr"]  # the name shown
    assert tooltip_titles(spec["layer"][0]) == ["หมู่บ้าน", "คน"]
    assert_valid(spec)


def test_counts_and_shares_keep_the_months_in_order_on_two_axes(drawn):
    spec = charts.counts_and_shares(
        ("ธ.ค. 2568", "ม.ค. 2569", "ก.พ. 2569"),  # not in the alphabet's order
        (("สำรวจใหม่", "#9ecae1", (3, 0, 2)), ("ช่วยเหลือใหม่", "#fdae6b", (1, 1, 0))),
        (("สำรวจแล้ว (สะสม)", "#08519c", (0.3, 0.3, 0.5)),),
        count_title="ครัวเรือน",
        period_title="เดือน",
        series_title="ชุดข้อมูล",
        height=360,
    )
    bars, lines = spec["layer"]
    assert tooltip_titles(bars) == ["เดือน", "ชุดข้อมูล", "ครัวเรือน"]
    assert tooltip_titles(lines) == ["เดือน", "ชุดข้อมูล", "%"]
    months = ["ธ.ค. 2568", "ม.ค. 2569", "ก.พ. 2569"]
    assert bars["encoding"]["x"]["sort"] == lines["encoding"]["x"]["sort"] == months
    assert spec["resolve"] == {"scale": {"y": "independent"}}
    assert bars["encoding"]["y"]["axis"]["orient"] == "right"
    assert bars["encoding"]["y"]["axis"]["format"] == ",d"
    assert lines["encoding"]["y"]["axis"]["format"] == ".0%"
    assert lines["encoding"]["y"]["scale"]["domain"] == [0, 1.05]
    counted = rows_of(spec, 0)
    assert [(r["period"], r["series"], r["value"]) for r in counted] == [
        ("ธ.ค. 2568", "สำรวจใหม่", 3), ("ม.ค. 2569", "สำรวจใหม่", 0), ("ก.พ. 2569", "สำรวจใหม่", 2),
        ("ธ.ค. 2568", "ช่วยเหลือใหม่", 1), ("ม.ค. 2569", "ช่วยเหลือใหม่", 1),
        ("ก.พ. 2569", "ช่วยเหลือใหม่", 0),
    ]  # fmt: skip
    assert [r["value"] for r in rows_of(spec, 1)] == [0.3, 0.3, 0.5]
    assert_valid(spec)
    # One legend: each series its own colour, bars and lines alike.
    scale = bars["encoding"]["color"]["scale"]
    assert (
        scale
        == lines["encoding"]["color"]["scale"]
        == {
            "domain": ["สำรวจใหม่", "ช่วยเหลือใหม่", "สำรวจแล้ว (สะสม)"],
            "range": ["#9ecae1", "#fdae6b", "#08519c"],
        }
    )


def test_funnel_centres_each_step_top_first(drawn):
    spec = charts.funnel(
        ("เป้าหมาย", "สำรวจแล้ว", "ช่วยเหลือแล้ว"),
        (200, 150, 50),
        ("#6baed6", "#4292c6", "#2171b5"),
        ("200 (100.0%)", "150 (75.0%)", "50 (25.0%)"),
        value_title="ครัวเรือน",
        height=170,
    )
    steps, written = spec["layer"]
    rows = rows_of(spec, 0)
    assert [(r["start"], r["end"]) for r in rows] == [(-100, 100), (-75, 75), (-25, 25)]
    assert [r["order"] for r in rows] == [0, 1, 2]
    assert steps["encoding"]["y"]["sort"] == {"field": "order"}  # ascending: the first on top
    assert steps["encoding"]["color"] == {"field": "colour", "scale": None, "type": "nominal"}
    assert written["encoding"]["x"]["field"] == "end"  # each text right of its bar
    assert [r["text"] for r in rows_of(spec, 1)] == ["200 (100.0%)", "150 (75.0%)", "50 (25.0%)"]
    # Room right of the widest bar for its text.
    assert steps["encoding"]["x"]["scale"]["domain"] == pytest.approx([-100, 220])
    assert_valid(spec)


def test_flows_of_two_rounds_stack_nodes_and_bands_as_worked_out():
    # 5 households stayed poor, 3 left poverty, 2 became poor (those non-poor in both: left out).
    nodes = (("poor 1", 0, "#b2182b"), ("non-poor 1", 0, "#2166ac"),
             ("poor 2", 1, "#b2182b"), ("non-poor 2", 1, "#2166ac"))  # fmt: skip
    links = (("stayed", 0, 2, 5.0, "#b2182b"), ("exited", 0, 3, 3.0, "#2166ac"),
             ("entered", 1, 2, 2.0, "#ef8a62"))  # fmt: skip
    node_rows, bands, height = charts.flow_layout(nodes, links)
    # Nodes as tall as what leaves or arrives; columns of 10, a gap of 8 % of 10 between nodes.
    assert list(node_rows["y"]) == pytest.approx([0, 8.8, 0, 7.8])
    assert list(node_rows["y2"]) == pytest.approx([8, 10.8, 7, 10.8])
    assert list(node_rows["size"]) == pytest.approx([8, 2, 7, 3])  # written beside each node
    assert height == pytest.approx(10.8)
    # Each band's top and bottom where it leaves and where it arrives.
    ends = {
        name: [part["top"].iloc[0], part["bottom"].iloc[0], part["top"].iloc[-1],
               part["bottom"].iloc[-1]]
        for name, part in bands.groupby("name")
    }  # fmt: skip
    assert ends["stayed"] == pytest.approx([0, 5, 0, 5])
    assert ends["exited"] == pytest.approx([5, 8, 7.8, 10.8])  # below "stayed" in poor 1
    assert ends["entered"] == pytest.approx([8.8, 10.8, 5, 7])  # below "stayed" in poor 2
    assert (bands.groupby("name").size() == charts.FLOW_STEPS + 1).all()
    spec = charts.flows(nodes, links, title="flows", value_title="households", height=300)
    assert_valid(spec)


def test_differences_keep_the_first_row_on_top_with_its_interval(drawn):
    spec = charts.differences(
        ("training", "cash"), (12.5, -3.0), (4.0, -9.0), (21.0, 3.0), ("#2166ac", "#bdbdbd"),
        value_title="difference (points)",
    )  # fmt: skip
    bars, interval, zero = spec["layer"]
    assert bars["encoding"]["y"]["sort"] == {"field": "order", "order": "ascending"}  # first on top
    assert interval["encoding"]["x"]["field"] == "low"
    assert interval["encoding"]["x2"]["field"] == "high"
    rows = rows_of(spec, 0)
    assert [(r["label"], r["value"], r["low"], r["high"], r["colour"]) for r in rows] == [
        ("training", 12.5, 4.0, 21.0, "#2166ac"), ("cash", -3.0, -9.0, 3.0, "#bdbdbd"),
    ]  # fmt: skip
    assert spec["height"] == 80 + 32 * 2
    assert_valid(spec)
