"""The data-quality flag comparing survey rounds: households not re-surveyed for two rounds.

Rule (``data_loaders/quality.py``): in the store of round *t*, a household
surveyed in an earlier round of the build but in neither round *t* nor the
round before it is flagged ``not_resurveyed``, with the area of the round it
was last surveyed in and ``value`` = that round.

Four real rounds of the six households of ``test_real_export`` (H1-H6,
village 41010101), added one at a time with ``--year``:

| round | households | |
|---|---|---|
| 2564 | H1 H2 H3 H4 H5 H6 | |
| 2565 | H1 H2 H3 H4 H5 | H4 moved to the next village, H6 gone |
| 2566 | H1 H2 H3 H5 | H4 gone |
| 2567 | H1 H2 H3 | H5 gone |

Worked by hand: 2564 and 2565 have fewer than two rounds before them, no flag.
2566: of the households of 2564, those in neither 2565 nor 2566: H6 (last
2564). 2567: of 2564-2565, those in neither 2566 nor 2567: H4 (last 2565, in
the next village) and H6 (last 2564); H5, absent from 2567 only, is not
flagged. Replacing 2565 by all six households (none moved) changes the later
rounds: 2566 flags none, 2567 flags H4 and H6, both last surveyed in 2565 in
village 41010101.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from data_loaders.__main__ import main as loaders_main
from data_loaders.build import build
from queries.figures import connect, survey_years
from queries.quality import area_counts, child_counts, flagged_rows
from roles_support import NATIONAL
from test_real_export import HOUSEHOLD_IDS, INCOME_BOOLEAN, VILLAGE, household_rows, person_rows
from test_real_export import village_point as first_village_point
from test_real_rounds import next_village

H1, H2, H3, H4, H5, H6 = HOUSEHOLD_IDS
#: Households of each round (index into HOUSEHOLD_IDS), and whether H4 has moved.
ROUNDS = {
    2564: ([H1, H2, H3, H4, H5, H6], False),
    2565: ([H1, H2, H3, H4, H5], True),
    2566: ([H1, H2, H3, H5], False),
    2567: ([H1, H2, H3], False),
}


def write_round(
    folder: Path, lon: float, lat: float, ids: list[str], moved_to: str | None
) -> tuple[Path, Path]:
    """Write the households ``ids`` (H4 in village ``moved_to`` when given) and their persons."""
    folder.mkdir(parents=True, exist_ok=True)
    households = household_rows(lon, lat, INCOME_BOOLEAN)
    persons = person_rows()
    if moved_to:
        moved = households["household_id"] == H4
        households.loc[moved, ["subdistrict_code", "village_code"]] = moved_to[:6], moved_to
    households = households[households["household_id"].isin(ids)]
    persons = persons[persons["household_id"].isin(ids)]
    path_h, path_p = folder / "households.csv", folder / "persons.csv"
    households.to_csv(path_h, index=False)
    persons.to_csv(path_p, index=False)
    return path_h, path_p


def flags_of(build_dir: Path, year: int) -> set[tuple]:
    """Return (household, village, value) of the round's not_resurveyed rows."""
    con = connect(build_dir, year)
    try:
        rows = con.execute(
            "SELECT household_id, village_code, value FROM quality_flags "
            "WHERE flag = 'not_resurveyed'"
        ).fetchall()
    finally:
        con.close()
    return set(rows)


@pytest.fixture(scope="module")
def four_rounds(pilot_build: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Build the four rounds of the module docstring, one ``--year`` at a time."""
    lon, lat = first_village_point(pilot_build)
    moved_to = next_village(pilot_build)
    root = tmp_path_factory.mktemp("quality_rounds")
    out = root / "build"
    for year, (ids, moved) in ROUNDS.items():
        files = write_round(root / str(year), lon, lat, ids, moved_to if moved else None)
        build(out=out, households_file=files[0], persons_file=files[1], year=year)
    return {"build": out, "root": root, "moved_to": moved_to, "lon": lon, "lat": lat}


def test_each_round_flags_the_households_absent_from_its_last_two(four_rounds):
    out, moved_to = four_rounds["build"], four_rounds["moved_to"]
    assert survey_years(out) == (2564, 2565, 2566, 2567)
    assert moved_to != VILLAGE
    assert flags_of(out, 2564) == set()
    assert flags_of(out, 2565) == set()
    assert flags_of(out, 2566) == {(H6, VILLAGE, 2564)}
    assert flags_of(out, 2567) == {(H4, moved_to, 2565), (H6, VILLAGE, 2564)}


def test_counts_rows_and_check_command_of_the_latest_round(four_rounds, capsys):
    out, moved_to = four_rounds["build"], four_rounds["moved_to"]
    con = connect(out, 2567)
    try:
        totals = area_counts(con, "41")
        children = child_counts(con, "410101")
        rows = flagged_rows(con, "41", NATIONAL, flags=("not_resurveyed",))
    finally:
        con.close()
    # H1-H3 are in 2567 and clean; H4 and H6 are not in the round: not among its households.
    assert totals["households"] == 3 and totals["households_flagged"] == 0
    assert totals["not_resurveyed"] == 2
    by_village = dict(zip(children["code"], children["not_resurveyed"], strict=True))
    assert by_village[VILLAGE] == 1  # H6; H4 counts in its last village, which has none in 2567
    assert rows["household_id"].tolist() == [H6, H4]  # by village: 41010101 first
    assert set(zip(rows["household_id"], rows["value"], strict=True)) == {(H4, 2565), (H6, 2564)}
    assert rows["head_name"].isna().all()  # not in this round: no head, house or point here
    argv = ["check", "--build-dir", str(out), "--area", "41", "--json"]
    assert loaders_main([*argv, "--year", "2567"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["area"]["not_resurveyed"] == 2 and report["rows_total"] == 2
    assert {r["village_code"] for r in report["rows"]} == {VILLAGE, moved_to}
    assert loaders_main([*argv, "--year", "2566"]) == 0
    assert json.loads(capsys.readouterr().out)["area"]["not_resurveyed"] == 1


def test_replacing_an_earlier_round_updates_later_flags_not_the_old_build(four_rounds, tmp_path):
    root, out = four_rounds["root"], tmp_path / "build"
    shutil.copytree(four_rounds["build"], out)  # the module's build stays as it is
    snapshot = tmp_path / "snapshot"
    shutil.copytree(out, snapshot, copy_function=os.link)  # the same files, hard-linked
    ids = [H1, H2, H3, H4, H5, H6]
    files = write_round(root / "2565-again", four_rounds["lon"], four_rounds["lat"], ids, None)
    build(out=out, households_file=files[0], persons_file=files[1], year=2565)
    assert flags_of(out, 2566) == set()
    assert flags_of(out, 2567) == {(H4, VILLAGE, 2565), (H6, VILLAGE, 2565)}
    # The build carried the later rounds' stores as links: it copied them before writing.
    assert flags_of(snapshot, 2567) == {(H4, four_rounds["moved_to"], 2565), (H6, VILLAGE, 2564)}
    latest = pd.read_parquet(out / "households.parquet")
    assert sorted(latest["household_id"]) == [H1, H2, H3]
