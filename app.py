"""TPMAP-style poverty targeting dashboard: navigation and the shared sidebar.

Run with ``make run`` (or ``streamlit run app.py``). Draws nothing but the
navigation (after sign-in) and the sidebar (language, area picker, filters,
who is signed in); each page in
``app_pages/`` draws its panel. The sidebar is drawn after ``st.navigation`` and
before the page runs, so it is part of every run of every page. The folder is
not called ``pages/``: Streamlit serves a ``pages/`` folder as old-style pages
when a deep link (``/urgent?area=41``) is the first request of a fresh server,
before ``st.navigation`` has run, and the page then has no sidebar.
"""

import streamlit as st

from access.roles import AUDIT_READ
from app_data import data
from components import auth, state
from components.i18n import LANGUAGES, t
from queries.figures import BuildMissingError

# The page icon (favicon) is an emoji, never ":material/…:": Streamlit fetches a material
# favicon from fonts.gstatic.com, and the browser must ask no host but ours (issue 11).
# Material icons inside the page (navigation, buttons) use the font Streamlit serves itself.
st.set_page_config(page_title="TPMAP", page_icon="🗺️", layout="wide")

# Nobody signed in: only the sign-in page exists, and the run stops there.
user = auth.require_user()

page = st.navigation(
    [
        st.Page(
            "app_pages/overview.py",
            title=t("page_overview"),
            icon=":material/map:",
            default=True,
            url_path="overview",
        ),
        st.Page(
            "app_pages/urgent.py",
            title=t("page_urgent"),
            icon=":material/emergency:",
            url_path="urgent",
        ),
        st.Page(
            "app_pages/potential.py",
            title=t("page_potential"),
            icon=":material/insights:",
            url_path="potential",
        ),
        st.Page(
            "app_pages/progress.py",
            title=t("page_progress"),
            icon=":material/trending_up:",
            url_path="progress",
        ),
        st.Page(
            "app_pages/logbook.py",
            title=t("page_logbook"),
            icon=":material/edit_note:",
            url_path="logbook",
        ),
        st.Page(
            "app_pages/households.py",
            title=t("page_households"),
            icon=":material/person_search:",
            url_path="households",
        ),
        st.Page(
            "app_pages/scenarios.py",
            title=t("page_scenarios"),
            icon=":material/compare_arrows:",
            url_path="scenarios",
        ),
        st.Page(
            "app_pages/reports.py",
            title=t("page_reports"),
            icon=":material/description:",
            url_path="reports",
        ),
        st.Page(
            "app_pages/data_quality.py",
            title=t("page_quality"),
            icon=":material/fact_check:",
            url_path="data-quality",
        ),
        *(
            [
                st.Page(
                    "app_pages/audit_log.py",
                    title=t("page_audit"),
                    icon=":material/policy:",
                    url_path="audit",
                )
            ]
            if user.can(AUDIT_READ)
            else []
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
auth.render_user_box(user)

page.run()
