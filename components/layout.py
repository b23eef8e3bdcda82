"""Page header: synthetic-data banner, title with the area's path, bad-URL notice."""

from __future__ import annotations

import streamlit as st

from app_data import data
from components import state
from components.formats import plain
from components.i18n import area_label, t
from components.streamlit_texts import follow_language
from geo.areas import ancestors

#: Compact KPI cards: smaller values, labels that wrap instead of being cut. Tables
#: wider than the main column show their horizontal scroll bar (the data grid's is an
#: overlay that shows only while scrolling), and the sidebar's collapse button is
#: always shown, not only on hover (issue 20: 1366 × 768 laptops).
_CSS = """<style>
[data-testid="stMetricValue"] { font-size: 1.55rem; }
[data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; }
[data-testid="stDataFrame"] .dvn-scroller { scrollbar-width: auto !important;
  scrollbar-color: #8a94a3 #eef1f5 !important; }
[data-testid="stSidebarCollapseButton"] { visibility: visible !important; }
</style>"""
#: Streamlit's "Press Enter to apply" under a text box, in the session language; the
#: script of :mod:`components.streamlit_texts` (its other texts) takes no room.
_INPUT_HINT_CSS = """<style>
[data-testid="InputInstructions"] {{ font-size: 0 !important; }}
[data-testid="InputInstructions"]::after {{ content: "{hint}"; font-size: 12px; }}
</style>"""


def area_title(code: str | None) -> str:
    """Return one area's name in the session language ("จ.อุดรธานี"), or the top-level label."""
    info = data.area(data.build_key(), code) if code else None
    if not info:
        return t("all_areas")
    return area_label(info["name_th"], info["name_en"], info["level"])


def area_path(code: str | None) -> str:
    """Return "จ.อุดรธานี › อ.เมืองอุดรธานี" (or the top-level label) for an area."""
    if not code:
        return t("all_areas")
    return " › ".join(area_title(c) for c in ancestors(code))


def page_header(title: str, code: str | None) -> None:
    """Draw the page title, the area path and, when the data are synthetic, the banner."""
    notice = state.area_notice(code)
    if notice and notice[0] == "_refused_area":
        st.warning(t("area_refused", code=plain(notice[1], 60)), icon=":material/lock:")
    elif notice:
        st.warning(t("unknown_area", code=plain(notice[1], 60)))
    year_asked = state.year_notice()
    if year_asked:
        present = ", ".join(state.year_label(y) for y in data.survey_years(data.root_key()))
        st.warning(t("unknown_year", year=plain(year_asked, 12), years=present))
    st.markdown(
        _CSS + _INPUT_HINT_CSS.format(hint=t("press_enter")),
        unsafe_allow_html=True,
    )
    follow_language()
    if data.meta(data.build_key()).get("synthetic") == "true":
        st.info(t("synthetic_banner"), icon=":material/science:")
    st.title(title)
    st.markdown(f"#### {area_path(code)}")
