"""Number, share, ratio, date, month and time formats in Thai and English.

The one place for them (DOMAIN.md §9): Thai dates are in the Buddhist Era
(B.E. = C.E. + 543), times in Asia/Bangkok (UTC+7, no daylight saving),
shares as "ร้อยละ 17.12" in Thai and "17.12%" in English, indices such as
M0 with 4 decimals. The app, the reports and the exports use them. No
Streamlit import.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

#: Years added to the Common Era to give the Buddhist Era (DOMAIN.md §9).
BE_OFFSET = 543

#: Thai month abbreviations, January first (as in official letters: "ต.ค.").
THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip

#: Thai month names in full, January first (report title pages).
THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip

#: Asia/Bangkok: UTC+7 all year (no daylight saving).
BANGKOK = dt.timezone(dt.timedelta(hours=7), "Asia/Bangkok")


def format_int(value: float | int) -> str:
    """Return a number rounded to an integer with thousands separators.

    Examples
    --------
    >>> format_int(1234567.4)
    '1,234,567'
    """
    return f"{int(round(value)):,}"


def format_share(value: float, lang: str, decimals: int = 2) -> str:
    """Return a share 0-1 as a percentage: "ร้อยละ 17.12" (``lang="th"``) or "17.12%".

    Examples
    --------
    >>> format_share(0.17123, "th")
    'ร้อยละ 17.12'
    >>> format_share(0.17123, "en")
    '17.12%'
    """
    number = f"{value * 100:,.{decimals}f}"
    return f"ร้อยละ {number}" if lang == "th" else f"{number}%"


def format_ratio(value: float) -> str:
    """Return an index such as A or M0 with 4 decimals ("0.0533")."""
    return f"{value:.4f}"


def month_label(month: pd.Timestamp | dt.date, lang: str) -> str:
    """Return a month as "ต.ค. 2569" in Thai (Buddhist Era), "Oct 2026" otherwise.

    Parameters
    ----------
    month : Timestamp, datetime or date
        Any day of the month (only year and month are used).
    lang : {"th", "en"}
        Any value but "th" gives the English form.
    """
    if lang == "th":
        return f"{THAI_MONTHS_SHORT[month.month - 1]} {month.year + BE_OFFSET}"
    return month.strftime("%b %Y")


def to_bangkok(when: dt.datetime | str) -> dt.datetime:
    """Return a moment in Asia/Bangkok time; naive values and ISO text without offset are UTC.

    Raises
    ------
    ValueError
        For text that is not ISO 8601.
    """
    moment = dt.datetime.fromisoformat(when) if isinstance(when, str) else when
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(BANGKOK)


def bangkok_time(when: dt.datetime | str, lang: str) -> str:
    """Return a moment in Bangkok time: "30 พ.ย. 2569 14:05 น." (Thai) or "30 Nov 2026 14:05".

    Parameters
    ----------
    when : datetime or ISO 8601 text
        An aware moment (naive values are taken as UTC).
    lang : {"th", "en"}
        Thai gives the Buddhist-Era year (C.E. + 543, DOMAIN.md §9).
    """
    local = to_bangkok(when)
    if lang == "th":
        return f"{date_label(local, 'th')} {local:%H:%M} น."
    return local.strftime("%-d %b %Y %H:%M")


def date_label(day: dt.date | str | None, lang: str) -> str:
    """Return a date as "27 มี.ค. 2569" (Thai, Buddhist Era) or "27 Mar 2026"; "" when missing.

    Parameters
    ----------
    day : date, datetime, ISO 8601 text or None
        Only the calendar day is used (no time-zone change).
    lang : {"th", "en"}
    """
    if day is None or (not isinstance(day, str) and pd.isna(day)) or day == "":
        return ""
    value = dt.date.fromisoformat(day[:10]) if isinstance(day, str) else day
    if lang == "th":
        return f"{value.day} {THAI_MONTHS_SHORT[value.month - 1]} {value.year + BE_OFFSET}"
    return value.strftime("%-d %b %Y")


def thai_date(moment: dt.date) -> str:
    """Return a date in full Thai style, Buddhist Era: "25 พฤศจิกายน 2569"."""
    return f"{moment.day} {THAI_MONTHS[moment.month - 1]} {moment.year + BE_OFFSET}"


def date_text(moment: dt.date, lang: str) -> str:
    """Return a date as officials read it: "25 พฤศจิกายน 2569" in Thai, "2026-11-25" in English."""
    return thai_date(moment) if lang == "th" else moment.strftime("%Y-%m-%d")


def numeric_date_be(moment: dt.date) -> str:
    """Return a date as day/month/B.E. year without padding: "25/11/2569"."""
    return f"{moment.day}/{moment.month}/{moment.year + BE_OFFSET}"


def stamp_bilingual(when: dt.datetime) -> str:
    """Return a moment as "30 พ.ย. 2569 14:05 น. (2026-11-30T07:05:00Z)": Bangkok time, then UTC.

    The form the exports' cover sheet shows (an official reads the first, a
    log the second).
    """
    utc = to_bangkok(when).astimezone(dt.UTC)
    return f"{bangkok_time(when, 'th')} ({utc:%Y-%m-%dT%H:%M:%SZ})"


def stars_text(stars: int) -> str:
    """Return a star rating as ★ and ☆ characters (5 in all): 3 -> "★★★☆☆"."""
    return "★" * stars + "☆" * (5 - stars)
