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

The table may be a DataFrame or a mapping of column name to array (what
DuckDB's ``fetchnumpy`` returns, without building a DataFrame). One code
path serves a hand-made four-household test and a province.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

import settings
from poverty.indicators import DIMENSION_CODES, INDICATORS, indicators_of, weights

#: A profile table: a DataFrame, or a mapping of column name to 1-d array of
#: equal length (as DuckDB's ``fetchnumpy`` returns).
Profiles = pd.DataFrame | Mapping[str, np.ndarray]
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

    Examples
    --------
    >>> from poverty.measures import union_k
    >>> union_k()
    0.05
    >>> union_k(("access",))  # two indicators sharing the whole weight
    0.5
    """
    vector = _weight_vector(None if dimensions is None else tuple(dimensions))
    return float(vector[vector > 0].min())


@functools.lru_cache(maxsize=64)
def _weight_vector(dimensions: tuple[str, ...] | None) -> np.ndarray:
    """Return the 17 indicator weights as floats in bit order (read-only, cached).

    Raises the errors of :func:`poverty.indicators.weights`.
    """
    w = weights(dimensions)
    vector = np.array([float(w[i.code]) for i in INDICATORS])
    vector.flags.writeable = False
    return vector


def validate_k(k: float | None, dimensions: tuple[str, ...] | None = None) -> float:
    """Return a valid cut-off k; ``None`` means the union rule.

    Raises
    ------
    ValueError
        If k is not a number in (0, 1], or is at most :data:`TOLERANCE`: the
        comparison ``score >= k - TOLERANCE`` (DOMAIN.md §3) would then count
        households deprived in nothing as poor, so such a k is refused like 0.

    Examples
    --------
    >>> from poverty.measures import validate_k
    >>> validate_k(None), validate_k(0.25)
    (0.05, 0.25)
    >>> validate_k(0)
    Traceback (most recent call last):
    ...
    ValueError: cut-off k must be in (0, 1], got 0
    """
    if k is None:
        return union_k(dimensions)
    try:
        value = float(k)
    except (TypeError, ValueError):
        raise ValueError(f"cut-off k must be a number in (0, 1], got {k!r}") from None
    if math.isnan(value) or not 0 < value <= 1:
        raise ValueError(f"cut-off k must be in (0, 1], got {k!r}")
    if value <= TOLERANCE:
        raise ValueError(
            f"cut-off k must be greater than {TOLERANCE:g} (a k this close to 0 would count "
            f"households deprived in nothing as poor), got {k!r}"
        )
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

    Examples
    --------
    Household 0 lacks the birth-weight item (bit 0), household 1 disabled
    care (bit 16), household 2 earns 30,000 baht a head, below the income
    line (bit 14).

    >>> import pandas as pd
    >>> from poverty.indicators import INDICATOR_CODES
    >>> from poverty.measures import mask_from_indicators
    >>> frame = pd.DataFrame(False, index=range(3), columns=list(INDICATOR_CODES))
    >>> frame.loc[0, "health_birth_weight"] = True
    >>> frame.loc[1, "access_disabled_care"] = True
    >>> frame["income_per_capita"] = [50_000.0, 50_000.0, 30_000.0]
    >>> mask_from_indicators(frame).tolist() == [1, 1 << 16, 1 << 14]
    True
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
    """Return a (n, 17) 0/1 array of deprivations from masks.

    Examples
    --------
    >>> import numpy as np
    >>> from poverty.measures import indicator_bits
    >>> bits = indicator_bits(np.array([0b101]))
    >>> bits.shape, bits[0, :4].tolist()
    ((1, 17), [1, 0, 1, 0])
    """
    mask = np.asarray(mask, dtype=np.int64)
    return ((mask[:, None] >> np.arange(len(INDICATORS))) & 1).astype(np.int8)


def deprivation_scores(mask: np.ndarray, dimensions: tuple[str, ...] | None = None) -> np.ndarray:
    """Return deprivation scores c = Σ weight × deprived, in [0, 1].

    Parameters
    ----------
    mask : array of int, shape (n,)
    dimensions : tuple of str, optional
        Dimensions that count (see :func:`poverty.indicators.weights`).

    Examples
    --------
    One health indicator (1/20), both access indicators (2 × 1/10), one
    income indicator (1/15).

    >>> import numpy as np
    >>> from poverty.measures import deprivation_scores
    >>> masks = np.array([1, 1 << 15 | 1 << 16, 1 << 12])
    >>> deprivation_scores(masks).round(4).tolist()
    [0.05, 0.2, 0.0667]
    """
    w = weights(dimensions)
    vector = np.array([float(w[i.code]) for i in INDICATORS])
    return indicator_bits(mask) @ vector


def dimensions_failed(mask: np.ndarray, dimensions: tuple[str, ...] | None = None) -> np.ndarray:
    """Return how many dimensions each household fails (0-5).

    A dimension is failed when any of its indicators is (DOMAIN.md §3).
    Only the given dimensions are counted (default all 5).

    Examples
    --------
    >>> import numpy as np
    >>> from poverty.measures import dimensions_failed
    >>> masks = np.array([0, 0b11, 1 | 1 << 15])  # nothing; two health items; health + access
    >>> dimensions_failed(masks).tolist()
    [0, 1, 2]
    >>> dimensions_failed(masks, ("access",)).tolist()
    [0, 0, 1]
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
    """Return a bool frame, one column per dimension code, True when failed.

    Examples
    --------
    >>> import numpy as np
    >>> from poverty.measures import dimension_failed_bits
    >>> dimension_failed_bits(np.array([1 | 1 << 15])).iloc[0].to_dict()
    {'health': True, 'living': False, 'education': False, 'income': False, 'access': True}
    """
    bits = indicator_bits(mask)
    codes = [i.code for i in INDICATORS]
    return pd.DataFrame(
        {
            d: bits[:, [codes.index(c) for c in indicators_of(d)]].any(axis=1)
            for d in DIMENSION_CODES
        }
    )


def identify(scores: np.ndarray, k: float) -> np.ndarray:
    """Return a bool array: poor when ``score >= k`` (with :data:`TOLERANCE`) and ``score > 0``.

    A household deprived in nothing is never poor, whatever k (DOMAIN.md §3).

    Examples
    --------
    >>> import numpy as np
    >>> from poverty.measures import identify
    >>> scores = np.array([0.0, 0.05, 0.2])
    >>> identify(scores, 0.1).tolist()
    [False, False, True]
    >>> identify(scores, 0.05).tolist()  # a score of exactly k is poor
    [False, True, True]
    """
    scores = np.asarray(scores)
    return (scores >= k - TOLERANCE) & (scores > 0)


def _column(profiles: Profiles, name: str) -> np.ndarray:
    """Return one count column of ``profiles`` as int64 (a Series or an array)."""
    return np.asarray(profiles[name], dtype=np.int64)


def _population(profiles: Profiles, welfare_card: str) -> tuple[np.ndarray, np.ndarray]:
    """Return (households, persons) of each row under a welfare-card filter.

    ``with``: persons holding the card and households with at least one
    holder; ``without``: the other persons and households (DOMAIN.md §4, 1.1
    and 1.2).
    """
    if welfare_card not in WELFARE_CARD_FILTERS:
        raise ValueError(
            f"welfare_card must be one of {WELFARE_CARD_FILTERS}, got {welfare_card!r}"
        )
    hh = _column(profiles, "households")
    persons = _column(profiles, "persons")
    if welfare_card == "all":
        return hh, persons
    if "card_holders" not in profiles or "card_households" not in profiles:
        raise ValueError(
            f"welfare_card={welfare_card!r} needs card_holders and card_households columns"
        )
    card_p = _column(profiles, "card_holders")
    card_h = _column(profiles, "card_households")
    if welfare_card == "with":
        return card_h, card_p
    return hh - card_h, persons - card_p


#: The summed count columns of :func:`measure_table`, in its column order.
COUNT_COLUMNS = (
    "households",
    "persons",
    "poor_households",
    "poor_persons",
    "target_poor_persons",
    *[f"cp_{i.code}" for i in INDICATORS],
    *[f"dp_{d}" for d in DIMENSION_CODES],
)


#: (17, 5) 0/1 matrix: indicator j (bit j) belongs to dimension d.
_DIMENSION_MEMBERS = np.array(
    [[int(i.dimension == d) for d in DIMENSION_CODES] for i in INDICATORS], dtype=np.int64
)


def _row_counts(
    profiles: Profiles, k: float, weight_vector: np.ndarray, welfare_card: str
) -> tuple[np.ndarray, np.ndarray]:
    """Return the counts of each profile row and its poor persons' score mass.

    Returns
    -------
    counts : ndarray of int64, shape (n, len(COUNT_COLUMNS))
        One column per :data:`COUNT_COLUMNS` name.
    mass : ndarray of float, shape (n,)
        Poor persons × deprivation score (the numerator of M0).
    """
    mask = _column(profiles, "mask")
    hh, persons = _population(profiles, welfare_card)
    # Indicators of dimensions that do not count are left out entirely: they
    # neither score nor appear in censored headcounts or failed dimensions.
    bits = indicator_bits(mask) * (weight_vector > 0)
    scores = bits @ weight_vector
    poor = identify(scores, k)
    if "card_holders" in profiles and welfare_card != "without":
        card_p = _column(profiles, "card_holders")
    else:
        card_p = np.zeros(len(mask), dtype=np.int64)
    poor_persons = persons * poor
    failed = (bits @ _DIMENSION_MEMBERS) > 0
    counts = np.column_stack(
        [
            hh,
            persons,
            hh * poor,
            poor_persons,
            card_p * poor,
            poor_persons[:, None] * bits,
            poor_persons[:, None] * failed,
        ]
    ).astype(np.int64, copy=False)
    return counts, poor_persons * scores


def _group_sums(
    profiles: Profiles, by: str | None, counts: np.ndarray, mass: np.ndarray
) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """Sum counts and mass per value of the ``by`` column (sorted; null keys dropped).

    Without ``by``, one row for all profiles and keys None.
    """
    if by is None:
        return None, counts.sum(axis=0, keepdims=True), np.array([mass.sum()])
    codes, keys = pd.factorize(np.asarray(profiles[by], dtype=object), sort=True)
    sums = np.zeros((len(keys), counts.shape[1]), dtype=np.int64)
    kept = codes >= 0
    np.add.at(sums, codes[kept], counts[kept])
    return keys, sums, np.bincount(codes[kept], weights=mass[kept], minlength=len(keys))


def _safe_ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """Return num / den as floats, 0 where den is 0 (never NaN)."""
    den = np.asarray(den, dtype=float)
    return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


def _measure_columns(
    sums: np.ndarray, mass: np.ndarray, weight_vector: np.ndarray
) -> dict[str, np.ndarray]:
    """Turn summed counts (rows of :data:`COUNT_COLUMNS`) into H, A, M0, censored headcounts.

    Returns the columns of :func:`measure_table`, in its order, as arrays.
    """
    out = dict(zip(COUNT_COLUMNS, sums.T, strict=True))
    first_cp, first_dp = 5, 5 + len(INDICATORS)
    censored, dim_poor = sums[:, first_cp:first_dp], sums[:, first_dp:]
    persons = sums[:, 1:2]
    out["poor_persons_without_card"] = out["poor_persons"] - out["target_poor_persons"]
    out["headcount_ratio"] = _safe_ratio(out["poor_persons"], out["persons"])
    out["intensity"] = _safe_ratio(mass, out["poor_persons"])
    out["adjusted_headcount_ratio"] = out["headcount_ratio"] * out["intensity"]
    ratios = _safe_ratio(censored, persons).T
    out.update(zip([f"ch_{i.code}" for i in INDICATORS], ratios, strict=True))
    dim_share = _safe_ratio(dim_poor, persons)
    # Each dimension's share of the M0 mass: Σ weight × poor persons deprived.
    contribution = _safe_ratio((censored * weight_vector) @ _DIMENSION_MEMBERS, mass[:, None])
    for d, dim in enumerate(DIMENSION_CODES):
        out[f"dim_{dim}"] = dim_share[:, d]
        out[f"contrib_{dim}"] = contribution[:, d]
    # Each indicator's share of the M0 mass: its weight × poor persons deprived in it.
    by_indicator = _safe_ratio(censored * weight_vector, mass[:, None])
    out.update(zip([f"contrib_{i.code}" for i in INDICATORS], by_indicator.T, strict=True))
    return out


def _measures(
    profiles: Profiles,
    by: str | None,
    k: float | None,
    dimensions: tuple[str, ...] | None,
    welfare_card: str,
) -> tuple[np.ndarray | None, dict[str, np.ndarray]]:
    """Return (group keys or None, measure columns): the work of :func:`measure_table`."""
    k = validate_k(k, dimensions)
    weight_vector = _weight_vector(None if dimensions is None else tuple(dimensions))
    counts, mass = _row_counts(profiles, k, weight_vector, welfare_card)
    keys, sums, mass_sums = _group_sums(profiles, by, counts, mass)
    return keys, _measure_columns(sums, mass_sums, weight_vector)


def measure_table(
    profiles: Profiles,
    by: str | None = None,
    k: float | None = None,
    dimensions: tuple[str, ...] | None = None,
    welfare_card: str = "all",
) -> pd.DataFrame:
    """Compute the Alkire-Foster measures per group of profiles.

    Parameters
    ----------
    profiles : DataFrame or mapping of column name to 1-d array
        Columns ``mask``, ``households``, ``persons`` and, for the target
        poor and the welfare-card filter, ``card_holders`` and
        ``card_households``; plus the ``by`` column when given.
    by : str, optional
        Column to group by (e.g. ``area_code``); one row per group, indexed
        by its sorted values (rows whose value is null are left out).
        Without it, a single row for all profiles.
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
        ``dp_<dimension>`` (those persons), ``contrib_<dimension>`` and
        ``contrib_<indicator>`` (share of M0, 0-1: weight × censored headcount
        ÷ M0, DOMAIN.md §3; each set sums to 1 when anyone is poor). Counts
        are int64, shares float. Indicators and dimensions that do not count
        give 0. Empty areas and areas without poor give 0,
        never NaN.

    Raises
    ------
    ValueError
        For a k outside (0, 1], an unknown dimension or card filter.
    KeyError
        If a needed column is missing.

    Examples
    --------
    Four households in two areas: one of 2 persons deprived in one health
    indicator (score 1/20), one of 3 persons also in both access indicators
    (score 1/20 + 2/10 = 1/4).

    >>> import pandas as pd
    >>> from poverty.measures import measure_table
    >>> profiles = pd.DataFrame(
    ...     {
    ...         "area_code": ["41", "41", "42", "42"],
    ...         "mask": [0, 1, 1 | 1 << 15 | 1 << 16, 0],
    ...         "households": [1, 1, 1, 1],
    ...         "persons": [4, 2, 3, 1],
    ...         "card_holders": [0, 1, 0, 1],
    ...         "card_households": [0, 1, 0, 1],
    ...     }
    ... )
    >>> table = measure_table(profiles, by="area_code")
    >>> columns = ["persons", "poor_persons", "target_poor_persons"]
    >>> table.loc["41", columns].tolist(), table.loc["42", columns].tolist()
    ([6, 2, 1], [4, 3, 0])
    >>> table["headcount_ratio"].round(4).tolist()  # H: 2/6 and 3/4
    [0.3333, 0.75]
    >>> table["intensity"].round(4).tolist()  # A: 1/20 and 1/4
    [0.05, 0.25]
    """
    keys, columns = _measures(profiles, by, k, dimensions, welfare_card)
    index = None if keys is None else pd.Index(keys, name=by)
    return pd.DataFrame(columns, index=index)


def summarise(
    profiles: Profiles,
    k: float | None = None,
    dimensions: tuple[str, ...] | None = None,
    welfare_card: str = "all",
) -> dict:
    """Return the measures of all profiles together as a plain dict.

    Keys: ``households``, ``persons``, ``poor_households``, ``poor_persons``,
    ``target_poor_persons``, ``poor_persons_without_card`` (int);
    ``headcount_ratio``, ``intensity``, ``adjusted_headcount_ratio`` (float);
    ``censored_headcount``, ``censored_persons`` and
    ``indicator_contribution`` (share of M0, dicts keyed by indicator code);
    ``dimension_headcount``, ``dimension_persons`` and ``contribution``
    (share of M0, dicts keyed by dimension code). See
    :func:`measure_table` for the parameters and errors; this takes the same
    code path without building a DataFrame.

    Examples
    --------
    The households of :func:`measure_table`'s example, together: H = 5/10,
    A = (2 × 1/20 + 3 × 1/4) / 5 = 0.17, M0 = H × A = 0.085; access gives
    2 × 1/10 × 3/10 = 0.06 of it.

    >>> import pandas as pd
    >>> from poverty.measures import summarise
    >>> profiles = pd.DataFrame(
    ...     {
    ...         "mask": [0, 1, 1 | 1 << 15 | 1 << 16, 0],
    ...         "households": [1, 1, 1, 1],
    ...         "persons": [4, 2, 3, 1],
    ...         "card_holders": [0, 1, 0, 1],
    ...         "card_households": [0, 1, 0, 1],
    ...     }
    ... )
    >>> s = summarise(profiles)
    >>> s["poor_households"], s["poor_persons"], s["headcount_ratio"]
    (2, 5, 0.5)
    >>> round(s["intensity"], 4), round(s["adjusted_headcount_ratio"], 4)
    (0.17, 0.085)
    >>> round(s["contribution"]["access"], 4), round(s["contribution"]["health"], 4)
    (0.7059, 0.2941)
    """
    _, columns = _measures(profiles, None, k, dimensions, welfare_card)
    row = {name: values[0] for name, values in columns.items()}
    out: dict = {name: int(row[name]) for name in COUNT_KEYS}
    for name in ["headcount_ratio", "intensity", "adjusted_headcount_ratio"]:
        out[name] = float(row[name])
    out["censored_headcount"] = {i.code: float(row[f"ch_{i.code}"]) for i in INDICATORS}
    out["censored_persons"] = {i.code: int(row[f"cp_{i.code}"]) for i in INDICATORS}
    out["dimension_headcount"] = {d: float(row[f"dim_{d}"]) for d in DIMENSION_CODES}
    out["dimension_persons"] = {d: int(row[f"dp_{d}"]) for d in DIMENSION_CODES}
    out["contribution"] = {d: float(row[f"contrib_{d}"]) for d in DIMENSION_CODES}
    out["indicator_contribution"] = {i.code: float(row[f"contrib_{i.code}"]) for i in INDICATORS}
    return out
