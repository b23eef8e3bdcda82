"""The session's language for the labels of :mod:`display.labels`.

``t("key")`` returns the label in the session's language: a thin wrapper
that adds the language choice (``st.session_state["lang"]``) and calls
:func:`display.labels.label`, the one table of text (issue 18).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from display import labels
from display.labels import LABELS, LANGUAGES

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "LABELS",
    "LANGUAGES",
    "area_label",
    "area_labels",
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


def area_labels(frame: pd.DataFrame, level: str, with_prefix: bool = True) -> list[str]:
    """Return the names of a frame's areas as :func:`area_label` writes them, one per row, in order.

    ``frame`` has the Thai and English names in ``name_th`` and ``name_en``;
    all its areas are of ``level``. The session language is read once (a
    table of areas is labelled on every view).
    """
    code = lang()
    return [
        labels.area_name(name_th, name_en, level, code, with_prefix)
        for name_th, name_en in zip(
            frame["name_th"].tolist(), frame["name_en"].tolist(), strict=True
        )
    ]


def dimension_name(code: str) -> str:
    """Return a dimension's name in the session language."""
    return labels.dimension_name(code, lang())


def indicator_name(code: str) -> str:
    """Return an indicator's short label in the session language."""
    return labels.indicator_name(code, lang())


def level_name(level: str) -> str:
    """Return the name of an area level (province, district …)."""
    return t(level)
