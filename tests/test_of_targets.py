"""Which Logbook rows belong to target households (logbook.stats.of_targets, issue 13)."""

from __future__ import annotations

import pandas as pd

from logbook.stats import help_breakdown, of_targets


def test_rows_of_targets_whatever_the_string_storage():
    ids = pd.Series(["410101010001", "410101010002", "410101010001", "600101010003"], dtype=object)
    targets = pd.Series(["600101010003", "410101010001", "190101010009"], dtype="str")
    assert of_targets(ids, targets).tolist() == [True, False, True, True]
    assert of_targets(ids.astype("str"), targets.astype(object)).tolist() == [
        True,
        False,
        True,
        True,
    ]
    assert of_targets(ids.iloc[:0], targets).tolist() == []
    assert of_targets(ids, targets.iloc[:0]).tolist() == [False] * 4


def test_help_breakdown_counts_only_targets():
    help_frame = pd.DataFrame(
        {
            "household_id": ["A", "A", "B", "C"],
            "dimension": ["income", "income", "health", "income"],
            "amount_baht": [100, 50, 20, 999],
        }
    )
    status = pd.DataFrame({"household_id": ["A", "B"]})  # C is not a target
    out = help_breakdown(help_frame, status, "dimension")
    assert out.to_dict("records") == [
        {"dimension": "health", "entries": 1, "households": 1, "amount_baht": 20.0},
        {"dimension": "income", "entries": 2, "households": 1, "amount_baht": 150.0},
    ]
