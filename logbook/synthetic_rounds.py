"""Synthetic help between survey rounds, with a PLANTED effect (SYNTHETIC, for testing).

The synthetic build has several survey rounds (:mod:`data_loaders.rounds`);
so that "did the help work" (:mod:`logbook.outcomes`) has something to find,
the synthetic Logbook gets help records in each fiscal year t between round t
and round t+1, made so that the share of helped households meeting the
helped indicators at round t+1 exceeds that of comparable unhelped
households by a known amount per kind of help, :data:`PLANTED_EFFECT`
(some kinds have none). **This effect is an assumption of the synthetic
data, not a finding**; the README and the app say so.

How (both rounds are already drawn, so the effect is planted by who is
helped): the targets of round t (group 1.1) present at round t+1, less
:data:`NOT_HELPED` of them at random, are helped. Per kind and district,
among the targets failing the kind's indicators at round t, a share
:data:`HELP_SHARE` (fewer when needed) gets that kind, chosen so that their
share resolved at round t+1 is the resolved share of the district's MPI-poor
households without a welfare card (never helped here) plus the kind's
effect. Indicator transitions are independent across indicators, so the
choice for one kind does not tilt another. A helped target chosen for no kind
gets a kind without effect whose indicators it does not fail (a health
check-up, ``health_care``, first; :func:`_filler`). Agencies and amounts as
in :mod:`logbook.synthetic`; dates uniform over fiscal year t.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from logbook.menu import HELP_KINDS
from logbook.outcomes import KIND_INDICATORS, fiscal_year_dates, kind_bits, round_households
from logbook.synthetic import KIND_AGENCIES, KIND_AMOUNTS, _record
from queries.figures import survey_years

#: The planted effect: resolved share of helped minus comparable unhelped households
#: (0-1) per kind of help; kinds not listed have none.
PLANTED_EFFECT: dict[str, float] = {
    "house_repair": 0.20,
    "clean_water": 0.15,
    "production_inputs": 0.12,
    "scholarship": 0.10,
    "literacy": 0.08,
    "job_training": 0.06,
}
#: Targets not helped at all in the fiscal year (published 2022: 98.74 % helped).
NOT_HELPED = 0.0126
#: Share of the targets failing a kind's indicators that get that kind.
HELP_SHARE = 0.5


def planted_effect(kind: str) -> float:
    """Return the planted effect of a kind of help (0 for a kind without one)."""
    return PLANTED_EFFECT.get(kind, 0.0)


def _choose(rng: np.random.Generator, resolved: np.ndarray, target_share: float) -> np.ndarray:
    """Return row positions: about HELP_SHARE of the rows, ``target_share`` of them resolved."""
    n1, n0 = int(resolved.sum()), int((~resolved).sum())
    p = float(np.clip(target_share, 0.0, 1.0))
    m = HELP_SHARE * (n1 + n0)
    if p > 0:
        m = min(m, n1 / p)
    if p < 1:
        m = min(m, n0 / (1 - p))
    m1 = min(round(p * m), n1)
    m0 = min(round(m) - m1, n0)
    ones = rng.choice(np.flatnonzero(resolved), m1, replace=False)
    zeros = rng.choice(np.flatnonzero(~resolved), max(m0, 0), replace=False)
    return np.concatenate([ones, zeros])


#: Kinds without an effect given to a helped target chosen for no kind, in this order.
FILLER_KINDS = ("health_care", "nutrition", "job_placement", "elderly_care", "disability_care")


def _filler(eligible_bits: int) -> list[str]:
    """Return the first kind of :data:`FILLER_KINDS` whose indicators the household meets.

    A household failing a filler kind's indicators was left out of that kind on
    purpose (:func:`_choose`); giving it that kind would tilt the kind's
    comparison. ``[]`` (not helped) when it fails them all.
    """
    order = list(KIND_INDICATORS)
    for kind in FILLER_KINDS:
        if not eligible_bits >> order.index(kind) & 1:
            return [kind]
    return []


def round_help_history(build_dir: Path | None, seed: int, area_code: str | None = None) -> list:
    """Return the synthetic help records of every fiscal year between two rounds.

    Parameters
    ----------
    build_dir : Path or None
        A synthetic build with several rounds (one round gives no records).
    seed : int
        Seed (the same build and seed give the same records and record keys).
    area_code : str, optional
        Only households of this area.

    Returns
    -------
    list of dict
        ``help`` rows for :func:`logbook.store.add_records`, source ``synthetic``.
    """
    years = survey_years(build_dir)
    records = []
    for year in years[:-1]:
        if year + 1 not in years:
            continue
        rng = np.random.default_rng([seed, year, 12])
        h = round_households(build_dir, area_code, year)
        mask = h["mask"].to_numpy(dtype=np.int64)
        nxt = h["mask_next"].to_numpy(dtype=np.int64)
        card = h["card"].to_numpy(dtype=bool)
        target = (mask > 0) & card
        helped = target & (rng.random(len(h)) >= NOT_HELPED)
        codes, district = np.unique(h["district_code"].to_numpy(dtype=str), return_inverse=True)
        order = np.argsort(district, kind="stable")
        bounds = np.searchsorted(district[order], np.arange(len(codes) + 1))
        kinds: dict[int, list[str]] = {}
        eligible_any = np.zeros(len(h), dtype=np.int64)
        for kind in KIND_INDICATORS:
            bits = kind_bits(kind)
            eligible = (mask & bits) != 0
            eligible_any |= np.where(eligible, 1 << list(KIND_INDICATORS).index(kind), 0)
            resolved = (nxt & bits) == 0
            base = eligible & (mask > 0) & ~card
            for start, end in zip(bounds[:-1], bounds[1:], strict=True):
                rows = order[start:end]
                pool = rows[eligible[rows] & helped[rows]]
                compare = rows[base[rows]]
                if not len(pool) or not len(compare):
                    continue
                share = resolved[compare].mean() + planted_effect(kind)
                for row in pool[_choose(rng, resolved[pool], share)]:
                    kinds.setdefault(int(row), []).append(kind)
        first, last = fiscal_year_dates(year)
        span = (last - first).days
        ids = h["household_id"].to_numpy(dtype=object)
        villages = h["village_code"].to_numpy(dtype=object)
        for row in np.flatnonzero(helped):
            chosen = kinds.get(int(row)) or _filler(int(eligible_any[row]))
            for kind in chosen:
                agencies = KIND_AGENCIES[kind]
                agency = agencies[0] if rng.random() < 0.7 else agencies[-1]
                low, high = KIND_AMOUNTS.get(kind, (0, 3_000))
                records.append(
                    _record(
                        "help",
                        household_id=ids[row],
                        village_code=villages[row],
                        help_date=first + timedelta(days=int(rng.integers(0, span + 1))),
                        agency=agency,
                        help_kind=kind,
                        dimension=HELP_KINDS[kind][0],
                        amount_baht=round(float(rng.uniform(low, high)), -1),
                    )
                )
    return records


def planted_table() -> pd.DataFrame:
    """Return the planted effect of every kind: ``help_kind``, ``planted_effect`` (0-1)."""
    return pd.DataFrame(
        {"help_kind": list(KIND_INDICATORS), "planted_effect": map(planted_effect, KIND_INDICATORS)}
    )
