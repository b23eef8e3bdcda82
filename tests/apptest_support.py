"""AppTest helper shared by the app tests and the app benchmark.

Every run of an AppTest of ``app.py`` starts at ``app.py`` (Streamlit 1.67
asks for the page the last run finished on, and ``app.py`` draws the
navigation and the sidebar before that page runs, as in a browser). An
earlier Streamlit needed a patch of AppTest's private page hash here; with
1.67 the AppTest files pass without it (issue 18).
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).parents[1] / "app.py")


def app_test(area: str | None = None, timeout: float = 180) -> AppTest:
    """Return an AppTest of ``app.py``.

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
    return at
