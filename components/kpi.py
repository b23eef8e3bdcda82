"""KPI cards of an area: counts, H, A, M0 and the star rating."""

from __future__ import annotations

import streamlit as st

from app_data import data
from components.formats import fmt_int, fmt_ratio, fmt_share, stars_text
from components.i18n import t
from poverty.measures import COUNT_KEYS


def render_kpis(summary: dict) -> None:
    """Draw the KPI cards for one area's summary (:func:`queries.figures.area_summary`).

    Two rows: households, persons, MPI-poor households and persons, TPMAP
    target poor, MPI-poor without card; then H, A, M0 and the stars. Each
    count carries its definition (:data:`poverty.labels.MEASURE_DEFINITIONS`)
    as help, so that it can be reconciled with an export of the same set.
    """
    for col, key in zip(st.columns(len(COUNT_KEYS)), COUNT_KEYS, strict=True):
        col.metric(t(key), fmt_int(summary[key]), border=True, help=t(f"define_{key}"))
    cols = st.columns(4)
    cols[0].metric(t("headcount_ratio"), fmt_share(summary["headcount_ratio"]), border=True)
    cols[1].metric(t("intensity"), fmt_ratio(summary["intensity"]), border=True)
    cols[2].metric(
        t("adjusted_headcount_ratio"), fmt_ratio(summary["adjusted_headcount_ratio"]), border=True
    )
    cols[3].metric(t("stars"), stars_text(summary["stars"]), border=True)


def render_context(code: str | None) -> None:
    """Draw the area's context counts: elderly, persons with disabilities, welfare-card registrants.

    As TPMAP's public area files carry them (DOMAIN.md §6), from
    :func:`queries.context.context_counts`: every surveyed person, whatever
    the filters; each card gives the share of the persons surveyed.
    """
    counts = data.context(data.build_key(), code)
    st.markdown(f"**{t('context_title')}**")
    persons = counts["persons"]
    keys = ("elderly", "disabled", "card_holders")
    for col, key in zip(st.columns(len(keys)), keys, strict=True):
        col.metric(
            t(f"context_{key}"),
            fmt_int(counts[key]),
            delta=fmt_share(counts[key] / persons) if persons else None,
            delta_color="off",
            delta_arrow="off",
            border=True,
        )
    st.caption(t("context_caption"))
