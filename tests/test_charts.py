"""Charts drawn the one way (components.charts.show_chart), built once and shared (issue 13).

Every plotly chart goes through ``show_chart`` with the mode bar off (no
plotly "download as PNG" beside the audited download path); the Overview's
bar charts and radar are built once per arguments, kept as specs, and what
is sent equals a validated figure built here from the values.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go
import plotly.io
import pytest
import streamlit as st

from components import charts, contributions

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Record st.plotly_chart's calls instead of drawing; start with empty chart caches.

    Figures built are counted in ``built`` (each build lays out its figure once).
    """
    calls: list[tuple] = []
    monkeypatch.setattr(
        charts.st, "plotly_chart", lambda fig, **kwargs: calls.append((fig, kwargs))
    )
    real = go.Figure.update_layout
    built.clear()
    monkeypatch.setattr(
        go.Figure, "update_layout", lambda self, *a, **k: built.append(1) or real(self, *a, **k)
    )
    charts.horizontal_bars.clear()
    charts._radar_figure.clear()
    return calls


built: list[int] = []


def as_sent(fig: go.Figure) -> dict:
    """The figure as st.plotly_chart sends it (plotly's JSON), parsed."""
    return json.loads(plotly.io.to_json(fig, validate=False))


def test_every_plotly_chart_goes_through_show_chart_without_mode_bar():
    callers = [
        path.relative_to(ROOT).as_posix()
        for folder in ("components", "app_pages", "reports")
        for path in sorted((ROOT / folder).glob("*.py"))
        if re.search(r"\bst\.plotly_chart\(", path.read_text(encoding="utf-8"))
    ]
    assert callers == ["components/charts.py"]
    assert charts.CHART_CONFIG == {"displayModeBar": False}


def test_contribution_bars_hold_percentages_and_are_built_once(drawn, monkeypatch):
    monkeypatch.setitem(st.session_state, "lang", "th")
    contributions._bar(["สุขภาพ", "รายได้"], [0.25, 0.75], "ส่วนร่วม", 380, "one")
    contributions._bar(["สุขภาพ", "รายได้"], [0.25, 0.75], "ส่วนร่วม", 380, "two")
    (first, options), (second, _options) = drawn
    assert len(built) == 1  # built once, drawn twice
    assert options == {"key": "one", "config": {"displayModeBar": False}}
    # What is sent is what the validated figure, built here from the values, would send.
    expected = go.Figure(
        go.Bar(
            x=[25.0, 75.0],
            y=["สุขภาพ", "รายได้"],
            orientation="h",
            marker_color="#f03b20",  # SEQUENTIAL_5[3]
            text=["ร้อยละ 25.00", "ร้อยละ 75.00"],
            textposition="auto",
            hovertemplate="%{y}: %{x:.2f}%<extra></extra>",
        )
    )
    expected.update_layout(
        title="ส่วนร่วม", height=380, margin=dict(l=10, r=20, t=60, b=30), xaxis={"ticksuffix": "%"}
    )
    assert as_sent(first) == as_sent(second) == as_sent(expected)
    # Other shares: built again.
    contributions._bar(["สุขภาพ", "รายได้"], [0.5, 0.5], "ส่วนร่วม", 380, "three")
    assert len(built) == 3 and list(drawn[2][0].data[0].x) == [50.0, 50.0]


def test_indicator_bar_and_radar_follow_the_summary(drawn, monkeypatch):
    from poverty.indicators import DIMENSION_CODES, INDICATORS

    # Bare mode (no script run): one session state for the process, restored after the test.
    monkeypatch.setitem(st.session_state, "lang", "en")
    counts = {i.code: n for n, i in enumerate(INDICATORS)}  # 0 … 16 persons
    summary = {
        "censored_persons": counts,
        "dimension_headcount": dict(zip(DIMENSION_CODES, [0.1, 0.2, 0.3, 0.4, 0.5], strict=True)),
    }
    charts.indicator_bar(summary, "bars")
    charts.radar(summary, "radar")
    charts.radar(summary, "radar_again")
    bars, radar, radar_again = (fig for fig, _options in drawn)
    assert list(bars.data[0].x) == list(range(17))  # fewest at the bottom
    assert bars.layout.xaxis.tickformat == ",d" and bars.layout.xaxis.dtick is None  # 16 > 8
    assert len(built) == 2 and as_sent(radar) == as_sent(radar_again)
    assert list(radar.data[0].r) == pytest.approx([10.0, 20.0, 30.0, 40.0, 50.0, 10.0])


def test_bars_without_a_title_send_what_a_validated_figure_sends(drawn):
    # The top-10 chart: no title, its own margins, a count axis.
    sent = charts.horizontal_bars(
        (3, 12),
        ("อ.หนึ่ง", "อ.สอง"),
        colour="#f03b20",
        hovertemplate="%{y}: %{x:,}<extra></extra>",
        height=260,
        xaxis=charts.count_axis("คน", 12),
        margin=(10, 20, 10, 40),
    )
    expected = go.Figure(
        go.Bar(
            x=[3, 12],
            y=["อ.หนึ่ง", "อ.สอง"],
            orientation="h",
            marker_color="#f03b20",
            hovertemplate="%{y}: %{x:,}<extra></extra>",
        )
    )
    expected.update_layout(
        height=260,
        margin=dict(l=10, r=20, t=10, b=40),
        xaxis={"title": {"text": "คน"}, "tickformat": ",d", "rangemode": "tozero"},
    )
    assert as_sent(sent) == as_sent(expected)
    assert "title" not in as_sent(sent)["layout"]
