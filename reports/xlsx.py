"""The area report as XLSX (openpyxl): the PDF's figures as tables, one sheet per section.

Sheets (names fixed in English so formulas and scripts can rely on them, but
for the progress sheet, named in the report's language as asked for it:
"ความก้าวหน้า" in Thai, see :func:`sheet_names`): ``Summary`` (key figures,
with a ``key`` column naming each field of
:func:`queries.figures.area_summary`), ``Child areas``, ``Dimensions``,
``Indicators``, ``Urgent households`` (masked unless the report has the
right to personal data), ``Progress`` (the Logbook's key figures with a
``key`` column, then titled tables by child area, help by dimension, by
agency and by month, from :mod:`logbook.stats`; one ``unavailable`` row
naming the reason when the Logbook cannot be read), ``Potential`` (the Area
potential figures with a ``key`` column, from :mod:`potential.queries`; one
"not available" row for a build without them) and ``Sources`` (sources,
build date, whether the data are synthetic, the Logbook read and whether it
holds synthetic records, the settings, the generation date in B.E. and C.E.).
Numbers stay numbers, with display formats (thousands separators, percent).
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from access.downloads import neutralise
from display.labels import label
from reports.content import ReportContent
from reports.tables import (
    Table,
    children_table,
    dimensions_table,
    help_table,
    households_table,
    indicators_table,
    months_table,
    potential_items,
    potential_note,
    progress_children_table,
    progress_items,
    settings_rows,
    summary_items,
)

NUMBER_FORMATS = {"int": "#,##0", "share": "0.00%", "ratio": "0.0000", "score": "0.000"}
HEAD_FONT = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="FEE8C8")
SHEETS = (
    "Summary",
    "Child areas",
    "Dimensions",
    "Indicators",
    "Urgent households",
    "Progress",
    "Potential",
    "Sources",
)


def sheet_names(lang: str) -> list[str]:
    """Return the sheet names of a report in ``lang``: :data:`SHEETS`, Progress translated."""
    return [label("sheet_progress", lang) if s == "Progress" else s for s in SHEETS]


def _header(sheet, headers: list[str], widths: list[int] | None = None, freeze=True) -> None:
    """Append a bold, filled header row; set the column widths and freeze the row above data."""
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = HEAD_FONT, HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    if freeze:
        sheet.freeze_panes = "A2"


def _cell_value(value: object) -> object:
    """Return a value openpyxl writes: numpy scalars as Python, NaN as an empty cell."""
    value = value.item() if hasattr(value, "item") else value
    return None if isinstance(value, float) and value != value else value


def _append_rows(sheet, table: Table) -> None:
    """Append the table's rows below the sheet's last row, numbers with display formats."""
    headers = list(table.frame.columns)
    first = sheet.max_row + 1
    for values in table.frame.itertuples(index=False):
        sheet.append([_cell_value(v) for v in values])
    for col, header in enumerate(headers, start=1):
        number_format = NUMBER_FORMATS.get(table.kinds[header])
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=first, min_col=col, max_col=col):
                cell.number_format = number_format


def _write_table(sheet, table: Table) -> None:
    headers = list(table.frame.columns)
    _header(sheet, headers, [36 if table.kinds[h] == "text" else 16 for h in headers])
    _append_rows(sheet, table)
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions


def _summary(sheet, content: ReportContent) -> None:
    lang = content.settings.lang
    _header(sheet, [label("item", lang), label("value", lang), label("key", lang)], [52, 18, 28])
    sheet.append([label("area", lang), content.title, "area"])
    sheet.append([label("code", lang), content.area["code"], "area_code"])
    for key, text, value, kind in summary_items(content):
        sheet.append([text, value, key])
        sheet.cell(sheet.max_row, 2).number_format = NUMBER_FORMATS.get(kind, "0")


def _progress(sheet, content: ReportContent) -> None:
    """Write the progress sheet: key figures (item, value, key), then one titled table a block.

    Blocks, each a bold title row, a header row and its rows, a blank row
    between: progress by child area, help by dimension, help by agency, by
    month (every month). With the Logbook unavailable, one row keyed
    ``unavailable`` that names the reason.
    """
    lang, progress = content.settings.lang, content.progress
    _header(sheet, [label("item", lang), label("value", lang), label("key", lang)], [44, 36])
    for i in range(3, 8):
        sheet.column_dimensions[get_column_letter(i)].width = 18
    items = progress_items(content)
    if items is None or progress is None:
        reason = progress["reason"] if progress else "-"
        text = label("progress_unavailable", lang, reason=reason)
        sheet.append([label("section_progress", lang), text, "unavailable"])
        return
    sheet.append([label("section_progress", lang), label("progress_intro", lang), "note"])
    if progress["synthetic"]:
        sheet.append([label("synthetic", lang), label("logbook_synthetic", lang), "synthetic"])
    for key, text, value, kind in items:
        sheet.append([text, _cell_value(value), key])
        sheet.cell(sheet.max_row, 2).number_format = NUMBER_FORMATS[kind]
    for table in (
        progress_children_table(content),
        help_table(content, "dimension"),
        help_table(content, "agency"),
        months_table(content),
    ):
        sheet.append([])
        sheet.append([table.title])
        sheet.cell(sheet.max_row, 1).font = HEAD_FONT
        _header(sheet, list(table.frame.columns), freeze=False)
        _append_rows(sheet, table)


def _potential(sheet, content: ReportContent) -> None:
    lang = content.settings.lang
    _header(sheet, [label("item", lang), label("value", lang), label("key", lang)], [60, 40, 22])
    items = potential_items(content)
    if items is None:
        sheet.append([label("section_potential", lang), label("potential_missing", lang), "none"])
        return
    for key, text, value, kind in items:
        sheet.append([text, value.item() if hasattr(value, "item") else value, key])
        if kind in NUMBER_FORMATS:
            sheet.cell(sheet.max_row, 2).number_format = NUMBER_FORMATS[kind]
    note = potential_note(content)
    if note:
        sheet.append([label("synthetic", lang), note, "synthetic_note"])


def build_xlsx(content: ReportContent) -> bytes:
    """Return the report as XLSX bytes (sheets of :func:`sheet_names`).

    Parameters
    ----------
    content : ReportContent
        From :func:`reports.content.gather`.
    """
    lang = content.settings.lang
    book = Workbook()
    sheets = [book.active, *[book.create_sheet() for _ in SHEETS[1:]]]
    for sheet, title in zip(sheets, sheet_names(lang), strict=True):
        sheet.title = title
    _summary(sheets[0], content)
    for sheet, table in zip(
        sheets[1:5],
        [
            children_table(content),
            dimensions_table(content),
            indicators_table(content),
            households_table(content),
        ],
        strict=True,
    ):
        _write_table(sheet, table)
    _progress(sheets[5], content)
    _potential(sheets[6], content)
    sources = sheets[7]
    _header(sources, [label("item", lang), label("value", lang), label("key", lang)], [30, 100, 20])
    for key, text, value in settings_rows(content):
        sources.append([text, value, key])
    note = "personal_note" if content.settings.personal_data else "masked_note_report"
    sources.append([label("personal_data", lang), label(note, lang), "personal_data_note"])
    if content.synthetic:
        notice = label("synthetic_notice", lang)
        sources.append([label("synthetic", lang), notice, "synthetic_note"])
    book.properties.title = f"{label('report_title', lang)} {content.title}"
    buffer = io.BytesIO()
    _neutralise_cells(book)
    book.save(buffer)
    return buffer.getvalue()


def _neutralise_cells(book) -> None:
    """Turn every text cell that would run as a formula into plain text (OWASP CSV injection).

    openpyxl stores a string that starts with ``=`` as a formula; a report
    holds no formulas of its own, so every such cell (a head's name typed as
    ``=HYPERLINK(…)``, say) gets :func:`access.downloads.neutralise`.
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = neutralise(cell.value)
