"""Alkire-Foster measures over household deprivation profiles.

Source: DOMAIN.md §3 (TPMAP's MPI); Alkire & Foster (2011), as computed by
OPHI's ``mpitb`` and the R package ``MPI`` (``AF_Seq``).

Households are the unit of identification, persons the unit of analysis: H,
A and M0 are weighted by household size. All functions take *profiles*: a
table with one row per household, or per group of households sharing a
deprivation mask (the build stores such a village-level table), with columns

``mask`` (int)
    Bit *b* set when the household is deprived in the indicator whose ``bit``
    is *b* in :func:`poverty.indicators.indicator_table`.
``households``, ``persons`` (int)
    How many households and persons the row stands for.
``card_holders``, ``card_households`` (int, optional)
    Persons holding the state welfare card, households with at least one.

One code path serves a hand-made four-household test and a province.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd

import settings
from poverty.indicators import DIMENSION_CODES, INDICATORS, indicators_of, weights

#: Tolerance for ``score >= k`` so that a score of exactly k is poor (§3).
TOLERANCE = 1e-9
WELFARE_CARD_FILTERS = ("all", "with", "without")
#: The counts of an area summary, in the order the dashboard shows them.
COUNT_KEYS = (
    "households",
    "persons",
    "poor_households",
    "poor_persons",
    "target_poor_persons",
    "poor_persons_without_card",
)


def union_k(dimensions: tuple[str, ...] | None = None) -> float:
    """Return TPMAP's union cut-off: the smallest positive indicator weight.

    With all 5 dimensions this is 1/20, so a household deprived in any one
    indicator is poor ("ตก MPI", DOMAIN.md §3).
    """
    return float(min(w for w in weights(dimensions).values() if w > 0))


def validate_k(k: float | None, dimensions: tuple[str, ...] | None = None) -> float:
    """Return a valid cut-off k; ``None`` means the union rule.

    Raises
    ------
    ValueError
        If k is not a number in (0, 1].
    """
    if k is None:
        return union_k(dimensions)
    try:
        value = float(k)
    except (TypeError, ValueError):
        raise ValueError(f"cut-off k must be a number in (0, 1], got {k!r}") from None
    if math.isnan(value) or not 0 < value <= 1:
        raise ValueError(f"cut-off k must be in (0, 1], got {k!r}")
    return value


def mask_from_indicators(frame: pd.DataFrame) -> np.ndarray:
    """Pack the 17 indicator columns of a household table into int masks.

    Parameters
    ----------
    frame : DataFrame
        One column per indicator code; ``True`` = deprived, ``False`` or null
        (not applicable) = not deprived (DOMAIN.md §2). A float
        ``income_per_capita`` column is the income in baht/person/year and
        counts as deprived below ``settings.INCOME_LINE`` (38,000, BMN
        2560-2564).

    Returns
    -------
    ndarray of int64, shape (len(frame),)

    Raises
    ------
    KeyError
        If an indicator column is missing.
    """
    mask = np.zeros(len(frame), dtype=np.int64)
    for bit, ind in enumerate(INDICATORS):
        column = frame[ind.code]
        if ind.code == "income_per_capita" and pd.api.types.is_float_dtype(column):
            # The amount in baht/person/year: deprived below the BMN line.
            deprived = (column < settings.INCOME_LINE).to_numpy()
        else:
            deprived = column.astype("boolean").fillna(False).to_numpy(dtype=bool)
        mask |= deprived.astype(np.int64) << bit
    return mask


def indicator_bits(mask: np.ndarray) -> np.ndarray:
    """Return a (n, 17) 0/1 array of deprivations from masks."""
    mask = np.asarray(mask, dtype=np.int64)
    return ((mask[:, None] >> np.arange(len(INDICATORS))) & 1).astype(np.int8)


def deprivation_scores(mask: np.ndarray, dimensions: tuple[str, ...] | None = None) -> np.ndarray:
    """Return deprivation scores c = Σ weight × deprived, in [0, 1].

    Parameters
    ----------
    mask : array of int, shape (n,)
    dimensions : tuple of str, optional
        Dimensions that count (see :func:`poverty.indicators.weights`).
    """
    w = weights(dimensions)
    vector = np.array([float(w[i.code]) for i in INDICATORS])
    return indicator_bits(mask) @ vector


def dimensions_failed(mask: np.ndarray, dimensions: tuple[str, ...] | None = None) -> np.ndarray:
    """Return how many dimensions each household fails (0-5).

    A dimension is failed when any of its indicators is (DOMAIN.md §3).
    Only the given dimensions are counted (default all 5).
    """
    if dimensions is not None and not dimensions:
        raise ValueError("at least one dimension must count")
    bits = indicator_bits(mask)
    codes = [i.code for i in INDICATORS]
    out = np.zeros(len(bits), dtype=np.int8)
    for dim in dimensions or DIMENSION_CODES:
        cols = [codes.index(c) for c in indicators_of(dim)]
        out += bits[:, cols].any(axis=1)
    return out


def dimension_failed_bits(mask: np.ndarray) -> pd.DataFrame:
    """Return a bool frame, one column per dimension code, True when failed."""
    bits = indicator_bits(mask)
    codes = [i.code for i in INDICATORS]
    return pd.DataFrame(
        {
            d: bits[:, [codes.index(c) for c in indicators_of(d)]].any(axis=1)
            for d in DIMENSION_CODES
        }
    )


def identify(scores: np.ndarray, k: float) -> np.ndarray:
    """Return a bool array: poor when ``score >= k`` (with :data:`TOLERANCE`)."""
    return np.asarray(scores) >= k - TOLERANCE


def _population(profiles: pd.DataFrame, welfare_card: str) -> tuple[np.ndarray, np.ndarray]:
    """Return (households, persons) of each row under a welfare-card filter.

    ``with``: persons holding the card and households with at least one
    holder; ``without``: the other persons and households (DOMAIN.md §4, 1.1
    and 1.2).
    """
    if welfare_card not in WELFARE_CARD_FILTERS:
        raise ValueError(
            f"welfare_card must be one of {WELFARE_CARD_FILTERS}, got {welfare_card!r}"
        )
    hh = profiles["households"].to_numpy(dtype=np.int64)
    persons = profiles["persons"].to_numpy(dtype=np.int64)
    if welfare_card == "all":
        return hh, persons
    if "card_holders" not in profiles or "card_households" not in profiles:
        raise ValueError(
            f"welfare_card={welfare_card!r} needs card_holders and card_households columns"
        )
    card_p = profiles["card_holders"].to_numpy(dtype=np.int64)
    card_h = profiles["card_households"].to_numpy(dtype=np.int64)
    if welfare_card == "with":
        return card_h, card_p
    return hh - card_h, persons - card_p


def measure_table(
    profiles: pd.DataFrame,
    by: str | None = None,
    k: float | None = None,
    dimensions: tuple[str, ...] | None = None,
    welfare_card: str = "all",
) -> pd.DataFrame:
    """Compute the Alkire-Foster measures per group of profiles.

    Parameters
    ----------
    profiles : DataFrame
        Columns ``mask``, ``households``, ``persons`` and, for the target
        poor and the welfare-card filter, ``card_holders`` and
        ``card_households``; plus the ``by`` column when given.
    by : str, optional
        Column to group by (e.g. ``area_code``); one row per group. Without
        it, a single row for all profiles.
    k : float, optional
        Cut-off in (0, 1]; default the union rule (:func:`union_k`).
    dimensions : tuple of str, optional
        Dimensions that count (default all 5).
    welfare_card : {"all", "with", "without"}
        Population filter by welfare card (see :func:`_population`).

    Returns
    -------
    DataFrame
        One row per group with columns ``households``, ``persons``,
        ``poor_households``, ``poor_persons`` (MPI-poor),
        ``target_poor_persons`` (MPI-poor holding the welfare card),
        ``poor_persons_without_card``, ``headcount_ratio`` (H, share 0-1 of
        persons), ``intensity`` (A, mean score of the poor), ``adjusted_
        headcount_ratio`` (M0 = H × A), ``ch_<indicator>`` (censored
        headcount ratio), ``cp_<indicator>`` (poor persons deprived in it),
        ``dim_<dimension>`` (share of persons poor and failing the dimension),
        ``dp_<dimension>`` (those persons), ``contrib_<dimension>`` (share of
        M0, 0-1). Indicators and dimensions that do not count give 0.
        Empty areas and areas without poor give 0, never NaN.

    Raises
    ------
    ValueError
        For a k outside (0, 1], an unknown dimension or card filter.
    """
    k = validate_k(k, dimensions)
    w = weights(dimensions)
    mask = profiles["mask"].to_numpy(dtype=np.int64)
    hh, persons = _population(profiles, welfare_card)
    weight_vector = np.array([float(w[i.code]) for i in INDICATORS])
    # Indicators of dimensions that do not count are left out entirely: they
    # neither score nor appear in censored headcounts.
    bits = indicator_bits(mask) * (weight_vector > 0)
    scores = bits @ weight_vector
    poor = identify(scores, k)
    if "card_holders" in profiles:
        card_p = profiles["card_holders"].to_numpy(dtype=np.int64)
        card_p = np.zeros_like(card_p) if welfare_card == "without" else card_p
    else:
        card_p = np.zeros(len(profiles), dtype=np.int64)
    poor_persons = persons * poor
    cols: dict[str, np.ndarray] = {
        "households": hh,
        "persons": persons,
        "poor_households": hh * poor,
        "poor_persons": poor_persons,
        "target_poor_persons": card_p * poor,
        "_weighted_score": poor_persons * scores,
    }
    for j, ind in enumerate(INDICATORS):
        cols[f"cp_{ind.code}"] = poor_persons * bits[:, j]
    failed = dimension_failed_bits(mask)
    counted = set(dimensions or DIMENSION_CODES)
    for dim in DIMENSION_CODES:
        cols[f"dp_{dim}"] = poor_persons * failed[dim].to_numpy() * (dim in counted)
    frame = pd.DataFrame(cols)
    if by is not None:
        frame[by] = profiles[by].to_numpy()
        sums = frame.groupby(by, sort=True).sum()
    else:
        sums = frame.sum().to_frame().T
    return _ratios(sums, w)


def _ratios(sums: pd.DataFrame, w: dict[str, Fraction]) -> pd.DataFrame:
    """Turn summed counts into H, A, M0, censored headcounts, contributions."""
    out = sums.copy()
    persons = out["persons"].astype(float)
    poor = out["poor_persons"].astype(float)
    safe = lambda num, den: np.where(den > 0, num / np.where(den > 0, den, 1), 0.0)  # noqa: E731
    out["poor_persons_without_card"] = out["poor_persons"] - out["target_poor_persons"]
    out["headcount_ratio"] = safe(poor, persons)
    out["intensity"] = safe(out["_weighted_score"].astype(float), poor)
    out["adjusted_headcount_ratio"] = out["headcount_ratio"] * out["intensity"]
    m0_mass = out["_weighted_score"].astype(float)
    for ind in INDICATORS:
        out[f"ch_{ind.code}"] = safe(out[f"cp_{ind.code}"].astype(float), persons)
    for dim in DIMENSION_CODES:
        out[f"dim_{dim}"] = safe(out[f"dp_{dim}"].astype(float), persons)
        mass = sum(float(w[c]) * out[f"cp_{c}"].astype(float) for c in indicators_of(dim))
        out[f"contrib_{dim}"] = safe(mass, m0_mass)
    return out.drop(columns="_weighted_score")


def summarise(
    profiles: pd.DataFrame,
    k: float | None = None,
    dimensions: tuple[str, ...] | None = None,
    welfare_card: str = "all",
) -> dict:
    """Return the measures of all profiles together as a plain dict.

    Keys: ``households``, ``persons``, ``poor_households``, ``poor_persons``,
    ``target_poor_persons``, ``poor_persons_without_card`` (int);
    ``headcount_ratio``, ``intensity``, ``adjusted_headcount_ratio`` (float);
    ``censored_headcount`` and ``censored_persons`` (dicts keyed by
    indicator code); ``dimension_headcount``, ``dimension_persons`` and
    ``contribution`` (dicts keyed by dimension code). See
    :func:`measure_table` for the parameters and errors.
    """
    row = measure_table(profiles, None, k, dimensions, welfare_card).iloc[0]
    out: dict = {name: int(row[name]) for name in COUNT_KEYS}
    for name in ["headcount_ratio", "intensity", "adjusted_headcount_ratio"]:
        out[name] = float(row[name])
    out["censored_headcount"] = {i.code: float(row[f"ch_{i.code}"]) for i in INDICATORS}
    out["censored_persons"] = {i.code: int(row[f"cp_{i.code}"]) for i in INDICATORS}
    out["dimension_headcount"] = {d: float(row[f"dim_{d}"]) for d in DIMENSION_CODES}
    out["dimension_persons"] = {d: int(row[f"dp_{d}"]) for d in DIMENSION_CODES}
    out["contribution"] = {d: float(row[f"contrib_{d}"]) for d in DIMENSION_CODES}
    return out
