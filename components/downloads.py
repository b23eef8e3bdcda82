"""The one download path of the app: every file a user takes away is offered here.

A page asks for a file with :func:`file_download` (a frame or bytes made on
request) or, when the file was already made and released elsewhere (the
household export, which the command line shares), shows it with
:func:`serve_file`. Either way:

1. a user whose role has no export right gets a message and no button;
2. the file is made only when the user asks (a button), already masked
   (frames come from the query layer through :mod:`access.personal`), with
   formula-like cells neutralised (:mod:`access.downloads`);
3. :func:`access.downloads.release` checks the right and the area scope and
   writes exactly one audit row per file made;
4. the file is registered with :mod:`server.media_guard` for this browser
   only, so its ``/media/`` URL is refused to anyone else (no cookie, another
   browser, or after :data:`server.media_guard.TTL_S`); without the guard
   (the app not started through ``serve.py``) no file is offered.

Table toolbars offer no download at all (``client.disableDataExport`` in
``.streamlit/config.toml``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

import settings
from access.downloads import MIME, frame_to_csv, frame_to_xlsx, release
from access.roles import EXPORT, AccessDeniedError, User
from components.formats import fmt_int, plain
from components.i18n import t
from server import media_guard


@dataclass(frozen=True)
class Made:
    """A file made for a user: its bytes and the number of data rows it holds."""

    content: bytes
    rows: int


def _browser() -> str | None:
    """Return this browser's media-guard cookie, or None (no guard, or AppTest)."""
    try:
        return st.context.cookies.get(media_guard.COOKIE)
    except Exception:  # noqa: BLE001 - no request context (AppTest): no browser
        return None


def served_by_guard() -> bool:
    """Return whether a file may be offered: behind the guard, or with no HTTP request (AppTest)."""
    if media_guard.installed():
        return True
    try:
        return not dict(st.context.headers)
    except Exception:  # noqa: BLE001
        return True


def _register(content: bytes, fmt: str, file_name: str) -> None:
    """Register a file about to be shown with :mod:`server.media_guard` for this browser.

    The media id is the one Streamlit's in-memory storage gives the same
    bytes, type and name (``_calculate_file_id``; a test checks that a
    served file is fetched with the cookie and refused without it).
    """
    browser = _browser()
    if browser:
        from streamlit.runtime.memory_media_file_storage import _calculate_file_id

        media_guard.register(_calculate_file_id(content, MIME[fmt], file_name), browser)


def may_offer_files(user: User) -> bool:
    """Return whether files may be offered to ``user`` here; if not, say why on the page.

    Needs the export right and the media guard (the app served by ``serve.py``).
    """
    if not user.can(EXPORT):
        st.info(t("export_no_right"))
        return False
    if not served_by_guard():
        st.warning(t("download_needs_guard"))
        return False
    return True


def frame_file(frame: pd.DataFrame, fmt: str, *, sheet: str, about=(), comment=()) -> Made:
    """Return a frame as a CSV or XLSX :class:`Made` (cells neutralised).

    Parameters
    ----------
    frame : DataFrame
        Already masked for the receiving user (a query-layer frame).
    fmt : {"csv", "xlsx"}
    sheet : str
        XLSX data sheet name.
    about : sequence of (label, value)
        XLSX first-sheet rows (what the file holds).
    comment : sequence of str
        CSV header comment lines.
    """
    if fmt == "csv":
        return Made(frame_to_csv(frame, comment), len(frame))
    if fmt == "xlsx":
        return Made(frame_to_xlsx(frame, sheet, about), len(frame))
    raise ValueError(f"format must be csv or xlsx, got {fmt!r}")


def serve_file(
    user: User, content: bytes, *, file_name: str, fmt: str, key: str, label: str
) -> None:
    """Show the download button of a file already released for ``user`` (audit row written).

    The file is registered for this browser with :mod:`server.media_guard`.
    Nothing is shown to a user without the export right.
    """
    if not user.can(EXPORT):
        return
    _register(content, fmt, file_name)
    st.download_button(
        label,
        data=content,
        file_name=file_name,
        mime=MIME[fmt],
        key=key,
        on_click="ignore",
        type="primary",
    )


def file_download(
    user: User,
    *,
    key: str,
    what: str,
    area_code: str | None,
    filters: dict,
    level: str,
    fmt: str,
    file_name: str,
    personal_data: bool,
    make: Callable[[], Made],
    make_label: str | None = None,
) -> None:
    """Offer one file: a button that makes it, then its download button.

    Parameters
    ----------
    user : User
        The signed-in user (rights and scope are checked here).
    key : str
        Widget key prefix, unique on the page.
    what, area_code, filters, level, fmt, personal_data
        What the audit row records (:func:`access.downloads.release`).
    file_name : str
        Name of the downloaded file.
    make : callable
        Returns the :class:`Made` file; called only when the user asks.
    make_label : str, optional
        Label of the make button (default "Prepare file").

    Notes
    -----
    The made file is kept in the session for the same request (key, file
    name, filters) until another one is asked for.
    """
    if not may_offer_files(user):
        return
    request = (what, area_code, repr(sorted(filters.items())), level, fmt, file_name)
    state_key = f"_download_{key}"
    if st.button(make_label or t("download_prepare"), key=f"{key}_make"):
        try:
            made = make()
            release(
                user,
                what=what,
                area_code=area_code,
                filters=filters,
                level=level,
                fmt=fmt,
                rows=made.rows,
                personal_data=personal_data,
                source="app",
            )
        except AccessDeniedError as exc:
            st.session_state.pop(state_key, None)
            st.error(f"{t('access_denied')} ({plain(exc, 300)})")
            return
        st.session_state[state_key] = (request, made)
    kept = st.session_state.get(state_key)
    if kept and kept[0] == request:
        made = kept[1]
        st.caption(t("download_ready", rows=fmt_int(made.rows)))
        serve_file(
            user,
            made.content,
            file_name=file_name,
            fmt=fmt,
            key=f"{key}_download",
            label=t("download_file", name=plain(file_name)),
        )


#: Folder of public files (import templates) that hold no data of the build.
PUBLIC_TEMPLATES = settings.PROJECT_ROOT / "templates"


def public_template_download(relative_path: str, *, label: str, key: str) -> None:
    """Offer a committed template file (no data of the build) to any signed-in user.

    Only files inside ``templates/`` of the repository can be offered this
    way: they are public (they ship with the source), so no right is checked
    and no audit row is written. The file is registered for this browser like
    every other download.

    Raises
    ------
    ValueError
        If the path leaves ``templates/`` or names no file there.
    """
    path = (PUBLIC_TEMPLATES / relative_path).resolve()
    if not path.is_file() or PUBLIC_TEMPLATES.resolve() not in path.parents:
        raise ValueError(f"{relative_path!r} is not a file in {PUBLIC_TEMPLATES}")
    if not served_by_guard():
        st.warning(t("download_needs_guard"))
        return
    content = path.read_bytes()
    fmt = path.suffix.lstrip(".")
    _register(content, fmt, path.name)
    st.download_button(
        label, data=content, file_name=path.name, mime=MIME[fmt], key=key, on_click="ignore"
    )
