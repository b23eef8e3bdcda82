"""M0's contributions by dimension and by indicator (DOMAIN.md §3), for the Overview.

The contribution of indicator *j* is ``w_j × CH_j / M0``: its weight times
its censored headcount ratio, as a share of the adjusted headcount ratio; a
dimension's is the sum over its indicators. Both come from
:func:`poverty.measures.summarise` (``indicator_contribution`` and
``contribution``) and each set sums to 100 % when anyone is poor.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts import horizontal_bars, show_chart, value_axis
from components.formats import SEQUENTIAL_5, fmt_share
from components.i18n import dimension_name, indicator_name, t
from poverty.indicators import DIMENSION_CODES, INDICATORS, weights


def contribution_table(summary: dict) -> pd.DataFrame:
    """Return one row per indicator with its dimension's and its own share of M0.

    Parameters
    ----------
    summary : dict
        An area summary (:func:`queries.figures.area_summary`).

    Returns
    -------
    DataFrame, 17 rows in the order of the indicator table
        ``dimension``, ``indicator`` (codes), ``weight`` (float),
        ``censored_headcount`` (share of persons, 0-1),
        ``indicator_contribution`` and ``dimension_contribution`` (shares of
        M0, 0-1).
    """
    w = weights(None)
    return pd.DataFrame(
        [
            {
                "dimension": i.dimension,
                "indicator": i.code,
                "weight": float(w[i.code]),
                "censored_headcount": summary["censored_headcount"][i.code],
                "indicator_contribution": summary["indicator_contribution"][i.code],
                "dimension_contribution": summary["contribution"][i.dimension],
            }
            for i in INDICATORS
        ]
    )


def _bar(labels: list[str], shares: list[float], title: str, height: int, key: str) -> None:
    """Draw contributions (shares 0-1) as horizontal bars in percent, each written on its bar."""
    spec = horizontal_bars(
        tuple(float(s) for s in shares),
        tuple(labels),
        colour=SEQUENTIAL_5[3],
        height=height,
        axis=value_axis(t("contrib_axis"), share=True),
        title=title,
        text=tuple(fmt_share(s) for s in shares),
    )
    show_chart(spec, key)


def contributions(summary: dict, key: str) -> None:
    """Draw M0's contributions by dimension and by indicator, and their table.

    Nothing but a message when nobody in the area is poor (M0 = 0).
    """
    st.subheader(t("contrib_title"))
    st.caption(t("contrib_caption"))
    if summary["adjusted_headcount_ratio"] <= 0:
        st.info(t("contrib_none"))
        return
    table = contribution_table(summary)
    left, right = st.columns([2, 3])
    with left:
        dims = list(reversed(DIMENSION_CODES))
        _bar(
            [dimension_name(d) for d in dims],
            [summary["contribution"][d] for d in dims],
            t("contrib_by_dimension"),
            380,
            f"{key}_dimensions",
        )
    with right:
        ranked = table.sort_values("indicator_contribution")
        _bar(
            [indicator_name(c) for c in ranked["indicator"]],
            ranked["indicator_contribution"].tolist(),
            t("contrib_by_indicator"),
            520,
            f"{key}_indicators",
        )
    with st.expander(t("contrib_table")):
        shown = pd.DataFrame(
            {
                t("dimension"): [dimension_name(d) for d in table["dimension"]],
                t("indicator"): [indicator_name(c) for c in table["indicator"]],
                t("weight"): table["weight"].round(4),
                t("contrib_censored"): table["censored_headcount"] * 100,
                t("contrib_indicator_share"): table["indicator_contribution"] * 100,
                t("contrib_dimension_share"): table["dimension_contribution"] * 100,
            }
        )
        st.dataframe(
            shown,
            hide_index=True,
            key=f"{key}_table",
            column_config={
                name: st.column_config.NumberColumn(format="%.2f%%") for name in shown.columns[3:]
            },
        )
