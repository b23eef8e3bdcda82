"""Bulk import of Logbook records from a CSV or XLSX file: validated, all-or-nothing, streamed.

File format (template ``templates/logbook/logbook_import.csv``): one row per
record, a ``record_type`` column (visit / help / stage / missed / subsidy /
status / assign / referral / correction) and
the columns of :data:`logbook.records.COLUMNS`; CSV in UTF-8 (a BOM is
fine), XLSX on its first sheet. Every row is validated
(:func:`logbook.records.validate_record`); any error means nothing is
stored and the report lists each error with its spreadsheet row number (the
header is row 1) and column. Rows already in the store (same content) are
skipped, so importing the same file twice adds nothing.

How a large file is imported (issue 13: a 1,000,000-row file held SQLite's
write lock for 72 s, two form saves failed, 2.35 GB of memory):

1. **check**: the file is read :data:`CHUNK_ROWS` rows at a time (pandas'
   chunked CSV reader; openpyxl's read-only sheet for XLSX) and each chunk
   validated; valid rows are spooled to a temporary file on disk, outside
   any store transaction. Memory holds one chunk, whatever the file's size.
2. **publish** (only when no row is invalid): the spooled chunks are read
   back and stored by :func:`logbook.store.publish`, in short transactions
   under a loading import batch on SQLite, by ``COPY`` in one transaction
   on PostgreSQL; either way readers see all the rows or none.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import tempfile
import time
from collections.abc import Callable, Iterator
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
#: Rows read and validated at a time (memory holds one chunk: about 40 MB as
#: pandas cells and Python dicts; 50,000 made a 300,000-row import peak at 500 MB).
CHUNK_ROWS = 20_000


class ImportFileError(ValueError):
    """The file cannot be read as an import table (format, encoding, columns).

    Parameters
    ----------
    file_name : str
        The file, as the user named it.
    key : str
        The problem; the screens and the command line say it with the label
        ``lb_file_<key>`` of :mod:`display.labels`, Thai first (``type``,
        ``encoding``, ``unreadable``, ``no_record_type``, ``unknown_columns``).
    **values
        Fields of that sentence (``row``, ``column``, ``found``, …).
    """

    def __init__(self, file_name: str, key: str, **values: object) -> None:
        self.file_name = file_name
        self.key = key
        self.values = values
        detail = ", ".join(f"{name}={value}" for name, value in values.items())
        super().__init__(f"{file_name}: {key} ({detail})")

    @property
    def label_values(self) -> dict:
        """Return the fields of the label: ``file`` and :attr:`values`."""
        return {"file": self.file_name, **self.values}


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


def read_table(data: bytes | Path, file_name: str) -> pd.DataFrame:
    """Read a whole import file into a frame of raw cell values (strings for CSV).

    For small files and tests; :func:`import_file` reads chunks
    (:func:`read_chunks`). The index is the spreadsheet row number minus 2.

    Raises
    ------
    ImportFileError
        As :func:`read_chunks`.
    """
    frames = list(read_chunks(data, file_name))
    return pd.concat(frames) if len(frames) > 1 else frames[0]


def read_chunks(
    data: bytes | Path, file_name: str, chunk_rows: int = CHUNK_ROWS
) -> Iterator[pd.DataFrame]:
    """Yield an import file ``chunk_rows`` rows at a time, as frames of raw cell values.

    Parameters
    ----------
    data : bytes or Path
        The file's content, or its path (read as it goes, never whole).
    file_name : str
        The name the user gave (its extension chooses CSV or XLSX).
    chunk_rows : int
        Rows per frame.

    Yields
    ------
    DataFrame
        Columns as in the file's header (stripped), at least one frame (an
        empty one for a file with a header only); the index is the
        spreadsheet row number minus 2 (row 2, the first data row, is 0).

    Raises
    ------
    ImportFileError
        For an unknown extension, a file that is not UTF-8 (CSV), cannot be
        read, has no ``record_type`` column or unknown columns; the message
        names the file (and the row where reading stopped, when known) in
        Thai and English. Raised before the first frame when the header is
        at fault.
    """
    suffix = Path(file_name).suffix.lower()
    if suffix == ".csv":
        frames = _csv_chunks(data, file_name, chunk_rows)
    elif suffix == ".xlsx":
        frames = _xlsx_chunks(data, file_name, chunk_rows)
    else:
        raise ImportFileError(file_name, "type", suffix=suffix or "-")
    first = True
    for frame in frames:
        frame.columns = [str(c).strip() for c in frame.columns]
        if first:
            _check_columns(frame, file_name)
            first = False
        yield frame


def _source(data: bytes | Path):
    return io.BytesIO(data) if isinstance(data, bytes) else data


def _csv_chunks(data, file_name: str, chunk_rows: int) -> Iterator[pd.DataFrame]:
    done = 0
    try:
        reader = pd.read_csv(
            _source(data),
            dtype=str,
            keep_default_na=False,
            encoding="utf-8-sig",
            chunksize=chunk_rows,
        )
        with reader:
            empty = True
            for frame in reader:
                empty = False
                done = int(frame.index[-1]) + 1 if len(frame) else done
                yield frame
            if empty:  # a header and no rows
                yield pd.read_csv(_source(data), dtype=str, nrows=0, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(file_name, "encoding", row=done + 2) from None
    except pd.errors.EmptyDataError:
        raise ImportFileError(file_name, "unreadable", row=1, reason="empty") from None
    except pd.errors.ParserError as exc:
        raise ImportFileError(file_name, "unreadable", row=done + 2, reason=_reason(exc)) from None
    except OSError as exc:
        raise ImportFileError(file_name, "unreadable", row=1, reason=_reason(exc)) from None


def _xlsx_chunks(data, file_name: str, chunk_rows: int) -> Iterator[pd.DataFrame]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(_source(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl/zipfile raise many kinds for a broken file
        raise ImportFileError(file_name, "unreadable", row=1, reason=_reason(exc)) from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ImportFileError(file_name, "unreadable", row=1, reason="empty")
        header = [("" if c is None else str(c)) for c in header]
        while header and header[-1] == "":
            header.pop()
        values: list[tuple] = []
        numbers: list[int] = []
        row_number = 1
        for row in rows:
            row_number += 1
            if all(v is None for v in row):
                continue  # blank rows are skipped, as pandas' reader does
            values.append(tuple(row[: len(header)]) + (None,) * (len(header) - len(row)))
            numbers.append(row_number - 2)
            if len(values) == chunk_rows:
                yield pd.DataFrame(values, columns=header, index=numbers, dtype=object)
                values, numbers = [], []
        if values or row_number == 1:
            yield pd.DataFrame(values, columns=header, index=numbers or None, dtype=object)
    except ImportFileError:
        raise
    except Exception as exc:  # a damaged sheet part
        raise ImportFileError(file_name, "unreadable", row=1, reason=_reason(exc)) from None
    finally:
        book.close()


def _reason(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def _check_columns(frame: pd.DataFrame, file_name: str) -> None:
    if "record_type" not in frame.columns:
        raise ImportFileError(
            file_name, "no_record_type", found=", ".join(map(str, frame.columns)) or "-"
        )
    unknown = [c for c in frame.columns if c not in ALL_COLUMNS]
    if unknown:
        raise ImportFileError(
            file_name, "unknown_columns", column=", ".join(unknown), known=", ".join(ALL_COLUMNS)
        )


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


class _Checker:
    """Validates an import file chunk by chunk, keeping what rows refer to across chunks."""

    def __init__(self, con, engine: Engine, scope, today: date, build_dir) -> None:
        self.con, self.engine, self.scope, self.today = con, engine, scope, today
        self.build_dir = build_dir
        self.requested: dict[str, dict] = {}  # referrals requested earlier in this file
        self.errors: list[RowError] = []

    def _records(self, kind: str, column: str, values) -> dict:
        found = lookup_records(self.engine, kind, column, values)
        if kind == "referral" and column == "referral_id":
            extra = {v: self.requested[v] for v in values if v in self.requested}
            found.update({v: row for v, row in extra.items() if v not in found})
        return found

    def check(self, frame: pd.DataFrame) -> tuple[list[dict], bool]:
        """Validate one chunk; return its store rows and whether errors reached the cap.

        The spreadsheet row of ``frame``'s row ``i`` is its index label + 2.
        """
        records = _records(frame)
        numbers = [int(n) + 2 for n in frame.index]
        lookup = household_lookup(self.con, self.engine, [r.get("household_id") for r in records])
        ctx = Context(
            lambda ids: {i: lookup.get(i) for i in ids if i in lookup},
            self.scope,
            self.today,
            records=self._records,
        )
        villages = _snap_missed(records, self.build_dir)
        rows: list[dict] = []
        for index, raw in enumerate(records):
            kind = str(raw.get("record_type") or "").strip()
            if kind == "missed":
                raw = {**raw, "village_code": villages.get(index)}
            try:
                row = validate_record(kind, raw, ctx)
                rows.append(row)
                if kind == "referral" and row["referral_status"] == "requested":
                    self.requested.setdefault(row["referral_id"], row)
            except RecordError as exc:
                self.errors.append(
                    RowError(
                        numbers[index],
                        exc.column,
                        exc.message,
                        _cell(exc.value),
                        exc.key,
                        exc.values,
                    )
                )
                if len(self.errors) >= MAX_ERRORS:
                    return rows, index + 1 < len(records)
        return rows, False


def _records(frame: pd.DataFrame) -> list[dict]:
    """Return the rows of ``frame`` as dicts of Python values.

    ``DataFrame.to_dict`` took 7.4 s of 50,000 rows on the Arrow-backed
    strings pandas reads CSV cells into; this a fraction of a second.
    """
    columns = list(frame.columns)
    values = zip(*(frame[c].tolist() for c in columns), strict=True)
    return [dict(zip(columns, row, strict=True)) for row in values]


def validate_table(
    frame: pd.DataFrame,
    con: duckdb.DuckDBPyConnection,
    engine: Engine,
    scope: str | None,
    today: date,
    build_dir: Path | None = None,
) -> tuple[list[dict], list[RowError], bool]:
    """Validate every row of one frame (:func:`read_table`).

    Returns
    -------
    tuple
        (store rows, errors, whether errors were cut at :data:`MAX_ERRORS`).
    """
    checker = _Checker(con, engine, scope, today, build_dir)
    rows, cut = checker.check(frame)
    return rows, checker.errors, cut


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


def _sha256(data: bytes | Path) -> str:
    if isinstance(data, bytes):
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256()
    with open(data, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _spooled(spool) -> Iterator[list[dict]]:
    spool.seek(0)
    while True:
        try:
            yield pickle.load(spool)
        except EOFError:
            return


def import_file(
    data: bytes | Path,
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
    data : bytes or Path
        File content, or its path (streamed: memory holds one chunk of
        :data:`CHUNK_ROWS` rows, whatever the file's size).
    file_name : str
        The name the user gave (the extension chooses CSV or XLSX).
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
        If the file cannot be read as a table (nothing is stored).
    logbook.store.StoreError
        If the store fails while writing (nothing is stored).
    """
    started = time.perf_counter()
    checker = _Checker(con, engine, scope, today or date.today(), build_dir)
    report = ImportReport(file_name)
    stamp = {"recorded_by": user, "recorded_at": store.now(), "source": "import"}
    with tempfile.TemporaryFile(prefix="tpmap-import-") as spool:
        for frame in read_chunks(data, file_name):
            report.rows_read += len(frame)
            if checker.errors and len(checker.errors) >= MAX_ERRORS:
                report.more_errors = report.more_errors or len(frame) > 0
                continue  # keep counting rows, stop checking them
            rows, cut = checker.check(frame)
            report.more_errors = report.more_errors or cut
            if not checker.errors:
                pickle.dump([{**row, **stamp} for row in rows], spool, pickle.HIGHEST_PROTOCOL)
            del frame, rows  # before the next chunk is read
        report.errors = checker.errors
        if report.errors:
            report.seconds = time.perf_counter() - started
            return report
        batch = {
            "file_name": file_name[:255],
            "file_sha256": _sha256(data),
            "rows_read": report.rows_read,
            "imported_by": user,
            "imported_at": stamp["recorded_at"],
        }
        report.rows_added = store.publish(
            engine, _spooled(spool), total=report.rows_read, batch=batch, progress=progress
        )
    report.rows_skipped = report.rows_read - report.rows_added
    report.seconds = time.perf_counter() - started
    return report
