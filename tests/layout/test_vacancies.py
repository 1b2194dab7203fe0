from shapely import Polygon, box

from halllayout.layout import lay_out
from halllayout.layout.vacancies import VACANT_LENGTH, vacated
from halllayout.model import Fair, Vacancy
from halllayout.read import read_booth_list, read_hall
from halllayout.rules import check
from tests.conftest import DATA


def test_a_spot_no_booth_overlaps_is_vacant_whole_with_its_number_and_a_spot_a_booth_holds_is_not() -> None:
    spots = [Vacancy("A", 0.0, 0.0, 3.0, 3.0, "S", "A0101"), Vacancy("A", 3.0, 0.0, 6.0, 3.0, "S", "A0103")]
    # a booth touching the first spot is no booth in it
    assert vacated(spots, [(3.0, 0.0, 6.0, 3.0), (0.0, 3.0, 3.0, 6.0)]) == [spots[0]]
    assert vacated(spots, []) == spots


def test_what_booths_leave_of_a_spot_is_vacant_along_its_row_in_stretches_long_enough() -> None:
    # a 12 m spot facing east (its row runs north-south): a 3 m booth 4 m from its south end, another
    # across its north end
    spot = Vacancy("B", 10.0, 0.0, 13.0, 12.0, "E", "B0201")
    left = vacated([spot], [(10.0, 4.0, 13.0, 7.0), (9.0, 10.5, 14.0, 13.5)])
    assert [(v.y0, v.y1, v.number) for v in left] == [(0.0, 4.0, "B0201"), (7.0, 10.5, "")]
    assert all((v.hall_id, v.x0, v.x1, v.front) == ("B", 10.0, 13.0, "E") for v in left)
    # the number goes with the spot's start only while no booth has it
    assert [v.number for v in vacated([spot], [(10.0, 4.0, 13.0, 7.0)], given={"B0201"})] == ["", ""]
    # less than VACANT_LENGTH is no spot
    assert vacated([spot], [(10.0, VACANT_LENGTH - 0.5, 13.0, 12.0)]) == []


def test_the_floor_strays_left_when_they_rejoined_their_zone_is_vacant_and_clear() -> None:
    # fair-120 in the sample hall: two islands of a zone stood apart from it in the fill and moved to
    # its side, and stray row booths left a stretch of row; that floor was left blank, unsaid
    hall = read_hall(DATA / "halls" / "hall-a-144x90.json")
    layout = lay_out(Fair("One", (hall,)), read_booth_list(DATA / "booths" / "fair-120.csv"))
    assert check(layout).passed and layout.unplaced == ()
    assert len(layout.vacant) >= 2 and {v.hall_id for v in layout.vacant} == {"A"}
    outline = Polygon(hall.outline)
    taken = [box(b.x0, b.y0, b.x1, b.y1) for b in layout.booths] + [
        box(a.x0, a.y0, a.x1, a.y1) for a in layout.aisles
    ]
    taken += [Polygon(p) for p in hall.kept_clear()]
    taken += [
        box(c.at[0] - c.size / 2, c.at[1] - c.size / 2, c.at[0] + c.size / 2, c.at[1] + c.size / 2)
        for c in hall.columns
    ]
    for v in layout.vacant:
        spot = box(v.x0, v.y0, v.x1, v.y1)
        assert outline.contains(spot)
        assert all(spot.intersection(t).area < 1e-6 for t in taken), v
        # its front on an aisle: a booth sold into it is reached
        x0, y0, x1, y1 = v.x0, v.y0, v.x1, v.y1
        edge = {"N": box(x0, y1, x1, y1 + 0.1), "S": box(x0, y0 - 0.1, x1, y0)}.get(
            v.front, box(x1, y0, x1 + 0.1, y1) if v.front == "E" else box(x0 - 0.1, y0, x0, y1)
        )
        assert any(edge.intersection(box(a.x0, a.y0, a.x1, a.y1)).area > 0 for a in layout.aisles), v
