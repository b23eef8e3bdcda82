"""Rule scenarios (issue 17): what if the targeting rule changes — who joins and leaves, where."""

import streamlit as st

from app_data import data
from components import auth, state
from components.i18n import t
from components.layout import page_header
from components.scenarios import (
    changed_list,
    comparison_cards,
    comparison_table,
    cost_inputs,
    drivers,
    rule_name,
    rules_or_stop,
    where_it_changes,
)

code = state.current_area()
user = auth.current_user()
build = data.build_key()

page_header(t("page_scenarios"), code)
st.caption(t("sc_intro") + " " + t("search_sidebar_note"))
rules = rules_or_stop()
per_household, per_dimension = cost_inputs()
if not rules:
    st.info(t("sc_no_rule"))
    st.stop()

with st.spinner(t("sc_computing")):
    result = data.scenario_comparison(build, code, tuple(rules), per_household, per_dimension)
if result["baseline"]["households"] == 0 and all(s["households"] == 0 for s in result["scenarios"]):
    st.info(t("sc_no_targets"))
    st.stop()

st.subheader(t("sc_comparison"))
comparison_table(result)
tabs = st.tabs([rule_name(i) for i in range(1, len(rules) + 1)])
for i, tab in enumerate(tabs, start=1):
    with tab:
        comparison_cards(result, i)
        where_it_changes(code, result, i)
        drivers(result, i)

st.subheader(t("sc_list_title"))
changed_list(code, rules, user)
