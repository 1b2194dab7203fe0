"""The engine's exceptions. The CLI turns them into exit code 2, the web service into HTTP 4xx."""

from __future__ import annotations


class HallLayoutError(Exception):
    """Base of every error the engine raises on purpose; its message is meant for the user."""


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
