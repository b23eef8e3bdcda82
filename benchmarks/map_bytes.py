"""Bytes the app sends to the browser for each map view (budget 1.5 MB per view).

Each view is opened with Streamlit's AppTest in a fresh process, and every
map element the page sends is measured as serialised (the protobuf the
server puts on the websocket, uncompressed):

- folium choropleths (``st_folium``): the whole component message — the
  Leaflet script with the GeoJSON embedded, header and arguments; the
  GeoJSON inside it is reported too;
- pydeck point maps (``st.pydeck_chart``): the deck JSON with its points.

Views of the overview, following the drill-down: the country (provinces),
each province with households (its districts), the district whose
subdistrict shapes have the most vertices (its subdistricts), the
subdistrict and the village with the most households (household points).
Also the household search of the province with the most households, with
no condition (its map holds up to 20,000 points), and the area-potential
page of that province (a choropleth of the districts and the access map of
its poor households and facilities). With more than one survey round, the
first province and the district with the most vertices again with the
earliest round chosen in the year selector (issue 12). Figures print;
nothing asserts.

Usage::

    python -m benchmarks.map_bytes [--json] [--build-dir DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import shapely

from benchmarks import budgets, fresh_process, standalone

NAME = "map_bytes"
OVERVIEW = "app_pages/overview.py"
HOUSEHOLDS = "app_pages/households.py"
POTENTIAL = "app_pages/potential.py"

_APPTEST = r"""
import json, re, sys
sys.path.insert(0, sys.argv[1])
from apptest_support import app_test

def walk(node):
    children = getattr(node, "children", None)
    for child in (children.values() if isinstance(children, dict) else children or []):
        yield child
        yield from walk(child)

def maps(at):
    found = []
    for element in walk(at._tree):
        kind = getattr(element, "type", None)
        if kind == "component_instance" and "folium" in element.proto.component_name:
            script = json.loads(element.proto.json_args)["script"]
            geojson = re.findall(r"geo_json_\w+_add\((\{.*\})\);", script)
            found.append({"kind": "folium", "bytes": len(element.proto.SerializeToString()),
                          "geojson_bytes": sum(len(g.encode()) for g in geojson),
                          "features": sum(len(json.loads(g)["features"]) for g in geojson)})
        elif kind == "deck_gl_json_chart":
            deck = json.loads(element.proto.json)
            points = 0
            for layer in deck["layers"]:
                data = layer.get("data")
                if isinstance(data, list):  # records, one per point
                    points += len(data)
                elif isinstance(data, dict):  # GeoJSON: count MultiPoint positions
                    points += sum(len(f["geometry"]["coordinates"]) for f in data["features"]
                                  if f["geometry"]["type"] == "MultiPoint")
            found.append({"kind": "pydeck", "bytes": len(element.proto.SerializeToString()),
                          "points": points})
    return found

out = {}
for view in json.loads(sys.argv[2]):
    at = app_test(view["area"], timeout=600)
    if view.get("year"):  # what the year selector puts in the URL
        at.query_params["year"] = str(view["year"])
    at.run()
    if view["page"] != "app_pages/overview.py":
        at.switch_page(view["page"]).run()
    if view["page"] == "app_pages/households.py":
        at.button(key="hs_submit").click().run()
    out[view["view"]] = {"maps": maps(at), "exception": bool(at.exception)}
print(json.dumps(out))
"""


def views(build_dir: Path) -> list[dict]:
    """Return the map views to measure on the build: ``view`` (label), ``page``, ``area``.

    Raises
    ------
    queries.figures.BuildMissingError
        If there is no ``tpmap.duckdb`` in ``build_dir``.
    """
    from queries.figures import children, connect, survey_years

    con = connect(build_dir)
    try:
        provinces = children(con, None)["code"].tolist()
        districts = {c for p in provinces for c in children(con, p)["code"]}
        largest = {
            level: con.execute(
                f"SELECT {level}_code FROM households GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
            ).fetchone()[0]
            for level in ("province", "subdistrict", "village")
        }
    finally:
        con.close()
    shapes = gpd.read_parquet(
        build_dir / "subdistricts.parquet", columns=["parent_code", "geometry"]
    )
    shapes = shapes[shapes["parent_code"].isin(districts)]
    vertices = shapes.assign(n=shapely.get_num_coordinates(shapes.geometry.to_numpy()))
    district = vertices.groupby("parent_code")["n"].sum().idxmax()
    out = [{"view": "country -> provinces", "page": OVERVIEW, "area": None}]
    out += [{"view": f"province {p} -> districts", "page": OVERVIEW, "area": p} for p in provinces]
    out += [
        {
            "view": f"district {district} -> subdistricts (most vertices)",
            "page": OVERVIEW,
            "area": district,
        },
        {
            "view": f"subdistrict {largest['subdistrict']} -> household points (most households)",
            "page": OVERVIEW,
            "area": largest["subdistrict"],
        },
        {
            "view": f"village {largest['village']} -> household points (most households)",
            "page": OVERVIEW,
            "area": largest["village"],
        },
        {
            "view": f"household search, province {largest['province']}, no condition",
            "page": HOUSEHOLDS,
            "area": largest["province"],
        },
        {
            "view": f"area potential, province {largest['province']} (access maps)",
            "page": POTENTIAL,
            "area": largest["province"],
        },
    ]
    years = survey_years(build_dir)
    if len(years) > 1:
        out += [
            {
                "view": f"province {provinces[0]} -> districts, round {years[0]}",
                "page": OVERVIEW,
                "area": provinces[0],
                "year": years[0],
            },
            {
                "view": f"district {district} -> subdistricts, round {years[0]}",
                "page": OVERVIEW,
                "area": district,
                "year": years[0],
            },
        ]
    return out


def run(build_dir: Path, runs: int = 1) -> dict:
    """Measure the bytes of every map view on the build in ``build_dir``.

    ``runs`` is accepted for the shared command line; the bytes do not vary.

    Returns
    -------
    dict
        ``views``: per view label, ``maps`` (kind, bytes, and geojson_bytes
        and features, or points) and ``bytes`` (all its maps); ``max_bytes``;
        ``figures`` (:func:`benchmarks.budgets.figure`, one per view and the
        maximum); or ``error``.
    """
    import json

    chosen = views(build_dir)
    measured = fresh_process.run_script(_APPTEST, build_dir, json.dumps(chosen))
    if "error" in measured:
        return {"benchmark": NAME, "error": measured["error"], "figures": {}}
    figures = {}
    for view in chosen:
        entry = measured[view["view"]]
        entry["bytes"] = sum(m["bytes"] for m in entry["maps"])
        figures[view["view"]] = budgets.figure(
            round(entry["bytes"] / 1e6, 3), "MB", budgets.MAP_VIEW_BYTES / 1e6
        )
    largest = max(entry["bytes"] for entry in measured.values())
    figures["max_map_view_mb"] = budgets.figure(
        round(largest / 1e6, 3), "MB", budgets.MAP_VIEW_BYTES / 1e6
    )
    return {
        "benchmark": NAME,
        "budget_bytes": budgets.MAP_VIEW_BYTES,
        "views": measured,
        "max_bytes": largest,
        "figures": figures,
    }


def report(result: dict) -> str:
    """Return the figures as printable lines, each with its budget."""
    lines = ["map bytes sent per view (AppTest, serialised map elements)"]
    if "error" in result:
        return "\n".join([*lines, f"  error: {result['error']}"])
    lines += budgets.lines(result["figures"])
    for label, entry in result["views"].items():
        for m in entry["maps"]:
            detail = (
                f"GeoJSON {m['geojson_bytes']:,} bytes, {m['features']} areas"
                if m["kind"] == "folium"
                else f"{m['points']:,} points"
            )
            lines.append(f"    {label}: {m['kind']} {m['bytes']:,} bytes ({detail})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure on an existing build, or on a fresh pilot build (:mod:`benchmarks.standalone`)."""
    return standalone.main("python -m benchmarks.map_bytes", run, report, 1, argv)


if __name__ == "__main__":
    sys.exit(main())
