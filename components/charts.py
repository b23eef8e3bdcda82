"""Charts: the 5-dimension radar and the bar chart by indicator (plotly).

Counts of persons or households are whole numbers: their axes carry whole
ticks only (no "0.2 households" on a small village) and a title saying what
is counted (:func:`count_axis`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec

import plotly.graph_objects as go
import streamlit as st

from components.formats import SEQUENTIAL_5
from components.i18n import dimension_name, indicator_name, t
from poverty.indicators import DIMENSION_CODES, INDICATORS

#: Up to this largest value a count axis gets a tick at every whole number.
UNIT_TICKS_MAX = 8
#: plotly's settings for every chart: no mode bar, so no chart offers plotly's own
#: "download as PNG", which would let data leave without the export right and audit row
#: of the one download path (a chart offered as a PNG goes through
#: :func:`components.maps.map_download`).
CHART_CONFIG = {"displayModeBar": False}
#: Chart specs kept by :func:`horizontal_bars` and :func:`radar` (about 2.5 kB each):
#: the Overview's charts of the areas, languages and filters most in use.
CHART_ENTRIES = 2048


_Args = ParamSpec("_Args")


def _built_once(build: Callable[_Args, go.Figure]) -> Callable[_Args, go.Figure]:
    """Decorate a figure builder: build and validate once per arguments, then copy.

    Building and validating a plotly figure took 2-5 ms a chart, on every
    view of the Overview's charts (issue 13, ``benchmarks.profile_server``).
    The decorated function keeps the built figure as its spec
    (``Figure.to_dict`` in ``st.cache_data``: pickled bytes, a copy per
    reader) and returns a figure of that spec, not validated again (the spec
    is plotly's own output; ``tests/test_charts.py`` checks the JSON sent is
    the same). Not the figure itself: a cached plotly figure is about 200
    Python objects that Streamlit's full garbage collection after every
    script run walks again (1,000 figures of a load test: tens of ms a run).
    The returned function's ``clear()`` empties the cache.
    """

    @functools.wraps(build)  # the cache is keyed by the builder's name and source
    def spec(*args: _Args.args, **kwargs: _Args.kwargs) -> dict:
        return build(*args, **kwargs).to_dict()

    cached = st.cache_data(show_spinner=False, max_entries=CHART_ENTRIES)(spec)

    @functools.wraps(build)
    def figure(*args: _Args.args, **kwargs: _Args.kwargs) -> go.Figure:
        return go.Figure(cached(*args, **kwargs), _validate=False)

    figure.clear = cached.clear  # type: ignore[attr-defined]
    return figure


def show_chart(fig: go.Figure, key: str) -> None:
    """Draw a plotly figure, as every chart of the app is drawn (:data:`CHART_CONFIG`).

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The chart (only read).
    key : str
        Widget key, unique on the page.
    """
    st.plotly_chart(fig, key=key, config=CHART_CONFIG)


def count_axis(title: str, max_value: float) -> dict:
    """Return plotly axis settings for a count: whole-number ticks from 0, thousands separators.

    Parameters
    ----------
    title : str
        What is counted, with its unit ("MPI-poor persons (persons)").
    max_value : float
        Largest value on the axis. Up to :data:`UNIT_TICKS_MAX` every whole
        number gets a tick (plotly would put ticks at 0.5 steps there);
        above, plotly's own steps (whole numbers once the range passes 8).

    Returns
    -------
    dict
        ``title``, ``tickformat`` (``",d"``), ``rangemode`` (``"tozero"``) and,
        for small counts, ``tick0``/``dtick`` of 1 and a range up to at least 1.

    Examples
    --------
    >>> count_axis("persons", 3)["dtick"]
    1
    >>> "dtick" in count_axis("persons", 250)
    False
    """
    axis = {"title": {"text": title}, "tickformat": ",d", "rangemode": "tozero"}
    if max_value <= UNIT_TICKS_MAX:
        axis.update(tick0=0, dtick=1, range=[0, max(1.0, float(max_value)) * 1.08])
    return axis


def radar(summary: dict, key: str) -> None:
    """Draw the share of persons poor and failing each dimension (percent)."""
    names = tuple(dimension_name(d) for d in DIMENSION_CODES)
    values = tuple(float(summary["dimension_headcount"][d]) * 100 for d in DIMENSION_CODES)
    show_chart(_radar_figure(names, values, t("radar_title")), key)


@_built_once
def _radar_figure(names: tuple[str, ...], values: tuple[float, ...], title: str) -> go.Figure:
    """Return the radar of :func:`radar`, built once per arguments (:func:`_built_once`)."""
    fig = go.Figure(
        go.Scatterpolar(
            r=[*values, values[0]],
            theta=[*names, names[0]],
            fill="toself",
            line_color=SEQUENTIAL_5[3],
            hovertemplate="%{theta}: %{r:.2f}%<extra></extra>",
        )
    )
    fig.update_layout(
        title=title,
        height=380,
        margin=dict(l=40, r=40, t=60, b=30),
        polar=dict(radialaxis=dict(ticksuffix="%", angle=90)),
        showlegend=False,
    )
    return fig


@_built_once
def horizontal_bars(
    values: tuple[float, ...],
    labels: tuple[str, ...],
    *,
    colour: str,
    hovertemplate: str,
    height: int,
    xaxis: dict,
    title: str | None = None,
    text: tuple[str, ...] | None = None,
    customdata: tuple[str, ...] | None = None,
    margin: tuple[int, int, int, int] = (10, 20, 60, 30),
) -> go.Figure:
    """Return a horizontal bar chart, built and validated once per arguments (:func:`_built_once`).

    Parameters
    ----------
    values, labels : tuple
        Bar lengths and their labels, drawn bottom to top in this order.
    colour : str
        Bar colour (``#rrggbb``).
    hovertemplate : str
        plotly's hover text (``%{y}``, ``%{x}``, ``%{customdata}``).
    height : int
        Chart height, pixels.
    xaxis : dict
        plotly's settings of the value axis (e.g. :func:`count_axis`).
    title : str, optional
        Chart title.
    text : tuple of str, optional
        Text written on each bar.
    customdata : tuple of str, optional
        Per bar, what ``%{customdata}`` shows on hover.
    margin : tuple of int
        Left, right, top and bottom margins, pixels.
    """
    left, right, top, bottom = margin
    fig = go.Figure(
        go.Bar(
            x=list(values),
            y=list(labels),
            orientation="h",
            marker_color=colour,
            text=list(text) if text is not None else None,
            textposition="auto" if text is not None else None,
            customdata=list(customdata) if customdata is not None else None,
            hovertemplate=hovertemplate,
        )
    )
    layout = {"height": height, "margin": dict(l=left, r=right, t=top, b=bottom), "xaxis": xaxis}
    fig.update_layout(layout | ({"title": title} if title is not None else {}))
    return fig


def indicator_bar(summary: dict, key: str) -> None:
    """Draw MPI-poor persons failing each of the 17 indicators, by dimension."""
    rows = sorted(INDICATORS, key=lambda i: summary["censored_persons"][i.code])
    values = tuple(summary["censored_persons"][i.code] for i in rows)
    fig = horizontal_bars(
        values,
        tuple(indicator_name(i.code) for i in rows),
        colour=SEQUENTIAL_5[2],
        hovertemplate="%{y} (%{customdata}): %{x:,}<extra></extra>",
        height=520,
        xaxis=count_axis(t("indicator_bar_axis"), max(values)),
        title=t("bar_title"),
        customdata=tuple(dimension_name(i.dimension) for i in rows),
    )
    show_chart(fig, key)
