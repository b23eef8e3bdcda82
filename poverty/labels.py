"""Names of the measures in Thai and English, shared by the app and the reports.

One table for the KPI names (DOMAIN.md §3 terms; Thai wording from seed 004),
so the dashboard and the PDF/XLSX reports call each figure the same.
Each value is a (Thai, English) pair.
"""

MEASURE_LABELS: dict[str, tuple[str, str]] = {
    "households": ("ครัวเรือนสำรวจ", "Households surveyed"),
    "persons": ("คนสำรวจ", "Persons surveyed"),
    "poor_households": ("ครัวเรือนตก MPI", "MPI-poor households"),
    "poor_persons": ("คนตก MPI", "MPI-poor persons"),
    "target_poor_persons": (
        "คนจนเป้าหมาย TPMAP (ตก MPI + ถือบัตรสวัสดิการ)",
        "TPMAP target poor (MPI-poor holding a welfare card)",
    ),
    "poor_persons_without_card": (
        "คนตก MPI ที่ไม่ถือบัตรสวัสดิการ",
        "MPI-poor persons not holding a welfare card",
    ),
    "headcount_ratio": ("สัดส่วนคนจน (H)", "Headcount ratio (H)"),
    "intensity": ("ความรุนแรง (A)", "Intensity (A)"),
    "adjusted_headcount_ratio": ("ดัชนี MPI (M0 = H × A)", "Adjusted headcount ratio (M0 = H × A)"),
    "stars": ("ระดับดาว (ดาวสูง = สัดส่วนคนจนน้อย)", "Star rating (more stars = fewer poor)"),
}

#: What each count means: which population, persons or households (DOMAIN.md §3-§4).
#: One definition per label, shown with the KPI cards and in the exports, so that a
#: card and an export of the same set can be reconciled. The welfare-card filter
#: selects households with / without a card holder for household counts, and persons
#: holding / not holding the card for person counts.
MEASURE_DEFINITIONS: dict[str, tuple[str, str]] = {
    "households": (
        "ครัวเรือนในพื้นที่ (ตัวกรองบัตร: ครัวเรือนที่มี / ไม่มีผู้ถือบัตรอย่างน้อย 1 คน)",
        "Households in the area (card filter: households with / without a card holder)",
    ),
    "persons": (
        "สมาชิกครัวเรือนทุกคน (ตัวกรองบัตร: บุคคลที่ถือ / ไม่ถือบัตร)",
        "All household members (card filter: persons holding / not holding the card)",
    ),
    "poor_households": (
        "ครัวเรือนที่ตกเกณฑ์ MPI (กลุ่ม 1.1 = มีผู้ถือบัตร, 1.2 = ไม่มี)",
        "Households failing the MPI (group 1.1 = with a card holder, 1.2 = without)",
    ),
    "poor_persons": (
        "สมาชิกทุกคนของครัวเรือนที่ตก MPI",
        "Every member of the MPI-poor households",
    ),
    "target_poor_persons": (
        "บุคคลที่ถือบัตรสวัสดิการแห่งรัฐ ในครัวเรือนที่ตก MPI (นับคน ไม่ใช่สมาชิกทั้งครัวเรือน)",
        "Persons holding the state welfare card in MPI-poor households (persons, not whole "
        "households)",
    ),
    "poor_persons_without_card": (
        "บุคคลที่ไม่ถือบัตร ในครัวเรือนที่ตก MPI ทุกครัวเรือน (รวมสมาชิกที่ไม่ถือบัตรในครัวเรือนกลุ่ม 1.1) "
        "= คนตก MPI − คนจนเป้าหมาย",
        "Persons not holding the card in any MPI-poor household (including non-holders in "
        "group 1.1 households) = MPI-poor persons − target poor",
    ),
}
