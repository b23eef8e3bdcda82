"""Context counts of an area: elderly, persons with disabilities, welfare-card holders.

TPMAP's public per-area files carry these beside the poverty figures
(DOMAIN.md §6, "context counts (elderly, disabled, welfare registrants)"),
and the Overview shows them as context for the MPI counts. Counted over
every surveyed person of the area, whatever the sidebar filters: they
describe the population, not the poor.
"""

from __future__ import annotations

import duckdb

from geo.areas import CODE_COLUMN, level_of

#: Age from which a person counts as elderly (ผู้สูงอายุ, Thailand's Elderly Act B.E. 2546: 60+).
ELDERLY_AGE = 60
#: The counts returned, in the order the Overview shows them.
CONTEXT_KEYS = ("persons", "elderly", "disabled", "card_holders")


def context_counts(con: duckdb.DuckDBPyConnection, code: str | None) -> dict[str, int]:
    """Return the persons, elderly, persons with disabilities and welfare-card holders of an area.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The built store (a cursor of the shared read-only connection).
    code : str or None
        Province, district, subdistrict or village code; None for every
        area in the build.

    Returns
    -------
    dict of str to int
        ``persons`` (members of surveyed households), ``elderly`` (aged
        :data:`ELDERLY_AGE` or over), ``disabled`` (a disability recorded),
        ``card_holders`` (registered for the state welfare card); persons,
        all four. Zeros for an area with no household.

    Raises
    ------
    geo.areas.UnknownAreaError
        If ``code`` is malformed (:func:`geo.areas.level_of`).

    Examples
    --------
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> _ = con.execute(
    ...     "CREATE TABLE households AS SELECT '41010101' AS village_code, '41' AS "
    ...     "province_code, 'h1' AS household_id")
    >>> _ = con.execute(
    ...     "CREATE TABLE persons AS SELECT * FROM (VALUES ('h1', 70, false, true), "
    ...     "('h1', 30, true, false)) t(household_id, age, disabled, welfare_card)")
    >>> context_counts(con, "41")
    {'persons': 2, 'elderly': 1, 'disabled': 1, 'card_holders': 1}
    """
    where, params = (
        ("TRUE", []) if code is None else (f"h.{CODE_COLUMN[level_of(code)]} = ?", [code])
    )
    row = con.execute(
        f"""SELECT count(*)::BIGINT, count_if(p.age >= {ELDERLY_AGE})::BIGINT,
                   count_if(p.disabled)::BIGINT, count_if(p.welfare_card)::BIGINT
            FROM persons p JOIN households h ON h.household_id = p.household_id
            WHERE {where}""",
        params,
    ).fetchone() or (0, 0, 0, 0)  # an aggregate always gives one row
    return dict(zip(CONTEXT_KEYS, (int(v or 0) for v in row), strict=True))
