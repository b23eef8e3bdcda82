"""Overview of target groups per area (display part 01)."""

import streamlit as st

from app_data import data
from components import auth, state
from components.area_map import households_section
from components.charts import indicator_bar, radar
from components.children import child_map, child_table, top_children_chart
from components.contributions import contributions
from components.i18n import t
from components.kpi import render_context, render_kpis
from components.layout import page_header

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
if level in ("subdistrict", "village"):
    st.subheader(t("household_map"))
    households_section(
        code,
        data.household_points(build, code, filters, auth.current_user()),
        key=f"households_{code}",
        villages=level == "subdistrict",
    )
else:
    child_map(code, filters)

left, right = st.columns(2)
with left:
    radar(summary, key="radar")
with right:
    indicator_bar(summary, key="indicator_bar")
contributions(summary, key="contributions")
top_children_chart(code, filters)
child_table(code, filters)
