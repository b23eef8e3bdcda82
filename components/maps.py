"""Maps: folium choropleth of child areas (click drills down), pydeck household points.

Both render with no internet (DESIGN.md): Leaflet is served from the app's
``static/leaflet`` folder when ``make static`` has fetched it (the CDN is
only the fallback), no basemap tiles are requested, and our own outlines
give the context. pydeck is bundled with Streamlit.
"""

from __future__ import annotations

import json
import math

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pydeck as pdk
import streamlit as st
from pydeck.bindings.json_tools import default_serialize
from streamlit_folium import st_folium

from components.formats import NO_DATA_COLOUR, class_colour
from components.i18n import t
from display.colours import classify, spread_palette
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


def click_map(outline: dict | None, key: str, height: int = 320) -> dict | None:
    """Draw a map of an area's outline (Thailand without one); return the last click.

    Centre and zoom come from the outline's bounds rather than Leaflet's
    fitBounds, which fits to nothing while the map has no size yet.

    Returns
    -------
    dict or None
        ``{"lat": …, "lng": …}`` in WGS 84 degrees of the last click, or None.
    """
    (south, west), (north, east) = (
        folium.GeoJson(outline).get_bounds() if outline else [[5.6, 97.3], [20.5, 105.7]]
    )
    extent = max(east - west, north - south, 1e-3)
    zoom = int(min(max(math.floor(math.log2(360 / extent)), 5), 15))
    fmap = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
    )
    if outline:
        folium.GeoJson(
            outline, style_function=lambda _f: {"color": "#333", "weight": 2, "fillOpacity": 0.05}
        ).add_to(fmap)
    result = st_folium(fmap, key=key, height=height, returned_objects=["last_clicked"])
    return (result or {}).get("last_clicked")


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


class CompactDeck(pdk.Deck):
    """A pydeck ``Deck`` sent as compact JSON.

    ``st.pydeck_chart`` sends ``Deck.to_json()``, which pydeck indents by 2
    spaces (about twice the bytes of compact JSON for a point layer) and
    writes Thai letters as 6-byte escapes (3 bytes each in UTF-8).
    """

    def to_json(self) -> str:
        """Return the deck as JSON without indentation, Thai as UTF-8 (keys sorted, as pydeck)."""
        return json.dumps(
            self,
            sort_keys=True,
            default=default_serialize,
            separators=(",", ":"),
            ensure_ascii=False,
        )


def point_records(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``lon`` and ``lat`` only, rounded to 5 decimals (about 1 m, DESIGN.md)."""
    return frame[["lon", "lat"]].round(5)


def point_layer(
    frame: pd.DataFrame,
    colour: tuple[int, int, int],
    radius_m: float,
    min_pixels: float,
    max_pixels: float = 8,
) -> pdk.Layer:
    """Return points of one colour as one GeoJSON MultiPoint, about 21 bytes a point.

    Parameters
    ----------
    frame : DataFrame
        ``lon``, ``lat`` (EPSG:4326), one row per point; rounded to 5
        decimals (about 1 m, DESIGN.md).
    colour : tuple of int
        RGB fill colour.
    radius_m : float
        Radius in metres, kept between ``min_pixels`` and ``max_pixels``.

    Returns
    -------
    pydeck.Layer
        A ``GeoJsonLayer``, not pickable. Each point is sent as
        ``[lon,lat]``; a ``ScatterplotLayer`` of records would send
        ``{"lat":…,"lon":…}``, and pydeck's own JSON indents each record.
    """
    coordinates = point_records(frame).to_numpy().tolist()
    features = (
        [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "MultiPoint", "coordinates": coordinates},
            }
        ]
        if coordinates
        else []
    )
    return pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": features},
        filled=True,
        stroked=False,
        get_fill_color=list(colour),
        get_point_radius=radius_m,
        point_radius_min_pixels=min_pixels,
        point_radius_max_pixels=max_pixels,
        pickable=False,
    )


def household_map(points: pd.DataFrame, outline: dict | None, key: str) -> None:
    """Draw households as points coloured green/yellow/red by dimensions failed (seed 002).

    ``points``: lon, lat, dimensions_failed (0-5). Households not MPI-poor
    are small grey dots. One layer per colour (:func:`point_layer`), the
    most deprived drawn last (on top).
    """
    classes = np.asarray(COLOUR_CLASSES, dtype=object)[
        points["dimensions_failed"].to_numpy(dtype=int)
    ]
    layers = outline_layer(outline)
    for colour in dict.fromkeys(COLOUR_CLASSES):  # none, green, yellow, red: bottom to top
        radius = 15 if colour == "none" else 40
        layers.append(point_layer(points[classes == colour], class_colour(colour), radius, 1.5))
    bounds = (
        gpd.GeoDataFrame.from_features(outline["features"]).total_bounds
        if outline
        else (points["lon"].min(), points["lat"].min(), points["lon"].max(), points["lat"].max())
    )
    span = max(bounds[2] - bounds[0], bounds[3] - bounds[1], 0.01)
    zoom = float(np.clip(np.log2(360 / span) - 0.6, 6, 16))
    view = pdk.ViewState(
        latitude=float((bounds[1] + bounds[3]) / 2),
        longitude=float((bounds[0] + bounds[2]) / 2),
        zoom=zoom,
    )
    st.pydeck_chart(
        # map_provider=None and no map_style: pydeck then sends its "__MAP_STYLE__"
        # sentinel and Streamlit draws no basemap; map_style=None would make Streamlit
        # load a basemap style from basemaps.cartocdn.com (a third-party host).
        CompactDeck(layers=layers, initial_view_state=view, map_provider=None),
        key=key,
        height=520,
    )
    legend = " ".join(
        f"<span style='color:rgb{class_colour(c)}'>●</span> {t('class_' + c)}"
        for c in ("none", "green", "yellow", "red")
    )
    st.markdown(legend, unsafe_allow_html=True)
