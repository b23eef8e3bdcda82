"""The household map of an area with its clicks: a dot opens the household, a village opens it.

Used by the Overview (subdistrict and village level) and the Urgent page;
kept apart from :mod:`components.maps` because it composes the map with
the household detail (which itself draws a map).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from access.personal import sees_personal_data
from app_data import data
from components import auth, state
from components.household_detail import household_detail
from components.i18n import t
from components.maps import household_map


@auth.fragment
def households_section(code: str, points: pd.DataFrame, key: str, villages: bool = False) -> None:
    """Draw an area's households on the map; open what the user clicks.

    Parameters
    ----------
    code : str
        The area (subdistrict or village, or any area for a ranked list).
    points : DataFrame
        Household points from the query layer, masked for the user
        (:func:`queries.figures.household_points` or ``urgent_households``).
    key : str
        Widget key of the map (include the area code).
    villages : bool
        Draw the subdistrict's villages as named rings; a click opens the village.
        A village's map always draws them: its own name, and its neighbours'
        to move to (our own place names stand in for a basemap, issue 20).

    Notes
    -----
    A click on a dot shows the household's detail below the map
    (:func:`components.household_detail.household_detail`, masked as the
    role requires: a masked role clicks a pseudonym and gets the masked view).
    A click on a village sets it as the selected area (``?area=``) and reruns.
    A fragment (issue 13): a click on a dot reruns the map and the detail
    only, not the page above it.
    """
    build = data.build_key()
    user = auth.current_user()
    village_frame = data.village_points(build, code[:6]) if villages or len(code) == 8 else None
    clicked = household_map(
        points, data.outline(build, code[:6]), key, villages=village_frame, code=code
    )
    if clicked and "village" in clicked:
        state.set_area(clicked["village"])
        st.rerun()
    if clicked and "household" in clicked:
        st.markdown(f"**{t('map_household_selected')}**")
        household_detail(clicked["household"], user, sees_personal_data(user), code)
