"""Tests of how benchmark figures are judged against budgets (benchmarks.budgets).

The figures are made up; no benchmark runs here (speed is measured by the
benchmark scripts, never asserted in tests).
"""

from __future__ import annotations

from benchmarks import budgets


def test_figure_within_over_and_without_budget():
    # A budget is an upper bound: equal is within.
    assert budgets.figure(1.5, "s", 1.5) == {
        "value": 1.5,
        "unit": "s",
        "budget": 1.5,
        "within_budget": True,
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
    assert lines[0].endswith("within budget") and "budget <= 1.50 s" in lines[0]
    assert lines[1].endswith("OVER BUDGET")
    assert lines[2].endswith("no budget")
    assert lines[3].endswith("not measured")


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
        },
        {
            "benchmark": "build_time",
            "figure": "wall_s",
            "value": 70.0,
            "unit": "s",
            "budget": 60.0,
            "within_budget": False,
        },
    ]
