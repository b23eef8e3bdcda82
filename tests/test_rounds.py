"""Survey rounds and change over time (issue 12), checked against the Parquet files.

Every expected figure is recomputed here with pandas from the rounds'
``households.parquet`` files (deprivation from the 16 indicator columns and
the income below 38,000 baht, not from the stored ``mask`` or the query
code), then compared with ``python -m poverty change`` and the rounds'
summaries.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import settings
from data_loaders.calibration import LATEST_YEAR, SURVEY_YEARS, round_target
from data_loaders.schema import BOOLEAN_INDICATORS
from poverty.__main__ import main as poverty_main
from poverty.indicators import INDICATORS
from queries.figures import UnknownYearError, area_summary, connect, round_folder, survey_years

PROVINCE, DISTRICT = "41", "4101"


def round_households(build: Path, year: int) -> pd.DataFrame:
    """Round ``year``'s households with ``failed`` (set of indicator codes) and ``poor``."""
    frame = pd.read_parquet(round_folder(build, year) / "households.parquet")
    failed = pd.DataFrame(
        {c: frame[c].fillna(False).astype(bool) for c in BOOLEAN_INDICATORS}, index=frame.index
    )
    failed["income_per_capita"] = frame["income_per_capita"] < settings.INCOME_LINE
    frame["poor"] = failed.any(axis=1)
    frame["target"] = frame["poor"] & (frame["welfare_card_holders"] > 0)
    for code in failed.columns:
        frame[f"f_{code}"] = failed[code]
    return frame.set_index("household_id")


def expected_change(build: Path, code: str, column: str, first: int, last: int) -> dict:
    a, b = round_households(build, first), round_households(build, last)
    a = a[a[column] == code]
    both = a.index.intersection(b.index)
    a, b = a.loc[both], b.loc[both]
    out = {"households_both": len(both)}
    for key, (pa, pb) in {
        "stayed_poor": (True, True),
        "exited": (True, False),
        "entered": (False, True),
        "stayed_non_poor": (False, False),
    }.items():
        out[key] = int(((a["poor"] == pa) & (b["poor"] == pb)).sum())
        out[f"target_{key}"] = int(((a["target"] == pa) & (b["target"] == pb)).sum())
    exited, entered = a["poor"] & ~b["poor"], ~a["poor"] & b["poor"]
    for c in [*BOOLEAN_INDICATORS, "income_per_capita"]:
        out[f"exit_{c}"] = int((exited & a[f"f_{c}"] & ~b[f"f_{c}"]).sum())
        out[f"entry_{c}"] = int((entered & b[f"f_{c}"] & ~a[f"f_{c}"]).sum())
    out["poor_change"] = int(b["poor"].sum() - a["poor"].sum())
    return out


def change_json(capsys, build: Path, code: str, first: int, last: int) -> dict:
    argv = ["change", "--area", code, "--from", str(first), "--to", str(last)]
    assert poverty_main([*argv, "--json", "--build-dir", str(build)]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_pilot_build_holds_five_rounds(pilot_build):
    assert survey_years(pilot_build) == SURVEY_YEARS == (2563, 2564, 2565, 2566, 2567)
    for year in SURVEY_YEARS:
        frame = pd.read_parquet(
            round_folder(pilot_build, year) / "households.parquet", columns=["survey_year"]
        )
        assert set(frame["survey_year"]) == {year}
    with pytest.raises(UnknownYearError, match="2563, 2564, 2565, 2566, 2567"):
        connect(pilot_build, 2550)


def test_the_latest_round_is_the_default(pilot_build):
    latest, default = connect(pilot_build, LATEST_YEAR), connect(pilot_build)
    try:
        assert area_summary(latest, PROVINCE) == area_summary(default, PROVINCE)
    finally:
        latest.close()
        default.close()


def test_unknown_year_on_the_command_line_lists_the_years(pilot_build, capsys):
    argv = ["summary", "--area", PROVINCE, "--year", "2550", "--build-dir", str(pilot_build)]
    assert poverty_main(argv) == 2
    assert "years present: 2563, 2564, 2565, 2566, 2567" in capsys.readouterr().err


def test_summary_of_a_round_matches_its_parquet(pilot_build, capsys):
    frame = round_households(pilot_build, 2565)
    frame = frame[frame["province_code"] == PROVINCE]
    argv = ["summary", "--area", PROVINCE, "--year", "2565", "--json"]
    assert poverty_main([*argv, "--build-dir", str(pilot_build)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["year"] == 2565
    assert result["households"] == len(frame)
    assert result["poor_households"] == int(frame["poor"].sum())
    assert result["target_poor_persons"] == int(
        frame.loc[frame["poor"], "welfare_card_holders"].sum()
    )


@pytest.mark.parametrize("year", [2563, 2564, 2565, 2566])
def test_each_round_meets_its_target_poor(pilot_build, year):
    frame = round_households(pilot_build, year)
    plan = pd.read_csv(pilot_build / "calibration.csv", dtype={"province_code": str})
    row = plan.set_index("province_code").loc[PROVINCE]
    target = round(int(row["target_poor_persons"]) * round_target(year).ratio)
    assert row[f"target_poor_persons_{year}"] == target
    assert f"{year}: " in row["round_sources"]
    mine = frame[(frame["province_code"] == PROVINCE) & frame["poor"]]
    got = int(mine["welfare_card_holders"].sum())
    # The smallest sum of whole households' card holders reaching the target.
    assert target <= got < target + int(frame["welfare_card_holders"].max())


@pytest.mark.parametrize(
    ("code", "column"),
    [(PROVINCE, "province_code"), (DISTRICT, "district_code"), (None, "village_code")],
)
def test_change_equals_the_transitions_recomputed_from_parquet(pilot_build, capsys, code, column):
    if code is None:  # the largest village of the district
        frame = pd.read_parquet(pilot_build / "households.parquet", columns=["village_code"])
        code = frame["village_code"][frame["village_code"].str.startswith(DISTRICT)].mode()[0]
    for first, last in ((2566, 2567), (2563, 2567)):
        want = expected_change(pilot_build, code, column, first, last)
        got = change_json(capsys, pilot_build, code, first, last)
        assert (got["from_year"], got["to_year"], got["area_code"]) == (first, last, code)
        assert got["households_both"] == want["households_both"] > 0
        for key in ("stayed_poor", "exited", "entered", "stayed_non_poor"):
            assert got[key] == want[key]
            assert got["target"][key] == want[f"target_{key}"]
        for c, n in got["indicator_exits"].items():
            assert n == want[f"exit_{c}"], c
        for c, n in got["indicator_entries"].items():
            assert n == want[f"entry_{c}"], c
        assert got["entered"] - got["exited"] == want["poor_change"]


def test_transitions_are_persistent_but_not_frozen(pilot_build):
    a, b = round_households(pilot_build, 2566), round_households(pilot_build, 2567)
    both = a.index.intersection(b.index)
    poor_a, poor_b = a.loc[both, "poor"], b.loc[both, "poor"]
    stay = (poor_a & poor_b).sum() / poor_a.sum()
    assert 0.6 < stay < 0.95  # most MPI-poor households stay poor, some leave
    assert (~poor_a & poor_b).sum() > 0.05 * poor_b.sum()  # some enter


def test_households_form_split_dissolve_and_move(pilot_build):
    report = pd.read_csv(pilot_build / "rounds.csv", dtype={"province_code": str})
    row = report[(report["survey_year"] == 2566) & (report["province_code"] == "19")].iloc[0]
    a = pd.read_parquet(round_folder(pilot_build, 2566) / "households.parquet")
    b = pd.read_parquet(pilot_build / "households.parquet")
    a, b = (f[f["province_code"] == "19"].set_index("household_id") for f in (a, b))
    assert len(b.index.difference(a.index)) == row["formed_since"]
    assert len(a.index.difference(b.index)) == row["dissolved_since"]
    both = a.index.intersection(b.index)
    assert (
        int((a.loc[both, "village_code"] != b.loc[both, "village_code"]).sum())
        == row["moved_since"]
    )
    for name, share in (("formed_since", 0.010), ("dissolved_since", 0.015)):
        assert row[name] == pytest.approx(share * len(b), rel=0.05)
    persons = pd.read_parquet(round_folder(pilot_build, 2566) / "persons.parquet")
    assert persons["national_id"].is_unique and persons["person_id"].is_unique
    members = persons.groupby("household_id").size()
    households = pd.read_parquet(round_folder(pilot_build, 2566) / "households.parquet")
    assert np.array_equal(
        members.reindex(households["household_id"]).to_numpy(), households["n_members"].to_numpy()
    )


def test_household_history_gives_every_round_and_masks_the_id(pilot_build):
    from access.personal import pseudonym
    from queries.rounds import household_history
    from roles_support import ANALYST, NATIONAL

    frames = {y: round_households(pilot_build, y) for y in SURVEY_YEARS}
    first, latest = frames[SURVEY_YEARS[0]], frames[LATEST_YEAR]
    household_id = str(first.index.intersection(latest.index)[0])
    history = household_history(pilot_build, household_id, viewer=NATIONAL)
    assert history["survey_year"].tolist() == list(SURVEY_YEARS)
    assert history["present"].all()
    for row in history.itertuples():
        round_row = frames[row.survey_year].loc[household_id]
        failed = {c[2:] for c in round_row.index if c.startswith("f_") and round_row[c]}
        bits = {
            code for bit, code in enumerate(i.code for i in INDICATORS) if int(row.mask) >> bit & 1
        }
        assert bits == failed
    masked = household_history(
        pilot_build,
        pseudonym(household_id, "household_id"),
        viewer=ANALYST,
        area_code=household_id[:2],
    )
    assert set(masked["household_id"]) == {pseudonym(household_id, "household_id")}
    assert household_history(pilot_build, household_id, viewer=ANALYST).empty
    # A household formed since the first round is absent there.
    formed = str(latest.index.difference(first.index)[0])
    absent = household_history(pilot_build, formed, viewer=NATIONAL)
    assert not absent["present"].iloc[0] and absent["present"].iloc[-1]
