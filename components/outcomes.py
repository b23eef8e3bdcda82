"""Did the help work (issue 12): helped households against comparable ones, by area.

A page section: the fiscal year of the help, the table by kind of help and
by agency (resolved share, comparison share, difference and its 95 %
interval) and a chart of the differences, with the observational caveat
(and, on synthetic data, the note that the effects were planted). Figures
from :func:`app_data.data.outcomes` (:mod:`logbook.outcomes`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_data import data, logbook_data
from components import auth
from components.charts import differences, show_chart
from components.formats import fmt_int, fmt_share
from components.i18n import lang, t
from components.state import keep_value, year_label
from display.labels import menu_label
from logbook import store
from logbook.menu import AGENCIES, HELP_KINDS

#: Help kind -> (Thai, English) name, for :func:`display.labels.menu_label`.
KIND_NAMES = {code: (th, en) for code, (_dimension, th, en) in HELP_KINDS.items()}


def _name(group: str, code: str) -> str:
    return menu_label(KIND_NAMES if group == "kind" else AGENCIES, code, lang())


def outcomes_section(code: str | None, years: tuple[int, ...], synthetic: bool) -> None:
    """Draw "did the help work" for an area (needs two consecutive rounds)."""
    st.subheader(t("outcomes_title"))
    choices = [y for y in years if y + 1 in years]
    if not choices:
        st.caption(t("outcomes_need_rounds"))
        return
    if st.session_state.get("outcomes_year") not in choices:
        st.session_state.pop("outcomes_year", None)
    keep_value("outcomes_year", choices[-1])
    year = st.selectbox(
        t("outcomes_fiscal_year"),
        list(reversed(choices)),
        format_func=lambda y: str(y) if lang() == "th" else f"FY{y} ({y - 543})",
        key="outcomes_year",
    )
    st.caption(t("outcomes_intro", year=year, next=year_label(year + 1)))
    st.warning(t("outcomes_caveat"), icon=":material/info:")
    if synthetic:
        st.info(t("outcomes_planted"), icon=":material/science:")
    user = auth.current_user()
    try:
        table = data.outcomes(
            data.root_key(), logbook_data.url(), code, int(year), logbook_data.version()
        )
    except store.StoreError as exc:
        reason = logbook_data.reason_for(exc, user) if user else type(exc).__name__
        st.error(t("outcomes_unavailable", reason=reason))
        return
    if table.empty:
        st.caption(t("outcomes_none"))
        return
    for group, title in (("kind", "outcomes_by_kind"), ("agency", "outcomes_by_agency")):
        part = table[table["group"] == group].sort_values("difference", ascending=False)
        if part.empty:
            continue
        st.markdown(f"##### {t(title)}")
        names = [_name(group, c) for c in part["code"]]
        shown = pd.DataFrame(
            {
                t("col_group" if group == "kind" else "agency"): names,
                t("col_helped"): [fmt_int(v) for v in part["helped"]],
                t("col_resolved_share"): [fmt_share(v, 1) for v in part["resolved_share"]],
                t("col_comparison_share"): [fmt_share(v, 1) for v in part["comparison_share"]],
                t("col_difference"): [f"{100 * v:+.1f}" for v in part["difference"]],
                t("col_ci"): [
                    f"{100 * lo:+.1f} – {100 * hi:+.1f}"
                    for lo, hi in zip(part["ci_low"], part["ci_high"], strict=True)
                ],
            }
        )
        st.dataframe(shown, hide_index=True, key=f"outcomes_table_{group}", width="stretch")
        # Percentage points; blue where the whole interval is above zero.
        spec = differences(
            tuple(names),
            tuple(part["difference"] * 100),
            tuple(part["ci_low"] * 100),
            tuple(part["ci_high"] * 100),
            tuple("#2166ac" if lo > 0 else "#bdbdbd" for lo in part["ci_low"]),
            value_title=t("col_difference"),
        )
        show_chart(spec, f"outcomes_chart_{group}")
