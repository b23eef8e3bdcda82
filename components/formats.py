"""Number formats and colours: the one place for each (DOMAIN.md §9)."""

from __future__ import annotations

from components.i18n import lang
from poverty.targets import COLOUR_RGB

#: ColorBrewer YlOrRd, 5 classes: sequential and colour-blind safe.
SEQUENTIAL_5 = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
NO_DATA_COLOUR = "#d9d9d9"


def fmt_int(value: float | int) -> str:
    """Return an integer with thousands separators (12,345)."""
    return f"{int(round(value)):,}"


def fmt_share(value: float, decimals: int = 2) -> str:
    """Return a share 0-1 as a percentage: "ร้อยละ 17.12" in Thai, "17.12%" in English."""
    number = f"{value * 100:,.{decimals}f}"
    return f"ร้อยละ {number}" if lang() == "th" else f"{number}%"


def fmt_ratio(value: float) -> str:
    """Return an index such as A or M0 with 4 decimals."""
    return f"{value:.4f}"


def stars_text(stars: int) -> str:
    """Return a star rating as ★ and ☆ characters (5 in all)."""
    return "★" * stars + "☆" * (5 - stars)


def class_colour(colour_class: str) -> tuple[int, int, int]:
    """Return the RGB colour of a dimensions-failed class (seed 002)."""
    return COLOUR_RGB[colour_class]
