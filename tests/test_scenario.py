"""Rule scenarios (issue 17): figures recomputed from the Parquet files, CLI, list, page.

The independent reading of a rule (:func:`expected_targets`) works from
``households.parquet`` with pandas: each indicator column (True = deprived,
null = not applicable), the income indicator from the amount against the
rule's line, weights 1/d shared equally within a dimension (DOMAIN.md §2),
poor when the weighted sum reaches k (with a 1e-9 tolerance, DOMAIN.md §3),
and a welfare-card holder when the rule requires one. It shares no code with
:mod:`queries.scenario`.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from access import audit
from apptest_support import app_test
from poverty.scenario import TODAY, Rule, RuleError, parse_card
from queries.scenario import changed_households, compare, count_changed
from roles_support import ANALYST, NATIONAL
from signin_support import signed_in_app

ROOT = Path(__file__).parents[1]
PAGE = "app_pages/scenarios.py"
MASKED_NAME = re.compile(r"^\S+ (\S\. ?)+$")
#: Indicators of each dimension, typed here from DOMAIN.md §2 (not imported).
DIMENSIONS = {
    "health": [
        "health_birth_weight",
        "health_food_hygiene",
        "health_medicine_use",
        "health_exercise",
    ],
    "living": [
        "living_secure_housing",
        "living_drinking_water",
        "living_water_supply",
        "living_tidy_home",
    ],
    "education": ["edu_preschool", "edu_compulsory", "edu_continue_m4", "edu_literacy"],
    "income": ["income_working_age_job", "income_elderly_job", "income_per_capita"],
    "access": ["access_elderly_care", "access_disabled_care"],
}
#: Two rules besides today's: the MPI rule without the card, and a stricter one.
NO_CARD = Rule(card_required=False)
STRICT = Rule(k=1 / 3, dimensions=("health", "living", "education", "income"), income_line=60_000)


def expected_targets(
    households: pd.DataFrame, k: float | None, dims: list[str], line: float, card: bool
) -> pd.Series:
    """Return True per household that is a target under the rule (own reading of DOMAIN.md)."""
    score = pd.Series(0.0, index=households.index)
    weights = []
    for dim in dims:
        codes = DIMENSIONS[dim]
        weight = 1 / len(dims) / len(codes)
        weights.append(weight)
        for code in codes:
            if code == "income_per_capita":
                deprived = households["income_per_capita"] < line
            else:
                deprived = households[code].fillna(False).astype(bool)
            score += weight * deprived
    cut = min(weights) if k is None else k
    poor = score >= cut - 1e-9
    if card:
        poor &= households["welfare_card_holders"] > 0
    return poor


@pytest.fixture(scope="module")
def households(pilot_build: Path) -> pd.DataFrame:
    return pd.read_parquet(pilot_build / "households.parquet")


def _within(households: pd.DataFrame, code: str) -> pd.DataFrame:
    column = {2: "province_code", 4: "district_code"}[len(code)]
    return households[households[column] == code]


@pytest.mark.parametrize("code", ["41", "4101"])
@pytest.mark.parametrize(
    ("rule", "reading"),
    [
        (NO_CARD, (None, list(DIMENSIONS), 38_000, False)),
        (STRICT, (1 / 3, ["health", "living", "education", "income"], 60_000, True)),
    ],
    ids=["no_card", "strict"],
)
def test_joined_and_left_match_the_parquet_files(pilot_con, households, code, rule, reading):
    area = _within(households, code)
    today = expected_targets(area, None, list(DIMENSIONS), 38_000, True)
    mine = expected_targets(area, *reading)
    result = compare(pilot_con, code, [rule])
    scenario = result["scenarios"][0]
    assert result["baseline"]["households"] == today.sum()
    assert result["baseline"]["persons"] == area.loc[today, "n_members"].sum()
    assert scenario["households"] == mine.sum()
    assert scenario["persons"] == area.loc[mine, "n_members"].sum()
    assert scenario["joined"]["households"] == (mine & ~today).sum()
    assert scenario["left"]["households"] == (today & ~mine).sum()
    assert scenario["joined"]["persons"] == area.loc[mine & ~today, "n_members"].sum()
    assert scenario["left"]["card_holders"] == area.loc[today & ~mine, "welfare_card_holders"].sum()
    # Households joining plus households kept make the scenario's total.
    assert (
        scenario["joined"]["households"] + scenario["kept"]["households"]
        == (scenario["households"])
    )
    # The child areas add up to the area.
    by_child = pd.DataFrame(scenario["by_child"])
    assert by_child["joined_households"].sum() == scenario["joined"]["households"]
    assert by_child["net_households"].sum() == scenario["net_households"]
    # Both rules at once give the same figures as each alone.
    both = compare(pilot_con, code, [NO_CARD, STRICT])["scenarios"]
    assert both[[NO_CARD, STRICT].index(rule)]["joined"] == scenario["joined"]


def test_the_rules_change_in_the_expected_direction(pilot_con):
    result = compare(pilot_con, "41", [NO_CARD, STRICT])
    no_card, strict = result["scenarios"]
    # Dropping the card requirement only adds households; a higher k only removes.
    assert no_card["left"]["households"] == 0 and no_card["joined"]["households"] > 0
    assert no_card["joined"]["drivers"]["with_card"] == 0  # those joining hold no card
    assert strict["joined"]["households"] == 0 and strict["left"]["households"] > 0


@pytest.mark.parametrize("code", ["41", "4101", None])
def test_todays_rule_gives_no_change(pilot_con, code):
    same = Rule(k=1 / 20, income_line=38_000, card_required=True)  # the union rule written out
    for rule in (TODAY, same):
        scenario = compare(pilot_con, code, [rule])["scenarios"][0]
        assert scenario["joined"]["households"] == scenario["left"]["households"] == 0
        assert scenario["net_households"] == 0


def test_target_households_today_are_group_1_1(pilot_con, households):
    result = compare(pilot_con, "60", [NO_CARD])
    area = households[households["province_code"] == "60"]
    assert result["baseline"]["households"] == (area["target_group"] == "1.1").sum()
    assert result["scenarios"][0]["households"] == (area["deprivation_score"] > 0).sum()


def test_cost_per_household_and_per_dimension(pilot_con, households):
    area = households[households["district_code"] == "4101"]
    mine = expected_targets(area, None, list(DIMENSIONS), 38_000, False)
    result = compare(
        pilot_con,
        "4101",
        [NO_CARD],
        cost_per_household=1_000,
        cost_per_dimension={"income": 5_000},
    )
    fails_income = area[["income_working_age_job", "income_elderly_job"]].fillna(False).any(
        axis=1
    ) | (area["income_per_capita"] < 38_000)
    others = sum(
        (mine & area[codes].fillna(False).any(axis=1)).sum()
        for dim, codes in DIMENSIONS.items()
        if dim != "income"
    )
    expected = 5_000 * (mine & fails_income).sum() + 1_000 * others
    assert result["scenarios"][0]["cost_baht"] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"k": 0}, "k: the cut-off"),
        ({"k": 1.5}, "k: the cut-off"),
        ({"dimensions": ("wealth",)}, "dimensions: unknown"),
        ({"dimensions": ()}, "at least one dimension"),
        ({"income_line": 0}, "income_line"),
        ({"income_line": float("nan")}, "income_line"),
        ({"indicator_weights": (("edu_literacy", -1),)}, "must be a number >= 0"),
        ({"indicator_weights": (("no_such", 1),)}, "unknown indicator"),
        (
            {"dimensions": ("health",), "indicator_weights": (("edu_literacy", 1),)},
            "no indicator of the counted dimensions",
        ),
    ],
)
def test_bad_rules_are_refused_with_the_setting_named(settings, message):
    with pytest.raises(RuleError, match=message):
        Rule(**settings)


def test_custom_weights_are_rescaled_and_applied(pilot_con, households):
    # Only income per capita counts (weight 3) beside literacy (1): k = 0.5 keeps those
    # below the income line, k = 0.2 also those failing literacy.
    rule = Rule(
        k=0.5,
        indicator_weights=(("income_per_capita", 3), ("edu_literacy", 1)),
        card_required=False,
    )
    area = households[households["district_code"] == "4101"]
    expected = area["income_per_capita"] < 38_000
    assert compare(pilot_con, "4101", [rule])["scenarios"][0]["households"] == expected.sum()
    looser = Rule(
        k=0.2,
        indicator_weights=(("income_per_capita", 3), ("edu_literacy", 1)),
        card_required=False,
    )
    both = expected | area["edu_literacy"].fillna(False).astype(bool)
    assert compare(pilot_con, "4101", [looser])["scenarios"][0]["households"] == both.sum()


def test_cli_prints_the_comparison_as_json(pilot_build, pilot_con):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "poverty",
            "scenario",
            "--area",
            "4101",
            "--k",
            "0.3333333333",
            "--dimensions",
            "health",
            "living",
            "education",
            "income",
            "--income-line",
            "60000",
            "--card",
            "required",
            "--json",
            "--build-dir",
            str(pilot_build),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    printed = json.loads(out.stdout)
    assert {"baseline", "scenario", "joined", "left", "by_child"} <= set(printed)
    direct = compare(pilot_con, "4101", [STRICT])["scenarios"][0]
    assert printed["left"]["households"] == direct["left"]["households"]
    assert printed["joined"]["households"] == direct["joined"]["households"]
    assert printed["scenario"]["households"] == direct["households"]
    assert len(printed["by_child"]) == len(direct["by_child"])
    assert printed["year"] == 2567  # the latest round by default


def test_cli_compares_the_rules_on_the_round_asked_for(pilot_build):
    """``--year``: the baseline is that round's target households (group 1.1)."""
    import pandas as pd

    from queries.figures import round_folder

    argv = [sys.executable, "-m", "poverty", "scenario", "--area", "41", "--card", "ignored"]
    out = subprocess.run(
        [*argv, "--year", "2565", "--json", "--build-dir", str(pilot_build)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    printed = json.loads(out.stdout)
    frame = pd.read_parquet(
        round_folder(pilot_build, 2565) / "households.parquet",
        columns=["province_code", "target_group"],
    )
    expected = int(((frame["province_code"] == "41") & (frame["target_group"] == "1.1")).sum())
    assert printed["year"] == 2565 and printed["baseline"]["households"] == expected
    bad = subprocess.run(
        [*argv, "--year", "2550", "--json", "--build-dir", str(pilot_build)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 2 and "2563, 2564, 2565, 2566, 2567" in bad.stderr


def test_cli_refuses_a_bad_rule_with_exit_code_2(pilot_build):
    out = subprocess.run(
        [sys.executable, "-m", "poverty", "scenario", "--area", "41", "--k", "2"]
        + ["--build-dir", str(pilot_build)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 2
    assert "k: the cut-off" in out.stderr and "Traceback" not in out.stderr
    assert parse_card("ignored") is False


def test_the_list_holds_the_joined_households_masked_for_the_analyst(pilot_con, households):
    area = households[households["district_code"] == "4101"]
    today = expected_targets(area, None, list(DIMENSIONS), 38_000, True)
    mine = expected_targets(area, None, list(DIMENSIONS), 38_000, False)
    full = changed_households(pilot_con, "4101", NO_CARD, "joined", viewer=NATIONAL, limit=None)
    assert set(full["household_id"]) == set(area.loc[mine & ~today, "household_id"])
    assert count_changed(pilot_con, "4101", NO_CARD, "joined") == len(full)
    masked = changed_households(pilot_con, "4101", NO_CARD, "joined", viewer=ANALYST, limit=50)
    assert len(masked) == 50
    assert all(MASKED_NAME.match(n) for n in masked["head_name"])
    assert not set(masked["household_id"]) & set(area["household_id"])  # pseudonyms
    assert (masked["house_no"] == "").all()
    # Searching within a subdistrict keeps only its households.
    inside = changed_households(
        pilot_con, "4101", STRICT, "left", viewer=NATIONAL, within="410101", limit=None
    )
    stricter = expected_targets(
        area, 1 / 3, ["health", "living", "education", "income"], 60_000, True
    )
    sub = area["subdistrict_code"] == "410101"
    assert set(inside["household_id"]) == set(area.loc[sub & today & ~stricter, "household_id"])


@pytest.fixture()
def audit_db(pilot_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    path = tmp_path / "audit.sqlite"
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(path))
    return path


def test_page_shows_the_comparison(audit_db, monkeypatch, pilot_con):
    monkeypatch.setenv("TPMAP_AUTH", "off")
    at = app_test("4101")
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    expected = compare(pilot_con, "4101", [NO_CARD])
    table = at.dataframe[0].value
    assert table.iloc[0, 1] == expected["baseline"]["households"]
    assert table.iloc[1, 1] == expected["scenarios"][0]["households"]
    assert at.metric[2].value == f"{expected['scenarios'][0]['joined']['households']:,}"
    # Rule 1 set to today's rule: nothing joins or leaves.
    at.radio(key="sc1_card").set_value("required").run()
    assert at.metric[2].value == "0" and at.metric[3].value == "0"
    # Rule 2 on, k = 1/3: its tab shows the households leaving.
    at.toggle(key="sc2_on").set_value(True).run()
    at.radio(key="sc2_cutoff").set_value("third").run()
    strict = compare(pilot_con, "4101", [Rule(k=1 / 3)])["scenarios"][0]
    left = [m.value for m in at.metric if m.label == "ออกจากรายชื่อ"]
    assert f"{strict['left']['households']:,}" in left


def test_the_analyst_exports_the_list_masked_and_audited(audit_db, monkeypatch, pilot_con):
    monkeypatch.setenv("TPMAP_AUTH", "on")
    at = signed_in_app(monkeypatch, "4101", "analyst")
    at.switch_page(PAGE).run()
    assert not at.exception
    shown = at.dataframe[-1].value  # the list of households, last on the page
    assert all(MASKED_NAME.match(n) for n in shown["หัวหน้าครัวเรือน"])
    at.button(key="sc_list_file_make").click().run()
    assert not at.exception
    n = count_changed(pilot_con, "4101", NO_CARD, "joined")
    log = audit.read_exports(audit_db)
    assert log["username"].tolist() == ["analyst"]
    assert log["what"].tolist() == ["scenario_joined"]
    assert log["rows"].tolist() == [n] and log["personal_data"].tolist() == [0]
    made = at.session_state["_download_sc_list_file"][1]
    body = pd.read_csv(io.BytesIO(made.content), comment="#", encoding="utf-8-sig")
    assert len(body) == n
    assert all(MASKED_NAME.match(name) for name in body["หัวหน้าครัวเรือน"])


@pytest.mark.parametrize("k", [1 / 3, 0.4, 0.5, 0.05])
@pytest.mark.parametrize("dimensions", [None, ("health", "education")])
def test_double_weights_give_the_exact_scores_and_targets(pilot_con, k, dimensions) -> None:
    """The scenario queries score with DOUBLE weights (speed); DECIMAL sums are exact.

    Every household gets the same score to 1e-12 and the same side of k
    (within poverty.measures.TOLERANCE), so no target changes with the type.
    """
    from queries.figures import poor_sql, score_sql

    exact, fast = score_sql(dimensions), score_sql(dimensions, double=True)
    assert "DOUBLE" in fast and "DOUBLE" not in exact
    row = pilot_con.execute(
        f"""SELECT max(abs({exact} - {fast})), count(*) FILTER ({poor_sql(exact)}),
                   count(*) FILTER ({poor_sql(fast)}), count(*) FILTER ({exact} > 0)
            FROM households""",
        [k, k],
    ).fetchone()
    difference, targets_exact, targets_fast, scored = row
    assert scored > 10_000 and targets_exact > 0  # the build has deprived households
    assert difference < 1e-12
    assert targets_fast == targets_exact
