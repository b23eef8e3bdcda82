"""Charts: the 5-dimension radar and the bar chart by indicator (plotly)."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from components.formats import SEQUENTIAL_5
from components.i18n import dimension_name, indicator_name, t
from poverty.indicators import DIMENSION_CODES, INDICATORS


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
        xaxis=dict(tickformat=","),
    )
    st.plotly_chart(fig, key=key, config={"displayModeBar": False})
