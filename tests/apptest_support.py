"""AppTest helper shared by the app tests and the app benchmark.

AppTest (Streamlit 1.67) re-runs only the default page's script, not
``app.py``, on every run after the first (checked with a three-line app):
it asks for the page the last run finished on, with a fresh page registry,
so the sidebar drawn by ``app.py`` vanishes. :func:`app_test` clears that
page hash before each run while no page was chosen with ``switch_page``, so
every run starts at ``app.py`` as in a browser.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).parents[1] / "app.py")


def app_test(area: str | None = None, timeout: float = 180) -> AppTest:
    """Return an AppTest of ``app.py`` whose runs all start at the entry point.

    Parameters
    ----------
    area : str, optional
        Area code put in the URL (``?area=``) before the first run.
    timeout : float
        Seconds allowed per run.
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    if area:
        at.query_params["area"] = area
    run = at._run

    def run_from_entrypoint(*args, **kwargs):
        if not at._page_hash:
            at._finished_page_script_hash = ""
        return run(*args, **kwargs)

    at._run = run_from_entrypoint
    return at
