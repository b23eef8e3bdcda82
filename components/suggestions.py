"""Suggested help on screen: for one household and for a whole search result (issue 17).

The suggestions come from the explicit rules of :mod:`logbook.suggest`; this
module only gathers their inputs through :mod:`app_data.data`, says each
reason in the session language (``sg_why_*`` labels) and offers the team's
plan as an XLSX through :func:`components.downloads.file_download` (export
right, scope, one audit row; households masked by the query layer).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

import settings
from access.roles import PERSONAL_DATA, User
from app_data import data, logbook_data
from components.downloads import file_download, frame_file
from components.formats import fmt_int, fmt_share, plain
from components.i18n import area_label, dimension_name, indicator_name, lang, t
from display.labels import menu_label
from logbook.menu import AGENCIES, HELP_KINDS, STAGE_LABELS
from logbook.store import StoreUnavailableError
from logbook.suggest import Suggestion, suggest
from queries.search import SearchSpec

#: Households of a search whose suggestions are summarised and planned (priority order).
RESULT_LIMIT = 2_000
#: Suggestions per household counted in a search's summary and listed in the plan.
TOP = 3
#: Help kind -> (Thai, English) names, as :func:`display.labels.menu_label` reads them.
HELP_KINDS_NAMES = {code: (th, en) for code, (_dim, th, en) in HELP_KINDS.items()}


def reason_text(key: str, values: dict) -> str:
    """Return one reason (:attr:`logbook.suggest.Suggestion.reasons`) in the session language."""
    shown = dict(values)
    if "indicator" in shown:
        shown["indicator"] = indicator_name(shown["indicator"])
    if "agency" in shown:
        shown["agency"] = menu_label(AGENCIES, shown["agency"], lang())
    if "service" in shown:
        shown["service"] = t(f"sg_service_{shown['service']}")
    if "area_th" in shown:
        shown["area"] = area_label(shown.pop("area_th"), shown.pop("area_en"), shown["level"])
    if "km" in shown:
        shown["km"] = f"{shown['km']:.1f}"
    return t(key, **shown)


def why(suggestion: Suggestion) -> str:
    """Return every reason of a suggestion, joined by "; "."""
    return "; ".join(reason_text(key, values) for key, values in suggestion.reasons)


def suggestions_frame(suggestions: list[Suggestion], taken: frozenset[str] | None) -> pd.DataFrame:
    """Return the suggestions as shown: kind, dimension, agency, why (and taken up when known)."""
    frame = pd.DataFrame(
        {
            t("lb_col_help_kind"): [
                menu_label(HELP_KINDS_NAMES, s.help_kind, lang()) for s in suggestions
            ],
            t("dimension"): [dimension_name(s.dimension) for s in suggestions],
            t("agency"): [menu_label(AGENCIES, s.agency, lang()) for s in suggestions],
            t("sg_why"): [why(s) for s in suggestions],
        }
    )
    if taken is not None:
        frame[t("sg_taken")] = ["✓" if s.help_kind in taken else "" for s in suggestions]
    return frame


def household_suggestions(household: dict, user: User, area_code: str | None) -> None:
    """Draw the help suggested for one household (from the household detail view).

    ``household`` is the masked record of :func:`app_data.data.household`.
    The Logbook gives the development stage and the help already recorded;
    when it cannot be read, the suggestions are drawn without them and the
    page says so.
    """
    build = data.build_key()
    st.markdown(f"##### {t('sg_title')}")
    services = data.household_services(build, household["household_id"], user, area_code) or {}
    try:
        history = data.household_logbook(household["household_id"], user, area_code) or {}
    except StoreUnavailableError as exc:
        st.caption(t("logbook_unavailable", reason=plain(exc, 200)))
        history = {}
    stage = history.get("stage")
    context = data.suggestion_context(build, household["subdistrict_code"])
    found = suggest(
        int(household["mask"]),
        int(household["vulnerability_level"]),
        stage,
        {"health": services.get("dist_health_m"), "school": services.get("dist_school_m")},
        context,
    )
    stage_text = (
        t("sg_stage", stage=menu_label(STAGE_LABELS, stage, lang()))
        if stage
        else t("sg_stage_none")
    )
    st.caption(f"{t('sg_caption')} {stage_text}")
    if not found:
        st.caption(t("sg_none"))
        return
    taken = history.get("help_kinds") if history else None
    # A table, not a data grid: the reasons are sentences, and a table wraps them.
    frame = suggestions_frame(found, taken)
    st.table(frame.set_index(frame.columns[0]))


def _plan_frame(inputs: pd.DataFrame, context) -> pd.DataFrame:
    """Return the team's plan: one row per household and suggestion, by village and agency."""
    rows = []
    suffix = "th" if lang() == "th" else "en"
    for row in inputs.itertuples(index=False):
        found = suggest(
            int(row.mask),
            int(row.vulnerability_level),
            row.stage if isinstance(row.stage, str) else None,
            {"health": row.dist_health_m, "school": row.dist_school_m},
            context,
        )
        for rank, s in enumerate(found[:TOP], start=1):
            rows.append(
                {
                    t("village"): getattr(row, f"village_{suffix}"),
                    t("agency"): menu_label(AGENCIES, s.agency, lang()),
                    t("household_id"): row.household_id,
                    t("head_name"): row.head_name,
                    t("sc_house_no"): row.house_no,
                    t("rank"): rank,
                    t("lb_col_help_kind"): menu_label(HELP_KINDS_NAMES, s.help_kind, lang()),
                    t("dimension"): dimension_name(s.dimension),
                    t("sg_why"): why(s),
                }
            )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.sort_values(
        [t("village"), t("agency"), t("household_id"), t("rank")], ignore_index=True
    )


def search_suggestions(spec: SearchSpec, count: int, user: User) -> None:
    """Draw the help suggested for a search result: counts by kind and agency, uptake, plan file."""
    build = data.build_key()
    try:  # the stages order each household's suggestions; the Logbook may be down
        version = logbook_data.version()
        inputs = data.suggestion_inputs(build, spec, RESULT_LIMIT, user, version)
    except StoreUnavailableError as exc:
        st.caption(t("sg_stages_unavailable", reason=logbook_data.reason_for(exc, user)))
        version = None
        inputs = data.suggestion_inputs(build, spec, RESULT_LIMIT, user, version)
    st.caption(t("sg_result_caption", n=fmt_int(len(inputs)), total=fmt_int(count), top=TOP))
    staged = int(inputs["stage"].notna().sum())
    st.caption(t("sg_result_stages", n=fmt_int(staged)))
    context = data.suggestion_context(build, spec.area_code) if spec.area_code else None
    summary = data.suggestion_summary(build, spec, RESULT_LIMIT, TOP, user, version)
    if summary.empty:
        st.caption(t("sg_none_result"))
        return
    shown = pd.DataFrame(
        {
            t("lb_col_help_kind"): [
                menu_label(HELP_KINDS_NAMES, k, lang()) for k in summary["help_kind"]
            ],
            t("dimension"): [dimension_name(d) for d in summary["dimension"]],
            t("agency"): [menu_label(AGENCIES, a, lang()) for a in summary["agency"]],
            t("sg_col_households"): [fmt_int(n) for n in summary["households"]],
            t("sg_present"): summary["agency_present"].map({True: "✓", False: ""}),
        }
    )
    # A table, like the household's: the members' grid stays the page's last data grid.
    st.table(shown.set_index(shown.columns[0]))
    try:
        taken = data.suggestion_uptake(build, spec.area_code, settings.logbook_url())
        st.caption(
            t(
                "sg_uptake",
                taken=fmt_int(taken["taken_up"]),
                records=fmt_int(taken["records"]),
                share=fmt_share(taken["share"]),
            )
        )
    except StoreUnavailableError as exc:
        st.caption(t("logbook_unavailable", reason=plain(exc, 200)))
    st.markdown(f"###### {t('sg_plan')}")
    st.caption(t("sg_plan_caption", top=TOP))
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
    personal = user.can(PERSONAL_DATA)
    file_download(
        user,
        key="sg_plan_file",
        what="suggested_help_plan",
        area_code=spec.area_code,
        filters=spec.to_dict(),
        level="household",
        fmt="xlsx",
        file_name=f"tpmap_plan_{spec.area_code or 'all'}_{stamp}.xlsx",
        personal_data=personal,
        make=lambda: frame_file(
            _plan_frame(inputs, context),
            "xlsx",
            sheet=t("sg_plan_sheet"),
            about=[
                (t("sg_plan"), t("sg_plan_caption", top=TOP)),
                (t("search_count"), fmt_int(count)),
                (t("sg_result_rows"), fmt_int(len(inputs))),
                (t("personal_data"), t("personal_shown") if personal else t("personal_masked")),
            ],
        ),
    )
