"""Number formats and colours of the app, in the session language (DOMAIN.md §9).

The definitions live in :mod:`display` (no Streamlit), shared with the reports
and the exports; this module adds the session's language and the markdown
escaping the app needs.
"""

from __future__ import annotations

from components.i18n import lang
from display.colours import NO_DATA_COLOUR, SEQUENTIAL_5, class_colour
from display.formats import format_int, format_ratio, format_share, stars_text

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
#: Longest user-supplied text put in markdown by default (longer text is cut with "…").
PLAIN_MAX_CHARS = 200


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
