"""Logbook (แฟ้มบ้านพัฒนาคนไทย): the worklist and every kind of record.

Visits, help, stages, missed households, subsidy steps, case statuses,
assignments and referrals.
"""

import streamlit as st

from app_data import logbook_data
from components import auth, state
from components.i18n import t
from components.layout import page_header
from components.logbook_forms import (
    assign_form,
    case_form,
    help_form,
    import_panel,
    missed_form,
    recent_panel,
    referral_form,
    stage_form,
    subsidy_form,
    visit_form,
    worklist_panel,
)

code = state.current_area()
user = auth.current_user()
page_header(t("page_logbook"), code)
st.caption(t("lb_store", where=logbook_data.where(user)))

if not logbook_data.can_record(user) and not logbook_data.can_assign(user):
    st.info(t("lb_read_only"))
    recent_panel(code, user)
    st.stop()

panels = {
    "lb_tab_worklist": worklist_panel,
    "lb_tab_visit": visit_form,
    "lb_tab_help": help_form,
    "lb_tab_stage": stage_form,
    "lb_tab_missed": missed_form,
    "lb_tab_subsidy": subsidy_form,
    "lb_tab_case": case_form,
    "lb_tab_assign": assign_form,
    "lb_tab_referral": referral_form,
    "lb_tab_import": import_panel,
}
if not logbook_data.can_record(user):  # a district chief: assigns cases, reads the rest
    st.info(t("lb_assign_only"))
    panels = {name: panels[name] for name in ("lb_tab_worklist", "lb_tab_assign")}
# Lazy tabs: only the open tab runs (a map in a hidden tab would be drawn with no size).
labels = [t(name) for name in [*panels, "lb_tab_recent"]]
tabs = st.tabs(labels, key="lb_tabs", on_change="rerun")
draws = [*panels.values(), recent_panel]
for tab, draw in zip(tabs, draws, strict=True):
    if tab.open:
        with tab:
            draw(code, user)
