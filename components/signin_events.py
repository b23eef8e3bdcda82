"""The sign-in log on the audit page: who signed in, failed, was refused or signed out."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from access.signin_log import read_events
from components.i18n import t

#: Rows shown (the newest); the whole log stays in the SQLite file.
SHOWN = 1000


def render_signin_events(path: Path) -> None:
    """Draw the newest sign-in events of the audit file ``path`` (national role's audit page)."""
    events = read_events(path, limit=SHOWN)
    st.caption(t("signin_events_caption"))
    if events.empty:
        st.info(t("signin_events_empty"))
        return
    st.dataframe(
        pd.DataFrame(
            {
                t("audit_at"): events["at_utc"].str.slice(0, 19),
                t("audit_user"): events["username"],
                t("signin_event"): events["event"],
                t("signin_method"): events["method"],
                t("signin_client"): events["client"].fillna(""),
            }
        ),
        hide_index=True,
        key="signin_events_table",
    )
