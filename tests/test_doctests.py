"""The Examples sections of the public docstrings of poverty/ (and the suggestion rules) run."""

from __future__ import annotations

import doctest

import pytest

from logbook import suggest
from poverty import indicators, measures, scenario, targets


@pytest.mark.parametrize(
    "module", [indicators, measures, targets, scenario, suggest], ids=lambda m: m.__name__
)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.attempted > 0, f"no examples in {module.__name__}"
    assert result.failed == 0, f"{result.failed} example(s) of {module.__name__} failed (above)"
