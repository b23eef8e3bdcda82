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
    "plain",
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


#: Characters that mean something in Streamlit markdown (CommonMark, GFM, LaTeX, directives).
_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|:~$=&\"'")
#: Longest user-supplied text shown in a message (longer text is cut with "…").
PLAIN_MAX_CHARS = 80


def plain(text: object, max_chars: int = PLAIN_MAX_CHARS) -> str:
    r"""Return user-supplied text safe to put inside markdown: shown as typed, never as markup.

    Every markdown-special ASCII character gets a backslash, so a link, an
    image (which would make the browser fetch another host), an icon or a
    colour directive shows as plain text (issue 11). Line breaks become
    spaces and the text is cut to ``max_chars``.

    Examples
    --------
    >>> plain("[x](http://evil)")
    '\\[x\\]\\(http\\://evil\\)'
    """
    value = " ".join(str(text).split())
    if len(value) > max_chars:
        value = value[: max_chars - 1] + "…"
    return "".join(f"\\{ch}" if ch in _MARKDOWN_SPECIAL else ch for ch in value)


def stars_text(stars: int) -> str:
    """Return a star rating as ★ and ☆ characters (5 in all)."""
    return "★" * stars + "☆" * (5 - stars)


def class_colour(colour_class: str) -> tuple[int, int, int]:
    """Return the RGB colour of a dimensions-failed class (seed 002)."""
    return COLOUR_RGB[colour_class]
