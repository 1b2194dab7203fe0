from halllayout.layout.numbering import booth_number, number_booths
from halllayout.layout.rows import RowPlacement
from halllayout.model import BoothRequest


def _at(ref: str, x0: float, y0: float, x1: float, y1: float, front: str, row: int) -> RowPlacement:
    return RowPlacement(BoothRequest(ref, ref, x1 - x0, y1 - y0), x0, y0, x1, y1, front, row)  # type: ignore[arg-type]


def test_booth_number_pads_to_three_digits_or_the_count() -> None:
    assert booth_number("A", 7, 120) == "A007"
    assert booth_number("B", 12, 5000) == "B0012"


def test_numbers_run_row_by_row_west_to_east() -> None:
    placements = [_at("b", 6, 0, 9, 3, "S", 0), _at("c", 3, 3, 6, 6, "N", 1), _at("a", 3, 0, 6, 3, "S", 0)]
    booths = number_booths("A", placements)
    assert [(b.number, b.request.ref) for b in booths] == [("A001", "a"), ("A002", "b"), ("A003", "c")]


def test_open_sides_are_those_with_no_booth_against_them() -> None:
    placements = [_at("a", 3, 0, 6, 3, "S", 0), _at("b", 6, 0, 9, 3, "S", 0), _at("c", 3, 3, 6, 6, "N", 1)]
    sides = {b.request.ref: b.open_sides for b in number_booths("A", placements)}
    assert sides == {"a": ("S", "W"), "b": ("N", "E", "S"), "c": ("N", "E", "W")}
