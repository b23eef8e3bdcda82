"""KPI cards of an area: counts, H, A, M0 and the star rating."""

from __future__ import annotations

import streamlit as st

from app_data import data
from components.formats import fmt_int, fmt_ratio, fmt_share, stars_text
from components.i18n import t
from poverty.measures import COUNT_KEYS


def _delta(key: str, summary: dict, previous: dict | None) -> str | None:
    """Return the change of one KPI since the previous round: absolute, or points for H."""
    if previous is None:
        return None
    change = summary[key] - previous[key]
    if key == "headcount_ratio":
        return f"{100 * change:+.2f} pp"
    if key in ("intensity", "adjusted_headcount_ratio"):
        return f"{change:+.4f}"
    return f"{int(change):+,}"


def render_kpis(summary: dict, previous: dict | None = None, previous_label: str = "") -> None:
    """Draw the KPI cards for one area's summary (:func:`queries.figures.area_summary`).

    With ``previous`` (the same summary at the previous survey round), each
    card shows its change since then (issue 12): an arrow and the absolute
    change, percentage points for H; a fall of a poverty figure is green.

    Two rows: households, persons, MPI-poor households and persons, TPMAP
    target poor, MPI-poor without card; then H, A, M0 and the stars. Each
    count carries its definition (:data:`poverty.labels.MEASURE_DEFINITIONS`)
    as help, so that it can be reconciled with an export of the same set.
    """
    since = t("kpi_delta_help", year=previous_label) if previous is not None else ""

    def card(col, key: str, value: str, help_text: str | None = None) -> None:
        poverty = key not in ("households", "persons")
        col.metric(
            t(key),
            value,
            delta=_delta(key, summary, previous),
            delta_color="inverse" if poverty else "off",
            border=True,
            help=" ".join(x for x in (help_text, since) if x) or None,
        )

    for col, key in zip(st.columns(len(COUNT_KEYS)), COUNT_KEYS, strict=True):
        card(col, key, fmt_int(summary[key]), t(f"define_{key}"))
    cols = st.columns(4)
    card(cols[0], "headcount_ratio", fmt_share(summary["headcount_ratio"]))
    card(cols[1], "intensity", fmt_ratio(summary["intensity"]))
    card(cols[2], "adjusted_headcount_ratio", fmt_ratio(summary["adjusted_headcount_ratio"]))
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
