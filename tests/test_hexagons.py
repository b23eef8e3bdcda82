"""Households as h3 hexagons on the area-potential map (issue 13).

Cells and their corners are checked against h3's own definition (a point
lies in its cell's hexagon); counts against a table counted by hand; the
page against the pilot build's Parquet files read here with pandas.
"""

from __future__ import annotations

import json
from pathlib import Path

import h3
import pandas as pd
import pytest
import shapely

from apptest_support import app_test
from components.potential import ACCESS_MAP_KEPT
from data_loaders.schema import BOOLEAN_INDICATORS
from potential import hexagons

INCOME_LINE = 38_000


def test_points_a_few_metres_apart_share_a_cell_and_far_points_do_not():
    # 0.0001 degrees is about 11 m; 0.2 degrees about 22 km (cells are ~1.4 km across).
    got = hexagons.cells([17.4, 17.4001, 17.6], [102.8, 102.8001, 102.8])
    assert got[0] == got[1] != got[2]
    assert all(h3.get_resolution(c) == hexagons.RESOLUTION for c in got)


def test_cells_reject_lat_and_lon_of_different_lengths():
    with pytest.raises(ValueError, match="lat has 2 values, lon 1"):
        hexagons.cells([17.0, 17.1], [102.0])


def test_counts_per_cell_and_status():
    table = hexagons.counts(
        ["b", "a", "b", "b", "a"], ["far", "near", "far", "near", "near"], ("far", "near", "other")
    )
    assert table.to_dict("records") == [
        {"cell": "a", "far": 0, "near": 2, "other": 0, "households": 2},
        {"cell": "b", "far": 2, "near": 1, "other": 0, "households": 3},
    ]


def test_geojson_hexagon_holds_its_points_and_only_the_given_properties():
    lat, lon = [17.41, 17.42], [102.78, 102.79]
    cell = hexagons.cells(lat, lon)
    table = hexagons.counts(cell, ["far", "far"], ("far",))
    collection = hexagons.geojson(table, [{"households": n} for n in table["households"]])
    features = collection["features"]
    assert len(features) == len(set(cell))
    for feature in features:
        ring = feature["geometry"]["coordinates"][0]
        assert len(ring) == 7 and ring[0] == ring[-1]  # six corners, closed
        assert set(feature["properties"]) == {"households"}
    polygons = [shapely.Polygon(f["geometry"]["coordinates"][0]) for f in features]
    for y, x in zip(lat, lon, strict=True):
        assert any(p.contains(shapely.Point(x, y)) for p in polygons)


def _decks(at) -> list[dict]:
    return [json.loads(e.proto.json) for e in at.get("deck_gl_json_chart")]


def test_potential_map_of_a_province_sends_hexagons_with_counts_not_points(
    pilot_build: Path, monkeypatch: pytest.MonkeyPatch
):
    frame = pd.read_parquet(pilot_build / "households.parquet")
    deprived = frame[list(BOOLEAN_INDICATORS)].fillna(False).astype(bool).any(axis=1)
    poor = frame[(deprived | (frame["income_per_capita"] < INCOME_LINE))]
    poor = poor[poor["province_code"] == "41"]
    far = (poor["dist_health_m"] > 5_000) | (poor["dist_school_m"] > 5_000)
    # The pilot's Udon Thani has fewer poor households than the national threshold.
    monkeypatch.setattr(hexagons, "MAX_POINTS", len(poor) // 2)
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    monkeypatch.setenv("TPMAP_AUTH", "off")
    at = app_test("41")
    at.run()
    at.switch_page("app_pages/potential.py")
    at.session_state[ACCESS_MAP_KEPT] = True  # the map's panel opened
    at.run()
    assert not at.exception
    (deck,) = [
        d for d in _decks(at) if any(la.get("@@type") == "GeoJsonLayer" for la in d["layers"])
    ]
    features = [
        f
        for layer in deck["layers"]
        if isinstance(layer.get("data"), dict)
        for f in layer["data"]["features"]
    ]
    points = [f for f in features if f["geometry"]["type"] in ("Point", "MultiPoint")]
    cells = [
        f
        for f in features
        if f["geometry"]["type"] == "Polygon" and "households" in f["properties"]
    ]
    assert points == []  # no household position is sent
    assert sum(f["properties"]["households"] for f in cells) == len(poor)
    assert sum(f["properties"]["far"] for f in cells) == int(far.sum())
    assert len(cells) == len(set(hexagons.cells(poor["lat"], poor["lon"])))
    assert any("ช่องหกเหลี่ยม" in c.value for c in at.caption)
