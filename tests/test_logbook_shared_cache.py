"""The Logbook rows and Progress tables are shared, not copied (issue 13).

``app_data.logbook_data.frames`` and ``progress`` are ``st.cache_resource``
entries: every session reads the same objects. ``st.cache_data`` pickled a
copy for every reader, which at national scale cost seconds a view (the
household search reads the area's progress for its team list: 7.06 s again
and again). Shared objects are safe only while no page changes them, so
this test opens every page that reads them (Progress, Households, Logbook,
Change with its help outcomes, Overview, Reports), builds a report from
the shared rows, and then checks that the cache hands out the very same
objects, equal to copies taken before.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st

import reports
from apptest_support import app_test
from logbook import store
from logbook.synthetic import generate_history
from roles_support import NATIONAL

CODE = "4101"
PAGES = ("progress", "households", "logbook", "change", "overview", "reports")


def _equal(left, right) -> None:
    """Assert two cached values are equal: frames cell by cell, the rest with ==."""
    if isinstance(left, pd.DataFrame):
        pd.testing.assert_frame_equal(left, right)
    elif isinstance(left, dict):
        assert left.keys() == right.keys()
        for key in left:
            _equal(left[key], right[key])
    else:
        assert left == right


@pytest.fixture()
def seeded(pilot_build: Path, pilot_con, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The pilot build and a Logbook holding a synthetic year of district 4101."""
    url = f"sqlite:///{tmp_path / 'logbook.sqlite'}"
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    monkeypatch.setenv("TPMAP_LOGBOOK_URL", url)
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    monkeypatch.setenv("TPMAP_AUTH", "off")
    store.add_records(store.engine_for(url), generate_history(pilot_con, date.today(), 5, CODE))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield url
    st.cache_data.clear()
    st.cache_resource.clear()
    store.dispose(url)


def test_pages_and_reports_leave_the_shared_logbook_tables_unchanged(
    seeded: str, pilot_build: Path, pilot_con, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app_data import data, logbook_data
    from logbook import stats

    computed: list = []
    real = stats.target_status
    monkeypatch.setattr(
        stats, "target_status", lambda *a, **k: computed.append(a[2]) or real(*a, **k)
    )

    build = data.round_key(None)
    version = logbook_data.version()
    rows = logbook_data.frames(seeded, CODE, version)
    shared = logbook_data.progress(build, seeded, CODE, version)
    # The synthetic year holds every kind of row the pages read.
    assert min(len(rows[name]) for name in ("visits", "help", "stages")) > 0
    assert len(shared["status"]) > 0
    rows_before = copy.deepcopy(rows)
    progress_before = copy.deepcopy(shared)

    at = app_test(CODE)
    at.run()
    for page in PAGES:
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
    # The pages read the entries filled above (the district's progress was computed once).
    assert computed.count(CODE) == 1
    made = reports.generate(
        pilot_con,
        CODE,
        "xlsx",
        pilot_build,
        logbook_url=seeded,
        viewer=NATIONAL,
        logbook_frames=rows,
    )
    assert len(made) > 1000

    # The same objects came back (shared, not copies), unchanged by any reader.
    assert logbook_data.frames(seeded, CODE, version) is rows
    assert logbook_data.progress(build, seeded, CODE, version) is shared
    _equal(rows, rows_before)
    _equal(shared, progress_before)
