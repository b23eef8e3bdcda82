"""A streaming XLSX writer for long tables: Arrow record batches in, Office Open XML out.

Why not a library: the budget is 10 s per 200,000 rows
(``benchmarks/budgets.py``) and none measured here meets it. Each writes cell
by cell in Python:

- XlsxWriter 3.3.1 (``constant_memory`` mode): 286,927 household rows × 20
  columns in 57 s, about 40 s per 200,000 rows.
- pyexcelerate 0.13.0 (measured 2026-11-30, issue 18): the household export
  of Udon Thani (41) on a pilot build, 354,367 rows, masked, through
  :func:`exports.households.export_households`: 41.3 s with the same sheets
  (bold header, widths, text columns forced to text), 42.0 s with no styles
  at all, of which 37.0 s is pyexcelerate's ``save`` — 23.3 s per 200,000
  rows, 2.3 times the budget.
- This writer, same export, same machine and run: 8.0 s, 4.5 s per 200,000
  rows (``python -m benchmarks.export_time``).

It builds each batch's sheet XML column-wise with ``pyarrow.compute``
(vectorised string joins) and streams it into the zip. openpyxl reads the
files back in the tests.

What it writes (ECMA-376, SpreadsheetML): a workbook of a small key/value
sheet followed by one table sheet with a bold, frozen header row, an
autofilter and column widths; strings as inline strings (UTF-8, so Thai is
kept), numbers as numbers, booleans as booleans, nulls as empty cells.
XLSX holds at most 1,048,576 rows per sheet (header included).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import pyarrow as pa
import pyarrow.compute as pc

#: Rows of one sheet, header included (Excel's limit).
MAX_SHEET_ROWS = 1_048_576
#: Cell kinds a table column may have.
KINDS = ("text", "int", "float", "bool")

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ILLEGAL_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f]"
_BAD_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")

_CONTENT_TYPES = (
    _HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.extended-properties+xml"/></Types>'
)
_ROOT_RELS = (
    _HEAD + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    _HEAD + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/worksheet" Target="worksheets/sheet2.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# Tahoma has Thai glyphs on every Windows; style 1 is bold (headers, labels).
_STYLES = (
    _HEAD + f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Tahoma"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Tahoma"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment wrapText="1" vertical="top"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


class XlsxLimitError(ValueError):
    """A table longer than an XLSX sheet can hold (1,048,575 data rows)."""


def column_letter(index: int) -> str:
    """Return the Excel column letters of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text_cell(value: str, style: int = 0) -> str:
    clean = re.sub(_ILLEGAL_XML, "", value)
    s = f' s="{style}"' if style else ""
    return f'<c t="inlineStr"{s}><is><t xml:space="preserve">{escape(clean)}</t></is></c>'


def _row_xml(number: int, cells: Iterable[str]) -> str:
    return f'<row r="{number}">' + "".join(cells) + "</row>"


def _cells(column: pa.Array, kind: str) -> pa.Array:
    """Return each value of ``column`` as the XML of one cell (empty ``<c/>`` for nulls)."""
    if kind == "text":
        text = pc.cast(column, pa.string())
        text = pc.replace_substring_regex(text, _ILLEGAL_XML, "")
        for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
            text = pc.replace_substring(text, char, entity)
        cells = pc.binary_join_element_wise('<c t="inlineStr"><is><t>', text, "</t></is></c>", "")
    elif kind == "bool":
        flags = pc.cast(pc.cast(column, pa.int8()), pa.string())
        cells = pc.binary_join_element_wise('<c t="b"><v>', flags, "</v></c>", "")
    elif kind in ("int", "float"):
        values = column
        if pa.types.is_floating(column.type):
            values = pc.if_else(pc.is_finite(column), column, None)
        cells = pc.binary_join_element_wise("<c><v>", pc.cast(values, pa.string()), "</v></c>", "")
    else:
        raise ValueError(f"unknown cell kind {kind!r}; known: {', '.join(KINDS)}")
    return pc.fill_null(cells, "<c/>")


def _sheet_start(widths: Sequence[float], frozen_header: bool, selected: bool) -> str:
    pane = (
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        if frozen_header
        else ""
    )
    tab = ' tabSelected="1"' if selected else ""
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
        for i, w in enumerate(widths, start=1)
    )
    return (
        _HEAD + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        f'<sheetViews><sheetView workbookViewId="0"{tab}>{pane}</sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>' + (f"<cols>{cols}</cols>" if cols else "")
    )


def _check_sheet_name(name: str) -> str:
    if not name or len(name) > 31 or _BAD_SHEET_NAME.search(name):
        raise ValueError(f"bad sheet name {name!r}: 1-31 characters, none of []:*?/\\")
    return name


def write_table_workbook(
    path: Path | str,
    info_sheet: str,
    info_rows: Sequence[tuple[str, str]],
    table_sheet: str,
    headers: Sequence[str],
    kinds: Sequence[str],
    batches: Iterable[pa.RecordBatch],
    widths: Sequence[float] | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write a workbook of a key/value sheet and a table sheet; return the data rows written.

    Parameters
    ----------
    path : Path
        The ``.xlsx`` file to write (overwritten).
    info_sheet : str
        Name of the first sheet (at most 31 characters).
    info_rows : sequence of (label, value)
        Its rows: the label in bold, the value as text.
    table_sheet : str
        Name of the second sheet.
    headers : sequence of str
        Column headers of the table (bold, frozen, with an autofilter).
    kinds : sequence of {"text", "int", "float", "bool"}
        Cell kind of each column, in the order of the batches' columns.
    batches : iterable of pyarrow.RecordBatch
        The rows, with ``len(headers)`` columns each.
    widths : sequence of float, optional
        Column widths in characters.
    progress : callable, optional
        Called with the number of data rows written so far after each batch.

    Raises
    ------
    XlsxLimitError
        When the table passes 1,048,575 data rows (the file is left
        incomplete: write to a temporary path and rename on success).
    ValueError
        For a bad sheet name, unknown kind or a batch of another width.
    """
    _check_sheet_name(info_sheet)
    _check_sheet_name(table_sheet)
    if len(headers) != len(kinds) or not headers:
        raise ValueError("headers and kinds must have the same, non-zero length")
    for kind in kinds:
        if kind not in KINDS:
            raise ValueError(f"unknown cell kind {kind!r}; known: {', '.join(KINDS)}")
    written = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        info = [_sheet_start([34, 90], False, True), "<sheetData>"]
        for number, (label, value) in enumerate(info_rows, start=1):
            info.append(_row_xml(number, [_text_cell(str(label), 1), _text_cell(str(value), 2)]))
        info.append("</sheetData></worksheet>")
        zf.writestr("xl/worksheets/sheet1.xml", "".join(info))

        with zf.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as sheet:
            start = _sheet_start(widths or [14] * len(headers), True, False) + "<sheetData>"
            sheet.write(start.encode())
            sheet.write(_row_xml(1, (_text_cell(str(h), 1) for h in headers)).encode())
            for batch in batches:
                if batch.num_columns != len(headers):
                    raise ValueError(
                        f"a batch has {batch.num_columns} columns, expected {len(headers)}"
                    )
                if batch.num_rows == 0:
                    continue
                if written + batch.num_rows + 1 > MAX_SHEET_ROWS:
                    raise XlsxLimitError(
                        f"more than {MAX_SHEET_ROWS - 1:,} rows: an XLSX sheet holds at most "
                        f"{MAX_SHEET_ROWS:,} rows; export as CSV instead"
                    )
                numbers = pc.cast(
                    pa.array(range(written + 2, written + 2 + batch.num_rows), pa.int64()),
                    pa.string(),
                )
                cells = [_cells(col, kind) for col, kind in zip(batch.columns, kinds, strict=True)]
                rows = pc.binary_join_element_wise('<row r="', numbers, '">', *cells, "</row>", "")
                sheet.write("".join(rows.to_pylist()).encode())
                written += batch.num_rows
                if progress:
                    progress(written)
            last_column, last_row = column_letter(len(headers) - 1), written + 1
            sheet.write(
                f'</sheetData><autoFilter ref="A1:{last_column}{last_row}"/></worksheet>'.encode()
            )

        quoted = table_sheet.replace("'", "''")
        filter_ref = f"'{quoted}'!$A$1:${last_column}${last_row}"
        zf.writestr(
            "xl/workbook.xml",
            _HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
            f'<sheet name="{escape(info_sheet)}" sheetId="1" r:id="rId1"/>'
            f'<sheet name="{escape(table_sheet)}" sheetId="2" r:id="rId2"/></sheets>'
            '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="1" '
            f'hidden="1">{escape(filter_ref)}</definedName></definedNames></workbook>',
        )
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", _STYLES)
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        zf.writestr(
            "docProps/core.xml",
            _HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            "<dc:creator>TPMAP dashboard</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            "</cp:coreProperties>",
        )
        zf.writestr(
            "docProps/app.xml",
            _HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>TPMAP dashboard</Application></Properties>',
        )
    return written
