"""The area report as XLSX (openpyxl): the PDF's figures as tables, one sheet per section.

Sheets (names fixed in English so formulas and scripts can rely on them):
``Summary`` (key figures, with a ``key`` column naming each field of
:func:`data_loaders.queries.area_summary`), ``Child areas``, ``Dimensions``,
``Indicators``, ``Urgent households`` (masked unless the report has the
right to personal data), ``Potential`` (the Area potential figures with a
``key`` column, from :mod:`potential.queries`; one "not available" row for a
build without them) and ``Sources`` (sources, build date, whether the
data are synthetic, the settings, the generation date in B.E. and C.E.).
Numbers stay numbers, with display formats (thousands separators, percent).
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reports.content import ReportContent
from reports.labels import label
from reports.tables import (
    Table,
    children_table,
    dimensions_table,
    households_table,
    indicators_table,
    potential_items,
    potential_note,
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
    "Potential",
    "Sources",
)


def _header(sheet, headers: list[str], widths: list[int]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill = HEAD_FONT, HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"


def _write_table(sheet, table: Table) -> None:
    headers = list(table.frame.columns)
    widths = [36 if table.kinds[h] == "text" else 16 for h in headers]
    _header(sheet, headers, widths)
    for values in table.frame.itertuples(index=False):
        sheet.append([v.item() if hasattr(v, "item") else v for v in values])
    for col, header in enumerate(headers, start=1):
        number_format = NUMBER_FORMATS.get(table.kinds[header])
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
                cell.number_format = number_format
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
    """Return the report as XLSX bytes (sheets of :data:`SHEETS`).

    Parameters
    ----------
    content : ReportContent
        From :func:`reports.content.gather`.
    """
    book = Workbook()
    sheets = [book.active, *[book.create_sheet() for _ in SHEETS[1:]]]
    for sheet, title in zip(sheets, SHEETS, strict=True):
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
    _potential(sheets[5], content)
    lang = content.settings.lang
    _header(
        sheets[6], [label("item", lang), label("value", lang), label("key", lang)], [30, 100, 20]
    )
    for key, text, value in settings_rows(content):
        sheets[6].append([text, value, key])
    note = "personal_note" if content.settings.personal_data else "masked_note"
    sheets[6].append([label("personal_data", lang), label(note, lang), "personal_data_note"])
    if content.synthetic:
        sheets[6].append(
            [label("synthetic", lang), label("synthetic_notice", lang), "synthetic_note"]
        )
    sheets[6].append([label("section_progress", lang), label("not_available", lang), "progress"])
    book.properties.title = f"{label('report_title', lang)} {content.title}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
