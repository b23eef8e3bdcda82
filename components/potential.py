"""Sections of the Area potential page (panel 2, display part 05).

Each function draws one section for the selected area from the cached
queries of :mod:`app_data.potential_data`; the page composes them.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pydeck as pdk
import streamlit as st

from access.personal import sees_personal_data
from app_data import data
from app_data import potential_data as pdata
from components import auth, state
from components.charts import horizontal_bars, show_chart, value_axis
from components.children import drill_down_target, open_child
from components.formats import SEQUENTIAL_5, fmt_int, fmt_ratio, fmt_share, plain, stars_text
from components.i18n import area_label, area_labels, dimension_name, lang, level_name, t
from components.layout import area_title
from components.maps import (
    CompactDeck,
    caption_for,
    choropleth,
    hex_colour,
    legend_html,
    map_download,
    outline_layer,
    point_layer,
    point_records,
    view_of,
)
from display.formats import BE_OFFSET
from geo.areas import child_level
from potential import hexagons
from potential.distance import DEFAULT_DISTANCE_KM
from potential.schema import FACILITY_KINDS, VILLAGE_BOOLEANS
from reports.map_image import points_png

#: Okabe-Ito colours (colour-blind safe): blues for health, green/pink for
#: schools; households in red (poor, far), amber (poor, not far), grey.
FACILITY_COLOURS = {
    "hospital": (0, 114, 178),
    "health_centre": (86, 180, 233),
    "primary_school": (0, 158, 115),
    "secondary_school": (204, 121, 167),
}
FACILITY_GLYPHS = {
    "hospital": "H",
    "health_centre": "+",
    "primary_school": "P",
    "secondary_school": "S",
}
POINT_COLOURS = {"far": (200, 30, 30), "near": (240, 170, 60), "other": (185, 185, 185)}
ACCESS_GROUPS = ("either", "health", "school")
DISTANCE_RANGE_KM = (1.0, 20.0)


def fiscal_year_text(year_be: int) -> str:
    """Return a Buddhist Era year as shown: "2566" in Thai, "2566 (2023)" in English."""
    return f"{year_be}" if lang() == "th" else f"{year_be} ({year_be - BE_OFFSET})"


def sources_banner() -> None:
    """Say which kinds of potential data are synthetic and which come from files."""
    table = pdata.sources(data.build_key())
    synthetic = [t(f"kind_{k}") for k in table.loc[table["synthetic"], "kind"]]
    real = [t(f"kind_{k}") for k in table.loc[~table["synthetic"], "kind"]]
    if synthetic:
        st.info(t("potential_synthetic", kinds=", ".join(synthetic)), icon=":material/science:")
    if real:
        st.caption(t("potential_real", kinds=", ".join(real)))


def centre_section(code: str) -> None:
    """Draw the poverty-solving centres (area and above), partner agencies and staff per level."""
    build = data.build_key()
    st.subheader(t("centre_title"))
    centres = pdata.centres(build, code)
    left, right = st.columns([4, 3])
    with left:
        if centres.empty:
            st.info(t("no_centre"))
        for row in centres.itertuples():
            with st.container(border=True):
                st.markdown(f"**{t('centre_level_' + row.level)}** · {plain(row.centre_name)}")
                if isinstance(row.chair, str):
                    st.caption(f"{t('centre_chair')}: {plain(row.chair)}")
                if isinstance(row.agencies, str):
                    agencies = [a.strip() for a in row.agencies.split(";") if a.strip()]
                    st.markdown(
                        f"{t('centre_agencies')} ({len(agencies)}): " + " · ".join(agencies)
                    )
    with right:
        staff = pdata.staff_by_level(build, code)
        st.markdown(f"**{t('staff_title')}**")
        st.dataframe(
            pd.DataFrame(
                {
                    t("staff_level"): [t("centre_level_" + lv) for lv in staff["level"]],
                    t("staff_centres"): staff["centres"],
                    t("staff_count"): staff["staff"],
                }
            ),
            hide_index=True,
            key="staff_table",
            column_config={t("staff_count"): st.column_config.NumberColumn(format="localized")},
        )
        st.metric(t("staff_total"), fmt_int(staff["staff"].sum()), border=True)


def economy_section(code: str) -> None:
    """Draw the province's GPP, consumption, investment and HAI with their ranks."""
    build = data.build_key()
    row = pdata.economy(build, code[:2])
    if row is None:
        st.info(t("no_economy"))
        return
    st.subheader(
        t("economy_title", province=area_title(code[:2]), year=fiscal_year_text(row["year"]))
    )
    cols = st.columns(4)
    items = [
        ("gpp", fmt_int(row["gpp_million_baht"]), row["gpp_rank"]),
        ("consumption", fmt_int(row["consumption_million_baht"]), row["consumption_rank"]),
        ("investment", fmt_int(row["investment_million_baht"]), row["investment_rank"]),
        ("hai", fmt_ratio(row["hai"]), row["hai_rank"]),
    ]
    for col, (key, value, rank) in zip(cols, items, strict=True):
        col.metric(
            t(key),
            value,
            delta=t("rank_of", rank=int(rank), n=int(row["provinces"])),
            delta_color="off",
            delta_arrow="off",
            border=True,
        )


#: Session-state key of the point map's panel (the widget's own state).
ACCESS_MAP_KEY = "access_map_open"
#: Session-state key that keeps the panel open or closed across runs where the panel
#: is not drawn and across languages (True: open); set it to open the panel.
ACCESS_MAP_KEPT = "access_map_kept"


def _outline(build: str, code: str) -> dict | None:
    return data.outline(build, code[:6])


def access_section(code: str, filters: data.Filters) -> None:
    """Draw the distance analysis: slider, totals, choropleth, list by child area, map panel."""
    build = data.build_key()
    st.subheader(t("access_title"))
    st.caption(t("access_caption"))
    left, right = st.columns([2, 3])
    with left:
        state.keep_value("access_km", DEFAULT_DISTANCE_KM)
        km = st.slider(
            t("access_distance"),
            *DISTANCE_RANGE_KM,
            step=0.5,
            key="access_km",
            format="%.1f",
        )
    with right:
        state.keep_value("access_group", ACCESS_GROUPS[0])
        group = st.radio(
            t("access_group"),
            ACCESS_GROUPS,
            key="access_group",
            horizontal=True,
            format_func=lambda g: t(f"access_{g}"),
        )
    by_child, total = pdata.access_table(build, code, float(km), filters)
    km_text = f"{km:g}"
    counts = pdata.facility_counts(build, code)
    cols = st.columns(4)
    cols[0].metric(t("poor_households"), fmt_int(total["households"]), border=True)
    for col, name in zip(cols[1:], ("health", "school", "either"), strict=True):
        col.metric(
            t(f"access_far_{name}", km=km_text),
            fmt_int(total[f"far_{name}"]),
            delta=fmt_share(total[f"share_far_{name}"]),
            delta_color="off",
            delta_arrow="off",
            border=True,
        )
    st.caption(
        t("facilities_count")
        + ": "
        + " · ".join(f"{t('facility_' + k)} {fmt_int(counts.get(k, 0))}" for k in FACILITY_KINDS)
    )
    if total["households"] == 0:
        st.info(t("no_poor"))
        return
    level = data.area(build, code)["level"]
    child = child_level(level)
    if child in data.LEVEL_FILES and not by_child.empty:
        _access_choropleth(code, child, by_child, group, km_text)
    _access_list(by_child, child or "village", km_text)
    access_map_panel(code, filters, km, group)


def access_map_panel(code: str, filters: data.Filters, km: float, group: str) -> None:
    """Draw :func:`access_map` inside a panel, only once the user has opened it (issue 13).

    The panel (``st.expander`` tracking its state, key :data:`ACCESS_MAP_KEY`)
    starts closed. Opened or closed, the choice is kept in
    :data:`ACCESS_MAP_KEPT` and given back to the panel on every run, so it
    holds for the session: other areas, distances, groups, pages and the
    language (whose label change would otherwise make a new, closed panel).
    Closed, nothing of the map is computed or sent: the point map was 0.65 s
    of the page in Chromium (deck.gl drawing into WebGL; 1.76 s against
    1.11 s a view of province 41) and, with the choropleth and the list by
    child area above it, the page gives the same counts without it.
    """
    st.session_state[ACCESS_MAP_KEY] = bool(st.session_state.get(ACCESS_MAP_KEPT, False))
    panel = st.expander(
        t("access_map_panel"),
        key=ACCESS_MAP_KEY,
        on_change=lambda: st.session_state.update(
            {ACCESS_MAP_KEPT: bool(st.session_state.get(ACCESS_MAP_KEY))}
        ),
    )
    if panel.open:
        with panel:
            access_map(code, filters, km, group)


def _access_choropleth(
    code: str, child: str, by_child: pd.DataFrame, group: str, km_text: str
) -> None:
    build = data.build_key()
    shapes = data.geometry(build, child)
    shapes = shapes[shapes["code"].isin(by_child["code"])]
    values = pd.DataFrame(
        {
            "code": by_child["code"],
            "label": area_labels(by_child, child),
            "value": by_child[f"share_far_{group}"].astype(float),
        }
    )
    title = t(
        "access_map_children", child=level_name(child).lower(), what=t(f"access_what_{group}")
    )
    st.markdown(f"**{title}**")
    key = f"access_choropleth_{code}_{group}_{km_text}_{lang()}"
    clicked = choropleth(
        shapes,
        values,
        fmt_share,
        key=key,
        outline=data.outline(build, code) if len(code) <= 6 else None,
    )
    open_child(key, drill_down_target(clicked, code, by_child["code"]))


def _access_list(by_child: pd.DataFrame, child: str, km_text: str) -> None:
    st.markdown(f"**{t('access_table', child=level_name(child).lower())}**")
    table = by_child.sort_values(["share_far_either", "code"], ascending=[False, True])
    shown = pd.DataFrame(
        {
            t("code"): table["code"],
            t("name"): area_labels(table, child),
            t("poor_households"): table["households"],
            t("access_far_health", km=km_text): table["far_health"],
            t("access_share_health"): table["share_far_health"] * 100,
            t("access_far_school", km=km_text): table["far_school"],
            t("access_share_school"): table["share_far_school"] * 100,
            t("access_far_either", km=km_text): table["far_either"],
            t("access_share_either"): table["share_far_either"] * 100,
        }
    )
    shares = [t(f"access_share_{g}") for g in ("health", "school", "either")]
    config = {
        c: st.column_config.NumberColumn(format="%.2f%%" if c in shares else "localized")
        for c in shown.columns[2:]
    }
    st.dataframe(shown, hide_index=True, key="access_table", column_config=config)


def access_map(code: str, filters: data.Filters, km: float, group: str) -> None:
    """Draw facilities (colour and letter per kind) and households (poor far / near / other).

    Layers, bottom to top: other households (grey), poor households not far
    (orange), facilities (one colour and letter per kind, 300 m discs that
    stay visible when zoomed out), poor households farther than ``km`` from
    the chosen kind of facility (vermillion).
    """
    build = data.build_key()
    points = pdata.access_points(build, code, filters, auth.current_user())
    facilities = pdata.facilities_near(build, code)
    limit = km * 1000.0
    far = {
        "health": points["dist_health_m"] > limit,
        "school": points["dist_school_m"] > limit,
    }
    far["either"] = far["health"] | far["school"]
    status = np.where(~points["poor"], "other", np.where(far[group], "far", "near"))
    # Only what the layers and the tooltip read is sent to the browser.
    fac = facilities[["kind", "name"]].join(point_records(facilities))
    fac["kind_label"] = [t("facility_" + k) for k in fac["kind"]]
    # Facilities across the border count for the distances: drawn faint, for context.
    inside = facilities["subdistrict_code"].str.startswith(code[:6]).to_numpy()
    # Below a province the facilities are few enough to draw large, with their letter.
    detailed = data.area(build, code)["level"] != "province"

    # Above a point count the households are sent as h3 cells with counts only.
    cells = (
        pdata.access_cells(build, code, filters, auth.current_user())
        if len(points) > hexagons.MAX_POINTS
        else None
    )

    def households(which: str, radius: float, min_px: float) -> list[pdk.Layer]:
        if cells is not None:
            return []
        return [point_layer(points[status == which], POINT_COLOURS[which], radius, min_px, 7)]

    outline = _outline(build, code)
    layers = outline_layer(outline)
    if cells is not None:
        layers.append(_hexagon_layer(cells, status))
    layers += [*households("other", 15, 1.0), *households("near", 35, 1.5)]
    # One layer per kind, faint ones (across the border) first: colour and size per layer.
    layers += [
        pdk.Layer(
            "ScatterplotLayer",
            fac.loc[
                (fac["kind"] == kind) & (inside == in_area), ["kind_label", "name", "lon", "lat"]
            ],
            get_position=["lon", "lat"],
            get_fill_color=[*FACILITY_COLOURS[kind], 255 if in_area else 70],
            get_line_color=[255, 255, 255],
            stroked=True,
            line_width_min_pixels=0.5,
            get_radius=450 if kind == "hospital" else 300,
            radius_min_pixels=7 if detailed else 2.5,
            radius_max_pixels=14,
            pickable=True,
        )
        for in_area in (False, True)
        for kind in FACILITY_KINDS
    ]
    if detailed:
        layers.append(
            pdk.Layer(
                "TextLayer",
                fac.loc[inside, ["lon", "lat"]].assign(glyph=fac["kind"].map(FACILITY_GLYPHS)),
                get_position=["lon", "lat"],
                get_text="glyph",
                get_size=12,
                get_color=[255, 255, 255],
                get_text_anchor=pdk.types.String("middle"),
                get_alignment_baseline=pdk.types.String("center"),
            )
        )
    layers += households("far", 60, 2.0)
    view = view_of(pd.concat([points["lon"], fac["lon"]]), pd.concat([points["lat"], fac["lat"]]))
    st.pydeck_chart(
        CompactDeck(
            layers=layers,
            initial_view_state=view,
            map_provider=None,
            tooltip={"text": "{kind_label}\n{name}"},
        ),
        key=f"access_map_{code}",
        height=560,
    )
    legend = [
        (hex_colour(FACILITY_COLOURS[k]), f"{FACILITY_GLYPHS[k]} = {t('facility_' + k)}")
        for k in FACILITY_KINDS
    ] + [
        (hex_colour(POINT_COLOURS[s]), t("point_" + s, km=f"{km:g}", what=t("access_" + group)))
        for s in ("far", "near", "other")
    ]
    st.markdown(legend_html(t("legend"), legend, "dot"), unsafe_allow_html=True)
    if cells is not None:
        st.caption(t("access_hexagons", n=fmt_int(len(points))))

    def make() -> bytes:
        # Bottom to top as on screen: other and near households, facilities, far households.
        houses = points[["lon", "lat"]].assign(
            fill=[hex_colour(POINT_COLOURS[s]) for s in status], status=status
        )
        sites = fac.loc[inside, ["lon", "lat"]].assign(
            fill=[hex_colour(FACILITY_COLOURS[k]) for k in fac.loc[inside, "kind"]]
        )
        fills = pd.concat(
            [houses[houses["status"] != "far"], sites, houses[houses["status"] == "far"]]
        )
        frame = gpd.GeoDataFrame.from_features(outline["features"], crs=4326) if outline else None
        caption = caption_for(t("access_map"), code, t("legend"), legend)
        return points_png(fills, caption, frame)

    map_download(
        f"png_access_{code}", code, "household", sees_personal_data(auth.current_user()), make
    )
    if not bool((~points["poor"]).any()):
        st.caption(t("access_nonpoor_hidden", n=fmt_int(len(points))))


def _hexagon_layer(cells: np.ndarray, status: np.ndarray) -> pdk.Layer:
    """Return the households as h3 hexagons: counts only, coloured by the most common status.

    A cell is drawn in the colour of the status most of its households have
    (ties: far, then near); its tooltip gives the counts
    (:mod:`potential.hexagons`).
    """
    statuses = ("far", "near", "other")
    table = hexagons.counts(cells, status, statuses)
    common = table[list(statuses)].to_numpy().argmax(axis=1)
    props = [
        {
            "kind_label": t("hexagon_households", n=fmt_int(row.households)),
            "name": t("hexagon_counts", far=fmt_int(row.far), near=fmt_int(row.near)),
            "fill": [*POINT_COLOURS[statuses[index]], 170],
            **{key: int(getattr(row, key)) for key in ("households", *statuses)},
        }
        for row, index in zip(table.itertuples(), common, strict=True)
    ]
    return pdk.Layer(
        "GeoJsonLayer",
        hexagons.geojson(table, props),
        get_fill_color="properties.fill",
        get_line_color=[255, 255, 255, 160],
        line_width_min_pixels=0.5,
        stroked=True,
        filled=True,
        pickable=True,
    )


def projects_section(code: str) -> None:
    """Draw the funded projects: totals, budget by dimension, the sortable list."""
    build = data.build_key()
    st.subheader(t("projects_title"))
    table = pdata.projects(build, code)
    if table.empty:
        st.info(t("no_projects"))
        return
    active = table[table["status"] != "cancelled"]
    left, right = st.columns([1, 2])
    with left:
        st.metric(t("projects_count"), fmt_int(len(table)), border=True)
        st.metric(t("projects_budget"), fmt_int(active["budget_baht"].sum()), border=True)
        st.metric(t("projects_done"), fmt_int((table["status"] == "completed").sum()), border=True)
    with right:
        by_dim = active.groupby("dimension")["budget_baht"].sum().sort_values()
        spec = horizontal_bars(
            tuple(float(v) for v in by_dim.to_numpy()),
            tuple(dimension_name(d) for d in by_dim.index),
            colour=SEQUENTIAL_5[2],
            height=260,
            axis=value_axis(t("projects_budget"), whole=True),
            label_title=t("dimension"),
            title=t("projects_by_dimension"),
        )
        show_chart(spec, "projects_by_dimension")
    shown = pd.DataFrame(
        {
            t("fiscal_year"): [fiscal_year_text(y) for y in table["fiscal_year"]],
            t("project_name"): table["name"],
            t("project_area"): [
                area_label(r.area_th, r.area_en, r.level) for r in table.itertuples()
            ],
            t("project_agency"): table["agency"],
            t("dimension"): [dimension_name(d) for d in table["dimension"]],
            t("project_budget"): table["budget_baht"],
            t("project_status"): [t("status_" + s) for s in table["status"]],
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        key="projects_table",
        height=380,
        column_config={
            t("fiscal_year"): st.column_config.TextColumn(width=70),
            t("project_name"): st.column_config.TextColumn(width=240),
            t("project_area"): st.column_config.TextColumn(width=100),
            t("project_agency"): st.column_config.TextColumn(width=160),
            t("dimension"): st.column_config.TextColumn(width=100),
            t("project_budget"): st.column_config.NumberColumn(format="localized", width=100),
            t("project_status"): st.column_config.TextColumn(width=120),
        },
    )


def village_basic_section(code: str) -> None:
    """Draw the village basic data (กชช.2ค) summary of the area's villages."""
    summary = pdata.village_basic(data.build_key(), code)
    if not summary["with_data"]:
        st.info(t("no_village_basic"))
        return
    st.subheader(t("village_basic_title", year=fiscal_year_text(int(summary["year"]))))
    st.caption(
        t("vb_villages", n=fmt_int(summary["with_data"]), total=fmt_int(summary["villages"]))
    )
    items = [(t("vb_" + c), fmt_share(summary[c], 1)) for c in VILLAGE_BOOLEANS]
    items.append((t("vb_electricity_share"), fmt_share(summary["electricity_share"], 1)))
    items.append((t("vb_village_fund_baht"), fmt_int(summary["village_fund_baht"])))
    for start in range(0, len(items), 3):
        for col, (label, value) in zip(st.columns(3), items[start : start + 3], strict=False):
            col.metric(label, value, border=True)


def otop_section(code: str) -> None:
    """Draw the OTOP products of the area (most stars first)."""
    table = pdata.otop(data.build_key(), code)
    st.subheader(t("otop_title"))
    if table.empty:
        st.info(t("no_otop"))
        return
    by_stars = table["stars"].value_counts()
    st.caption(
        t("otop_count", n=fmt_int(len(table)))
        + " · "
        + " · ".join(f"{stars_text(s)} {fmt_int(by_stars.get(s, 0))}" for s in (5, 4, 3))
    )
    place = [
        (r.village_th + " " if isinstance(r.village_th, str) else "")
        + area_label(r.subdistrict_th, r.subdistrict_en, "subdistrict")
        for r in table.itertuples()
    ]
    st.dataframe(
        pd.DataFrame(
            {
                t("name"): table["name"],
                t("otop_category"): [t("otop_" + c) for c in table["category"]],
                t("otop_stars"): [stars_text(int(s)) for s in table["stars"]],
                t("otop_place"): place,
            }
        ),
        hide_index=True,
        key="otop_table",
        height=380,
    )


#: What provinces can be ranked by at the country level: column, label key, format.
COUNTRY_RANKINGS = {
    "gpp_million_baht": ("gpp", "int"),
    "consumption_million_baht": ("consumption", "int"),
    "investment_million_baht": ("investment", "int"),
    "hai": ("hai", "ratio"),
    "staff": ("staff_total", "int"),
    "projects": ("projects_count", "int"),
    "budget_baht": ("projects_budget", "int"),
    "share_far_either": ("access_share_either", "share"),
}


def _country_value(column: str, value: float) -> str:
    kind = COUNTRY_RANKINGS[column][1]
    if pd.isna(value):
        return "–"
    return {"int": fmt_int, "ratio": fmt_ratio, "share": fmt_share}[kind](value)


def country_section(filters: data.Filters) -> None:
    """Draw the country level of the panel: national totals and the provinces ranked (issue 20).

    National figures add up the provinces in the build; the economy ranks
    all 77 provinces. The top 10 by the chosen figure are charted and listed.
    """
    st.info(t("potential_country"))
    table = pdata.province_potential(data.build_key(), filters)
    built = table[table["staff"].notna()] if "staff" in table else table.iloc[0:0]
    km_text = f"{DEFAULT_DISTANCE_KM:g}"
    cols = st.columns(4)
    cols[0].metric(t("staff_total"), fmt_int(built["staff"].sum()), border=True)
    cols[1].metric(t("projects_count"), fmt_int(built["projects"].sum()), border=True)
    cols[2].metric(t("projects_budget"), fmt_int(built["budget_baht"].sum()), border=True)
    poor = built["poor_households"].sum()
    cols[3].metric(
        t("access_far_either", km=km_text),
        fmt_int(built["far_either"].sum()),
        delta=fmt_share(built["far_either"].sum() / poor) if poor else None,
        delta_color="off",
        delta_arrow="off",
        border=True,
    )
    st.caption(t("province_ranking_caption", n=fmt_int(len(built))))
    state.keep_value("potential_rank_by", "gpp_million_baht")
    column = st.selectbox(
        t("potential_rank_by"),
        list(COUNTRY_RANKINGS),
        key="potential_rank_by",
        format_func=lambda c: t(COUNTRY_RANKINGS[c][0], km=km_text),
    )
    what = t(COUNTRY_RANKINGS[column][0], km=km_text)
    ranked = (
        table[table[column].notna()]
        .sort_values([column, "code"], ascending=[False, True])
        .head(10)
        .reset_index(drop=True)
    )
    st.subheader(t("potential_provinces_title", what=what))
    names = area_labels(ranked, "province")
    spec = horizontal_bars(
        tuple(ranked[column][::-1].astype(float).tolist()),
        tuple(names[::-1]),
        colour=SEQUENTIAL_5[3],
        height=max(200, 30 * len(ranked) + 30),
        axis=value_axis(
            what,
            whole=COUNTRY_RANKINGS[column][1] == "int",
            share=COUNTRY_RANKINGS[column][1] == "share",
        ),
        label_title=level_name("province"),
    )
    show_chart(spec, "potential_country_chart")
    st.dataframe(
        pd.DataFrame(
            {
                t("rank"): range(1, len(ranked) + 1),
                t("province"): names,
                what: [_country_value(column, v) for v in ranked[column]],
            }
        ),
        hide_index=True,
        key="potential_country_table",
    )
