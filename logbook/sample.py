"""Sample import files: valid Logbook rows for an area's target households.

Used for the import template, the import benchmark and the tests: ``n`` rows
of visits (40 %), help (40 %) and stages (20 %), each for a target household
(target group 1.1) of the area drawn with ``numpy.random.default_rng(seed)``,
dated within the 90 days before ``today``. Rows carry ``sample`` in the team
or agency columns only where the import format allows free text.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd

from logbook.menu import AGENCIES, HELP_KINDS
from logbook.models import STAGES
from logbook.records import ALL_COLUMNS
from queries.figures import target_poor_sql


def sample_rows(
    con: duckdb.DuckDBPyConnection, area_code: str, n: int, seed: int, today: date
) -> pd.DataFrame:
    """Return ``n`` valid import rows (columns :data:`logbook.records.ALL_COLUMNS`).

    Raises
    ------
    ValueError
        If the area has no target households.
    """
    ids = con.execute(
        "SELECT household_id, mask FROM households "
        f"WHERE {target_poor_sql()} AND starts_with(village_code, ?) ORDER BY household_id",
        [area_code],
    ).df()
    if ids.empty:
        raise ValueError(f"area {area_code} has no target households")
    rng = np.random.default_rng(seed)
    pick = ids.iloc[rng.integers(0, len(ids), n)].reset_index(drop=True)
    kind = rng.choice(["visit", "help", "stage"], n, p=[0.4, 0.4, 0.2])
    days = rng.integers(0, 90, n)
    kinds = list(HELP_KINDS)
    help_kind = np.asarray(kinds)[rng.integers(0, len(kinds), n)]
    out = pd.DataFrame({column: "" for column in ALL_COLUMNS}, index=range(n))
    out["record_type"] = kind
    out["household_id"] = pick["household_id"]
    out["date"] = [(today - timedelta(days=int(d))).isoformat() for d in days]
    visit = kind == "visit"
    out.loc[visit, "team"] = "ทีมปฏิบัติการ (ตัวอย่าง)"
    out.loc[visit, "problems"] = "income_working_age_job;living_secure_housing"
    helping = kind == "help"
    out.loc[helping, "help_kind"] = help_kind[helping]
    out.loc[helping, "agency"] = np.asarray(list(AGENCIES))[rng.integers(0, len(AGENCIES), n)][
        helping
    ]
    out.loc[helping, "amount_baht"] = rng.integers(0, 20_000, n)[helping].astype(str)
    staging = kind == "stage"
    out.loc[staging, "stage"] = np.asarray(STAGES)[rng.integers(0, 3, n)][staging]
    return out
