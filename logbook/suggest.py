"""Suggested help for a household, by explicit rules a domain expert can read and change.

The rules (issue 17, seed 004's "system that suggests solutions"):

1. **What to offer** — the table ``suggest_rules.csv`` beside this file: each
   row maps a failed MPI indicator (DOMAIN.md §2) to a kind of help of the
   poverty-solving menu and the agencies that give it, the one responsible
   first (:data:`logbook.menu.RESPONSIBLE`). One row per rule; edit the file
   to change the menu's logic. It is checked when read: unknown indicators,
   kinds or agencies stop with the row named.
2. **In what order** — :data:`VULNERABILITY_FIRST` moves the dimensions a
   vulnerable household needs first to the front (seed 004: low income and
   dependents needing care); :data:`STAGE_ORDER` orders the remaining
   dimensions by the development stage the Logbook recorded (DOMAIN.md §5:
   survival → sufficiency → sustainability; a household with no stage is
   treated as at survival).
3. **Whom to ask** — among a rule's agencies, one with a funded project on
   the kind's dimension serving the area, or a partner of the area's
   poverty-solving centre (Area potential, :mod:`potential.queries`), is
   preferred to one absent from the area; within a dimension, suggestions
   whose agency is present come first.
4. **Distance** — help given at a health facility (health care, nutrition,
   health promotion) or a school (scholarship, literacy, back to school)
   comes first when the house is within
   :data:`potential.distance.DEFAULT_DISTANCE_KM` of one, and says so; when
   the house is farther, the suggestion says so (a home visit is needed).

Every suggestion carries its reasons as label keys with values
(``sg_why_*`` of :mod:`display.labels`), so the app says why in the user's
language. Suggestions taken up are counted by :func:`uptake`: a help record
of the Logbook counts when its kind is one the rules suggest for that
household. No model is trained; nothing here is learnt from data.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, select

from logbook import store
from logbook.menu import AGENCIES, AGENCY_UNITS, HELP_KINDS
from logbook.models import STAGES, DevelopmentStage, HelpGiven
from potential.distance import DEFAULT_DISTANCE_KM
from poverty.indicators import DIMENSION_CODES, INDICATOR_CODES, INDICATORS

#: The rule table (one rule per row: rule, indicator, help_kind, agencies).
RULES_FILE = Path(__file__).with_name("suggest_rules.csv")
#: Dimension order by development stage (DOMAIN.md §5; a project decision:
#: survival = basic needs first, sufficiency and sustainability = income and
#: education first). ``None`` (no stage recorded) is read as survival.
STAGE_ORDER: dict[str | None, tuple[str, ...]] = {
    None: ("living", "health", "access", "income", "education"),
    "survival": ("living", "health", "access", "income", "education"),
    "sufficiency": ("income", "education", "living", "health", "access"),
    "sustainability": ("income", "education", "health", "living", "access"),
}
#: Dimensions moved to the front by vulnerability level (seed 004, DOMAIN.md §4:
#: levels 2-3 are low income with dependents, level 1 low income or a housing
#: problem, level 0 a dependent only; -1 = not vulnerable).
VULNERABILITY_FIRST: dict[int, tuple[str, ...]] = {
    3: ("access", "income"),
    2: ("access", "income"),
    1: ("income", "living"),
    0: ("access",),
    -1: (),
}
#: Kinds of help given at a service, and the household distance column to it.
SERVICE_OF_KIND: dict[str, str] = {
    "health_care": "health",
    "nutrition": "health",
    "health_promotion": "health",
    "scholarship": "school",
    "literacy": "school",
    "back_to_school": "school",
}
_DIMENSION_OF = {i.code: i.dimension for i in INDICATORS}


class RuleTableError(ValueError):
    """The suggestion rule table is malformed; the message names the row and column."""


@dataclass(frozen=True)
class SuggestionRule:
    """One row of the rule table: a failed indicator -> a kind of help and its agencies."""

    rule: str
    indicator: str
    help_kind: str
    agencies: tuple[str, ...]
    order: int

    @property
    def dimension(self) -> str:
        """Return the dimension of the kind of help (:data:`logbook.menu.HELP_KINDS`)."""
        return HELP_KINDS[self.help_kind][0]


def read_rules(path: Path | str = RULES_FILE) -> tuple[SuggestionRule, ...]:
    """Read and check the rule table.

    Parameters
    ----------
    path : Path
        CSV with a header ``rule,indicator,help_kind,agencies``; agencies
        separated by ``;``, the responsible one first.

    Returns
    -------
    tuple of SuggestionRule
        In file order (the order breaks ties between suggestions).

    Raises
    ------
    RuleTableError
        For a missing column, a repeated rule id, an unknown indicator, help
        kind or agency (not in :mod:`logbook.menu`), or a row without an
        agency; the message names the file, the row (1 = first data row) and
        the column.
    """
    path = Path(path)
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"rule", "indicator", "help_kind", "agencies"} - set(reader.fieldnames or [])
        if missing:
            raise RuleTableError(f"{path}: missing column(s) {sorted(missing)}")
        rules, seen = [], set()
        for n, row in enumerate(reader, start=1):
            where = f"{path}, row {n}"
            rule = (row["rule"] or "").strip()
            if not rule or rule in seen:
                raise RuleTableError(f"{where}, column rule: empty or repeated id {rule!r}")
            seen.add(rule)
            indicator = (row["indicator"] or "").strip()
            if indicator not in INDICATOR_CODES:
                raise RuleTableError(f"{where}, column indicator: unknown {indicator!r}")
            kind = (row["help_kind"] or "").strip()
            if kind not in HELP_KINDS:
                raise RuleTableError(f"{where}, column help_kind: not in the menu: {kind!r}")
            agencies = tuple(a.strip() for a in (row["agencies"] or "").split(";") if a.strip())
            unknown = [a for a in agencies if a not in AGENCIES]
            if not agencies or unknown:
                raise RuleTableError(
                    f"{where}, column agencies: none given or not in the menu: {unknown}"
                )
            rules.append(SuggestionRule(rule, indicator, kind, agencies, n))
    return tuple(rules)


RULES: tuple[SuggestionRule, ...] = read_rules()


@dataclass(frozen=True)
class AreaContext:
    """Which menu agencies are present in a household's area (Area potential data).

    Attributes
    ----------
    projects : mapping
        (agency code, dimension) -> (project name, area level, area name Thai,
        area name English) of a funded project, not cancelled, serving the
        area (in it, inside it, or in an area above it).
    partners : frozenset of str
        Agency codes listed as partners of a poverty-solving centre of the
        area or above it.
    """

    projects: Mapping[tuple[str, str], tuple[str, str, str, str]] = field(default_factory=dict)
    partners: frozenset[str] = frozenset()

    def present(self, agency: str, dimension: str) -> bool:
        """Return True when ``agency`` has a project on ``dimension`` here or is a partner."""
        return (agency, dimension) in self.projects or agency in self.partners


def agencies_in(text: str) -> set[str]:
    """Return the menu agency codes whose office names appear in ``text``.

    Uses :data:`logbook.menu.AGENCY_UNITS`. Examples: "สำนักงานจัดหางานจังหวัด"
    names ``doe`` (and ``mol``, whose offices' names hold "แรงงาน" only
    when written so).

    Examples
    --------
    >>> from logbook.suggest import agencies_in
    >>> sorted(agencies_in("สำนักงานพัฒนาฝีมือแรงงานจังหวัด"))
    ['dsd', 'mol']
    >>> sorted(agencies_in("รพ.สต.; ครู กศน. ตำบล"))
    ['moph', 'nfe']
    """
    return {code for code, words in AGENCY_UNITS.items() if any(w in str(text) for w in words)}


def area_context(projects: pd.DataFrame, centres: pd.DataFrame) -> AreaContext:
    """Return the :class:`AreaContext` of an area from its Area potential tables.

    Parameters
    ----------
    projects : DataFrame
        :func:`potential.queries.projects` of the area: ``agency`` (free
        text), ``dimension``, ``name``, ``status``, ``level``, ``area_th``,
        ``area_en``; the most recent first. Cancelled projects do not count.
    centres : DataFrame
        :func:`potential.queries.centres` of the area: ``agencies`` (free
        text, ``;``-separated).
    """
    found: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    if not projects.empty:
        live = projects[projects["status"] != "cancelled"]
        for row in live.itertuples(index=False):
            for code in agencies_in(row.agency):
                found.setdefault(
                    (code, row.dimension), (row.name, row.level, row.area_th, row.area_en)
                )
    partners: set[str] = set()
    if not centres.empty:
        for text in centres["agencies"].fillna(""):
            partners |= agencies_in(text)
    return AreaContext(found, frozenset(partners))


@dataclass(frozen=True)
class Suggestion:
    """One kind of help suggested for a household, with its agency and the reasons why.

    Attributes
    ----------
    help_kind, dimension, agency : str
        Codes of :mod:`logbook.menu` and :mod:`poverty.indicators`.
    indicators : tuple of str
        The failed indicators that call for it.
    rules : tuple of str
        The rule ids that fired.
    agency_present : bool
        The agency has a project on the dimension serving the area, or is a
        partner of the area's centre.
    near_service : bool or None
        The house is within the distance of the service the help is given
        at; None when the kind needs no service or the distance is unknown.
    reasons : tuple of (str, dict)
        Label key of :mod:`display.labels` and its values (codes and numbers).
    """

    help_kind: str
    dimension: str
    agency: str
    indicators: tuple[str, ...]
    rules: tuple[str, ...]
    agency_present: bool
    near_service: bool | None
    reasons: tuple[tuple[str, dict], ...]


def dimension_order(stage: str | None, vulnerability_level: int) -> tuple[str, ...]:
    """Return the five dimensions in the order help is suggested.

    The dimensions of :data:`VULNERABILITY_FIRST` for the level, then the
    rest in :data:`STAGE_ORDER` of the stage.

    Raises
    ------
    ValueError
        For an unknown stage or vulnerability level.

    Examples
    --------
    >>> from logbook.suggest import dimension_order
    >>> dimension_order("sufficiency", -1)
    ('income', 'education', 'living', 'health', 'access')
    >>> dimension_order(None, 3)
    ('access', 'income', 'living', 'health', 'education')
    """
    if stage not in STAGE_ORDER:
        raise ValueError(f"stage must be one of {STAGES} or None, got {stage!r}")
    level = int(vulnerability_level)
    if level not in VULNERABILITY_FIRST:
        raise ValueError(f"vulnerability level must be -1 to 3, got {vulnerability_level!r}")
    first = VULNERABILITY_FIRST[level]
    return first + tuple(d for d in STAGE_ORDER[stage] if d not in first)


def failed_indicators(mask: int) -> tuple[str, ...]:
    """Return the indicator codes set in a deprivation mask (bit order of the indicator table)."""
    return tuple(code for bit, code in enumerate(INDICATOR_CODES) if (int(mask) >> bit) & 1)


def _distance(distances: Mapping[str, float | None], service: str) -> float | None:
    value = distances.get(service)
    return None if value is None or pd.isna(value) else float(value)


def suggest(
    mask: int,
    vulnerability_level: int = -1,
    stage: str | None = None,
    distances: Mapping[str, float | None] | None = None,
    context: AreaContext | None = None,
    rules: Iterable[SuggestionRule] = RULES,
    distance_km: float = DEFAULT_DISTANCE_KM,
) -> list[Suggestion]:
    """Return the help to suggest for one household, first to offer first.

    Parameters
    ----------
    mask : int
        The household's deprivation mask (bit i = indicator i failed; the
        ``mask`` column of the build).
    vulnerability_level : int
        -1 (not vulnerable) to 3 (seed 004).
    stage : str or None
        Latest development stage in the Logbook (survival, sufficiency,
        sustainability) or None.
    distances : mapping, optional
        ``{"health": metres, "school": metres}`` from the house to the
        nearest health facility and school (``dist_health_m``,
        ``dist_school_m`` of the build); missing = unknown.
    context : AreaContext, optional
        The agencies present in the household's area; default none.
    rules : iterable of SuggestionRule
        Default the table ``suggest_rules.csv``.
    distance_km : float
        Within this distance a service counts as near (default 5 km).

    Returns
    -------
    list of Suggestion
        One per kind of help (rules naming the same kind are merged, their
        indicators and reasons joined). Sorted by :func:`dimension_order`,
        then agency present before absent, then near a service before the
        rest, then rule order. A household failing nothing gets none.

    Raises
    ------
    ValueError
        For an unknown stage or vulnerability level.
    """
    order = dimension_order(stage, vulnerability_level)
    context = context or AreaContext()
    distances = distances or {}
    failed = set(failed_indicators(mask))
    merged: dict[str, dict] = {}
    for rule in rules:
        if rule.indicator not in failed:
            continue
        entry = merged.setdefault(
            rule.help_kind, {"rules": [], "indicators": [], "agencies": [], "order": rule.order}
        )
        entry["rules"].append(rule.rule)
        if rule.indicator not in entry["indicators"]:
            entry["indicators"].append(rule.indicator)
        entry["agencies"] += [a for a in rule.agencies if a not in entry["agencies"]]
    out = []
    for kind, entry in merged.items():
        dimension = HELP_KINDS[kind][0]
        present = [a for a in entry["agencies"] if context.present(a, dimension)]
        agency = present[0] if present else entry["agencies"][0]
        reasons: list[tuple[str, dict]] = [
            ("sg_why_fails", {"indicator": code}) for code in entry["indicators"]
        ]
        if dimension in VULNERABILITY_FIRST.get(int(vulnerability_level), ()):
            reasons.append(("sg_why_vulnerable", {"level": int(vulnerability_level)}))
        if (agency, dimension) in context.projects:
            name, level, area_th, area_en = context.projects[(agency, dimension)]
            reasons.append(
                (
                    "sg_why_project",
                    {
                        "agency": agency,
                        "project": name,
                        "level": level,
                        "area_th": area_th,
                        "area_en": area_en,
                    },
                )
            )
        elif agency in context.partners:
            reasons.append(("sg_why_partner", {"agency": agency}))
        else:
            reasons.append(("sg_why_responsible", {"agency": agency}))
        near = None
        service = SERVICE_OF_KIND.get(kind)
        metres = _distance(distances, service) if service else None
        if service and metres is not None:
            near = metres <= distance_km * 1000
            key = "sg_why_near" if near else "sg_why_far"
            reasons.append((key, {"service": service, "km": round(metres / 1000, 1)}))
        out.append(
            (
                (order.index(dimension), not present, near is not True, entry["order"]),
                Suggestion(
                    kind,
                    dimension,
                    agency,
                    tuple(entry["indicators"]),
                    tuple(entry["rules"]),
                    bool(present),
                    near,
                    tuple(reasons),
                ),
            )
        )
    return [s for _key, s in sorted(out, key=lambda pair: pair[0])]


def suggested_kinds(mask: int, rules: Iterable[SuggestionRule] = RULES) -> frozenset[str]:
    """Return every kind of help the rules suggest for a mask, in any order."""
    failed = set(failed_indicators(mask))
    return frozenset(r.help_kind for r in rules if r.indicator in failed)


def summarise(
    households: pd.DataFrame,
    context: AreaContext | None = None,
    top: int = 3,
    rules: Iterable[SuggestionRule] = RULES,
) -> pd.DataFrame:
    """Return the suggestions for many households (a search result), counted by kind and agency.

    Parameters
    ----------
    households : DataFrame
        ``mask``, ``vulnerability_level`` and optionally ``stage``,
        ``dist_health_m``, ``dist_school_m`` per household.
    context : AreaContext, optional
        The agencies present in the searched area.
    top : int
        Each household's first ``top`` suggestions are counted.

    Returns
    -------
    DataFrame
        ``help_kind``, ``dimension``, ``agency``, ``households`` (how many
        households get it among their first ``top``), ``agency_present``;
        most households first.
    """
    rules = tuple(rules)
    counts: dict[tuple[str, str, str, bool], int] = {}
    for row in households.itertuples(index=False):
        found = suggest(
            int(row.mask),
            int(row.vulnerability_level),
            stage if isinstance(stage := getattr(row, "stage", None), str) else None,
            {
                "health": getattr(row, "dist_health_m", None),
                "school": getattr(row, "dist_school_m", None),
            },
            context,
            rules,
        )
        for s in found[:top]:
            key = (s.help_kind, s.dimension, s.agency, s.agency_present)
            counts[key] = counts.get(key, 0) + 1
    frame = pd.DataFrame(
        [(*key, n) for key, n in counts.items()],
        columns=["help_kind", "dimension", "agency", "agency_present", "households"],
    )
    order = {d: n for n, d in enumerate(DIMENSION_CODES)}
    return frame.sort_values(
        ["households", "dimension", "help_kind"],
        ascending=[False, True, True],
        key=lambda s: s.map(order) if s.name == "dimension" else s,
        ignore_index=True,
    )[["help_kind", "dimension", "agency", "households", "agency_present"]]


def uptake(help_counts: pd.DataFrame, rules: Iterable[SuggestionRule] = RULES) -> dict:
    """Count the help records whose kind the rules suggest for the household (taken up).

    Parameters
    ----------
    help_counts : DataFrame
        Logbook help records counted by the household's deprivation mask
        and kind: ``mask``, ``help_kind``, ``records``
        (:func:`queries.suggest.help_by_mask`).

    Returns
    -------
    dict
        ``records`` (help records counted), ``taken_up`` (of a kind the
        rules suggest for that mask), ``share`` (0-1; 0 when there is no
        record) and ``by_kind``: help kind -> [records, taken_up].

    Examples
    --------
    A household failing only the working-age job indicator (bit 12) got job
    placement twice (suggested) and a house repair once (not suggested):

    >>> import pandas as pd
    >>> from logbook.suggest import uptake
    >>> counts = pd.DataFrame(
    ...     {"mask": [1 << 12, 1 << 12], "help_kind": ["job_placement", "house_repair"],
    ...      "records": [2, 1]}
    ... )
    >>> result = uptake(counts)
    >>> result["records"], result["taken_up"], round(result["share"], 3)
    (3, 2, 0.667)
    """
    rules = tuple(rules)
    kinds_of: dict[int, frozenset[str]] = {}
    records = taken = 0
    by_kind: dict[str, list[int]] = {}
    for mask, kind, n in zip(
        help_counts["mask"], help_counts["help_kind"], help_counts["records"], strict=True
    ):
        mask, n = int(mask), int(n)
        if mask not in kinds_of:
            kinds_of[mask] = suggested_kinds(mask, rules)
        hit = n if kind in kinds_of[mask] else 0
        records += n
        taken += hit
        entry = by_kind.setdefault(str(kind), [0, 0])
        entry[0] += n
        entry[1] += hit
    return {
        "records": records,
        "taken_up": taken,
        "share": taken / records if records else 0.0,
        "by_kind": by_kind,
    }


def household_history(engine: Engine, household_id: str) -> dict:
    """Return what the Logbook holds for one household that the suggestions use.

    Parameters
    ----------
    engine : sqlalchemy.Engine
        The Logbook store (:func:`logbook.store.engine_for`).
    household_id : str
        The stored household ID (never a pseudonym).

    Returns
    -------
    dict
        ``stage``: the latest development stage (latest date, then latest
        record), or None; ``help_kinds``: the kinds of help recorded, a
        frozenset.

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the store cannot be read.
    """
    stage_rows = store.read(
        engine,
        select(DevelopmentStage.stage)
        .where(DevelopmentStage.household_id == household_id)
        .order_by(DevelopmentStage.stage_date.desc(), DevelopmentStage.id.desc())
        .limit(1),
    )
    kinds = store.read(
        engine, select(HelpGiven.help_kind).where(HelpGiven.household_id == household_id)
    )
    return {
        "stage": stage_rows[0][0] if stage_rows else None,
        "help_kinds": frozenset(row[0] for row in kinds),
    }


#: Household IDs per query of :func:`latest_stages` (below SQLite's 999 bound values).
STAGE_BATCH = 900


def latest_stages(engine: Engine, household_ids: Iterable[str]) -> dict[str, str]:
    """Return the latest development stage of many households, read in batches.

    The same rule as :func:`household_history` (latest ``stage_date``, then
    the latest record), for a whole search result: one query per
    :data:`STAGE_BATCH` households, never one per household.

    Parameters
    ----------
    engine : sqlalchemy.Engine
        The Logbook store.
    household_ids : iterable of str
        Stored household IDs (never pseudonyms); repeats are read once.

    Returns
    -------
    dict
        Household ID -> stage (:data:`logbook.models.STAGES`); households
        with no stage recorded are left out.

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the store cannot be read.
    """
    ids = sorted({str(i) for i in household_ids})
    rows: list = []
    for start in range(0, len(ids), STAGE_BATCH):
        rows += store.read(
            engine,
            select(
                DevelopmentStage.household_id,
                DevelopmentStage.stage,
                DevelopmentStage.stage_date,
                DevelopmentStage.id,
            ).where(DevelopmentStage.household_id.in_(ids[start : start + STAGE_BATCH])),
        )
    latest: dict[str, tuple] = {}
    for household_id, stage, day, record in rows:
        if household_id not in latest or (day, record) > latest[household_id][1:]:
            latest[household_id] = (stage, day, record)
    return {household_id: value[0] for household_id, value in latest.items()}


def help_records(engine: Engine, area_code: str | None) -> pd.DataFrame:
    """Return the Logbook's help records of an area: ``household_id``, ``help_kind``.

    Raises
    ------
    logbook.store.StoreUnavailableError
        If the store cannot be read.
    """
    query = select(HelpGiven.household_id, HelpGiven.help_kind)
    if area_code:
        query = query.where(HelpGiven.village_code.startswith(area_code))
    return pd.DataFrame(store.read(engine, query), columns=["household_id", "help_kind"])
