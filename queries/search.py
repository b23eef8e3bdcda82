"""Advanced household search (ค้นหาขั้นสูง, DOMAIN.md §6): the spec, its checks and the queries.

A :class:`SearchSpec` holds every condition of the search form and of the
export command line: area, failed dimensions, failed indicators, welfare-card
status, number of failed MPI dimensions, vulnerability level and the sets
(failing MPI, TPMAP poor of the year, and the two Logbook sets: recorded in
the Logbook, and newly added in the Logbook, households recorded as missed,
which have no row in the build and are searched from what the Logbook knows
of them, :func:`households_sql`). It is frozen and hashable (a cache key in the app) and checks
itself on creation: an impossible combination raises :class:`SearchSpecError`
with a message saying why, never a query that silently returns nothing.

Queries read the ``households`` table of the build; the deprivation bits of
its ``mask`` column follow :func:`poverty.indicators.indicator_table` (column
``bit``), and the score and dimension counts reuse
:func:`queries.figures.score_sql` and
:func:`queries.figures.dimensions_failed_sql`. Values are bound
parameters; the only text pasted into SQL is built from the indicator table
and whitelisted column names.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import duckdb
import pandas as pd

import settings
from access.personal import (
    is_pseudonym,
    protect,
    pseudonym,
    pseudonym_sql,
    sees_personal_data,
)
from access.roles import User, in_scope
from geo.areas import CODE_COLUMN, level_of
from poverty.indicators import (
    DIMENSION_CODES,
    INDICATOR_CODES,
    UnknownCodeError,
    checked_codes,
    indicator_table,
    indicators_of,
)
from poverty.measures import validate_k
from queries.figures import (
    CARD_SQL,
    area,
    dimension_flags_sql,
    dimensions_failed_sql,
    fetch_count,
    poor_sql,
    target_poor_sql,
)
from queries.figures import score_sql as _score_sql

#: The app shows this many rows per page.
PAGE_SIZE = 100
#: Vulnerability levels of seed 004 (DOMAIN.md §4); -1 (not vulnerable) is not a level.
VULNERABILITY_LEVELS = (0, 1, 2, 3)
MATCH_MODES = ("all", "any")
#: Survey conditions a household added in the field cannot meet (it has no survey
#: record): field -> its value when unset.
SURVEY_CONDITIONS = {
    "dimensions": (),
    "indicators": (),
    "welfare_card": "all",
    "min_dimensions": 0,
    "max_dimensions": 5,
    "vulnerability": (),
    "failing_mpi": False,
    "tpmap_poor": False,
}
#: What the Logbook knows of a household added as missed, in the order of the
#: tuples of :attr:`SearchSpec.new_households`.
NEW_HOUSEHOLD_FIELDS = ("household_id", "village_code", "head_name", "n_members", "lat", "lon")
#: Sort keys of the result table → SQL order (whitelist; household_id breaks ties).
SORT_SQL = {
    "priority": "{p}dimensions_failed {d}, {p}deprivation_score {d}",
    "dimensions_failed": "{p}dimensions_failed {d}",
    "deprivation_score": "{p}deprivation_score {d}",
    "head_name": "{p}head_name {d}",
    "address": "{p}village_code {d}, {p}house_no {d}",
    "n_members": "{p}n_members {d}",
    "welfare_card_holders": "{p}welfare_card_holders {d}",
    "income_per_capita": "{p}income_per_capita {d}",
    "household_id": "{p}household_id {d}",
}
SORT_KEYS = tuple(SORT_SQL)

_BIT = {code: bit for bit, code in enumerate(INDICATOR_CODES)}
DIMENSION_MASKS = {d: sum(1 << _BIT[c] for c in indicators_of(d)) for d in DIMENSION_CODES}
_DIM_OF = {row.code: row.dimension for row in indicator_table().itertuples()}


class SearchSpecError(ValueError):
    """A search that cannot be run: unknown value or impossible combination.

    Attributes
    ----------
    key : str
        Short name of the problem (the app shows a translated message for it).
    values : dict
        Values that fill the translated message.
    """

    def __init__(self, key: str, message: str, **values: Any) -> None:
        super().__init__(message)
        self.key = key
        self.values = values


def _tuple(values: Any) -> tuple:
    if values is None:
        return ()
    if isinstance(values, str | int):
        return (values,)
    return tuple(values)


@dataclass(frozen=True)
class SearchSpec:
    """The conditions of one household search (every field optional).

    Attributes
    ----------
    area_code : str or None
        DOPA code of a province, district, subdistrict or village; None = all.
    dimensions : tuple of str
        Failed dimensions (codes of :data:`poverty.indicators.DIMENSION_CODES`).
    indicators : tuple of str
        Failed indicators (codes of :data:`poverty.indicators.INDICATOR_CODES`).
    match : {"all", "any"}
        "all": the household fails every selected dimension and every selected
        indicator; "any": at least one of the selected dimensions and at least
        one of the selected indicators.
    welfare_card : {"all", "with", "without"}
        Households with at least one welfare-card holder, or with none.
    min_dimensions, max_dimensions : int in 0-5
        Number of failed MPI dimensions (all five count), inclusive bounds.
    vulnerability : tuple of int in 0-3
        Vulnerability levels (seed 004); empty = any household.
    failing_mpi : bool
        Only households failing the MPI (TPMAP's union rule, or ``TPMAP_K``).
    tpmap_poor : bool
        Only TPMAP poor of the year: failing the MPI and holding a welfare
        card (target group 1.1, DOMAIN.md §3-4).
    logbook_recorded : bool
        Only households with at least one Logbook record (issue 14).
    case_statuses : tuple of str
        Only target households whose current case status is one of these
        (:data:`logbook.models.CASE_STATUSES`, issue 14).
    teams : tuple of str
        Only households whose case is assigned to one of these teams.
    logbook_ids : tuple of str or None
        The households meeting the three Logbook conditions above, found in
        the Logbook store by the caller (the search runs in DuckDB over the
        build, the Logbook is a separate store: the IDs are passed in).
        Required when any of them is set; left out of :meth:`to_dict`.
    logbook_new : bool
        Only households newly added in the Logbook (recorded as missed,
        target group 4 of DOMAIN.md §4): they have no survey record, so no
        survey condition (:data:`SURVEY_CONDITIONS`) can go with it.
    new_households : tuple of tuple or None
        The Logbook's missed households the search may show, as tuples of
        :data:`NEW_HOUSEHOLD_FIELDS`, found by the caller (the Logbook is a
        separate store). Required with ``logbook_new``; left out of
        :meth:`to_dict`.

    Raises
    ------
    SearchSpecError
        For unknown codes, values out of range and impossible combinations.
    """

    area_code: str | None = None
    dimensions: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    match: str = "all"
    welfare_card: str = "all"
    min_dimensions: int = 0
    max_dimensions: int = 5
    vulnerability: tuple[int, ...] = ()
    failing_mpi: bool = False
    tpmap_poor: bool = False
    logbook_recorded: bool = False
    logbook_new: bool = False
    case_statuses: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    logbook_ids: tuple[str, ...] | None = None
    new_households: tuple[tuple, ...] | None = None

    def __post_init__(self) -> None:
        """Normalise the fields (sorted tuples, stripped code) and check them."""
        set_ = object.__setattr__
        code = str(self.area_code).strip() if self.area_code not in (None, "") else None
        set_(self, "area_code", code)
        if code is not None:
            try:
                level_of(code)
            except LookupError as exc:
                raise SearchSpecError("bad_area", str(exc), code=code) from None
        for name, kind in (("dimensions", "dimension"), ("indicators", "indicator")):
            try:
                set_(self, name, checked_codes(_tuple(getattr(self, name)), kind))
            except UnknownCodeError as exc:
                raise SearchSpecError(
                    f"unknown_{kind}", str(exc), names=", ".join(exc.unknown)
                ) from None
        if self.match not in MATCH_MODES:
            raise SearchSpecError(
                "bad_match", f"match must be 'all' or 'any', got {self.match!r}", value=self.match
            )
        if self.welfare_card not in CARD_SQL:
            raise SearchSpecError(
                "bad_card",
                f"welfare_card must be one of {', '.join(CARD_SQL)}, got {self.welfare_card!r}",
                value=self.welfare_card,
            )
        for name in ("min_dimensions", "max_dimensions"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
                raise SearchSpecError(
                    "dimension_range",
                    f"{name} must be a whole number from 0 to 5, got {value!r}",
                    value=value,
                )
        levels = _tuple(self.vulnerability)
        bad = [v for v in levels if isinstance(v, bool) or v not in VULNERABILITY_LEVELS]
        if bad:
            raise SearchSpecError(
                "vulnerability_range",
                f"vulnerability levels are 0, 1, 2 or 3, got {bad}",
                value=", ".join(map(str, bad)),
            )
        set_(self, "vulnerability", tuple(sorted({int(v) for v in levels})))
        for name in ("failing_mpi", "tpmap_poor", "logbook_recorded", "logbook_new"):
            set_(self, name, bool(getattr(self, name)))
        self._check_logbook()
        self._check_new()
        self._check_combinations()

    def _check_logbook(self) -> None:
        """Normalise and check the Logbook conditions (issue 14).

        The status codes are checked where the IDs are found
        (:func:`app_data.logbook_data.search_ids`: the Logbook's own list;
        this layer lies below the Logbook and does not import it).
        """
        set_ = object.__setattr__
        set_(self, "case_statuses", tuple(sorted({str(c) for c in _tuple(self.case_statuses)})))
        set_(self, "teams", tuple(sorted({str(team).strip() for team in _tuple(self.teams)})))
        if self.logbook_ids is not None:
            set_(self, "logbook_ids", tuple(sorted(set(map(str, self.logbook_ids)))))
        if self.needs_logbook and self.logbook_ids is None:
            raise SearchSpecError(
                "logbook_unresolved",
                "Logbook conditions need the matching household IDs from the Logbook store",
            )

    def _check_new(self) -> None:
        """Check the newly-added set: its households given, no survey condition with it."""
        set_ = object.__setattr__
        if self.new_households is not None:
            rows = sorted({tuple(row) for row in self.new_households})
            bad = [row for row in rows if len(row) != len(NEW_HOUSEHOLD_FIELDS)]
            if bad:
                raise SearchSpecError(
                    "new_households",
                    f"new households need {', '.join(NEW_HOUSEHOLD_FIELDS)}; got {bad[0]!r}",
                )
            set_(self, "new_households", tuple(rows))
        if not self.logbook_new:
            return
        if self.new_households is None:
            raise SearchSpecError(
                "logbook_unresolved",
                "the newly-added set needs the households recorded as missed from the Logbook",
            )
        survey = [name for name, unset in SURVEY_CONDITIONS.items() if getattr(self, name) != unset]
        if survey:
            raise SearchSpecError(
                "new_with_survey",
                f"households newly added in the Logbook have no survey record: "
                f"{', '.join(survey)} cannot apply to them",
                names=", ".join(survey),
                fields=tuple(survey),
            )

    @property
    def needs_logbook(self) -> bool:
        """Whether the search has a Logbook condition (recorded, case status, team)."""
        return bool(self.logbook_recorded or self.case_statuses or self.teams)

    def _check_combinations(self) -> None:
        low, high = self.min_dimensions, self.max_dimensions
        if low > high:
            raise SearchSpecError(
                "min_above_max",
                f"at least {low} failed dimensions and at most {high} cannot both hold",
                low=low,
                high=high,
            )
        required: set[str] = set()
        if self.match == "all":
            required |= set(self.dimensions) | {_DIM_OF[c] for c in self.indicators}
        if len(required) > high:
            raise SearchSpecError(
                "too_many_required",
                f"failing all of the selected dimensions and indicators means failing "
                f"{len(required)} dimensions, more than the maximum of {high}",
                n=len(required),
                high=high,
            )
        if high == 0 and (
            self.failing_mpi or self.tpmap_poor or self.dimensions or self.indicators
        ):
            raise SearchSpecError(
                "poor_with_zero",
                "households failing the MPI, a dimension or an indicator fail at least one "
                "dimension, but at most 0 failed dimensions were asked",
            )
        if self.tpmap_poor and self.welfare_card == "without":
            raise SearchSpecError(
                "tpmap_without_card",
                "TPMAP poor hold a welfare card (target group 1.1): they cannot be "
                "households without a card",
            )

    def to_dict(self) -> dict:
        """Return the conditions as a plain dict (JSON-ready, for the audit log and files)."""
        out = asdict(self)
        out["dimensions"] = list(self.dimensions)
        out["indicators"] = list(self.indicators)
        out["vulnerability"] = list(self.vulnerability)
        out["case_statuses"] = list(self.case_statuses)
        out["teams"] = list(self.teams)
        ids = out.pop("logbook_ids")
        if ids is not None:
            out["logbook_households"] = len(ids)
        new = out.pop("new_households")
        if new is not None:
            out["new_households"] = len(new)
        return out

    def replace(self, **changes: Any) -> SearchSpec:
        """Return a copy with some fields changed (checked again)."""
        values = self.to_dict()
        values.pop("logbook_households", None)
        values["logbook_ids"] = self.logbook_ids
        values["new_households"] = self.new_households
        values.update(changes)
        return SearchSpec(**values)


def where_sql(spec: SearchSpec) -> tuple[str, list]:
    """Return the WHERE clause (on ``households``) and its parameters for a spec."""
    clauses: list[str] = []
    params: list = []
    if spec.area_code is not None:
        clauses.append(f"{CODE_COLUMN[level_of(spec.area_code)]} = ?")
        params.append(spec.area_code)
    join = " AND " if spec.match == "all" else " OR "
    if spec.dimensions:
        parts = [f"(mask & {DIMENSION_MASKS[d]}) <> 0" for d in spec.dimensions]
        clauses.append("(" + join.join(parts) + ")")
    if spec.indicators:
        parts = [f"((mask >> {_BIT[c]}) & 1) = 1" for c in spec.indicators]
        clauses.append("(" + join.join(parts) + ")")
    clauses.append(CARD_SQL[spec.welfare_card])
    if (spec.min_dimensions, spec.max_dimensions) != (0, 5):
        clauses.append(f"{dimensions_failed_sql()} BETWEEN ? AND ?")
        params += [spec.min_dimensions, spec.max_dimensions]
    if spec.vulnerability:
        clauses.append("list_contains(?, vulnerability_level::INTEGER)")
        params.append(list(spec.vulnerability))
    if spec.failing_mpi or spec.tpmap_poor:
        clauses.append(poor_sql(_score_sql()))
        params.append(validate_k(settings.default_k()))
    if spec.tpmap_poor:
        clauses.append(CARD_SQL["with"])
    if spec.needs_logbook:
        clauses.append("list_contains(?, household_id)")
        params.append(list(spec.logbook_ids or ()))
    if spec.logbook_new:
        # Over the build's table (a caller not using households_sql) this matches
        # nothing: survey households have numeric IDs, missed ones start with N.
        clauses.append("starts_with(household_id, 'N')")
    return " AND ".join(clauses), params


_NEW_SQL = """(
    SELECT n.household_id, left(n.village_code, 2) AS province_code,
           left(n.village_code, 4) AS district_code, left(n.village_code, 6) AS subdistrict_code,
           n.village_code, '' AS house_no, n.lat, n.lon, n.n_members,
           NULL::DOUBLE AS income_per_capita, 0 AS welfare_card_holders, 0 AS mask,
           0.0 AS deprivation_score, 0 AS dimensions_failed, '4' AS target_group,
           -1 AS vulnerability_level, NULL::DOUBLE AS dist_health_m,
           NULL::DOUBLE AS dist_school_m, n.head_name, NULL::VARCHAR AS head_national_id
    FROM (SELECT unnest(?::VARCHAR[]) AS household_id, unnest(?::VARCHAR[]) AS village_code,
                 unnest(?::VARCHAR[]) AS head_name, unnest(?::INTEGER[]) AS n_members,
                 unnest(?::DOUBLE[]) AS lat, unnest(?::DOUBLE[]) AS lon) n
    WHERE n.village_code IN (SELECT code FROM areas)
)"""


def households_sql(spec: SearchSpec) -> tuple[str, list]:
    """Return the relation a search reads and its parameters (they come before the WHERE's).

    ``households`` (the build's table), or for the newly-added set a relation
    of the same columns made from :attr:`SearchSpec.new_households`: what the
    Logbook knows (ID, village, typed head name, members, location); no
    house number, national ID or survey values (no indicator failed, no card,
    not vulnerable, target group ``4``, DOMAIN.md §4 "missed by the system").
    Households whose village is not in the build are left out.
    """
    if not spec.logbook_new:
        return "households", []
    columns = list(zip(*spec.new_households, strict=True)) if spec.new_households else []
    values = [list(c) for c in columns] or [[] for _ in NEW_HOUSEHOLD_FIELDS]
    return _NEW_SQL, values


def order_sql(sort: str, descending: bool, prefix: str = "") -> str:
    """Return the ORDER BY list of a whitelisted sort key; household_id breaks ties."""
    if sort not in SORT_SQL:
        raise SearchSpecError(
            "bad_sort", f"unknown sort {sort!r}; known: {', '.join(SORT_KEYS)}", value=sort
        )
    direction = "DESC" if descending else "ASC"
    order = SORT_SQL[sort].format(p=prefix, d=direction)
    return f"{order} NULLS LAST, {prefix}household_id"


def check_area(con: duckdb.DuckDBPyConnection, spec: SearchSpec) -> None:
    """Raise :class:`SearchSpecError` when the spec's area code is not in the build."""
    if spec.area_code is None:
        return
    try:
        area(con, spec.area_code)
    except LookupError as exc:
        raise SearchSpecError("unknown_area", str(exc), code=spec.area_code) from None


def count_households(con: duckdb.DuckDBPyConnection, spec: SearchSpec) -> int:
    """Return the number of households matching ``spec``.

    Raises
    ------
    SearchSpecError
        If the area code is not in the build.
    """
    check_area(con, spec)
    source, source_params = households_sql(spec)
    where, params = where_sql(spec)
    return fetch_count(con, f"SELECT count(*) FROM {source} WHERE {where}", source_params + params)


def count_persons(con: duckdb.DuckDBPyConnection, spec: SearchSpec) -> int:
    """Return the number of persons (members) of the households matching ``spec``."""
    check_area(con, spec)
    where, params = where_sql(spec)
    return fetch_count(
        con,
        f"SELECT count(*) FROM persons WHERE household_id IN "
        f"(SELECT household_id FROM households WHERE {where})",
        params,
    )


#: Columns of a result page, besides the ``failed_<dimension>`` flags.
PAGE_COLUMNS = (
    "household_id",
    "head_name",
    "head_national_id",
    "house_no",
    "village_code",
    "village_th",
    "village_en",
    "subdistrict_th",
    "subdistrict_en",
    "district_th",
    "district_en",
    "province_th",
    "province_en",
    "lat",
    "lon",
    "n_members",
    "welfare_card_holders",
    "dimensions_failed",
    "deprivation_score",
    "income_per_capita",
    "vulnerability_level",
    "target_group",
    "mask",
)

_NAMES_SQL = """
        SELECT h.household_id, h.head_name, h.head_national_id, h.house_no, h.village_code,
               v.name_th AS village_th, v.name_en AS village_en,
               s.name_th AS subdistrict_th, s.name_en AS subdistrict_en,
               d.name_th AS district_th, d.name_en AS district_en,
               p.name_th AS province_th, p.name_en AS province_en,
               h.lat, h.lon, h.n_members, h.welfare_card_holders,
               h.dimensions_failed::INTEGER AS dimensions_failed, h.deprivation_score,
               h.income_per_capita, h.vulnerability_level::INTEGER AS vulnerability_level,
               h.target_group, h.mask, {flags}
        FROM {source} h
        JOIN areas v ON v.code = h.village_code
        JOIN areas s ON s.code = h.subdistrict_code
        JOIN areas d ON d.code = h.district_code
        JOIN areas p ON p.code = h.province_code
"""


def search_page(
    con: duckdb.DuckDBPyConnection,
    spec: SearchSpec,
    sort: str = "priority",
    descending: bool = True,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    *,
    viewer: User,
) -> pd.DataFrame:
    """Return one page of matching households with their area names, masked for ``viewer``.

    Parameters
    ----------
    spec : SearchSpec
    sort : str
        One of :data:`SORT_KEYS` ("priority" = dimensions failed, then
        deprivation score); ties are broken by household_id, so pages never
        overlap.
    descending : bool
    page : int, 1-based
    page_size : int, 1-10,000

    Returns
    -------
    DataFrame
        :data:`PAGE_COLUMNS` plus ``failed_<dimension>`` booleans; at most
        ``page_size`` rows (none past the last page).

    Raises
    ------
    SearchSpecError
        Unknown area code or sort key, page < 1, page size out of range.
    """
    check_area(con, spec)
    if isinstance(page, bool) or not isinstance(page, int) or page < 1:
        raise SearchSpecError("bad_page", f"page must be 1 or more, got {page!r}", value=page)
    if not 1 <= int(page_size) <= 10_000:
        raise SearchSpecError(
            "bad_page", f"page size must be 1-10,000, got {page_size!r}", value=page_size
        )
    table, source_params = households_sql(spec)
    where, params = where_sql(spec)
    order = order_sql(sort, descending)
    source = (
        f"(SELECT * FROM {table} WHERE {where} ORDER BY {order} LIMIT {int(page_size)} "
        f"OFFSET {(page - 1) * int(page_size)})"
    )
    sql = _NAMES_SQL.format(flags=dimension_flags_sql(), source=source)
    frame = con.execute(
        sql + f" ORDER BY {order_sql(sort, descending, 'h.')}", source_params + params
    ).df()
    return protect(frame, viewer)


def search_households(
    con: duckdb.DuckDBPyConnection,
    spec: SearchSpec,
    sort: str = "priority",
    descending: bool = True,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    *,
    viewer: User,
) -> tuple[int, pd.DataFrame]:
    """Return (number of matches, one page): :func:`count_households`, :func:`search_page`."""
    page_rows = search_page(con, spec, sort, descending, page, page_size, viewer=viewer)
    return count_households(con, spec), page_rows


def search_points(
    con: duckdb.DuckDBPyConnection, spec: SearchSpec, limit: int = 20_000, *, viewer: User
) -> pd.DataFrame:
    """Return the points of matching households for a map, the most deprived first.

    Columns: household_id, lon, lat, dimensions_failed. At most ``limit``
    rows (DESIGN.md: pydeck sends ~100 bytes per point). Coordinates come
    masked for ``viewer`` (:func:`access.personal.protect`).
    """
    check_area(con, spec)
    source, source_params = households_sql(spec)
    where, params = where_sql(spec)
    frame = con.execute(
        f"""SELECT household_id, lon, lat, dimensions_failed::INTEGER AS dimensions_failed
            FROM {source} WHERE {where}
            ORDER BY {order_sql("priority", True)} LIMIT {int(limit)}""",
        source_params + params,
    ).df()
    return protect(frame, viewer)


def _stored_household_id(
    con: duckdb.DuckDBPyConnection, household_id: str, viewer: User, area_code: str | None
) -> str | None:
    """Return the stored ID of the household ``viewer`` names, or None.

    A viewer with the personal-data right names households by their ID; a
    masked viewer knows only pseudonyms (:func:`access.personal.pseudonym`),
    which are looked up among the households of ``area_code`` (or the
    viewer's area). The stored ID never leaves the query layer for a masked
    viewer.
    """
    if sees_personal_data(viewer):
        return str(household_id)
    if not is_pseudonym(household_id):
        return None
    expr, params = pseudonym_sql("household_id")
    scope = area_code or viewer.area_code
    where = f"{expr} = ?" + (" AND starts_with(village_code, ?)" if scope else "")
    params = [*params, str(household_id), *([scope] if scope else [])]
    found = con.execute(
        f"SELECT household_id FROM households WHERE {where} LIMIT 1", params
    ).fetchone()
    return None if found is None else found[0]


def household(
    con: duckdb.DuckDBPyConnection,
    household_id: str,
    *,
    viewer: User,
    area_code: str | None = None,
) -> dict | None:
    """Return one household in ``viewer``'s scope with its area names, masked for ``viewer``.

    Keys of :data:`PAGE_COLUMNS` and flags; also ``province_code``,
    ``district_code``, ``subdistrict_code``. None when the id is unknown or
    the household lies outside the viewer's area (the two are not told apart).
    A masked viewer names the household by its pseudonym (as search pages
    give it), searched within ``area_code`` when given.
    """
    stored = _stored_household_id(con, household_id, viewer, area_code)
    if stored is None:
        return None
    household_id = stored
    sql = _NAMES_SQL.format(
        flags=dimension_flags_sql() + ", h.province_code, h.district_code, h.subdistrict_code",
        source="households",
    )
    frame = con.execute(sql + " WHERE h.household_id = ?", [str(household_id)]).df()
    if frame.empty or not in_scope(viewer, frame["village_code"].iloc[0]):
        return None
    return protect(frame, viewer).iloc[0].to_dict()


def new_household(
    con: duckdb.DuckDBPyConnection, spec: SearchSpec, household_id: str, *, viewer: User
) -> dict | None:
    """Return one household of the newly-added set as the search shows it, masked for ``viewer``.

    Keys of :data:`PAGE_COLUMNS` and flags, also ``province_code``,
    ``district_code``, ``subdistrict_code``: what the Logbook knows of a
    household recorded as missed (:func:`households_sql`). ``household_id``
    is its ID, or for a masked viewer its pseudonym (as the result page
    gives it). None when the spec is not the newly-added set, the household
    is not in it, or lies outside ``viewer``'s area.
    """
    if not spec.logbook_new:
        return None
    source, source_params = households_sql(spec)
    where, params = where_sql(spec)
    sql = _NAMES_SQL.format(
        flags=dimension_flags_sql() + ", h.province_code, h.district_code, h.subdistrict_code",
        source=f"(SELECT * FROM {source} WHERE {where})",
    )
    frame = con.execute(sql, source_params + params).df()
    stored = str(household_id)
    if not sees_personal_data(viewer):
        names = {pseudonym(i): i for i in frame["household_id"]}
        stored = names.get(stored, "")
    frame = frame[frame["household_id"] == stored]
    if frame.empty or not in_scope(viewer, frame["village_code"].iloc[0]):
        return None
    return protect(frame, viewer).iloc[0].to_dict()


def household_members(
    con: duckdb.DuckDBPyConnection,
    household_id: str,
    *,
    viewer: User,
    area_code: str | None = None,
) -> pd.DataFrame:
    """Return the members of one household in ``viewer``'s scope, head first, masked for ``viewer``.

    Columns: person_id, national_id, name, sex, age, welfare_card, disabled,
    dependent. No rows when the household is unknown or outside the scope.
    ``household_id`` as for :func:`household`.
    """
    household_id = _stored_household_id(con, household_id, viewer, area_code) or ""
    frame = con.execute(
        """SELECT x.person_id, x.national_id, x.name, x.sex, x.age, x.welfare_card, x.disabled,
                  x.dependent, h.village_code
           FROM persons x JOIN households h USING (household_id)
           WHERE x.household_id = ? ORDER BY x.person_id""",
        [str(household_id)],
    ).df()
    frame = frame[[in_scope(viewer, code) for code in frame["village_code"]]]
    return protect(frame.drop(columns="village_code").reset_index(drop=True), viewer)


def target_households(
    con: duckdb.DuckDBPyConnection, code: str, *, viewer: User, limit: int
) -> pd.DataFrame:
    """Return the target-poor households of an area for a picker, masked for ``viewer``.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A connection to the build.
    code : str
        A DOPA code of a district, subdistrict or village (4, 6 or 8 digits).
    viewer : User
        The user the list is for: only villages in the viewer's scope are
        listed, and personal columns go through :func:`access.personal.protect`.
    limit : int
        Most rows returned (the first by household ID).

    Returns
    -------
    pandas.DataFrame
        Columns household_id, head_name, house_no, village_th; group 1.1
        (:func:`queries.figures.target_poor_sql`), ordered by household ID.

    Raises
    ------
    geo.areas.UnknownAreaError
        If ``code`` is not a known area of the build.
    """
    area(con, code)
    frame = con.execute(
        f"""SELECT h.household_id, h.head_name, h.house_no, a.name_th AS village_th,
                   h.village_code
            FROM households h LEFT JOIN areas a ON a.code = h.village_code
            WHERE {target_poor_sql("h.")} AND starts_with(h.village_code, ?)
            ORDER BY h.household_id LIMIT ?""",
        [code, int(limit)],
    ).df()
    frame = frame[[in_scope(viewer, c) for c in frame["village_code"]]]
    return protect(frame.drop(columns="village_code").reset_index(drop=True), viewer)


def failed_indicators(mask: int) -> pd.DataFrame:
    """Return the indicators a household fails, from its deprivation ``mask``.

    Columns of :func:`poverty.indicators.indicator_table` (code, dimension,
    label and criterion in Thai and English, weight, bit), in table order.
    """
    table = indicator_table()
    failed = [(int(mask) >> int(bit)) & 1 == 1 for bit in table["bit"]]
    return table[failed].reset_index(drop=True)


def matching_ids(con: duckdb.DuckDBPyConnection, spec: SearchSpec, limit: int) -> list[str]:
    """Return the stored IDs of the households matching ``spec`` (bulk assignment, issue 14).

    At most ``limit`` IDs, ordered by household ID. For the Logbook's own
    use (assigning cases), never shown: callers check the user's right to
    record in the area first.

    Raises
    ------
    SearchSpecError
        If the area code is not in the build.
    """
    check_area(con, spec)
    source, source_params = households_sql(spec)
    where, params = where_sql(spec)
    rows = con.execute(
        f"SELECT household_id FROM {source} WHERE {where} ORDER BY household_id LIMIT ?",
        [*source_params, *params, int(limit)],
    ).fetchall()
    return [row[0] for row in rows]


def households_by_id(
    con: duckdb.DuckDBPyConnection, household_ids: list[str], *, viewer: User
) -> pd.DataFrame:
    """Return some households by ID (a worklist): head, house, village, point, failures.

    Columns: household_id, head_name, house_no, village_code, village_th,
    village_en, lat, lon, dimensions_failed, mask. Only households in
    ``viewer``'s scope; masked for ``viewer``. Unknown IDs are left out.
    """
    frame = con.execute(
        """SELECT h.household_id, h.head_name, h.house_no, h.village_code,
                  v.name_th AS village_th, v.name_en AS village_en, h.lat, h.lon,
                  h.dimensions_failed::INTEGER AS dimensions_failed, h.mask
           FROM households h LEFT JOIN areas v ON v.code = h.village_code
           WHERE h.household_id IN (SELECT unnest(?)) ORDER BY h.household_id""",
        [list(household_ids)],
    ).df()
    frame = frame.loc[[in_scope(viewer, code) for code in frame["village_code"]]]
    return protect(frame.reset_index(drop=True), viewer)
