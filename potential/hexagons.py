"""Households of a large area as h3 hexagons: one count per cell, no household point.

The area-potential map sends every poor household as a point (about 21 bytes
each); a province with tens of thousands of poor households then sends more
than the 1.5 MB a map view may cost (issue 13: Chiang Mai, 1,508,521
bytes). Above :data:`MAX_POINTS` households the map draws h3 cells instead
(Uber's hexagonal grid, ``h3`` 4): each cell carries only how many
households of each status it holds, never a household's coordinates. Below
that count (a district, a subdistrict, a village) the points come back.

The cells are computed from the points the query layer returned, after
:func:`access.personal.protect` masked them for the viewer: that gate stays
the only one, and a viewer without the personal-data right gets cells of
points already rounded to about 1 km.
"""

from __future__ import annotations

from collections.abc import Sequence

import h3
import numpy as np
import pandas as pd

#: Above this many points the map draws hexagons (21 bytes a point: about
#: 0.85 MB of points, leaving room for facilities and outlines in 1.5 MB).
MAX_POINTS = 40_000
#: h3 resolution of the cells: 7 is about 5.2 km² a cell (edge about 1.4 km),
#: a little coarser than the 1 km a masked coordinate is rounded to.
RESOLUTION = 7
#: Decimals of a cell's corner coordinates (about 1 m, as points).
DECIMALS = 5


def cells(lat: Sequence[float], lon: Sequence[float], resolution: int = RESOLUTION) -> np.ndarray:
    """Return the h3 cell (hexadecimal string) of each point.

    Parameters
    ----------
    lat, lon : sequence of float
        WGS 84 degrees (EPSG:4326), one per point, same length.
    resolution : int
        h3 resolution, 0-15.

    Returns
    -------
    numpy.ndarray
        Object array of cell strings, same length and order as the points.

    Raises
    ------
    ValueError
        If ``lat`` and ``lon`` differ in length.
    """
    lat_values = np.asarray(lat, dtype=float)
    lon_values = np.asarray(lon, dtype=float)
    if lat_values.shape != lon_values.shape:
        raise ValueError(f"lat has {lat_values.size} values, lon {lon_values.size}")
    to_cell = h3.latlng_to_cell
    return np.array(
        [to_cell(y, x, resolution) for y, x in zip(lat_values, lon_values, strict=True)],
        dtype=object,
    )


def counts(cell: Sequence[str], status: Sequence[str], statuses: Sequence[str]) -> pd.DataFrame:
    """Return the number of points of each status per cell.

    Parameters
    ----------
    cell : sequence of str
        The cell of each point (:func:`cells`).
    status : sequence of str
        The status of each point (e.g. ``far`` / ``near``), same length.
    statuses : sequence of str
        The statuses to count, one column each (a status not present counts 0).

    Returns
    -------
    DataFrame
        ``cell``, one integer column per status, ``households`` (their sum);
        one row per cell holding at least one point, sorted by cell.
    """
    frame = pd.DataFrame({"cell": np.asarray(cell, dtype=object), "status": status})
    table = pd.crosstab(frame["cell"], frame["status"])
    table = table.reindex(columns=list(statuses), fill_value=0).astype(int)
    table["households"] = table.sum(axis=1)
    return table.rename_axis(None, axis=1).reset_index().sort_values("cell", ignore_index=True)


def geojson(table: pd.DataFrame, properties: Sequence[dict]) -> dict:
    """Return the cells of ``table`` as a GeoJSON FeatureCollection of hexagons.

    Parameters
    ----------
    table : DataFrame
        A ``cell`` column (:func:`counts`).
    properties : sequence of dict
        The properties of each cell's feature (counts, labels, colour), same
        order as ``table``; nothing else is sent.

    Returns
    -------
    dict
        One ``Polygon`` feature per cell, corners in [lon, lat] degrees
        rounded to :data:`DECIMALS`, the ring closed.
    """
    features = []
    for cell, props in zip(table["cell"], properties, strict=True):
        corners = h3.cell_to_boundary(cell)
        ring = [[round(lng, DECIMALS), round(lat, DECIMALS)] for lat, lng in corners]
        ring.append(ring[0])
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": dict(props),
            }
        )
    return {"type": "FeatureCollection", "features": features}
