import itertools

import pytest
from shapely import Polygon, box

from halllayout.errors import InputError, LayoutError
from halllayout.layout import lay_out, placement_order
from halllayout.model import BoothRequest, Column, Door, Fair
from tests.conftest import make_booths, make_hall


def _hall_a():
    columns = tuple(Column((18 + 36 * i, 18 + 27 * j), 1.0) for i in range(4) for j in range(3))
    return make_hall(
        144,
        90,
        entrances=(Door((72, 0), 12), Door((72, 90), 12)),
        exits=(Door((0, 30), 3), Door((144, 60), 3)),
        columns=columns,
        keep_clear=(((100, 40), (120, 40), (120, 50), (100, 50)),),
    )


def _mixed_booths() -> list[BoothRequest]:
    sizes = [(3, 3)] * 60 + [(6, 3)] * 20 + [(6, 6)] * 8 + [(9, 9)] * 4 + [(12, 12)] * 3
    return [
        BoothRequest(f"EX{i}", f"Exhibitor {i}", w, d, zone=f"Z{i % 3}") for i, (w, d) in enumerate(sizes)
    ]


def test_every_booth_placed_inside_clear_and_facing_an_aisle() -> None:
    hall = _hall_a()
    requests = _mixed_booths()
    layout = lay_out(Fair("Test", (hall,)), requests)
    booths = layout.booths
    assert len(booths) == len(requests)
    assert len({b.number for b in booths}) == len(booths)
    assert sorted(b.request.ref for b in booths) == sorted(r.ref for r in requests)
    outline = Polygon(hall.outline)
    rects = [box(b.x0, b.y0, b.x1, b.y1) for b in booths]
    obstacles = [box(c.at[0] - 0.5, c.at[1] - 0.5, c.at[0] + 0.5, c.at[1] + 0.5) for c in hall.columns]
    obstacles += [Polygon(p) for p in hall.keep_clear]
    for booth, rect in zip(booths, rects, strict=True):
        assert outline.contains(rect), booth.number
        assert (booth.x1 - booth.x0, booth.y1 - booth.y0) == (booth.request.width, booth.request.depth)
        assert all(rect.intersection(o).area == 0 for o in obstacles), booth.number
        # the aisle in front: as wide as the booth, a secondary aisle deep, in the hall and free of booths
        w = hall.secondary_aisle
        front = (
            box(booth.x0, booth.y0 - w, booth.x1, booth.y0)
            if booth.front == "S"
            else box(booth.x0, booth.y1, booth.x1, booth.y1 + w)
        )
        assert outline.contains(front), booth.number
        assert all(front.intersection(r).area == 0 for r in rects), booth.number
    for a, b in itertools.combinations(rects, 2):
        assert a.intersection(b).area == 0


def test_main_aisles_from_entrances_stay_free() -> None:
    hall = _hall_a()
    layout = lay_out(Fair("Test", (hall,)), _mixed_booths())
    aisle = box(66, 0, 78, 90)
    assert all(aisle.intersection(box(b.x0, b.y0, b.x1, b.y1)).area == 0 for b in layout.booths)


def test_same_input_gives_the_same_layout() -> None:
    hall = _hall_a()
    assert lay_out(Fair("T", (hall,)), _mixed_booths()) == lay_out(Fair("T", (hall,)), _mixed_booths())


def test_deeper_booths_come_first_then_zones_together() -> None:
    requests = [
        BoothRequest("a", "a", 3, 3, zone="X"),
        BoothRequest("b", "b", 3, 3, zone="Y"),
        BoothRequest("c", "c", 3, 3, zone="X"),
        BoothRequest("d", "d", 6, 6, zone="Y"),
    ]
    assert [r.ref for r in placement_order(requests)] == ["d", "a", "c", "b"]


def test_booths_fill_halls_of_a_fair_in_order() -> None:
    small = make_hall(9, 9, hall_id="A")
    big = make_hall(20, 12, hall_id="B")
    layout = lay_out(Fair("Two", (small, big)), make_booths(3))
    assert [(b.number, b.request.ref) for b in layout.booths] == [
        ("A001", "EX1"),
        ("B001", "EX2"),
        ("B002", "EX3"),
    ]


def test_booth_larger_than_every_hall_names_its_row() -> None:
    requests = [*make_booths(1, 300, 300)]
    with pytest.raises(
        InputError, match=r'booths.csv row 2, column width: booth "EX1" is 300 × 300 m, larger'
    ):
        lay_out(Fair("T", (make_hall(),)), requests)


def test_not_enough_floor_says_how_many_are_left() -> None:
    with pytest.raises(LayoutError, match=r"2 of 3 booths do not fit in hall A's floor .*first: \"EX2\""):
        lay_out(Fair("T", (make_hall(9, 9),)), make_booths(3))
