"""Urgent targets (panel 1, display part 03): whom to help first, and the top problems."""

import streamlit as st

from app_data import data
from components import auth, state
from components.area_map import households_section
from components.children import child_table, top_children_chart
from components.formats import fmt_int
from components.households import ranked_table, top_problems, top_problems_chart, urgent_search
from components.i18n import t
from components.issues import other_issues
from components.kpi import render_kpis
from components.layout import page_header

LIST_LIMIT = 500

code = state.current_area()
filters = state.current_filters()
build = data.build_key()

page_header(t("page_urgent"), code)
summary = data.summary(build, code, filters)
if summary["poor_households"] == 0:
    st.info(t("no_poor"))
    st.stop()
if code is None:
    st.info(t("urgent_country"))
    render_kpis(summary)

st.subheader(t("top_problems"))
st.caption(t("top_problems_caption"))
problems = top_problems(summary)
top_problems_chart(problems)

if code is None:
    top_children_chart(None, filters, key="urgent_provinces")
    child_table(None, filters)
    st.stop()

st.subheader(t("urgent_title"))
households = data.urgent_households(build, code, filters, LIST_LIMIT, auth.current_user())
st.caption(
    t("urgent_count", n=fmt_int(summary["poor_households"]), shown=fmt_int(len(households)))
    + " · "
    + t("urgent_caption")
)
found = urgent_search(households)
ranked_table(found)
households_section(code, found, key=f"urgent_map_{code}")

other_issues(code)
