"""Change over time (issue 12): who stayed poor, left poverty or became poor between rounds."""

import streamlit as st

from app_data import data
from components import state
from components.change import (
    change_map,
    change_measure_picker,
    change_table,
    child_change,
    choice,
    flow_chart,
    indicator_bars,
    round_pickers,
    transition_cards,
    trend_chart,
)
from components.i18n import t
from components.layout import page_header
from components.outcomes import outcomes_section

code = state.current_area()
filters = state.current_filters()
year = state.current_year()
root = data.root_key()
years = data.survey_years(root)

page_header(t("page_change"), code)
if len(years) < 2 or year is None:
    st.info(t("change_need_two"))
    st.stop()

first, second = round_pickers(years, year)
st.caption(t("change_intro"))
population = choice("change_population", ["mpi", "target"], key="change_population")
result = data.change(root, code, first, second, filters)
transition_cards(result, population)
left, right = st.columns(2)
with left:
    flow_chart(result, population, key="change_flow")
with right:
    trend_chart(
        data.trend(root, code, filters, False), data.trend(root, code, filters, True), "trend"
    )
left, right = st.columns(2)
with left:
    indicator_bars(result["indicator_exits"], t("change_exits_title"), "#2166ac", "exits")
with right:
    indicator_bars(result["indicator_entries"], t("change_entries_title"), "#b2182b", "entries")

st.subheader(t("change_map_title"))
measure = change_measure_picker()
table = child_change(code, first, second, filters)
change_map(code, table, measure, key=f"change_map_{code}_{measure}_{first}_{second}")
st.markdown(f"##### {t('change_table_title')}")
change_table(table, measure, key="change_table")

outcomes_section(code, years, data.meta(data.build_key()).get("synthetic") == "true")
