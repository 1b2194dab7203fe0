"""The checks across a whole booth list, whatever its format: unique refs and keep_apart refs that exist."""

from __future__ import annotations

from collections.abc import Iterable

from halllayout.errors import InputError
from halllayout.model import BoothRequest
from halllayout.read.fields import show
from halllayout.read.problems import raise_problems
from halllayout.read.rows import Record, booth_from_record, keep_apart_refs


def booths_from_records(
    records: Iterable[Record | InputError], empty: InputError
) -> tuple[BoothRequest, ...]:
    """The booth requests of `records`, in order, or every problem of every record at once.

    An InputError among the records stands for an item that could not be read as a booth at all.
    Each record is checked in full (see `booth_from_record`); a ref repeating an earlier one, and
    keep_apart refs naming the booth itself or no booth of the list (which may name booths further
    down), are problems too. They are raised in file order, a record's in the order of its fields:
    InputError for one, InputErrors for several. `empty` is raised where there is no record.
    """
    checked: list[tuple[Record | None, BoothRequest | None, list[InputError]]] = []
    first_with_ref: dict[str, Record] = {}
    for record in records:
        if isinstance(record, InputError):
            checked.append((None, None, [record]))
            continue
        problems = list(record.problems)
        ref = _ref(record)
        earlier = first_with_ref.setdefault(ref, record) if ref else record
        if earlier is not record:
            problems.append(record.error("ref", f"duplicate ref {show(ref)}, already at {earlier.label}"))
        booth = booth_from_record(record, problems)
        checked.append((record, None if problems else booth, problems))
    if not checked:
        raise empty
    folded = {_folded(ref): ref for ref in first_with_ref}
    for checked_record, booth, problems in checked:
        if checked_record is not None:
            _check_keep_apart(checked_record, booth, first_with_ref, folded, problems)
    raise_problems(problem for _, _, problems in checked for problem in problems)
    return tuple(booth for _, booth, _ in checked if booth is not None)


def _ref(record: Record) -> str:
    try:
        return record.text("ref")
    except ValueError:
        return ""


def _folded(ref: str) -> str:
    return "".join(ref.casefold().split())


def _check_keep_apart(
    record: Record,
    booth: BoothRequest | None,
    refs: dict[str, Record],
    folded: dict[str, str],
    problems: list[InputError],
) -> None:
    """Every keep_apart ref must be another booth of the list; a near miss in case or spacing is named.

    `folded` maps each ref, case-folded and without spaces, to the ref.
    """
    own = _ref(record)
    for ref in booth.keep_apart if booth is not None else keep_apart_refs(record):
        if ref == own:
            problem = "this booth's own ref"
        elif ref in refs:
            continue
        else:
            problem = "which no booth has"
            near = folded.get(_folded(ref))
            if near is not None:
                problem += f" (did you mean {show(near)}?)"
        problems.append(
            record.error(
                "keep_apart", f"expected the ref of another booth in the list, got {show(ref)}, {problem}"
            )
        )
