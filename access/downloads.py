"""The one gate for data leaving the system as a file: right, scope, audit, safe cells.

Every file a user takes away (CSV, XLSX, PDF; the household export, the
Progress page's list, a report, a data-quality list, a Logbook error report,
the audit log itself) is released through :func:`release`: it checks the
role's export right and the area scope (:mod:`access.roles`) and appends one
row to the audit log (:mod:`access.audit`). Files are written from frames
already masked by :mod:`access.personal`; :func:`neutralise_frame` and
:func:`neutralise_arrow` keep a cell that starts like a formula from running
in a spreadsheet (OWASP "CSV injection": a leading ``=``, ``+``, ``-``,
``@``, tab or carriage return gets a leading apostrophe).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

import settings
from access import audit
from access.roles import EXPORT, User, check_area, require_right

#: Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_REGEX = r"^[=+\-@\t\r]"
#: Media types of the file formats.
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "png": "image/png",
}
BOM = b"\xef\xbb\xbf"


def neutralise(value: object) -> object:
    """Return ``value`` with a leading apostrophe when it is text that starts like a formula.

    Examples
    --------
    >>> neutralise("=1+2")
    "'=1+2"
    >>> neutralise(-5)
    -5
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` whose text cells (and column names) are :func:`neutralise`-d."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = [neutralise(v) for v in out[column]]
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def neutralise_arrow(array: pa.Array) -> pa.Array:
    """Return a string ``array`` with formula-like cells prefixed by ``'``; others unchanged."""
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        return array
    risky = pc.fill_null(pc.match_substring_regex(array, _FORMULA_REGEX), False)
    if not pc.any(risky).as_py():
        return array
    prefixed = pc.binary_join_element_wise(pa.scalar("'", array.type), array, "")
    return pc.if_else(risky, prefixed, array)


def frame_to_csv(frame: pd.DataFrame, comment: Sequence[str] = ()) -> bytes:
    """Return ``frame`` as UTF-8 CSV with a byte-order mark (Excel shows Thai), cells neutralised.

    Parameters
    ----------
    frame : DataFrame
        Already masked for the receiving user.
    comment : sequence of str
        Lines written first, each as ``# line`` (what the file holds, counts).
    """
    head = "".join(f"# {line}\n" for line in comment)
    body = neutralise_frame(frame).to_csv(index=False)
    return BOM + (head + body).encode("utf-8")


def frame_to_xlsx(frame: pd.DataFrame, sheet: str, info: Sequence[tuple[str, str]] = ()) -> bytes:
    """Return ``frame`` as an XLSX workbook (openpyxl), text cells neutralised.

    Parameters
    ----------
    frame : DataFrame
        Already masked for the receiving user.
    sheet : str
        Name of the data sheet (at most 31 characters are kept).
    info : sequence of (label, value)
        Rows of a first sheet that says what the file holds.
    """
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        if info:
            pd.DataFrame([(neutralise(a), neutralise(b)) for a, b in info]).to_excel(
                writer, sheet_name="ข้อมูลไฟล์ (About)", index=False, header=False
            )
        neutralise_frame(frame).to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


def release(
    user: User,
    *,
    what: str,
    area_code: str | None,
    filters: dict,
    level: str,
    fmt: str,
    rows: int,
    personal_data: bool,
    source: str,
    os_account: str | None = None,
    audit_path=None,
) -> int:
    """Check that ``user`` may take this file away and write its audit row; return the row id.

    Call it once per file, after the file is made and before it is handed
    over (a failure to make the file writes nothing).

    Parameters
    ----------
    user : User
        Who receives the file.
    what : str
        The dataset (``households``, ``not_reached``, ``report``, ``quality``,
        ``audit_log``, ``logbook_errors`` …).
    area_code : str or None
        The area the file covers (None = all areas); must lie in the user's scope.
    filters : dict
        The conditions that chose the rows (stored as JSON).
    level, fmt : str
        Row level (``household``, ``person``, ``area`` …) and ``csv``/``xlsx``/``pdf``.
    rows : int
        Data rows in the file.
    personal_data : bool
        Whether names, IDs, house numbers or exact coordinates are unmasked in it.
    source : str
        ``app`` or ``cli``.
    os_account : str, optional
        Operating-system account that ran a command line.
    audit_path : path, optional
        The audit log (default ``settings.audit_db()``).

    Raises
    ------
    access.roles.AccessDeniedError
        The role has no export right, or the area lies outside the user's
        scope; nothing is logged.
    """
    require_right(user, EXPORT)
    check_area(user, area_code)
    return audit.record_export(
        audit_path or settings.audit_db(),
        user,
        what=what,
        area_code=area_code,
        filters=filters,
        level=level,
        fmt=fmt,
        rows=rows,
        personal_data=personal_data,
        source=source,
        os_account=os_account,
    )
