"""Area reports in PDF and XLSX (display part 06), for the app and the command line.

No Streamlit here: the Reports page (``components/reports.py``) and
``python -m reports`` both call :func:`generate`. The figures come from
:mod:`reports.content`, which uses the app's own queries (and, for the
progress section, the Logbook through :mod:`logbook.stats`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from access.roles import User
from display.labels import label
from reports.content import REPORT_LEVELS, ReportAreaError, ReportSettings, gather

FORMATS = ("pdf", "xlsx")
MIME = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

#: Reports whose map and charts are kept (issue 13: a PDF took 5-9 s, of
#: which the map and the two charts 1.5-3 s).
IMAGE_CACHE_ENTRIES = 32
_images: OrderedDict[tuple, dict[str, bytes]] = OrderedDict()
_images_lock = threading.Lock()

__all__ = [
    "FORMATS",
    "MIME",
    "REPORT_LEVELS",
    "ReportAreaError",
    "ReportSettings",
    "file_name",
    "generate",
]


def generate(
    con: duckdb.DuckDBPyConnection,
    code: str,
    fmt: str,
    build_dir: Path | str,
    *,
    lang: str = "th",
    k: float | None = None,
    dimensions: Sequence[str] | None = None,
    welfare_card: str = "all",
    viewer: User,
    progress: Callable[[float, str], None] | None = None,
    now: datetime | None = None,
    logbook_url: str | None = None,
    logbook_frames: dict[str, pd.DataFrame] | None = None,
) -> bytes:
    """Return the report of a province or district as PDF or XLSX bytes.

    Parameters
    ----------
    con : DuckDB connection or cursor
        On the built store in ``build_dir``.
    code : str
        Province (2 digits) or district (4 digits) DOPA code.
    fmt : {"pdf", "xlsx"}
    build_dir : Path or str
        Build folder (the PDF's map reads its GeoParquet boundaries).
    lang : {"th", "en"}
    k, dimensions, welfare_card
        The app's filters (:class:`reports.content.ReportSettings`).
    viewer : User
        Who receives the report: personal data are masked for them
        (:mod:`access.personal`), and only roles with the system-info right
        see where the Logbook is stored.
    progress : callable, optional
        Called as ``progress(fraction 0-1, message)`` between steps.
    now : datetime, optional
        Generation time printed in the report (default now).
    logbook_url : str, optional
        SQLAlchemy URL of the Logbook read for the progress section (default
        ``settings.logbook_url()``, the app's store). An unreachable store
        does not fail the report: its progress section says why it is
        unavailable.
    logbook_frames : dict, optional
        The area's Logbook rows already read from that store
        (:func:`reports.content.gather`), not read again.

    Raises
    ------
    ValueError
        For an unknown format or language, a bad filter, or (as
        :class:`ReportAreaError`) a subdistrict or village.
    geo.areas.UnknownAreaError
        If the area code is not in the build.
    reports.fonts.ThaiFontMissingError
        For a PDF when no Thai font is installed.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
    report = progress or (lambda _fraction, _message: None)
    report(0.05, label("step_figures", lang))
    settings = ReportSettings(
        k=k,
        dimensions=tuple(dimensions) if dimensions else None,
        welfare_card=welfare_card,
        lang=lang,
        viewer=viewer,
    )
    content = gather(
        con, code, settings, now=now, logbook_url=logbook_url, logbook_frames=logbook_frames
    )
    if fmt == "xlsx":
        from reports.xlsx import build_xlsx

        report(0.5, label("step_write", lang))
        data = build_xlsx(content)
    else:
        from reports.pdf import build_pdf

        report(0.25, label("step_charts", lang))
        images = report_images(content, Path(build_dir), code, settings)
        report(0.7, label("step_write", lang))
        data = build_pdf(content, images)
    report(1.0, label("step_done", lang))
    return data


def report_images(content, build_dir: Path, code: str, settings: ReportSettings) -> dict:
    """Return the PDF's map and charts (PNG bytes), made once per build, area, filters, language.

    They draw the build's figures of the area only (never personal data nor
    the Logbook), so the viewer is not part of the key; the build is keyed
    by its folder and the time its store was written (a rebuild draws anew).
    The last :data:`IMAGE_CACHE_ENTRIES` are kept in this process.

    Returns
    -------
    dict
        ``map``, ``dimensions``, ``indicators``: PNG bytes.
    """
    from reports import charts

    store = build_dir / "tpmap.duckdb"
    written = store.stat().st_mtime_ns if store.exists() else 0
    key: tuple = (str(build_dir), written, code, settings.k, settings.dimensions)
    key += (settings.welfare_card, settings.lang)
    with _images_lock:
        if key in _images:
            _images.move_to_end(key)
            return _images[key]
    made = {
        "map": charts.child_map_png(content, build_dir),
        "dimensions": charts.dimension_bar_png(content),
        "indicators": charts.indicator_bar_png(content),
    }
    with _images_lock:
        _images[key] = made
        while len(_images) > IMAGE_CACHE_ENTRIES:
            _images.popitem(last=False)
    return made


def file_name(code: str, fmt: str, moment: datetime | None = None) -> str:
    """Return a download name such as ``tpmap_report_41_2026-11-25.pdf``."""
    day = (moment or datetime.now()).strftime("%Y-%m-%d")
    return f"tpmap_report_{code}_{day}.{fmt}"
