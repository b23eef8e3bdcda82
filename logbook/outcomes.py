"""Did the help work: helped households against comparable ones at the next survey round.

An **observational comparison**, not a measured effect: households are not
helped at random, so a difference can come from who was chosen for help as
much as from the help itself. Definitions (issue 12):

- fiscal year t (ปีงบประมาณ, 1 October of t-1 to 30 September of t, B.E.;
  DOMAIN.md §9): help recorded in the Logbook with a date in it; baseline:
  survey round t, outcome: round t+1 (both must be in the build);
- *the helped indicator*: each kind of help addresses the indicators of
  :data:`KIND_INDICATORS` (each indicator belongs to one kind at most); a
  household counts for a kind when it failed at least one of them at round t,
  lived in the area at round t and is present at round t+1; it is
  **resolved** when it fails none of them at round t+1;
- helped: households with a help record of that kind in fiscal year t;
  **comparison**: MPI-poor households at round t (TPMAP's union rule) failing
  the same indicators, in the same district, present at t+1, with no help
  record at all in fiscal year t. The comparison share is the comparison
  households' resolved share per district, weighted by the helped households'
  districts (direct standardisation; helped households in a district without
  comparison households are left out);
- a help **agency** row pools the (household, kind) pairs of its help, each
  compared with its kind and district;
- ``difference`` = resolved share − comparison share, with a 95 % Wald
  interval: variance p(1-p)/n + Σ w² r(1-r)/m over the comparison cells
  (scipy's normal quantile).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import norm

from geo.areas import CODE_COLUMN, UnknownAreaError, level_of
from logbook.stats import of_targets
from poverty.indicators import INDICATORS
from queries import rounds

#: Help kind (logbook.menu.HELP_KINDS) -> the indicators it addresses.
KIND_INDICATORS: dict[str, tuple[str, ...]] = {
    "health_care": ("health_medicine_use", "health_exercise"),
    "nutrition": ("health_birth_weight", "health_food_hygiene"),
    "house_repair": ("living_secure_housing", "living_tidy_home"),
    "clean_water": ("living_drinking_water", "living_water_supply"),
    "scholarship": ("edu_preschool", "edu_compulsory", "edu_continue_m4"),
    "literacy": ("edu_literacy",),
    "job_training": ("income_working_age_job",),
    "job_placement": ("income_elderly_job",),
    "production_inputs": ("income_per_capita",),
    "elderly_care": ("access_elderly_care",),
    "disability_care": ("access_disabled_care",),
}
#: Columns of :func:`outcomes`.
COLUMNS = (
    "group",
    "code",
    "helped",
    "resolved_share",
    "comparison",
    "comparison_share",
    "difference",
    "ci_low",
    "ci_high",
)
_BIT = {ind.code: bit for bit, ind in enumerate(INDICATORS)}


def kind_bits(kind: str) -> int:
    """Return the mask bits of a kind's indicators (:data:`KIND_INDICATORS`)."""
    return sum(1 << _BIT[code] for code in KIND_INDICATORS[kind])


def fiscal_year_dates(year: int) -> tuple[date, date]:
    """Return the first and last day (C.E. dates) of Thai fiscal year ``year`` (B.E.).

    FY2566 runs 1 October 2022 to 30 September 2023 (DOMAIN.md §9).
    """
    ce = int(year) - 543
    return date(ce - 1, 10, 1), date(ce, 9, 30)


def round_households(build_dir: Path | None, code: str | None, year: int) -> pd.DataFrame:
    """Return the households of an area at round ``year`` that are present at ``year + 1``.

    Columns: ``household_id``, ``district_code``, ``village_code`` (round
    ``year``), ``mask`` and ``mask_next`` (deprivation bits of both rounds),
    ``card`` (a welfare-card holder at round ``year``).

    Raises
    ------
    UnknownYearError
        If either round is missing (the message lists the years present).
    UnknownAreaError
        For a malformed code.
    """
    con = rounds.open_rounds(build_dir, [year, year + 1])
    try:
        where, params = "TRUE", []
        if code:
            where, params = f"a.{CODE_COLUMN[level_of(code)]} = ?", [code]
        return con.execute(
            f"""SELECT a.household_id, a.district_code, a.village_code, a.mask,
                       b.mask AS mask_next, a.welfare_card_holders > 0 AS card
                FROM y{year}.households a JOIN y{year + 1}.households b USING (household_id)
                WHERE {where} ORDER BY a.household_id""",
            params,
        ).df()
    finally:
        con.close()


def help_in_year(help_rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return the help records dated in fiscal year ``year`` (B.E.).

    ``help_rows``: ``household_id``, ``help_date``, ``help_kind``, ``agency``.
    """
    first, last = fiscal_year_dates(year)
    days = pd.to_datetime(help_rows["help_date"]).dt.date
    return help_rows[(days >= first) & (days <= last)]


def outcomes(households: pd.DataFrame, help_rows: pd.DataFrame) -> pd.DataFrame:
    """Return one row per help kind and per agency (definitions in the module docstring).

    Parameters
    ----------
    households : DataFrame
        :func:`round_households` of the area and round t.
    help_rows : DataFrame
        Help records of fiscal year t (:func:`help_in_year`):
        ``household_id``, ``help_kind``, ``agency``.

    Returns
    -------
    DataFrame, columns :data:`COLUMNS`
        ``group`` (``kind`` or ``agency``), ``code``, ``helped`` (households, or
        household-kind pairs for an agency), ``resolved_share`` (0-1),
        ``comparison`` (comparison households), ``comparison_share`` (0-1,
        standardised), ``difference`` (share points as 0-1) and its 95 %
        interval ``ci_low``/``ci_high``. Kinds and agencies with no helped
        household having a comparison are left out.
    """
    mask = households["mask"].to_numpy(dtype=np.int64)
    nxt = households["mask_next"].to_numpy(dtype=np.int64)
    helped = of_targets(households["household_id"], help_rows["household_id"])
    unhelped_poor = (mask > 0) & ~helped
    district = households["district_code"].to_numpy(dtype=object)
    cells, pairs = [], []
    index = pd.Series(np.arange(len(households)), index=households["household_id"].to_numpy())
    records = help_rows[of_targets(help_rows["household_id"], households["household_id"])]
    records = records.drop_duplicates(["household_id", "help_kind", "agency"])
    for kind in KIND_INDICATORS:
        bits = kind_bits(kind)
        eligible = (mask & bits) != 0
        resolved = (nxt & bits) == 0
        comp = eligible & unhelped_poor
        frame = pd.DataFrame({"district_code": district[comp], "resolved": resolved[comp]})
        cell = frame.groupby("district_code")["resolved"].agg(["size", "mean"])
        cells.append(cell.assign(help_kind=kind).reset_index())
        mine = records[records["help_kind"] == kind]
        rows = index.reindex(mine["household_id"]).to_numpy()
        ok = eligible[rows]
        pairs.append(
            pd.DataFrame(
                {
                    "household_id": mine["household_id"].to_numpy()[ok],
                    "help_kind": kind,
                    "agency": mine["agency"].to_numpy()[ok],
                    "district_code": district[rows[ok]],
                    "resolved": resolved[rows[ok]],
                }
            )
        )
    comparison = pd.concat(cells, ignore_index=True).rename(
        columns={"size": "cell_n", "mean": "cell_share"}
    )
    table = pd.concat(pairs, ignore_index=True).merge(
        comparison, on=["help_kind", "district_code"], how="inner"
    )
    out = []
    z = float(norm.ppf(0.975))
    for group, column, unit in (
        ("kind", "help_kind", "household_id"),
        ("agency", "agency", None),
    ):
        for code, part in table.groupby(column, sort=True):
            if unit:
                part = part.drop_duplicates(unit)
            n = len(part)
            p = float(part["resolved"].mean())
            weights = part.groupby(["help_kind", "district_code"]).size() / n
            cell = comparison.set_index(["help_kind", "district_code"]).loc[weights.index]
            r = cell["cell_share"].to_numpy()
            m = cell["cell_n"].to_numpy()
            w = weights.to_numpy()
            p0 = float((w * r).sum())
            variance = p * (1 - p) / n + float((w**2 * r * (1 - r) / m).sum())
            half = z * np.sqrt(variance)
            out.append(
                {
                    "group": group,
                    "code": code,
                    "helped": n,
                    "resolved_share": p,
                    "comparison": int(m.sum()),
                    "comparison_share": p0,
                    "difference": p - p0,
                    "ci_low": p - p0 - half,
                    "ci_high": p - p0 + half,
                }
            )
    return pd.DataFrame(out, columns=list(COLUMNS))


def area_outcomes(
    build_dir: Path | None, help_rows: pd.DataFrame, code: str | None, year: int
) -> pd.DataFrame:
    """Return :func:`outcomes` of an area for help in fiscal year ``year``.

    ``help_rows``: every help record of the area (any date; the Logbook's
    ``help`` frame). Raises as :func:`round_households`; an unknown area code
    raises :class:`geo.areas.UnknownAreaError`.
    """
    households = round_households(build_dir, code, int(year))
    if code and households.empty:
        from queries.figures import area, connect

        con = connect(build_dir, int(year))
        try:
            area(con, code)  # raises for an unknown code
        except UnknownAreaError:
            raise
        finally:
            con.close()
    return outcomes(households, help_in_year(help_rows, int(year)))


def household_help(
    engine, build_dir: Path | None, household_id: str, *, viewer, year: int | None = None
) -> pd.DataFrame:
    """Return the help records of one household, oldest first, with the rounds they fall between.

    The household is named as on the search pages and must be in
    ``viewer``'s area (:func:`queries.rounds.resolve_household`); otherwise
    the frame is empty. Columns: ``help_date``, ``fiscal_year`` (B.E.),
    ``help_kind``, ``agency``, ``dimension``, ``amount_baht``. No free text
    and no ID, so nothing to mask.

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the Logbook cannot be read.
    """
    from sqlalchemy import select

    from logbook import store
    from logbook.models import HelpGiven

    columns = ["help_date", "help_kind", "agency", "dimension", "amount_baht"]
    stored = rounds.resolve_household(build_dir, household_id, viewer=viewer, year=year)
    if stored is None:
        return pd.DataFrame(columns=[*columns, "fiscal_year"])
    table = HelpGiven.__table__
    query = select(*[table.c[c] for c in columns]).where(table.c.household_id == stored)
    frame = pd.DataFrame(store.read(engine, query), columns=columns)
    days = pd.to_datetime(frame["help_date"])
    frame.insert(1, "fiscal_year", days.dt.year + (days.dt.month >= 10) + 543)
    return frame.sort_values("help_date", ignore_index=True)
