"""Filling one hall (`stacking`): the sides a hall's walls and columns close, and the rows of island bands."""

from __future__ import annotations

from halllayout.layout.placement import Spot
from halllayout.layout.stacking import backing_sides
from halllayout.model import BoothRequest, Column, PlacedBooth
from halllayout.rules.geometry import HallGeometry, Walls
from halllayout.rules.metrics import open_sides
from tests.conftest import make_hall


def test_the_sides_a_column_or_wall_closes_are_those_the_metrics_count_closed() -> None:
    # a column 0.5 m off a booth's side closes it in the metrics (COLUMN_REACH, 1 m): the engine
    # used to look 0.3 m out only, and wrote such a peninsula into layout.json with three open
    # sides where the report counted two
    hall = make_hall(40, 20, columns=(Column((10, 10), 1),))
    r = BoothRequest("r", "R", 3, 3)
    spots = [
        Spot(r, 11, 8, 14, 11, "S", 0, 0),  # its west side 0.5 m from the column
        Spot(r, 21.5, 8, 24.5, 11, "S", 0, 1),  # clear of everything
        Spot(r, 30, 8, 33, 11, "S", 0, 2),
        Spot(r, 1, 8, 4, 11, "S", 0, 3),  # its west side 1 m from the wall
    ]
    closed = backing_sides(spots, Walls(hall), hall.secondary_aisle)
    assert closed == {0: {"W"}, 3: {"W"}}
    booths = [
        PlacedBooth(f"A{k}", s.request, "A", s.x0, s.y0, s.x1, s.y1, s.front, ("N",))
        for k, s in enumerate(spots)
    ]
    g = HallGeometry(hall, booths, [])
    assert open_sides(g).tolist() == [4 - len(closed.get(k, ())) for k in range(len(spots))]
