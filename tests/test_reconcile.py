"""Issue 15: cards and exports of the same set reconcile (DOMAIN.md §3-§4).

TPMAP target poor are persons holding the welfare card in MPI-poor
households; "MPI-poor without card" are persons not holding it in any
MPI-poor household. Every figure below is recomputed from the pilot build's
Parquet files with pandas (MPI-poor: any boolean indicator True or income
below 38,000 baht/person/year), then compared with the Overview card
(:func:`queries.figures.area_summary`), the export's rows and the count
its first sheet (XLSX) or header comment (CSV) says it should match.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from data_loaders.schema import BOOLEAN_INDICATORS
from exports.households import export_households
from poverty.labels import MEASURE_DEFINITIONS
from queries.figures import area_summary
from queries.reconcile import reconciliation_rows, set_counts
from queries.search import SearchSpec

AREA = "4101"


@pytest.fixture(scope="module")
def people(pilot_build: Path) -> pd.DataFrame:
    """Persons of the area with their household's MPI status and card holders."""
    households = pd.read_parquet(pilot_build / "households.parquet")
    households = households[households["district_code"] == AREA]
    poor = households[list(BOOLEAN_INDICATORS)].fillna(False).astype(bool).any(axis=1)
    poor |= households["income_per_capita"] < 38_000
    frame = pd.DataFrame(
        {
            "household_id": households["household_id"],
            "poor": poor,
            "holders": households["welfare_card_holders"],
        }
    )
    persons = pd.read_parquet(
        pilot_build / "persons.parquet", columns=["household_id", "welfare_card"]
    )
    return persons.merge(frame, on="household_id")


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    """Return (header comment lines, rows) of an export CSV."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        lines = handle.readlines()
    comment = [line.rstrip("\n") for line in lines if line.startswith("#")]
    rows = list(csv.reader(line for line in lines if not line.startswith("#")))
    return comment, rows


def test_card_definitions_target_poor_are_persons_holding_the_card(people, pilot_con):
    card = area_summary(pilot_con, AREA)
    poor = people[people["poor"]]
    assert card["target_poor_persons"] == int(poor["welfare_card"].sum())
    assert card["poor_persons_without_card"] == int((~poor["welfare_card"]).sum())
    assert card["poor_persons"] == len(poor)


def test_person_export_of_tpmap_poor_says_which_rows_make_the_card(people, pilot_con, tmp_path):
    """Issue 15: the TPMAP-poor person export listed 93,377 members for a card of 36,929."""
    spec = SearchSpec(area_code=AREA, tpmap_poor=True)
    path = tmp_path / "tpmap.csv"
    export_households(pilot_con, spec, "person", "csv", path, personal_data=True)
    comment, rows = read_csv(path)
    header, body = rows[0], rows[1:]
    in_1_1 = people[people["poor"] & (people["holders"] > 0)]
    assert len(body) == len(in_1_1)  # every member of the group 1.1 households
    card = area_summary(pilot_con, AREA)["target_poor_persons"]
    holding = [r for r in body if r[header.index("ถือบัตรสวัสดิการ")] == "true"]
    assert len(holding) == card == int(people.loc[people["poor"], "welfare_card"].sum())
    assert len(holding) < len(body)
    # The header comment gives the rows, the card and the count to match.
    text = "\n".join(comment)
    assert comment[0] == f"# จำนวนแถวข้อมูล (Data rows): {len(body):,}"
    match = next(line for line in comment if line.startswith("# ตัวเลขที่ต้องตรงกัน"))
    assert f"= {card:,}:" in match and "TRUE" in match
    assert MEASURE_DEFINITIONS["target_poor_persons"][1] in text


def test_person_export_without_card_explains_the_gap_to_the_card(people, pilot_con, tmp_path):
    """Issue 15: 'MPI-poor without card' 118,983 on the card, 62,535 in the export."""
    spec = SearchSpec(area_code=AREA, failing_mpi=True, welfare_card="without")
    path = tmp_path / "without.xlsx"
    export_households(pilot_con, spec, "person", "xlsx", path, personal_data=False)
    book = openpyxl.load_workbook(path, read_only=True)
    first = {r[0]: r[1] for r in book.worksheets[0].iter_rows(values_only=True) if r[0]}
    data_rows = sum(1 for _ in book.worksheets[1].iter_rows(values_only=True)) - 1
    in_1_2 = people[people["poor"] & (people["holders"] == 0)]
    assert data_rows == len(in_1_2)
    card = area_summary(pilot_con, AREA)["poor_persons_without_card"]
    gap = card - len(in_1_2)
    # The non-holders of group 1.1 households make the gap.
    assert gap == int((people["poor"] & (people["holders"] > 0) & ~people["welfare_card"]).sum())
    assert gap > 0
    match = first["ตัวเลขที่ต้องตรงกัน (Count to match)"]
    assert f"= {card:,}" in match and f"{gap:,}" in match
    assert first["จำนวนแถวข้อมูล (Data rows)"] == f"{data_rows:,}"


@pytest.mark.parametrize("card_filter", ["all", "with", "without"])
def test_household_export_of_the_poor_equals_the_card(pilot_con, tmp_path, card_filter):
    spec = SearchSpec(area_code=AREA, failing_mpi=True, welfare_card=card_filter)
    path = tmp_path / "poor.csv"
    export_households(pilot_con, spec, "household", "csv", path, personal_data=True)
    comment, rows = read_csv(path)
    card = area_summary(pilot_con, AREA, welfare_card=card_filter)["poor_households"]
    assert len(rows) - 1 == card
    match = next(line for line in comment if line.startswith("# ตัวเลขที่ต้องตรงกัน"))
    assert re.search(rf"^# [^:]+: {card:,} แถว = การ์ด .* = {card:,} ", match)


def test_a_search_with_further_conditions_matches_no_card(pilot_con):
    spec = SearchSpec(area_code=AREA, failing_mpi=True, dimensions=("income",))
    rows = dict(reconciliation_rows(pilot_con, spec, "household"))
    assert "no Overview card matches" in rows["ตัวเลขที่ต้องตรงกัน (Count to match)"]


def test_set_counts_recomputed(people, pilot_con):
    got = set_counts(pilot_con, SearchSpec(area_code=AREA))
    households = people.drop_duplicates("household_id")
    assert got["households"] == len(households)
    assert got["persons"] == len(people)
    assert got["holders"] == int(people["welfare_card"].sum())
    assert got["poor_households"] == int(households["poor"].sum())
    assert got["target_poor"] == int((people["poor"] & people["welfare_card"]).sum())
    assert got["poor_not_holding"] == int((people["poor"] & ~people["welfare_card"]).sum())
