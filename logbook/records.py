"""Validation of Logbook records, one at a time, for forms and imports alike.

:func:`validate_record` turns raw values (strings from a CSV cell or a form
widget) into a row of the store, or raises :class:`RecordError` naming the
column at fault. Rules (DOMAIN.md §2, §5, §8):

- ``household_id`` must be a household of the build or one already added as
  missed, and lie in the recording user's area (DOPA code prefix);
- dates are ISO ``YYYY-MM-DD`` (or a date/datetime cell), not in the future,
  not before :data:`EARLIEST_DATE`;
- ``problems`` are indicator codes of poverty.indicators, separated by ``;``;
- ``help_kind``, ``agency`` come from :mod:`logbook.menu`; ``dimension`` is
  one of the five and defaults to the help kind's; ``amount_baht`` is
  0-:data:`MAX_AMOUNT_BAHT`;
- ``stage`` is survival / sufficiency / sustainability; ``step`` 1-5;
- a missed household needs ``lat``/``lon`` inside Thailand's bounding box
  and a head's name; it is snapped to a village by the caller.

``record_key`` is the SHA-256 of the record's kind and content (not of who
recorded it or when), unless the caller passes one (a form's submission id):
importing the same rows again, from any file, adds nothing.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from datetime import date, datetime

from logbook.menu import AGENCIES, HELP_KINDS
from logbook.models import RECORD_MODELS, STAGES, SUBSIDY_STEPS
from poverty.indicators import DIMENSION_CODES, INDICATOR_CODES

EARLIEST_DATE = date(2017, 1, 1)
MAX_AMOUNT_BAHT = 10_000_000
#: Thailand's bounding box, degrees (lat_min, lat_max, lon_min, lon_max).
THAILAND_BOUNDS = (5.5, 20.5, 97.3, 105.7)

#: Columns of an import file per record type (besides ``record_type``);
#: optional ones in :data:`OPTIONAL`.
COLUMNS: dict[str, tuple[str, ...]] = {
    "visit": ("household_id", "date", "team", "problems"),
    "help": ("household_id", "date", "agency", "help_kind", "dimension", "amount_baht"),
    "stage": ("household_id", "date", "stage"),
    "missed": ("date", "head_name", "n_members", "lat", "lon", "note"),
    "subsidy": ("household_id", "date", "step", "note"),
}
OPTIONAL = {"problems", "dimension", "note", "amount_baht"}
ALL_COLUMNS = ("record_type",) + tuple(
    dict.fromkeys(column for columns in COLUMNS.values() for column in columns)
)
DATE_COLUMN = {
    "visit": "visit_date",
    "help": "help_date",
    "stage": "stage_date",
    "missed": "found_date",
    "subsidy": "step_date",
}


class RecordError(ValueError):
    """A value of a record is invalid; ``column`` names it, ``value`` is what was given."""

    def __init__(self, column: str, message: str, value: object = None) -> None:
        super().__init__(message)
        self.column = column
        self.message = message
        self.value = value


@dataclass(frozen=True)
class Context:
    """What validation needs to know besides the record.

    Attributes
    ----------
    households : callable
        ``households(ids) -> {household_id: village_code}`` for the ids that
        exist (in the build or added as missed).
    scope : str or None
        The recording user's area code (``None`` = whole country).
    today : date
        Latest allowed date.
    """

    households: object
    scope: str | None
    today: date


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == ""


def _text(raw: dict, column: str, required: bool = True, max_len: int = 200) -> str:
    value = raw.get(column)
    if _blank(value):
        if required:
            raise RecordError(column, "is required", value)
        return ""
    text = str(value).strip()
    if len(text) > max_len:
        raise RecordError(column, f"longer than {max_len} characters", value)
    return text


def _date(raw: dict, ctx: Context) -> date:
    value = raw.get("date")
    if _blank(value):
        raise RecordError("date", "is required", value)
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            raise RecordError("date", "is not a date YYYY-MM-DD (C.E.)", value) from None
    if value > ctx.today:
        raise RecordError("date", f"is in the future (after {ctx.today.isoformat()})", value)
    if value < EARLIEST_DATE:
        raise RecordError("date", f"is before {EARLIEST_DATE.isoformat()}", value)
    return value


def _number(raw: dict, column: str, low: float, high: float, integer: bool = False) -> float:
    value = raw.get(column)
    if _blank(value):
        raise RecordError(column, "is required", value)
    try:
        number = float(str(value).replace(",", "").strip())
    except ValueError:
        raise RecordError(column, "is not a number", value) from None
    if math.isnan(number) or not low <= number <= high:
        raise RecordError(column, f"is outside {low:,g}-{high:,g}", value)
    if integer and number != int(number):
        raise RecordError(column, "is not a whole number", value)
    return int(number) if integer else number


def _choice(raw: dict, column: str, choices, default: str | None = None) -> str:
    value = raw.get(column)
    if _blank(value):
        if default is not None:
            return default
        raise RecordError(column, "is required", value)
    text = str(value).strip()
    if text not in choices:
        raise RecordError(column, f"unknown {column} {text!r}; known: {', '.join(choices)}", value)
    return text


def _problems(raw: dict) -> list[str]:
    value = raw.get("problems")
    if _blank(value):
        return []
    codes = [part.strip() for part in str(value).replace(",", ";").split(";") if part.strip()]
    unknown = [code for code in codes if code not in INDICATOR_CODES]
    if unknown:
        raise RecordError("problems", f"unknown indicator code(s) {', '.join(unknown)}", value)
    return sorted(set(codes), key=INDICATOR_CODES.index)


def _household(raw: dict, ctx: Context) -> tuple[str, str]:
    household_id = _text(raw, "household_id", max_len=32)
    village = ctx.households([household_id]).get(household_id)
    if village is None:
        raise RecordError("household_id", f"unknown household {household_id!r}", household_id)
    in_scope(village, ctx.scope, "household_id", household_id)
    return household_id, village


def in_scope(village_code: str, scope: str | None, column: str, value: object) -> None:
    """Raise :class:`RecordError` when a village lies outside the user's area ``scope``."""
    if scope and not village_code.startswith(scope):
        raise RecordError(column, f"lies outside your area {scope}", value)


def validate_record(kind: str, raw: dict, ctx: Context) -> dict:
    """Validate one record; return its store row (``kind`` and ``record_key`` included).

    Parameters
    ----------
    kind : str
        ``visit``, ``help``, ``stage``, ``missed`` or ``subsidy``.
    raw : dict
        Column -> raw value (see :data:`COLUMNS`). A missed household must
        carry ``village_code`` (snapped by the caller) and may carry
        ``household_id`` (else one is made from the village and the key).
    ctx : Context

    Returns
    -------
    dict
        Columns of the kind's table except the who/when/where ones
        (``recorded_by``, ``recorded_at``, ``source``), which the caller adds.

    Raises
    ------
    RecordError
        Naming the first column at fault.
    """
    if kind not in RECORD_MODELS:
        raise RecordError(
            "record_type", f"unknown record type {kind!r}; known: {', '.join(RECORD_MODELS)}", kind
        )
    row: dict = {"kind": kind, DATE_COLUMN[kind]: _date(raw, ctx)}
    if kind == "missed":
        row["head_name"] = _text(raw, "head_name")
        row["n_members"] = _number(raw, "n_members", 1, 30, integer=True)
        row["lat"] = _number(raw, "lat", THAILAND_BOUNDS[0], THAILAND_BOUNDS[1])
        row["lon"] = _number(raw, "lon", THAILAND_BOUNDS[2], THAILAND_BOUNDS[3])
        row["note"] = _text(raw, "note", required=False, max_len=500)
        village = raw.get("village_code")
        if not village:
            raise RecordError("lat", "the location is not in any village of the build", raw["lat"])
        in_scope(village, ctx.scope, "lat", raw.get("lat"))
        row["village_code"] = village
    else:
        row["household_id"], row["village_code"] = _household(raw, ctx)
    if kind == "visit":
        row["team"] = _text(raw, "team")
        row["problems"] = _problems(raw)
    elif kind == "help":
        row["help_kind"] = _choice(raw, "help_kind", HELP_KINDS)
        row["agency"] = _choice(raw, "agency", AGENCIES)
        row["dimension"] = _choice(
            raw, "dimension", DIMENSION_CODES, default=HELP_KINDS[row["help_kind"]][0]
        )
        amount = raw.get("amount_baht")
        row["amount_baht"] = (
            0.0 if _blank(amount) else _number(raw, "amount_baht", 0, MAX_AMOUNT_BAHT)
        )
    elif kind == "stage":
        row["stage"] = _choice(raw, "stage", STAGES)
    elif kind == "subsidy":
        row["step"] = _number(raw, "step", SUBSIDY_STEPS[0], SUBSIDY_STEPS[-1], integer=True)
        row["note"] = _text(raw, "note", required=False, max_len=500)
    row["record_key"] = raw.get("record_key") or content_key(row)
    if kind == "missed":
        row["household_id"] = _missed_household_id(raw, row, ctx)
    return row


#: A missed household's own ID: "N", its 8-digit village code, then 1-12 letters or digits.
MISSED_ID = re.compile(r"N(\d{8})[0-9A-Za-z]{1,12}")


def _missed_household_id(raw: dict, row: dict, ctx: Context) -> str:
    """Return the ID of a household added as missed (made from its village when none is given).

    A given ID must be new, and a missed household's own (:data:`MISSED_ID`)
    in the village the location snapped to: the ID of a survey household or
    of a missed household already recorded is refused (outside the scope as
    such), so a record can never attach a name to another household
    (issue 11).

    Raises
    ------
    RecordError
        On ``household_id``.
    """
    given = raw.get("household_id")
    if _blank(given):
        return f"N{row['village_code']}{row['record_key'][:8]}"
    household_id = str(given).strip()
    known = ctx.households([household_id]).get(household_id)
    if known is not None:
        in_scope(known, ctx.scope, "household_id", household_id)
        raise RecordError(
            "household_id",
            "is already a household: record a visit for it, or leave the ID empty",
            household_id,
        )
    match = MISSED_ID.fullmatch(household_id)
    if match is None or match.group(1) != row["village_code"]:
        raise RecordError(
            "household_id",
            f"a missed household's ID must be N{row['village_code']} followed by 1-12 letters "
            "or digits (or left empty); a survey household is recorded with a visit",
            household_id,
        )
    return household_id


def content_key(row: dict) -> str:
    """Return the SHA-256 (hex) of a record's kind and content, the default ``record_key``."""
    content = {key: value for key, value in row.items() if key != "record_key"}
    text = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
