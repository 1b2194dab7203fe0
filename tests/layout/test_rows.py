from halllayout.layout.floor import hall_floor
from halllayout.layout.rows import fill_rows
from halllayout.model import BoothRequest
from tests.conftest import make_booths, make_hall


def _rects(placements: list) -> list[tuple[float, float, float, float, str]]:
    return [(p.x0, p.y0, p.x1, p.y1, p.front) for p in placements]


def test_one_row_fills_west_to_east_facing_the_south_aisle() -> None:
    hall = make_hall(20, 12)
    placed, left = fill_rows(hall, hall_floor(hall), make_booths(4))
    assert left == []
    assert _rects(placed) == [(3, 3, 6, 6, "S"), (6, 3, 9, 6, "S"), (9, 3, 12, 6, "S"), (12, 3, 15, 6, "S")]


def test_second_row_stands_back_to_back_facing_north() -> None:
    hall = make_hall(14, 12)  # usable x 3..11: two 3 m booths per row
    placed, left = fill_rows(hall, hall_floor(hall), make_booths(4))
    assert left == []
    assert _rects(placed)[2:] == [(3, 6, 6, 9, "N"), (6, 6, 9, 9, "N")]


def test_rows_after_a_double_row_leave_a_secondary_aisle() -> None:
    hall = make_hall(9, 24)  # usable 3..6 × 3..21: one booth per row
    placed, _ = fill_rows(hall, hall_floor(hall), make_booths(4))
    assert [p.y0 for p in placed] == [3, 6, 12, 15]
    assert [p.front for p in placed] == ["S", "N", "S", "N"]


def test_shallow_booth_in_a_deep_row_stands_at_the_front() -> None:
    hall = make_hall(20, 20)
    deep = BoothRequest("D", "Deep", 3, 6)
    shallow = BoothRequest("S", "Shallow", 3, 3)
    placed, _ = fill_rows(hall, hall_floor(hall), [deep, shallow])
    assert _rects(placed) == [(3, 3, 6, 9, "S"), (6, 3, 9, 6, "S")]


def test_booths_that_do_not_fit_are_returned_in_order() -> None:
    hall = make_hall(9, 9)  # room for exactly one 3 × 3 booth
    booths = make_booths(3)
    placed, left = fill_rows(hall, hall_floor(hall), booths)
    assert [p.request.ref for p in placed] == ["EX1"]
    assert [r.ref for r in left] == ["EX2", "EX3"]
