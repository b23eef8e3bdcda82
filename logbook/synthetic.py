"""The default Logbook history of the synthetic dataset (SYNTHETIC, not real records).

So that the progress panel means something before real records exist, the
synthetic build gets a plausible year of field work, recorded with
``source = 'synthetic'`` and ``recorded_by = 'synthetic'`` (the app says so).
Rules, calibrated to DOMAIN.md §7 (2022: 618,311 targets + 12,808 added in the
field = 2.07 %; 98.51 % surveyed, 98.74 % helped by 31 December):

- targets are the build's target group 1.1 households (logbook.stats);
- each district draws its own shortfall (gamma, mean 1.5 % not surveyed and
  1.3 % not helped), so shares vary by area around the national figures;
- visits fall in the 12 months before ``end``, front-loaded (beta(1.3, 2.2)
  over the year: the survey campaign starts the fiscal year), so progress by
  month rises and flattens; help follows its visit by an exponential delay
  (mean 30 days), never after ``end``;
- a visit finds the household's failed indicators; help entries (1 + Poisson
  0.6) address failed dimensions with a kind of the poverty-solving menu, an
  agency that gives it and an amount by kind;
- helped households reach survival (55 %), sufficiency (33 %) or
  sustainability (12 %), one stage record per step reached, dates rising;
- 10 % of targets have a welfare-subsidy request at a uniform step 1-5;
- 2.07 % more households are added as missed, at a village point of the same
  district, head names from Faker's ``th_TH`` lists.

Case statuses, assignments and referrals (issue 14) are drawn by
:func:`generate_case_history` from this history (shares and their basis
there).

Everything is drawn from ``numpy.random.default_rng(seed)``: the same build,
seed and ``end`` give the same records (and the same record keys, so seeding
twice adds nothing).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import duckdb
import numpy as np
import pandas as pd
from faker.providers.person.th_TH import Provider as ThaiNames

from logbook.menu import HELP_KINDS, RESPONSIBLE
from logbook.records import content_key
from poverty.indicators import DIMENSION_CODES, INDICATOR_CODES
from poverty.measures import dimension_failed_bits, indicator_bits
from queries.figures import target_poor_sql

NOT_SURVEYED_MEAN = 0.015
NOT_HELPED_MEAN = 0.013
MISSED_SHARE = 12_808 / 618_311
STAGE_SHARES = (0.55, 0.33, 0.12)
SUBSIDY_SHARE = 0.10
#: Help kind -> agencies that give it (the guideline's menu, the responsible one first).
KIND_AGENCIES = RESPONSIBLE
#: Help kind -> (low, high) amount in baht (uniform).
KIND_AMOUNTS = {
    "house_repair": (15_000, 60_000),
    "clean_water": (2_000, 8_000),
    "scholarship": (2_000, 10_000),
    "production_inputs": (3_000, 15_000),
    "elderly_care": (600, 1_000),
    "disability_care": (800, 1_000),
}
_KINDS_OF = {d: [k for k, v in HELP_KINDS.items() if v[0] == d] for d in DIMENSION_CODES}
WHO = {"recorded_by": "synthetic", "source": "synthetic"}


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(3, 0), tzinfo=UTC)


def _record(kind: str, **columns) -> dict:
    row = {"kind": kind, **columns}
    row["record_key"] = content_key(row)
    day = next(v for k, v in columns.items() if k.endswith("_date"))
    return {**row, **WHO, "recorded_at": _stamp(day)}


def generate_history(
    con: duckdb.DuckDBPyConnection, end: date, seed: int, area_code: str | None = None
) -> list[dict]:
    """Return the synthetic Logbook records of the build's targets (see the module docstring).

    Parameters
    ----------
    con : duckdb connection
        The read-only build.
    end : date
        Last day of the 12-month history.
    seed : int
        Seed of the generator.
    area_code : str, optional
        Only this area's targets (default: all).

    Returns
    -------
    list of dict
        Store rows for :func:`logbook.store.add_records` (``kind`` set).
    """
    rng = np.random.default_rng(seed)
    where = "starts_with(h.village_code, ?)" if area_code else "TRUE"
    targets = con.execute(
        f"""SELECT h.household_id, h.village_code, h.district_code, h.mask,
                   coalesce(s.name_th, h.subdistrict_code) AS subdistrict_name
            FROM households h LEFT JOIN areas s ON s.code = h.subdistrict_code
            WHERE {target_poor_sql("h.")} AND {where} ORDER BY h.household_id""",
        [area_code] if area_code else [],
    ).df()
    start = end - timedelta(days=364)
    missed = _missed(con, rng, targets, start, end)
    records = [
        _record(
            "missed",
            household_id=m.household_id,
            village_code=m.village_code,
            found_date=m.found_date,
            head_name=m.head_name,
            n_members=int(m.n_members),
            lat=float(m.lat),
            lon=float(m.lon),
            note="",
        )
        for m in missed.itertuples()
    ]
    everyone = pd.concat([targets, missed[targets.columns]], ignore_index=True)
    districts = everyone["district_code"].unique()
    miss_visit = dict(
        zip(districts, rng.gamma(2.0, NOT_SURVEYED_MEAN / 2, len(districts)), strict=True)
    )
    miss_help = dict(
        zip(districts, rng.gamma(2.0, NOT_HELPED_MEAN / 2, len(districts)), strict=True)
    )
    n = len(everyone)
    surveyed = rng.random(n) >= everyone["district_code"].map(miss_visit).to_numpy()
    helped = rng.random(n) >= everyone["district_code"].map(miss_help).to_numpy()
    visit_day = (rng.beta(1.3, 2.2, n) * 364).astype(int)
    help_day = np.where(
        surveyed,
        np.minimum(visit_day + rng.exponential(30, n).astype(int), 364),
        (rng.beta(1.5, 2.0, n) * 364).astype(int),
    )
    stage_level = rng.choice(3, n, p=STAGE_SHARES)
    subsidy_step = np.where(rng.random(n) < SUBSIDY_SHARE, rng.integers(1, 6, n), 0)
    n_help = 1 + rng.poisson(0.6, n)
    masks = everyone["mask"].to_numpy(dtype=np.int64)
    failed_indicators = indicator_bits(masks).astype(bool)
    failed_dimensions = dimension_failed_bits(masks)[list(DIMENSION_CODES)].to_numpy()
    for i, row in enumerate(everyone.itertuples()):
        base = {"household_id": row.household_id, "village_code": row.village_code}
        failed = [d for d, f in zip(DIMENSION_CODES, failed_dimensions[i], strict=True) if f]
        failed = failed or ["income"]
        if surveyed[i]:
            problems = [c for c, f in zip(INDICATOR_CODES, failed_indicators[i], strict=True) if f]
            team = f"ทีมปฏิบัติการตำบล{row.subdistrict_name}"
            day = start + timedelta(days=int(visit_day[i]))
            records.append(_record("visit", **base, visit_date=day, team=team, problems=problems))
        if helped[i]:
            day = start + timedelta(days=int(help_day[i]))
            for j in range(int(n_help[i])):
                dimension = failed[int(rng.integers(len(failed)))]
                kinds = _KINDS_OF[dimension]
                kind = kinds[int(rng.integers(len(kinds)))]
                agencies = KIND_AGENCIES[kind]
                agency = agencies[0] if rng.random() < 0.7 else agencies[-1]
                low, high = KIND_AMOUNTS.get(kind, (0, 3_000))
                amount = round(float(rng.uniform(low, high)), -1)
                when = min(day + timedelta(days=45 * j), end)
                records.append(
                    _record(
                        "help",
                        **base,
                        help_date=when,
                        agency=agency,
                        help_kind=kind,
                        dimension=dimension,
                        amount_baht=amount,
                    )
                )
            for level in range(int(stage_level[i]) + 1):
                when = min(day + timedelta(days=20 + 60 * level), end)
                stage = ("survival", "sufficiency", "sustainability")[level]
                records.append(_record("stage", **base, stage=stage, stage_date=when))
        for step in range(1, int(subsidy_step[i]) + 1):
            when = min(start + timedelta(days=int(visit_day[i]) + 14 * step), end)
            records.append(_record("subsidy", **base, step=step, step_date=when, note=""))
    return records


def _missed(
    con: duckdb.DuckDBPyConnection,
    rng: np.random.Generator,
    targets: pd.DataFrame,
    start: date,
    end: date,
) -> pd.DataFrame:
    """Draw the households added in the field: per district, MISSED_SHARE of its targets."""
    columns = ["household_id", "village_code", "district_code", "mask", "subdistrict_name"]
    per_district = targets.groupby("district_code").size()
    counts = pd.Series(rng.poisson(per_district.to_numpy() * MISSED_SHARE), per_district.index)
    villages = con.execute(
        """SELECT v.code AS village_code, substr(v.code, 1, 4) AS district_code,
                  coalesce(s.name_th, substr(v.code, 1, 6)) AS subdistrict_name
           FROM areas v LEFT JOIN areas s ON s.code = substr(v.code, 1, 6)
           WHERE v.level = 'village' ORDER BY v.code"""
    ).df()
    points = con.execute(
        "SELECT village_code, avg(lat) AS lat, avg(lon) AS lon FROM households GROUP BY 1"
    ).df()
    villages = villages.merge(points, on="village_code")
    parts = []
    for district, count in counts.items():
        pool = villages[villages["district_code"] == district]
        if count == 0 or pool.empty:
            continue
        pick = pool.iloc[rng.integers(0, len(pool), count)].reset_index(drop=True)
        pick["mask"] = rng.integers(1, 1 << len(INDICATOR_CODES), count)
        parts.append(pick)
    if not parts:
        return pd.DataFrame(
            columns=[*columns, "found_date", "head_name", "n_members", "lat", "lon"]
        )
    out = pd.concat(parts, ignore_index=True)
    k = len(out)
    first = np.asarray(ThaiNames.first_names_male + ThaiNames.first_names_female, dtype=object)
    last = np.asarray(ThaiNames.last_names, dtype=object)
    out["head_name"] = [
        f"{f} {s}"
        for f, s in zip(
            first[rng.integers(0, len(first), k)], last[rng.integers(0, len(last), k)], strict=True
        )
    ]
    out["n_members"] = 1 + rng.poisson(2.8, k)
    out["found_date"] = [start + timedelta(days=int(d)) for d in rng.integers(0, 300, k)]
    out["found_date"] = [min(d, end) for d in out["found_date"]]
    out["household_id"] = [f"N{v}{i:04d}" for i, v in enumerate(out["village_code"])]
    return out


# --- Case history (issue 14): statuses, assignments and referrals -------------------------
#
# Shares of case outcomes. No published source gives them (DOMAIN.md §5 names the
# outcomes ThaiQM counts and the pilots' reasons, not their sizes), so they are
# stated assumptions, chosen so that ThaiQM's "helped" dominates as the 98.74 %
# helped of 2022 implies, with a minority still in progress and a few per cent
# declined, moved or not found as the pilot provinces report.
#: Surveyed and helped targets: outcome -> share.
HELPED_OUTCOMES = {
    "resolved": 0.63,
    "in_progress": 0.26,
    "solved_by_itself": 0.04,
    "declined": 0.03,
    "moved": 0.02,
    "died": 0.01,
    "duplicate": 0.01,
}
#: Targets surveyed but not helped: outcome -> share (most declined help or wait for it).
SURVEYED_OUTCOMES = {"in_progress": 0.45, "declined": 0.35, "moved": 0.1, "solved_by_itself": 0.1}
#: Targets never reached: outcome -> share (the team could not find or reach them).
UNREACHED_OUTCOMES = {"open": 0.35, "not_found": 0.35, "moved": 0.2, "declined": 0.1}
#: Reasons of a decline: content / wants welfare only / refuses contact.
DECLINED_SHARES = {"content": 0.45, "welfare_only": 0.4, "refuses_contact": 0.15}
#: Share of helped targets with a referral between agencies, and its outcome.
REFERRAL_SHARE = 0.08
REFERRAL_OUTCOMES = {"done": 0.7, "refused": 0.1, "accepted": 0.1, "requested": 0.1}
#: Days from the release of the target list to a case's due date (uniform).
DUE_DAYS = (90, 300)
CLOSE_TEXT = {
    "resolved": "ตัวชี้วัดที่ตกเกณฑ์ผ่านเกณฑ์แล้ว",
    "solved_by_itself": "ครัวเรือนแก้ปัญหาได้เอง",
    "moved": "ย้ายออกนอกพื้นที่",
    "died": "หัวหน้าครัวเรือนเสียชีวิต ไม่มีสมาชิกในพื้นที่",
    "not_found": "ลงพื้นที่ 3 ครั้ง ไม่พบครัวเรือน",
    "duplicate": "ซ้ำกับครัวเรือนอื่นในทะเบียน",
}
#: The note on a target helped before any survey visit (the record says why).
HELPED_BEFORE_SURVEY = "ได้รับความช่วยเหลือเร่งด่วนผ่านการส่งต่อจากหน่วยงานอื่น ยังไม่ได้สำรวจปัญหา"


def _draw(rng: np.random.Generator, shares: dict[str, float]) -> str:
    return str(rng.choice(list(shares), p=list(shares.values())))


def generate_case_history(
    con: duckdb.DuckDBPyConnection,
    history: list[dict],
    end: date,
    seed: int,
    area_code: str | None = None,
) -> list[dict]:
    """Return the synthetic case records of the targets of :func:`generate_history`.

    Rules (shares and their basis: the constants above):

    - every target's case is opened (status ``open``) when the target list is
      released, 364 days before ``end`` (a household added as missed: the day
      it was found), and assigned to its subdistrict's operations team with a
      due date 90-300 days later;
    - at the first visit the case goes ``in_progress``; its outcome follows
      :data:`HELPED_OUTCOMES`, :data:`SURVEYED_OUTCOMES` or
      :data:`UNREACHED_OUTCOMES` by how far it was reached, a decline with a
      reason of :data:`DECLINED_SHARES`, a close with its reason, dated after
      the last visit or help and never after ``end``;
    - a target helped but never surveyed gets an ``in_progress`` record whose
      note says why (help came through a referral before the survey visit);
    - 8 % of helped targets have a referral between agencies, requested at
      the first help, with :data:`REFERRAL_OUTCOMES`.

    Drawn from ``numpy.random.default_rng(seed + 14)``: the same history,
    seed and ``end`` give the same records.
    """
    rng = np.random.default_rng(seed + 14)
    start = end - timedelta(days=364)
    first: dict[str, dict] = {}
    for record in history:
        kind = record["kind"]
        if kind not in ("visit", "help", "missed"):
            continue
        entry = first.setdefault(
            record["household_id"], {"village_code": record["village_code"], "team": ""}
        )
        if kind == "missed":
            entry["found"] = record["found_date"]
            continue
        day = record["visit_date" if kind == "visit" else "help_date"]
        if kind == "visit":
            entry["team"] = record["team"]
        if kind not in entry or day < entry[kind]:
            entry[kind] = day
        entry["help_kind"] = record.get("help_kind", entry.get("help_kind"))
        entry["last"] = max(entry.get("last", day), day)
    where = "starts_with(h.village_code, ?)" if area_code else "TRUE"
    targets = con.execute(
        f"""SELECT h.household_id, h.village_code,
                   coalesce(s.name_th, h.subdistrict_code) AS subdistrict_name
            FROM households h LEFT JOIN areas s ON s.code = h.subdistrict_code
            WHERE {target_poor_sql("h.")} AND {where} ORDER BY h.household_id""",
        [area_code] if area_code else [],
    ).df()
    teams = dict(
        zip(
            targets["household_id"],
            "ทีมปฏิบัติการตำบล" + targets["subdistrict_name"],
            strict=True,
        )
    )
    for household_id, village in zip(targets["household_id"], targets["village_code"], strict=True):
        first.setdefault(household_id, {"village_code": village, "team": ""})
    correction = {"replaces_id": None, "why": "", "void": False}
    records = []
    for household_id in sorted(first):
        case = first[household_id]
        base = {"household_id": household_id, "village_code": case["village_code"], **correction}
        opened = case.get("found", start)
        team = case["team"] or teams.get(household_id) or "ทีมปฏิบัติการ"
        records.append(
            _record("status", **base, status="open", status_date=opened, reason="", note="")
        )
        due = min(opened + timedelta(days=int(rng.integers(*DUE_DAYS))), end + timedelta(days=200))
        records.append(
            _record("assign", **base, team=team, assigned_date=opened, due_date=due, note="")
        )
        visit, helped = case.get("visit"), case.get("help")
        if helped and not visit:
            records.append(
                _record("status", **base, status="in_progress", status_date=helped, reason="",
                        note=HELPED_BEFORE_SURVEY)
            )  # fmt: skip
            continue
        if visit:
            records.append(
                _record(
                    "status", **base, status="in_progress", status_date=visit, reason="", note=""
                )
            )
        shares = HELPED_OUTCOMES if helped else SURVEYED_OUTCOMES if visit else UNREACHED_OUTCOMES
        outcome = _draw(rng, shares)
        if outcome not in ("open", "in_progress"):
            after = case.get("last", opened)
            day = min(after + timedelta(days=int(rng.integers(7, 90))), end)
            reason = _draw(rng, DECLINED_SHARES) if outcome == "declined" else CLOSE_TEXT[outcome]
            records.append(
                _record("status", **base, status=outcome, status_date=day, reason=reason, note="")
            )
        if helped and rng.random() < REFERRAL_SHARE:
            kind = case.get("help_kind") or "health_care"
            to = KIND_AGENCIES[kind][0]
            request = _record(
                "referral", **base, referral_id="", referral_status="requested",
                referral_date=helped, from_agency="cdd" if to != "cdd" else "lao",
                to_agency=to, help_kind=kind, note="",
            )  # fmt: skip
            request["referral_id"] = f"R{request['record_key'][:12]}"
            records.append(request)
            step = _draw(rng, REFERRAL_OUTCOMES)
            if step != "requested":
                day = min(helped + timedelta(days=int(rng.integers(3, 60))), end)
                records.append(
                    _record(
                        "referral", **{**base, "referral_id": request["referral_id"]},
                        referral_status=step, referral_date=day,
                        from_agency=request["from_agency"], to_agency=to, help_kind=kind, note="",
                    )
                )  # fmt: skip
    return records


def stored_history(engine) -> list[dict]:
    """Return the synthetic visits, help and missed households of a store, as history rows.

    For a store seeded before case management (issue 14): the rows
    :func:`generate_case_history` needs (``kind``, household, village, the
    dates, team and kind of help), read back from the store. Empty when the
    store holds no synthetic records.
    """
    from sqlalchemy import select

    from logbook import store
    from logbook.models import HelpGiven, MissedHousehold, SurveyVisit

    rows: list[dict] = []
    for kind, model, columns in (
        ("visit", SurveyVisit, ("visit_date", "team")),
        ("help", HelpGiven, ("help_date", "help_kind")),
        ("missed", MissedHousehold, ("found_date",)),
    ):
        table = model.__table__
        query = select(
            table.c.household_id, table.c.village_code, *[table.c[c] for c in columns]
        ).where(table.c.source == "synthetic")
        for found in store.read(engine, query):
            rows.append({"kind": kind, **found._asdict()})
    return rows
