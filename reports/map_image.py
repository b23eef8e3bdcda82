"""A map or chart of the app as a PNG for meetings: image, title, legend, area, date, source.

Drawn on the server with matplotlib and geopandas (no browser, no tiles):
the app's own classes and colours come in from the caller (:mod:`components.maps`
computes them once for the screen and the file), so the saved map reads
like the one on screen. Every image carries, drawn on it and in the PNG's
text chunks (``Title``, ``Legend``, ``Area``, ``Date``, ``Source``,
``Comment``): the title, the legend, the area, the date in the Buddhist Era
(Thai) or C.E. (English), the data source and, for synthetic data, the
synthetic-data note (issue 20, "map export for meetings").
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import geopandas as gpd
import matplotlib
import pandas as pd

matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from display.formats import BANGKOK, date_text  # noqa: E402
from display.labels import label  # noqa: E402
from reports.charts import DPI, _rc  # noqa: E402

#: Size of the saved map, inches (about 1,500 × 1,200 pixels at :data:`reports.charts.DPI`).
FIGSIZE = (10.0, 8.6)
#: Most area names written on a choropleth; more would cover the map.
MAX_AREA_LABELS = 40


@dataclass(frozen=True)
class MapCaption:
    """What a saved map says besides the map itself.

    Attributes
    ----------
    title : str
        The map's title, as on screen.
    area : str
        The area shown ("จ.อุดรธานี › อ.เมืองอุดรธานี").
    legend_title : str
        What the colours mean ("MPI-poor persons", "dimensions failed").
    legend : list of (str, str)
        Legend entries in order: colour (``#rrggbb``) and text.
    lang : {"th", "en"}
        Language of the words added here (date, labels).
    synthetic : bool
        Whether the household data are synthetic (adds the note).
    day : datetime.date, optional
        Date printed (default today in Asia/Bangkok).
    """

    title: str
    area: str
    legend_title: str
    legend: list[tuple[str, str]]
    lang: str
    synthetic: bool
    day: dt.date = field(default_factory=lambda: dt.datetime.now(BANGKOK).date())

    def footer_lines(self) -> list[str]:
        """Return the lines under the map: area and date, source, and the synthetic note."""
        lines = [
            f"{label('area', self.lang)}: {self.area} · {date_text(self.day, self.lang)}",
            f"{label('data_source', self.lang)}: {label('map_source', self.lang)} · "
            f"{label('boundaries_credit', self.lang)}",
        ]
        if self.synthetic:
            lines.append(label("synthetic_notice", self.lang))
        return lines

    def metadata(self) -> dict[str, str]:
        """Return the PNG text chunks: title, legend, area, date, source and note."""
        lines = self.footer_lines()
        return {
            "Title": self.title,
            "Legend": f"{self.legend_title}: " + "; ".join(text for _c, text in self.legend),
            "Area": self.area,
            "Date": date_text(self.day, self.lang),
            "Source": lines[1],
            "Comment": lines[2] if self.synthetic else "",
        }


def _finish(fig, ax, caption: MapCaption, handles: list, *, is_map: bool = True) -> bytes:
    """Add title, legend (one row) and footer to a drawn map or chart; return the PNG bytes."""
    if is_map:
        ax.set_axis_off()
        # Degrees of longitude are shorter than degrees of latitude by cos(latitude).
        south, north = ax.get_ylim()
        ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    fig.suptitle(caption.title, fontsize=14, fontweight="bold", y=0.985)
    fig.legend(
        handles=handles,
        title=caption.legend_title,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.085),
        ncol=max(1, min(len(handles), 6)),
        fontsize=9,
        title_fontsize=9,
        frameon=False,
    )
    fig.text(0.02, 0.012, "\n".join(caption.footer_lines()), fontsize=7.5, va="bottom", wrap=True)
    # A chart keeps room on the left for its bar labels (area names).
    fig.subplots_adjust(
        left=0.02 if is_map else 0.26, right=0.98 if is_map else 0.94, top=0.94, bottom=0.2
    )
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata=caption.metadata())
    plt.close(fig)
    return buffer.getvalue()


def choropleth_png(
    shapes: gpd.GeoDataFrame,
    caption: MapCaption,
    outline: gpd.GeoDataFrame | None = None,
) -> bytes:
    """Return a choropleth of areas as a PNG with title, legend and footer.

    Parameters
    ----------
    shapes : GeoDataFrame
        One row per area (EPSG:4326): ``fill`` (``#rrggbb``, the class colour
        or the no-data grey), ``label`` (name written on the area, or ``""``).
        Names are written when at most :data:`MAX_AREA_LABELS` areas have one.
    caption : MapCaption
        Title, legend, area, date, source, synthetic note.
    outline : GeoDataFrame, optional
        The selected area, drawn as a thick outline.

    Returns
    -------
    bytes
        PNG image, :data:`FIGSIZE` at :data:`reports.charts.DPI`.

    Raises
    ------
    reports.fonts.ThaiFontMissingError
        If no Thai font is installed.
    """
    with plt.rc_context(_rc()):
        fig, ax = plt.subplots(figsize=FIGSIZE)
        shapes.plot(ax=ax, color=shapes["fill"], edgecolor="#555555", linewidth=0.5)
        if outline is not None and not outline.empty:
            outline.boundary.plot(ax=ax, color="#222222", linewidth=1.6)
        named = shapes[shapes["label"].astype(str) != ""]
        if len(named) <= MAX_AREA_LABELS:
            for row in named.itertuples():
                point = row.geometry.representative_point()
                ax.annotate(
                    row.label,
                    (point.x, point.y),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="#111111",
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.65),
                )
        handles = [
            Patch(facecolor=c, edgecolor="#777777", label=text) for c, text in caption.legend
        ]
        return _finish(fig, ax, caption, handles)


def points_png(
    points: pd.DataFrame,
    caption: MapCaption,
    outline: gpd.GeoDataFrame | None = None,
    villages: pd.DataFrame | None = None,
    pad: float | None = 0.004,
    marker_size: float = 14,
) -> bytes:
    """Return households as coloured dots over the area's outline, as a PNG.

    Parameters
    ----------
    points : DataFrame
        ``lon``, ``lat`` (EPSG:4326, already masked for the user) and
        ``fill`` (``#rrggbb``); drawn in row order, so put the most deprived last.
    caption : MapCaption
        Title, legend, area, date, source, synthetic note.
    outline : GeoDataFrame, optional
        The area's outline.
    villages : DataFrame, optional
        ``lon``, ``lat``, ``label``: village names written on the map.
    pad : float or None
        Margin around the points, degrees (0.004, about 400 m; one house
        is shown with its surroundings by a larger one). None frames the
        map on the outline (and the points) instead.
    marker_size : float
        Dot area, points² (14 for many houses; one house gets a larger dot).

    Raises
    ------
    reports.fonts.ThaiFontMissingError
        If no Thai font is installed.
    """
    with plt.rc_context(_rc()):
        fig, ax = plt.subplots(figsize=FIGSIZE)
        if outline is not None and not outline.empty:
            outline.boundary.plot(ax=ax, color="#222222", linewidth=1.4)
        ax.scatter(
            points["lon"],
            points["lat"],
            s=marker_size,
            c=list(points["fill"]),
            edgecolors="#282828",
            linewidths=0.3,
            zorder=3,
        )
        if villages is not None:
            for row in villages.itertuples():
                ax.annotate(
                    row.label,
                    (row.lon, row.lat),
                    ha="center",
                    va="bottom",
                    fontsize=7,
                    color="#00486f",
                    zorder=4,
                    bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.7),
                )
        if not points.empty and pad is not None:
            ax.set_xlim(points["lon"].min() - pad, points["lon"].max() + pad)
            ax.set_ylim(points["lat"].min() - pad, points["lat"].max() + pad)
        handles = [
            Line2D(
                [0],
                [0],
                marker="o",
                linestyle="",
                markerfacecolor=c,
                markeredgecolor="#282828",
                markersize=8,
                label=text,
            )
            for c, text in caption.legend
        ]
        return _finish(fig, ax, caption, handles)


def bar_chart_png(
    names: list[str],
    values: list[float],
    caption: MapCaption,
    value_format: Callable[[float], str],
    colour: str,
) -> bytes:
    """Return a horizontal bar chart (one bar per area) as a PNG with title, legend and footer.

    Parameters
    ----------
    names : list of str
        Bar labels (area names), drawn bottom to top in this order.
    values : list of float
        One value per name, in the unit of ``value_format`` (NaN: no bar).
    caption : MapCaption
        Title, legend (one entry: the bar colour and what it measures), area,
        date, source, synthetic note.
    value_format : callable
        Formats a value for the bar ends and axis ("12.50%", "45,000").
    colour : str
        Bar colour, ``#rrggbb`` (the colour of the chart on screen).

    Returns
    -------
    bytes
        PNG image, :data:`FIGSIZE` at :data:`reports.charts.DPI`.

    Raises
    ------
    reports.fonts.ThaiFontMissingError
        If no Thai font is installed.
    ValueError
        If ``names`` and ``values`` differ in length.
    """
    if len(names) != len(values):
        raise ValueError(f"bar_chart_png: {len(names)} names for {len(values)} values")
    shown = [0.0 if pd.isna(v) else float(v) for v in values]
    with plt.rc_context(_rc()):
        fig, ax = plt.subplots(figsize=FIGSIZE)
        bars = ax.barh(names, shown, color=colour, edgecolor="#333333", linewidth=0.3)
        ax.bar_label(
            bars,
            labels=["–" if pd.isna(v) else value_format(v) for v in values],
            padding=3,
            fontsize=7.5,
        )
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: value_format(v)))
        ax.set_xlim(0, max([*shown, 1e-9]) * 1.18)
        ax.tick_params(axis="y", labelsize=max(5.0, min(9.0, 300 / max(len(names), 1))))
        ax.spines[["top", "right"]].set_visible(False)
        handles = [
            Patch(facecolor=c, edgecolor="#777777", label=text) for c, text in caption.legend
        ]
        return _finish(fig, ax, caption, handles, is_map=False)
