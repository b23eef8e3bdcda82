"""The skip/require rule of the PDF tests (tests/font_support.py) with and without a Thai font."""

from __future__ import annotations

import pytest

from font_support import require_thai_font_or_skip
from reports import fonts


@pytest.fixture
def font_dir(monkeypatch, tmp_path):
    """An empty font folder as the only place searched; the font cache cleared around the test."""
    monkeypatch.setattr(fonts, "FONT_DIRS", (tmp_path,))
    monkeypatch.delenv("TPMAP_FONT_DIRS", raising=False)
    fonts.find_thai_font.cache_clear()
    yield tmp_path
    fonts.find_thai_font.cache_clear()


def test_no_thai_font_skips_locally_with_the_packages_to_install(font_dir, monkeypatch):
    monkeypatch.delenv("REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="fonts-noto-core") as info:
        require_thai_font_or_skip()
    assert str(font_dir) in str(info.value)


def test_no_thai_font_fails_under_ci(font_dir, monkeypatch):
    monkeypatch.setenv("REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_BROWSER=1 but PDF reports need"):
        require_thai_font_or_skip()


@pytest.mark.parametrize("require", ["0", "1"])
def test_a_thai_font_runs_the_test_in_both_modes(font_dir, monkeypatch, require):
    # find_thai_font matches file names; Loma needs no separate Latin font.
    (font_dir / "Loma.ttf").write_bytes(b"")
    monkeypatch.setenv("REQUIRE_BROWSER", require)
    assert require_thai_font_or_skip() is None
    assert fonts.find_thai_font().family == "Loma"
