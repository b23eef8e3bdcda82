"""Tests of how benchmark figures are judged against budgets (benchmarks.budgets).

The figures are made up; no benchmark runs here (speed is measured by the
benchmark scripts, never asserted in tests).
"""

from __future__ import annotations

import pytest

from benchmarks import budgets


@pytest.fixture(autouse=True)
def load_average(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's load average, as every figure records it: 1.25 here."""
    monkeypatch.setattr(budgets.os, "getloadavg", lambda: (1.25, 0.5, 0.25))


def test_figure_within_over_and_without_budget():
    # A budget is an upper bound: equal is within.
    assert budgets.figure(1.5, "s", 1.5) == {
        "value": 1.5,
        "unit": "s",
        "budget": 1.5,
        "within_budget": True,
        "loadavg": 1.25,
    }
    assert budgets.figure(1.51, "s", 1.5)["within_budget"] is False
    assert budgets.figure(6.0, "s")["within_budget"] is None
    assert budgets.figure(None, "MiB", 1536.0)["within_budget"] is None


def test_verdicts_and_printed_lines():
    figures = {
        "rerun_s": budgets.figure(0.4, "s", 1.5),
        "map_mb": budgets.figure(3.89, "MB", 1.5),
        "first_render_s": budgets.figure(5.2, "s"),
        "app_rss_mb": budgets.figure(None, "MiB", 1536.0),
    }
    lines = budgets.lines(figures)
    assert [line.split()[0] for line in lines] == list(figures)
    assert lines[0].endswith("within budget  (load 1.2)") and "budget <= 1.50 s" in lines[0]
    assert lines[1].endswith("OVER BUDGET  (load 1.2)")
    assert lines[2].endswith("no budget  (load 1.2)")
    assert lines[3].endswith("not measured  (load 1.2)")


def test_collect_flattens_every_benchmark():
    results = {
        "query_time": {"figures": {"ratio": budgets.figure(2.1, "x", 3.0)}},
        # build_time reports its wall time with a top-level verdict, no figures dict.
        "build_time": {"wall_s": 70.0, "budget_s": 60.0, "within_budget": False},
        "report_time": {"skipped": "the build failed"},
    }
    assert budgets.collect(results) == [
        {
            "benchmark": "query_time",
            "figure": "ratio",
            "value": 2.1,
            "unit": "x",
            "budget": 3.0,
            "within_budget": True,
            "loadavg": 1.25,
        },
        {
            "benchmark": "build_time",
            "figure": "wall_s",
            "value": 70.0,
            "unit": "s",
            "budget": 60.0,
            "within_budget": False,
            "loadavg": 1.25,  # made when collected: build_time records no load of its own
        },
    ]


def test_floor_figures_budget_the_query_at_three_times_its_floor():
    figures = budgets.floor_figures("province_child_measures", 7.5, 2.0)
    assert list(figures) == [
        "province_child_measures_ms",
        "province_child_measures_floor_ms",
        "province_child_measures_ratio_to_floor",
    ]
    assert figures["province_child_measures_ms"]["budget"] == 6.0  # 3 x 2.0 ms
    assert figures["province_child_measures_ms"]["within_budget"] is False
    assert figures["province_child_measures_floor_ms"]["budget"] is None
    assert figures["province_child_measures_ratio_to_floor"]["value"] == 3.75
    assert figures["province_child_measures_ratio_to_floor"]["within_budget"] is False


def test_medians_ms_warms_up_then_times_each_call_in_turn():
    order: list[str] = []
    medians = budgets.medians_ms([lambda: order.append("q"), lambda: order.append("f")], 3)
    # One warm-up of each, then three rounds taking turns.
    assert order == ["q", "f", "q", "f", "q", "f", "q", "f"]
    assert len(medians) == 2 and all(m >= 0 for m in medians)
