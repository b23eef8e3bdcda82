"""Sign-in helpers for the tests (not a test module).

AppTest has no HTTP request, so it cannot post the ``/signin`` form nor
carry a cookie (``st.context.cookies`` is empty there). :func:`signed_in_app`
does what ``POST /signin`` does — the real password check
(:func:`access.signin.sign_in`, with its lockout and log) and a server-side
session (:func:`access.sessions.start`) — and hands the AppTest the
session's token as its cookie by replacing
:func:`components.auth.request_cookies`; from there every run goes through
the app's real gate (:func:`components.auth.require_user`).
:func:`os_account_users_file` writes a users file mapping the account that
runs the tests, for the command lines (:mod:`access.cli`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

import settings
from access import sessions
from access.cli import os_account
from access.signin import SIGNED_IN, sign_in
from access.users import current_users
from apptest_support import app_test


def session_cookie(username: str, password: str | None = None) -> dict[str, str]:
    """Check ``username``'s password as the sign-in form does and return the session cookie.

    Raises
    ------
    AssertionError
        If the password is wrong or the name locked.
    """
    config = current_users(settings.users_file())
    result = sign_in(config, username, password or username, method="password", client="test")
    assert result.outcome == SIGNED_IN, result
    token = sessions.start(
        settings.audit_db(), result.user.username, "password", settings.session_hours()
    )
    return {config.cookie_name: token}


def give_cookies(monkeypatch: pytest.MonkeyPatch, cookies: dict[str, str]) -> None:
    """Make the app's gate see ``cookies`` as the browser's (for AppTest runs)."""
    from components import auth

    monkeypatch.setattr(auth, "request_cookies", lambda: dict(cookies))


def signed_in_app(
    monkeypatch: pytest.MonkeyPatch, area: str | None, username: str, password: str | None = None
) -> AppTest:
    """Return an AppTest of ``app.py`` signed in as ``username`` (password = name for demo users).

    ``TPMAP_AUTH`` must be on. The first run has been made.
    """
    give_cookies(monkeypatch, session_cookie(username, password))
    at = app_test(area)
    at.run()
    return at


def os_account_users_file(tmp_path: Path, username: str = "national") -> Path:
    """Write the demo users file with ``os_account`` of this process on ``username``; return it."""
    raw = yaml.safe_load((settings.PROJECT_ROOT / "config" / "users.yaml").read_text("utf-8"))
    raw["users"][username]["os_account"] = os_account()
    path = tmp_path / "users.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path
