"""Collecting every problem of an input in one pass, so the user can fix them all at once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ParamSpec, TypeVar

from halllayout.errors import InputError, InputErrors

_T = TypeVar("_T")
_P = ParamSpec("_P")


def raise_problems(problems: Iterable[InputError]) -> None:
    """Raise nothing for no problem, the InputError itself for one, InputErrors for several.

    >>> raise_problems([])
    >>> raise_problems([InputError("a.csv", "one", row=2)])
    Traceback (most recent call last):
    ...
    halllayout.errors.InputError: a.csv row 2: one
    >>> raise_problems([InputError("a.csv", "one", row=2), InputError("a.csv", "two", row=3)])
    Traceback (most recent call last):
    ...
    halllayout.errors.InputErrors: a.csv row 2: one
    a.csv row 3: two
    """
    found = list(problems)
    if len(found) == 1:
        raise found[0]
    if found:
        raise InputErrors(found)


class Problems:
    """The problems found so far, in the order found; `attempt` runs one check and keeps what it raised."""

    def __init__(self) -> None:
        self.found: list[InputError] = []

    def __bool__(self) -> bool:
        return bool(self.found)

    def add(self, problem: InputError | InputErrors) -> None:
        """Keep one problem, or each of several."""
        self.found.extend(problem.problems if isinstance(problem, InputErrors) else [problem])

    def attempt(self, check: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T | None:
        """The result of `check(*args, **kwargs)`, or None where it raised InputError or InputErrors (kept).

        >>> problems = Problems()
        >>> problems.attempt(int, "3"), problems.attempt(raise_problems, [InputError("a.json", "bad")])
        (3, None)
        >>> [str(problem) for problem in problems.found]
        ['a.json: bad']
        """
        try:
            return check(*args, **kwargs)
        except (InputError, InputErrors) as problem:
            self.add(problem)
            return None

    def raise_any(self) -> None:
        """Raise what was found, if anything (see `raise_problems`)."""
        raise_problems(self.found)
