"""The PDF report's map and charts: drawn once per build, area, filters, language (issue 13)."""

from __future__ import annotations

import os

import pytest

import reports
from reports import charts
from reports.content import ReportSettings


@pytest.fixture()
def drawn(monkeypatch):
    calls: list[str] = []
    for name in ("child_map_png", "dimension_bar_png", "indicator_bar_png"):
        monkeypatch.setattr(
            charts, name, lambda *args, _n=name: calls.append(_n) or f"{_n}{len(calls)}".encode()
        )
    monkeypatch.setattr(reports, "_images", type(reports._images)())
    return calls


def test_images_are_reused_for_the_same_key_and_drawn_anew_otherwise(drawn, tmp_path):
    store = tmp_path / "tpmap.duckdb"
    store.write_bytes(b"x")
    thai = ReportSettings(lang="th")
    first = reports.report_images(None, tmp_path, "41", thai)
    assert reports.report_images(None, tmp_path, "41", thai) == first
    assert (
        reports.report_images(None, tmp_path, "41", ReportSettings(lang="th", viewer=None)) == first
    )
    assert len(drawn) == 3  # one map, two charts
    english = reports.report_images(None, tmp_path, "41", ReportSettings(lang="en"))
    other_area = reports.report_images(None, tmp_path, "60", thai)
    card = reports.report_images(
        None, tmp_path, "41", ReportSettings(lang="th", welfare_card="with")
    )
    assert (
        len(drawn) == 12
        and len({first["map"], english["map"], other_area["map"], card["map"]}) == 4
    )
    os.utime(store, ns=(store.stat().st_atime_ns, store.stat().st_mtime_ns + 10**9))  # rebuilt
    assert reports.report_images(None, tmp_path, "41", thai)["map"] != first["map"]


def test_only_the_last_entries_are_kept(drawn, tmp_path, monkeypatch):
    monkeypatch.setattr(reports, "IMAGE_CACHE_ENTRIES", 2)
    for code in ("41", "60", "19", "41"):
        reports.report_images(None, tmp_path, code, ReportSettings())
    assert len(drawn) == 12  # 41 was dropped when 19 came, and drawn again
