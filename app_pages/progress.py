"""Progress (panel 3, display part 04): targets surveyed and helped, from the Logbook."""

import streamlit as st

from app_data import data, logbook_data
from components import auth, state
from components.i18n import t
from components.layout import page_header
from components.progress import (
    case_outcomes,
    cases_by_child_table,
    child_map_and_table,
    funnel_chart,
    help_charts,
    kpis,
    monthly_chart,
    not_reached_list,
    time_to_help,
)
from logbook.store import StoreUnavailableError

code = state.current_area()
page_header(t("page_progress"), code)
try:
    version = logbook_data.version()
    result = logbook_data.progress(data.build_key(), logbook_data.url(), code, version)
except StoreUnavailableError as exc:
    st.error(t("logbook_unavailable", reason=logbook_data.reason_for(exc, auth.current_user())))
    st.stop()

if result["synthetic"]:
    st.warning(t("logbook_synthetic"))
summary = result["summary"]
if summary["target_households"] == 0:
    st.info(t("progress_no_targets"))
    st.stop()
kpis(summary)
case_outcomes(summary)
child_map_and_table(code, result["children"])
cases_by_child_table(code, result["cases_children"])
time_to_help(summary)
monthly_chart(result["months"], key=f"progress_months_{code}")
help_charts(result, key=f"progress_help_{code}")
funnel_chart(result["funnel"], key=f"progress_funnel_{code}")
not_reached_list(code, result["not_reached_count"], version)
