"""Charts drawn one way (:func:`show_chart`): Vega-Lite where it can, Plotly where needed.

Vega-Lite (built with Altair) draws the charts of the Overview (the
5-dimension radar and the bar charts), the Urgent page, Area potential and
Progress (months on two axes, help, the funnel): Streamlit loads its Vega
code (about 0.8 MB) only for a page with such a chart, where Plotly's is
4.7 MB and took about a second of the browser's time on a first visit
(issue 13: sign-in to a finished Overview went from 3.4-4.2 s to 2.6-3.1 s,
``benchmarks.page_time``). Plotly stays on the Change page, for what
Vega-Lite lacks (the Sankey of households between rounds); its other charts
stay with it, so that page loads one chart library.

Counts of persons or households are whole numbers: their axes carry whole
ticks only (no "0.2 households" on a small village) and a title saying what
is counted. Shares are sent as fractions (0-1) and written as percentages.
"""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Callable
from typing import Any, ParamSpec

import altair as alt
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit import dataframe_util

from components.formats import SEQUENTIAL_5
from components.i18n import dimension_name, indicator_name, t
from poverty.indicators import DIMENSION_CODES, INDICATORS

#: plotly's settings for every Plotly chart: no mode bar, so no chart offers plotly's own
#: "download as PNG", which would let data leave without the export right and audit row
#: of the one download path (a chart offered as a PNG goes through
#: :func:`components.maps.map_download`).
CHART_CONFIG = {"displayModeBar": False}
#: Hides Streamlit's toolbar of a Vega-Lite chart: it offers "Download as PNG" (and
#: "Show data") with no setting to turn them off in Streamlit 1.67, beside the one
#: download path with its export right and audit row (issue 11).
HIDE_CHART_TOOLBAR_CSS = (
    '[data-testid="stElementContainer"]:has([data-testid="stVegaLiteChart"])'
    ' [data-testid="stElementToolbar"] { display: none !important; }'
)
#: Chart specs kept by :func:`_built_once` (a few kB each): the charts of the areas,
#: languages and filters most in use.
CHART_ENTRIES = 2048
#: Longest label (pixels) written beside a bar before Vega-Lite cuts it with "…".
LABEL_LIMIT_PX = 320
#: About this many ticks on a value axis (Vega-Lite takes it as a hint).
TICKS = 8
#: Room (a share of the longest bar) kept right of the bars for the text written beside them.
TEXT_ROOM = 0.4
#: Radar: the percent axis ends at the first of these at or above the largest value.
RADAR_TOPS = (1, 2, 5, 10, 20, 25, 50, 75, 100)
#: Radar: grid rings, as shares of the axis.
RADAR_RINGS = (0.25, 0.5, 0.75, 1.0)
#: Radar: how an axis' name is aligned, left of x = -0.2, up to 0.2, and right of it.
SIDES = ["right", "center", "left"]
#: Radar: width and height of the chart, and the outer ring's radius, pixels. Room is kept
#: left and right for the axes' names (a half-width column of the Overview: about 410 px).
RADAR_WIDTH_PX, RADAR_HEIGHT_PX, RADAR_RADIUS_PX = 390, 320, 84
#: Radar: an axis' name longer than this many characters is written on more lines (at spaces).
RADAR_NAME_CHARS = 16

Spec = dict[str, Any]
#: A Vega-Lite setting left out of the spec.
UNSET = alt.Undefined
_Args = ParamSpec("_Args")


def _built_once(build: Callable[_Args, alt.TopLevelMixin]) -> Callable[_Args, Spec]:
    """Decorate a chart builder: build once per arguments, return the spec.

    Building a chart took 2-5 ms with Plotly, 10-100 ms with Altair, on
    every view of the Overview's charts (issue 13,
    ``benchmarks.profile_server``). The decorated function returns the
    chart's Vega-Lite spec (:func:`_as_sent`: not validated again here;
    ``tests/test_charts.py`` validates every builder's output), kept in
    ``st.cache_data`` (pickled bytes: a copy per reader, nothing for
    Streamlit's full garbage collection after each script run to walk).
    Its datasets are kept as the Arrow bytes ``st.vega_lite_chart`` sends
    (Streamlit's own conversion; it sends bytes as they are): converting
    them on every view took 7 ms for the radar's seven datasets.
    The returned function's ``clear()`` empties the cache.
    """

    @functools.wraps(build)  # the cache is keyed by the builder's name and source
    def spec(*args: _Args.args, **kwargs: _Args.kwargs) -> Spec:
        return _as_sent(build(*args, **kwargs))

    cached = st.cache_data(show_spinner=False, max_entries=CHART_ENTRIES)(spec)
    cached.__doc__ = build.__doc__
    return cached


def _as_sent(chart: alt.TopLevelMixin | Spec) -> Spec:
    """Return a chart's spec as ``st.vega_lite_chart`` sends it: datasets as Arrow bytes.

    A chart built with Altair is turned into its spec without validating it
    again (Altair's schema validation was about half of a chart's build
    time; ``tests/test_charts.py`` validates every builder's output). A
    dataset already in bytes is kept.
    """
    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    if "datasets" in spec:
        spec["datasets"] = {name: _arrow(rows) for name, rows in spec["datasets"].items()}
    return spec


def _arrow(rows: Any) -> bytes:
    """Return a dataset (rows, a DataFrame, or bytes already) as the Arrow bytes Streamlit sends."""
    return rows if isinstance(rows, bytes) else dataframe_util.convert_anything_to_arrow_bytes(rows)


def show_chart(chart: Spec | go.Figure, key: str) -> None:
    """Draw a chart, as every chart of the app is drawn.

    Parameters
    ----------
    chart : dict or plotly.graph_objects.Figure
        A Vega-Lite spec (a builder of this module), drawn by
        ``st.vega_lite_chart`` at its own width if it has one, else the
        container's, with Streamlit's chart toolbar hidden
        (:data:`HIDE_CHART_TOOLBAR_CSS`); or a Plotly figure, drawn with
        :data:`CHART_CONFIG`. Only read.
    key : str
        Widget key, unique on the page.
    """
    if isinstance(chart, go.Figure):
        st.plotly_chart(chart, key=key, config=CHART_CONFIG)
        return
    # A style alone goes to Streamlit's event container: it takes no room on the page.
    st.html(f"<style>{HIDE_CHART_TOOLBAR_CSS}</style>")
    st.vega_lite_chart(spec=chart, key=key, width="content" if "width" in chart else "stretch")


def value_axis(title: str, *, whole: bool = False, share: bool = False) -> dict:
    """Return the Vega-Lite settings of a value axis and its tooltip.

    Parameters
    ----------
    title : str
        What is measured, with its unit ("MPI-poor persons (persons)").
    whole : bool
        A count: whole-number ticks only (``tickMinStep`` 1), thousands separators.
    share : bool
        A share sent as a fraction 0-1: ticks and tooltip as percentages.

    Returns
    -------
    dict
        ``title``, ``axis_format`` and ``tooltip_format`` (d3 formats), ``whole``.

    Examples
    --------
    >>> value_axis("persons", whole=True)["axis_format"]
    ',d'
    >>> value_axis("share", share=True)["tooltip_format"]
    '.2%'
    """
    if share:
        return {"title": title, "axis_format": ".0%", "tooltip_format": ".2%", "whole": False}
    if whole:
        return {"title": title, "axis_format": ",d", "tooltip_format": ",d", "whole": True}
    return {"title": title, "axis_format": ",~f", "tooltip_format": ",.2f", "whole": False}


@_built_once
def horizontal_bars(
    values: tuple[float, ...],
    labels: tuple[str, ...],
    *,
    colour: str,
    height: int,
    axis: dict,
    label_title: str = "",
    title: str | None = None,
    text: tuple[str, ...] | None = None,
    details: tuple[str, ...] | None = None,
    detail_title: str = "",
) -> Spec:
    """Return a horizontal bar chart's spec, built once per arguments.

    Parameters
    ----------
    values, labels : tuple
        Bar lengths (a fraction 0-1 for a share axis) and their labels, drawn
        bottom to top in this order (the largest last, to stand at the top).
    colour : str
        Bar colour (``#rrggbb``).
    height : int
        Chart height, pixels (the width is the container's).
    axis : dict
        The value axis (:func:`value_axis`): its title also names the value
        in the tooltip.
    label_title : str
        What a label is ("Indicator"), named in the tooltip.
    title : str, optional
        Chart title.
    text : tuple of str, optional
        Text written beside each bar (room is kept for it right of the longest).
    details : tuple of str, optional
        Per bar, one more line of the tooltip (an indicator's dimension),
        named ``detail_title``.

    Returns
    -------
    dict
        The Vega-Lite spec (through :func:`_built_once`): the look of
        :func:`_bars_look` and these bars' rows as its ``bars`` dataset.
    """
    rows = pd.DataFrame({"label": labels, "value": values, "order": range(len(values))})
    # One band per bar even where two areas share a name (villages of a subdistrict
    # often do): the axis is the order and the label, and shows the label only.
    rows["bar"] = [f"{i}{BAR_SEPARATOR}{label}" for i, label in enumerate(labels)]
    if text is not None:
        rows["text"] = text
        rows["room"] = rows["value"] * (1 + TEXT_ROOM)
    if details is not None:
        rows["detail"] = details
    largest = float(pd.Series(values, dtype=float).max()) if len(values) else 0.0
    spec = _bars_look(
        colour,
        height,
        axis,
        label_title,
        title,
        text is not None,
        detail_title if details is not None else None,
        not largest > 0,  # none, all zero, or all missing: an axis still
    )
    spec["datasets"] = {BARS: _arrow(rows)}
    return spec


#: The name of the bars' dataset in :func:`_bars_look`'s spec.
BARS = "bars"
#: Between a bar's order and its label in the axis field ``bar`` (not in any area name).
BAR_SEPARATOR = "|"


@st.cache_data(show_spinner=False, max_entries=CHART_ENTRIES)
def _bars_look(
    colour: str,
    height: int,
    axis: dict,
    label_title: str,
    title: str | None,
    with_text: bool,
    detail_title: str | None,
    empty: bool,
) -> Spec:
    """Return the spec of :func:`horizontal_bars` without its rows (the dataset :data:`BARS`).

    Built with Altair once per look: building a chart is 10-80 ms, most of
    it Altair's, and the bars of every area share a few looks. Room for the
    text beside the bars is kept by an invisible point at each row's
    ``room`` (``value × (1 +`` :data:`TEXT_ROOM` ``)``); an empty chart's
    axis goes 0-1.
    """
    rows = alt.NamedData(name=BARS)
    tooltip = [
        alt.Tooltip("label:N", title=label_title or " "),
        alt.Tooltip("value:Q", title=axis["title"], format=axis["tooltip_format"]),
    ]
    if detail_title is not None:  # each tooltip line its own title: Vega keeps one per title
        tooltip.append(alt.Tooltip("detail:N", title=detail_title or "  "))
    scale = (
        alt.Scale(domain=[0, 1])
        if empty
        else alt.Scale(domainMin=0, nice=not with_text)  # the room, not rounded up past it
    )
    y = alt.Y(
        "bar:N",
        sort=alt.EncodingSortField("order", order="descending"),
        title=None,
        axis=alt.Axis(
            labelLimit=LABEL_LIMIT_PX,
            labelExpr=f"slice(datum.label, indexof(datum.label, '{BAR_SEPARATOR}') + 1)",
        ),
    )
    x = alt.X(
        "value:Q",
        title=axis["title"],
        scale=scale,
        stack=None,
        axis=alt.Axis(
            format=axis["axis_format"],
            tickCount=TICKS,
            tickMinStep=1 if axis["whole"] else UNSET,
        ),
    )
    layers: list[alt.Chart] = [alt.Chart(rows).mark_bar(color=colour).encode(x, y, tooltip=tooltip)]
    if with_text:
        layers.append(
            alt.Chart(rows)
            .mark_text(align="left", baseline="middle", dx=4)
            .encode(x, y, text="text:N")
        )
        layers.append(  # no transform: one data source, so the bars' order holds
            alt.Chart(rows).mark_point(opacity=0).encode(alt.X("room:Q", title=axis["title"]), y)
        )
    chart = alt.layer(*layers).properties(height=height)
    return _as_sent(chart.properties(title=title) if title else chart)


def radar(summary: dict, key: str) -> None:
    """Draw the share of persons poor and failing each dimension (DOMAIN.md §3)."""
    names = tuple(dimension_name(d) for d in DIMENSION_CODES)
    values = tuple(float(summary["dimension_headcount"][d]) for d in DIMENSION_CODES)
    show_chart(radar_spec(names, values, t("radar_title"), t("dimension"), t("share")), key)


def radar_top(largest: float) -> float:
    """Return where the radar's percent axis ends: the first of :data:`RADAR_TOPS` ≥ ``largest``.

    Examples
    --------
    >>> radar_top(0.0), radar_top(12.5), radar_top(100.0)
    (1, 20, 100)
    """
    return next((top for top in RADAR_TOPS if top >= largest), RADAR_TOPS[-1])


def radar_points(values: tuple[float, ...], top: float, radius: float = 1.0) -> pd.DataFrame:
    """Return the radar's corners: one row per axis, the first at the top, then clockwise.

    Parameters
    ----------
    values : tuple of float
        Per axis, a value on the scale 0-``top``.
    top : float
        The value drawn at ``radius``.
    radius : float
        Where ``top`` is drawn (1 = the outer ring).

    Returns
    -------
    DataFrame
        ``axis`` (0, 1, …), ``x`` and ``y`` (``value / top × radius`` from the
        centre; y up).
    """
    count = len(values)
    angles = [math.pi / 2 - 2 * math.pi * i / count for i in range(count)]
    return pd.DataFrame(
        {
            "axis": range(count),
            "x": [v / top * radius * math.cos(a) for v, a in zip(values, angles, strict=True)],
            "y": [v / top * radius * math.sin(a) for v, a in zip(values, angles, strict=True)],
        }
    )


@_built_once
def radar_spec(
    names: tuple[str, ...],
    values: tuple[float, ...],
    title: str,
    name_title: str,
    value_title: str,
) -> Spec:
    """Return the radar's spec: shares (0-1) per axis, built once per arguments.

    Vega-Lite has no polar axes: the corners are placed by
    :func:`radar_points` (the first axis at the top, then clockwise) on
    square x/y scales without axes, over grid rings at :data:`RADAR_RINGS`
    of the percent axis (which ends at :func:`radar_top`, written on the
    rings) and spokes to each axis' name. A tooltip on each corner names the
    axis and its share. The rings, spokes and names are :func:`_radar_look`'s,
    shared by every area with the same axis; the corners are the dataset
    :data:`CORNERS`.
    """
    percents = tuple(v * 100 for v in values)
    top = radar_top(max(percents, default=0.0))
    spec = _radar_look(names, title, name_title, value_title, top)
    corners = radar_points(percents, top).assign(name=list(names), value=list(values))
    spec["datasets"][CORNERS] = _arrow(corners)
    return spec


#: The name of the radar's corners' dataset in :func:`_radar_look`'s spec.
CORNERS = "corners"


@st.cache_data(show_spinner=False, max_entries=CHART_ENTRIES)
def _radar_look(
    names: tuple[str, ...], title: str, name_title: str, value_title: str, top: float
) -> Spec:
    """Return the spec of :func:`radar_spec` without its corners (the dataset :data:`CORNERS`).

    Built with Altair once per axis names, titles and axis end (100 ms a
    radar, most of it Altair's).
    """
    count = len(names)
    ring_rows = pd.concat(
        [radar_points((top,) * count, top, ring).assign(ring=ring) for ring in RADAR_RINGS],
        ignore_index=True,
    )
    corners = alt.NamedData(name=CORNERS)
    outer = radar_points((top,) * count, top)
    spokes = outer.assign(x0=0.0, y0=0.0)
    label_at = radar_points((top,) * count, top, 1.15).assign(
        name=[textwrap.fill(n, RADAR_NAME_CHARS, break_long_words=False) for n in names]
    )
    ring_labels = pd.DataFrame(
        {"x": 0.03, "y": list(RADAR_RINGS), "text": [f"{ring * top:g}%" for ring in RADAR_RINGS]}
    )
    # Equal units on both axes (a regular polygon): the outer ring is RADAR_RADIUS_PX.
    half_x = RADAR_WIDTH_PX / 2 / RADAR_RADIUS_PX
    half_y = RADAR_HEIGHT_PX / 2 / RADAR_RADIUS_PX
    x = alt.X("x:Q", scale=alt.Scale(domain=[-half_x, half_x], nice=False, zero=False), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=[-half_y, half_y], nice=False, zero=False), axis=None)
    grid = "#d9d9d9"
    layers = [
        alt.Chart(ring_rows)
        .mark_line(interpolate="linear-closed", color=grid, strokeWidth=1)
        .encode(x, y, detail="ring:N", order="axis:Q"),
        alt.Chart(spokes).mark_rule(color=grid).encode(x, y, x2="x0:Q", y2="y0:Q"),
        alt.Chart(ring_labels)
        .mark_text(align="left", baseline="middle", fontSize=10, color="#737373")
        .encode(x, y, text="text:N"),
        alt.Chart(corners)
        .mark_line(
            interpolate="linear-closed", filled=True, color=SEQUENTIAL_5[3], fillOpacity=0.25
        )
        .encode(x, y, order="axis:Q"),
        alt.Chart(corners)
        .mark_line(interpolate="linear-closed", color=SEQUENTIAL_5[3], strokeWidth=2)
        .encode(x, y, order="axis:Q"),
        alt.Chart(corners)
        .mark_point(filled=True, size=60, color=SEQUENTIAL_5[3])
        .encode(
            x,
            y,
            tooltip=[
                alt.Tooltip("name:N", title=name_title),
                alt.Tooltip("value:Q", title=value_title, format=".2%"),
            ],
        ),
    ]
    # Names beside the outer ring: right of the right-hand axes, left of the left-hand ones.
    sides = pd.cut(label_at["x"], [-math.inf, -0.2, 0.2, math.inf], labels=SIDES)
    for align, part in label_at.groupby(sides.astype(str), sort=True):
        name = alt.Chart(part).mark_text(fontSize=12, align=align, lineBreak="\n")
        layers.append(name.encode(x, y, text="name:N"))
    return _as_sent(
        alt.layer(*layers)
        .properties(
            title=title,
            width=RADAR_WIDTH_PX,
            height=RADAR_HEIGHT_PX,
            # Exactly this plot size (Streamlit would fit it, stretching one axis).
            autosize=alt.AutoSizeParams(type="pad"),
        )
        .configure_view(stroke=None)
    )


def indicator_bar(summary: dict, key: str) -> None:
    """Draw MPI-poor persons failing each of the 17 indicators, by dimension."""
    rows = sorted(INDICATORS, key=lambda i: summary["censored_persons"][i.code])
    spec = horizontal_bars(
        tuple(summary["censored_persons"][i.code] for i in rows),
        tuple(indicator_name(i.code) for i in rows),
        colour=SEQUENTIAL_5[2],
        height=520,
        axis=value_axis(t("indicator_bar_axis"), whole=True),
        label_title=t("indicator"),
        title=t("bar_title"),
        details=tuple(dimension_name(i.dimension) for i in rows),
        detail_title=t("dimension"),
    )
    show_chart(spec, key)


@_built_once
def counts_and_shares(
    periods: tuple[str, ...],
    bars: tuple[tuple[str, str, tuple[float, ...]], ...],
    lines: tuple[tuple[str, str, tuple[float, ...]], ...],
    *,
    count_title: str,
    period_title: str,
    series_title: str,
    height: int,
) -> alt.LayerChart:
    """Return a chart of counts (grouped bars, right axis) and shares (lines, left axis).

    Parameters
    ----------
    periods : tuple of str
        The x axis, left to right (month names as shown).
    bars : tuple of (name, colour, counts)
        One group member per series: its name (legend, tooltip), colour
        (``#rrggbb``) and whole counts per period, on the right axis titled
        ``count_title``.
    lines : tuple of (name, colour, shares)
        One line per series: shares (fractions 0-1) per period, on the left
        axis from 0 to 105 %.
    count_title : str
        What is counted, with its unit.
    period_title, series_title : str
        What a period and a series are ("Month"), named in the tooltip (each
        line its own title: Vega keeps one line per title).
    height : int
        Chart height, pixels.

    Returns
    -------
    dict
        The Vega-Lite spec (through :func:`_built_once`); one legend for both.
    """

    def long(series: tuple[tuple[str, str, tuple[float, ...]], ...]) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {"period": p, "series": name, "value": float(v)}
                for name, _colour, values in series
                for p, v in zip(periods, values, strict=True)
            ],
            columns=["period", "series", "value"],
        )

    names = [name for name, _c, _v in (*bars, *lines)]
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(domain=names, range=[c for _n, c, _v in (*bars, *lines)]),
        legend=alt.Legend(orient="bottom", title=None, columns=2, labelLimit=LABEL_LIMIT_PX),
    )
    # The periods' own order (a sort by a field is dropped where layers join their domains).
    x = alt.X("period:N", sort=list(periods), title=None, axis=alt.Axis(labelAngle=-45))
    counted = (
        alt.Chart(long(bars))
        .mark_bar()
        .encode(
            x,
            alt.XOffset("series:N", sort=[n for n, _c, _v in bars]),
            alt.Y(
                "value:Q",
                title=count_title,
                axis=alt.Axis(orient="right", format=",d", tickMinStep=1, grid=False),
            ),
            colour,
            tooltip=[
                alt.Tooltip("period:N", title=period_title),
                alt.Tooltip("series:N", title=series_title),
                alt.Tooltip("value:Q", title=count_title, format=",d"),
            ],
        )
    )
    shares = (
        alt.Chart(long(lines))
        .mark_line(point=True, strokeWidth=3)
        .encode(
            x,
            alt.Y(
                "value:Q",
                title="%",
                scale=alt.Scale(domain=[0, 1.05], nice=False),
                axis=alt.Axis(orient="left", format=".0%"),
            ),
            colour,
            tooltip=[
                alt.Tooltip("period:N", title=period_title),
                alt.Tooltip("series:N", title=series_title),
                alt.Tooltip("value:Q", title="%", format=".1%"),
            ],
        )
    )
    return alt.layer(counted, shares).resolve_scale(y="independent").properties(height=height)


@_built_once
def funnel(
    labels: tuple[str, ...],
    values: tuple[float, ...],
    colours: tuple[str, ...],
    text: tuple[str, ...],
    *,
    value_title: str,
    height: int,
) -> alt.LayerChart:
    """Return a funnel: one centred bar per step, top to bottom, each with its text beside it.

    Parameters
    ----------
    labels, values, colours, text : tuple
        Per step, top first: its name, count, bar colour (``#rrggbb``) and
        the text written right of its bar (the count and its share of the first).
    value_title : str
        What is counted, named in the tooltip.
    height : int
        Chart height, pixels.

    Returns
    -------
    dict
        The Vega-Lite spec (through :func:`_built_once`).
    """
    rows = pd.DataFrame(
        {
            "label": labels,
            "value": [float(v) for v in values],
            "order": range(len(values)),
            "colour": colours,
            "text": text,
        }
    )
    rows["start"], rows["end"] = -rows["value"] / 2, rows["value"] / 2
    half = max(float(rows["value"].max()) if len(rows) else 0.0, 1.0) / 2
    y = alt.Y(
        "label:N",
        sort=alt.EncodingSortField("order"),
        title=None,
        axis=alt.Axis(labelLimit=LABEL_LIMIT_PX),
    )
    # Room right of the widest bar for its text.
    x = alt.X("start:Q", axis=None, scale=alt.Scale(domain=[-half, half * 2.2], nice=False))
    tooltip = [
        alt.Tooltip("label:N", title=" "),
        alt.Tooltip("value:Q", title=value_title, format=",d"),
    ]
    steps = (
        alt.Chart(rows)
        .mark_bar()
        .encode(y, x, x2="end:Q", color=alt.Color("colour:N", scale=None), tooltip=tooltip)
    )
    written = (
        alt.Chart(rows)
        .mark_text(align="left", baseline="middle", dx=4)
        .encode(y, alt.X("end:Q"), text="text:N")
    )
    return alt.layer(steps, written).properties(height=height)
