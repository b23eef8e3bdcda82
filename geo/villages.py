"""Villages (หมู่บ้าน) placed in the 2022 subdistricts, with app village codes.

Source: ``TH_VILLAGE2012.zip`` (national village points, 2012; 65,213 points).
Its own codes (``ADM_ID``, ``AMP_ID``, ``PRV_ID``) follow an older coding and
are not used: each point goes to the subdistrict polygon it lies in (README of
the geo folder: "the polygon wins"). A village code is the 6-digit subdistrict
code + a 2-digit sequence, as DOPA village codes (หมู่ที่) are formed.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

import settings
from geo.boundaries import raw_files

#: Projected CRS for distances and areas: UTM 47N, metres (fine for all of Thailand).
UTM_47N = 32647
#: Most villages a subdistrict can hold: the sequence has 2 digits.
MAX_VILLAGES = 99
#: Generated community points per empty subdistrict: one per COMMUNITY_KM2 km²,
#: clipped to COMMUNITIES (min, max).
COMMUNITY_KM2 = 20.0
COMMUNITIES = (2, 6)
#: Generated points keep this far (degrees, ~55 m) from the polygon edge when they can.
COMMUNITY_INSET_DEG = 0.0005
VILLAGE_COLUMNS = [
    "village_code",
    "village_no",
    "name_th",
    "subdistrict_code",
    "district_code",
    "province_code",
    "assigned_by",
    "source_id",
    "geometry",
]


def read_village_points(geo_dir: Path | None = None) -> gpd.GeoDataFrame:
    """Read the raw village points.

    Parameters
    ----------
    geo_dir : Path, optional
        Folder of the raw files; default ``settings.geo_dir()``.

    Returns
    -------
    geopandas.GeoDataFrame
        65,213 rows: ``source_id`` (int, ``MAIN_ID``), ``name_th`` (``NAME``),
        ``geometry`` (Point, EPSG:4326), in file order.

    Raises
    ------
    GeoDataMissingError
        If the folder or a raw file is missing.
    ValueError
        If ``MAIN_ID`` is empty or repeated, or a geometry is not a point;
        the message names the file, the row (1-based) and the column.
    """
    path = raw_files(geo_dir)["village"]
    raw = gpd.read_file(f"zip://{path}", columns=["NAME", "MAIN_ID"], encoding="utf-8")
    bad_id = raw["MAIN_ID"].isna() | raw["MAIN_ID"].duplicated()
    bad_point = raw.geometry.isna() | (raw.geom_type != "Point")
    for column, bad in [("MAIN_ID", bad_id), ("geometry", bad_point)]:
        if bad.any():
            row = int(bad.to_numpy().argmax())
            raise ValueError(
                f"{path.name}: row {row + 1}, column '{column}': "
                f"{'empty or repeated id' if column == 'MAIN_ID' else 'not a point'}"
            )
    points = gpd.GeoDataFrame(
        {"source_id": raw["MAIN_ID"].astype("int64"), "name_th": raw["NAME"]},
        geometry=raw.geometry,
        crs=raw.crs,
    )
    return points.to_crs(4326)


def assign_subdistricts(points: gpd.GeoDataFrame, subdistricts: gpd.GeoDataFrame) -> pd.DataFrame:
    """Find the subdistrict of each point: the polygon holding it, else the nearest.

    A point inside or on the edge of a polygon (``sjoin``, predicate
    ``"covered_by"``) is ``"within"``; a point on a shared edge, or in an
    overlap, goes to the smallest code. (Predicate ``"within"`` would leave a
    point lying exactly on an edge unmatched and send it to the nearest step;
    on the 2012 file both predicates match the same 65,082 points.) A point
    outside every polygon (131 in the 2012 file: coast, borders) gets the
    nearest polygon measured in UTM 47N, ties to the smallest code, and is
    ``"nearest"``.

    Parameters
    ----------
    points : geopandas.GeoDataFrame
        Points (any CRS); the index (unique) identifies them.
    subdistricts : geopandas.GeoDataFrame
        Polygons with a ``code`` column (any CRS).

    Returns
    -------
    pandas.DataFrame
        Same index and order as ``points``; columns ``subdistrict_code`` (str)
        and ``assigned_by`` (``"within"`` or ``"nearest"``).
    """
    polygons = subdistricts[["code", "geometry"]].to_crs(points.crs)
    located = points[["geometry"]].rename_axis("point")
    inside = gpd.sjoin(located, polygons, predicate="covered_by")
    codes = inside.reset_index().sort_values(["point", "code"]).groupby("point")["code"].first()
    result = pd.DataFrame({"subdistrict_code": codes, "assigned_by": "within"}, index=points.index)
    outside = result["subdistrict_code"].isna()
    if outside.any():
        near = gpd.sjoin_nearest(
            located[outside.to_numpy()].to_crs(UTM_47N),
            polygons.to_crs(UTM_47N),
            distance_col="distance_m",
        )
        near = near.reset_index().sort_values(["point", "distance_m", "code"])
        result.loc[outside, "subdistrict_code"] = near.groupby("point")["code"].first()
        result.loc[outside, "assigned_by"] = "nearest"
    return result.astype("str")


def _points_inside(polygon: shapely.Geometry, n: int, rng: np.random.Generator) -> list:
    """Draw ``n`` uniform points strictly inside ``polygon`` (away from its edge if it can)."""
    inner = polygon.buffer(-COMMUNITY_INSET_DEG)
    inner = polygon if inner.is_empty else inner
    shapely.prepare(inner)
    lower, upper = np.asarray(inner.bounds[:2]), np.asarray(inner.bounds[2:])
    found: list = []
    for _ in range(1000):
        candidates = shapely.points(rng.uniform(lower, upper, size=(64, 2)))
        found.extend(candidates[shapely.contains_properly(inner, candidates)])
        if len(found) >= n:
            return found[:n]
    raise ValueError(f"could not place {n} points inside a polygon of area {polygon.area:g} deg²")


def community_points(subdistricts: gpd.GeoDataFrame, seed: int | None = None) -> gpd.GeoDataFrame:
    """Generate community points inside each given subdistrict.

    For subdistricts with no village point (mostly municipal areas, whose
    people live in urban communities, and subdistricts created after 2012;
    README of the geo folder). Each gets one point per ``COMMUNITY_KM2`` km²
    of area, at least 2 and at most 6, drawn uniformly strictly inside the
    polygon (about 55 m from its edge when the polygon allows). The random
    generator of a subdistrict is seeded by ``(seed, code)``, so its points do
    not depend on the other subdistricts.

    Parameters
    ----------
    subdistricts : geopandas.GeoDataFrame
        Rows ``code`` + polygon ``geometry`` (EPSG:4326 expected).
    seed : int, optional
        Seed; default ``settings.DEFAULT_SEED`` (``TPMAP_SEED``).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``subdistrict_code``, ``name_th`` ("ชุมชน 1", "ชุมชน 2", …),
        ``assigned_by`` (``"generated"``), ``source_id`` (NA) and ``geometry``
        (Point, CRS of the input).
    """
    seed = settings.DEFAULT_SEED if seed is None else seed
    area_km2 = subdistricts.geometry.to_crs(UTM_47N).area.to_numpy() / 1e6
    counts = np.clip(np.ceil(area_km2 / COMMUNITY_KM2), *COMMUNITIES).astype(int)
    rows = []
    for code, polygon, n in zip(subdistricts["code"], subdistricts.geometry, counts, strict=True):
        rng = np.random.default_rng([seed, int(code)])
        for i, point in enumerate(_points_inside(polygon, n, rng), start=1):
            rows.append((code, f"ชุมชน {i}", point))
    frame = pd.DataFrame(rows, columns=["subdistrict_code", "name_th", "geometry"])
    return gpd.GeoDataFrame(
        frame.assign(assigned_by="generated", source_id=pd.array([pd.NA] * len(frame), "Int64")),
        geometry="geometry",
        crs=subdistricts.crs,
    )


def number_villages(villages: pd.DataFrame) -> pd.Series:
    """Return the village number (1, 2, …) of each row within its subdistrict.

    Real villages come first, by ``source_id``; generated ones follow in row order.

    Parameters
    ----------
    villages : pandas.DataFrame
        Columns ``subdistrict_code``, ``source_id`` (NA for generated points,
        which keep their row order after the real villages).

    Returns
    -------
    pandas.Series
        ``village_no`` (int64, 1-based), same index as ``villages``.

    Raises
    ------
    ValueError
        If a subdistrict has more than 99 villages (the code has 2 digits).
    """
    order = villages.assign(_row=np.arange(len(villages))).sort_values(
        ["subdistrict_code", "source_id", "_row"], na_position="last", kind="stable"
    )
    numbers = order.groupby("subdistrict_code").cumcount().add(1).astype("int64")
    if len(numbers) and numbers.max() > MAX_VILLAGES:
        code = order["subdistrict_code"][numbers.idxmax()]
        raise ValueError(
            f"subdistrict {code} has {numbers.max()} villages; village codes "
            f"allow at most {MAX_VILLAGES}"
        )
    return numbers.reindex(villages.index).rename("village_no")


def load_villages(
    subdistricts: gpd.GeoDataFrame,
    geo_dir: Path | None = None,
    *,
    generate_communities: bool = True,
    seed: int | None = None,
) -> gpd.GeoDataFrame:
    """Read the village points, place them in subdistricts and give them codes.

    Parameters
    ----------
    subdistricts : geopandas.GeoDataFrame
        ``load_areas()["subdistrict"]``: ``code``, ``parent_code``,
        ``province_code``, polygon ``geometry``.
    geo_dir : Path, optional
        Folder of the raw files; default ``settings.geo_dir()``.
    generate_communities : bool, default True
        Add generated community points to subdistricts with no village
        (see :func:`community_points`).
    seed : int, optional
        Seed of the community points; default ``settings.DEFAULT_SEED``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per village, sorted by ``village_code``: ``village_code``
        (str, 8 digits = subdistrict code + ``village_no``), ``village_no``
        (int, 1-based), ``name_th``, ``subdistrict_code``, ``district_code``,
        ``province_code`` (str), ``assigned_by`` (``"within"``,
        ``"nearest"`` or ``"generated"``), ``source_id`` (Int64, ``MAIN_ID``;
        NA when generated), ``geometry`` (Point, EPSG:4326). The real
        villages (``assigned_by != "generated"``) are the 65,213 points of
        the file, each exactly once.

    Raises
    ------
    GeoDataMissingError
        If the folder or a raw file is missing.
    ValueError
        If the village file is malformed (see :func:`read_village_points`)
        or a subdistrict gets more than 99 villages.
    """
    subdistricts = subdistricts.to_crs(4326)
    points = read_village_points(geo_dir)
    points = points.join(assign_subdistricts(points, subdistricts))
    points["source_id"] = points["source_id"].astype("Int64")
    parts = [points]
    if generate_communities:
        empty = subdistricts[~subdistricts["code"].isin(points["subdistrict_code"])]
        parts.append(community_points(empty, seed))
    villages = pd.concat(parts, ignore_index=True)
    villages["village_no"] = number_villages(villages)
    sequence = villages["village_no"].map("{:02d}".format)
    villages["village_code"] = villages["subdistrict_code"] + sequence
    parent = subdistricts.set_index("code")
    villages["district_code"] = villages["subdistrict_code"].map(parent["parent_code"])
    villages["province_code"] = villages["subdistrict_code"].map(parent["province_code"])
    villages = gpd.GeoDataFrame(villages, geometry="geometry", crs=4326)
    return villages.sort_values("village_code", ignore_index=True)[VILLAGE_COLUMNS]
