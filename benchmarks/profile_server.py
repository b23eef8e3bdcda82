"""Run the Streamlit server with every script run profiled by pyinstrument.

Usage::

    python -m benchmarks.profile_server OUT_PREFIX -- run app.py [streamlit options]

Works like ``streamlit run`` (the arguments after ``--`` are Streamlit's),
with each script run (one per rerun of a session, in its own thread) timed
and sampled by its own pyinstrument profiler, and the server's event-loop
thread (websockets, message serialisation) sampled as a whole. On SIGUSR1,
and when the server stops (SIGTERM or Ctrl-C), it writes:

- ``OUT_PREFIX.top.txt``: where the script runs' time goes, summed over all
  runs and threads: inclusive wall time per function of this project, and
  the time of the innermost frames by library (or built-in, e.g.
  ``lock.acquire``);
- ``OUT_PREFIX.runs.txt``: the script runs of all sessions as call trees
  (one per thread), and ``OUT_PREFIX.runs.pyisession`` to load into
  pyinstrument (``pyinstrument --load FILE -r html``);
- ``OUT_PREFIX.loop.txt``: the event-loop thread;
- ``OUT_PREFIX.json``: the number of runs and their wall time p50/p95/max
  (server side, from the start to the end of a run).

Used by ``python -m benchmarks.load_test --profile OUT_PREFIX``.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import numpy as np

INTERVAL_S = 0.005
_PROJECT = str(Path(__file__).resolve().parents[1]) + "/"


def install(out_prefix: str) -> None:
    """Patch Streamlit's script runner to profile every run; write the reports at exit.

    Parameters
    ----------
    out_prefix : str
        Path prefix of the three report files (see the module docstring).
    """
    from pyinstrument import Profiler
    from pyinstrument.renderers import ConsoleRenderer
    from pyinstrument.session import Session
    from streamlit.runtime.scriptrunner import script_runner

    lock = threading.Lock()
    sessions: list[Session] = []
    durations: list[float] = []
    original = script_runner.ScriptRunner._run_script

    def profiled_run(self, rerun_data) -> None:
        profiler = Profiler(interval=INTERVAL_S)
        start = time.perf_counter()
        profiler.start()
        try:
            original(self, rerun_data)
        finally:
            profiler.stop()
            with lock:
                durations.append(time.perf_counter() - start)
                if profiler.last_session is not None:
                    sessions.append(profiler.last_session)

    script_runner.ScriptRunner._run_script = profiled_run
    loop_profiler = Profiler(interval=INTERVAL_S)
    loop_profiler.start()

    written = threading.Event()

    def write_reports(*_signal) -> None:
        if written.is_set():  # on SIGUSR1 already: do not redo it while the server stops
            return
        written.set()
        if loop_profiler.is_running:
            loop_profiler.stop()
        renderer = ConsoleRenderer(unicode=True, show_all=False, short_mode=False)
        with lock:
            runs, seconds = list(sessions), list(durations)
        if runs:
            combined = runs[0]
            for session in runs[1:]:
                combined = Session.combine(combined, session)
            combined.save(f"{out_prefix}.runs.pyisession")  # pyinstrument --load FILE -r html
            _write(f"{out_prefix}.top.txt", summarise(combined))
            _write(f"{out_prefix}.runs.txt", renderer.render(combined))
        if loop_profiler.last_session is not None:
            _write(f"{out_prefix}.loop.txt", renderer.render(loop_profiler.last_session))
        figures: dict = {"runs": len(seconds)}
        if seconds:
            values = np.asarray(seconds)
            figures.update(
                {
                    "run_p50_s": round(float(np.percentile(values, 50)), 3),
                    "run_p95_s": round(float(np.percentile(values, 95)), 3),
                    "run_max_s": round(float(values.max()), 3),
                    "run_total_s": round(float(values.sum()), 1),
                }
            )
        # Written last: its presence says the reports are done.
        _write(f"{out_prefix}.json", json.dumps(figures))

    atexit.register(write_reports)
    signal.signal(signal.SIGUSR1, write_reports)


def summarise(session, top: int = 25) -> str:
    """Return where a pyinstrument session's wall time goes, as two plain-text tables.

    Parameters
    ----------
    session : pyinstrument.session.Session
        Samples of one or more threads.
    top : int
        Rows per table.

    Returns
    -------
    str
        Inclusive seconds per function of this project (files under the
        project, not ``.venv``), and seconds of the innermost frame of each
        sample by library (the folder under ``site-packages``) or built-in.
    """
    inclusive: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    for stack, seconds in session.frame_records:
        own = set()
        for frame in stack:
            function, path = frame.split("\x00")[:2]
            if path.startswith(_PROJECT) and "/.venv/" not in path and path != __file__:
                own.add(f"{path[len(_PROJECT) :]}:{function}")
        for name in own:
            inclusive[name] += seconds
        function, path = stack[-1].split("\x00")[:2] if stack else ("?", "?")
        if "site-packages/" in path:
            leaves[path.split("site-packages/")[1].split("/")[0]] += seconds
        elif path.startswith(_PROJECT):
            leaves["(this project)"] += seconds
        else:
            leaves[f"{function} ({path})"] += seconds
    total = sum(seconds for _stack, seconds in session.frame_records)
    lines = [f"{total:.1f} s of script runs sampled", "", "inclusive s  share  function"]
    lines += [f"{v:11.1f}  {v / total:5.0%}  {k}" for k, v in inclusive.most_common(top)]
    lines += ["", "innermost frame s  share  library or built-in"]
    lines += [f"{v:17.1f}  {v / total:5.0%}  {k}" for k, v in leaves.most_common(top)]
    return "\n".join(lines) + "\n"


def _write(path: str, text: str) -> None:
    """Write a file whole: into a side file, then renamed into place."""
    with open(f"{path}.part", "w") as out:
        out.write(text)
    os.replace(f"{path}.part", path)


def main(argv: list[str] | None = None) -> None:
    """Install the profiler and hand the rest of the command line to Streamlit."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) < 3 or argv[1] != "--":
        sys.exit("usage: python -m benchmarks.profile_server OUT_PREFIX -- run app.py [...]")
    install(argv[0])
    from streamlit.web import cli

    sys.argv = ["streamlit", *argv[2:]]
    cli.main(prog_name="streamlit", standalone_mode=False)


if __name__ == "__main__":
    main()
