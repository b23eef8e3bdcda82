"""Households and persons (display part 02): advanced search, the list, one household, export."""

import streamlit as st

from access.roles import PERSONAL_DATA, User
from app_data import data
from components import auth, state
from components.export_panel import export_panel
from components.formats import fmt_int
from components.household_detail import household_detail, new_household_detail
from components.household_search import current_spec, results_table, search_form
from components.i18n import t
from components.layout import area_title, page_header
from components.maps import household_map
from components.suggestions import search_suggestions
from queries.search import SearchSpec

#: Matching households drawn on the results map at most (the most deprived first).
MAP_POINTS = 20_000

code = state.current_area()
user = auth.current_user()
personal_data = user.can(PERSONAL_DATA)
build = data.build_key()

page_header(t("page_households"), code)
st.subheader(t("search_title"))
st.caption(t("search_area", area=area_title(code)) + " " + t("search_sidebar_note"))
submitted = search_form()
spec = current_spec(code, submitted)
if spec is None:
    if submitted is None:  # else the search could not run, and an error said why
        st.info(t("not_searched"), icon=":material/search:")
    st.stop()

count = data.search_count(build, spec)
st.metric(t("search_count"), fmt_int(count), border=True)
if count == 0:
    st.warning(t("no_results"), icon=":material/search_off:")
    st.stop()
with st.expander(t("export_title"), icon=":material/download:"):
    export_panel(user, spec, count, personal_data)


@auth.fragment
def results_and_household(spec: SearchSpec, count: int, user: User, personal_data: bool) -> None:
    """Draw the result table and the household its chosen row opens (issue 13).

    A fragment: choosing a row, turning a page or changing the order reruns
    this part only, not the count, the export, the results map and the
    suggestions around it (which do not change with the row).
    """
    selected = results_table(spec, count, personal_data)
    if selected and spec.logbook_new:
        new_household_detail(spec, selected, user, personal_data)
    elif selected:
        household_detail(selected, user, personal_data, spec.area_code)


results_and_household(spec, count, user, personal_data)

st.subheader(t("results_map"))
points = data.search_points(build, spec, MAP_POINTS, user)
if count > len(points):
    st.caption(t("points_capped", shown=fmt_int(len(points)), total=fmt_int(count)))
household_map(points, data.outline(build, code[:6]) if code else None, key="hs_results_map")

with st.expander(t("sg_result_title"), icon=":material/volunteer_activism:"):
    search_suggestions(spec, count, user)
