"""Cached queries of the Area potential page and the other urgent issues.

Kept beside :mod:`app_data.data` (same shared read-only connection, one
cursor per query, results keyed by plain values) so that module stays small.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from access.roles import User
from app_data import data
from potential import hexagons, queries
from potential.distance import DEFAULT_DISTANCE_KM
from queries import issues


def _cursor(build: str):
    return data._connection(build).cursor()


@st.cache_data(show_spinner=False, max_entries=4)
def sources(build: str) -> pd.DataFrame:
    """Return where each kind of potential data came from (real file or synthetic)."""
    return queries.sources(_cursor(build))


@st.cache_data(show_spinner=False, max_entries=256)
def centres(build: str, code: str) -> pd.DataFrame:
    """Return the centres of an area and the areas above it."""
    return queries.centres(_cursor(build), code)


@st.cache_data(show_spinner=False, max_entries=256)
def staff_by_level(build: str, code: str) -> pd.DataFrame:
    """Return centres and staff per level."""
    return queries.staff_by_level(_cursor(build), code)


@st.cache_data(show_spinner=False, max_entries=256)
def projects(build: str, code: str) -> pd.DataFrame:
    """Return the funded projects serving an area."""
    return queries.projects(_cursor(build), code)


@st.cache_data(show_spinner=False, max_entries=128)
def economy(build: str, province_code: str) -> dict | None:
    """Return a province's economy with its ranks."""
    return queries.economy(_cursor(build), province_code)


@st.cache_data(show_spinner=False, max_entries=256)
def village_basic(build: str, code: str) -> dict:
    """Return the village basic data (กชช.2ค) summary of an area."""
    return queries.village_basic_summary(_cursor(build), code)


@st.cache_data(show_spinner=False, max_entries=256)
def otop(build: str, code: str) -> pd.DataFrame:
    """Return the OTOP products of an area."""
    return queries.otop(_cursor(build), code)


@st.cache_data(show_spinner=False, max_entries=256)
def facility_counts(build: str, code: str) -> dict[str, int]:
    """Return the facilities of each kind in an area."""
    return queries.facility_counts(_cursor(build), code)


@st.cache_data(show_spinner=False, max_entries=64)
def facilities_near(build: str, code: str) -> pd.DataFrame:
    """Return the facilities in and just around an area."""
    return queries.facilities_near(_cursor(build), code)


@st.cache_data(show_spinner=False, max_entries=256)
def access_table(
    build: str, code: str, distance_km: float, filters: data.Filters
) -> tuple[pd.DataFrame, dict]:
    """Return poor households far from services by child area, and the area's total."""
    return queries.access_table(
        _cursor(build), code, distance_km, filters.k, filters.dimensions, filters.welfare_card
    )


@st.cache_data(show_spinner=False, max_entries=32)
def access_points(build: str, code: str, filters: data.Filters, viewer: User) -> pd.DataFrame:
    """Return household points (poor flag, distances) for the access map, masked for ``viewer``."""
    return queries.access_points(
        _cursor(build), code, filters.k, filters.dimensions, filters.welfare_card, viewer=viewer
    )


@st.cache_data(show_spinner=False, max_entries=32)
def access_cells(build: str, code: str, filters: data.Filters, viewer: User) -> np.ndarray:
    """Return the h3 cell of each point of :func:`access_points` (same order), for ``viewer``.

    Computed from the points as masked for ``viewer``
    (:func:`potential.hexagons.cells`); the map sends the cells' counts only.
    """
    points = access_points(build, code, filters, viewer)
    return hexagons.cells(points["lat"], points["lon"])


@st.cache_data(show_spinner=False, max_entries=512)
def area_issues(build: str, code: str | None) -> dict:
    """Return NEET, unemployment and debt figures of one area."""
    return issues.area_issues(_cursor(build), code)


@st.cache_data(show_spinner=False, max_entries=512)
def child_issues(build: str, code: str | None) -> pd.DataFrame:
    """Return NEET, unemployment and debt figures per child area."""
    return issues.child_issues(_cursor(build), code)


@st.cache_data(show_spinner=False, max_entries=16)
def province_ranking(build: str, measure: str, limit: int = 10) -> pd.DataFrame:
    """Return the provinces of the build ranked by an issue measure."""
    return issues.province_ranking(_cursor(build), measure, limit)


def province_potential(build: str, filters: data.Filters) -> pd.DataFrame:
    """Return one row per province: economy (all 77), centres, projects and access (built ones).

    Columns: ``code``, ``name_th``, ``name_en``, the economy figures, and for
    provinces holding households ``staff`` (centres' staff, persons),
    ``projects``, ``budget_baht`` (not cancelled), ``facilities`` and
    ``poor_households``, ``far_either``, ``share_far_either`` at the default
    distance (:data:`potential.distance.DEFAULT_DISTANCE_KM`); missing for
    the others. Every figure comes from the same cached queries as the
    province's own page; the country view of the Area potential page draws
    this, and :func:`app_data.warm.warm_up` fills it before the first user
    (7.7 s at first on the national build, 0.36 s once cached).
    """
    shapes = data.geometry(build, "province")
    built = set(data.children(build, None)["code"])
    rows = []
    for code, name_th, name_en in zip(
        shapes["code"], shapes["name_th"], shapes["name_en"], strict=True
    ):
        row = {"code": code, "name_th": name_th, "name_en": name_en}
        row.update(economy(build, code) or {})
        if code in built:
            own = projects(build, code)
            own = own[own["area_code"].str.startswith(code)]
            _by_child, total = access_table(build, code, DEFAULT_DISTANCE_KM, filters)
            row.update(
                staff=int(staff_by_level(build, code)["staff"].sum()),
                projects=len(own),
                budget_baht=float(own.loc[own["status"] != "cancelled", "budget_baht"].sum()),
                facilities=sum(facility_counts(build, code).values()),
                poor_households=total["households"],
                far_either=total["far_either"],
                share_far_either=total["share_far_either"],
            )
        rows.append(row)
    return pd.DataFrame(rows)
