"""Shared fixtures: one pilot build per test session.

``pilot_build`` builds the three pilot provinces (Udon Thani 41, Nakhon Sawan
60, Saraburi 19) with seed 2566 into a session temp folder, once (about 40 s);
every test file that needs built data reuses it, read-only. ``pilot_con`` is a
read-only DuckDB connection to it (:func:`queries.figures.connect`).
``pilot_households`` is ``households.parquet`` read with pandas, for tests that
recompute figures independently of the queries.

Tests must not write into the pilot build: copy it (``shutil.copytree``) first.

No test touches the developer's own stores: the export audit log
(``TPMAP_AUDIT_DB``) and the Logbook (``TPMAP_LOGBOOK_URL``) point into a
temporary folder for the whole session (set here, before any test runs, so
subprocesses inherit them); a test that needs its own store sets its own.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest

PILOT_PROVINCES = ("41", "60", "19")
PILOT_SEED = 2566

_STORES = tempfile.mkdtemp(prefix="tpmap-test-stores-")
os.environ["TPMAP_AUDIT_DB"] = str(Path(_STORES) / "audit.sqlite")
os.environ["TPMAP_LOGBOOK_URL"] = f"sqlite:///{Path(_STORES) / 'logbook.sqlite'}"
os.environ["TPMAP_PSEUDONYM_KEY_FILE"] = str(Path(_STORES) / "pseudonym.key")
# The servers the suite starts warm their caches down to the districts only: warming every
# subdistrict is 20-40 s of background work per server start on two cores, beside Chromium.
# tests/test_warm_start.py warms the subdistricts explicitly.
os.environ["TPMAP_WARM_SUBDISTRICTS"] = "off"


@pytest.fixture(scope="session")
def pilot_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the pilot provinces once per session; return the build folder."""
    from data_loaders.build import build

    out = tmp_path_factory.mktemp("pilot") / "build"
    return build(out=out, provinces=PILOT_PROVINCES, seed=PILOT_SEED)


@pytest.fixture(scope="session")
def pilot_con(pilot_build: Path):
    """Read-only DuckDB connection to the pilot build."""
    from queries.figures import connect

    con = connect(pilot_build)
    yield con
    con.close()


@pytest.fixture(scope="session")
def pilot_households(pilot_build: Path) -> pd.DataFrame:
    """The pilot build's ``households.parquet`` as written (do not modify)."""
    return pd.read_parquet(pilot_build / "households.parquet")


@pytest.fixture()
def os_account_national(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Let the command lines act as the demo ``national`` user without a password.

    Writes the demo users file with ``os_account:`` of the account running
    the tests on ``national`` (``access.cli``), points ``TPMAP_USERS_FILE``
    at it and, unless a test set one already, ``TPMAP_AUDIT_DB`` at a temp
    file. Returns the users file.
    """
    import os

    from signin_support import os_account_users_file

    path = os_account_users_file(tmp_path)
    monkeypatch.setenv("TPMAP_USERS_FILE", str(path))
    if "TPMAP_AUDIT_DB" not in os.environ:
        monkeypatch.setenv("TPMAP_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    return path
