"""In headless Chromium: the first click on Save always saves (issue 14).

The operations team of Mak Khaeng signs in through the real form, first
presses Save with no household (the "household is required" sentence
appears), then picks a household by typing its ID, types the team, chooses
two problems and clicks Save ONCE with a real pointer click at the button:
the visit is stored with both problems and the stale message is gone.

Before the fix the problems were a multiselect whose menu, after typing in
it, stayed open over the Save button: the first click chose the option
under the pointer instead of saving (3 of 3 tries). Skipped without
chromium unless REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from sqlalchemy import text

from browser_support import (
    launch_chromium,
    require_browser_or_skip,
    running_app,
    sign_in_through_form,
    wait_for_streamlit,
)
from logbook import store

AREA = "410101"


def _click_once(page, key: str) -> None:
    """Click the centre of a keyed button with the mouse, as a person does (no retry)."""
    button = page.locator(f".st-key-{key} button")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_typing_and_choosing_problems_then_one_click_on_save_stores_the_visit(
    pilot_build: Path, pilot_households: pd.DataFrame, tmp_path: Path, monkeypatch
):
    require_browser_or_skip()
    from playwright.sync_api import sync_playwright

    household = sorted(
        pilot_households.loc[
            (pilot_households["target_group"] == "1.1")
            & pilot_households["village_code"].str.startswith(AREA),
            "household_id",
        ]
    )[0]
    url = f"sqlite:///{tmp_path / 'logbook.sqlite'}"
    monkeypatch.setenv("TPMAP_AUTH", "on")
    monkeypatch.setenv("TPMAP_LOGBOOK_URL", url)
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    with running_app(pilot_build) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        sign_in_through_form(page, base, "ops_team", "ops_team", f"/logbook?area={AREA}")
        wait_for_streamlit(page, timeout=120)
        page.get_by_role("tab", name="สำรวจปัญหา").click()
        wait_for_streamlit(page, timeout=60)

        # Save with no household: the form says so.
        _click_once(page, "lb_visit_save")
        required = page.get_by_text("ช่อง “ครัวเรือน”: ต้องกรอกข้อมูลในช่องนี้")
        required.wait_for(timeout=60_000)

        picker = page.locator(".st-key-lb_visit_household input")
        picker.click()
        picker.type(household)
        page.keyboard.press("Enter")
        page.locator(".st-key-lb_visit_team input").fill("ทีมหมากแข้ง 1")
        for key, name in (
            ("lb_visit_problems_income", "คนอายุ 15-59 ปีมีอาชีพมีรายได้"),
            ("lb_visit_problems_living", "บ้านมั่นคง"),
        ):
            page.locator(f".st-key-{key} button", has_text=name).click()
        _click_once(page, "lb_visit_save")
        page.get_by_text(f"บันทึกแล้ว: ครัวเรือน {household}").wait_for(timeout=60_000)
        assert required.count() == 0  # the stale message is gone
        page.screenshot(path=str(tmp_path / "visit_saved.png"), full_page=True)
        browser.close()

    rows = store.read(
        store.engine_for(url), text("SELECT household_id, team, problems FROM survey_visits")
    )
    store.dispose(url)
    assert len(rows) == 1
    stored_household, team, problems = rows[0]
    assert (stored_household, team) == (household, "ทีมหมากแข้ง 1")
    problems = problems if isinstance(problems, list) else json.loads(problems)
    assert sorted(problems) == ["income_working_age_job", "living_secure_housing"]
