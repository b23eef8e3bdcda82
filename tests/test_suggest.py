"""Suggested help (issue 17): each rule of the table, ordering, preferences, uptake.

Crafted households are deprivation masks built here from the indicator
order of DOMAIN.md §2 (bit i = the i-th indicator of the table).
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pandas as pd
import pytest

from logbook import store
from logbook.menu import AGENCIES, HELP_KINDS, RESPONSIBLE
from logbook.records import content_key
from logbook.suggest import (
    RULES,
    AreaContext,
    RuleTableError,
    agencies_in,
    area_context,
    dimension_order,
    household_history,
    read_rules,
    suggest,
    summarise,
    uptake,
)
from queries.search import SearchSpec
from queries.suggest import help_by_mask, search_inputs
from roles_support import ANALYST, NATIONAL

MASKED_NAME = re.compile(r"^\S+ (\S\. ?)+$")
#: The 17 indicators in table order (DOMAIN.md §2), typed here.
ORDER = [
    "health_birth_weight",
    "health_food_hygiene",
    "health_medicine_use",
    "health_exercise",
    "living_secure_housing",
    "living_drinking_water",
    "living_water_supply",
    "living_tidy_home",
    "edu_preschool",
    "edu_compulsory",
    "edu_continue_m4",
    "edu_literacy",
    "income_working_age_job",
    "income_elderly_job",
    "income_per_capita",
    "access_elderly_care",
    "access_disabled_care",
]


def mask_of(*codes: str) -> int:
    return sum(1 << ORDER.index(c) for c in codes)


@pytest.mark.parametrize("rule", RULES, ids=[r.rule for r in RULES])
def test_each_rule_fires_for_its_indicator_and_not_otherwise(rule):
    fails = suggest(mask_of(rule.indicator))
    assert rule.help_kind in {s.help_kind for s in fails}
    hit = next(s for s in fails if s.help_kind == rule.help_kind)
    assert rule.rule in hit.rules and rule.indicator in hit.indicators
    assert hit.agency == rule.agencies[0]  # no agency present: the responsible one
    assert ("sg_why_fails", {"indicator": rule.indicator}) in hit.reasons
    # A household meeting the indicator (failing every other one) does not get this rule.
    others = [c for c in ORDER if c != rule.indicator]
    meets = suggest(mask_of(*others))
    assert all(rule.rule not in s.rules for s in meets)


def test_every_indicator_has_a_rule_and_every_agency_is_in_the_menu():
    assert {r.indicator for r in RULES} == set(ORDER)
    for rule in RULES:
        assert set(rule.agencies) <= set(AGENCIES)
        assert rule.help_kind in HELP_KINDS
        assert rule.agencies[0] in RESPONSIBLE[rule.help_kind]
    everything = suggest(mask_of(*ORDER), 3, "sufficiency", {"health": 9_000.0}, AreaContext())
    assert {s.agency for s in everything} <= set(AGENCIES)
    assert suggest(0) == []


def test_vulnerability_and_stage_order_the_dimensions():
    mask = mask_of("living_secure_housing", "income_per_capita", "access_elderly_care")
    dims = [s.dimension for s in suggest(mask, -1, None)]
    assert dims[0] == "living" and dims.index("access") < dims.index("income")  # survival
    dims = [s.dimension for s in suggest(mask, -1, "sufficiency")]
    assert dims[0] == "income" and dims[-1] == "access"
    dims = [s.dimension for s in suggest(mask, 3, "sustainability")]
    assert dims[0] == "access" and dims[1] == "income"
    vulnerable = suggest(mask, 3)
    assert ("sg_why_vulnerable", {"level": 3}) in vulnerable[0].reasons
    assert dimension_order(None, -1) == ("living", "health", "access", "income", "education")
    with pytest.raises(ValueError, match="stage"):
        dimension_order("thriving", -1)
    with pytest.raises(ValueError, match="vulnerability"):
        dimension_order(None, 7)


def test_an_agency_present_in_the_area_is_preferred_and_named():
    mask = mask_of("income_working_age_job")
    alone = suggest(mask)
    assert [s.help_kind for s in alone] == ["job_placement", "job_training"]  # table order
    assert alone[0].agency == "doe" and not alone[0].agency_present
    context = AreaContext(
        projects={("dsd", "income"): ("ฝึกอาชีพ", "district", "เมืองอุดรธานี", "Mueang")}
    )
    found = suggest(mask, context=context)
    # Job training has a project in the district: it comes first, with the project named.
    assert [s.help_kind for s in found] == ["job_training", "job_placement"]
    assert found[0].agency == "dsd" and found[0].agency_present
    assert found[0].reasons[-1][0] == "sg_why_project"
    assert found[1].agency == "doe" and found[1].reasons[-1][0] == "sg_why_responsible"
    # The Department of Employment absent, the Ministry of Labour a centre's partner.
    partner = suggest(mask, context=AreaContext(partners=frozenset({"mol"})))
    assert partner[0].help_kind == "job_placement" and partner[0].agency == "mol"
    assert ("sg_why_partner", {"agency": "mol"}) in partner[0].reasons


def test_a_nearby_service_is_preferred_and_a_far_one_said():
    mask = mask_of("health_exercise", "health_food_hygiene")  # health care and nutrition
    near = suggest(mask, distances={"health": 800.0})
    assert all(s.near_service for s in near)
    assert ("sg_why_near", {"service": "health", "km": 0.8}) in near[0].reasons
    far = suggest(mask, distances={"health": 12_345.0})
    assert all(s.near_service is False for s in far)
    assert ("sg_why_far", {"service": "health", "km": 12.3}) in far[0].reasons
    # Near a school but far from health: within education the school kinds come first.
    mixed = suggest(
        mask_of("edu_literacy", "health_exercise"),
        distances={"health": 20_000.0, "school": 300.0},
    )
    literacy = next(s for s in mixed if s.help_kind == "literacy")
    assert literacy.near_service is True


def test_rules_of_the_same_kind_are_merged():
    found = suggest(mask_of("living_drinking_water", "living_water_supply"))
    water = [s for s in found if s.help_kind == "clean_water"]
    assert len(water) == 1 and water[0].rules == ("R07", "R08")
    assert water[0].indicators == ("living_drinking_water", "living_water_supply")


#: The guideline's kinds of help added to the menu (seed 004), the rules that reach
#: them and the agency each names first, written out by hand from the rule table.
GUIDELINE_RULES = [
    ("R21", "health_exercise", "health_promotion", "thpf", "health"),
    ("R22", "health_food_hygiene", "health_promotion", "moph", "health"),
    ("R23", "living_secure_housing", "land_title", "moi", "living"),
    ("R24", "edu_compulsory", "back_to_school", "eef", "education"),
    ("R25", "edu_continue_m4", "back_to_school", "eef", "education"),
    ("R26", "access_elderly_care", "bedridden_care", "moph", "health"),
    ("R27", "access_disabled_care", "vulnerable_household", "msdhs", "access"),
]


@pytest.mark.parametrize(("rule", "indicator", "kind", "agency", "dimension"), GUIDELINE_RULES)
def test_each_guideline_kind_is_suggested_for_its_indicator(
    rule, indicator, kind, agency, dimension
):
    found = {s.help_kind: s for s in suggest(mask_of(indicator))}
    assert found[kind].rules == (rule,)
    assert found[kind].agency == agency
    assert found[kind].dimension == dimension
    # Meeting the indicator (failing all the others) never brings this rule.
    others = [c for c in ORDER if c != indicator]
    assert all(rule not in s.rules for s in suggest(mask_of(*others)))


def test_two_indicators_reaching_one_guideline_kind_give_one_suggestion():
    found = suggest(mask_of("health_exercise", "health_food_hygiene"))
    promotion = [s for s in found if s.help_kind == "health_promotion"]
    assert len(promotion) == 1
    assert promotion[0].rules == ("R21", "R22")
    # R21 comes first in the table: its responsible agency (สสส.) is named.
    assert promotion[0].agency == "thpf"
    assert AGENCIES["thpf"][0].startswith("สำนักงานกองทุนสนับสนุนการสร้างเสริมสุขภาพ")


def test_a_bad_rule_table_is_refused_with_row_and_column(tmp_path):
    path = tmp_path / "rules.csv"
    path.write_text(
        "rule,indicator,help_kind,agencies\nX1,edu_literacy,literacy,nfe\n"
        "X2,edu_literacy,literacy,ministry_of_magic\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleTableError, match=r"row 2, column agencies"):
        read_rules(path)
    path.write_text("rule,indicator,help_kind\n", encoding="utf-8")
    with pytest.raises(RuleTableError, match="missing column"):
        read_rules(path)
    path.write_text(
        "rule,indicator,help_kind,agencies\nX1,edu_literacy,tutoring,nfe\n", encoding="utf-8"
    )
    with pytest.raises(RuleTableError, match="row 1, column help_kind"):
        read_rules(path)


def test_area_context_reads_project_and_centre_agencies():
    projects = pd.DataFrame(
        {
            "agency": ["สำนักงานจัดหางานจังหวัด", "สำนักงานสาธารณสุขจังหวัด"],
            "dimension": ["income", "health"],
            "name": ["จ้างงาน", "ตรวจสุขภาพ"],
            "status": ["in_progress", "cancelled"],
            "level": ["province", "province"],
            "area_th": ["อุดรธานี", "อุดรธานี"],
            "area_en": ["Udon Thani", "Udon Thani"],
        }
    )
    centres = pd.DataFrame({"agencies": ["รพ.สต.; ครู กศน. ตำบล", None]})
    context = area_context(projects, centres)
    assert ("doe", "income") in context.projects
    assert ("moph", "health") not in context.projects  # cancelled
    assert context.partners == frozenset({"moph", "nfe"})
    assert agencies_in("องค์การบริหารส่วนตำบล / เทศบาล") == {"lao"}


def test_uptake_counts_help_of_a_suggested_kind():
    counts = pd.DataFrame(
        {
            "mask": [mask_of("living_secure_housing")] * 2 + [mask_of("edu_literacy")],
            "help_kind": ["house_repair", "scholarship", "literacy"],
            "records": [4, 1, 5],
        }
    )
    result = uptake(counts)
    assert (result["records"], result["taken_up"]) == (10, 9)
    assert result["share"] == pytest.approx(0.9)
    assert result["by_kind"]["scholarship"] == [1, 0]
    assert uptake(counts.iloc[0:0])["share"] == 0.0


def test_summary_of_a_search_result_counts_top_suggestions():
    households = pd.DataFrame(
        {
            "mask": [mask_of("living_secure_housing"), mask_of("living_secure_housing"), 0],
            "vulnerability_level": [1, -1, -1],
        }
    )
    summary = summarise(households, top=1)
    assert summary.to_dict("records") == [
        {
            "help_kind": "house_repair",
            "dimension": "living",
            "agency": "codi",
            "households": 2,
            "agency_present": False,
        }
    ]


def test_the_stage_orders_each_household_of_a_search_result():
    # Same mask, same vulnerability: at survival living comes first, at sufficiency
    # income (STAGE_ORDER); a household with no stage counts as survival.
    mask = mask_of("living_secure_housing", "income_per_capita")
    households = pd.DataFrame(
        {
            "mask": [mask, mask, mask],
            "vulnerability_level": [-1, -1, -1],
            "stage": [None, "survival", "sufficiency"],
        }
    )
    summary = summarise(households, top=1)
    firsts = {(r["help_kind"], r["households"]) for r in summary.to_dict("records")}
    # R17 (production inputs, cdd) comes before R18 in the table, so it leads income.
    assert firsts == {("house_repair", 2), ("production_inputs", 1)}


def _stage_record(household_id: str, stage: str, day: date, at: datetime) -> dict:
    record = {
        "kind": "stage",
        "household_id": household_id,
        "village_code": "41010101",
        "stage": stage,
        "stage_date": day,
    }
    who = {"recorded_by": "test", "source": "form", "recorded_at": at}
    return {**record, "record_key": content_key(record), **who}


def test_latest_stages_are_read_in_batches_not_per_household(tmp_path, monkeypatch):
    from sqlalchemy import event

    from logbook import suggest as suggest_module

    engine = store.engine_for(f"sqlite:///{tmp_path / 'logbook.sqlite'}")
    at = datetime(2025, 3, 2, tzinfo=UTC)
    store.add_records(
        engine,
        [
            _stage_record("A1", "survival", date(2025, 1, 1), at),
            _stage_record("A1", "sufficiency", date(2025, 2, 1), at),  # later date wins
            _stage_record("B2", "sustainability", date(2025, 1, 1), at),
            _stage_record("B2", "survival", date(2024, 12, 1), at),  # earlier: not it
            _stage_record("C3", "survival", date(2025, 1, 1), at),
        ],
    )
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    monkeypatch.setattr(suggest_module, "STAGE_BATCH", 2)
    ids = ["A1", "B2", "C3", "D4", "E5", "A1"]  # D4, E5: no stage; A1 twice
    found = suggest_module.latest_stages(engine, ids)
    assert found == {"A1": "sufficiency", "B2": "sustainability", "C3": "survival"}
    # Five distinct IDs in batches of two: three queries, whatever the number of households.
    assert len([q for q in statements if "development_stages" in q]) == 3
    assert suggest_module.latest_stages(engine, []) == {}


def test_search_inputs_carry_the_stage_for_a_masked_viewer(pilot_con):
    spec = SearchSpec(area_code="410101", failing_mpi=True)
    plain_ids = search_inputs(pilot_con, spec, 5, viewer=NATIONAL)["household_id"].tolist()
    calls = []

    def stages(ids):
        calls.append(list(ids))
        return {plain_ids[0]: "sustainability", plain_ids[2]: "sufficiency"}

    masked = search_inputs(pilot_con, spec, 5, viewer=ANALYST, stages=stages)
    # One call with the stored IDs of the whole result (before masking).
    assert calls == [plain_ids]
    assert masked["stage"].fillna("").tolist() == ["sustainability", "", "sufficiency", "", ""]
    assert not set(masked["household_id"]) & set(plain_ids)
    assert search_inputs(pilot_con, spec, 5, viewer=NATIONAL)["stage"].isna().all()


def test_household_history_and_uptake_from_a_logbook_store(pilot_con, tmp_path):
    engine = store.engine_for(f"sqlite:///{tmp_path / 'logbook.sqlite'}")
    row = pilot_con.execute(
        "SELECT household_id, village_code, mask FROM households "
        "WHERE target_group = '1.1' AND district_code = '4101' ORDER BY household_id LIMIT 1"
    ).fetchone()
    household_id, village, mask = row
    kinds = sorted({s.help_kind for s in suggest(int(mask))})
    who = {"recorded_by": "test", "source": "form", "recorded_at": datetime(2025, 3, 2, tzinfo=UTC)}
    records = [
        {
            "kind": "help",
            "household_id": household_id,
            "village_code": village,
            "help_date": date(2025, 1, 5),
            "agency": "lao",
            "help_kind": kinds[0],
            "dimension": HELP_KINDS[kinds[0]][0],
            "amount_baht": 100.0,
        },
        {
            "kind": "stage",
            "household_id": household_id,
            "village_code": village,
            "stage": "survival",
            "stage_date": date(2025, 1, 1),
        },
        {
            "kind": "stage",
            "household_id": household_id,
            "village_code": village,
            "stage": "sufficiency",
            "stage_date": date(2025, 3, 1),
        },
    ]
    records = [{**r, "record_key": content_key(r), **who} for r in records]
    store.add_records(engine, records)
    history = household_history(engine, household_id)
    assert history == {"stage": "sufficiency", "help_kinds": frozenset({kinds[0]})}
    counts = help_by_mask(
        pilot_con, "4101", pd.DataFrame({"household_id": [household_id], "help_kind": [kinds[0]]})
    )
    assert counts.to_dict("records") == [{"mask": mask, "help_kind": kinds[0], "records": 1}]
    assert uptake(counts)["taken_up"] == 1


def test_search_inputs_are_masked_for_the_analyst(pilot_con):
    spec = SearchSpec(area_code="410101", failing_mpi=True)
    full = search_inputs(pilot_con, spec, 20, viewer=NATIONAL)
    masked = search_inputs(pilot_con, spec, 20, viewer=ANALYST)
    assert len(full) == len(masked) == 20
    assert (full["mask"].to_numpy() == masked["mask"].to_numpy()).all()
    assert not set(full["household_id"]) & set(masked["household_id"])
    assert (masked["house_no"] == "").all()


def test_the_household_view_and_the_search_result_show_suggestions(
    pilot_build, pilot_con, monkeypatch, tmp_path
):
    from apptest_support import app_test

    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    monkeypatch.setenv("TPMAP_AUTH", "off")
    at = app_test("410101")
    at.run()
    at.switch_page("app_pages/households.py").run()
    at.checkbox(key="hs_failing_mpi").set_value(True)
    at.button(key="hs_submit").click().run()
    first = at.dataframe[0].value.iloc[0]
    at.session_state["hs_table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception
    # the household's suggestions: the table with the suggestion columns (the
    # household's survey rounds are drawn as tables above it)
    shown = next(
        frame
        for frame in (table.value.reset_index() for table in at.table)
        if "ประเภทความช่วยเหลือ" in frame.columns
    )
    assert list(shown.columns)[:4] == ["ประเภทความช่วยเหลือ", "มิติ", "หน่วยงาน", "เหตุผล"]
    head = first["หัวหน้าครัวเรือน"]
    matches = pilot_con.execute(
        "SELECT h.mask, h.vulnerability_level, h.dist_health_m, h.dist_school_m, "
        "h.subdistrict_code FROM households h WHERE h.subdistrict_code = '410101' "
        "AND h.head_name = ? AND h.deprivation_score > 0",
        [head],
    ).fetchall()
    assert len(matches) == 1  # the head's name names one poor household here
    mask, level, health, school, subdistrict = matches[0]
    from potential import queries as potential_queries

    context = area_context(
        potential_queries.projects(pilot_con, subdistrict),
        potential_queries.centres(pilot_con, subdistrict),
    )
    expected = suggest(mask, level, None, {"health": health, "school": school}, context)
    assert len(shown) == len(expected)
    assert shown.iloc[0]["เหตุผล"].startswith("ตก “")
    # The whole result: counts by kind and agency, in the expander at the end.
    summary = at.table[-1].value
    counts = summary["ครัวเรือนที่ได้รับคำแนะนำ"].str.replace(",", "").astype(int)
    assert counts.tolist() == sorted(counts, reverse=True) and counts.iloc[0] > 0


def test_the_team_plan_is_an_audited_masked_xlsx_by_village_and_agency(
    pilot_build, monkeypatch, tmp_path
):
    from access import audit
    from signin_support import signed_in_app

    audit_db = tmp_path / "audit.sqlite"
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(audit_db))
    monkeypatch.setenv("TPMAP_AUTH", "on")
    at = signed_in_app(monkeypatch, "410101", "analyst")
    at.switch_page("app_pages/households.py").run()
    at.checkbox(key="hs_failing_mpi").set_value(True)
    at.button(key="hs_submit").click().run()
    n = int(at.metric[0].value.replace(",", ""))
    at.button(key="sg_plan_file_make").click().run()
    assert not at.exception
    made = at.session_state["_download_sg_plan_file"][1]
    plan = pd.read_excel(io.BytesIO(made.content), sheet_name="แผนความช่วยเหลือ")
    assert len(plan) == made.rows and 0 < len(plan) <= 3 * n
    keys = plan[["หมู่บ้าน", "หน่วยงาน"]].astype(str).agg("|".join, axis=1).tolist()
    assert keys == sorted(keys)  # grouped by village, then agency
    assert plan.groupby("รหัสครัวเรือน").size().max() <= 3
    assert all(MASKED_NAME.match(name) for name in plan["หัวหน้าครัวเรือน"])
    log = audit.read_exports(audit_db)
    assert log["what"].tolist() == ["suggested_help_plan"]
    assert log["username"].tolist() == ["analyst"] and log["format"].tolist() == ["xlsx"]
    assert log["rows"].tolist() == [len(plan)] and log["personal_data"].tolist() == [0]


def test_the_logbook_help_form_shows_the_suggestions_of_a_chosen_household(
    pilot_build, pilot_con, monkeypatch, tmp_path
):
    """Issue 17: suggestions "for a household (detail view, Logbook form)"."""
    from apptest_support import app_test
    from display.labels import LABELS

    monkeypatch.setenv("TPMAP_BUILD_DIR", str(pilot_build))
    monkeypatch.setenv("TPMAP_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    monkeypatch.setenv("TPMAP_LOGBOOK_URL", f"sqlite:///{tmp_path / 'logbook.sqlite'}")
    monkeypatch.setenv("TPMAP_AUTH", "off")
    household, mask, level, health, school = pilot_con.execute(
        "SELECT household_id, mask, vulnerability_level, dist_health_m, dist_school_m "
        "FROM households WHERE target_group = '1.1' AND subdistrict_code = '410101' "
        "ORDER BY household_id LIMIT 1"
    ).fetchone()
    at = app_test("410101")
    at.run()
    at.switch_page("app_pages/logbook.py")
    at.session_state["lb_tabs"] = LABELS["lb_tab_help"][0]
    at.run()
    assert not at.exception, at.exception
    assert not at.table  # nothing suggested before a household is chosen
    at.selectbox(key="lb_help_suggest_household").set_value(household).run()
    assert not at.exception, at.exception
    from potential import queries as potential_queries

    context = area_context(
        potential_queries.projects(pilot_con, "410101"),
        potential_queries.centres(pilot_con, "410101"),
    )
    expected = suggest(mask, level, None, {"health": health, "school": school}, context)
    shown = at.table[0].value.reset_index()
    assert len(shown) == len(expected) > 0
    assert list(shown.columns)[:3] == ["ประเภทความช่วยเหลือ", "มิติ", "หน่วยงาน"]
