"""The Reports panel (display part 06): build an area report and download it.

The report is built by :func:`reports.generate` (no Streamlit) from the area
in the URL, the sidebar filters and the app language, so its figures are the
ones the other pages show. It is built only when asked (DESIGN.md: exports
are built on request) and kept in the session until the area, filters,
language or format change, so the download button survives reruns.
"""

from __future__ import annotations

import time

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

import reports
from access.personal import sees_personal_data
from app_data import data, logbook_data
from components import auth
from components.children import child_table, top_children_chart
from components.downloads import Made, file_download, frame_file
from components.i18n import lang, t
from components.kpi import render_kpis
from logbook.store import StoreError
from poverty.indicators import DIMENSION_CODES

FORMAT_LABELS = {"pdf": "PDF", "xlsx": "Excel (XLSX)"}


def _build(code: str, fmt: str, filters: data.Filters) -> Made:
    """Generate the report for the signed-in user with a status box and a progress bar."""
    start = time.perf_counter()
    with st.status(t("report_building"), expanded=True) as status:
        bar = st.progress(0.0)
        try:  # the area's Logbook rows from the cache the Progress page shares
            frames = logbook_data.frames(logbook_data.url(), code, logbook_data.version())
        except (StoreError, SQLAlchemyError, OSError):
            frames = None  # the report reads the store and says why it is unavailable
        content = reports.generate(
            data.cursor(),
            code,
            fmt,
            data.build_key(),
            lang=lang(),
            k=filters.k,
            dimensions=filters.dimensions,
            welfare_card=filters.welfare_card,
            viewer=auth.current_user(),  # masked by the user's rights (access.personal)
            progress=lambda fraction, message: bar.progress(fraction, text=message),
            logbook_frames=frames,
        )
        seconds = time.perf_counter() - start
        status.update(label=t("report_ready", seconds=f"{seconds:.1f}"), state="complete")
    return Made(content, 1)


def report_builder(code: str | None, filters: data.Filters) -> None:
    """Draw the format choice, the build button and, once built, the download button.

    Only a province or a district can be reported on; otherwise an info
    message asks for one. The file goes through :mod:`components.downloads`
    (export right, one audit row, this browser only).
    """
    if code is None:
        country_reports(filters)
        return
    info = data.area(data.build_key(), code)
    if info is None or info["level"] not in reports.REPORT_LEVELS:
        st.info(t("report_choose_area"))
        return
    st.caption(t("report_intro"))
    fmt = st.radio(
        t("report_format"),
        list(FORMAT_LABELS),
        key="report_format",
        format_func=FORMAT_LABELS.get,
        horizontal=True,
    )
    user = auth.current_user()
    personal = sees_personal_data(user)
    st.caption(t("report_personal") if personal else t("report_masked"))
    file_download(
        user,
        key="report",
        what="report",
        area_code=code,
        filters={
            "k": filters.k,
            "dimensions": list(filters.dimensions or ()),
            "welfare_card": filters.welfare_card,
            "lang": lang(),
        },
        level="area",
        fmt=fmt,
        file_name=reports.file_name(code, fmt),
        personal_data=personal,
        make=lambda: _build(code, fmt, filters),
        make_label=t("report_build"),
    )


#: Columns of the province table offered as CSV at the country level (no personal data).
PROVINCE_COLUMNS = (
    "code",
    "name_th",
    "name_en",
    "households",
    "persons",
    "poor_households",
    "poor_persons",
    "target_poor_persons",
    "poor_persons_without_card",
    "headcount_ratio",
    "intensity",
    "adjusted_headcount_ratio",
    *[f"dp_{d}" for d in DIMENSION_CODES],
)


def province_table(filters: data.Filters):
    """Return the provinces' figures as offered in the country CSV (:data:`PROVINCE_COLUMNS`).

    The figures of :func:`queries.figures.child_measures` at the top level
    (the same as the Overview's province table), one row per province in
    the build; ``dp_<dimension>`` are MPI-poor persons failing it.
    """
    table = data.child_measures(data.build_key(), None, filters)
    return table[list(PROVINCE_COLUMNS)]


def country_reports(filters: data.Filters) -> None:
    """Draw the country level of the Reports panel: national figures, provinces ranked, CSV.

    PDF and XLSX reports are made per province or district
    (:data:`reports.REPORT_LEVELS`); at the country level the panel shows the
    national key figures, the top 10 provinces by a chosen problem, the
    province table, and offers that table as CSV through the download path
    (export right, one audit row).
    """
    st.info(t("reports_country"))
    render_kpis(data.summary(data.build_key(), None, filters))
    top_children_chart(None, filters, key="reports_provinces")
    child_table(None, filters)
    table = province_table(filters)
    file_download(
        auth.current_user(),
        key="province_csv",
        what="area_figures",
        area_code=None,
        filters={
            "k": filters.k,
            "dimensions": list(filters.dimensions or ()),
            "welfare_card": filters.welfare_card,
        },
        level="area",
        fmt="csv",
        file_name="tpmap_provinces.csv",
        personal_data=False,
        make=lambda: frame_file(table, "csv", sheet="provinces"),
    )
