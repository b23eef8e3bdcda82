"""Gather a report's figures through the app's own queries (one code path).

:func:`gather` calls :func:`queries.figures.area_summary`,
:func:`~queries.figures.child_measures` and
:func:`~queries.figures.urgent_households` with the same area and
filters the app passes, so the report's figures equal the app's; the
potential section (:func:`gather_potential`) calls the Area potential page's
queries (:mod:`potential.queries`), the progress section
(:func:`gather_progress`) the Progress page's (:mod:`logbook.stats`, on the
Logbook store). Households come from the query layer already masked for
the report's viewer (:mod:`access.personal`), before any writer sees them;
where the Logbook is stored is printed only for roles with the system-info
right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import pandas as pd
from sqlalchemy.exc import SQLAlchemyError

from access.personal import sees_personal_data
from access.roles import SYSTEM_INFO, User
from display.labels import area_name, check_lang
from geo.areas import child_level
from logbook import stats as logbook_stats
from logbook import store as logbook_store
from potential import queries as potential_queries
from potential.distance import DEFAULT_DISTANCE_KM
from queries import figures

#: Levels a report can be made for (a governor's province, a district chief's district).
REPORT_LEVELS = ("province", "district")
#: Households listed in the "help first" section.
TOP_HOUSEHOLDS = 20


class ReportAreaError(ValueError):
    """The area is not a province or a district."""


@dataclass(frozen=True)
class ReportSettings:
    """What the report is made with: the app's filters, language and rights.

    Attributes
    ----------
    k : float or None
        Poverty cut-off in (0, 1]; None = TPMAP's union rule.
    dimensions : tuple of str or None
        Dimensions that count; None = all 5.
    welfare_card : {"all", "with", "without"}
    lang : {"th", "en"}
    viewer : User or None
        Who receives the report: personal data are masked for them
        (:mod:`access.personal`); None (default) is treated as a user without
        the personal-data right.
    top : int
        Households listed in the "help first" section.
    """

    k: float | None = None
    dimensions: tuple[str, ...] | None = None
    welfare_card: str = "all"
    lang: str = "th"
    viewer: User | None = None
    top: int = TOP_HOUSEHOLDS

    @property
    def personal_data(self) -> bool:
        """Whether the viewer receives names, house numbers and exact coordinates."""
        return sees_personal_data(self.viewer)


@dataclass
class ReportContent:
    """Everything a report shows, as gathered by :func:`gather`."""

    area: dict
    parent: dict | None
    settings: ReportSettings
    summary: dict
    children: pd.DataFrame
    child_level: str
    households: pd.DataFrame
    meta: dict
    generated_at: datetime = field(default_factory=datetime.now)
    #: The Area potential figures (:func:`gather_potential`); None for a build without them.
    potential: dict | None = None
    #: The Logbook progress figures (:func:`gather_progress`); None when not gathered.
    progress: dict | None = None

    @property
    def title(self) -> str:
        """Return the area's name with its province for a district ("อ.เมือง… จ.อุดรธานี")."""
        lang = self.settings.lang
        names = [self.area, *([self.parent] if self.parent else [])]
        text = [area_name(a["name_th"], a["name_en"], a["level"], lang) for a in names]
        return (" " if lang == "th" else ", ").join(text)

    @property
    def synthetic(self) -> bool:
        """Return True when the build's household data are synthetic."""
        return self.meta.get("synthetic") == "true"


def gather(
    con: duckdb.DuckDBPyConnection,
    code: str,
    settings: ReportSettings | None = None,
    now: datetime | None = None,
    logbook_url: str | None = None,
    logbook_frames: dict[str, pd.DataFrame] | None = None,
) -> ReportContent:
    """Return the figures of a province or district report.

    Parameters
    ----------
    con : DuckDB connection or cursor
        On the built store (:func:`queries.figures.connect`).
    code : str
        DOPA code of a province (2 digits) or district (4 digits).
    settings : ReportSettings, optional
        Filters, language and rights (defaults: TPMAP's rule, Thai, masked).
    now : datetime, optional
        Generation time (default: now, local time).
    logbook_url : str, optional
        SQLAlchemy URL of the Logbook (default ``settings.logbook_url()``,
        the app's); an unreachable store gives an "unavailable" progress
        section, not an error (:func:`gather_progress`).
    logbook_frames : dict, optional
        The area's Logbook rows already read from that store
        (:func:`logbook.stats.logbook_frames`; the app passes its shared
        cache, :func:`app_data.logbook_data.frames`), so they are not read again.

    Returns
    -------
    ReportContent
        ``summary`` as :func:`~queries.figures.area_summary`; ``children``
        one row per child area (:func:`~queries.figures.child_measures`);
        ``households`` the top ranked MPI-poor households, masked for
        ``settings.viewer``.

    Raises
    ------
    geo.areas.UnknownAreaError
        If the code is malformed or not in the build.
    ReportAreaError
        If the area is a subdistrict or village.
    ValueError
        For a bad k, dimension, card filter or language.
    """
    settings = settings or ReportSettings()
    check_lang(settings.lang)
    area = figures.area(con, code)
    if area["level"] not in REPORT_LEVELS:
        raise ReportAreaError(
            f"area {code} is a {area['level']}: reports are made for a province (2 digits) "
            "or a district (4 digits)"
        )
    dims: Sequence[str] | None = settings.dimensions
    filters = (settings.k, dims, settings.welfare_card)
    summary = figures.area_summary(con, code, *filters)
    households = figures.urgent_households(
        con, code, *filters, limit=settings.top, viewer=settings.viewer
    )
    return ReportContent(
        area=area,
        parent=figures.area(con, area["parent_code"]) if area["level"] == "district" else None,
        settings=settings,
        summary=summary,
        children=figures.child_measures(con, code, *filters),
        child_level=child_level(area["level"]) or "village",
        households=households,
        meta=figures.meta(con),
        generated_at=now or datetime.now().astimezone(),
        potential=gather_potential(con, code, settings),
        progress=gather_progress(
            con,
            code,
            logbook_url,
            show_store=settings.viewer is not None and settings.viewer.can(SYSTEM_INFO),
            frames=logbook_frames,
        ),
    )


def gather_potential(
    con: duckdb.DuckDBPyConnection,
    code: str,
    settings: ReportSettings | None = None,
    distance_km: float = DEFAULT_DISTANCE_KM,
) -> dict | None:
    """Return the Area potential figures of an area through :mod:`potential.queries`.

    The same query functions the Area potential page calls, with the report's
    filters for the distance analysis (as the page passes the app's).

    Returns
    -------
    dict or None
        ``sources`` (:func:`~potential.queries.sources`), ``facilities``
        (kind -> count), ``centres``, ``staff`` (by level), ``projects``,
        ``economy`` (dict or None), ``access`` (the area's totals of
        :func:`~potential.queries.access_table`) and ``distance_km``; None
        when the build has no potential tables (a build older than them).
    """
    settings = settings or ReportSettings()
    try:
        sources = potential_queries.sources(con)
    except duckdb.CatalogException:
        return None
    filters = (settings.k, settings.dimensions, settings.welfare_card)
    try:
        _by_child, access = potential_queries.access_table(con, code, distance_km, *filters)
    except (duckdb.BinderException, duckdb.CatalogException):  # no distance columns
        return None
    return {
        "sources": sources,
        "facilities": potential_queries.facility_counts(con, code),
        "centres": potential_queries.centres(con, code),
        "staff": potential_queries.staff_by_level(con, code),
        "projects": potential_queries.projects(con, code),
        "economy": potential_queries.economy(con, code[:2]),
        "access": access,
        "distance_km": distance_km,
    }


def gather_progress(
    con: duckdb.DuckDBPyConnection,
    code: str,
    logbook_url: str | None = None,
    *,
    show_store: bool = False,
    frames: dict[str, pd.DataFrame] | None = None,
) -> dict:
    """Return the progress of an area from the Logbook through :mod:`logbook.stats`.

    The same functions, on the same build connection, as the Progress page
    (``app_data/logbook_data.py``), so the figures are equal to the app's.
    They do not depend on the report's filters: the targets are TPMAP's
    target poor (group 1.1) plus the households added as missed
    (:mod:`logbook.stats`, DOMAIN.md §5).

    Parameters
    ----------
    con : DuckDB connection or cursor
        On the built store.
    code : str
        Province or district code.
    logbook_url : str, optional
        SQLAlchemy URL of the store; default ``settings.logbook_url()``.
    show_store : bool
        Whether ``store`` names where the data are stored (the URL, password
        hidden); otherwise only the kind of database. True only for roles
        with the system-info right (issue 11).
    frames : dict, optional
        The area's rows of that store as :func:`logbook.stats.logbook_frames`
        returns them, read before (about 1.3 s of a 3 s PDF for province 41
        with the synthetic Logbook, issue 13); None to read them here.

    Returns
    -------
    dict
        ``store`` (see ``show_store``), ``available`` (bool) and, when
        False, ``reason`` (one line: why the store could not be read). When
        available: ``summary`` (:func:`logbook.stats.summary`), ``children``
        (:func:`~logbook.stats.by_child`, one row per child area),
        ``months`` (:func:`~logbook.stats.by_month`), ``by_dimension`` and
        ``by_agency`` (:func:`~logbook.stats.help_breakdown`) and
        ``synthetic`` (any of the area's records synthetic,
        :func:`~logbook.stats.has_synthetic`).

    Notes
    -----
    Never raises for the store: an unreachable database
    (:class:`logbook.store.StoreUnavailableError`), a failed migration or
    read (:class:`~logbook.store.StoreError`), a malformed URL or missing
    driver (SQLAlchemy errors) or an unwritable SQLite folder (``OSError``)
    all give ``available=False`` with the reason.
    """
    try:
        where = logbook_store.describe(logbook_url, full=show_store)
    except SQLAlchemyError:
        where = "?"
    try:
        if frames is None:
            frames = logbook_stats.logbook_frames(logbook_store.engine_for(logbook_url), code)
    except (logbook_store.StoreError, SQLAlchemyError, OSError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return {"store": where, "available": False, "reason": reason}
    status = logbook_stats.target_status(con, frames, code)
    return {
        "store": where,
        "available": True,
        "synthetic": logbook_stats.has_synthetic(frames),
        "summary": logbook_stats.summary(status, code),
        "children": logbook_stats.by_child(con, status, code),
        "months": logbook_stats.by_month(status),
        "by_dimension": logbook_stats.help_breakdown(frames["help"], status, "dimension"),
        "by_agency": logbook_stats.help_breakdown(frames["help"], status, "agency"),
    }
