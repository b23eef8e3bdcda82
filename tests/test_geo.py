"""Tests of geo/: hand-made squares with answers worked out by hand, then the real files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, box

from geo import (
    TOLERANCE_M,
    GeoDataMissingError,
    check_names,
    load_areas,
    load_villages,
    simplify_level,
    to_geojson,
)
from geo.boundaries import FILES
from geo.villages import assign_subdistricts, community_points, number_villages

PILOTS = {"41": (20, 156, 1675, 3), "60": (15, 130, 1275, 11), "19": (13, 111, 852, 6)}

# Two 0.01-degree squares side by side near 100 E, 15 N: A = 100101 (west), B = 100102 (east).
SQUARE_A = box(100.00, 15.00, 100.01, 15.01)
SQUARE_B = box(100.01, 15.00, 100.02, 15.01)


def squares() -> gpd.GeoDataFrame:
    # B listed first, so the tie-break cannot come from row order.
    return gpd.GeoDataFrame(
        {
            "code": ["100102", "100101"],
            "parent_code": ["1001", "1001"],
            "province_code": ["10", "10"],
        },
        geometry=[SQUARE_B, SQUARE_A],
        crs=4326,
    )


# ---------------------------------------------------------------- hand-made cases


def test_assign_within_nearest_and_border_tie_break():
    points = gpd.GeoDataFrame(
        geometry=[
            Point(100.005, 15.005),  # inside A
            Point(100.015, 15.005),  # inside B
            Point(100.010, 15.005),  # on the shared edge: A (smallest code)
            Point(100.025, 15.005),  # 0.005 deg east of B, outside: nearest B
            Point(99.999, 15.005),  # 0.001 deg west of A: nearest A
            Point(100.010, 15.020),  # above the shared corner, same distance to both: A
        ],
        index=[10, 11, 12, 13, 14, 15],
        crs=4326,
    )
    result = assign_subdistricts(points, squares())
    assert result.index.tolist() == [10, 11, 12, 13, 14, 15]
    assert result["subdistrict_code"].tolist() == [
        "100101",
        "100102",
        "100101",
        "100102",
        "100101",
        "100101",
    ]
    assert result["assigned_by"].tolist() == [
        "within",
        "within",
        "within",
        "nearest",
        "nearest",
        "nearest",
    ]


def test_number_villages_real_by_source_id_then_generated():
    villages = pd.DataFrame(
        {
            "subdistrict_code": ["100102", "100101", "100101", "100102", "100101", "100101"],
            "source_id": pd.array([7, 30, 10, pd.NA, 20, pd.NA], dtype="Int64"),
        }
    )
    # 100101: ids 10, 20, 30 -> 1, 2, 3; its generated row -> 4. 100102: id 7 -> 1, generated -> 2.
    assert number_villages(villages).tolist() == [1, 3, 1, 2, 2, 4]


def test_number_villages_fails_past_99():
    villages = pd.DataFrame(
        {"subdistrict_code": ["100101"] * 100, "source_id": pd.array(range(100), dtype="Int64")}
    )
    with pytest.raises(ValueError, match="100101 has 100 villages"):
        number_villages(villages)


def test_community_points_count_by_area_inside_and_repeatable():
    # 0.05 deg square at 15 N is about 5.4 x 5.5 km = 29.8 km2 -> ceil(29.8/20) = 2 points;
    # 0.06 deg -> 42.9 km2 -> 3; 0.1 deg -> 119 km2 -> 6 (cap); 0.005 deg -> 0.3 km2 -> 2 (floor).
    sides = {"100101": 0.05, "100102": 0.06, "100103": 0.1, "100104": 0.005}
    areas = gpd.GeoDataFrame(
        {"code": list(sides)},
        geometry=[box(100, 15, 100 + s, 15 + s) for s in sides.values()],
        crs=4326,
    )
    points = community_points(areas, seed=1)
    assert points.groupby("subdistrict_code").size().to_dict() == {
        "100101": 2,
        "100102": 3,
        "100103": 6,
        "100104": 2,
    }
    assert points.loc[points["subdistrict_code"] == "100102", "name_th"].tolist() == [
        "ชุมชน 1",
        "ชุมชน 2",
        "ชุมชน 3",
    ]
    assert (points["assigned_by"] == "generated").all() and points["source_id"].isna().all()
    polygon = areas.set_index("code").geometry.reindex(points["subdistrict_code"]).to_numpy()
    assert shapely.contains_properly(polygon, points.geometry.to_numpy()).all()
    again = community_points(areas, seed=1)
    assert again.geometry.geom_equals_exact(points.geometry, tolerance=0).all()
    assert (
        not community_points(areas, seed=2)
        .geometry.geom_equals_exact(points.geometry, tolerance=0)
        .all()
    )


def _write_zip(folder: Path, name: str, frame: gpd.GeoDataFrame) -> None:
    work = folder / "shp"
    work.mkdir(exist_ok=True)
    frame.to_file(work / f"{Path(name).stem.replace('_shapefile', '')}.shp", encoding="utf-8")
    with zipfile.ZipFile(folder / name, "w") as archive:
        for part in work.iterdir():
            archive.write(part, part.name)
            part.unlink()


def tiny_geo_dir(folder: Path, district_code: str = "TH1001") -> Path:
    """A fake geo folder: 1 province, 1 district, the squares A/B, 4 village points."""
    both = SQUARE_A.union(SQUARE_B)
    names = {"ADM0_PCODE": "TH"}
    _write_zip(
        folder,
        FILES["province"],
        gpd.GeoDataFrame(
            {"ADM1_PCODE": ["TH10"], "ADM1_TH": ["กรุงเทพมหานคร"], "ADM1_EN": ["Bangkok"], **names},
            geometry=[both],
            crs=4326,
        ),
    )
    _write_zip(
        folder,
        FILES["district"],
        gpd.GeoDataFrame(
            {
                "ADM2_PCODE": [district_code],
                "ADM2_TH": ["พระนคร"],
                "ADM2_EN": ["Phra Nakhon"],
                "ADM1_PCODE": ["TH10"],
                **names,
            },
            geometry=[both],
            crs=4326,
        ),
    )
    _write_zip(
        folder,
        FILES["subdistrict"],
        gpd.GeoDataFrame(
            {
                "ADM3_PCODE": ["TH100101", "TH100102", "TH100103"],
                "ADM3_TH": ["ก", "ข", "ค"],
                "ADM3_EN": ["A", "B", "C"],
                "ADM2_PCODE": ["TH1001"] * 3,
                "ADM1_PCODE": ["TH10"] * 3,
            },
            geometry=[SQUARE_A, SQUARE_B, box(100.02, 15.00, 100.03, 15.01)],
            crs=4326,
        ),
    )
    _write_zip(
        folder,
        FILES["village"],
        gpd.GeoDataFrame(
            {"MAIN_ID": [300, 100, 200, 400], "NAME": ["บ้านสาม", "บ้านหนึ่ง", "บ้านสอง", "บ้านสี่"]},
            geometry=[
                Point(100.005, 15.005),
                Point(100.001, 15.001),
                Point(99.999, 15.005),
                Point(100.015, 15.005),
            ],
            crs=4326,
        ),
    )
    return folder


def test_load_villages_on_tiny_folder(tmp_path):
    areas = load_areas(tiny_geo_dir(tmp_path))
    assert [len(areas[level]) for level in ("province", "district", "subdistrict")] == [1, 1, 3]
    assert areas["subdistrict"]["parent_code"].tolist() == ["1001"] * 3
    assert pd.isna(areas["province"]["parent_code"]).all()
    villages = load_villages(areas["subdistrict"], tmp_path, seed=1)
    # A holds ids 100 and 300 and the outside point 200 (nearest): 100 -> 01, 200 -> 02,
    # 300 -> 03. B holds 400 -> 01. C has no village: 2 generated points (1.2 km2).
    assert villages["village_code"].tolist() == [
        "10010101",
        "10010102",
        "10010103",
        "10010201",
        "10010301",
        "10010302",
    ]
    assert villages["source_id"].tolist()[:4] == [100, 200, 300, 400]
    assert villages["assigned_by"].tolist() == [
        "within",
        "nearest",
        "within",
        "within",
        "generated",
        "generated",
    ]
    assert villages["name_th"].tolist()[:4] == ["บ้านหนึ่ง", "บ้านสอง", "บ้านสาม", "บ้านสี่"]
    assert set(villages["district_code"]) == {"1001"} and set(villages["province_code"]) == {"10"}
    assert len(load_villages(areas["subdistrict"], tmp_path, generate_communities=False)) == 4


@pytest.mark.parametrize(
    ("district_code", "message"),
    [
        ("TH10X1", r"adm2_shapefile\.zip: row 1, column 'ADM2_PCODE': 'TH10X1' is not 'TH' \+ 4"),
        ("TH1101", r"adm2_shapefile\.zip: row 1, column 'ADM1_PCODE': 'TH10' is not a known"),
    ],
)
def test_bad_code_names_file_row_and_column(tmp_path, district_code, message):
    tiny_geo_dir(tmp_path, district_code=district_code)
    with pytest.raises(ValueError, match=message):
        load_areas(tmp_path)


def test_missing_folder_or_file_raises_geo_data_missing(tmp_path):
    with pytest.raises(GeoDataMissingError, match="TPMAP_GEO_DIR") as caught:
        load_areas(tmp_path / "nowhere")
    assert isinstance(caught.value, FileNotFoundError)
    assert all(name in str(caught.value) for name in FILES.values())
    tiny_geo_dir(tmp_path)
    (tmp_path / FILES["village"]).unlink()
    with pytest.raises(GeoDataMissingError, match="missing TH_VILLAGE2012.zip"):
        load_areas(tmp_path)


def test_check_names_hand_made():
    areas = {
        "province": gpd.GeoDataFrame(
            {
                "code": ["41", "60", "99"],
                "name_th": ["อุดรธานี", "นครสวรรค", "ไม่มี"],
                "name_en": ["UDON  thani", "Nakhon Sawan", "Nowhere"],
            },
            geometry=[Point(0, 0)] * 3,
            crs=4326,
        )
    }
    table = check_names(areas)
    assert list(table.columns) == ["level", "code", "field", "boundary_value", "geothai_value"]
    found = table[table["field"] != "missing_in_boundaries"]
    assert found[["code", "field"]].values.tolist() == [
        ["60", "name_th"],
        ["99", "missing_in_geothai"],
    ]
    assert found["geothai_value"].tolist()[0] == "นครสวรรค์"
    assert (table["field"] == "missing_in_boundaries").sum() == 77 - 2


def test_simplify_keeps_shared_zigzag_border_and_tiny_polygons():
    # West and east halves of a 0.1 deg square share a zigzag border: teeth 0.0002 deg (21 m)
    # deep every 0.005 deg (550 m), triangles of ~0.5 * 1100 * 21 = 11,600 m2 (side ~110 m),
    # so a 300 m tolerance removes them.
    zigzag = [(100.05 + (0.0002 if i % 2 else 0), 15 + i * 0.005) for i in range(21)]
    west = shapely.Polygon([(100, 15), *zigzag, (100, 15.1)])
    east = shapely.Polygon([(100.1, 15), (100.1, 15.1), *reversed(zigzag)])
    tiny = box(100.2, 15, 100.200002, 15.000002)  # smaller than the 1e-5 grid: would vanish
    gdf = gpd.GeoDataFrame({"code": ["1", "2", "3"]}, geometry=[west, east, tiny], crs=4326)
    out = simplify_level(gdf, 300)
    assert out.crs.to_epsg() == 4326 and out["code"].tolist() == ["1", "2", "3"]
    assert shapely.get_num_coordinates(out.geometry.iloc[0]) < shapely.get_num_coordinates(west)
    assert shapely.coverage_is_valid(out.geometry.iloc[:2].to_numpy())
    assert out.geometry.iloc[2].equals(tiny)


def test_to_geojson_keeps_only_given_properties():
    gdf = squares().to_crs(32647)
    collection = to_geojson(gdf, ["code"])
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 2
    feature = collection["features"][0]
    assert feature["properties"] == {"code": "100102"}
    assert feature["geometry"]["coordinates"][0][0][0] == pytest.approx(100.02, abs=1e-6)
    json.dumps(collection)


# ---------------------------------------------------------------- the real files


@pytest.fixture(scope="module")
def areas():
    return load_areas()


@pytest.fixture(scope="module")
def villages(areas):
    return load_villages(areas["subdistrict"])


def test_area_counts_and_columns(areas):
    assert {level: len(gdf) for level, gdf in areas.items()} == {
        "province": 77,
        "district": 928,
        "subdistrict": 7425,
    }
    for gdf in areas.values():
        assert list(gdf.columns) == [
            "code",
            "parent_code",
            "province_code",
            "name_th",
            "name_en",
            "geometry",
        ]
        assert gdf.crs.to_epsg() == 4326 and gdf["code"].is_unique
        assert gdf["code"].is_monotonic_increasing
        assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"} and gdf.is_valid.all()
    assert areas["province"]["code"].str.fullmatch(r"\d{2}").all()
    assert areas["district"]["code"].str.fullmatch(r"\d{4}").all()
    assert areas["subdistrict"]["code"].str.fullmatch(r"\d{6}").all()
    assert not areas["province"]["name_th"].str.contains("à¸").any()  # no mojibake


def test_parents_exist(areas):
    assert areas["district"]["parent_code"].isin(areas["province"]["code"]).all()
    assert areas["subdistrict"]["parent_code"].isin(areas["district"]["code"]).all()
    assert pd.isna(areas["province"]["parent_code"]).all()


@pytest.mark.parametrize("province_code", list(PILOTS))
def test_pilot_provinces(areas, villages, province_code):
    n_districts, n_subdistricts, n_villages, n_empty = PILOTS[province_code]
    districts = areas["district"][areas["district"]["province_code"] == province_code]
    subdistricts = areas["subdistrict"][areas["subdistrict"]["province_code"] == province_code]
    real = villages[
        (villages["assigned_by"] != "generated") & (villages["province_code"] == province_code)
    ]
    assert (len(districts), len(subdistricts), len(real)) == (
        n_districts,
        n_subdistricts,
        n_villages,
    )
    assert (~subdistricts["code"].isin(real["subdistrict_code"])).sum() == n_empty


def test_real_villages_each_once_all_assigned(areas, villages):
    real = villages[villages["assigned_by"] != "generated"]
    assert len(real) == 65213 and real["source_id"].is_unique and real["source_id"].notna().all()
    assert real["subdistrict_code"].isin(areas["subdistrict"]["code"]).all()
    # README: 131 points fall outside every polygon; measured: 131.
    assert (villages["assigned_by"] == "nearest").sum() == 131
    empty = ~areas["subdistrict"]["code"].isin(real["subdistrict_code"])
    assert empty.sum() == 554


def test_village_codes(villages):
    codes = villages["village_code"]
    assert codes.str.fullmatch(r"\d{8}").all() and codes.is_unique
    assert (codes.str[:6] == villages["subdistrict_code"]).all()
    assert (codes.str[6:].astype(int) == villages["village_no"]).all()
    assert (villages["district_code"] == villages["subdistrict_code"].str[:4]).all()
    assert codes.is_monotonic_increasing and villages.crs.to_epsg() == 4326


def test_every_subdistrict_has_a_village_and_generated_points_inside(areas, villages):
    assert areas["subdistrict"]["code"].isin(villages["subdistrict_code"]).all()
    generated = villages[villages["assigned_by"] == "generated"]
    assert generated["source_id"].isna().all() and generated["name_th"].str.startswith("ชุมชน").all()
    polygons = areas["subdistrict"].set_index("code").geometry
    inside = shapely.contains_properly(
        polygons.reindex(generated["subdistrict_code"]).to_numpy(), generated.geometry.to_numpy()
    )
    assert inside.all()


def test_check_names_real(areas):
    table = check_names(areas)
    assert list(table.columns) == ["level", "code", "field", "boundary_value", "geothai_value"]
    assert set(table["field"]) <= {
        "missing_in_geothai",
        "missing_in_boundaries",
        "name_th",
        "name_en",
    }
    # Provinces agree fully with geothai 3.2.1.
    assert not (table["level"] == "province").any()


def test_simplified_districts_of_a_province_still_cover(areas):
    districts = areas["district"][areas["district"]["province_code"] == "41"]
    # The district file is already coarse (vertices ~1.1 km apart): the 250 m default removes
    # almost nothing, so the drop is checked at 1 km.
    for tolerance, must_drop in [(TOLERANCE_M["district"], False), (1000, True)]:
        simplified = simplify_level(districts, tolerance)
        ratio = simplified.to_crs(32647).area.sum() / districts.to_crs(32647).area.sum()
        assert abs(ratio - 1) < 0.02
        before = shapely.get_num_coordinates(districts.geometry.to_numpy()).sum()
        after = shapely.get_num_coordinates(simplified.geometry.to_numpy()).sum()
        assert after < before if must_drop else after <= before
        assert shapely.coverage_is_valid(simplified.geometry.to_numpy())


def test_truncated_thai_names_are_completed_from_geothai(areas):
    from geo.boundaries import complete_truncated_names

    fixed = complete_truncated_names(areas)
    district = fixed["district"].set_index("name_en")["name_th"]
    # The file cuts this name at 16 characters ("เมืองประจวบคีรีข").
    assert areas["district"].set_index("name_en")["name_th"]["Mueang Prachuap Khiri Khan"] == (
        "เมืองประจวบคีรีข"
    )
    assert district["Mueang Prachuap Khiri Khan"] == "เมืองประจวบคีรีขันธ์"
    # Two subdistricts shared one cut name; completed, they differ again.
    sub = fixed["subdistrict"]
    pak_phanang = sub.loc[sub["name_th"].str.startswith("ปากพนังฝั่งตะวัน"), "name_th"]
    assert sorted(pak_phanang) == ["ปากพนังฝั่งตะวันตก", "ปากพนังฝั่งตะวันออก"]
    # Short names that merely prefix the official one are left alone (วัดไทร / วัดไทรย์).
    assert (sub["name_th"] == "วัดไทร").sum() == (areas["subdistrict"]["name_th"] == "วัดไทร").sum()
    # Only the names changed; codes and geometry are the same objects' values.
    for level in areas:
        assert fixed[level]["code"].equals(areas[level]["code"])
        assert (fixed[level]["name_th"] != areas[level]["name_th"]).sum() == {
            "province": 0,
            "district": 2,
            "subdistrict": 7,
        }[level]
