"""The pilot benchmarks at a small scale, as CI runs them (``make bench-small``, issue 13).

The query benchmark runs once on the session's pilot build so that a
change that breaks it, or makes a query disagree with its bare-DuckDB
floor, shows in CI. Its times are printed with their budgets, never
asserted (speed is judged by the figures, not by tests). Also the load
test's reading time, throughput and budgets, and which build
``python -m benchmarks`` reuses.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from benchmarks import __main__ as bench_main
from benchmarks import budgets, load_test, query_time


def test_query_benchmark_prints_every_figure_with_its_budget(pilot_build: Path):
    result = query_time.run(pilot_build, runs=1)
    for level in ("province", "district"):
        # The floors compute the same numbers as the queries they bound.
        assert result[level]["floor_counts_match"] is True
        assert result[level]["child_rows_match"] is True
    figures = result["figures"]
    for level in ("province", "district"):
        for query in ("area_summary", "child_measures"):
            ratio = figures[f"{level}_{query}_ratio_to_floor"]
            assert ratio["budget"] == budgets.QUERY_FLOOR_RATIO
            assert ratio["unit"] == "x" and ratio["value"] > 0
            assert figures[f"{level}_{query}_ms"]["budget"] == pytest.approx(
                3 * figures[f"{level}_{query}_floor_ms"]["value"], abs=0.002
            )
            assert isinstance(ratio["loadavg"], float)
    printed = query_time.report(result)
    assert "province_child_measures_ratio_to_floor" in printed
    assert "budget <= 3.00 x" in printed


def test_think_range_is_parsed_and_checked():
    assert load_test._think_range("3,8") == (3.0, 8.0)
    assert load_test._think_range("0,0") == (0.0, 0.0)
    for bad in ("8,3", "3", "-1,2", "a,b"):
        with pytest.raises(argparse.ArgumentTypeError, match="--think"):
            load_test._think_range(bad)


def test_throughput_per_core_and_per_server_cpu_second(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(load_test.os, "cpu_count", lambda: 2)
    figures = {"clicks": 300, "wall_s": 60.0, "cpu_s": {"clients": 10.0, "server": 100.0}}
    # 300 clicks in 60 s = 5 a second, 2.5 per core; 300 / 100 server CPU-seconds = 3.
    assert load_test._throughput(figures) == {
        "clicks_per_s": 5.0,
        "clicks_per_s_per_core": 2.5,
        "clicks_per_server_cpu_s": 3.0,
    }


@pytest.mark.parametrize(
    ("sessions", "think", "budget"),
    [(20, [3.0, 8.0], 2.0), (50, [3.0, 8.0], 5.0), (20, None, None), (80, [3.0, 8.0], None)],
)
def test_load_budget_follows_sessions_and_reading_time(sessions, think, budget):
    result = {"sessions": sessions, "think_s": think, "p95_s": 1.5, "errors": 1}
    figures = load_test._figures(result)
    assert figures["p95_s"]["budget"] == budget
    assert figures["errors"]["budget"] == 0 and figures["errors"]["within_budget"] is False


def test_benchmarks_reuse_a_named_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    build = tmp_path / "build"
    build.mkdir()
    monkeypatch.delenv("TPMAP_BUILD_DIR", raising=False)
    assert bench_main.given_build(None) is None  # nothing named: build one
    with pytest.raises(SystemExit, match="no tpmap.duckdb"):
        bench_main.given_build(build)
    (build / "tpmap.duckdb").write_bytes(b"")
    assert bench_main.given_build(build) == build
    monkeypatch.setenv("TPMAP_BUILD_DIR", str(build))
    assert bench_main.given_build(None) == build
