"""halllayout.build: pins over a fresh layout, and what an overfull fair's unplaced booths are told."""

from halllayout.build import build_fair
from halllayout.model import Door, Fair, Pin, Source
from tests.conftest import make_booths, make_hall


def _fair() -> Fair:
    return Fair("T", (make_hall(40, 30, entrances=(Door((20, 0), 6, "Gate"),), main=4),))


def test_pins_without_a_previous_layout_apply_to_a_fresh_one_and_keep_its_reasons() -> None:
    requests = make_booths(80)  # 66 fit the hall
    plain = build_fair(_fair(), requests, scenes=False, plans=False)
    assert len(plain.layout.unplaced) == 14
    spot = next(b for b in plain.layout.booths if b.request.ref == "EX30")
    pin = Pin("EX1", "A", spot.x0, spot.y0, spot.front, None, Source("pins.csv", 2))
    pinned = build_fair(_fair(), requests, scenes=False, plans=False, pins=[pin])
    ex1 = next(b for b in pinned.layout.booths if b.request.ref == "EX1")
    assert (ex1.x0, ex1.y0, ex1.number) == (spot.x0, spot.y0, spot.number)
    changes = pinned.metrics["changes"]
    assert changes["against"] == "the layout without pins" and changes["pinned"] == ["EX1"]
    assert "EX30" in changes["moved"]
    assert len(pinned.layout.unplaced) == 14
    assert {u.reason for u in pinned.layout.unplaced} == {u.reason for u in plain.layout.unplaced}
    assert not any("--previous" in u.reason for u in pinned.layout.unplaced)
    assert pinned.report.passed
