"""Data quality of the loaded households (issue 15): flags by child area, the flagged rows.

For the national role and provincial governors only (``DATA_QUALITY_ROLES``);
the area is clamped to the user's scope like every page. Rules of the flags:
:mod:`data_loaders.quality`. The flagged rows leave only through the one
download path (:mod:`components.downloads`), masked for the user.
"""

import pandas as pd
import streamlit as st

from access.personal import sees_personal_data
from app_data import data
from components import auth, state
from components.downloads import Made, file_download, frame_file
from components.formats import fmt_int, fmt_share
from components.i18n import area_label, t
from components.layout import area_path, page_header
from queries import quality

#: Roles that see this page (issue 15: the national and provincial level).
DATA_QUALITY_ROLES = ("national", "governor")

user = auth.current_user()
code = state.current_area()
page_header(t("page_quality"), code)
if user.role not in DATA_QUALITY_ROLES:
    st.error(t("dq_no_right"))
    st.stop()
try:
    totals, children = data.quality_counts(data.build_key(), code)
except quality.QualityFlagsMissingError:
    st.warning(t("dq_missing"))
    st.stop()
st.caption(t("dq_caption"))

share = totals["households_flagged"] / totals["households"] if totals["households"] else 0.0
left, right = st.columns(2)
left.metric(t("dq_households"), fmt_int(totals["households"]), border=True)
right.metric(
    t("dq_households_flagged"),
    fmt_int(totals["households_flagged"]),
    fmt_share(share),
    delta_color="off",
    delta_arrow="off",
    border=True,
)


def _unit(flag: str) -> str:
    return t("dq_unit_persons" if flag in quality.PERSON_FLAGS else "dq_unit_households")


st.dataframe(
    pd.DataFrame(
        {
            t("dq_check"): [t(f"dq_flag_{f}") for f in quality.FLAGS],
            t("dq_count"): [totals[f] for f in quality.FLAGS],
            t("dq_unit"): [_unit(f) for f in quality.FLAGS],
            t("dq_rule"): [t(f"dq_rule_{f}") for f in quality.FLAGS],
        }
    ),
    hide_index=True,
    key="dq_flags",
    column_config={t("dq_count"): st.column_config.NumberColumn(format="localized")},
)
st.caption(t("dq_not_resurveyed"))

if not children.empty:
    st.subheader(t("dq_by_area"))
    level = data.area(data.build_key(), children["code"].iloc[0])["level"]
    table = pd.DataFrame(
        {
            t("area"): [
                area_label(th, en, level)
                for th, en in zip(children["name_th"], children["name_en"], strict=True)
            ],
            t("dq_households"): children["households"],
            t("dq_households_flagged"): children["households_flagged"],
            **{t(f"dq_flag_{f}"): children[f] for f in quality.FLAGS},
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        key="dq_children",
        column_config={
            c: st.column_config.NumberColumn(format="localized") for c in table.columns[1:]
        },
    )

rows_total = sum(totals[f] for f in quality.FLAGS)
if rows_total == 0:
    st.success(t("dq_none"))
    st.stop()


def _make() -> Made:
    """Return the area's flagged rows as CSV, masked for the user, with labels of the flags."""
    rows = quality.flagged_rows(data.cursor(), code, viewer=user)
    rows.insert(1, "flag_label", [t(f"dq_flag_{f}") for f in rows["flag"]])
    rows.insert(3, "reason_label", [t(f"dq_reason_{r}") for r in rows["reason"]])
    return frame_file(
        rows,
        "csv",
        sheet=t("dq_download"),
        comment=[f"{t('page_quality')}: {area_path(code)}", t("dq_caption")],
    )


st.subheader(t("dq_download"))
if rows_total > quality.DOWNLOAD_LIMIT:
    st.info(t("dq_too_many", n=fmt_int(rows_total), limit=fmt_int(quality.DOWNLOAD_LIMIT)))
    st.stop()
file_download(
    user,
    key=f"quality_{code or 'all'}",
    what="quality",
    area_code=code,
    filters={},
    level="flagged_row",
    fmt="csv",
    file_name=f"data_quality_{code or 'all'}.csv",
    personal_data=sees_personal_data(user),
    make=_make,
)
