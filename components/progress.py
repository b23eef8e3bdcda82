"""Panel 3 (display part 04): the progress of help, drawn from the Logbook.

Figures come from :mod:`logbook.stats` through :mod:`app_data.logbook_data`
(cached by store version); this module only draws them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import settings
from access.personal import sees_personal_data
from app_data import data, logbook_data
from components import auth
from components.charts import counts_and_shares, funnel, horizontal_bars, show_chart, value_axis
from components.children import drill_down_map
from components.downloads import Made, file_download, frame_file
from components.formats import SEQUENTIAL_5, fmt_int, fmt_share
from components.i18n import area_labels, dimension_name, lang, level_name, t
from display import formats as display_formats
from geo.areas import child_level, level_of
from logbook.menu import AGENCIES, STAGE_LABELS

#: Rows of the not-yet-reached list shown on the page (the download has all).
LIST_LIMIT = 500
#: Largest not-reached list made for download on the page (a province's fits).
DOWNLOAD_LIMIT = 50_000
#: The funnel's bar colours, top to bottom: blues to the helped, oranges for the stages.
FUNNEL_COLOURS = ("#6baed6", "#4292c6", "#2171b5", "#fdae6b", "#f16913", "#a63603")


def month_label(month: pd.Timestamp) -> str:
    """Return "ต.ค. 2569" (Buddhist Era) in Thai, "Oct 2026" in English (the session language)."""
    return display_formats.month_label(month, lang())


def kpis(summary: dict) -> None:
    """Draw targets, surveyed, helped and sustainability with shares of targets.

    The surveyed and helped shares are :func:`logbook.stats.summary`'s, the
    ones the command line and the reports give.
    """
    targets = summary["target_households"]
    cols = st.columns(4)
    cols[0].metric(t("progress_targets"), fmt_int(targets), help=t("progress_targets_help"))
    for col, key, count, share in (
        (cols[1], "progress_surveyed", summary["surveyed_households"], summary["surveyed_share"]),
        (cols[2], "progress_helped", summary["helped_households"], summary["helped_share"]),
        (
            cols[3],
            "progress_sustainable",
            summary["by_stage"]["sustainability"],
            summary["shares"]["sustainability"],
        ),
    ):
        share = share or 0.0
        col.metric(
            t(key),
            fmt_int(count),
            t("progress_share_of", share=fmt_share(share)),
            delta_color="off",
            delta_arrow="off",
        )


def case_outcomes(summary: dict) -> None:
    """Draw the targets by case status: ThaiQM's three counts, then declined, moved, not found.

    Counts and shares of the targets come from ``summary["by_status"]``
    (:func:`logbook.stats.by_status`, summing to the targets), grouped as
    :data:`logbook.stats.STATUS_GROUPS`; then overdue cases and referrals.
    """
    st.subheader(t("progress_by_status"))
    st.caption(t("progress_by_status_caption"))
    counts, shares = summary["by_status_group"], summary["shares"]
    labels = {
        "resolved": t("thaiqm_helped"),
        "solved_by_itself": t("thaiqm_solved_by_itself"),
        "in_progress": t("thaiqm_in_progress"),
        "declined": t("case_status_declined"),
        "moved": t("case_status_moved"),
        "not_found": t("case_status_not_found"),
    }
    cols = [*st.columns(3), *st.columns(3)]  # ThaiQM's three, then the pilots' three
    for col, (group, name) in zip(cols, labels.items(), strict=True):
        col.metric(
            name,
            fmt_int(counts[group]),
            t("progress_share_of", share=fmt_share(shares[group])),
            delta_color="off",
            delta_arrow="off",
            help=t("thaiqm_help") if group in ("resolved", "in_progress") else None,
        )
    cols = st.columns(3)
    days = settings.referral_overdue_days()
    for col, key in zip(
        cols, ("overdue_cases", "open_referrals", "overdue_referrals"), strict=True
    ):
        col.metric(
            t(f"progress_{key}"), fmt_int(summary[key]), help=t("progress_overdue_help", days=days)
        )
    shown = pd.DataFrame(
        {
            t("lb_status"): [t(f"case_status_{s}") for s in summary["by_status"]],
            t("progress_status_households"): list(summary["by_status"].values()),
            t("progress_status_share"): [100 * shares[s] for s in summary["by_status"]],
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        use_container_width=True,
        column_config={
            t("progress_status_households"): st.column_config.NumberColumn(format="localized"),
            t("progress_status_share"): st.column_config.NumberColumn(format="%.2f"),
        },
    )


def cases_by_child_table(code: str | None, table: pd.DataFrame) -> None:
    """Draw case outcomes, overdue cases and referrals, and days to help, by child area.

    ``table``: :func:`logbook.stats.cases_by_child` (``progress()["cases_children"]``).
    """
    if table.empty:
        return
    level = "province" if code is None else child_level(level_of(code))
    st.subheader(t("progress_cases_by_child"))
    names = {
        "resolved": t("thaiqm_helped"),
        "solved_by_itself": t("thaiqm_solved_by_itself"),
        "in_progress": t("thaiqm_in_progress"),
        "declined": t("case_status_declined"),
        "moved": t("case_status_moved"),
        "not_found": t("case_status_not_found"),
        "other": f"{t('case_status_died')} / {t('case_status_duplicate')}",
        "overdue_cases": t("progress_overdue_cases"),
        "open_referrals": t("progress_open_referrals"),
        "overdue_referrals": t("progress_overdue_referrals"),
        "median_days_to_first_visit": t("progress_median_visit"),
        "median_days_to_first_help": t("progress_median_help"),
    }
    shown = pd.DataFrame(
        {
            t("code"): table["code"],
            level_name(level): area_labels(table, level),
            t("progress_targets"): table["targets"],
            **{label: table[column] for column, label in names.items()},
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        use_container_width=True,
        column_config={
            label: st.column_config.NumberColumn(
                format="%.0f" if column.startswith("median") else "localized"
            )
            for column, label in names.items()
        },
    )


def time_to_help(summary: dict) -> None:
    """Draw the median and 90th percentile of days to first visit and to first help."""
    st.subheader(t("progress_time_to_help"))
    st.caption(t("progress_time_caption"))
    cols = st.columns(4)
    for col, key in zip(
        cols,
        (
            "median_days_to_first_visit",
            "p90_days_to_first_visit",
            "median_days_to_first_help",
            "p90_days_to_first_help",
        ),
        strict=True,
    ):
        value = summary[key]
        label = {
            "median_days_to_first_visit": "progress_median_visit",
            "p90_days_to_first_visit": "progress_p90_visit",
            "median_days_to_first_help": "progress_median_help",
            "p90_days_to_first_help": "progress_p90_help",
        }[key]
        timed = summary["cases_timed_visit" if "visit" in key else "cases_timed_help"]
        col.metric(
            t(label),
            "–" if value is None else t("progress_days", n=fmt_int(value)),
            help=f"{t('progress_cases_timed')}: {fmt_int(timed)}",
        )


def child_map_and_table(code: str | None, table: pd.DataFrame) -> None:
    """Draw the choropleth of the share helped for the child areas, and their table.

    ``table``: :func:`logbook.stats.by_child` (``progress()["children"]``).
    """
    if table.empty:
        return
    level = "province" if code is None else child_level(level_of(code))
    labels = area_labels(table, level)
    if level in data.LEVEL_FILES:
        with_targets = (table["targets"] > 0).to_numpy()
        values = pd.DataFrame(
            {
                "code": table["code"][with_targets],
                "label": pd.Series(labels)[with_targets].to_numpy(),
                "value": table["helped_share"][with_targets].astype(float),
            }
        )
        st.subheader(t("progress_map"))
        drill_down_map(code, level, values, fmt_share, "progress_map")
    st.subheader(t("progress_children"))
    shown = pd.DataFrame(
        {
            t("code"): table["code"],
            level_name(level): labels,
            t("progress_targets"): table["targets"],
            t("progress_surveyed"): table["surveyed"],
            t("progress_helped"): table["helped"],
            f"{t('progress_surveyed')} (%)": table["surveyed_share"] * 100,
            f"{t('progress_helped')} (%)": table["helped_share"] * 100,
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        use_container_width=True,
        column_config={
            f"{t('progress_surveyed')} (%)": st.column_config.NumberColumn(format="%.2f"),
            f"{t('progress_helped')} (%)": st.column_config.NumberColumn(format="%.2f"),
            t("progress_targets"): st.column_config.NumberColumn(format="localized"),
            t("progress_surveyed"): st.column_config.NumberColumn(format="localized"),
            t("progress_helped"): st.column_config.NumberColumn(format="localized"),
        },
    )


def monthly_chart(months: pd.DataFrame, key: str) -> None:
    """Draw targets first surveyed/helped per month (bars) and cumulative shares (lines).

    ``months``: :func:`logbook.stats.by_month` (``progress()["months"]``).
    """
    st.subheader(t("progress_by_month"))
    if months.empty:
        st.info(t("progress_no_help"))
        return

    def series(*columns: tuple[str, str, str]) -> tuple:
        return tuple(
            (t(label), colour, tuple(months[column].astype(float).tolist()))
            for column, label, colour in columns
        )

    spec = counts_and_shares(
        tuple(month_label(m) for m in months["month"]),
        series(
            ("surveyed", "progress_new_surveyed", "#9ecae1"),
            ("helped", "progress_new_helped", "#fdae6b"),
        ),
        series(
            ("surveyed_cum_share", "progress_cum_surveyed", "#08519c"),
            ("helped_cum_share", "progress_cum_helped", "#d94801"),
        ),
        count_title=t("progress_status_households"),
        period_title=t("month"),
        series_title=t("chart_series"),
        height=360,
    )
    st.caption(t("progress_month_caption"))
    show_chart(spec, key)


def help_charts(result: dict, key: str) -> None:
    """Draw help to targets by dimension addressed and by agency (households, entries, baht).

    ``result``: the cached progress (``help_dimension``, ``help_agency``:
    :func:`logbook.stats.help_breakdown`).
    """
    left, right = st.columns(2)
    for col, by, title, name in (
        (left, "dimension", "progress_help_dimension_title", dimension_name),
        (right, "agency", "progress_help_agency_title", agency_name),
    ):
        with col:
            st.subheader(t(title))
            table = result[f"help_{by}"]
            if table.empty:
                st.info(t("progress_no_help"))
                continue
            bottom_up = table[::-1]
            spec = horizontal_bars(
                tuple(bottom_up["households"].astype(float).tolist()),
                tuple(name(v) for v in bottom_up[by]),
                colour=SEQUENTIAL_5[3],
                height=max(160, 30 * len(table) + 40),
                axis=value_axis(t("progress_status_households"), whole=True),
                label_title=t(by),
                details=tuple(
                    f"{fmt_int(e)} {t('entries')} · {fmt_int(b)} ฿"
                    for e, b in zip(bottom_up["entries"], bottom_up["amount_baht"], strict=True)
                ),
                detail_title=t("progress_help_given"),
            )
            show_chart(spec, f"{key}_{by}")


def agency_name(code: str) -> str:
    """Return an agency's name in the session language (the code if unknown)."""
    names = AGENCIES.get(code)
    return code if names is None else names[0 if lang() == "th" else 1]


def stage_name(code: str | None) -> str:
    """Return a development stage's name in the session language."""
    if not code or code not in STAGE_LABELS:
        return t("stage_none")
    return STAGE_LABELS[code][0 if lang() == "th" else 1]


def funnel_chart(steps: dict, key: str) -> None:
    """Draw the funnel targets → surveyed → helped → survival → sufficiency → sustainability.

    ``steps``: :func:`logbook.stats.funnel` (``progress()["funnel"]``).
    """
    st.subheader(t("progress_funnel"))
    st.caption(t("progress_funnel_caption"))
    names = {
        "targets": t("funnel_targets"),
        "surveyed": t("funnel_surveyed"),
        "helped": t("funnel_helped"),
    }
    counts = [int(v) for v in steps["households"]]
    first = counts[0] if counts and counts[0] > 0 else None
    spec = funnel(
        tuple(names.get(s) or stage_name(s) for s in steps["step"]),
        tuple(counts),
        tuple(FUNNEL_COLOURS[i % len(FUNNEL_COLOURS)] for i in range(len(counts))),
        tuple(fmt_int(v) + (f" ({fmt_share(v / first, 1)})" if first else "") for v in counts),
        value_title=t("progress_status_households"),
        height=max(200, 50 * len(counts) + 20),
    )
    show_chart(spec, key)


def _not_reached_table(todo: pd.DataFrame) -> pd.DataFrame:
    """Return the not-reached rows as shown and downloaded (already masked by the query layer)."""
    return pd.DataFrame(
        {
            t("household_id"): todo["household_id"],
            t("head_name"): todo["head_name"],
            t("village"): todo["village_name"].fillna("") + " (" + todo["village_code"] + ")",
            t("surveyed"): [t("yes") if v else t("no") for v in todo["surveyed"]],
            t("helped"): [t("yes") if v else t("no") for v in todo["helped"]],
            t("origin"): [t(f"origin_{v}") for v in todo["origin"]],
        }
    )


def not_reached_list(code: str | None, count: int, version: tuple) -> None:
    """Draw the first targets not yet surveyed or helped, and a CSV download of all of them.

    Only :data:`LIST_LIMIT` rows are fetched for the page; the whole list is
    made for the download (through :mod:`components.downloads`: export right,
    audit row, this browser only) when it has at most :data:`DOWNLOAD_LIMIT`
    rows (larger areas: choose a province or district first).
    """
    st.subheader(t("progress_not_reached"))
    if count == 0:
        st.success(t("progress_all_reached"))
        return
    user = auth.current_user()
    where = (data.build_key(), logbook_data.url(), code, version, user)
    rows = logbook_data.not_reached(*where, LIST_LIMIT)
    shown = _not_reached_table(rows)
    st.caption(
        t("progress_not_reached_count", n=fmt_int(count), shown=fmt_int(min(count, LIST_LIMIT)))
    )
    st.dataframe(shown, hide_index=True, use_container_width=True)
    if count > DOWNLOAD_LIMIT:
        st.caption(t("progress_download_too_many", n=fmt_int(DOWNLOAD_LIMIT)))
        return

    def make() -> Made:
        full = (
            shown
            if count <= LIST_LIMIT
            else _not_reached_table(logbook_data.not_reached(*where, None))
        )
        return frame_file(full, "csv", sheet=t("progress_not_reached"))

    file_download(
        user,
        key=f"not_reached_{code}",
        what="not_reached",
        area_code=code,
        filters={},
        level="household",
        fmt="csv",
        file_name=f"not_reached_{code or 'all'}.csv",
        personal_data=sees_personal_data(user),
        make=make,
        make_label=t("progress_download"),
    )
