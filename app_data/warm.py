"""Fill the shared caches as the server starts, before the first official signs in (issue 13).

A freshly started server answered the first sign-in in 13-14 s on the pilot
build (``benchmarks.page_time``), against 2-3 s for the next: the first
script run imported the page modules (folium, pydeck, plotly, SQLAlchemy,
alembic, pandera: about 2.5 s of a 4.8 s run, profiled with
``benchmarks.profile_server``) and filled the build's caches (the DuckDB
connection of each round, the boundaries, the country's and provinces'
figures: about 1 s more). ``serve.py`` does both in a background thread
once Streamlit's runtime is up: the imports itself, the caches through
:func:`warm_up`, with the same cached functions and the same keys the pages
use, so the first user finds them filled. Nothing here is shown to anyone:
the cached figures are area aggregates, and the Logbook rows stay inside
the caches the pages already share (only figures, and lists through
:func:`access.personal.protect`, reach a page); every page still applies
the user's scope and masking when it reads them.
"""

from __future__ import annotations

import logging
import time

import settings
from app_data import data, logbook_data, potential_data
from logbook.store import StoreUnavailableError
from poverty.scenario import WITHOUT_CARD

_LOGGER = logging.getLogger(__name__)

#: Seconds the background warm-up may take; it stops after the area it is on.
WARM_BUDGET_S = 120.0


def warm_up(budget_s: float = WARM_BUDGET_S, subdistricts: bool | None = None) -> dict:
    """Fill the shared caches of the first views (Overview, Progress, Change, potential, scenarios).

    In this order, each step for as long as the budget lasts:

    1. the Overview of the country and of each province (code order), for
       the latest survey round and the one before it (the KPI changes), with
       the sidebar's default filters (:class:`app_data.data.Filters`): the
       build metadata, the boundaries of each level, and per area its
       record, outline, children, summary, child measures and context counts;
    2. the Progress and Change pages of the country and the provinces, the
       ones with the most households first (as many as
       :data:`app_data.logbook_data.FRAMES_ENTRIES` keeps cached):
       the Logbook rows and progress tables at the Logbook's current version,
       the transitions and trends between the last two rounds, and the help
       outcomes of the fiscal year before the last round; skipped, and said
       in ``logbook``, when the Logbook cannot be read;
    3. the country view of the Area potential page
       (:func:`app_data.potential_data.province_potential`: each province's
       economy, centres, projects and access at the default distance, which
       the province's own page reads too; 7.7 s at first on the national
       build);
    4. the Scenarios page of the country as it opens: the comparison of
       :data:`poverty.scenario.WITHOUT_CARD` with today's rule and the count
       of households joining (the list of them is masked for each viewer
       and not warmed);
    5. the Overview of every district (where a click on a province's map
       leads), as in 1;
    6. unless ``subdistricts`` is False (None: :func:`settings.warm_subdistricts`),
       the Overview of every subdistrict (where a click on a district's map
       leads), as in 1, and its village points. On the pilot build this took
       the 50-person load test's p95 from 4.55 s to 1.27 s (README,
       "Performance"): most of its subdistrict views were first views.

    An area starts only while ``budget_s`` seconds have not passed (a
    national build has 77 provinces, 928 districts and 7,436 subdistricts:
    its budget of 120 s ran out after 174 subdistricts).

    Returns
    -------
    dict
        ``areas`` (Overviews warmed), ``subdistricts`` (of them, subdistricts),
        ``logbook_areas`` (Progress and Change pages warmed), ``potential`` and
        ``scenarios`` (True once step 3, step 4 is done), ``seconds``;
        ``error`` (text) when the build could not be read, ``logbook`` when
        the Logbook could not. Never raises: a failed warm-up only leaves the
        caches to the first user.
    """
    t0 = time.monotonic()
    if subdistricts is None:
        subdistricts = settings.warm_subdistricts()
    out: dict = {"areas": 0, "logbook_areas": 0, "subdistricts": 0}

    def in_time() -> bool:
        return time.monotonic() - t0 <= budget_s

    try:
        root = data.root_key()
        years = data.survey_years(root)
        rounds = [data.round_key(year) for year in years[-2:]] or [root]
        latest = rounds[-1]
        data.meta(latest)
        for level in data.LEVEL_FILES:
            data.geometry(latest, level)
        filters = data.Filters()
        provinces = data.children(latest, None)["code"].tolist()

        def overview(code: str | None) -> None:
            if code is not None:
                data.area(latest, code)
                data.outline(latest, code)
            data.children(latest, code)
            data.context(latest, code)
            for build in rounds:
                data.summary(build, code, filters)
                data.child_measures(build, code, filters)
            out["areas"] += 1

        for code in [None, *provinces]:
            if in_time():
                overview(code)
        # The provinces with the most households first: theirs are the slowest first
        # views (the national build's largest, 30, took 3.4 s to a finished Progress
        # page in Chromium when it was not among the first in code order).
        sizes = data.child_measures(latest, None, filters)
        largest = sizes.sort_values(["households", "code"], ascending=[False, True])["code"]
        try:
            for code in [None, *largest][: logbook_data.FRAMES_ENTRIES]:
                if in_time():
                    _progress_and_change(root, latest, years, code, filters)
                    out["logbook_areas"] += 1
        except StoreUnavailableError as error:
            out["logbook"] = str(error)
        if in_time():
            potential_data.province_potential(latest, filters)
            out["potential"] = True
        if in_time():  # the Scenarios page as it opens, for the country
            data.scenario_comparison(latest, None, (WITHOUT_CARD,), 0.0, ())
            data.scenario_changed_count(latest, None, WITHOUT_CARD, "joined", None, None)
            out["scenarios"] = True
        districts = [
            code for province in provinces for code in data.children(latest, province)["code"]
        ]
        for code in districts:
            if in_time():
                overview(code)
        # Where a click on a district's map leads: the subdistrict's Overview and its
        # villages (the household points are masked per viewer and not warmed).
        for district in districts if subdistricts else ():
            if not in_time():
                break
            for code in data.children(latest, district)["code"]:
                if in_time():
                    overview(code)
                    data.village_points(latest, code)
                    out["subdistricts"] += 1
    except Exception as error:  # noqa: BLE001 - a warm-up never stops the server
        _LOGGER.warning("cache warm-up stopped: %s", error)
        out["error"] = str(error)
    out["seconds"] = round(time.monotonic() - t0, 3)
    _LOGGER.info("cache warm-up: %s", out)
    return out


def _progress_and_change(
    root: str, latest: str, years: tuple[int, ...], code: str | None, filters: data.Filters
) -> None:
    """Fill the caches the Progress and Change pages read first for one area."""
    logbook = logbook_data.url()
    version = logbook_data.version()
    logbook_data.progress(latest, logbook, code, version)
    if len(years) < 2:
        return
    data.change(root, code, years[-2], years[-1], filters)
    data.trend(root, code, filters, False)
    data.trend(root, code, filters, True)
    data.outcomes(root, logbook, code, years[-2], version)
