"""The selected area (kept in the URL) and the sidebar filters.

The URL's ``?area=CODE`` is the source of truth (DESIGN.md): the area picker
and a click on the map both set it, and a shared link opens the same view.
An unknown or malformed code falls back to the top level with a message.
"""

from __future__ import annotations

import streamlit as st

from components import data
from components.i18n import area_label, dimension_name, t
from data_loaders.areas import CODE_LENGTH, LEVELS
from poverty.indicators import DIMENSION_CODES

PICKER_KEYS = {level: f"pick_{level}" for level in LEVELS}


def current_area() -> str | None:
    """Return the selected area code from the URL, or None for the top level.

    An unknown code is dropped from the URL and reported once with st.warning.
    """
    code = st.query_params.get("area")
    if not code:
        return None
    code = str(code).strip()
    if data.area(data.build_key(), code) is None:
        st.session_state["_bad_area"] = code
        del st.query_params["area"]
        return None
    return code


def set_area(code: str | None) -> None:
    """Select an area: write it to the URL (None clears it)."""
    if code:
        st.query_params["area"] = code
    elif "area" in st.query_params:
        del st.query_params["area"]


def _on_pick(level: str) -> None:
    """Picker callback: the deepest chosen level wins; "all" goes one level up."""
    chosen = st.session_state.get(PICKER_KEYS[level])
    if chosen:
        set_area(chosen)
        return
    i = LEVELS.index(level)
    parent = st.session_state.get(PICKER_KEYS[LEVELS[i - 1]]) if i > 0 else None
    set_area(parent or None)


def render_area_picker(code: str | None) -> None:
    """Draw province → district → subdistrict → village selectboxes in the sidebar.

    Each selectbox shows the children holding households of the level above;
    its value follows the URL (set before the widget is drawn).
    """
    build = data.build_key()
    parent: str | None = None
    for level in LEVELS:
        options = data.children(build, parent)
        if options.empty:
            break
        names = {
            r.code: area_label(r.name_th, r.name_en, level, with_prefix=False)
            for r in options.itertuples()
        }
        selected = code[: CODE_LENGTH[level]] if code and len(code) >= CODE_LENGTH[level] else ""
        key = PICKER_KEYS[level]
        st.session_state[key] = selected if selected in names else ""
        st.sidebar.selectbox(
            t(level),
            ["", *names],
            key=key,
            format_func=lambda c, n=names: n.get(c, t("all_option")) if c else t("all_option"),
            on_change=_on_pick,
            args=(level,),
        )
        if not st.session_state[key]:
            break
        parent = st.session_state[key]


def keep_value(key: str, default: object) -> None:
    """Re-assign a keyed widget's value (or its default) before the widget is drawn.

    A value set through Session State is sent to the browser again, so the
    widget shows its labels in the current language after a language switch
    (otherwise Streamlit keeps the labels, or loses the selection).
    """
    st.session_state[key] = st.session_state.get(key, default)


def render_filters() -> data.Filters:
    """Draw the welfare-card filter, the dimension choice and the cut-off; return them."""
    st.sidebar.subheader(t("filters"))
    keep_value("welfare_card", "all")
    card = st.sidebar.radio(
        t("welfare_card"),
        ["all", "with", "without"],
        key="welfare_card",
        format_func=lambda v: t(f"card_{v}"),
        horizontal=True,
    )
    keep_value("dimensions", list(DIMENSION_CODES))
    dims = st.sidebar.multiselect(
        t("dimensions"), list(DIMENSION_CODES), key="dimensions", format_func=dimension_name
    )
    if not dims:
        st.sidebar.caption(t("dimensions_none"))
    keep_value("cutoff", "union")
    cutoff = st.sidebar.radio(
        t("cutoff"), ["union", "third"], key="cutoff", format_func=lambda v: t(f"cutoff_{v}")
    )
    chosen = tuple(d for d in DIMENSION_CODES if d in dims)
    return data.Filters(
        k=None if cutoff == "union" else 1 / 3,
        dimensions=None if len(chosen) in (0, len(DIMENSION_CODES)) else chosen,
        welfare_card=card,
    )


def current_filters() -> data.Filters:
    """Return the filters chosen in the sidebar (defaults before it is drawn)."""
    return st.session_state.get("_filters", data.Filters())
