"""Project settings, read once from environment variables with defaults.

Every path and threshold the code needs is defined here, so no module carries
its own literal. Paths are resolved relative to the project root.

Environment variables
---------------------
TPMAP_GEO_DIR
    Folder with the raw boundary and village files (default ``../shared/geo``).
TPMAP_BUILD_DIR
    Folder of the built data store (default ``data/build``).
TPMAP_K
    Poverty cut-off k in (0, 1]; empty means TPMAP's union rule (default).
TPMAP_LOW_INCOME_LINE
    Vulnerability low-income line, baht/person/year (default 100,000; seed 004).
TPMAP_INCOME_LINE
    BMN income criterion, baht/person/year (default 38,000; BMN 2560-2564).
TPMAP_SEED
    Seed of the synthetic generator (default 2566).
TPMAP_POTENTIAL_DIR
    Folder of the area-potential files (facilities, centres, projects,
    economy, village basic data, OTOP; templates in ``templates/potential``).
    Unset: every kind is generated (synthetic); a file missing there likewise.
TPMAP_AUTH
    ``off`` signs in a local national user without a password (single-user
    use on one's own machine, tests); anything else (default) requires sign-in.
TPMAP_USERS_FILE
    Users, roles and bcrypt password hashes (default ``config/users.yaml``).
TPMAP_SESSION_HOURS
    Lifetime of a sign-in session, hours (default 12); after it the server
    refuses the session's cookie and asks to sign in again.
TPMAP_SIGNIN_MAX_FAILURES
    Wrong passwords for one user name within the lockout window that lock
    the name (default 5; issue 19).
TPMAP_SIGNIN_LOCKOUT_MINUTES
    The lockout window and the length of a lockout, minutes (default 15).
TPMAP_COOKIE_SECURE
    ``auto`` (default): the session cookie carries ``Secure`` when the
    request came over HTTPS (directly or through a proxy's
    ``X-Forwarded-Proto``); ``always``: always (deployments behind HTTPS);
    ``never``: never.
TPMAP_AUDIT_DB
    SQLite file of the audit log (default ``data/audit.sqlite``): exports,
    sign-in events and the server-side sign-in sessions.
TPMAP_PSEUDONYM_KEY, TPMAP_PSEUDONYM_KEY_FILE
    Secret keying the pseudonyms that replace household and person IDs for
    roles without the personal-data right; unset: a random key kept in the
    file (default ``data/pseudonym.key``), made on first use.
TPMAP_LOGBOOK_URL
    SQLAlchemy URL of the Logbook store (records of visits, help, stages…):
    default a SQLite file ``data/logbook.sqlite``; PostgreSQL as
    ``postgresql+psycopg://user:password@host:port/dbname``.
TPMAP_REFERRAL_OVERDUE_DAYS
    Days after its request a referral between agencies still requested or
    accepted counts as overdue (default 30, issue 14).
TPMAP_API_MIN_CELL
    Data service (``python -m api``): counts from 1 to this value are
    suppressed in public area statistics (default 4, allowed 1-4; issue 16).
TPMAP_API_RATE_LIMIT
    Data service: requests a minute allowed per agency token (default 60).
TPMAP_WARM_SUBDISTRICTS
    ``off`` ends the server's cache warm-up (``app_data.warm``) at the
    districts; default on: every subdistrict's Overview is warmed too, within
    the warm-up's time budget (issue 13; the pilot build's 397 in about 25 s).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent


def _path(name: str, default: str) -> Path:
    return _resolved(os.environ.get(name, default))


@functools.lru_cache(maxsize=64)
def _resolved(raw: str) -> Path:
    # Resolved once per value: the build folder is read on every rerun, many times
    # (every cache key), and resolving a relative path stats each of its folders.
    value = Path(raw)
    return value if value.is_absolute() else (PROJECT_ROOT / value).resolve()


def geo_dir() -> Path:
    """Return the folder of raw boundary files (``TPMAP_GEO_DIR``)."""
    return _path("TPMAP_GEO_DIR", "../shared/geo")


def build_dir() -> Path:
    """Return the build folder (``TPMAP_BUILD_DIR``, default ``data/build``)."""
    return _path("TPMAP_BUILD_DIR", "data/build")


def potential_dir() -> Path | None:
    """Return the folder of area-potential files (``TPMAP_POTENTIAL_DIR``), or None if unset."""
    raw = os.environ.get("TPMAP_POTENTIAL_DIR", "").strip()
    return _path("TPMAP_POTENTIAL_DIR", raw) if raw else None


def auth_enabled() -> bool:
    """Return False when ``TPMAP_AUTH=off`` (local national user, no sign-in); default True."""
    return os.environ.get("TPMAP_AUTH", "on").strip().lower() != "off"


def warm_subdistricts() -> bool:
    """Return False when ``TPMAP_WARM_SUBDISTRICTS=off`` (the warm-up stops at districts)."""
    return os.environ.get("TPMAP_WARM_SUBDISTRICTS", "on").strip().lower() != "off"


def users_file() -> Path:
    """Return the users file (``TPMAP_USERS_FILE``, default ``config/users.yaml``)."""
    return _path("TPMAP_USERS_FILE", "config/users.yaml")


def session_hours() -> float:
    """Return the lifetime of a sign-in session in hours (``TPMAP_SESSION_HOURS``, default 12)."""
    return float(os.environ.get("TPMAP_SESSION_HOURS", "12"))


def signin_max_failures() -> int:
    """Return the wrong passwords that lock a user name (``TPMAP_SIGNIN_MAX_FAILURES``, 5)."""
    return int(os.environ.get("TPMAP_SIGNIN_MAX_FAILURES", "5"))


def signin_lockout_minutes() -> float:
    """Return the lockout window and length in minutes (``TPMAP_SIGNIN_LOCKOUT_MINUTES``, 15)."""
    return float(os.environ.get("TPMAP_SIGNIN_LOCKOUT_MINUTES", "15"))


def cookie_secure() -> str:
    """Return when the session cookie carries ``Secure``: ``auto``, ``always`` or ``never``.

    From ``TPMAP_COOKIE_SECURE`` (default ``auto``: when the request came over HTTPS).

    Raises
    ------
    ValueError
        For any other value, naming the variable.
    """
    value = os.environ.get("TPMAP_COOKIE_SECURE", "auto").strip().lower() or "auto"
    if value not in ("auto", "always", "never"):
        raise ValueError(f"TPMAP_COOKIE_SECURE must be auto, always or never, got {value!r}")
    return value


def audit_db() -> Path:
    """Return the export audit log file (``TPMAP_AUDIT_DB``, default ``data/audit.sqlite``)."""
    return _path("TPMAP_AUDIT_DB", "data/audit.sqlite")


def pseudonym_key() -> str | None:
    """Return the key of household and person pseudonyms (``TPMAP_PSEUDONYM_KEY``), or None."""
    return os.environ.get("TPMAP_PSEUDONYM_KEY", "").strip() or None


def pseudonym_key_file() -> Path:
    """Return the file that holds the pseudonym key when ``TPMAP_PSEUDONYM_KEY`` is unset."""
    return _path("TPMAP_PSEUDONYM_KEY_FILE", "data/pseudonym.key")


def logbook_url() -> str:
    """Return the Logbook's SQLAlchemy URL (``TPMAP_LOGBOOK_URL``, default a SQLite file)."""
    raw = os.environ.get("TPMAP_LOGBOOK_URL", "").strip()
    return raw or f"sqlite:///{PROJECT_ROOT / 'data' / 'logbook.sqlite'}"


def referral_overdue_days() -> int:
    """Return the days after which an open referral is overdue (``TPMAP_REFERRAL_OVERDUE_DAYS``).

    Raises
    ------
    ValueError
        If the value is not a whole number of days, 1 or more.
    """
    raw = os.environ.get("TPMAP_REFERRAL_OVERDUE_DAYS", "").strip() or "30"
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"TPMAP_REFERRAL_OVERDUE_DAYS must be a whole number of days, got {raw!r}")
    return int(raw)


def default_k() -> float | None:
    """Return the cut-off k from ``TPMAP_K``; ``None`` means the union rule."""
    raw = os.environ.get("TPMAP_K", "").strip()
    return float(raw) if raw else None


LOW_INCOME_LINE = float(os.environ.get("TPMAP_LOW_INCOME_LINE", "100000"))
INCOME_LINE = float(os.environ.get("TPMAP_INCOME_LINE", "38000"))
DEFAULT_SEED = int(os.environ.get("TPMAP_SEED", "2566"))
PILOT_PROVINCES = ("41", "60", "19")
#: H thresholds (share of MPI-poor persons) for the star rating, 5 stars first:
#: H < 5% -> 5 stars, < 10% -> 4, < 15% -> 3, < 25% -> 2, else 1.
STAR_THRESHOLDS = (0.05, 0.10, 0.15, 0.25)


def api_min_cell() -> int:
    """Return the largest count the data service suppresses (``TPMAP_API_MIN_CELL``, 4).

    Raises
    ------
    ValueError
        Unless the value is a whole number from 1 to 4, naming the variable.
    """
    raw = os.environ.get("TPMAP_API_MIN_CELL", "4").strip() or "4"
    if not raw.isdigit() or not 1 <= int(raw) <= 4:
        raise ValueError(f"TPMAP_API_MIN_CELL must be a whole number from 1 to 4, got {raw!r}")
    return int(raw)


def api_rate_limit() -> int:
    """Return the requests a minute allowed per data-service token (``TPMAP_API_RATE_LIMIT``, 60).

    Raises
    ------
    ValueError
        Unless the value is a whole number of at least 1, naming the variable.
    """
    raw = os.environ.get("TPMAP_API_RATE_LIMIT", "60").strip() or "60"
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"TPMAP_API_RATE_LIMIT must be a whole number of at least 1, got {raw!r}")
    return int(raw)
