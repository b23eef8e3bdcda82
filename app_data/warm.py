"""Fill the shared caches as the server starts, before the first official signs in (issue 13).

A freshly started server answered the first sign-in in 13-14 s on the pilot
build (``benchmarks.page_time``), against 2-3 s for the next: the first
script run imported the page modules (folium, pydeck, plotly, SQLAlchemy,
alembic, pandera: about 2.5 s of a 4.8 s run, profiled with
``benchmarks.profile_server``) and filled the build's caches (the DuckDB
connection of each round, the boundaries, the country's and provinces'
figures: about 1 s more). ``serve.py`` does the first while the server
starts; :func:`warm_up` the second in a background thread, with the
same cached functions and the same keys the pages use, so the first user
finds them filled. Nothing here is shown to anyone, and no user's data or
rights are involved: the figures are the unmasked area aggregates every
role may see, before any scope is applied.
"""

from __future__ import annotations

import logging
import time

from app_data import data

_LOGGER = logging.getLogger(__name__)

#: Seconds the background warm-up may take; it stops after the area it is on.
WARM_BUDGET_S = 120.0


def warm_up(budget_s: float = WARM_BUDGET_S) -> dict:
    """Fill the caches the Overview reads: the country, each province, then their districts.

    For the latest survey round and the one before it (the Overview's KPI
    changes), with the sidebar's default filters (:class:`app_data.data.Filters`):
    the build metadata, the boundaries of each level, and per area (the
    country first, then the provinces in code order, then each province's
    districts, where a click on a province's map leads) its record, outline,
    children, summary, child measures and context counts. Stops before the
    first area that would start after ``budget_s`` seconds (a national build
    has 77 provinces and 928 districts).

    Returns
    -------
    dict
        ``areas`` (how many were warmed), ``seconds``, and ``error`` (text)
        when the build could not be read; never raises, since a failed
        warm-up only leaves the caches to the first user.
    """
    t0 = time.monotonic()
    areas = 0
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
        pending: list[str | None] = [None, *provinces]
        while pending and time.monotonic() - t0 <= budget_s:
            code = pending.pop(0)
            if code is not None:
                data.area(latest, code)
                data.outline(latest, code)
            children = data.children(latest, code)
            data.context(latest, code)
            for build in rounds:
                data.summary(build, code, filters)
                data.child_measures(build, code, filters)
            if code in provinces:  # then the districts, where a click on the map goes
                pending += children["code"].tolist()
            areas += 1
    except Exception as error:  # noqa: BLE001 - a warm-up never stops the server
        _LOGGER.warning("cache warm-up stopped: %s", error)
        return {"areas": areas, "seconds": round(time.monotonic() - t0, 3), "error": str(error)}
    seconds = round(time.monotonic() - t0, 3)
    _LOGGER.info("cache warm-up: %d areas in %.1f s", areas, seconds)
    return {"areas": areas, "seconds": seconds}
