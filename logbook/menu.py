"""The poverty-solving menu (เมนูแก้จน): kinds of help, and the agencies that give it.

Each kind of help addresses one MPI dimension (DOMAIN.md §2); the list
follows the measures the pilot provinces' operations teams use (seed 004:
health care and nutrition, house repair and water, scholarships and literacy,
job training and placement, production inputs, allowances and care for the
elderly and disabled). Agencies are the ministries and local bodies of the
poverty-solving centres (ศจพ., DOMAIN.md §6). Labels are (Thai, English).
"""

from __future__ import annotations

#: Help kind code -> (dimension, Thai label, English label).
HELP_KINDS: dict[str, tuple[str, str, str]] = {
    "health_care": ("health", "ตรวจสุขภาพ/ส่งต่อการรักษา", "Health check-up / referral"),
    "nutrition": ("health", "อาหารเสริมและโภชนาการ", "Food supplements and nutrition"),
    "house_repair": ("living", "ซ่อมแซม/สร้างบ้าน", "House repair or building"),
    "clean_water": ("living", "น้ำดื่มสะอาด/ถังเก็บน้ำ", "Clean drinking water / water tank"),
    "scholarship": ("education", "ทุนการศึกษา", "Scholarship"),
    "literacy": ("education", "ส่งเสริมการอ่านเขียน", "Literacy classes"),
    "job_training": ("income", "ฝึกอาชีพ", "Vocational training"),
    "job_placement": ("income", "จัดหางาน", "Job placement"),
    "production_inputs": ("income", "ปัจจัยการผลิต/เงินทุน", "Production inputs / start-up funds"),
    "elderly_care": ("access", "ดูแลผู้สูงอายุ/เบี้ยยังชีพ", "Elderly care / allowance"),
    "disability_care": ("access", "ดูแลผู้พิการ/เบี้ยความพิการ", "Disability care / allowance"),
    # Kinds of help the FY2566 guideline names beside the 17 indicators (seed 004: the
    # problems ThaiQM records, the vulnerable-household project of พม., NEETs, debt).
    "health_promotion": ("health", "ส่งเสริมสุขภาพ/ออกกำลังกาย", "Health promotion / exercise"),
    "bedridden_care": (
        "health",
        "ดูแลผู้ป่วยติดเตียง/ผู้ป่วยเรื้อรัง",
        "Care for bedridden and chronically ill people",
    ),
    "hospital_transport": (
        "health",
        "รับ-ส่งไปรับบริการที่โรงพยาบาล",
        "Transport to hospital services",
    ),
    "land_title": ("living", "เอกสารสิทธิ์ที่ดินทำกิน/ที่อยู่อาศัย", "Land title for farming or housing"),
    "back_to_school": (
        "education",
        "ส่งกลับเข้าระบบการศึกษา/เรียนต่อ",
        "Back to school or further study",
    ),
    "debt_relief": ("income", "แก้ไขหนี้ครัวเรือน/หนี้นอกระบบ", "Household and informal debt relief"),
    "vulnerable_household": (
        "access",
        "พัฒนาคุณภาพชีวิตกลุ่มเปราะบางรายครัวเรือน",
        "Quality of life of vulnerable households",
    ),
}

#: Agency code -> (Thai name, English name).
AGENCIES: dict[str, tuple[str, str]] = {
    "msdhs": ("กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์", "Social Development and Human Security"),
    "moph": ("กระทรวงสาธารณสุข", "Public Health"),
    "moe": ("กระทรวงศึกษาธิการ", "Education"),
    "mol": ("กระทรวงแรงงาน", "Labour"),
    "moac": ("กระทรวงเกษตรและสหกรณ์", "Agriculture and Cooperatives"),
    "cdd": ("กรมการพัฒนาชุมชน", "Community Development Department"),
    "lao": ("องค์กรปกครองส่วนท้องถิ่น", "Local administrative organisation"),
    "private": ("ภาคเอกชน/ประชาสังคม", "Private sector / civil society"),
    # Departments the guideline's menu names as responsible (seed 004, issue 17).
    "doe": ("กรมการจัดหางาน", "Department of Employment"),
    "dsd": ("กรมพัฒนาฝีมือแรงงาน", "Department of Skill Development"),
    "dop": ("กรมกิจการผู้สูงอายุ", "Department of Older Persons"),
    "dep": (
        "กรมส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการ",
        "Department of Empowerment of Persons with Disabilities",
    ),
    "codi": ("สถาบันพัฒนาองค์กรชุมชน (พอช.)", "Community Organizations Development Institute"),
    "nfe": ("สำนักงาน กศน.", "Office of Non-Formal and Informal Education"),
    "eef": ("กองทุนเพื่อความเสมอภาคทางการศึกษา (กสศ.)", "Equitable Education Fund"),
    "moi": ("กระทรวงมหาดไทย", "Interior"),
    "thpf": ("สำนักงานกองทุนสนับสนุนการสร้างเสริมสุขภาพ (สสส.)", "Thai Health Promotion Foundation"),
}

#: The guideline's menu (seed 004: เมนูแก้จน, kinds of help by dimension and the
#: agencies responsible): help kind -> agencies that give it, the one
#: responsible first. Read by the suggestion rules (:mod:`logbook.suggest`).
RESPONSIBLE: dict[str, tuple[str, ...]] = {
    "health_care": ("moph", "lao"),
    "nutrition": ("moph", "lao", "msdhs"),
    "house_repair": ("msdhs", "codi", "lao", "private"),
    "clean_water": ("lao", "moac"),
    "scholarship": ("eef", "moe", "private"),
    "literacy": ("nfe", "moe", "cdd"),
    "job_training": ("dsd", "mol", "cdd"),
    "job_placement": ("doe", "mol"),
    "production_inputs": ("cdd", "moac", "lao"),
    "elderly_care": ("dop", "msdhs", "lao"),
    "disability_care": ("dep", "msdhs", "lao"),
    "health_promotion": ("thpf", "moph", "lao"),
    "bedridden_care": ("moph", "lao", "msdhs"),
    "hospital_transport": ("lao", "moph"),
    "land_title": ("moi", "lao"),
    "back_to_school": ("eef", "moe", "nfe"),
    "debt_relief": ("moi", "moac", "cdd"),
    "vulnerable_household": ("msdhs", "lao"),
}

#: Agency -> words its offices use in their names (provincial and district
#: offices, hospitals, local bodies), to find the agency among the funded
#: projects and partner lists of the Area potential data, whose agency is
#: free text (potential.schema: projects.agency, centres.agencies).
AGENCY_UNITS: dict[str, tuple[str, ...]] = {
    "msdhs": ("พัฒนาสังคมและความมั่นคงของมนุษย์", "อพม."),
    "moph": ("สาธารณสุข", "โรงพยาบาล", "รพ.สต.", "อสม."),
    "moe": ("ศึกษาธิการ", "เขตพื้นที่การศึกษา"),
    "mol": ("แรงงาน",),
    "moac": ("เกษตร", "ธ.ก.ส."),
    "cdd": ("พัฒนาชุมชน", "พัฒนากร"),
    "lao": ("องค์กรปกครองส่วนท้องถิ่น", "องค์การบริหารส่วน", "เทศบาล"),
    "private": ("เอกชน", "ประชาสังคม", "มหาวิทยาลัย"),
    "doe": ("จัดหางาน",),
    "dsd": ("พัฒนาฝีมือแรงงาน",),
    "dop": ("ผู้สูงอายุ",),
    "dep": ("คนพิการ",),
    "codi": ("สถาบันพัฒนาองค์กรชุมชน", "พอช."),
    "nfe": ("กศน.",),
    "eef": ("กองทุนเพื่อความเสมอภาคทางการศึกษา", "กสศ."),
    "moi": ("มหาดไทย", "ที่ทำการปกครอง", "กรมที่ดิน", "สำนักงานที่ดิน"),
    "thpf": ("สร้างเสริมสุขภาพ", "สสส."),
}

#: Development stage code -> (Thai, English) (DOMAIN.md §5).
STAGE_LABELS: dict[str, tuple[str, str]] = {
    "survival": ("อยู่รอด", "Survival"),
    "sufficiency": ("พอเพียง", "Sufficiency"),
    "sustainability": ("ยั่งยืน", "Sustainability"),
}

#: Welfare-subsidy request step -> (Thai, English) (DOMAIN.md §5, seed 001).
SUBSIDY_STEP_LABELS: dict[int, tuple[str, str]] = {
    1: ("รับคำร้อง", "Request received"),
    2: ("ตรวจสอบข้อเท็จจริง", "Facts checked"),
    3: ("เตรียมเสนอคณะกรรมการ One Home", "Prepared for the One Home committee"),
    4: ("คณะกรรมการพิจารณา", "Committee decision"),
    5: ("อนุมัติ", "Approved"),
}
