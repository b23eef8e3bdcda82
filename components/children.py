"""The child-area view: measure choice, choropleth with drill-down, child table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_data import data
from components import auth, state
from components.change import MAP_MEASURES, child_change
from components.charts import horizontal_bars, show_chart, value_axis
from components.formats import SEQUENTIAL_5, fmt_int, fmt_ratio, fmt_share
from components.i18n import (
    area_labels,
    dimension_name,
    indicator_name,
    lang,
    level_name,
    t,
)
from components.layout import area_title
from components.maps import choropleth, forget_click, sent_click
from geo.areas import child_level, level_of
from poverty.indicators import DIMENSION_CODES, INDICATORS

COUNT_MEASURES = ("poor_persons", "target_poor_persons")
SHARE_MEASURES = ("headcount_ratio", "adjusted_headcount_ratio")


def measure_options() -> list[str]:
    """Return the map measures: counts, H, M0 and one censored headcount per dimension."""
    return [*COUNT_MEASURES, *SHARE_MEASURES, *[f"dim_{d}" for d in DIMENSION_CODES]]


def measure_label(measure: str) -> str:
    """Return the label of a map measure."""
    if measure.startswith("dim_"):
        return t("measure_dim", dim=dimension_name(measure[4:]))
    return t(f"measure_{measure}")


def measure_format(measure: str):
    """Return the value formatter of a map measure."""
    if measure in COUNT_MEASURES:
        return fmt_int
    if measure == "adjusted_headcount_ratio":
        return fmt_ratio
    return fmt_share


def drill_down_target(clicked: str | None, code: str | None, child_codes) -> str | None:
    """Return the area to open after a click on the map, or None to stay.

    Only a child of the current area shown on the map is followed; a click
    reported again for the current area (st_folium keeps the last click)
    or on anything else is ignored.
    """
    if not clicked or clicked == code:
        return None
    return clicked if clicked in set(child_codes) else None


def child_map(code: str | None, filters: data.Filters) -> None:
    """Draw the choropleth of the children of ``code``; a click selects the child.

    Only the children of one area are drawn (DESIGN.md). Below districts the
    children are villages (points), so no choropleth is drawn there.
    """
    level = "province" if code is None else child_level(level_of(code))
    if level not in data.LEVEL_FILES:
        return
    build = data.build_key()
    table = data.child_measures(build, code, filters)
    if table.empty:
        st.info(t("no_data"))
        return
    state.keep_value("map_measure", COUNT_MEASURES[0])
    measure = st.selectbox(
        t("map_measure"), measure_options(), key="map_measure", format_func=measure_label
    )
    values = pd.DataFrame(
        {
            "code": table["code"],
            "label": area_labels(table, level),
            "value": table[measure].astype(float),
        }
    )
    st.subheader(t("map_children", child=level_name(level), area=area_title(code)))
    drill_down_map(
        code,
        level,
        values,
        measure_format(measure),
        f"choropleth_{measure}",
        legend_title=measure_label(measure),
    )


@auth.fragment
def drill_down_map(
    code: str | None,
    level: str,
    values: pd.DataFrame,
    value_format,
    key: str,
    legend_title: str = "",
):
    """Draw the choropleth of the child areas of ``code``; a click opens the child.

    Parameters
    ----------
    code : str or None
        The selected area (None = the country).
    level : str
        Level of its children (province, district or subdistrict: polygons).
    values : DataFrame
        ``code``, ``label``, ``value`` per child area to colour.
    value_format : callable
        Formats a value for tooltip and legend.
    key : str
        Prefix of the map's widget key (the area and language are added).
    legend_title : str, optional
        What the colours mean (legend and saved PNG).

    At the country level every province is drawn: those outside the build
    grey, as "no data" (issue 20).

    A fragment (issue 13): the rerun ``st_folium`` asks for when the map is
    first drawn, and a click that drills down nowhere, rerun the map only; a
    drill-down reruns the whole page (``st.rerun``).
    """
    map_key = f"{key}_{code or 'all'}_{lang()}"
    # A click on the map reruns this fragment: follow it before drawing the map again.
    open_child(map_key, drill_down_target(sent_click(map_key), code, values["code"]))
    build = data.build_key()
    shapes = data.geometry(build, level)
    if code is not None:  # the country map draws every province, those without data grey
        shapes = shapes[shapes["code"].isin(values["code"])]
    else:
        shapes = shapes.assign(name=area_labels(shapes, level))
    clicked = choropleth(
        shapes,
        values,
        value_format,
        key=map_key,
        outline=data.outline(build, code) if code else None,
        title=t("map_children", child=level_name(level), area=area_title(code)),
        legend_title=legend_title,
        code=code,
    )
    open_child(map_key, drill_down_target(clicked, code, values["code"]))


def open_child(map_key: str, target: str | None) -> None:
    """Open ``target`` (a child area clicked on the choropleth ``map_key``) and rerun the page.

    Nothing when ``target`` is None (:func:`drill_down_target`). The map's
    last value is forgotten first, so the click is not followed again when
    the user comes back to this area's map.
    """
    if target:
        forget_click(map_key)
        state.set_area(target)
        st.rerun()


def rank_by_improvement(table: pd.DataFrame, change: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Return the child areas with their change between two rounds, most improved first.

    Parameters
    ----------
    table : DataFrame
        One row per child area (:func:`app_data.data.child_measures`), with ``code``.
    change : DataFrame
        :func:`components.change.child_change` of the same area: ``code`` and
        ``<measure>_change`` (later round minus earlier) per measure of
        :data:`components.change.MAP_MEASURES`.
    measure : str
        The measure whose fall ranks the areas (a key of ``MAP_MEASURES``).

    Returns
    -------
    DataFrame
        ``table``'s rows and columns, the ``<measure>_change`` columns, and
        ``improvement_rank`` (1 = the largest fall; equal changes share a
        rank; null for an area absent from either round), sorted by rank
        (nulls last) then code. Improvement is a fall: fewer target poor or
        MPI-poor persons, a lower H or M0 (issue 12: governors are judged on
        how the number of target poor falls; DOMAIN.md §7b: the press ranks
        provinces by the change of their poor share).
    """
    columns = ["code", *[f"{m}_change" for m in MAP_MEASURES]]
    merged = table.merge(change[columns], on="code", how="left")
    merged["improvement_rank"] = merged[f"{measure}_change"].rank(method="min").astype("Int64")
    return merged.sort_values(
        ["improvement_rank", "code"], na_position="last", kind="stable", ignore_index=True
    )


def child_table(
    code: str | None,
    filters: data.Filters,
    rounds: tuple[int, int] | None = None,
    measure: str = "target_poor_persons",
) -> None:
    """Draw the table of child areas with their measures (sortable).

    With ``rounds`` (from, to: B.E.), the change of each measure of
    :data:`components.change.MAP_MEASURES` between them is shown too and the
    areas are ranked by the fall of ``measure`` (:func:`rank_by_improvement`);
    without, they are listed by code.
    """
    level = "province" if code is None else child_level(level_of(code))
    table = data.child_measures(data.build_key(), code, filters)
    if level is None or table.empty:
        return
    st.subheader(t("children_table", child=level_name(level)))
    columns: dict[str, object] = {}
    config = {
        t("households"): st.column_config.NumberColumn(format="localized"),
        t("persons"): st.column_config.NumberColumn(format="localized"),
        t("poor_persons"): st.column_config.NumberColumn(format="localized"),
        t("target_poor_persons"): st.column_config.NumberColumn(format="localized"),
        t("headcount_ratio"): st.column_config.NumberColumn(format="%.2f%%"),
        t("adjusted_headcount_ratio"): st.column_config.NumberColumn(format="%.4f"),
    }
    if rounds is not None:
        table = rank_by_improvement(table, child_change(code, *rounds, filters), measure)
        first, second = (state.year_label(y) for y in rounds)
        st.caption(t("children_ranked", what=t(measure), first=first, second=second))
        columns[t("improvement_rank")] = table["improvement_rank"]
        config[t("improvement_rank")] = st.column_config.NumberColumn(format="%d")
    columns[t("code")] = table["code"]
    columns[t("name")] = area_labels(table, level)
    changes: dict[str, object] = {}
    if rounds is not None:
        for name, (_label, share) in MAP_MEASURES.items():
            points = "_pp" if name == "headcount_ratio" else ""
            heading = t(f"children_change_column{points}", what=t(name), first=first, second=second)
            # H in percentage points; M0 as a ratio; counts in persons.
            changes[heading] = table[f"{name}_change"] * (100 if name == "headcount_ratio" else 1)
            fmt = "%+.2f" if name == "headcount_ratio" else "%+.4f" if share else "localized"
            # Long headings: a medium column, the whole heading on hover.
            config[heading] = st.column_config.NumberColumn(
                format=fmt, width="medium", help=heading
            )
            if name == measure:  # the ranked change next to the name
                columns[heading] = changes.pop(heading)
    columns.update(
        {
            t("households"): table["households"],
            t("persons"): table["persons"],
            t("poor_persons"): table["poor_persons"],
            t("target_poor_persons"): table["target_poor_persons"],
            t("headcount_ratio"): table["headcount_ratio"] * 100,
            t("adjusted_headcount_ratio"): table["adjusted_headcount_ratio"],
            **changes,
        }
    )
    st.dataframe(pd.DataFrame(columns), hide_index=True, key="children_table", column_config=config)


def ranking_options() -> list[str]:
    """Return what child areas can be ranked by: MPI-poor persons, each dimension, each indicator.

    Columns of :func:`queries.figures.child_measures`: ``poor_persons``,
    ``dp_<dimension>`` (MPI-poor persons failing the dimension) and
    ``cp_<indicator>`` (MPI-poor persons failing the indicator, the
    censored headcount in persons).
    """
    return [
        "poor_persons",
        *[f"dp_{d}" for d in DIMENSION_CODES],
        *[f"cp_{i.code}" for i in INDICATORS],
    ]


def ranking_label(column: str) -> str:
    """Return what a ranking column counts, in the session language."""
    if column.startswith("dp_"):
        return t("top_children_dimension", name=dimension_name(column[3:]))
    if column.startswith("cp_"):
        return t("top_children_indicator", name=indicator_name(column[3:]))
    return t("measure_poor_persons")


def top_children(table: pd.DataFrame, column: str, count: int = 10) -> pd.DataFrame:
    """Return the ``count`` child areas with the most persons in ``column``, largest first.

    Ties are broken by area code; areas with none are left out.

    Examples
    --------
    >>> frame = pd.DataFrame({"code": ["01", "02", "03"], "dp_income": [5, 0, 5]})
    >>> top_children(frame, "dp_income")["code"].tolist()
    ['01', '03']
    """
    ranked = table[table[column] > 0].sort_values([column, "code"], ascending=[False, True])
    return ranked.head(count)


@auth.fragment
def top_children_chart(code: str | None, filters: data.Filters, key: str = "top_children") -> None:
    """Draw the top 10 child areas by MPI-poor persons, a dimension or an indicator (seed 004).

    TPMAP's "top 10 child areas by any indicator" ranking: at the country
    level the provinces, then districts, subdistricts, villages. Counts are
    persons (whole numbers on the axis, :func:`components.charts.value_axis`).
    A fragment (issue 13): choosing what to rank by redraws the chart only.
    """
    level = "province" if code is None else child_level(level_of(code))
    table = data.child_measures(data.build_key(), code, filters)
    if level is None or table.empty:
        return
    state.keep_value(f"{key}_by", "poor_persons")
    column = st.selectbox(
        t("top_children_choose"), ranking_options(), key=f"{key}_by", format_func=ranking_label
    )
    top = top_children(table, column)
    what = ranking_label(column)
    st.subheader(t("top_children_title", child=level_name(level), what=what))
    if top.empty:
        st.caption(t("no_poor"))
        return
    spec = horizontal_bars(
        tuple(top[column][::-1].tolist()),
        tuple(area_labels(top, level)[::-1]),
        colour=SEQUENTIAL_5[3],
        height=max(200, 30 * len(top) + 30),
        axis=value_axis(t("top_children_count"), whole=True),
        label_title=level_name(level),
    )
    show_chart(spec, f"{key}_chart")
