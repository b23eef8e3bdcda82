"""Synthetic BMN (จปฐ.) households and persons on the real villages.

Real BMN microdata is personal and not public, so the default dataset is
generated here. It is **synthetic**: every file and the UI say so.

How it is made (one province at a time, deterministic for a seed). Every
published figure it meets, with its tolerance and source, is in
:mod:`data_loaders.calibration` (:data:`~data_loaders.calibration.RULES`):

- households: the province's count of the national plan, at least
  :data:`MIN_VILLAGE_HOUSEHOLDS` per village, the rest shared in proportion
  to a log-normal village size;
- a latent poverty propensity per household = district effect + subdistrict
  effect + village effect + household noise, so maps show spatial structure;
- members: 1 + Poisson(1.82 + 0.35 × propensity), then the province's
  persons met exactly (2.82 per household); heads aged about 54, other
  members in the age bands of the 2020 population, 56 % of heads and 45 % of
  the others men (49 % in all); Thai names from Faker's ``th_TH`` lists,
  13-digit national IDs with a valid check digit, disability and dependency;
- the 17 indicators, each applicable only when the household has the members
  it concerns (a newborn, a child 3-5, an elder …). Indicator *j* of
  dimension *d* is deprived when ``logit(draw) - base_j - 0.9 × area -
  β × (propensity - area) - 6 × deep < shift_d`` (``area``: the area part of
  the propensity, which gives the maps their spatial structure): one shift
  per dimension, solved exactly by sorting (:func:`_solve_threshold`) so that
  the share of poor adults failing the dimension is the province's published
  mix (adults, because the target poor are card holders, who are adults);
  ``β`` in [0, 3] (the correlation of the dimensions through the household
  part of the propensity) is solved by bisection so that the MPI-poor persons
  come closest to the province's target (:func:`_calibrate_dimensions`;
  Udon Thani's mix needs no correlation, so β = 0 there and its MPI-poor
  persons come out 2 % short). A few households (``deep``:
  :data:`DEEP_SHARE` = 2 % of the MPI-poor persons, the poorest by
  propensity) are multiply deprived, so that k = 1/3 finds a few tenths of a
  percent of persons;
- income per person: the draw of ``income_per_capita`` mapped log-linearly
  onto baht, 38,000 where the household's threshold meets its dimension's
  shift (so income below the BMN line is the income deprivation), 100,000
  where the vulnerable households reach 86 % (:func:`_income`); larger
  households have lower income per person;
- the welfare card (adults 18+): among MPI-poor households a random adult
  draw, its cut solved so that the target poor meet the target exactly;
  among the others more likely with propensity and below 100,000 baht, its
  cut solved so that group 3.1 holds 26.7 % of persons;
- the other urgent issues (DOMAIN.md §6 panel 1), from a random stream of
  their own: the NEET share of persons aged 15-24 per province
  (:data:`NEET_SHARE`), unemployment 1 % of the labour force, under-employment
  and household debt (51 % of households, 177,128 baht on average),
  correlated with the propensity (:func:`_labour`, :func:`_debt`).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely
from faker.providers.person.th_TH import Provider as ThaiNames

import settings
from data_loaders import calibration
from data_loaders.calibration import ProvinceTarget, pilot_target
from data_loaders.schema import BOOLEAN_INDICATORS, national_id_check_digit
from poverty.indicators import DIMENSION_CODES, INDICATOR_CODES, INDICATORS

__all__ = ["ProvinceTarget", "generate_province", "neet_share", "pilot_target"]

#: Fewest households a village gets.
MIN_VILLAGE_HOUSEHOLDS = 15
#: Mean household members beyond the first at average propensity, before the
#: province's persons are met exactly (2.82 per household, DOMAIN.md §7b).
EXTRA_MEMBERS = 1.82
#: Age bands of members other than the head, [0, 15), [15, 25), [25, 60), [60, 92),
#: and their probabilities: with heads aged N(54, 13) (about a third 60+) and 2.82
#: persons per household, persons come out 16.9 % aged 0-14, 65.3 % 15-59 and
#: 17.8 % 60+ (2020, :data:`data_loaders.calibration.RULES`).
MEMBER_AGE_BANDS = ((0, 15, 0.262), (15, 25, 0.208), (25, 60, 0.431), (60, 92, 0.099))
#: Men among heads of household and among the other members: 49 % of persons.
MALE_HEADS, MALE_OTHERS = 0.56, 0.45

#: Deprivation probability of each indicator (when applicable) for a household
#: of average propensity before calibration: shapes which indicators of a
#: dimension are failed (the dimension's shift then sets how often).
BASE_PROBABILITY = {
    "health_birth_weight": 0.06,
    "health_food_hygiene": 0.006,
    "health_medicine_use": 0.006,
    "health_exercise": 0.012,
    "living_secure_housing": 0.005,
    "living_drinking_water": 0.002,
    "living_water_supply": 0.003,
    "living_tidy_home": 0.002,
    "edu_preschool": 0.08,
    "edu_compulsory": 0.015,
    "edu_continue_m4": 0.30,
    "edu_literacy": 0.06,
    "income_working_age_job": 0.008,
    "income_elderly_job": 0.012,
    "income_per_capita": 0.04,
    "access_elderly_care": 0.0002,
    "access_disabled_care": 0.003,
}
#: Income per person falls with household size: this many logits per unit of log size.
INCOME_SIZE_EFFECT = 2.5
#: Multiply deprived households: their persons as a share of the MPI-poor persons, and
#: how many logits they add to every indicator.
DEEP_SHARE, DEEP_LOGITS = 0.02, 6.0
#: Loading of every indicator on the area part of the propensity (spatial structure),
#: and the range searched for β, the loading on its household part (the overlap of
#: dimensions; negative when the province's mix needs less overlap than the multiply
#: deprived households and household size bring).
AREA_LOADING = 0.9
BETA_RANGE = (0.0, 3.0)
#: Households with a housing problem beyond those failing secure housing.
EXTRA_HOUSING_PROBLEM = 0.02

#: NEET share (persons aged 15-24 not in education, employment or training).
#: Published top 5 (DOMAIN.md §7): Buri Ram 28.24%, Nakhon Ratchasima 27.48%,
#: Udon Thani 24.48%, Krabi 24.35%, Sakon Nakhon 24.23%. Nakhon Sawan and
#: Saraburi are not in the top 5 and their figures are not in our sources: the
#: values here are assumptions below 24.23%, Saraburi (industrial, near
#: Bangkok) lower. Other provinces: drawn in [10%, 23.5%] (:func:`neet_share`).
NEET_SHARE = {
    "31": 0.2824,
    "30": 0.2748,
    "41": 0.2448,
    "81": 0.2435,
    "47": 0.2423,
    "60": 0.205,
    "19": 0.165,
}
#: Employment status of persons aged 15+ (null below 15).
EMPLOYMENT_STATUSES = ("employed", "underemployed", "unemployed", "not_in_labour_force")
#: NEETs in the labour force (seeking work, so unemployed): NSO's Labour Force Survey puts
#: unemployment at 4-5 % of the labour force aged 15-24, which with a NEET share of
#: about 20 % and a youth participation of about 40 % is about 7 % of NEETs.
NEET_IN_LABOUR_FORCE = 0.07
#: Unemployed among the labour force aged 15+, and households in debt with their mean
#: debt (baht, over all households): see :data:`data_loaders.calibration.RULES`.
UNEMPLOYMENT = 0.010
DEBT_SHARE = 0.510
MEAN_DEBT = 177_128.0
#: Group 3.1 (card holders not MPI-poor) as a share of persons (DOMAIN.md §7).
GROUP_3_1_SHARE = 9_639_745 / calibration.NATIONAL_PERSONS
#: Vulnerable households (FY2566 definition) as a share of households (DOMAIN.md §7).
VULNERABLE_SHARE = 11_023_225 / calibration.NATIONAL_HOUSEHOLDS
#: The 17 indicator codes in bit order and the dimension (index) of each.
_CODES = tuple(i.code for i in INDICATORS)
_DIMENSION_OF = np.array([DIMENSION_CODES.index(i.dimension) for i in INDICATORS])
_INCOME = _CODES.index("income_per_capita")


def neet_share(province_code: str, seed: int) -> float:
    """Return the NEET share (0-1) the generator calibrates a province to.

    :data:`NEET_SHARE` where listed, else a draw in [0.10, 0.235] fixed by
    the seed and the province (below the published top 5).
    """
    if province_code in NEET_SHARE:
        return NEET_SHARE[province_code]
    return float(np.random.default_rng([seed, int(province_code), 15]).uniform(0.10, 0.235))


def _logit(p: float | np.ndarray) -> np.ndarray:
    return np.log(p / (1 - p))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _solve_threshold(thresholds: np.ndarray, weights: np.ndarray, target: float) -> float:
    """Return a cut t with Σ weights[thresholds < t] the smallest sum >= target.

    The calibration rule: an item (household, person) is switched on when the
    cut passes its threshold (``+inf`` = never); sorting the thresholds gives
    the exact cut reaching the target. Returns a value between the threshold
    that reaches it and the next one; above every finite threshold when the
    target cannot be reached; ``-inf`` (nobody) for a target <= 0.
    """
    if target <= 0:
        return -np.inf
    weights = np.asarray(weights, dtype=float)
    # Only the smallest thresholds can matter: sort just enough of them (O(n) selection).
    count = len(thresholds)
    mean_weight = weights.sum() / max(count, 1)
    take = int(2 * target / mean_weight) + 1_000 if mean_weight > 0 else count
    while take < count - 1:
        part = np.argpartition(thresholds, take)[: take + 1]
        if weights[part].sum() - weights[part].max() >= target:
            thresholds, weights = thresholds[part], weights[part]
            break
        take *= 2
    order = np.argsort(thresholds, kind="stable")
    ranked = thresholds[order]
    reached = np.cumsum(weights[order])
    i = int(np.searchsorted(reached, target))
    if i >= len(ranked) or not np.isfinite(ranked[i]):
        finite = ranked[np.isfinite(ranked)]
        return float(finite[-1] + 1.0) if finite.size else -np.inf
    upper = ranked[i + 1] if i + 1 < len(ranked) and np.isfinite(ranked[i + 1]) else ranked[i] + 1.0
    return float((ranked[i] + upper) / 2)


def _group_effect(codes: pd.Series, sd: float, rng: np.random.Generator) -> np.ndarray:
    """Draw one normal effect per distinct code; return it per row."""
    keys, index = np.unique(codes.to_numpy(), return_inverse=True)
    return rng.normal(0, sd, len(keys))[index]


def _draw_households(
    villages: pd.DataFrame, rng: np.random.Generator, households: int, persons: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Draw the households of a province's villages: the generator's first draws.

    Parameters
    ----------
    villages : DataFrame
        The province's villages sorted by ``village_code`` (``district_code``,
        ``subdistrict_code``).
    rng : Generator
        The province's generator, fresh (``default_rng([seed, province])``).
    households, persons : int
        Exact numbers of households and persons: at least
        :data:`MIN_VILLAGE_HOUSEHOLDS` per village, the rest shared
        multinomially in proportion to a log-normal village size; persons
        >= households.

    Returns
    -------
    v_idx : int array, shape (n,)
        Village row of each household.
    area : float array, shape (n,)
        The area part of the propensity (district + subdistrict + village effects).
    propensity : float array, shape (n,)
        Latent poverty propensity (area effects + household noise).
    n_members : int array, shape (n,)
        1 + Poisson(clip(1.82 + 0.35 × propensity, 0.3, 6)), then one member
        added to (or taken from) random households until they sum to ``persons``.

    Raises
    ------
    ValueError
        If ``households`` is below the minimum for the villages or ``persons``
        below ``households``.
    """
    size = rng.lognormal(0, 0.45, len(villages))
    spare = households - MIN_VILLAGE_HOUSEHOLDS * len(villages)
    if spare < 0:
        raise ValueError(
            f"{households} households cannot give each of {len(villages)} villages "
            f"at least {MIN_VILLAGE_HOUSEHOLDS}"
        )
    if persons < households:
        raise ValueError(f"{persons} persons cannot fill {households} households")
    n_hh = MIN_VILLAGE_HOUSEHOLDS + rng.multinomial(spare, size / size.sum())
    v_idx = np.repeat(np.arange(len(villages)), n_hh)
    area_effect = (
        _group_effect(villages["district_code"], 0.35, rng)
        + _group_effect(villages["subdistrict_code"], 0.30, rng)
        + rng.normal(0, 0.15, len(villages))
    )
    propensity = area_effect[v_idx] + rng.normal(0, 1, len(v_idx))
    n_members = 1 + rng.poisson(np.clip(EXTRA_MEMBERS + 0.35 * propensity, 0.3, 6.0))
    return v_idx, area_effect[v_idx], propensity, _meet_total(n_members, persons, rng)


def _meet_total(n_members: np.ndarray, persons: int, rng: np.random.Generator) -> np.ndarray:
    """Add or take one member at a time from random households until the sum is ``persons``.

    A member is taken only from households of 2 or more; each round touches a
    household at most once.
    """
    n_members = n_members.copy()
    while (gap := persons - int(n_members.sum())) != 0:
        pool = np.flatnonzero(n_members > 1) if gap < 0 else np.arange(len(n_members))
        chosen = rng.choice(pool, min(abs(gap), len(pool)), replace=False)
        n_members[chosen] += 1 if gap > 0 else -1
    return n_members


def _one_province(villages: pd.DataFrame) -> str:
    provinces = villages["province_code"].unique()
    if len(provinces) != 1:
        raise ValueError(f"generate_province needs one province's villages, got {list(provinces)}")
    return str(provinces[0])


def _calibrate_dimensions(
    base_thresholds: np.ndarray,
    noise: np.ndarray,
    n_members: np.ndarray,
    adults: np.ndarray,
    target: ProvinceTarget,
) -> tuple[float, np.ndarray]:
    """Solve β and the five dimension shifts (rule in the module docstring).

    Parameters
    ----------
    base_thresholds : float array, shape (n, 5)
        Per household and dimension, the lowest ``logit(draw) - base`` of its
        applicable indicators (``inf`` when none applies), less the area
        loading and the multiply deprived households' logits.
    noise : float array, shape (n,)
        The household part of the propensity, on which β loads.
    n_members, adults : int arrays, shape (n,)
        Members, and members aged 18+.
    target : ProvinceTarget
        MPI-poor persons to reach and the dimension mix (shares of poor adults).

    Returns
    -------
    beta : float
        The loading on the household noise at which the MPI-poor persons
        come closest to the target (bisection on ``BETA_RANGE``).
    shifts : float array, shape (5,)
        Per dimension: a household fails it when its threshold is below.
    """
    mix = np.asarray(target.dimension_mix, dtype=float)
    # Adults per person among the poor: estimated from the last solution.
    adult_ratio = adults.sum() / n_members.sum()

    def solve(beta: float) -> tuple[np.ndarray, np.ndarray]:
        nonlocal adult_ratio
        thresholds = base_thresholds - (beta * noise)[:, None]
        poor_adults = target.mpi_poor_persons * adult_ratio
        shifts = np.array(
            [_solve_threshold(thresholds[:, d], adults, mix[d] * poor_adults) for d in range(5)]
        )
        poor = (thresholds < shifts).any(axis=1)
        if poor.any():
            adult_ratio = adults[poor].sum() / n_members[poor].sum()
        return shifts, poor

    low, high = BETA_RANGE
    for _ in range(14):
        beta = (low + high) / 2
        _, poor = solve(beta)
        # More correlation, more overlap of the dimensions, fewer poor persons.
        if n_members[poor].sum() > target.mpi_poor_persons:
            low = beta
        else:
            high = beta
    beta = (low + high) / 2
    for _ in range(3):  # settle the poor adults the mix is a share of
        shifts, _ = solve(beta)
    return beta, shifts


def _income(
    income_threshold: np.ndarray, income_shift: float, other_vulnerable: np.ndarray
) -> np.ndarray:
    """Return income per person (baht/year, rounded to 10) from the income draw.

    ``x = income_threshold - income_shift`` is negative exactly for the
    households deprived in ``income_per_capita``; income is 38,000 ×
    exp(κ x), with κ set so that income reaches 100,000 where the vulnerable
    households (low income, or ``other_vulnerable``: a dependent or a housing
    problem) make up :data:`VULNERABLE_SHARE` of households (solved by
    sorting). Rounding keeps each household on its side of both lines.
    """
    n = len(income_threshold)
    x = income_threshold - income_shift
    need = round(VULNERABLE_SHARE * n) - int(other_vulnerable.sum())
    x_low = _solve_threshold(np.where(other_vulnerable, np.inf, x), np.ones(n), need)
    x_low = max(x_low, 0.5)
    kappa = np.log(settings.LOW_INCOME_LINE / settings.INCOME_LINE) / x_low
    income = np.round(settings.INCOME_LINE * np.exp(np.clip(kappa * x, -4.0, 4.0)), -1)
    line, low_line = settings.INCOME_LINE, settings.LOW_INCOME_LINE
    income = np.where(x < 0, np.minimum(income, line - 10), np.maximum(income, line))
    low = x < x_low
    return np.where(low, np.minimum(income, low_line - 10), np.maximum(income, low_line))


def generate_province(
    villages: pd.DataFrame,
    seed: int = settings.DEFAULT_SEED,
    target: ProvinceTarget | None = None,
    subdistricts: gpd.GeoDataFrame | None = None,
    households: int | None = None,
    persons: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate the synthetic households and persons of one province.

    Parameters
    ----------
    villages : DataFrame
        The province's villages: ``village_code``, ``subdistrict_code``,
        ``district_code``, ``province_code``, ``lon``, ``lat`` (EPSG:4326)
        and ``assigned_by`` ("generated" for community points).
    seed : int
        Same seed and villages give identical output.
    target : ProvinceTarget, optional
        Defaults to :func:`data_loaders.calibration.pilot_target` (pilot
        provinces only).
    subdistricts : GeoDataFrame, optional
        Subdistrict polygons (``code``, geometry, EPSG:4326); when given,
        house points scattered around a village stay inside its subdistrict.
    households, persons : int, optional
        Exact numbers of households and persons; by default the national
        means for the villages given
        (:func:`data_loaders.calibration.default_size`).

    The build passes each province's ``target``, ``households`` and
    ``persons`` from the national plan
    (:func:`data_loaders.calibration.province_plan`).

    Returns
    -------
    households, persons : DataFrame
        In the file schema of :mod:`data_loaders.schema` (DOMAIN.md §2),
        plus ``house_no`` for addresses, with the optional columns
        ``debt_baht``/``has_debt`` (households) and
        ``in_education``/``employment`` (persons). Sorted by ``household_id``.

    Raises
    ------
    ValueError
        If ``villages`` is empty or spans several provinces, if ``target`` is
        missing for a province that is not a pilot, or if ``households`` is
        below 15 per village or ``persons`` below ``households``.
    """
    province = _one_province(villages)
    target = target or pilot_target(province)
    if households is None or persons is None:
        households, persons = calibration.default_size(len(villages))
    rng = np.random.default_rng([seed, int(province)])
    villages = villages.sort_values("village_code").reset_index(drop=True)

    # Households per village, their propensity and members.
    v_idx, area, propensity, n_members = _draw_households(villages, rng, households, persons)
    n = len(v_idx)
    hh_of_person = np.repeat(np.arange(n), n_members)
    starts = np.cumsum(n_members) - n_members
    seq = np.arange(len(hh_of_person)) - starts[hh_of_person]
    people = _members(hh_of_person, seq, propensity, rng)

    # Applicability of each indicator from the members (DOMAIN.md §2).
    def any_member(condition: np.ndarray) -> np.ndarray:
        return np.bincount(hh_of_person, weights=condition, minlength=n) > 0

    age = people["age"].to_numpy()
    applicable = {
        "health_birth_weight": any_member(age == 0),
        "health_exercise": any_member(age >= 6),
        "edu_preschool": any_member((age >= 3) & (age <= 5)),
        "edu_compulsory": any_member((age >= 6) & (age <= 14)),
        "edu_continue_m4": any_member((age >= 15) & (age <= 16)),
        "edu_literacy": any_member((age >= 15) & (age <= 59)),
        "income_working_age_job": any_member((age >= 15) & (age <= 59)),
        "income_elderly_job": any_member(age >= 60),
        "access_elderly_care": any_member(age >= 60),
        "access_disabled_care": any_member(people["disabled"].to_numpy()),
    }
    adults = np.bincount(hh_of_person, weights=age >= 18, minlength=n).astype(np.int64)
    appl = np.column_stack([applicable.get(c, np.ones(n, bool)) for c in _CODES])
    draws = np.clip(rng.random((n, len(_CODES))), 1e-12, 1 - 1e-12)
    base = np.array([_logit(BASE_PROBABILITY[c]) for c in _CODES])
    own = _logit(draws) - base[None, :]
    own[:, _INCOME] -= INCOME_SIZE_EFFECT * np.log(n_members / 2.82)
    own = np.where(appl, own, np.inf)
    # The poorest households by propensity (plus noise) are multiply deprived.
    deep_score = -(propensity + rng.normal(0, 0.5, n))
    deep = deep_score < _solve_threshold(
        deep_score, n_members, DEEP_SHARE * target.mpi_poor_persons
    )
    by_dimension = np.column_stack(
        [own[:, _DIMENSION_OF == d].min(axis=1) for d in range(len(DIMENSION_CODES))]
    )
    loading = AREA_LOADING * area + DEEP_LOGITS * deep
    beta, shifts = _calibrate_dimensions(
        by_dimension - loading[:, None], propensity - area, n_members, adults, target
    )
    thresholds = own - (loading + beta * (propensity - area))[:, None]
    deprived_all = thresholds < shifts[_DIMENSION_OF][None, :]
    poor = deprived_all.any(axis=1)

    housing = deprived_all[:, _CODES.index("living_secure_housing")] | (
        rng.random(n) < EXTRA_HOUSING_PROBLEM
    )
    dependents = np.bincount(hh_of_person, weights=people["dependent"], minlength=n)
    income = _income(
        thresholds[:, _INCOME], shifts[_DIMENSION_OF[_INCOME]], housing | (dependents > 0)
    )

    # Welfare card (adults 18+). MPI-poor households: a random adult draw, cut so that
    # the target poor meet the target. Others: more likely with propensity and below
    # 100,000 baht/person/year, cut so that group 3.1 holds GROUP_3_1_SHARE of persons.
    adult = age >= 18
    poor_person = poor[hh_of_person]
    with np.errstate(divide="ignore"):
        card_draw = _logit(np.clip(rng.random(len(age)), 1e-12, 1 - 1e-12))
    low_income = (income < settings.LOW_INCOME_LINE)[hh_of_person]
    card_threshold = np.where(
        poor_person,
        card_draw - 0.3 * (age >= 60),
        card_draw - 1.1 * propensity[hh_of_person] - 2.0 * low_income,
    )
    card_threshold = np.where(adult, card_threshold, np.inf)
    poor_cut = _solve_threshold(
        np.where(poor_person, card_threshold, np.inf),
        np.ones(len(age)),
        target.target_poor_persons,
    )
    other_cut = _solve_threshold(
        np.where(poor_person, np.inf, card_threshold),
        np.ones(len(age)),
        round(GROUP_3_1_SHARE * len(age)),
    )
    people["welfare_card"] = card_threshold < np.where(poor_person, poor_cut, other_cut)

    frame = _households(
        villages,
        v_idx,
        n_members,
        income,
        deprived_all[:, [_CODES.index(c) for c in BOOLEAN_INDICATORS]],
        appl[:, [_CODES.index(c) for c in BOOLEAN_INDICATORS]],
        housing,
        people,
        hh_of_person,
        rng,
        subdistricts,
    )
    person_household = _household_numbers(villages, v_idx)[hh_of_person]
    people.insert(1, "household_id", _ascii_column(_decimal_digits(person_household, 12)))
    people.insert(
        0, "person_id", _ascii_column(_decimal_digits(person_household * 100 + seq + 1, 14))
    )
    district = villages["district_code"].to_numpy(dtype=object).astype(np.int64)[v_idx]
    people["national_id"] = _national_ids(district[hh_of_person], age, rng)
    # The other urgent issues draw from a stream of their own.
    issues_rng = np.random.default_rng([seed, int(province), 11])
    no_job = deprived_all[:, _CODES.index("income_working_age_job")]
    people["in_education"], people["employment"] = _labour(
        age,
        people["sex"].to_numpy(),
        propensity[hh_of_person],
        no_job[hh_of_person],
        neet_share(province, seed),
        issues_rng,
    )
    frame["debt_baht"], frame["has_debt"] = _debt(propensity, issues_rng)
    return frame, people[
        [
            "person_id",
            "household_id",
            "national_id",
            "name",
            "sex",
            "age",
            "welfare_card",
            "disabled",
            "dependent",
            "in_education",
            "employment",
        ]
    ]


def _labour(
    age: np.ndarray,
    sex: np.ndarray,
    propensity: np.ndarray,
    household_no_job: np.ndarray,
    neet_target: float,
    rng: np.random.Generator,
) -> tuple[pd.Series, pd.Series]:
    """Draw education and employment status of every person (null below age 15).

    NEET (aged 15-24, not in education and not employed): a latent score per
    young person falling with propensity, age 18+, female sex and a household
    failing ``income_working_age_job``; the cut is solved so that the NEET
    share of persons aged 15-24 is ``neet_target`` (:func:`_solve_threshold`).
    Other young people are in education (most at 15-17, fewer later) or
    employed. A NEET is in the labour force, hence unemployed, with
    probability :data:`NEET_IN_LABOUR_FORCE`, else outside it. Aged 25+:
    labour force participation about 88 % at 25-59 (lower for women, poorer
    households), falling after 60; the unemployed among them are the highest
    by a score rising with propensity and a household failing
    ``income_working_age_job``, as many as bring all unemployed to
    :data:`UNEMPLOYMENT` of the labour force (solved by sorting); under-employed
    :data:`data_loaders.calibration.UNDEREMPLOYMENT` of the employed at average
    propensity, rising with it.

    Parameters
    ----------
    age, sex, propensity, household_no_job : arrays of shape (m,)
        Per person: age (years), "M"/"F", the household's poverty propensity
        and whether the household fails ``income_working_age_job``.
    neet_target : float
        NEET share of persons aged 15-24, 0-1.

    Returns
    -------
    in_education : Series of nullable boolean, shape (m,)
    employment : Series of str (null below 15), shape (m,), one of :data:`EMPLOYMENT_STATUSES`
    """
    m = len(age)
    adult = age >= 15
    youth = adult & (age <= 24)
    female = sex == "F"
    u = np.clip(rng.random((m, 4)), 1e-12, 1 - 1e-12)
    neet_threshold = (
        _logit(u[:, 0])
        - 0.6 * propensity
        - 1.0 * (age >= 18)
        - 0.3 * female
        - 0.8 * household_no_job
    )
    neet_threshold = np.where(youth, neet_threshold, np.inf)
    shift = _solve_threshold(
        neet_threshold[youth], np.ones(int(youth.sum())), neet_target * youth.sum()
    )
    neet = youth & (neet_threshold < shift)

    p_school = np.select([age <= 17, age <= 22], [0.90, 0.55], 0.12)
    p_school = _sigmoid(_logit(p_school) - 0.4 * propensity)
    in_education = youth & ~neet & (u[:, 1] < p_school)
    in_education |= (age >= 25) & (age <= 59) & (u[:, 1] < 0.01)

    participation = np.where(
        age < 60,
        _sigmoid(_logit(0.88) - 0.2 * propensity - 0.6 * household_no_job - 0.6 * female),
        _sigmoid(_logit(0.45) - 0.08 * (age - 60)),
    )
    in_labour_force = (
        np.where(
            youth,
            np.where(neet, u[:, 2] < NEET_IN_LABOUR_FORCE, ~in_education | (u[:, 2] < 0.12)),
            u[:, 2] < np.where(in_education, 0.3, participation),
        )
        & adult
    )
    young_unemployed = youth & neet & in_labour_force
    older = in_labour_force & ~youth
    unemployed_score = _logit(u[:, 3]) - 0.5 * propensity - 1.5 * household_no_job
    cut = _solve_threshold(
        np.where(older, unemployed_score, np.inf),
        np.ones(m),
        round(UNEMPLOYMENT * in_labour_force.sum()) - int(young_unemployed.sum()),
    )
    unemployed = young_unemployed | (older & (unemployed_score < cut))
    p_under = _sigmoid(_logit(calibration.UNDEREMPLOYMENT) + 0.4 * propensity)
    under = in_labour_force & ~unemployed & (rng.random(m) < p_under)
    labels = np.array([None, "not_in_labour_force", "unemployed", "underemployed", "employed"])
    status = labels[np.select([~adult, ~in_labour_force, unemployed, under], [0, 1, 2, 3], 4)]
    education = pd.array(in_education, dtype="boolean")
    education[~adult] = pd.NA
    return pd.Series(education), pd.Series(status, dtype="str")


def _debt(propensity: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Draw household debt (baht, rounded to 100) and whether the household is in debt.

    In debt: the :data:`DEBT_SHARE` of households lowest by a score falling
    with propensity (solved by sorting); an indebted household owes a
    log-normal amount (sd 0.9 on the log scale, rising with propensity),
    scaled so that the mean over all households is :data:`MEAN_DEBT`.

    Returns
    -------
    debt_baht : float array, shape (n,), >= 0 (0 when not in debt)
    has_debt : bool array, shape (n,)
    """
    n = len(propensity)
    score = _logit(np.clip(rng.random(n), 1e-12, 1 - 1e-12)) - 0.35 * propensity
    has_debt = score < _solve_threshold(score, np.ones(n), round(DEBT_SHARE * n))
    amount = np.exp(0.1 * propensity + rng.normal(0, 0.9, n)) * has_debt
    amount *= MEAN_DEBT * n / max(amount.sum(), 1.0)
    debt = np.where(has_debt, np.maximum(np.round(amount, -2), 100.0), 0.0)
    return debt, has_debt


def _members(
    hh: np.ndarray, seq: np.ndarray, propensity: np.ndarray, rng: np.random.Generator
) -> pd.DataFrame:
    """Draw age, sex, name, disability and dependency of every member.

    Heads aged N(54, 13) in [20, 95], :data:`MALE_HEADS` of them men; other
    members in :data:`MEMBER_AGE_BANDS`, :data:`MALE_OTHERS` men.
    """
    m = len(hh)
    head = seq == 0
    band = rng.choice(len(MEMBER_AGE_BANDS), m, p=[b[2] for b in MEMBER_AGE_BANDS])
    low = np.array([b[0] for b in MEMBER_AGE_BANDS])[band]
    high = np.array([b[1] for b in MEMBER_AGE_BANDS])[band]
    age = rng.integers(low, high)
    age = np.where(head, np.clip(rng.normal(54, 13, m), 20, 95).astype(int), age)
    male_sex = rng.random(m) < np.where(head, MALE_HEADS, MALE_OTHERS)
    disabled = rng.random(m) < 0.012 + 0.04 * (age >= 60) + 0.01 * np.clip(propensity[hh], 0, None)
    dependent = disabled | ((age >= 75) & (rng.random(m) < 0.35))

    # Names are drawn as indices into Faker's th_TH lists, then joined in Arrow.
    n_male, n_female = len(ThaiNames.first_names_male), len(ThaiNames.first_names_female)
    n_last = len(ThaiNames.last_names)
    first = np.where(male_sex, rng.integers(0, n_male, m), n_male + rng.integers(0, n_female, m))
    family = rng.integers(0, n_last, len(propensity))[hh]
    own = rng.integers(0, n_last, m)
    surname = np.where(head | (rng.random(m) < 0.85), family, own)
    child = age < 15
    title = np.select([child & male_sex, child, male_sex, age >= 25], [0, 1, 2, 3], 4)
    titles = pa.array(["เด็กชาย", "เด็กหญิง", "นาย", "นาง", "นางสาว"]).take(title)
    firsts = pa.array([*ThaiNames.first_names_male, *ThaiNames.first_names_female]).take(first)
    surnames = pa.array(list(ThaiNames.last_names)).take(surname)
    name = pc.binary_join_element_wise(
        pc.binary_join_element_wise(titles, firsts, ""), surnames, " "
    )
    return pd.DataFrame(
        {
            "name": pd.array(name, dtype="str"),
            "sex": pd.array(pa.array(["F", "M"]).take(male_sex.astype(np.int8)), dtype="str"),
            "age": age.astype(np.int16),
            "disabled": disabled,
            "dependent": dependent,
        }
    )


def _keep_inside(
    lon: np.ndarray,
    lat: np.ndarray,
    village_lon: np.ndarray,
    village_lat: np.ndarray,
    v_idx: np.ndarray,
    village_subdistricts: pd.Series,
    subdistricts: gpd.GeoDataFrame,
) -> tuple[np.ndarray, np.ndarray]:
    """Move jittered house points that left their subdistrict back to the village point.

    Village points outside every polygon (assigned to the nearest one) keep
    their houses at the village point. ``lon``, ``lat``, ``village_lon``,
    ``village_lat`` and ``v_idx`` (sorted village row) have one row per house;
    ``village_subdistricts`` one per village, sorted.
    """
    lon, lat = lon.copy(), lat.copy()
    shapes = subdistricts.set_index("code").geometry
    codes, first_village = np.unique(village_subdistricts.to_numpy(dtype=object), return_index=True)
    starts = np.searchsorted(v_idx, first_village)
    ends = np.r_[starts[1:], len(lon)]
    for code, start, end in zip(codes, starts, ends, strict=True):
        polygon = shapes.get(code)
        if polygon is None:
            continue
        rows = np.arange(start, end)
        shapely.prepare(polygon)
        outside = rows[~shapely.contains_xy(polygon, lon[rows], lat[rows])]
        lon[outside] = village_lon[outside]
        lat[outside] = village_lat[outside]
    return lon, lat


def _households(
    villages,
    v_idx,
    n_members,
    income,
    deprived,
    applicable,
    housing,
    persons,
    hh_of_person,
    rng,
    subdistricts=None,
) -> pd.DataFrame:
    """Assemble the household table in the file schema."""
    n = len(v_idx)
    # Per-village columns as plain arrays, then one row per household.
    take = pa.array(v_idx)
    village = {
        c: pd.array(pa.array(villages[c].to_numpy(dtype=object)).take(take), dtype="str")
        for c in ["village_code", "province_code", "district_code", "subdistrict_code"]
    }
    village_lon, village_lat = villages["lon"].to_numpy()[v_idx], villages["lat"].to_numpy()[v_idx]
    seq_in_village = _sequence_in_village(v_idx)
    jitter = np.where(villages["assigned_by"].to_numpy()[v_idx] == "generated", 0.002, 0.004)
    lon = village_lon + rng.normal(0, 1, n) * jitter
    lat = village_lat + rng.normal(0, 1, n) * jitter
    if subdistricts is not None:
        lon, lat = _keep_inside(
            lon, lat, village_lon, village_lat, v_idx, villages["subdistrict_code"], subdistricts
        )
    cards = np.bincount(hh_of_person, weights=persons["welfare_card"], minlength=n).astype(int)
    dependents = np.bincount(hh_of_person, weights=persons["dependent"], minlength=n).astype(int)
    number = (seq_in_village + 1).tolist()
    frame = pd.DataFrame(
        {
            "household_id": _ascii_column(_decimal_digits(_household_numbers(villages, v_idx), 12)),
            **{c: village[c] for c in list(village)[1:]},
            "village_code": village["village_code"],
            "house_no": [
                f"{s}" if r > 0.1 else f"{s}/1"
                for s, r in zip(number, rng.random(n).tolist(), strict=True)
            ],
            "lat": np.round(lat, 6),
            "lon": np.round(lon, 6),
            "n_members": n_members.astype(np.int16),
            "income_per_capita": np.round(income, -1),
            "welfare_card_holders": cards.astype(np.int16),
            "n_dependents": dependents.astype(np.int16),
            "housing_problem": housing,
        }
    )
    for j, code in enumerate(BOOLEAN_INDICATORS):
        values = pd.array(deprived[:, j], dtype="boolean")
        values[~applicable[:, j]] = pd.NA
        frame[code] = values
    return frame[[*frame.columns[:13], *[c for c in INDICATOR_CODES if c in BOOLEAN_INDICATORS]]]


def _sequence_in_village(v_idx: np.ndarray) -> np.ndarray:
    """Return each household's 0-based rank within its village (``v_idx`` sorted)."""
    n = len(v_idx)
    counts = np.bincount(v_idx)
    return np.arange(n) - np.repeat(np.cumsum(counts) - counts, counts)[:n]


def _household_numbers(villages: pd.DataFrame, v_idx: np.ndarray) -> np.ndarray:
    """Return household IDs as numbers: the 8-digit village code, then a 4-digit sequence.

    Persons' IDs append a 2-digit sequence. IDs are built as numbers and
    written out as text in one go (:func:`_ascii_column`).
    """
    village_number = villages["village_code"].to_numpy(dtype=object).astype(np.int64)
    return village_number[v_idx] * 10_000 + _sequence_in_village(v_idx) + 1


#: ASCII codes of "0000" ... "9999", shape (10000, 4).
_FOUR_DIGITS = np.frombuffer("".join(f"{i:04d}" for i in range(10_000)).encode(), np.uint8)
_FOUR_DIGITS = _FOUR_DIGITS.reshape(10_000, 4)


def _decimal_digits(values: np.ndarray, width: int) -> np.ndarray:
    """Return the ASCII codes of non-negative integers written with ``width`` digits.

    Shape (m, width), uint8, zero-padded on the left (4 digits per table look-up).
    """
    values = np.asarray(values, dtype=np.int64)
    chunks = -(-width // 4)
    out = np.empty((len(values), 4 * chunks), dtype=np.uint8)
    for i in range(chunks):
        part = values // 10 ** (4 * (chunks - 1 - i)) % 10_000
        out[:, 4 * i : 4 * i + 4] = _FOUR_DIGITS[part]
    return out[:, 4 * chunks - width :]


def _ascii_column(chars: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Return one ``str`` per row of an (m, w) array of ASCII codes (no NUL bytes).

    The fast path for IDs: no Python string per row is made.
    """
    chars = np.ascontiguousarray(chars, dtype=np.uint8)
    raw = pa.array(chars.view(f"S{chars.shape[1]}").ravel())
    return pd.array(raw.cast(pa.string()), dtype="str")


def _national_ids(
    district_codes: np.ndarray, age: np.ndarray, rng: np.random.Generator
) -> pd.api.extensions.ExtensionArray:
    """Return unique 13-digit national IDs with valid check digits.

    ``district_codes`` are the 4-digit district codes as integers, one per
    person. Digit 1: 1 for persons born after 1984 (aged 42 or less in 2026), else 3;
    digits 2-5: the district of registration; digits 6-12: a sequence unique
    within the district; digit 13: the check digit
    (:func:`data_loaders.schema.national_id_check_digit`).
    """
    m = len(age)
    order = np.argsort(district_codes, kind="stable")
    sorted_codes = district_codes[order]
    first_of_group = np.r_[True, sorted_codes[1:] != sorted_codes[:-1]]
    group_start = np.maximum.accumulate(np.where(first_of_group, np.arange(m), 0))
    rank = np.empty(m, dtype=np.int64)
    rank[order] = np.arange(m) - group_start
    offset = rng.integers(0, 1_000_000, m)  # varies IDs without breaking uniqueness
    sequence = (rank * 7 + offset % 7) % 10_000_000
    district = np.asarray(district_codes, dtype=np.int64)
    prefix = np.where(age <= 42, 1, 3) * 10**11 + district * 10**7 + sequence
    digits = _decimal_digits(prefix, 12).astype(np.int64) - 48
    check = national_id_check_digit(digits)
    return _ascii_column(np.column_stack([digits, check]) + 48)
