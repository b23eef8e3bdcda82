"""Administrative areas of Thailand from the raw HDX COD-AB files, with DOPA codes.

Source: OCHA HDX COD-AB Thailand (Royal Thai Survey Department), ADM1-ADM3,
release 2022-01-22, read in place from ``settings.geo_dir()`` (quirks in
``../shared/geo/README.md``). Names are checked against the ``geothai``
package (official DOPA names), never replaced by it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import geothai
import pandas as pd
import shapely

import settings

#: Raw files in the geo folder, by layer (names as published).
FILES = {
    "province": "tha_adm1_province_shapefile.zip",
    "district": "tha_admbnda_adm2_shapefile.zip",
    "subdistrict": "tha_admbnda_adm3_rtsd_20220121.zip",
    "village": "TH_VILLAGE2012.zip",
}
#: Administrative level of each area layer: ADM1 province, ADM2 district, ADM3 subdistrict.
LEVELS = {"province": 1, "district": 2, "subdistrict": 3}
AREA_COLUMNS = ["code", "parent_code", "province_code", "name_th", "name_en", "geometry"]


class GeoDataMissingError(FileNotFoundError):
    """The geo folder, or one of the four raw files in it, does not exist."""


def raw_files(geo_dir: Path | None = None) -> dict[str, Path]:
    """Return the paths of the four raw files, checking that all exist.

    Parameters
    ----------
    geo_dir : Path, optional
        Folder of the raw files; default ``settings.geo_dir()`` (``TPMAP_GEO_DIR``).

    Returns
    -------
    dict[str, Path]
        Path per layer, keys as in :data:`FILES`.

    Raises
    ------
    GeoDataMissingError
        If the folder or any file is missing; the message names them, the
        environment variable and the files to put there.
    """
    folder = Path(geo_dir) if geo_dir is not None else settings.geo_dir()
    paths = {layer: folder / name for layer, name in FILES.items()}
    missing = [p.name for p in paths.values() if not p.is_file()]
    if not folder.is_dir() or missing:
        what = "folder does not exist" if not folder.is_dir() else f"missing {', '.join(missing)}"
        raise GeoDataMissingError(
            f"geo data folder {folder}: {what}. Put the four HDX COD-AB / village zip files "
            f"({', '.join(FILES.values())}) there, or set the environment variable "
            "TPMAP_GEO_DIR to the folder that holds them."
        )
    return paths


def _clean_geometry(geometry: shapely.Geometry | None) -> shapely.Geometry | None:
    """Return a valid Polygon/MultiPolygon (``make_valid``, polygonal parts only), or None."""
    if geometry is None or geometry.is_empty:
        return None
    if geometry.is_valid and geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [p for p in shapely.get_parts(shapely.make_valid(geometry)) if p.geom_type == "Polygon"]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def _read_level(path: Path, level: str, parents: pd.Index | None) -> gpd.GeoDataFrame:
    """Read one ADM layer into the :data:`AREA_COLUMNS` shape and validate it."""
    n = LEVELS[level]
    raw = gpd.read_file(f"zip://{path}", encoding="utf-8")  # no .cpg in the zips: force UTF-8
    code_col, parent_col = f"ADM{n}_PCODE", f"ADM{n - 1}_PCODE"
    name_cols = [f"ADM{n}_TH", f"ADM{n}_EN"]
    code_cols = {code_col: 2 * n, "ADM1_PCODE": 2} | ({parent_col: 2 * n - 2} if n > 1 else {})
    absent = [c for c in [*code_cols, *name_cols] if c not in raw.columns]
    if absent:
        raise ValueError(f"{path.name}: missing column(s) {', '.join(absent)}")

    def check(bad: pd.Series, column: str, problem: str) -> None:
        if bad.any():
            row = int(bad.to_numpy().argmax())
            value = raw[column].iloc[row] if column in raw.columns else None
            raise ValueError(f"{path.name}: row {row + 1}, column '{column}': {value!r} {problem}")

    for column, digits in code_cols.items():
        check(
            ~raw[column].fillna("").str.fullmatch(rf"TH\d{{{digits}}}"),
            column,
            f"is not 'TH' + {digits} digits",
        )
    for column in name_cols:
        check(raw[column].fillna("").str.strip().eq(""), column, "is an empty name")
    check(raw[code_col].duplicated(), code_col, "appears more than once")
    if parents is not None:
        parent = raw[parent_col].str[2:]
        check(
            ~parent.isin(parents) | (raw[code_col].str[2:-2] != parent),
            parent_col,
            f"is not a known {'province' if n == 2 else 'district'} code prefixing {code_col}",
        )
    geometry = gpd.GeoSeries([_clean_geometry(g) for g in raw.geometry], crs=raw.crs)
    check(geometry.isna(), "geometry", "has no polygon")

    areas = gpd.GeoDataFrame(
        {
            "code": raw[code_col].str[2:],
            "parent_code": raw[parent_col].str[2:] if n > 1 else pd.Series(pd.NA, raw.index, "str"),
            "province_code": raw["ADM1_PCODE"].str[2:],
            "name_th": raw[name_cols[0]],
            "name_en": raw[name_cols[1]],
        },
        geometry=geometry.to_crs(4326),
    )
    return areas.sort_values("code", ignore_index=True)[AREA_COLUMNS]


def load_areas(geo_dir: Path | None = None) -> dict[str, gpd.GeoDataFrame]:
    """Read provinces, districts and subdistricts with DOPA codes.

    Parameters
    ----------
    geo_dir : Path, optional
        Folder of the raw files; default ``settings.geo_dir()`` (``TPMAP_GEO_DIR``).

    Returns
    -------
    dict[str, geopandas.GeoDataFrame]
        Keys ``"province"`` (77 rows), ``"district"`` (928), ``"subdistrict"``
        (7,425). Columns ``code`` (str, 2/4/6 digits: ``ADMx_PCODE`` without
        ``"TH"``), ``parent_code`` (str; province code of a district, district
        code of a subdistrict, NA for provinces), ``province_code``,
        ``name_th``, ``name_en`` (str, as in the files) and ``geometry``
        (Polygon/MultiPolygon, EPSG:4326). Invalid polygons are repaired with
        ``shapely.make_valid`` keeping polygonal parts (one in the files:
        district 8403 Don Sak). Sorted by code.

    Raises
    ------
    GeoDataMissingError
        If the folder or a raw file is missing.
    ValueError
        If a code is malformed or repeated, a parent is missing or does not
        prefix the code, a name is empty or an area has no polygon; the
        message names the file, the row (1-based) and the column.
    """
    paths = raw_files(geo_dir)
    areas: dict[str, gpd.GeoDataFrame] = {}
    parents = None
    for level in LEVELS:
        areas[level] = _read_level(paths[level], level, parents)
        parents = pd.Index(areas[level]["code"])
    return areas


def official_names(level: str) -> pd.DataFrame:
    """Return the official DOPA codes and names of one level from ``geothai``.

    Parameters
    ----------
    level : {"province", "district", "subdistrict"}
        Administrative level.

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``name_th``, ``name_en`` (str), sorted by code;
        77 / 928 / 7,436 rows with geothai 3.2.1 (data 2026.10.23).

    Raises
    ------
    ValueError
        If ``level`` is not one of the three levels.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {list(LEVELS)}, got {level!r}")
    provinces = geothai.provinces()
    districts = [d for p in provinces for d in geothai.districts(p.code)]
    found: list[Any] = list(provinces)
    if level == "district":
        found = list(districts)
    elif level == "subdistrict":
        found = [s for d in districts for s in geothai.subdistricts(d.code)]
    rows = [(a.code, a.name_th, a.name_en) for a in found]
    return pd.DataFrame(rows, columns=["code", "name_th", "name_en"]).sort_values(
        "code", ignore_index=True
    )


_LEVEL_WORD = re.compile(r"^(?:จังหวัด|อำเภอ|กิ่งอำเภอ|เขต|ตำบล|แขวง)")


def _same_th(a: pd.Series, b: pd.Series) -> pd.Series:
    """Thai names equal after collapsing whitespace and a leading level word (e.g. เขต)."""

    def norm(s: pd.Series) -> pd.Series:
        return s.fillna("").str.split().str.join(" ").str.replace(_LEVEL_WORD, "", regex=True)

    return norm(a) == norm(b)


def _same_en(a: pd.Series, b: pd.Series) -> pd.Series:
    """English names equal ignoring case, spaces, hyphens, dots and apostrophes."""

    def norm(s: pd.Series) -> pd.Series:
        return s.fillna("").str.casefold().str.replace(r"[\s.'\-]", "", regex=True)

    return norm(a) == norm(b)


def check_names(areas: dict[str, gpd.GeoDataFrame]) -> pd.DataFrame:
    """Compare area codes and names with the official DOPA list in ``geothai``.

    Report only: the areas are not changed. Thai names are compared after
    collapsing whitespace and dropping a leading level word (Bangkok's
    districts are "เขตพระนคร" in geothai, "พระนคร" in the boundary file);
    English names ignoring case, spaces, hyphens, dots and apostrophes.

    Parameters
    ----------
    areas : dict[str, geopandas.GeoDataFrame]
        Output of :func:`load_areas` (any subset of its levels).

    Returns
    -------
    pandas.DataFrame
        One row per mismatch, columns ``level``, ``code``, ``field``,
        ``boundary_value``, ``geothai_value``. ``field`` is
        ``"missing_in_geothai"`` (code not in geothai; geothai_value NA),
        ``"missing_in_boundaries"`` (geothai code with no polygon;
        boundary_value NA), ``"name_th"`` or ``"name_en"``.
    """
    columns = ["level", "code", "field", "boundary_value", "geothai_value"]
    found = []
    for level, gdf in areas.items():
        both = pd.DataFrame(gdf[["code", "name_th", "name_en"]]).merge(
            official_names(level),
            on="code",
            how="outer",
            suffixes=("", "_geothai"),
            indicator=True,
        )
        tables = {
            "missing_in_geothai": (both["_merge"] == "left_only", "name_th", None),
            "missing_in_boundaries": (both["_merge"] == "right_only", None, "name_th_geothai"),
        }
        matched = both["_merge"] == "both"
        for name, same in [("name_th", _same_th), ("name_en", _same_en)]:
            differs = matched & ~same(both[name], both[f"{name}_geothai"])
            tables[name] = (differs, name, f"{name}_geothai")
        parts = []
        for field, (mask, ours, theirs) in tables.items():
            rows = both[mask]
            parts.append(
                pd.DataFrame(
                    {
                        "level": level,
                        "code": rows["code"],
                        "field": field,
                        "boundary_value": rows[ours] if ours else pd.NA,
                        "geothai_value": rows[theirs] if theirs else pd.NA,
                    },
                    columns=columns,
                )
            )
        found.append(pd.concat(parts).sort_values(["code", "field"]))
    if not found:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in columns})
    return pd.concat(found, ignore_index=True).astype("str")


#: A Thai name this long in UTF-8 fills the shapefile's name field (about 48 bytes).
TRUNCATED_BYTES = 45


def complete_truncated_names(areas: dict[str, gpd.GeoDataFrame]) -> dict[str, gpd.GeoDataFrame]:
    """Return copies of the areas whose Thai names cut short by the file are completed.

    The shapefiles hold Thai names in about 48 bytes, so long names end early
    ("เมืองประจวบคีรีข" for เมืองประจวบคีรีขันธ์). Where the official
    ``geothai`` name of the same code starts with the file's name and is
    longer, the official name is used (geo/README: use geothai "to check and
    complete names"). Every other name stays as in the file; differences
    stay reported by :func:`check_names`.
    """
    out = {}
    for level, gdf in areas.items():
        official = official_names(level).set_index("code")["name_th"]
        full = gdf["code"].map(official).fillna("")
        # Cut short = fills the field (>= 45 of its ~48 bytes) and is a prefix of the full name.
        starts = [
            len(n.encode()) >= TRUNCATED_BYTES and f.startswith(n)
            for f, n in zip(full, gdf["name_th"], strict=True)
        ]
        cut = (full.str.len() > gdf["name_th"].str.len()) & pd.Series(starts, index=gdf.index)
        fixed = gdf.copy()
        fixed.loc[cut, "name_th"] = full[cut]
        out[level] = fixed
    return out
