"""Logbook (แฟ้มบ้านพัฒนาคนไทย): record visits, help, stages, missed households, subsidy steps."""

import streamlit as st

from components import auth, logbook_data, state
from components.i18n import t
from components.layout import page_header
from components.logbook_forms import (
    help_form,
    import_panel,
    missed_form,
    recent_panel,
    stage_form,
    subsidy_form,
    visit_form,
)

code = state.current_area()
user = auth.current_user()
page_header(t("page_logbook"), code)
st.caption(t("lb_store", where=logbook_data.store.describe(logbook_data.url())))

if not logbook_data.can_record(user):
    st.info(t("lb_read_only"), icon=":material/visibility:")
    recent_panel(code)
    st.stop()

names = [
    "lb_tab_visit",
    "lb_tab_help",
    "lb_tab_stage",
    "lb_tab_missed",
    "lb_tab_subsidy",
    "lb_tab_import",
    "lb_tab_recent",
]
tabs = st.tabs([t(n) for n in names])
with tabs[0]:
    visit_form(code, user)
with tabs[1]:
    help_form(code, user)
with tabs[2]:
    stage_form(code, user)
with tabs[3]:
    missed_form(code, user)
with tabs[4]:
    subsidy_form(code, user)
with tabs[5]:
    import_panel(code, user)
with tabs[6]:
    recent_panel(code)
