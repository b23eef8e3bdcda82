"""Maps: folium choropleth of child areas (click drills down), pydeck household points.

Both render with no internet (DESIGN.md): Leaflet is served from the app's
``static/leaflet`` folder when ``make static`` has fetched it (the CDN is
only the fallback), no basemap tiles are requested, and our own outlines
and names give the context: area names on the choropleth, village names on
the household map (issue 20). pydeck is bundled with Streamlit.

Every map is framed on what it shows (the areas drawn, or the houses), its
legend sits under it on one line per entry, and it can be saved as a PNG
for meetings (:func:`map_download`, through the one download path).
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pydeck as pdk
import shapely
import streamlit as st
import streamlit_folium
from branca.element import MacroElement, Template
from pydeck.bindings.json_tools import default_serialize
from streamlit_folium import st_folium

from access.personal import sees_personal_data
from app_data import data
from components import auth, state
from components.downloads import Made, file_download
from components.formats import NO_DATA_COLOUR, class_colour
from components.i18n import area_labels, dimension_name, lang, t
from components.layout import area_path
from display.colours import OUTLINE_RGB, POINT_STROKE_RGB, VILLAGE_RGB, classify, spread_palette
from geo.simplify import to_geojson
from poverty.indicators import DIMENSION_CODES
from poverty.targets import COLOUR_CLASSES
from reports.fonts import ThaiFontMissingError, find_thai_font
from reports.map_image import MapCaption, choropleth_png, points_png
from settings import PROJECT_ROOT

_LEAFLET = PROJECT_ROOT / "static" / "leaflet"
if (_LEAFLET / "leaflet.js").exists():
    folium.Map.default_js = [("leaflet", "/app/static/leaflet/leaflet.js")]
    folium.Map.default_css = [("leaflet_css", "/app/static/leaflet/leaflet.css")]

#: Most area names written on a choropleth (more would cover it).
MAX_AREA_LABELS = 40
#: Household dots that answer a hover and a click at most: every dot when the
#: map holds no more, else the most deprived poor households (about 150 bytes
#: each with their tooltip; the rest go as compact points, DESIGN.md).
PICKABLE_MAX = 3_000
#: Height of the point maps, pixels, and the width assumed to frame them.
DECK_HEIGHT_PX = 520
DECK_WIDTH_PX = 900
#: Layer ids of the household map (the click tells which layer was picked).
HOUSEHOLD_LAYER = "households"
VILLAGE_LAYERS = ("villages", "village_names")


def hex_colour(rgb: tuple[int, int, int]) -> str:
    """Return an RGB colour as ``#rrggbb``."""
    return "#{:02x}{:02x}{:02x}".format(*rgb)


class _AreaNames(MacroElement):
    """Area names written on a folium map: Leaflet div markers, not interactive.

    Written straight as ``L.marker(…, {icon: L.divIcon(…)})``: folium's
    ``Marker`` first adds Leaflet's default icon, whose image the browser
    would then fetch. ``names``: (lat, lon, HTML-escaped text) per area.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        {% for lat, lon, text in this.names %}
        L.marker([{{ lat }}, {{ lon }}], {icon: L.divIcon({className: "area-name",
            html: {{ ("<div>" ~ text ~ "</div>")|tojson }}, iconSize: [0, 0]}),
            interactive: false, keyboard: false}).addTo({{ this._parent.get_name() }});
        {% endfor %}
        {% endmacro %}"""
    )

    def __init__(self, names: list[tuple[float, float, str]]):
        super().__init__()
        self._name = "AreaNames"
        self.names = names


class _SendClickAtOnce(MacroElement):
    """Send a click on an area of the GeoJSON layer it is added to at once, not 250 ms later.

    ``st_folium`` sends a map's value through a 250 ms debounce, a quarter
    of the time from a click on the drill-down map to the new map drawn
    (issue 13; measured in Chromium, README "Performance"). This
    handler runs before ``st_folium``'s own (it is bound first, as the map
    is built) and sends the value ``st_folium`` would send, in its shape
    (``{"last_active_drawing": <the area's GeoJSON feature>}``, the map's
    only returned object), through ``st_folium``'s own ``Streamlit`` object,
    and records it as the value last sent, so ``st_folium``'s debounced send
    finds nothing new and sends nothing. Without ``st_folium``'s globals, or
    with other returned objects, it does nothing and ``st_folium`` sends the
    click as before.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.on("click", function (e) {
            var shared = window.__GLOBAL_DATA__;
            if (!shared || !window.Streamlit || !e.layer || !e.layer.toGeoJSON) { return; }
            var wanted = shared.returned_objects || [];
            if (wanted.length !== 1 || wanted[0] !== "last_active_drawing") { return; }
            var value = {last_active_drawing: e.layer.toGeoJSON()};
            shared.last_active_drawing = value.last_active_drawing;
            shared.previous_data = value;
            window.Streamlit.setComponentValue(value);
        });
        {% endmacro %}"""
    )

    def __init__(self):
        super().__init__()
        self._name = "SendClickAtOnce"


#: ``st_folium``'s own component function: what :func:`choropleth` sends a drawn map through
#: (kept once on the module: a reload of this module must not wrap the stand-in below).
_FOLIUM_COMPONENT = streamlit_folium.__dict__.setdefault(
    "_tpmap_component", streamlit_folium._component_func
)
_CAPTURE = threading.local()


def _send_or_capture(**arguments):
    """Stand in for ``st_folium``'s component: send, or keep the arguments while capturing.

    While :func:`_captured_folium` runs in this thread, ``st_folium``'s
    arguments are kept instead of sent (nothing is drawn); otherwise, and in
    every other thread, they go to the component as before.
    """
    sink = getattr(_CAPTURE, "sink", None)
    if sink is None:
        return _FOLIUM_COMPONENT(**arguments)
    sink.update(arguments)
    return None


streamlit_folium._component_func = _send_or_capture


def _captured_folium(fmap: folium.Map, **options) -> dict:
    """Return the arguments ``st_folium(fmap, **options)`` sends its component, sending nothing.

    ``st_folium`` renders the folium map twice and compiles its script as a
    Jinja template (29 ms for a province's districts); the arguments, kept,
    draw the same map again with no folium work (:func:`choropleth`).
    """
    _CAPTURE.sink = sink = {}
    try:
        st_folium(fmap, **options)
    finally:
        _CAPTURE.sink = None
    if not sink:  # another streamlit-folium than 0.27: it no longer calls _component_func
        raise RuntimeError("st_folium sent no component arguments to capture")
    return sink


@dataclass(frozen=True)
class _DrawnMap:
    """A choropleth as drawn once: ``st_folium``'s arguments and its legend.

    ``component`` is None when no area has a value (nothing is drawn). Only
    text is kept (a few dozen objects an entry, its bytes mostly the map's
    script with the areas' GeoJSON: about 30 kB for a province's districts,
    300 kB for the country's provinces): Streamlit's full garbage
    collection after every script run walks whatever cached object is not
    frozen at the warm-up's end (``serve.py``), and a frame of areas is
    hundreds; the saved PNG classifies the areas again (:func:`_classified`).
    """

    component: dict | None
    legend: list


@st.cache_resource(show_spinner=False, max_entries=256)
def _drawn_map(digest: str, _draw: Callable[[], _DrawnMap]) -> _DrawnMap:
    """Return the map ``_draw`` makes, made once per ``digest`` (of everything it draws)."""
    return _draw()


def _map_digest(
    key: str,
    shapes: gpd.GeoDataFrame,
    values: pd.DataFrame,
    value_text: list[str],
    outline: dict | None,
) -> str:
    """Return a digest of everything :func:`choropleth` draws, as text.

    The widget key, the session language (the words "no data"), each
    area's code, name, label point and geometry (WKB; EPSG:4326, as every
    caller's shapes from :func:`app_data.data.geometry`), each value's code,
    label and text as shown, and the outline. Legend ranges are values of
    the data, so their text is among ``value_text``.
    """
    digest = hashlib.blake2b(digest_size=20)
    names = shapes["name"].tolist() if "name" in shapes.columns else None
    for part in (
        key,
        lang(),
        shapes["code"].tolist(),
        names,
        shapes["label_lat"].tolist(),
        shapes["label_lon"].tolist(),
        values["code"].tolist(),
        values["label"].tolist(),
        values["value"].tolist(),
        value_text,
    ):
        digest.update(repr(part).encode())
    digest.update(b"".join(wkb or b"-" for wkb in shapely.to_wkb(shapes.geometry.values)))
    digest.update(json.dumps(outline, sort_keys=True).encode())
    return digest.hexdigest()


def legend_html(title: str, items: list[tuple[str, str]], marker: str = "box") -> str:
    """Return a legend as HTML: the title, then each entry on one line that never wraps.

    Parameters
    ----------
    title : str
        What the colours mean.
    items : list of (str, str)
        Colour (``#rrggbb``) and text of each entry, in order.
    marker : {"box", "dot"}
        A square swatch (areas) or a round dot (households).
    """
    radius = "50%" if marker == "dot" else "2px"
    entries = "".join(
        "<span style='display:inline-flex;align-items:center;gap:6px;white-space:nowrap;"
        "margin:2px 14px 2px 0'>"
        f"<span style='width:14px;height:14px;background:{colour};border:1px solid #333;"
        f"border-radius:{radius};display:inline-block;flex:none'></span>"
        f"<span style='font-size:0.88em'>{html.escape(text)}</span></span>"
        for colour, text in items
    )
    return (
        "<div data-testid='map-legend' style='display:flex;flex-wrap:wrap;align-items:center'>"
        f"<span style='font-weight:600;margin-right:12px;white-space:nowrap'>"
        f"{html.escape(title)}:</span>{entries}</div>"
    )


def class_legend(bounds: list[float], lower: float, value_format, colours: list[str]) -> list:
    """Return the legend entries of Fisher-Jenks classes: ``[(colour, "a – b"), …]``."""
    items = []
    for colour, upper in zip(colours, bounds, strict=True):
        span = (
            value_format(upper)
            if lower == upper
            else f"{value_format(lower)} – {value_format(upper)}"
        )
        items.append((colour, span))
        lower = upper
    return items


def map_download(
    key: str, code: str | None, level: str, personal_data: bool, make, *, what: str = "map"
) -> None:
    """Offer a map (or chart) as a PNG through the one download path (export right, one audit row).

    Parameters
    ----------
    key : str
        Widget key prefix, unique on the page.
    code : str or None
        The area shown (None: every area in the build).
    level : str
        What the rows of the map are (``area`` for a choropleth, ``household`` for dots).
    personal_data : bool
        Whether the image holds personal data (exact house locations).
    make : callable
        Returns the PNG bytes; called only when the user asks.
    what : {"map", "chart"}
        What the image is: the audit row's ``what``, the file name's start
        and the button's words.
    """
    try:
        find_thai_font()
    except ThaiFontMissingError:
        st.caption(t("map_save_no_font"))
        return
    filters = state.current_filters()
    file_download(
        auth.current_user(),
        key=key,
        what=what,
        area_code=code,
        filters={
            "k": filters.k,
            "dimensions": list(filters.dimensions or ()),
            "welfare_card": filters.welfare_card,
            "lang": lang(),
        },
        level=level,
        fmt="png",
        file_name=f"{what}_{code or 'TH'}_{level}.png",
        personal_data=personal_data,
        make=lambda: Made(make(), 1),
        make_label=t(f"{what}_save"),
    )


def caption_for(title: str, code: str | None, legend_title: str, legend: list) -> MapCaption:
    """Return the words of a saved map: title, legend, area path, language, synthetic note."""
    synthetic = data.meta(data.build_key()).get("synthetic") == "true"
    return MapCaption(title, area_path(code), legend_title, legend, lang(), synthetic)


def choropleth(
    shapes: gpd.GeoDataFrame,
    values: pd.DataFrame,
    value_format,
    key: str,
    outline: dict | None = None,
    *,
    title: str = "",
    legend_title: str = "",
    code: str | None = None,
) -> str | None:
    """Draw areas coloured by a measure, their names and legend; return the code of a clicked area.

    Parameters
    ----------
    shapes : GeoDataFrame
        Areas to draw with ``code`` and geometry (EPSG:4326), optionally
        ``name``. Areas without a row in ``values`` are drawn grey as "no
        data", named by ``name`` in their tooltip (the provinces outside the
        build on the country map), and ``label_lat``/``label_lon``, where
        each area's name is written (as :func:`app_data.data.geometry`,
        where every caller takes its shapes, computes them once).
    values : DataFrame
        ``code``, ``label`` (area name shown) and ``value`` (the measure).
    value_format : callable
        Formats a value for the tooltip and legend.
    key : str
        Widget key; include the area code so each map starts fresh.
    outline : dict, optional
        GeoJSON of the selected area, drawn as a thick outline.
    title, legend_title : str
        The map's title and what its colours mean (for the legend and the saved PNG).
    code : str, optional
        The area shown (the saved PNG names it; None: every area).

    Returns
    -------
    str or None
        The code of the last area clicked on this map (areas with data only).
    """
    value_text = [t("no_data_short") if pd.isna(v) else value_format(v) for v in values["value"]]
    digest = _map_digest(key, shapes, values, value_text, outline)
    drawn = _drawn_map(
        digest,
        lambda: _draw_choropleth(
            shapes, values.assign(value_text=value_text), value_format, key, outline
        ),
    )
    if drawn.component is None:
        return None
    legend = drawn.legend
    # A fresh copy of the default value: the component may hand it back as the map's value.
    result = _FOLIUM_COMPONENT(**(drawn.component | {"default": dict(drawn.component["default"])}))
    st.markdown(legend_html(legend_title or t("legend"), legend), unsafe_allow_html=True)
    st.caption(t("map_click_hint"))

    def make() -> bytes:
        joined, missing, _legend = _classified(
            shapes, values.assign(value_text=value_text), value_format
        )
        shape_frame = joined.assign(label=np.where(missing, "", joined["label"]))
        frame = gpd.GeoDataFrame.from_features(outline["features"], crs=4326) if outline else None
        caption = caption_for(title or legend_title, code, legend_title or t("legend"), legend)
        return choropleth_png(shape_frame, caption, frame)

    map_download(f"png_{key}", code, "area", False, make)
    clicked = _clicked_code(result)
    return clicked if clicked in set(values["code"]) else None


def _draw_choropleth(
    shapes: gpd.GeoDataFrame, values: pd.DataFrame, value_format, key: str, outline: dict | None
) -> _DrawnMap:
    """Build :func:`choropleth`'s folium map and return it as drawn (see :class:`_DrawnMap`).

    ``values`` has ``value_text`` (each value as shown) besides ``code``,
    ``label`` and ``value``; the other arguments are :func:`choropleth`'s.
    """
    classified = _classified(shapes, values, value_format)
    if classified is None:
        return _DrawnMap(None, [])
    joined, missing, legend = classified
    minx, miny, maxx, maxy = joined.total_bounds
    fmap = folium.Map(tiles=None, control_scale=True, zoom_control=True, zoom_snap=0.25)
    fmap.fit_bounds([[miny, minx], [maxy, maxx]], padding=(8, 8))
    # White behind the areas (Leaflet's default grey would swallow the no-data grey);
    # area names as plain text with a white halo, not in tooltip boxes.
    fmap.get_root().header.add_child(
        folium.Element(
            "<style>.leaflet-container{background:#ffffff}"
            ".area-name div{transform:translate(-50%,-50%);white-space:nowrap;"
            "pointer-events:none;font-size:11px;color:#111;"
            "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff}</style>"
        )
    )
    if outline:
        folium.GeoJson(
            outline,
            style_function=lambda _f: {
                "color": hex_colour(OUTLINE_RGB),
                "weight": 3,
                "fillOpacity": 0,
            },
            # Not a click target: a click on its rim would send the selected
            # area's own GeoJSON back and cost a rerun that opens nothing.
            interactive=False,
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
    ).add_child(_SendClickAtOnce()).add_to(fmap)
    named = joined[~missing & (joined["label"] != "")]
    if 0 < len(named) <= MAX_AREA_LABELS:
        names = _AreaNames(
            [
                (lat, lon, html.escape(text))
                for lat, lon, text in zip(
                    named["label_lat"].tolist(),
                    named["label_lon"].tolist(),
                    named["label"],
                    strict=True,
                )
            ]
        )
        fmap.add_child(names)
    component = _captured_folium(
        fmap,
        key=key,
        height=540,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
    )
    return _DrawnMap(component, legend)


def _classified(
    shapes: gpd.GeoDataFrame, values: pd.DataFrame, value_format
) -> tuple[gpd.GeoDataFrame, pd.Series, list] | None:
    """Return the areas joined to their values and coloured, which lack a value, and the legend.

    ``values`` as :func:`_draw_choropleth` takes them. The areas get
    ``fill`` (Fisher-Jenks class colour, grey without a value), ``label``
    and ``value_text``; None when no area has a value.
    """
    kept = ["code", "geometry", "label_lat", "label_lon"]
    kept += ["name"] if "name" in shapes.columns else []
    joined = shapes[kept].merge(values, on="code", how="left")
    if joined["value"].notna().sum() == 0:
        return None
    missing = joined["value"].isna()
    classes, bounds = classify(joined["value"])
    colours = spread_palette(len(bounds))
    joined["fill"] = [colours[c] if c >= 0 else NO_DATA_COLOUR for c in classes]
    joined["label"] = joined["label"].fillna(joined["name"] if "name" in joined else "").fillna("")
    joined["value_text"] = joined["value_text"].fillna(t("no_data_short"))
    legend = class_legend(bounds, float(joined["value"].min()), value_format, colours)
    if missing.any():
        legend.append((NO_DATA_COLOUR, t("no_data_short")))
    return joined, missing, legend


def _clicked_code(result: dict | None) -> str | None:
    """Return ``properties.code`` of the last area clicked in ``st_folium``'s value, or None."""
    drawing = (result or {}).get("last_active_drawing") or {}
    return (drawing.get("properties") or {}).get("code")


def sent_click(key: str) -> str | None:
    """Return the area code the choropleth with widget ``key`` sent last, before it is drawn.

    ``st_folium`` copies the map's value into ``st.session_state[key]`` when
    the browser sends one (a click, or the state of its first drawing), at
    the start of the rerun the value causes, so a click can be followed
    without building the map first (issue 13: the click's own rerun built the
    whole folium map only to learn where to go). The value stays in session
    state after the map is gone: :func:`forget_click` removes it when the
    click is followed.
    """
    return _clicked_code(st.session_state.get(key))


def forget_click(key: str) -> None:
    """Remove the last value the choropleth with widget ``key`` sent (see :func:`sent_click`)."""
    st.session_state.pop(key, None)


def click_map(
    outline: dict | None,
    key: str,
    height: int = 320,
    *,
    point: tuple[float, float] | None = None,
    code: str | None = None,
    title: str = "",
) -> dict | None:
    """Draw a map of an area's outline (Thailand without one); return the last click.

    Centre and zoom come from the outline's bounds rather than Leaflet's
    fitBounds, which fits to nothing while the map has no size yet.

    Parameters
    ----------
    outline : dict, optional
        GeoJSON of the area (EPSG:4326).
    key : str
        Widget key.
    height : int
        Map height, pixels.
    point : (float, float), optional
        ``(lat, lon)`` of the place chosen so far, drawn as a dot (a house:
        the saved PNG counts as personal data).
    code : str, optional
        The area shown (named on the saved PNG).
    title : str
        Title of the saved PNG; with it (and an outline or a point) the map
        can be saved as a PNG through the one download path.

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
    chosen = hex_colour(class_colour("red"))
    if point is not None:
        # A vector circle: folium's Marker would fetch Leaflet's icon image.
        folium.CircleMarker(
            list(point), radius=7, color="#222222", weight=2, fill=True, fill_color=chosen,
            fill_opacity=1,
        ).add_to(fmap)  # fmt: skip
    result = st_folium(
        fmap,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=["last_clicked"],
    )
    if title and (outline or point is not None):
        legend = [(chosen, t("map_chosen_place"))]

        def make() -> bytes:
            fills = pd.DataFrame(
                {"lat": [point[0]], "lon": [point[1]], "fill": [chosen]}
                if point is not None
                else {"lat": [], "lon": [], "fill": []}
            )
            frame = (
                gpd.GeoDataFrame.from_features(outline["features"], crs=4326) if outline else None
            )
            caption = caption_for(title, code, t("legend"), legend)
            return points_png(fills, caption, frame, pad=None if outline else 0.02)

        map_download(f"png_{key}", code, "household", point is not None, make)
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


def household_tips(frame: pd.DataFrame) -> list[str]:
    """Return each household's tooltip: ID (a pseudonym for masked roles), head, dimensions failed.

    ``frame`` comes masked from the query layer (:mod:`access.personal`):
    ``household_id`` and, when present, ``head_name`` and
    ``failed_<dimension>`` (else ``dimensions_failed``, a count); lines
    whose column the frame lacks are left out. One string per row, in order,
    lines joined by newlines. Built column-wise: a subdistrict has thousands
    of households and this runs on every view of its map.
    """
    # Missing values written as "—": pandas keeps them missing through astype(str), and one
    # missing part would make the whole tooltip NaN (a household without persons has no head).
    tips = f"{t('household_id')}: " + frame["household_id"].fillna("—").astype(str)
    if "head_name" in frame.columns:
        tips = tips + f"\n{t('head_name')}: " + frame["head_name"].fillna("—").astype(str)
    if f"failed_{DIMENSION_CODES[0]}" in frame.columns:
        # Each row's set of failed dimensions as a bit mask, named through a lookup table.
        names = [dimension_name(d) for d in DIMENSION_CODES]
        lookup = np.asarray(
            [
                ", ".join(n for bit, n in enumerate(names) if mask >> bit & 1) or "—"
                for mask in range(2 ** len(names))
            ],
            dtype=object,
        )
        masks = np.zeros(len(frame), dtype=int)
        for bit, d in enumerate(DIMENSION_CODES):
            masks |= frame[f"failed_{d}"].to_numpy(dtype=bool).astype(int) << bit
        tips = tips + f"\n{t('failed_dimensions')}: " + lookup[masks]
    else:
        counts = frame["dimensions_failed"].astype(int).astype(str)
        tips = tips + f"\n{t('dimensions_failed')}: " + counts
    return list(tips)


def view_of(lon: pd.Series, lat: pd.Series, width_px: int = DECK_WIDTH_PX) -> pdk.ViewState:
    """Return the view fitting points (EPSG:4326) in ``width_px`` × :data:`DECK_HEIGHT_PX` pixels.

    Web Mercator as deck.gl draws it (a 512-pixel world at zoom 0): at zoom z
    a degree of longitude spans ``512 · 2^z / 360`` pixels, a degree of
    latitude that divided by cos(latitude). A margin of 0.2 zoom levels
    (about 13 %) is kept; a single point gets zoom 16.
    """
    west, east, south, north = lon.min(), lon.max(), lat.min(), lat.max()
    middle = (south + north) / 2
    span_x = max(east - west, 1e-4)
    span_y = max(north - south, 1e-4) / math.cos(math.radians(middle))
    zoom = min(
        math.log2(width_px * 360 / (512 * span_x)), math.log2(DECK_HEIGHT_PX * 360 / (512 * span_y))
    )
    return pdk.ViewState(
        latitude=float(middle),
        longitude=float((west + east) / 2),
        zoom=float(np.clip(zoom - 0.2, 5, 16)),
    )


def village_names_layer(
    villages: pd.DataFrame, *, layer_id: str = VILLAGE_LAYERS[1], pickable: bool = False
) -> pdk.Layer:
    """Return village names written on a point map (our own place names, issue 20).

    Parameters
    ----------
    villages : DataFrame
        ``lon``, ``lat`` (EPSG:4326) and ``name`` (as shown), one row per
        village; ``code`` and ``tip`` too when ``pickable``.
    layer_id : str
        The layer's id (a click reports it).
    pickable : bool
        Whether the names answer hover and click (the subdistrict map).
    """
    records = [
        {"p": [round(r.lon, 5), round(r.lat, 5)], "n": r.name}
        | ({"v": r.code, "t": r.tip} if pickable else {})
        for r in villages.itertuples()
    ]
    return pdk.Layer(
        "TextLayer",
        records,
        id=layer_id,
        get_position="p",
        get_text="n",
        get_size=13,
        get_color=[0, 60, 100],
        get_pixel_offset=[0, -20],
        # The letters of these names, Thai included. pydeck reads a bare string as a
        # JavaScript expression: literal text goes in pdk.types.String.
        character_set=pdk.types.String("".join(sorted(set("".join(villages["name"]))))),
        font_family=pdk.types.String("'Noto Sans Thai', 'Noto Sans', sans-serif"),
        background=True,
        get_background_color=[255, 255, 255, 210],
        background_padding=[3, 1],
        # Room around each glyph of the font atlas: Thai marks above and below,
        # and brackets, are cut off with the default (4 px at 64 px).
        font_settings={"fontSize": 64, "buffer": 10},
        pickable=pickable,
    )


def _village_layers(villages: pd.DataFrame) -> tuple[pdk.Layer, pdk.Layer]:
    """Return the village rings and their names (both pickable: a click opens the village)."""
    records = [
        {"p": [round(r.lon, 5), round(r.lat, 5)], "v": r.code, "n": r.name, "t": r.tip}
        for r in villages.itertuples()
    ]
    return (
        pdk.Layer(
            "ScatterplotLayer",
            records,
            id=VILLAGE_LAYERS[0],
            get_position="p",
            get_radius=140,
            radius_min_pixels=9,
            radius_max_pixels=40,
            filled=True,
            get_fill_color=[*VILLAGE_RGB, 40],
            stroked=True,
            get_line_color=[*VILLAGE_RGB, 230],
            line_width_min_pixels=2,
            pickable=True,
        ),
        village_names_layer(villages, pickable=True),
    )


def household_map(
    points: pd.DataFrame,
    outline: dict | None,
    key: str,
    *,
    villages: pd.DataFrame | None = None,
    code: str | None = None,
) -> dict | None:
    """Draw households as dots coloured by dimensions failed (seed 002); return what was clicked.

    Parameters
    ----------
    points : DataFrame
        ``household_id``, ``lon``, ``lat``, ``dimensions_failed`` (0-5), and
        when present ``head_name`` and ``failed_<dimension>`` for the tooltip;
        masked for the user by the query layer (pseudonym, initials, coordinates
        rounded to about 1 km for roles without the personal-data right).
    outline : dict, optional
        GeoJSON of the area, drawn as its outline.
    key : str
        Widget key (the click is kept under it).
    villages : DataFrame, optional
        ``code``, ``name_th``, ``name_en``, ``lon``, ``lat``: villages drawn as
        named rings that can be clicked (the subdistrict map).
    code : str, optional
        The area shown (named on the saved PNG).

    Returns
    -------
    dict or None
        ``{"household": id}`` after a click on a dot (the ID as the user sees
        it), ``{"village": code}`` after a click on a village, else None.

    Notes
    -----
    The map is framed on the houses (a village's fill the map), else on
    the outline. Up to :data:`PICKABLE_MAX` dots answer hover and click,
    the most deprived first; non-poor households are small grey dots, drawn
    first, the most deprived last (on top).
    """
    points = points.sort_values("dimensions_failed", kind="stable")
    classes = np.asarray(COLOUR_CLASSES, dtype=object)[
        points["dimensions_failed"].to_numpy(dtype=int)
    ]
    if len(points) <= PICKABLE_MAX:
        pickable = np.ones(len(points), dtype=bool)
    else:
        ranks = np.arange(len(points))[::-1]  # sorted ascending: the last are the most deprived
        pickable = (ranks < PICKABLE_MAX) & (classes != "none")
    layers = outline_layer(outline)
    if villages is not None and not villages.empty:
        villages = villages.assign(name=area_labels(villages, "village", False))
        villages["tip"] = [f"{n}\n{t('map_village_click')}" for n in villages["name"]]
        rings, names = _village_layers(villages)
        layers.append(rings)  # under the houses; the names go on top of them
    for colour in dict.fromkeys(COLOUR_CLASSES):  # none, green, yellow, red: bottom to top
        radius, min_px, max_px = (12, 2.0, 4.0) if colour == "none" else (30, 3.5, 7.0)
        chosen = classes == colour
        layers.append(
            point_layer(points[chosen & ~pickable], class_colour(colour), radius, min_px, max_px)
        )
        picked = points[chosen & pickable]
        if picked.empty:
            continue
        records = [
            {"p": [round(lon, 5), round(lat, 5)], "i": household, "t": tip}
            for lon, lat, household, tip in zip(
                picked["lon"].tolist(),
                picked["lat"].tolist(),
                picked["household_id"].tolist(),
                household_tips(picked),
                strict=True,
            )
        ]
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                records,
                id=f"{HOUSEHOLD_LAYER}_{colour}",
                get_position="p",
                get_fill_color=list(class_colour(colour)),
                get_radius=radius,
                radius_min_pixels=min_px,
                radius_max_pixels=max_px,
                stroked=True,
                get_line_color=list(POINT_STROKE_RGB),
                line_width_min_pixels=0.6,
                pickable=True,
                auto_highlight=True,
            )
        )
    if villages is not None and not villages.empty:
        layers.append(names)
    if not points.empty:
        view = view_of(points["lon"], points["lat"])
    elif outline:
        box = gpd.GeoDataFrame.from_features(outline["features"]).total_bounds
        view = view_of(pd.Series([box[0], box[2]]), pd.Series([box[1], box[3]]))
    else:
        view = pdk.ViewState(latitude=13.0, longitude=101.0, zoom=5)
    event = st.pydeck_chart(
        # map_provider=None and no map_style: pydeck then sends its "__MAP_STYLE__"
        # sentinel and Streamlit draws no basemap; map_style=None would make Streamlit
        # load a basemap style from basemaps.cartocdn.com (a third-party host).
        CompactDeck(
            layers=layers,
            initial_view_state=view,
            map_provider=None,
            tooltip={"text": "{t}", "style": {"fontSize": "13px", "whiteSpace": "pre"}},
        ),
        key=key,
        height=DECK_HEIGHT_PX,
        on_select="rerun",
        selection_mode="single-object",
    )
    legend = [
        (hex_colour(class_colour(c)), t("class_" + c)) for c in ("none", "green", "yellow", "red")
    ]
    shown = legend + ([(hex_colour(VILLAGE_RGB), t("map_village"))] if villages is not None else [])
    st.markdown(legend_html(t("dimensions_failed"), shown, "dot"), unsafe_allow_html=True)
    st.caption(t("map_points_hint") if villages is None else t("map_points_villages_hint"))

    def make() -> bytes:
        fills = pd.DataFrame(
            {
                "lon": points["lon"],
                "lat": points["lat"],
                "fill": [hex_colour(class_colour(c)) for c in classes],
            }
        )
        frame = gpd.GeoDataFrame.from_features(outline["features"], crs=4326) if outline else None
        names = None
        if villages is not None and not villages.empty:
            names = villages[["lon", "lat"]].assign(label=villages["name"])
        caption = caption_for(t("household_map"), code, t("dimensions_failed"), legend)
        return points_png(fills, caption, frame, names)

    map_download(f"png_{key}", code, "household", sees_personal_data(auth.current_user()), make)
    objects = ((event or {}).get("selection") or {}).get("objects") or {}
    for layer, picked in objects.items():
        if not picked:
            continue
        if layer.startswith(HOUSEHOLD_LAYER):
            return {"household": str(picked[0]["i"])}
        if layer in VILLAGE_LAYERS:
            return {"village": str(picked[0]["v"])}
    return None
