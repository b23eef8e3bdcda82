"""Snap a location (entered coordinates or a click on the map) to its village.

Rule: the point's subdistrict is the build's subdistrict polygon containing
it (GeoPandas spatial join); its village is the nearest village point of that
subdistrict (distance in degrees is enough to rank points a few km apart).
Villages are those of the build (``villages.parquet``, real 2012 points plus
generated community points, geo/villages.py).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

import settings


@lru_cache(maxsize=2)
def _layers(build_dir: str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    folder = Path(build_dir)
    subdistricts = gpd.read_parquet(folder / "subdistricts.parquet", columns=["code", "geometry"])
    villages = gpd.read_parquet(
        folder / "villages.parquet", columns=["village_code", "subdistrict_code", "geometry"]
    )
    return subdistricts, villages


def snap_to_villages(
    lats: np.ndarray, lons: np.ndarray, build_dir: Path | None = None
) -> list[str | None]:
    """Return the village code of each point, ``None`` where no subdistrict contains it.

    Parameters
    ----------
    lats, lons : array of float, shape (n,)
        WGS 84 degrees.
    build_dir : Path, optional
        Build folder (default ``settings.build_dir()``).
    """
    subdistricts, villages = _layers(str(build_dir or settings.build_dir()))
    points = gpd.GeoDataFrame(
        {"i": np.arange(len(lats))},
        geometry=gpd.points_from_xy(np.asarray(lons, float), np.asarray(lats, float)),
        crs="EPSG:4326",
    )
    joined = gpd.sjoin(points, subdistricts.to_crs(points.crs), predicate="within", how="left")
    joined = joined.drop_duplicates("i").set_index("i")
    out: list[str | None] = [None] * len(points)
    by_subdistrict = villages.groupby("subdistrict_code")
    for i, code in joined["code"].items():
        if pd.isna(code) or code not in by_subdistrict.groups:
            continue
        candidates = by_subdistrict.get_group(code)
        point = points.geometry.iloc[i]
        distance = (candidates.geometry.x - point.x) ** 2 + (candidates.geometry.y - point.y) ** 2
        out[i] = candidates["village_code"].iloc[int(np.argmin(distance.to_numpy()))]
    return out
