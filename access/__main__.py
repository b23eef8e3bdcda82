"""Command line of the access package.

``python -m access hash-password`` asks for a password twice (on a terminal;
piped, it reads the first line of standard input, and a second line when
given must repeat it) and prints its bcrypt hash, to paste as
``password_hash`` in ``config/users.yaml``.
``python -m access users`` lists the users of the users file with their role and area.
``python -m access create-token --user NAME --days N`` makes an agency token of
the data service for that user (:mod:`access.tokens`) and prints it once;
``revoke-token ID`` revokes one, ``list-tokens`` lists them (never a secret).
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
    create = sub.add_parser("create-token", help="make a data-service token; printed once")
    create.add_argument("--user", required=True, help="user of the users file it acts as")
    create.add_argument("--days", type=float, default=90, help="lifetime in days (default 90)")
    revoke = sub.add_parser("revoke-token", help="revoke a data-service token")
    revoke.add_argument("token_id", help="the token's id (first part, list-tokens shows it)")
    sub.add_parser("list-tokens", help="list data-service tokens (ids, users, status)")
    args = parser.parse_args(argv)
    if args.command in ("create-token", "revoke-token", "list-tokens"):
        return _tokens(args)
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


def _tokens(args: argparse.Namespace) -> int:
    """Run the token commands; return the exit code (0 ok, 2 bad input)."""
    from access import tokens
    from access.cli import os_account

    path = settings.audit_db()
    try:
        if args.command == "create-token":
            config = load_users(settings.users_file())
            username = args.user.strip().lower()
            if username not in config.accounts:
                print(
                    f"error: --user {args.user!r}: no such user in the users file", file=sys.stderr
                )
                return 2
            token_id, token = tokens.create(path, username, args.days, created_by=os_account())
            user = config.accounts[username].user
            print(
                f"token {token_id} for {username} ({user.role}, area {user.area_code or 'all'}), "
                f"valid {args.days:g} days. It is shown only now; keep it secret:",
                file=sys.stderr,
            )
            print(token)
            return 0
        if args.command == "revoke-token":
            username = tokens.revoke(path, args.token_id)
            print(f"token {args.token_id.strip()} of {username} revoked")
            return 0
    except (UserConfigError, tokens.TokenError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    frame = tokens.list_tokens(path)
    if frame.empty:
        print("no tokens")
    for row in frame.itertuples():
        print(
            f"{row.token_id:<10}{row.username:<22}{row.status:<9}made {row.created_utc} "
            f"expires {row.expires_utc}"
            + (f" revoked {row.revoked_utc}" if row.status == "revoked" else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
