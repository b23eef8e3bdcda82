"""The report's tables, shared by the PDF and the XLSX writers.

Each table keeps raw values (numbers stay numbers for the spreadsheet) with a
*kind* per column that says how to print them: ``int`` (thousands
separators), ``share`` (0-1, printed "ร้อยละ 17.12" / "17.12%"), ``ratio``
(4 decimals), ``score`` (3 decimals), ``number`` (as short as exact, "5"),
``text``. Headers are in the report's language.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from display.formats import (
    format_int,
    format_ratio,
    format_share,
    month_label,
    numeric_date_be,
    thai_date,
)
from display.labels import area_name, dimension_name, indicator_name, label, menu_label
from logbook.menu import AGENCIES, STAGE_LABELS
from logbook.models import STAGES
from potential.schema import FACILITY_KINDS
from poverty.indicators import DIMENSION_CODES, INDICATORS
from poverty.targets import colour_class
from reports.content import ReportContent

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
    if kind not in ("int", "share", "ratio", "score", "number", "stars"):
        return str(value)
    number = float(value)  # type: ignore[arg-type]  # the kinds above are numbers
    if kind == "int":
        return format_int(number)
    if kind == "share":
        return format_share(number, lang)
    if kind == "ratio":
        return format_ratio(number)
    if kind == "score":
        return f"{number:.3f}"
    if kind == "number":
        return f"{number:g}"
    return label("stars_value", lang, n=int(number))


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
    title = label("children_table", lang, child=label(content.child_level, lang))
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
            (
                label("colour_class", lang),
                "text",
                [label(f"class_short_{c}", lang) for c in classes],
            ),
            (label("deprivation_score", lang), "score", h["deprivation_score"].tolist()),
            (label("n_members", lang), "int", h["n_members"].astype(int).tolist()),
            (label("card_holders", lang), "int", h["welfare_card_holders"].astype(int).tolist()),
        ],
    )


def settings_rows(content: ReportContent) -> list[tuple[str, str, str]]:
    """Return (key, label, value) rows: area, survey round, sources, build date, settings, dates.

    The survey round (B.E. in Thai, C.E. in English, as the app's selector
    shows it) comes from the build's ``meta`` (``survey_year``); a build
    made before survey rounds has none, and no such row.
    """
    lang, st, meta = content.settings.lang, content.settings, content.meta
    k = content.summary["k"]
    cutoff = label("cutoff_union_k" if st.k is None else "cutoff_value", lang, k=f"{k:.4g}")
    dims = (
        ", ".join(dimension_name(d, lang) for d in st.dimensions)
        if st.dimensions
        else label("all_dimensions", lang)
    )
    moment = content.generated_at
    progress = content.progress
    logbook = {}
    if progress is not None:
        synthetic = progress.get("synthetic")
        state = (
            "logbook_unavailable_short"
            if synthetic is None
            else ("yes" if synthetic else "answer_no")
        )
        logbook = {"logbook": progress["store"], "logbook_synthetic_records": label(state, lang)}
    year = meta.get("survey_year")  # the round the report counts (issue 12); none in old builds
    rounds = {}
    if year:
        shown = label("year_be", lang, year=year) if lang == "th" else str(int(year) - 543)
        rounds = {"survey_year": shown}
    rows = {
        "area": f"{content.title} ({content.area['code']})",
        "level": label(content.area["level"], lang),
        **rounds,
        "household_source": meta.get("source", ""),
        "boundaries": meta.get("boundaries", ""),
        "built_at": meta.get("built_at", ""),
        "synthetic": label("yes" if content.synthetic else "answer_no", lang),
        **logbook,
        "cutoff": cutoff,
        "dimensions_used": dims,
        "welfare_card": label(f"card_{st.welfare_card}", lang),
        "personal_data": label("personal_shown" if st.personal_data else "personal_masked", lang),
        "generated_be": f"{thai_date(moment)} ({numeric_date_be(moment)})",
        "generated_ce": moment.isoformat(timespec="seconds"),
    }
    return [(key, label(key, lang), value) for key, value in rows.items()]


def settings_line(content: ReportContent) -> str:
    """Return the survey round, cut-off, dimensions and card filter in one line (under a title)."""
    rows = {key: value for key, _label, value in settings_rows(content)}
    line = label(
        "settings_line",
        content.settings.lang,
        cutoff=rows["cutoff"],
        dims=rows["dimensions_used"],
        card=rows["welfare_card"],
    )
    if "survey_year" not in rows:
        return line
    return f"{label('survey_year', content.settings.lang)}: {rows['survey_year']} · {line}"


def potential_items(content: ReportContent) -> list[tuple[str, str, object, str]] | None:
    """Return (key, label, value, kind) of the Area potential figures; None without them.

    Facilities in the area, the poverty-solving centres (the area's and those
    above it) with their partner agencies, staff, funded projects, the
    province's economy and the distance analysis, as the Area potential page
    shows them (budget: projects not cancelled).
    """
    pot, lang = content.potential, content.settings.lang
    if pot is None:
        return None
    groups = {"school": 0, "health": 0}
    for kind, count in pot["facilities"].items():
        groups[FACILITY_KINDS[kind]] += int(count)
    rows: list[tuple[str, str, object, str]] = [
        ("schools", label("pot_schools", lang), groups["school"], "int"),
        ("health_facilities", label("pot_health", lang), groups["health"], "int"),
    ]
    for c in pot["centres"].itertuples():
        text = c.agencies if isinstance(c.agencies, str) else ""
        agencies = [a for a in text.split(";") if a.strip()]
        level = label(f"pot_centre_{c.level}", lang)
        rows.append((f"centre_{c.level}", level, c.centre_name, "text"))
        rows.append(
            (f"agencies_{c.level}", label("pot_agencies", lang, centre=level), len(agencies), "int")
        )
    projects = pot["projects"]
    active = projects[projects["status"] != "cancelled"]
    rows += [
        ("staff_total", label("pot_staff", lang), int(pot["staff"]["staff"].sum()), "int"),
        ("projects", label("pot_projects", lang), len(projects), "int"),
        (
            "projects_budget",
            label("projects_budget", lang),
            float(active["budget_baht"].sum()),
            "int",
        ),
    ]
    eco = pot["economy"]
    if eco is not None:
        n = int(eco["provinces"])
        rows += [
            ("economy_year", label("pot_economy_year", lang), str(eco["year"]), "text"),
            ("gpp", label("gpp", lang), eco["gpp_million_baht"], "int"),
            ("gpp_rank", label("pot_gpp_rank", lang, n=n), int(eco["gpp_rank"]), "int"),
            ("hai", label("hai", lang), eco["hai"], "ratio"),
            ("hai_rank", label("pot_hai_rank", lang, n=n), int(eco["hai_rank"]), "int"),
        ]
    km, access = pot["distance_km"], pot["access"]
    rows += [
        ("distance_km", label("pot_distance", lang), km, "number"),
        ("poor_households", label("poor_households", lang), access["households"], "int"),
        *[
            (
                f"share_far_{g}",
                label(f"pot_far_{g}", lang, km=f"{km:g}"),
                access[f"share_far_{g}"],
                "share",
            )
            for g in ("health", "school", "either")
        ],
    ]
    return rows


def potential_table(content: ReportContent) -> Table | None:
    """Return the potential figures as a two-column table (values printed); None without them."""
    items = potential_items(content)
    if items is None:
        return None
    lang = content.settings.lang
    item, value = label("item", lang), label("value", lang)
    frame = pd.DataFrame(
        {
            item: [text for _key, text, _value, _kind in items],
            value: [format_value(v, kind, lang) for _key, _text, v, kind in items],
        }
    )
    return Table(label("section_potential", lang), frame, dict.fromkeys((item, value), "text"))


def potential_note(content: ReportContent) -> str | None:
    """Return the line saying which potential data are synthetic (None if none or no data)."""
    if content.potential is None:
        return None
    table, lang = content.potential["sources"], content.settings.lang
    kinds = table.loc[table["synthetic"].astype(bool), "kind"].tolist()
    if not kinds:
        return None
    names = ", ".join(label(f"kind_{k}", lang) for k in kinds)
    return label("pot_synthetic", lang, kinds=names)


def progress_items(content: ReportContent) -> list[tuple[str, str, object, str]] | None:
    """Return (key, label, value, kind) of the area's progress (the Progress page's KPIs).

    Targets, surveyed and helped households with their shares of targets,
    and the households whose latest development stage is each stage (or
    none), from :func:`logbook.stats.summary`. None when the Logbook was
    unavailable (or not read).
    """
    progress, lang = content.progress, content.settings.lang
    if not progress or not progress["available"]:
        return None
    s = progress["summary"]
    rows: list[tuple[str, str, object, str]] = [
        ("target_households", label("progress_targets", lang), s["target_households"], "int"),
        (
            "surveyed_households",
            label("progress_surveyed_households", lang),
            s["surveyed_households"],
            "int",
        ),
        ("surveyed_share", label("progress_surveyed_share", lang), s["surveyed_share"], "share"),
        (
            "helped_households",
            label("progress_helped_households", lang),
            s["helped_households"],
            "int",
        ),
        ("helped_share", label("progress_helped_share", lang), s["helped_share"], "share"),
    ]
    for stage in STAGES:
        text = label("progress_stage", lang, stage=menu_label(STAGE_LABELS, stage, lang))
        rows.append((f"stage_{stage}", text, s["by_stage"][stage], "int"))
    rows.append(("stage_none", label("progress_stage_none", lang), s["by_stage"]["none"], "int"))
    return rows


def _progress(content: ReportContent, key: str):
    """Return one of the report's Logbook progress tables; ValueError if it has none."""
    if content.progress is None:
        raise ValueError("this report has no Logbook progress (the store was not read)")
    return content.progress[key]


def progress_children_table(content: ReportContent) -> Table:
    """Return progress per child area (:func:`logbook.stats.by_child`): counts and shares."""
    lang, c = content.settings.lang, _progress(content, "children")
    names = [area_name(r.name_th, r.name_en, content.child_level, lang) for r in c.itertuples()]
    return _table(
        label("progress_by_child", lang, child=label(content.child_level, lang).lower()),
        [
            (label("code", lang), "text", c["code"].tolist()),
            (label("name", lang), "text", names),
            (label("progress_targets", lang), "int", c["targets"].tolist()),
            (label("progress_surveyed_households", lang), "int", c["surveyed"].tolist()),
            (label("progress_helped_households", lang), "int", c["helped"].tolist()),
            # NaN (no targets) prints blank in the PDF and is an empty cell in the XLSX.
            (label("progress_surveyed_share", lang), "share", c["surveyed_share"].tolist()),
            (label("progress_helped_share", lang), "share", c["helped_share"].tolist()),
        ],
    )


def help_table(content: ReportContent, by: str) -> Table:
    """Return help to targets by ``dimension`` or ``agency`` (:func:`logbook.stats.help_breakdown`).

    Columns: the dimension's or agency's name, target households helped
    (distinct), help entries, amount in baht; largest first.
    """
    lang = content.settings.lang
    frame = _progress(content, f"by_{by}")
    if by == "dimension":
        names = [dimension_name(d, lang) for d in frame["dimension"]]
    else:
        names = [menu_label(AGENCIES, a, lang) for a in frame["agency"]]
    return _table(
        label(f"progress_by_{by}", lang),
        [
            (label(by, lang), "text", names),
            (label("help_households", lang), "int", frame["households"].astype(int).tolist()),
            (label("help_entries", lang), "int", frame["entries"].astype(int).tolist()),
            (label("amount_baht", lang), "int", frame["amount_baht"].astype(float).tolist()),
        ],
    )


def months_table(content: ReportContent, last: int | None = None) -> Table:
    """Return progress per month (:func:`logbook.stats.by_month`), months as "ต.ค. 2569".

    Parameters
    ----------
    content : ReportContent
        With available progress.
    last : int, optional
        Keep only the last ``last`` months (the cumulative shares still count
        from the first month); default every month.
    """
    lang, m = content.settings.lang, _progress(content, "months")
    if last is not None:
        m = m.tail(last)
    return _table(
        label("progress_by_month", lang),
        [
            (label("month", lang), "text", [month_label(v, lang) for v in m["month"]]),
            (label("progress_new_surveyed", lang), "int", m["surveyed"].astype(int).tolist()),
            (label("progress_new_helped", lang), "int", m["helped"].astype(int).tolist()),
            (label("cum_surveyed", lang), "share", m["surveyed_cum_share"].astype(float).tolist()),
            (label("cum_helped", lang), "share", m["helped_cum_share"].astype(float).tolist()),
        ],
    )
