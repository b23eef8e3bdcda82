"""The area report as PDF (fpdf2, A4 portrait, Thai font embedded, text shaped by HarfBuzz).

Sections: title and settings, the synthetic-data notice, key figures, the
child-area map, deprivation by dimension and by indicator (charts and
tables), the table of child areas, the households to help first (masked),
progress ("not yet available"), the area's potential (facilities, centres,
projects, economy, distance analysis; "not available" for a build without
it), sources and settings.
"""

from __future__ import annotations

import io

import pandas as pd
from fpdf import FPDF, FontFace

from display.formats import date_text
from display.labels import label
from reports.content import ReportContent
from reports.fonts import find_thai_font
from reports.tables import (
    Table,
    children_table,
    dimensions_table,
    format_value,
    help_table,
    households_table,
    indicators_table,
    months_table,
    potential_note,
    potential_table,
    progress_children_table,
    progress_items,
    settings_line,
    settings_rows,
    summary_items,
)

FONT = "thai"
LATIN = "latin"
ACCENT = (189, 0, 38)  # SEQUENTIAL_5[4], the darkest YlOrRd class
HEAD_FILL = (254, 232, 200)
NOTE_FILL = (255, 247, 214)
ROW_FILL = (247, 247, 247)
MARGIN = 14
#: Months in the PDF's progress-by-month table (the XLSX has every month).
MONTHS_SHOWN = 12
ZWSP = "\u200b"
#: Words of table headers and card labels before which a line may break (:func:`_breakable`).
THAI_BREAKS = (
    "ความ", "ที่ตก", "มิติ", "สำรวจ", "เป้าหมาย", "ขาดแคลน", "บัตร", "สวัสดิการ", "ต่อ",
    "คนจน", "หัวหน้า", "ครัวเรือน", "ช่วยเหลือ", "แล้ว", "ขั้น", "การพัฒนา", "สะสม",
)  # fmt: skip


class _ReportPDF(FPDF):
    """FPDF with the report's page footer (page number, area, synthetic mark)."""

    footer_text = ""
    report_lang = "th"

    def footer(self) -> None:
        """Write "area · synthetic · page n" (no total: ``{nb}`` fails with text shaping)."""
        self.set_y(-11)
        self.set_font(FONT, size=7.5)
        self.set_text_color(110, 110, 110)
        page = label("page", self.report_lang, n=self.page_no())
        self.cell(0, 5, f"{self.footer_text}   ·   {page}", align="R")
        self.set_text_color(0, 0, 0)

    def _render_styled_text_line(self, *args, **kwargs):
        # fpdf2 2.8.9 leaves the page's font set to the fallback (Latin) font when a line
        # ends with a fallback fragment, so the next line's Thai glyphs are drawn with the
        # Latin font (garbage; cf. py-pdf/fpdf2#1488). Force the next line to set its font.
        out = super()._render_styled_text_line(*args, **kwargs)
        self.current_font_is_set_on_page = False
        return out


def _new_pdf(content: ReportContent) -> _ReportPDF:
    font = find_thai_font()
    pdf = _ReportPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_font(FONT, "", str(font.regular))
    pdf.add_font(FONT, "B", str(font.bold))
    if font.latin_regular is not None:
        pdf.add_font(LATIN, "", str(font.latin_regular))
        pdf.add_font(LATIN, "B", str(font.latin_bold or font.latin_regular))
        pdf.set_fallback_fonts([LATIN])
    pdf.set_text_shaping(True)
    pdf.report_lang = content.settings.lang
    mark = f" · {label('synthetic', pdf.report_lang)}" if content.synthetic else ""
    pdf.footer_text = f"TPMAP · {content.title}{mark}"
    pdf.set_title(f"{label('report_title', pdf.report_lang)} {content.title}")
    pdf.set_creator("TPMAP dashboard (reports)")
    return pdf


def _heading(pdf: FPDF, text: str, space: float = 40) -> None:
    """Write a section heading; start a new page if less than ``space`` mm remain."""
    if pdf.get_y() + space > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(FONT, "B", 12.5)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*ACCENT)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(0, 0, 0)
    pdf.ln(2)


def _note(pdf: FPDF, text: str, size: float = 9) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_fill_color(*NOTE_FILL)
    pdf.multi_cell(0, 5, text, fill=True, padding=2, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _caption(pdf: FPDF, text: str) -> None:
    """Write a small paragraph (a section's explanation) across the page."""
    pdf.set_font(FONT, size=8)
    pdf.multi_cell(0, 4.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _table_or_line(
    pdf: FPDF, table: Table, lang: str, widths: tuple[float, ...], empty: str, size: float = 8
) -> None:
    """Draw the table (:func:`_table`), or the line ``empty`` when it has no rows."""
    if table.frame.empty:
        pdf.set_font(FONT, size=9)
        pdf.cell(0, 6, empty, new_x="LMARGIN", new_y="NEXT")
    else:
        _table(pdf, table, lang, widths, size=size)


def _kpi_cards(
    pdf: FPDF, items: list[tuple[str, str, object, str]], lang: str, columns: int = 5
) -> None:
    """Draw (key, label, value, kind) figures as cards: label (small) above the value (large)."""
    gap, height = 2.5, 22.0
    width = (pdf.epw - gap * (columns - 1)) / columns
    for start in range(0, len(items), columns):
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
        top = pdf.get_y()
        for i, (_key, text, value, kind) in enumerate(items[start : start + columns]):
            left = pdf.l_margin + i * (width + gap)
            pdf.set_draw_color(200, 200, 200)
            pdf.rect(left, top, width, height)
            pdf.set_xy(left + 1.5, top + 1.2)
            pdf.set_font(FONT, size=7.5)
            pdf.set_text_color(90, 90, 90)
            pdf.multi_cell(width - 3, 3.6, _breakable(text), align="L")
            pdf.set_xy(left + 1.5, top + height - 8.5)
            pdf.set_font(FONT, "B", 12)
            pdf.set_text_color(0, 0, 0)
            pdf.cell(width - 3, 7, format_value(value, kind, lang))
        pdf.set_xy(pdf.l_margin, top + height + gap)
    pdf.set_draw_color(0, 0, 0)


def _table(pdf: FPDF, table: Table, lang: str, widths: tuple[float, ...], size: float = 8) -> None:
    """Draw a table; numbers right-aligned, headings repeated on each page."""
    headers = list(table.frame.columns)
    pdf.set_font(FONT, size=size)
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        col_widths=widths,
        width=pdf.epw,
        text_align=tuple("LEFT" if table.kinds[h] == "text" else "RIGHT" for h in headers),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
        cell_fill_color=ROW_FILL,
        cell_fill_mode="ROWS",
        line_height=size * 0.5,
        padding=(0.8, 1.2),
        repeat_headings=1,
    ) as out:
        out.row([_breakable(h) for h in headers])
        for values in table.frame.itertuples(index=False):
            out.row(
                [
                    format_value(v, table.kinds[h], lang)
                    for h, v in zip(headers, values, strict=True)
                ]
            )
    pdf.ln(2)


def _breakable(text: str) -> str:
    """Return text with zero-width spaces before :data:`THAI_BREAKS` (line-break points).

    Thai has no spaces between words and fpdf2 breaks lines only at spaces, or
    inside a word when it must; table headers get these break points instead.
    """
    for word in THAI_BREAKS:
        text = text.replace(word, ZWSP + word)
    return text.lstrip(ZWSP).replace(" " + ZWSP, " ").replace("(" + ZWSP, "(")


def _figure(
    pdf: FPDF, title: str, png: bytes, width: float, max_height: float = 150, keep: float = 0
) -> None:
    """Write a heading and a PNG centred below it; a new page unless both and ``keep`` mm fit."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        ratio = img.height / img.width
    width = min(width, max_height / ratio)
    _heading(pdf, title, space=width * ratio + 16 + keep)
    pdf.image(io.BytesIO(png), x=(pdf.w - width) / 2, w=width)
    pdf.ln(2)


def _progress(pdf: FPDF, content: ReportContent) -> None:
    """Write the progress section: notes, key figures, by child area, help, by month.

    The figures are :func:`reports.content.gather_progress`'s (the Progress
    page's); an unavailable Logbook gives one note naming the reason.
    """
    lang, progress = content.settings.lang, content.progress
    items = progress_items(content)
    _heading(pdf, label("section_progress", lang), space=25 if items is None else 80)
    if items is None or progress is None:
        reason = progress["reason"] if progress else "-"
        _note(pdf, label("progress_unavailable", lang, reason=reason), size=8.5)
        return
    _caption(pdf, label("progress_intro", lang))
    if progress["synthetic"]:
        _note(pdf, label("logbook_synthetic", lang), size=8.5)
    _kpi_cards(pdf, items, lang)
    children = progress_children_table(content)
    if not children.frame.empty:
        _heading(pdf, children.title, space=45)
        _table(pdf, children, lang, (16, 46, 22, 24, 24, 25, 25), size=7.5)
    for by in ("dimension", "agency"):
        table = help_table(content, by)
        _heading(pdf, table.title, space=45)
        _table_or_line(pdf, table, lang, (86, 32, 32, 32), label("progress_no_help", lang))
    months = months_table(content, last=MONTHS_SHOWN)
    _heading(pdf, months.title, space=45)
    caption = label("progress_month_table_caption", lang)
    if len(progress["months"]) > MONTHS_SHOWN:
        caption += " — " + label("progress_months_cut", lang, n=MONTHS_SHOWN)
    _caption(pdf, caption)
    widths = (42, 35, 35, 35, 35)
    _table_or_line(pdf, months, lang, widths, label("progress_no_records", lang))


def build_pdf(content: ReportContent, images: dict[str, bytes]) -> bytes:
    """Return the report as PDF bytes.

    Parameters
    ----------
    content : ReportContent
        From :func:`reports.content.gather`.
    images : dict of str to bytes
        PNGs from :mod:`reports.charts`: ``map``, ``dimensions``, ``indicators``.

    Raises
    ------
    reports.fonts.ThaiFontMissingError
        If no Thai font is installed.
    """
    lang = content.settings.lang
    pdf = _new_pdf(content)
    pdf.add_page()
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(0, 9, f"{label('report_title', lang)} {content.title}", new_x="LMARGIN")
    pdf.set_font(FONT, size=9.5)
    pdf.set_text_color(70, 70, 70)
    when = label("generated", lang, date=date_text(content.generated_at, lang))
    pdf.multi_cell(0, 5, f"{content.area['code']} · {when}", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, settings_line(content), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    if content.synthetic:
        _note(pdf, label("synthetic_notice", lang))

    _heading(pdf, label("section_summary", lang))
    _kpi_cards(pdf, summary_items(content), lang)
    child = label(content.child_level, lang)
    _figure(pdf, label("section_map", lang, child=child), images["map"], 170, max_height=128)
    pdf.set_font(FONT, size=7.5)
    pdf.cell(0, 4, label("map_caption", lang), new_x="LMARGIN", new_y="NEXT")

    _figure(pdf, label("section_dimensions", lang), images["dimensions"], 160, keep=45)
    _table(pdf, dimensions_table(content), lang, (40, 22, 22, 22))
    _figure(pdf, label("section_indicators", lang), images["indicators"], 165)
    _table(pdf, indicators_table(content), lang, (46, 30, 20, 20))
    children = children_table(content)
    _heading(pdf, children.title, space=60)
    _table(pdf, children, lang, (14, 31, 19, 19, 18, 18, 22, 21, 20), size=7.5)

    households = households_table(content)
    _heading(pdf, households.title, space=60)
    note = "personal_note" if content.settings.personal_data else "masked_note_report"
    _caption(pdf, f"{label('urgent_rank_caption', lang)} — {label(note, lang)}")
    widths = (9, 18, 45, 34, 17, 11, 18, 15, 15)
    _table_or_line(pdf, households, lang, widths, label("no_poor", lang), size=7)

    _progress(pdf, content)
    potential = potential_table(content)
    _heading(pdf, label("section_potential", lang), space=25 if potential is None else 90)
    if potential is None:
        pdf.set_font(FONT, size=9)
        pdf.cell(0, 6, label("potential_missing", lang), new_x="LMARGIN", new_y="NEXT")
    else:
        potential_caption = potential_note(content)
        if potential_caption:
            _note(pdf, potential_caption, size=8.5)
        _table(pdf, potential, lang, (92, 90), size=8)
    _heading(pdf, label("section_sources", lang), space=60)
    rows = [(text, value) for _key, text, value in settings_rows(content)]
    headers = [label("item", lang), label("value", lang)]
    frame = pd.DataFrame(rows, columns=headers)
    _table(pdf, Table("", frame, dict.fromkeys(headers, "text")), lang, (45, 137), size=8)
    return bytes(pdf.output())
