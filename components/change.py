"""Change over time (issue 12): transitions between two rounds, trends, a map of change.

Widgets and page sections only: the figures come from :mod:`app_data.data`
(:func:`~app_data.data.change`, :func:`~app_data.data.trend`,
:func:`~app_data.data.child_measures` of each round).
"""

from __future__ import annotations

import json
from itertools import pairwise

import pandas as pd
import pydeck as pdk
import streamlit as st

from app_data import data
from components.charts import counts_and_shares, flows, horizontal_bars, show_chart, value_axis
from components.formats import fmt_int, fmt_share
from components.i18n import area_label, area_labels, indicator_name, t
from components.maps import CompactDeck, caption_for, legend_html, map_download, view_of
from components.state import keep_value, year_label
from display.colours import DIVERGING_7, NO_DATA_COLOUR, diverging_classes
from geo.areas import child_level, level_of
from queries.rounds import TRANSITIONS
from reports.map_image import choropleth_png

#: Measures the map of change can show: summary key -> label key, and whether a share.
MAP_MEASURES = {
    "target_poor_persons": ("target_poor_persons", False),
    "poor_persons": ("poor_persons", False),
    "headcount_ratio": ("headcount_ratio", True),
    "adjusted_headcount_ratio": ("adjusted_headcount_ratio", True),
}
#: Colours of the four transitions in the flow chart.
TRANSITION_COLOURS = {
    "stayed_poor": "#b2182b",
    "exited": "#2166ac",
    "entered": "#ef8a62",
    "stayed_non_poor": "#bdbdbd",
}


def round_pickers(years: tuple[int, ...], current: int) -> tuple[int, int]:
    """Draw the two round selectors; return (from, to): default the round before ``current``."""
    later = [y for y in years if y > years[0]]
    to_default = current if current in later else later[-1]
    from_default = years[years.index(to_default) - 1]
    # Re-assigned before drawing, so the labels follow a language switch (keep_value).
    if st.session_state.get("change_from") not in years[:-1]:
        st.session_state.pop("change_from", None)
    if st.session_state.get("change_to") not in later:
        st.session_state.pop("change_to", None)
    keep_value("change_from", from_default)
    keep_value("change_to", to_default)
    left, right = st.columns(2)
    first = left.selectbox(
        t("change_from"), list(years[:-1]), format_func=year_label, key="change_from"
    )
    second = right.selectbox(t("change_to"), list(later), format_func=year_label, key="change_to")
    return int(first), int(second)


def map_view_rounds(years: tuple[int, ...], current: int | None) -> tuple[int, int] | None:
    """Draw the Overview's choice of map: the round's figures or their change; return the rounds.

    The round's map is the default (issue 12 keeps the Overview as it was);
    with "change between two rounds" the two round selectors of
    :func:`round_pickers` follow (shared with the Change page).

    Returns
    -------
    tuple of int or None
        (from, to) B.E. when the change is chosen; None for the round's map,
        or when the build holds fewer than two rounds (no choice drawn).
    """
    if len(years) < 2 or current is None:
        return None
    view = choice("map_view", ["round", "change"], key="overview_map_view")
    return round_pickers(years, current) if view == "change" else None


def choice(title: str, options: list[str], key: str) -> str:
    """Draw a horizontal radio; return the option chosen (default the first).

    ``title`` is the label key of the question, ``<title>_<option>`` that of
    each option (kept across reruns and language switches, :func:`keep_value`).
    """
    keep_value(key, options[0])
    return st.radio(
        t(title), options, format_func=lambda v: t(f"{title}_{v}"), horizontal=True, key=key
    )


def change_measure_picker(key: str = "change_map_measure") -> str:
    """Draw the choice of the measure whose change is mapped and ranked; return its key.

    One of :data:`MAP_MEASURES` (target poor, MPI-poor persons, H, M0);
    default the target poor, whose fall a governor is judged on (issue 12).
    """
    keep_value(key, "target_poor_persons")
    return st.selectbox(t("change_map_measure"), list(MAP_MEASURES), format_func=t, key=key)


def transition_cards(result: dict, population: str) -> None:
    """Draw the households in both rounds and the four transitions as metric cards."""
    counts = result if population == "mpi" else result["target"]
    cols = st.columns(5)
    cols[0].metric(t("households_both"), fmt_int(result["households_both"]), border=True)
    for col, name in zip(cols[1:], TRANSITIONS, strict=True):
        col.metric(t(name), fmt_int(counts[name]), border=True)


def flow_chart(result: dict, population: str, key: str) -> None:
    """Draw the Sankey of the households poor in either round, from one round to the next.

    The households non-poor in both rounds (most of them) are left out of the
    flow, so the flows of poverty can be read; their count is on the cards.
    """
    counts = result if population == "mpi" else result["target"]
    drawn = [n for n in TRANSITIONS if n != "stayed_non_poor"]
    first, second = year_label(result["from_year"]), year_label(result["to_year"])
    links = {"stayed_poor": (0, 2), "exited": (0, 3), "entered": (1, 2), "stayed_non_poor": (1, 3)}
    spec = flows(
        (
            (t("change_poor_node", year=first), 0, "#b2182b"),
            (t("change_non_poor_node", year=first), 0, "#2166ac"),
            (t("change_poor_node", year=second), 1, "#b2182b"),
            (t("change_non_poor_node", year=second), 1, "#2166ac"),
        ),
        tuple(
            (t(n), links[n][0], links[n][1], float(counts[n]), TRANSITION_COLOURS[n]) for n in drawn
        ),
        title=t("change_flow_title"),
        value_title=t("what_households"),
        height=320,
    )
    show_chart(spec, key)


def indicator_bars(counts: dict[str, int], title: str, colour: str, key: str) -> None:
    """Draw households by indicator (exits or entries), largest at the top."""
    rows = sorted((n, c) for c, n in counts.items() if n > 0)
    if not rows:
        return
    spec = horizontal_bars(
        tuple(float(n) for n, _ in rows),
        tuple(indicator_name(c) for _, c in rows),
        colour=colour,
        height=max(200, 28 * len(rows) + 20),
        axis=value_axis(t("what_households"), whole=True),
        label_title=t("indicator"),
        title=title,
    )
    show_chart(spec, key)


def trend_chart(area: pd.DataFrame, children: pd.DataFrame, key: str) -> None:
    """Draw target poor persons (bars) and H (line) of the area per round, and H of its children.

    ``area`` and ``children``: :func:`queries.rounds.area_trend` frames.
    """
    years = [int(y) for y in area["survey_year"]]
    thin = tuple(
        (
            area_label(part.iloc[0]["name_th"], part.iloc[0]["name_en"], level_of(str(code))),
            tuple(
                float(h) for h in part.set_index("survey_year")["headcount_ratio"].reindex(years)
            ),  # a round the child lacks: a gap
        )
        for code, part in children.groupby("code", sort=True)
    )
    spec = counts_and_shares(
        tuple(year_label(y) for y in years),
        ((t("target_poor_persons"), "#fdae61", tuple(area["target_poor_persons"].astype(float))),),
        ((t("headcount_ratio"), "#b2182b", tuple(area["headcount_ratio"].astype(float))),),
        count_title=t("target_poor_persons"),
        period_title=t("survey_year"),
        series_title=t("chart_series"),
        share_title=t("headcount_ratio"),
        share_max=None,
        thin_lines=thin,
        title=t("change_trend_title"),
        height=420,
    )
    show_chart(spec, key)


def child_change(code: str | None, first: int, second: int, filters: data.Filters) -> pd.DataFrame:
    """Return the child areas' measures at both rounds and their change.

    Columns: ``code``, ``name_th``, ``name_en`` and, per measure of
    :data:`MAP_MEASURES`, ``<measure>_from``, ``<measure>_to`` and
    ``<measure>_change`` (later minus earlier). Children in either round.
    See :func:`app_data.data.child_change` (cached).
    """
    return data.child_change(
        data.round_key(first), data.round_key(second), code, filters, tuple(MAP_MEASURES)
    )


def _value(measure: str, value: float) -> str:
    if pd.isna(value):
        return "–"
    if MAP_MEASURES[measure][1]:
        return fmt_share(value)
    return fmt_int(value)


def _delta(measure: str, value: float) -> str:
    if pd.isna(value):
        return "–"
    if MAP_MEASURES[measure][1]:
        return f"{100 * value:+.2f}"
    return f"{int(value):+,}"


def change_map(code: str | None, table: pd.DataFrame, measure: str, key: str) -> None:
    """Draw the child areas coloured by the change of ``measure`` (diverging, centred on zero).

    Nothing at village level (villages are points without polygons).
    """
    level = "province" if code is None else child_level(level_of(code))
    if level not in data.LEVEL_FILES or table.empty:
        return
    shapes = data.geometry(data.root_key(), level)
    shapes = shapes[shapes["code"].isin(table["code"])][["code", "geometry"]]
    values = table.set_index("code")[f"{measure}_change"]
    classes, edges = diverging_classes(values)
    colour = dict(zip(values.index, classes, strict=True))
    features = json.loads(shapes.to_json(drop_id=True))
    names = table.set_index("code")
    for feature in features["features"]:
        c = feature["properties"]["code"]
        k = colour.get(c, -1)
        hex_colour = DIVERGING_7[k] if k >= 0 else NO_DATA_COLOUR
        feature["properties"]["fill"] = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)] + [200]
        row = names.loc[c]
        feature["properties"]["label"] = (
            f"{area_label(row['name_th'], row['name_en'], level)}: {_delta(measure, values[c])}"
        )
    bounds = shapes.total_bounds  # framed on the areas drawn (issue 20)
    view = view_of(pd.Series(bounds[[0, 2]]), pd.Series(bounds[[1, 3]]))
    layer = pdk.Layer(
        "GeoJsonLayer",
        features,
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=[60, 60, 60],
        line_width_min_pixels=1,
        pickable=True,
    )
    st.pydeck_chart(
        CompactDeck(
            layers=[layer],
            initial_view_state=view,
            map_provider=None,
            tooltip={"text": "{label}"},
        ),
        key=key,
        height=480,
    )
    legend = change_legend(edges, measure)
    st.markdown(legend_html(t(MAP_MEASURES[measure][0]), legend), unsafe_allow_html=True)
    st.caption(t("change_map_legend"))

    def make() -> bytes:
        frame = shapes.assign(
            fill=[DIVERGING_7[colour[c]] if colour.get(c, -1) >= 0 else NO_DATA_COLOUR
                  for c in shapes["code"]],
            label=[area_label(names.loc[c, "name_th"], names.loc[c, "name_en"], level)
                   for c in shapes["code"]],
        )  # fmt: skip
        caption = caption_for(t("change_map_title"), code, t(MAP_MEASURES[measure][0]), legend)
        return choropleth_png(frame, caption)

    map_download(f"png_{key}", code, "area", False, make)


def change_legend(edges: list[float], measure: str) -> list[tuple[str, str]]:
    """Return the legend of the change map: colour and range of each of the 7 classes.

    ``edges`` are :func:`display.colours.diverging_classes`'s six edges
    (ascending); none (every change zero) gives the middle class alone.
    """
    if not edges:
        return [(DIVERGING_7[3], _delta(measure, 0.0))]
    texts = [f"< {_delta(measure, edges[0])}"]
    texts += [f"{_delta(measure, a)} – {_delta(measure, b)}" for a, b in pairwise(edges)]
    texts.append(f"> {_delta(measure, edges[-1])}")
    return list(zip(DIVERGING_7, texts, strict=True))


def change_table(table: pd.DataFrame, measure: str, key: str) -> None:
    """Draw the child areas ranked by the change of ``measure``, most improved (fallen) first."""
    if table.empty:
        st.caption(t("change_no_children"))
        return
    ranked = table.sort_values(f"{measure}_change", kind="stable", na_position="last")
    level = level_of(str(ranked["code"].iloc[0]))
    shown = pd.DataFrame(
        {
            t("area"): area_labels(ranked, level),
            t("change_value_from"): [_value(measure, v) for v in ranked[f"{measure}_from"]],
            t("change_value_to"): [_value(measure, v) for v in ranked[f"{measure}_to"]],
            t("change_value"): [_delta(measure, v) for v in ranked[f"{measure}_change"]],
        }
    )
    st.dataframe(shown, hide_index=True, key=key, width="stretch")
