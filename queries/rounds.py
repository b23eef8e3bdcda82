"""Change over time: households between two survey rounds, and figures per round.

A build holds one store per survey round (:func:`queries.figures.connect`
with ``year``). Queries across rounds open an in-memory DuckDB connection
and attach the rounds' stores read-only (:func:`open_rounds`), so a join
reads the same ``households`` tables as every other query.

Definitions (issue 12):

- the households of an area between rounds ``from`` and ``to`` are those
  living in the area at the ``from`` round and present (same
  ``household_id``) in both rounds, wherever they live at ``to``;
- MPI-poor: deprivation score >= k (default TPMAP's union rule, the
  smallest weight; DOMAIN.md §3), from the stored ``mask``; target poor:
  MPI-poor with a welfare-card holder (group 1.1, DOMAIN.md §4), under the
  same k;
- stayed poor / exited / entered / stayed non-poor: poor in both rounds /
  only at ``from`` / only at ``to`` / in neither;
- ``indicator_exits[code]``: exited households that failed the indicator at
  ``from`` and do not at ``to``; ``indicator_entries[code]``: entered
  households failing it at ``to`` and not at ``from``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from access.personal import protect
from access.roles import User, in_scope
from geo.areas import CODE_COLUMN, UnknownAreaError, level_of
from poverty.indicators import INDICATORS
from poverty.measures import deprivation_scores, identify, indicator_bits, validate_k
from queries import figures, search

#: The four transitions, in the order of the flow chart.
TRANSITIONS = ("stayed_poor", "exited", "entered", "stayed_non_poor")


def open_rounds(build_dir: Path | None, years: Sequence[int]) -> duckdb.DuckDBPyConnection:
    """Return an in-memory connection with each round's store attached as ``y<year>``.

    Raises
    ------
    UnknownYearError
        For a year the build does not hold (the message lists the years present).
    BuildMissingError
        If there is no build.
    """
    con = duckdb.connect()
    for year in dict.fromkeys(int(y) for y in years):
        path = figures.round_folder(build_dir, year) / "tpmap.duckdb"
        con.execute(f"ATTACH '{path}' AS y{year} (READ_ONLY)")
    return con


def change(
    build_dir: Path | None,
    code: str | None,
    from_year: int,
    to_year: int,
    k: float | None = None,
    dimensions: Sequence[str] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> dict:
    """Return the transitions of an area's households between two rounds (module docstring).

    Parameters
    ----------
    build_dir : Path or None
        The build folder (None: ``settings.build_dir()``).
    code : str or None
        DOPA code of a province, district, subdistrict or village (None: all).
    from_year, to_year : int
        B.E. years of the two rounds (``from_year`` < ``to_year``).
    k : float, optional
        Poverty cut-off in (0, 1]; default TPMAP's union rule.
    dimensions : sequence of str, optional
        Dimensions that count (default all five).
    con : duckdb connection, optional
        A connection from :func:`open_rounds` holding both rounds (else one is opened).

    Returns
    -------
    dict
        ``area_code``, ``from_year``, ``to_year``, ``households_both`` (in the
        area at ``from`` and present in both rounds), ``stayed_poor``,
        ``exited``, ``entered``, ``stayed_non_poor`` (MPI-poor households),
        ``target`` (the same four for target-poor households),
        ``indicator_exits`` and ``indicator_entries`` (indicator code ->
        households), ``k``.

    Raises
    ------
    UnknownAreaError
        For a malformed or unknown code.
    UnknownYearError
        For a year the build does not hold.
    ValueError
        If ``from_year`` is not before ``to_year``, or for a bad k or dimension.
    """
    if int(from_year) >= int(to_year):
        raise ValueError(f"--from ({from_year}) must be an earlier round than --to ({to_year})")
    dims = tuple(dimensions) if dimensions else None
    k_value = validate_k(k, dims)
    own = con is None
    con = con or open_rounds(build_dir, [from_year, to_year])
    try:
        a, b = f"y{int(from_year)}", f"y{int(to_year)}"
        where, params = "TRUE", []
        if code is not None:
            level_of(code)
            known = con.execute(f"SELECT count(*) FROM {a}.areas WHERE code = ?", [code]).fetchone()
            if not known or not known[0]:
                raise UnknownAreaError(f"unknown area code {code!r}: not an area of the build")
            where, params = f"a.{CODE_COLUMN[level_of(code)]} = ?", [code]
        # Households grouped by their pair of masks (a few thousand groups): the measures
        # then come from poverty.measures, the one code path for scores and identification.
        groups = con.execute(
            f"""SELECT a.mask AS mask_a, b.mask AS mask_b,
                       a.welfare_card_holders > 0 AS card_a, b.welfare_card_holders > 0 AS card_b,
                       count(*)::BIGINT AS n
                FROM {a}.households a JOIN {b}.households b USING (household_id)
                WHERE {where} GROUP BY ALL""",
            params,
        ).fetchnumpy()
    finally:
        if own:
            con.close()
    n = np.asarray(groups["n"], dtype=np.int64)
    mask_a = np.asarray(groups["mask_a"], dtype=np.int64)
    mask_b = np.asarray(groups["mask_b"], dtype=np.int64)
    poor_a = identify(deprivation_scores(mask_a, dims), k_value)
    poor_b = identify(deprivation_scores(mask_b, dims), k_value)
    target_a = poor_a & np.asarray(groups["card_a"], dtype=bool)
    target_b = poor_b & np.asarray(groups["card_b"], dtype=bool)

    def transitions(first: np.ndarray, second: np.ndarray) -> dict[str, int]:
        cells = {
            "stayed_poor": first & second,
            "exited": first & ~second,
            "entered": ~first & second,
            "stayed_non_poor": ~first & ~second,
        }
        return {name: int(n[cells[name]].sum()) for name in TRANSITIONS}

    bits_a, bits_b = indicator_bits(mask_a).astype(bool), indicator_bits(mask_b).astype(bool)
    exited, entered = poor_a & ~poor_b, ~poor_a & poor_b
    exits = ((bits_a & ~bits_b) & exited[:, None]) * n[:, None]
    entries = ((bits_b & ~bits_a) & entered[:, None]) * n[:, None]
    return {
        "area_code": code,
        "from_year": int(from_year),
        "to_year": int(to_year),
        "k": k_value,
        "households_both": int(n.sum()),
        **transitions(poor_a, poor_b),
        "target": transitions(target_a, target_b),
        "indicator_exits": {i.code: int(exits[:, j].sum()) for j, i in enumerate(INDICATORS)},
        "indicator_entries": {i.code: int(entries[:, j].sum()) for j, i in enumerate(INDICATORS)},
    }


def area_trend(
    build_dir: Path | None,
    code: str | None,
    k: float | None = None,
    dimensions: Sequence[str] | None = None,
    welfare_card: str = "all",
    by_children: bool = False,
) -> pd.DataFrame:
    """Return an area's measures in every round the build holds (and its children's).

    Returns
    -------
    DataFrame, one row per round (per child area and round with ``by_children``)
        ``survey_year``, ``code``, ``name_th``, ``name_en``, ``households``,
        ``persons``, ``poor_households``, ``poor_persons``,
        ``target_poor_persons``, ``headcount_ratio``, ``intensity``,
        ``adjusted_headcount_ratio``; sorted by code then year.

    Raises
    ------
    UnknownAreaError
        For a malformed or unknown code.
    """
    columns = [
        "households",
        "persons",
        "poor_households",
        "poor_persons",
        "target_poor_persons",
        "headcount_ratio",
        "intensity",
        "adjusted_headcount_ratio",
    ]
    rows = []
    for year in figures.survey_years(build_dir) or (None,):
        con = figures.connect(build_dir, year)
        try:
            if by_children:
                table = figures.child_measures(con, code, k, dimensions, welfare_card)
                if table.empty:
                    continue
                table = table[["code", "name_th", "name_en", *columns]].copy()
            else:
                s = figures.area_summary(con, code, k, dimensions, welfare_card)
                names = {"code": code, "name_th": s["name_th"], "name_en": s["name_en"]}
                table = pd.DataFrame([{**names, **{c: s[c] for c in columns}}])
            table.insert(0, "survey_year", year)
            rows.append(table)
        finally:
            con.close()
    if not rows:
        return pd.DataFrame(columns=["survey_year", "code", "name_th", "name_en", *columns])
    return pd.concat(rows, ignore_index=True).sort_values(["code", "survey_year"], kind="stable")


def resolve_household(
    build_dir: Path | None,
    household_id: str,
    *,
    viewer: User,
    year: int | None = None,
    area_code: str | None = None,
) -> str | None:
    """Return the stored ID of the household ``viewer`` names at round ``year``, or None.

    For the query and Logbook layers only (never shown): the ID or pseudonym
    as on the search pages (:func:`queries.search.household`); None when
    unknown or outside ``viewer``'s area at that round.
    """
    con = figures.connect(build_dir, year)
    try:
        stored = search._stored_household_id(con, household_id, viewer, area_code)
        row = None
        if stored is not None:
            row = con.execute(
                "SELECT village_code FROM households WHERE household_id = ?", [stored]
            ).fetchone()
    finally:
        con.close()
    return stored if row is not None and in_scope(viewer, row[0]) else None


def household_history(
    build_dir: Path | None,
    household_id: str,
    *,
    viewer: User,
    year: int | None = None,
    area_code: str | None = None,
) -> pd.DataFrame:
    """Return one household's deprivations in every survey round, masked for ``viewer``.

    The household is named as on the search pages (its ID, or its pseudonym
    for a viewer without the personal-data right, looked up in round
    ``year``, default the latest) and must lie in ``viewer``'s area at that
    round; otherwise the frame is empty.

    Returns
    -------
    DataFrame, one row per round the build holds (oldest first)
        ``survey_year``, ``present`` (bool), ``household_id`` (pseudonym for
        a masked viewer), ``village_code``, ``mask`` (deprivation bits; null
        when absent), ``n_members``, ``welfare_card_holders``.
    """
    years = figures.survey_years(build_dir) or ()
    stored = resolve_household(
        build_dir, household_id, viewer=viewer, year=year, area_code=area_code
    )
    if stored is None:
        return pd.DataFrame(columns=["survey_year", "present", "household_id", "village_code"])
    con = open_rounds(build_dir, years)
    try:
        parts = [
            con.execute(
                f"""SELECT {y} AS survey_year, household_id, village_code, mask, n_members,
                           welfare_card_holders
                    FROM y{y}.households WHERE household_id = ?""",
                [stored],
            ).df()
            for y in years
        ]
    finally:
        con.close()
    found = pd.concat(parts, ignore_index=True).set_index("survey_year")
    frame = pd.DataFrame({"survey_year": list(years)}).join(found, on="survey_year")
    frame["present"] = frame["household_id"].notna()
    frame["household_id"] = stored
    columns = ["survey_year", "present", "household_id", "village_code", "mask"]
    return protect(frame[[*columns, "n_members", "welfare_card_holders"]], viewer)
