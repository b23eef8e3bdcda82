"""Small-cell suppression of the public area statistics (issue 16).

The rule (also in the README, section *Data service*):

1. **Primary.** A count from 1 to ``m`` (``TPMAP_API_MIN_CELL``, default 4)
   is withheld: its value is ``null`` and its flag ``primary``. Zero is
   published (it says nobody, which tells nothing about a person).
2. **Complementary, against the parent's total.** The counts of the child
   areas of one parent add up to the parent's count, which is published.
   When exactly one child's cell of a column is withheld, the smallest
   other child's cell of that column (a non-zero one first; ties by code)
   is withheld too (``complementary``), so the first cannot be recovered by
   subtraction. Likewise inside one area for the parts of a total
   (:data:`PARTITIONS`: target poor + MPI-poor without a card = MPI-poor
   persons; the four stage counts = target households). Both steps repeat
   until nothing changes.
3. **Derived.** A share, ratio or measure computed from a withheld count
   (:data:`DERIVED`: H, A, M0 from the poor persons, a censored headcount
   from its count, a share from its count and its targets) is withheld
   (``derived``). The contributions to M0 sum to 1: when one of a set is
   withheld, the whole set is.

The sibling groups are all the areas of one level under one parent
(provinces: all provinces of the build), whatever a response shows, so an
area has the same cells withheld in every response. Not covered:
differencing across options (the welfare-card filter's "with" and
"without" add up to "all"; another k or set of dimensions).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from poverty.indicators import DIMENSION_CODES, INDICATOR_CODES, indicators_of

PRIMARY, COMPLEMENTARY, DERIVED_FLAG = "primary", "complementary", "derived"

#: Stage columns of the Logbook figures (the latest stage of each target, or none).
STAGE_COLUMNS = (
    "stage_survival",
    "stage_sufficiency",
    "stage_sustainability",
    "stage_none",
)
#: Count columns of the area statistics: suppressed when 1..m.
COUNTS: tuple[str, ...] = (
    "households",
    "persons",
    "poor_households",
    "poor_persons",
    "target_poor_persons",
    "poor_persons_without_card",
    *[f"cp_{c}" for c in INDICATOR_CODES],
    *[f"dp_{d}" for d in DIMENSION_CODES],
    "target_households",
    "surveyed_households",
    "helped_households",
    *STAGE_COLUMNS,
)
#: Totals published beside their parts (total, parts) within one area.
PARTITIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("poor_persons", ("target_poor_persons", "poor_persons_without_card")),
    ("target_households", STAGE_COLUMNS),
)
_MEASURE_DEPS = ("persons", "poor_persons")
#: Derived columns and the counts they are computed from.
DERIVED: dict[str, tuple[str, ...]] = {
    "headcount_ratio": _MEASURE_DEPS,
    "intensity": _MEASURE_DEPS,
    "adjusted_headcount_ratio": _MEASURE_DEPS,
    "stars": _MEASURE_DEPS,
    **{f"ch_{c}": ("persons", f"cp_{c}") for c in INDICATOR_CODES},
    **{f"dim_{d}": ("persons", f"dp_{d}") for d in DIMENSION_CODES},
    **{
        f"contrib_{d}": (*_MEASURE_DEPS, *[f"cp_{c}" for c in indicators_of(d)])
        for d in DIMENSION_CODES
    },
    **{f"contrib_{c}": (*_MEASURE_DEPS, f"cp_{c}") for c in INDICATOR_CODES},
    "surveyed_share": ("target_households", "surveyed_households"),
    "helped_share": ("target_households", "helped_households"),
}
#: Sets of derived columns that add up to 1 (complementary suppression among them).
SETS_OF_ONE = (
    tuple(f"contrib_{d}" for d in DIMENSION_CODES),
    tuple(f"contrib_{c}" for c in INDICATOR_CODES),
)


def _pick_complement(values: np.ndarray, withheld: np.ndarray) -> int | None:
    """Return the position of the cell to withhold beside the one withheld, or None.

    The smallest published non-zero value first, then a published zero; the
    first position (lowest code, as rows are sorted) breaks ties.
    """
    candidates = np.flatnonzero(~withheld)
    if candidates.size == 0:
        return None
    positive = candidates[values[candidates] > 0]
    pool = positive if positive.size else candidates
    return int(pool[np.argmin(values[pool])])  # the first of equal minima


def suppress(
    table: pd.DataFrame,
    group: str,
    min_cell: int,
    counts: Sequence[str] = COUNTS,
    partitions: Sequence[tuple[str, Sequence[str]]] = PARTITIONS,
    derived: Mapping[str, Sequence[str]] = DERIVED,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the module's rule to a table of sibling areas.

    Parameters
    ----------
    table : DataFrame
        One row per area, sorted by code; columns ``group`` (the parent's
        code: areas sharing it are siblings) and any of ``counts`` and of
        ``derived``'s keys (columns absent are skipped).
    group : str
        Column naming each row's parent.
    min_cell : int
        The largest count withheld (1-4).
    counts, partitions, derived
        The count columns, the totals with their parts, and the derived
        columns with the counts they need (defaults: this module's tables).

    Returns
    -------
    published : DataFrame
        Same index and columns; withheld cells are None (object columns).
    flags : DataFrame
        Same index; one column per count or derived column present, holding
        ``""``, ``"primary"``, ``"complementary"`` or ``"derived"``.

    Raises
    ------
    ValueError
        If ``min_cell`` is not 1-4.
    """
    if not 1 <= int(min_cell) <= 4:
        raise ValueError(f"min_cell must be 1-4, got {min_cell!r}")
    table = table.reset_index(drop=True)
    count_cols = [c for c in counts if c in table.columns]
    values = {c: table[c].to_numpy(dtype=np.int64) for c in count_cols}
    flags = {  # object arrays: a fixed-width string array would cut "complementary" short
        c: np.where((values[c] >= 1) & (values[c] <= min_cell), PRIMARY, "").astype(object)
        for c in values
    }
    groups = [np.asarray(rows) for rows in table.groupby(group, dropna=False).indices.values()]
    changed = True
    while changed:
        changed = False
        for total, parts in partitions:
            present = [p for p in parts if p in values]
            if total not in values or len(present) < 2:
                continue
            part_values = np.column_stack([values[p] for p in present])
            part_withheld = np.column_stack([flags[p] != "" for p in present])
            for row in np.flatnonzero(part_withheld.sum(axis=1) == 1):
                pick = _pick_complement(part_values[row], part_withheld[row])
                if pick is not None:
                    flags[present[pick]][row] = COMPLEMENTARY
                    changed = True
        for column in count_cols:
            withheld = flags[column] != ""
            for rows in groups:
                if rows.size < 2 or withheld[rows].sum() != 1:
                    continue
                pick = _pick_complement(values[column][rows], withheld[rows])
                if pick is not None:
                    flags[column][rows[pick]] = COMPLEMENTARY
                    withheld[rows[pick]] = True
                    changed = True
    for column, needs in derived.items():
        if column not in table.columns:
            continue
        hit = np.zeros(len(table), dtype=bool)
        for need in needs:
            if need in flags:
                hit |= flags[need] != ""
        flags[column] = np.where(hit, DERIVED_FLAG, "").astype(object)
    for members in SETS_OF_ONE:
        present = [c for c in members if c in flags]
        if len(present) < 2:
            continue
        withheld = np.column_stack([flags[c] != "" for c in present])
        shares = np.column_stack([table[c].to_numpy(dtype=float) for c in present])
        for row in np.flatnonzero(withheld.sum(axis=1) == 1):
            pick = _pick_complement(shares[row], withheld[row])
            if pick is not None:
                flags[present[pick]][row] = COMPLEMENTARY
    flag_frame = pd.DataFrame(flags, index=table.index)
    published = table.astype(object)
    for column in flag_frame.columns:
        published.loc[flag_frame[column] != "", column] = None
    return published, flag_frame


def flag_dict(flags: pd.Series) -> dict[str, str]:
    """Return ``{column: flag}`` of one row of ``flags`` for the withheld cells only."""
    return {column: flag for column, flag in flags.items() if flag}
