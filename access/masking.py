"""Masking of personal data: national ID numbers and names (DOMAIN.md §8, PDPA).

A user without the personal-data right sees a national ID as
``1-2345-xxxxx-xx-3`` (the first five digits and the check digit, in the
usual 1-4-5-2-1 grouping) and a name as its title and initials
(``"นายสมชาย ใจดี"`` → ``"นาย ส. จ."``). These are the masks; what is
masked for whom is decided in one place, :mod:`access.personal`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

#: Thai and English titles, longest first so "นางสาว" wins over "นาง".
TITLES = (
    "เด็กหญิง", "เด็กชาย", "นางสาว", "ด.ญ.", "ด.ช.", "น.ส.", "นาง", "นาย",
    "Mrs.", "Miss", "Mr.", "Ms.",
)  # fmt: skip
#: Thai vowels written before their consonant: an initial is the consonant after them.
LEADING_VOWELS = frozenset("เแโใไ")
#: What a malformed or missing ID number becomes.
MASKED_UNKNOWN_ID = "x-xxxx-xxxxx-xx-x"


def mask_national_id(national_id: str | None) -> str:
    """Return a 13-digit Thai national ID masked as ``1-2345-xxxxx-xx-3``.

    Parameters
    ----------
    national_id : str or None
        13 digits, with or without dashes or spaces.

    Returns
    -------
    str
        First digit, next four, ``xxxxx-xx`` and the check digit; anything
        that is not 13 digits (or None) gives ``x-xxxx-xxxxx-xx-x``, so no
        digit of a malformed value leaks.

    Examples
    --------
    >>> mask_national_id("1234567890123")
    '1-2345-xxxxx-xx-3'
    """
    if national_id is None or (isinstance(national_id, float) and pd.isna(national_id)):
        return MASKED_UNKNOWN_ID
    digits = "".join(ch for ch in str(national_id) if not ch.isspace() and ch != "-")
    if len(digits) != 13 or not digits.isdigit():
        return MASKED_UNKNOWN_ID
    return f"{digits[0]}-{digits[1:5]}-xxxxx-xx-{digits[12]}"


def format_national_id(national_id: str | None) -> str:
    """Return a full national ID in the 1-2345-67890-12-3 grouping (for users with the right)."""
    if national_id is None or (isinstance(national_id, float) and pd.isna(national_id)):
        return ""
    d = str(national_id)
    if len(d) != 13 or not d.isdigit():
        return d
    return f"{d[0]}-{d[1:5]}-{d[5:10]}-{d[10:12]}-{d[12]}"


def split_title(name: str) -> tuple[str, str]:
    """Return (title, rest) of a name; the title is "" when none is known.

    Titles are written joined to the first name in Thai ("นายสมชาย ใจดี").
    """
    text = " ".join(str(name).split())
    for title in TITLES:
        if text.startswith(title):
            return title, text[len(title) :].strip()
    return "", text


def initial(word: str) -> str:
    """Return the initial of one name word with a full stop ("สมชาย" → "ส.", "เสน่ห์" → "ส.")."""
    for ch in word:
        if ch.isalpha() and ch not in LEADING_VOWELS:
            return f"{ch}."
    return ""


def mask_name(name: str | None) -> str:
    """Return a name reduced to its title and initials: "นายสมชาย ใจดี" → "นาย ส. จ.".

    Parameters
    ----------
    name : str or None
        Full name, title first (BMN/จปฐ. style); None or "" gives "".

    Returns
    -------
    str
        The title (kept whole) and the initial of each name word, space-separated.
    """
    if name is None or (isinstance(name, float) and pd.isna(name)) or not str(name).strip():
        return ""
    title, rest = split_title(name)
    return " ".join(part for part in [title, *(initial(w) for w in rest.split())] if part)


def mask_names(names: Iterable[str | None]) -> list[str]:
    """Return :func:`mask_name` of each name (a list, same order and length)."""
    return [mask_name(n) for n in names]


def mask_national_ids(ids: Iterable[str | None]) -> list[str]:
    """Return :func:`mask_national_id` of each ID (a list, same order and length)."""
    return [mask_national_id(i) for i in ids]
