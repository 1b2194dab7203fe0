"""The examples in the docstrings of halllayout.rules run and hold."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from halllayout.rules import access, geometry, placement

MODULES = [access, geometry, placement]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
