"""Calibration of the synthetic data: published figures, the rules that meet them, the plan.

The synthetic generator (:mod:`data_loaders.synthetic`) makes one province at
a time; this module holds every published figure it is calibrated to, the
tolerance within which a build must meet each one (:data:`RULES`, checked
from the build's Parquet files by ``tests/test_twin_figures.py``), and the
national plan: how many households and persons each province gets and how
many MPI-poor persons and TPMAP target poor it is calibrated to. The plan
depends only on the seed and the (fixed) national village table, never on
which provinces a build selects, so a province comes out the same whether it
is built alone or with ``--all``.

Sizes (DOMAIN.md §7, §7b):

- **Households**: 12,817,903 surveyed in 2022. Udon Thani (41) gets the
  households that give its published target-poor share (36,931 persons =
  3.7 % of its persons, so 998,135 persons, :data:`UDON_PERSONS`) at the
  national household size; the other 76 provinces share the rest in
  proportion to their number of villages (largest remainder, so they add up
  exactly; :func:`allocate`). No other per-province figure is in our sources.
- **Persons**: 36,103,806 surveyed in 2022, 2.82 per household
  (36.1 M / 12.8 M). The generator meets each province's persons exactly;
  the provinces other than Udon Thani share the rest in proportion to their
  households.
- **TPMAP target poor** (MPI-poor persons holding the welfare card):
  1,025,782 nationally in 2022; Chiang Mai (50) highest with 52,928, Trat
  (23) lowest with 706, Udon Thani 36,931 and 5th highest; Nakhon Sawan (60)
  and Saraburi (19) in their 2018 proportions to Udon Thani
  (:func:`pilot_target`). Every other province gets ``R × persons × w``,
  where ``w = exp(N(0, 0.35))`` is drawn from the seed and the province, kept
  between Trat and Chiang Mai, with the 3 highest by ``persons × w`` above
  Udon Thani and the rest below it (so Udon Thani ranks 5th), each at least
  1 % away from those published figures (:data:`RANK_MARGIN`); ``R`` is
  solved (bisection) so that the national total is exactly 1,025,782
  (:func:`target_poor_allocation`).
- **MPI-poor persons**: the pilots at their 2018 ratio of MPI-poor persons to
  target poor; about 3.4 M nationally before the welfare-card cross-check,
  the other provinces sharing the rest in proportion to their target poor.
- **Dimension mix**: each pilot province its own 2018 shares of target poor
  failing each dimension (:data:`DIMENSION_MIX_2018`); the others the pooled
  mix of the three pilots (:data:`POOLED_MIX`).

Bangkok (10) gets households like the other provinces, although the BMN
survey does not cover it, so that the national view has every province.

Where two published figures cannot both be met, which one wins and why:

- Udon Thani's 3.7 % (target poor / persons) fixes its persons; the old
  rule of about 170 households per village had no source and gave way: a
  village now has about 197 households (12.8 M / 65,213 villages).
- The target poor are met exactly; the MPI-poor persons (2018 ratio) only
  within :data:`MPI_POOR_TOLERANCE`, because the dimension mix is met per
  dimension and the overlap of dimensions (how many the poor fail at once) is
  tuned by one correlation parameter that cannot always hit both.
- Vulnerable households (86.0 %) are met exactly; vulnerable persons (92.5 %)
  follow from them and from larger households having lower income per
  person, within :data:`RULES`.
- Welfare-card holders: group 3.1 (26.7 % of persons) is met exactly and the
  target poor exactly, so holders are 26.7 % + the province's target-poor
  share (Udon Thani 30.4 %), above the "at least 27 %" the group sizes imply.
- The NEET share wins over the unemployment rate for persons aged 15-24; the
  unemployment of persons aged 25+ fills the rest up to 1 % of the labour
  force.
- Multiply deprived households (for k = 1/3) fail several dimensions at
  once, which raises the overlap of dimensions; the correlation parameter
  compensates, within the bounds of the dimension mix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

import settings

#: BMN households surveyed in 2022 (DOMAIN.md §7).
NATIONAL_HOUSEHOLDS = 12_817_903
#: Persons surveyed in 2022 (DOMAIN.md §7b: 36,103,806).
NATIONAL_PERSONS = 36_103_806
#: TPMAP target poor, 2022 (DOMAIN.md §7).
NATIONAL_TARGET_POOR = 1_025_782
#: MPI-poor persons before the welfare-card cross-check, about 3.4 M (DOMAIN.md §7).
NATIONAL_MPI_POOR = 3_400_000
#: Highest and lowest province by target poor in 2022 (DOMAIN.md §7).
HIGHEST = ("50", 52_928)  # Chiang Mai
LOWEST = ("23", 706)  # Trat
#: Udon Thani's rank by target poor in 2022 (5th highest; DOMAIN.md §7).
UDON_RANK = 5
#: 2022 TPMAP target poor of Udon Thani (DOMAIN.md §7, seed 004).
UDON_TARGET_POOR_2022 = 36_931
#: Udon Thani's target poor as a share of its persons, 3.7 % (DOMAIN.md §7).
UDON_TARGET_POOR_SHARE = 0.037
#: Udon Thani's persons implied by that share: round(36,931 / 0.037).
UDON_PERSONS = round(UDON_TARGET_POOR_2022 / UDON_TARGET_POOR_SHARE)
#: TPMAP 2018 public file: (MPI-poor persons, target poor) per pilot province (DOMAIN.md §7).
TPMAP_2018 = {"41": (113_884, 26_974), "60": (82_987, 20_005), "19": (42_964, 6_994)}
#: TPMAP 2018 public file: target poor failing each dimension (DOMAIN.md §7).
DIMENSIONS_2018 = {
    "41": {"health": 4_589, "living": 2_733, "education": 14_581, "income": 7_837, "access": 74},
    "60": {"health": 3_417, "living": 3_847, "education": 7_377, "income": 8_777, "access": 152},
    "19": {"health": 1_193, "living": 1_300, "education": 1_969, "income": 3_591, "access": 36},
}
#: Share (0-1) of each pilot's target poor failing each dimension, 2018.
DIMENSION_MIX_2018 = {
    code: {dim: count / TPMAP_2018[code][1] for dim, count in dims.items()}
    for code, dims in DIMENSIONS_2018.items()
}
#: The three pilots pooled: the mix of the provinces without a published one.
POOLED_MIX = {
    dim: sum(DIMENSIONS_2018[c][dim] for c in TPMAP_2018) / sum(t for _, t in TPMAP_2018.values())
    for dim in DIMENSIONS_2018["41"]
}
#: Relative tolerance on a pilot's MPI-poor persons against its 2018 ratio.
MPI_POOR_TOLERANCE = 0.03
#: Spread of the per-province factor w (sd of its logarithm).
TARGET_SPREAD_SD = 0.35
#: Gap kept between an allocated target and a published figure it must stay above or
#: below (share of that figure), so that the published ranks hold.
RANK_MARGIN = 0.01
#: Columns of :func:`national_plan`.
PLAN_COLUMNS = (
    "province_code",
    "villages",
    "households",
    "persons",
    "target_poor_persons",
    "mpi_poor_persons",
    *[f"mix_{d}" for d in DIMENSIONS_2018["41"]],
    "rule",
)


@dataclass(frozen=True)
class Rule:
    """One published figure the synthetic build must meet, and how closely.

    Attributes
    ----------
    key : str
        Short name (also a row of ``calibration_rules.csv``).
    quantity : str
        What is measured, and on which population (English).
    published : float
        The published figure (a share 0-1, a count or a size).
    low, high : float
        The accepted range of the built value (inclusive), in the same unit.
    source : str
        Where the figure comes from.
    province : str
        A province code, or "" for every pilot province (each must meet it).
    """

    key: str
    quantity: str
    published: float
    low: float
    high: float
    source: str
    province: str = ""


def _mix_rules() -> list[Rule]:
    names = {"41": "Udon Thani", "60": "Nakhon Sawan", "19": "Saraburi"}
    rules = []
    for code, mix in DIMENSION_MIX_2018.items():
        for dim, share in mix.items():
            rules.append(
                Rule(
                    f"target_poor_failing_{dim}",
                    f"{names[code]}: share of target poor failing {dim}",
                    share,
                    share - 0.02,
                    share + 0.02,
                    "TPMAP public file 2018, DOMAIN.md §7 (target poor by dimension ÷ target poor)",
                    code,
                )
            )
    return rules


#: Every published figure the pilot build is checked against (issue 15's table), with its
#: tolerance and source. Shares are 0-1 of the population named in ``quantity``.
RULES: tuple[Rule, ...] = (
    Rule(
        "vulnerable_households",
        "households at vulnerability level 0-3 (FY2566 definition, DOMAIN.md §4)",
        11_023_225 / NATIONAL_HOUSEHOLDS,
        0.855,
        0.865,
        "FY2566 target groups, seed 004 / DOMAIN.md §7: 11,023,225 of 12,817,903 households",
    ),
    Rule(
        "vulnerable_persons",
        "persons in vulnerable households",
        33_384_526 / NATIONAL_PERSONS,
        0.905,
        0.945,
        "seed 004 / DOMAIN.md §7: 33,384,526 of 36,103,806 persons (follows the households)",
    ),
    Rule(
        "card_holders",
        "persons holding the state welfare card",
        0.27,
        0.27,
        0.34,
        "at least 27 %: group 3.1 (26.7 %) plus the target poor, DOMAIN.md §7",
    ),
    Rule(
        "group_3_1_persons",
        "card holders in households not MPI-poor (group 3.1), share of persons",
        9_639_745 / NATIONAL_PERSONS,
        0.264,
        0.270,
        "FY2566 to survey further, 3.1: 9,639,745 persons, DOMAIN.md §7",
    ),
    Rule(
        "low_income_households",
        "households with income below 100,000 baht/person/year",
        0.80,
        0.50,
        0.95,
        "'most' (the low-income line of the vulnerable definition, seed 004); the level "
        "follows from vulnerable households (86 %) less those vulnerable by dependents or "
        "housing only",
    ),
    Rule(
        "persons_per_household",
        "persons per household",
        NATIONAL_PERSONS / NATIONAL_HOUSEHOLDS,
        2.81,
        2.83,
        "36,103,806 persons / 12,817,903 households surveyed in 2022, DOMAIN.md §7b",
    ),
    Rule(
        "men",
        "men among persons",
        32_375_508 / 66_186_672,
        0.479,
        0.499,
        "NSO Social Indicators 2023, table 1.1.2, 2020 (registration, DOPA/BORA)",
    ),
    Rule(
        "aged_0_14",
        "persons aged 0-14",
        11_174_613 / 66_186_672,
        0.154,
        0.184,
        "NSO Social Indicators 2023, table 1.1.2, 2020 (the year of the census)",
    ),
    Rule(
        "aged_15_59",
        "persons aged 15-59",
        43_222_961 / 66_186_672,
        0.638,
        0.668,
        "NSO Social Indicators 2023, table 1.1.2, 2020",
    ),
    Rule(
        "aged_60_plus",
        "persons aged 60 and over",
        11_789_098 / 66_186_672,
        0.163,
        0.193,
        "NSO Social Indicators 2023, table 1.1.2, 2020",
    ),
    Rule(
        "udon_target_poor",
        "Udon Thani TPMAP target poor persons",
        UDON_TARGET_POOR_2022,
        UDON_TARGET_POOR_2022,
        UDON_TARGET_POOR_2022,
        "TPMAP 2022, seed 004, DOMAIN.md §7 (met exactly)",
        "41",
    ),
    Rule(
        "udon_target_poor_share",
        "Udon Thani target poor as a share of its persons",
        UDON_TARGET_POOR_SHARE,
        0.0365,
        0.0375,
        "TPMAP 2022, DOMAIN.md §7: 3.7 % (published to 0.1 point)",
        "41",
    ),
    *_mix_rules(),
    Rule(
        "mpi_poor_k_one_third",
        "persons MPI-poor at k = 1/3",
        0.005,
        0.001,
        0.010,
        "a few tenths of a percent of persons: OPHI's global MPI for Thailand (issue 15); "
        "the exact figure is not in our sources",
    ),
    Rule(
        "unemployment",
        "unemployed persons among the labour force (aged 15+)",
        0.010,
        0.009,
        0.011,
        "NSO Labour Force Survey: 1.15 % in Q4 2022, 0.9 % in February 2023, 0.8 % in "
        "Q4 2023 (NSO Quarterly Bulletin of Statistics 71(4)); FY2566 about 1 %",
    ),
    Rule(
        "underemployment",
        "under-employed persons among the employed",
        0.02,
        0.01,
        0.04,
        "assumption: no published rate in our sources; NSO's Labour Force Survey of "
        "November 2022 counts 15.7 % of the employed working under 35 hours a week, an "
        "upper bound (under-employed = under 35 hours and available for more)",
    ),
    Rule(
        "households_in_debt",
        "households in debt",
        0.510,
        0.505,
        0.515,
        "NSO Household Socio-Economic Survey, first half of 2017: 51.0 % of households in debt",
    ),
    Rule(
        "mean_debt",
        "mean debt per household (all households, baht)",
        177_128,
        168_000,
        186_000,
        "NSO Household Socio-Economic Survey, first half of 2017: 177,128 baht per household "
        "(read as the mean over all households)",
    ),
)
#: Villages of the build's national village table (65,213 points of 2012 plus the
#: generated community points of subdistricts without one): 66,650.
NATIONAL_VILLAGES = 66_650
#: Under-employment rate of the employed at average propensity (assumption, see RULES).
UNDEREMPLOYMENT = 0.02


@dataclass(frozen=True)
class ProvinceTarget:
    """Calibration targets of one province (DOMAIN.md §7).

    Attributes
    ----------
    mpi_poor_persons, target_poor_persons : int
        Persons counts.
    dimension_mix : tuple of 5 floats
        Share (0-1) of target poor failing each dimension, in
        :data:`poverty.indicators.DIMENSION_CODES` order (default :data:`POOLED_MIX`).
    """

    mpi_poor_persons: int
    target_poor_persons: int
    dimension_mix: tuple[float, ...] = tuple(POOLED_MIX.values())


def pilot_target(province_code: str) -> ProvinceTarget:
    """Return the calibration target of a pilot province.

    Udon Thani's 2022 target poor (36,931); Nakhon Sawan and Saraburi in
    their 2018 proportions to Udon Thani; MPI-poor persons at each pilot's
    2018 ratio of MPI-poor to target poor; the province's own 2018 dimension
    mix (DOMAIN.md §7).

    Raises
    ------
    ValueError
        For a province that is not a pilot: its target comes from the national
        plan (:func:`national_plan`).
    """
    if province_code not in TPMAP_2018:
        raise ValueError(
            f"province {province_code} is not a pilot: pass its target from "
            "data_loaders.calibration.national_plan"
        )
    mpi_2018, target_2018 = TPMAP_2018[province_code]
    target = UDON_TARGET_POOR_2022 * target_2018 / TPMAP_2018["41"][1]
    return ProvinceTarget(
        round(target * mpi_2018 / target_2018),
        round(target),
        tuple(DIMENSION_MIX_2018[province_code].values()),
    )


def default_size(n_villages: int) -> tuple[int, int]:
    """Return (households, persons) for villages generated without a plan.

    The national mean per village (12,817,903 households over the country's
    villages, about 197) and the national household size (2.82): the rule of
    :func:`data_loaders.synthetic.generate_province` when no plan is given
    (a test's district, say).
    """
    households = round(n_villages * NATIONAL_HOUSEHOLDS / NATIONAL_VILLAGES)
    return households, round(households * NATIONAL_PERSONS / NATIONAL_HOUSEHOLDS)


def allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Split an integer total in proportion to weights, exactly (largest remainder).

    Parameters
    ----------
    total : int
        Non-negative integer to share.
    weights : array of float, shape (n,)
        Non-negative weights, not all zero.

    Returns
    -------
    array of int64, shape (n,)
        ``floor(total × w / Σw)`` plus one for the largest fractional parts
        (ties to the first), summing exactly to ``total``.

    Raises
    ------
    ValueError
        If ``total`` is negative or the weights are negative or all zero.
    """
    weights = np.asarray(weights, dtype=float)
    if total < 0 or (weights < 0).any() or weights.sum() <= 0:
        raise ValueError("allocate needs a total >= 0 and non-negative weights, not all zero")
    return _round_to_total(total * weights / weights.sum(), total)


def _round_to_total(values: np.ndarray, total: int) -> np.ndarray:
    """Round non-negative reals to integers summing to ``total`` (largest remainder)."""
    floor = np.floor(values).astype(np.int64)
    missing = int(total - floor.sum())
    order = np.argsort(-(values - floor), kind="stable")
    floor[order[:missing]] += 1
    return floor


def target_poor_allocation(
    scores: pd.Series,
    total: int,
    upper_count: int,
    middle: int,
    highest: int,
    lowest: int,
    margin: float = 0.0,
) -> pd.Series:
    """Share the target poor among provinces without a published figure.

    Parameters
    ----------
    scores : Series of float, indexed by province code
        Expected persons × the province's spread factor (> 0).
    total : int
        Target poor these provinces must add up to.
    upper_count : int
        How many of them (the highest scores) rank above ``middle``.
    middle : int
        A published figure they must not equal (Udon Thani's 36,931): the top
        ``upper_count`` lie strictly between it and ``highest``, the others
        strictly between ``lowest`` and it.
    highest, lowest : int
        Published highest and lowest provincial figures (exclusive bounds).
    margin : float
        Keep at least this share of a bound away from it (0: one person), e.g.
        0.01 keeps the top ones in [1.01 × middle, 0.99 × highest].

    Returns
    -------
    Series of int64, same index
        ``clip(R × score)`` within each province's bounds, ``R`` solved by
        bisection so that the sum is ``total`` exactly after rounding
        (largest remainder).

    Raises
    ------
    ValueError
        If ``total`` cannot be reached within the bounds.
    """

    def above(bound: int) -> float:
        return float(max(bound + 1, np.ceil(bound * (1 + margin))))

    def below(bound: int) -> float:
        return float(min(bound - 1, np.floor(bound * (1 - margin))))

    upper = scores.rank(method="first", ascending=False) <= upper_count
    lo = np.where(upper, above(middle), above(lowest))
    hi = np.where(upper, below(highest), below(middle))
    if not lo.sum() <= total <= hi.sum():
        raise ValueError(f"cannot share {total} target poor within the bounds")
    s = scores.to_numpy(float)

    def shared(r: float) -> np.ndarray:
        return np.clip(r * s, lo, hi)

    low, high = 0.0, hi.max() / s.min()
    for _ in range(200):
        mid = (low + high) / 2
        low, high = (mid, high) if shared(mid).sum() < total else (low, mid)
    return pd.Series(_round_to_total(shared(high), total), index=scores.index)


def spread_factor(province_code: str, seed: int) -> float:
    """Return the province's factor w = exp(N(0, 0.35)), fixed by the seed and the province."""
    rng = np.random.default_rng([seed, int(province_code), 7])
    return float(np.exp(rng.normal(0, TARGET_SPREAD_SD)))


def national_plan(
    villages: pd.DataFrame,
    seed: int = settings.DEFAULT_SEED,
) -> pd.DataFrame:
    """Return the calibration plan of every province (rules in the module docstring).

    Parameters
    ----------
    villages : DataFrame
        Every village of the country (the build's village table):
        ``village_code``, ``province_code``.
    seed : int
        Seed of the generator (fixes the spread factors).

    Returns
    -------
    DataFrame, one row per province, sorted by code
        :data:`PLAN_COLUMNS`: ``villages``; ``households`` and ``persons``
        (met exactly by the generator); ``target_poor_persons`` and
        ``mpi_poor_persons`` (calibration targets); ``mix_<dimension>``
        (share of target poor failing it); ``rule`` (``pilot``, ``published``
        or ``allocated``).

    Raises
    ------
    ValueError
        If a province of the published figures is missing from ``villages``.
    """
    counts = villages.groupby("province_code")["village_code"].size().sort_index()
    missing = {HIGHEST[0], LOWEST[0], *TPMAP_2018} - set(counts.index)
    if missing:
        raise ValueError(f"national_plan needs every province; missing {sorted(missing)}")
    plan = pd.DataFrame({"villages": counts.astype(np.int64)})
    plan["rule"] = "allocated"
    pilot = plan.index.isin(list(TPMAP_2018))
    plan.loc[pilot, "rule"] = "pilot"
    plan.loc[[HIGHEST[0], LOWEST[0]], "rule"] = "published"

    # Households and persons: Udon Thani from its 3.7 %, the rest by villages.
    size = NATIONAL_PERSONS / NATIONAL_HOUSEHOLDS
    udon_households = round(UDON_PERSONS / size)
    rest = plan.index != "41"
    plan.loc["41", ["households", "persons"]] = udon_households, UDON_PERSONS
    plan.loc[rest, "households"] = allocate(
        NATIONAL_HOUSEHOLDS - udon_households, plan.loc[rest, "villages"].to_numpy()
    )
    plan.loc[rest, "persons"] = allocate(
        NATIONAL_PERSONS - UDON_PERSONS, plan.loc[rest, "households"].to_numpy(float)
    )

    # Target poor and MPI-poor of the pilots.
    for code in plan.index[pilot]:
        target = pilot_target(code)
        plan.loc[code, ["target_poor_persons", "mpi_poor_persons"]] = (
            target.target_poor_persons,
            target.mpi_poor_persons,
        )
    plan.loc[HIGHEST[0], "target_poor_persons"] = HIGHEST[1]
    plan.loc[LOWEST[0], "target_poor_persons"] = LOWEST[1]
    shared = plan["rule"] == "allocated"
    scores = pd.Series(
        [plan.loc[code, "persons"] * spread_factor(code, seed) for code in plan.index[shared]],
        index=plan.index[shared],
    )
    fixed = int(plan.loc[~shared, "target_poor_persons"].sum())
    plan.loc[shared, "target_poor_persons"] = target_poor_allocation(
        scores,
        NATIONAL_TARGET_POOR - fixed,
        upper_count=UDON_RANK - 2,  # Chiang Mai, then these, then Udon Thani
        middle=int(plan.loc["41", "target_poor_persons"]),
        highest=HIGHEST[1],
        lowest=LOWEST[1],
        margin=RANK_MARGIN,
    )

    # MPI-poor persons of the non-pilots: one ratio to the target poor.
    others = ~pilot
    rest_targets = plan.loc[others, "target_poor_persons"].to_numpy(float)
    rest_mpi = NATIONAL_MPI_POOR - int(plan.loc[pilot, "mpi_poor_persons"].sum())
    plan.loc[others, "mpi_poor_persons"] = allocate(rest_mpi, rest_targets)

    for dim in POOLED_MIX:
        plan[f"mix_{dim}"] = [DIMENSION_MIX_2018.get(c, POOLED_MIX)[dim] for c in plan.index]
    integer = ["households", "persons", "target_poor_persons", "mpi_poor_persons"]
    plan[integer] = plan[integer].astype(np.int64)
    return plan.rename_axis("province_code").reset_index()[list(PLAN_COLUMNS)]


def province_plan(plan: pd.DataFrame, province_code: str) -> dict:
    """Return the generator's arguments for one province of :func:`national_plan`.

    Returns
    -------
    dict
        ``target`` (:class:`ProvinceTarget`), ``households`` and ``persons``
        (ints), ready for :func:`data_loaders.synthetic.generate_province`.

    Raises
    ------
    KeyError
        If the province is not in the plan.
    """
    row = plan.set_index("province_code").loc[province_code]
    return {
        "target": ProvinceTarget(
            int(row["mpi_poor_persons"]),
            int(row["target_poor_persons"]),
            tuple(float(row[f"mix_{d}"]) for d in POOLED_MIX),
        ),
        "households": int(row["households"]),
        "persons": int(row["persons"]),
    }


def rules_table() -> pd.DataFrame:
    """Return :data:`RULES` as a table (written by the build as ``calibration_rules.csv``).

    Returns
    -------
    DataFrame, one row per rule
        ``key``, ``province`` ("" = every pilot), ``quantity``, ``published``,
        ``low``, ``high``, ``source``.
    """
    return pd.DataFrame(
        [
            {
                "key": r.key,
                "province": r.province,
                "quantity": r.quantity,
                "published": r.published,
                "low": r.low,
                "high": r.high,
                "source": r.source,
            }
            for r in RULES
        ]
    )


#: Survey rounds (B.E. years of the BMN round) of the default synthetic build,
#: oldest first; the last is the latest round, the single-round build of before.
SURVEY_YEARS = (2563, 2564, 2565, 2566, 2567)
#: The latest round: its synthetic households are the plan above, unchanged.
LATEST_YEAR = SURVEY_YEARS[-1]
#: TPMAP's 2024 release, computed from BMN 2565 with the welfare card of 2565:
#: national target poor persons (DOMAIN.md §7b).
TARGET_POOR_2565 = 655_365


@dataclass(frozen=True)
class RoundTarget:
    """The target poor of one survey round, as a ratio to the latest round's plan.

    Attributes
    ----------
    year : int
        B.E. year of the BMN round.
    ratio : float
        Target poor persons of every province = the latest plan's × this ratio
        (provincial shares kept; rounded to whole persons).
    source : str
        The published figure, or the assumption, the ratio comes from.
    """

    year: int
    ratio: float
    source: str


#: Per round, where its target poor come from. A release names the year it was
#: published, not always the round it counts: the 2024 release says BMN 2565 (two
#: years before), so the same lag is assumed for the 2022 release (BMN 2563). No
#: figure of the 2566 or 2567 rounds is in our sources: 2567 (latest) keeps the plan
#: of the single-round build (the 2022 release's figures, so earlier single-round
#: figures and tests hold), and 2564 and 2566 lie half-way between their neighbours.
#: The rise from 2565 to 2567 is an artefact of these assumptions, not a finding.
ROUND_TARGETS = (
    RoundTarget(2563, 1.0, "2022 release (1,025,782; Udon Thani 36,931), assumed BMN 2563"),
    RoundTarget(
        2564,
        (1.0 + TARGET_POOR_2565 / NATIONAL_TARGET_POOR) / 2,
        "no published figure: half-way between 2563 and 2565 (assumption)",
    ),
    RoundTarget(
        2565,
        TARGET_POOR_2565 / NATIONAL_TARGET_POOR,
        "2024 release, BMN 2565 with the welfare card of 2565 (655,365)",
    ),
    RoundTarget(
        2566,
        (1.0 + TARGET_POOR_2565 / NATIONAL_TARGET_POOR) / 2,
        "no published figure: half-way between 2565 and 2567 (assumption)",
    ),
    RoundTarget(
        2567,
        1.0,
        "latest round: the single-round plan (2022-release figures); no BMN 2567 figure",
    ),
)


def round_target(year: int) -> RoundTarget:
    """Return the :class:`RoundTarget` of a synthetic round.

    Raises
    ------
    ValueError
        If the year is not one of :data:`SURVEY_YEARS` (the message lists them).
    """
    for target in ROUND_TARGETS:
        if target.year == year:
            return target
    raise ValueError(
        f"no synthetic survey round {year}; the generator makes rounds "
        f"{', '.join(map(str, SURVEY_YEARS))}"
    )


def rounds_plan(plan: pd.DataFrame, years: tuple[int, ...]) -> pd.DataFrame:
    """Return ``plan`` with each earlier round's target poor (written as ``calibration.csv``).

    One row per province as :func:`national_plan` (its columns are the latest
    round's plan, unchanged), plus ``target_poor_persons_<year>`` for each
    earlier round in ``years`` (the plan's × :func:`round_target`'s ratio,
    rounded) and ``round_sources``: where each round's figure comes from, or
    the assumption made (the same text on every row).

    Raises
    ------
    ValueError
        For a year without a synthetic round.
    """
    out = plan.copy()
    sources = []
    for year in sorted(years):
        target = round_target(year)
        sources.append(f"{year}: {target.source}")
        if year != LATEST_YEAR:
            out[f"target_poor_persons_{year}"] = np.round(
                plan["target_poor_persons"] * target.ratio
            ).astype(np.int64)
    out["round_sources"] = "; ".join(sources)
    return out
