"""Earlier survey rounds of the synthetic households (SYNTHETIC, not real households).

The latest round is :func:`data_loaders.synthetic.generate_province`'s output,
unchanged. Each earlier round is drawn from the round after it, one round
step at a time going back (:func:`previous_round`), so that the latest round
keeps every figure of the single-round build. The same households keep their
``household_id`` across rounds, and per round step (documented shares, from
the round after to the round before):

- :data:`FORMED_SHARE` of the households of round t+1 did not exist at t; half
  of them (:data:`SPLIT_OF_FORMED`) split from a household of the same village,
  whose members they were at t (the parent: an earlier household of that
  village), the others are new;
- :data:`DISSOLVED_SHARE` of households existed at t but not at t+1: copies of
  households of the same village with their own IDs (``household_id`` with a
  sequence from 9000, person IDs and national IDs of their own);
- :data:`MOVED_SHARE` of households lived in another village of the same
  district at t (their point is that of a household of that village);
- members and ages are those of the later round (no ageing between rounds),
  and welfare cards are held by the same persons.

Deprivations persist (a two-state chain per household and indicator; an
indicator not applicable stays so): an indicator failed at t+1 was failed at t
with probability :data:`PERSISTENCE` (the rest entered deprivation since), one
met at t+1 was failed at t with a probability ``b`` × (the indicator's share
failed at t+1 ÷ the mean share over indicators), ``b`` solved exactly by sorting
(:func:`data_loaders.synthetic._solve_threshold`) so that the round's TPMAP
target poor persons (MPI-poor, union rule, holding the welfare card) meet the
province's target for that round (:func:`data_loaders.calibration.rounds_plan`).
When the target needs fewer poor than :data:`PERSISTENCE` keeps, ``b`` is 0 and
the persistence itself is solved instead. So most MPI-poor households stay
poor from round to round, some leave and some enter. Income per person keeps
its amount while its deprivation does not change, and otherwise moves to the
other side of the 38,000-baht line.

Everything is drawn from ``default_rng([seed, province, year])``: the same
seed gives the same rounds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import settings
from data_loaders.schema import BOOLEAN_INDICATORS, national_id_check_digit
from data_loaders.synthetic import _ascii_column, _decimal_digits, _solve_threshold

#: Households of round t+1 that did not exist at round t (formed since).
FORMED_SHARE = 0.010
#: Of the formed households, the share that split from a household of the same village.
SPLIT_OF_FORMED = 0.5
#: Households of round t that no longer exist at round t+1. More dissolve than form,
#: so that households fall by about 0.5 % a round going forward (BMN: 12,942,574
#: households in 2565, 12,817,903 in the latest plan; DOMAIN.md §7b).
DISSOLVED_SHARE = 0.015
#: Households that lived in another village of the same district at round t.
MOVED_SHARE = 0.005
#: Chance that an indicator failed at round t+1 was failed at round t already.
PERSISTENCE = 0.60
#: First sequence number (last 4 digits of the household ID) of dissolved households'
#: copies; each round step takes the next :data:`COPY_BLOCK` numbers.
COPY_SEQUENCE, COPY_BLOCK = 9000, 200
#: National-ID sequence (digits 6-12) of the copies' members: from 9,000,000, a block
#: of :data:`COPY_PERSON_BLOCK` per round step (real sequences stay below 7,000,000).
COPY_PERSON_SEQUENCE, COPY_PERSON_BLOCK = 9_000_000, 200_000


def _pick(rng: np.random.Generator, n: int, share: float) -> np.ndarray:
    """Return a boolean mask selecting round(share × n) of n rows at random."""
    chosen = np.zeros(n, dtype=bool)
    chosen[rng.choice(n, round(share * n), replace=False)] = True
    return chosen


def _same_village_other(
    villages: np.ndarray, rng: np.random.Generator, rows: np.ndarray, earlier_only: bool
) -> np.ndarray:
    """For each row in ``rows``, a random other row of the same village (-1 when none).

    ``villages`` is sorted. With ``earlier_only``, only rows before it.
    """
    codes, start, count = np.unique(villages, return_index=True, return_counts=True)
    pos = np.searchsorted(codes, villages[rows])
    first, size = start[pos], count[pos]
    limit = (rows - first) if earlier_only else size
    pick = first + np.floor(rng.random(len(rows)) * np.maximum(limit, 1)).astype(np.int64)
    ok = limit > (0 if earlier_only else 1)
    pick = np.where(pick == rows, np.where(pick > first, pick - 1, pick + 1), pick)
    return np.where(ok, pick, -1)


def _demography(
    households: pd.DataFrame,
    persons: pd.DataFrame,
    step: int,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int]]:
    """Return the households and persons of round t before their deprivations change.

    See the module docstring (formed, split, dissolved, moved). ``step`` is the
    number of round steps back from the latest round (1 for the round before
    it): it keeps the copies' IDs apart. Returns the tables sorted as the store
    needs and the counts of each change.
    """
    h = households.reset_index(drop=True)
    n = len(h)
    villages = h["village_code"].to_numpy(dtype=object).astype(str)
    formed = _pick(rng, n, FORMED_SHARE)
    split = formed & (rng.random(n) < SPLIT_OF_FORMED)
    parent = np.full(n, -1)
    rows = np.flatnonzero(split)
    parent[rows] = _same_village_other(villages, rng, rows, earlier_only=True)
    split &= parent >= 0
    split[rows] &= ~formed[np.maximum(parent[rows], 0)]
    # Members of a split household were members of the parent.
    p = persons.reset_index(drop=True).copy()
    row_of = pd.Series(np.arange(n), index=h["household_id"].to_numpy())
    person_row = row_of.reindex(p["household_id"].to_numpy()).to_numpy()
    moves = split[person_row]
    p.loc[moves, "household_id"] = h["household_id"].to_numpy()[parent[person_row[moves]]]
    p = p[~(formed & ~split)[person_row]]
    keep = ~formed
    # Dissolved since: copies of other households of the same village, new IDs.
    source = np.flatnonzero(_pick(rng, n, DISSOLVED_SHARE * (1 - FORMED_SHARE)) & keep)
    copies = h.iloc[source].copy()
    copy_villages = villages[source]
    rank = pd.Series(copy_villages).groupby(copy_villages).cumcount().to_numpy()
    sequence = COPY_SEQUENCE + (step - 1) * COPY_BLOCK + np.minimum(rank, COPY_BLOCK - 1)
    new_ids = np.char.add(copy_villages.astype("U8"), np.char.zfill(sequence.astype(str), 4))
    copies["household_id"] = new_ids
    id_map = pd.Series(new_ids, index=h["household_id"].to_numpy()[source])
    copied = p[p["household_id"].isin(id_map.index)].copy()
    copied = copied[copied["person_id"].str[:12] == copied["household_id"]]
    copied["household_id"] = copied["household_id"].map(id_map).to_numpy()
    copied["person_id"] = copied["household_id"] + copied["person_id"].str[12:]
    copied["national_id"] = _new_national_ids(copied["national_id"], step)
    # Moved: lived in another village of the district at t.
    moved = _pick(rng, n, MOVED_SHARE) & keep
    h = h.copy()
    districts = h["district_code"].to_numpy(dtype=object).astype(str)
    moved_rows = np.flatnonzero(moved)
    other = _same_village_other(districts, rng, moved_rows, earlier_only=False)
    moved_rows, other = moved_rows[other >= 0], other[other >= 0]
    elsewhere = villages[other] != villages[moved_rows]
    moved_rows, other = moved_rows[elsewhere], other[elsewhere]
    moved[:] = False
    moved[moved_rows] = True
    for column in ("village_code", "subdistrict_code", "lat", "lon"):
        values = h[column].to_numpy(copy=True)
        values[moved_rows] = values[other]
        h[column] = values
    h = pd.concat([h[keep], copies], ignore_index=True)
    persons_out = pd.concat([p, copied], ignore_index=True)
    persons_out = persons_out.sort_values("person_id", ignore_index=True)
    counted = persons_out.groupby("household_id").agg(
        n_members=("person_id", "size"),
        welfare_card_holders=("welfare_card", "sum"),
        n_dependents=("dependent", "sum"),
    )
    for column in counted:
        h[column] = h["household_id"].map(counted[column]).fillna(0).astype(np.int16)
    h = h.sort_values(["village_code", "household_id"], ignore_index=True)
    changes = {
        "formed_since": int(formed.sum()),
        "split_since": int(split.sum()),
        "dissolved_since": len(copies),
        "moved_since": int(moved.sum()),
    }
    return h, persons_out, changes


def _new_national_ids(ids: pd.Series, step: int) -> pd.api.extensions.ExtensionArray:
    """Return national IDs for copied members: digits 6-12 from a reserved sequence.

    Keeps the first digit and the district (digits 2-5); digits 6-12 number
    the copies from :data:`COPY_PERSON_SEQUENCE` (a block per round step);
    the check digit is recomputed.
    """
    digits = np.frombuffer("".join(ids.astype(str)).encode(), np.uint8).reshape(-1, 13) - 48
    head = digits[:, :5].astype(np.int64) @ (10 ** np.arange(4, -1, -1))
    sequence = COPY_PERSON_SEQUENCE + (step - 1) * COPY_PERSON_BLOCK + np.arange(len(ids))
    prefix = head * 10**7 + sequence
    twelve = _decimal_digits(prefix, 12).astype(np.int64) - 48
    check = national_id_check_digit(twelve)
    return _ascii_column(np.column_stack([twelve, check]) + 48)


def _transition(
    households: pd.DataFrame, target_poor: int, rng: np.random.Generator
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Draw round t's deprivations from round t+1's (module docstring); return the table.

    ``households`` holds round t+1's indicator columns (and income amount)
    on round t's households; the result holds round t's.
    """
    h = households.copy()
    codes = list(BOOLEAN_INDICATORS)
    later = np.column_stack(
        [h[c].to_numpy(dtype="float64", na_value=np.nan) for c in codes]
        + [(h["income_per_capita"].to_numpy(dtype=float) < settings.INCOME_LINE).astype(float)]
    )
    applicable = ~np.isnan(later)
    failed_later = applicable & (later == 1)
    met_later = applicable & (later == 0)
    u = rng.random(later.shape)
    cards = h["welfare_card_holders"].to_numpy(dtype=float)
    persistence = PERSISTENCE
    kept = (failed_later & (u < persistence)).any(axis=1)
    # Back-entry in proportion to how common the indicator is in the later round.
    prevalence = failed_later.sum(axis=0) / np.maximum(applicable.sum(axis=0), 1)
    scale = prevalence / max(prevalence.mean(), 1e-12)
    with np.errstate(divide="ignore"):
        scaled = np.where(scale > 0, u / scale, np.inf)
    if cards[kept].sum() <= target_poor:
        entry = np.where(met_later, scaled, np.inf).min(axis=1)
        b = _solve_threshold(np.where(kept, -np.inf, entry), cards, target_poor)
        b = float(np.clip(b, 0.0, 1.0))
    else:  # fewer poor than persistence keeps: no exits back, solve the persistence
        b = 0.0
        stay = np.where(failed_later, u, np.inf).min(axis=1)
        persistence = float(np.clip(_solve_threshold(stay, cards, target_poor), 0.0, 1.0))
    failed = (failed_later & (u < persistence)) | (met_later & (scaled < b))
    for j, code in enumerate(codes):
        values = pd.array(failed[:, j], dtype="boolean")
        values[~applicable[:, j]] = pd.NA
        h[code] = values
    income = h["income_per_capita"].to_numpy(dtype=float)
    line = settings.INCOME_LINE
    wiggle = np.exp(np.abs(rng.normal(0, 0.3, len(h))))
    income_failed = failed[:, -1]
    changed = income_failed != failed_later[:, -1]
    new_amount = np.where(
        income_failed, np.minimum(line / wiggle, line - 10), np.maximum(line * wiggle, line)
    )
    h["income_per_capita"] = np.round(np.where(changed, new_amount, income), -1)
    secure = h["living_secure_housing"].fillna(False).to_numpy(dtype=bool)
    secure_later = failed_later[:, codes.index("living_secure_housing")]
    other_problem = h["housing_problem"].to_numpy(dtype=bool) & ~secure_later
    h["housing_problem"] = secure | other_problem
    return h, {"persistence": persistence, "entry_back": b}


def previous_round(
    households: pd.DataFrame,
    persons: pd.DataFrame,
    year: int,
    step: int,
    target_poor: int,
    seed: int,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float]]:
    """Return the households and persons of round ``year`` from those of the round after.

    Parameters
    ----------
    households, persons : DataFrame
        Round ``year + 1`` of one province in the file schema of
        :mod:`data_loaders.schema` (as :func:`data_loaders.synthetic.generate_province`
        returns them; measure columns, if any, are dropped).
    year : int
        B.E. year of the round to draw.
    step : int
        Round steps back from the latest round (1 for the round before it).
    target_poor : int
        TPMAP target poor persons of the province in that round (met exactly
        unless every household would have to stay poor).
    seed : int
        Seed of the build.

    Returns
    -------
    households, persons : DataFrame
        Round ``year``, same columns, sorted by village and household ID
        (persons by person ID).
    report : dict
        ``formed_since``, ``split_since``, ``dissolved_since``, ``moved_since``
        (households), ``persistence`` and ``entry_back`` (the chain's two
        probabilities used).
    """
    province = int(households["province_code"].iloc[0])
    rng = np.random.default_rng([seed, province, year])
    columns = [c for c in _FILE_COLUMNS if c in households.columns]
    h, p, changes = _demography(households[columns], persons, step, rng)
    h, chain = _transition(h, target_poor, rng)
    return h[columns], p, {**changes, **chain}


#: Columns of the household file schema the generator writes (measure columns excluded).
_FILE_COLUMNS = (
    "household_id",
    "province_code",
    "district_code",
    "subdistrict_code",
    "village_code",
    "house_no",
    "lat",
    "lon",
    "n_members",
    "income_per_capita",
    "welfare_card_holders",
    "n_dependents",
    "housing_problem",
    *BOOLEAN_INDICATORS,
    "debt_baht",
    "has_debt",
)
