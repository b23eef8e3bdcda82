"""Issue 11: each role signs in (real password check and session) and walks every page.

For every demo role of ``config/users.yaml`` the walk visits each page (and
its tabs and radio choices) for province 41 and for an area outside the
role's scope, opens a household in the search and lists every kind of
Logbook entry. Everything the app sent (element protos, dataframe cells,
deck.gl JSON, markdown) is collected and searched for personal data read
independently from the build and the Logbook:

- a masked role (``analyst``) must not receive a full name (heads and
  members), a national ID, a name or note typed into the Logbook, or a
  house's exact coordinates (4 or more decimals);
- roles with the personal-data right do receive full names (the positive
  control, so the search cannot pass by finding nothing).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from access.roles import PERSONAL_DATA, get_role
from components.potential import ACCESS_MAP_KEPT
from logbook import store
from signin_support import signed_in_app

#: Demo users (the password is the username) and an area outside each one's scope.
ROLES = {
    "national": None,
    "governor_udon": "19",
    "chief_mueang_udon": "4102",
    "ops_team": "410102",
    "analyst": None,
}
ROLE_OF = {
    "national": "national",
    "governor_udon": "governor",
    "chief_mueang_udon": "district_chief",
    "ops_team": "ops_team",
    "analyst": "analyst",
}
#: Typed into the Logbook for a missed household of 410101 (the test store).
TYPED_NAME = "นายพิมพ์เอง ทดสอบลับ"
TYPED_NOTE = "ลับเฉพาะ โทร 0812345678"
TYPED_POINT = (17.412345, 102.789876)
#: A number with 5 or more decimals (an exact coordinate; masked ones have 2).
COORDINATE = re.compile(r"(?<![\d.])\d{1,3}\.\d{5,}")


@pytest.fixture(scope="module")
def people(pilot_build: Path) -> dict:
    """Full names, national IDs and exact coordinates of province 41, read from the build."""
    persons = pd.read_parquet(
        pilot_build / "persons.parquet", columns=["household_id", "name", "national_id"]
    )
    persons = persons[persons["household_id"].str.startswith("41")]
    houses = pd.read_parquet(
        pilot_build / "households.parquet", columns=["household_id", "lat", "lon"]
    )
    houses = houses[houses["household_id"].str.startswith("41")]
    points = set(zip(houses["lat"].round(6), houses["lon"].round(6), strict=True))
    return {
        "names": set(persons["name"]),
        "ids": set(persons["national_id"]),
        "members": persons,
        "points": points,
    }


@pytest.fixture(scope="module")
def walk_env(pilot_build: Path, tmp_path_factory):
    """Sign-in on, the pilot build, its own audit log and a Logbook with one typed record."""
    folder = tmp_path_factory.mktemp("walk")
    url = f"sqlite:///{folder / 'logbook.sqlite'}"
    engine = store.engine_for(url)
    store.add_records(
        engine,
        [
            {
                "kind": "missed",
                "household_id": "N41010101T1",
                "village_code": "41010101",
                "found_date": date(2026, 10, 2),
                "head_name": TYPED_NAME,
                "n_members": 3,
                "lat": TYPED_POINT[0],
                "lon": TYPED_POINT[1],
                "note": TYPED_NOTE,
                "record_key": "walk-missed-1",
                "recorded_by": "ops_team",
                "recorded_at": datetime(2026, 10, 2, 3, 0),
                "source": "form",
            }
        ],
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
        patch.setenv("TPMAP_AUTH", "on")
        patch.setenv("TPMAP_AUDIT_DB", str(folder / "audit.sqlite"))
        patch.setenv("TPMAP_LOGBOOK_URL", url)
        yield
    store.dispose(url)


def _collect(node, texts: list[str], cells: set[str]) -> None:
    """Gather what one rendered tree sent: proto text of every element, dataframe cells."""
    children = getattr(node, "children", None)
    if children:
        for child in children.values():
            _collect(child, texts, cells)
    proto = getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "SerializeToString"):
        texts.append(proto.SerializeToString().decode("utf-8", errors="ignore"))
    if getattr(node, "type", None) in ("arrow_data_frame", "dataframe", "table"):
        try:
            frame = node.value
        except Exception:  # noqa: BLE001 - a frame AppTest cannot decode is still in the proto
            return
        for column in frame.columns:
            cells.update(str(v) for v in frame[column].tolist())
        cells.update(str(c) for c in frame.columns)


def _seen(at: AppTest, texts: list[str], cells: set[str]) -> None:
    assert not at.exception, [e.value for e in at.exception]
    _collect(at._tree, texts, cells)


def _has(at: AppTest, key: str) -> bool:
    """Return whether the last run drew a widget with this key."""
    kinds = ("radio", "button", "selectbox", "checkbox", "text_input", "date_input")
    return any(getattr(w, "key", None) == key for kind in kinds for w in getattr(at, kind))


def _logbook_entries(at: AppTest, texts: list[str], cells: set[str]) -> None:
    """List every kind of Logbook entry (a tab for recording roles, the page for the others)."""
    from components.i18n import LABELS

    if not _has(at, "lb_recent_kind"):
        at.session_state["lb_tabs"] = LABELS["lb_tab_recent"][0]
        at.run()
        _seen(at, texts, cells)
    for kind in ("visit", "help", "stage", "missed", "subsidy"):
        at.radio(key="lb_recent_kind").set_value(kind).run()
        _seen(at, texts, cells)


def _walk(
    monkeypatch: pytest.MonkeyPatch, username: str, outside: str | None
) -> tuple[str, set[str]]:
    """Sign in as ``username`` and visit every page; return (all text, all table cells)."""
    texts: list[str] = []
    cells: set[str] = set()
    pages = [
        ("app_pages/overview.py", "41"),
        ("app_pages/overview.py", "41010101"),
        ("app_pages/urgent.py", "41010101"),
        ("app_pages/potential.py", "4101"),
        ("app_pages/progress.py", "410101"),
        ("app_pages/logbook.py", "410101"),
        ("app_pages/households.py", "410101"),
        ("app_pages/reports.py", "41"),
        ("app_pages/data_quality.py", "41"),
        ("app_pages/scenarios.py", "4101"),
    ]
    for area in ["41", *([outside] if outside else [])]:
        at = signed_in_app(monkeypatch, area, username)
        at.session_state[ACCESS_MAP_KEPT] = True  # Area potential's point map panel opened
        _seen(at, texts, cells)
        for page, code in pages:
            at.query_params["area"] = code if area == "41" else area
            at.switch_page(page).run()
            _seen(at, texts, cells)
            if page.endswith("logbook.py"):
                _logbook_entries(at, texts, cells)
            if page.endswith("households.py") and _has(at, "hs_submit"):
                at.button(key="hs_submit").click().run()
                _seen(at, texts, cells)
                at.session_state["hs_table"] = {"selection": {"rows": [0], "columns": []}}
                at.run()
                _seen(at, texts, cells)
    return "\n".join(texts), cells


NATIONAL_ID = re.compile(r"(?<!\d)(\d)-?(\d{4})-?(\d{5})-?(\d{2})-?(\d)(?!\d)")
PSEUDONYM = re.compile(r"(?<![0-9A-Za-z])H[0-9a-f]{12}(?![0-9a-f])")
HOUSEHOLD_ID = re.compile(r"(?<!\d)41\d{10}(?!\d)")


@pytest.mark.parametrize("username", list(ROLES))
def test_each_role_sees_personal_data_only_with_the_right(username, walk_env, people, monkeypatch):
    text, cells = _walk(monkeypatch, username, ROLES[username])
    personal = PERSONAL_DATA in get_role(ROLE_OF[username]).rights
    households = set(HOUSEHOLD_ID.findall(text)) | {c for c in cells if HOUSEHOLD_ID.fullmatch(c)}
    members = people["members"]
    names_of_shown = set(members.loc[members["household_id"].isin(households), "name"])
    shown_names = (people["names"] & cells) | {n for n in names_of_shown if n in text}
    shown_ids = {"".join(m.groups()) for m in NATIONAL_ID.finditer(text)} & people["ids"]
    if personal:
        assert shown_names, "positive control: a full name must be shown to this role"
        numbers = [round(float(m.group(0)), 6) for m in COORDINATE.finditer(text)]
        pairs = set(zip(numbers, numbers[1:], strict=False))
        assert (pairs | {(b, a) for a, b in pairs}) & people["points"], "positive control"
        return
    # Household IDs end in the house number: a masked role gets pseudonyms only, and the
    # walk did reach household rows and one household's page through them.
    assert households == set()
    assert PSEUDONYM.search(text), "the walk must reach household rows"
    assert shown_names == set()
    assert shown_ids == set()
    assert TYPED_NAME not in text and TYPED_NOTE not in text
    # Exact points: consecutive numbers that are a house's (lat, lon) or (lon, lat), to the
    # 6 decimals the build stores (boundary vertices never match a house at that precision).
    numbers = [round(float(m.group(0)), 6) for m in COORDINATE.finditer(text)]
    pairs = set(zip(numbers, numbers[1:], strict=False))
    pairs |= {(b, a) for a, b in pairs}
    assert pairs & people["points"] == set()
    assert str(TYPED_POINT[0]) not in text and str(TYPED_POINT[1]) not in text
