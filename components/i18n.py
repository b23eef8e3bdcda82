"""Labels in Thai (default) and English: the one table of UI text.

``t("key")`` returns the label in the session's language. Indicator and
dimension names come from :mod:`poverty.indicators`, the only table of them.
"""

from __future__ import annotations

import streamlit as st

from poverty.indicators import DIMENSIONS, INDICATORS

LANGUAGES = {"th": "ไทย", "en": "English"}

LABELS: dict[str, tuple[str, str]] = {
    "app_title": ("ระบบชี้เป้าความยากจน (TPMAP)", "Poverty targeting dashboard (TPMAP)"),
    "language": ("ภาษา / Language", "ภาษา / Language"),
    "page_overview": ("ภาพรวมกลุ่มเป้าหมาย", "Overview"),
    "page_urgent": ("ประเด็นเร่งด่วน", "Urgent targets"),
    "area": ("พื้นที่", "Area"),
    "province": ("จังหวัด", "Province"),
    "district": ("อำเภอ", "District"),
    "subdistrict": ("ตำบล", "Subdistrict"),
    "village": ("หมู่บ้าน", "Village"),
    "all_option": ("— ทั้งหมด —", "— all —"),
    "all_areas": ("ทุกจังหวัดในฐานข้อมูล", "All provinces in the data"),
    "filters": ("ตัวกรอง", "Filters"),
    "welfare_card": ("บัตรสวัสดิการแห่งรัฐ", "State welfare card"),
    "card_all": ("ทั้งหมด", "All"),
    "card_with": ("มีบัตร", "With card"),
    "card_without": ("ไม่มีบัตร", "Without card"),
    "dimensions": ("มิติที่นำมาคำนวณ", "Dimensions that count"),
    "dimensions_none": (
        "เลือกอย่างน้อย 1 มิติ — ใช้ครบ 5 มิติแทน",
        "Choose at least one dimension — using all 5",
    ),
    "cutoff": ("เกณฑ์ความยากจน (k)", "Poverty cut-off (k)"),
    "cutoff_union": ("ตก MPI อย่างน้อย 1 ตัวชี้วัด (TPMAP)", "Fails at least one indicator (TPMAP)"),
    "cutoff_third": ("k = 1/3 (MPI โลก, OPHI)", "k = 1/3 (global MPI, OPHI)"),
    "synthetic_banner": (
        "ข้อมูลครัวเรือนนี้เป็น **ข้อมูลสังเคราะห์** ที่ระบบสร้างขึ้นบนหมู่บ้านจริง "
        "ปรับให้ใกล้เคียงตัวเลขที่ TPMAP เผยแพร่ — ไม่ใช่ข้อมูลจริงของครัวเรือนหรือบุคคลใด",
        "These household data are **synthetic**, generated on the real villages and calibrated "
        "to TPMAP's published figures — not real households or persons.",
    ),
    "households": ("ครัวเรือนสำรวจ", "Households surveyed"),
    "persons": ("คนสำรวจ", "Persons surveyed"),
    "poor_households": ("ครัวเรือนตก MPI", "MPI-poor households"),
    "poor_persons": ("คนตก MPI", "MPI-poor persons"),
    "target_poor_persons": (
        "คนจนเป้าหมาย TPMAP (ตก MPI + มีบัตรสวัสดิการ)",
        "TPMAP target poor (MPI-poor with welfare card)",
    ),
    "poor_persons_without_card": ("คนตก MPI ไม่มีบัตรสวัสดิการ", "MPI-poor without welfare card"),
    "headcount_ratio": ("สัดส่วนคนจน (H)", "Headcount ratio (H)"),
    "intensity": ("ความรุนแรง (A)", "Intensity (A)"),
    "adjusted_headcount_ratio": ("ดัชนี MPI (M0 = H × A)", "Adjusted headcount ratio (M0 = H × A)"),
    "stars": ("ระดับดาว (ดาวสูง = สัดส่วนคนจนน้อย)", "Star rating (more stars = fewer poor)"),
    "map_measure": ("แสดงบนแผนที่", "Map shows"),
    "measure_poor_persons": ("จำนวนคนตก MPI", "MPI-poor persons"),
    "measure_target_poor_persons": ("จำนวนคนจนเป้าหมาย", "TPMAP target poor"),
    "measure_headcount_ratio": ("สัดส่วนคนจน (H)", "Headcount ratio (H)"),
    "measure_adjusted_headcount_ratio": ("ดัชนี M0", "M0"),
    "measure_dim": ("สัดส่วนคนจนที่ตกมิติ{dim}", "Censored headcount: {dim}"),
    "map_children": ("แผนที่{child}ใน{area}", "{child} map of {area}"),
    "map_click_hint": (
        "คลิกพื้นที่บนแผนที่เพื่อดูรายละเอียดระดับถัดไป",
        "Click an area on the map to drill down",
    ),
    "legend": ("คำอธิบายสัญลักษณ์", "Legend"),
    "household_map": ("ตำแหน่งครัวเรือน (สีตามจำนวนมิติที่ตก)", "Households (colour = dimensions failed)"),
    "class_none": ("ไม่ตก MPI", "Not MPI-poor"),
    "class_green": ("ตก 1 มิติ (เขียว)", "1 dimension (green)"),
    "class_yellow": ("ตก 2–3 มิติ (เหลือง)", "2–3 dimensions (yellow)"),
    "class_red": ("ตก 4–5 มิติ (แดง)", "4–5 dimensions (red)"),
    "radar_title": ("สัดส่วนคนจนที่ตกแต่ละมิติ", "Share of persons poor and failing each dimension"),
    "bar_title": ("จำนวนคนจนที่ตกแต่ละตัวชี้วัด", "MPI-poor persons failing each indicator"),
    "children_table": ("ตาราง{child}", "{child} table"),
    "name": ("ชื่อ", "Name"),
    "code": ("รหัส", "Code"),
    "no_data": ("ไม่มีข้อมูลครัวเรือนในพื้นที่นี้", "No household data in this area"),
    "no_poor": (
        "ไม่มีครัวเรือนตก MPI ในพื้นที่นี้ตามตัวกรองที่เลือก",
        "No MPI-poor households in this area with these filters",
    ),
    "points_capped": ("แสดง {shown} จาก {total} ครัวเรือน", "Showing {shown} of {total} households"),
    "choose_area": (
        "เลือกจังหวัดหรือพื้นที่จากแถบด้านซ้าย เพื่อดูครัวเรือนที่ต้องช่วยเหลือก่อน",
        "Choose a province or area in the sidebar to see the households to help first",
    ),
    "urgent_title": ("ครัวเรือนที่ต้องช่วยเหลือก่อน", "Households to help first"),
    "urgent_caption": (
        "เรียงตามจำนวนมิติที่ตก แล้วตามคะแนนความขาดแคลน",
        "Ranked by dimensions failed, then deprivation score",
    ),
    "urgent_count": (
        "ครัวเรือนตก MPI {n} ครัวเรือน (แสดง {shown} ลำดับแรก)",
        "{n} MPI-poor households (first {shown} shown)",
    ),
    "top_problems": ("ปัญหาสำคัญของพื้นที่", "The area's top problems"),
    "top_problems_caption": (
        "ตัวชี้วัดที่มีสัดส่วนคนจนตกเกณฑ์สูงสุด (censored headcount)",
        "Indicators with the highest censored headcount",
    ),
    "rank": ("ลำดับ", "Rank"),
    "head_name": ("หัวหน้าครัวเรือน", "Head of household"),
    "address": ("ที่อยู่", "Address"),
    "failed_dimensions": ("มิติที่ตก", "Failed dimensions"),
    "dimensions_failed": ("จำนวนมิติที่ตก", "Dimensions failed"),
    "deprivation_score": ("คะแนนความขาดแคลน", "Deprivation score"),
    "n_members": ("สมาชิก", "Members"),
    "card_holders": ("ผู้ถือบัตรสวัสดิการ", "Welfare-card holders"),
    "colour_class": ("ระดับ", "Class"),
    "indicator": ("ตัวชี้วัด", "Indicator"),
    "dimension": ("มิติ", "Dimension"),
    "share": ("สัดส่วน", "Share"),
    "build_missing": ("ยังไม่มีฐานข้อมูล", "No data store yet"),
    "unknown_area": (
        "ไม่พบพื้นที่รหัส {code} — แสดงภาพรวมแทน",
        "Unknown area code {code} — showing the overview instead",
    ),
    "data_source": ("แหล่งข้อมูล", "Data source"),
    "boundaries_credit": (
        "ขอบเขตการปกครอง: OCHA HDX COD-AB (กรมแผนที่ทหาร) 2565; หมู่บ้าน 2555",
        "Boundaries: OCHA HDX COD-AB (RTSD) 2022; villages 2012",
    ),
}

AREA_PREFIX = {
    "province": ("จ.", ""),
    "district": ("อ.", ""),
    "subdistrict": ("ต.", ""),
    "village": ("", ""),
}


def lang() -> str:
    """Return the session's language code ("th" default, or "en")."""
    value = st.session_state.get("lang", "th")
    return value if value in LANGUAGES else "th"


def t(key: str, **values: object) -> str:
    """Return the label ``key`` in the session's language, formatted with ``values``.

    Raises
    ------
    KeyError
        If the key is not in :data:`LABELS` (a missing label is a bug).
    """
    text = LABELS[key][0 if lang() == "th" else 1]
    return text.format(**values) if values else text


def area_label(name_th: str, name_en: str, level: str, with_prefix: bool = True) -> str:
    """Return an area's name in the session language, with จ./อ./ต. in Thai."""
    if lang() == "en":
        return name_en or name_th
    prefix = AREA_PREFIX.get(level, ("", ""))[0] if with_prefix else ""
    return f"{prefix}{name_th}"


def dimension_name(code: str) -> str:
    """Return a dimension's name in the session language."""
    dim = next(d for d in DIMENSIONS if d.code == code)
    return dim.name_th if lang() == "th" else dim.name_en


def indicator_name(code: str) -> str:
    """Return an indicator's short label in the session language."""
    ind = next(i for i in INDICATORS if i.code == code)
    return ind.label_th if lang() == "th" else ind.label_en


def level_name(level: str) -> str:
    """Return the name of an area level (province, district …)."""
    return t(level)
