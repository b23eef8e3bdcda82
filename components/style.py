"""Colours, map classes and number formats, without Streamlit.

The one place for the choropleth palette, its Fisher-Jenks classes and the
number formats (DOMAIN.md §9). The app (``components.formats``,
``components.maps``) and the reports (``reports/``) import them from here, so
a map or a figure looks the same in both. No Streamlit import, so the
command line can use it.
"""

from __future__ import annotations

import datetime as dt
import warnings

import mapclassify
import numpy as np
import pandas as pd

#: ColorBrewer YlOrRd, 5 classes: sequential and colour-blind safe.
SEQUENTIAL_5 = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
NO_DATA_COLOUR = "#d9d9d9"


def classify(values: pd.Series, classes: int = 5) -> tuple[np.ndarray, list[float]]:
    """Return each value's class (0 … n-1) and the upper bounds, by Fisher-Jenks natural breaks.

    Parameters
    ----------
    values : Series of float, shape (n,)
        The measure per area; NaN allowed.
    classes : int
        Wanted number of classes (fewer when there are fewer distinct values).

    Returns
    -------
    classes : ndarray of int, shape (n,)
        Class of each value; NaN gets -1. A value equal to a bound is in
        that bound's class.
    bounds : list of float
        Upper bound of each class (mapclassify ``bins``).
    """
    finite = values.dropna()
    if finite.empty:
        return np.full(len(values), -1), []
    k = int(min(classes, finite.nunique()))
    if k < 2:
        return np.where(values.notna(), 0, -1), [float(finite.max())]
    with warnings.catch_warnings():  # "Numba not installed": pure Python is fast for < 1,000 areas
        warnings.simplefilter("ignore", UserWarning)
        scheme = mapclassify.FisherJenks(finite.to_numpy(dtype=float), k=k)
    out = np.full(len(values), -1)
    out[values.notna().to_numpy()] = scheme.yb
    return out, [float(b) for b in scheme.bins]


def spread_palette(n: int) -> list[str]:
    """Return n colours spread over :data:`SEQUENTIAL_5` (one class gets the middle colour)."""
    if n <= 0:
        return []
    idx = np.linspace(0, len(SEQUENTIAL_5) - 1, n).round().astype(int) if n > 1 else [2]
    return [SEQUENTIAL_5[i] for i in idx]


def format_int(value: float | int) -> str:
    """Return an integer with thousands separators (12,345)."""
    return f"{int(round(value)):,}"


def format_share(value: float, lang: str, decimals: int = 2) -> str:
    """Return a share 0-1 as a percentage: "ร้อยละ 17.12" (``lang="th"``) or "17.12%"."""
    number = f"{value * 100:,.{decimals}f}"
    return f"ร้อยละ {number}" if lang == "th" else f"{number}%"


def format_ratio(value: float) -> str:
    """Return an index such as A or M0 with 4 decimals."""
    return f"{value:.4f}"


#: Thai month abbreviations, January first (as in official letters: "ต.ค.").
THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip


def month_label(month: pd.Timestamp, lang: str) -> str:
    """Return a month as "ต.ค. 2569" in Thai, "Oct 2026" otherwise.

    Thai months are in the Buddhist Era (B.E. = C.E. + 543, DOMAIN.md §9).

    Parameters
    ----------
    month : Timestamp or datetime
        Any day of the month (only year and month are used).
    lang : {"th", "en"}
        Any value but "th" gives the English form.
    """
    if lang == "th":
        return f"{THAI_MONTHS_SHORT[month.month - 1]} {month.year + 543}"
    return month.strftime("%b %Y")


#: Asia/Bangkok: UTC+7 all year (no daylight saving).
BANGKOK = dt.timezone(dt.timedelta(hours=7), "Asia/Bangkok")


def bangkok_time(when: dt.datetime | str, lang: str) -> str:
    """Return a moment in Bangkok time: "30 พ.ย. 2569 14:05 น." (Thai) or "30 Nov 2026 14:05".

    Parameters
    ----------
    when : datetime or ISO 8601 text
        An aware moment (naive values are taken as UTC).
    lang : {"th", "en"}
        Thai gives the Buddhist-Era year (C.E. + 543, DOMAIN.md §9).
    """
    moment = dt.datetime.fromisoformat(when) if isinstance(when, str) else when
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(BANGKOK)
    if lang == "th":
        return (
            f"{local.day} {THAI_MONTHS_SHORT[local.month - 1]} {local.year + 543} {local:%H:%M} น."
        )
    return local.strftime("%-d %b %Y %H:%M")


def date_label(day: dt.date | str | None, lang: str) -> str:
    """Return a date as "27 มี.ค. 2569" (Thai, Buddhist Era) or "27 Mar 2026"; "" when missing.

    Parameters
    ----------
    day : date, datetime, ISO 8601 text or None
    lang : {"th", "en"}
    """
    if day is None or (not isinstance(day, str) and pd.isna(day)) or day == "":
        return ""
    value = dt.date.fromisoformat(day[:10]) if isinstance(day, str) else day
    if lang == "th":
        return f"{value.day} {THAI_MONTHS_SHORT[value.month - 1]} {value.year + 543}"
    return value.strftime("%-d %b %Y")
