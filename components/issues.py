"""The "other urgent issues" section of the Urgent page: NEETs, unemployment, debt.

DOMAIN.md §6 panel 1. Figures by child area (table and bar chart) and the
ranking of provinces by a chosen problem; definitions in
:mod:`data_loaders.issues`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_data import data
from app_data import potential_data as pdata
from components import state
from components.charts import horizontal_bars, show_chart, value_axis
from components.formats import SEQUENTIAL_5, fmt_int, fmt_share
from components.i18n import area_labels, level_name, t
from components.maps import caption_for, map_download
from geo.areas import child_level, level_of
from queries.issues import ISSUE_MEASURES
from reports.map_image import bar_chart_png

#: The measures in the order of the KPI cards.
SHARE_MEASURES = tuple(m for m in ISSUE_MEASURES if m != "mean_debt_baht")


def issue_value_text(measure: str, value: float | None) -> str:
    """Return a measure as shown: a percentage, or baht with thousands separators."""
    if value is None or pd.isna(value):
        return "–"
    return fmt_int(value) if measure == "mean_debt_baht" else fmt_share(value)


def other_issues(code: str) -> None:
    """Draw the other urgent issues of an area: KPI cards, table and chart by child, ranking."""
    build = data.build_key()
    st.subheader(t("issues_title"))
    st.caption(t("issues_caption"))
    summary = pdata.area_issues(build, code)
    if all(summary[m] is None for m in ISSUE_MEASURES):
        st.info(t("issues_no_data"))
        return
    for start in range(0, len(ISSUE_MEASURES), 3):  # labour measures, then debt
        row = ISSUE_MEASURES[start : start + 3]
        for col, measure in zip(st.columns(3), row, strict=True):
            col.metric(t(measure), issue_value_text(measure, summary[measure]), border=True)
    st.caption(
        t(
            "issues_counts",
            youth=fmt_int(summary["youth"] or 0),
            neet=fmt_int(summary["neet"] or 0),
            labour=fmt_int(summary["labour_force"] or 0),
            in_debt=fmt_int(summary["in_debt"] or 0),
            households=fmt_int(summary["debt_households"] or 0),
        )
    )
    state.keep_value("issue_measure", ISSUE_MEASURES[0])
    measure = st.selectbox(
        t("issue_choose"), ISSUE_MEASURES, key="issue_measure", format_func=lambda m: t(m)
    )
    child = child_level(level_of(code))
    table = pdata.child_issues(build, code)
    if child is not None and not table.empty:
        _children(code, table, child, measure)
    _ranking(measure)


def _children(code: str, table: pd.DataFrame, child: str, measure: str) -> None:
    st.markdown(f"**{t('issues_children', child=level_name(child).lower())}**")
    names = area_labels(table, child)
    shown = pd.DataFrame(
        {
            t("code"): table["code"],
            t("name"): names,
            t("youth"): table["youth"],
            t("neet"): table["neet"],
            t("neet_share"): table["neet_share"] * 100,
            t("labour_force"): table["labour_force"],
            t("unemployment_rate"): table["unemployment_rate"] * 100,
            t("underemployment_rate"): table["underemployment_rate"] * 100,
            t("debt_share"): table["debt_share"] * 100,
            t("mean_debt_baht"): table["mean_debt_baht"],
            t("over_indebted_share"): table["over_indebted_share"] * 100,
        }
    )
    percent = [t(m) for m in SHARE_MEASURES]
    st.dataframe(
        shown,
        hide_index=True,
        key="issues_table",
        column_config={
            c: st.column_config.NumberColumn(format="%.2f%%" if c in percent else "localized")
            for c in shown.columns[2:]
        },
    )
    order = table.assign(label=names).sort_values(measure)
    spec = horizontal_bars(
        tuple(order[measure].astype(float).tolist()),
        tuple(order["label"]),
        colour=SEQUENTIAL_5[3],
        height=max(220, 26 * len(order) + 20),
        axis=value_axis(t(measure), share=measure != "mean_debt_baht"),
        label_title=level_name(child),
        title=t(measure),
    )
    show_chart(spec, "issues_chart")
    _chart_download(code, child, order, measure)


def _chart_download(code: str, child: str, order: pd.DataFrame, measure: str) -> None:
    """Offer the chart of the child areas as a PNG (title, legend, area, date, source, note).

    ``order``: the chart's rows (``label`` and the measure, as a share 0-1
    or baht), bottom to top.
    """
    colour = SEQUENTIAL_5[3]
    debt = measure == "mean_debt_baht"

    def make() -> bytes:
        title = f"{t(measure)} · {t('issues_children', child=level_name(child).lower())}"
        caption = caption_for(title, code, t("legend"), [(colour, t(measure))])
        return bar_chart_png(
            list(order["label"]),
            list(order[measure]),
            caption,
            fmt_int if debt else fmt_share,
            colour,
        )

    map_download("png_issues_chart", code, "area", False, make, what="chart")


def _ranking(measure: str) -> None:
    ranking = pdata.province_ranking(data.build_key(), measure, 10)
    st.markdown(f"**{t('issues_ranking', measure=t(measure))}**")
    if len(ranking) < 10:
        st.caption(t("issues_ranking_few", n=len(ranking)))
    st.dataframe(
        pd.DataFrame(
            {
                t("rank"): ranking["rank"],
                t("province"): area_labels(ranking, "province"),
                t(measure): [issue_value_text(measure, v) for v in ranking[measure]],
            }
        ),
        hide_index=True,
        key="issues_ranking",
    )
