"""One household opened from the search: members, failed indicators with their criteria, cards, map.

Every household view shows which indicators it fails and why (DOMAIN.md §6:
users complain that targeting is opaque): each failed indicator comes with
its BMN (จปฐ.) criterion in Thai from :mod:`poverty.indicators`. Names and
national IDs are masked for roles without the personal-data right.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pydeck as pdk
import streamlit as st

from access.masking import format_national_id
from access.personal import MASKED_COORDINATE_DECIMALS
from access.roles import User
from app_data import data
from components.formats import class_colour, fmt_int, plain
from components.history import history_section
from components.households import address, failed_dimensions_text
from components.i18n import area_labels, dimension_name, lang, t
from components.maps import (
    caption_for,
    hex_colour,
    map_download,
    outline_layer,
    village_names_layer,
)
from components.suggestions import household_suggestions
from poverty.targets import COLOUR_CLASSES
from queries.search import SearchSpec, failed_indicators
from reports.map_image import points_png


def house_map(
    household: dict,
    outline: dict | None,
    key: str,
    personal_data: bool,
    household_id: str = "",
) -> None:
    """Draw the house as a point (colour by dimensions failed) over its subdistrict's outline.

    ``household`` comes masked from the query layer: without the
    personal-data right its point is the rounded (about 1 km) location.
    The map can be saved as a PNG (title, legend, area, B.E. date, source,
    synthetic note) through the one download path; the file counts as
    personal data when it holds the exact location.
    """
    klass = COLOUR_CLASSES[int(household["dimensions_failed"])]
    colour = class_colour(klass)
    point = pd.DataFrame({"lon": [household["lon"]], "lat": [household["lat"]]})
    layers = outline_layer(outline)
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            point,
            get_position=["lon", "lat"],
            get_fill_color=list(colour),
            get_line_color=[0, 0, 0],
            stroked=True,
            line_width_min_pixels=2,
            get_radius=60,
            radius_min_pixels=7,
            radius_max_pixels=14,
        )
    )
    # The subdistrict's village names around the house (our own place names, issue 20).
    villages = data.village_points(data.build_key(), household["subdistrict_code"])
    villages = villages.assign(name=area_labels(villages, "village", False))
    if not villages.empty:
        layers.insert(-1, village_names_layer(villages, layer_id="house_villages"))  # under it
    view = pdk.ViewState(
        latitude=float(household["lat"]), longitude=float(household["lon"]), zoom=12.5
    )
    st.pydeck_chart(
        pdk.Deck(layers=layers, initial_view_state=view, map_provider=None),
        key=key,
        height=320,
    )
    decimals = 5 if personal_data else MASKED_COORDINATE_DECIMALS
    st.caption(
        f"{t('coordinates')}: {household['lat']:.{decimals}f}, {household['lon']:.{decimals}f}"
    )
    legend = [(hex_colour(colour), f"{t('house_map_this')}: {t('class_' + klass)}")]

    def make() -> bytes:
        fills = point.assign(fill=hex_colour(colour))
        frame = gpd.GeoDataFrame.from_features(outline["features"], crs=4326) if outline else None
        caption = caption_for(
            t("house_map_title", id=household_id), household["village_code"], t("legend"), legend
        )
        names = villages[["lon", "lat"]].assign(label=villages["name"])
        return points_png(fills, caption, frame, names, pad=0.03, marker_size=110)

    map_download(f"png_{key}", household["village_code"], "household", personal_data, make)


def house_location(household: dict, personal_data: bool, household_id: str = "") -> None:
    """Draw the heading "location of the house" and the house over its subdistrict's outline.

    ``household_id`` (as shown to the viewer: a pseudonym for masked roles) names the
    saved PNG's title.
    """
    st.markdown(f"##### {t('house_location')}")
    house_map(
        household,
        data.outline(data.build_key(), household["subdistrict_code"]),
        # One key per household: a PNG made of one house is never offered on another's view.
        key=f"hs_house_map_{household_id or household['village_code']}",
        personal_data=personal_data,
        household_id=household_id,
    )


def members_frame(members: pd.DataFrame) -> pd.DataFrame:
    """Return the members as shown (already masked by the query layer), labels translated."""
    shown = members
    yes_no = {True: "✓", False: ""}
    return pd.DataFrame(
        {
            t("person_name"): shown["name"],
            t("national_id"): [format_national_id(v) for v in shown["national_id"]],
            t("sex"): [t(f"sex_{s}") for s in shown["sex"]],
            t("age"): shown["age"],
            t("has_card"): shown["welfare_card"].map(yes_no),
            t("disabled"): shown["disabled"].map(yes_no),
            t("dependent"): shown["dependent"].map(yes_no),
        }
    )


def indicators_frame(mask: int) -> pd.DataFrame:
    """Return the failed indicators: name, dimension and the criterion (Thai, plus English)."""
    failed = failed_indicators(mask)
    frame = pd.DataFrame(
        {
            t("indicator"): failed["label_th"] if lang() == "th" else failed["label_en"],
            t("dimension"): [dimension_name(d) for d in failed["dimension"]],
            t("criterion_th"): failed["criterion_th"],
        }
    )
    if lang() == "en":
        frame[t("criterion")] = failed["criterion_en"]
    return frame


def household_detail(
    household_id: str, user: User, personal_data: bool, area_code: str | None = None
) -> None:
    """Draw one household: head, address, profile, members, failed indicators, cards, map."""
    build = data.build_key()
    # None outside the user's scope; masked users name it by its pseudonym
    household = data.household(build, household_id, user, area_code)
    if household is None:
        st.error(t("household_unknown", id=plain(household_id)))
        return
    row = pd.Series(household)
    head = household["head_name"]
    st.subheader(t("household_title", id=plain(household_id)), anchor="household")
    st.markdown(f"**{plain(head)}** · {plain(address(row), 300)}")
    failed = failed_dimensions_text(row)
    cols = st.columns(5)
    cols[0].metric(t("n_members"), fmt_int(household["n_members"]), border=True)
    cols[1].metric(t("dimensions_failed"), fmt_int(household["dimensions_failed"]), border=True)
    cols[2].metric(t("card_holders"), fmt_int(household["welfare_card_holders"]), border=True)
    income = household["income_per_capita"]
    # A real file may give income only as the deprivation (data_loaders.schema.income_form).
    cols[3].metric(
        t("income"),
        fmt_int(income) if pd.notna(income) else "—",
        help=None if pd.notna(income) else t("income_not_given"),
        border=True,
    )
    level = int(household["vulnerability_level"])
    cols[4].metric(
        t("vulnerability"),
        t("vulnerability_none") if level < 0 else str(level),
        border=True,
    )
    st.markdown(f"{t('failed_dimensions')}: **{failed or '—'}**")

    st.markdown(f"##### {t('failed_indicators_title')}")
    indicators = indicators_frame(int(household["mask"]))
    if indicators.empty:
        st.caption(t("no_failed_indicators"))
    else:
        st.dataframe(indicators, hide_index=True, key="hs_indicators_table")

    members = data.household_members(build, household_id, user, area_code)
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"##### {t('members')}")
        st.dataframe(members_frame(members), hide_index=True, key="hs_members")
        if not personal_data:
            st.caption(t("masked_note_full"))
        holders = members[members["welfare_card"].astype(bool)]
        st.markdown(f"##### {t('card_holders')}")
        if holders.empty:
            st.caption(t("no_card_holders"))
        else:
            st.text(
                "\n".join(
                    f"• {r.name} ({format_national_id(r.national_id)})"
                    for r in holders.itertuples(index=False)
                )
            )
    with right:
        house_location(household, personal_data, household_id)
    # Issue 12: its indicators in every round and its help (static tables: the members
    # stay the page's last grid).
    history_section(household_id, user, area_code)
    # Issue 17: the help to suggest, last, so the views above keep their place.
    household_suggestions(household, user, area_code)


def new_household_detail(
    spec: SearchSpec, household_id: str, user: User, personal_data: bool
) -> None:
    """Draw a household newly added in the Logbook: what the field team recorded, and where.

    It has no survey record (DOMAIN.md §4, group 4 "missed by the system"):
    the view says so instead of showing indicators, members or cards.
    """
    build = data.build_key()
    household = data.new_household(build, spec, household_id, user)
    if household is None:
        st.error(t("household_unknown", id=plain(household_id)))
        return
    st.subheader(t("household_title", id=plain(household_id)), anchor="household")
    place = plain(address(pd.Series(household)), 300)
    st.markdown(f"**{plain(household['head_name'])}** · {place}")
    st.info(t("new_household_note"))
    st.metric(t("n_members"), fmt_int(household["n_members"]), border=True)
    house_location(household, personal_data, household_id)
