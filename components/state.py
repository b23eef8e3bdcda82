"""The selected area and survey round (kept in the URL) and the sidebar filters.

The URL's ``?area=CODE`` is the source of truth (DESIGN.md): the area picker
and a click on the map both set it, and a shared link opens the same view.
An unknown or malformed code falls back to the top level with a message.
"""

from __future__ import annotations

import streamlit as st

from access.roles import allowed_area
from app_data import data
from components import auth
from components.i18n import area_label, dimension_name, lang, t
from geo.areas import CODE_LENGTH, LEVELS
from poverty.indicators import DIMENSION_CODES

#: The area the session last showed (restored when a page link drops ``?area=``).
LAST_AREA_KEY = "_last_area"
PICKER_KEYS = {level: f"pick_{level}" for level in LEVELS}
AREA_NOTICE_KEY = "_area_notice"


def current_area() -> str | None:
    """Return the selected area code from the URL, clamped to the user's scope.

    The URL (``?area=``) is what the user asks for; :func:`access.roles.allowed_area`
    decides what they get, so editing the URL cannot reach an area outside
    the signed-in user's scope on any page. An area outside the scope gives
    the user's own area, an unknown code the user's area (or the top level for
    a national user); either is reported once by the page header, and the URL
    is rewritten to the area shown. None = the top level (national scope only).
    """
    user = auth.current_user()
    if user is None:  # app.py signs in before any page runs; never show data without a user
        st.stop()
    raw = st.query_params.get("area")
    in_url = str(raw).strip() if raw else None
    # The page links of st.navigation drop the query string: keep the area the
    # session last showed when the URL comes without one.
    requested = in_url if raw is not None else st.session_state.get(LAST_AREA_KEY)
    code = allowed_area(user, requested)
    notice = None
    if requested and code != requested:
        notice = ("_refused_area", requested)
    elif code is not None and data.area(data.build_key(), code) is None:
        notice = ("_bad_area", code)
        code = user.area_code
    if notice:
        # Kept (with the area shown instead) until another area is chosen: a rerun that
        # follows at once, such as the sign-in cookie component's, must not wipe it.
        st.session_state[AREA_NOTICE_KEY] = (*notice, code)
    if code != in_url:
        set_area(code)
    st.session_state[LAST_AREA_KEY] = code
    return code


def area_notice(code: str | None) -> tuple[str, str] | None:
    """Return ("_refused_area" or "_bad_area", the code asked for) while ``code`` is its fallback.

    The notice is dropped once the user is on another area.
    """
    notice = st.session_state.get(AREA_NOTICE_KEY)
    if not notice:
        return None
    kind, requested, fallback = notice
    if fallback != code:
        del st.session_state[AREA_NOTICE_KEY]
        return None
    return kind, requested


def set_area(code: str | None) -> None:
    """Select an area: write it to the URL (None clears it) and remember it for the session."""
    st.session_state[LAST_AREA_KEY] = code
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
    its value follows the URL (set before the widget is drawn). Down to the
    signed-in user's own area, a level offers only that area.
    """
    build = data.build_key()
    user = auth.current_user()
    scope = user.area_code if user else None
    parent: str | None = None
    for level in LEVELS:
        options = data.children(build, parent)
        if options.empty:
            break
        names = {
            r.code: area_label(r.name_th, r.name_en, level, with_prefix=False)
            for r in options.itertuples()
        }
        # Levels down to the user's own area offer only that area, without "all".
        fixed = scope is not None and CODE_LENGTH[level] <= len(scope)
        if fixed:
            names = {c: n for c, n in names.items() if c == scope[: CODE_LENGTH[level]]}
        selected = code[: CODE_LENGTH[level]] if code and len(code) >= CODE_LENGTH[level] else ""
        key = PICKER_KEYS[level]
        st.session_state[key] = selected if selected in names else ""
        st.sidebar.selectbox(
            t(level),
            list(names) if fixed else ["", *names],
            key=key,
            format_func=lambda c, n=names: n.get(c, t("all_option")) if c else t("all_option"),
            on_change=_on_pick,
            args=(level,),
        )
        if not st.session_state[key]:
            break
        parent = st.session_state[key]


#: Widget key of the survey-round selector, and the session's last round (restored when a
#: page link drops ``?year=``).
YEAR_PICKER_KEY = "pick_year"
LAST_YEAR_KEY = "_last_year"
YEAR_NOTICE_KEY = "_year_notice"


def current_year() -> int | None:
    """Return the survey round chosen (B.E.), from the URL's ``?year=``; None without rounds.

    Default the latest round. A year the build does not hold gives the
    latest with a notice (:func:`year_notice`). The URL always carries the
    round shown (``?year=2567``, the latest included), so a copied link
    opens the same round after a later one is added (issue 12). The year goes to
    ``st.session_state[data.YEAR_STATE]``, so that :func:`app_data.data.build_key`
    (every cache key, every page, report and export) follows it.
    """
    years = data.survey_years(data.root_key())
    if not years:
        st.session_state[data.YEAR_STATE] = None
        return None
    raw = st.query_params.get("year")
    requested = str(raw).strip() if raw is not None else st.session_state.get(LAST_YEAR_KEY)
    year = years[-1]
    if requested not in (None, ""):
        if str(requested).isdigit() and int(requested) in years:
            year = int(requested)
        else:
            st.session_state[YEAR_NOTICE_KEY] = str(requested)
    if st.query_params.get("year") != str(year):
        st.query_params["year"] = str(year)  # the latest too: a copied link keeps its round
    st.session_state[LAST_YEAR_KEY] = year
    st.session_state[data.YEAR_STATE] = year
    return year


def previous_year() -> int | None:
    """Return the survey round before the chosen one, or None (first round, or no rounds)."""
    years = data.survey_years(data.root_key())
    year = st.session_state.get(data.YEAR_STATE)
    if year is None or year not in years or years.index(year) == 0:
        return None
    return years[years.index(year) - 1]


def year_notice() -> str | None:
    """Return (once) a survey year asked for in the URL that the build does not hold."""
    return st.session_state.pop(YEAR_NOTICE_KEY, None)


def year_label(year: int) -> str:
    """Return a survey round as shown: B.E. in Thai (พ.ศ. 2567), C.E. in English (2024)."""
    return t("year_be", year=year) if lang() == "th" else t("year_ce", year=year - 543)


def _on_pick_year() -> None:
    year = st.session_state.get(YEAR_PICKER_KEY)
    st.session_state[LAST_YEAR_KEY] = year
    if year is None:
        if "year" in st.query_params:
            del st.query_params["year"]
    else:
        st.query_params["year"] = str(year)


def render_year_picker(year: int | None) -> None:
    """Draw the survey-round selector in the sidebar (nothing for a build without rounds)."""
    years = data.survey_years(data.root_key())
    if year is None or not years:
        return
    st.session_state[YEAR_PICKER_KEY] = year  # re-assigned: labels follow a language switch
    st.sidebar.selectbox(
        t("survey_year"),
        list(reversed(years)),
        key=YEAR_PICKER_KEY,
        format_func=year_label,
        on_change=_on_pick_year,
        help=t("survey_year_help"),
    )


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
        t("dimensions"),
        list(DIMENSION_CODES),
        key="dimensions",
        format_func=dimension_name,
        placeholder=t("choose_options"),  # Streamlit's own "Choose options" is English
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
