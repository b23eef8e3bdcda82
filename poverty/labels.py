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
        "คนจนเป้าหมาย TPMAP (ตก MPI + มีบัตรสวัสดิการ)",
        "TPMAP target poor (MPI-poor with welfare card)",
    ),
    "poor_persons_without_card": ("คนตก MPI ไม่มีบัตรสวัสดิการ", "MPI-poor without welfare card"),
    "headcount_ratio": ("สัดส่วนคนจน (H)", "Headcount ratio (H)"),
    "intensity": ("ความรุนแรง (A)", "Intensity (A)"),
    "adjusted_headcount_ratio": ("ดัชนี MPI (M0 = H × A)", "Adjusted headcount ratio (M0 = H × A)"),
    "stars": ("ระดับดาว (ดาวสูง = สัดส่วนคนจนน้อย)", "Star rating (more stars = fewer poor)"),
}
