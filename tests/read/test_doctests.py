"""The examples in the docstrings of halllayout.read run and hold."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from halllayout.read import (
    booth_csv,
    booth_json,
    booths,
    column_grid,
    encoding,
    fields,
    geometry,
    hall_dxf,
    halls,
    header,
    layout_json,
    problems,
    rows,
)

MODULES = [
    booth_csv,
    booth_json,
    booths,
    column_grid,
    encoding,
    fields,
    geometry,
    hall_dxf,
    halls,
    header,
    layout_json,
    problems,
    rows,
]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
