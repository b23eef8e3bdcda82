"""The 17 BMN (จปฐ.) MPI indicators in 5 dimensions: the only table of them.

Source: DOMAIN.md §2 (TPMAP's MPI, BMN 2560-2564 questionnaire items); Thai
labels from seed 004. Each dimension weighs 1/5, shared equally among its
indicators, so indicator weights are 1/20 (health, living, education),
1/15 (income) and 1/10 (access); they sum to 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd


@dataclass(frozen=True)
class Dimension:
    """One MPI dimension: code, Thai and English names."""

    code: str
    name_th: str
    name_en: str


@dataclass(frozen=True)
class Indicator:
    """One MPI indicator.

    Attributes
    ----------
    code : str
        Column name in household data (``True`` = deprived).
    dimension : str
        Code of its dimension.
    bmn_item : int
        Item number in the BMN 2560-2564 questionnaire (DOMAIN.md §2).
    label_th, label_en : str
        Short labels. criterion_th, criterion_en : the criterion the household
        must meet.
    """

    code: str
    dimension: str
    bmn_item: int
    label_th: str
    label_en: str
    criterion_th: str
    criterion_en: str


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("health", "สุขภาพ", "Health"),
    Dimension("living", "ความเป็นอยู่", "Living conditions"),
    Dimension("education", "การศึกษา", "Education"),
    Dimension("income", "รายได้", "Income"),
    Dimension("access", "การเข้าถึงบริการรัฐ", "Access to public services"),
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "health_birth_weight",
        "health",
        1,
        "น้ำหนักเด็กแรกเกิด",
        "Birth weight",
        "เด็กแรกเกิดมีน้ำหนัก 2,500 กรัมขึ้นไป",
        "Newborns weigh at least 2,500 g",
    ),
    Indicator(
        "health_food_hygiene",
        "health",
        4,
        "กินอาหารถูกสุขลักษณะ",
        "Food hygiene",
        "ครัวเรือนกินอาหารถูกสุขลักษณะ ปลอดภัย",
        "Eats hygienic, safe food",
    ),
    Indicator(
        "health_medicine_use",
        "health",
        5,
        "ใช้ยาเพื่อบำบัด",
        "Proper medicine use",
        "ครัวเรือนใช้ยาเพื่อบำบัดบรรเทาอาการเจ็บป่วยเบื้องต้นอย่างเหมาะสม",
        "Uses medicine properly for basic illness",
    ),
    Indicator(
        "health_exercise",
        "health",
        7,
        "การออกกำลังกาย",
        "Exercise",
        "คนอายุ 6 ปีขึ้นไป ออกกำลังกายอย่างน้อยสัปดาห์ละ 3 วัน วันละ 30 นาที",
        "Members aged 6+ exercise at least 3 days a week, 30 minutes",
    ),
    Indicator(
        "living_secure_housing",
        "living",
        8,
        "บ้านมั่นคง",
        "Secure housing",
        "ครัวเรือนมีความมั่นคงในที่อยู่อาศัย และบ้านมีสภาพคงทนถาวร",
        "Secure tenure and a durable house",
    ),
    Indicator(
        "living_drinking_water",
        "living",
        9,
        "ครัวเรือนมีน้ำสะอาด",
        "Clean drinking water",
        "ครัวเรือนมีน้ำสะอาดสำหรับดื่มและบริโภคเพียงพอตลอดปี อย่างน้อยคนละ 5 ลิตรต่อวัน",
        "Clean drinking water, at least 5 L/person/day all year",
    ),
    Indicator(
        "living_water_supply",
        "living",
        10,
        "ครัวเรือนมีน้ำใช้เพียงพอ",
        "Enough water for use",
        "ครัวเรือนมีน้ำใช้เพียงพอตลอดปี อย่างน้อยคนละ 45 ลิตรต่อวัน",
        "Water for use, at least 45 L/person/day all year",
    ),
    Indicator(
        "living_tidy_home",
        "living",
        11,
        "บ้านเรือนเป็นระเบียบเรียบร้อย",
        "Tidy home",
        "ครัวเรือนจัดบ้านเรือนเป็นระเบียบเรียบร้อย สะอาด และถูกสุขลักษณะ",
        "Tidy, clean and hygienic home",
    ),
    Indicator(
        "edu_preschool",
        "education",
        15,
        "เด็กก่อนวัยเรียนได้รับการดูแล",
        "Pre-school care",
        "เด็กอายุ 3-5 ปี ได้รับบริการเลี้ยงดูเตรียมความพร้อมก่อนวัยเรียน",
        "Children aged 3-5 get pre-school care",
    ),
    Indicator(
        "edu_compulsory",
        "education",
        16,
        "เด็กได้รับการศึกษาครบถ้วน",
        "Compulsory schooling",
        "เด็กอายุ 6-14 ปี ได้รับการศึกษาภาคบังคับ 9 ปี",
        "Children aged 6-14 get 9 years of compulsory schooling",
    ),
    Indicator(
        "edu_continue_m4",
        "education",
        17,
        "เด็กจบ ม.3 ได้เรียนต่อ ม.4",
        "Continue to M.4",
        "เด็กจบชั้น ม.3 ได้เรียนต่อชั้น ม.4 หรือเทียบเท่า",
        "Children finishing M.3 continue to M.4 or equivalent",
    ),
    Indicator(
        "edu_literacy",
        "education",
        19,
        "ผู้ใหญ่อ่านออกเขียนได้",
        "Adult literacy",
        "คนอายุ 15-59 ปี อ่าน เขียนภาษาไทย และคิดเลขอย่างง่ายได้",
        "People aged 15-59 read, write Thai and do simple arithmetic",
    ),
    Indicator(
        "income_working_age_job",
        "income",
        20,
        "คนอายุ 15-59 ปีมีอาชีพมีรายได้",
        "Working-age occupation",
        "คนอายุ 15-59 ปี มีอาชีพและมีรายได้",
        "People aged 15-59 have an occupation and income",
    ),
    Indicator(
        "income_elderly_job",
        "income",
        21,
        "คนอายุ 60 ปีขึ้นไปมีอาชีพมีรายได้",
        "Elderly occupation",
        "คนอายุ 60 ปีขึ้นไป มีอาชีพและมีรายได้",
        "People aged 60+ have an occupation and income",
    ),
    Indicator(
        "income_per_capita",
        "income",
        22,
        "รายได้เฉลี่ยต่อคนต่อปีเกินเกณฑ์",
        "Income per capita",
        "คนในครัวเรือนมีรายได้เฉลี่ยไม่ต่ำกว่า 38,000 บาทต่อคนต่อปี",
        "Average income at least 38,000 baht/person/year",
    ),
    Indicator(
        "access_elderly_care",
        "access",
        27,
        "ผู้สูงอายุได้รับการดูแล",
        "Elderly care",
        "ผู้สูงอายุได้รับการดูแลจากครอบครัว ชุมชน ภาครัฐ หรือภาคเอกชน",
        "Elderly are cared for by family, community, state or private sector",
    ),
    Indicator(
        "access_disabled_care",
        "access",
        28,
        "ผู้พิการได้รับการดูแล",
        "Disabled care",
        "คนพิการได้รับการดูแลจากครอบครัว ชุมชน ภาครัฐ หรือภาคเอกชน",
        "People with disabilities are cared for likewise",
    ),
)

INDICATOR_CODES: tuple[str, ...] = tuple(i.code for i in INDICATORS)
DIMENSION_CODES: tuple[str, ...] = tuple(d.code for d in DIMENSIONS)


def weights(dimensions: tuple[str, ...] | None = None) -> dict[str, Fraction]:
    """Return indicator weights as exact fractions, keyed by indicator code.

    Parameters
    ----------
    dimensions : tuple of str, optional
        Dimensions that count (TPMAP lets users choose). Each selected
        dimension weighs 1 / len(dimensions), shared equally among its
        indicators; indicators of other dimensions weigh 0. Default: all 5, so
        weights are 1/20, 1/15 or 1/10 (DOMAIN.md §2).

    Raises
    ------
    ValueError
        If no dimension is given or a code is unknown.

    Examples
    --------
    >>> from poverty.indicators import weights
    >>> w = weights()
    >>> w["health_birth_weight"], w["income_per_capita"], w["access_elderly_care"]
    (Fraction(1, 20), Fraction(1, 15), Fraction(1, 10))
    >>> sum(w.values())
    Fraction(1, 1)

    Two dimensions of four and three indicators: 1/2 ÷ 4 and 1/2 ÷ 3.

    >>> w = weights(("health", "income"))
    >>> w["health_birth_weight"], w["income_per_capita"], w["access_elderly_care"]
    (Fraction(1, 8), Fraction(1, 6), Fraction(0, 1))
    """
    selected = DIMENSION_CODES if dimensions is None else tuple(dimensions)
    unknown = sorted(set(selected) - set(DIMENSION_CODES))
    if unknown:
        raise ValueError(f"unknown dimension code(s) {unknown}; known: {list(DIMENSION_CODES)}")
    if not selected:
        raise ValueError("at least one dimension must count")
    out: dict[str, Fraction] = {}
    for dim in DIMENSION_CODES:
        members = [i.code for i in INDICATORS if i.dimension == dim]
        for code in members:
            out[code] = (
                Fraction(1, len(set(selected)) * len(members)) if dim in selected else Fraction(0)
            )
    return out


def indicator_table() -> pd.DataFrame:
    """Return the indicator table as a DataFrame (17 rows).

    Columns: code, dimension, bmn_item, label_th, label_en, criterion_th,
    criterion_en, weight (float, default 5-dimension weights), bit (0-16, the
    indicator's bit in the stored deprivation mask).

    Examples
    --------
    >>> from poverty.indicators import indicator_table
    >>> table = indicator_table()
    >>> table.shape
    (17, 9)
    >>> table.loc[table.code == "access_elderly_care", ["dimension", "weight", "bit"]].to_dict(
    ...     "records"
    ... )
    [{'dimension': 'access', 'weight': 0.1, 'bit': 15}]
    """
    w = weights()
    rows = [dict(i.__dict__, weight=float(w[i.code]), bit=n) for n, i in enumerate(INDICATORS)]
    return pd.DataFrame(rows)


def indicators_of(dimension: str) -> tuple[str, ...]:
    """Return the indicator codes of one dimension, in table order.

    Examples
    --------
    >>> from poverty.indicators import indicators_of
    >>> indicators_of("income")
    ('income_working_age_job', 'income_elderly_job', 'income_per_capita')
    """
    return tuple(i.code for i in INDICATORS if i.dimension == dimension)


class UnknownCodeError(ValueError):
    """Dimension or indicator codes that are not in the indicator table.

    Attributes
    ----------
    kind : {"dimension", "indicator"}
        What the codes were meant to name.
    unknown : list of str
        The codes not found, sorted.
    """

    def __init__(self, kind: str, unknown: list[str], known: tuple[str, ...]) -> None:
        super().__init__(f"unknown {kind}(s) {unknown}; known: {', '.join(known)}")
        self.kind = kind
        self.unknown = unknown


def checked_codes(values: Iterable[str], kind: str) -> tuple[str, ...]:
    """Return dimension or indicator codes checked and in table order, repeats dropped.

    The one check of user-given codes (the household search, the data
    service's options); the codes and their order are those of
    :data:`DIMENSION_CODES` and :data:`INDICATOR_CODES`.

    Parameters
    ----------
    values : iterable of str
        Codes as given (any order, repeats allowed).
    kind : {"dimension", "indicator"}
        Which table the codes belong to.

    Returns
    -------
    tuple of str
        The codes in table order.

    Raises
    ------
    UnknownCodeError
        If a code is not in the table; the message names the unknown codes
        and lists the known ones.

    Examples
    --------
    >>> from poverty.indicators import checked_codes
    >>> checked_codes(["income", "health", "income"], "dimension")
    ('health', 'income')
    >>> try:
    ...     checked_codes(["wealth"], "dimension")
    ... except UnknownCodeError as exc:
    ...     print(exc.unknown, str(exc)[:39])
    ['wealth'] unknown dimension(s) ['wealth']; known:
    """
    known = {"dimension": DIMENSION_CODES, "indicator": INDICATOR_CODES}[kind]
    given = set(values)
    unknown = sorted(map(str, given - set(known)))
    if unknown:
        raise UnknownCodeError(kind, unknown, known)
    return tuple(code for code in known if code in given)
