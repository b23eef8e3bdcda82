"""Urgent targets (panel 1, display part 03): whom to help first, and the top problems."""

import streamlit as st

from app_data import data
from components import auth, state
from components.formats import fmt_int
from components.households import ranked_table, top_problems, top_problems_chart
from components.i18n import t
from components.issues import other_issues
from components.layout import page_header
from components.maps import household_map

LIST_LIMIT = 500

code = state.current_area()
filters = state.current_filters()
build = data.build_key()

page_header(t("page_urgent"), code)
summary = data.summary(build, code, filters)
if code is None:
    st.info(t("choose_area"))
    st.stop()
if summary["poor_households"] == 0:
    st.info(t("no_poor"))
    st.stop()

st.subheader(t("top_problems"))
st.caption(t("top_problems_caption"))
problems = top_problems(summary)
top_problems_chart(problems)

st.subheader(t("urgent_title"))
households = data.urgent_households(build, code, filters, LIST_LIMIT, auth.current_user())
st.caption(
    t("urgent_count", n=fmt_int(summary["poor_households"]), shown=fmt_int(len(households)))
    + " · "
    + t("urgent_caption")
)
ranked_table(households)
household_map(households, data.outline(build, code[:6]), key=f"urgent_map_{code}")

other_issues(code)
