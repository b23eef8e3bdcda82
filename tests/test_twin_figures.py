"""Issue 15's table: the pilot build against published figures, recomputed from Parquet.

Every figure is recomputed here with pandas from ``households.parquet`` and
``persons.parquet`` of the pilot build (seed 2566), independently of the
generator, the deprivation mask and the queries, and compared with the
published value and the tolerance written next to its rule in
:data:`data_loaders.calibration.RULES`. The published values are typed here
again from DOMAIN.md §7 / §7b and the sources named in the rules, and checked
against the rules, so a rule cannot drift from its source unnoticed.

Definitions used here (DOMAIN.md §2-§4):

- deprived in an indicator: its boolean column is True; income: below
  38,000 baht/person/year; MPI-poor (union rule): deprived in any indicator;
- score: Σ weight × deprived, weights 1/20 (health, living, education), 1/15
  (income), 1/10 (access); MPI-poor at k = 1/3: score >= 1/3;
- target poor: persons holding the welfare card in an MPI-poor household;
  group 3.1 persons: holders in a household not MPI-poor;
- vulnerable household: income below 100,000 baht/person/year, or a
  dependent, or a housing problem;
- labour force: persons aged 15+ employed, under-employed or unemployed.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data_loaders.calibration import RULES, Rule

PILOTS = ("41", "60", "19")
INCOME_LINE = 38_000
LOW_INCOME_LINE = 100_000
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
# Published figures, typed from DOMAIN.md §7 / §7b and the sources of the rules.
PUBLISHED = {
    "vulnerable_households": 11_023_225 / 12_817_903,
    "vulnerable_persons": 33_384_526 / 36_103_806,
    "group_3_1_persons": 9_639_745 / 36_103_806,
    "persons_per_household": 36_103_806 / 12_817_903,
    "men": 32_375_508 / 66_186_672,
    "aged_0_14": 11_174_613 / 66_186_672,
    "aged_15_59": 43_222_961 / 66_186_672,
    "aged_60_plus": 11_789_098 / 66_186_672,
    "udon_target_poor": 36_931,
    "udon_target_poor_share": 0.037,
    "unemployment": 0.01,
    "households_in_debt": 0.51,
    "mean_debt": 177_128,
}
# 2018 target poor by dimension and target poor (DOMAIN.md §7).
DIMENSIONS_2018 = {
    "41": ({"health": 4_589, "living": 2_733, "education": 14_581, "income": 7_837}, 26_974),
    "60": ({"health": 3_417, "living": 3_847, "education": 7_377, "income": 8_777}, 20_005),
    "19": ({"health": 1_193, "living": 1_300, "education": 1_969, "income": 3_591}, 6_994),
}


def _weights() -> dict[str, Fraction]:
    per_dimension = Fraction(1, 5)
    return {code: per_dimension / len(codes) for codes in DIMENSIONS.values() for code in codes}


@pytest.fixture(scope="module")
def households(pilot_build: Path) -> pd.DataFrame:
    frame = pd.read_parquet(pilot_build / "households.parquet")
    deprived = pd.DataFrame(index=frame.index)
    for codes in DIMENSIONS.values():
        for code in codes:
            if code == "income_per_capita":
                deprived[code] = frame[code] < INCOME_LINE
            else:
                deprived[code] = frame[code].fillna(False).astype(bool)
    out = frame[
        [
            "household_id",
            "province_code",
            "n_members",
            "income_per_capita",
            "housing_problem",
            "n_dependents",
            "has_debt",
            "debt_baht",
        ]
    ].copy()
    out["poor"] = deprived.any(axis=1)
    score = sum(deprived[c].astype(float) * float(w) for c, w in _weights().items())
    out["poor_one_third"] = score >= 1 / 3 - 1e-9
    for dim, codes in DIMENSIONS.items():
        out[f"fails_{dim}"] = deprived[codes].any(axis=1)
    out["vulnerable"] = (
        (out["income_per_capita"] < LOW_INCOME_LINE)
        | out["housing_problem"]
        | (out["n_dependents"] > 0)
    )
    return out


@pytest.fixture(scope="module")
def persons(pilot_build: Path, households) -> pd.DataFrame:
    frame = pd.read_parquet(
        pilot_build / "persons.parquet",
        columns=["household_id", "sex", "age", "welfare_card", "employment"],
    )
    row = pd.Index(households["household_id"]).get_indexer(frame["household_id"])
    assert (row >= 0).all()
    columns = ["province_code", "poor", "poor_one_third", "vulnerable"]
    columns += [f"fails_{d}" for d in DIMENSIONS]
    merged = households[columns].iloc[row].reset_index(drop=True)
    for name in ["sex", "age", "welfare_card", "employment"]:
        merged[name] = frame[name].to_numpy()
    merged["target_poor"] = merged["poor"] & merged["welfare_card"]
    return merged


def _value(rule: Rule, province: str, hh: pd.DataFrame, pe: pd.DataFrame) -> float:
    """Recompute the figure of ``rule`` for one province."""
    h = hh[hh["province_code"] == province]
    p = pe[pe["province_code"] == province]
    in_labour_force = p["employment"].isin(["employed", "underemployed", "unemployed"])
    employed = p["employment"].isin(["employed", "underemployed"])
    key = rule.key
    if key == "vulnerable_households":
        return h["vulnerable"].mean()
    if key == "vulnerable_persons":
        return p["vulnerable"].mean()
    if key == "card_holders":
        return p["welfare_card"].mean()
    if key == "group_3_1_persons":
        return (p["welfare_card"] & ~p["poor"]).mean()
    if key == "low_income_households":
        return (h["income_per_capita"] < LOW_INCOME_LINE).mean()
    if key == "persons_per_household":
        return len(p) / len(h)
    if key == "men":
        return (p["sex"] == "M").mean()
    if key == "aged_0_14":
        return (p["age"] <= 14).mean()
    if key == "aged_15_59":
        return p["age"].between(15, 59).mean()
    if key == "aged_60_plus":
        return (p["age"] >= 60).mean()
    if key == "udon_target_poor":
        return p["target_poor"].sum()
    if key == "udon_target_poor_share":
        return p["target_poor"].mean()
    if key.startswith("target_poor_failing_"):
        dim = key.removeprefix("target_poor_failing_")
        return p.loc[p["target_poor"], f"fails_{dim}"].mean()
    if key == "mpi_poor_k_one_third":
        return p["poor_one_third"].mean()
    if key == "unemployment":
        return (p["employment"] == "unemployed").sum() / in_labour_force.sum()
    if key == "underemployment":
        return (p["employment"] == "underemployed").sum() / employed.sum()
    if key == "households_in_debt":
        return h["has_debt"].mean()
    if key == "mean_debt":
        return h["debt_baht"].mean()
    raise AssertionError(f"no recomputation for rule {key}")


CASES = [
    pytest.param(rule, province, id=f"{rule.key}-{province}")
    for rule in RULES
    for province in ([rule.province] if rule.province else PILOTS)
]


@pytest.mark.parametrize(("rule", "province"), CASES)
def test_pilot_build_meets_the_published_figure(rule, province, households, persons):
    value = _value(rule, province, households, persons)
    assert rule.low <= value <= rule.high, (rule.key, province, value, rule.low, rule.high)


def test_rules_carry_the_published_figures():
    rules = {(r.key, r.province): r for r in RULES}
    for key, value in PUBLISHED.items():
        rule = rules.get((key, "41")) or rules[(key, "")]
        assert rule.published == pytest.approx(value, rel=1e-9), key
        assert rule.low <= value <= rule.high, key
        assert rule.source
    for province, (by_dimension, target) in DIMENSIONS_2018.items():
        for dim, count in by_dimension.items():
            rule = rules[(f"target_poor_failing_{dim}", province)]
            assert rule.published == pytest.approx(count / target, rel=1e-12)
            assert rule.low <= count / target <= rule.high


def test_saraburi_points_at_income_first(persons):
    """TPMAP's 2018 figures put income first in Saraburi (3,591 of 6,994 target poor)."""
    target = persons[(persons["province_code"] == "19") & persons["target_poor"]]
    failed = {d: target[f"fails_{d}"].mean() for d in DIMENSIONS}
    assert max(failed, key=failed.get) == "income", failed
    udon = persons[(persons["province_code"] == "41") & persons["target_poor"]]
    failed = {d: udon[f"fails_{d}"].mean() for d in DIMENSIONS}
    assert max(failed, key=failed.get) == "education", failed


def test_udon_thani_target_poor_exactly_the_published_count(persons, pilot_build):
    udon = persons[persons["province_code"] == "41"]
    assert int(udon["target_poor"].sum()) == 36_931
    plan = pd.read_csv(pilot_build / "calibration.csv", dtype={"province_code": str})
    assert plan.set_index("province_code").loc["41", "target_poor_persons"] == 36_931
    rules = pd.read_csv(pilot_build / "calibration_rules.csv", keep_default_na=False)
    assert len(rules) == len(RULES) and rules["source"].str.len().min() > 0


def test_multiply_deprived_households_exist_at_k_one_third(households):
    """k = 1/3 finds households in each pilot, and they are larger than one person."""
    poor = households[households["poor_one_third"]]
    assert set(poor["province_code"]) == set(PILOTS)
    assert poor.groupby("province_code").size().min() >= 100
    assert np.all(poor[[f"fails_{d}" for d in DIMENSIONS]].sum(axis=1) >= 2)


def test_saraburi_radar_and_top_problem_point_at_income_in_the_app(pilot_con):
    """The Overview's radar (dimension headcounts) and the urgent page's top problem."""
    from queries.figures import area_summary

    summary = area_summary(pilot_con, "19")
    radar = summary["dimension_headcount"]
    assert max(radar, key=radar.get) == "income", radar
    top = max(summary["censored_headcount"], key=summary["censored_headcount"].get)
    assert top == "income_per_capita"
    udon = area_summary(pilot_con, "41")["dimension_headcount"]
    assert max(udon, key=udon.get) == "education", udon


def test_readme_card_and_calibration_give_the_same_udon_thani_figure(pilot_con, pilot_build):
    """Issue 15: the README, the Overview card and calibration.csv all say 36,931."""
    from queries.figures import area_summary

    assert area_summary(pilot_con, "41")["target_poor_persons"] == 36_931
    plan = pd.read_csv(pilot_build / "calibration.csv", dtype={"province_code": str})
    assert plan.set_index("province_code").loc["41", "target_poor_persons"] == 36_931
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "Udon Thani **36,931**" in readme
    assert "36,929" not in readme
