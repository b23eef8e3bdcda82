"""Who runs a command: the one identity check of every command line (issue 19).

A command acts as a user of ``config/users.yaml`` only

- with ``--user NAME`` and that user's password: asked with ``getpass``
  on a terminal; read as the first line of standard input when it is not a
  terminal (a pipe, a test). The check is the web form's
  (:func:`access.signin.sign_in`: the same lockout, timing and sign-in
  log); a password is never taken from the command line itself, where
  other users of the machine see it in the process list;
- or, without ``--user``, as the user whose ``os_account`` is the
  operating-system account running the command. That account is read from
  the process's user id (``pwd``), not from ``$USER``/``$LOGNAME``, which
  anyone can set.

Otherwise the command is refused (exit code 2) with a message saying both
ways, and the refusal is logged. The identity carries the OS account, so
the audit row records who really ran the command.
"""

from __future__ import annotations

import getpass
import os
import pwd
import sys
from dataclasses import dataclass
from typing import TextIO

import settings
from access import signin_log
from access.roles import User
from access.signin import LOCKED, SIGNED_IN, normalise_username, sign_in
from access.users import UserConfig, current_users, user_for_os_account

USER_HELP = (
    "act as this user of the users file; asks for the user's password "
    "(read from the first line of standard input when it is not a terminal)"
)


class CliIdentityError(ValueError):
    """The command may not act as anyone: no valid credential; the message says what to do."""


@dataclass(frozen=True)
class CliIdentity:
    """Who a command acts as, and who ran it.

    Attributes
    ----------
    user : User
        The user of the users file whose rights apply.
    os_account : str
        The operating-system account that ran the command.
    method : str
        ``password`` (``--user`` with its password) or ``os_account``.
    """

    user: User
    os_account: str
    method: str


def os_account() -> str:
    """Return the operating-system account of this process (from its user id, not the env)."""
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # a user id without a passwd entry (some containers)
        return f"uid{os.getuid()}"


def read_password(prompt: str, stdin: TextIO | None = None) -> str:
    """Return a password: asked on a terminal, else the first line of ``stdin``.

    Parameters
    ----------
    prompt : str
        Shown on the terminal (standard error), e.g. ``"password for analyst: "``.
    stdin : TextIO, optional
        Default ``sys.stdin``.

    Returns
    -------
    str
        The password without its line end; ``""`` when the input is empty.
    """
    stream = stdin or sys.stdin
    if stream.isatty():
        try:
            return getpass.getpass(prompt)
        except EOFError:
            return ""
    return stream.readline().rstrip("\r\n")


def identify(
    username: str | None,
    *,
    config: UserConfig | None = None,
    stdin: TextIO | None = None,
) -> CliIdentity:
    """Return who the command acts as, or refuse.

    Parameters
    ----------
    username : str or None
        ``--user``; None to act as the user mapped to the OS account.
    config : UserConfig, optional
        Default the users file ``settings.users_file()``.
    stdin : TextIO, optional
        Where a piped password is read (default ``sys.stdin``).

    Returns
    -------
    CliIdentity

    Raises
    ------
    CliIdentityError
        Wrong password, a locked user name, or no ``--user`` and an OS
        account that no user maps; the try is in the sign-in log.
    access.users.UserConfigError
        If the users file is missing or malformed.
    """
    config = config or current_users(settings.users_file())
    account = os_account()
    client = f"os:{account}"
    if username:
        name = normalise_username(username)
        password = read_password(f"password for {name}: ", stdin)
        result = sign_in(config, name, password, method="cli", client=client)
        if result.outcome == SIGNED_IN:
            return CliIdentity(result.user, account, "password")
        if result.outcome == LOCKED or result.locked_until is not None:
            until = result.locked_until.isoformat(timespec="minutes")
            raise CliIdentityError(
                f"user name {name!r} is locked after too many wrong passwords, until {until} UTC"
            )
        raise CliIdentityError(f"wrong user name or password for {name!r}")
    user = user_for_os_account(config, account)
    if user is not None:
        signin_log.record_event(
            settings.audit_db(), user.username, "signed_in", "cli", client=client, detail="os"
        )
        return CliIdentity(user, account, "os_account")
    signin_log.record_event(
        settings.audit_db(), account, "cli_refused", "cli", client=client, detail="no --user"
    )
    raise CliIdentityError(
        f"the operating-system account {account!r} is not mapped to a user of "
        f"{settings.users_file()} (os_account:): give --user NAME (its password is asked), "
        "or ask your administrator to map the account"
    )
