"""A household across survey rounds (issue 12): its indicators per round, and its help.

A page section under the household detail, as static tables (the household's
members stay the page's last grid): one column per round, a mark
for each indicator failed; then the Logbook's help records with the fiscal
year they fall in (help in fiscal year t lies between rounds t and t+1).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from access.roles import User
from app_data import data, logbook_data
from components.formats import fmt_int
from components.i18n import indicator_name, lang, t
from components.state import year_label
from display.formats import date_label
from display.labels import menu_label
from logbook import store
from logbook.menu import AGENCIES, HELP_KINDS
from poverty.indicators import INDICATORS

#: Help kind -> (Thai, English) name, for :func:`display.labels.menu_label`.
KIND_NAMES = {code: (th, en) for code, (_dimension, th, en) in HELP_KINDS.items()}


def history_section(household_id: str, user: User, area_code: str | None = None) -> None:
    """Draw the household's indicators in every round and its help records."""
    root = data.root_key()
    if len(data.survey_years(root)) < 2:
        return
    year = st.session_state.get(data.YEAR_STATE)
    history = data.household_history(root, household_id, user, year, area_code)
    if history.empty:
        return
    st.markdown(f"##### {t('history_title')}")
    columns = {}
    for row in history.itertuples():
        label = year_label(int(row.survey_year))
        if not row.present:
            columns[label] = [t("history_absent")] + [""] * len(INDICATORS)
            continue
        mask = int(row.mask)
        failed = [bool(mask >> bit & 1) for bit in range(len(INDICATORS))]
        columns[label] = [fmt_int(sum(failed))] + ["✗" if f else "" for f in failed]
    rows = [t("history_failed_count")] + [indicator_name(i.code) for i in INDICATORS]
    st.table(pd.DataFrame(columns, index=rows))
    st.markdown(f"##### {t('history_logbook')}")
    try:
        helped = data.household_help(
            root, logbook_data.url(), household_id, user, year, logbook_data.version()
        )
    except store.StoreError as exc:
        st.caption(t("outcomes_unavailable", reason=logbook_data.reason_for(exc, user)))
        return
    if helped.empty:
        st.caption(t("outcomes_none"))
        return
    shown = pd.DataFrame(
        {
            t("lb_col_date"): [date_label(d, lang()) for d in helped["help_date"]],
            t("fiscal_year"): helped["fiscal_year"],
            t("lb_col_help_kind"): [menu_label(KIND_NAMES, k, lang()) for k in helped["help_kind"]],
            t("agency"): [menu_label(AGENCIES, a, lang()) for a in helped["agency"]],
        }
    )
    st.table(shown.set_index(t("lb_col_date")))
