import dataclasses

from halllayout.layout import lay_out
from halllayout.layout.incremental import lay_out_again
from halllayout.model import BoothRequest, Door, Fair, PreviousBooth, PreviousLayout
from halllayout.rules import check
from tests.conftest import make_booths, make_hall


def _previous(layout) -> PreviousLayout:  # type: ignore[no-untyped-def]
    booths = tuple(
        PreviousBooth(b.request.ref, b.number, b.hall_id, b.x0, b.y0, b.x1, b.y1, b.front)
        for b in layout.booths
    )
    return PreviousLayout("layout.json", booths, layout.aisles)


def _fair() -> Fair:
    return Fair("T", (make_hall(40, 30, entrances=(Door((20, 0), 6, "Gate"),), main=4),))


def test_unchanged_booths_stay_put_with_their_numbers_and_new_ones_fill_freed_spots() -> None:
    first = lay_out(_fair(), make_booths(40))
    requests = [r for r in make_booths(40) if r.ref not in ("EX5", "EX6", "EX30")]
    requests += [BoothRequest("NEW1", "New One", 3, 3), BoothRequest("NEW2", "New Two", 3, 3)]
    again, changes = lay_out_again(_fair(), requests, _previous(first))
    before = {b.request.ref: (b.number, b.x0, b.y0, b.x1, b.y1) for b in first.booths}
    after = {b.request.ref: (b.number, b.x0, b.y0, b.x1, b.y1) for b in again.booths}
    assert all(after[ref] == before[ref] for ref in after if ref in before)
    assert {"NEW1", "NEW2"} <= set(after) and again.unplaced == ()
    freed = {before[ref][1:] for ref in ("EX5", "EX6", "EX30")}
    assert {after["NEW1"][1:], after["NEW2"][1:]} <= freed
    assert changes.kept == 37 and changes.moved == () and changes.added == ("NEW1", "NEW2")
    # in the order of the first layout's booth numbers
    gone = ("EX5", "EX6", "EX30")
    assert changes.removed == tuple(b.request.ref for b in first.booths if b.request.ref in gone)
    assert len({b.number for b in again.booths}) == len(again.booths)
    assert check(again).passed


def test_a_resized_booth_moves_and_is_reported() -> None:
    first = lay_out(_fair(), make_booths(30))
    requests = make_booths(30)
    requests[3] = dataclasses.replace(requests[3], width=6)
    requests = [r for r in requests if r.ref not in ("EX10", "EX11")]  # frees 6 m of row
    again, changes = lay_out_again(_fair(), requests, _previous(first))
    assert changes.moved == ("EX4",) and again.unplaced == ()
    moved = next(b for b in again.booths if b.request.ref == "EX4")
    assert moved.x1 - moved.x0 == 6 or moved.y1 - moved.y0 == 6


def test_what_fits_no_freed_spot_is_unplaced_with_advice() -> None:
    first = lay_out(_fair(), make_booths(20))
    requests = [*make_booths(20), BoothRequest("BIG", "Big", 12, 12, type="island")]
    again, changes = lay_out_again(_fair(), requests, _previous(first))
    assert [u.request.ref for u in again.unplaced] == ["BIG"]
    assert "lay the fair out afresh" in again.unplaced[0].reason
    assert changes.added == ()
