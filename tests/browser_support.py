"""Helpers for the end-to-end browser tests and ``scripts/screenshot.py``.

Not a test module. Tests import it as ``from browser_support import ...`` (pytest
puts ``tests/`` on ``sys.path`` because the folder has no ``__init__.py``);
``scripts/screenshot.py`` adds ``tests/`` to ``sys.path`` itself.

The browser is Debian's Chromium at ``/usr/bin/chromium`` driven by Playwright's
Python package; Playwright never downloads a browser of its own here.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_PATH = "/usr/bin/chromium"
#: Flags for Chromium as root on a machine with no outside network: without the
#: background-networking flags it keeps trying (and failing) to reach Google.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
HEALTH_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
#: The app root carries the script run state (Streamlit 1.67's frontend):
#: "initial" before the first run, "running", then "notRunning" when it is done.
APP_IDLE = (
    '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
    ':is([data-test-script-state="notRunning"], [data-test-script-state="compilationError"])'
)
#: The "Running..." widget in the top bar, hidden once a run is over.
STATUS_WIDGET = '[data-testid="stStatusWidget"]'


def browser_available() -> bool:
    """Return whether Debian's Chromium and Playwright's Python package are present.

    Returns
    -------
    bool
        True when ``/usr/bin/chromium`` is an executable file and ``playwright``
        imports.
    """
    if not os.access(CHROMIUM_PATH, os.X_OK):
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def require_browser_or_skip() -> None:
    """Skip the calling test when no browser is available, or fail under CI.

    With ``REQUIRE_BROWSER=1`` in the environment (set by ``.ci/run``) a missing
    browser is an error, so the browser tests cannot silently vanish from CI.

    Raises
    ------
    pytest.skip.Exception
        No browser, and ``REQUIRE_BROWSER`` is not ``1``.
    pytest.fail.Exception
        No browser, and ``REQUIRE_BROWSER=1``.
    """
    import pytest

    if browser_available():
        return
    message = (
        f"no browser: needs Debian's chromium at {CHROMIUM_PATH} "
        "(apt-get install chromium) and the playwright Python package"
    )
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {message}", pytrace=False)
    pytest.skip(message)


def launch_chromium(playwright: Any, **launch_options: Any) -> Any:
    """Launch headless Debian Chromium through Playwright.

    Parameters
    ----------
    playwright
        The object from ``playwright.sync_api.sync_playwright().start()`` or the
        ``with sync_playwright() as playwright`` block.
    **launch_options
        Extra keyword arguments for ``BrowserType.launch`` (e.g. ``timeout``).

    Returns
    -------
    playwright.sync_api.Browser
        The browser; close it with ``browser.close()``.
    """
    return playwright.chromium.launch(
        executable_path=CHROMIUM_PATH, args=list(CHROMIUM_ARGS), **launch_options
    )


def wait_for_streamlit(page: Any, timeout: float = HEALTH_TIMEOUT_S) -> None:
    """Wait until the Streamlit page in ``page`` has finished its script run.

    Waits for the app root to report a connected session and a finished run,
    then for the "Running..." status widget to be gone, then (briefly, best
    effort) for network idle so component iframes such as maps load.

    Parameters
    ----------
    page
        A Playwright ``Page`` that has navigated to the app.
    timeout
        Upper bound in seconds for the run to finish.

    Raises
    ------
    playwright.sync_api.TimeoutError
        The app did not finish within ``timeout`` seconds.
    """
    timeout_ms = timeout * 1000
    page.wait_for_selector(APP_IDLE, state="attached", timeout=timeout_ms)
    page.wait_for_selector(STATUS_WIDGET, state="hidden", timeout=timeout_ms)
    try:
        page.wait_for_load_state("networkidle", timeout=min(timeout_ms, 10_000))
    except Exception:  # idle is a nicety: a long poll must not fail the wait
        pass


def wait_for_selector_in_frames(page: Any, css: str, timeout: float) -> Any:
    """Wait for a visible element matching ``css`` in the page or any iframe.

    Streamlit components (``st_folium``, ``components.html``) draw inside
    iframes, where ``page.wait_for_selector`` does not look.

    Parameters
    ----------
    page
        A Playwright ``Page``.
    css
        CSS selector, e.g. ``".leaflet-container"``.
    timeout
        Upper bound in seconds.

    Returns
    -------
    playwright.sync_api.Frame
        The frame that holds the element.

    Raises
    ------
    TimeoutError
        No frame showed a visible match within ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        for frame in page.frames:
            try:
                handle = frame.query_selector(css)
                if handle is not None and handle.is_visible():
                    return frame
            except Exception:  # a frame may detach while we look
                continue
        if time.monotonic() >= deadline:
            raise TimeoutError(f"no visible element matches {css!r} after {timeout:.0f} s")
        page.wait_for_timeout(200)


def colour_pixel_counts(
    png: bytes, colours: dict[str, tuple[int, int, int]], tolerance: int = 12
) -> dict[str, int]:
    """Count the pixels of a PNG image close to each of some RGB colours.

    Used to check that a WebGL map (deck.gl draws into a canvas, with no DOM
    element per point) really drew points of the expected colours.

    Parameters
    ----------
    png
        PNG image bytes, e.g. from ``locator.screenshot()``.
    colours
        Name → (r, g, b), 0–255.
    tolerance
        Largest difference per channel for a pixel to count as that colour
        (anti-aliased edges are off by a few units).

    Returns
    -------
    dict[str, int]
        Name → number of pixels within ``tolerance`` of that colour.
    """
    import io

    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)
    return {
        name: int((np.abs(pixels - np.array(rgb, dtype=np.int16)).max(axis=2) <= tolerance).sum())
        for name, rgb in colours.items()
    }


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _streamlit_command() -> list[str]:
    venv_streamlit = PROJECT_ROOT / ".venv" / "bin" / "streamlit"
    if venv_streamlit.exists():
        return [str(venv_streamlit)]
    found = shutil.which("streamlit")
    return [found] if found else [sys.executable, "-m", "streamlit"]


def _stop(process: subprocess.Popen) -> None:
    """Terminate the process group of ``process`` (Streamlit and its children)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT_S)
    except ProcessLookupError:
        pass


@contextmanager
def running_app(
    build_dir: Path,
    port: int | None = None,
    *,
    app_path: Path | None = None,
    timeout: float = HEALTH_TIMEOUT_S,
    command: list[str] | None = None,
    extra_args: list[str] | tuple[str, ...] = (),
) -> Iterator[str]:
    """Run the Streamlit app in a subprocess for the duration of a ``with`` block.

    Parameters
    ----------
    build_dir
        Build folder the app reads (passed as ``TPMAP_BUILD_DIR``).
    port
        Port to listen on, 127.0.0.1; a free one when ``None``.
    app_path
        Script to run; ``serve.py`` (``app.py`` behind the media guard) when ``None``.
    timeout
        Seconds to wait for ``/_stcore/health`` to answer ``ok``.
    command
        What to start instead of the ``streamlit`` executable, followed by the
        same ``run app.py ...`` arguments (e.g. a profiling launcher).
    extra_args
        More ``streamlit run`` options, e.g. ``("--secrets.files", path)``.

    Yields
    ------
    str
        The base URL, e.g. ``"http://127.0.0.1:8765"`` (no trailing slash).

    Raises
    ------
    RuntimeError
        The server exited or was not healthy within ``timeout`` seconds; the
        message carries the end of its output.
    """
    port = port or free_port()
    script = Path(app_path) if app_path else PROJECT_ROOT / "serve.py"
    command = [
        *(command or _streamlit_command()),
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        *extra_args,
    ]
    env = {**os.environ, "TPMAP_BUILD_DIR": str(build_dir)}
    base_url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile(mode="w+b") as log:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: stop it and its children
        )
        try:
            _wait_healthy(process, f"{base_url}/_stcore/health", timeout, log)
            yield base_url
        finally:
            _stop(process)


def _wait_healthy(process: subprocess.Popen, url: str, timeout: float, log: Any) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with code {process.returncode} before it was healthy:\n"
                + _tail(log)
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"streamlit not healthy at {url} after {timeout:.0f} s:\n" + _tail(log))


#: The server's readiness probe (``serve.py``): 200 once its caches are warm.
READY_PATH = "/_tpmap/ready"


def wait_ready(base_url: str, timeout: float = 300.0) -> dict:
    """Wait until the server's warm-up is over; return its figures.

    Polls ``READY_PATH`` (``serve.py``'s readiness probe) every 0.25 s.

    Returns
    -------
    dict
        The probe's JSON (``ready``, ``seconds``, ``areas``, and ``error``
        when the warm-up failed), plus ``waited_s`` (seconds waited here).

    Raises
    ------
    RuntimeError
        The probe did not answer 200 within ``timeout`` seconds.
    """
    import json

    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        try:
            with urllib.request.urlopen(base_url + READY_PATH, timeout=2) as response:
                body = json.loads(response.read())
                return {**body, "waited_s": round(time.monotonic() - t0, 3)}
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # 503 (HTTPError is a URLError) until the warm-up is over
        time.sleep(0.25)
    raise RuntimeError(f"{base_url}{READY_PATH} not ready after {timeout:.0f} s")


def _tail(log: Any, size: int = 4000) -> str:
    log.flush()
    log.seek(0, os.SEEK_END)
    log.seek(max(0, log.tell() - size))
    return log.read().decode("utf-8", errors="replace")


def sign_in_through_form(page: Any, base_url: str, username: str, password: str, path: str) -> None:
    """Open ``path`` signed out, sign in on the ``/signin`` form, and wait for the app.

    The app sends a browser without a session to ``/signin?next=<path>``;
    after the form it returns to ``path`` (``server.web``).

    Parameters
    ----------
    page
        A Playwright ``Page``.
    base_url
        From :func:`running_app` (the app started with ``serve.py``).
    username, password
        A user of the users file and its password.
    path
        The page and query asked for, e.g. ``"/households?area=4101"``.

    Raises
    ------
    playwright.sync_api.TimeoutError
        The form or the app did not come.
    """
    page.goto(base_url + path)
    page.wait_for_selector("form[action='/signin'] #username", timeout=30_000)
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#signin")
    wait_for_streamlit(page)
