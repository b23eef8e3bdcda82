"""The session's language for the labels of :mod:`display.labels`.

``t("key")`` returns the label in the session's language: a thin wrapper
that adds the language choice (``st.session_state["lang"]``) and calls
:func:`display.labels.label`, the one table of text (issue 18).
"""

from __future__ import annotations

import streamlit as st

from display import labels
from display.labels import LABELS, LANGUAGES

__all__ = [
    "LABELS",
    "LANGUAGES",
    "area_label",
    "dimension_name",
    "indicator_name",
    "lang",
    "level_name",
    "t",
]


def lang() -> str:
    """Return the session's language code ("th" default, or "en")."""
    value = st.session_state.get("lang", "th")
    return value if value in LANGUAGES else "th"


def t(key: str, **values: object) -> str:
    """Return the label ``key`` in the session's language, formatted with ``values``.

    Raises
    ------
    KeyError
        If the key is not in :data:`display.labels.LABELS` or
        :data:`display.labels.SAME_AS` (a missing label is a bug).
    """
    return labels.label(key, lang(), **values)


def area_label(name_th: str, name_en: str, level: str, with_prefix: bool = True) -> str:
    """Return an area's name in the session language, with จ./อ./ต. in Thai."""
    return labels.area_name(name_th, name_en, level, lang(), with_prefix)


def dimension_name(code: str) -> str:
    """Return a dimension's name in the session language."""
    return labels.dimension_name(code, lang())


def indicator_name(code: str) -> str:
    """Return an indicator's short label in the session language."""
    return labels.indicator_name(code, lang())


def level_name(level: str) -> str:
    """Return the name of an area level (province, district …)."""
    return t(level)
