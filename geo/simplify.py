"""Simplified map shapes per level and GeoJSON for folium.

Rule (DESIGN.md, "Geometry per level"): simplify once at build time as a
coverage, so neighbours keep one shared border, in UTM 47N; round
coordinates to 5 decimals (~1 m, ~22 bytes per vertex in GeoJSON).
"""

from __future__ import annotations

import functools

import geopandas as gpd
import pyproj
import shapely

#: Simplification tolerance per level, metres (DESIGN.md: ~1 km provinces,
#: ~250 m districts, ~60-100 m subdistricts).
TOLERANCE_M = {"province": 1000, "district": 250, "subdistrict": 80}
#: Projected CRS of the simplification: UTM 47N, metres.
UTM_47N = 32647
#: Coordinate grid of the output, degrees (5 decimals).
GRID_DEG = 1e-5


def simplify_level(gdf: gpd.GeoDataFrame, tolerance_m: float) -> gpd.GeoDataFrame:
    """Simplify the polygons of one level, keeping shared borders shared.

    Uses ``GeoSeries.simplify_coverage`` (geopandas >= 1.1, shapely >= 2.1;
    Visvalingam-Whyatt on the coverage edges) in UTM 47N, then returns to
    EPSG:4326 and snaps coordinates to a 1e-5 degree grid. A polygon that
    comes out empty keeps its unsimplified geometry. Only if
    ``simplify_coverage`` is missing does it fall back to
    ``simplify(preserve_topology=True)``, which simplifies each polygon alone
    and may open slivers between neighbours.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Polygons of one level (e.g. ``load_areas()["district"]``), with a CRS.
    tolerance_m : float
        Tolerance in metres, roughly the square root of the area of the
        triangles removed; see :data:`TOLERANCE_M`.

    Returns
    -------
    geopandas.GeoDataFrame
        Copy of ``gdf`` in EPSG:4326, same rows and columns, simplified
        geometry.

    Raises
    ------
    ValueError
        If ``gdf`` has no CRS or ``tolerance_m`` is negative.
    """
    if gdf.crs is None:
        raise ValueError("simplify_level: the GeoDataFrame has no CRS")
    if tolerance_m < 0:
        raise ValueError(f"simplify_level: tolerance_m must be >= 0, got {tolerance_m}")
    projected = gdf.geometry.to_crs(UTM_47N)
    if hasattr(projected, "simplify_coverage"):
        simplified = projected.simplify_coverage(tolerance_m)
    else:  # geopandas < 1.1: borders simplified twice, may not match
        simplified = projected.simplify(tolerance_m, preserve_topology=True)
    rounded = shapely.set_precision(simplified.to_crs(4326).to_numpy(), GRID_DEG)
    original = gdf.geometry.to_crs(4326).to_numpy()
    lost = shapely.is_empty(rounded) | shapely.is_missing(rounded)
    rounded[lost] = original[lost]
    return gdf.to_crs(4326).set_geometry(gpd.GeoSeries(rounded, index=gdf.index, crs=4326))


@functools.lru_cache(maxsize=32)
def _epsg(srs: str) -> int | None:
    """Return the EPSG code of a CRS given as text, once per process.

    ``CRS.to_epsg()`` builds pyproj's per-thread CRS object first, and every
    Streamlit script run is a new thread: 20-150 ms a map (profiled, issue 13).
    """
    return pyproj.CRS.from_user_input(srs).to_epsg()


def to_geojson(gdf: gpd.GeoDataFrame, properties: list[str]) -> dict:
    """Return a GeoJSON FeatureCollection with only the given properties.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Areas, with a CRS (reprojected to EPSG:4326 if needed, as GeoJSON
        requires).
    properties : list of str
        Columns to keep as feature properties (e.g. ``["code", "name_th"]``).

    Returns
    -------
    dict
        ``{"type": "FeatureCollection", "features": [...]}`` with no ids and
        no bounding boxes; values are plain Python (``json.dumps``-able),
        missing values ``None``.

    Raises
    ------
    KeyError
        If a property is not a column of ``gdf``.
    """
    missing = [p for p in properties if p not in gdf.columns]
    if missing:
        raise KeyError(f"to_geojson: no column(s) {missing}")
    frame = gdf[[*properties, gdf.geometry.name]]
    if frame.crs is not None and _epsg(frame.crs.srs) != 4326:
        frame = frame.to_crs(4326)
    return frame.to_geo_dict(na="null", drop_id=True)
