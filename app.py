"""TPMAP-style poverty targeting dashboard: navigation and the shared sidebar.

Run with ``make run`` (or ``streamlit run app.py``). Draws nothing but the
navigation and the sidebar (language, area picker, filters); each page in
``pages/`` draws its panel. The sidebar is drawn after ``st.navigation`` and
before the page runs, so it is part of every run of every page.
"""

import streamlit as st

from components import data, state
from components.i18n import LANGUAGES, t
from data_loaders.queries import BuildMissingError

st.set_page_config(page_title="TPMAP", page_icon=":material/map:", layout="wide")

page = st.navigation(
    [
        st.Page(
            "pages/overview.py",
            title=t("page_overview"),
            icon=":material/map:",
            default=True,
            url_path="overview",
        ),
        st.Page(
            "pages/urgent.py",
            title=t("page_urgent"),
            icon=":material/emergency:",
            url_path="urgent",
        ),
    ]
)

st.sidebar.radio(
    t("language"), list(LANGUAGES), key="lang", format_func=LANGUAGES.get, horizontal=True
)
st.sidebar.title(t("app_title"))
try:
    data.meta(data.build_key())
except BuildMissingError as exc:
    st.error(f"{t('build_missing')}: {exc}")
    st.stop()

area = state.current_area()
state.render_area_picker(area)
st.session_state["_filters"] = state.render_filters()
st.sidebar.caption(t("boundaries_credit"))

page.run()
