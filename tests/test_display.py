"""The display layer (issue 18): one table of labels and one set of formats, without Streamlit.

Expected values are worked out by hand: B.E. = C.E. + 543 (DOMAIN.md §9),
Asia/Bangkok = UTC+7 with no daylight saving, Thai month abbreviations as in
official letters.
"""

from __future__ import annotations

import ast
import datetime as dt
import doctest
import importlib
import pkgutil
from pathlib import Path

import pandas as pd
import pytest

from display.formats import (
    bangkok_time,
    date_label,
    date_text,
    format_int,
    format_ratio,
    format_share,
    month_label,
    numeric_date_be,
    stamp_bilingual,
    thai_date,
)
from display.labels import LABELS, SAME_AS, area_name, check_lang, label

ROOT = Path(__file__).resolve().parents[1]
#: Where labels are asked for: the app through t(), the reports through label().
APP_SOURCES = [
    ROOT / "app.py",
    *(ROOT / "components").glob("*.py"),
    *(ROOT / "app_pages").glob("*.py"),
]
REPORT_SOURCES = list((ROOT / "reports").glob("*.py"))


def test_thousands_separators() -> None:
    assert format_int(0) == "0"
    assert format_int(999) == "999"
    assert format_int(1000) == "1,000"
    assert format_int(1234567.6) == "1,234,568"


def test_shares_in_thai_and_english() -> None:
    assert format_share(0.171234, "th") == "ร้อยละ 17.12"
    assert format_share(0.171234, "en") == "17.12%"
    assert format_share(12.5, "en", decimals=1) == "1,250.0%"
    assert format_share(0.5, "th", decimals=0) == "ร้อยละ 50"


def test_ratio_four_decimals() -> None:
    assert format_ratio(0.05326) == "0.0533"
    assert format_ratio(1) == "1.0000"


def test_buddhist_era_dates() -> None:
    day = dt.date(2026, 3, 27)
    assert date_label(day, "th") == "27 มี.ค. 2569"
    assert date_label("2026-03-27T23:59:00", "th") == "27 มี.ค. 2569"
    assert date_label(day, "en") == "27 Mar 2026"
    assert date_label(None, "th") == "" and date_label("", "en") == ""
    assert thai_date(dt.date(2026, 11, 25)) == "25 พฤศจิกายน 2569"
    assert date_text(dt.date(2026, 11, 25), "en") == "2026-11-25"
    assert numeric_date_be(dt.date(2026, 1, 5)) == "5/1/2569"


def test_month_labels() -> None:
    assert month_label(pd.Timestamp("2026-10-15"), "th") == "ต.ค. 2569"
    assert month_label(pd.Timestamp("2026-01-01"), "th") == "ม.ค. 2569"
    assert month_label(pd.Timestamp("2026-10-15"), "en") == "Oct 2026"


def test_bangkok_time_across_midnight_utc() -> None:
    # 31 Dec 2025 18:30 UTC is 1 Jan 2026 01:30 in Bangkok: day, month and year all move.
    moment = dt.datetime(2025, 12, 31, 18, 30, tzinfo=dt.UTC)
    assert bangkok_time(moment, "th") == "1 ม.ค. 2569 01:30 น."
    assert bangkok_time(moment, "en") == "1 Jan 2026 01:30"
    # Naive moments and ISO text without an offset are UTC.
    assert bangkok_time(dt.datetime(2025, 12, 31, 18, 30), "th") == "1 ม.ค. 2569 01:30 น."
    assert bangkok_time("2025-12-31T18:30:00", "en") == "1 Jan 2026 01:30"
    # An offset in the text is honoured: 09:00 at UTC+9 is 07:00 in Bangkok.
    assert bangkok_time("2026-11-30T09:00:00+09:00", "en") == "30 Nov 2026 07:00"
    # Just before midnight UTC stays on the same Bangkok day (16:59 + 7 h = 23:59).
    assert (
        bangkok_time(dt.datetime(2026, 11, 30, 16, 59, tzinfo=dt.UTC), "en") == "30 Nov 2026 23:59"
    )
    assert stamp_bilingual(moment) == "1 ม.ค. 2569 01:30 น. (2025-12-31T18:30:00Z)"


def test_every_label_has_thai_and_english() -> None:
    for key, texts in LABELS.items():
        assert isinstance(texts, tuple) and len(texts) == 2, key
        thai, english = texts
        assert thai.strip() and english.strip(), key


def test_no_label_key_written_twice() -> None:
    """A key written twice in the table literal would silently keep the last text."""
    tree = ast.parse((ROOT / "display" / "labels.py").read_text(encoding="utf-8"))
    table = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "LABELS"
    )
    keys = [k.value for k in table.keys if isinstance(k, ast.Constant)]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)


def test_no_text_written_under_two_keys() -> None:
    """One text, one key: a second key naming the same thing goes through SAME_AS."""
    keys_by_text: dict[tuple[str, str], list[str]] = {}
    for key, texts in LABELS.items():
        keys_by_text.setdefault(texts, []).append(key)
    assert [keys for keys in keys_by_text.values() if len(keys) > 1] == []
    # every alias names a key with a text, and no alias is also a key of its own
    assert set(SAME_AS.values()) <= set(LABELS)
    assert not set(SAME_AS) & set(LABELS)
    assert label("lb_col_village_code", "th") == "หมู่บ้าน" == label("village", "th")
    assert label("export_download", "en", name="a.csv") == "Download a.csv"


def test_unified_wording() -> None:
    assert label("card_holders", "en") == "Welfare-card holders"
    assert label("card_holders", "th") == "ผู้ถือบัตรสวัสดิการ"
    assert label("progress_by_dimension", "th") == "การช่วยเหลือตามมิติที่แก้"


def test_label_fills_values_and_names_areas() -> None:
    assert label("page", "en", n=3) == "Page 3"
    assert label("progress_by_child", "th", child="อำเภอ") == "ความก้าวหน้ารายอำเภอ"
    assert area_name("อุดรธานี", "Udon Thani", "province", "th") == "จ.อุดรธานี"
    assert area_name("อุดรธานี", "Udon Thani", "province", "th", with_prefix=False) == "อุดรธานี"
    assert area_name("อุดรธานี", "", "province", "en") == "อุดรธานี"
    with pytest.raises(KeyError):
        label("no_such_label", "th")
    with pytest.raises(ValueError, match="language"):
        check_lang("fr")


def _literal_keys(paths: list[Path], function: str) -> set[tuple[str, str]]:
    """Return (file, key) of every ``function("key", ...)`` call with a literal key."""
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == function
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add((path.name, node.args[0].value))
    return found


@pytest.mark.parametrize(
    ("paths", "function", "at_least"),
    [(APP_SOURCES, "t", 300), (REPORT_SOURCES, "label", 60)],
    ids=["app-t", "reports-label"],
)
def test_callers_keys_resolve(paths: list[Path], function: str, at_least: int) -> None:
    calls = _literal_keys(paths, function)
    assert len({key for _, key in calls}) >= at_least  # the scan does find the callers
    missing = sorted((name, key) for name, key in calls if key not in LABELS and key not in SAME_AS)
    assert missing == []


def test_display_has_no_streamlit_and_reports_no_components() -> None:
    # display/labels.py may name Streamlit (its own texts, issue 20); it must not import it.
    for path in (ROOT / "display").glob("*.py"):
        modules = _imported_modules(path)
        assert not any(m.split(".")[0] == "streamlit" for m in modules), path.name
    for path in REPORT_SOURCES:
        modules = _imported_modules(path)
        assert not any(m == "components" or m.startswith("components.") for m in modules), path.name


def _imported_modules(path: Path) -> set[str]:
    """Return the modules a Python file imports (``import x`` and ``from x import y``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = list(ast.walk(tree))
    plain = {alias.name for node in nodes if isinstance(node, ast.Import) for alias in node.names}
    return plain | {node.module or "" for node in nodes if isinstance(node, ast.ImportFrom)}


@pytest.mark.parametrize("package", ["display", "components", "reports"])
def test_every_module_imports(package: str) -> None:
    """A module still naming a removed one (``components.style``, ``reports.labels``) fails here."""
    root = importlib.import_module(package)
    for module in pkgutil.iter_modules(root.__path__):
        importlib.import_module(f"{package}.{module.name}")


@pytest.mark.parametrize("module", ["display.labels", "display.formats"])
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), verbose=False)
    assert result.attempted > 0 and result.failed == 0, result
