"""Run a benchmark script in a fresh interpreter on a build (cold caches, as after a restart).

The app benchmarks drive the app with Streamlit's AppTest; a fresh process
keeps Streamlit's runtime and caches out of the benchmark process, and
starts from cold caches like a server after a restart.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_script(script: str, build_dir: Path, *args: str, timeout: float = 900) -> dict:
    """Run ``script`` with ``python -c`` on the build; return the last JSON line it printed.

    The child gets ``TPMAP_BUILD_DIR`` = ``build_dir``, sign-in off (a local
    national user: the benchmarks time pages, not the password check), an
    audit log in a temporary folder, the project on ``PYTHONPATH`` and
    ``tests/`` (for ``apptest_support``) as ``sys.argv[1]``, then ``args``.

    Returns
    -------
    dict
        The last stdout line starting with ``{``, parsed; or ``{"error": …}``
        with the end of stderr when there is none.
    """
    with tempfile.TemporaryDirectory(prefix="tpmap-bench-audit-") as folder:
        env = {
            **os.environ,
            "TPMAP_BUILD_DIR": str(build_dir),
            "PYTHONPATH": str(ROOT),
            "TPMAP_AUTH": "off",
            "TPMAP_AUDIT_DB": str(Path(folder) / "audit.sqlite"),
        }
        out = subprocess.run(
            [sys.executable, "-c", script, str(ROOT / "tests"), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=timeout,
        )
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {"error": out.stderr[-2000:]}
