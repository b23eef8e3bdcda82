"""The Scenarios page's parts: rule forms, the comparison, where it changes, who joins or leaves.

Figures come from :mod:`app_data.data` (cached :mod:`queries.scenario`);
rules are :class:`poverty.scenario.Rule`. The list of households that join
or leave is masked by the query layer (:func:`access.personal.protect`) and
its file goes through :func:`components.downloads.file_download` (export
right, area scope, one audit row).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from access.roles import PERSONAL_DATA, User
from app_data import data
from components.children import drill_down_map
from components.downloads import file_download, frame_file
from components.formats import fmt_int, plain
from components.i18n import (
    area_label,
    area_labels,
    dimension_name,
    indicator_name,
    lang,
    level_name,
    t,
)
from components.state import keep_value
from exports.households import XLSX_MAX_ROWS
from geo.areas import child_level, level_of
from poverty.indicators import DIMENSION_CODES, INDICATORS, weights
from poverty.scenario import MAX_RULES, TODAY, Rule, RuleError
from queries.scenario import CHANGES

#: Rows of the joined/left list per page.
PAGE_SIZE = 100
CUTOFFS = ("union", "third", "custom")


def rule_name(index: int) -> str:
    """Return the name of rule ``index``: 0 = today's TPMAP rule, 1-2 the user's."""
    return t("sc_today") if index == 0 else t("sc_rule_n", n=index)


def _k(index: int) -> float | None:
    keep_value(f"sc{index}_cutoff", "union")
    choice = st.radio(
        t("cutoff"),
        list(CUTOFFS),
        key=f"sc{index}_cutoff",
        format_func=lambda v: t(f"sc_cutoff_{v}"),
    )
    if choice == "union":
        return None
    if choice == "third":
        return 1 / 3
    return st.number_input(
        t("sc_k"), min_value=0.01, max_value=1.0, value=0.25, step=0.05, key=f"sc{index}_k"
    )


def _weights(index: int, dimensions: tuple[str, ...]) -> tuple[tuple[str, float], ...] | None:
    keep_value(f"sc{index}_weights", "equal")
    mode = st.radio(
        t("sc_weights"),
        ["equal", "custom"],
        key=f"sc{index}_weights",
        format_func=lambda v: t(f"sc_weights_{v}"),
        horizontal=True,
    )
    if mode == "equal":
        return None
    default = weights(dimensions)
    st.caption(t("sc_weights_help"))
    values = []
    for ind in INDICATORS:
        if ind.dimension not in dimensions:
            continue
        value = st.number_input(
            indicator_name(ind.code),
            min_value=0.0,
            value=round(float(default[ind.code]) * 100, 2),
            step=1.0,
            key=f"sc{index}_w_{ind.code}",
        )
        values.append((ind.code, float(value)))
    return tuple(values)


def rule_form(index: int) -> Rule | None:
    """Draw the settings of rule ``index`` (1 or 2); return the rule, or None when off or invalid.

    An invalid rule shows the reason (:class:`poverty.scenario.RuleError`) and gives None.
    """
    keep_value(f"sc{index}_on", index == 1)
    if not st.toggle(t("sc_use_rule", n=index), key=f"sc{index}_on"):
        return None
    k = _k(index)
    keep_value(f"sc{index}_dims", list(DIMENSION_CODES))
    dims = st.multiselect(
        t("dimensions"), list(DIMENSION_CODES), key=f"sc{index}_dims", format_func=dimension_name
    )
    chosen = tuple(d for d in DIMENSION_CODES if d in dims) or DIMENSION_CODES
    if not dims:
        st.caption(t("dimensions_none"))
    with st.expander(t("sc_weights")):
        indicator_weights = _weights(index, chosen)
    line = st.number_input(
        t("sc_income_line"),
        min_value=1.0,
        value=float(TODAY.income_line),
        step=1000.0,
        format="%.0f",
        key=f"sc{index}_line",
    )
    # Rule 1 starts as "today's rule without the card", so the page opens on a change.
    keep_value(f"sc{index}_card", "ignored" if index == 1 else "required")
    card = st.radio(
        t("sc_card"),
        ["required", "ignored"],
        key=f"sc{index}_card",
        format_func=lambda v: t(f"sc_card_{v}"),
        horizontal=True,
    )
    try:
        return Rule(
            k=k,
            dimensions=chosen,
            indicator_weights=indicator_weights,
            income_line=line,
            card_required=card == "required",
        )
    except RuleError as exc:
        st.error(t("sc_rule_invalid", reason=plain(exc, 300)))
        return None


def cost_inputs() -> tuple[float, tuple[tuple[str, float], ...]]:
    """Draw the yearly cost per household (and per dimension); return (baht, per dimension).

    Per-dimension costs left empty are not given (the household cost applies).
    """
    per_household = st.number_input(
        t("sc_cost_household"), min_value=0.0, value=0.0, step=1000.0, format="%.0f", key="sc_cost"
    )
    per_dimension = []
    with st.expander(t("sc_cost_by_dimension")):
        st.caption(t("sc_cost_by_dimension_help"))
        for dim in DIMENSION_CODES:
            value = st.number_input(
                dimension_name(dim),
                min_value=0.0,
                value=None,
                step=500.0,
                format="%.0f",
                key=f"sc_cost_{dim}",
            )
            if value is not None:
                per_dimension.append((dim, float(value)))
    return float(per_household), tuple(per_dimension)


def describe_rule(rule: dict) -> str:
    """Return a one-line description of a rule dict (:meth:`Rule.to_dict`), session language."""
    dims = ", ".join(dimension_name(d) for d in rule["dimensions"])
    cutoff = t("sc_cutoff_union") if rule["union"] else f"k = {rule['k']:.4g}"
    card = t("sc_card_required") if rule["card_required"] else t("sc_card_ignored")
    return t(
        "sc_rule_text",
        cutoff=cutoff,
        dims=dims,
        line=fmt_int(rule["income_line"]),
        card=card,
    )


def comparison_table(result: dict) -> None:
    """Draw one row per rule: targets, persons, card holders, joined, left, net, yearly cost."""
    rows = [
        {
            t("sc_rule"): rule_name(0),
            t("sc_target_households"): result["baseline"]["households"],
            t("sc_target_persons"): result["baseline"]["persons"],
            t("card_holders"): result["baseline"]["card_holders"],
            t("sc_joined"): 0,
            t("sc_left"): 0,
            t("sc_net"): 0,
            t("sc_cost_year"): result["baseline"]["cost_baht"],
            t("sc_settings"): describe_rule(result["baseline"]["rule"]),
        }
    ]
    for i, sc in enumerate(result["scenarios"], start=1):
        rows.append(
            {
                t("sc_rule"): rule_name(i),
                t("sc_target_households"): sc["households"],
                t("sc_target_persons"): sc["persons"],
                t("card_holders"): sc["card_holders"],
                t("sc_joined"): sc["joined"]["households"],
                t("sc_left"): sc["left"]["households"],
                t("sc_net"): sc["net_households"],
                t("sc_cost_year"): sc["cost_baht"],
                t("sc_settings"): describe_rule(sc["rule"]),
            }
        )
    number = st.column_config.NumberColumn(format="localized")
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        key="sc_comparison",
        column_config={
            t(k): number
            for k in (
                "sc_target_households",
                "sc_target_persons",
                "card_holders",
                "sc_joined",
                "sc_left",
                "sc_net",
                "sc_cost_year",
            )
        },
    )


def comparison_cards(result: dict, index: int) -> None:
    """Draw KPI cards of rule ``index`` against today's: targets, joined, left, net, cost."""
    sc = result["scenarios"][index - 1]
    base = result["baseline"]
    # (label, value, change against today, persons note): one card each.
    cards = (
        ("sc_target_households", sc["households"], sc["net_households"], None),
        ("sc_target_persons", sc["persons"], sc["net_persons"], None),
        ("sc_joined", sc["joined"]["households"], None, sc["joined"]["persons"]),
        ("sc_left", sc["left"]["households"], None, sc["left"]["persons"]),
        ("sc_cost_year", sc["cost_baht"], sc["net_cost_baht"], None),
    )
    for col, (label, value, delta, persons) in zip(st.columns(len(cards)), cards, strict=True):
        col.metric(
            t(label),
            fmt_int(value),
            delta=None if delta is None else fmt_int(delta),
            delta_color="off",
            help=None if persons is None else t("sc_persons_n", n=fmt_int(persons)),
            border=True,
        )
    st.caption(
        t(
            "sc_kept_note",
            kept=fmt_int(sc["kept"]["households"]),
            joined=fmt_int(sc["joined"]["households"]),
            total=fmt_int(sc["households"]),
            today=fmt_int(base["households"]),
        )
    )


def _child_frame(code: str | None, rows: list[dict]) -> pd.DataFrame:
    level = "province" if code is None else child_level(level_of(code))
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["label"] = [
        area_label(r.name_th or r.code, r.name_en or r.code, level or "village")
        for r in frame.itertuples()
    ]
    return frame


def where_it_changes(code: str | None, result: dict, index: int) -> None:
    """Draw the choropleth of the net change in target households by child area, and its table."""
    sc = result["scenarios"][index - 1]
    frame = _child_frame(code, sc["by_child"])
    level = "province" if code is None else child_level(level_of(code))
    if frame.empty or level is None:
        return
    if level in data.LEVEL_FILES:
        st.markdown(f"##### {t('sc_map', child=level_name(level))}")
        values = pd.DataFrame(
            {"code": frame["code"], "label": frame["label"], "value": frame["net_households"]}
        )
        drill_down_map(code, level, values, fmt_int, f"sc_map_{index}")
    st.markdown(f"##### {t('sc_children_table', child=level_name(level))}")
    shown = pd.DataFrame(
        {
            t("code"): frame["code"],
            t("name"): frame["label"],
            t("sc_col_today"): frame["baseline_households"],
            t("sc_col_rule"): frame["scenario_households"],
            t("sc_joined"): frame["joined_households"],
            t("sc_left"): frame["left_households"],
            t("sc_net"): frame["net_households"],
        }
    ).sort_values(t("sc_net"), key=lambda s: s.abs(), ascending=False)
    number = st.column_config.NumberColumn(format="localized")
    st.dataframe(
        shown,
        hide_index=True,
        key=f"sc_children_{index}",
        column_config={
            t(k): number for k in ("sc_col_today", "sc_col_rule", "sc_joined", "sc_left", "sc_net")
        },
    )


def drivers(result: dict, index: int) -> None:
    """Draw which indicators and groups drive the change: counts among joined and left."""
    sc = result["scenarios"][index - 1]
    joined, left = sc["joined"]["drivers"], sc["left"]["drivers"]
    st.markdown(f"##### {t('sc_drivers_indicators')}")
    st.caption(t("sc_drivers_caption"))
    indicators = pd.DataFrame(
        {
            t("indicator"): [indicator_name(i.code) for i in INDICATORS],
            t("dimension"): [dimension_name(i.dimension) for i in INDICATORS],
            t("sc_joined"): [joined["indicators"][i.code] for i in INDICATORS],
            t("sc_left"): [left["indicators"][i.code] for i in INDICATORS],
        }
    )
    indicators = indicators[(indicators[t("sc_joined")] > 0) | (indicators[t("sc_left")] > 0)]
    number = st.column_config.NumberColumn(format="localized")
    st.dataframe(
        indicators.sort_values([t("sc_joined"), t("sc_left")], ascending=False),
        hide_index=True,
        key=f"sc_drivers_ind_{index}",
        column_config={t("sc_joined"): number, t("sc_left"): number},
    )
    st.markdown(f"##### {t('sc_drivers_groups')}")
    card, vulnerable, failed = t("welfare_card"), t("vulnerability"), t("dimensions_failed")
    groups = [
        (card, t("card_with"), joined["with_card"], left["with_card"]),
        (card, t("card_without"), joined["without_card"], left["without_card"]),
        *[
            (
                vulnerable,
                t("vulnerability_none") if level == "-1" else t(f"vulnerability_{level}"),
                joined["vulnerability"][level],
                left["vulnerability"][level],
            )
            for level in ("3", "2", "1", "0", "-1")
        ],
        *[
            (failed, n, joined["dimensions_failed"][n], left["dimensions_failed"][n])
            for n in ("5", "4", "3", "2", "1", "0")
        ],
    ]
    frame = pd.DataFrame(
        groups, columns=[t("sc_group_by"), t("sc_group"), t("sc_joined"), t("sc_left")]
    )
    st.dataframe(
        frame[(frame[t("sc_joined")] > 0) | (frame[t("sc_left")] > 0)],
        hide_index=True,
        key=f"sc_drivers_groups_{index}",
        column_config={t("sc_joined"): number, t("sc_left"): number},
    )


def _list_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the joined/left households as shown and exported: translated headers."""
    suffix = "th" if lang() == "th" else "en"
    out = pd.DataFrame(
        {
            t("household_id"): frame["household_id"],
            t("head_name"): frame["head_name"],
            t("sc_house_no"): frame["house_no"],
            t("village"): frame[f"village_{suffix}"],
            t("subdistrict"): frame[f"subdistrict_{suffix}"],
            t("district"): frame[f"district_{suffix}"],
            t("n_members"): frame["n_members"],
            t("card_holders"): frame["welfare_card_holders"],
            t("income"): frame["income_per_capita"],
            t("vulnerability"): frame["vulnerability_level"],
            t("sc_col_today_score"): frame["baseline_score"],
            t("sc_col_rule_score"): frame["scenario_score"],
        }
    )
    for dim in DIMENSION_CODES:
        out[dimension_name(dim)] = frame[f"failed_{dim}"].map({True: "✓", False: ""})
    return out


def changed_list(code: str | None, rules: list[Rule], user: User) -> None:
    """Draw the searchable list of households joining or leaving, and its audited export."""
    build = data.build_key()
    c1, c2, c3, c4 = st.columns(4)
    keep_value("sc_list_rule", 1)
    if st.session_state["sc_list_rule"] > len(rules):
        st.session_state["sc_list_rule"] = 1
    index = c1.radio(
        t("sc_rule"),
        list(range(1, len(rules) + 1)),
        key="sc_list_rule",
        format_func=rule_name,
        horizontal=True,
    )
    keep_value("sc_list_change", "joined")
    change = c2.radio(
        t("sc_change"),
        list(CHANGES),
        key="sc_list_change",
        format_func=lambda v: t(f"sc_{v}"),
        horizontal=True,
    )
    children = data.children(build, code)
    level = "province" if code is None else child_level(level_of(code))
    options = [None, *children["code"].tolist()] if level else [None]
    names = dict(zip(children["code"], area_labels(children, level), strict=True))
    keep_value("sc_list_within", None)
    if st.session_state["sc_list_within"] not in options:
        st.session_state["sc_list_within"] = None
    within = c3.selectbox(
        t("sc_within"),
        options,
        key="sc_list_within",
        format_func=lambda c: t("all_option") if c is None else names.get(c, c),
    )
    keep_value("sc_list_dimension", None)
    dimension = c4.selectbox(
        t("sc_list_dimension"),
        [None, *DIMENSION_CODES],
        key="sc_list_dimension",
        format_func=lambda d: t("all_option") if d is None else dimension_name(d),
    )
    if within is not None and code is None:
        # A province chosen among all: the list is searched within it.
        code_used, within_used = within, None
    else:
        code_used, within_used = code, within
    rule = rules[int(index) - 1]
    count = data.scenario_changed_count(build, code_used, rule, change, within_used, dimension)
    st.metric(t("sc_list_count"), fmt_int(count), border=True)
    if count == 0:
        st.info(t("sc_list_empty"))
        return
    pages = (count + PAGE_SIZE - 1) // PAGE_SIZE
    page = int(
        st.number_input(
            t("page_number"), min_value=1, max_value=pages, value=1, step=1, key="sc_list_page"
        )
    )
    frame = data.scenario_changed(
        build, code_used, rule, change, within_used, dimension, page, user, PAGE_SIZE
    )
    first = (page - 1) * PAGE_SIZE + 1
    st.caption(
        t(
            "page_caption",
            page=fmt_int(page),
            pages=fmt_int(pages),
            first=fmt_int(first),
            last=fmt_int(first + len(frame) - 1),
            n=fmt_int(count),
        )
    )
    number = st.column_config.NumberColumn(format="localized")
    st.dataframe(
        _list_frame(frame),
        hide_index=True,
        key="sc_list_table",
        column_config={t("income"): number, t("n_members"): number},
    )
    personal = user.can(PERSONAL_DATA)
    if not personal:
        st.caption(t("masked_note"))
    fmt = st.radio(t("export_format"), ["csv", "xlsx"], key="sc_list_format", format_func=str.upper)
    if fmt == "xlsx" and count > XLSX_MAX_ROWS:
        st.warning(
            t("export_error_xlsx_too_long", rows=fmt_int(count), limit=fmt_int(XLSX_MAX_ROWS))
        )
        return
    filters = {
        "rule": rule.to_dict(),
        "baseline": TODAY.to_dict(),
        "change": change,
        "within": within_used,
        "dimension": dimension,
    }
    about = [
        (t("sc_rule"), f"{rule_name(int(index))}: {describe_rule(rule.to_dict())}"),
        (t("sc_today"), describe_rule(TODAY.to_dict())),
        (t("sc_change"), t(f"sc_{change}")),
        (t("area"), code_used or t("all_areas")),
        (t("sc_list_count"), fmt_int(count)),
        (t("personal_data"), t("personal_shown") if personal else t("personal_masked")),
    ]
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
    file_download(
        user,
        key="sc_list_file",
        what=f"scenario_{change}",
        area_code=code_used,
        filters=filters,
        level="household",
        fmt=fmt,
        file_name=f"tpmap_scenario_{change}_{code_used or 'all'}_{stamp}.{fmt}",
        personal_data=personal,
        make=lambda: frame_file(
            _list_frame(
                data.scenario_changed_all(code_used, rule, change, within_used, dimension, user)
            ),
            fmt,
            sheet=t(f"sc_{change}")[:31],
            about=about,
            comment=[f"{k}: {v}" for k, v in about],
        ),
    )


def rules_or_stop() -> list[Rule]:
    """Draw the rule forms side by side with today's rule; return the valid rules (1-2)."""
    columns = st.columns(MAX_RULES + 1)
    with columns[0]:
        st.markdown(f"**{rule_name(0)}**")
        st.caption(describe_rule(TODAY.to_dict()))
    rules = []
    for i in range(1, MAX_RULES + 1):
        with columns[i], st.container(border=True):
            st.markdown(f"**{rule_name(i)}**")
            rule = rule_form(i)
            if rule is not None:
                rules.append(rule)
    return rules
