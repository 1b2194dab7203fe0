"""halllayout.layout.stacking: the end of a double row on a main aisle is kept for the zone's sponsors,
and the samples seat more sponsors on a main aisle without splitting more zones."""

from __future__ import annotations

import dataclasses

from halllayout.layout import lay_out
from halllayout.model import BoothRequest, Door, Fair, Layout, PlacedBooth
from halllayout.read import read_booth_list, read_hall
from halllayout.rules import check
from halllayout.rules.metrics import measure
from tests.conftest import DATA, make_booths, make_hall


def _on_main_aisle(layout: Layout, booth: PlacedBooth) -> bool:
    return any(
        a.kind == "main" and (abs(booth.x0 - a.x1) < 1e-6 or abs(booth.x1 - a.x0) < 1e-6)
        for a in layout.aisles
    )


def test_a_main_aisle_end_goes_to_a_sponsor_rather_than_a_peninsula() -> None:
    # the south entrance's main aisle runs x 6–12: the one run, [12, 34], starts on it, going north
    hall = make_hall(40, 60, entrances=(Door((9, 0), 4, "South"),))
    peninsula = BoothRequest("PEN", "Peninsula", 6, 6, type="peninsula", zone="Z")
    # the south wall row's end on the main aisle seats one sponsor, the first double row's two ends two
    sponsors = [BoothRequest(f"GOLD{k}", "Gold", 3, 3, tier="gold", zone="Z") for k in range(3)]
    layout = lay_out(Fair("T", (hall,)), [peninsula, *sponsors, *make_booths(60, zone="Z")])
    assert check(layout).passed and layout.unplaced == ()
    at = {b.request.ref: b for b in layout.booths}
    assert all(_on_main_aisle(layout, at[r.ref]) for r in sponsors)
    assert not _on_main_aisle(layout, at["PEN"])  # it caps the double row's other end
    assert (at["PEN"].x1, at["PEN"].y0) == (34, 6)


def test_the_services_fair_in_four_halls_seats_more_sponsors_on_a_main_aisle() -> None:
    hall = read_hall(DATA / "halls" / "hall-a-144x90.json")
    fair = Fair("Four", tuple(dataclasses.replace(hall, id=i, name=f"Hall {i}") for i in "ABCD"))
    layout = lay_out(fair, read_booth_list(DATA / "booths" / "services-fair-1212-zh.csv"))
    report = check(layout)
    figures = measure(layout, report)
    assert report.passed and layout.unplaced == ()
    assert figures["sponsors"]["on_main_aisle"] >= 29  # 27 when caps took the main-aisle ends
    assert figures["zones_split"]["count"] <= 3
