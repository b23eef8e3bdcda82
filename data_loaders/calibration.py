"""National calibration plan of the synthetic data: households and targets per province.

The synthetic generator (:mod:`data_loaders.synthetic`) makes one province at
a time; this module decides, once for the whole country, how many households
each province gets, how large they are on average, and how many MPI-poor
persons and TPMAP target poor the generator calibrates each one to. The plan
depends only on the seed and the (fixed) national village table, never on
which provinces a build selects, so a province comes out the same whether it
is built alone or with ``--all``.

Published figures (DOMAIN.md §7) and the rules that fill the gaps:

- **Pilot provinces** (Udon Thani 41, Nakhon Sawan 60, Saraburi 19) keep the
  pilot rules exactly (:func:`data_loaders.synthetic.province_target`, a
  Poisson number of households per village, about 170): the same seed gives
  the same households as a pilot build.
- **Households**: 12,817,903 surveyed in 2022. No per-province figure is in
  our sources, so the households left after the pilots are shared among the
  other 74 provinces in proportion to their number of villages (largest
  remainder, so they add up exactly; :func:`allocate`).
- **Persons**: about 36.1 M surveyed. The mean household size of the
  non-pilot provinces is set so that the expected national total is
  36.1 M (the pilots keep theirs, about 3.2 members).
- **TPMAP target poor** (MPI-poor persons holding the welfare card): 1,025,782
  nationally in 2022; Chiang Mai (50) highest with 52,928, Trat (23) lowest
  with 706, Udon Thani 36,931 and 5th highest. Chiang Mai and Trat get their
  published figures. Every other non-pilot province gets ``R × expected
  persons × w``, where ``w = exp(N(0, 0.35))`` is drawn from the seed and the
  province (so provinces differ; spread as in the pilot-era rule), kept
  between Trat and Chiang Mai, with the 3 highest by ``expected persons × w``
  above Udon Thani and the rest below it (so Udon Thani ranks 5th), each at
  least 1% away from those published figures (:data:`RANK_MARGIN`); ``R`` is
  solved (bisection) so that the national total is exactly
  1,025,782 (:func:`target_poor_allocation`).
- **MPI-poor persons**: about 3.4 M nationally before the welfare-card
  cross-check. The non-pilot provinces get their target poor times one ratio
  chosen so that the national total is 3.4 M.

Bangkok (10) is shared households like the other provinces (about 64,000 on
its 333 village and community points), although the BMN survey does not
cover it, so that the national view has every province.

Everything the plan produces is a calibration target for **synthetic** data,
not a published provincial figure (except the five named above). The
generator meets each target to within a few persons (incomes are rounded to
10 baht after calibration): the seed-2566 national build has 12,817,903
households, 36,101,079 persons, 1,025,725 target poor and 3,400,027 MPI-poor
persons. The build writes the plan as ``calibration.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import settings
from data_loaders import synthetic

#: BMN households surveyed in 2022 (DOMAIN.md §7).
NATIONAL_HOUSEHOLDS = 12_817_903
#: Persons surveyed in 2022, about 36.1 M (DOMAIN.md §7).
NATIONAL_PERSONS = 36_100_000
#: TPMAP target poor, 2022 (DOMAIN.md §7).
NATIONAL_TARGET_POOR = 1_025_782
#: MPI-poor persons before the welfare-card cross-check, about 3.4 M (DOMAIN.md §7).
NATIONAL_MPI_POOR = 3_400_000
#: Highest and lowest province by target poor in 2022 (DOMAIN.md §7).
HIGHEST = ("50", 52_928)  # Chiang Mai
LOWEST = ("23", 706)  # Trat
#: Udon Thani's rank by target poor in 2022 (5th highest; DOMAIN.md §7).
UDON_RANK = 5
#: Spread of the per-province factor w (sd of its logarithm).
TARGET_SPREAD_SD = 0.35
#: Gap kept between an allocated target and a published figure it must stay above or
#: below (share of that figure): the generator meets a target to within a few persons
#: (incomes are rounded to 10 baht), which must not swap the published ranks.
RANK_MARGIN = 0.01
#: Columns of :func:`national_plan`.
PLAN_COLUMNS = (
    "province_code",
    "villages",
    "households",
    "extra_members",
    "expected_persons",
    "target_poor_persons",
    "mpi_poor_persons",
    "rule",
)


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
        ``village_code``, ``subdistrict_code``, ``district_code``,
        ``province_code``.
    seed : int
        Seed of the generator (fixes the pilots' households and the spread
        factors).

    Returns
    -------
    DataFrame, one row per province, sorted by code
        :data:`PLAN_COLUMNS`: ``villages``; ``households`` (exact for the
        pilots, allocated for the others); ``extra_members``
        (mean members beyond the first, the generator's parameter);
        ``expected_persons`` (exact for the pilots); ``target_poor_persons``
        and ``mpi_poor_persons`` (calibration targets); ``rule``
        (``pilot``, ``published`` or ``allocated``).

    Raises
    ------
    ValueError
        If a province of the published figures is missing from ``villages``.
    """
    counts = villages.groupby("province_code")["village_code"].size().sort_index()
    missing = {HIGHEST[0], LOWEST[0], *synthetic.TPMAP_2018} - set(counts.index)
    if missing:
        raise ValueError(f"national_plan needs every province; missing {sorted(missing)}")
    plan = pd.DataFrame({"villages": counts.astype(np.int64)})
    plan["rule"] = "allocated"
    pilot = plan.index.isin(list(synthetic.TPMAP_2018))
    plan.loc[pilot, "rule"] = "pilot"
    plan.loc[[HIGHEST[0], LOWEST[0]], "rule"] = "published"

    # Pilots: exactly what the pilot rule draws for this seed.
    for code in plan.index[pilot]:
        households, persons = synthetic.poisson_rule_counts(
            villages[villages["province_code"] == code], seed
        )
        target = synthetic.province_target(code, persons, seed)
        plan.loc[code, ["households", "expected_persons"]] = households, persons
        plan.loc[code, ["target_poor_persons", "mpi_poor_persons"]] = (
            target.target_poor_persons,
            target.mpi_poor_persons,
        )
        plan.loc[code, "extra_members"] = synthetic.PILOT_EXTRA_MEMBERS

    # Households and size of the others.
    rest = ~pilot
    rest_households = NATIONAL_HOUSEHOLDS - int(plan.loc[pilot, "households"].sum())
    plan.loc[rest, "households"] = allocate(rest_households, plan.loc[rest, "villages"].to_numpy())
    rest_persons = NATIONAL_PERSONS - int(plan.loc[pilot, "expected_persons"].sum())
    extra = rest_persons / rest_households - 1
    plan.loc[rest, "extra_members"] = extra
    plan.loc[rest, "expected_persons"] = plan.loc[rest, "households"] * (1 + extra)

    # Target poor.
    plan.loc[HIGHEST[0], "target_poor_persons"] = HIGHEST[1]
    plan.loc[LOWEST[0], "target_poor_persons"] = LOWEST[1]
    shared = plan["rule"] == "allocated"
    scores = pd.Series(
        [
            plan.loc[code, "expected_persons"] * spread_factor(code, seed)
            for code in plan.index[shared]
        ],
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
    rest_targets = plan.loc[rest, "target_poor_persons"].to_numpy(float)
    rest_mpi = NATIONAL_MPI_POOR - int(plan.loc[pilot, "mpi_poor_persons"].sum())
    plan.loc[rest, "mpi_poor_persons"] = allocate(rest_mpi, rest_targets)

    integer = ["households", "expected_persons", "target_poor_persons", "mpi_poor_persons"]
    plan["expected_persons"] = plan["expected_persons"].round()
    plan[integer] = plan[integer].astype(np.int64)
    plan["extra_members"] = plan["extra_members"].astype(float)
    return plan.rename_axis("province_code").reset_index()[list(PLAN_COLUMNS)]


def province_plan(plan: pd.DataFrame, province_code: str) -> dict:
    """Return the generator's arguments for one province of :func:`national_plan`.

    Returns
    -------
    dict
        ``target`` (:class:`data_loaders.synthetic.ProvinceTarget`),
        ``households`` (None for a pilot: its Poisson rule) and
        ``extra_members``, ready for :func:`data_loaders.synthetic.generate_province`.

    Raises
    ------
    KeyError
        If the province is not in the plan.
    """
    row = plan.set_index("province_code").loc[province_code]
    return {
        "target": synthetic.ProvinceTarget(
            int(row["mpi_poor_persons"]), int(row["target_poor_persons"])
        ),
        "households": None if row["rule"] == "pilot" else int(row["households"]),
        "extra_members": float(row["extra_members"]),
    }
