"""Area codes and levels: province (2 digits) → district (4) → subdistrict (6) → village (8).

Source: DOPA coding (DOMAIN.md §1).
"""

from __future__ import annotations

LEVELS = ("province", "district", "subdistrict", "village")
CODE_LENGTH = {"province": 2, "district": 4, "subdistrict": 6, "village": 8}
CODE_COLUMN = {level: f"{level}_code" for level in LEVELS}


class UnknownAreaError(LookupError):
    """An area code that is malformed or not in the build."""


def level_of(code: str) -> str:
    """Return the level of a DOPA area code from its length.

    Raises
    ------
    UnknownAreaError
        If the code is not 2, 4, 6 or 8 digits.
    """
    code = str(code).strip()
    for level, length in CODE_LENGTH.items():
        if len(code) == length and code.isdigit():
            return level
    raise UnknownAreaError(
        f"area code {code!r} is not a DOPA code (2, 4, 6 or 8 digits: province, district, "
        "subdistrict, village)"
    )


def child_level(level: str) -> str | None:
    """Return the level below ``level`` (None below villages)."""
    i = LEVELS.index(level)
    return LEVELS[i + 1] if i + 1 < len(LEVELS) else None


def ancestors(code: str) -> list[str]:
    """Return the codes from province down to ``code`` itself (e.g. 41, 4101, 410101)."""
    level = level_of(code)
    return [code[: CODE_LENGTH[lv]] for lv in LEVELS[: LEVELS.index(level) + 1]]
