"""Area potential and readiness (panel 2, display part 05): what the area has to solve poverty."""

import streamlit as st

from components import potential, state
from components.i18n import t
from components.layout import page_header

code = state.current_area()
filters = state.current_filters()

page_header(t("page_potential"), code)
potential.sources_banner()
if code is None:
    potential.country_section(filters)
    st.stop()

potential.centre_section(code)
potential.economy_section(code)
potential.access_section(code, filters)
potential.projects_section(code)
potential.village_basic_section(code)
potential.otop_section(code)
