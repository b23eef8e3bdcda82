"""Skip the PDF-report tests locally when no Thai font is installed; require one under CI.

The PDF reports embed a Thai font found by :func:`reports.fonts.find_thai_font`
(Debian ``fonts-noto-core`` or ``fonts-thai-tlwg``). Like the browser tests
(:func:`browser_support.require_browser_or_skip`), a test that writes a PDF is
skipped with the reason when the font is missing, unless ``REQUIRE_BROWSER=1``
(set by ``.ci/run``, which installs the fonts): then a missing font fails it.
"""

from __future__ import annotations

import os


def require_thai_font_or_skip() -> None:
    """Skip the calling test when no Thai font is installed, or fail under CI.

    Raises
    ------
    pytest.skip.Exception
        No Thai font, and ``REQUIRE_BROWSER`` is not ``1``; the reason is the
        message of :class:`reports.fonts.ThaiFontMissingError` (the folders
        searched and the Debian packages to install).
    pytest.fail.Exception
        No Thai font, and ``REQUIRE_BROWSER=1``.
    """
    import pytest

    from reports.fonts import ThaiFontMissingError, find_thai_font

    try:
        find_thai_font()
    except ThaiFontMissingError as exc:
        message = f"PDF reports need a Thai font: {exc}"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}", pytrace=False)
        pytest.skip(message)
