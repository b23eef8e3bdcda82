"""The agency tier: tokens, rate limit, household and person lists (issue 16).

A request carries ``Authorization: Bearer <token>`` (:mod:`access.tokens`);
the token acts as its user of ``config/users.yaml``, with that user's role,
rights and area scope. Lists take the conditions of the household export
(:class:`queries.search.SearchSpec`, as ``python -m exports``) and have the
export's columns (:func:`exports.households.export_sql`), masked for the
user by :func:`access.personal.protect`; each response is released through
:func:`access.downloads.release` (export right, scope, one audit row with
source ``api`` and the token id).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import math
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

import settings
from access import tokens
from access.downloads import BOM, neutralise_arrow, release
from access.personal import protect, sees_personal_data
from access.roles import EXPORT, User, check_area, require_right
from access.users import UserConfigError, current_users
from exports.households import export_sql
from queries.search import SearchSpec, count_households, count_persons
from queries.search import check_area as check_area_in_build

#: Rows per batch of a streamed CSV (DuckDB → Arrow → masking → CSV text).
CSV_BATCH_ROWS = 50_000
#: Rows per page of a JSON list: default and most.
PAGE_DEFAULT, PAGE_MAX = 100, 1000
#: Which request parameter each :class:`queries.search.SearchSpecError` key is about.
SPEC_PARAMETERS = {
    "bad_area": "area",
    "unknown_area": "area",
    "unknown_dimension": "dimension",
    "unknown_indicator": "indicator",
    "bad_match": "match",
    "bad_card": "welfare_card",
    "dimension_range": "min_dimensions/max_dimensions",
    "vulnerability_range": "vulnerability",
    "min_above_max": "min_dimensions/max_dimensions",
    "too_many_required": "max_dimensions",
    "poor_with_zero": "max_dimensions",
    "tpmap_without_card": "tpmap_poor",
    "set_unavailable": "set",
}


class TokenRefusedError(PermissionError):
    """No token, or one unknown, expired or revoked, or whose user is gone (HTTP 401)."""


class RateLimitedError(RuntimeError):
    """The token used up its requests of the minute; ``retry_after`` in seconds (HTTP 429)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class CursorError(ValueError):
    """A paging cursor that is garbled or belongs to other conditions (HTTP 422)."""


@dataclass(frozen=True)
class Caller:
    """Who a request acts as: the token's user and the token's public id."""

    user: User
    token_id: str


def authenticate(authorization: str | None, audit_path=None, users_path=None) -> Caller:
    """Return the caller of an ``Authorization`` header value.

    Raises
    ------
    TokenRefusedError
        Missing header or not ``Bearer``; unknown, expired or revoked token;
        its user no longer in the users file. The message says which.
    """
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise TokenRefusedError(
            "an agency token is needed: send the header 'Authorization: Bearer <token>' "
            "(python -m access create-token)"
        )
    state = tokens.look_up(audit_path or settings.audit_db(), token.strip())
    if state.status == tokens.UNKNOWN:
        raise TokenRefusedError("the token is not known (mistyped, or never made)")
    if state.status != tokens.VALID:
        raise TokenRefusedError(f"token {state.token_id} is {state.status}; ask for a new one")
    try:
        config = current_users(users_path or settings.users_file())
    except UserConfigError as exc:
        raise TokenRefusedError(f"the users file cannot be read: {exc}") from None
    account = config.accounts.get(str(state.username))
    if account is None:
        raise TokenRefusedError(
            f"token {state.token_id} belongs to {state.username!r}, no longer a user"
        )
    return Caller(account.user, str(state.token_id))


class RateLimiter:
    """Requests per token per minute: a moving window (the ``limits`` library, in memory).

    One process keeps the counts: the deployment runs one service process
    (``deploy/``), so the limit holds for the whole service.
    """

    def __init__(self, per_minute: int | None = None) -> None:
        self.per_minute = per_minute or settings.api_rate_limit()
        self._item = parse(f"{self.per_minute}/minute")
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._lock = threading.Lock()

    def hit(self, token_id: str) -> None:
        """Count one request of ``token_id``.

        Raises
        ------
        RateLimitedError
            When the token made :attr:`per_minute` requests in the last
            minute; ``retry_after`` is when the oldest of them leaves the
            window (whole seconds, at least 1).
        """
        with self._lock:
            if self._limiter.hit(self._item, token_id):
                return
            reset = self._limiter.get_window_stats(self._item, token_id).reset_time
        wait = max(1, math.ceil(reset - time.time()))
        raise RateLimitedError(
            f"token {token_id} made {self.per_minute} requests in the last minute, the limit "
            f"(TPMAP_API_RATE_LIMIT); retry after {wait} s",
            wait,
        )


def authorise(caller: Caller, spec: SearchSpec, con: duckdb.DuckDBPyConnection) -> None:
    """Check the export right, the area scope and that the area is in the build.

    Raises
    ------
    access.roles.AccessDeniedError
        No export right, or an area outside the token user's scope (HTTP 403).
    queries.search.SearchSpecError
        An area not in the build (key ``unknown_area``, HTTP 404).
    """
    require_right(caller.user, EXPORT)
    check_area(caller.user, spec.area_code)
    check_area_in_build(con, spec)


def _spec_key(spec: SearchSpec, level: str, limit: int) -> str:
    text = json.dumps([spec.to_dict(), level, limit], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def encode_cursor(spec: SearchSpec, level: str, limit: int, offset: int) -> str:
    """Return the opaque cursor of the page starting at ``offset`` (bound to these conditions)."""
    raw = json.dumps({"o": offset, "n": limit, "q": _spec_key(spec, level, limit)})
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, spec: SearchSpec, level: str) -> tuple[int, int]:
    """Return (offset, page size) of a cursor.

    Raises
    ------
    CursorError
        If the cursor is garbled or was made for other conditions or level.
    """
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        offset, limit, key = int(data["o"]), int(data["n"]), str(data["q"])
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise CursorError("cursor is not one this service made") from None
    if key != _spec_key(spec, level, limit) or offset < 0 or not 1 <= limit <= PAGE_MAX:
        raise CursorError("cursor belongs to other conditions or level: start again without it")
    return offset, limit


def count_rows(con: duckdb.DuckDBPyConnection, spec: SearchSpec, level: str) -> int:
    """Return the rows of a list: matching households, or their members."""
    return count_households(con, spec) if level == "household" else count_persons(con, spec)


def page(
    con: duckdb.DuckDBPyConnection,
    caller: Caller,
    spec: SearchSpec,
    level: str,
    offset: int,
    limit: int,
    lang: str = "th",
    audit_path=None,
) -> tuple[int, pd.DataFrame]:
    """Return (rows matching in all, one page masked for the caller) and write its audit row.

    The page holds the export's columns (:func:`exports.households.export_sql`,
    keys as column names) in the export's order (most dimensions failed
    first, then deprivation score; household id breaks ties).

    Raises
    ------
    access.roles.AccessDeniedError
        As :func:`access.downloads.release` (nothing is logged).
    """
    total = count_rows(con, spec, level)
    sql, params, _ = export_sql(spec, level, lang, "priority", True)
    cur = con.cursor()
    try:
        frame = cur.execute(
            f"SELECT * FROM ({sql}) LIMIT {int(limit)} OFFSET {int(offset)}", params
        ).df()
    finally:
        cur.close()
    frame = protect(frame, caller.user)
    audit(caller, spec, level, "json", len(frame), audit_path, offset=offset)
    return total, frame


def audit(
    caller: Caller,
    spec: SearchSpec,
    level: str,
    fmt: str,
    rows: int,
    audit_path=None,
    **extra,
) -> int:
    """Release one response through :func:`access.downloads.release`; return the audit row id.

    The filters stored are the search conditions plus ``api_token`` (the
    token's id) and any ``extra`` (the page's offset). ``audit_path``:
    the audit file (default ``settings.audit_db()``).
    """
    return release(
        caller.user,
        what="households" if level == "household" else "persons",
        area_code=spec.area_code,
        filters={**spec.to_dict(), "api_token": caller.token_id, **extra},
        level=level,
        fmt=fmt,
        rows=rows,
        personal_data=sees_personal_data(caller.user),
        source="api",
        audit_path=audit_path,
    )


def stream_csv(
    con: duckdb.DuckDBPyConnection,
    caller: Caller,
    spec: SearchSpec,
    level: str,
    comment: list[str],
    lang: str = "th",
    audit_path=None,
) -> tuple[int, Iterator[bytes]]:
    """Return (rows, the CSV's bytes in pieces) of a whole list, and write its audit row.

    UTF-8 with a byte-order mark, ``# `` comment lines first (what, source,
    build, conditions), a header row of column keys, then the rows in
    batches of :data:`CSV_BATCH_ROWS`: DuckDB → Arrow → pandas →
    :func:`access.personal.protect` → Arrow →
    :func:`access.downloads.neutralise_arrow` → Arrow's CSV writer (as the
    export file), so memory holds one batch. The audit row (rows = the rows
    matching) is written before the first byte is sent.
    """
    total = count_rows(con, spec, level)
    sql, params, cols = export_sql(spec, level, lang, "priority", True)
    audit(caller, spec, level, "csv", total, audit_path)
    user = caller.user

    def pieces() -> Iterator[bytes]:
        yield BOM + "".join(f"# {line}\n" for line in comment).encode("utf-8")
        cur = con.cursor()
        try:
            reader = cur.sql(sql, params=params).to_arrow_reader(CSV_BATCH_ROWS)
            header = True
            for batch in reader:
                masked = pa.Table.from_pandas(
                    protect(batch.to_pandas(), user), preserve_index=False
                )
                safe = pa.Table.from_arrays(
                    [neutralise_arrow(column.combine_chunks()) for column in masked.columns],
                    names=masked.column_names,
                )
                out = io.BytesIO()
                pacsv.write_csv(safe, out, pacsv.WriteOptions(include_header=header))
                yield out.getvalue()
                header = False
            if header:  # no rows: the header alone
                yield (",".join(c.key for c in cols) + "\n").encode("utf-8")
        finally:
            cur.close()

    return total, pieces()
