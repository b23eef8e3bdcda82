"""Charts drawn one way (:func:`show_chart`), in Vega-Lite (built with Altair).

Every chart of the app: the Overview's 5-dimension radar and bar charts, the
Urgent page's, Area potential's, Progress (months on two axes, help, the
funnel) and Change (the flows of households between rounds, the trend, the
indicators, the outcomes). Streamlit loads its Vega code (about 0.8 MB) only
for a page with a chart; the charts were Plotly's, whose code is 4.7 MB and
took about a second of the browser's time on a first visit (issue 13:
sign-in to a finished Overview went from 3.4-4.2 s to 2.6-3.1 s,
``benchmarks.page_time``).

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
import streamlit as st
from streamlit import dataframe_util

from components.formats import SEQUENTIAL_5
from components.i18n import dimension_name, indicator_name, t
from poverty.indicators import DIMENSION_CODES, INDICATORS

#: Hides Streamlit's toolbar of a Vega-Lite chart: it offers "Download as PNG" (and
#: "Show data", "Copy Vega-Lite spec") with no setting to turn them off in Streamlit
#: 1.67, which would let data leave without the export right and audit row of the one
#: download path (issue 11; a chart offered as a PNG goes through
#: :func:`components.maps.map_download`).
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


def _built_once(build: Callable[_Args, alt.TopLevelMixin | Spec]) -> Callable[_Args, Spec]:
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


def show_chart(chart: Spec, key: str) -> None:
    """Draw a chart, as every chart of the app is drawn.

    Parameters
    ----------
    chart : dict
        A Vega-Lite spec (a builder of this module), drawn by
        ``st.vega_lite_chart`` at its own width if it has one, else the
        container's, with Streamlit's chart toolbar hidden
        (:data:`HIDE_CHART_TOOLBAR_CSS`). Only read.
    key : str
        Widget key, unique on the page.
    """
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
    rows["bar"] = bar_keys(labels)
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


def bar_keys(labels: tuple[str, ...]) -> list[str]:
    """Return each bar's own key for the y axis: its order and its label ("0|บ้านศาลาแดง").

    Two areas with one name (villages of a subdistrict often share one) keep
    a band each; :func:`_bar_bands` shows the label only.
    """
    return [f"{i}{BAR_SEPARATOR}{label}" for i, label in enumerate(labels)]


def _bar_bands(order: str) -> alt.Y:
    """Return the y axis of bars keyed by :func:`bar_keys`, by ``order`` of the field ``order``.

    ``"descending"``: the last row on top (bars given bottom to top);
    ``"ascending"``: the first row on top. The axis writes each label only.
    """
    return alt.Y(
        "bar:N",
        sort=alt.EncodingSortField("order", order=order),
        title=None,
        axis=alt.Axis(
            labelLimit=LABEL_LIMIT_PX,
            labelExpr=f"slice(datum.label, indexof(datum.label, '{BAR_SEPARATOR}') + 1)",
        ),
    )


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
    y = _bar_bands("descending")
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
    share_title: str = "%",
    share_max: float | None = 1.05,
    thin_lines: tuple[tuple[str, tuple[float, ...]], ...] = (),
    title: str | None = None,
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
    share_title : str
        Title of the shares' axis.
    share_max : float or None
        Where the shares' axis ends (105 % by default); None: at the data.
    thin_lines : tuple of (name, shares)
        More shares drawn as thin grey lines on the same axis, named in their
        tooltip, not in the legend (a child area's H beside its parent's).
    title : str, optional
        Chart title.
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
        legend=alt.Legend(orient="bottom", title=None, columns=1, labelLimit=LABEL_LIMIT_PX),
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
                title=share_title,
                scale=(
                    alt.Scale(domain=[0, share_max], nice=False)
                    if share_max is not None
                    else alt.Scale(zero=True)
                ),
                axis=alt.Axis(orient="left", format=".0%"),
            ),
            colour,
            tooltip=[
                alt.Tooltip("period:N", title=period_title),
                alt.Tooltip("series:N", title=series_title),
                alt.Tooltip("value:Q", title=share_title, format=".1%"),
            ],
        )
    )
    if thin_lines:  # on the shares' own axis: a layer of the shares' layer
        thin = (
            alt.Chart(long(tuple((name, "", values) for name, values in thin_lines)))
            .mark_line(strokeWidth=1, opacity=0.6, color="#969696")
            .encode(
                x,
                alt.Y("value:Q"),
                alt.Detail("series:N"),
                tooltip=[
                    alt.Tooltip("period:N", title=period_title),
                    alt.Tooltip("series:N", title=series_title),
                    alt.Tooltip("value:Q", title=share_title, format=".1%"),
                ],
            )
        )
        shares = alt.layer(thin, shares)
    chart = alt.layer(counted, shares).resolve_scale(y="independent").properties(height=height)
    return chart.properties(title=title) if title else chart


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


#: Flows: where the node bars stand on the x axis (0-1), and the gap between nodes
#: of a column (a share of the tallest column).
FLOW_LEFT, FLOW_RIGHT, FLOW_NODE, FLOW_GAP = 0.0, 1.0, 0.05, 0.08
#: Flows: points along each band (an S-curve from one column to the other).
FLOW_STEPS = 24


def flow_layout(
    nodes: tuple[tuple[str, int, str], ...],
    links: tuple[tuple[str, int, int, float, str], ...],
) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Return where a two-column flow chart's nodes and bands are drawn.

    Parameters
    ----------
    nodes : tuple of (label, column, colour)
        Column 0 on the left, 1 on the right, each stacked top to bottom in
        this order.
    links : tuple of (name, source, target, value, colour)
        ``source`` and ``target`` index ``nodes``; each node's links are
        stacked in this order, in the source and in the target.

    Returns
    -------
    (DataFrame, DataFrame, float)
        Nodes: ``label``, ``colour``, ``x``/``x2``, ``y``/``y2`` (value units
        from the top), ``size`` (``y2 - y``: what the node holds), ``middle``,
        ``column``. Bands: ``link``, ``name``,
        ``colour``, ``value``, ``x``, ``top``, ``bottom`` (:data:`FLOW_STEPS`
        points each). And the height of the tallest column with its gaps.
    """
    # A node is as tall as the larger of what leaves it and what arrives.
    out = [sum(v for _n, s, _t, v, _c in links if s == i) for i in range(len(nodes))]
    into = [sum(v for _n, _s, t, v, _c in links if t == i) for i in range(len(nodes))]
    size = [max(a, b) for a, b in zip(out, into, strict=True)]
    tallest = max(
        (sum(size[i] for i, n in enumerate(nodes) if n[1] == column) for column in (0, 1)),
        default=0.0,
    )
    gap = FLOW_GAP * tallest if tallest > 0 else 1.0
    top = [0.0] * len(nodes)
    for column in (0, 1):
        y = 0.0
        for i, node in enumerate(nodes):
            if node[1] == column:
                top[i], y = y, y + size[i] + gap
    height = max((top[i] + size[i] for i in range(len(nodes))), default=0.0) or 1.0
    node_rows = pd.DataFrame(
        {
            "label": [n[0] for n in nodes],
            "colour": [n[2] for n in nodes],
            "column": [n[1] for n in nodes],
            "x": [FLOW_LEFT if n[1] == 0 else FLOW_RIGHT - FLOW_NODE for n in nodes],
            "x2": [FLOW_LEFT + FLOW_NODE if n[1] == 0 else FLOW_RIGHT for n in nodes],
            "y": top,
            "y2": [top[i] + size[i] for i in range(len(nodes))],
        }
    )
    node_rows["size"] = size
    node_rows["middle"] = (node_rows["y"] + node_rows["y2"]) / 2
    leaving, arriving = list(top), list(top)
    bands = []
    for number, (name, source, target, value, colour) in enumerate(links):
        start, end = leaving[source], arriving[target]
        leaving[source] += value
        arriving[target] += value
        for step in range(FLOW_STEPS + 1):
            share = step / FLOW_STEPS
            curve = share * share * (3 - 2 * share)  # smooth from one column to the other
            bands.append(
                {
                    "link": number,
                    "name": name,
                    "colour": colour,
                    "value": float(value),
                    "x": FLOW_LEFT + FLOW_NODE + (FLOW_RIGHT - 2 * FLOW_NODE) * share,
                    "top": start + (end - start) * curve,
                    "bottom": start + value + (end - start) * curve,
                }
            )
    return node_rows, pd.DataFrame(bands), height


@_built_once
def flows(
    nodes: tuple[tuple[str, int, str], ...],
    links: tuple[tuple[str, int, int, float, str], ...],
    *,
    title: str,
    value_title: str,
    height: int,
) -> alt.LayerChart:
    """Return a two-column flow chart (a Sankey of two rounds): nodes as bars, flows as bands.

    Parameters
    ----------
    nodes, links : tuple
        As :func:`flow_layout` takes them; a node's label and what it holds
        ("จน พ.ศ. 2566 (35,068)") are written beside it (left of the right
        column, right of the left one).
    title : str
        Chart title.
    value_title : str
        What a flow counts (households), named in the band's tooltip.
    height : int
        Chart height, pixels.

    Returns
    -------
    dict
        The Vega-Lite spec (through :func:`_built_once`).
    """
    node_rows, bands, tallest = flow_layout(nodes, links)
    x = alt.X("x:Q", scale=alt.Scale(domain=[0, 1], nice=False, zero=False), axis=None)
    down = alt.Scale(domain=[0, tallest], reverse=True, nice=False)  # value units from the top
    y = alt.Y("top:Q", scale=down, axis=None)
    band_layer = (
        alt.Chart(bands)
        .mark_area(opacity=0.55, interpolate="monotone")
        .encode(
            x,
            y,
            alt.Y2("bottom:Q"),
            alt.Color("colour:N", scale=None),
            alt.Detail("link:N"),
            tooltip=[
                alt.Tooltip("name:N", title=" "),
                alt.Tooltip("value:Q", title=value_title, format=",d"),
            ],
        )
    )
    node_y = alt.Y("y:Q", scale=down, axis=None)
    node_layer = (
        alt.Chart(node_rows)
        .mark_bar()
        .encode(
            alt.X("x:Q"), alt.X2("x2:Q"), node_y, alt.Y2("y2:Q"), alt.Color("colour:N", scale=None)
        )
    )
    labels = [
        alt.Chart(node_rows[node_rows["column"] == column])
        .transform_calculate(text="datum.label + ' (' + format(datum.size, ',d') + ')'")
        .mark_text(align=align, baseline="middle", dx=dx, fontSize=12, fontWeight="bold")
        .encode(alt.X(edge), alt.Y("middle:Q"), text="text:N")
        for column, align, dx, edge in ((0, "left", 4, "x2:Q"), (1, "right", -4, "x:Q"))
        if (node_rows["column"] == column).any()
    ]
    return (
        alt.layer(band_layer, node_layer, *labels)
        .properties(title=title, height=height)
        .configure_view(stroke=None)
    )


@_built_once
def differences(
    labels: tuple[str, ...],
    values: tuple[float, ...],
    lows: tuple[float, ...],
    highs: tuple[float, ...],
    colours: tuple[str, ...],
    *,
    value_title: str,
) -> alt.LayerChart:
    """Return differences as bars from zero, each with its interval as a line, the first on top.

    Parameters
    ----------
    labels, values, lows, highs, colours : tuple
        Per row, top first: its name, the difference, the ends of its
        interval (the same unit; percentage points for shares) and the bar's
        colour (``#rrggbb``).
    value_title : str
        The axis' title, also naming the value in the tooltip.

    Returns
    -------
    dict
        The Vega-Lite spec (through :func:`_built_once`); 80 px plus 32 px a row high.
    """
    rows = pd.DataFrame(
        {
            "label": labels,
            "value": [float(v) for v in values],
            "low": [float(v) for v in lows],
            "high": [float(v) for v in highs],
            "colour": colours,
            "order": range(len(values)),
        }
    )
    rows["bar"] = bar_keys(labels)
    y = _bar_bands("ascending")
    x = alt.X("value:Q", title=value_title, axis=alt.Axis(format="+.1f"))
    tooltip = [
        alt.Tooltip("label:N", title=" "),
        alt.Tooltip("value:Q", title=value_title, format="+.1f"),
    ]
    base = alt.Chart(rows)
    return alt.layer(
        base.mark_bar().encode(x, y, alt.Color("colour:N", scale=None), tooltip=tooltip),
        base.mark_rule(color="#252525").encode(alt.X("low:Q"), alt.X2("high:Q"), y),
        alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="#737373").encode(x="zero:Q"),
    ).properties(height=80 + 32 * len(rows))
