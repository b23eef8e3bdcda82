"""Charts: the 5-dimension radar and the bar chart by indicator (plotly).

Counts of persons or households are whole numbers: their axes carry whole
ticks only (no "0.2 households" on a small village) and a title saying what
is counted (:func:`count_axis`).
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from components.formats import SEQUENTIAL_5
from components.i18n import dimension_name, indicator_name, t
from poverty.indicators import DIMENSION_CODES, INDICATORS

#: Up to this largest value a count axis gets a tick at every whole number.
UNIT_TICKS_MAX = 8


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
    names = [dimension_name(d) for d in DIMENSION_CODES]
    values = [summary["dimension_headcount"][d] * 100 for d in DIMENSION_CODES]
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
        title=t("radar_title"),
        height=380,
        margin=dict(l=40, r=40, t=60, b=30),
        polar=dict(radialaxis=dict(ticksuffix="%", angle=90)),
        showlegend=False,
    )
    st.plotly_chart(fig, key=key, config={"displayModeBar": False})


def indicator_bar(summary: dict, key: str) -> None:
    """Draw MPI-poor persons failing each of the 17 indicators, by dimension."""
    rows = sorted(INDICATORS, key=lambda i: summary["censored_persons"][i.code])
    top = max(summary["censored_persons"][i.code] for i in rows)
    fig = go.Figure(
        go.Bar(
            x=[summary["censored_persons"][i.code] for i in rows],
            y=[indicator_name(i.code) for i in rows],
            orientation="h",
            marker_color=SEQUENTIAL_5[2],
            customdata=[dimension_name(i.dimension) for i in rows],
            hovertemplate="%{y} (%{customdata}): %{x:,}<extra></extra>",
        )
    )
    fig.update_layout(
        title=t("bar_title"),
        height=520,
        margin=dict(l=10, r=20, t=60, b=30),
        xaxis=count_axis(t("indicator_bar_axis"), top),
    )
    st.plotly_chart(fig, key=key, config={"displayModeBar": False})
