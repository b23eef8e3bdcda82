"""Geography: administrative areas, villages and simplified map shapes.

Reads the raw boundary and village files in place (``settings.geo_dir()``)
and never imports Streamlit (DESIGN.md).
"""

from geo.boundaries import GeoDataMissingError, check_names, load_areas, official_names
from geo.simplify import TOLERANCE_M, simplify_level, to_geojson
from geo.villages import load_villages

__all__ = [
    "TOLERANCE_M",
    "GeoDataMissingError",
    "check_names",
    "load_areas",
    "load_villages",
    "official_names",
    "simplify_level",
    "to_geojson",
]
