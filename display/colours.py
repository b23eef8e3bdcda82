"""Colours and map classes, shared by the app's maps and the reports' charts.

The choropleth palette, its Fisher-Jenks classes (DOMAIN.md §9) and the
dimensions-failed colour classes (seed 002), so a map or a figure looks the
same in the app and in a report. No Streamlit import.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

#: ColorBrewer YlOrRd, 5 classes: sequential and colour-blind safe.
SEQUENTIAL_5 = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
#: Areas without a value (provinces outside the build at country level): a light
#: grey with a hatch-free fill, told apart from the palette's lightest yellow.
NO_DATA_COLOUR = "#d9d9d9"
#: Household dots by dimensions-failed class (seed 002 names the classes green,
#: yellow and red). Okabe-Ito's bluish green and amber and a dark red: the three
#: differ in lightness as well as hue, so they stay apart for red-green colour
#: blindness, and each reads on the white map background with :data:`POINT_STROKE_RGB`.
HOUSEHOLD_RGB = {
    "none": (150, 150, 150),
    "green": (0, 158, 115),
    "yellow": (230, 159, 0),
    "red": (175, 25, 45),
}
#: Thin dark ring around every household dot.
POINT_STROKE_RGB = (40, 40, 40)
#: Outline of the selected area on every map.
OUTLINE_RGB = (40, 40, 40)
#: Village markers and names on the subdistrict map (Okabe-Ito blue).
VILLAGE_RGB = (0, 114, 178)


def classify(values: pd.Series, classes: int = 5) -> tuple[np.ndarray, list[float]]:
    """Return each value's class (0 … n-1) and the upper bounds, by Fisher-Jenks natural breaks.

    Parameters
    ----------
    values : Series of float, shape (n,)
        The measure per area; NaN allowed.
    classes : int
        Wanted number of classes (fewer when there are fewer distinct values).

    Returns
    -------
    classes : ndarray of int, shape (n,)
        Class of each value; NaN gets -1. A value equal to a bound is in
        that bound's class.
    bounds : list of float
        Upper bound of each class (mapclassify ``bins``).
    """
    import mapclassify  # here, not at the top: it imports SciPy (1.5 s) for the maps only

    finite = values.dropna()
    if finite.empty:
        return np.full(len(values), -1), []
    k = int(min(classes, finite.nunique()))
    if k < 2:
        return np.where(values.notna(), 0, -1), [float(finite.max())]
    with warnings.catch_warnings():  # "Numba not installed": pure Python is fast for < 1,000 areas
        warnings.simplefilter("ignore", UserWarning)
        scheme = mapclassify.FisherJenks(finite.to_numpy(dtype=float), k=k)
    out = np.full(len(values), -1)
    out[values.notna().to_numpy()] = scheme.yb
    return out, [float(b) for b in scheme.bins]


def spread_palette(n: int) -> list[str]:
    """Return n colours spread over :data:`SEQUENTIAL_5` (one class gets the middle colour)."""
    if n <= 0:
        return []
    idx = np.linspace(0, len(SEQUENTIAL_5) - 1, n).round().astype(int) if n > 1 else [2]
    return [SEQUENTIAL_5[i] for i in idx]


def class_colour(colour_class: str) -> tuple[int, int, int]:
    """Return the RGB colour of a dimensions-failed class (seed 002), from :data:`HOUSEHOLD_RGB`.

    Raises
    ------
    KeyError
        For a class other than "none", "green", "yellow" or "red".
    """
    return HOUSEHOLD_RGB[colour_class]


#: ColorBrewer RdBu, 7 classes, reversed: blue = fell (improved), white = about zero,
#: red = rose. Diverging and colour-blind safe (issue 12's map of change).
DIVERGING_7 = ("#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b")


def diverging_classes(values: pd.Series) -> tuple[np.ndarray, list[float]]:
    """Return each change's class (0-6, 3 = about zero) on a scale centred on zero.

    The scale is symmetric: with m the largest absolute change, the class
    edges are ±m/7, ±3m/7, ±5m/7, so the middle class (white) holds the
    changes within m/7 of zero, and equal rises and falls get mirrored
    colours of :data:`DIVERGING_7`.

    Parameters
    ----------
    values : Series of float, shape (n,)
        Change per area (later round minus earlier); NaN allowed.

    Returns
    -------
    classes : ndarray of int, shape (n,)
        0-6, or -1 for NaN; all 3 when every change is 0. A change on an edge
        falls in the class nearer zero, for rises and falls alike.
    edges : list of float
        The six class edges, ascending (empty when every change is 0 or NaN).

    Examples
    --------
    >>> import pandas as pd
    >>> diverging_classes(pd.Series([-7.0, 0.5, 7.0, None]))[0].tolist()
    [0, 3, 6, -1]
    """
    finite = values.dropna()
    largest = float(finite.abs().max()) if not finite.empty else 0.0
    if largest == 0:
        return np.where(values.notna(), 3, -1), []
    edges = [largest * f / 7 for f in (-5, -3, -1, 1, 3, 5)]
    v = np.nan_to_num(values.to_numpy(dtype=float))
    steps = np.searchsorted(edges[3:], np.abs(v), side="left")  # 0 (about zero) .. 3
    return np.where(values.notna(), 3 + np.sign(v).astype(int) * steps, -1), edges
