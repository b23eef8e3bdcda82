"""Export of the searched households (CSV, XLSX; household or person level), built on demand.

The file is made only when asked, with a progress bar, through
:func:`exports.households.export_for_user`: the one path that checks the
export right and the area scope, masks personal data by the user's rights
and writes the audit-log row (:func:`access.downloads.release`). The
finished file is kept in the session for its download button until the
search changes, and shown through :func:`components.downloads.serve_file`
(this browser only).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import streamlit as st

from access.roles import AccessDeniedError, User
from app_data import data
from components.downloads import may_offer_files, serve_file
from components.formats import fmt_int, plain
from components.i18n import lang, t
from exports.households import FORMATS, LEVELS, XLSX_MAX_ROWS, ExportError, export_for_user
from queries.search import SearchSpec, SearchSpecError

EXPORT_KEY = "hs_export"


def export_error_text(error: Exception) -> str:
    """Return the message of a refused export in the session language."""
    if isinstance(error, AccessDeniedError):
        return f"{t('access_denied')} ({plain(error, 300)})"
    key = getattr(error, "key", None)
    prefix = "export_error_" if isinstance(error, ExportError) else "search_error_"
    values = {k: plain(v) for k, v in getattr(error, "values", {}).items()}
    try:
        return t(prefix + str(key), **values)
    except KeyError:
        return plain(error, 300)


def file_name(spec: SearchSpec, level: str, fmt: str) -> str:
    """Return the download's file name: tpmap_<area>_<level>_<date-time>.<fmt>."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
    return f"tpmap_{spec.area_code or 'all'}_{level}_{stamp}.{fmt}"


def make_export(user: User, spec: SearchSpec, level: str, fmt: str, sort: tuple) -> None:
    """Build the file now (progress bar), keep it in the session, or show why it was refused."""
    bar = st.progress(0.0, text=t("export_progress", done="0", total="…"))

    def progress(done: int, total: int) -> None:
        bar.progress(
            min(done / max(total, 1), 1.0),
            text=t("export_progress", done=fmt_int(done), total=fmt_int(total)),
        )

    name = file_name(spec, level, fmt)
    with tempfile.TemporaryDirectory(prefix="tpmap-export-") as folder:
        path = Path(folder) / name
        try:
            result = export_for_user(
                data.cursor(),
                user,
                spec,
                level,
                fmt,
                path,
                source="app",
                lang=lang(),
                sort=sort[0],
                descending=sort[1],
                progress=progress,
            )
        except (ExportError, SearchSpecError, AccessDeniedError) as exc:
            bar.empty()
            st.session_state.pop(EXPORT_KEY, None)
            st.error(export_error_text(exc), icon=":material/block:")
            return
        content = path.read_bytes()
    bar.empty()
    st.session_state[EXPORT_KEY] = {
        "spec": spec,
        "level": level,
        "fmt": fmt,
        "name": name,
        "data": content,
        "rows": result.rows,
        "seconds": result.seconds,
    }


def export_panel(user: User, spec: SearchSpec, count: int, personal_data: bool) -> None:
    """Draw the export choices, the make button and, once made, the download button."""
    if not may_offer_files(user):
        return
    st.caption(t("export_full") if personal_data else t("export_masked"))
    c1, c2, c3 = st.columns([2, 1, 1])
    level = c1.radio(
        t("export_level"),
        list(LEVELS),
        key="hs_export_level",
        format_func=lambda v: t(f"level_{v}"),
        horizontal=True,
    )
    fmt = c2.radio(
        t("export_format"),
        list(FORMATS),
        key="hs_export_format",
        format_func=str.upper,
        horizontal=True,
    )
    if fmt == "xlsx" and level == "household" and count > XLSX_MAX_ROWS:
        st.warning(
            t("export_error_xlsx_too_long", rows=fmt_int(count), limit=fmt_int(XLSX_MAX_ROWS))
        )
    sort = (st.session_state.get("hs_sort", "priority"), st.session_state.get("hs_desc", True))
    if c3.button(t("export_make"), key="hs_export_make", icon=":material/download:"):
        make_export(user, spec, level, fmt, sort)
    made = st.session_state.get(EXPORT_KEY)
    if made and (made["spec"], made["level"], made["fmt"]) == (spec, level, fmt):
        st.success(
            t("export_ready", rows=fmt_int(made["rows"]), seconds=f"{made['seconds']:.1f}"),
            icon=":material/task_alt:",
        )
        serve_file(
            user,
            made["data"],
            file_name=made["name"],
            fmt=made["fmt"],
            key="hs_download",
            label=t("export_download", name=made["name"]),
        )
