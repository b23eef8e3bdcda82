"""Users of the dashboard: read from ``config/users.yaml``, passwords as bcrypt hashes.

File format (``TPMAP_USERS_FILE``, default ``config/users.yaml``)::

    cookie:
      name: tpmap_auth        # sign-in cookie (its key comes from TPMAP_AUTH_COOKIE_KEY)
      expiry_days: 0.5
    users:
      chief_mueang_udon:
        name: นายอำเภอเมืองอุดรธานี (สาธิต)
        role: district_chief  # see access.roles.ROLES
        area: "4101"          # DOPA code of the user's scope; omit for the whole country
        password_hash: "$2b$12$..."   # python -m access hash-password

Plain-text passwords are refused: only bcrypt hashes are accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import bcrypt
import yaml

from access.roles import User

LOCAL_USERNAME = "local"


class UserConfigError(ValueError):
    """The users file is missing or malformed; the message names the file and the user."""


@dataclass(frozen=True)
class Account:
    """A user and their bcrypt password hash."""

    user: User
    password_hash: str


@dataclass(frozen=True)
class UserConfig:
    """The users file: accounts by username, and the sign-in cookie settings."""

    accounts: dict[str, Account]
    cookie_name: str = "tpmap_auth"
    cookie_expiry_days: float = 0.5


def hash_password(password: str) -> str:
    """Return a bcrypt hash (cost 12) of ``password`` for the users file."""
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(12)).decode()


def _is_bcrypt(value: str) -> bool:
    prefixes = ("$2a$", "$2b$", "$2y$")
    return isinstance(value, str) and value.startswith(prefixes) and len(value) == 60


def load_users(path: Path | str) -> UserConfig:
    """Read and check the users file.

    Raises
    ------
    UserConfigError
        If the file is missing or unreadable, a user lacks a field, has an
        unknown role, an area that does not fit the role, or a password that
        is not a bcrypt hash.
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise UserConfigError(f"{path}: users file not found (set TPMAP_USERS_FILE)") from None
    except yaml.YAMLError as exc:
        raise UserConfigError(f"{path}: not valid YAML ({exc})") from None
    users = raw.get("users")
    if not isinstance(users, dict) or not users:
        raise UserConfigError(f"{path}: no 'users' mapping")
    accounts: dict[str, Account] = {}
    for username, entry in users.items():
        name = str(username).strip().lower()
        if not isinstance(entry, dict):
            raise UserConfigError(f"{path}: user {name!r}: expected a mapping")
        missing = [k for k in ("name", "role", "password_hash") if not entry.get(k)]
        if missing:
            raise UserConfigError(f"{path}: user {name!r}: missing {', '.join(missing)}")
        if not _is_bcrypt(str(entry["password_hash"])):
            raise UserConfigError(
                f"{path}: user {name!r}: password_hash is not a bcrypt hash "
                "(make one with `python -m access hash-password`)"
            )
        area = entry.get("area")
        try:
            user = User(name, str(entry["name"]), str(entry["role"]), str(area) if area else None)
        except ValueError as exc:
            raise UserConfigError(f"{path}: {exc}") from None
        accounts[name] = Account(user, str(entry["password_hash"]))
    cookie = raw.get("cookie") or {}
    return UserConfig(
        accounts,
        cookie_name=str(cookie.get("name", "tpmap_auth")),
        cookie_expiry_days=float(cookie.get("expiry_days", 0.5)),
    )


def authenticate(config: UserConfig, username: str, password: str) -> User | None:
    """Return the user when the password matches its hash, else None."""
    account = config.accounts.get(str(username).strip().lower())
    if account is None or not password:
        return None
    if bcrypt.checkpw(password.encode(), account.password_hash.encode()):
        return account.user
    return None


def local_user() -> User:
    """Return the local national user signed in when ``TPMAP_AUTH=off`` (single-user use, tests)."""
    return User(LOCAL_USERNAME, "ผู้ใช้ในเครื่อง (local)", "national", None)
