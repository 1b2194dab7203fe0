"""The engine's exceptions. The CLI turns them into exit code 2, the web service into HTTP 4xx."""

from __future__ import annotations

from typing import Any


class HallLayoutError(Exception):
    """Base of every error the engine raises on purpose; its message is meant for the user.

    It pickles with its message and fields, so that a layout run in a worker process (a pool laying
    out many fairs) hands its input errors back rather than breaking the pool: `InputError` takes
    other arguments than the message it passes on, which plain exception pickling gives back."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuilt, (type(self), self.args, dict(self.__dict__)))


def _rebuilt(kind: type[HallLayoutError], args: tuple[Any, ...], fields: dict[str, Any]) -> HallLayoutError:
    """An error of `kind` with the message `args` and `fields`, as pickled (`HallLayoutError.__reduce__`)."""
    error = kind.__new__(kind)
    Exception.__init__(error, *args)
    error.__dict__.update(fields)
    return error


class InputError(HallLayoutError):
    """A booth list, hall or fair file that cannot be read; names the file, row, column or field and value."""

    def __init__(
        self,
        source: str,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        field: str | None = None,
    ) -> None:
        self.source = source
        self.row = row
        self.column = column
        self.field = field
        where = source
        if row is not None:
            where += f" row {row}"
        if column is not None:
            where += f", column {column}"
        if field is not None:
            where += f", field {field}"
        super().__init__(f"{where}: {message}")


class InputErrors(HallLayoutError):
    """Several problems found in one pass over the inputs, so the user can fix them all at once.

    `problems` are the individual errors in file order; the message is one line per problem.
    """

    def __init__(self, problems: list[InputError]) -> None:
        if not problems:
            raise ValueError("InputErrors needs at least one problem")
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ModelRefused(InputError):
    """A product model upload that is refused: broken, empty, hostile or over a limit; says which."""
