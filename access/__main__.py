"""Command line of the access package.

``python -m access hash-password`` asks for a password twice (on a terminal;
piped, it reads the first line of standard input, and a second line when
given must repeat it) and prints its bcrypt hash, to paste as
``password_hash`` in ``config/users.yaml``.
``python -m access users`` lists the users of the users file with their role and area.
"""

from __future__ import annotations

import argparse
import sys

import settings
from access.cli import read_password
from access.users import UserConfigError, hash_password, load_users


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 2 bad input)."""
    parser = argparse.ArgumentParser(prog="python -m access")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("hash-password", help="print the bcrypt hash of a password")
    sub.add_parser("users", help="list the users of the users file")
    args = parser.parse_args(argv)
    if args.command == "hash-password":
        first = read_password("password: ")
        if sys.stdin.isatty():
            again = read_password("again: ")
        else:  # piped: an optional second line must repeat the first
            again = sys.stdin.readline().rstrip("\r\n") or first
        if not first or first != again:
            print("error: empty password, or the two entries differ", file=sys.stderr)
            return 2
        try:
            print(hash_password(first))
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        return 0
    try:
        config = load_users(settings.users_file())
    except UserConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for account in config.accounts.values():
        user = account.user
        print(f"{user.username:<22}{user.role:<16}{user.area_code or 'all':<10}{user.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
