"""The command line is not a back door (issue 19): credential or mapped OS account, else exit 2.

Each command runs as a subprocess, the way an operator runs it, with the
password piped on standard input (never on the command line). Demo users
of ``config/users.yaml``: each password is the user name.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import bcrypt
import pytest

from access import audit, signin_log
from access.cli import os_account
from signin_support import os_account_users_file

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def env(pilot_build: Path, tmp_path: Path) -> dict[str, str]:
    """Environment of the commands: the pilot build, a temp audit file, the demo users."""
    return {
        **os.environ,
        "TPMAP_BUILD_DIR": str(pilot_build),
        "TPMAP_AUDIT_DB": str(tmp_path / "audit.sqlite"),
        "TPMAP_USERS_FILE": str(ROOT / "config" / "users.yaml"),
        "TPMAP_LOGBOOK_URL": f"sqlite:///{tmp_path / 'logbook.sqlite'}",
    }


def run(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )


EXPORT = ("exports", "--area", "4101", "--level", "household", "--format", "csv")


def test_commands_without_a_credential_are_refused(env, tmp_path):
    out = tmp_path / "x.csv"
    for args in (
        (*EXPORT, "--output", str(out)),
        ("reports", "--area", "41", "--format", "xlsx", "--output", str(tmp_path / "r.xlsx")),
        ("logbook", "import", str(tmp_path / "none.csv")),
    ):
        done = run(env, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert "not mapped to a user" in done.stderr and "--user" in done.stderr
        assert "Traceback" not in done.stderr
    assert not out.exists() and not (tmp_path / "r.xlsx").exists()
    events = signin_log.read_events(env["TPMAP_AUDIT_DB"])
    assert events["event"].tolist() == ["cli_refused"] * 3
    assert set(events["client"]) == {f"os:{os_account()}"}


def test_the_role_back_door_is_gone_and_a_wrong_password_is_refused(env, tmp_path):
    out = tmp_path / "x.csv"
    done = run(env, *EXPORT, "--role", "national", "--output", str(out))
    assert done.returncode == 2 and "unrecognized arguments: --role" in done.stderr
    done = run(env, *EXPORT, "--user", "national", "--output", str(out), stdin="national-ish\n")
    assert done.returncode == 2 and "wrong user name or password" in done.stderr
    assert not out.exists()
    events = signin_log.read_events(env["TPMAP_AUDIT_DB"])
    assert events[["username", "method", "event"]].values.tolist() == [
        ["national", "cli", "wrong_password"]
    ]
    assert "national-ish" not in events.astype(str).to_string()


def test_the_right_password_is_accepted_and_audited_under_that_user(env, tmp_path):
    out = tmp_path / "x.csv"
    done = run(
        env,
        *EXPORT,
        "--user",
        "chief_mueang_udon",
        "--output",
        str(out),
        stdin=("chief_mueang_udon\n"),
    )
    assert done.returncode == 0, done.stderr
    assert "as chief_mueang_udon (district_chief)" in done.stdout
    log = audit.read_exports(env["TPMAP_AUDIT_DB"])
    assert log[["username", "role", "source"]].values.tolist() == [
        ["chief_mueang_udon", "district_chief", "cli"]
    ]
    assert log["os_account"].tolist() == [os_account()]  # who really ran it
    # The chief's credential does not open another district.
    other = run(
        env,
        *EXPORT[:2],
        "4102",
        *EXPORT[3:],
        "--user",
        "chief_mueang_udon",
        "--output",
        str(tmp_path / "y.csv"),
        stdin="chief_mueang_udon\n",
    )
    assert other.returncode == 2 and "may not see" in other.stderr


def test_the_mapped_os_account_acts_as_its_user(env, tmp_path):
    env = {**env, "TPMAP_USERS_FILE": str(os_account_users_file(tmp_path, "analyst"))}
    out = tmp_path / "x.csv"
    done = run(env, *EXPORT, "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert "as analyst (analyst)" in done.stdout and "masked" in done.stdout
    log = audit.read_exports(env["TPMAP_AUDIT_DB"])
    assert log[["username", "os_account"]].values.tolist() == [["analyst", os_account()]]
    # $USER is not the account: setting it to another name changes nothing.
    spoofed = run({**env, "USER": "somebody", "LOGNAME": "somebody"}, *EXPORT, "--output", str(out))
    assert spoofed.returncode == 0 and "as analyst" in spoofed.stdout
    assert audit.read_exports(env["TPMAP_AUDIT_DB"])["os_account"].tolist() == [os_account()] * 2
    # The report command acts as the same user, and its audit row says who ran it.
    report = run(
        env, "reports", "--area", "41", "--format", "xlsx", "--output", str(tmp_path / "r.xlsx")
    )
    assert report.returncode == 0, report.stderr
    row = audit.read_exports(env["TPMAP_AUDIT_DB"]).iloc[0]
    assert (row["username"], row["source"], row["os_account"]) == ("analyst", "cli", os_account())


def test_hash_password_reads_a_piped_password(env):
    done = run(env, "access", "hash-password", stdin="s3cret-พาส\n")
    assert done.returncode == 0, done.stderr
    assert bcrypt.checkpw("s3cret-พาส".encode(), done.stdout.strip().encode())
    differ = run(env, "access", "hash-password", stdin="one\ntwo\n")
    assert differ.returncode == 2 and "differ" in differ.stderr
    empty = run(env, "access", "hash-password", stdin="")
    assert empty.returncode == 2 and "Traceback" not in empty.stderr
