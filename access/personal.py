"""The one gate for personal data: every frame a user sees or receives passes here.

Source of the rules: DOMAIN.md §8 (PDPA: names and national IDs only to roles
with the personal-data right) and issue 11 (a masked export must not
re-identify a household: house number, exact coordinates, exact age and free
text together do). Query functions that return household or person rows take
the viewing user and return :func:`protect` of their frame, so a page, a
download, a report or an export gets the frame already masked; a new panel
cannot forget it because the query will not run without a user.

What a user **without** the personal-data right receives:

============================  ==========================================
column kind                   masked as
============================  ==========================================
household and person IDs      a keyed pseudonym: ``H3f9c0a12b7d4``
                              (the ID's last digits are the house number)
names (:data:`NAME_COLUMNS`)  title and initials: ``นาย ส. จ.``
national IDs                  ``1-2345-xxxxx-xx-3``
house numbers                 ``""`` (the village stays)
coordinates (lat, lon)        rounded to 0.01° (about 1.1 km)
ages                          five-year band: ``35-39``; 90 and over: ``90+``
free text (notes, team names) ``""``
============================  ==========================================

Users with the right receive everything as stored (screens group national IDs
as ``1-2345-67890-12-3`` for reading; files keep the 13 digits).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np
import pandas as pd

import settings
from access.masking import mask_names, mask_national_ids
from access.roles import PERSONAL_DATA, User

#: Columns holding a person's name (heads, members, names typed into the Logbook).
NAME_COLUMNS = ("head_name", "name", "person_name")
#: Columns holding a 13-digit national ID.
ID_COLUMNS = ("head_national_id", "national_id")
#: Columns holding a house number.
HOUSE_COLUMNS = ("house_no",)
#: Columns holding an exact coordinate (EPSG:4326 degrees).
COORDINATE_COLUMNS = ("lat", "lon")
#: Columns holding a person's age in years.
AGE_COLUMNS = ("age",)
#: Columns of free text typed by users, which can hold names or addresses.
FREE_TEXT_COLUMNS = ("note", "team")
#: Household and person IDs: a village code and the house number (+ member number).
IDENTIFIER_COLUMNS = ("household_id", "person_id")
#: First letter of a pseudonym, by column.
PSEUDONYM_PREFIX = {"household_id": "H", "person_id": "P"}
#: Hex digits of a pseudonym after its letter (48 bits).
PSEUDONYM_DIGITS = 12
#: Every column this gate knows as personal data.
PERSONAL_COLUMNS = (
    *IDENTIFIER_COLUMNS,
    *NAME_COLUMNS,
    *ID_COLUMNS,
    *HOUSE_COLUMNS,
    *COORDINATE_COLUMNS,
    *AGE_COLUMNS,
    *FREE_TEXT_COLUMNS,
)
#: Decimals kept of a coordinate for masked users: 0.01° is about 1.1 km.
MASKED_COORDINATE_DECIMALS = 2
#: Width of an age band for masked users, in years; ages from :data:`TOP_AGE` on share one band.
AGE_BAND_YEARS = 5
TOP_AGE = 90


@cache
def pseudonym_key() -> str:
    """Return the secret that keys pseudonyms (``settings.pseudonym_key_file()``).

    Read from ``TPMAP_PSEUDONYM_KEY`` or, unset, from a key file made once
    with :mod:`secrets` (``data/pseudonym.key``, git-ignored), so pseudonyms
    stay the same across restarts and replicas of one installation and
    cannot be recomputed by anyone without the key.
    """
    key = settings.pseudonym_key()
    if key:
        return key
    path = settings.pseudonym_key_file()
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        try:
            with open(path, "x", encoding="utf-8") as out:  # another process may win the race
                out.write(key)
        except FileExistsError:
            return path.read_text(encoding="utf-8").strip()
        return key


def pseudonym(value: object, column: str = "household_id") -> str:
    """Return the keyed pseudonym of a household or person ID: ``"H"`` + 12 hex digits.

    SHA-256 of the key and the ID (:func:`pseudonym_sql` computes the same in
    DuckDB, so a pseudonym can be looked up); ``""`` for a missing ID.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return ""
    digest = hashlib.sha256((pseudonym_key() + str(value)).encode("utf-8")).hexdigest()
    return PSEUDONYM_PREFIX[column] + digest[:PSEUDONYM_DIGITS]


def pseudonym_sql(column_sql: str, column: str = "household_id") -> tuple[str, list]:
    """Return DuckDB SQL computing :func:`pseudonym` of ``column_sql``, and its parameter."""
    prefix = PSEUDONYM_PREFIX[column]
    sql = f"('{prefix}' || substr(sha256(? || {column_sql}), 1, {PSEUDONYM_DIGITS}))"
    return sql, [pseudonym_key()]


def is_pseudonym(value: str, column: str = "household_id") -> bool:
    """Return whether ``value`` has the shape of a pseudonym of ``column``."""
    text = str(value)
    return (
        len(text) == PSEUDONYM_DIGITS + 1
        and text.startswith(PSEUDONYM_PREFIX[column])
        and all(ch in "0123456789abcdef" for ch in text[1:])
    )


def sees_personal_data(user: User | None) -> bool:
    """Return whether ``user`` holds the personal-data right (None, nobody signed in: False)."""
    return bool(user is not None and user.can(PERSONAL_DATA))


def age_band(age: object) -> str:
    """Return the five-year band of an age: ``37`` → ``"35-39"``, ``93`` → ``"90+"``.

    Missing or non-numeric ages give ``""``; negative ages are banded as 0-4.
    """
    try:
        value = float(age)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    if np.isnan(value):
        return ""
    if value >= TOP_AGE:
        return f"{TOP_AGE}+"
    low = int(max(value, 0) // AGE_BAND_YEARS) * AGE_BAND_YEARS
    return f"{low}-{low + AGE_BAND_YEARS - 1}"


def protect_column(name: str, values: Sequence | pd.Series | np.ndarray, personal: bool) -> list:
    """Return the values of one column as ``personal`` (the right) allows; a list.

    Parameters
    ----------
    name : str
        Column name; columns not in :data:`PERSONAL_COLUMNS` are returned as
        they are.
    values : sequence
        The column's values, any length.
    personal : bool
        Whether the receiving user holds the personal-data right.

    Returns
    -------
    list
        Same length and order as ``values``.
    """
    if personal or name not in PERSONAL_COLUMNS:
        return list(values)
    if name in ID_COLUMNS:
        return mask_national_ids(values)
    if name in IDENTIFIER_COLUMNS:
        return [pseudonym(v, name) for v in values]
    if name in NAME_COLUMNS:
        return mask_names(values)
    if name in COORDINATE_COLUMNS:
        return [
            None if v is None or pd.isna(v) else round(float(v), MASKED_COORDINATE_DECIMALS)
            for v in values
        ]
    if name in AGE_COLUMNS:
        return [age_band(v) for v in values]
    return ["" for _ in values]  # house numbers and free text


def protect(frame: pd.DataFrame, user: User | None) -> pd.DataFrame:
    """Return a copy of ``frame`` masked for ``user`` (the module's table says how).

    Parameters
    ----------
    frame : DataFrame
        Any table; its personal columns are found by name
        (:data:`PERSONAL_COLUMNS`), other columns are copied unchanged.
    user : User or None
        The user who will see or receive the frame; None (nobody signed in)
        is treated as a user without the right.

    Returns
    -------
    DataFrame
        Same index, columns and row order.
    """
    personal = sees_personal_data(user)
    out = frame.copy()
    for column in out.columns:
        if column in PERSONAL_COLUMNS:
            out[column] = protect_column(column, out[column], personal)
    return out


def protect_record(record: dict, user: User | None) -> dict:
    """Return a copy of one record (column → value) masked for ``user``, as :func:`protect`."""
    personal = sees_personal_data(user)
    return {
        key: protect_column(key, [value], personal)[0] if key in PERSONAL_COLUMNS else value
        for key, value in record.items()
    }


def personal_columns(columns: Iterable[str]) -> list[str]:
    """Return the names among ``columns`` that this gate treats as personal data."""
    return [c for c in columns if c in PERSONAL_COLUMNS]
