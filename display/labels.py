"""Labels in Thai (default) and English: the one table of text the project shows.

The app (through :func:`components.i18n.t`, which adds the session's
language), the reports (``reports/``), the exports and the Logbook screens
all take their words from :data:`LABELS`, so a figure has one name
everywhere (issue 18). Indicator and dimension names come from
:mod:`poverty.indicators`, the only table of them. No Streamlit import: the
command line and the reports use it as the app does.
"""

from __future__ import annotations

from poverty.indicators import DIMENSIONS, INDICATORS
from poverty.labels import MEASURE_DEFINITIONS, MEASURE_LABELS

#: Languages offered, code -> name as shown in the language choice.
LANGUAGES = {"th": "ไทย", "en": "English"}
LANGS = tuple(LANGUAGES)

#: Label key -> (Thai, English); ``{name}`` fields are filled by :func:`label`.
LABELS: dict[str, tuple[str, str]] = {
    "app_title": ("ระบบชี้เป้าความยากจน (TPMAP)", "Poverty targeting dashboard (TPMAP)"),
    "language": ("ภาษา / Language", "ภาษา / Language"),
    "page_overview": ("ภาพรวมกลุ่มเป้าหมาย", "Overview"),
    "page_urgent": ("ประเด็นเร่งด่วน", "Urgent targets"),
    "page_reports": ("รายงาน", "Reports"),
    "report_choose_area": (
        "เลือกจังหวัดหรืออำเภอจากแถบด้านซ้าย เพื่อจัดทำรายงานของพื้นที่",
        "Choose a province or a district in the sidebar to make its report",
    ),
    "report_intro": (
        "รายงานพื้นที่ตามตัวกรองที่เลือก: ตัวชี้วัดสรุป แผนที่ ความขาดแคลนรายมิติและรายตัวชี้วัด "
        "และครัวเรือนที่ต้องช่วยเหลือก่อน — ตัวเลขเดียวกับที่แสดงในหน้าอื่น",
        "A report of this area with the chosen filters: key figures, map, deprivation by "
        "dimension and indicator, and the households to help first — the figures the other "
        "pages show",
    ),
    "report_format": ("รูปแบบไฟล์", "File format"),
    "report_masked": (
        "ชื่อหัวหน้าครัวเรือนแสดงเฉพาะคำนำหน้าและอักษรย่อ ไม่มีเลขประจำตัวประชาชน",
        "Heads of household appear as title and initials; no national ID numbers",
    ),
    "report_build": ("จัดทำรายงาน", "Build report"),
    "report_building": ("กำลังจัดทำรายงาน…", "Building the report…"),
    "report_ready": ("รายงานพร้อมแล้ว ({seconds} วินาที)", "Report ready ({seconds} s)"),
    "report_download": ("ดาวน์โหลดรายงาน", "Download the report"),
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
    **MEASURE_LABELS,
    **{f"define_{key}": text for key, text in MEASURE_DEFINITIONS.items()},
    "map_measure": ("แสดงบนแผนที่", "Map shows"),
    "measure_poor_persons": ("จำนวนคนตก MPI", "MPI-poor persons"),
    "measure_target_poor_persons": ("จำนวนคนจนเป้าหมาย", "TPMAP target poor"),
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
    "contrib_title": ("ที่มาของความยากจน (สัดส่วนใน M0)", "What makes up poverty (share of M0)"),
    "contrib_caption": (
        "สัดส่วนของดัชนี M0 ที่มาจากแต่ละมิติและแต่ละตัวชี้วัด: น้ำหนัก × สัดส่วนคนจนที่ตกตัวชี้วัดนั้น ÷ M0 "
        "รวมกันได้ร้อยละ 100",
        "Share of M0 coming from each dimension and each indicator: weight × share of persons "
        "poor and failing it ÷ M0; each adds up to 100%",
    ),
    "contrib_none": ("ไม่มีคนจนในพื้นที่นี้ M0 เป็น 0", "Nobody in this area is poor: M0 is 0"),
    "contrib_by_dimension": ("สัดส่วนใน M0 ตามมิติ", "Contribution to M0 by dimension"),
    "contrib_axis": ("สัดส่วนใน M0", "Share of M0"),
    "contrib_by_indicator": ("สัดส่วนใน M0 ตามตัวชี้วัด", "Contribution to M0 by indicator"),
    "contrib_table": ("ตารางสัดส่วนใน M0", "Table of contributions to M0"),
    "weight": ("น้ำหนัก", "Weight"),
    "contrib_censored": ("คนจนที่ตกตัวชี้วัด (% ของคน)", "Poor and failing it (% of persons)"),
    "contrib_indicator_share": ("สัดส่วนใน M0 ของตัวชี้วัด (%)", "Indicator's share of M0 (%)"),
    "contrib_dimension_share": ("สัดส่วนใน M0 ของมิติ (%)", "Dimension's share of M0 (%)"),
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
        "กลุ่ม 1.2 (ไม่มีผู้ถือบัตรสวัสดิการแห่งรัฐ) ที่ตกเกณฑ์รายได้และความเป็นอยู่ก่อน "
        "แล้วเรียงตามจำนวนมิติที่ตกและคะแนนความขาดแคลน",
        "Group 1.2 (no state welfare card holder) failing income and living conditions "
        "first, then by dimensions failed and deprivation score",
    ),
    "priority_reason": ("เหตุที่ช่วยก่อน", "Why first"),
    "priority_1": (
        "ไม่มีบัตรสวัสดิการ ตกเกณฑ์รายได้และความเป็นอยู่",
        "No welfare card; fails income and living conditions",
    ),
    "priority_2": (
        "ไม่มีบัตรสวัสดิการ ตกเกณฑ์รายได้หรือความเป็นอยู่",
        "No welfare card; fails income or living conditions",
    ),
    "priority_3": ("ไม่มีบัตรสวัสดิการ (กลุ่ม 1.2)", "No welfare card (group 1.2)"),
    "priority_4": ("มีบัตรสวัสดิการ (กลุ่ม 1.1)", "Holds a welfare card (group 1.1)"),
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
    # ---- Area potential page (panel 2, display part 05) and other urgent issues (issue 5)
    "page_potential": ("ศักยภาพพื้นที่", "Area potential"),
    "potential_synthetic": (
        "ข้อมูลศักยภาพพื้นที่ต่อไปนี้เป็น **ข้อมูลสังเคราะห์** ที่ระบบสร้างขึ้นบนพื้นที่จริง ไม่ใช่ข้อมูลจริง: {kinds}",
        "These area-potential data are **synthetic**, generated on the real areas, "
        "not real records: {kinds}",
    ),
    "potential_real": ("ข้อมูลจากไฟล์ที่นำเข้า: {kinds}", "Loaded from data files: {kinds}"),
    "kind_facilities": ("สถานศึกษาและสถานพยาบาล", "schools and health facilities"),
    "kind_centres": ("ศจพ. และภาคีเครือข่าย", "poverty-solving centres and partners"),
    "kind_projects": ("โครงการที่ได้รับงบประมาณ", "funded projects"),
    "kind_economy": ("เศรษฐกิจจังหวัดและ HAI", "provincial economy and HAI"),
    "kind_village_basic": ("ข้อมูลพื้นฐานหมู่บ้าน (กชช.2ค)", "village basic data (กชช.2ค)"),
    "choose_area_potential": (
        "เลือกจังหวัดหรือพื้นที่จากแถบด้านซ้าย เพื่อดูศักยภาพและความพร้อมของพื้นที่",
        "Choose a province or area in the sidebar to see its potential and readiness",
    ),
    "centre_title": (
        "ศูนย์อำนวยการขับเคลื่อนการแก้ไขปัญหาความยากจน (ศจพ.) และภาคีเครือข่าย",
        "Poverty-solving centres (ศจพ.) and partner agencies",
    ),
    "centre_level_province": ("ระดับจังหวัด (ศจพ.จ.)", "Province (ศจพ.จ.)"),
    "centre_level_district": ("ระดับอำเภอ (ศจพ.อ.)", "District (ศจพ.อ.)"),
    "centre_level_subdistrict": ("ระดับตำบล (ทีมปฏิบัติการ)", "Subdistrict (operations team)"),
    "centre_chair": ("ประธาน", "Chair"),
    "centre_agencies": ("หน่วยงานภาคี", "Partner agencies"),
    "no_centre": ("ไม่มีข้อมูล ศจพ. ของพื้นที่นี้", "No centre recorded for this area"),
    "staff_title": (
        "บุคลากรแต่ละระดับ (ในพื้นที่และระดับเหนือขึ้นไป)",
        "Staff per level (in and above the area)",
    ),
    "staff_level": ("ระดับ", "Level"),
    "staff_centres": ("ศูนย์/ทีม", "Centres"),
    "staff_count": ("บุคลากร (คน)", "Staff"),
    "staff_total": ("บุคลากรรวม (คน)", "Staff in all (persons)"),
    "economy_title": (
        "เศรษฐกิจและการพัฒนาคน {province} ปี {year}",
        "Economy and human development of {province}, {year}",
    ),
    "gpp": ("ผลิตภัณฑ์มวลรวมจังหวัด (GPP, ล้านบาท)", "Gross provincial product (GPP, million baht)"),
    "consumption": ("การบริโภค (ล้านบาท)", "Consumption (million baht)"),
    "investment": ("การลงทุน (ล้านบาท)", "Investment (million baht)"),
    "hai": ("ดัชนีความก้าวหน้าของคน (HAI)", "Human Achievement Index (HAI)"),
    "rank_of": ("อันดับ {rank} จาก {n} จังหวัด", "Rank {rank} of {n} provinces"),
    "no_economy": ("ไม่มีข้อมูลเศรษฐกิจของจังหวัดนี้", "No economic data for this province"),
    "access_title": (
        "การเข้าถึงสถานพยาบาลและโรงเรียนของครัวเรือนยากจน",
        "Poor households' access to health facilities and schools",
    ),
    "access_caption": (
        "ระยะทางเส้นตรงจากบ้านถึงสถานพยาบาล (รพ.สต. หรือโรงพยาบาล) และโรงเรียนที่ใกล้ที่สุด "
        "คำนวณในพิกัด UTM (โซน 47N/48N) — นับครัวเรือนตก MPI ตามตัวกรองที่เลือก",
        "Straight-line distance from each house to the nearest health facility (health centre "
        "or hospital) and school, computed in UTM (zone 47N/48N) — MPI-poor households under the "
        "chosen filters",
    ),
    "access_distance": ("ระยะทางที่ถือว่าไกล (กม.)", "Distance counted as far (km)"),
    "access_either": ("ไกลสถานพยาบาลหรือโรงเรียน", "Far from a health facility or a school"),
    "access_health": ("ไกลสถานพยาบาล", "Far from a health facility"),
    "access_school": ("ไกลโรงเรียน", "Far from a school"),
    "access_what_either": ("ไกลสถานพยาบาลหรือโรงเรียน", "far from a health facility or a school"),
    "access_what_health": ("ไกลสถานพยาบาล", "far from a health facility"),
    "access_what_school": ("ไกลโรงเรียน", "far from a school"),
    "access_far_health": ("ไกลสถานพยาบาลเกิน {km} กม.", "Over {km} km from a health facility"),
    "access_far_school": ("ไกลโรงเรียนเกิน {km} กม.", "Over {km} km from a school"),
    "access_far_either": (
        "ไกลสถานพยาบาลหรือโรงเรียนเกิน {km} กม.",
        "Over {km} km from a health facility or a school",
    ),
    "access_share_health": ("สัดส่วนไกลสถานพยาบาล", "Share far from health"),
    "access_share_school": ("สัดส่วนไกลโรงเรียน", "Share far from school"),
    "access_share_either": ("สัดส่วนไกลอย่างใดอย่างหนึ่ง", "Share far from either"),
    "access_map_children": (
        "สัดส่วนครัวเรือนยากจนที่{what} ราย{child}",
        "Share of poor households {what}, by {child}",
    ),
    "access_table": (
        "ครัวเรือนยากจนที่อยู่ไกลบริการ จำแนกตาม{child}",
        "Poor households far from services, by {child}",
    ),
    "access_map": ("ตำแหน่งสถานบริการและครัวเรือน", "Service locations and households"),
    "access_map_panel": (
        "แผนที่ตำแหน่งสถานบริการและครัวเรือน",
        "Map of service locations and households",
    ),
    "access_nonpoor_hidden": (
        "แสดงเฉพาะครัวเรือนตก MPI ({n} ครัวเรือน) — ครัวเรือนอื่นแสดงเมื่อเลือกพื้นที่ที่เล็กลง",
        "Only MPI-poor households are shown ({n}); the others appear in a smaller area",
    ),
    "facilities_count": ("สถานบริการในพื้นที่", "Facilities in the area"),
    "facility_hospital": ("โรงพยาบาล", "Hospital"),
    "facility_health_centre": ("รพ.สต.", "Health-promoting hospital"),
    "facility_primary_school": ("โรงเรียนประถม", "Primary school"),
    "facility_secondary_school": ("โรงเรียนมัธยม", "Secondary school"),
    "access_hexagons": (
        "ครัวเรือน {n} ครัวเรือนแสดงเป็นช่องหกเหลี่ยม (ประมาณ 5 ตร.กม. ต่อช่อง) พร้อมจำนวนในช่อง "
        "สีตามกลุ่มที่มีมากที่สุด — เลือกอำเภอหรือตำบลเพื่อดูตำแหน่งครัวเรือน",
        "The {n} households are shown as hexagons (about 5 km² each) with their counts, "
        "coloured by the largest group — choose a district or subdistrict to see households",
    ),
    "hexagon_households": ("ครัวเรือน {n} ครัวเรือน", "{n} households"),
    "hexagon_counts": ("ไกล {far} · ไม่ไกล {near}", "far {far} · not far {near}"),
    "point_far": ("ครัวเรือนตก MPI ที่อยู่ไกลเกิน {km} กม.", "MPI-poor, farther than {km} km"),
    "point_near": ("ครัวเรือนตก MPI ที่ไม่ไกล", "MPI-poor, not far"),
    "point_other": ("ครัวเรือนอื่น", "Other households"),
    "projects_title": ("โครงการที่ได้รับงบประมาณ (แบบ eMENSCR)", "Funded projects (eMENSCR-style)"),
    "projects_count": ("จำนวนโครงการ", "Projects"),
    "projects_budget": ("งบประมาณรวม ไม่รวมที่ยกเลิก (บาท)", "Total budget, not cancelled (baht)"),
    "projects_done": ("ดำเนินการแล้วเสร็จ", "Completed"),
    "projects_by_dimension": ("งบประมาณตามมิติ (บาท)", "Budget by dimension (baht)"),
    "no_projects": ("ไม่มีโครงการในพื้นที่นี้", "No project in this area"),
    "fiscal_year": ("ปีงบประมาณ", "Fiscal year (B.E.)"),
    "project_name": ("ชื่อโครงการ", "Project"),
    "project_area": ("พื้นที่ดำเนินการ", "Area"),
    "project_budget": ("งบประมาณ (บาท)", "Budget (baht)"),
    "project_status": ("สถานะ", "Status"),
    "status_not_started": ("ยังไม่เริ่ม", "Not started"),
    "status_in_progress": ("อยู่ระหว่างดำเนินการ", "In progress"),
    "status_completed": ("แล้วเสร็จ", "Completed"),
    "status_cancelled": ("ยกเลิก", "Cancelled"),
    "village_basic_title": (
        "ข้อมูลพื้นฐานระดับหมู่บ้าน (กชช.2ค) ปี {year}",
        "Village basic data (กชช.2ค), {year}",
    ),
    "vb_villages": ("หมู่บ้านที่มีข้อมูล {n} จาก {total} หมู่บ้าน", "{n} of {total} villages with data"),
    "vb_road_all_season": ("หมู่บ้านที่มีถนนใช้ได้ตลอดปี", "Villages with an all-season road"),
    "vb_piped_water": ("หมู่บ้านที่มีประปาหมู่บ้าน", "Villages with piped water"),
    "vb_farm_water_sufficient": ("หมู่บ้านที่มีน้ำเพื่อการเกษตรเพียงพอ", "Villages with enough farm water"),
    "vb_internet_access": ("หมู่บ้านที่มีจุดบริการอินเทอร์เน็ต", "Villages with an internet access point"),
    "vb_electricity_share": ("ครัวเรือนที่มีไฟฟ้าใช้ (เฉลี่ย)", "Households with electricity (mean)"),
    "vb_village_fund_baht": ("เงินทุนกองทุนหมู่บ้านรวม (บาท)", "Village funds in all (baht)"),
    "no_village_basic": ("ไม่มีข้อมูล กชช.2ค ของพื้นที่นี้", "No village basic data for this area"),
    "otop_title": ("ผลิตภัณฑ์ OTOP", "OTOP products"),
    "otop_count": ("{n} ผลิตภัณฑ์", "{n} products"),
    "otop_category": ("ประเภท", "Category"),
    "otop_stars": ("ระดับดาว", "Stars"),
    "otop_place": ("แหล่งผลิต", "Made in"),
    "otop_food": ("อาหาร", "Food"),
    "otop_beverage": ("เครื่องดื่ม", "Beverage"),
    "otop_textile": ("ผ้าและเครื่องแต่งกาย", "Textiles and garments"),
    "otop_household_goods": ("ของใช้ ของตกแต่ง ของที่ระลึก", "Household goods and souvenirs"),
    "otop_herbal": ("สมุนไพรที่ไม่ใช่อาหาร", "Herbal products (non-food)"),
    "no_otop": ("ไม่มีผลิตภัณฑ์ OTOP ในพื้นที่นี้", "No OTOP product in this area"),
    "issues_title": ("ประเด็นเร่งด่วนอื่นของพื้นที่", "Other urgent issues"),
    "issues_caption": (
        "NEET: คนอายุ 15–24 ปีที่ไม่ได้เรียน ไม่ได้ทำงาน และไม่ได้ฝึกอบรม · "
        "อัตราการว่างงานและการทำงานต่ำระดับ: ต่อกำลังแรงงานอายุ 15 ปีขึ้นไป · "
        "หนี้สินครัวเรือน: ครัวเรือนที่มีหนี้ หนี้เฉลี่ย และครัวเรือนที่หนี้สูงกว่ารายได้ทั้งปี",
        "NEET: persons aged 15–24 not in education, employment or training · unemployment and "
        "under-employment: share of the labour force aged 15+ · household debt: households in "
        "debt, mean debt, households owing more than a year's income",
    ),
    "issues_counts": (
        "คนอายุ 15–24 ปี {youth} คน เป็น NEET {neet} คน · กำลังแรงงาน {labour} คน · "
        "ครัวเรือนมีหนี้ {in_debt} จาก {households} ครัวเรือน",
        "{neet} NEETs of {youth} persons aged 15–24 · labour force {labour} · "
        "{in_debt} of {households} households in debt",
    ),
    "issues_no_data": (
        "ข้อมูลครัวเรือนชุดนี้ไม่มีสถานะการศึกษา การทำงาน หรือหนี้สิน",
        "These household data carry no education, employment or debt status",
    ),
    "neet_share": ("สัดส่วน NEET (อายุ 15–24 ปี)", "NEET share (aged 15–24)"),
    "unemployment_rate": ("อัตราการว่างงาน", "Unemployment rate"),
    "underemployment_rate": ("อัตราการทำงานต่ำระดับ", "Under-employment rate"),
    "debt_share": ("ครัวเรือนที่มีหนี้สิน", "Households in debt"),
    "mean_debt_baht": ("หนี้เฉลี่ยต่อครัวเรือนที่มีหนี้ (บาท)", "Mean debt per indebted household (baht)"),
    "over_indebted_share": (
        "ครัวเรือนที่หนี้สูงกว่ารายได้ทั้งปี",
        "Households owing more than a year's income",
    ),
    "youth": ("คนอายุ 15–24 ปี", "Persons aged 15–24"),
    "neet": ("NEET (คน)", "NEETs"),
    "labour_force": ("กำลังแรงงาน (คน)", "Labour force"),
    "issues_children": ("ประเด็นเร่งด่วนอื่น จำแนกตาม{child}", "Other urgent issues by {child}"),
    "issue_choose": ("เลือกประเด็นสำหรับกราฟและการจัดอันดับ", "Problem for the chart and the ranking"),
    "issues_ranking": ("จัดอันดับจังหวัด 10 อันดับแรก: {measure}", "Top 10 provinces: {measure}"),
    "issues_ranking_few": (
        "ฐานข้อมูลนี้มีข้อมูลเพียง {n} จังหวัด จึงจัดอันดับได้ {n} จังหวัด",
        "This build holds only {n} provinces, so only {n} are ranked",
    ),
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
    # --- Households page (display part 02), sign-in, export, audit log ---
    "page_households": ("ครัวเรือนและบุคคล", "Households and persons"),
    "page_audit": ("บันทึกการส่งออกข้อมูล", "Export audit log"),
    "search_title": ("ค้นหาขั้นสูง", "Advanced search"),
    "search_area": (
        "พื้นที่ค้นหา: {area} (เปลี่ยนพื้นที่ได้ที่แถบด้านซ้าย)",
        "Area searched: {area} (change it in the sidebar).",
    ),
    "search_sidebar_note": (
        "ตัวกรองบัตรสวัสดิการ มิติ และเกณฑ์ในแถบด้านซ้ายไม่มีผลกับการค้นหานี้ — ใช้เงื่อนไขในแบบฟอร์มแทน",
        "The sidebar's welfare-card, dimension and cut-off filters do not apply here "
        "— the form's conditions do.",
    ),
    "search_any": ("ไม่กำหนด (ทั้งหมด)", "Any"),
    "search_indicators": ("ตัวชี้วัดที่ตก", "Failed indicators"),
    "search_match": ("ครัวเรือนต้องตก", "Households must fail"),
    "match_all": ("ทุกรายการที่เลือก", "every one selected"),
    "match_any": ("อย่างน้อย 1 รายการ", "at least one"),
    "search_ndims": ("จำนวนมิติ MPI ที่ตก", "Number of failed MPI dimensions"),
    "vulnerability_0": (
        "ระดับ 0: รายได้ไม่น้อย แต่มีผู้ต้องพึ่งพิง",
        "Level 0: not low income, but a dependent",
    ),
    "vulnerability_1": (
        "ระดับ 1: รายได้น้อย และ/หรือ มีปัญหาที่อยู่อาศัย",
        "Level 1: low income and/or a housing problem",
    ),
    "vulnerability_2": (
        "ระดับ 2: รายได้น้อย + ผู้พึ่งพิง 1–2 คน และ/หรือ ปัญหาที่อยู่อาศัย",
        "Level 2: low income + 1–2 dependents and/or a housing problem",
    ),
    "vulnerability_3": (
        "ระดับ 3: รายได้น้อย + ผู้พึ่งพิงมากกว่า 2 คน และ/หรือ ปัญหาที่อยู่อาศัย",
        "Level 3: low income + more than 2 dependents and/or a housing problem",
    ),
    "search_sets": ("กลุ่ม", "Sets"),
    "set_failing_mpi": ("ตก MPI", "Failing MPI"),
    "set_tpmap_poor": (
        "คนจนเป้าหมาย TPMAP ของปี (ตก MPI และมีบัตรสวัสดิการ)",
        "TPMAP poor of the year (failing MPI and holding a welfare card)",
    ),
    "set_logbook_recorded": ("บันทึกในแฟ้มบ้านพัฒนาคนไทย", "Recorded in the Logbook"),
    "set_logbook_new": ("เพิ่มใหม่ในแฟ้มบ้านพัฒนาคนไทย", "Newly added in the Logbook"),
    "set_logbook_new_help": (
        "ครัวเรือนที่ทีมปฏิบัติการบันทึกว่าตกหล่นจากระบบ (ไม่มีข้อมูล จปฐ.): ค้นหาได้ตามพื้นที่ "
        "สถานะเคส และทีม แต่ไม่ใช้เงื่อนไขจากการสำรวจ (มิติ ตัวชี้วัด บัตร ความเปราะบาง)",
        "Households the operations teams recorded as missed by the system (no BMN survey "
        "record): searched by area, case status and team, never by survey conditions "
        "(dimensions, indicators, card, vulnerability)",
    ),
    "search_button": ("ค้นหา", "Search"),
    "not_searched": (
        "คุณยังไม่ได้ค้นหา — เลือกเงื่อนไข แล้วกด ค้นหา",
        "You have not searched yet — choose conditions, then press Search",
    ),
    "search_count": ("จำนวนครัวเรือนที่ตรงเงื่อนไข", "Households matching"),
    "no_results": (
        "ไม่พบครัวเรือนที่ตรงกับเงื่อนไขในพื้นที่นี้ — ลองลดเงื่อนไข หรือเลือกพื้นที่ที่กว้างขึ้น",
        "No household matches these conditions in this area — loosen them or choose a wider area",
    ),
    "sort_by": ("เรียงตาม", "Sort by"),
    "sort_direction": ("ลำดับ", "Order"),
    "sort_desc": ("มากไปน้อย", "Descending"),
    "sort_asc": ("น้อยไปมาก", "Ascending"),
    "sort_priority": (
        "ความเร่งด่วน (จำนวนมิติที่ตก แล้วคะแนน)",
        "Priority (dimensions failed, then score)",
    ),
    "sort_head_name": ("ชื่อหัวหน้าครัวเรือน", "Head of household"),
    "sort_address": ("ที่อยู่ (หมู่บ้าน, บ้านเลขที่)", "Address (village, house no.)"),
    "sort_n_members": ("จำนวนสมาชิก", "Household size"),
    "sort_welfare_card_holders": ("จำนวนผู้ถือบัตรสวัสดิการ", "Welfare-card holders"),
    "sort_income_per_capita": ("รายได้เฉลี่ยต่อคน", "Income per person"),
    "page_number": ("หน้า", "Page"),
    "page_caption": (
        "หน้า {page} จาก {pages} · แถวที่ {first}–{last} จาก {n}",
        "Page {page} of {pages} · rows {first}–{last} of {n}",
    ),
    "select_hint": (
        "คลิกช่องหน้าแถวเพื่อเปิดดูครัวเรือน",
        "Click the box at the start of a row to open the household",
    ),
    "failed_dimension_help": ("✓ = ครัวเรือนตกมิตินี้", "✓ = the household fails this dimension"),
    "coordinates": ("พิกัดบ้าน", "House coordinates"),
    "results_map": ("ตำแหน่งครัวเรือนที่ค้นพบ", "Where the matching households are"),
    "household_title": ("ครัวเรือน {id}", "Household {id}"),
    "household_unknown": ("ไม่พบครัวเรือน {id} ในพื้นที่ของคุณ", "No household {id} in your area"),
    "members": ("สมาชิกครัวเรือน", "Household members"),
    "person_name": ("ชื่อ-สกุล", "Name"),
    "national_id": ("เลขประจำตัวประชาชน", "National ID"),
    "sex": ("เพศ", "Sex"),
    "sex_M": ("ชาย", "Male"),
    "sex_F": ("หญิง", "Female"),
    "age": ("อายุ", "Age"),
    "has_card": ("บัตรสวัสดิการ", "Welfare card"),
    "disabled": ("พิการ", "Disabled"),
    "dependent": ("ต้องมีผู้ดูแล", "Dependent"),
    "income": ("รายได้เฉลี่ย (บาท/คน/ปี)", "Income (baht/person/year)"),
    "vulnerability": ("ระดับความเปราะบาง", "Vulnerability level"),
    "vulnerability_none": ("ไม่เปราะบาง", "Not vulnerable"),
    "failed_indicators_title": (
        "ตัวชี้วัดที่ตก และเกณฑ์ จปฐ. ที่ไม่ผ่าน",
        "Failed indicators and the BMN criteria not met",
    ),
    "criterion_th": ("เกณฑ์ จปฐ.", "Criterion (Thai)"),
    "criterion": ("เกณฑ์", "Criterion"),
    "no_failed_indicators": (
        "ครัวเรือนนี้ผ่านเกณฑ์ทุกตัวชี้วัด",
        "This household meets every criterion",
    ),
    "no_card_holders": (
        "ไม่มีสมาชิกถือบัตรสวัสดิการแห่งรัฐ",
        "No member holds a state welfare card",
    ),
    "house_location": ("ตำแหน่งบ้าน", "Location of the house"),
    "new_household_note": (
        "ครัวเรือนนี้ทีมปฏิบัติการเพิ่มใหม่ในแฟ้มบ้านพัฒนาคนไทย (ตกหล่นจากระบบ) ยังไม่มีข้อมูลการสำรวจ "
        "จปฐ.: แสดงชื่อที่บันทึก หมู่บ้าน จำนวนสมาชิก และตำแหน่งที่ทีมบันทึกไว้",
        "The operations team added this household in the Logbook (missed by the system); it "
        "has no BMN survey record yet: shown are the name typed, the village, the members "
        "and the location the team recorded",
    ),
    "masked_note": (
        "ชื่อและเลขประจำตัวประชาชนถูกปิดบัง: บทบาทของคุณไม่มีสิทธิ์ดูข้อมูลส่วนบุคคล (PDPA)",
        "Names and national IDs are masked: your role has no personal-data right (PDPA)",
    ),
    "export_title": ("ส่งออกรายชื่อ (CSV / XLSX)", "Export the list (CSV / XLSX)"),
    "level_household": ("ครัวเรือน (1 แถวต่อครัวเรือน)", "Households (one row each)"),
    "level_person": ("บุคคล (1 แถวต่อสมาชิก)", "Persons (one row per member)"),
    "export_make": ("สร้างไฟล์", "Make the file"),
    "export_progress": (
        "กำลังสร้างไฟล์… {done} จาก {total} แถว",
        "Making the file… {done} of {total} rows",
    ),
    "export_ready": (
        "ไฟล์พร้อมแล้ว: {rows} แถว ใช้เวลา {seconds} วินาที — บันทึกการส่งออกไว้แล้ว",
        "File ready: {rows} rows in {seconds} s — the export is logged",
    ),
    "export_no_right": (
        "บทบาทของคุณไม่มีสิทธิ์ส่งออกข้อมูล",
        "Your role has no right to export",
    ),
    "export_masked": (
        "ไฟล์จะปิดบังชื่อ (เหลือคำนำหน้าและอักษรย่อ) และเลขประจำตัวประชาชน ทุกการส่งออกถูกบันทึก",
        "The file masks names (title and initials) and national IDs. Every export is logged.",
    ),
    "export_full": (
        "ไฟล์จะมีชื่อและเลขประจำตัวประชาชนเต็ม — เป็นข้อมูลส่วนบุคคล (PDPA) ใช้เท่าที่จำเป็น ทุกการส่งออกถูกบันทึก",
        "The file holds full names and national IDs — personal data (PDPA): use only as "
        "needed. Every export is logged.",
    ),
    "export_error_empty": (
        "ไม่มีครัวเรือนที่ตรงเงื่อนไข จึงไม่มีอะไรให้ส่งออก",
        "No household matches: nothing to export",
    ),
    "export_error_xlsx_too_long": (
        "{rows} แถวเกินกว่าที่ไฟล์ XLSX รองรับ ({limit} แถว) — ส่งออกเป็น CSV หรือจำกัดเงื่อนไข",
        "{rows} rows are more than an XLSX sheet holds ({limit}) — export as CSV or narrow "
        "the search",
    ),
    "export_error_bad_level": ("ระดับไม่ถูกต้อง: {value}", "Unknown level: {value}"),
    "export_error_bad_format": ("รูปแบบไฟล์ไม่ถูกต้อง: {value}", "Unknown format: {value}"),
    "export_error_bad_lang": ("ภาษาไม่ถูกต้อง: {value}", "Unknown language: {value}"),
    "access_denied": ("ไม่มีสิทธิ์", "Not allowed"),
    "search_error_bad_area": ("รหัสพื้นที่ไม่ถูกต้อง: {code}", "Not an area code: {code}"),
    "search_error_unknown_area": ("ไม่พบพื้นที่รหัส {code}", "Unknown area code {code}"),
    "search_error_unknown_dimension": ("ไม่รู้จักมิติ: {names}", "Unknown dimension: {names}"),
    "search_error_unknown_indicator": (
        "ไม่รู้จักตัวชี้วัด: {names}",
        "Unknown indicator: {names}",
    ),
    "search_error_bad_match": ("การจับคู่ไม่ถูกต้อง: {value}", "Unknown match: {value}"),
    "search_error_bad_card": ("ตัวกรองบัตรไม่ถูกต้อง: {value}", "Unknown card filter: {value}"),
    "search_error_dimension_range": (
        "จำนวนมิติต้องเป็น 0–5 (ได้ {value})",
        "The number of dimensions must be 0–5 (got {value})",
    ),
    "search_error_vulnerability_range": (
        "ระดับความเปราะบางมีเพียง 0, 1, 2, 3 (ได้ {value})",
        "Vulnerability levels are 0, 1, 2, 3 (got {value})",
    ),
    "search_error_new_with_survey": (
        "ครัวเรือนที่เพิ่มใหม่ในแฟ้มบ้านพัฒนาคนไทยยังไม่มีข้อมูลการสำรวจ: ใช้เงื่อนไข {names} "
        "ร่วมกับกลุ่มนี้ไม่ได้ — ล้างเงื่อนไขเหล่านั้น หรือยกเลิกกลุ่มเพิ่มใหม่",
        "Households newly added in the Logbook have no survey record: {names} cannot go with "
        "this set — clear those conditions, or untick the newly-added set",
    ),
    "search_error_min_above_max": (
        "เงื่อนไขขัดกัน: ตกอย่างน้อย {low} มิติ แต่ไม่เกิน {high} มิติ — ไม่มีครัวเรือนใดเป็นได้",
        "Impossible: at least {low} and at most {high} failed dimensions",
    ),
    "search_error_too_many_required": (
        "เงื่อนไขขัดกัน: การตกทุกมิติและตัวชี้วัดที่เลือกหมายถึงตก {n} มิติ มากกว่าจำนวนสูงสุดที่เลือก ({high} มิติ)",
        "Impossible: failing every selected dimension and indicator means failing {n} "
        "dimensions, more than the maximum of {high}",
    ),
    "search_error_poor_with_zero": (
        "เงื่อนไขขัดกัน: ครัวเรือนที่ตก MPI มิติ หรือตัวชี้วัด ย่อมตกอย่างน้อย 1 มิติ แต่เลือกจำนวนมิติที่ตกสูงสุดเป็น 0",
        "Impossible: households failing the MPI, a dimension or an indicator fail at least "
        "one dimension, but the maximum chosen is 0",
    ),
    "search_error_tpmap_without_card": (
        "เงื่อนไขขัดกัน: คนจนเป้าหมาย TPMAP ต้องมีบัตรสวัสดิการ แต่เลือก “ไม่มีบัตร”",
        "Impossible: TPMAP poor hold a welfare card, but “without card” was chosen",
    ),
    "search_error_bad_sort": ("เรียงตามไม่ได้: {value}", "Cannot sort by {value}"),
    "search_error_bad_page": ("หน้าไม่ถูกต้อง: {value}", "Not a page: {value}"),
    "sign_in": ("เข้าสู่ระบบ", "Sign in"),
    "sign_in_title": ("เข้าสู่ระบบเพื่อใช้งาน", "Sign in to continue"),
    "sign_in_caption": (
        "ผู้ใช้แต่ละคนเห็นเฉพาะพื้นที่ของตน ชื่อและเลขประจำตัวประชาชนแสดงตามสิทธิ์ (PDPA) — ผู้ใช้สาธิตดูได้ใน README",
        "Each user sees only their own area; names and national IDs are shown by right "
        "(PDPA) — demo users are listed in the README",
    ),
    "sign_out": ("ออกจากระบบ", "Sign out"),
    "signed_out": ("ออกจากระบบแล้ว", "You are signed out"),
    "sign_in_again": ("เข้าสู่ระบบอีกครั้ง", "Sign in again"),
    "signin_wrong": ("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "Wrong user name or password"),
    "signin_locked": (
        "ใส่รหัสผ่านผิดเกิน {n} ครั้งใน {m} นาที: ระงับการเข้าสู่ระบบด้วยชื่อนี้ถึงเวลา {until} น.",
        "Too many wrong passwords ({n} in {m} minutes): this user name is locked until "
        "{until} (Thailand time)",
    ),
    "signin_form_expired": ("แบบฟอร์มหมดอายุ กรุณาลองอีกครั้ง", "The form expired: please try again"),
    "signin_no_provider": ("ไม่รู้จักผู้ให้บริการยืนยันตัวตนนี้", "Unknown identity provider"),
    "signin_reason_ended": (
        "การเข้าสู่ระบบนี้สิ้นสุดแล้ว (ออกจากระบบหรือหมดเวลา) กรุณาเข้าสู่ระบบอีกครั้ง",
        "This sign-in has ended (signed out or expired): please sign in again",
    ),
    "signin_reason_invalid": (
        "คุกกี้การเข้าสู่ระบบไม่ถูกต้อง กรุณาเข้าสู่ระบบอีกครั้ง",
        "The sign-in cookie is not valid: please sign in again",
    ),
    "signin_reason_removed": (
        "บัญชีนี้ไม่มีในรายชื่อผู้ใช้แล้ว กรุณาติดต่อผู้ดูแลระบบ",
        "This account is no longer in the users file: ask your administrator",
    ),
    "signin_no_mapping": (
        "บัญชีนี้ยืนยันตัวตนได้ แต่ยังไม่ได้รับสิทธิ์ใช้ระบบ กรุณาติดต่อผู้ดูแลระบบเพื่อกำหนดบทบาทและพื้นที่",
        "Your identity is confirmed but has no access to this dashboard yet: ask your "
        "administrator to give it a role and an area",
    ),
    "signin_identity": (
        "ข้อมูลสำหรับผู้ดูแลระบบ: {who} (sub: {sub})",
        "For your administrator: {who} (sub: {sub})",
    ),
    "signin_events": ("บันทึกการเข้าสู่ระบบ", "Sign-in log"),
    "signin_events_caption": (
        "ทุกครั้งที่เข้าสู่ระบบ ใส่รหัสผ่านผิด ถูกระงับ หรือออกจากระบบ (ไม่บันทึกรหัสผ่าน)",
        "Every sign-in, wrong password, refused try and sign-out (passwords are never logged)",
    ),
    "signin_events_empty": ("ยังไม่มีการเข้าสู่ระบบที่บันทึกไว้", "No sign-in recorded yet"),
    "signin_event": ("เหตุการณ์", "Event"),
    "signin_method": ("วิธี", "Method"),
    "signin_client": ("เครื่อง", "Client"),
    "auth_off": (
        "ปิดการเข้าสู่ระบบ (TPMAP_AUTH=off): ผู้ใช้ในเครื่อง สิทธิ์ระดับประเทศ",
        "Sign-in is off (TPMAP_AUTH=off): local user with national rights",
    ),
    "users_file_error": ("อ่านไฟล์ผู้ใช้ไม่ได้", "Cannot read the users file"),
    "area_refused": (
        "คุณไม่มีสิทธิ์ดูพื้นที่รหัส {code} — แสดงพื้นที่ของคุณแทน",
        "You may not see area {code} — showing your own area instead",
    ),
    "audit_caption": (
        "ทุกการส่งออกรายชื่อ (ในแอปและทางบรรทัดคำสั่ง): ใคร เมื่อใด พื้นที่ เงื่อนไข จำนวนแถว "
        "รูปแบบ — เพิ่มได้อย่างเดียว แก้ไขหรือลบไม่ได้",
        "Every export of a list (in the app and from the command line): who, when, area, "
        "conditions, rows, format — rows can only be added, never changed or deleted",
    ),
    "audit_count": ("จำนวนการส่งออก", "Exports logged"),
    "audit_empty": ("ยังไม่มีการส่งออก", "Nothing exported yet"),
    "audit_no_right": (
        "หน้านี้สำหรับผู้ใช้ระดับประเทศ (สิทธิ์อ่านบันทึกการส่งออก) เท่านั้น",
        "This page is for the national role (audit-log right) only",
    ),
    "audit_at": ("เวลา (เวลาประเทศไทย)", "Time (Bangkok)"),
    "audit_user": ("ผู้ใช้", "User"),
    "audit_role": ("บทบาท", "Role"),
    "audit_filters": ("เงื่อนไข", "Conditions"),
    "audit_rows": ("จำนวนแถว", "Rows"),
    "audit_source": ("ช่องทาง", "Source"),
    # Logbook and the progress panel (issue 4)
    "page_progress": ("ความก้าวหน้าการช่วยเหลือ", "Progress of help"),
    "page_logbook": ("บันทึกการช่วยเหลือ", "Logbook"),
    "logbook_unavailable": (
        "ฐานข้อมูลบันทึกการช่วยเหลือไม่พร้อมใช้งานขณะนี้ ({reason}) — ลองใหม่อีกครั้งในอีกสักครู่",
        "The Logbook database is unavailable just now ({reason}) — try again in a moment",
    ),
    "logbook_synthetic": (
        "ประวัติการช่วยเหลือในพื้นที่นี้เป็นข้อมูลสังเคราะห์ (จำลอง) ไม่ใช่บันทึกจริง "
        "ยกเว้นรายการที่บันทึกผ่านแบบฟอร์มหรือนำเข้าจากไฟล์",
        "The help history of this area is SYNTHETIC (generated), not real records, except "
        "entries made through the forms or imported from files",
    ),
    "progress_targets": ("ครัวเรือนเป้าหมาย", "Target households"),
    "progress_targets_help": (
        "คนจนเป้าหมาย TPMAP (ตกเกณฑ์ MPI และมีบัตรสวัสดิการ) รวมครัวเรือนตกหล่นที่เพิ่มในพื้นที่",
        "TPMAP target poor (failing the MPI with a welfare card) plus households added in the "
        "field as missed",
    ),
    "progress_surveyed": ("สำรวจปัญหาแล้ว", "Surveyed"),
    "progress_helped": ("ได้รับความช่วยเหลือแล้ว", "Helped"),
    "progress_sustainable": ("ถึงขั้นยั่งยืน", "Reached sustainability"),
    "progress_share_of": ("{share} ของเป้าหมาย", "{share} of targets"),
    "progress_map": ("สัดส่วนเป้าหมายที่ได้รับความช่วยเหลือ รายพื้นที่", "Share of targets helped, by area"),
    "progress_children": ("ความก้าวหน้ารายพื้นที่", "Progress by area"),
    "progress_by_month": ("ความก้าวหน้ารายเดือน", "Progress by month"),
    "progress_month_caption": (
        "แท่ง: ครัวเรือนเป้าหมายที่สำรวจ/ช่วยเหลือครั้งแรกในเดือนนั้น · เส้น: สัดส่วนสะสม",
        "Bars: targets first surveyed / helped that month · lines: cumulative share",
    ),
    "progress_cum_surveyed": ("สำรวจแล้ว (สะสม)", "Surveyed (cumulative)"),
    "progress_cum_helped": ("ช่วยเหลือแล้ว (สะสม)", "Helped (cumulative)"),
    "progress_new_surveyed": ("สำรวจใหม่", "Newly surveyed"),
    "progress_new_helped": ("ช่วยเหลือใหม่", "Newly helped"),
    "progress_by_dimension": ("การช่วยเหลือตามมิติที่แก้", "Help by dimension addressed"),
    "progress_by_agency": ("การช่วยเหลือตามหน่วยงาน", "Help by agency"),
    "progress_funnel": ("ขั้นการพัฒนา", "Development stages"),
    "progress_funnel_caption": (
        "อยู่รอด → พอเพียง → ยั่งยืน: ครัวเรือนที่ถึงขั้นสูงกว่านับรวมในขั้นก่อนหน้าด้วย",
        "Survival → sufficiency → sustainability: a household at a higher stage also counts "
        "at the lower ones",
    ),
    "progress_not_reached": ("เป้าหมายที่ยังไม่ได้สำรวจหรือช่วยเหลือ", "Targets not yet reached"),
    "progress_not_reached_count": (
        "{n} ครัวเรือน (แสดง {shown})",
        "{n} households (showing {shown})",
    ),
    "progress_all_reached": (
        "ครัวเรือนเป้าหมายทุกครัวเรือนได้รับการสำรวจและช่วยเหลือแล้ว",
        "Every target household has been surveyed and helped",
    ),
    "progress_no_targets": ("ไม่มีครัวเรือนเป้าหมายในพื้นที่นี้", "No target households in this area"),
    "progress_no_help": ("ยังไม่มีบันทึกการช่วยเหลือ", "No help recorded yet"),
    "progress_download_too_many": (
        "รายชื่อยาวเกิน {n} ครัวเรือน — เลือกจังหวัดหรืออำเภอเพื่อดาวน์โหลด",
        "More than {n} households — choose a province or district to download the list",
    ),
    "progress_download": ("เตรียมไฟล์รายชื่อ (CSV)", "Prepare the list (CSV)"),
    "entries": ("รายการ", "Entries"),
    "amount_baht": ("จำนวนเงิน (บาท)", "Amount (baht)"),
    "agency": ("หน่วยงาน", "Agency"),
    "surveyed": ("สำรวจแล้ว", "Surveyed"),
    "helped": ("ช่วยเหลือแล้ว", "Helped"),
    "origin": ("ที่มา", "Origin"),
    "origin_survey": ("จากการสำรวจ จปฐ.", "BMN survey"),
    "origin_missed": ("ตกหล่น (เพิ่มในพื้นที่)", "Missed (added in the field)"),
    "yes": ("ใช่", "Yes"),
    "no": ("ยังไม่", "Not yet"),
    "stage": ("ขั้นการพัฒนา", "Stage"),
    "stage_none": ("ยังไม่ระบุ", "Not recorded"),
    "household_id": ("รหัสครัวเรือน", "Household ID"),
    "lb_store": ("ที่เก็บบันทึก: {where}", "Logbook store: {where}"),
    "lb_no_right": (
        "บัญชีของคุณไม่มีสิทธิ์บันทึกรายการประเภทนี้",
        "Your account may not record this kind of entry",
    ),
    "lb_assign_only": (
        "คุณมอบหมายเคสให้ทีมปฏิบัติการได้ และดูรายการของทีมได้ การบันทึกการสำรวจและการช่วยเหลือทำโดยทีมปฏิบัติการ",
        "You can assign cases to the operations teams and see their worklists; visits and help "
        "are recorded by the operations teams",
    ),
    "lb_read_only": (
        "บทบาทของคุณอ่านบันทึกได้อย่างเดียว — ทีมปฏิบัติการเป็นผู้บันทึกในพื้นที่ของตน",
        "Your role can read the Logbook only — operations teams record for their own area",
    ),
    "lb_tab_visit": ("สำรวจปัญหา", "Survey visit"),
    "lb_tab_help": ("การช่วยเหลือ", "Help given"),
    "lb_tab_stage": ("ขั้นการพัฒนา", "Development stage"),
    "lb_tab_missed": ("ครัวเรือนตกหล่น", "Missed household"),
    "lb_tab_subsidy": ("คำขอเงินอุดหนุน", "Subsidy request"),
    "lb_tab_import": ("นำเข้าจากไฟล์", "Import a file"),
    "lb_tab_recent": ("รายการล่าสุด", "Latest entries"),
    "lb_household": ("ครัวเรือน", "Household"),
    "lb_household_placeholder": (
        "เลือกครัวเรือนเป้าหมาย หรือพิมพ์รหัสครัวเรือน",
        "Choose a target household or type its ID",
    ),
    "lb_household_help": (
        "รายการแสดงครัวเรือนเป้าหมายของพื้นที่ที่เลือก (ระดับอำเภอลงไป) พิมพ์รหัสอื่นได้",
        "Lists the target households of the chosen area (district or below); any ID can be typed",
    ),
    "lb_date": ("วันที่", "Date"),
    "lb_choose": ("เลือกได้หลายรายการ", "Choose one or more"),
    "lb_team": ("ทีมสำรวจ", "Team"),
    "lb_problems": ("ปัญหาที่พบ (ตัวชี้วัดที่ตกเกณฑ์)", "Problems found (indicators failed)"),
    "lb_help_kind": ("ประเภทความช่วยเหลือ (เมนูแก้จน)", "Kind of help (poverty-solving menu)"),
    "lb_dimension": ("มิติที่แก้ไข", "Dimension addressed"),
    "lb_dimension_default": ("ตามประเภทความช่วยเหลือ", "As the kind of help"),
    "lb_step": ("ขั้นตอนที่ถึง", "Step reached"),
    "lb_note": ("หมายเหตุ", "Note"),
    "lb_lat": ("ละติจูด", "Latitude"),
    "lb_lon": ("ลองจิจูด", "Longitude"),
    "lb_members": ("จำนวนสมาชิก", "Members"),
    "lb_map_hint": (
        "คลิกบนแผนที่เพื่อระบุตำแหน่งบ้าน หรือพิมพ์พิกัดด้านล่าง",
        "Click the map to place the house, or type its coordinates below",
    ),
    "lb_click_outside": ("จุดที่คลิกอยู่นอกประเทศไทย", "The point clicked is outside Thailand"),
    "lb_snapped": ("ตำแหน่งอยู่ในหมู่บ้าน {village}", "The location is in village {village}"),
    "lb_save": ("บันทึก", "Save"),
    "lb_saved": ("บันทึกแล้ว: ครัวเรือน {id}", "Saved: household {id}"),
    "lb_saved_before": (
        "รายการนี้บันทึกไว้แล้ว (ไม่บันทึกซ้ำ): ครัวเรือน {id}",
        "This entry was saved already (not stored twice): household {id}",
    ),
    "lb_invalid": ("ข้อมูลไม่ถูกต้อง — {column}: {message}", "Invalid entry — {column}: {message}"),
    "lb_save_failed": (
        "บันทึกไม่สำเร็จ ข้อมูลที่กรอกยังอยู่ในแบบฟอร์ม กดบันทึกอีกครั้งเมื่อพร้อม ({reason})",
        "Not saved; what you typed is kept in the form — press save again in a moment ({reason})",
    ),
    "lb_col_problems": ("ปัญหาที่พบ", "Problems"),
    "lb_col_help_kind": ("ประเภทความช่วยเหลือ", "Kind of help"),
    "lb_col_amount_baht": ("จำนวนเงิน", "Amount"),
    "lb_col_step": ("ขั้นตอน", "Step"),
    "lb_col_lat": ("ตำแหน่ง", "Location"),
    "lb_col_record_type": ("ประเภทรายการ", "Record type"),
    "lb_import_intro": (
        "ไฟล์ CSV (UTF-8) หรือ XLSX หนึ่งแถวต่อหนึ่งรายการ คอลัมน์ record_type = visit / help / "
        "stage / missed / subsidy — ตรวจทุกแถวก่อน ถ้ามีแถวผิดจะไม่นำเข้าเลยและแจ้งแถวกับคอลัมน์ "
        "ที่ผิด นำเข้าไฟล์เดิมซ้ำจะไม่เพิ่มรายการซ้ำ",
        "A CSV (UTF-8) or XLSX file, one row per record, column record_type = visit / help / "
        "stage / missed / subsidy. Every row is checked first: with any error nothing is "
        "imported and the report names row and column. Importing the same file again adds "
        "nothing.",
    ),
    "lb_template": ("ไฟล์ตัวอย่าง (CSV)", "Example file (CSV)"),
    "lb_upload": ("เลือกไฟล์", "Choose a file"),
    "lb_import": ("นำเข้า", "Import"),
    "lb_import_checking": ("กำลังตรวจสอบไฟล์…", "Checking the file…"),
    "lb_import_writing": ("กำลังบันทึก {done} / {total} รายการ", "Writing {done} / {total} records"),
    "lb_file_type": (
        "{file}: ใช้ไฟล์ .csv หรือ .xlsx เท่านั้น (ไฟล์นี้เป็น {suffix})",
        "{file}: use a .csv or .xlsx file, not {suffix}",
    ),
    "lb_file_encoding": (
        "{file} แถว {row}: ไม่ใช่ข้อความ UTF-8 — บันทึกไฟล์ CSV เป็น UTF-8 แล้วนำเข้าอีกครั้ง",
        "{file}, row {row}: not UTF-8 text; save the CSV as UTF-8 and import it again",
    ),
    "lb_file_unreadable": (
        "{file} แถว {row}: อ่านไฟล์ไม่ได้ ({reason})",
        "{file}, row {row}: the file cannot be read ({reason})",
    ),
    "lb_file_no_record_type": (
        "{file} แถว 1 (หัวตาราง): ไม่มีคอลัมน์ record_type (พบคอลัมน์ {found})",
        "{file}, row 1 (header): no record_type column (found {found})",
    ),
    "lb_file_unknown_columns": (
        "{file} แถว 1 (หัวตาราง): ไม่รู้จักคอลัมน์ {column} — คอลัมน์ที่ใช้ได้: {known}",
        "{file}, row 1 (header): unknown column(s) {column}; known: {known}",
    ),
    "lb_import_invalid": (
        "ไม่ได้นำเข้า: พบข้อมูลไม่ถูกต้อง {n} จุด (แถวที่ 1 คือหัวตาราง)",
        "Nothing imported: {n} invalid value(s) (row 1 is the header)",
    ),
    "lb_error_report": ("ดาวน์โหลดรายงานข้อผิดพลาด (CSV)", "Download the error report (CSV)"),
    "lb_import_done": (
        "นำเข้าแล้ว: อ่าน {read} แถว เพิ่ม {added} รายการ มีอยู่แล้ว {skipped} รายการ "
        "ใช้เวลา {seconds} วินาที ({rate} แถว/วินาที)",
        "Imported: {read} rows read, {added} added, {skipped} already recorded, in {seconds} s "
        "({rate} rows/s)",
    ),
    "lb_kind": ("ประเภทรายการ", "Kind of entry"),
    "lb_none_yet": ("ยังไม่มีรายการในพื้นที่นี้", "No entries in this area yet"),
    "funnel_targets": ("เป้าหมาย", "Targets"),
    # Data quality (issue 15): app_pages/data_quality.py, data_loaders.quality.
    "page_quality": ("คุณภาพข้อมูล", "Data quality"),
    "dq_no_right": (
        "หน้าคุณภาพข้อมูลสำหรับผู้ใช้ระดับประเทศและผู้ว่าราชการจังหวัดเท่านั้น บทบาทของคุณไม่มีสิทธิ์ดูรายการนี้",
        "The data-quality page is for national users and provincial governors only; "
        "your role cannot see it",
    ),
    "dq_missing": (
        "ข้อมูลชุดนี้สร้างก่อนมีการตรวจคุณภาพข้อมูล: สร้างใหม่ด้วย python -m data_loaders build",
        "This build predates the data-quality checks: rebuild it with python -m data_loaders build",
    ),
    "dq_caption": (
        "ข้อมูลที่นำเข้าได้แต่ดูผิดปกติ ตรวจทุกครั้งที่สร้างข้อมูล ครัวเรือนที่พบปัญหายังนับรวมในตัวชี้วัด",
        "Loaded data that look wrong, checked at every build; flagged households still "
        "count in the measures",
    ),
    "dq_households": ("ครัวเรือนทั้งหมด", "Households"),
    "dq_households_flagged": ("ครัวเรือนที่พบปัญหา", "Households flagged"),
    "dq_check": ("ประเด็นที่ตรวจ", "Check"),
    "dq_count": ("จำนวนที่พบ", "Found"),
    "dq_unit": ("หน่วยนับ", "Counted in"),
    "dq_unit_persons": ("คน", "persons"),
    "dq_unit_households": ("ครัวเรือน", "households"),
    "dq_rule": ("เกณฑ์", "Rule"),
    "dq_by_area": ("จำแนกตามพื้นที่ย่อย", "By child area"),
    "dq_none": ("ไม่พบปัญหาคุณภาพข้อมูลในพื้นที่นี้", "No data-quality problem in this area"),
    "dq_not_resurveyed": (
        "ครัวเรือนที่ไม่ได้สำรวจซ้ำสองรอบ คือครัวเรือนที่เคยสำรวจในรอบก่อนหน้า แต่ไม่พบในรอบนี้และรอบก่อนหน้ารอบนี้ "
        "(สำรวจครั้งล่าสุดในรอบ t-2 หรือก่อนนั้น) อาจยุบ ย้ายออก หรือสำรวจตกหล่น ครัวเรือนเหล่านี้ไม่อยู่ในรอบนี้ "
        "จึงไม่นับรวมในครัวเรือนทั้งหมดและครัวเรือนที่พบปัญหา พื้นที่คือพื้นที่ในรอบที่สำรวจครั้งล่าสุด",
        "Households not re-surveyed for two rounds: surveyed in an earlier round but in "
        "neither this round nor the one before it (last surveyed in round t-2 or earlier); "
        "they may have dissolved, moved away or been missed. Not in this round, they count "
        "neither in its households nor in the households flagged; their area is the one of "
        "the round they were last surveyed in",
    ),
    "dq_download": ("รายการที่พบปัญหา", "Flagged rows"),
    "dq_reason": ("รายละเอียด", "Detail"),
    "dq_too_many": (
        "พบ {n} รายการ เกินกว่าที่ดาวน์โหลดได้ครั้งละ {limit} รายการ: เลือกพื้นที่ที่เล็กลง",
        "{n} flagged rows, more than the {limit} one file holds: choose a smaller area",
    ),
    "dq_flag_duplicate_national_id": (
        "เลขประจำตัวประชาชนซ้ำในครัวเรือนเดียวกัน",
        "National ID repeated in a household",
    ),
    "dq_flag_person_in_two_households": ("บุคคลอยู่ในสองครัวเรือน", "Person in two households"),
    "dq_flag_household_size_mismatch": (
        "จำนวนสมาชิกไม่ตรงกับรายชื่อ",
        "Household size differs from its members",
    ),
    "dq_flag_impossible_age": ("อายุเป็นไปไม่ได้", "Impossible age"),
    "dq_flag_impossible_relation": ("ความสัมพันธ์เป็นไปไม่ได้", "Impossible relation"),
    "dq_flag_outside_subdistrict": (
        "บ้านอยู่นอกตำบลของหมู่บ้าน",
        "House outside its village's subdistrict",
    ),
    "dq_flag_all_indicators_missing": (
        "ไม่มีข้อมูลตัวชี้วัดเลย",
        "All indicators missing",
    ),
    "dq_flag_not_resurveyed": (
        "ไม่ได้สำรวจซ้ำสองรอบ",
        "Not re-surveyed for two rounds",
    ),
    "dq_rule_duplicate_national_id": (
        "เลขเดียวกันมากกว่าหนึ่งแถวในครัวเรือนเดียว",
        "One ID on two or more rows of one household",
    ),
    "dq_rule_person_in_two_households": (
        "เลขเดียวกันพบในสองครัวเรือนขึ้นไป",
        "One ID found in two or more households",
    ),
    "dq_rule_household_size_mismatch": (
        "จำนวนสมาชิกที่แจ้งไม่เท่ากับจำนวนคนในรายชื่อ",
        "n_members is not the number of persons listed",
    ),
    "dq_rule_impossible_age": ("อายุต่ำกว่า 0 หรือเกิน 120 ปี", "Age below 0 or above 120"),
    "dq_rule_impossible_relation": (
        "หัวหน้าครัวเรือนสองคนหรือไม่มีเลย บุตรหรือหลานอายุมากกว่าหัวหน้า บิดามารดาอายุน้อยกว่าหัวหน้า",
        "Two heads or none; a child or grandchild older than the head; a parent younger "
        "than the head",
    ),
    "dq_rule_outside_subdistrict": (
        "พิกัดบ้านอยู่นอกขอบเขตตำบลของหมู่บ้าน",
        "The house point lies outside the boundary of its village's subdistrict",
    ),
    "dq_rule_all_indicators_missing": (
        "ตัวชี้วัดทั้ง 17 ตัวว่าง",
        "All 17 indicators are empty",
    ),
    "dq_rule_not_resurveyed": (
        "เคยสำรวจในรอบก่อน แต่ไม่พบทั้งในรอบนี้และรอบก่อนหน้า (สำรวจครั้งล่าสุดรอบ t-2 หรือก่อนนั้น)",
        "Surveyed in an earlier round, absent from this round and the one before "
        "(last surveyed in round t-2 or earlier)",
    ),
    "dq_reason_same_household": ("ซ้ำในครัวเรือนเดียวกัน", "repeated in the household"),
    "dq_reason_two_households": ("พบในหลายครัวเรือน", "found in several households"),
    "dq_reason_fewer_listed": ("รายชื่อน้อยกว่าที่แจ้ง", "fewer persons listed"),
    "dq_reason_more_listed": ("รายชื่อมากกว่าที่แจ้ง", "more persons listed"),
    "dq_reason_age_below_0": ("อายุต่ำกว่า 0", "age below 0"),
    "dq_reason_age_above_120": ("อายุเกิน 120", "age above 120"),
    "dq_reason_two_heads": ("หัวหน้าครัวเรือนมากกว่าหนึ่งคน", "more than one head"),
    "dq_reason_no_head": ("ไม่มีหัวหน้าครัวเรือน", "no head"),
    "dq_reason_child_older_than_head": ("บุตรอายุมากกว่าหัวหน้า", "child older than the head"),
    "dq_reason_grandchild_older_than_head": (
        "หลานอายุมากกว่าหัวหน้า",
        "grandchild older than the head",
    ),
    "dq_reason_parent_younger_than_head": (
        "บิดามารดาอายุน้อยกว่าหัวหน้า",
        "parent younger than the head",
    ),
    "dq_reason_outside_subdistrict": ("นอกตำบล", "outside the subdistrict"),
    "dq_reason_all_missing": ("ไม่มีข้อมูลตัวชี้วัด", "no indicator data"),
    "dq_reason_not_resurveyed": (
        "ไม่พบในสองรอบล่าสุด (ค่า = ปีที่สำรวจครั้งล่าสุด)",
        "absent from the last two rounds (value = year last surveyed)",
    ),
    "income_not_given": (
        "ไม่ทราบจำนวนเงิน: ข้อมูลระบุเพียงว่ารายได้ต่ำกว่าเกณฑ์ จปฐ. หรือไม่",
        "Amount not given: the file says only whether income is below the BMN line",
    ),
    # Downloads and personal data (issue 11): components/downloads.py, access/personal.py
    "download_prepare": ("เตรียมไฟล์", "Prepare file"),
    "download_ready": (
        "ไฟล์พร้อมแล้ว: {rows} แถว — บันทึกการส่งออกไว้แล้ว",
        "File ready: {rows} rows — the export is logged",
    ),
    "download_file": ("ดาวน์โหลด {name}", "Download {name}"),
    "download_needs_guard": (
        "ดาวน์โหลดไม่ได้: ต้องเปิดระบบด้วย `make run` (serve.py) ซึ่งจำกัดไฟล์ให้เฉพาะผู้ที่สร้าง",
        "No downloads: the app must be started with `make run` (serve.py), which keeps each "
        "file to the session that made it",
    ),
    "masked_note_full": (
        "ข้อมูลส่วนบุคคลถูกปิดบังตามสิทธิ์ของคุณ: ชื่อเหลือคำนำหน้าและอักษรย่อ เลขประจำตัวประชาชนบางส่วน "
        "ไม่แสดงบ้านเลขที่และหมายเหตุ พิกัดปัดเศษประมาณ 1 กม. อายุเป็นช่วง 5 ปี",
        "Personal data are masked for your role: names as title and initials, part of the "
        "national ID, no house numbers or notes, coordinates rounded to about 1 km, ages in "
        "five-year bands",
    ),
    "report_personal": (
        "รายงานมีชื่อเต็มของหัวหน้าครัวเรือน — เป็นข้อมูลส่วนบุคคล (PDPA) ใช้เท่าที่จำเป็น",
        "The report holds full names of heads of household — personal data (PDPA): use "
        "only as needed",
    ),
    "store_location": ("ที่เก็บข้อมูลบันทึก", "Logbook store"),
    "lb_col_recorded_by": ("ผู้บันทึก", "Recorded by"),
    "lb_col_recorded_at": ("เวลาที่บันทึก", "Recorded at"),
    "lb_col_source": ("ที่มา", "Source"),
    "source_form": ("แบบฟอร์ม", "Form"),
    "source_import": ("นำเข้าไฟล์", "File import"),
    "source_synthetic": ("สังเคราะห์", "Synthetic"),
    "audit_from": ("ตั้งแต่วันที่", "From"),
    "audit_to": ("ถึงวันที่", "To"),
    "audit_what": ("ข้อมูล", "Data"),
    "audit_os_account": ("บัญชีเครื่อง", "OS account"),
    "audit_none_in_range": ("ไม่มีการส่งออกในช่วงวันที่นี้", "No exports in these dates"),
    "what_households": ("ครัวเรือน", "Households"),
    "what_persons": ("สมาชิกครัวเรือน", "Persons"),
    "what_not_reached": ("เป้าหมายที่ยังไม่ได้สำรวจ/ช่วยเหลือ", "Targets not yet reached"),
    "what_report": ("รายงานพื้นที่", "Area report"),
    "what_audit_log": ("บันทึกการส่งออก", "Export audit log"),
    "what_logbook_errors": ("รายงานข้อผิดพลาดการนำเข้า", "Import error report"),
    "what_logbook_template": ("ไฟล์ตัวอย่างการนำเข้า", "Import example file"),
    "what_quality": ("รายการตรวจคุณภาพข้อมูล", "Data-quality list"),
    # Reports (reports/): area report, PDF and XLSX
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
    "progress_surveyed_households": ("สำรวจปัญหาแล้ว (ครัวเรือน)", "Surveyed (households)"),
    "progress_surveyed_share": ("สัดส่วนสำรวจแล้วต่อเป้าหมาย", "Surveyed, share of targets"),
    "progress_helped_households": ("ได้รับความช่วยเหลือแล้ว (ครัวเรือน)", "Helped (households)"),
    "progress_helped_share": ("สัดส่วนช่วยเหลือแล้วต่อเป้าหมาย", "Helped, share of targets"),
    "progress_stage": ("ครัวเรือนขั้น{stage}", "At stage {stage} (households)"),
    "progress_stage_none": ("ครัวเรือนที่ยังไม่ระบุขั้นการพัฒนา", "Households with no stage recorded"),
    "progress_by_child": ("ความก้าวหน้าราย{child}", "Progress by {child}"),
    "progress_month_table_caption": (
        "ครัวเรือนเป้าหมายที่สำรวจ/ช่วยเหลือครั้งแรกในเดือนนั้น และสัดส่วนสะสมต่อเป้าหมาย",
        "Targets first surveyed / helped that month, and the cumulative shares of targets",
    ),
    "progress_months_cut": (
        "แสดง {n} เดือนล่าสุด (สัดส่วนสะสมนับตั้งแต่เดือนแรก) ตารางครบทุกเดือนอยู่ในไฟล์ XLSX",
        "Last {n} months shown (cumulative shares count from the first month); the XLSX file "
        "has every month.",
    ),
    "progress_no_records": ("ยังไม่มีบันทึกการสำรวจหรือการช่วยเหลือ", "No visits or help recorded yet."),
    "month": ("เดือน", "Month"),
    "cum_surveyed": ("สำรวจแล้วสะสม", "Surveyed, cumulative"),
    "cum_helped": ("ช่วยเหลือแล้วสะสม", "Helped, cumulative"),
    "help_households": ("ครัวเรือนเป้าหมายที่ได้รับ", "Target households"),
    "help_entries": ("รายการช่วยเหลือ", "Entries"),
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
    "pot_economy_year": ("ปีข้อมูลเศรษฐกิจจังหวัด (พ.ศ.)", "Year of the provincial economy (B.E.)"),
    "pot_gpp_rank": ("อันดับ GPP (จาก {n} จังหวัด)", "GPP rank (of {n} provinces)"),
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
    "section_sources": ("แหล่งข้อมูลและการตั้งค่า", "Sources and settings"),
    "masked_note_report": (
        "ชื่อหัวหน้าครัวเรือนแสดงเฉพาะคำนำหน้าและอักษรย่อ ไม่แสดงเลขประจำตัวประชาชน (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล)",
        "Heads of household shown by title and initials; no national ID numbers (PDPA).",
    ),
    "personal_note": (
        "รายงานนี้มีข้อมูลส่วนบุคคล (ชื่อเต็ม) ใช้ตามสิทธิ์เท่านั้น",
        "This report holds personal data (full names): for authorised use only.",
    ),
    "urgent_rank_caption": (
        "เรียงตามจำนวนมิติที่ตก แล้วตามคะแนนความขาดแคลน",
        "Ranked by dimensions failed, then deprivation score",
    ),
    "map_caption": (
        "แบ่งกลุ่มแบบ Fisher–Jenks (natural breaks)",
        "Classes: Fisher–Jenks natural breaks",
    ),
    "page": ("หน้า {n}", "Page {n}"),
    # KPI and table headers
    "stars_value": ("{n} จาก 5 ดาว", "{n} of 5 stars"),
    "item": ("รายการ", "Item"),
    "value": ("ค่า", "Value"),
    "key": ("รหัสรายการ", "Key"),
    "level": ("ระดับพื้นที่", "Level"),
    "persons_deprived": ("คนจนที่ขาดแคลน", "MPI-poor persons deprived"),
    "censored_headcount": ("สัดส่วนต่อคนสำรวจ", "Censored headcount"),
    "dimension_persons": ("คนจนที่ตกมิตินี้", "MPI-poor persons failing it"),
    "dimension_headcount": ("สัดส่วนต่อคนสำรวจ", "Share of persons"),
    "contribution": ("สัดส่วนต่อ M0", "Contribution to M0"),
    "class_short_green": ("เขียว", "green"),
    "class_short_yellow": ("เหลือง", "yellow"),
    "class_short_red": ("แดง", "red"),
    "class_short_none": ("-", "-"),
    # sources and settings
    "household_source": ("ข้อมูลครัวเรือน", "Household data"),
    "boundaries": ("ขอบเขตการปกครอง", "Boundaries"),
    "built_at": ("วันที่สร้างฐานข้อมูล", "Data built"),
    "synthetic": ("ข้อมูลสังเคราะห์", "Synthetic data"),
    "logbook": ("ข้อมูลความก้าวหน้า (Logbook)", "Progress data (Logbook)"),
    "logbook_synthetic_records": ("Logbook มีบันทึกสังเคราะห์ในพื้นที่", "Logbook holds synthetic records"),
    "logbook_unavailable_short": ("ไม่พร้อมใช้งาน", "unavailable"),
    "cutoff_union_k": (
        "ตก MPI อย่างน้อย 1 ตัวชี้วัด (TPMAP, k = {k})",
        "fails at least one indicator (TPMAP, k = {k})",
    ),
    "cutoff_value": ("k = {k}", "k = {k}"),
    "all_dimensions": ("ครบ 5 มิติ", "all 5"),
    "personal_data": ("ข้อมูลส่วนบุคคล", "Personal data"),
    "personal_masked": ("ปิดบัง (อักษรย่อ)", "masked (initials)"),
    "personal_shown": ("แสดงชื่อเต็ม", "full names shown"),
    "generated_be": ("วันที่จัดทำ (พ.ศ.)", "Generated (B.E.)"),
    "generated_ce": ("วันที่จัดทำ (ค.ศ.)", "Generated (C.E.)"),
    "answer_no": ("ไม่ใช่", "No"),
    # Case management in the Logbook (issue 14)
    "case_status_open": ("ยังไม่ได้เข้าถึง", "Open (not yet reached)"),
    "case_status_resolved": ("ช่วยเหลือสำเร็จ ผ่านเกณฑ์แล้ว", "Resolved (helped, indicator met)"),
    "case_status_solved_by_itself": ("แก้ปัญหาได้เอง", "Solved by itself"),
    "case_status_declined": ("ไม่ประสงค์รับการพัฒนา", "Declined"),
    "case_status_moved": ("ย้ายออกนอกพื้นที่", "Moved away"),
    "case_status_died": ("เสียชีวิต", "Died"),
    "case_status_not_found": ("ไม่พบตัว", "Not found"),
    "case_status_duplicate": ("ข้อมูลซ้ำ", "Duplicate"),
    "declined_content": ("พอใจในสภาพปัจจุบัน ไม่ต้องการพัฒนา", "Content, does not want development"),
    "declined_welfare_only": ("ต้องการเพียงสวัสดิการ", "Wants welfare only"),
    "declined_refuses_contact": ("ปฏิเสธการติดต่อ", "Refuses contact"),
    "referral_status_requested": ("ส่งต่อแล้ว รอรับเรื่อง", "Requested"),
    "referral_status_accepted": ("รับเรื่องแล้ว", "Accepted"),
    "referral_status_done": ("ดำเนินการแล้ว", "Done"),
    "referral_status_refused": ("ปฏิเสธ", "Refused"),
    "thaiqm_solved_by_itself": ("แก้ไขได้เอง", "Solved by itself"),
    "thaiqm_help": (
        "ตามการนับของ ThaiQM: ช่วยเหลือแล้ว = ช่วยเหลือสำเร็จ ผ่านเกณฑ์แล้ว; "
        "อยู่ระหว่างดำเนินการ = ยังไม่ได้เข้าถึง และอยู่ระหว่างดำเนินการ",
        "As ThaiQM counts: helped = resolved; in progress = open and in progress",
    ),
    "lb_tab_case": ("สถานะเคส", "Case status"),
    "lb_tab_assign": ("มอบหมายงาน", "Assign cases"),
    "lb_tab_referral": ("ส่งต่อหน่วยงาน", "Referral"),
    "lb_tab_worklist": ("งานของฉัน", "My worklist"),
    "lb_reason": ("เหตุผล", "Reason"),
    "lb_reason_help": (
        "การปิดเคสต้องระบุเหตุผลและวันที่; ไม่ประสงค์รับการพัฒนา: เลือกเหตุผลจากรายการ",
        "Closing a case needs a reason and a date; declined: choose the reason from the list",
    ),
    "lb_declined_reason": ("เหตุผลที่ไม่ประสงค์รับการพัฒนา", "Why declined"),
    "lb_corrects": (
        "แก้ไขหรือยกเลิกรายการเดิม (ไม่บังคับ)",
        "Correct or void an earlier record (optional)",
    ),
    "lb_corrects_none": ("— บันทึกใหม่ ไม่แก้ไขรายการเดิม —", "— a new record, not a correction —"),
    "lb_why": ("เหตุผลที่แก้ไข", "Why corrected"),
    "lb_void": ("ยกเลิกรายการเดิม (ไม่บันทึกสถานะใหม่)", "Void the earlier record (no new status)"),
    "lb_timeline": ("ประวัติของครัวเรือน", "The household's time line"),
    "lb_timeline_none": ("ยังไม่มีบันทึกของครัวเรือนนี้", "No records of this household yet"),
    "lb_replaced": ("ถูกแทนที่/ยกเลิก", "Replaced or voided"),
    "lb_team_assigned": ("ทีมที่รับผิดชอบ", "Team"),
    "lb_due_date": ("กำหนดเสร็จ", "Due date"),
    "lb_assign_one": ("มอบหมายครัวเรือนเดียว", "Assign one household"),
    "lb_assign_bulk": ("มอบหมายจากผลการค้นหาครัวเรือน", "Assign the households of a search"),
    "lb_assign_bulk_intro": (
        "ผลการค้นหาล่าสุดในหน้า ครัวเรือนและบุคคล ของพื้นที่นี้: {n} ครัวเรือน "
        "จะมอบหมายให้ทีมเดียวกันในครั้งเดียว (สูงสุด {limit} ครัวเรือน)",
        "The latest search of the Households page in this area: {n} households, all assigned "
        "to one team at once (at most {limit})",
    ),
    "lb_assign_bulk_none": (
        "ยังไม่ได้ค้นหาครัวเรือน — ค้นหาในหน้า ครัวเรือนและบุคคล ก่อน แล้วกลับมาที่นี่",
        "No household search yet — search on the Households page first, then come back",
    ),
    "lb_assign_bulk_too_many": (
        "ผลการค้นหามี {n} ครัวเรือน มากกว่า {limit} — เพิ่มเงื่อนไขการค้นหาก่อน",
        "The search found {n} households, more than {limit} — narrow the search first",
    ),
    "lb_assign_bulk_button": ("มอบหมายทั้งหมด {n} ครัวเรือน", "Assign all {n} households"),
    "lb_assigned": ("มอบหมายแล้ว {n} ครัวเรือน ให้ {team}", "Assigned {n} households to {team}"),
    "lb_referral_new": ("ส่งต่อใหม่", "New referral"),
    "lb_referral_update": ("ปรับสถานะการส่งต่อเดิม", "Update a referral"),
    "lb_referral": ("การส่งต่อ", "Referral"),
    "lb_referral_status": ("สถานะการส่งต่อ", "Referral status"),
    "lb_from_agency": ("จากหน่วยงาน", "From agency"),
    "lb_to_agency": ("ถึงหน่วยงาน", "To agency"),
    "lb_referral_none": ("ครัวเรือนนี้ยังไม่มีการส่งต่อ", "This household has no referral yet"),
    "lb_worklist_team": ("ทีม", "Team"),
    "lb_worklist_no_team": (
        "ยังไม่มีเคสที่มอบหมายให้ทีมใดในพื้นที่นี้",
        "No case in this area is assigned to a team yet",
    ),
    "lb_worklist_count": (
        "เคสที่ยังเปิดอยู่ {n} ครัวเรือน เกินกำหนด {overdue} ครัวเรือน (เกินกำหนดแสดงก่อน)",
        "{n} open cases, {overdue} overdue (overdue first)",
    ),
    "lb_worklist_empty": ("ไม่มีเคสที่ยังเปิดอยู่ของทีมนี้", "This team has no open case"),
    "lb_worklist_map": ("ที่ตั้งบ้านที่ต้องไปเยี่ยม", "Houses to visit"),
    "lb_overdue": ("เกินกำหนด", "Overdue"),
    "lb_failed_indicators": ("ตัวชี้วัดที่ตกเกณฑ์", "Indicators failed"),
    "lb_col_referral_id": ("เลขที่การส่งต่อ", "Referral no."),
    "lb_col_corrects": ("ประเภทรายการที่แก้ไข", "Kind of record corrected"),
    "lb_col_replaces_id": ("แทนที่รายการเลขที่", "Replaces record no."),
    "lb_col_void": ("ยกเลิก", "Void"),
    "lb_col_row": ("แถว", "Row"),
    "lb_col_column": ("คอลัมน์", "Column"),
    "lb_col_message": ("ข้อผิดพลาด", "Problem"),
    "lb_col_value": ("ค่าที่กรอก", "Value given"),
    "lb_col_opened": ("วันที่เปิดเคส", "Case opened"),
    "lb_col_id": ("เลขที่รายการ", "Record no."),
    "lb_col_what": ("รายละเอียด", "Details"),
    "lb_col_in_effect": ("มีผล", "In effect"),
    "lb_col_days_open": ("เปิดมาแล้ว (วัน)", "Open for (days)"),
    "lb_kind_assign": ("มอบหมายงาน", "Assignment"),
    "lb_date_be": ("วันที่ (วัน/เดือน/ปี พ.ศ.)", "Date (day/month/year)"),
    "lb_day": ("วัน", "Day"),
    "lb_year_be": ("ปี พ.ศ.", "Year"),
    "lb_bad_day": (
        "{field}: วันที่ {day}/{month}/{year} ไม่มีในปฏิทิน กรุณาเลือกวันที่ใหม่",
        "{field}: {day}/{month}/{year} is not a date in the calendar. Choose another day.",
    ),
    # Whole sentences for invalid Logbook entries; the prefix names the row and column
    # (imports) or the field (forms).
    "lb_err_where_row": ("แถว {row} คอลัมน์ {column}: ", "Row {row}, column {column}: "),
    "lb_err_where_field": ("ช่อง “{field}”: ", "Field “{field}”: "),
    "lb_err_required": ("ต้องกรอกข้อมูลในช่องนี้", "This is required."),
    "lb_err_too_long": ("ข้อความยาวเกิน {n} ตัวอักษร", "The text is longer than {n} characters."),
    "lb_err_bad_date": (
        "“{value}” ไม่ใช่วันที่ ให้เขียนเป็น ปปปป-ดด-วว (ค.ศ.) เช่น 2026-11-30",
        "“{value}” is not a date; write it as YYYY-MM-DD (C.E.), e.g. 2026-11-30.",
    ),
    "lb_err_future": ("วันที่ {value} อยู่หลังวันนี้ ({day})", "The date {value} is after today ({day})."),
    "lb_err_too_early": ("วันที่ {value} อยู่ก่อน {day}", "The date {value} is before {day}."),
    "lb_err_not_number": ("“{value}” ไม่ใช่ตัวเลข", "“{value}” is not a number."),
    "lb_err_range": (
        "ค่า {value} ต้องอยู่ระหว่าง {low} ถึง {high}",
        "{value} must be from {low} to {high}.",
    ),
    "lb_err_not_whole": ("ค่า {value} ต้องเป็นจำนวนเต็ม", "{value} must be a whole number."),
    "lb_err_unknown_choice": (
        "ไม่รู้จักค่า “{value}” ค่าที่ใช้ได้คือ {known}",
        "“{value}” is not known; use one of {known}.",
    ),
    "lb_err_unknown_indicator": (
        "ไม่รู้จักรหัสตัวชี้วัด {codes}",
        "Unknown indicator code(s): {codes}.",
    ),
    "lb_err_unknown_household": (
        "ไม่พบครัวเรือนรหัส {value} ในพื้นที่ของคุณ",
        "No household with ID {value} in your area.",
    ),
    "lb_err_outside": (
        "ครัวเรือนหรือตำแหน่ง {value} อยู่นอกพื้นที่ของคุณ ({scope})",
        "The household or location {value} lies outside your area ({scope}).",
    ),
    "lb_err_no_village": (
        "ตำแหน่งนี้ไม่อยู่ในหมู่บ้านใดของฐานข้อมูล กรุณาตรวจสอบละติจูดและลองจิจูด",
        "The location is not in any village of the data. Check the latitude and longitude.",
    ),
    "lb_err_missed_exists": (
        "รหัส {value} เป็นครัวเรือนที่มีอยู่แล้ว ให้บันทึกการสำรวจแทน หรือเว้นรหัสว่างไว้",
        "{value} is already a household. Record a visit for it, or leave the ID empty.",
    ),
    "lb_err_missed_id": (
        "รหัสครัวเรือนตกหล่นต้องขึ้นต้นด้วย N{village} ตามด้วยตัวอักษรหรือตัวเลข 1-12 ตัว หรือเว้นว่าง",
        "A missed household's ID is N{village} followed by 1-12 letters or digits, or empty.",
    ),
    "lb_err_close_reason": (
        "การปิดเคสต้องระบุเหตุผล กรุณากรอกเหตุผล",
        "Closing a case needs a reason. Give the reason.",
    ),
    "lb_err_due_before": (
        "กำหนดเสร็จ {value} อยู่ก่อนวันที่มอบหมาย ({day})",
        "The due date {value} is before the day of the assignment ({day}).",
    ),
    "lb_err_unknown_referral": (
        "ไม่พบการส่งต่อเลขที่ {value} ของครัวเรือน {household}",
        "No referral {value} of household {household}.",
    ),
    "lb_err_no_record": (
        "ไม่พบรายการเลขที่ {value} ที่จะแก้ไข",
        "There is no record {value} to correct.",
    ),
    "lb_err_correction_household": (
        "การแก้ไขต้องเป็นของครัวเรือนเดิม ({household})",
        "A correction keeps the household of the record it replaces ({household}).",
    ),
    "lb_err_invalid": ("ค่า “{value}” ไม่ถูกต้อง", "“{value}” is not valid."),
    "search_case_statuses": ("สถานะเคส (แฟ้มบ้านพัฒนาคนไทย)", "Case status (Logbook)"),
    "search_teams": ("ทีมที่รับผิดชอบ", "Assigned team"),
    "search_teams_unavailable": (
        "อ่านรายชื่อทีมจากแฟ้มบ้านพัฒนาคนไทยไม่ได้ขณะนี้",
        "The Logbook's teams cannot be read just now",
    ),
    "search_logbook_unavailable": (
        "ค้นหาตามเงื่อนไขของแฟ้มบ้านพัฒนาคนไทยไม่ได้ขณะนี้ ({reason}) ลองใหม่อีกครั้งในอีกสักครู่",
        "The Logbook conditions cannot be searched just now ({reason}). Try again in a moment.",
    ),
    "search_error_unknown_status": ("ไม่รู้จักสถานะเคส {names}", "Unknown case status(es): {names}"),
    "search_error_logbook_unresolved": (
        "ยังไม่ได้อ่านครัวเรือนจากแฟ้มบ้านพัฒนาคนไทย",
        "The Logbook's households were not read",
    ),
    "progress_help_dimension_title": (
        "ครัวเรือนเป้าหมายที่ได้รับความช่วยเหลือ แยกตามมิติที่แก้ (ครัวเรือน)",
        "Target households helped, by dimension addressed (households)",
    ),
    "progress_help_agency_title": (
        "ครัวเรือนเป้าหมายที่ได้รับความช่วยเหลือ แยกตามหน่วยงาน (ครัวเรือน)",
        "Target households helped, by agency (households)",
    ),
    "progress_by_status": (
        "ผลการดำเนินงานของเคส (ครัวเรือนเป้าหมาย)",
        "Case outcomes (target households)",
    ),
    "progress_by_status_caption": (
        "จำนวนครัวเรือนเป้าหมายตามสถานะเคสล่าสุด รวมทุกสถานะเท่ากับครัวเรือนเป้าหมาย",
        "Target households by their latest case status; the statuses add up to the targets",
    ),
    "progress_status_share": ("สัดส่วน (%)", "Share (%)"),
    "progress_overdue_cases": ("เคสเกินกำหนด", "Overdue cases"),
    "progress_open_referrals": ("การส่งต่อที่ยังไม่เสร็จ", "Open referrals"),
    "progress_overdue_referrals": ("การส่งต่อเกินกำหนด", "Overdue referrals"),
    "progress_overdue_help": (
        "เคสที่ยังเปิดอยู่และเลยกำหนดเสร็จของงานที่มอบหมาย; การส่งต่อที่รอเกิน {days} วัน",
        "Open cases past the due date of their assignment; referrals open more than {days} days",
    ),
    "progress_cases_by_child": ("สถานะเคสและงานค้างรายพื้นที่", "Case outcomes and backlog by area"),
    "progress_time_to_help": ("ระยะเวลาถึงการช่วยเหลือ", "Time to help"),
    "progress_time_caption": (
        "จำนวนวันนับจากวันที่เป็นครัวเรือนเป้าหมาย (เปิดเคส) ถึงการสำรวจครั้งแรกและการช่วยเหลือครั้งแรก",
        "Days from a household becoming a target (its case opened) to its first visit and "
        "first help",
    ),
    "progress_median_visit": ("มัธยฐาน วันถึงการสำรวจครั้งแรก", "Median days to first visit"),
    "progress_p90_visit": ("เปอร์เซ็นไทล์ที่ 90 วันถึงการสำรวจ", "90th percentile, days to first visit"),
    "progress_median_help": ("มัธยฐาน วันถึงการช่วยเหลือครั้งแรก", "Median days to first help"),
    "progress_p90_help": ("เปอร์เซ็นไทล์ที่ 90 วันถึงการช่วยเหลือ", "90th percentile, days to first help"),
    "progress_cases_timed": ("จำนวนเคสที่นับ", "Cases timed"),
    "progress_days": ("{n} วัน", "{n} days"),
    # Rule scenarios (issue 17)
    "page_scenarios": ("ทางเลือกเกณฑ์คัดกรอง", "Rule scenarios"),
    "sc_intro": (
        "ตั้งเกณฑ์ทางเลือกได้สูงสุด 2 แบบ เทียบกับเกณฑ์ TPMAP ปัจจุบัน: จำนวนครัวเรือนและคนเป้าหมาย "
        "ครัวเรือนที่เข้าและออกจากรายชื่อ พื้นที่ที่เปลี่ยน ตัวชี้วัดและกลุ่มที่ทำให้เปลี่ยน และค่าใช้จ่ายต่อปี",
        "Set up to two rules beside today's TPMAP rule: target households and persons, the "
        "households that join and leave the list, where it changes, which indicators and groups "
        "drive the change, and the yearly cost",
    ),
    "sc_today": ("เกณฑ์ปัจจุบัน (TPMAP)", "Today's rule (TPMAP)"),
    "sc_rule_n": ("เกณฑ์ทางเลือก {n}", "Rule {n}"),
    "sc_use_rule": ("ใช้เกณฑ์ทางเลือก {n}", "Use rule {n}"),
    "sc_cutoff_union": (
        "ตกอย่างน้อย 1 ตัวชี้วัด (เกณฑ์ของ TPMAP)",
        "at least one indicator (union, TPMAP's rule)",
    ),
    "sc_cutoff_third": ("k = 1/3", "k = 1/3"),
    "sc_cutoff_custom": ("กำหนด k เอง", "a k of my own"),
    "sc_k": ("ค่า k (0–1]", "k in (0, 1]"),
    "sc_weights": ("น้ำหนักตัวชี้วัด", "Indicator weights"),
    "sc_weights_equal": ("เท่ากันตามมิติ (ค่าตั้งต้น)", "equal nested (default)"),
    "sc_weights_custom": ("กำหนดเอง", "my own"),
    "sc_weights_help": (
        "ค่าสัมพัทธ์ (≥ 0) ระบบปรับให้รวมกันเป็น 1 ในมิติที่นับ; ค่าตั้งต้นคือร้อยละของน้ำหนักเท่ากันตามมิติ",
        "Relative values (≥ 0), rescaled to sum to 1 over the counted dimensions; they start "
        "at the equal nested weights in percent",
    ),
    "sc_income_line": ("เส้นรายได้ (บาท/คน/ปี)", "Income line (baht/person/year)"),
    "sc_card": ("ต้องมีบัตรสวัสดิการแห่งรัฐ", "Welfare card"),
    "sc_card_required": ("ต้องมีผู้ถือบัตร", "holder required"),
    "sc_card_ignored": ("ไม่พิจารณาบัตร", "not considered"),
    "sc_rule_invalid": ("ใช้เกณฑ์นี้ไม่ได้: {reason}", "This rule cannot be used: {reason}"),
    "sc_rule_text": (
        "{cutoff} · มิติ: {dims} · เส้นรายได้ {line} บาท · บัตรสวัสดิการ: {card}",
        "{cutoff} · dimensions: {dims} · income line {line} baht · welfare card: {card}",
    ),
    "sc_cost_household": (
        "ค่าช่วยเหลือต่อครัวเรือนต่อปี (บาท)",
        "Yearly cost of help per household (baht)",
    ),
    "sc_cost_by_dimension": ("ค่าช่วยเหลือรายมิติ (ถ้ามี)", "Cost per dimension (optional)"),
    "sc_cost_by_dimension_help": (
        "บาทต่อครัวเรือนต่อปีสำหรับแต่ละมิติที่ตก; ครัวเรือนหนึ่งคิดตามมิติที่นับและตก มิติที่เว้นว่างใช้ค่าต่อครัวเรือน",
        "Baht per household per year for each dimension failed; a household costs the sum over "
        "the counted dimensions it fails; an empty dimension uses the household cost",
    ),
    "sc_no_rule": (
        "เปิดใช้เกณฑ์ทางเลือกอย่างน้อย 1 แบบเพื่อเปรียบเทียบ",
        "Turn on at least one rule to compare",
    ),
    "sc_computing": ("กำลังคำนวณ…", "Computing…"),
    "sc_no_targets": (
        "ไม่มีครัวเรือนเป้าหมายในพื้นที่นี้ทั้งตามเกณฑ์ปัจจุบันและเกณฑ์ทางเลือก",
        "No target household in this area under today's rule or the rules set",
    ),
    "sc_comparison": ("เปรียบเทียบเกณฑ์", "Rules side by side"),
    "sc_target_persons": ("คนในครัวเรือนเป้าหมาย", "Persons in target households"),
    "sc_joined": ("เข้ารายชื่อ", "Join"),
    "sc_left": ("ออกจากรายชื่อ", "Leave"),
    "sc_net": ("เปลี่ยนสุทธิ (ครัวเรือน)", "Net change (households)"),
    "sc_cost_year": ("ค่าช่วยเหลือต่อปี (บาท)", "Yearly cost of help (baht)"),
    "sc_settings": ("การตั้งค่า", "Settings"),
    "sc_persons_n": ("{n} คน", "{n} persons"),
    "sc_kept_note": (
        "คงอยู่ {kept} + เข้าใหม่ {joined} = {total} ครัวเรือนตามเกณฑ์นี้ (เกณฑ์ปัจจุบัน {today})",
        "Kept {kept} + joined {joined} = {total} households under this rule (today {today})",
    ),
    "sc_map": ("ครัวเรือนเป้าหมายเปลี่ยนสุทธิ ราย{child}", "Net change in target households by {child}"),
    "sc_children_table": ("การเปลี่ยนแปลงราย{child}", "Change by {child}"),
    "sc_col_today": ("ครัวเรือนเป้าหมาย (ปัจจุบัน)", "Target households (today)"),
    "sc_col_rule": ("ครัวเรือนเป้าหมาย (เกณฑ์นี้)", "Target households (this rule)"),
    "sc_drivers_indicators": ("ตัวชี้วัดที่ทำให้เปลี่ยน", "Indicators behind the change"),
    "sc_drivers_caption": (
        "จำนวนครัวเรือนที่ตกแต่ละตัวชี้วัด: ที่เข้ารายชื่อ (วัดตามเกณฑ์นี้) และที่ออก (วัดตามเกณฑ์ปัจจุบัน)",
        "Households failing each indicator: those joining (as this rule measures) and those "
        "leaving (as today's rule measures)",
    ),
    "sc_drivers_groups": ("กลุ่มที่เปลี่ยน", "Groups that change"),
    "sc_group": ("กลุ่ม", "Group"),
    "sc_group_by": ("จัดกลุ่มตาม", "Grouped by"),
    "sc_list_title": ("ครัวเรือนที่เข้าและออกจากรายชื่อ", "Households joining and leaving the list"),
    "sc_change": ("รายการ", "List"),
    "sc_within": ("ค้นหาในพื้นที่ย่อย", "Search within"),
    "sc_list_dimension": ("ตกมิติ", "Failing dimension"),
    "sc_list_count": ("จำนวนครัวเรือนในรายการ", "Households in the list"),
    "sc_list_empty": ("ไม่มีครัวเรือนในรายการนี้", "No household in this list"),
    "sc_house_no": ("บ้านเลขที่", "House no."),
    "sc_col_today_score": ("คะแนน (เกณฑ์ปัจจุบัน)", "Score (today)"),
    "sc_col_rule_score": ("คะแนน (เกณฑ์นี้)", "Score (this rule)"),
    # Suggested help (issue 17)
    "sg_pick_household": (
        "เลือกครัวเรือนเพื่อดูความช่วยเหลือที่แนะนำตามตัวชี้วัดที่ไม่ผ่าน",
        "Choose a household to see the help suggested for the indicators it fails",
    ),
    "sg_household_unknown": (
        "ไม่พบครัวเรือน {id} ในข้อมูลสำรวจของพื้นที่ของคุณ (ครัวเรือนที่เพิ่มใหม่ยังไม่มีข้อมูลตัวชี้วัด)",
        "Household {id} is not in the survey data of your area (a household added in the field "
        "has no indicators yet)",
    ),
    "sg_title": ("ความช่วยเหลือที่แนะนำ (เมนูแก้จน)", "Suggested help (poverty-solving menu)"),
    "sg_caption": (
        "เลือกตามกฎที่อ่านได้: ตัวชี้วัดที่ตก → ความช่วยเหลือและหน่วยงาน เรียงตามระดับความเปราะบาง "
        "และขั้นการพัฒนา เลือกหน่วยงานที่มีโครงการหรือเป็นภาคีในพื้นที่ และบริการที่อยู่ใกล้ก่อน",
        "Chosen by readable rules: failed indicator → kind of help and agency, ordered by "
        "vulnerability level and development stage, preferring agencies with a project or a "
        "partnership in the area and services nearby.",
    ),
    "sg_stage": ("ขั้นการพัฒนาล่าสุด: {stage}", "Latest development stage: {stage}"),
    "sg_stage_none": (
        "ยังไม่มีขั้นการพัฒนาใน Logbook (ถือเป็นขั้นอยู่รอด)",
        "No development stage in the Logbook yet (taken as survival)",
    ),
    "sg_none": (
        "ครัวเรือนนี้ไม่ตกตัวชี้วัดใด จึงไม่มีความช่วยเหลือที่แนะนำ",
        "This household fails no indicator: no help to suggest",
    ),
    "sg_none_result": (
        "ครัวเรือนในผลการค้นหาไม่ตกตัวชี้วัดใด จึงไม่มีความช่วยเหลือที่แนะนำ",
        "The households found fail no indicator: no help to suggest",
    ),
    "sg_why": ("เหตุผล", "Why"),
    "sg_taken": ("บันทึกความช่วยเหลือแล้ว", "Help recorded"),
    "sg_why_fails": ("ตก “{indicator}”", "fails “{indicator}”"),
    "sg_why_vulnerable": (
        "ความเปราะบางระดับ {level}: มิตินี้มาก่อน",
        "vulnerability level {level}: this dimension first",
    ),
    "sg_why_project": (
        "{agency} มี “{project}” ใน{area}",
        "{agency} has a project in {area}: “{project}”",
    ),
    "sg_why_partner": (
        "{agency} เป็นภาคีของ ศจพ. ในพื้นที่",
        "{agency} is a partner of the area's poverty-solving centre",
    ),
    "sg_why_responsible": (
        "{agency} รับผิดชอบตามเมนูแก้จน (ไม่พบโครงการหรือภาคีในพื้นที่)",
        "{agency} is responsible in the menu (no project or partner found in the area)",
    ),
    "sg_why_near": ("{service}อยู่ห่าง {km} กม.", "{service} {km} km away"),
    "sg_why_far": (
        "{service}อยู่ห่าง {km} กม. — ควรไปเยี่ยมบ้าน",
        "{service} {km} km away — plan a home visit",
    ),
    "sg_service_health": ("สถานพยาบาล", "health facility"),
    "sg_service_school": ("โรงเรียน", "school"),
    "sg_result_title": ("ความช่วยเหลือที่แนะนำสำหรับผลการค้นหา", "Suggested help for the search result"),
    "sg_result_caption": (
        "นับ {top} รายการแรกของแต่ละครัวเรือน จาก {n} ครัวเรือนแรก (ตามลำดับความสำคัญ) ของ {total} "
        "ครัวเรือน; ความช่วยเหลือของแต่ละครัวเรือนเรียงตามระดับความเปราะบางและขั้นการพัฒนาที่บันทึกใน Logbook",
        "The first {top} suggestions of each of the first {n} households (priority order) of "
        "{total}; each household's suggestions are ordered by its vulnerability level and the "
        "development stage recorded in the Logbook",
    ),
    "sg_result_stages": (
        "ครัวเรือนที่มีขั้นการพัฒนาใน Logbook: {n} (ที่เหลือถือเป็นขั้นอยู่รอด)",
        "Households with a development stage in the Logbook: {n} (the others count as survival)",
    ),
    "sg_stages_unavailable": (
        "อ่านขั้นการพัฒนาจาก Logbook ไม่ได้ ({reason}) — ความช่วยเหลือเรียงตามระดับความเปราะบางเท่านั้น",
        "The development stages could not be read from the Logbook ({reason}) — suggestions "
        "are ordered by vulnerability level only",
    ),
    "sg_present": ("หน่วยงานมีในพื้นที่", "Agency present in the area"),
    "sg_uptake": (
        "ความช่วยเหลือที่บันทึกใน Logbook ตรงกับที่แนะนำ: {taken} จาก {records} รายการ ({share})",
        "Help recorded in the Logbook of a suggested kind: {taken} of {records} records ({share})",
    ),
    "sg_plan": ("แผนของทีมสำหรับการประชุม (XLSX)", "Team plan for a field meeting (XLSX)"),
    "sg_plan_caption": (
        "ความช่วยเหลือ {top} รายการแรกที่แนะนำต่อครัวเรือน จัดกลุ่มตามหมู่บ้านและหน่วยงาน",
        "The first {top} suggestions per household, grouped by village and agency",
    ),
    "sg_plan_sheet": ("แผนความช่วยเหลือ", "Help plan"),
    "sg_col_households": ("ครัวเรือนที่ได้รับคำแนะนำ", "Households it is suggested for"),
    "sg_result_rows": ("ครัวเรือนในแผน", "Households in the plan"),
    # progress messages while building
    "step_figures": ("กำลังรวบรวมตัวเลข…", "Gathering the figures…"),
    "step_charts": ("กำลังวาดแผนที่และแผนภูมิ…", "Drawing the map and charts…"),
    "step_write": ("กำลังเขียนไฟล์…", "Writing the file…"),
    "step_done": ("เสร็จแล้ว", "Done"),
    # survey rounds and change over time (issue 12)
    "survey_year": ("ปีที่สำรวจ (จปฐ.)", "Survey round (BMN)"),
    "survey_year_help": (
        "รอบการสำรวจ จปฐ. ที่ทุกหน้า รายงาน และไฟล์ส่งออกใช้ ค่าเริ่มต้นคือรอบล่าสุด",
        "The BMN survey round every page, report and export uses; default the latest",
    ),
    "year_be": ("พ.ศ. {year}", "B.E. {year}"),
    "year_ce": ("{year}", "{year}"),
    "unknown_year": (
        "ไม่มีข้อมูลปี {year} (ข้อมูลมีรอบ {years}) แสดงรอบล่าสุดแทน",
        "No survey round {year} in the data (rounds present: {years}); showing the latest round",
    ),
    "kpi_delta_help": ("เทียบกับรอบ {year}", "Change since the {year} round"),
    "page_change": ("การเปลี่ยนแปลงรายปี", "Change over time"),
    "change_intro": (
        "ครัวเรือนที่อยู่ในพื้นที่ในรอบแรกและพบในทั้งสองรอบ: ยังจน พ้นจน จนใหม่ และไม่จนทั้งสองรอบ",
        "Households living in the area at the first round and present in both rounds: stayed "
        "poor, left poverty, became poor, stayed non-poor",
    ),
    "change_need_two": (
        "ข้อมูลชุดนี้มีการสำรวจเพียงรอบเดียว จึงยังแสดงการเปลี่ยนแปลงไม่ได้",
        "The data hold one survey round only: no change to show yet",
    ),
    "change_from": ("จากรอบ", "From round"),
    "change_to": ("ถึงรอบ", "To round"),
    "change_order": ("รอบแรกต้องมาก่อนรอบหลัง", "The first round must come before the second"),
    "change_population": ("นับครัวเรือน", "Households counted"),
    "change_population_mpi": ("ตกเกณฑ์ MPI", "MPI-poor"),
    "change_population_target": (
        "คนจนเป้าหมาย TPMAP (มีบัตรสวัสดิการ)",
        "TPMAP target poor (welfare card)",
    ),
    "households_both": ("ครัวเรือนที่พบทั้งสองรอบ", "Households in both rounds"),
    "stayed_poor": ("ยังจน", "Stayed poor"),
    "exited": ("พ้นจน", "Left poverty"),
    "entered": ("จนใหม่", "Became poor"),
    "stayed_non_poor": ("ไม่จนทั้งสองรอบ", "Stayed non-poor"),
    "change_poor_node": ("จน {year}", "Poor {year}"),
    "change_non_poor_node": ("ไม่จน {year}", "Non-poor {year}"),
    "change_flow_title": ("การเปลี่ยนสถานะของครัวเรือน", "How households moved"),
    "change_exits_title": (
        "ครัวเรือนที่พ้นจน: ตัวชี้วัดที่ผ่านแล้ว",
        "Households that left poverty: indicators they stopped failing",
    ),
    "change_entries_title": (
        "ครัวเรือนที่จนใหม่: ตัวชี้วัดที่เริ่มไม่ผ่าน",
        "Households that became poor: indicators they started failing",
    ),
    "change_trend_title": ("คนจนเป้าหมายและสัดส่วนคนจน (H) รายปี", "Target poor and H by round"),
    "progress_help_given": ("ความช่วยเหลือ", "Help given"),
    "chart_series": ("ชุดข้อมูล", "Series"),
    "change_trend_children": ("พื้นที่ย่อย", "Child areas"),
    "change_map_title": ("แผนที่การเปลี่ยนแปลงระหว่างสองรอบ", "Map of the change between two rounds"),
    "change_map_measure": ("ตัวชี้วัดบนแผนที่", "Measure on the map"),
    "change_map_legend": (
        "สีน้ำเงิน = ลดลง (ดีขึ้น) สีแดง = เพิ่มขึ้น สีขาว = ใกล้ศูนย์",
        "Blue = fell (improved), red = rose, white = near zero",
    ),
    "change_table_title": ("พื้นที่ย่อย เรียงตามการลดลงมากที่สุด", "Child areas, most improved first"),
    "change_value_from": ("รอบแรก", "First round"),
    "change_value_to": ("รอบหลัง", "Second round"),
    "change_value": ("เปลี่ยนแปลง", "Change"),
    "change_no_children": ("ไม่มีพื้นที่ย่อย", "No child areas"),
    "map_view": ("แผนที่แสดง", "The map shows"),
    "map_view_round": ("ข้อมูลรอบที่เลือก", "The chosen round"),
    "map_view_change": ("การเปลี่ยนแปลงระหว่างสองรอบ", "The change between two rounds"),
    "overview_change_title": (
        "การเปลี่ยนแปลงของ{what} {area} จาก {first} ถึง {second}",
        "Change of {what} in {area}, {first} to {second}",
    ),
    "improvement_rank": ("อันดับการลดลง", "Improvement rank"),
    "children_ranked": (
        "เรียงตามการลดลงของ{what} จาก {first} ถึง {second} (ลดลงมากที่สุดอยู่บนสุด) "
        "คลิกหัวคอลัมน์เพื่อเรียงตามคอลัมน์อื่น",
        "Ranked by the fall of {what} from {first} to {second} (the largest fall first); "
        "click a column heading to sort by another column",
    ),
    "children_change_column": (
        "{what} เปลี่ยนแปลง {first}→{second}",
        "{what}: change {first}→{second}",
    ),
    "children_change_column_pp": (
        "{what} เปลี่ยนแปลง {first}→{second} (จุดร้อยละ)",
        "{what}: change {first}→{second} (percentage points)",
    ),
    "outcomes_title": ("ความช่วยเหลือได้ผลหรือไม่", "Did the help work"),
    "outcomes_fiscal_year": ("ช่วยเหลือในปีงบประมาณ", "Help in fiscal year"),
    "outcomes_intro": (
        "ครัวเรือนที่ได้รับความช่วยเหลือในปีงบประมาณ {year} ที่ผ่านตัวชี้วัดที่ได้รับการช่วยเหลือ"
        "ในการสำรวจรอบ {next} เทียบกับครัวเรือนยากจนในอำเภอเดียวกันที่ไม่ผ่านตัวชี้วัดเดียวกัน"
        "และไม่ได้รับความช่วยเหลือ",
        "Households helped in fiscal year {year} that meet the helped indicator at the {next} "
        "round, against MPI-poor households of the same district failing the same indicator "
        "and not helped",
    ),
    "outcomes_caveat": (
        "เป็นการเปรียบเทียบจากข้อมูลสังเกต ไม่ใช่การทดลอง: ครัวเรือนที่ได้รับความช่วยเหลือไม่ได้ถูกเลือก"
        "แบบสุ่ม ความแตกต่างจึงอาจมาจากวิธีเลือกครัวเรือน ไม่ใช่จากความช่วยเหลือเพียงอย่างเดียว",
        "An observational comparison, not an experiment: helped households were not chosen at "
        "random, so a difference may come from who was chosen, not only from the help",
    ),
    "outcomes_planted": (
        "ข้อมูลสังเคราะห์: ผลของความช่วยเหลือแต่ละประเภทถูกกำหนดไว้ล่วงหน้าเพื่อทดสอบการวิเคราะห์ "
        "(บางประเภทไม่มีผล) ไม่ใช่ผลจริง",
        "Synthetic data: the effect of each kind of help was planted to test this analysis "
        "(some kinds have none); it is not a finding",
    ),
    "outcomes_by_kind": ("ตามประเภทความช่วยเหลือ", "By kind of help"),
    "outcomes_by_agency": ("ตามหน่วยงาน", "By agency"),
    "outcomes_none": (
        "ไม่มีบันทึกความช่วยเหลือในปีงบประมาณนี้สำหรับพื้นที่นี้",
        "No help recorded in this fiscal year for this area",
    ),
    "outcomes_unavailable": ("อ่านสมุดบันทึกไม่ได้ ({reason})", "The Logbook cannot be read ({reason})"),
    "outcomes_need_rounds": (
        "ต้องมีการสำรวจอย่างน้อยสองรอบติดกัน",
        "Needs two consecutive survey rounds",
    ),
    "col_group": ("ความช่วยเหลือ", "Help"),
    "col_helped": ("ครัวเรือนที่ได้รับ", "Helped households"),
    "col_resolved_share": ("ผ่านตัวชี้วัดรอบถัดไป", "Meet it at the next round"),
    "col_comparison_share": ("กลุ่มเปรียบเทียบ", "Comparison"),
    "col_difference": ("ผลต่าง (จุดร้อยละ)", "Difference (points)"),
    "col_ci": ("ช่วงความเชื่อมั่น 95%", "95 % confidence interval"),
    "history_title": ("ตัวชี้วัดรายรอบการสำรวจ", "Indicators in every survey round"),
    "history_absent": ("ไม่พบในรอบนี้", "Not in this round"),
    "history_failed_count": ("จำนวนตัวชี้วัดที่ไม่ผ่าน", "Indicators failed"),
    "history_logbook": ("บันทึกในสมุดระหว่างรอบ", "Logbook entries between rounds"),
    # Maps and pages at every level (issue 20)
    "no_data_short": ("ไม่มีข้อมูล", "No data"),
    "map_save": ("บันทึกแผนที่เป็นภาพ (PNG)", "Save the map as PNG"),
    "map_save_no_font": (
        "บันทึกแผนที่เป็นภาพไม่ได้: เครื่องแม่ข่ายไม่มีฟอนต์ภาษาไทย",
        "The map cannot be saved as an image: no Thai font on the server",
    ),
    "map_source": ("การสำรวจข้อมูลความจำเป็นพื้นฐาน (จปฐ.)", "Basic Minimum Needs survey (BMN)"),
    "what_map": ("แผนที่", "Map"),
    "what_chart": ("แผนภูมิ", "Chart"),
    "chart_save": ("บันทึกแผนภูมิเป็นภาพ (PNG)", "Save the chart as PNG"),
    "map_chosen_place": ("ตำแหน่งที่เลือก", "Place chosen"),
    "lb_map_title": ("ตำแหน่งบ้านครัวเรือนตกหล่น", "Location of the missed household"),
    "house_map_title": ("ตำแหน่งบ้าน {id}", "Location of house {id}"),
    "house_map_this": ("บ้านหลังนี้", "This house"),
    "what_area_figures": ("ตัวเลขรายพื้นที่", "Area figures"),
    "map_village": ("หมู่บ้าน (คลิกเพื่อเปิด)", "Village (click to open)"),
    "map_village_click": ("คลิกเพื่อดูหมู่บ้านนี้", "Click to open this village"),
    "map_points_hint": (
        "ชี้ที่จุดเพื่อดูรหัสครัวเรือน หัวหน้าครัวเรือน และมิติที่ตก · คลิกจุดเพื่อเปิดข้อมูลครัวเรือน",
        "Point at a dot for the household ID, head and failed dimensions · click it to open "
        "the household",
    ),
    "map_points_villages_hint": (
        "ชี้ที่จุดเพื่อดูข้อมูลครัวเรือน คลิกจุดเพื่อเปิดครัวเรือน · คลิกวงกลมหรือชื่อหมู่บ้านเพื่อเปิดหมู่บ้าน",
        "Point at a dot for the household, click it to open the household · click a village "
        "ring or name to open the village",
    ),
    "map_household_selected": ("ครัวเรือนที่เลือกบนแผนที่", "Household chosen on the map"),
    "context_title": ("ข้อมูลประกอบของพื้นที่", "Context of the area"),
    "context_caption": (
        "นับจากสมาชิกทุกคนของครัวเรือนที่สำรวจ ไม่ขึ้นกับตัวกรอง",
        "Counted over every member of the surveyed households, whatever the filters",
    ),
    "context_persons": ("คนที่สำรวจ", "Persons surveyed"),
    "context_elderly": ("ผู้สูงอายุ (60 ปีขึ้นไป)", "Elderly (aged 60+)"),
    "context_disabled": ("คนพิการ", "Persons with disabilities"),
    "context_card_holders": ("ผู้ลงทะเบียนบัตรสวัสดิการแห่งรัฐ", "Welfare-card registrants"),
    "top_children_title": ("10 อันดับ{child}: {what}", "Top 10 {child}: {what}"),
    "top_children_choose": ("จัดอันดับตาม", "Rank by"),
    "top_children_count": ("จำนวนคนจน (คน)", "MPI-poor persons (persons)"),
    "top_children_dimension": ("คนจนที่ตกมิติ{name}", "MPI-poor persons failing {name}"),
    "top_children_indicator": (
        "คนจนที่ตกตัวชี้วัด {name}",
        "MPI-poor persons failing the indicator {name}",
    ),
    "top_problems_axis": (
        "คนจนที่ตกตัวชี้วัดนี้ (คน)",
        "MPI-poor persons failing the indicator (persons)",
    ),
    "indicator_bar_axis": ("คนจนที่ตกตัวชี้วัด (คน)", "MPI-poor persons failing it (persons)"),
    "urgent_search": ("ค้นหารายอำเภอ/ตำบล/หมู่บ้าน", "Search by district, subdistrict or village"),
    "urgent_search_placeholder": (
        "พิมพ์ชื่ออำเภอ ตำบล หรือหมู่บ้าน เช่น หมากแข้ง",
        "Type a district, subdistrict or village name, e.g. Mak Khaeng",
    ),
    "urgent_search_count": (
        'พบ {n} ครัวเรือนที่ตรงกับ "{text}" ในรายการ',
        '{n} households in the list match "{text}"',
    ),
    "urgent_country": (
        "ภาพรวมทั้งประเทศ: ตัวเลขระดับประเทศและการจัดอันดับจังหวัด — เลือกจังหวัดจากแถบด้านซ้าย"
        "เพื่อดูรายชื่อครัวเรือนที่ต้องช่วยเหลือก่อน",
        "Whole country: national figures and the provinces ranked — choose a province in the "
        "sidebar for the households to help first",
    ),
    "province_ranking_title": ("จัดอันดับจังหวัด", "Provinces ranked"),
    "province_ranking_caption": (
        "จังหวัดที่มีข้อมูลในฐานข้อมูลนี้ {n} จังหวัด จากทั้งหมด 77 จังหวัด",
        "{n} of the 77 provinces hold data in this build",
    ),
    "choose_options": ("เลือกรายการ", "Choose options"),
    "press_enter": ("กด Enter เพื่อใช้", "Press Enter to apply"),
    "potential_country": (
        "ภาพรวมทั้งประเทศ: ตัวเลขระดับประเทศและการจัดอันดับจังหวัด — เลือกจังหวัดจากแถบด้านซ้าย"
        "เพื่อดูศูนย์ โครงการ และการเข้าถึงบริการของพื้นที่",
        "Whole country: national figures and the provinces ranked — choose a province in the "
        "sidebar for its centres, projects and access to services",
    ),
    "potential_rank_by": ("จัดอันดับจังหวัดตาม", "Rank provinces by"),
    "potential_provinces_title": ("10 อันดับจังหวัด: {what}", "Top 10 provinces: {what}"),
    "reports_country": (
        "ภาพรวมทั้งประเทศ: ตัวเลขระดับประเทศและการจัดอันดับจังหวัด ดาวน์โหลดตารางจังหวัดเป็น CSV ได้ "
        "— เลือกจังหวัดหรืออำเภอจากแถบด้านซ้ายเพื่อจัดทำรายงาน PDF/Excel ของพื้นที่",
        "Whole country: national figures and the provinces ranked, the province table as CSV "
        "— choose a province or a district in the sidebar for its PDF/Excel report",
    ),
}

#: Keys whose text is that of another key (a column, sort key or form field named
#: like a figure): the text is written once, in :data:`LABELS`, under the key on
#: the right; :func:`label` resolves the key on the left.
SAME_AS: dict[str, str] = {
    "coordinates_lat": "lb_lat",
    "coordinates_lon": "lb_lon",
    "access_group": "map_measure",
    "audit_conditions": "audit_filters",
    "audit_personal": "personal_data",
    "case_status_in_progress": "status_in_progress",
    "dimensions_used": "dimensions",
    "export_download": "download_file",
    "export_format": "report_format",
    "export_level": "staff_level",
    "funnel_helped": "helped",
    "funnel_surveyed": "surveyed",
    "kind_otop": "otop_title",
    "lb_col_agency": "agency",
    "lb_col_case_overdue": "lb_overdue",
    "lb_col_date": "lb_date",
    "lb_col_dimension": "dimension",
    "lb_col_due_date": "lb_due_date",
    "lb_col_failed": "lb_failed_indicators",
    "lb_col_from_agency": "lb_from_agency",
    "lb_col_head_name": "head_name",
    "lb_col_household_id": "lb_household",
    "lb_col_kind": "lb_kind",
    "lb_col_lon": "lb_col_lat",
    "lb_col_n_members": "lb_members",
    "lb_col_note": "lb_note",
    "lb_col_overdue": "lb_overdue",
    "lb_col_reason": "lb_reason",
    "lb_col_referral_status": "lb_referral_status",
    "lb_col_stage": "stage",
    "lb_col_status": "lb_tab_case",
    "lb_col_team": "lb_team",
    "lb_col_to_agency": "lb_to_agency",
    "lb_col_village_code": "village",
    "lb_col_village_name": "village",
    "lb_col_why": "lb_why",
    "lb_kind_help": "lb_tab_help",
    "lb_kind_missed": "lb_tab_missed",
    "lb_kind_referral": "lb_tab_referral",
    "lb_kind_stage": "lb_tab_stage",
    "lb_kind_status": "lb_tab_case",
    "lb_kind_subsidy": "lb_tab_subsidy",
    "lb_kind_visit": "lb_tab_visit",
    "lb_month": "month",
    "lb_status": "lb_tab_case",
    "measure_headcount_ratio": "headcount_ratio",
    "progress_status_households": "what_households",
    "project_agency": "agency",
    "report_title": "what_report",
    "search_dimensions": "failed_dimensions",
    "search_vulnerability": "vulnerability",
    "sc_rule": "dq_rule",
    "sc_target_households": "progress_targets",
    "sort_deprivation_score": "deprivation_score",
    "sort_dimensions_failed": "dimensions_failed",
    "sort_household_id": "household_id",
    "thaiqm_helped": "helped",
    "thaiqm_in_progress": "status_in_progress",
    "vb_value": "value",
}

#: Streamlit's own interface texts, which it writes in English only (issue 20): the
#: table toolbar's tooltips, its search bar, the column menu and its number formats,
#: an empty select box. Keys are Streamlit 1.67's exact English words (read from its
#: frontend bundle); :mod:`components.streamlit_texts` swaps them in the page.
STREAMLIT_TEXTS: dict[str, str] = {
    "Show/hide columns": "แสดง/ซ่อนคอลัมน์",
    "Search": "ค้นหาในตาราง",
    "Fullscreen": "เต็มจอ",
    "Close fullscreen": "ออกจากเต็มจอ",
    "Type to search": "พิมพ์คำที่ต้องการค้นหา",
    "Previous Result": "ผลก่อนหน้า",
    "Next Result": "ผลถัดไป",
    "Close Search": "ปิดการค้นหา",
    "Sort ascending": "เรียงจากน้อยไปมาก",
    "Sort descending": "เรียงจากมากไปน้อย",
    "Format": "รูปแบบตัวเลข",
    "Autosize": "ปรับความกว้างอัตโนมัติ",
    "Pin column": "ตรึงคอลัมน์",
    "Unpin column": "เลิกตรึงคอลัมน์",
    "Hide column": "ซ่อนคอลัมน์",
    "Automatic": "อัตโนมัติ",
    "Localized": "ตามภาษา",
    "Plain": "ตัวเลขล้วน",
    "Compact": "แบบย่อ",
    "Percent": "ร้อยละ",
    "Scientific": "แบบวิทยาศาสตร์",
    "Accounting": "แบบบัญชี",
    "Choose an option": "เลือกรายการ",
    "No results": "ไม่พบรายการ",
}


def streamlit_texts(lang: str) -> dict[str, str]:
    """Return the swaps that put Streamlit's own texts in ``lang``: shown text → wanted text.

    Thai: English → Thai (:data:`STREAMLIT_TEXTS`); English: Thai → English, so a
    page switched back to English gets Streamlit's words back.

    Examples
    --------
    >>> streamlit_texts("th")["Search"]
    'ค้นหาในตาราง'
    >>> streamlit_texts("en")["ค้นหาในตาราง"]
    'Search'
    """
    if check_lang(lang) == "th":
        return dict(STREAMLIT_TEXTS)
    return {thai: english for english, thai in STREAMLIT_TEXTS.items()}


#: Prefix of an area's Thai name by level (จ. province, อ. district, ต. subdistrict).
AREA_PREFIX = {"province": "จ.", "district": "อ.", "subdistrict": "ต.", "village": ""}


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
    """Return the label ``key`` in ``lang``, formatted with ``values``.

    Parameters
    ----------
    key : str
        A key of :data:`LABELS` or of :data:`SAME_AS`.
    lang : {"th", "en"}
        "th" gives the Thai text; any other value the English one.
    **values
        Fill the text's ``{name}`` fields.

    Raises
    ------
    KeyError
        If the key is in neither :data:`LABELS` nor :data:`SAME_AS` (a missing
        label is a bug), or a
        field of the text is not given.

    Examples
    --------
    >>> label("card_holders", "en")
    'Welfare-card holders'
    >>> label("page", "th", n=2)
    'หน้า 2'
    """
    text = LABELS[SAME_AS.get(key, key)][0 if lang == "th" else 1]
    return text.format(**values) if values else text


def area_name(name_th: str, name_en: str, level: str, lang: str, with_prefix: bool = True) -> str:
    """Return an area's name: "จ.อุดรธานี" in Thai (prefix by level), "Udon Thani" in English.

    An area without an English name keeps its Thai one in English.
    """
    if lang == "en":
        return name_en or name_th
    prefix = AREA_PREFIX.get(level, "") if with_prefix else ""
    return f"{prefix}{name_th}"


def dimension_name(code: str, lang: str) -> str:
    """Return a dimension's name from :data:`poverty.indicators.DIMENSIONS`.

    Raises
    ------
    StopIteration
        For a code that is not a dimension.
    """
    dim = next(d for d in DIMENSIONS if d.code == code)
    return dim.name_th if lang == "th" else dim.name_en


def indicator_name(code: str, lang: str) -> str:
    """Return an indicator's short label from :data:`poverty.indicators.INDICATORS`.

    Raises
    ------
    StopIteration
        For a code that is not an indicator.
    """
    ind = next(i for i in INDICATORS if i.code == code)
    return ind.label_th if lang == "th" else ind.label_en


def menu_label(names: dict[str, tuple[str, str]], code: str, lang: str) -> str:
    """Return a Logbook menu entry's name (:mod:`logbook.menu`, (Thai, English)); else the code."""
    pair = names.get(code)
    return code if pair is None else pair[0 if lang == "th" else 1]


def record_error(
    key: str,
    lang: str,
    *,
    value: object = "",
    row: int | None = None,
    column: str = "",
    field: str = "",
    **values: object,
) -> str:
    """Return an invalid Logbook entry as whole sentences naming where it is.

    Parameters
    ----------
    key : str
        The rule broken (``RecordError.key`` of :mod:`logbook.records`);
        its sentence is ``lb_err_<key>`` (``lb_err_invalid`` if unknown).
    lang : {"th", "en"}
    value : object
        The value given (shown as typed).
    row, column : int, str
        Spreadsheet row (header = 1) and column of an import file; the
        sentence then starts "แถว 12 คอลัมน์ household_id: ".
    field : str
        Otherwise, the form field's label: "ช่อง “ครัวเรือน”: ".
    **values
        Further fields of the sentence (dates are shown as B.E. in Thai).

    Examples
    --------
    >>> record_error("unknown_household", "th", value="41x", row=12, column="household_id")
    'แถว 12 คอลัมน์ household_id: ไม่พบครัวเรือนรหัส 41x ในพื้นที่ของคุณ'
    """
    import datetime as dt

    from display.formats import date_label

    sentence = f"lb_err_{key}" if f"lb_err_{key}" in LABELS else "lb_err_invalid"
    shown = {
        name: date_label(v, lang) if isinstance(v, dt.date) else v for name, v in values.items()
    }
    if isinstance(value, dt.date):
        value = date_label(value, lang)
    where = (
        label("lb_err_where_row", lang, row=row, column=column)
        if row is not None
        else label("lb_err_where_field", lang, field=field)
        if field
        else ""
    )
    text = LABELS[sentence][0 if lang == "th" else 1]
    return where + text.format(value="" if value is None else value, **shown)
