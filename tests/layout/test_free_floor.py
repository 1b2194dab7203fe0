"""halllayout.layout.free_floor: booths left over, stood on free floor with aisle all round."""

from __future__ import annotations

import dataclasses

from halllayout.layout.free_floor import cut_round, free_places, free_rows
from halllayout.layout.placement import Spot, neighbours, overlaps
from halllayout.layout.site import build_site
from halllayout.model import Aisle, BoothRequest, Column, Door
from tests.conftest import make_hall

ISLAND = BoothRequest("I", "Island Co", 9, 9, "island", zone="Z")


def _rect(spot: Spot) -> tuple[float, float, float, float]:
    return (spot.x0, spot.y0, spot.x1, spot.y1)


def _grown(spot: Spot, by: float) -> tuple[float, float, float, float]:
    return (spot.x0 - by, spot.y0 - by, spot.x1 + by, spot.y1 + by)


def test_an_island_on_empty_floor_stands_snug_inside_the_perimeter_aisle_with_a_ring_round_it() -> None:
    # a 40 × 30 m hall: wall rows 3 m deep, a 3 m perimeter aisle inside them, nothing else
    site = build_site(make_hall(40, 30, exits=(Door((0, 15), 2),)), 3)
    places = free_places(site, [], list(site.aisles), [ISLAND])
    (spot,), after = places[0]
    # its ring runs in the perimeter aisle's floor on two sides: the least new floor taken
    assert _rect(spot) == (6, 6, 15, 15) and spot.front == "S"
    assert [a for a in after if a not in site.aisles] == [
        Aisle("A", "secondary", 3, 3, 18, 6),
        Aisle("A", "secondary", 3, 15, 18, 18),
        Aisle("A", "secondary", 3, 6, 6, 15),
        Aisle("A", "secondary", 15, 6, 18, 15),
    ]
    # never on the perimeter aisle, and never with its ring outside the hall
    for (spot,), _ in places:
        assert not any(overlaps(_rect(spot), (a.x0, a.y0, a.x1, a.y1)) for a in site.aisles)
        x0, y0, x1, y1 = _grown(spot, 3)
        assert x0 >= 0 and y0 >= 0 and x1 <= 40 and y1 <= 30


def test_the_ring_keeps_clear_of_booths_and_columns() -> None:
    hall = make_hall(40, 30, exits=(Door((0, 15), 2),), columns=(Column((12, 12), 1),))
    site = build_site(hall, 3)
    other = Spot(BoothRequest("B", "B", 3, 3, zone="Y"), 31, 21, 34, 24, "S", 0, 0)
    places = free_places(site, [other], list(site.aisles), [ISLAND], limit=50)
    assert places
    for (spot,), _ in places:
        assert not overlaps(_grown(spot, 3), _rect(other))
        assert not overlaps(_grown(spot, 3), (11.5, 11.5, 12.5, 12.5))


def test_an_island_crosses_an_aisle_whole_or_keeps_off_it() -> None:
    # a secondary aisle x 20–23 from the south perimeter aisle to the north one: a booth taking part
    # of its width would leave it narrower than 3 m all along
    site = build_site(make_hall(40, 30, exits=(Door((0, 15), 2),)), 3)
    aisle = Aisle("A", "secondary", 20, 6, 23, 24)
    places = free_places(site, [], [*site.aisles, aisle], [ISLAND], limit=200)
    assert places
    for (spot,), after in places:
        assert spot.x1 <= 20 or spot.x0 >= 23 or (spot.x0 <= 20 and spot.x1 >= 23)
        if spot.x0 <= 20 and spot.x1 >= 23:  # crossed whole: its pieces before and after it stay
            pieces = [a for a in after if a.x0 == 20 and a.x1 == 23]
            assert [(a.y0, a.y1) for a in pieces] == [
                (y0, y1) for y0, y1 in ((6, spot.y0), (spot.y1, 24)) if y1 > y0
            ]


def test_an_island_stands_facing_its_zone_across_an_aisle() -> None:
    site = build_site(make_hall(40, 30, exits=(Door((0, 15), 2),), main=4), 3)
    booth = BoothRequest("B", "B", 3, 3, zone="Z")
    own = Spot(booth, 31, 21, 34, 24, "S", 0, 0)
    (spot,), _ = free_places(site, [own], list(site.aisles), [ISLAND])[0]
    # one group with it, as the report counts zones: facing it across at most a main aisle
    assert neighbours(_rect(spot), _rect(own), 4) and spot.order == 1
    # its zone new to the hall: the least new floor nearest the booths there are, the south-east corner
    other = dataclasses.replace(own, request=dataclasses.replace(booth, zone="Y"))
    (spot,), _ = free_places(site, [other], list(site.aisles), [ISLAND])[0]
    assert _rect(spot) == (25, 6, 34, 15) and not neighbours(_rect(spot), _rect(other), 4)


def test_cut_round_keeps_the_pieces_of_an_aisle_outside_the_booth() -> None:
    aisles = [Aisle("A", "cross", 10, 0, 14, 40), Aisle("A", "secondary", 0, 0, 5, 5)]
    assert cut_round(aisles, (8, 10, 17, 19)) == [
        Aisle("A", "cross", 10, 0, 14, 10),
        Aisle("A", "cross", 10, 19, 14, 40),
        Aisle("A", "secondary", 0, 0, 5, 5),
    ]


def test_booths_of_a_row_stand_side_by_side_fronting_on_a_long_side_of_the_ring() -> None:
    site = build_site(make_hall(40, 30, exits=(Door((0, 15), 2),)), 3)
    waiting = [
        BoothRequest(f"R{k}", "R", 3, 3, "corner" if k in (1, 4) else "standard", zone="Z")
        for k in range(1, 5)
    ]
    rows = free_rows([*waiting, ISLAND], 3, 30)
    assert [[r.ref for r in row] for row in rows] == [["I"], ["R1", "R2", "R3", "R4"]]
    members, after = free_places(site, [], list(site.aisles), rows[1])[0]
    # a row 3 × 12 m snug in the south-west corner, its ring in the perimeter aisle on two sides, the
    # booths fronting on the west one
    assert [_rect(m) for m in members] == [(6, 6, 9, 9), (6, 9, 9, 12), (6, 12, 9, 15), (6, 15, 9, 18)]
    assert {m.front for m in members} == {"W"} and [m.order for m in members] == [0, 1, 2, 3]
    assert [a for a in after if a not in site.aisles] == [
        Aisle("A", "secondary", 3, 3, 12, 6),
        Aisle("A", "secondary", 3, 18, 12, 21),
        Aisle("A", "secondary", 3, 6, 6, 18),
        Aisle("A", "secondary", 9, 6, 12, 18),
    ]
    # rows no longer than the rule allows
    assert [[r.ref for r in row] for row in free_rows(waiting, 3, 9)] == [["R1", "R2", "R3"], ["R4"]]


def test_no_place_is_offered_farther_from_every_door_than_the_walk_allows() -> None:
    hall = make_hall(60, 30, exits=(Door((0, 15), 2),))
    hall = dataclasses.replace(hall, rules=dataclasses.replace(hall.rules, max_travel_distance=20))
    site = build_site(hall, 3)
    places = free_places(site, [], list(site.aisles), [ISLAND], limit=500)
    # the island's nearest point no farther than 20 m from the door at (0, 15): x0 <= 20
    assert places and max(spot.x0 for (spot,), _ in places) <= 20
    far = dataclasses.replace(hall, rules=dataclasses.replace(hall.rules, max_travel_distance=61))
    assert (
        max(
            spot.x0
            for (spot,), _ in free_places(build_site(far, 3), [], list(site.aisles), [ISLAND], limit=500)
        )
        > 20
    )
