"""No page is empty at the country level (issue 20): AppTest of every panel with no area chosen.

The national role (``TPMAP_AUTH=off``: the local national user) opens each
page without ``?area=``: it shows national figures and ranks the provinces.
Expected figures are recomputed from the pilot build's Parquet files and
DuckDB tables.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from apptest_support import app_test
from display.labels import label


@pytest.fixture()
def page(pilot_build: Path, monkeypatch: pytest.MonkeyPatch):
    """Return a function running one page of the app at the country level."""
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    monkeypatch.setenv("TPMAP_AUTH", "off")

    def run(path: str):
        at = app_test(None)
        at.run()
        if path != "app_pages/overview.py":
            at.switch_page(path)
            at.run()
        assert not at.exception
        return at

    return run


def poor_persons(households: pd.DataFrame) -> pd.Series:
    """MPI-poor persons per province, largest first (union rule)."""
    poor = households[households["dimensions_failed"] > 0]
    return poor.groupby("province_code")["n_members"].sum().sort_values(ascending=False)


def texts(at) -> str:
    return " ".join(e.value for e in [*at.info, *at.caption, *at.subheader, *at.markdown])


def test_overview_shows_context_counts_and_top_provinces(page, pilot_build, pilot_households):
    at = page("app_pages/overview.py")
    persons = pd.read_parquet(pilot_build / "persons.parquet", columns=["age", "disabled"])
    values = {m.label: m.value for m in at.metric}
    assert values[label("context_elderly", "th")] == f"{int((persons['age'] >= 60).sum()):,}"
    assert values[label("context_disabled", "th")] == f"{int(persons['disabled'].sum()):,}"
    assert label("top_children_title", "th", child="จังหวัด", what="จำนวนคนตก MPI") in texts(at)


def test_urgent_ranks_the_provinces(page, pilot_households):
    at = page("app_pages/urgent.py")
    assert label("urgent_country", "th") in texts(at)
    # National KPI cards, then the province table: every province with households.
    values = {m.label: m.value for m in at.metric}
    ranked = poor_persons(pilot_households)
    assert values[label("poor_persons", "th")] == f"{int(ranked.sum()):,}"
    table = at.dataframe[0].value
    assert sorted(table[label("code", "th")]) == sorted(ranked.index)
    by_code = table.set_index(label("code", "th"))[label("poor_persons", "th")]
    assert {c: int(by_code[c]) for c in ranked.index} == ranked.astype(int).to_dict()


def test_potential_ranks_provinces_by_gpp(page, pilot_build):
    at = page("app_pages/potential.py")
    assert label("potential_country", "th") in texts(at)
    with duckdb.connect(str(pilot_build / "tpmap.duckdb"), read_only=True) as con:
        top = con.execute(
            "SELECT province_code FROM economy ORDER BY gpp_million_baht DESC, province_code "
            "LIMIT 10"
        ).fetchall()
        names = dict(
            con.execute("SELECT code, name_th FROM areas WHERE level = 'province'").fetchall()
        )
        staff = con.execute(
            "SELECT sum(staff) FROM centres WHERE substr(area_code, 1, 2) IN ('19', '41', '60')"
        ).fetchone()[0]
    table = at.dataframe[0].value
    assert table[label("province", "th")].tolist() == [f"จ.{names[c]}" for (c,) in top]
    values = {m.label: m.value for m in at.metric}
    assert values[label("staff_total", "th")] == f"{int(staff):,}"


def test_reports_show_national_figures_and_the_province_table(page, pilot_households):
    at = page("app_pages/reports.py")
    assert label("reports_country", "th") in texts(at)
    values = {m.label: m.value for m in at.metric}
    assert values[label("households", "th")] == f"{len(pilot_households):,}"
    table = at.dataframe[0].value
    assert sorted(table[label("code", "th")]) == sorted(pilot_households["province_code"].unique())
    # The province table is offered as a file through the download path.
    assert any(b.label == label("download_prepare", "th") for b in at.button)
