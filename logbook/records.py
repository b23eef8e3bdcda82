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
from logbook.models import (
    CASE_STATUSES,
    CLOSED_STATUSES,
    CORRECTABLE,
    DECLINED_REASONS,
    RECORD_MODELS,
    REFERRAL_STATUSES,
    STAGES,
    SUBSIDY_STEPS,
)
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
    "status": ("household_id", "date", "status", "reason", "note"),
    "assign": ("household_id", "date", "team", "due_date", "note"),
    "referral": (
        "household_id",
        "date",
        "referral_status",
        "referral_id",
        "from_agency",
        "to_agency",
        "help_kind",
        "note",
    ),
    "correction": ("corrects", "replaces_id", "why", "void"),
}
OPTIONAL = {
    "problems",
    "dimension",
    "note",
    "amount_baht",
    "reason",
    "referral_id",
    "from_agency",
    "to_agency",
    "help_kind",
    "void",
}
#: Every record type of an import file: the store's kinds and ``correction``.
KINDS = (*RECORD_MODELS, "correction")
ALL_COLUMNS = ("record_type",) + tuple(
    dict.fromkeys(column for columns in COLUMNS.values() for column in columns)
)
DATE_COLUMN = {
    "visit": "visit_date",
    "help": "help_date",
    "stage": "stage_date",
    "missed": "found_date",
    "subsidy": "step_date",
    "status": "status_date",
    "assign": "assigned_date",
    "referral": "referral_date",
}
#: Columns a correction copies from the record it voids, per kind.
CORRECTED_COLUMNS = {
    "status": ("status", "status_date", "reason", "note"),
    "assign": ("team", "assigned_date", "due_date", "note"),
    "referral": (
        "referral_id",
        "referral_status",
        "referral_date",
        "from_agency",
        "to_agency",
        "help_kind",
        "note",
    ),
}


class RecordError(ValueError):
    """A value of a record is invalid.

    Attributes
    ----------
    column : str
        The column (import file) or field (form) at fault.
    message : str
        What is wrong, in English (command line, logs).
    value : object
        What was given.
    key : str
        The rule broken; the screens show the whole sentence
        ``display.labels`` holds for it (``lb_err_<key>``) in the user's
        language, filled with ``values``.
    values : dict
        Fields of that sentence (besides the column and the value).
    """

    def __init__(
        self, column: str, message: str, value: object = None, key: str = "invalid", **values
    ) -> None:
        super().__init__(message)
        self.column = column
        self.message = message
        self.value = value
        self.key = key
        self.values = values


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
    records : callable, optional
        ``records(kind, column, values) -> {value: row dict}``: stored case
        records of ``kind`` (status, assign, referral) whose ``column`` is
        one of ``values`` (the first request of a referral by
        ``referral_id``; the record a correction names by ``id``). Needed
        for referral updates and corrections only.
    """

    households: object
    scope: str | None
    today: date
    records: object = None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == ""


def _text(raw: dict, column: str, required: bool = True, max_len: int = 200) -> str:
    value = raw.get(column)
    if _blank(value):
        if required:
            raise RecordError(column, "is required", value, "required")
        return ""
    text = str(value).strip()
    if len(text) > max_len:
        raise RecordError(column, f"longer than {max_len} characters", value, "too_long", n=max_len)
    return text


def _date(raw: dict, ctx: Context, column: str = "date") -> date:
    value = raw.get(column)
    if _blank(value):
        raise RecordError(column, "is required", value, "required")
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            raise RecordError(
                column, "is not a date YYYY-MM-DD (C.E.)", value, "bad_date"
            ) from None
    if value > ctx.today:
        raise RecordError(
            column,
            f"is in the future (after {ctx.today.isoformat()})",
            value,
            "future",
            day=ctx.today,
        )
    if value < EARLIEST_DATE:
        raise RecordError(
            column, f"is before {EARLIEST_DATE.isoformat()}", value, "too_early", day=EARLIEST_DATE
        )
    return value


def _number(raw: dict, column: str, low: float, high: float, integer: bool = False) -> float:
    value = raw.get(column)
    if _blank(value):
        raise RecordError(column, "is required", value, "required")
    try:
        number = float(str(value).replace(",", "").strip())
    except ValueError:
        raise RecordError(column, "is not a number", value, "not_number") from None
    if math.isnan(number) or not low <= number <= high:
        raise RecordError(
            column,
            f"is outside {low:,g}-{high:,g}",
            value,
            "range",
            low=f"{low:,g}",
            high=f"{high:,g}",
        )
    if integer and number != int(number):
        raise RecordError(column, "is not a whole number", value, "not_whole")
    return int(number) if integer else number


def _choice(raw: dict, column: str, choices, default: str | None = None) -> str:
    value = raw.get(column)
    if _blank(value):
        if default is not None:
            return default
        raise RecordError(column, "is required", value, "required")
    text = str(value).strip()
    if text not in choices:
        raise RecordError(
            column,
            f"unknown {column} {text!r}; known: {', '.join(choices)}",
            value,
            "unknown_choice",
            known=", ".join(choices),
        )
    return text


def _problems(raw: dict) -> list[str]:
    value = raw.get("problems")
    if _blank(value):
        return []
    codes = [part.strip() for part in str(value).replace(",", ";").split(";") if part.strip()]
    unknown = [code for code in codes if code not in INDICATOR_CODES]
    if unknown:
        raise RecordError(
            "problems",
            f"unknown indicator code(s) {', '.join(unknown)}",
            value,
            "unknown_indicator",
            codes=", ".join(unknown),
        )
    return sorted(set(codes), key=INDICATOR_CODES.index)


def _household(raw: dict, ctx: Context) -> tuple[str, str]:
    household_id = _text(raw, "household_id", max_len=32)
    village = ctx.households([household_id]).get(household_id)
    if village is None:
        raise RecordError(
            "household_id",
            f"unknown household {household_id!r}",
            household_id,
            "unknown_household",
            scope=ctx.scope or "",
        )
    in_scope(village, ctx.scope, "household_id", household_id)
    return household_id, village


def in_scope(village_code: str, scope: str | None, column: str, value: object) -> None:
    """Raise :class:`RecordError` when a village lies outside the user's area ``scope``."""
    if scope and not village_code.startswith(scope):
        raise RecordError(column, f"lies outside your area {scope}", value, "outside", scope=scope)


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
    if kind == "correction":
        return _correction(raw, ctx)
    if kind not in RECORD_MODELS:
        raise RecordError(
            "record_type",
            f"unknown record type {kind!r}; known: {', '.join(KINDS)}",
            kind,
            "unknown_choice",
            known=", ".join(KINDS),
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
            raise RecordError(
                "lat", "the location is not in any village of the build", raw["lat"], "no_village"
            )
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
    elif kind in CORRECTED_COLUMNS:
        row.update(_case_values(kind, raw, row, ctx))
        row.setdefault("why", "")
        row.setdefault("void", False)
        row.setdefault("replaces_id", None)
    row["record_key"] = raw.get("record_key") or content_key(row)
    if kind == "referral" and not row["referral_id"]:
        row["referral_id"] = f"R{key_digits(row['record_key'], 12)}"
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
        return f"N{row['village_code']}{key_digits(row['record_key'], 8)}"
    household_id = str(given).strip()
    known = ctx.households([household_id]).get(household_id)
    if known is not None:
        in_scope(known, ctx.scope, "household_id", household_id)
        raise RecordError(
            "household_id",
            "is already a household: record a visit for it, or leave the ID empty",
            household_id,
            "missed_exists",
        )
    match = MISSED_ID.fullmatch(household_id)
    if match is None or match.group(1) != row["village_code"]:
        raise RecordError(
            "household_id",
            f"a missed household's ID must be N{row['village_code']} followed by 1-12 letters "
            "or digits (or left empty); a survey household is recorded with a visit",
            household_id,
            "missed_id",
            village=row["village_code"],
        )
    return household_id


def key_digits(record_key: str, n: int) -> str:
    """Return ``n`` letters or digits of a record key for an ID made from it.

    IDs made from a record (a missed household's ``N`` + village + 8, a
    referral's ``R`` + 12) are shown to users and typed back in imports, so
    they hold no internal marker: a form's key ``form-<hex>`` gives the hex
    after the dash, an import's key (:func:`content_key`, hex) its first
    digits; any other key its SHA-256.

    Examples
    --------
    >>> key_digits("form-9e6c01d2aa", 8), key_digits("3f2a9c0b77e1", 8)
    ('9e6c01d2', '3f2a9c0b')
    """
    tail = record_key.rsplit("-", 1)[-1]
    if len(tail) >= n and tail.isascii() and tail.isalnum():
        return tail[:n]
    return hashlib.sha256(record_key.encode("utf-8")).hexdigest()[:n]


def content_key(row: dict) -> str:
    """Return the SHA-256 (hex) of a record's kind and content, the default ``record_key``."""
    content = {key: value for key, value in row.items() if key != "record_key"}
    text = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _case_values(kind: str, raw: dict, row: dict, ctx: Context) -> dict:
    """Validate the columns of a case status, an assignment or a referral step.

    Rules (issue 14): a closing status needs a reason (``declined``: one of
    :data:`logbook.models.DECLINED_REASONS`, others: text); a due date is not
    before the assignment's date; a referral is requested with both agencies
    and a kind of help, and a later step names a requested referral of the
    same household (its agencies and kind are copied from the request). A
    request may carry its own ``referral_id`` (new); without one it is made
    from the record key.
    """
    if kind == "status":
        status = _choice(raw, "status", CASE_STATUSES)
        reason = _text(raw, "reason", required=False, max_len=500)
        if status == "declined":
            reason = _choice(raw, "reason", DECLINED_REASONS)
        elif status in CLOSED_STATUSES and not reason:
            raise RecordError(
                "reason", "closing a case needs a reason", raw.get("reason"), "close_reason"
            )
        return {"status": status, "reason": reason, "note": _text(raw, "note", False, 2000)}
    if kind == "assign":
        due = _due_date(raw, row["assigned_date"])
        return {"team": _text(raw, "team"), "due_date": due, "note": _text(raw, "note", False, 500)}
    status = _choice(raw, "referral_status", REFERRAL_STATUSES)
    out = {"referral_status": status, "note": _text(raw, "note", False, 500)}
    referral_id = _text(raw, "referral_id", required=False, max_len=32)
    found = ctx.records("referral", "referral_id", [referral_id]) if referral_id else {}
    request = found.get(referral_id)
    if status == "requested" and request is None:
        out["referral_id"] = referral_id  # empty: made from the record key
        out["from_agency"] = _choice(raw, "from_agency", AGENCIES)
        out["to_agency"] = _choice(raw, "to_agency", AGENCIES)
        out["help_kind"] = _choice(raw, "help_kind", HELP_KINDS)
        return out
    if not referral_id:
        raise RecordError(
            "referral_id", "a referral step names the referral", referral_id, "required"
        )
    if request is None or request["household_id"] != row["household_id"]:
        raise RecordError(
            "referral_id",
            f"no referral {referral_id!r} of household {row['household_id']}",
            referral_id,
            "unknown_referral",
            household=row["household_id"],
        )
    out["referral_id"] = referral_id
    for column in ("from_agency", "to_agency", "help_kind"):
        out[column] = request[column]
    return out


def _due_date(raw: dict, assigned: date) -> date:
    value = raw.get("due_date")
    if _blank(value):
        raise RecordError("due_date", "is required", value, "required")
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            raise RecordError(
                "due_date", "is not a date YYYY-MM-DD (C.E.)", value, "bad_date"
            ) from None
    if value < assigned:
        raise RecordError(
            "due_date", "is before the date of the assignment", value, "due_before", day=assigned
        )
    return value


def _correction(raw: dict, ctx: Context) -> dict:
    """Validate a correction or a void: a new record naming the one it replaces and why.

    ``corrects`` is the kind (status, assign, referral), ``replaces_id`` the
    id of a record of that kind in the user's area, ``why`` the reason. With
    ``void`` = yes the new record copies the replaced values and voids them;
    otherwise it carries the corrected values (the columns of that kind,
    household and date included as for a new record; the household is the
    replaced record's).
    """
    kind = _choice(raw, "corrects", CORRECTABLE)
    replaces = _number(raw, "replaces_id", 1, 2**31 - 1, integer=True)
    why = _text(raw, "why", max_len=500)
    found = ctx.records(kind, "id", [replaces]) if ctx.records else {}
    old = found.get(replaces)
    if old is None:
        raise RecordError(
            "replaces_id", f"no {kind} record {replaces}", raw.get("replaces_id"), "no_record"
        )
    in_scope(old["village_code"], ctx.scope, "replaces_id", replaces)
    void = str(raw.get("void") or "").strip().lower() in ("yes", "true", "1", "ใช่")
    if void:
        row = {"kind": kind, **{c: old[c] for c in CORRECTED_COLUMNS[kind]}}
        row.update(household_id=old["household_id"], village_code=old["village_code"])
    else:
        if not _blank(raw.get("household_id")) and str(raw["household_id"]).strip() != str(
            old["household_id"]
        ):
            raise RecordError(
                "household_id",
                f"a correction keeps the household {old['household_id']}",
                raw.get("household_id"),
                "correction_household",
                household=old["household_id"],
            )
        new = {**raw, "household_id": old["household_id"]}
        if kind == "referral":
            new.setdefault("referral_id", old["referral_id"])
            if _blank(new.get("referral_id")):
                new["referral_id"] = old["referral_id"]
        row = validate_record(kind, {k: v for k, v in new.items() if k != "record_key"}, ctx)
        row.pop("record_key", None)
    row.update(replaces_id=replaces, why=why, void=void)
    row["record_key"] = raw.get("record_key") or content_key(row)
    return row
