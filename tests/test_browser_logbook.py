"""End-to-end in headless Chromium: a 10,000-row file imported on the Logbook page
moves the Progress page by what the file holds.

AppTest cannot upload a file, so this runs the real app (sign-in off: the
local single-user mode, which records) on the pilot build with an empty
SQLite Logbook. Expected figures come from the file itself: the households
with a visit row / a help row (the store was empty, so they are the new
surveyed / helped targets). Skipped without chromium unless REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from browser_support import (
    launch_chromium,
    require_browser_or_skip,
    running_app,
    wait_for_streamlit,
)
from logbook.sample import sample_rows

AREA = "4101"


def metric_value(page, label: str) -> int:
    """Return the integer value of the st.metric whose label is ``label``."""
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    text = metric.locator('[data-testid="stMetricValue"]').inner_text(timeout=60_000)
    return int(text.replace(",", ""))


def test_importing_ten_thousand_rows_moves_the_progress_page(
    pilot_build: Path, pilot_con, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    require_browser_or_skip()
    from playwright.sync_api import sync_playwright

    frame = sample_rows(pilot_con, AREA, 10_000, 42, date.today())
    path = tmp_path / "logbook_10000.csv"
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    visited = frame.loc[frame["record_type"] == "visit", "household_id"].nunique()
    helped = frame.loc[frame["record_type"] == "help", "household_id"].nunique()
    targets = pilot_con.execute(
        "SELECT count(*) FROM households WHERE target_group = '1.1' "
        "AND starts_with(village_code, ?)",
        [AREA],
    ).fetchone()[0]

    monkeypatch.setenv("TPMAP_AUTH", "off")
    monkeypatch.setenv("TPMAP_LOGBOOK_URL", f"sqlite:///{tmp_path / 'logbook.sqlite'}")
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    with running_app(pilot_build) as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/progress?area={AREA}", wait_until="domcontentloaded")
        wait_for_streamlit(page, timeout=120)
        assert metric_value(page, "ครัวเรือนเป้าหมาย") == targets
        assert metric_value(page, "สำรวจปัญหาแล้ว") == 0

        page.goto(f"{url}/logbook?area={AREA}", wait_until="domcontentloaded")
        wait_for_streamlit(page, timeout=120)
        page.get_by_role("tab", name="นำเข้าจากไฟล์").click()
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
        page.get_by_role("button", name="นำเข้า", exact=True).click(timeout=60_000)
        done = page.get_by_text(re.compile(r"นำเข้าแล้ว: อ่าน 10,000 แถว"))
        done.wait_for(timeout=180_000)
        assert "เพิ่ม" in done.inner_text()

        page.goto(f"{url}/progress?area={AREA}", wait_until="domcontentloaded")
        wait_for_streamlit(page, timeout=120)
        assert metric_value(page, "สำรวจปัญหาแล้ว") == visited
        assert metric_value(page, "ได้รับความช่วยเหลือแล้ว") == helped
        page.screenshot(path=str(tmp_path / "progress_after_import.png"), full_page=True)
        browser.close()
