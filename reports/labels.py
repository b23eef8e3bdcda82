"""Report labels in Thai and English: the one table of report text.

The app's table (``components/i18n.py``) imports Streamlit, so the reports keep
their own; indicator and dimension names come from :mod:`poverty.indicators`,
the only table of them. ``label(key, lang)`` takes the language explicitly.
"""

from __future__ import annotations

from datetime import datetime

from poverty.indicators import DIMENSIONS, INDICATORS
from poverty.labels import MEASURE_LABELS

LANGS = ("th", "en")

LABELS: dict[str, tuple[str, str]] = {
    "report_title": ("รายงานพื้นที่", "Area report"),
    "generated": ("จัดทำเมื่อ {date}", "Generated {date}"),
    "synthetic_notice": (
        "ข้อมูลครัวเรือนในรายงานนี้เป็นข้อมูลสังเคราะห์ที่ระบบสร้างขึ้นบนหมู่บ้านจริง "
        "ปรับให้ใกล้เคียงตัวเลขที่ TPMAP เผยแพร่ — ไม่ใช่ข้อมูลจริงของครัวเรือนหรือบุคคลใด",
        "The household data in this report are synthetic, generated on the real villages "
        "and calibrated to TPMAP's published figures — not real households or persons.",
    ),
    "settings_line": (
        "เงื่อนไข: {cutoff} · มิติ: {dims} · บัตรสวัสดิการ: {card}",
        "Settings: {cutoff} · dimensions: {dims} · welfare card: {card}",
    ),
    "section_summary": ("สรุปตัวชี้วัดของพื้นที่", "Key figures"),
    "section_map": ("แผนที่{child}: จำนวนคนตก MPI", "{child} map: MPI-poor persons"),
    "section_children": ("ตาราง{child}", "{child} table"),
    "section_dimensions": ("ความขาดแคลนรายมิติ", "Deprivation by dimension"),
    "section_indicators": ("ความขาดแคลนรายตัวชี้วัด", "Deprivation by indicator"),
    "section_urgent": ("ครัวเรือนที่ต้องช่วยเหลือก่อน ({n} ลำดับแรก)", "Households to help first (top {n})"),
    "section_progress": ("ความก้าวหน้าการช่วยเหลือ", "Progress of the help given"),
    "progress_intro": (
        "จากฐานข้อมูลบันทึกการช่วยเหลือ (Logbook) ตัวเลขเดียวกับหน้าความก้าวหน้าในระบบ "
        "ครัวเรือนเป้าหมาย = คนจนเป้าหมาย TPMAP (ตกเกณฑ์ MPI และมีบัตรสวัสดิการ) "
        "รวมครัวเรือนตกหล่นที่เพิ่มในพื้นที่ ไม่ขึ้นกับเงื่อนไข k มิติ และบัตรที่เลือก",
        "From the Logbook, the same figures as the app's Progress page. Target households: "
        "TPMAP's target poor (failing the MPI with a welfare card) plus households added in the "
        "field as missed; they do not depend on the k, dimension and card settings.",
    ),
    "progress_unavailable": (
        "ฐานข้อมูลบันทึกการช่วยเหลือ (Logbook) ไม่พร้อมใช้งานขณะจัดทำรายงาน "
        "จึงไม่มีตัวเลขความก้าวหน้าในรายงานนี้ — สาเหตุ: {reason}",
        "The Logbook database was unavailable when this report was made, so it has no "
        "progress figures. Reason: {reason}",
    ),
    "progress_synthetic": (
        "ประวัติการช่วยเหลือในพื้นที่นี้เป็นข้อมูลสังเคราะห์ (จำลอง) ไม่ใช่บันทึกจริง "
        "ยกเว้นรายการที่บันทึกผ่านแบบฟอร์มหรือนำเข้าจากไฟล์",
        "The help history of this area is SYNTHETIC (generated), not real records, except "
        "entries made through the forms or imported from files.",
    ),
    "progress_targets": ("ครัวเรือนเป้าหมาย", "Target households"),
    "progress_surveyed": ("สำรวจปัญหาแล้ว (ครัวเรือน)", "Surveyed (households)"),
    "progress_surveyed_share": ("สัดส่วนสำรวจแล้วต่อเป้าหมาย", "Surveyed, share of targets"),
    "progress_helped": ("ได้รับความช่วยเหลือแล้ว (ครัวเรือน)", "Helped (households)"),
    "progress_helped_share": ("สัดส่วนช่วยเหลือแล้วต่อเป้าหมาย", "Helped, share of targets"),
    "progress_stage": ("ครัวเรือนขั้น{stage}", "At stage {stage} (households)"),
    "progress_stage_none": ("ครัวเรือนที่ยังไม่ระบุขั้นการพัฒนา", "Households with no stage recorded"),
    "progress_children": ("ความก้าวหน้าราย{child}", "Progress by {child}"),
    "progress_by_dimension": ("การช่วยเหลือตามมิติที่แก้", "Help by dimension addressed"),
    "progress_by_agency": ("การช่วยเหลือตามหน่วยงาน", "Help by agency"),
    "progress_by_month": ("ความก้าวหน้ารายเดือน", "Progress by month"),
    "progress_month_caption": (
        "ครัวเรือนเป้าหมายที่สำรวจ/ช่วยเหลือครั้งแรกในเดือนนั้น และสัดส่วนสะสมต่อเป้าหมาย",
        "Targets first surveyed / helped that month, and the cumulative shares of targets",
    ),
    "progress_months_cut": (
        "แสดง {n} เดือนล่าสุด (สัดส่วนสะสมนับตั้งแต่เดือนแรก) ตารางครบทุกเดือนอยู่ในไฟล์ XLSX",
        "Last {n} months shown (cumulative shares count from the first month); the XLSX file "
        "has every month.",
    ),
    "progress_no_help": ("ยังไม่มีบันทึกการช่วยเหลือ", "No help recorded yet."),
    "progress_no_records": ("ยังไม่มีบันทึกการสำรวจหรือการช่วยเหลือ", "No visits or help recorded yet."),
    "month": ("เดือน", "Month"),
    "new_surveyed": ("สำรวจใหม่", "Newly surveyed"),
    "new_helped": ("ช่วยเหลือใหม่", "Newly helped"),
    "cum_surveyed": ("สำรวจแล้วสะสม", "Surveyed, cumulative"),
    "cum_helped": ("ช่วยเหลือแล้วสะสม", "Helped, cumulative"),
    "agency": ("หน่วยงาน", "Agency"),
    "help_households": ("ครัวเรือนเป้าหมายที่ได้รับ", "Target households"),
    "help_entries": ("รายการช่วยเหลือ", "Entries"),
    "help_baht": ("จำนวนเงิน (บาท)", "Amount (baht)"),
    "sheet_progress": ("ความก้าวหน้า", "Progress"),
    "section_potential": ("ศักยภาพและความพร้อมของพื้นที่", "Area potential and readiness"),
    "potential_missing": (
        "ไม่มีข้อมูลศักยภาพพื้นที่ในฐานข้อมูลชุดนี้ (not available)",
        "Not available in this build.",
    ),
    "pot_schools": ("สถานศึกษา (โรงเรียนประถมและมัธยม)", "Schools (primary and secondary)"),
    "pot_health": ("สถานพยาบาล (โรงพยาบาลและ รพ.สต.)", "Health facilities (hospitals and centres)"),
    "pot_centre_province": ("ศจพ. ระดับจังหวัด (ศจพ.จ.)", "Provincial centre (ศจพ.จ.)"),
    "pot_centre_district": ("ศจพ. ระดับอำเภอ (ศจพ.อ.)", "District centre (ศจพ.อ.)"),
    "pot_centre_subdistrict": ("ทีมปฏิบัติการระดับตำบล", "Subdistrict operations team"),
    "pot_agencies": ("หน่วยงานภาคีของ {centre}", "Partner agencies of the {centre}"),
    "pot_staff": (
        "บุคลากร ศจพ. รวม ทุกระดับในและเหนือพื้นที่ (คน)",
        "Centre staff, all levels in and above the area (persons)",
    ),
    "pot_projects": ("โครงการที่ได้รับงบประมาณ", "Funded projects"),
    "pot_budget": ("งบประมาณรวม ไม่รวมที่ยกเลิก (บาท)", "Total budget, not cancelled (baht)"),
    "pot_economy_year": ("ปีข้อมูลเศรษฐกิจจังหวัด (พ.ศ.)", "Year of the provincial economy (B.E.)"),
    "pot_gpp": ("ผลิตภัณฑ์มวลรวมจังหวัด (GPP, ล้านบาท)", "Gross provincial product (GPP, million baht)"),
    "pot_gpp_rank": ("อันดับ GPP (จาก {n} จังหวัด)", "GPP rank (of {n} provinces)"),
    "pot_hai": ("ดัชนีความก้าวหน้าของคน (HAI)", "Human Achievement Index (HAI)"),
    "pot_hai_rank": ("อันดับ HAI (จาก {n} จังหวัด)", "HAI rank (of {n} provinces)"),
    "pot_distance": ("ระยะทางที่ใช้วิเคราะห์ (กม.)", "Distance analysed (km)"),
    "pot_far_health": (
        "สัดส่วนครัวเรือนตก MPI ที่ไกลสถานพยาบาลเกิน {km} กม.",
        "MPI-poor households over {km} km from a health facility",
    ),
    "pot_far_school": (
        "สัดส่วนครัวเรือนตก MPI ที่ไกลโรงเรียนเกิน {km} กม.",
        "MPI-poor households over {km} km from a school",
    ),
    "pot_far_either": (
        "สัดส่วนครัวเรือนตก MPI ที่ไกลสถานพยาบาลหรือโรงเรียนเกิน {km} กม.",
        "MPI-poor households over {km} km from a health facility or a school",
    ),
    "pot_synthetic": (
        "ข้อมูลศักยภาพพื้นที่ต่อไปนี้เป็นข้อมูลสังเคราะห์ ไม่ใช่ข้อมูลจริง: {kinds}",
        "These area-potential data are synthetic, not real: {kinds}",
    ),
    "pot_kind_facilities": ("สถานศึกษาและสถานพยาบาล", "schools and health facilities"),
    "pot_kind_centres": ("ศจพ. และภาคีเครือข่าย", "poverty-solving centres and partners"),
    "pot_kind_projects": ("โครงการที่ได้รับงบประมาณ", "funded projects"),
    "pot_kind_economy": ("เศรษฐกิจจังหวัดและ HAI", "provincial economy and HAI"),
    "pot_kind_village_basic": ("ข้อมูลพื้นฐานหมู่บ้าน (กชช.2ค)", "village basic data (กชช.2ค)"),
    "pot_kind_otop": ("ผลิตภัณฑ์ OTOP", "OTOP products"),
    "section_sources": ("แหล่งข้อมูลและการตั้งค่า", "Sources and settings"),
    "no_poor": ("ไม่มีครัวเรือนตก MPI ตามเงื่อนไขที่เลือก", "No MPI-poor households with these settings"),
    "masked_note": (
        "ชื่อหัวหน้าครัวเรือนแสดงเฉพาะคำนำหน้าและอักษรย่อ ไม่แสดงเลขประจำตัวประชาชน (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล)",
        "Heads of household shown by title and initials; no national ID numbers (PDPA).",
    ),
    "personal_note": (
        "รายงานนี้มีข้อมูลส่วนบุคคล (ชื่อเต็ม) ใช้ตามสิทธิ์เท่านั้น",
        "This report holds personal data (full names): for authorised use only.",
    ),
    "urgent_caption": (
        "เรียงตามจำนวนมิติที่ตก แล้วตามคะแนนความขาดแคลน",
        "Ranked by dimensions failed, then deprivation score",
    ),
    "map_caption": (
        "แบ่งกลุ่มแบบ Fisher–Jenks (natural breaks)",
        "Classes: Fisher–Jenks natural breaks",
    ),
    "dimension_chart": ("สัดส่วนคนจนที่ตกแต่ละมิติ", "Share of persons poor and failing each dimension"),
    "indicator_chart": ("จำนวนคนจนที่ตกแต่ละตัวชี้วัด", "MPI-poor persons failing each indicator"),
    "page": ("หน้า {n}", "Page {n}"),
    "synthetic_footer": ("ข้อมูลสังเคราะห์", "Synthetic data"),
    # KPI and table headers
    **MEASURE_LABELS,
    "stars_value": ("{n} จาก 5 ดาว", "{n} of 5 stars"),
    "item": ("รายการ", "Item"),
    "value": ("ค่า", "Value"),
    "key": ("รหัสรายการ", "Key"),
    "code": ("รหัส", "Code"),
    "name": ("ชื่อ", "Name"),
    "area": ("พื้นที่", "Area"),
    "level": ("ระดับพื้นที่", "Level"),
    "dimension": ("มิติ", "Dimension"),
    "indicator": ("ตัวชี้วัด", "Indicator"),
    "weight": ("น้ำหนัก", "Weight"),
    "persons_deprived": ("คนจนที่ขาดแคลน", "MPI-poor persons deprived"),
    "censored_headcount": ("สัดส่วนต่อคนสำรวจ", "Censored headcount"),
    "dimension_persons": ("คนจนที่ตกมิตินี้", "MPI-poor persons failing it"),
    "dimension_headcount": ("สัดส่วนต่อคนสำรวจ", "Share of persons"),
    "contribution": ("สัดส่วนต่อ M0", "Contribution to M0"),
    "rank": ("ลำดับ", "Rank"),
    "head_name": ("หัวหน้าครัวเรือน", "Head of household"),
    "address": ("ที่อยู่", "Address"),
    "failed_dimensions": ("มิติที่ตก", "Failed dimensions"),
    "dimensions_failed": ("จำนวนมิติที่ตก", "Dimensions failed"),
    "deprivation_score": ("คะแนนความขาดแคลน", "Deprivation score"),
    "n_members": ("สมาชิก", "Members"),
    "card_holders": ("ผู้ถือบัตร", "Card holders"),
    "colour_class": ("ระดับ", "Class"),
    "class_green": ("เขียว", "green"),
    "class_yellow": ("เหลือง", "yellow"),
    "class_red": ("แดง", "red"),
    "class_none": ("-", "-"),
    # sources and settings
    "household_source": ("ข้อมูลครัวเรือน", "Household data"),
    "boundaries": ("ขอบเขตการปกครอง", "Boundaries"),
    "built_at": ("วันที่สร้างฐานข้อมูล", "Data built"),
    "synthetic": ("ข้อมูลสังเคราะห์", "Synthetic data"),
    "logbook": ("ข้อมูลความก้าวหน้า (Logbook)", "Progress data (Logbook)"),
    "logbook_synthetic": ("Logbook มีบันทึกสังเคราะห์ในพื้นที่", "Logbook holds synthetic records"),
    "logbook_unavailable": ("ไม่พร้อมใช้งาน", "unavailable"),
    "cutoff": ("เกณฑ์ความยากจน (k)", "Poverty cut-off (k)"),
    "cutoff_union": (
        "ตก MPI อย่างน้อย 1 ตัวชี้วัด (TPMAP, k = {k})",
        "fails at least one indicator (TPMAP, k = {k})",
    ),
    "cutoff_value": ("k = {k}", "k = {k}"),
    "dimensions_used": ("มิติที่นำมาคำนวณ", "Dimensions that count"),
    "all_dimensions": ("ครบ 5 มิติ", "all 5"),
    "welfare_card": ("บัตรสวัสดิการแห่งรัฐ", "State welfare card"),
    "card_all": ("ทั้งหมด", "all"),
    "card_with": ("มีบัตร", "with card"),
    "card_without": ("ไม่มีบัตร", "without card"),
    "personal_data": ("ข้อมูลส่วนบุคคล", "Personal data"),
    "personal_masked": ("ปิดบัง (อักษรย่อ)", "masked (initials)"),
    "personal_shown": ("แสดงชื่อเต็ม", "full names shown"),
    "generated_be": ("วันที่จัดทำ (พ.ศ.)", "Generated (B.E.)"),
    "generated_ce": ("วันที่จัดทำ (ค.ศ.)", "Generated (C.E.)"),
    "language": ("ภาษา", "Language"),
    "yes": ("ใช่", "yes"),
    "no": ("ไม่ใช่", "no"),
    "province": ("จังหวัด", "Province"),
    "district": ("อำเภอ", "District"),
    "subdistrict": ("ตำบล", "Subdistrict"),
    # progress messages while building
    "step_figures": ("กำลังรวบรวมตัวเลข…", "Gathering the figures…"),
    "step_charts": ("กำลังวาดแผนที่และแผนภูมิ…", "Drawing the map and charts…"),
    "step_write": ("กำลังเขียนไฟล์…", "Writing the file…"),
    "step_done": ("เสร็จแล้ว", "Done"),
}

AREA_PREFIX = {"province": "จ.", "district": "อ.", "subdistrict": "ต.", "village": ""}
THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is "th" or "en".

    Raises
    ------
    ValueError
        For any other language code.
    """
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}, got {lang!r}")
    return lang


def label(key: str, lang: str, **values: object) -> str:
    """Return the label ``key`` in ``lang`` ("th" or "en"), formatted with ``values``.

    Raises
    ------
    KeyError
        If the key is not in :data:`LABELS` (a missing label is a bug).
    """
    text = LABELS[key][0 if lang == "th" else 1]
    return text.format(**values) if values else text


def area_name(name_th: str, name_en: str, level: str, lang: str) -> str:
    """Return an area's name: "จ.อุดรธานี" in Thai (with the prefix), "Udon Thani" in English."""
    if lang == "en":
        return name_en or name_th
    return f"{AREA_PREFIX.get(level, '')}{name_th}"


def dimension_name(code: str, lang: str) -> str:
    """Return a dimension's name from :data:`poverty.indicators.DIMENSIONS`."""
    dim = next(d for d in DIMENSIONS if d.code == code)
    return dim.name_th if lang == "th" else dim.name_en


def indicator_name(code: str, lang: str) -> str:
    """Return an indicator's short label from :data:`poverty.indicators.INDICATORS`."""
    ind = next(i for i in INDICATORS if i.code == code)
    return ind.label_th if lang == "th" else ind.label_en


def menu_label(names: dict[str, tuple[str, str]], code: str, lang: str) -> str:
    """Return a Logbook menu entry's name (:mod:`logbook.menu`, (Thai, English)); else the code."""
    pair = names.get(code)
    return code if pair is None else pair[0 if lang == "th" else 1]


def thai_date(moment: datetime) -> str:
    """Return a date in Buddhist Era, Thai style: "25 พฤศจิกายน 2569" (B.E. = C.E. + 543)."""
    return f"{moment.day} {THAI_MONTHS[moment.month - 1]} {moment.year + 543}"


def date_text(moment: datetime, lang: str) -> str:
    """Return a date as officials read it: B.E. in Thai, ISO 8601 (C.E.) in English."""
    return thai_date(moment) if lang == "th" else moment.strftime("%Y-%m-%d")
