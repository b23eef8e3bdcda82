"""The export audit log (who exported what, when): for the national role only (audit right)."""

import json

import pandas as pd
import streamlit as st

import settings
from access.audit import read_exports
from access.roles import AUDIT_READ, ROLES
from components import auth
from components.formats import fmt_int
from components.i18n import lang, t
from components.signin_events import render_signin_events

user = auth.current_user()
st.title(t("page_audit"))
if not user.can(AUDIT_READ):
    st.error(t("audit_no_right"), icon=":material/lock:")
    st.stop()
st.caption(t("audit_caption"))
with st.expander(t("signin_events")):
    render_signin_events(settings.audit_db())

log = read_exports(settings.audit_db())
st.metric(t("audit_count"), fmt_int(len(log)), border=True)
if log.empty:
    st.info(t("audit_empty"))
    st.stop()

users = sorted(log["username"].unique())
chosen = st.selectbox(
    t("audit_user"), ["", *users], key="audit_user", format_func=lambda u: u or t("all_option")
)
if chosen:
    log = log[log["username"] == chosen]


def _filters_text(raw: str) -> str:
    """Return the non-default conditions of a logged search as "key=value; …"."""
    defaults = {"match": "all", "welfare_card": "all", "min_dimensions": 0, "max_dimensions": 5}
    spec = json.loads(raw)
    parts = [
        f"{key}={value}"
        for key, value in spec.items()
        if key != "area_code" and value not in (None, False, [], "") and defaults.get(key) != value
    ]
    return "; ".join(parts) or "—"


role_name = {code: (r.name_th if lang() == "th" else r.name_en) for code, r in ROLES.items()}
st.dataframe(
    pd.DataFrame(
        {
            t("audit_at"): log["at_utc"],
            t("audit_user"): log["username"],
            t("audit_role"): log["role"].map(role_name).fillna(log["role"]),
            t("area"): log["area_code"].fillna(t("all_areas")),
            t("audit_filters"): log["filters"].map(_filters_text),
            t("export_level"): log["level"],
            t("export_format"): log["format"].str.upper(),
            t("audit_rows"): log["rows"],
            t("audit_personal"): log["personal_data"].map({True: "✓", False: ""}),
            t("audit_source"): log["source"],
        }
    ),
    hide_index=True,
    key="audit_table",
    column_config={t("audit_rows"): st.column_config.NumberColumn(format="localized")},
)
