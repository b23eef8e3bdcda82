"""The budgets of issue 7 and one shape for every benchmark figure.

Each benchmark result carries ``figures``: a dict of figure name to
:func:`figure` (value, unit, budget, within_budget), next to its own keys.
``python -m benchmarks`` prints them all and lists them once more under
``all_figures`` (:func:`collect`). A figure with no budget in the issue is
reported with ``budget`` and ``within_budget`` None, never given an
invented one.

Budgets at pilot scale (issue 7, "What to build" 1): the area summary at
most 3× a bare DuckDB aggregate over the same table, measured in the same
run; at most 1.5 MB of map data sent per map view; an export of 200,000
rows within 10 s; the app's resident memory within 1.5 GB; a drill-down
rerun within 1.5 s (the national budget, which the pilots must meet too).

The data service (issue 16, which asks for figures without numbers; these
budgets are this project's decision): area statistics within 500 ms at the
95th percentile under 50 concurrent clients (an answer a GIS client or a
dashboard of another agency waits for); a streamed CSV list within the
export's 10 s per 200,000 rows, its server's peak memory growing by at most
256 MiB however long the list (the CSV is streamed in batches).
"""

from __future__ import annotations

#: area_summary time / bare-aggregate floor time, at most (issue 7).
QUERY_FLOOR_RATIO = 3.0
#: Bytes sent to the browser for one map view, at most (issue 7: 1.5 MB).
MAP_VIEW_BYTES = 1_500_000
#: Seconds to export 200,000 rows, at most (issue 7), per format.
EXPORT_S_PER_200K = 10.0
#: Resident memory of the running app, MiB (issue 7: 1.5 GB).
APP_RSS_MB = 1536.0
#: Server time of one drill-down rerun, seconds (issue 7's national budget).
DRILLDOWN_RERUN_S = 1.5
#: Data service: p95 of area statistics under 50 concurrent clients, ms (decision, issue 16).
API_STATS_P95_MS = 500.0
#: Data service: peak memory growth of the server while streaming a CSV list, MiB (decision).
API_CSV_PEAK_GROWTH_MB = 256.0
#: A rule scenario of the national view, seconds (issue 17).
SCENARIO_NATIONAL_S = 3.0
#: The PDF report of a province after the first, seconds (issue 13).
REPORT_PDF_S = 3.0


def figure(value: float | None, unit: str, budget: float | None = None) -> dict:
    """Return one figure with its budget (an upper bound) and whether it holds.

    Parameters
    ----------
    value : float or None
        The measured value; None when it could not be measured.
    unit : str
        Unit of ``value`` and ``budget`` (``"ms"``, ``"s"``, ``"MB"``, ``"bytes"``).
    budget : float, optional
        The largest value within budget; None when issue 7 sets none.

    Returns
    -------
    dict
        ``value``, ``unit``, ``budget`` and ``within_budget`` (bool, or None
        when there is no budget or no value).
    """
    within = None if budget is None or value is None else bool(value <= budget)
    return {"value": value, "unit": unit, "budget": budget, "within_budget": within}


def verdict(fig: dict) -> str:
    """Return "within budget", "OVER BUDGET", "no budget" or "not measured"."""
    if fig["value"] is None:
        return "not measured"
    if fig["within_budget"] is None:
        return "no budget"
    return "within budget" if fig["within_budget"] else "OVER BUDGET"


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, int) or float(value).is_integer() and abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def lines(figures: dict[str, dict]) -> list[str]:
    """Return one printable line per figure: name, value, unit, budget, verdict."""
    width = max((len(name) for name in figures), default=0) + 2
    out = []
    for name, fig in figures.items():
        budget = f"budget <= {_number(fig['budget'])} {fig['unit']}" if fig["budget"] else ""
        out.append(
            f"  {name:<{width}}{_number(fig['value']):>14} {fig['unit']:<6}{budget:<30}"
            f"{verdict(fig)}"
        )
    return out


def collect(results: dict[str, dict]) -> list[dict]:
    """Return every figure of every benchmark result as one flat list.

    A result without ``figures`` but with a top-level ``within_budget`` (as
    ``build_time`` reports its wall time) gives one entry for it.

    Returns
    -------
    list of dict
        ``benchmark``, ``figure`` and the keys of :func:`figure`.
    """
    out = []
    for name, result in results.items():
        figures = result.get("figures")
        if figures is None and "within_budget" in result:
            figures = {"wall_s": figure(result.get("wall_s"), "s", result.get("budget_s"))}
        for key, fig in (figures or {}).items():
            out.append({"benchmark": name, "figure": key, **fig})
    return out
