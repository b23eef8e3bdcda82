"""Real survey rounds (issue 12): ``--year`` adds or replaces one round of a real export.

The six households of ``test_real_export`` (DOMAIN.md §2 format) are round
2566; round 2567 drops H6, adds H7 and moves H5 to the next village: one ID
appears, one vanishes, one changes village, counted in ``rounds.csv`` and not
rejected. Worked by hand from those files.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data_loaders.__main__ import main as loaders_main
from data_loaders.build import build
from poverty.__main__ import main as poverty_main
from queries.figures import area_summary, connect, survey_years
from test_real_export import HOUSEHOLD_IDS, INCOME_BOOLEAN, household_rows, person_rows
from test_real_export import village_point as first_village_point


def with_check_digit(first12: str) -> str:
    """Return a 13-digit national ID: ``first12`` and its check digit."""
    total = sum(int(c) * w for c, w in zip(first12, range(13, 1, -1), strict=True))
    return first12 + str((11 - total % 11) % 10)


def next_village(pilot_build: Path) -> str:
    """Return the first village of district 4101 after 41010101 (H5 moves there)."""
    villages = pd.read_parquet(pilot_build / "villages.parquet", columns=["village_code"])
    codes = sorted(c for c in villages["village_code"] if c.startswith("4101") and c > "41010101")
    return codes[0]


def write_round(
    folder: Path, lon: float, lat: float, later: bool, moved_to: str = ""
) -> tuple[Path, Path]:
    """Write round 2566 (``later`` False) or 2567 of the six households (H5 to ``moved_to``)."""
    folder.mkdir(parents=True, exist_ok=True)
    households, persons = household_rows(lon, lat, INCOME_BOOLEAN), person_rows()
    if later:
        moved = households["household_id"] == HOUSEHOLD_IDS[4]
        households.loc[moved, ["subdistrict_code", "village_code"]] = moved_to[:6], moved_to
        gone = HOUSEHOLD_IDS[5]
        households = households[households["household_id"] != gone]
        persons = persons[persons["household_id"] != gone]
        new_id = HOUSEHOLD_IDS[0][:-2] + "07"
        added = households.iloc[[1]].assign(household_id=new_id)
        members = persons[persons["household_id"] == HOUSEHOLD_IDS[1]].copy()
        members["household_id"] = new_id
        members["person_id"] = new_id + members["person_id"].str[-2:]
        members["national_id"] = [with_check_digit(f"34101000999{i}") for i in (1, 2)]
        households = pd.concat([households, added], ignore_index=True)
        persons = pd.concat([persons, members], ignore_index=True)
    path_h, path_p = folder / "households.csv", folder / "persons.csv"
    households.to_csv(path_h, index=False)
    persons.to_csv(path_p, index=False)
    return path_h, path_p


@pytest.fixture(scope="module")
def real_rounds(pilot_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    lon, lat = first_village_point(pilot_build)
    root = tmp_path_factory.mktemp("rounds")
    out = root / "build"
    first = write_round(root / "2566", lon, lat, later=False)
    build(out=out, households_file=first[0], persons_file=first[1], year=2566)
    later = write_round(root / "2567", lon, lat, later=True, moved_to=next_village(pilot_build))
    argv = ["build", "--out", str(out), "--households", str(later[0])]
    assert loaders_main([*argv, "--persons", str(later[1]), "--year", "2567"]) == 0
    return out


def test_a_one_round_real_build_has_its_year(pilot_build, tmp_path):
    lon, lat = first_village_point(pilot_build)
    files = write_round(tmp_path / "files", lon, lat, later=False)
    out = build(out=tmp_path / "b", households_file=files[0], persons_file=files[1], year=2565)
    assert survey_years(out) == (2565,)
    con = connect(out, 2565)
    try:
        assert area_summary(con, "41")["households"] == 6
    finally:
        con.close()


def test_a_later_round_is_added_and_becomes_the_latest(real_rounds, capsys):
    assert survey_years(real_rounds) == (2566, 2567)
    report = pd.read_csv(real_rounds / "rounds.csv").iloc[0]
    assert (report["survey_year"], report["previous_year"]) == (2567, 2566)
    assert (report["appeared"], report["vanished"], report["moved_village"]) == (1, 1, 1)
    latest = pd.read_parquet(real_rounds / "households.parquet")
    assert set(latest["survey_year"]) == {2567}
    argv = ["change", "--area", "41", "--from", "2566", "--to", "2567", "--json"]
    assert poverty_main([*argv, "--build-dir", str(real_rounds)]) == 0
    out = capsys.readouterr().out
    # H1-H5 in both rounds; poor H1, H3, H4 stay poor; H2, H5 stay non-poor.
    assert '"households_both": 5' in out
    assert '"stayed_poor": 3' in out and '"stayed_non_poor": 2' in out
    assert '"exited": 0' in out and '"entered": 0' in out


def test_an_earlier_round_replaces_its_year_and_keeps_the_latest(
    real_rounds, pilot_build, tmp_path
):
    lon, lat = first_village_point(pilot_build)
    files = write_round(tmp_path / "again", lon, lat, later=False)
    build(out=real_rounds, households_file=files[0], persons_file=files[1], year=2566)
    assert survey_years(real_rounds) == (2566, 2567)
    latest = pd.read_parquet(real_rounds / "households.parquet")
    assert set(latest["survey_year"]) == {2567} and len(latest) == 6
    con = connect(real_rounds, 2566)
    try:
        assert area_summary(con, "41")["households"] == 6
    finally:
        con.close()
