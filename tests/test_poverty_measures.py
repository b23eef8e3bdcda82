"""Tests of poverty.indicators and poverty.measures (DOMAIN.md §2-§3).

Every expected value is worked out by hand (arithmetic in the comments, exact
fractions) or by the small independent Alkire-Foster reference at the bottom
of this file; none is read back from the code under test.

Indicator weights in 60ths (all 5 dimensions): health/living/education
indicators 1/20 = 3/60, income 1/15 = 4/60, access 1/10 = 6/60.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from poverty import indicators, measures

# ---------------------------------------------------------------------------
# The indicator table as written in DOMAIN.md §2 (independent of the code).
# ---------------------------------------------------------------------------
CODES_BY_DIMENSION: dict[str, tuple[str, ...]] = {
    "health": (
        "health_birth_weight",
        "health_food_hygiene",
        "health_medicine_use",
        "health_exercise",
    ),
    "living": (
        "living_secure_housing",
        "living_drinking_water",
        "living_water_supply",
        "living_tidy_home",
    ),
    "education": ("edu_preschool", "edu_compulsory", "edu_continue_m4", "edu_literacy"),
    "income": ("income_working_age_job", "income_elderly_job", "income_per_capita"),
    "access": ("access_elderly_care", "access_disabled_care"),
}
ALL_CODES: tuple[str, ...] = tuple(c for codes in CODES_BY_DIMENSION.values() for c in codes)
ALL_DIMS: tuple[str, ...] = tuple(CODES_BY_DIMENSION)
BMN_ITEMS = (1, 4, 5, 7, 8, 9, 10, 11, 15, 16, 17, 19, 20, 21, 22, 27, 28)

TOL = 1e-12


def close(actual: float, expected: Fraction | float | int) -> bool:
    """True when the float ``actual`` is within 1e-12 of the exact ``expected``."""
    return math.isclose(float(actual), float(expected), rel_tol=0.0, abs_tol=TOL)


# ---------------------------------------------------------------------------
# Weights
# ---------------------------------------------------------------------------
def test_seventeen_indicators_in_domain_order_with_bmn_items():
    assert indicators.INDICATOR_CODES == ALL_CODES
    assert len(indicators.INDICATORS) == 17
    assert indicators.DIMENSION_CODES == ALL_DIMS
    assert tuple(i.bmn_item for i in indicators.INDICATORS) == BMN_ITEMS
    for dim, codes in CODES_BY_DIMENSION.items():
        assert indicators.indicators_of(dim) == codes


def test_default_weights_are_exact_and_sum_to_one():
    w = indicators.weights()
    assert set(w) == set(ALL_CODES)
    assert all(isinstance(v, Fraction) for v in w.values())
    # 1/5 shared by 4, 4, 4, 3, 2 indicators.
    expected = {
        "health": Fraction(1, 20),
        "living": Fraction(1, 20),
        "education": Fraction(1, 20),
        "income": Fraction(1, 15),
        "access": Fraction(1, 10),
    }
    for dim, codes in CODES_BY_DIMENSION.items():
        for code in codes:
            assert w[code] == expected[dim], code
    # 12 * 1/20 + 3 * 1/15 + 2 * 1/10 = 3/5 + 1/5 + 1/5 = 1 exactly.
    assert sum(w.values()) == Fraction(1)


def test_indicator_table_floats_and_bits():
    table = indicators.indicator_table()
    assert len(table) == 17
    assert table["code"].tolist() == list(ALL_CODES)
    assert table["bit"].tolist() == list(range(17))
    floats = [1 / 20] * 12 + [1 / 15] * 3 + [1 / 10] * 2
    assert np.allclose(table["weight"].to_numpy(), floats, rtol=0, atol=TOL)


def test_dimension_selection_renormalises_health_and_income():
    w = indicators.weights(("health", "income"))
    # Each of the 2 dimensions weighs 1/2: health 1/2 / 4 = 1/8, income 1/2 / 3 = 1/6.
    for code in CODES_BY_DIMENSION["health"]:
        assert w[code] == Fraction(1, 8)
    for code in CODES_BY_DIMENSION["income"]:
        assert w[code] == Fraction(1, 6)
    for dim in ("living", "education", "access"):
        for code in CODES_BY_DIMENSION[dim]:
            assert w[code] == 0
    # 4 * 1/8 + 3 * 1/6 = 1/2 + 1/2 = 1.
    assert sum(w.values()) == 1


def test_single_dimension_selection():
    w = indicators.weights(("access",))
    # 1 / 2 indicators = 1/2 each.
    assert w["access_elderly_care"] == w["access_disabled_care"] == Fraction(1, 2)
    assert sum(w.values()) == 1


@pytest.mark.parametrize("dims", [("health", "wealth"), ("Health",), ("",)])
def test_unknown_dimension_raises(dims):
    with pytest.raises(ValueError, match="unknown dimension"):
        indicators.weights(dims)


def test_empty_dimension_selection_raises():
    with pytest.raises(ValueError, match="at least one dimension"):
        indicators.weights(())
    with pytest.raises(ValueError):
        measures.measure_table(_profiles(), dimensions=())


def test_union_k_is_smallest_positive_weight():
    assert close(measures.union_k(), Fraction(1, 20))
    assert close(measures.union_k(("health", "income")), Fraction(1, 8))  # min(1/8, 1/6)
    assert close(measures.union_k(("income",)), Fraction(1, 3))
    assert close(measures.union_k(("access",)), Fraction(1, 2))


# ---------------------------------------------------------------------------
# k validation
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("bad", [0, 0.0, -0.1, 1.5, float("nan"), float("inf"), "abc", [0.3]])
def test_invalid_k_raises_clear_message(bad):
    with pytest.raises(ValueError, match=r"cut-off k must be"):
        measures.validate_k(bad)
    with pytest.raises(ValueError, match=r"cut-off k must be"):
        measures.summarise(_profiles(), k=bad)


def test_valid_k_values():
    assert measures.validate_k(1) == 1.0
    assert measures.validate_k(Fraction(1, 3)) == 1 / 3
    assert close(measures.validate_k(None), Fraction(1, 20))
    assert close(measures.validate_k(None, ("health", "income")), Fraction(1, 8))


def test_k_one_only_full_deprivation_is_poor():
    # A household deprived in all 17 scores 1 (floats sum to 1 within tolerance),
    # so it is poor at k = 1; one deprived in 16 (all but access_disabled_care,
    # score 1 - 1/10 = 9/10) is not.
    full = _household({*ALL_CODES}, n=3, card=0)
    almost = _household(set(ALL_CODES) - {"access_disabled_care"}, n=2, card=1)
    res = measures.summarise(_profiles_from([full, almost]), k=1)
    assert res["poor_households"] == 1
    assert res["poor_persons"] == 3
    assert close(res["headcount_ratio"], Fraction(3, 5))
    assert close(res["intensity"], 1)
    assert close(res["adjusted_headcount_ratio"], Fraction(3, 5))


def test_unknown_welfare_card_filter_raises():
    with pytest.raises(ValueError, match="welfare_card"):
        measures.summarise(_profiles(), welfare_card="some")


# ---------------------------------------------------------------------------
# The hand-made table: 6 households
# ---------------------------------------------------------------------------
def _household(
    deprived: set[str], n: int, card: int, na: set[str] = frozenset(), area: str = "A"
) -> dict:
    """One household row: True = deprived, None = not applicable, False otherwise."""
    assert not deprived & set(na)
    row = {c: (True if c in deprived else None if c in na else False) for c in ALL_CODES}
    row.update(n_members=n, card_holders=card, area_code=area)
    return row


# Score in 60ths (health/living/education 3, income 4, access 6) and dimensions failed.
HOUSEHOLDS = [
    # HH1: 3 + 3 + 4 + 4 + 6 = 20/60 = 1/3 exactly; health, living, income, access: 4.
    _household(
        {
            "health_food_hygiene",
            "living_secure_housing",
            "income_working_age_job",
            "income_per_capita",
            "access_elderly_care",
        },
        n=4,
        card=2,
        na={"health_birth_weight", "edu_preschool", "access_disabled_care"},
        area="A",
    ),
    # HH2: 3 + 3 + 3 = 9/60 = 3/20 exactly; health, living, education: 3.
    _household(
        {"health_exercise", "living_tidy_home", "edu_literacy"},
        n=3,
        card=0,
        na={
            "health_birth_weight",
            "edu_preschool",
            "edu_compulsory",
            "income_elderly_job",
            "access_elderly_care",
            "access_disabled_care",
        },
        area="A",
    ),
    # HH3: 3 + 3 = 6/60 = 1/10 exactly; education: 1.
    _household(
        {"edu_compulsory", "edu_continue_m4"},
        n=5,
        card=1,
        na={
            "health_birth_weight",
            "edu_preschool",
            "income_elderly_job",
            "access_elderly_care",
            "access_disabled_care",
        },
        area="B",
    ),
    # HH4: 0 (nothing deprived; most items not applicable).
    _household(
        set(),
        n=2,
        card=2,
        na={
            "health_birth_weight",
            "edu_preschool",
            "edu_compulsory",
            "edu_continue_m4",
            "income_elderly_job",
            "access_elderly_care",
            "access_disabled_care",
        },
        area="B",
    ),
    # HH5: 6 + 6 + 4 + 3 + 3 + 3 = 25/60 = 5/12; all 5 dimensions.
    _household(
        {
            "access_disabled_care",
            "access_elderly_care",
            "income_elderly_job",
            "living_drinking_water",
            "health_medicine_use",
            "edu_literacy",
        },
        n=1,
        card=1,
        na={
            "health_birth_weight",
            "edu_preschool",
            "edu_compulsory",
            "edu_continue_m4",
            "income_working_age_job",
        },
        area="B",
    ),
    # HH6: 3 + 3 + 4 = 10/60 = 1/6; health, income: 2.
    _household(
        {"health_birth_weight", "health_exercise", "income_per_capita"},
        n=6,
        card=0,
        na={"edu_continue_m4", "access_disabled_care"},
        area="A",
    ),
]
# Masks by hand: bit = position in DOMAIN.md §2 (0-16).
# HH1: bits 1, 4, 12, 14, 15 -> 2 + 16 + 4096 + 16384 + 32768 = 53266
# HH2: bits 3, 7, 11 -> 8 + 128 + 2048 = 2184
# HH3: bits 9, 10 -> 512 + 1024 = 1536
# HH5: bits 2, 5, 11, 13, 15, 16 -> 4 + 32 + 2048 + 8192 + 32768 + 65536 = 108580
# HH6: bits 0, 3, 14 -> 1 + 8 + 16384 = 16393
HAND_MASKS = [53266, 2184, 1536, 0, 108580, 16393]
# Persons 4+3+5+2+1+6 = 21; card holders 2+0+1+2+1+0 = 6; card households 4.


def _profiles_from(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*ALL_CODES, "n_members", "card_holders", "area_code"])
    return pd.DataFrame(
        {
            "mask": measures.mask_from_indicators(frame),
            "households": np.ones(len(frame), dtype=np.int64),
            "persons": frame["n_members"].to_numpy(dtype=np.int64),
            "card_holders": frame["card_holders"].to_numpy(dtype=np.int64),
            "card_households": (frame["card_holders"].to_numpy() > 0).astype(np.int64),
            "area_code": frame["area_code"].to_numpy(),
        }
    )


def _profiles() -> pd.DataFrame:
    return _profiles_from(HOUSEHOLDS)


def _check(res: dict, expected: dict) -> None:
    """Compare a summarise() dict with hand values (Fractions or ints)."""
    for key, value in expected.items():
        if isinstance(value, dict):
            for sub, v in value.items():
                assert close(res[key][sub], v), (key, sub, res[key][sub], v)
        elif isinstance(value, int) and not isinstance(value, bool):
            assert res[key] == value, (key, res[key], value)
        else:
            assert close(res[key], value), (key, res[key], value)


def _zeros(names, **given):
    return {n: given.get(n, 0) for n in names}


def test_mask_from_indicator_columns_none_is_not_deprived():
    assert _profiles()["mask"].tolist() == HAND_MASKS
    # A column that is None everywhere (object) or float NaN counts as not deprived.
    frame = pd.DataFrame([{c: None for c in ALL_CODES}, {c: None for c in ALL_CODES}])
    frame["edu_literacy"] = [np.nan, 1.0]
    assert measures.mask_from_indicators(frame).tolist() == [0, 1 << 11]
    # Nullable boolean dtype: <NA> is not deprived either.
    frame["edu_literacy"] = pd.array([pd.NA, True], dtype="boolean")
    assert measures.mask_from_indicators(frame).tolist() == [0, 1 << 11]
    with pytest.raises(KeyError):
        measures.mask_from_indicators(frame.drop(columns="edu_literacy"))


def test_mask_from_income_amount_column():
    # A float income_per_capita is baht/person/year: deprived below 38,000 (the BMN
    # criterion is "at least 38,000"), so exactly 38,000 meets it; NaN = not known.
    frame = pd.DataFrame([{c: False for c in ALL_CODES} for _ in range(4)])
    frame["income_per_capita"] = [37_999.99, 38_000.0, 120_000.0, np.nan]
    bit = 1 << 14
    assert measures.mask_from_indicators(frame).tolist() == [bit, 0, 0, 0]


def test_deprivation_scores_by_hand():
    scores = measures.deprivation_scores(np.array(HAND_MASKS))
    for got, exp in zip(
        scores,
        [Fraction(20, 60), Fraction(9, 60), Fraction(6, 60), 0, Fraction(25, 60), Fraction(10, 60)],
        strict=True,
    ):
        assert close(got, exp)
    # health + income: health 1/8 = 3/24, income 1/6 = 4/24.
    # HH1 3+4+4 = 11/24, HH2 3/24, HH3 0, HH4 0, HH5 3+4 = 7/24, HH6 3+3+4 = 10/24.
    scores = measures.deprivation_scores(np.array(HAND_MASKS), ("health", "income"))
    for got, exp in zip(
        scores,
        [Fraction(11, 24), Fraction(3, 24), 0, 0, Fraction(7, 24), Fraction(10, 24)],
        strict=True,
    ):
        assert close(got, exp)


def test_union_rule_hand_table():
    # k = 1/20: everyone but HH4 (score 0) is poor.
    res = measures.summarise(_profiles())
    # Weighted score mass (60ths): 4*20 + 3*9 + 5*6 + 1*25 + 6*10 = 222 -> 222/60 = 37/10.
    _check(
        res,
        {
            "households": 6,
            "persons": 21,
            "poor_households": 5,
            "poor_persons": 19,  # 4 + 3 + 5 + 1 + 6
            "target_poor_persons": 4,  # card holders among poor: 2 + 0 + 1 + 1 + 0
            "poor_persons_without_card": 15,  # 19 - 4
            "headcount_ratio": Fraction(19, 21),
            "intensity": Fraction(37, 10) / 19,  # 37/190
            "adjusted_headcount_ratio": Fraction(37, 210),  # 37/10 / 21 = 19/21 * 37/190
            "censored_persons": {
                "health_birth_weight": 6,
                "health_food_hygiene": 4,
                "health_medicine_use": 1,
                "health_exercise": 9,  # HH2 3 + HH6 6
                "living_secure_housing": 4,
                "living_drinking_water": 1,
                "living_water_supply": 0,
                "living_tidy_home": 3,
                "edu_preschool": 0,
                "edu_compulsory": 5,
                "edu_continue_m4": 5,
                "edu_literacy": 4,  # HH2 3 + HH5 1
                "income_working_age_job": 4,
                "income_elderly_job": 1,
                "income_per_capita": 10,  # HH1 4 + HH6 6
                "access_elderly_care": 5,  # HH1 4 + HH5 1
                "access_disabled_care": 1,
            },
            "censored_headcount": {
                "health_birth_weight": Fraction(6, 21),
                "health_exercise": Fraction(9, 21),
                "living_water_supply": 0,
                "edu_preschool": 0,
                "edu_literacy": Fraction(4, 21),
                "income_per_capita": Fraction(10, 21),
                "access_elderly_care": Fraction(5, 21),
            },
            # Poor persons failing each dimension:
            # health HH1 4 + HH2 3 + HH5 1 + HH6 6 = 14; living HH1 4 + HH2 3 + HH5 1 = 8;
            # education HH2 3 + HH3 5 + HH5 1 = 9; income HH1 4 + HH5 1 + HH6 6 = 11;
            # access HH1 4 + HH5 1 = 5.
            "dimension_persons": {
                "health": 14,
                "living": 8,
                "education": 9,
                "income": 11,
                "access": 5,
            },
            "dimension_headcount": {
                "health": Fraction(14, 21),
                "living": Fraction(8, 21),
                "education": Fraction(9, 21),
                "income": Fraction(11, 21),
                "access": Fraction(5, 21),
            },
            # Contribution = Σ_dim w_j * censored persons_j / 222 (60ths):
            # health 3*(6+4+1+9) = 60, living 3*(4+1+0+3) = 24, education 3*(0+5+5+4) = 42,
            # income 4*(4+1+10) = 60, access 6*(5+1) = 36; 60+24+42+60+36 = 222.
            "contribution": {
                "health": Fraction(60, 222),
                "living": Fraction(24, 222),
                "education": Fraction(42, 222),
                "income": Fraction(60, 222),
                "access": Fraction(36, 222),
            },
        },
    )
    assert close(sum(res["contribution"].values()), 1)
    assert close(res["headcount_ratio"] * res["intensity"], res["adjusted_headcount_ratio"])
    # Explicit k = 1/20 is the same as the default union rule.
    assert measures.summarise(_profiles(), k=1 / 20) == res


def test_k_one_third_hand_table_boundary_score_is_poor():
    # k = 1/3: HH1 (20/60, exactly k, float 0.33333333333333337 or below) and HH5 (25/60).
    res = measures.summarise(_profiles(), k=1 / 3)
    # Mass: 4*20 + 1*25 = 105 (60ths) = 7/4.
    _check(
        res,
        {
            "households": 6,
            "persons": 21,
            "poor_households": 2,
            "poor_persons": 5,  # 4 + 1
            "target_poor_persons": 3,  # 2 + 1
            "poor_persons_without_card": 2,
            "headcount_ratio": Fraction(5, 21),
            "intensity": Fraction(7, 20),  # 7/4 / 5
            "adjusted_headcount_ratio": Fraction(1, 12),  # 7/4 / 21 = 5/21 * 7/20
            "censored_persons": _zeros(
                ALL_CODES,
                health_food_hygiene=4,
                health_medicine_use=1,
                living_secure_housing=4,
                living_drinking_water=1,
                edu_literacy=1,
                income_working_age_job=4,
                income_elderly_job=1,
                income_per_capita=4,
                access_elderly_care=5,
                access_disabled_care=1,
            ),
            "censored_headcount": {
                "access_elderly_care": Fraction(5, 21),
                "health_exercise": 0,
                "edu_compulsory": 0,
            },
            "dimension_persons": {
                "health": 5,
                "living": 5,
                "education": 1,
                "income": 5,
                "access": 5,
            },
            "dimension_headcount": {"education": Fraction(1, 21), "income": Fraction(5, 21)},
            # health 3*(4+1) = 15, living 3*(4+1) = 15, education 3*1 = 3,
            # income 4*(4+1+4) = 36, access 6*(5+1) = 36; total 105.
            "contribution": {
                "health": Fraction(15, 105),
                "living": Fraction(15, 105),
                "education": Fraction(3, 105),
                "income": Fraction(36, 105),
                "access": Fraction(36, 105),
            },
        },
    )
    assert close(sum(res["contribution"].values()), 1)
    # The same k as a Fraction or written 20/60 gives the same result.
    assert measures.summarise(_profiles(), k=Fraction(1, 3)) == res
    # Just above 1/3 only HH5 is poor.
    assert measures.summarise(_profiles(), k=0.34)["poor_persons"] == 1


def test_k_015_boundary_three_twentieths_is_poor():
    # k = 0.15 = 9/60: HH1 (20), HH2 (9 = k exactly), HH5 (25), HH6 (10) are poor.
    res = measures.summarise(_profiles(), k=0.15)
    # Mass: 4*20 + 3*9 + 1*25 + 6*10 = 192 (60ths) = 16/5.
    _check(
        res,
        {
            "poor_households": 4,
            "poor_persons": 14,  # 4 + 3 + 1 + 6
            "target_poor_persons": 3,  # 2 + 0 + 1 + 0
            "poor_persons_without_card": 11,
            "headcount_ratio": Fraction(2, 3),  # 14/21
            "intensity": Fraction(8, 35),  # 16/5 / 14
            "adjusted_headcount_ratio": Fraction(16, 105),
        },
    )
    # Just above: HH2 drops out.
    assert measures.summarise(_profiles(), k=0.16)["poor_persons"] == 11


def test_k_010_boundary_two_twentieths_is_poor():
    # k = 0.1 = 6/60: HH3 scores exactly 6/60 and is poor, so the poor are the same
    # as under the union rule: 19 persons, mass 222/60.
    res = measures.summarise(_profiles(), k=0.1)
    _check(
        res,
        {
            "poor_households": 5,
            "poor_persons": 19,
            "target_poor_persons": 4,
            "headcount_ratio": Fraction(19, 21),
            "intensity": Fraction(37, 190),
            "adjusted_headcount_ratio": Fraction(37, 210),
        },
    )
    # Just above 1/10, HH3 (5 persons, 1 card holder) is no longer poor.
    above = measures.summarise(_profiles(), k=0.11)
    assert above["poor_persons"] == 14
    assert above["target_poor_persons"] == 3


def test_identify_tolerance_at_every_weight_boundary():
    # Every one of the 2**17 - 1 masks with a deprivation, with k equal to its own exact
    # score (computed in integer 60ths), is poor; with k one 60th higher it is not. The
    # empty mask (score 0) would need k = 0, which is not a cut-off (issue 15).
    sixtieths = np.array([3] * 12 + [4] * 3 + [6] * 2, dtype=np.int64)
    masks = np.arange(1, 2**17, dtype=np.int64)
    bits = (masks[:, None] >> np.arange(17)) & 1
    exact = bits @ sixtieths
    scores = measures.deprivation_scores(masks)
    assert np.max(np.abs(scores - exact / 60)) < TOL
    assert measures.identify(scores, exact / 60).all()
    assert not measures.identify(scores, (exact + 1) / 60).any()


@pytest.mark.parametrize("tiny", [1e-12, 1e-10, 1e-9, -1e-12, 0])
def test_k_at_or_near_zero_is_refused(tiny):
    """Issue 15: ``--k 1e-12`` made every person poor through the tolerance; now refused."""
    with pytest.raises(ValueError, match=r"cut-off k must be"):
        measures.validate_k(tiny)
    with pytest.raises(ValueError, match=r"cut-off k must be"):
        measures.summarise(_profiles(), k=tiny)


def test_a_household_deprived_in_nothing_is_never_poor():
    # identify() called directly with a k within the tolerance of 0: score 0 stays non-poor.
    scores = np.array([0.0, 0.05, 1.0])
    assert measures.identify(scores, 1e-12).tolist() == [False, True, True]
    assert measures.identify(scores, 0.05).tolist() == [False, True, True]


# ---------------------------------------------------------------------------
# Nobody poor, empty tables
# ---------------------------------------------------------------------------
def _assert_all_ratios_zero(res: dict) -> None:
    for key in ("headcount_ratio", "intensity", "adjusted_headcount_ratio"):
        assert isinstance(res[key], float) and not math.isnan(res[key]) and res[key] == 0.0
    for key in ("censored_headcount", "dimension_headcount", "contribution"):
        assert all(v == 0.0 and not math.isnan(v) for v in res[key].values()), key


def test_nobody_poor_gives_zeros_not_nan():
    rows = [_household(set(), n=3, card=1), _household(set(), n=2, card=0, area="B")]
    res = measures.summarise(_profiles_from(rows))
    assert (res["households"], res["persons"], res["poor_persons"]) == (2, 5, 0)
    _assert_all_ratios_zero(res)
    # Poor-free under a high k on the hand table (max score 25/60 < 1/2).
    res = measures.summarise(_profiles(), k=0.5)
    assert (res["persons"], res["poor_households"], res["poor_persons"]) == (21, 0, 0)
    _assert_all_ratios_zero(res)
    table = measures.measure_table(_profiles(), by="area_code", k=0.5)
    ratio_cols = [c for c in table.columns if c.startswith(("ch_", "dim_", "contrib_"))]
    ratio_cols += ["headcount_ratio", "intensity", "adjusted_headcount_ratio"]
    assert not table[ratio_cols].isna().any().any()
    assert (table[ratio_cols] == 0).all().all()


def test_empty_profile_table_gives_zeros():
    empty = _profiles().iloc[0:0]
    res = measures.summarise(empty)
    for key in (
        "households",
        "persons",
        "poor_households",
        "poor_persons",
        "target_poor_persons",
        "poor_persons_without_card",
    ):
        assert res[key] == 0
    _assert_all_ratios_zero(res)
    assert len(measures.measure_table(empty, by="area_code")) == 0
    # A welfare-card filter on a population with no card holders: zeros too.
    rows = [_household({"edu_literacy"}, n=3, card=0)]
    res = measures.summarise(_profiles_from(rows), welfare_card="with")
    assert (res["households"], res["persons"], res["poor_persons"]) == (0, 0, 0)
    _assert_all_ratios_zero(res)


# ---------------------------------------------------------------------------
# Grouping
# ---------------------------------------------------------------------------
MEASURE_KEYS = (
    "households",
    "persons",
    "poor_households",
    "poor_persons",
    "target_poor_persons",
    "poor_persons_without_card",
    "headcount_ratio",
    "intensity",
    "adjusted_headcount_ratio",
)


def _row_as_summary(row: pd.Series) -> dict:
    out = {k: row[k] for k in MEASURE_KEYS}
    out["censored_headcount"] = {c: row[f"ch_{c}"] for c in ALL_CODES}
    out["censored_persons"] = {c: row[f"cp_{c}"] for c in ALL_CODES}
    out["dimension_headcount"] = {d: row[f"dim_{d}"] for d in ALL_DIMS}
    out["dimension_persons"] = {d: row[f"dp_{d}"] for d in ALL_DIMS}
    out["contribution"] = {d: row[f"contrib_{d}"] for d in ALL_DIMS}
    out["indicator_contribution"] = {c: row[f"contrib_{c}"] for c in ALL_CODES}
    return out


def _assert_same_summary(a: dict, b: dict) -> None:
    assert set(a) == set(b)
    for key, value in b.items():
        if isinstance(value, dict):
            assert set(a[key]) == set(value)
            for sub, v in value.items():
                if v is not None:  # None: undefined in the reference (see _reference_af)
                    assert close(a[key][sub], v), (key, sub, a[key][sub], v)
        else:
            assert close(a[key], value), (key, a[key], value)


@pytest.mark.parametrize("k", [None, 1 / 3, 0.15])
def test_grouping_matches_summarise_of_each_group(k):
    profiles = _profiles()
    table = measures.measure_table(profiles, by="area_code", k=k)
    assert table.index.tolist() == ["A", "B"]
    for area in ("A", "B"):
        expected = measures.summarise(profiles[profiles["area_code"] == area], k=k)
        _assert_same_summary(_row_as_summary(table.loc[area]), expected)


def test_grouping_hand_values_union():
    table = measures.measure_table(_profiles(), by="area_code")
    a, b = table.loc["A"], table.loc["B"]
    # Area A = HH1, HH2, HH6: 13 persons, all poor; mass 4*20 + 3*9 + 6*10 = 167 (60ths).
    assert (a["households"], a["persons"], a["poor_persons"]) == (3, 13, 13)
    assert close(a["headcount_ratio"], 1)
    assert close(a["intensity"], Fraction(167, 60 * 13))
    assert close(a["adjusted_headcount_ratio"], Fraction(167, 780))
    # Area B = HH3, HH4, HH5: 8 persons, poor HH3 (5) + HH5 (1) = 6; mass 30 + 25 = 55.
    assert (b["households"], b["persons"], b["poor_persons"], b["target_poor_persons"]) == (
        3,
        8,
        6,
        2,
    )
    assert close(b["headcount_ratio"], Fraction(3, 4))
    assert close(b["intensity"], Fraction(55, 60 * 6))  # 11/72
    assert close(b["adjusted_headcount_ratio"], Fraction(11, 96))
    # Contribution in B: education 3*(5+5+1) = 33, living 3*1 = 3, health 3*1 = 3,
    # income 4*1 = 4, access 6*2 = 12; total 55.
    assert close(b["contrib_education"], Fraction(33, 55))
    assert close(b["contrib_access"], Fraction(12, 55))


# ---------------------------------------------------------------------------
# Welfare-card filter
# ---------------------------------------------------------------------------
def test_welfare_card_with():
    # Population: card households (HH1, HH3, HH4, HH5 = 4), persons = card holders (6).
    # Union: poor HH1 (2 holders), HH3 (1), HH5 (1) -> 4 poor persons in 3 households.
    res = measures.summarise(_profiles(), welfare_card="with")
    # Mass: 2*20 + 1*6 + 1*25 = 71 (60ths).
    _check(
        res,
        {
            "households": 4,
            "persons": 6,
            "poor_households": 3,
            "poor_persons": 4,
            "target_poor_persons": 4,
            "poor_persons_without_card": 0,
            "headcount_ratio": Fraction(2, 3),
            "intensity": Fraction(71, 240),  # 71/60 / 4
            "adjusted_headcount_ratio": Fraction(71, 360),
            "censored_persons": _zeros(
                ALL_CODES,
                health_food_hygiene=2,
                health_medicine_use=1,
                living_secure_housing=2,
                living_drinking_water=1,
                edu_compulsory=1,
                edu_continue_m4=1,
                edu_literacy=1,
                income_working_age_job=2,
                income_elderly_job=1,
                income_per_capita=2,
                access_elderly_care=3,
                access_disabled_care=1,
            ),
            "censored_headcount": {"access_elderly_care": Fraction(3, 6)},
        },
    )
    # k = 1/3: HH1 (2) + HH5 (1) poor of 6; mass 40 + 25 = 65 -> A = 65/180, M0 = 65/360.
    res = measures.summarise(_profiles(), k=1 / 3, welfare_card="with")
    _check(
        res,
        {
            "poor_households": 2,
            "poor_persons": 3,
            "headcount_ratio": Fraction(1, 2),
            "intensity": Fraction(13, 36),
            "adjusted_headcount_ratio": Fraction(13, 72),
        },
    )


def test_welfare_card_without():
    # Population: households without a holder (HH2, HH6 = 2); persons without the card:
    # 4-2, 3, 5-1, 2-2, 1-1, 6 = 2 + 3 + 4 + 0 + 0 + 6 = 15.
    res = measures.summarise(_profiles(), welfare_card="without")
    # Union: all 15 are in poor households (HH4 and HH5 contribute 0 persons).
    # Mass: 2*20 + 3*9 + 4*6 + 6*10 = 151 (60ths).
    _check(
        res,
        {
            "households": 2,
            "persons": 15,
            "poor_households": 2,
            "poor_persons": 15,
            "target_poor_persons": 0,
            "poor_persons_without_card": 15,
            "headcount_ratio": 1,
            "intensity": Fraction(151, 900),
            "adjusted_headcount_ratio": Fraction(151, 900),
        },
    )
    # with + without = all, for persons and for poor persons.
    allp = measures.summarise(_profiles())
    withp = measures.summarise(_profiles(), welfare_card="with")
    assert withp["persons"] + res["persons"] == allp["persons"]
    assert withp["poor_persons"] + res["poor_persons"] == allp["poor_persons"]
    assert withp["poor_persons"] == allp["target_poor_persons"]
    assert res["poor_persons"] == allp["poor_persons_without_card"]


# ---------------------------------------------------------------------------
# Dimension selection
# ---------------------------------------------------------------------------
def test_dimension_selection_changes_who_is_poor_at_one_third():
    dims = ("health", "income")
    # All dimensions at k = 1/3: HH1, HH5 poor (see above).
    # Health + income (3/24 and 4/24), k = 8/24: HH1 11/24 poor, HH5 7/24 NOT poor,
    # HH6 10/24 poor (was 10/60 < 1/3), HH2 3/24, HH3 and HH4 0 not poor.
    res = measures.summarise(_profiles(), k=1 / 3, dimensions=dims)
    # Mass: 4*11 + 6*10 = 104 (24ths) = 13/3.
    _check(
        res,
        {
            "poor_households": 2,
            "poor_persons": 10,
            "target_poor_persons": 2,
            "headcount_ratio": Fraction(10, 21),
            "intensity": Fraction(13, 30),  # 13/3 / 10
            "adjusted_headcount_ratio": Fraction(13, 63),
            # health 3*(food 4 + birth 6 + exercise 6) = 48; income 4*(4 + 4 + 6) = 56.
            "contribution": {
                "health": Fraction(48, 104),
                "income": Fraction(56, 104),
                "living": 0,
                "education": 0,
                "access": 0,
            },
            "censored_persons": {
                "health_birth_weight": 6,
                "health_exercise": 6,
                "income_per_capita": 10,
                "income_elderly_job": 0,
            },
            "dimension_persons": {"health": 10, "income": 10},
        },
    )
    assert close(sum(res["contribution"].values()), 1)


def test_dimension_selection_union_rule():
    # Union with health + income: k = 1/8 = 3/24. HH2 scores exactly 3/24 (boundary);
    # poor HH1 (4), HH2 (3), HH5 (1), HH6 (6) = 14; HH3 (education only) not poor.
    # Mass: 4*11 + 3*3 + 1*7 + 6*10 = 120 (24ths) = 5.
    res = measures.summarise(_profiles(), dimensions=("health", "income"))
    _check(
        res,
        {
            "poor_households": 4,
            "poor_persons": 14,
            "target_poor_persons": 3,
            "headcount_ratio": Fraction(2, 3),
            "intensity": Fraction(5, 14),
            "adjusted_headcount_ratio": Fraction(5, 21),
        },
    )


# ---------------------------------------------------------------------------
# Aggregated profiles and the independent reference
# ---------------------------------------------------------------------------
def _random_households(seed: int, n: int = 200) -> list[dict]:
    rng = random.Random(seed)
    areas = ["41010101", "41010102", "60010101", "19010101"]
    rows = []
    for _ in range(n):
        # Few deprivations per household so that every k below gives some poor and
        # many masks repeat (for the aggregation test).
        p = rng.choice([0.0, 0.03, 0.08, 0.2])
        deprived = {c for c in ALL_CODES if rng.random() < p}
        na = {c for c in ALL_CODES if c not in deprived and rng.random() < 0.25}
        size = rng.randint(1, 8)
        card = rng.choice([0, 0, 0, rng.randint(1, size)])
        rows.append(_household(deprived, n=size, card=card, na=na, area=rng.choice(areas)))
    return rows


def _aggregate(profiles: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return profiles.groupby(by, as_index=False)[
        ["households", "persons", "card_holders", "card_households"]
    ].sum()


CASES = [
    (None, None),
    (1 / 3, None),
    (0.15, None),
    (0.1, None),
    (0.5, None),
    (None, ("health", "income")),
    (1 / 3, ("health", "income")),
    (None, ("education",)),
    (0.5, ("living", "access")),
    (Fraction(2, 5), ("living", "income", "access")),
]


@pytest.mark.parametrize("welfare_card", ["all", "with", "without"])
@pytest.mark.parametrize(("k", "dims"), CASES)
def test_aggregated_profiles_equal_one_row_per_household(k, dims, welfare_card):
    households = _random_households(seed=11)
    per_household = _profiles_from(households)
    aggregated = _aggregate(per_household, ["mask"])
    assert len(aggregated) < len(per_household)  # masks really are shared
    assert aggregated["households"].sum() == len(households)
    _assert_same_summary(
        measures.summarise(aggregated, k, dims, welfare_card),
        measures.summarise(per_household, k, dims, welfare_card),
    )
    by_area = _aggregate(per_household, ["area_code", "mask"])
    t1 = measures.measure_table(by_area, "area_code", k, dims, welfare_card)
    t2 = measures.measure_table(per_household, "area_code", k, dims, welfare_card)
    assert t1.index.tolist() == t2.index.tolist()
    assert np.allclose(t1[t2.columns].to_numpy(float), t2.to_numpy(float), rtol=0, atol=TOL)


def test_aggregated_hand_table():
    # Six copies of HH2 (9/60, 3 persons, 0 cards) and two of HH5 stored as 2 rows.
    rows = [HOUSEHOLDS[1]] * 6 + [HOUSEHOLDS[4]] * 2
    aggregated = pd.DataFrame(
        {
            "mask": [2184, 108580],
            "households": [6, 2],
            "persons": [18, 2],
            "card_holders": [0, 2],
            "card_households": [0, 2],
        }
    )
    expected = measures.summarise(_profiles_from(rows), k=0.15)
    res = measures.summarise(aggregated, k=0.15)
    _assert_same_summary(res, expected)
    # By hand: all 20 persons poor; mass 18*9 + 2*25 = 212 (60ths); A = 212/1200 = 53/300.
    _check(
        res,
        {
            "households": 8,
            "poor_households": 8,
            "poor_persons": 20,
            "target_poor_persons": 2,
            "headcount_ratio": 1,
            "intensity": Fraction(53, 300),
            "adjusted_headcount_ratio": Fraction(53, 300),
        },
    )


# Independent Alkire-Foster reference.
#
# Textbook formulas of Alkire & Foster (2011), household-level identification,
# person-weighted aggregation, as in R `MPI::AF_Seq` and OPHI's `mpitb`
# (``mpitb est``): deprivation score c_i = Σ_j w_j g_ij; poor when c_i >= k;
# H = q / n, A = Σ_poor n_i c_i / q, M0 = Σ_poor n_i c_i / n = H × A;
# censored headcount CH_j = Σ_poor n_i g_ij / n; contribution of a dimension
# = Σ_{j in dim} w_j CH_j / M0. Plain loops and exact Fractions; the indicator
# columns (True / False / None) are read directly, no masks, no numpy.
def _reference_af(rows: list[dict], k, dims, welfare_card: str) -> dict:
    selected = ALL_DIMS if dims is None else dims
    w = {}
    for dim, codes in CODES_BY_DIMENSION.items():
        for code in codes:
            w[code] = Fraction(1, len(selected) * len(codes)) if dim in selected else Fraction(0)
    # A float k (1/3, 0.15) stands for the rational it was written as.
    k = min(v for v in w.values() if v > 0) if k is None else Fraction(k).limit_denominator(1000)
    n_households = n_persons = q_households = q_persons = target = 0
    mass = Fraction(0)
    cp = dict.fromkeys(ALL_CODES, 0)
    dp = dict.fromkeys(ALL_DIMS, 0)
    for row in rows:
        size, card = row["n_members"], row["card_holders"]
        if welfare_card == "all":
            hh, persons, holders = 1, size, card
        elif welfare_card == "with":
            hh, persons, holders = (1 if card > 0 else 0), card, card
        else:
            hh, persons, holders = (1 if card == 0 else 0), size - card, 0
        g = {code: row[code] is True for code in ALL_CODES}  # None -> not deprived
        c = Fraction(0)
        for code in ALL_CODES:
            if g[code]:
                c += w[code]
        n_households += hh
        n_persons += persons
        if c >= k:
            q_households += hh
            q_persons += persons
            target += holders
            mass += persons * c
            for code in ALL_CODES:
                if g[code]:
                    cp[code] += persons
            for dim, codes in CODES_BY_DIMENSION.items():
                if any(g[code] for code in codes):
                    dp[dim] += persons

    def ratio(a, b):
        return Fraction(a) / b if b else Fraction(0)

    m0 = ratio(mass, n_persons)
    ch = {code: ratio(cp[code], n_persons) for code in ALL_CODES}
    contribution = {}
    for dim, codes in CODES_BY_DIMENSION.items():
        contribution[dim] = ratio(sum(w[code] * ch[code] for code in codes), m0) if m0 else 0
    # Each indicator's contribution: w_j × CH_j / M0 (0 when nobody is poor).
    indicator_contribution = {
        code: (ratio(w[code] * ch[code], m0) if m0 else 0) for code in ALL_CODES
    }
    # Indicators and dimensions outside the selection are not part of the measure,
    # so the textbook leaves their censored headcounts undefined (None: not compared;
    # the code reports poor persons deprived in them, an open design choice).
    counted = {code for code in ALL_CODES if w[code] > 0}
    cp_out = {code: (cp[code] if code in counted else None) for code in ALL_CODES}
    ch = {code: (ch[code] if code in counted else None) for code in ALL_CODES}
    dp_out = {d: (dp[d] if d in selected else None) for d in ALL_DIMS}
    dh = {d: (ratio(dp[d], n_persons) if d in selected else None) for d in ALL_DIMS}
    return {
        "households": n_households,
        "persons": n_persons,
        "poor_households": q_households,
        "poor_persons": q_persons,
        "target_poor_persons": target,
        "poor_persons_without_card": q_persons - target,
        "headcount_ratio": ratio(q_persons, n_persons),
        "intensity": ratio(mass, q_persons),
        "adjusted_headcount_ratio": m0,
        "censored_headcount": ch,
        "censored_persons": cp_out,
        "dimension_headcount": dh,
        "dimension_persons": dp_out,
        "contribution": contribution,
        "indicator_contribution": indicator_contribution,
    }


def test_reference_reproduces_hand_values():
    # The reference itself against the hand-worked union and k = 1/3 values above.
    ref = _reference_af(HOUSEHOLDS, None, None, "all")
    assert ref["adjusted_headcount_ratio"] == Fraction(37, 210)
    assert ref["contribution"]["health"] == Fraction(10, 37)
    ref = _reference_af(HOUSEHOLDS, Fraction(1, 3), ("health", "income"), "all")
    assert ref["intensity"] == Fraction(13, 30)


@pytest.mark.parametrize("welfare_card", ["all", "with", "without"])
@pytest.mark.parametrize(("k", "dims"), CASES)
def test_against_reference_random_table(k, dims, welfare_card):
    households = _random_households(seed=2566)
    ref = _reference_af(households, k, dims, welfare_card)
    if k is None:
        assert ref["poor_persons"] > 0  # the union cases exercise real poverty
    res = measures.summarise(_profiles_from(households), k, dims, welfare_card)
    assert set(res) == set(ref)
    for key, value in ref.items():
        if isinstance(value, dict):
            assert set(res[key]) == set(value)
            for sub, v in value.items():
                if v is not None:
                    assert close(res[key][sub], v), (key, sub, res[key][sub], v)
        elif isinstance(value, int):
            assert res[key] == value, key
        else:
            assert close(res[key], value), (key, res[key], value)
    if ref["adjusted_headcount_ratio"] > 0:
        assert close(sum(res["contribution"].values()), 1)
        assert close(sum(res["indicator_contribution"].values()), 1)


@pytest.mark.parametrize(("k", "dims"), [(None, None), (1 / 3, None), (None, ("health", "income"))])
def test_against_reference_by_area(k, dims):
    households = _random_households(seed=7)
    table = measures.measure_table(_profiles_from(households), "area_code", k, dims)
    for area in sorted({h["area_code"] for h in households}):
        ref = _reference_af([h for h in households if h["area_code"] == area], k, dims, "all")
        _assert_same_summary(_row_as_summary(table.loc[area]), ref)


def test_dimensions_that_do_not_count_leave_censored_headcounts():
    # One household of 3, deprived in health_exercise and income_per_capita.
    # With only health counting (health weighs 1, each health indicator 1/4),
    # union k = 1/4: the household is poor with score 1/4; income is out of
    # the measure, so its censored headcount and dimension count are 0.
    rows = [_household({"health_exercise", "income_per_capita"}, n=3, card=0)]
    res = measures.summarise(_profiles_from(rows), dimensions=("health",))
    assert res["poor_persons"] == 3
    assert close(res["intensity"], Fraction(1, 4))
    assert res["censored_persons"]["health_exercise"] == 3
    assert res["censored_persons"]["income_per_capita"] == 0
    assert res["dimension_persons"] == {
        "health": 3,
        "living": 0,
        "education": 0,
        "income": 0,
        "access": 0,
    }
    assert close(res["contribution"]["health"], 1)


# ---------------------------------------------------------------------------
# Profiles as arrays (what DuckDB's fetchnumpy gives the area summary)
# ---------------------------------------------------------------------------
def _hand_arrays() -> dict[str, np.ndarray]:
    """The six hand households as plain arrays; mask int32 as DuckDB stores it."""
    return {
        "mask": np.array(HAND_MASKS, dtype=np.int32),
        "households": np.ones(6, dtype=np.int64),
        "persons": np.array([4, 3, 5, 2, 1, 6]),
        "card_holders": np.array([2, 0, 1, 2, 1, 0]),
        "card_households": np.array([1, 0, 1, 1, 1, 0]),
    }


def test_summarise_of_arrays_without_card_k_one_third():
    # k = 1/3 = 20/60: poor are HH1 (20/60, exactly k) and HH5 (25/60).
    # Without a card: households with no holder are HH2, HH6 (2 of 6); persons
    # 21 - 6 = 15; poor persons HH1 4 - 2 = 2, HH5 1 - 1 = 0; poor households 0
    # (both poor households hold a card). H = 2/15; mass 2 x 20/60 = 2/3;
    # A = (2/3) / 2 = 1/3; M0 = 2/45. HH1's five indicators have 2 poor persons
    # each. Contributions: health 2/20 / (2/3) = 3/20, living 3/20, income
    # 2 x 2/15 / (2/3) = 2/5, access 2/10 / (2/3) = 3/10.
    res = measures.summarise(_hand_arrays(), k=1 / 3, welfare_card="without")
    hh1 = (
        "health_food_hygiene",
        "living_secure_housing",
        "income_working_age_job",
        "income_per_capita",
        "access_elderly_care",
    )
    _check(
        res,
        {
            "households": 2,
            "persons": 15,
            "poor_households": 0,
            "poor_persons": 2,
            "target_poor_persons": 0,
            "poor_persons_without_card": 2,
            "headcount_ratio": Fraction(2, 15),
            "intensity": Fraction(1, 3),
            "adjusted_headcount_ratio": Fraction(2, 45),
            "censored_persons": {c: 2 if c in hh1 else 0 for c in ALL_CODES},
            "dimension_persons": {
                "health": 2,
                "living": 2,
                "education": 0,
                "income": 2,
                "access": 2,
            },
            "contribution": {
                "health": Fraction(3, 20),
                "living": Fraction(3, 20),
                "education": 0,
                "income": Fraction(2, 5),
                "access": Fraction(3, 10),
            },
        },
    )
    assert res == measures.summarise(_profiles(), k=1 / 3, welfare_card="without")


def test_measure_table_of_arrays_leaves_out_rows_without_a_group():
    # HH1 and HH2 in A, HH5 in B, HH3 with no area (left out, as a pandas groupby does).
    arrays = {name: values[[0, 1, 2, 4]] for name, values in _hand_arrays().items()}
    arrays["area_code"] = np.array(["A", "A", None, "B"], dtype=object)
    table = measures.measure_table(arrays, by="area_code")
    assert table.index.tolist() == ["A", "B"]
    assert table.index.name == "area_code"
    # Union rule: A = HH1 (4 persons, 20/60) + HH2 (3 persons, 9/60): 7 poor persons,
    # mass 80 + 27 = 107 (60ths), A = 107/420; B = HH5 alone: A = 25/60 = 5/12.
    a, b = table.loc["A"], table.loc["B"]
    assert (a["households"], a["persons"], a["poor_persons"]) == (2, 7, 7)
    assert close(a["intensity"], Fraction(107, 420))
    assert (b["households"], b["persons"], b["poor_persons"]) == (1, 1, 1)
    assert close(b["intensity"], Fraction(5, 12))
    assert table["persons"].dtype == np.int64
