"""Cached access to the built store for the app (DESIGN.md Streamlit practices).

``st.cache_resource`` holds the shared read-only DuckDB connection and the
geometry per level; ``st.cache_data`` holds query results keyed by plain
values (build folder, area code, filters). Each query takes its own cursor.

Functions returning household or person rows take the viewing user
(``viewer``, part of the cache key) and return the query layer's frames
already masked for that user (:mod:`access.personal`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import streamlit as st

import settings
from access.roles import User
from geo.areas import UnknownAreaError
from logbook import store as logbook_store
from logbook import suggest as logbook_suggest
from logbook.suggest import AreaContext
from potential import queries as potential_queries
from poverty.scenario import Rule
from queries import figures, quality, rounds, scenario, search
from queries import suggest as suggest_queries
from queries.context import context_counts
from queries.search import SearchSpec

LEVEL_FILES = {"province": "provinces", "district": "districts", "subdistrict": "subdistricts"}
#: Entries of each per-area cache of the Overview's figures (per build folder, and for
#: summaries and child measures per filters too): about every area of a national build
#: down to the subdistricts (77 + 928 + 7,436) for one round, or the pilot build's areas
#: (3 + 48 + 397) for every round. Small frames and dicts: a subdistrict's child measures
#: are a few kB. At 512 a drill-down through the pilot's subdistricts evicted them (issue
#: 13, the 50-person load test).
AREA_ENTRIES = 8192


@dataclass(frozen=True)
class Filters:
    """The population and measure settings chosen in the sidebar (hashable)."""

    k: float | None = None
    dimensions: tuple[str, ...] | None = None
    welfare_card: str = "all"


#: Session-state key of the survey round shown (set by :func:`components.state.current_year`).
YEAR_STATE = "_year"


def root_key() -> str:
    """Return the build folder (all rounds) as text."""
    return str(settings.build_dir())


@st.cache_data(show_spinner=False, max_entries=4, ttl=60)
def survey_years(root: str) -> tuple[int, ...]:
    """Return the survey rounds of the build (B.E., oldest first; ``()`` without years)."""
    try:
        return figures.survey_years(Path(root))
    except figures.BuildMissingError:
        return ()


def round_key(year: int | None) -> str:
    """Return the build folder of one survey round as text (None or the latest: the build)."""
    root = root_key()
    years = survey_years(root)
    if year is None or not years or int(year) == years[-1] or int(year) not in years:
        return root
    return str(figures.round_folder(Path(root), int(year)))


def build_key() -> str:
    """Return the build folder of the round chosen in the sidebar: part of every cache key.

    Every round is a complete build folder (:func:`queries.figures.round_folder`),
    so every cached query, page, report and export follows the chosen round.
    """
    return round_key(st.session_state.get(YEAR_STATE))


@st.cache_resource(show_spinner=False)
def _connection(build: str) -> duckdb.DuckDBPyConnection:
    return figures.connect(Path(build))


def cursor(build: str | None = None) -> duckdb.DuckDBPyConnection:
    """Return a new cursor on the shared read-only connection of ``build`` (one per query).

    ``build``: a round's build folder as text (:func:`round_key`); None for
    the round chosen in the sidebar (:func:`build_key`).
    """
    return _connection(build or build_key()).cursor()


@st.cache_data(show_spinner=False, max_entries=512)
def change(root: str, code: str | None, from_year: int, to_year: int, filters: Filters) -> dict:
    """Return :func:`queries.rounds.change` of an area between two rounds (cached)."""
    return rounds.change(Path(root), code, from_year, to_year, filters.k, filters.dimensions)


@st.cache_data(show_spinner=False, max_entries=256)
def trend(root: str, code: str | None, filters: Filters, by_children: bool) -> pd.DataFrame:
    """Return :func:`queries.rounds.area_trend` of an area (or its children), every round."""
    return rounds.area_trend(
        Path(root), code, filters.k, filters.dimensions, filters.welfare_card, by_children
    )


@st.cache_data(show_spinner=False, max_entries=64, ttl=3600)
def outcomes(
    root: str, logbook_url: str, code: str | None, year: int, version_key: tuple
) -> pd.DataFrame:
    """Return :func:`logbook.outcomes.area_outcomes` for help in fiscal year ``year`` (cached).

    ``version_key`` (the Logbook's version, :func:`app_data.logbook_data.version`)
    keys the cache, so new help records show at once; the help rows come from
    :func:`app_data.logbook_data.frames`, shared with the Progress page.

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the Logbook cannot be read.
    """
    from app_data import logbook_data
    from logbook import outcomes as help_outcomes

    rows = logbook_data.frames(logbook_url, code, version_key)
    return help_outcomes.area_outcomes(Path(root), rows["help"], code, int(year))


@st.cache_data(show_spinner=False, max_entries=256)
def household_history(
    root: str, household_id: str, viewer: User, year: int | None, area_code: str | None
) -> pd.DataFrame:
    """Return :func:`queries.rounds.household_history` (every round), masked for ``viewer``."""
    return rounds.household_history(
        Path(root), household_id, viewer=viewer, year=year, area_code=area_code
    )


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def household_help(
    root: str,
    logbook_url: str,
    household_id: str,
    viewer: User,
    year: int | None,
    version_key: tuple,
) -> pd.DataFrame:
    """Return :func:`logbook.outcomes.household_help` (one household's help records), cached.

    ``version_key`` (:func:`app_data.logbook_data.version`) only keys the cache.

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the Logbook cannot be read.
    """
    del version_key
    from logbook import outcomes as help_outcomes
    from logbook import store

    return help_outcomes.household_help(
        store.engine_for(logbook_url), Path(root), household_id, viewer=viewer, year=year
    )


@st.cache_data(show_spinner=False, max_entries=4)
def meta(build: str) -> dict[str, str]:
    """Return the build metadata."""
    return figures.meta(_connection(build).cursor())


@st.cache_data(show_spinner=False, max_entries=AREA_ENTRIES)
def area(build: str, code: str) -> dict | None:
    """Return an area's record, or None when the code is unknown or malformed."""
    try:
        return figures.area(_connection(build).cursor(), code)
    except UnknownAreaError:
        return None


@st.cache_data(show_spinner=False, max_entries=AREA_ENTRIES)
def children(build: str, code: str | None) -> pd.DataFrame:
    """Return the child areas holding households (code, level, name_th, name_en)."""
    return figures.children(_connection(build).cursor(), code)


@st.cache_data(show_spinner=False, max_entries=AREA_ENTRIES)
def summary(build: str, code: str | None, filters: Filters) -> dict:
    """Return :func:`queries.figures.area_summary` for an area and filters."""
    return figures.area_summary(
        _connection(build).cursor(), code, filters.k, filters.dimensions, filters.welfare_card
    )


@st.cache_data(show_spinner=False, max_entries=AREA_ENTRIES)
def child_measures(build: str, code: str | None, filters: Filters) -> pd.DataFrame:
    """Return :func:`queries.figures.child_measures` for an area and filters."""
    return figures.child_measures(
        _connection(build).cursor(), code, filters.k, filters.dimensions, filters.welfare_card
    )


@st.cache_data(show_spinner=False, max_entries=AREA_ENTRIES)
def child_change(
    earlier: str, later: str, code: str | None, filters: Filters, measures: tuple[str, ...]
) -> pd.DataFrame:
    """Return an area's child areas with ``measures`` at two rounds and their change.

    Parameters
    ----------
    earlier, later : str
        The build folders of the two rounds (:func:`round_key`).
    code : str or None
        The area (None: the country).
    filters : Filters
        The sidebar's filters.
    measures : tuple of str
        Columns of :func:`child_measures` to compare.

    Returns
    -------
    DataFrame
        ``code``, ``name_th``, ``name_en`` and, per measure, ``<measure>_from``,
        ``<measure>_to`` and ``<measure>_change`` (later minus earlier);
        children in either round, by code; empty when neither round has any.
        Cached: the Overview reads it twice a view (the change map and the
        ranked table).
    """
    a = child_measures(earlier, code, filters)
    b = child_measures(later, code, filters)
    if a.empty and b.empty:
        return pd.DataFrame()
    keep = ["code", "name_th", "name_en", *measures]
    merged = a[keep].merge(
        b[keep], on=["code", "name_th", "name_en"], how="outer", suffixes=("_from", "_to")
    )
    for measure in measures:
        merged[f"{measure}_change"] = merged[f"{measure}_to"] - merged[f"{measure}_from"]
    return merged.sort_values("code", ignore_index=True)


@st.cache_data(show_spinner=False, max_entries=128)
def urgent_households(
    build: str, code: str, filters: Filters, limit: int, viewer: User
) -> pd.DataFrame:
    """Return :func:`queries.figures.urgent_households` (ranked poor households)."""
    return figures.urgent_households(
        _connection(build).cursor(),
        code,
        filters.k,
        filters.dimensions,
        filters.welfare_card,
        limit,
        viewer=viewer,
    )


@st.cache_data(show_spinner=False, max_entries=64)
def household_points(build: str, code: str, filters: Filters, viewer: User) -> pd.DataFrame:
    """Return household points of an area (for the pydeck map), masked for ``viewer``."""
    return figures.household_points(
        _connection(build).cursor(), code, filters.dimensions, filters.welfare_card, viewer=viewer
    )


@st.cache_resource(show_spinner=False)
def geometry(build: str, level: str) -> gpd.GeoDataFrame:
    """Return the simplified geometry of one level (province/district/subdistrict).

    The build's columns, plus ``label_lat`` and ``label_lon``: a point inside
    each area (``representative_point``, degrees, EPSG:4326) where a map
    writes its name, computed once here rather than on every map drawn
    (0.3 s of 1.2 s of choropleth time in a profile of map clicks, issue 13).
    """
    shapes = gpd.read_parquet(f"{build}/{LEVEL_FILES[level]}.parquet")
    points = shapes.geometry.representative_point()
    return shapes.assign(label_lat=points.y.round(5), label_lon=points.x.round(5))


@st.cache_data(show_spinner=False, max_entries=AREA_ENTRIES)
def outline(build: str, code: str) -> dict | None:
    """Return the GeoJSON geometry dict of one area's outline, or None."""
    level = figures.level_of(code)
    if level not in LEVEL_FILES:
        return None
    shapes = geometry(build, level)
    match = shapes[shapes["code"] == code]
    return None if match.empty else match.iloc[[0]][["code", "geometry"]].to_geo_dict(drop_id=True)


@st.cache_data(show_spinner=False, max_entries=256)
def search_count(build: str, spec: SearchSpec) -> int:
    """Return the number of households matching a search (:mod:`queries.search`)."""
    return search.count_households(_connection(build).cursor(), spec)


@st.cache_data(show_spinner=False, max_entries=256)
def search_page(
    build: str, spec: SearchSpec, sort: str, descending: bool, page: int, viewer: User
) -> pd.DataFrame:
    """Return one page (100 rows) of a search's households, masked for ``viewer``."""
    return search.search_page(
        _connection(build).cursor(), spec, sort, descending, page, viewer=viewer
    )


@st.cache_data(show_spinner=False, max_entries=32)
def search_points(build: str, spec: SearchSpec, limit: int, viewer: User) -> pd.DataFrame:
    """Return the map points of a search's households, the most deprived first, masked."""
    return search.search_points(_connection(build).cursor(), spec, limit, viewer=viewer)


@st.cache_data(show_spinner=False, max_entries=512)
def household(
    build: str, household_id: str, viewer: User, area_code: str | None = None
) -> dict | None:
    """Return one household in the viewer's scope with its area names (masked), or None.

    Masked viewers name it by its pseudonym (:func:`queries.search.household`).
    """
    return search.household(
        _connection(build).cursor(), household_id, viewer=viewer, area_code=area_code
    )


@st.cache_data(show_spinner=False, max_entries=128)
def new_household(build: str, spec: SearchSpec, household_id: str, viewer: User) -> dict | None:
    """Return a household of the search's newly-added set (masked), or None.

    :func:`queries.search.new_household`: what the Logbook knows of a
    household recorded as missed; masked viewers name it by its pseudonym.
    """
    return search.new_household(_connection(build).cursor(), spec, household_id, viewer=viewer)


@st.cache_data(show_spinner=False, max_entries=512)
def household_members(
    build: str, household_id: str, viewer: User, area_code: str | None = None
) -> pd.DataFrame:
    """Return the members of one household in the viewer's scope, masked for ``viewer``."""
    return search.household_members(
        _connection(build).cursor(), household_id, viewer=viewer, area_code=area_code
    )


@st.cache_data(show_spinner=False, max_entries=64)
def target_households(build: str, code: str, viewer: User, limit: int) -> pd.DataFrame:
    """Return an area's target-poor households for a picker, masked for ``viewer``.

    :func:`queries.search.target_households`: household_id, head_name,
    house_no, village_th; at most ``limit`` rows.
    """
    return search.target_households(_connection(build).cursor(), code, viewer=viewer, limit=limit)


@st.cache_data(show_spinner=False, max_entries=256)
def quality_counts(build: str, code: str | None) -> tuple[dict, pd.DataFrame]:
    """Return an area's data-quality flag counts and the counts by child area.

    :func:`queries.quality.area_counts` and :func:`queries.quality.child_counts`
    (counts only, no personal data).

    Raises
    ------
    queries.quality.QualityFlagsMissingError
        If the build predates the flags.
    """
    con = _connection(build).cursor()
    return quality.area_counts(con, code), quality.child_counts(con, code)


# Rule scenarios (issue 17): :mod:`queries.scenario` cached by plain values and rules.


@st.cache_data(show_spinner=False, max_entries=128)
def scenario_comparison(
    build: str,
    code: str | None,
    rules: tuple[Rule, ...],
    cost_per_household: float,
    cost_per_dimension: tuple[tuple[str, float], ...],
) -> dict:
    """Return :func:`queries.scenario.compare` of today's rule against ``rules`` (1-2)."""
    return scenario.compare(
        _connection(build).cursor(),
        code,
        list(rules),
        cost_per_household=cost_per_household,
        cost_per_dimension=dict(cost_per_dimension),
    )


@st.cache_data(show_spinner=False, max_entries=256)
def scenario_changed_count(
    build: str, code: str | None, rule: Rule, change: str, within: str | None, dimension: str | None
) -> int:
    """Return how many households join or leave under ``rule`` (queries.scenario.count_changed)."""
    return scenario.count_changed(
        _connection(build).cursor(), code, rule, change, within=within, dimension=dimension
    )


@st.cache_data(show_spinner=False, max_entries=64)
def scenario_changed(
    build: str,
    code: str | None,
    rule: Rule,
    change: str,
    within: str | None,
    dimension: str | None,
    page: int,
    viewer: User,
    page_size: int = 100,
) -> pd.DataFrame:
    """Return one page of the households joining or leaving under ``rule``, masked."""
    return scenario.changed_households(
        _connection(build).cursor(),
        code,
        rule,
        change,
        viewer=viewer,
        within=within,
        dimension=dimension,
        limit=page_size,
        offset=(page - 1) * page_size,
    )


def scenario_changed_all(
    code: str | None,
    rule: Rule,
    change: str,
    within: str | None,
    dimension: str | None,
    viewer: User,
) -> pd.DataFrame:
    """Return every household joining or leaving under ``rule``, masked (for a file; not cached)."""
    return scenario.changed_households(
        cursor(), code, rule, change, viewer=viewer, within=within, dimension=dimension, limit=None
    )


# Suggested help (issue 17): the rules of :mod:`logbook.suggest` and what they read.


@st.cache_data(show_spinner=False, max_entries=256)
def suggestion_context(build: str, code: str) -> AreaContext:
    """Return the agencies present in an area (projects serving it, centres' partners)."""
    con = _connection(build).cursor()
    return logbook_suggest.area_context(
        potential_queries.projects(con, code), potential_queries.centres(con, code)
    )


@st.cache_data(show_spinner=False, max_entries=512)
def household_services(
    build: str, household_id: str, viewer: User, area_code: str | None = None
) -> dict | None:
    """Return a household's distances to the nearest health facility and school (metres)."""
    return suggest_queries.household_services(
        _connection(build).cursor(), household_id, viewer=viewer, area_code=area_code
    )


def household_logbook(household_id: str, viewer: User, area_code: str | None = None) -> dict | None:
    """Return the household's latest development stage and the kinds of help recorded.

    Not cached: the Logbook changes while the app runs. None when the household
    is not in the viewer's scope.

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the Logbook cannot be read.
    """
    stored = suggest_queries.stored_id(cursor(), household_id, viewer=viewer, area_code=area_code)
    if stored is None:
        return None
    return logbook_suggest.household_history(
        logbook_store.engine_for(settings.logbook_url()), stored
    )


@st.cache_data(show_spinner=False, max_entries=32)
def suggestion_inputs(
    build: str, spec: SearchSpec, limit: int, viewer: User, logbook_version: tuple | None
) -> pd.DataFrame:
    """Return the suggestion rules' inputs for a search's first ``limit`` households, masked.

    With ``logbook_version`` (:func:`app_data.logbook_data.version`, which
    also keys the cache) each household's development stage is read from
    the Logbook in batches (:func:`logbook.suggest.latest_stages`); None
    leaves the stages out (the Logbook cannot be read).

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the Logbook fails while its stages are read.
    """
    stages = None
    if logbook_version is not None:
        engine = logbook_store.engine_for(settings.logbook_url())

        def stages(ids: list[str]) -> dict[str, str]:
            return logbook_suggest.latest_stages(engine, ids)

    return suggest_queries.search_inputs(
        _connection(build).cursor(), spec, limit, viewer=viewer, stages=stages
    )


@st.cache_data(show_spinner=False, max_entries=64, ttl=300)
def suggestion_uptake(build: str, code: str | None, logbook_url: str) -> dict:
    """Return :func:`logbook.suggest.uptake` for an area's help records (kept 5 minutes).

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the Logbook cannot be read.
    """
    records = logbook_suggest.help_records(logbook_store.engine_for(logbook_url), code)
    counts = suggest_queries.help_by_mask(_connection(build).cursor(), code, records)
    return logbook_suggest.uptake(counts)


@st.cache_data(show_spinner=False, max_entries=32)
def suggestion_summary(
    build: str, spec: SearchSpec, limit: int, top: int, viewer: User, logbook_version: tuple | None
) -> pd.DataFrame:
    """Return :func:`logbook.suggest.summarise` of a search's first ``limit`` households.

    Each household's suggestions are ordered by its development stage when
    ``logbook_version`` is given (:func:`suggestion_inputs`).
    """
    context = suggestion_context(build, spec.area_code) if spec.area_code else None
    inputs = suggestion_inputs(build, spec, limit, viewer, logbook_version)
    return logbook_suggest.summarise(inputs, context, top)


@st.cache_data(show_spinner=False, max_entries=AREA_ENTRIES)
def context(build: str, code: str | None) -> dict[str, int]:
    """Return :func:`queries.context.context_counts` (elderly, disabled, card holders)."""
    return context_counts(_connection(build).cursor(), code)


@st.cache_resource(show_spinner=False)
def _village_points(build: str) -> pd.DataFrame:
    points = gpd.read_parquet(f"{build}/villages.parquet", columns=["village_code", "geometry"])
    return pd.DataFrame(
        {"code": points["village_code"], "lon": points.geometry.x, "lat": points.geometry.y}
    )


@st.cache_data(show_spinner=False, max_entries=AREA_ENTRIES)
def village_points(build: str, subdistrict_code: str) -> pd.DataFrame:
    """Return the villages of a subdistrict holding households, for the map's village layer.

    Columns: ``code`` (8 digits), ``name_th``, ``name_en``, ``lon``, ``lat``
    (the village point of the 2012 layer, EPSG:4326). Villages without a
    point are left out.
    """
    villages = children(build, subdistrict_code)
    return villages.merge(_village_points(build), on="code", how="inner")[
        ["code", "name_th", "name_en", "lon", "lat"]
    ]
