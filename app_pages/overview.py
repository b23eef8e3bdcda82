"""Overview of target groups per area (display part 01)."""

import streamlit as st

from app_data import data
from components import auth, state
from components.area_map import households_section
from components.change import change_map, change_measure_picker, child_change, map_view_rounds
from components.charts import indicator_bar, radar
from components.children import child_map, child_table, top_children_chart
from components.contributions import contributions
from components.i18n import t
from components.kpi import render_context, render_kpis
from components.layout import area_title, page_header

code = state.current_area()
filters = state.current_filters()
build = data.build_key()

page_header(t("page_overview"), code)
summary = data.summary(build, code, filters)
if summary["households"] == 0:
    st.info(t("no_data"))
    st.stop()
previous = state.previous_year()
render_kpis(
    summary,
    data.summary(data.round_key(previous), code, filters) if previous else None,
    state.year_label(previous) if previous else "",
)
render_context(code)

level = data.area(build, code)["level"] if code else None
chosen = None  # the two rounds whose change the map shows (issue 12), when chosen
measure = "target_poor_persons"
if level in ("subdistrict", "village"):
    st.subheader(t("household_map"))
    households_section(
        code,
        data.household_points(build, code, filters, auth.current_user()),
        key=f"households_{code}",
        villages=level == "subdistrict",
    )
else:
    chosen = map_view_rounds(data.survey_years(data.root_key()), state.current_year())
    if chosen is None:
        child_map(code, filters)
    else:
        measure = change_measure_picker("overview_change_measure")
        first, second = chosen
        st.subheader(
            t(
                "overview_change_title",
                what=t(measure),
                area=area_title(code),
                first=state.year_label(first),
                second=state.year_label(second),
            )
        )
        change_map(
            code,
            child_change(code, first, second, filters),
            measure,
            key=f"overview_change_{code}_{measure}_{first}_{second}",
        )

left, right = st.columns(2)
with left:
    radar(summary, key="radar")
with right:
    indicator_bar(summary, key="indicator_bar")
contributions(summary, key="contributions")
top_children_chart(code, filters)
# Ranked by improvement: between the rounds of the change map, else since the previous round.
rounds = chosen or ((previous, state.current_year()) if previous else None)
child_table(code, filters, rounds, measure)
