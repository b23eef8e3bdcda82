"""Export the households of a search as CSV or XLSX, at household or person level.

:func:`export_for_user` is the one path the app and the command line take:
it checks the user's export right and area scope (:mod:`access.roles`),
masks names and national IDs unless the user holds the personal-data right
(:mod:`access.masking`), writes the file and appends one row to the audit
log (:mod:`access.audit`). :func:`export_households` writes the file alone.

Files
-----
- CSV: UTF-8 with a byte-order mark (Excel then shows Thai), a comment
  (lines starting with ``#``: the rows and the Overview card they match,
  :mod:`queries.reconcile`), a header row, one row per household (or
  per member).
- XLSX: a first sheet recording the export (what, when, who, the area and
  every filter, the rows, the data source and whether the data are
  synthetic, whether personal data are masked, and the Overview card the
  rows match), then the table
  (:mod:`exports.xlsx`). XLSX holds at most 1,048,575 data rows: a
  longer list is refused before anything is written (export it as CSV).

Both are written to a temporary file beside the target and renamed when
complete, so a failed export leaves nothing half-written. Data flow: DuckDB
→ Arrow record batches (50,000 rows) → masking → file, never the whole list
in pandas.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv

import settings
from access.downloads import neutralise_arrow, release
from access.personal import AGE_COLUMNS, COORDINATE_COLUMNS, PERSONAL_COLUMNS, protect_column
from access.roles import EXPORT, PERSONAL_DATA, User, check_area, require_right
from display.formats import stamp_bilingual
from exports.xlsx import MAX_SHEET_ROWS, write_table_workbook
from poverty.indicators import DIMENSIONS, INDICATORS
from queries.figures import area as area_record
from queries.figures import meta as build_meta
from queries.reconcile import csv_header_comment, reconciliation_rows
from queries.search import (
    DIMENSION_MASKS,
    SearchSpec,
    count_households,
    count_persons,
    households_sql,
    order_sql,
    where_sql,
)
from queries.search import check_area as check_area_code

LEVELS = ("household", "person")
FORMATS = ("csv", "xlsx")
LANGS = ("th", "en")
#: Data rows an XLSX sheet can hold (one row is the header).
XLSX_MAX_ROWS = MAX_SHEET_ROWS - 1
BATCH_ROWS = 50_000
BOM = b"\xef\xbb\xbf"


class ExportError(ValueError):
    """An export that cannot be made (no rows, too many rows for XLSX, bad option).

    ``key`` names the problem and ``values`` fill the app's translated message.
    """

    def __init__(self, key: str, message: str, **values: object) -> None:
        super().__init__(message)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Column:
    """One column of an export file: SQL expression, headers, cell kind, width."""

    key: str
    sql: str
    th: str
    en: str
    kind: str = "text"
    width: float = 14


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the file, rows, level, format, seconds, whether personal data."""

    path: Path
    rows: int
    level: str
    fmt: str
    seconds: float
    personal_data: bool


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def failed_indicators_sql(lang: str) -> str:
    """Return SQL listing the labels of the indicators a household fails, comma-separated."""
    parts = [
        f"CASE WHEN ((m.mask >> {bit}) & 1) = 1 THEN "
        f"{_quote(ind.label_th if lang == 'th' else ind.label_en)} END"
        for bit, ind in enumerate(INDICATORS)
    ]
    return "concat_ws(', ', " + ", ".join(parts) + ")"


def _dimension_columns() -> list[Column]:
    return [
        Column(
            f"failed_{d.code}",
            f"(m.mask & {DIMENSION_MASKS[d.code]}) <> 0",
            f"ตกมิติ{d.name_th}",
            f"Fails {d.name_en.lower()}",
            "bool",
            12,
        )
        for d in DIMENSIONS
    ]


def columns(level: str, lang: str) -> list[Column]:
    """Return the columns of an export file at ``level`` ("household" or "person").

    Area names are in ``lang`` ("th" or "en"). Household level: one row per
    household with its head (name and national ID), address, coordinates,
    size, welfare-card holders, failed dimensions (count and the five flags:
    the 5-dimension profile), failed indicators, score, income, vulnerability
    and target group (DOMAIN.md §6 result columns). Person level: one row per
    member with the household's address and profile.
    """
    if lang not in LANGS:
        raise ExportError("bad_lang", f"language must be th or en, got {lang!r}", value=lang)
    name = f"name_{lang}"
    address = [
        Column("house_no", "m.house_no", "บ้านเลขที่", "House no.", "text", 10),
        Column("village", f"v.{name}", "หมู่บ้าน", "Village", "text", 24),
        Column("subdistrict", f"s.{name}", "ตำบล", "Subdistrict", "text", 16),
        Column("district", f"d.{name}", "อำเภอ", "District", "text", 16),
        Column("province", f"p.{name}", "จังหวัด", "Province", "text", 14),
        Column("village_code", "m.village_code", "รหัสหมู่บ้าน", "Village code", "text", 12),
        Column("lat", "m.lat", "ละติจูด", "Latitude", "float", 11),
        Column("lon", "m.lon", "ลองจิจูด", "Longitude", "float", 11),
    ]
    profile = [
        Column("n_members", "m.n_members", "จำนวนสมาชิก", "Members", "int", 10),
        Column(
            "welfare_card_holders",
            "m.welfare_card_holders",
            "ผู้ถือบัตรสวัสดิการแห่งรัฐ",
            "Welfare-card holders",
            "int",
            12,
        ),
        Column(
            "dimensions_failed",
            "m.dimensions_failed::INTEGER",
            "จำนวนมิติที่ตก",
            "Dimensions failed",
            "int",
            10,
        ),
        *_dimension_columns(),
        Column(
            "failed_indicators",
            failed_indicators_sql(lang),
            "ตัวชี้วัดที่ตก",
            "Failed indicators",
            "text",
            40,
        ),
        Column(
            "deprivation_score",
            "round(m.deprivation_score, 4)",
            "คะแนนความขาดแคลน",
            "Deprivation score",
            "float",
            10,
        ),
        Column(
            "income_per_capita",
            "m.income_per_capita",
            "รายได้เฉลี่ย (บาท/คน/ปี)",
            "Income (baht/person/year)",
            "float",
            12,
        ),
        Column(
            "vulnerability_level",
            "m.vulnerability_level::INTEGER",
            "ระดับความเปราะบาง (-1 = ไม่เปราะบาง)",
            "Vulnerability level (-1 = none)",
            "int",
            12,
        ),
        Column("target_group", "m.target_group", "กลุ่มเป้าหมาย", "Target group", "text", 10),
    ]
    household_id = Column("household_id", "m.household_id", "รหัสครัวเรือน", "Household ID")
    if level == "household":
        return [
            household_id,
            Column("head_name", "m.head_name", "หัวหน้าครัวเรือน", "Head of household", "text", 26),
            Column(
                "head_national_id",
                "m.head_national_id",
                "เลขประจำตัวประชาชนหัวหน้าครัวเรือน",
                "Head's national ID",
                "text",
                18,
            ),
            *address,
            *profile,
        ]
    if level == "person":
        return [
            household_id,
            Column("person_id", "x.person_id", "รหัสบุคคล", "Person ID", "text", 16),
            Column("name", "x.name", "ชื่อ-สกุล", "Name", "text", 26),
            Column("national_id", "x.national_id", "เลขประจำตัวประชาชน", "National ID", "text", 18),
            Column("sex", "x.sex", "เพศ", "Sex", "text", 6),
            Column("age", "x.age::INTEGER", "อายุ (ปี)", "Age (years)", "int", 8),
            Column("welfare_card", "x.welfare_card", "ถือบัตรสวัสดิการ", "Welfare card", "bool", 10),
            Column("disabled", "x.disabled", "พิการ", "Disabled", "bool", 8),
            Column("dependent", "x.dependent", "ต้องมีผู้ดูแล", "Dependent", "bool", 10),
            *address,
            *profile,
        ]
    raise ExportError("bad_level", f"level must be household or person, got {level!r}", value=level)


def export_sql(
    spec: SearchSpec, level: str, lang: str, sort: str, descending: bool
) -> tuple[str, list, list[Column]]:
    """Return the SELECT of an export, its parameters and its columns (in order)."""
    cols = columns(level, lang)
    source, source_params = households_sql(spec)
    where, params = where_sql(spec)
    persons = "JOIN persons x ON x.household_id = m.household_id" if level == "person" else ""
    order = "m.rn, x.person_id" if level == "person" else "m.rn"
    sql = f"""
        WITH m AS (
            SELECT *, row_number() OVER (ORDER BY {order_sql(sort, descending)}) AS rn
            FROM {source} WHERE {where}
        )
        SELECT {", ".join(f"{c.sql} AS {c.key}" for c in cols)}
        FROM m {persons}
        JOIN areas v ON v.code = m.village_code
        JOIN areas s ON s.code = m.subdistrict_code
        JOIN areas d ON d.code = m.district_code
        JOIN areas p ON p.code = m.province_code
        ORDER BY {order}
    """
    return sql, source_params + params, cols


def _protected_batches(
    reader: pa.RecordBatchReader, cols: list[Column], personal_data: bool
) -> Iterator[pa.RecordBatch]:
    """Yield the batches masked by :mod:`access.personal` and with formula-like text neutralised.

    Without the personal-data right names, IDs, house numbers, exact
    coordinates and ages are masked as :func:`access.personal.protect_column`
    says; with it, national IDs are regrouped. Every text cell that starts
    like a formula gets a leading apostrophe (:func:`access.downloads.neutralise_arrow`).
    """
    keys = [c.key for c in cols]
    for batch in reader:
        if batch.num_rows == 0:
            continue
        arrays = list(batch.columns)
        for i, key in enumerate(keys):
            if key in PERSONAL_COLUMNS:
                values = protect_column(key, arrays[i].to_pylist(), personal_data)
                kind = pa.float64() if key in COORDINATE_COLUMNS else None
                if key in AGE_COLUMNS and personal_data:
                    kind = arrays[i].type
                arrays[i] = pa.array(values, kind or pa.string())
            arrays[i] = neutralise_arrow(arrays[i])
        yield pa.RecordBatch.from_arrays(arrays, names=keys)


def describe_spec(con: duckdb.DuckDBPyConnection, spec: SearchSpec) -> list[tuple[str, str]]:
    """Return the search conditions as (label, value) rows, labels in Thai and English."""
    dims = {d.code: f"{d.name_th} ({d.name_en})" for d in DIMENSIONS}
    labels = {i.code: f"{i.label_th} ({i.label_en})" for i in INDICATORS}
    if spec.area_code:
        info = area_record(con, spec.area_code)
        area_text = f"{spec.area_code} {info['name_th']} ({info['name_en']}, {info['level']})"
    else:
        area_text = "ทุกพื้นที่ในฐานข้อมูล (all areas in the data)"
    match = "ตกทุกรายการที่เลือก (all)" if spec.match == "all" else "ตกอย่างน้อย 1 (any)"
    card = {
        "all": "ทั้งหมด (all)",
        "with": "มีผู้ถือบัตร (with a card holder)",
        "without": "ไม่มีผู้ถือบัตร (without)",
    }
    sets = [
        name
        for flag, name in (
            (spec.failing_mpi, "ตก MPI (failing MPI)"),
            (spec.tpmap_poor, "คนจนเป้าหมาย TPMAP ปีนี้ (TPMAP poor of the year)"),
        )
        if flag
    ]
    none = "— (ไม่กำหนด / any)"
    return [
        ("พื้นที่ (Area)", area_text),
        ("มิติที่ตก (Failed dimensions)", ", ".join(dims[d] for d in spec.dimensions) or none),
        ("ตัวชี้วัดที่ตก (Failed indicators)", ", ".join(labels[c] for c in spec.indicators) or none),
        ("การจับคู่ (Match)", match),
        ("บัตรสวัสดิการแห่งรัฐ (Welfare card)", card[spec.welfare_card]),
        (
            "จำนวนมิติที่ตก (Dimensions failed)",
            f"{spec.min_dimensions}–{spec.max_dimensions}",
        ),
        (
            "ระดับความเปราะบาง (Vulnerability level)",
            ", ".join(map(str, spec.vulnerability)) or none,
        ),
        ("กลุ่ม (Sets)", ", ".join(sets) or none),
    ]


def export_households(
    con: duckdb.DuckDBPyConnection,
    spec: SearchSpec,
    level: str,
    fmt: str,
    path: Path | str,
    *,
    personal_data: bool,
    lang: str = "th",
    sort: str = "priority",
    descending: bool = True,
    exported_by: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Write the households (or their members) matching ``spec`` to a CSV or XLSX file.

    Parameters
    ----------
    con : DuckDB connection or cursor on the build
    spec : SearchSpec
        The search; its area must be in the build.
    level : {"household", "person"}
        One row per household, or one per member (person).
    fmt : {"csv", "xlsx"}
    path : Path
        The file to write (replaced only when the export succeeds).
    personal_data : bool
        False masks names (title and initials) and national IDs
        (``1-2345-xxxxx-xx-3``).
    lang : {"th", "en"}
        Language of the headers and area names.
    sort, descending
        Row order (keys of :data:`queries.search.SORT_KEYS`).
    exported_by : str
        Who exports, for the XLSX first sheet.
    progress : callable, optional
        Called with (rows written, rows in all) after each batch.

    Returns
    -------
    ExportResult

    Raises
    ------
    ExportError
        Bad level, format or language; no matching rows; more rows than an
        XLSX sheet holds.
    queries.search.SearchSpecError
        Unknown area code or sort key.
    """
    start = time.perf_counter()
    if fmt not in FORMATS:
        raise ExportError("bad_format", f"format must be csv or xlsx, got {fmt!r}", value=fmt)
    sql, params, cols = export_sql(spec, level, lang, sort, descending)
    check_area_code(con, spec)
    total = count_households(con, spec) if level == "household" else count_persons(con, spec)
    if total == 0:
        raise ExportError("empty", "no household matches these conditions: nothing to export")
    if fmt == "xlsx" and total > XLSX_MAX_ROWS:
        raise ExportError(
            "xlsx_too_long",
            f"{total:,} rows are more than an XLSX sheet holds ({XLSX_MAX_ROWS:,}): "
            "export as CSV, or narrow the search",
            rows=total,
            limit=XLSX_MAX_ROWS,
        )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    headers = [c.th if lang == "th" else c.en for c in cols]
    # Which Overview card this file matches (issue 15): first sheet or CSV header comment.
    reconcile = reconciliation_rows(con, spec, level)
    info = (
        _info_rows(con, spec, level, total, personal_data, exported_by) + reconcile
        if fmt == "xlsx"
        else []
    )
    cursor = con.cursor()  # its own cursor: the counts above leave results open on ``con``
    reader = cursor.sql(sql, params=params).to_arrow_reader(BATCH_ROWS)
    batches = _protected_batches(reader, cols, personal_data)
    written = 0
    try:
        if fmt == "csv":
            with open(partial, "wb") as out:
                out.write(BOM)
                out.write(csv_header_comment(reconcile, total))
                writer = None
                for batch in batches:
                    if writer is None:  # the schema of the masked batches (ages may be bands)
                        schema = pa.schema(
                            [
                                pa.field(h, f.type)
                                for h, f in zip(headers, batch.schema, strict=True)
                            ]
                        )
                        writer = pacsv.CSVWriter(out, schema)
                    writer.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=schema))
                    written += batch.num_rows
                    if progress:
                        progress(written, total)
                if writer is not None:
                    writer.close()
        else:
            data_sheet = "ครัวเรือน (Households)" if level == "household" else "สมาชิก (Persons)"
            written = write_table_workbook(
                partial,
                "เงื่อนไข (Filters)",
                info,
                data_sheet,
                headers,
                ["text" if c.key in AGE_COLUMNS and not personal_data else c.kind for c in cols],
                batches,
                widths=[c.width for c in cols],
                progress=(lambda n: progress(n, total)) if progress else None,
            )
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
        cursor.close()
    return ExportResult(
        path, written, level, fmt, round(time.perf_counter() - start, 3), personal_data
    )


def _info_rows(
    con: duckdb.DuckDBPyConnection,
    spec: SearchSpec,
    level: str,
    total: int,
    personal_data: bool,
    exported_by: str,
) -> list[tuple[str, str]]:
    """Rows of the XLSX first sheet: what, when, who, filters, rows, source, synthetic."""
    meta = build_meta(con)
    synthetic = meta.get("synthetic") == "true"
    what = (
        "รายชื่อครัวเรือน (households, one row each)"
        if level == "household"
        else "รายชื่อสมาชิกครัวเรือน (persons, one row per member)"
    )
    return [
        ("รายการที่ส่งออก (Export)", what),
        ("วันที่ส่งออก (Exported at)", stamp_bilingual(dt.datetime.now(dt.UTC))),
        ("ผู้ส่งออก (Exported by)", exported_by or "—"),
        *describe_spec(con, spec),
        ("จำนวนแถวข้อมูล (Data rows)", f"{total:,}"),
        ("แหล่งข้อมูล (Data source)", meta.get("source", "—")),
        ("สร้างฐานข้อมูลเมื่อ (Data built at)", meta.get("built_at", "—")),
        (
            "ข้อมูลสังเคราะห์ (Synthetic data)",
            "ใช่ — ไม่ใช่ข้อมูลจริงของครัวเรือนหรือบุคคลใด (yes: not real households or persons)"
            if synthetic
            else "ไม่ใช่ — ข้อมูลจริง (no: real data)",
        ),
        (
            "ข้อมูลส่วนบุคคล (Personal data)",
            "แสดงเต็ม — ข้อมูลส่วนบุคคลตาม PDPA ใช้เท่าที่จำเป็น (shown in full: PDPA applies)"
            if personal_data
            else "ปิดบังชื่อและเลขประจำตัวประชาชน (names and national IDs masked)",
        ),
        (
            "เกณฑ์ตก MPI (MPI rule)",
            "ตกอย่างน้อย 1 ตัวชี้วัด (TPMAP union rule)"
            if settings.default_k() is None
            else f"k = {settings.default_k():g}",
        ),
        (
            "กลุ่มเป้าหมาย (Target groups)",
            "1.1 ตก MPI และมีบัตรสวัสดิการ · 1.2 ตก MPI ไม่มีบัตร · 3.1 มีบัตร ไม่ตก MPI · "
            "3.2 มีบัตร ไม่มีข้อมูล MPI (seed 004, FY2566)",
        ),
    ]


def export_for_user(
    con: duckdb.DuckDBPyConnection,
    user: User,
    spec: SearchSpec,
    level: str,
    fmt: str,
    path: Path | str,
    *,
    source: str,
    audit_path: Path | str | None = None,
    os_account: str | None = None,
    lang: str = "th",
    sort: str = "priority",
    descending: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Export for a user: check rights and scope, mask by rights, write, log to the audit.

    Parameters
    ----------
    user : access.roles.User
        Must hold the export right; ``spec.area_code`` must lie in their
        scope (a user with a scope must name an area inside it).
    source : {"app", "cli"}
        Where the export runs, for the audit log.
    audit_path : Path, optional
        The audit log (default ``settings.audit_db()``).
    os_account : str, optional
        The operating-system account that ran a command line (audit log).

    Other parameters are those of :func:`export_households`.

    Raises
    ------
    access.roles.AccessDeniedError
        No export right, or an area outside the user's scope (nothing is
        written or logged).
    ExportError, queries.search.SearchSpecError
        As :func:`export_households` (nothing is logged).
    """
    require_right(user, EXPORT)  # checked before the work; release() checks again and logs
    check_area(user, spec.area_code)
    personal_data = user.can(PERSONAL_DATA)
    result = export_households(
        con,
        spec,
        level,
        fmt,
        path,
        personal_data=personal_data,
        lang=lang,
        sort=sort,
        descending=descending,
        exported_by=f"{user.username} — {user.role_info.name_th} ({user.role_info.name_en})",
        progress=progress,
    )
    release(
        user,
        what="households" if level == "household" else "persons",
        area_code=spec.area_code,
        filters=spec.to_dict(),
        level=level,
        fmt=fmt,
        rows=result.rows,
        personal_data=personal_data,
        source=source,
        os_account=os_account,
        audit_path=audit_path,
    )
    return result
