"""The examples in the docstrings of halllayout.layout run and hold."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from halllayout.layout import (
    caps,
    free_floor,
    groups,
    incremental,
    numbering,
    open_floor,
    placement,
    queue,
    regroup,
    site,
)


@pytest.mark.parametrize(
    "module",
    [caps, free_floor, groups, incremental, numbering, open_floor, placement, queue, regroup, site],
    ids=lambda m: m.__name__,
)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
