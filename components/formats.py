"""Number formats and colours of the app, in the session language (DOMAIN.md §9).

The definitions live in :mod:`components.style` (no Streamlit), shared with the reports.
"""

from __future__ import annotations

from components.i18n import lang
from components.style import NO_DATA_COLOUR, SEQUENTIAL_5, format_int, format_ratio, format_share
from poverty.targets import COLOUR_RGB

__all__ = [
    "NO_DATA_COLOUR",
    "SEQUENTIAL_5",
    "class_colour",
    "fmt_int",
    "fmt_ratio",
    "fmt_share",
    "stars_text",
]

fmt_int = format_int
fmt_ratio = format_ratio


def fmt_share(value: float, decimals: int = 2) -> str:
    """Return a share 0-1 as a percentage: "ร้อยละ 17.12" in Thai, "17.12%" in English."""
    return format_share(value, lang(), decimals)


def stars_text(stars: int) -> str:
    """Return a star rating as ★ and ☆ characters (5 in all)."""
    return "★" * stars + "☆" * (5 - stars)


def class_colour(colour_class: str) -> tuple[int, int, int]:
    """Return the RGB colour of a dimensions-failed class (seed 002)."""
    return COLOUR_RGB[colour_class]
