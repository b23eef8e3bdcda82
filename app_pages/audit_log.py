"""The export audit log (who exported what, when): for the national role only (audit right)."""

import datetime as dt
import json

import pandas as pd
import streamlit as st

import settings
from access.audit import read_exports
from access.personal import sees_personal_data
from access.roles import AUDIT_READ, ROLES
from app_data import data
from components import auth
from components.downloads import file_download, frame_file
from components.formats import fmt_int
from components.i18n import dimension_name, lang, t
from components.signin_events import render_signin_events
from components.streamlit_texts import follow_language
from display.formats import BANGKOK, bangkok_time, date_label
from exports.households import describe_spec
from poverty.indicators import DIMENSION_CODES
from queries.search import SearchSpec, SearchSpecError

user = auth.current_user()
st.title(t("page_audit"))
follow_language()  # Streamlit's own texts (table toolbar) in the session language
if not user.can(AUDIT_READ):
    st.error(t("audit_no_right"))
    st.stop()
st.caption(t("audit_caption"))
with st.expander(t("signin_events")):
    render_signin_events(settings.audit_db())

today = dt.datetime.now(BANGKOK).date()
left, right, third = st.columns(3)
since = left.date_input(
    t("audit_from"), value=today - dt.timedelta(days=30), max_value=today, key="audit_from"
)
until = right.date_input(t("audit_to"), value=today, max_value=today, key="audit_to")
if since > until:
    since, until = until, since
log = read_exports(
    settings.audit_db(),
    since=dt.datetime.combine(since, dt.time(), BANGKOK),
    until=dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), BANGKOK),
)
users = sorted(log["username"].unique())
chosen = third.selectbox(
    t("audit_user"), ["", *users], key="audit_user", format_func=lambda u: u or t("all_option")
)
if chosen:
    log = log[log["username"] == chosen]
st.metric(t("audit_count"), fmt_int(len(log)), border=True)
if log.empty:
    st.info(t("audit_none_in_range"))
    st.stop()


def conditions_text(what: str, raw: str) -> str:
    """Return the conditions of one logged export in words (the session language).

    Household and person exports are described as the export file's first
    sheet describes them (:func:`exports.households.describe_spec`); other
    files list their non-empty settings.
    """
    try:
        values = json.loads(raw)
    except (TypeError, ValueError):
        return str(raw)
    if what in ("households", "persons"):
        try:
            rows = describe_spec(data.cursor(), SearchSpec(**values))
        except (SearchSpecError, TypeError, ValueError):
            rows = []
        given = [f"{label}: {value}" for label, value in rows[1:] if not value.startswith("—")]
        if rows:
            return "; ".join(given) or "—"
    shown = [
        f"{_condition_label(key)}: {_condition_value(key, value)}"
        for key, value in values.items()
        if value not in (None, [], "")
    ]
    return "; ".join(shown) or "—"


def _condition_label(key: str) -> str:
    """Return the name of a logged condition (a report's or a list's setting) in words."""
    names = {
        "k": "cutoff",
        "dimensions": "dimensions",
        "welfare_card": "welfare_card",
        "lang": "language",
        "from": "audit_from",
        "to": "audit_to",
        "user": "audit_user",
    }
    return t(names[key]) if key in names else key


def _condition_value(key: str, value) -> str:
    """Return a logged condition's value in words (cards, dimensions, dates in the session form)."""
    if key == "welfare_card" and value in ("all", "with", "without"):
        return t(f"card_{value}")
    if key == "dimensions" and isinstance(value, list):
        return ", ".join(dimension_name(d) if d in DIMENSION_CODES else str(d) for d in value)
    if key in ("from", "to"):
        return date_label(str(value), lang())
    if key == "lang":
        return {"th": "ไทย", "en": "English"}.get(value, str(value))
    return str(value)


def what_text(what: str) -> str:
    """Return the name of an exported dataset in the session language (the code if unknown)."""
    try:
        return t(f"what_{what}")
    except KeyError:
        return what


role_name = {code: (r.name_th if lang() == "th" else r.name_en) for code, r in ROLES.items()}
shown = pd.DataFrame(
    {
        t("audit_at"): [bangkok_time(v, lang()) for v in log["at_utc"]],
        t("audit_user"): log["username"],
        t("audit_role"): log["role"].map(role_name).fillna(log["role"]),
        t("audit_what"): log["what"].map(what_text),
        t("area"): log["area_code"].fillna(t("all_areas")),
        t("audit_conditions"): [
            conditions_text(w, f) for w, f in zip(log["what"], log["filters"], strict=True)
        ],
        t("export_level"): log["level"],
        t("export_format"): log["format"].str.upper(),
        t("audit_rows"): log["rows"],
        t("audit_personal"): log["personal_data"].map({True: "✓", False: ""}),
        t("audit_source"): log["source"],
        t("audit_os_account"): log["os_account"].fillna(""),
    }
)
st.dataframe(
    shown,
    hide_index=True,
    key="audit_table",
    column_config={t("audit_rows"): st.column_config.NumberColumn(format="localized")},
)
file_download(
    user,
    key="audit_log",
    what="audit_log",
    area_code=None,
    filters={"from": since.isoformat(), "to": until.isoformat(), "user": chosen or None},
    level="export",
    fmt="csv",
    file_name=f"tpmap_audit_{since:%Y%m%d}-{until:%Y%m%d}.csv",
    personal_data=sees_personal_data(user),
    make=lambda: frame_file(shown, "csv", sheet="audit"),
)
