"""Synthetic BMN (จปฐ.) households and persons on the real villages.

Real BMN microdata is personal and not public, so the default dataset is
generated here. It is **synthetic**: every file and the UI say so.

How it is made (one province at a time, deterministic for a seed):

- households per village: in the pilot provinces Poisson around a village
  size drawn log-normally (about 170 on average); elsewhere the province's
  household count of the national plan (:mod:`data_loaders.calibration`:
  12.8 M households shared by villages, DOMAIN.md §7), split among its
  villages in proportion to the same log-normal size;
- a latent poverty propensity per household = district effect + subdistrict
  effect + village effect + household noise, so maps show spatial structure;
- members (size grows with propensity) with age, sex, Thai names from
  Faker's ``th_TH`` lists, 13-digit national IDs with a valid check digit,
  disability and dependency;
- income per capita (log-normal, falls with propensity) and the 16 other
  indicators, each applicable only when the household has the members it
  concerns (a newborn, a child 3-5, an elder …), deprived with a probability
  rising with propensity;
- calibration to the published figures (DOMAIN.md §7; per-province targets
  from :mod:`data_loaders.calibration`): one shift of all
  deprivation probabilities is solved for so that MPI-poor persons (union rule)
  hit the province's target, then the welfare-card propensity likewise, so
  that the TPMAP target poor (MPI-poor persons holding the card) hit theirs.
  Random draws are fixed first; each household's draws give the shift at
  which it turns poor, so the shift that reaches the target is found exactly
  by sorting (:func:`_solve_threshold`): a deterministic function of the seed.
- the other urgent issues (DOMAIN.md §6 panel 1), from a random stream of
  their own so the columns above do not change: education and employment
  status of persons aged 15+ and household debt, correlated with the
  propensity; the NEET share of persons aged 15-24 is calibrated per province
  (:data:`NEET_SHARE`) the same exact way (:func:`_labour`, :func:`_debt`).
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely
from faker.providers.person.th_TH import Provider as ThaiNames

import settings
from data_loaders.schema import BOOLEAN_INDICATORS, national_id_check_digit
from poverty.indicators import INDICATOR_CODES

#: 2022 TPMAP target poor of Udon Thani (DOMAIN.md §7, seed 004).
UDON_TARGET_POOR_2022 = 36_931
#: TPMAP 2018 public file: (MPI-poor persons, target poor) per pilot province.
TPMAP_2018 = {"41": (113_884, 26_974), "60": (82_987, 20_005), "19": (42_964, 6_994)}
#: Mean households per village of the pilot rule (Poisson around a log-normal size).
MEAN_HOUSEHOLDS_PER_VILLAGE = 170
#: Fewest households a village gets.
MIN_VILLAGE_HOUSEHOLDS = 15
#: Mean household members beyond the first of the pilot provinces (Poisson).
PILOT_EXTRA_MEMBERS = 2.2

#: Deprivation probability of each indicator (when applicable) for a
#: household of average propensity before calibration; shapes the mix of
#: dimensions failed (DOMAIN.md §7: education and income dominate).
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
    "access_elderly_care": 0.0002,
    "access_disabled_care": 0.003,
}
MEDIAN_INCOME = 150_000.0  # baht/person/year at average propensity

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
#: Household debt: share of households in debt and median debt of an indebted
#: household (baht) at average propensity. Plausible magnitudes, not
#: calibrated to a published provincial figure.
DEBT_SHARE = 0.50
MEDIAN_DEBT = 90_000.0


@dataclass(frozen=True)
class ProvinceTarget:
    """Calibration targets of one province: persons counts (DOMAIN.md §7)."""

    mpi_poor_persons: int
    target_poor_persons: int


def province_target(province_code: str, persons: int, seed: int) -> ProvinceTarget:
    """Return the calibration target of a pilot province.

    Udon Thani's 2022 target poor (36,931); Nakhon Sawan and Saraburi in
    their 2018 proportions to Udon Thani; MPI-poor persons at each pilot's
    2018 ratio of MPI-poor to target poor (DOMAIN.md §7). ``persons`` and
    ``seed`` do not change a pilot's target.

    Raises
    ------
    ValueError
        For a province that is not a pilot: its target comes from the national
        plan (:func:`data_loaders.calibration.national_plan`), which the build
        passes to :func:`generate_province`.
    """
    if province_code not in TPMAP_2018:
        raise ValueError(
            f"province {province_code} is not a pilot: pass its target from "
            "data_loaders.calibration.national_plan"
        )
    mpi_2018, target_2018 = TPMAP_2018[province_code]
    target = UDON_TARGET_POOR_2022 * target_2018 / TPMAP_2018["41"][1]
    return ProvinceTarget(round(target * mpi_2018 / target_2018), round(target))


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


def _solve_threshold(thresholds: np.ndarray, weights: np.ndarray, target: float) -> float:
    """Return the smallest cut t with Σ weights[thresholds < t] >= target.

    The calibration rule: an item (household, person) is switched on when the
    shift passes its threshold; sorting the thresholds gives the exact shift
    reaching the target count. Returns a value just above the threshold that
    reaches it, or above all of them when the target cannot be reached.
    """
    order = np.argsort(thresholds, kind="stable")
    ranked = thresholds[order]
    reached = np.cumsum(np.asarray(weights, dtype=float)[order])
    i = min(int(np.searchsorted(reached, target)), len(ranked) - 1)
    upper = ranked[i + 1] if i + 1 < len(ranked) and np.isfinite(ranked[i + 1]) else ranked[i] + 1.0
    return float((ranked[i] + upper) / 2) if np.isfinite(ranked[i]) else float(ranked[i - 1] + 1.0)


def _group_effect(codes: pd.Series, sd: float, rng: np.random.Generator) -> np.ndarray:
    """Draw one normal effect per distinct code; return it per row."""
    keys, index = np.unique(codes.to_numpy(), return_inverse=True)
    return rng.normal(0, sd, len(keys))[index]


def _draw_households(
    villages: pd.DataFrame,
    rng: np.random.Generator,
    households: int | None = None,
    extra_members: float = PILOT_EXTRA_MEMBERS,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw the households of a province's villages: the generator's first draws.

    Parameters
    ----------
    villages : DataFrame
        The province's villages sorted by ``village_code`` (``district_code``,
        ``subdistrict_code``).
    rng : Generator
        The province's generator, fresh (``default_rng([seed, province])``).
    households : int, optional
        Exact number of households: at least :data:`MIN_VILLAGE_HOUSEHOLDS` per
        village, the rest shared multinomially in proportion to a log-normal
        village size. None: the pilot rule, Poisson around
        :data:`MEAN_HOUSEHOLDS_PER_VILLAGE` × size per village.
    extra_members : float
        Mean members beyond the first at average propensity.

    Returns
    -------
    v_idx : int array, shape (n,)
        Village row of each household.
    propensity : float array, shape (n,)
        Latent poverty propensity (area effects + household noise).
    n_members : int array, shape (n,)
        1 + Poisson(clip(extra_members + 0.35 × propensity, 0.3, 6)).

    Raises
    ------
    ValueError
        If ``households`` is below the minimum for the villages.
    """
    size = rng.lognormal(0, 0.45, len(villages))
    if households is None:
        mean = MEAN_HOUSEHOLDS_PER_VILLAGE * size / np.exp(0.45**2 / 2)
        n_hh = np.clip(rng.poisson(mean), MIN_VILLAGE_HOUSEHOLDS, 9999)
    else:
        spare = households - MIN_VILLAGE_HOUSEHOLDS * len(villages)
        if spare < 0:
            raise ValueError(
                f"{households} households cannot give each of {len(villages)} villages "
                f"at least {MIN_VILLAGE_HOUSEHOLDS}"
            )
        n_hh = MIN_VILLAGE_HOUSEHOLDS + rng.multinomial(spare, size / size.sum())
    v_idx = np.repeat(np.arange(len(villages)), n_hh)
    area_effect = (
        _group_effect(villages["district_code"], 0.35, rng)
        + _group_effect(villages["subdistrict_code"], 0.30, rng)
        + rng.normal(0, 0.15, len(villages))
    )
    propensity = area_effect[v_idx] + rng.normal(0, 1, len(v_idx))
    n_members = 1 + rng.poisson(np.clip(extra_members + 0.35 * propensity, 0.3, 6.0))
    return v_idx, propensity, n_members


def _one_province(villages: pd.DataFrame) -> str:
    provinces = villages["province_code"].unique()
    if len(provinces) != 1:
        raise ValueError(f"generate_province needs one province's villages, got {list(provinces)}")
    return str(provinces[0])


def poisson_rule_counts(villages: pd.DataFrame, seed: int) -> tuple[int, int]:
    """Return (households, persons) the pilot rule generates for a province's villages.

    The same draws as :func:`generate_province` with ``households=None`` and
    the pilot household size, without generating the rest (milliseconds).

    Raises
    ------
    ValueError
        If ``villages`` is empty or spans several provinces.
    """
    province = _one_province(villages)
    rng = np.random.default_rng([seed, int(province)])
    _, _, n_members = _draw_households(villages.sort_values("village_code"), rng)
    return len(n_members), int(n_members.sum())


def generate_province(
    villages: pd.DataFrame,
    seed: int = settings.DEFAULT_SEED,
    target: ProvinceTarget | None = None,
    subdistricts: gpd.GeoDataFrame | None = None,
    households: int | None = None,
    extra_members: float = PILOT_EXTRA_MEMBERS,
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
        Defaults to :func:`province_target` (pilot provinces only).
    subdistricts : GeoDataFrame, optional
        Subdistrict polygons (``code``, geometry, EPSG:4326); when given,
        house points scattered around a village stay inside its subdistrict.
    households : int, optional
        Exact number of households of the province; None (default) draws a
        Poisson number per village, about 170 (the pilot rule).
    extra_members : float
        Mean members beyond the first (default the pilots' 2.2).

    The national plan (:func:`data_loaders.calibration.province_plan`) gives
    ``target``, ``households`` and ``extra_members`` of every province; the
    pilots' plan equals the defaults, so their output does not change.

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
        below 15 per village.
    """
    province = _one_province(villages)
    rng = np.random.default_rng([seed, int(province)])
    villages = villages.sort_values("village_code").reset_index(drop=True)

    # Households per village, their propensity and members.
    v_idx, propensity, n_members = _draw_households(villages, rng, households, extra_members)
    n = len(v_idx)
    hh_of_person = np.repeat(np.arange(n), n_members)
    starts = np.cumsum(n_members) - n_members
    seq = np.arange(len(hh_of_person)) - starts[hh_of_person]
    persons = _members(hh_of_person, seq, propensity, rng)

    # Applicability of each indicator from the members (DOMAIN.md §2).
    def any_member(condition: np.ndarray) -> np.ndarray:
        return np.bincount(hh_of_person, weights=condition, minlength=n) > 0

    age = persons["age"].to_numpy()
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
        "access_disabled_care": any_member(persons["disabled"].to_numpy()),
    }
    draws = rng.random((n, len(BOOLEAN_INDICATORS)))
    income_noise = rng.normal(0, 0.45, n)
    base = np.array([_logit(BASE_PROBABILITY[c]) for c in BOOLEAN_INDICATORS])
    appl = np.column_stack([applicable.get(c, np.ones(n, bool)) for c in BOOLEAN_INDICATORS])
    # Indicator j is deprived when draw < sigmoid(base_j + 0.9 u + shift), i.e. when
    # shift > logit(draw) - base_j - 0.9 u: each household has one threshold per
    # indicator, and it is poor under the union rule once the shift passes the lowest.
    with np.errstate(divide="ignore"):
        thresholds = np.where(
            appl, _logit(draws) - base[None, :] - 0.9 * propensity[:, None], np.inf
        )
    log_income = np.log(MEDIAN_INCOME) - 0.5 * propensity + income_noise
    # income = exp(log_income - 0.35 shift) < line  <=>  shift > (log_income - log line) / 0.35
    income_threshold = (log_income - np.log(settings.INCOME_LINE)) / 0.35
    poor_threshold = np.minimum(thresholds.min(axis=1), income_threshold)

    target = target or province_target(province, int(n_members.sum()), seed)
    shift = _solve_threshold(poor_threshold, n_members, target.mpi_poor_persons)
    deprived = thresholds < shift
    income = np.exp(log_income - 0.35 * shift)
    poor = poor_threshold < shift

    # Welfare card (adults 18+), more likely for poorer households: held when
    # card_shift > logit(draw) - propensity term; solved like the shift above.
    adult = age >= 18
    with np.errstate(divide="ignore"):
        card_threshold = (
            _logit(rng.random(len(age))) - 1.1 * propensity[hh_of_person] - 0.3 * (age >= 60)
        )
    card_threshold = np.where(adult, card_threshold, np.inf)
    poor_person = poor[hh_of_person]
    card_shift = _solve_threshold(
        card_threshold[poor_person], np.ones(poor_person.sum()), target.target_poor_persons
    )
    persons["welfare_card"] = card_threshold < card_shift

    households = _households(
        villages, v_idx, n_members, income, deprived, appl, persons, hh_of_person, rng, subdistricts
    )
    person_household = _household_numbers(villages, v_idx)[hh_of_person]
    persons.insert(1, "household_id", _ascii_column(_decimal_digits(person_household, 12)))
    persons.insert(
        0, "person_id", _ascii_column(_decimal_digits(person_household * 100 + seq + 1, 14))
    )
    district = villages["district_code"].to_numpy(dtype=object).astype(np.int64)[v_idx]
    persons["national_id"] = _national_ids(district[hh_of_person], age, rng)
    # The other urgent issues draw from a stream of their own (the columns above stay as
    # they were for a seed).
    issues_rng = np.random.default_rng([seed, int(province), 11])
    no_job = deprived[:, BOOLEAN_INDICATORS.index("income_working_age_job")]
    persons["in_education"], persons["employment"] = _labour(
        age,
        persons["sex"].to_numpy(),
        propensity[hh_of_person],
        no_job[hh_of_person],
        neet_share(province, seed),
        issues_rng,
    )
    households["debt_baht"], households["has_debt"] = _debt(propensity, issues_rng)
    return households, persons[
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


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


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
    employed. A NEET is unemployed (seeking work) with probability 0.3, else
    outside the labour force. Aged 25+: labour force participation about 88%
    at 25-59 (lower for women, poorer households), falling after 60;
    unemployment about 2% and under-employment about 5% of the labour force
    at average propensity, both rising with it.

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
    u = rng.random((m, 4))
    with np.errstate(divide="ignore"):
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
    in_labour_force = np.where(
        youth,
        np.where(neet, u[:, 2] < 0.3, ~in_education | (u[:, 2] < 0.12)),
        u[:, 2] < np.where(in_education, 0.3, participation),
    )
    p_unemployed = _sigmoid(_logit(0.02) + 0.5 * propensity + 1.5 * household_no_job)
    unemployed = in_labour_force & np.where(youth, neet, u[:, 3] < p_unemployed)
    p_under = _sigmoid(_logit(0.05) + 0.4 * propensity)
    under = in_labour_force & ~unemployed & (rng.random(m) < p_under)
    labels = np.array([None, "not_in_labour_force", "unemployed", "underemployed", "employed"])
    status = labels[np.select([~adult, ~in_labour_force, unemployed, under], [0, 1, 2, 3], 4)]
    education = pd.array(in_education, dtype="boolean")
    education[~adult] = pd.NA
    return pd.Series(education), pd.Series(status, dtype="str")


def _debt(propensity: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Draw household debt (baht, rounded to 100) and whether the household is in debt.

    In debt with probability :data:`DEBT_SHARE` at average propensity, more
    often with higher propensity, shifted per province (one normal draw, sd
    0.25 on the logit scale); an indebted household owes a log-normal amount
    around :data:`MEDIAN_DEBT` (sd 0.9 on the log scale).

    Returns
    -------
    debt_baht : float array, shape (n,), >= 0 (0 when not in debt)
    has_debt : bool array, shape (n,)
    """
    n = len(propensity)
    province_effect = rng.normal(0, 0.25)
    has_debt = rng.random(n) < _sigmoid(_logit(DEBT_SHARE) + province_effect + 0.35 * propensity)
    amount = np.exp(np.log(MEDIAN_DEBT) + 0.1 * propensity + rng.normal(0, 0.9, n))
    debt = np.where(has_debt, np.maximum(np.round(amount, -2), 100.0), 0.0)
    return debt, has_debt


def _members(
    hh: np.ndarray, seq: np.ndarray, propensity: np.ndarray, rng: np.random.Generator
) -> pd.DataFrame:
    """Draw age, sex, name, disability and dependency of every member."""
    m = len(hh)
    head = seq == 0
    band = rng.choice(4, m, p=[0.30, 0.18, 0.35, 0.17])
    low = np.array([0, 15, 25, 60])[band]
    high = np.array([15, 25, 60, 92])[band]
    age = rng.integers(low, high)
    age = np.where(head, np.clip(rng.normal(54, 13, m), 20, 95).astype(int), age)
    male_sex = rng.random(m) < np.where(head, 0.62, 0.5)
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
            "housing_problem": deprived[:, BOOLEAN_INDICATORS.index("living_secure_housing")]
            | (rng.random(n) < 0.02),
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
