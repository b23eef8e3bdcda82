"""Did the help work (issue 12): the analysis recovers the synthetic build's planted effect.

The planted effect per kind of help is :data:`logbook.synthetic_rounds.PLANTED_EFFECT`
(some kinds have none); the analysis (:mod:`logbook.outcomes`) must find each
within its 95 % interval, and for a kind without an effect an interval
holding 0. The resolved shares are recomputed here from the rounds' Parquet
files with pandas.
"""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import pytest

from logbook.outcomes import KIND_INDICATORS, area_outcomes, fiscal_year_dates
from logbook.synthetic_rounds import PLANTED_EFFECT, planted_effect, round_help_history
from queries.figures import round_folder

YEAR = 2566


@pytest.fixture(scope="module")
def help_rows(pilot_build) -> pd.DataFrame:
    records = round_help_history(pilot_build, 2566)
    return pd.DataFrame(records)[["household_id", "help_date", "help_kind", "agency", "source"]]


@pytest.fixture(scope="module")
def table(pilot_build, help_rows) -> pd.DataFrame:
    return area_outcomes(pilot_build, help_rows, None, YEAR)


def test_fiscal_year_runs_october_to_september():
    assert fiscal_year_dates(2566) == (date(2022, 10, 1), date(2023, 9, 30))


def test_help_falls_in_the_fiscal_years_between_rounds(help_rows):
    years = {d.year + (1 if d.month >= 10 else 0) + 543 for d in help_rows["help_date"]}
    assert years == {2563, 2564, 2565, 2566}
    assert (help_rows["source"] == "synthetic").all()


def test_every_planted_effect_is_recovered_within_its_interval(table):
    kinds = table[table["group"] == "kind"].set_index("code")
    assert set(kinds.index) == set(KIND_INDICATORS)
    for kind, row in kinds.iterrows():
        effect = planted_effect(kind)
        assert row["ci_low"] <= effect <= row["ci_high"], (kind, effect, row.to_dict())
    for kind in PLANTED_EFFECT:
        if kinds.loc[kind, "helped"] > 400:  # enough households to tell it from none
            assert kinds.loc[kind, "ci_low"] > 0, kind
    for kind in set(KIND_INDICATORS) - set(PLANTED_EFFECT):
        assert kinds.loc[kind, "ci_low"] <= 0 <= kinds.loc[kind, "ci_high"], kind


def test_resolved_share_recomputed_from_parquet(pilot_build, help_rows, table):
    a = pd.read_parquet(round_folder(pilot_build, YEAR) / "households.parquet")
    b = pd.read_parquet(round_folder(pilot_build, YEAR + 1) / "households.parquet")
    a, b = a.set_index("household_id"), b.set_index("household_id")
    first, last = fiscal_year_dates(YEAR)
    rows = help_rows[(help_rows["help_date"] >= first) & (help_rows["help_date"] <= last)]
    kind = "house_repair"
    codes = list(KIND_INDICATORS[kind])
    ids = pd.Index(rows.loc[rows["help_kind"] == kind, "household_id"].unique())
    ids = ids.intersection(b.index)
    failed_before = a.loc[ids, codes].fillna(False).astype(bool).any(axis=1)
    ids = ids[failed_before.to_numpy()]
    failing_after = b.loc[ids, codes].fillna(False).astype(bool).any(axis=1)
    # Helped households in a district with no comparison household are left out: none here.
    row = table[(table["group"] == "kind") & (table["code"] == kind)].iloc[0]
    assert row["helped"] == len(ids)
    assert row["resolved_share"] == pytest.approx(float((~failing_after).mean()))


def test_agency_rows_pool_their_kinds(table):
    from logbook.menu import RESPONSIBLE

    agencies = table[table["group"] == "agency"]
    # The synthetic history gives each kind mostly through its responsible agency
    # (the menu's first), so every kind with a planted effect brings its agency's row.
    usual = {RESPONSIBLE[kind][0] for kind in PLANTED_EFFECT}
    assert usual == {"msdhs", "lao", "cdd", "eef", "nfe", "dsd"}
    assert usual <= set(agencies["code"])
    assert np.all(agencies["ci_low"] <= agencies["difference"])
    assert np.all(agencies["difference"] <= agencies["ci_high"])


def test_command_line(pilot_build, tmp_path, capsys):
    from logbook import store
    from logbook.__main__ import main as logbook_main

    url = f"sqlite:///{tmp_path / 'logbook.sqlite'}"
    engine = store.engine_for(url)
    store.add_records(engine, round_help_history(pilot_build, 2566, area_code="19"))
    argv = ["outcomes", "--area", "19", "--year", str(YEAR), "--json"]
    assert logbook_main([*argv, "--db", url, "--build-dir", str(pilot_build)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["area_code"] == "19" and result["year"] == YEAR
    assert "observational" in result["caveat"].lower()
    keys = {"helped", "resolved_share", "comparison_share", "difference", "ci_low", "ci_high"}
    assert result["rows"] and all(keys <= set(r) for r in result["rows"])
    assert {r["group"] for r in result["rows"]} == {"kind", "agency"}
    argv = ["outcomes", "--area", "19", "--year", "2567", "--db", url]
    assert logbook_main([*argv, "--build-dir", str(pilot_build)]) == 2
    assert "years present: 2563, 2564, 2565, 2566, 2567" in capsys.readouterr().err
