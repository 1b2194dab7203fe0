"""halllayout.errors: the engine's errors keep their message and fields across a process boundary."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from halllayout.errors import InputError, InputErrors, ModelRefused
from halllayout.read import read_booth_list
from tests.conftest import DATA


def test_an_input_error_pickles_with_its_message_and_fields() -> None:
    error = InputError("booths.csv", "expected a number, got 'abc'", row=4, column="width")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is InputError
    assert str(copy) == "booths.csv row 4, column width: expected a number, got 'abc'"
    assert (copy.source, copy.row, copy.column, copy.field) == ("booths.csv", 4, "width", None)


def test_several_errors_and_a_refused_model_pickle_too() -> None:
    errors = InputErrors([InputError("a.csv", "bad", row=2), InputError("a.csv", "worse", row=3)])
    copy = pickle.loads(pickle.dumps(errors))
    assert str(copy) == str(errors) and [str(p) for p in copy.problems] == [str(p) for p in errors.problems]
    refused = pickle.loads(pickle.dumps(ModelRefused("chair.glb", "not a glTF file")))
    assert type(refused) is ModelRefused and str(refused) == "chair.glb: not a glTF file"


def _read(path: Path) -> int:
    return len(read_booth_list(path))


def test_a_bad_list_read_in_a_worker_process_comes_back_as_the_error() -> None:
    # before, unpickling it in the parent failed (InputError takes the source and message apart), and
    # the pool broke with BrokenProcessPool instead
    with ProcessPoolExecutor(1) as pool, pytest.raises(InputErrors) as raised:
        pool.submit(_read, DATA / "booths" / "bad" / "bad-numbers.csv").result()
    assert "bad-numbers.csv row" in str(raised.value)
