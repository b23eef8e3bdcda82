"""The ranked household list of the Urgent targets panel, and the top problems."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts import horizontal_bars, show_chart, value_axis
from components.formats import SEQUENTIAL_5, fmt_int, fmt_share, plain
from components.i18n import dimension_name, indicator_name, lang, t
from poverty.indicators import DIMENSION_CODES, INDICATORS
from poverty.targets import colour_class


def address(row) -> str:
    """Return a household's address: house no., village, subdistrict, district, province."""
    if lang() == "th":
        return (
            f"{row.house_no} {row.village_th} ต.{row.subdistrict_th} อ.{row.district_th} "
            f"จ.{row.province_th}"
        )
    return (
        f"{row.house_no} {row.village_en}, {row.subdistrict_en}, {row.district_en}, "
        f"{row.province_en}"
    )


def failed_dimensions_text(row) -> str:
    """Return the names of the dimensions a household fails, comma-separated."""
    return ", ".join(dimension_name(d) for d in DIMENSION_CODES if getattr(row, f"failed_{d}"))


def ranked_table(households: pd.DataFrame) -> None:
    """Draw the ranked household list (rank, why first, head, address, failed dimensions …).

    ``households`` come from :func:`queries.figures.urgent_households`,
    already masked for the user (:mod:`access.personal`, DOMAIN.md §8); their
    ``priority`` (1-4) is shown as the reason a household comes first
    (DOMAIN.md §4). The household ID (a pseudonym for masked roles) and the
    house coordinates (rounded to about 1 km for them) tie a row to its dot
    on the map (seed 004: "ระบุพิกัดพื้นที่ที่ต้องเร่งดำเนินการ"). A ``rank``
    column, when given, is the rank in the whole list (kept after a search).
    """
    classes = colour_class(households["dimensions_failed"].to_numpy())
    rank = households["rank"] if "rank" in households else range(1, len(households) + 1)
    shown = pd.DataFrame(
        {
            t("rank"): rank,
            t("household_id"): households["household_id"],
            t("priority_reason"): [t(f"priority_{p}") for p in households["priority"]],
            t("head_name"): households["head_name"],
            t("address"): [address(r) for r in households.itertuples()],
            t("failed_dimensions"): [failed_dimensions_text(r) for r in households.itertuples()],
            t("dimensions_failed"): households["dimensions_failed"],
            t("colour_class"): [t(f"class_{c}") for c in classes],
            t("deprivation_score"): households["deprivation_score"],
            t("n_members"): households["n_members"],
            t("card_holders"): households["welfare_card_holders"],
            t("coordinates_lat"): households["lat"],
            t("coordinates_lon"): households["lon"],
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        key="urgent_table",
        height=480,
        column_config={
            t("deprivation_score"): st.column_config.ProgressColumn(
                format="%.3f", min_value=0.0, max_value=1.0
            ),
            # Rank and ID stay in view while a narrow screen scrolls the table sideways.
            t("rank"): st.column_config.NumberColumn(pinned=True),
            t("household_id"): st.column_config.TextColumn(pinned=True),
            t("coordinates_lat"): st.column_config.NumberColumn(format="%.5f"),
            t("coordinates_lon"): st.column_config.NumberColumn(format="%.5f"),
        },
    )


def top_problems(summary: dict, count: int = 5) -> pd.DataFrame:
    """Return the indicators with the highest censored headcount (share of all persons)."""
    ranked = sorted(INDICATORS, key=lambda i: summary["censored_headcount"][i.code], reverse=True)
    rows = [
        (
            indicator_name(i.code),
            dimension_name(i.dimension),
            summary["censored_persons"][i.code],
            summary["censored_headcount"][i.code],
        )
        for i in ranked[:count]
        if summary["censored_persons"][i.code] > 0
    ]
    return pd.DataFrame(rows, columns=["indicator", "dimension", "persons", "share"])


def top_problems_chart(problems: pd.DataFrame) -> None:
    """Draw the top problems as horizontal bars labelled with the share."""
    spec = horizontal_bars(
        tuple(problems["persons"][::-1].tolist()),
        tuple(problems["indicator"][::-1]),
        colour=SEQUENTIAL_5[3],
        height=max(120, 40 * len(problems) + 40),
        axis=value_axis(t("top_problems_axis"), whole=True),
        label_title=t("indicator"),
        text=tuple(fmt_share(s) for s in problems["share"][::-1]),
        details=tuple(problems["dimension"][::-1]),
        detail_title=t("dimension"),
    )
    show_chart(spec, "top_problems")


#: Area-name columns of the urgent list that the search box matches.
SEARCH_COLUMNS = (
    "district_th",
    "district_en",
    "subdistrict_th",
    "subdistrict_en",
    "village_th",
    "village_en",
)


def search_households(households: pd.DataFrame, text: str) -> pd.DataFrame:
    """Return the households whose district, subdistrict or village name holds ``text``.

    Case-insensitive, Thai or English names, surrounding spaces ignored; an
    empty text returns every household. A ``rank`` column keeps each
    household's place in the whole list (seed 004 mock-up: "ภาพรวมจังหวัด
    หรือค้นหารายอำเภอ/ตำบล").

    Examples
    --------
    >>> frame = pd.DataFrame({c: ["x"] for c in SEARCH_COLUMNS})
    >>> frame.loc[0, "subdistrict_en"] = "Mak Khaeng"
    >>> len(search_households(frame, " mak ")), len(search_households(frame, "Nong"))
    (1, 0)
    """
    ranked = households.assign(rank=range(1, len(households) + 1))
    needle = text.strip().casefold()
    if not needle:
        return ranked
    hit = pd.Series(False, index=ranked.index)
    for column in SEARCH_COLUMNS:
        hit |= ranked[column].astype(str).str.casefold().str.contains(needle, regex=False)
    return ranked[hit]


def urgent_search(households: pd.DataFrame) -> pd.DataFrame:
    """Draw the search box of the urgent list and return the households it matches."""
    text = st.text_input(
        t("urgent_search"), key="urgent_search", placeholder=t("urgent_search_placeholder")
    )
    found = search_households(households, text)
    if text.strip():
        st.caption(t("urgent_search_count", n=fmt_int(len(found)), text=plain(text, 60)))
    return found
