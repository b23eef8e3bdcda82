"""Data-service test support (not a test module): a users file for every role, a seeded Logbook.

The users are those of :mod:`roles_support` (one per role), written to a
users file with an ``os_account`` each as their way in (the data service
needs no password: tokens act as the user). The Logbook is the synthetic
history of the pilot build, written by ``python -m logbook seed-synthetic``
with a fixed end date.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from roles_support import ANALYST, CHIEF_4101, GOVERNOR_41, NATIONAL, OPS_410101

ROOT = Path(__file__).resolve().parents[1]
#: One user of each role, as in tests/roles_support.py.
ROLE_USERS = (NATIONAL, GOVERNOR_41, CHIEF_4101, OPS_410101, ANALYST)
LOGBOOK_END = "2026-06-30"


def users_file(folder: Path) -> Path:
    """Write a users file holding :data:`ROLE_USERS`; return its path."""
    users = {}
    for user in ROLE_USERS:
        entry = {"name": user.name, "role": user.role, "os_account": f"svc-{user.username}"}
        if user.area_code:
            entry["area"] = user.area_code
        users[user.username] = entry
    path = folder / "users.yaml"
    path.write_text(yaml.safe_dump({"users": users}, allow_unicode=True), encoding="utf-8")
    return path


def run_module(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m <args>`` from the project root; return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def seeded_logbook(build: Path, folder: Path) -> str:
    """Write the synthetic Logbook history of ``build`` to a SQLite file; return its URL."""
    url = f"sqlite:///{folder / 'logbook.sqlite'}"
    done = run_module(
        "logbook", "seed-synthetic", "--build-dir", str(build), "--db", url, "--end", LOGBOOK_END
    )
    assert done.returncode == 0, done.stderr
    return url
