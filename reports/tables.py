"""The report's tables, shared by the PDF and the XLSX writers.

Each table keeps raw values (numbers stay numbers for the spreadsheet) with a
*kind* per column that says how to print them: ``int`` (thousands
separators), ``share`` (0-1, printed "ร้อยละ 17.12" / "17.12%"), ``ratio``
(4 decimals), ``score`` (3 decimals), ``text``. Headers are in the report's
language.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.style import format_int, format_ratio, format_share
from poverty.indicators import DIMENSION_CODES, INDICATORS
from poverty.targets import colour_class
from reports.content import ReportContent
from reports.labels import area_name, dimension_name, indicator_name, label, thai_date

SUMMARY_KEYS = (
    ("households", "int"),
    ("persons", "int"),
    ("poor_households", "int"),
    ("poor_persons", "int"),
    ("target_poor_persons", "int"),
    ("poor_persons_without_card", "int"),
    ("headcount_ratio", "share"),
    ("intensity", "ratio"),
    ("adjusted_headcount_ratio", "ratio"),
    ("stars", "stars"),
)


@dataclass
class Table:
    """A titled table: ``frame`` has headers in the report language, ``kinds`` maps them."""

    title: str
    frame: pd.DataFrame
    kinds: dict[str, str]


def format_value(value: object, kind: str, lang: str) -> str:
    """Return a value as printed in the PDF (see the module docstring for kinds)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if kind == "int":
        return format_int(value)
    if kind == "share":
        return format_share(float(value), lang)
    if kind == "ratio":
        return format_ratio(float(value))
    if kind == "score":
        return f"{float(value):.3f}"
    if kind == "stars":
        return label("stars_value", lang, n=int(value))
    return str(value)


def summary_items(content: ReportContent) -> list[tuple[str, str, object, str]]:
    """Return (key, label, value, kind) of the area's key figures (the app's KPI cards)."""
    lang = content.settings.lang
    return [(k, label(k, lang), content.summary[k], kind) for k, kind in SUMMARY_KEYS]


def _table(title: str, columns: list[tuple[str, str, list]]) -> Table:
    frame = pd.DataFrame({header: values for header, _, values in columns})
    return Table(title, frame, {header: kind for header, kind, _ in columns})


def children_table(content: ReportContent) -> Table:
    """Return the child areas (districts of a province, subdistricts of a district)."""
    lang, c = content.settings.lang, content.children
    names = [area_name(r.name_th, r.name_en, content.child_level, lang) for r in c.itertuples()]
    cols = [
        (label("code", lang), "text", c["code"].tolist()),
        (label("name", lang), "text", names),
        *[
            (label(key, lang), "int", c[key].astype(int).tolist())
            for key in ("households", "persons", "poor_households", "poor_persons")
        ],
        (label("target_poor_persons", lang), "int", c["target_poor_persons"].astype(int).tolist()),
        (label("headcount_ratio", lang), "share", c["headcount_ratio"].tolist()),
        (label("adjusted_headcount_ratio", lang), "ratio", c["adjusted_headcount_ratio"].tolist()),
    ]
    title = label("section_children", lang, child=label(content.child_level, lang))
    return _table(title, cols)


def dimensions_table(content: ReportContent) -> Table:
    """Return the five dimensions: poor persons failing each, their share, contribution to M0."""
    lang, s = content.settings.lang, content.summary
    return _table(
        label("section_dimensions", lang),
        [
            (label("dimension", lang), "text", [dimension_name(d, lang) for d in DIMENSION_CODES]),
            (
                label("dimension_persons", lang),
                "int",
                [s["dimension_persons"][d] for d in DIMENSION_CODES],
            ),
            (
                label("dimension_headcount", lang),
                "share",
                [s["dimension_headcount"][d] for d in DIMENSION_CODES],
            ),
            (label("contribution", lang), "share", [s["contribution"][d] for d in DIMENSION_CODES]),
        ],
    )


def indicators_table(content: ReportContent) -> Table:
    """Return the 17 indicators: poor persons deprived in each and the censored headcount."""
    lang, s = content.settings.lang, content.summary
    return _table(
        label("section_indicators", lang),
        [
            (label("indicator", lang), "text", [indicator_name(i.code, lang) for i in INDICATORS]),
            (
                label("dimension", lang),
                "text",
                [dimension_name(i.dimension, lang) for i in INDICATORS],
            ),
            (
                label("persons_deprived", lang),
                "int",
                [s["censored_persons"][i.code] for i in INDICATORS],
            ),
            (
                label("censored_headcount", lang),
                "share",
                [s["censored_headcount"][i.code] for i in INDICATORS],
            ),
        ],
    )


def address(row, lang: str) -> str:
    """Return a household's address: house no., village, subdistrict, district, province."""
    if lang == "th":
        return (
            f"{row.house_no} {row.village_th} ต.{row.subdistrict_th} อ.{row.district_th} "
            f"จ.{row.province_th}"
        )
    return (
        f"{row.house_no} {row.village_en}, {row.subdistrict_en}, {row.district_en}, "
        f"{row.province_en}"
    )


def households_table(content: ReportContent) -> Table:
    """Return the top ranked MPI-poor households (names already masked by :func:`gather`)."""
    lang, h = content.settings.lang, content.households
    rows = list(h.itertuples())
    failed = [
        ", ".join(dimension_name(d, lang) for d in DIMENSION_CODES if getattr(r, f"failed_{d}"))
        for r in rows
    ]
    classes = colour_class(h["dimensions_failed"].to_numpy(dtype=int))
    return _table(
        label("section_urgent", lang, n=content.settings.top),
        [
            (label("rank", lang), "int", list(range(1, len(h) + 1))),
            (label("head_name", lang), "text", h["head_name"].tolist()),
            (label("address", lang), "text", [address(r, lang) for r in rows]),
            (label("failed_dimensions", lang), "text", failed),
            (label("dimensions_failed", lang), "int", h["dimensions_failed"].astype(int).tolist()),
            (label("colour_class", lang), "text", [label(f"class_{c}", lang) for c in classes]),
            (label("deprivation_score", lang), "score", h["deprivation_score"].tolist()),
            (label("n_members", lang), "int", h["n_members"].astype(int).tolist()),
            (label("card_holders", lang), "int", h["welfare_card_holders"].astype(int).tolist()),
        ],
    )


def settings_rows(content: ReportContent) -> list[tuple[str, str, str]]:
    """Return (key, label, value) rows: area, sources, build date, synthetic, settings, dates."""
    lang, st, meta = content.settings.lang, content.settings, content.meta
    k = content.summary["k"]
    cutoff = label("cutoff_union" if st.k is None else "cutoff_value", lang, k=f"{k:.4g}")
    dims = (
        ", ".join(dimension_name(d, lang) for d in st.dimensions)
        if st.dimensions
        else label("all_dimensions", lang)
    )
    moment = content.generated_at
    rows = {
        "area": f"{content.title} ({content.area['code']})",
        "level": label(content.area["level"], lang),
        "household_source": meta.get("source", ""),
        "boundaries": meta.get("boundaries", ""),
        "built_at": meta.get("built_at", ""),
        "synthetic": label("yes" if content.synthetic else "no", lang),
        "cutoff": cutoff,
        "dimensions_used": dims,
        "welfare_card": label(f"card_{st.welfare_card}", lang),
        "personal_data": label("personal_shown" if st.personal_data else "personal_masked", lang),
        "generated_be": f"{thai_date(moment)} ({moment.day}/{moment.month}/{moment.year + 543})",
        "generated_ce": moment.isoformat(timespec="seconds"),
    }
    return [(key, label(key, lang), value) for key, value in rows.items()]


def settings_line(content: ReportContent) -> str:
    """Return the cut-off, dimensions and card filter in one line (under the report title)."""
    rows = {key: value for key, _label, value in settings_rows(content)}
    return label(
        "settings_line",
        content.settings.lang,
        cutoff=rows["cutoff"],
        dims=rows["dimensions_used"],
        card=rows["welfare_card"],
    )
