"""The data service under load (issue 16): area statistics under 50 clients, a streamed CSV.

Starts ``python -m api`` (one uvicorn process, as deployed) on a free
loopback port over a build, then

1. **area statistics**: :data:`CLIENTS` concurrent clients (asyncio +
   httpx) each send :data:`REQUESTS_PER_CLIENT` requests for the figures of
   areas at every level (provinces, districts, subdistricts, villages of
   the build, in turn) under the default options, without ``If-None-Match``
   so every answer is computed and sent; latency per request, wall clock;
   reported as p50/p95/max and requests per second;
2. **streamed CSV**: every household of Udon Thani (41) as one CSV
   (``/api/households?area=41&format=csv``) with an analyst's token (names
   and IDs masked, so the masking is timed), read to the end; time, bytes,
   rows, and the server's peak resident memory (``VmHWM``) before and after.

Budgets (a decision of this work, not figures of the issue, which asks to
measure): p95 of the area statistics under 50 clients at most
:data:`budgets.API_STATS_P95_MS`; the CSV at most
:data:`budgets.EXPORT_S_PER_200K` per 200,000 rows (the export's budget),
and the server's peak memory growth during it at most
:data:`budgets.API_CSV_PEAK_GROWTH_MB`. Figures print; nothing asserts.

Usage::

    python -m benchmarks.api_load [--json] [--build-dir DIR] [--clients 50] [--requests 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import settings
from benchmarks import budgets

NAME = "api_load"
CLIENTS = 50
REQUESTS_PER_CLIENT = 20
CSV_AREA = "41"
READY_SECONDS = 240
ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _peak_rss_mb(pid: int) -> float | None:
    """Return the peak resident memory (VmHWM) of a process in MiB, or None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _area_codes(build_dir: Path) -> list[str]:
    """Return area codes of every level of the build, mixed (provinces first)."""
    from queries.figures import connect

    con = connect(build_dir)
    try:
        by_level = {
            level: [
                row[0]
                for row in con.execute(
                    f"SELECT DISTINCT {level}_code FROM village_profiles ORDER BY 1 LIMIT 200"
                ).fetchall()
            ]
            for level in ("province", "district", "subdistrict", "village")
        }
    finally:
        con.close()
    mixed = []
    for i in range(max(len(codes) for codes in by_level.values())):
        mixed += [codes[i] for codes in by_level.values() if i < len(codes)]
    return mixed


async def _load(url: str, codes: list[str], clients: int, requests: int) -> dict:
    """Run the clients; return latencies (ms), errors and wall seconds."""
    import httpx

    latencies: list[float] = []
    errors = 0

    async def client(number: int, http: httpx.AsyncClient) -> None:
        nonlocal errors
        for i in range(requests):
            code = codes[(number * requests + i) % len(codes)]
            start = time.perf_counter()
            response = await http.get(f"{url}areas/{code}")
            latencies.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                errors += 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        start = time.perf_counter()
        await asyncio.gather(*(client(n, http) for n in range(clients)))
        wall = time.perf_counter() - start
    return {"latencies": latencies, "errors": errors, "wall_s": wall}


def run(build_dir: Path, clients: int = CLIENTS, requests: int = REQUESTS_PER_CLIENT) -> dict:
    """Start the service on ``build_dir``, load it, stream the CSV; return the figures."""
    import httpx

    from access import tokens

    with tempfile.TemporaryDirectory(prefix="tpmap-api-bench-") as folder:
        audit = Path(folder) / "audit.sqlite"
        env = {
            **os.environ,
            "TPMAP_BUILD_DIR": str(build_dir),
            "TPMAP_AUDIT_DB": str(audit),
            "TPMAP_LOGBOOK_URL": os.environ.get(
                "TPMAP_LOGBOOK_URL", f"sqlite:///{Path(folder) / 'logbook.sqlite'}"
            ),
        }
        _, token = tokens.create(audit, "analyst", 1)
        port = _free_port()
        url = f"http://127.0.0.1:{port}/api/"
        process = subprocess.Popen(
            [sys.executable, "-m", "api", "--port", str(port), "--build-dir", str(build_dir)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + READY_SECONDS
            while True:
                if process.poll() is not None:
                    return {"benchmark": NAME, "exit_code": 1, "error": "python -m api ended"}
                try:
                    if httpx.get(url + "conformance", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    return {"benchmark": NAME, "exit_code": 1, "error": "no answer"}
                time.sleep(0.5)
            codes = _area_codes(build_dir)
            load = asyncio.run(_load(url, codes, clients, requests))

            peak_before = _peak_rss_mb(process.pid)
            rows = size = 0
            start = time.perf_counter()
            with httpx.stream(
                "GET",
                f"{url}households",
                params={"area": CSV_AREA, "format": "csv"},
                headers={"Authorization": f"Bearer {token}"},
                timeout=600,
            ) as response:
                status = response.status_code
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    rows += chunk.count(b"\n")
            csv_s = time.perf_counter() - start
            peak_after = _peak_rss_mb(process.pid)
            total_rows = int(response.headers.get("x-total-rows", "0"))
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    lat = load["latencies"]
    p50, p95 = _percentile(lat, 0.50), _percentile(lat, 0.95)
    growth = None if peak_before is None or peak_after is None else peak_after - peak_before
    per_200k = csv_s * 200_000 / total_rows if total_rows else None
    return {
        "benchmark": NAME,
        "clients": clients,
        "requests": len(lat),
        "areas": len(codes),
        "errors": load["errors"],
        "stats_p50_ms": round(p50, 1),
        "stats_p95_ms": round(p95, 1),
        "stats_max_ms": round(max(lat), 1),
        "stats_mean_ms": round(statistics.fmean(lat), 1),
        "requests_per_s": round(len(lat) / load["wall_s"], 1),
        "csv_status": status,
        "csv_area": CSV_AREA,
        "csv_rows": total_rows,
        "csv_lines": rows,
        "csv_mb": round(size / 1e6, 1),
        "csv_s": round(csv_s, 2),
        "server_peak_mb_before_csv": None if peak_before is None else round(peak_before),
        "server_peak_mb_after_csv": None if peak_after is None else round(peak_after),
        "figures": {
            "stats_p50_ms": budgets.figure(round(p50, 1), "ms"),
            "stats_p95_ms": budgets.figure(round(p95, 1), "ms", budgets.API_STATS_P95_MS),
            "csv_s_per_200k": budgets.figure(
                None if per_200k is None else round(per_200k, 2), "s", budgets.EXPORT_S_PER_200K
            ),
            "csv_peak_growth_mb": budgets.figure(
                None if growth is None else round(growth, 1),
                "MiB",
                budgets.API_CSV_PEAK_GROWTH_MB,
            ),
        },
    }


def report(result: dict) -> str:
    """Return the figures as printable lines, each with its budget."""
    if result.get("exit_code"):
        return f"data service load: could not run ({result.get('error')})"
    lines = [
        f"data service: {result['requests']:,} area-statistics requests from "
        f"{result['clients']} clients over {result['areas']} areas, {result['errors']} errors, "
        f"{result['requests_per_s']:,} requests/s; CSV of area {result['csv_area']}: "
        f"{result['csv_rows']:,} households, {result['csv_mb']} MB in {result['csv_s']} s "
        f"(HTTP {result['csv_status']}); server peak memory {result['server_peak_mb_before_csv']}"
        f" -> {result['server_peak_mb_after_csv']} MiB"
    ]
    return "\n".join(lines + budgets.lines(result["figures"]))


def main(argv: list[str] | None = None) -> int:
    """Measure the data service on an existing build (default ``TPMAP_BUILD_DIR``)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.api_load")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--build-dir", type=Path, default=None)
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--requests", type=int, default=REQUESTS_PER_CLIENT, help="per client")
    args = parser.parse_args(argv)
    build_dir = (args.build_dir or settings.build_dir()).resolve()
    if not (build_dir / "tpmap.duckdb").exists():
        print(f"error: no build at {build_dir}; run python -m data_loaders build", file=sys.stderr)
        return 1
    result = run(build_dir, args.clients, args.requests)
    print(json.dumps(result) if args.json else report(result))
    return int(result.get("exit_code", 0))


if __name__ == "__main__":
    sys.exit(main())
