"""Take a full-page screenshot of a running Streamlit app in headless Chromium.

Usage::

    python scripts/screenshot.py URL OUT.png [--wait-for CSS]
        [--width 1400] [--height 1000] [--timeout 60]

Waits until Streamlit has finished running the script (and the "Running..."
widget is gone), then, if ``--wait-for`` is given, until an element matching
that CSS selector is visible in the page or in one of its iframes (maps drawn
by ``st_folium`` live in an iframe). Uses the same Chromium launcher as the
browser tests (``tests/browser_support.py``).

Exit codes: 0 written, 1 the page or selector did not come in time, 2 no browser.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from browser_support import (  # noqa: E402
    browser_available,
    launch_chromium,
    wait_for_selector_in_frames,
    wait_for_streamlit,
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="page to open, e.g. http://127.0.0.1:8501/?area=41")
    parser.add_argument("out", type=Path, help="PNG file to write")
    parser.add_argument("--wait-for", metavar="CSS", help="also wait for this selector")
    parser.add_argument("--width", type=int, default=1400, help="viewport width, px")
    parser.add_argument("--height", type=int, default=1000, help="viewport height, px")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds for each wait")
    parser.add_argument("--settle", type=float, default=4.0, help="final wait for charts, s")
    return parser.parse_args(argv)


def take_screenshot(
    url: str,
    out: Path,
    *,
    wait_for: str | None = None,
    width: int = 1400,
    height: int = 1000,
    timeout: float = 60.0,
    settle: float = 4.0,
) -> Path:
    """Open ``url``, wait for Streamlit to settle and save a full-page PNG.

    Parameters
    ----------
    url
        Address of the running app.
    out
        PNG path; parent folders are created.
    wait_for
        Optional CSS selector that must be visible before the shot.
    width, height
        Viewport size in CSS pixels.
    timeout
        Upper bound in seconds for loading and for each wait.
    settle
        Seconds to wait at the end, for lazily loaded charts, tables and
        WebGL maps to draw.

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    playwright.sync_api.TimeoutError, TimeoutError
        The page or the selector did not come within ``timeout`` seconds.
    """
    from playwright.sync_api import sync_playwright

    out.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
            wait_for_streamlit(page, timeout=timeout)
            if wait_for:
                wait_for_selector_in_frames(page, wait_for, timeout=timeout)
            page.wait_for_timeout(settle * 1000)
            page.screenshot(path=str(out), full_page=True)
        finally:
            browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = parse_args(argv)
    if not browser_available():
        print("no browser: apt-get install chromium, and pip install playwright", file=sys.stderr)
        return 2
    try:
        take_screenshot(
            args.url,
            args.out,
            wait_for=args.wait_for,
            settle=args.settle,
            width=args.width,
            height=args.height,
            timeout=args.timeout,
        )
    except Exception as error:  # the Playwright TimeoutError or ours
        print(f"screenshot failed: {error}", file=sys.stderr)
        return 1
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
