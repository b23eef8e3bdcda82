"""Maps: folium choropleth of child areas (click drills down), pydeck household points.

Both render with no internet (DESIGN.md): Leaflet is served from the app's
``static/leaflet`` folder when ``make static`` has fetched it (the CDN is
only the fallback), no basemap tiles are requested, and our own outlines
give the context. pydeck is bundled with Streamlit.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pydeck as pdk
import streamlit as st
from streamlit_folium import st_folium

from components.formats import NO_DATA_COLOUR, class_colour
from components.i18n import t
from components.style import classify, spread_palette
from geo.simplify import to_geojson
from poverty.targets import COLOUR_CLASSES
from settings import PROJECT_ROOT

_LEAFLET = PROJECT_ROOT / "static" / "leaflet"
if (_LEAFLET / "leaflet.js").exists():
    folium.Map.default_js = [("leaflet", "/app/static/leaflet/leaflet.js")]
    folium.Map.default_css = [("leaflet_css", "/app/static/leaflet/leaflet.css")]


def choropleth(
    shapes: gpd.GeoDataFrame,
    values: pd.DataFrame,
    value_format,
    key: str,
    outline: dict | None = None,
) -> str | None:
    """Draw child areas coloured by a measure; return the code of a clicked area.

    Parameters
    ----------
    shapes : GeoDataFrame
        Child areas with ``code`` and geometry (EPSG:4326).
    values : DataFrame
        ``code``, ``label`` (area name shown) and ``value`` (the measure).
    value_format : callable
        Formats a value for the tooltip and legend.
    key : str
        Widget key; include the area code so each map starts fresh.
    outline : dict, optional
        GeoJSON of the selected area, drawn as a thick outline.

    Returns
    -------
    str or None
        The code of the last area clicked on this map.
    """
    joined = shapes[["code", "geometry"]].merge(values, on="code", how="inner")
    if joined.empty:
        return None
    classes, bounds = classify(joined["value"])
    colours = spread_palette(len(bounds))
    joined["fill"] = [colours[c] if c >= 0 else NO_DATA_COLOUR for c in classes]
    joined["value_text"] = [value_format(v) for v in joined["value"]]
    fmap = folium.Map(tiles=None, control_scale=True, zoom_control=True)
    minx, miny, maxx, maxy = joined.total_bounds
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    if outline:
        folium.GeoJson(
            outline, style_function=lambda _f: {"color": "#333333", "weight": 3, "fillOpacity": 0}
        ).add_to(fmap)
    folium.GeoJson(
        to_geojson(joined, ["code", "label", "value_text", "fill"]),
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "color": "#555555",
            "weight": 0.8,
            "fillOpacity": 0.85,
        },
        highlight_function=lambda _f: {"weight": 3, "color": "#08306b"},
        tooltip=folium.GeoJsonTooltip(["label", "value_text"], aliases=["", ""], labels=False),
    ).add_to(fmap)
    left, right = st.columns([5, 1])
    with left:
        result = st_folium(
            fmap,
            key=key,
            height=540,
            use_container_width=True,
            returned_objects=["last_active_drawing"],
        )
    with right:
        st.markdown(f"**{t('legend')}**")
        lower = float(joined["value"].min())
        for colour, upper in zip(colours, bounds, strict=True):
            span = (
                value_format(upper)
                if lower == upper
                else f"{value_format(lower)} – {value_format(upper)}"
            )
            st.markdown(
                f"<div style='display:flex;align-items:center;gap:6px;margin:2px 0'>"
                f"<span style='width:18px;height:14px;background:{colour};border:1px solid #777;"
                f"display:inline-block'></span><span style='font-size:0.85em'>"
                f"{span}</span></div>",
                unsafe_allow_html=True,
            )
            lower = upper
        st.caption(t("map_click_hint"))
    drawing = (result or {}).get("last_active_drawing") or {}
    return (drawing.get("properties") or {}).get("code")


def outline_layer(outline: dict | None) -> list[pdk.Layer]:
    """Return a pydeck layer drawing an area's outline (GeoJSON), or no layer."""
    if not outline:
        return []
    return [
        pdk.Layer(
            "GeoJsonLayer",
            outline,
            stroked=True,
            filled=False,
            get_line_color=[40, 40, 40],
            line_width_min_pixels=2,
        )
    ]


def household_map(points: pd.DataFrame, outline: dict | None, key: str) -> None:
    """Draw households as points coloured green/yellow/red by dimensions failed (seed 002).

    ``points``: lon, lat, dimensions_failed (0-5). Households not MPI-poor
    are small grey dots.
    """
    frame = points[["lon", "lat", "dimensions_failed"]].copy()
    cls = np.asarray(COLOUR_CLASSES, dtype=object)[frame["dimensions_failed"].to_numpy(dtype=int)]
    rgb = np.array([class_colour(c) for c in cls]).reshape(-1, 3)
    frame["r"], frame["g"], frame["b"] = rgb[:, 0], rgb[:, 1], rgb[:, 2]
    frame["radius"] = np.where(frame["dimensions_failed"] > 0, 40, 15)
    frame = frame.sort_values("dimensions_failed")  # poor on top
    layers = outline_layer(outline)
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            frame,
            get_position=["lon", "lat"],
            get_fill_color=["r", "g", "b"],
            get_radius="radius",
            radius_min_pixels=1.5,
            radius_max_pixels=8,
            pickable=False,
        )
    )
    bounds = (
        gpd.GeoDataFrame.from_features(outline["features"]).total_bounds
        if outline
        else (frame["lon"].min(), frame["lat"].min(), frame["lon"].max(), frame["lat"].max())
    )
    span = max(bounds[2] - bounds[0], bounds[3] - bounds[1], 0.01)
    zoom = float(np.clip(np.log2(360 / span) - 0.6, 6, 16))
    view = pdk.ViewState(
        latitude=float((bounds[1] + bounds[3]) / 2),
        longitude=float((bounds[0] + bounds[2]) / 2),
        zoom=zoom,
    )
    st.pydeck_chart(
        pdk.Deck(layers=layers, initial_view_state=view, map_provider=None, map_style=None),
        key=key,
        height=520,
    )
    legend = " ".join(
        f"<span style='color:rgb{class_colour(c)}'>●</span> {t('class_' + c)}"
        for c in ("none", "green", "yellow", "red")
    )
    st.markdown(legend, unsafe_allow_html=True)
