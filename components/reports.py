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

import reports
from access.roles import PERSONAL_DATA
from components import auth, data
from components.i18n import lang, t

FORMAT_LABELS = {"pdf": "PDF", "xlsx": "Excel (XLSX)"}
_KEPT = "_report_file"


def _request(code: str, fmt: str, filters: data.Filters) -> tuple:
    """Return what a built report depends on (compared with the kept one)."""
    return (data.build_key(), code, fmt, filters, lang())


def _may_see_personal_data() -> bool:
    """Return True when the signed-in user has the personal-data right."""
    user = auth.current_user()
    return bool(user and user.can(PERSONAL_DATA))


def _build(code: str, fmt: str, filters: data.Filters) -> bytes:
    """Generate the report with a status box and a progress bar; return its bytes."""
    start = time.perf_counter()
    with st.status(t("report_building"), expanded=True) as status:
        bar = st.progress(0.0)
        content = reports.generate(
            data.cursor(),
            code,
            fmt,
            data.build_key(),
            lang=lang(),
            k=filters.k,
            dimensions=filters.dimensions,
            welfare_card=filters.welfare_card,
            personal_data=_may_see_personal_data(),  # masked otherwise (DOMAIN.md §8)
            progress=lambda fraction, message: bar.progress(fraction, text=message),
        )
        seconds = time.perf_counter() - start
        status.update(label=t("report_ready", seconds=f"{seconds:.1f}"), state="complete")
    return content


def report_builder(code: str | None, filters: data.Filters) -> None:
    """Draw the format choice, the build button and, once built, the download button.

    Only a province or a district can be reported on; otherwise an info
    message asks for one.
    """
    info = data.area(data.build_key(), code) if code else None
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
    st.caption(t("report_masked"))
    request = _request(code, fmt, filters)
    if st.button(t("report_build"), key="report_build", type="primary", icon=":material/build:"):
        st.session_state[_KEPT] = (request, _build(code, fmt, filters))
    kept = st.session_state.get(_KEPT)
    if kept and kept[0] == request:
        st.download_button(
            t("report_download"),
            data=kept[1],
            file_name=reports.file_name(code, fmt),
            mime=reports.MIME[fmt],
            key="report_download",
            icon=":material/download:",
            on_click="ignore",
        )
