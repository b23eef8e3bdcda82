"""The open data service (issue 16): figures, suppression, tokens, masking, scope, audit, limits.

Expected figures come from the command lines (``python -m poverty summary``,
``python -m logbook stats``) run as separate processes, or from the build's
Parquet files with pandas; never from the functions the service calls.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from access import audit, tokens
from access.personal import is_pseudonym
from api import agency
from api.app import create_app
from api.service import DataService
from api.suppression import suppress
from api_support import ROLE_USERS, run_module, seeded_logbook, users_file
from poverty.indicators import DIMENSION_CODES, INDICATOR_CODES

MIN_CELL = 4


@pytest.fixture(scope="module")
def env(pilot_build: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A service over the pilot build, a seeded Logbook, its own audit file and users file."""
    folder = tmp_path_factory.mktemp("api")
    return {
        "build": pilot_build,
        "logbook": seeded_logbook(pilot_build, folder),
        "audit": folder / "audit.sqlite",
        "users": users_file(folder),
    }


@pytest.fixture(scope="module")
def client(env: dict) -> TestClient:
    """TestClient of the app (rate limit high enough not to interfere)."""
    service = DataService(env["build"], logbook_url=env["logbook"], min_cell=MIN_CELL)
    app = create_app(
        service,
        rate_limiter=agency.RateLimiter(10_000),
        audit_path=env["audit"],
        users_path=env["users"],
    )
    return TestClient(app)


def token_for(env: dict, username: str, **kwargs) -> str:
    """Make a token for ``username`` in the test audit file; return it."""
    return tokens.create(env["audit"], username, kwargs.pop("days", 30), **kwargs)[1]


def bearer(token: str) -> dict:
    """Return the Authorization header of a token."""
    return {"Authorization": f"Bearer {token}"}


def village_counts(households: pd.DataFrame) -> pd.DataFrame:
    """Return per village: subdistrict, persons and MPI-poor persons (union rule: mask ≠ 0)."""
    poor = households["mask"] != 0
    return (
        households.assign(poor_persons=households["n_members"].where(poor, 0))
        .groupby("village_code")
        .agg(
            subdistrict_code=("subdistrict_code", "first"),
            persons=("n_members", "sum"),
            poor_persons=("poor_persons", "sum"),
        )
        .reset_index()
    )


# -- figures equal the command lines -------------------------------------------------------


def _cli_json(*args: str, env: dict) -> dict:
    done = run_module(*args, env={"TPMAP_LOGBOOK_URL": env["logbook"]})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("code", ["41", "4101", "village"])
def test_area_figures_equal_the_command_lines(client, env, pilot_households, code):
    """Every published figure equals ``python -m poverty summary`` / ``python -m logbook stats``."""
    if code == "village":  # the largest village of district 4101: nothing small to withhold
        in_district = pilot_households[pilot_households["district_code"] == "4101"]
        code = str(in_district["village_code"].value_counts().idxmax())
    summary = _cli_json(
        "poverty", "summary", "--area", code, "--json", "--build-dir", str(env["build"]), env=env
    )
    stats = _cli_json(
        "logbook",
        "stats",
        "--area",
        code,
        "--json",
        "--db",
        env["logbook"],
        "--build-dir",
        str(env["build"]),
        env=env,
    )
    response = client.get(f"/api/areas/{code}")
    assert response.status_code == 200
    body = response.json()
    figures, withheld = body["figures"], body["suppressed"]
    expected = {
        key: summary[key]
        for key in (
            "households",
            "persons",
            "poor_households",
            "poor_persons",
            "target_poor_persons",
            "poor_persons_without_card",
            "headcount_ratio",
            "intensity",
            "adjusted_headcount_ratio",
            "stars",
        )
    }
    expected.update({f"cp_{c}": summary["censored_persons"][c] for c in INDICATOR_CODES})
    expected.update({f"ch_{c}": summary["censored_headcount"][c] for c in INDICATOR_CODES})
    expected.update({f"dp_{d}": summary["dimension_persons"][d] for d in DIMENSION_CODES})
    expected.update({f"dim_{d}": summary["dimension_headcount"][d] for d in DIMENSION_CODES})
    expected.update({f"contrib_{d}": summary["contribution"][d] for d in DIMENSION_CODES})
    expected.update({f"contrib_{c}": summary["indicator_contribution"][c] for c in INDICATOR_CODES})
    for key in ("target_households", "surveyed_households", "helped_households"):
        expected[key] = stats[key]
    for key in ("surveyed_share", "helped_share"):
        expected[key] = stats[key]
    expected.update({f"stage_{s}": n for s, n in stats["by_stage"].items()})
    assert stats["target_households"] > 0 and stats["surveyed_households"] > 0
    published = 0
    for key, value in expected.items():
        if key in withheld:
            assert figures[key] is None
            if withheld[key] == "primary":
                assert 1 <= value <= MIN_CELL, key
            continue
        assert figures[key] == pytest.approx(value, rel=1e-9, abs=1e-12), key
        published += 1
    main = (
        "households",
        "persons",
        "poor_households",
        "poor_persons",
        "headcount_ratio",
        "intensity",
        "adjusted_headcount_ratio",
        "target_households",
        "surveyed_households",
        "helped_households",
    )
    assert not set(main) & set(withheld)  # a large village: its main figures are published
    if code == "41":
        assert withheld == {} and published == len(expected)
    assert body["area"]["code"] == code
    assert body["meta"]["synthetic"] is True and body["meta"]["built_at"]


# -- suppression ------------------------------------------------------------------------------


def test_suppress_rule_on_a_hand_made_table():
    """Primary 1..4, one complementary sibling, a partition's second part, derived shares."""
    table = pd.DataFrame(
        {
            "code": ["a1", "a2", "a3", "b1", "b2"],
            "parent_code": ["a", "a", "a", "b", "b"],
            "persons": [50, 40, 30, 20, 20],
            "poor_persons": [3, 10, 7, 2, 4],
            "target_poor_persons": [1, 5, 3, 0, 0],
            "poor_persons_without_card": [2, 5, 4, 2, 4],
            "headcount_ratio": [0.06, 0.25, 7 / 30, 0.1, 0.2],
        }
    )
    published, flags = suppress(table, "parent_code", 4)
    # a: a1's 3 is primary; the smallest other (a3's 7) is withheld so 3 = 20 - 10 - 7 fails.
    assert flags["poor_persons"].tolist() == ["primary", "", "complementary", "primary", "primary"]
    assert published["poor_persons"].tolist() == [None, 10, None, None, None]
    # a1's parts 1 and 2 are both primary; a3's 3 primary and its 4 primary; a2's 5/5 published.
    assert flags["target_poor_persons"].tolist()[:3] == ["primary", "", "primary"]
    # b: the two parts of b1 (0 and 2): 2 withheld, 0 withheld beside it (only other part).
    assert flags.loc[3, "poor_persons_without_card"] == "primary"
    assert flags.loc[3, "target_poor_persons"] == "complementary"
    # H is withheld wherever the poor persons are.
    assert flags["headcount_ratio"].tolist() == ["derived", "", "derived", "derived", "derived"]
    assert published.loc[1, "headcount_ratio"] == 0.25


def test_village_with_small_counts_is_suppressed(client, pilot_households, env):
    """A village with 1-4 MPI-poor persons: withheld with its measures, one sibling beside it."""
    villages = village_counts(pilot_households)
    small = villages[villages["poor_persons"].between(1, MIN_CELL)].sort_values("village_code")
    assert not small.empty, "the pilot build has a village with 1-4 MPI-poor persons"
    village = small.iloc[0]
    code = village["village_code"]
    summary = _cli_json(
        "poverty", "summary", "--area", code, "--json", "--build-dir", str(env["build"]), env=env
    )
    assert summary["poor_persons"] == village["poor_persons"]  # the two references agree
    body = client.get(f"/api/areas/{code}").json()
    assert body["figures"]["poor_persons"] is None
    assert body["suppressed"]["poor_persons"] == "primary"
    for key in ("headcount_ratio", "intensity", "adjusted_headcount_ratio", "stars"):
        assert body["figures"][key] is None and body["suppressed"][key] == "derived"
    assert body["figures"]["persons"] == village["persons"]  # not small: published

    # The siblings: the villages of the same subdistrict, worked out with pandas.
    siblings = villages[villages["subdistrict_code"] == village["subdistrict_code"]]
    primary = siblings[siblings["poor_persons"].between(1, MIN_CELL)]
    items = client.get(
        "/api/collections/villages/items",
        params={"parent": village["subdistrict_code"], "limit": 1000},
    ).json()["features"]
    flags = {
        f["id"]: (f["properties"]["suppressed"] or "").split(",")
        for f in items
        if f["properties"]["suppressed"]
    }
    withheld = {c for c, names in flags.items() if "poor_persons" in names}
    expected = set(primary["village_code"])
    if len(primary) == 1 and len(siblings) > 1:
        others = siblings[~siblings["village_code"].isin(expected)]
        positive = others[others["poor_persons"] > 0]
        pool = positive if not positive.empty else others
        expected.add(pool.sort_values(["poor_persons", "village_code"]).iloc[0]["village_code"])
    assert withheld == expected
    assert len(items) == len(siblings)


# -- public responses: headers, formats, errors ------------------------------------------------


def test_etag_304_meta_and_formats(client, pilot_households):
    """ETag and Cache-Control; 304 on If-None-Match; CSV with BOM; GeoJSON with the boundary."""
    first = client.get("/api/areas/4101")
    assert first.headers["cache-control"].startswith("public")
    assert first.headers["x-data-synthetic"] == "true"
    again = client.get("/api/areas/4101", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    changed = client.get("/api/areas/4101?k=0.3333333333")
    assert changed.headers["etag"] != first.headers["etag"]
    assert changed.json()["figures"]["poor_persons"] < first.json()["figures"]["poor_persons"]

    text = client.get("/api/areas/4101?format=csv").content
    assert text.startswith(b"\xef\xbb\xbf")
    lines = text.decode("utf-8-sig").splitlines()
    assert any(line.startswith("# source: SYNTHETIC") for line in lines)
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    in_district = pilot_households[pilot_households["district_code"] == "4101"]
    assert len(rows) == 1 and int(rows[0]["households"]) == len(in_district)

    feature = client.get("/api/areas/4101?format=geojson").json()
    assert feature["type"] == "Feature" and feature["geometry"]["type"] in (
        "Polygon",
        "MultiPolygon",
    )
    assert feature["properties"]["persons"] == int(in_district["n_members"].sum())
    assert feature["meta"]["synthetic"] is True


@pytest.mark.parametrize(
    ("url", "status", "parameter"),
    [
        ("/api/areas/99", 404, "code"),
        ("/api/areas/12345", 404, "code"),
        ("/api/areas/41?year=2550", 404, "year"),
        ("/api/areas/41?k=1.5", 422, "k"),
        ("/api/areas/41?dimensions=wealth", 422, "dimensions"),
        ("/api/areas/41?welfare_card=maybe", 422, "welfare_card"),
        ("/api/collections/towns/items", 404, "collectionId"),
        ("/api/collections/districts/items?bbox=1,2,3", 422, "bbox"),
        ("/api/collections/districts/items?limit=0", 422, "limit"),
    ],
)
def test_public_errors_name_the_parameter(client, url, status, parameter):
    """Bad input: JSON naming the parameter, with the data's meta, never a traceback."""
    response = client.get(url)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["parameter"] == parameter and error["status"] == status
    assert "meta" in response.json()


def test_ogc_collections_paging_and_bbox(client, pilot_households):
    """Landing, conformance, collections; items paged with next links; bbox filters."""
    landing = client.get("/api/").json()
    assert {"service-desc", "conformance", "data"} <= {link["rel"] for link in landing["links"]}
    conf = client.get("/api/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conf
    ids = [c["id"] for c in client.get("/api/collections").json()["collections"]]
    assert ids == ["provinces", "districts", "subdistricts", "villages"]
    districts = sorted(pilot_households["district_code"].unique())
    page = client.get("/api/collections/districts/items?limit=10").json()
    assert page["numberMatched"] == len(districts) and page["numberReturned"] == 10
    assert [f["id"] for f in page["features"]] == districts[:10]
    following = next(link["href"] for link in page["links"] if link["rel"] == "next")
    second = client.get(following).json()
    assert [f["id"] for f in second["features"]] == districts[10:20]
    one = client.get("/api/collections/districts/items/4101").json()
    assert one["id"] == "4101" and one["properties"]["name_en"] == "Mueang Udon Thani"
    # bbox around the house points of district 4101 keeps 4101 and drops Saraburi's districts.
    houses = pilot_households[pilot_households["district_code"] == "4101"]
    box = f"{houses.lon.min()},{houses.lat.min()},{houses.lon.max()},{houses.lat.max()}"
    found = [
        f["id"]
        for f in client.get(f"/api/collections/districts/items?bbox={box}").json()["features"]
    ]
    assert "4101" in found and not any(code.startswith("19") for code in found)


# -- agency tier ---------------------------------------------------------------------------------


def test_masking_and_scope_for_every_role(client, env, pilot_con):
    """Each role: personal data shown or masked as the app does; areas outside scope → 403."""
    expected_status = {
        "national": 200,
        "governor": 200,
        "district_chief": 200,
        "ops_team": 403,  # no export right
        "analyst": 200,
    }
    outside = {"governor": "60", "district_chief": "4102", "ops_team": "410102"}
    for user in ROLE_USERS:
        headers = bearer(token_for(env, user.username))
        response = client.get("/api/households?area=410101&limit=5", headers=headers)
        assert response.status_code == expected_status[user.role], user.role
        if user.role in outside:
            refused = client.get(f"/api/households?area={outside[user.role]}", headers=headers)
            assert refused.status_code == 403
            assert refused.json()["error"]["parameter"] == "area"
        if response.status_code != 200:
            continue
        items = response.json()["items"]
        assert len(items) == 5
        if user.role == "analyst":
            for item in items:
                assert is_pseudonym(item["household_id"])
                assert re.fullmatch(r"\d-\d{4}-xxxxx-xx-\d", item["head_national_id"])
                assert item["house_no"] == ""
                assert item["lat"] == round(item["lat"], 2)
            assert response.json()["personal_data"] is False
        else:
            for item in items:
                head = pilot_con.execute(
                    "SELECT head_name, head_national_id FROM households WHERE household_id = ?",
                    [item["household_id"]],
                ).fetchone()
                assert (item["head_name"], item["head_national_id"]) == head
    analyst = bearer(token_for(env, "test_analyst"))
    assert client.get("/api/households?area=60&limit=1", headers=analyst).status_code == 200


def _audit_rows(env: dict) -> pd.DataFrame:
    return audit.read_exports(env["audit"])


def test_every_household_call_is_audited(client, env, pilot_households):
    """JSON pages and streamed CSV: one audit row each (source api, token id); refusals none."""
    token = token_for(env, "test_governor")
    token_id = token.split(".")[0]
    headers = bearer(token)
    before = len(_audit_rows(env))
    first = client.get("/api/households?area=4101&poor_only=true&limit=50", headers=headers)
    cursor = first.json()["next_cursor"]
    second = client.get(
        f"/api/households?area=4101&poor_only=true&cursor={cursor}", headers=headers
    )
    persons = client.get("/api/persons?area=410101&limit=20", headers=headers)
    stream = client.get("/api/households?area=4101&format=csv", headers=headers)
    refused = client.get("/api/households?area=19", headers=headers)
    assert [r.status_code for r in (first, second, persons, stream, refused)] == [
        200,
        200,
        200,
        200,
        403,
    ]
    rows = _audit_rows(env).head(len(_audit_rows(env)) - before).iloc[::-1]
    assert len(rows) == 4
    assert set(rows["source"]) == {"api"} and set(rows["username"]) == {"test_governor"}
    filters = [json.loads(f) for f in rows["filters"]]
    assert {f["api_token"] for f in filters} == {token_id}
    assert [f["offset"] for f in filters[:2]] == [0, 50]
    assert rows["format"].tolist() == ["json", "json", "json", "csv"]
    assert rows["level"].tolist() == ["household", "household", "person", "household"]
    assert rows["rows"].tolist()[:3] == [50, 50, 20]
    in_district = pilot_households[pilot_households["district_code"] == "4101"]
    assert rows["rows"].tolist()[3] == len(in_district)
    assert first.json()["count"] == int((in_district["mask"] != 0).sum())
    # The pages follow on: no household twice across the two pages.
    ids = [i["household_id"] for i in first.json()["items"] + second.json()["items"]]
    assert len(set(ids)) == 100


def test_streamed_csv_holds_every_household_masked(client, env, pilot_households):
    """The CSV of a whole district: BOM, comment lines, a header, one row per household, masked."""
    headers = bearer(token_for(env, "test_analyst"))
    response = client.get("/api/households?area=4102&format=csv", headers=headers)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-store"
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("# "))
    frame = pd.read_csv(io.StringIO(body), dtype=str)
    expected = pilot_households[pilot_households["district_code"] == "4102"]
    assert len(frame) == len(expected)
    assert frame["household_id"].map(is_pseudonym).all()
    assert frame["head_national_id"].str.fullmatch(r"\d-\d{4}-xxxxx-xx-\d").all()
    assert int(response.headers["x-total-rows"]) == len(expected)


def test_tokens_refused_when_missing_revoked_or_expired(client, env):
    """401 without a token, with a revoked one, an expired one, or an unknown one."""
    assert client.get("/api/households?area=41").status_code == 401
    token = token_for(env, "test_national")
    assert client.get("/api/households?area=41&limit=1", headers=bearer(token)).status_code == 200
    tokens.revoke(env["audit"], token.split(".")[0])
    refused = client.get("/api/households?area=41&limit=1", headers=bearer(token))
    assert refused.status_code == 401 and "revoked" in refused.json()["error"]["message"]
    assert refused.json()["error"]["parameter"] == "Authorization"
    old = token_for(env, "test_national", days=1, at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    expired = client.get("/api/households?area=41", headers=bearer(old))
    assert expired.status_code == 401 and "expired" in expired.json()["error"]["message"]
    forged = client.get("/api/households?area=41", headers=bearer("abcd1234.notatoken"))
    assert forged.status_code == 401


@pytest.mark.parametrize(
    ("query", "status", "parameter"),
    [
        ("area=41&dimension=wealth", 422, "dimension"),
        ("area=41&min_dimensions=4&max_dimensions=2", 422, "min_dimensions/max_dimensions"),
        ("area=41&tpmap_poor=true&welfare_card=without", 422, "tpmap_poor"),
        ("area=41&vulnerability=7", 422, "vulnerability"),
        ("area=4199", 404, "area"),
        ("area=41&cursor=garbage", 422, "cursor"),
        ("area=41&limit=5000", 422, "limit"),
    ],
)
def test_agency_errors_name_the_parameter(client, env, query, status, parameter):
    """Bad conditions → 422, an area not in the build → 404, each naming the parameter."""
    response = client.get(
        f"/api/households?{query}", headers=bearer(token_for(env, "test_national"))
    )
    assert response.status_code == status
    assert response.json()["error"]["parameter"] == parameter


def test_rate_limit_answers_429_with_retry_after(env):
    """The 4th request of a minute with a limit of 3 gets 429 and Retry-After; others still pass."""
    service = DataService(env["build"], logbook_url=env["logbook"], min_cell=MIN_CELL)
    app = create_app(
        service,
        rate_limiter=agency.RateLimiter(3),
        audit_path=env["audit"],
        users_path=env["users"],
    )
    limited = TestClient(app)
    busy, other = bearer(token_for(env, "test_analyst")), bearer(token_for(env, "test_analyst"))
    codes = [
        limited.get("/api/households?area=410101&limit=1", headers=busy).status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    refused = limited.get("/api/households?area=410101&limit=1", headers=busy)
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert limited.get("/api/households?area=410101&limit=1", headers=other).status_code == 200


def test_token_command_line(tmp_path, env):
    """create-token prints the token once (only its hash is stored); list and revoke by id."""
    extra = {
        "TPMAP_AUDIT_DB": str(tmp_path / "audit.sqlite"),
        "TPMAP_USERS_FILE": str(env["users"]),
    }
    made = run_module("access", "create-token", "--user", "test_analyst", "--days", "90", env=extra)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    token_id = token.split(".")[0]
    assert re.fullmatch(r"[0-9a-f]{8}\.[A-Za-z0-9_-]{40,}", token)
    stored = (tmp_path / "audit.sqlite").read_bytes()
    assert token.encode() not in stored and tokens.token_hash(token).encode() in stored
    listed = run_module("access", "list-tokens", env=extra)
    assert token_id in listed.stdout and "valid" in listed.stdout
    assert token.split(".")[1] not in listed.stdout
    assert run_module("access", "revoke-token", token_id, env=extra).returncode == 0
    assert "revoked" in run_module("access", "list-tokens", env=extra).stdout
    unknown = run_module("access", "create-token", "--user", "nobody", env=extra)
    assert unknown.returncode == 2 and "nobody" in unknown.stderr
    too_long = run_module(
        "access", "create-token", "--user", "test_analyst", "--days", "900", env=extra
    )
    assert too_long.returncode == 2 and "--days" in too_long.stderr
    state = tokens.look_up(tmp_path / "audit.sqlite", token)
    assert state.status == tokens.REVOKED and np.isin(state.username, ["test_analyst"])


def test_logbook_figures_refresh_in_the_background(env, monkeypatch):
    """Stale Logbook figures are served while a thread reads again; then the new ones."""
    import threading

    import api.service as service_module
    from api.service import Options

    service = DataService(env["build"], logbook_url=env["logbook"], min_cell=MIN_CELL)
    before = service.area_figures("41", Options())[0]["surveyed_households"]
    stamp, status, _ = service.progress_table()
    in_41 = status["village_code"].str.startswith("41") & status["first_visit"].notna()
    one_fewer = status.copy()
    one_fewer.loc[in_41[in_41].index[0], "first_visit"] = pd.NaT  # a visit not yet recorded
    monkeypatch.setattr(service_module, "PROGRESS_SECONDS", 0.0)
    monkeypatch.setattr(service, "_read_progress", lambda: (stamp + 1, one_fewer, None))
    assert service.area_figures("41", Options())[0]["surveyed_households"] == before  # stale
    for thread in threading.enumerate():
        if thread.name == "logbook-refresh":
            thread.join(timeout=120)
    monkeypatch.setattr(service_module, "PROGRESS_SECONDS", 3600.0)
    assert service.progress_table()[0] == stamp + 1
    assert service.area_figures("41", Options())[0]["surveyed_households"] == before - 1


def test_collection_as_csv(client, pilot_households):
    """``f=csv``: the districts of province 41 as CSV rows whose households add up to it."""
    response = client.get("/api/collections/districts/items?parent=41&f=csv&limit=1000")
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").splitlines()
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    udon = pilot_households[pilot_households["province_code"] == "41"]
    assert sorted(r["code"] for r in rows) == sorted(udon["district_code"].unique())
    assert sum(int(r["households"]) for r in rows) == len(udon)
    assert "suppressed" in rows[0]


def test_an_earlier_survey_round_equals_the_command_line_for_that_year(client, env):
    """Issue 16: "any survey year once years exist"; the round is the one asked for."""
    build = str(env["build"])
    earlier = _cli_json(
        "poverty",
        "summary",
        "--area",
        "41",
        "--year",
        "2565",
        "--json",
        "--build-dir",
        build,
        env=env,
    )
    latest = _cli_json(
        "poverty", "summary", "--area", "41", "--json", "--build-dir", build, env=env
    )
    assert earlier["poor_persons"] != latest["poor_persons"]  # the rounds do differ
    for year, summary in (("2565", earlier), ("", latest), ("2567", latest)):
        response = client.get(f"/api/areas/41?year={year}")
        assert response.status_code == 200
        body = response.json()["figures"]
        for key in ("households", "persons", "poor_persons", "target_poor_persons"):
            assert body[key] == summary[key], (year, key)
    missing = client.get("/api/areas/41?year=2550").json()
    assert "2563, 2564, 2565, 2566, 2567" in json.dumps(missing, ensure_ascii=False)
