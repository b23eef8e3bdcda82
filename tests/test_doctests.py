"""The Examples sections of the public docstrings of poverty/ run and give the values shown."""

from __future__ import annotations

import doctest

import pytest

from poverty import indicators, measures, targets


@pytest.mark.parametrize("module", [indicators, measures, targets], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.attempted > 0, f"no examples in {module.__name__}"
    assert result.failed == 0, f"{result.failed} example(s) of {module.__name__} failed (above)"
