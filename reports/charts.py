"""Report images (PNG bytes, matplotlib, no display): the child-area map and two bar charts.

The map classes and colours are the app's (:func:`display.colours.classify`,
Fisher-Jenks, YlOrRd 5 classes), so the printed map reads like the app's.
Thai labels use the font of :func:`reports.fonts.find_thai_font`.
"""

from __future__ import annotations

import io
from pathlib import Path

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from display.colours import NO_DATA_COLOUR, SEQUENTIAL_5, classify, spread_palette  # noqa: E402
from display.formats import format_int, format_share  # noqa: E402
from display.labels import dimension_name, indicator_name, label  # noqa: E402
from poverty.indicators import DIMENSION_CODES, INDICATORS  # noqa: E402
from reports.content import ReportContent  # noqa: E402
from reports.fonts import find_thai_font  # noqa: E402

LEVEL_FILES = {"district": "districts", "subdistrict": "subdistricts"}
DPI = 150


def _rc() -> dict:
    """Return matplotlib settings using the Thai font (Latin from its companion, if any)."""
    font = find_thai_font()
    families = []
    for path in (font.regular, font.bold, font.latin_regular, font.latin_bold):
        if path is not None:
            font_manager.fontManager.addfont(str(path))
    families.append(font_manager.FontProperties(fname=str(font.regular)).get_name())
    if font.latin_regular is not None:
        families.append(font_manager.FontProperties(fname=str(font.latin_regular)).get_name())
    return {"font.family": [*families, "DejaVu Sans"], "font.size": 9, "axes.titlesize": 10}


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def _thousands(value: float, _pos: int) -> str:
    return format_int(value)


def child_map_png(content: ReportContent, build_dir: Path) -> bytes:
    """Return the choropleth of the area's children by MPI-poor persons, as PNG.

    Parameters
    ----------
    content : ReportContent
        From :func:`reports.content.gather`.
    build_dir : Path
        Build folder holding ``districts.parquet`` / ``subdistricts.parquet``
        (EPSG:4326).

    Raises
    ------
    FileNotFoundError
        If the geometry file of the child level is missing.
    """
    lang, table = content.settings.lang, content.children
    shapes = gpd.read_parquet(Path(build_dir) / f"{LEVEL_FILES[content.child_level]}.parquet")
    shapes = shapes[shapes["code"].isin(table["code"])].merge(
        table[["code", "poor_persons"]], on="code"
    )
    classes, bounds = classify(shapes["poor_persons"].astype(float))
    colours = spread_palette(len(bounds))
    shapes["fill"] = [colours[c] if c >= 0 else NO_DATA_COLOUR for c in classes]
    with plt.rc_context(_rc()):
        fig, ax = plt.subplots(figsize=(7.2, 6.4))
        shapes.plot(ax=ax, color=shapes["fill"], edgecolor="#555555", linewidth=0.5)
        shapes.dissolve().boundary.plot(ax=ax, color="#333333", linewidth=1.4)
        for row in shapes.itertuples():
            point = row.geometry.representative_point()
            ax.annotate(
                row.name_th if lang == "th" else (row.name_en or row.name_th),
                (point.x, point.y),
                ha="center",
                va="center",
                fontsize=6.5,
                color="#111111",
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.6),
            )
        lower = float(shapes["poor_persons"].min())
        handles = []
        for colour, upper in zip(colours, bounds, strict=True):
            text = f"{lower:,.0f} – {upper:,.0f}" if lower != upper else f"{upper:,.0f}"
            handles.append(Patch(facecolor=colour, edgecolor="#777777", label=text))
            lower = upper
        ax.legend(
            handles=handles,
            title=label("poor_persons", lang),
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize=8,
            title_fontsize=8,
            frameon=False,
        )
        ax.set_axis_off()
        ax.set_aspect("equal")
        return _png(fig)


def indicator_bar_png(content: ReportContent) -> bytes:
    """Return MPI-poor persons failing each of the 17 indicators (horizontal bars), as PNG."""
    lang, summary = content.settings.lang, content.summary
    rows = sorted(INDICATORS, key=lambda i: summary["censored_persons"][i.code])
    values = [summary["censored_persons"][i.code] for i in rows]
    names = [indicator_name(i.code, lang) for i in rows]
    with plt.rc_context(_rc()):
        fig, ax = plt.subplots(figsize=(7.2, 5.2))
        bars = ax.barh(names, values, color=SEQUENTIAL_5[2], edgecolor="#b35806", linewidth=0.4)
        ax.bar_label(bars, labels=[format_int(v) for v in values], padding=3, fontsize=7.5)
        ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
        ax.set_xlim(0, max(max(values), 1) * 1.15)
        ax.set_title(label("bar_title", lang), loc="left")
        ax.spines[["top", "right"]].set_visible(False)
        return _png(fig)


def dimension_bar_png(content: ReportContent) -> bytes:
    """Return the share of persons poor and failing each dimension (bars, percent), as PNG."""
    lang, summary = content.settings.lang, content.summary
    names = [dimension_name(d, lang) for d in DIMENSION_CODES][::-1]
    shares = [summary["dimension_headcount"][d] for d in DIMENSION_CODES][::-1]
    values = [share * 100 for share in shares]
    with plt.rc_context(_rc()):
        fig, ax = plt.subplots(figsize=(7.2, 2.6))
        bars = ax.barh(names, values, color=SEQUENTIAL_5[3], edgecolor="#99000d", linewidth=0.4)
        ax.bar_label(bars, labels=[format_share(v, lang) for v in shares], padding=3, fontsize=8)
        ax.set_xlim(0, max(max(values), 0.01) * 1.25)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}%"))
        ax.set_title(label("radar_title", lang), loc="left")
        ax.spines[["top", "right"]].set_visible(False)
        return _png(fig)
