"""Users of the dashboard: read from ``config/users.yaml``, passwords as bcrypt hashes.

File format (``TPMAP_USERS_FILE``, default ``config/users.yaml``)::

    session:
      cookie_name: tpmap_session  # the password sign-in's HttpOnly session cookie
    users:
      chief_mueang_udon:
        name: นายอำเภอเมืองอุดรธานี (สาธิต)
        role: district_chief  # see access.roles.ROLES
        area: "4101"          # DOPA code of the user's scope; omit for the whole country
        password_hash: "$2b$12$..."   # python -m access hash-password
        oidc_subject: "f3a1..."       # identity provider's `sub` for this person
        email: chief@example.go.th    # or the provider's verified e-mail
        os_account: somchai           # operating-system account for the command line

A user needs at least one way in: ``password_hash``, ``oidc_subject``,
``email`` or ``os_account``. Plain-text passwords are refused: only bcrypt
hashes are accepted. A subject, e-mail or OS account may belong to one user
only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import bcrypt
import yaml

from access.roles import User

LOCAL_USERNAME = "local"


class UserConfigError(ValueError):
    """The users file is missing or malformed; the message names the file and the user."""


@dataclass(frozen=True)
class Account:
    """A user and the ways they sign in.

    Attributes
    ----------
    user : User
    password_hash : str or None
        bcrypt hash; None for a user who signs in only through the identity
        provider or the operating-system account.
    oidc_subject : str or None
        The identity provider's ``sub`` claim for this person.
    email : str or None
        The identity provider's e-mail for this person (lower case).
    os_account : str or None
        Operating-system account that acts as this user on the command line.
    """

    user: User
    password_hash: str | None
    oidc_subject: str | None = None
    email: str | None = None
    os_account: str | None = None


@dataclass(frozen=True)
class UserConfig:
    """The users file: accounts by username, and the session cookie's name."""

    accounts: dict[str, Account]
    cookie_name: str = "tpmap_session"
    #: bcrypt cost of the file's hashes (the highest), for the dummy check of unknown names.
    bcrypt_cost: int = field(default=12, repr=False)


def hash_password(password: str) -> str:
    """Return a bcrypt hash (cost 12) of ``password`` for the users file.

    Raises
    ------
    ValueError
        If the password is longer than 72 bytes (bcrypt reads no more).
    """
    data = password.encode()
    if len(data) > 72:
        raise ValueError(f"password is {len(data)} bytes long; bcrypt reads at most 72")
    return bcrypt.hashpw(data, bcrypt.gensalt(12)).decode()


def _optional(entry: dict, key: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    return str(value).strip() or None


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
    owners: dict[tuple[str, str], str] = {}
    for username, entry in users.items():
        name = str(username).strip().lower()
        if not isinstance(entry, dict):
            raise UserConfigError(f"{path}: user {name!r}: expected a mapping")
        missing = [k for k in ("name", "role") if not entry.get(k)]
        if missing:
            raise UserConfigError(f"{path}: user {name!r}: missing {', '.join(missing)}")
        password_hash = _optional(entry, "password_hash")
        if password_hash is not None and not _is_bcrypt(password_hash):
            raise UserConfigError(
                f"{path}: user {name!r}: password_hash is not a bcrypt hash "
                "(make one with `python -m access hash-password`)"
            )
        links = {key: _optional(entry, key) for key in ("oidc_subject", "email", "os_account")}
        if links["email"]:
            links["email"] = links["email"].lower()
        if password_hash is None and not any(links.values()):
            raise UserConfigError(
                f"{path}: user {name!r}: no way to sign in "
                "(give password_hash, oidc_subject, email or os_account)"
            )
        for key, value in links.items():
            if value is None:
                continue
            other = owners.setdefault((key, value), name)
            if other != name:
                raise UserConfigError(
                    f"{path}: user {name!r}: {key} {value!r} belongs to user {other!r} already"
                )
        area = entry.get("area")
        try:
            user = User(name, str(entry["name"]), str(entry["role"]), str(area) if area else None)
        except ValueError as exc:
            raise UserConfigError(f"{path}: {exc}") from None
        accounts[name] = Account(user, password_hash, **links)
    session = raw.get("session") or {}
    costs = [int(a.password_hash[4:6]) for a in accounts.values() if a.password_hash]
    _dummy_hash(max(costs, default=12))  # made now, so no sign-in pays for it
    return UserConfig(
        accounts,
        cookie_name=str(session.get("cookie_name", "tpmap_session")),
        bcrypt_cost=max(costs, default=12),
    )


def current_users(path: Path | str) -> UserConfig:
    """Return :func:`load_users` of ``path``, read again only when the file changes.

    Raises
    ------
    UserConfigError
        As :func:`load_users`.
    """
    path = Path(path)
    try:
        modified = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise UserConfigError(f"{path}: users file not found (set TPMAP_USERS_FILE)") from None
    return _users_at(str(path), modified)


@lru_cache(maxsize=8)
def _users_at(path: str, modified: int) -> UserConfig:
    return load_users(path)


@lru_cache(maxsize=4)
def _dummy_hash(cost: int) -> bytes:
    """Return a bcrypt hash of a random password at ``cost`` (made once per cost)."""
    return bcrypt.hashpw(bcrypt.gensalt(4) + b"dummy", bcrypt.gensalt(cost))


def authenticate(config: UserConfig, username: str, password: str) -> User | None:
    """Return the user when the password matches its hash, else None.

    Takes the same time for a user name that does not exist, one without a
    password, and a wrong password: each runs one bcrypt check at the cost of
    the file's hashes (against a dummy hash when there is no real one), so the
    response time does not tell which names exist (issue 19; OWASP
    Authentication Cheat Sheet, "Authentication Responses").
    """
    account = config.accounts.get(str(username).strip().lower())
    stored = account.password_hash.encode() if account and account.password_hash else None
    # bcrypt reads at most 72 bytes (bcrypt 5 refuses longer input rather than cut it).
    typed = (password or "").encode()[:72]
    matched = bcrypt.checkpw(typed, stored or _dummy_hash(config.bcrypt_cost))
    if matched and stored is not None and password:
        return account.user
    return None


def user_for_identity(config: UserConfig, claims: dict) -> User | None:
    """Return the user an identity-provider identity maps to, or None.

    Parameters
    ----------
    config : UserConfig
    claims : dict
        ``st.user``: the ID token's claims (``sub``, ``email``,
        ``email_verified`` …).

    Returns
    -------
    User or None
        The user whose ``oidc_subject`` equals ``sub``; else the user whose
        ``email`` equals the claim's e-mail (ignoring case) unless the
        provider says the e-mail is not verified; else None.
    """
    subject = str(claims.get("sub") or "").strip()
    email = str(claims.get("email") or "").strip().lower()
    verified = claims.get("email_verified") not in (False, "false")
    for account in config.accounts.values():
        if subject and account.oidc_subject == subject:
            return account.user
    for account in config.accounts.values():
        if email and verified and account.email == email:
            return account.user
    return None


def user_for_os_account(config: UserConfig, os_account: str) -> User | None:
    """Return the user whose ``os_account`` is ``os_account``, or None."""
    for account in config.accounts.values():
        if account.os_account and account.os_account == os_account:
            return account.user
    return None


def local_user() -> User:
    """Return the local national user signed in when ``TPMAP_AUTH=off`` (single-user use, tests)."""
    return User(LOCAL_USERNAME, "ผู้ใช้ในเครื่อง (local)", "national", None)
