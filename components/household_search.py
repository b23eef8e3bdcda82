"""The advanced household search of display part 02: the form, the count and the paged table.

The form (``st.form``: a search runs once, on the button) holds every
condition of DOMAIN.md §6 except the area, which is the sidebar's area
picker (kept in the URL and clamped to the user's scope). The conditions
are kept in the session without the area, so choosing another area in the
sidebar re-runs the same search there. The table shows one page of 100
rows, sorted on the server; nothing more is sent to the browser.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from access.personal import MASKED_COORDINATE_DECIMALS
from app_data import data, logbook_data
from components import auth
from components.formats import fmt_int, plain
from components.households import address
from components.i18n import dimension_name, indicator_name, t
from components.state import current_area, keep_value
from logbook.models import CASE_STATUSES
from logbook.store import StoreError
from poverty.indicators import DIMENSION_CODES, INDICATORS
from queries.search import (
    PAGE_SIZE,
    SORT_KEYS,
    VULNERABILITY_LEVELS,
    SearchSpec,
    SearchSpecError,
)

CONDITIONS_KEY = "hs_conditions"
TABLE_KEY = "hs_table"
PAGE_KEY = "hs_page"
_DIMENSION_OF = {i.code: i.dimension for i in INDICATORS}


#: Search fields named in error messages -> the form's label for them.
FIELD_LABELS = {
    "dimensions": "search_dimensions",
    "indicators": "search_indicators",
    "welfare_card": "welfare_card",
    "min_dimensions": "search_ndims",
    "max_dimensions": "search_ndims",
    "vulnerability": "search_vulnerability",
    "failing_mpi": "set_failing_mpi",
    "tpmap_poor": "set_tpmap_poor",
}


def spec_error_text(error: SearchSpecError) -> str:
    """Return the message of a search error in the session language (fields by their labels)."""
    values = {k: plain(v) for k, v in error.values.items() if k != "fields"}
    if "fields" in error.values:
        labels = dict.fromkeys(t(FIELD_LABELS[f]) for f in error.values["fields"])
        values["names"] = ", ".join(f"«{label}»" for label in labels)
    try:
        return t(f"search_error_{error.key}", **values)
    except KeyError:
        return plain(error, 300)


def search_form() -> dict | None:
    """Draw the search form; return the submitted conditions (no area), else None.

    Returns
    -------
    dict or None
        Keyword arguments of :class:`queries.search.SearchSpec` without
        ``area_code``, when the search button was pressed in this run.
    """
    with st.form("hs_form", border=True):
        left, right = st.columns(2)
        with left:
            keep_value("hs_dimensions", [])
            st.multiselect(
                t("search_dimensions"),
                list(DIMENSION_CODES),
                key="hs_dimensions",
                format_func=dimension_name,
                placeholder=t("search_any"),
            )
            keep_value("hs_indicators", [])
            st.multiselect(
                t("search_indicators"),
                [i.code for i in INDICATORS],
                key="hs_indicators",
                format_func=lambda c: f"{indicator_name(c)} ({dimension_name(_DIMENSION_OF[c])})",
                placeholder=t("search_any"),
            )
            keep_value("hs_match", "all")
            st.radio(
                t("search_match"),
                ["all", "any"],
                key="hs_match",
                format_func=lambda v: t(f"match_{v}"),
                horizontal=True,
            )
            keep_value("hs_card", "all")
            st.radio(
                t("welfare_card"),
                ["all", "with", "without"],
                key="hs_card",
                format_func=lambda v: t(f"card_{v}"),
                horizontal=True,
            )
        with right:
            keep_value("hs_ndims", (0, 5))
            st.slider(t("search_ndims"), 0, 5, key="hs_ndims")
            keep_value("hs_vulnerability", [])
            st.multiselect(
                t("search_vulnerability"),
                list(VULNERABILITY_LEVELS),
                key="hs_vulnerability",
                format_func=lambda v: t(f"vulnerability_{v}"),
                placeholder=t("search_any"),
            )
            st.markdown(f"**{t('search_sets')}**")
            st.checkbox(t("set_failing_mpi"), key="hs_failing_mpi")
            st.checkbox(t("set_tpmap_poor"), key="hs_tpmap_poor")
            logbook_conditions()
        submitted = st.form_submit_button(
            t("search_button"), type="primary", icon=":material/search:", key="hs_submit"
        )
    if not submitted:
        return None
    low, high = st.session_state["hs_ndims"]
    return {
        "dimensions": tuple(st.session_state["hs_dimensions"]),
        "indicators": tuple(st.session_state["hs_indicators"]),
        "match": st.session_state["hs_match"],
        "welfare_card": st.session_state["hs_card"],
        "min_dimensions": int(low),
        "max_dimensions": int(high),
        "vulnerability": tuple(st.session_state["hs_vulnerability"]),
        "failing_mpi": bool(st.session_state["hs_failing_mpi"]),
        "tpmap_poor": bool(st.session_state["hs_tpmap_poor"]),
        "logbook_recorded": bool(st.session_state.get("hs_logbook_recorded")),
        "logbook_new": bool(st.session_state.get("hs_logbook_new")),
        "case_statuses": tuple(st.session_state.get("hs_case_statuses") or ()),
        "teams": tuple(st.session_state.get("hs_teams") or ()),
    }


def logbook_conditions() -> None:
    """Draw the search's Logbook conditions (issue 14): recorded, newly added, status, team.

    The teams offered are those with cases assigned in the sidebar's area;
    when the Logbook cannot be read the team list is empty and says why.
    """
    st.checkbox(t("set_logbook_recorded"), key="hs_logbook_recorded")
    st.checkbox(t("set_logbook_new"), key="hs_logbook_new", help=t("set_logbook_new_help"))
    keep_value("hs_case_statuses", [])
    st.multiselect(
        t("search_case_statuses"),
        list(CASE_STATUSES),
        key="hs_case_statuses",
        format_func=lambda s: t(f"case_status_{s}"),
        placeholder=t("search_any"),
    )
    try:
        teams = logbook_data.teams(current_area(), open_only=False)
    except StoreError:
        teams = []
        st.caption(t("search_teams_unavailable"))
    st.session_state["hs_teams"] = [v for v in st.session_state.get("hs_teams", []) if v in teams]
    st.multiselect(t("search_teams"), teams, key="hs_teams", placeholder=t("search_any"))


def current_spec(code: str | None, submitted: dict | None) -> SearchSpec | None:
    """Return the search to show in area ``code``: the submitted one, else the session's.

    A submitted search that cannot run (impossible combination) is reported
    with st.error and forgets the previous search. None before any search.
    """
    if submitted is not None:
        try:
            spec = logbook_data.search_spec(code, submitted, auth.current_user())
        except SearchSpecError as exc:
            st.error(spec_error_text(exc), icon=":material/error:")
            st.session_state.pop(CONDITIONS_KEY, None)
            return None
        except StoreError as exc:
            st.error(t("search_logbook_unavailable", reason=_reason(exc)))
            return None
        st.session_state[CONDITIONS_KEY] = submitted
        return spec
    conditions = st.session_state.get(CONDITIONS_KEY)
    if conditions is None:
        return None
    try:
        return logbook_data.search_spec(code, conditions, auth.current_user())
    except SearchSpecError as exc:  # cannot happen for stored conditions, but never a traceback
        st.error(spec_error_text(exc))
        return None
    except StoreError as exc:
        st.error(t("search_logbook_unavailable", reason=_reason(exc)))
        return None


def _reason(error: Exception) -> str:
    """Return why the Logbook failed, as the signed-in user may read it."""
    return logbook_data.reason_for(error, auth.current_user())


def result_controls(count: int) -> tuple[str, bool, int]:
    """Draw sort, order and page inputs; return (sort key, descending, page)."""
    pages = max(1, math.ceil(count / PAGE_SIZE))
    keep_value("hs_sort", "priority")
    keep_value("hs_desc", True)
    if st.session_state.get(PAGE_KEY, 1) > pages:
        st.session_state[PAGE_KEY] = pages
    keep_value(PAGE_KEY, 1)
    c1, c2, c3 = st.columns([3, 2, 2])
    sort = c1.selectbox(
        t("sort_by"),
        list(SORT_KEYS),
        key="hs_sort",
        format_func=lambda k: t(f"sort_{k}"),
        on_change=_first_page,
    )
    descending = c2.radio(
        t("sort_direction"),
        [True, False],
        key="hs_desc",
        format_func=lambda d: t("sort_desc" if d else "sort_asc"),
        horizontal=True,
        on_change=_first_page,
    )
    page = c3.number_input(t("page_number"), 1, pages, step=1, key=PAGE_KEY)
    return sort, bool(descending), int(page)


def _first_page() -> None:
    """Go back to page 1 (callback of the sort inputs: a new order starts there)."""
    st.session_state[PAGE_KEY] = 1


def results_frame(page: pd.DataFrame, first_rank: int, personal_data: bool) -> pd.DataFrame:
    """Return the page as shown: rank, head, address, profile, coordinates.

    ``page`` comes from the query layer already masked for the user
    (:mod:`access.personal`); masked coordinates are shown to their 0.01°.
    """
    shown = page
    frame = pd.DataFrame(
        {
            t("rank"): range(first_rank, first_rank + len(shown)),
            t("head_name"): shown["head_name"],
            t("address"): [address(r) for r in shown.itertuples()],
        }
    )
    for dim in DIMENSION_CODES:
        frame[dimension_name(dim)] = shown[f"failed_{dim}"].astype(bool)
    frame[t("dimensions_failed")] = shown["dimensions_failed"]
    frame[t("card_holders")] = shown["welfare_card_holders"]
    frame[t("n_members")] = shown["n_members"]
    decimals = 5 if personal_data else MASKED_COORDINATE_DECIMALS
    frame[t("coordinates")] = [
        f"{r.lat:.{decimals}f}, {r.lon:.{decimals}f}" for r in shown.itertuples()
    ]
    return frame


def results_table(spec: SearchSpec, count: int, personal_data: bool) -> str | None:
    """Draw the paged result table; return the household id of the selected row, if any."""
    if st.session_state.get("hs_spec_shown") != spec:  # a new search (or area) starts on page 1
        st.session_state["hs_spec_shown"] = spec
        st.session_state[PAGE_KEY] = 1
    sort, descending, page = result_controls(count)
    rows = data.search_page(data.build_key(), spec, sort, descending, page, auth.current_user())
    first = (page - 1) * PAGE_SIZE + 1
    st.caption(
        t(
            "page_caption",
            page=fmt_int(page),
            pages=fmt_int(max(1, math.ceil(count / PAGE_SIZE))),
            first=fmt_int(first),
            last=fmt_int(first + len(rows) - 1),
            n=fmt_int(count),
        )
        + " · "
        + t("select_hint")
    )
    frame = results_frame(rows, first, personal_data)
    view_signature = (spec, sort, descending, page)
    if st.session_state.get("hs_view") != view_signature:
        st.session_state["hs_view"] = view_signature
        st.session_state[TABLE_KEY] = {"selection": {"rows": [], "columns": []}}
    event = st.dataframe(
        frame,
        key=TABLE_KEY,
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        height=420,
        column_config={
            dimension_name(d): st.column_config.CheckboxColumn(
                dimension_name(d), help=t("failed_dimension_help"), width="small"
            )
            for d in DIMENSION_CODES
        },
    )
    selected = list(event.selection.rows) if event else []
    if selected and 0 <= selected[0] < len(rows):
        return str(rows["household_id"].iloc[selected[0]])
    return None
