"""Bulk import of Logbook records from a CSV or XLSX file: validated, all-or-nothing.

File format (template ``templates/logbook/logbook_import.csv``): one row per
record, a ``record_type`` column (visit / help / stage / missed / subsidy /
status / assign / referral / correction) and
the columns of :data:`logbook.records.COLUMNS`; CSV in UTF-8 (a BOM is
fine), XLSX on its first sheet. Every row is validated
(:func:`logbook.records.validate_record`); any error means nothing is
stored and the report lists each error with its spreadsheet row number (the
header is row 1) and column. Valid files are written in one transaction, in
chunks with progress; rows already in the store (same content) are skipped,
so importing the same file twice adds nothing.
"""

from __future__ import annotations

import hashlib
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
from sqlalchemy import Engine, select

from logbook import store
from logbook.cases import lookup_records
from logbook.models import MissedHousehold
from logbook.records import ALL_COLUMNS, Context, RecordError, validate_record
from logbook.snap import snap_to_villages

#: Stop collecting errors after this many (the report says there were more).
MAX_ERRORS = 1000


class ImportFileError(ValueError):
    """The file cannot be read as an import table (format, encoding, columns)."""


@dataclass
class RowError:
    """One invalid cell: spreadsheet row number (header = 1), column, message, value.

    ``key`` and ``values`` name the rule broken (:class:`logbook.records.RecordError`),
    so the app can say it in the user's language.
    """

    row: int
    column: str
    message: str
    value: str = ""
    key: str = "invalid"
    values: dict = field(default_factory=dict)


@dataclass
class ImportReport:
    """Outcome of an import.

    ``rows_added`` + ``rows_skipped`` = ``rows_read`` when the import was
    written; with ``errors`` nothing was written and ``rows_added`` is 0.
    """

    file_name: str
    rows_read: int = 0
    rows_added: int = 0
    rows_skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    more_errors: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the file was valid and written."""
        return not self.errors

    def errors_frame(self) -> pd.DataFrame:
        """Return the errors as a frame (row, column, message, value) for display or CSV."""
        return pd.DataFrame(
            [(e.row, e.column, e.message, e.value) for e in self.errors],
            columns=["row", "column", "message", "value"],
        )


def read_table(data: bytes, file_name: str) -> pd.DataFrame:
    """Read an import file into a frame of raw cell values (strings for CSV).

    Raises
    ------
    ImportFileError
        For an unknown extension, an unreadable file, a missing
        ``record_type`` column or unknown columns (the message names the file
        and the columns).
    """
    suffix = Path(file_name).suffix.lower()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(
                io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig"
            )
        elif suffix == ".xlsx":
            frame = pd.read_excel(io.BytesIO(data), dtype=object, engine="openpyxl")
        else:
            raise ImportFileError(f"{file_name}: use a .csv or .xlsx file, not {suffix or 'none'}")
    except ImportFileError:
        raise
    except UnicodeDecodeError:
        raise ImportFileError(f"{file_name}: not UTF-8 text; save the CSV as UTF-8") from None
    except Exception as exc:  # pandas/openpyxl raise many kinds for a broken file
        raise ImportFileError(f"{file_name}: cannot be read ({exc})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if "record_type" not in frame.columns:
        raise ImportFileError(f"{file_name}: no 'record_type' column (found {list(frame.columns)})")
    unknown = [c for c in frame.columns if c not in ALL_COLUMNS]
    if unknown:
        raise ImportFileError(
            f"{file_name}: unknown column(s) {', '.join(unknown)}; known: {', '.join(ALL_COLUMNS)}"
        )
    return frame


def household_lookup(
    con: duckdb.DuckDBPyConnection, engine: Engine, ids: list[str]
) -> dict[str, str]:
    """Return {household_id: village_code} for ids in the build or added as missed households."""
    unique = sorted({str(i).strip() for i in ids if i is not None})
    if not unique:
        return {}
    found = dict(
        con.execute(
            "SELECT household_id, village_code FROM households "
            "WHERE household_id IN (SELECT unnest(?))",
            [unique],
        ).fetchall()
    )
    missing = [i for i in unique if i not in found and i.startswith("N")]
    if missing:
        table = MissedHousehold.__table__
        rows = store.read(
            engine,
            select(table.c.household_id, table.c.village_code).where(
                table.c.household_id.in_(missing)
            ),
        )
        found.update(dict(rows))
    return found


def validate_table(
    frame: pd.DataFrame,
    con: duckdb.DuckDBPyConnection,
    engine: Engine,
    scope: str | None,
    today: date,
    build_dir: Path | None = None,
) -> tuple[list[dict], list[RowError], bool]:
    """Validate every row; return (store rows, errors, whether errors were cut at MAX_ERRORS)."""
    records = frame.to_dict("records")
    lookup = household_lookup(con, engine, [r.get("household_id") for r in records])
    requested: dict[str, dict] = {}  # referrals requested earlier in this file

    def stored_or_requested(kind: str, column: str, values) -> dict:
        found = lookup_records(engine, kind, column, values)
        if kind == "referral" and column == "referral_id":
            found.update({v: requested[v] for v in values if v in requested and v not in found})
        return found

    ctx = Context(
        lambda ids: {i: lookup.get(i) for i in ids if i in lookup},
        scope,
        today,
        records=stored_or_requested,
    )
    villages = _snap_missed(records, build_dir)
    rows: list[dict] = []
    errors: list[RowError] = []
    for index, raw in enumerate(records):
        kind = str(raw.get("record_type") or "").strip()
        if kind == "missed":
            raw = {**raw, "village_code": villages.get(index)}
        try:
            row = validate_record(kind, raw, ctx)
            rows.append(row)
            if kind == "referral" and row["referral_status"] == "requested":
                requested.setdefault(row["referral_id"], row)
        except RecordError as exc:
            errors.append(
                RowError(index + 2, exc.column, exc.message, _cell(exc.value), exc.key, exc.values)
            )
            if len(errors) >= MAX_ERRORS:
                return rows, errors, index + 1 < len(records)
    return rows, errors, False


def _cell(value: object) -> str:
    return "" if value is None else str(value)[:100]


def _snap_missed(records: list[dict], build_dir: Path | None) -> dict[int, str | None]:
    points = {}
    for index, raw in enumerate(records):
        if str(raw.get("record_type") or "").strip() != "missed":
            continue
        try:
            points[index] = (float(raw.get("lat")), float(raw.get("lon")))
        except (TypeError, ValueError):
            continue  # validate_record names the bad cell
    if not points:
        return {}
    codes = snap_to_villages(
        [p[0] for p in points.values()], [p[1] for p in points.values()], build_dir
    )
    return dict(zip(points, codes, strict=True))


def import_file(
    data: bytes,
    file_name: str,
    *,
    user: str,
    scope: str | None,
    engine: Engine,
    con: duckdb.DuckDBPyConnection,
    today: date | None = None,
    build_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Validate and import a file; nothing is written unless every row is valid.

    Parameters
    ----------
    data, file_name : bytes, str
        File content and name (the extension chooses CSV or XLSX).
    user : str
        Username recorded as ``recorded_by`` and ``imported_by``.
    scope : str or None
        The user's area; rows outside it are errors.
    engine, con
        The Logbook store and the read-only build.
    today : date, optional
        Latest allowed date (default today).
    progress : callable, optional
        ``progress(done, total)`` while writing.

    Raises
    ------
    ImportFileError
        If the file cannot be read as a table.
    logbook.store.StoreError
        If the store fails while writing (nothing is stored).
    """
    started = time.perf_counter()
    frame = read_table(data, file_name)
    report = ImportReport(file_name, rows_read=len(frame))
    rows, report.errors, report.more_errors = validate_table(
        frame, con, engine, scope, today or date.today(), build_dir
    )
    if report.errors:
        report.seconds = time.perf_counter() - started
        return report
    stamp = {"recorded_by": user, "recorded_at": store.now(), "source": "import"}
    batch = {
        "file_name": file_name[:255],
        "file_sha256": hashlib.sha256(data).hexdigest(),
        "rows_read": len(rows),
        "imported_by": user,
        "imported_at": stamp["recorded_at"],
    }
    report.rows_added = store.add_records(
        engine, [{**row, **stamp} for row in rows], batch=batch, progress=progress
    )
    report.rows_skipped = len(rows) - report.rows_added
    report.seconds = time.perf_counter() - started
    return report
