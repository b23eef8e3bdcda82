"""Choropleth classes (display/colours.classify): Fisher-Jenks natural breaks by mapclassify.

Expected classes are worked out by hand on values whose natural groups are obvious.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from display.colours import classify


def test_three_obvious_groups():
    values = pd.Series([1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 28.0, 30.0])
    classes, bounds = classify(values, 3)
    assert bounds == [3.0, 12.0, 30.0]
    assert classes.tolist() == [0, 0, 0, 1, 1, 1, 2, 2]


def test_missing_values_and_few_distinct_values():
    classes, bounds = classify(pd.Series([4.0, np.nan, 1.0, 4.0]), 5)
    # Two distinct values: two classes, {1} and {4}; NaN is -1.
    assert classes.tolist() == [1, -1, 0, 1]
    assert bounds == [1.0, 4.0]
    classes, bounds = classify(pd.Series([7.0, 7.0]), 5)
    assert classes.tolist() == [0, 0] and bounds == [7.0]
