"""halllayout.layout.last_booths: a zone's last few booths, which a hall left for the next, placed there
after all beside their zone (and, through `lay_out`, only all of them or none)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

import halllayout.layout
from halllayout.layout import lay_out
from halllayout.layout.last_booths import LAST_BOOTHS, last_booths
from halllayout.layout.placement import Spot
from halllayout.layout.queue import zones_in_order
from halllayout.model import BoothRequest
from halllayout.read import read_booth_list
from halllayout.rules import check
from halllayout.rules.metrics import measure
from tests.conftest import DATA, booths_by_zone_and_hall, four_hall_a, make_booths


def _spots(requests: list[BoothRequest]) -> list[Spot]:
    return [Spot(r, 3 * k, 0, 3 * k + 3, 3, "S", 0, k) for k, r in enumerate(requests)]


def test_the_last_booths_are_a_few_a_hall_leaves_of_a_zone_it_placed_more_of() -> None:
    food = [dataclasses.replace(r, zone="Food") for r in make_booths(20)]
    tech = [dataclasses.replace(r, ref=f"T{k}", zone="Tech") for k, r in enumerate(make_booths(6))]
    wood = [dataclasses.replace(r, ref=f"W{k}", zone="Wood") for k, r in enumerate(make_booths(30))]
    zones = {z.name: z for z in zones_in_order([*food, *tech, *wood], 3)}
    # the hall placed 17 of Food, 2 of Tech, 19 of Wood
    placed = [*food[:17], *tech[:2], *wood[:19]]
    for r in placed:
        zones[r.zone].remove(r, 3)
    assert zones["Food"].left == 3 and zones["Tech"].left == 4 and zones["Wood"].left == LAST_BOOTHS + 1
    # Tech's 4 are more than the hall placed of it; Wood leaves more than a few
    assert last_booths(list(zones.values()), _spots(placed)) == food[17:]


def test_a_zones_last_booths_join_it_in_its_hall_rather_than_stand_in_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the services fair: hall B's fill leaves three corner booths of 文旅服务 for hall C; they stand at
    # the ends of its rows in B, or across an aisle from it
    requests = read_booth_list(DATA / "booths" / "services-fair-1212-zh.csv")
    layout = lay_out(four_hall_a(), requests)
    report = check(layout)
    assert report.passed and layout.unplaced == ()
    assert booths_by_zone_and_hall(layout)["文旅服务"] == {"B": 178}
    assert measure(layout, report)["zones_split"]["count"] == 0
    with monkeypatch.context() as patch:
        patch.setattr(halllayout.layout, "last_booths", lambda zones, spots: [])
        assert booths_by_zone_and_hall(lay_out(four_hall_a(), requests))["文旅服务"] == {"B": 175, "C": 3}


def test_a_zones_last_booths_join_it_all_or_none(monkeypatch: pytest.MonkeyPatch) -> None:
    # where one of 文旅服务's three last booths finds no place, the other two stay with it in hall C
    real = halllayout.layout.join_last_booths

    def one_short(*args: Any) -> Any:
        spots, aisles = real(*args)
        return [s for s in spots if s.request.ref != "EX001190"], aisles

    monkeypatch.setattr(halllayout.layout, "join_last_booths", one_short)
    requests = read_booth_list(DATA / "booths" / "services-fair-1212-zh.csv")
    layout = lay_out(four_hall_a(), requests)
    assert check(layout).passed and layout.unplaced == ()
    assert booths_by_zone_and_hall(layout)["文旅服务"] == {"B": 175, "C": 3}
