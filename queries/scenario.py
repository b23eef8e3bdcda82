"""Rule scenarios over the build: who joins and who leaves the target list (issue 17).

:func:`compare` applies today's rule and up to two other rules
(:class:`poverty.scenario.Rule`) to the households of one area in a single
pass over the ``households`` table, grouped by child area and by what the
change needs (card, vulnerability level, dimensions failed), and rolls the
few thousand groups up in pandas. :func:`changed_households` lists the
households that join or leave, masked for the viewer
(:func:`access.personal.protect`).

Why the household table and not ``village_profiles`` (DESIGN.md:
pre-aggregate once): a rule's income line needs each household's income
amount, and a card requirement needs the members of card-holding households,
neither of which the village profiles keep. The grouped scan reads eight
narrow columns; its time is measured by ``benchmarks/scenario_time.py``.

SQL pieces come from :mod:`queries.figures` (:func:`~queries.figures.score_sql`,
:func:`~queries.figures.poor_sql`, :data:`~queries.figures.CARD_SQL`); k is a
bound parameter; the only numbers pasted into SQL are a rule's validated
weights and income line (finite floats, :class:`poverty.scenario.Rule`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import duckdb
import numpy as np
import pandas as pd

from access.personal import protect
from access.roles import User
from geo.areas import CODE_COLUMN, UnknownAreaError, child_level, level_of
from poverty.indicators import DIMENSION_CODES, INDICATOR_CODES, INDICATORS, indicators_of
from poverty.scenario import MAX_RULES, TODAY, Rule, RuleError
from queries.figures import CARD_SQL, area, area_names, poor_sql, score_sql

#: Bit of each indicator in the stored ``mask`` (:mod:`poverty.measures`).
BIT = {ind.code: n for n, ind in enumerate(INDICATORS)}
INCOME_BIT = BIT["income_per_capita"]
ALL_BITS = (1 << len(INDICATORS)) - 1
#: Bits of each dimension's indicators.
DIMENSION_MASKS = {d: sum(1 << BIT[c] for c in indicators_of(d)) for d in DIMENSION_CODES}
#: What a list of changed households holds: households joining or leaving the targets.
CHANGES = ("joined", "left")
#: Columns of :func:`changed_households`, besides ``failed_<dimension>`` flags.
LIST_COLUMNS = (
    "household_id",
    "head_name",
    "house_no",
    "village_code",
    "village_th",
    "village_en",
    "subdistrict_th",
    "subdistrict_en",
    "district_th",
    "district_en",
    "n_members",
    "welfare_card_holders",
    "income_per_capita",
    "vulnerability_level",
    "baseline_score",
    "scenario_score",
    "change",
)


def rule_mask_sql(rule: Rule, alias: str = "", below: str | None = None) -> str:
    """Return SQL of a household's deprivation mask under ``rule``'s income line.

    The stored ``mask`` has the income bit of the build's line. Where the
    household gives its income amount, the bit is recomputed as
    ``income_per_capita < income_line`` (DOMAIN.md §2); where the amount is
    null (a file giving income only as a deprivation) the stored bit stays.

    Parameters
    ----------
    rule : Rule
    alias : str
        Table alias with its dot (``"h."``) or ``""``.
    below : str, optional
        A column already holding ``income_per_capita < income_line`` (null
        where the amount is null), used instead of the comparison.
    """
    m = f"{alias}mask"
    below = below or f"{alias}income_per_capita < {rule.income_line!r}"
    keep = ALL_BITS & ~(1 << INCOME_BIT)
    return (
        f"(({m} & {keep}) | CASE WHEN ({below}) IS NULL THEN {m} & {1 << INCOME_BIT} "
        f"WHEN {below} THEN {1 << INCOME_BIT} ELSE 0 END)"
    )


def rule_score_sql(rule: Rule, mask: str) -> str:
    """Return SQL of the deprivation score under ``rule``, from a mask expression.

    Equal nested weights reuse :func:`queries.figures.score_sql` (it reads a
    column named ``mask``, replaced here by ``mask``); given weights build the
    same weighted sum of mask bits with :meth:`poverty.scenario.Rule.weights`.
    Weights are DOUBLE (``score_sql(double=True)``): every scenario query
    scores every household of the area, and DECIMAL sums made the national
    build's count of households joining 5x slower (issue 13). Targets are
    still found within :data:`poverty.measures.TOLERANCE` of k.
    """
    if rule.indicator_weights is None:
        return score_sql(rule.dimensions, double=True).replace("mask", mask)
    terms = [
        f"(({mask} >> {BIT[code]}) & 1) * {weight!r}::DOUBLE"
        for code, weight in rule.weights().items()
        if weight > 0
    ]
    return "(" + " + ".join(terms) + ")"


def target_sql(rule: Rule, mask: str, card: str = CARD_SQL["with"]) -> str:
    """Return the SQL condition "a target under ``rule``" with one ``?`` for k.

    Score at or above k (:func:`queries.figures.poor_sql`, with DOMAIN.md §3's
    tolerance) and, when the rule requires it, a welfare-card holder
    (``card``: default :data:`queries.figures.CARD_SQL` ``["with"]`` on
    household rows; a boolean column on grouped rows).
    """
    holder = f" AND {card}" if rule.card_required else ""
    return f"({poor_sql(rule_score_sql(rule, mask))}{holder})"


def _rules(rules: Sequence[Rule]) -> list[Rule]:
    rules = list(rules)
    if not 1 <= len(rules) <= MAX_RULES:
        raise RuleError(f"rules: compare 1 to {MAX_RULES} rules with today's, got {len(rules)}")
    for rule in rules:
        if not isinstance(rule, Rule):
            raise RuleError(f"rules: expected Rule, got {type(rule).__name__}")
    return rules


def _area_where(code: str | None) -> tuple[str, list, str]:
    """Return (WHERE on households, its parameters, the child code column)."""
    if code is None:
        return "TRUE", [], CODE_COLUMN["province"]
    level = level_of(code)
    child = child_level(level)
    return f"{CODE_COLUMN[level]} = ?", [code], CODE_COLUMN[child or "village"]


def grouped_counts(
    con: duckdb.DuckDBPyConnection, code: str | None, rules: Sequence[Rule], baseline: Rule = TODAY
) -> pd.DataFrame:
    """Return household counts grouped by child area and by target status under each rule.

    Rule 0 is ``baseline``; rules 1.. are ``rules``. Two stages in one
    query: the area's households are first counted by child area, stored
    mask, card, vulnerability level, dimensions failed and whether the
    income is below each rule's line (a few thousand groups for a
    province, DESIGN.md: aggregate first); the rules are then applied to
    those groups, not to each household.

    Returns
    -------
    DataFrame
        One row per group: ``child`` (child area code; the village for a
        village), ``t0``, ``t1``, … (bool: a target under rule i),
        ``has_card`` (bool), ``vulnerability_level`` (-1-3),
        ``dimensions_failed`` (0-5, the stored five-dimension count), and the
        sums ``households``, ``persons``, ``card_holders``, ``ind{i}_{code}``
        (households failing an indicator under rule i's income line) and
        ``dim{i}_{d}`` (households failing a dimension that rule i counts).

    Raises
    ------
    geo.areas.UnknownAreaError
        If the code is malformed.
    """
    all_rules = [baseline, *rules]
    where, params, child = _area_where(code)
    lines = sorted({r.income_line for r in all_rules})
    below = {line: f"b{n}" for n, line in enumerate(lines)}
    below_cols = ", ".join(
        f"income_per_capita < {line!r} AS {name}" for line, name in below.items()
    )
    masks = ", ".join(
        f"{rule_mask_sql(r, below=below[r.income_line])} AS m{i}" for i, r in enumerate(all_rules)
    )
    flags = ", ".join(
        f"{target_sql(r, f'm{i}', card='has_card')} AS t{i}" for i, r in enumerate(all_rules)
    )
    sums = []
    for i, rule in enumerate(all_rules):
        sums += [
            f"sum(((m{i} >> {BIT[c]}) & 1) * households)::BIGINT AS ind{i}_{c}"
            for c in INDICATOR_CODES
        ]
        sums += [
            f"sum(((m{i} & {DIMENSION_MASKS[d]}) <> 0)::INTEGER * households)::BIGINT AS dim{i}_{d}"
            for d in rule.dimensions
        ]
    sql = f"""
        WITH g AS (
            SELECT {child} AS child, mask, welfare_card_holders > 0 AS has_card,
                   vulnerability_level::INTEGER AS vulnerability_level,
                   dimensions_failed::INTEGER AS dimensions_failed, {below_cols},
                   count(*)::BIGINT AS households, sum(n_members)::BIGINT AS persons,
                   sum(welfare_card_holders)::BIGINT AS card_holders
            FROM households WHERE {where} GROUP BY ALL
        ), m AS (SELECT *, {masks} FROM g)
        SELECT child, {", ".join(f"t{i}" for i in range(len(all_rules)))}, has_card,
               vulnerability_level, dimensions_failed,
               sum(households)::BIGINT AS households, sum(persons)::BIGINT AS persons,
               sum(card_holders)::BIGINT AS card_holders, {", ".join(sums)}
        FROM (SELECT *, {flags} FROM m) GROUP BY ALL ORDER BY ALL
    """
    ks = [r.cutoff() for r in all_rules]
    # Parameters in text order: the area's (CTE g), then one k per rule (the flags).
    return con.execute(sql, [*params, *ks]).df()


def _totals(frame: pd.DataFrame) -> dict:
    return {
        "households": int(frame["households"].sum()),
        "persons": int(frame["persons"].sum()),
        "card_holders": int(frame["card_holders"].sum()),
    }


def _drivers(frame: pd.DataFrame, i: int) -> dict:
    """Return what the households of ``frame`` fail and which groups they are in."""
    return {
        "indicators": {c: int(frame[f"ind{i}_{c}"].sum()) for c in INDICATOR_CODES},
        "with_card": int(frame.loc[frame["has_card"], "households"].sum()),
        "without_card": int(frame.loc[~frame["has_card"], "households"].sum()),
        "vulnerability": {
            str(level): int(frame.loc[frame["vulnerability_level"] == level, "households"].sum())
            for level in (-1, 0, 1, 2, 3)
        },
        "dimensions_failed": {
            str(n): int(frame.loc[frame["dimensions_failed"] == n, "households"].sum())
            for n in range(6)
        },
    }


def _cost(
    frame: pd.DataFrame, i: int, rule: Rule, per_household: float, per_dimension: Mapping
) -> float:
    """Return the yearly cost (baht) of helping the target households of ``frame``.

    With ``per_dimension`` costs (baht per household per failed dimension,
    for the dimensions the rule counts), each household costs the sum over
    the counted dimensions it fails; the dimensions without a cost use
    ``per_household``. Without them, every target household costs
    ``per_household``.
    """
    if not per_dimension:
        return float(per_household) * int(frame["households"].sum())
    return float(
        sum(
            float(per_dimension.get(d, per_household)) * int(frame[f"dim{i}_{d}"].sum())
            for d in rule.dimensions
        )
    )


def _check_costs(per_household: float, per_dimension: Mapping) -> None:
    values = {
        "cost_per_household": per_household,
        **{f"cost_{d}": v for d, v in per_dimension.items()},
    }
    for name, value in values.items():
        if not np.isfinite(float(value)) or float(value) < 0:
            raise RuleError(f"{name}: baht per household per year must be >= 0, got {value!r}")
    unknown = sorted(set(per_dimension) - set(DIMENSION_CODES))
    if unknown:
        raise RuleError(f"cost per dimension: unknown dimension(s) {unknown}")


def compare(
    con: duckdb.DuckDBPyConnection,
    code: str | None,
    rules: Sequence[Rule],
    *,
    baseline: Rule = TODAY,
    cost_per_household: float = 0.0,
    cost_per_dimension: Mapping[str, float] | None = None,
) -> dict:
    """Compare up to two rules with today's for one area (``None`` = every area built).

    Parameters
    ----------
    con : DuckDB connection or cursor on the build
    code : str or None
        DOPA code of a province, district, subdistrict or village.
    rules : sequence of Rule
        One or two rules (:data:`poverty.scenario.MAX_RULES`).
    baseline : Rule
        The rule compared against; default :data:`poverty.scenario.TODAY`.
    cost_per_household : float
        Yearly cost of help per target household, baht (default 0).
    cost_per_dimension : mapping, optional
        Dimension code -> yearly cost, baht per household failing that
        dimension (see :func:`_cost`).

    Returns
    -------
    dict
        ``area`` (code, level, name_th, name_en), ``baseline`` (``rule``,
        ``households``, ``persons``, ``card_holders``, ``cost_baht``) and
        ``scenarios``: one dict per rule with ``rule``, the totals and
        ``cost_baht`` as the baseline, ``joined`` and ``left`` (households,
        persons, card_holders, ``drivers``: indicators failed, with/without
        card, vulnerability level, dimensions failed), ``kept`` (totals),
        ``net_households``, ``net_persons``, ``net_cost_baht`` and
        ``by_child`` (a list of dicts: code, name_th, name_en, baseline and
        scenario households and persons, joined, left, net households).
        Persons are the members of the households counted (DOMAIN.md §3:
        households are identified, persons analysed); ``card_holders`` are
        the welfare-card holders among them.

    Raises
    ------
    geo.areas.UnknownAreaError
        If the code is malformed or unknown.
    poverty.scenario.RuleError
        For no rule or more than two, or a negative cost.
    """
    rules = _rules(rules)
    per_dimension = dict(cost_per_dimension or {})
    _check_costs(cost_per_household, per_dimension)
    info = (
        area(con, code)
        if code
        else {"code": None, "level": "country", "name_th": "ทั้งหมด", "name_en": "All areas"}
    )
    groups = grouped_counts(con, code, rules, baseline)
    base = groups[groups["t0"]]
    out: dict = {
        "area": {k: info[k] for k in ("code", "level", "name_th", "name_en")},
        "baseline": {
            "rule": baseline.to_dict(),
            **_totals(base),
            "cost_baht": _cost(base, 0, baseline, cost_per_household, per_dimension),
        },
        "scenarios": [],
    }
    children = area_names(con, sorted(groups["child"].unique()))
    names = children.set_index("code")[["name_th", "name_en"]]
    for i, rule in enumerate(rules, start=1):
        target = groups[groups[f"t{i}"]]
        joined = groups[groups[f"t{i}"] & ~groups["t0"]]
        left = groups[groups["t0"] & ~groups[f"t{i}"]]
        kept = groups[groups["t0"] & groups[f"t{i}"]]
        totals = _totals(target)
        cost = _cost(target, i, rule, cost_per_household, per_dimension)
        out["scenarios"].append(
            {
                "rule": rule.to_dict(),
                **totals,
                "cost_baht": cost,
                "joined": {**_totals(joined), "drivers": _drivers(joined, i)},
                "left": {**_totals(left), "drivers": _drivers(left, 0)},
                "kept": _totals(kept),
                "net_households": totals["households"] - out["baseline"]["households"],
                "net_persons": totals["persons"] - out["baseline"]["persons"],
                "net_cost_baht": cost - out["baseline"]["cost_baht"],
                "by_child": _by_child(groups, i, names),
            }
        )
    return out


def _by_child(groups: pd.DataFrame, i: int, names: pd.DataFrame) -> list[dict]:
    """Return per child area: baseline, scenario, joined, left and net households/persons."""
    g = groups.assign(
        base_h=groups["households"].where(groups["t0"], 0),
        base_p=groups["persons"].where(groups["t0"], 0),
        scen_h=groups["households"].where(groups[f"t{i}"], 0),
        scen_p=groups["persons"].where(groups[f"t{i}"], 0),
        joined_h=groups["households"].where(groups[f"t{i}"] & ~groups["t0"], 0),
        joined_p=groups["persons"].where(groups[f"t{i}"] & ~groups["t0"], 0),
        left_h=groups["households"].where(groups["t0"] & ~groups[f"t{i}"], 0),
        left_p=groups["persons"].where(groups["t0"] & ~groups[f"t{i}"], 0),
    )
    cols = ["base_h", "base_p", "scen_h", "scen_p", "joined_h", "joined_p", "left_h", "left_p"]
    table = g.groupby("child", sort=True)[cols].sum().astype("int64")
    table = table.join(names, how="left").reset_index(names="code")
    table["net_households"] = table["scen_h"] - table["base_h"]
    renamed = table.rename(
        columns={
            "base_h": "baseline_households",
            "base_p": "baseline_persons",
            "scen_h": "scenario_households",
            "scen_p": "scenario_persons",
            "joined_h": "joined_households",
            "joined_p": "joined_persons",
            "left_h": "left_households",
            "left_p": "left_persons",
        }
    )
    renamed = renamed.astype({"name_th": object, "name_en": object})
    records = renamed.where(renamed.notna(), None).to_dict("records")
    return [
        {k: (int(v) if isinstance(v, np.integer) else v) for k, v in r.items()} for r in records
    ]


def _changed(
    con: duckdb.DuckDBPyConnection,
    code: str | None,
    rule: Rule,
    change: str,
    baseline: Rule,
    within: str | None,
    dimension: str | None,
) -> tuple[str, str, list, str]:
    """Return (CTE ``h`` over the area's households, condition, parameters, list mask).

    ``h`` adds ``ms`` (the mask under ``rule``) and ``mb`` (under
    ``baseline``); the condition keeps the households that joined or left.
    """
    if change not in CHANGES:
        raise RuleError(f"change: must be one of {CHANGES}, got {change!r}")
    if dimension is not None and dimension not in DIMENSION_CODES:
        raise RuleError(f"dimension: unknown code {dimension!r}")
    if code:
        area(con, code)
    where, params, _child = _area_where(code)
    clauses, values = [where], list(params)
    if within:
        area(con, within)
        if code and not within.startswith(code):
            raise UnknownAreaError(f"area {within!r} is not inside {code!r}")
        clauses.append(f"{CODE_COLUMN[level_of(within)]} = ?")
        values.append(within)
    mine, theirs = target_sql(rule, "ms"), target_sql(baseline, "mb")
    if change == "joined":
        condition, ks, list_mask = f"{mine} AND NOT {theirs}", [rule, baseline], "ms"
    else:
        condition, ks, list_mask = f"{theirs} AND NOT {mine}", [baseline, rule], "mb"
    if dimension is not None:
        condition += f" AND ({list_mask} & {DIMENSION_MASKS[dimension]}) <> 0"
    cte = f"""h AS (
            SELECT *, {rule_mask_sql(rule)} AS ms, {rule_mask_sql(baseline)} AS mb
            FROM households WHERE {" AND ".join(clauses)}
        )"""
    # Parameters in text order: the area (in the CTE), then the two k of the condition.
    return cte, condition, [*values, *(r.cutoff() for r in ks)], list_mask


def changed_households(
    con: duckdb.DuckDBPyConnection,
    code: str | None,
    rule: Rule,
    change: str,
    *,
    viewer: User | None,
    baseline: Rule = TODAY,
    within: str | None = None,
    dimension: str | None = None,
    limit: int | None = 1000,
    offset: int = 0,
) -> pd.DataFrame:
    """Return the households that join (or leave) the targets under ``rule``, masked.

    Parameters
    ----------
    code : str or None
        The area (None = every area built).
    rule : Rule
        The scenario rule; ``baseline`` the rule it is compared with.
    change : {"joined", "left"}
        "joined": targets under ``rule`` and not under ``baseline``;
        "left": the reverse.
    viewer : User or None
        Personal columns come masked for this user
        (:func:`access.personal.protect`: names to initials, IDs to
        pseudonyms, house numbers blank).
    within : str, optional
        A sub-area code (district, subdistrict or village inside ``code``) to
        search in.
    dimension : str, optional
        Only households failing this dimension under the list's rule (the
        scenario's for "joined", the baseline's for "left").
    limit, offset : int
        Page of the list (``limit=None``: all rows, for an export).

    Returns
    -------
    DataFrame
        :data:`LIST_COLUMNS` plus ``failed_<dimension>`` flags (under the
        list's rule's income line), ordered by scenario score (joined) or
        baseline score (left), highest first, then household_id.

    Raises
    ------
    geo.areas.UnknownAreaError
        For a malformed or unknown area, or a ``within`` area not inside ``code``.
    poverty.scenario.RuleError
        For an unknown change or dimension.
    """
    cte, condition, params, list_mask = _changed(
        con, code, rule, change, baseline, within, dimension
    )
    flags = ", ".join(
        f"({list_mask} & {DIMENSION_MASKS[d]}) <> 0 AS failed_{d}" for d in DIMENSION_CODES
    )
    page = "" if limit is None else f"LIMIT {int(limit)} OFFSET {int(offset)}"
    order_score = "scenario_score" if change == "joined" else "baseline_score"
    sql = f"""
        WITH {cte}
        SELECT h.household_id, h.head_name, h.house_no, h.village_code,
               v.name_th AS village_th, v.name_en AS village_en,
               s.name_th AS subdistrict_th, s.name_en AS subdistrict_en,
               d.name_th AS district_th, d.name_en AS district_en,
               h.n_members, h.welfare_card_holders, h.income_per_capita,
               h.vulnerability_level::INTEGER AS vulnerability_level,
               round({rule_score_sql(baseline, "mb")}, 4) AS baseline_score,
               round({rule_score_sql(rule, "ms")}, 4) AS scenario_score,
               '{change}' AS change, {flags}
        FROM h
        JOIN areas v ON v.code = h.village_code
        JOIN areas s ON s.code = h.subdistrict_code
        JOIN areas d ON d.code = h.district_code
        WHERE {condition}
        ORDER BY {order_score} DESC, h.household_id {page}
    """
    return protect(con.execute(sql, params).df(), viewer)


def count_changed(
    con: duckdb.DuckDBPyConnection,
    code: str | None,
    rule: Rule,
    change: str,
    *,
    baseline: Rule = TODAY,
    within: str | None = None,
    dimension: str | None = None,
) -> int:
    """Return how many households :func:`changed_households` lists (same arguments, no page)."""
    cte, condition, params, _mask = _changed(con, code, rule, change, baseline, within, dimension)
    row = con.execute(f"WITH {cte} SELECT count(*) FROM h WHERE {condition}", params).fetchone()
    return int(row[0]) if row else 0
