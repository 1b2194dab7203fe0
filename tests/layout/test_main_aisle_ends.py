"""halllayout.layout.stacking: the end of a double row on a main aisle is kept for the zone's sponsors,
rows stand flush against a main aisle, a list that fills part of a hall starts beside its main aisle,
the runs on each side of a main aisle fill as bands where zones would find no main aisle, and the
samples seat more sponsors on a main aisle without splitting more zones."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

import halllayout.layout
from halllayout.layout import lay_out
from halllayout.layout.groups import neighbour_pairs, zone_labels
from halllayout.layout.placement import PlacedIndex
from halllayout.layout.queue import zones_in_order
from halllayout.layout.site import build_site
from halllayout.layout.stacking import HallFiller
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


def _island_band(island_tier: str) -> Layout:
    # the main aisle runs x 6–12: the one run, [12, 34], starts on it; the zone's island comes first, so
    # the first block is an island band: 9 m of island and a double row beside it
    hall = make_hall(40, 40, entrances=(Door((9, 0), 4, "South"),))
    island = BoothRequest("ISL", "Island", 9, 9, type="island", tier=island_tier, zone="Z")
    sponsors = [BoothRequest(f"GOLD{k}", "Gold", 3, 3, tier="gold", zone="Z") for k in range(4)]
    layout = lay_out(Fair("T", (hall,)), [island, *sponsors, *make_booths(10, zone="Z")])
    assert check(layout).passed and layout.unplaced == ()
    return layout


def test_an_island_band_leaves_the_main_aisle_to_the_rows_that_seat_the_zones_sponsors() -> None:
    layout = _island_band("")
    at = {b.request.ref: b for b in layout.booths}
    assert (at["ISL"].x0, at["ISL"].x1) == (25, 34)  # at the band's far end
    seated = [ref for ref in ("GOLD0", "GOLD1", "GOLD2", "GOLD3") if _on_main_aisle(layout, at[ref])]
    assert seated == ["GOLD0", "GOLD1", "GOLD2"]  # 1 when the island stood on the main aisle


def test_a_sponsors_island_stands_on_the_main_aisle() -> None:
    layout = _island_band("platinum")
    at = {b.request.ref: b for b in layout.booths}
    assert _on_main_aisle(layout, at["ISL"]) and at["ISL"].x0 == 12


def test_the_services_fair_in_four_halls_seats_more_sponsors_on_a_main_aisle() -> None:
    hall = read_hall(DATA / "halls" / "hall-a-144x90.json")
    fair = Fair("Four", tuple(dataclasses.replace(hall, id=i, name=f"Hall {i}") for i in "ABCD"))
    layout = lay_out(fair, read_booth_list(DATA / "booths" / "services-fair-1212-zh.csv"))
    report = check(layout)
    figures = measure(layout, report)
    assert report.passed and layout.unplaced == ()
    # 27 when caps took the main-aisle ends, 29 when islands did, 31 before caps traded places (`caps`);
    # 37 with 3 zones split, before zones that run short leave their rows (`leave_short_rows`): a zone
    # kept together outranks a sponsor's seat
    assert figures["sponsors"]["on_main_aisle"] >= 34
    assert figures["zones_split"]["count"] <= 1


def test_a_row_with_only_its_far_end_on_a_main_aisle_stands_flush_against_it() -> None:
    # the south entrance's main aisle runs x 35–41: the run [6, 35] ends on it, 29 m, so a row of
    # 3 m booths leaves 2 m over, which goes to the row's west end
    hall = make_hall(50, 60, entrances=(Door((38, 0), 4, "South"),))
    layout = lay_out(Fair("T", (hall,)), make_booths(40, zone="Z"))
    assert check(layout).passed and layout.unplaced == ()
    rows: dict[tuple[float, float], list[PlacedBooth]] = {}
    for b in layout.booths:
        if b.x1 <= 35 and b.x0 >= 6:
            rows.setdefault((b.y0, b.y1), []).append(b)
    assert len(rows) >= 4
    assert all(max(b.x1 for b in row) == 35 for row in rows.values())


def _sample_figures(booths: str, hall: str) -> dict[str, Any]:
    layout = lay_out(
        Fair("One", (read_hall(DATA / "halls" / hall),)), read_booth_list(DATA / "booths" / booths)
    )
    report = check(layout)
    assert report.passed and layout.unplaced == ()
    return measure(layout, report)


@pytest.mark.parametrize(
    ("booths", "hall", "seated", "split"),
    [("fair-120.csv", "hall-a-144x90.json", 5, 1), ("fair-60-zh.xlsx", "hall-a.dxf", 3, 0)],
    ids=["fair-120", "fair-60"],
)
def test_a_list_that_fills_part_of_a_hall_starts_beside_its_main_aisle(
    booths: str, hall: str, seated: int, split: int
) -> None:
    figures = _sample_figures(booths, hall)
    # 2 of 12 and 0 of 3 on a main aisle, 2 and 1 zones split, when the snake began at the west wall;
    # 7 of 12 before a corner sponsor could take a standard booth's row end (`regroup`); 8 of 12 with 2
    # zones split before a variant fill was chosen for keeping 教育服务 together (zones outrank sponsors
    # in `_Figures.score`)
    assert figures["sponsors"]["on_main_aisle"] >= seated
    assert figures["zones_split"]["count"] <= split
    assert figures["types"]["honoured"] == figures["types"]["total"]


def test_a_hall_laid_out_from_trials_is_laid_out_the_same_every_time() -> None:
    fair = Fair("One", (read_hall(DATA / "halls" / "hall-a-144x90.json"),))
    requests = read_booth_list(DATA / "booths" / "fair-120.csv")
    first, second = (lay_out(fair, requests) for _ in range(2))
    assert first.booths == second.booths and first.aisles == second.aisles


def test_a_hall_with_nothing_to_place_is_not_laid_out_in_trials() -> None:
    hall = read_hall(DATA / "halls" / "hall-a-144x90.json")
    site = build_site(hall, 3)
    assert len(HallFiller(site, [], PlacedIndex(hall.main_aisle, frozenset())).run_orders()) == 1
    waiting = zones_in_order(make_booths(40, zone="Z"), 3)
    assert len(HallFiller(site, waiting, PlacedIndex(hall.main_aisle, frozenset())).run_orders()) == 5


def test_a_list_more_than_the_runs_beside_the_main_aisle_hold_may_go_on_from_them_to_one_side() -> None:
    hall = read_hall(DATA / "halls" / "hall-a-144x90.json")
    site = build_site(hall, 3)

    def runs(count: int) -> list[list[int]]:
        waiting = zones_in_order(make_booths(count, zone="Z"), 3)
        orders = HallFiller(site, waiting, PlacedIndex(hall.main_aisle, frozenset())).run_orders()
        return [[run.index for runs, _ in order for run in runs] for order in orders]

    # 3,150 m²: more than the two runs beside the main aisle hold (80 % of 3,120 m² in double rows), less
    # than those and the run beyond either: from the west wall, or from a run beside the main aisle on
    # into the next run on (from either end), the run across the hall last; only the first before
    assert runs(350) == [[0, 1, 2, 3], [1, 2, 3, 0], [1, 2, 3, 0], [2, 1, 0, 3], [2, 1, 0, 3]]
    assert runs(480) == [[0, 1, 2, 3]]  # 4,320 m²: more than three runs hold


def test_a_list_filling_a_quarter_of_the_hall_stands_about_the_main_aisle() -> None:
    hall = read_hall(DATA / "halls" / "hall-a-144x90.json")
    layout = lay_out(Fair("One", (hall,)), read_booth_list(DATA / "booths" / "generated-150-seed3.csv"))
    report = check(layout)
    assert report.passed and layout.unplaced == ()
    figures = measure(layout, report)
    # from the west wall (the only way tried): 4 zones split, 6 of 13 sponsors on the main aisle, the
    # booths 35.3 m from the middle of the main aisle on average
    assert figures["zones_split"]["count"] == 0
    assert figures["sponsors"]["on_main_aisle"] >= 8
    away = [abs((b.x0 + b.x1) / 2 - 72) for b in layout.booths]
    assert sum(away) / len(away) < 30


def test_the_runs_on_each_side_of_a_main_aisle_make_a_band_the_run_beside_it_first() -> None:
    def bands(name: str) -> list[list[tuple[list[int], bool]]]:
        hall = read_hall(DATA / "halls" / name)
        filler = HallFiller(build_site(hall, 3), [], PlacedIndex(hall.main_aisle, frozenset()))
        return [[([run.index for run in runs], up) for runs, up in order] for order in filler.band_orders()]

    # hall A: runs 0 and 1 west of the main aisle, 2 and 3 east of it; from either end
    assert bands("hall-a-144x90.json") == [
        [([1, 0], True), ([2, 3], False)],
        [([1, 0], False), ([2, 3], True)],
    ]
    # the L-shaped hall's run beyond the main aisle spans less of the hall than the one beside it; the
    # pavilion has one run each side: no band
    assert bands("hall-l-shaped.json") == bands("pavilion-40x30.json") == []


def _zones_on_main_aisle(spots: list[Any]) -> set[str]:
    return {s.request.zone for s in spots if abs(s.x1 - 69) < 1e-6 or abs(s.x0 - 75) < 1e-6}


def test_in_bands_each_zone_takes_rows_from_the_main_aisle_outwards() -> None:
    hall = read_hall(DATA / "halls" / "hall-a-144x90.json")
    site = build_site(hall, 3)
    requests = [
        dataclasses.replace(r, ref=f"{z}{r.ref}", zone=z) for z in "ABCDEF" for r in make_booths(60, zone=z)
    ]

    def filled(banded: bool) -> HallFiller:
        filler = HallFiller(site, zones_in_order(requests, 3), PlacedIndex(hall.main_aisle, frozenset()))
        filler.fill(filler.band_orders()[0] if banded else None)
        return filler

    # run by run, the three zones filling the runs west of the main aisle's reach none of it
    run_by_run, in_bands = filled(False), filled(True)
    assert len(run_by_run.index.spots) == len(in_bands.index.spots) == 360
    assert _zones_on_main_aisle(run_by_run.index.spots) == set("DEF")
    assert in_bands.banded and _zones_on_main_aisle(in_bands.index.spots) == set("ABCDEF")
    rects = np.array([(s.x0, s.y0, s.x1, s.y1) for s in in_bands.index.spots])
    zone = np.array(["ABCDEF".index(s.request.zone) for s in in_bands.index.spots])
    labels = zone_labels(zone, *neighbour_pairs(rects, hall.main_aisle))
    assert all(len(set(labels[zone == z].tolist())) == 1 for z in range(6))  # each zone in one cluster


def _sponsors_and_splits(name: str) -> tuple[int, int, int]:
    fair = Fair("One", (read_hall(DATA / "halls" / "hall-a-144x90.json"),))
    layout = lay_out(fair, read_booth_list(DATA / "booths" / name))
    metrics = measure(layout, check(layout))
    return metrics["sponsors"]["on_main_aisle"], metrics["zones_split"]["count"], len(layout.booths)


def test_a_hall_fills_its_runs_in_bands_where_that_seats_sponsors_or_keeps_zones_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # generated-260-seed5: run by run, five zones of eight reach no main aisle; generated-260-seed6: run by
    # run, a booth is left over and two zones split, unless the wall rows are filled early
    # (`Variant.walls_early`), which keeps it whole too
    seed5, seed6 = "generated-260-seed5.csv", "generated-260-seed6.csv"
    without_walls_early = tuple(v for v in halllayout.layout.VARIANTS if not v.walls_early)
    banded = _sponsors_and_splits(seed5)
    # (zones giving way to others where booths are left over fill it otherwise, `GIVING_WAY`)
    monkeypatch.setattr(halllayout.layout, "GIVING_WAY", ())
    with monkeypatch.context() as patch:
        patch.setattr(halllayout.layout, "VARIANTS", without_walls_early)
        banded_seed6 = _sponsors_and_splits(seed6)
    monkeypatch.setattr(halllayout.layout, "BAND_ORDERS", 0)
    run_by_run = _sponsors_and_splits(seed5)
    assert banded[0] > run_by_run[0] and banded[1] < run_by_run[1] and banded[2] == 260
    assert _sponsors_and_splits(seed6) == banded_seed6 == (5, 0, 260)
    monkeypatch.setattr(halllayout.layout, "VARIANTS", without_walls_early)
    # (the booth left over then stands on the free floor, apart from its zone: a third zone split)
    assert _sponsors_and_splits(seed6) == (7, 3, 260)
    monkeypatch.setattr(halllayout.layout, "_stood_free", lambda filler, spots, *_: spots)
    assert _sponsors_and_splits(seed6) == (7, 2, 259)


def test_a_hall_whose_bands_break_a_rule_is_filled_as_without_them(monkeypatch: pytest.MonkeyPatch) -> None:
    fair = Fair("One", (read_hall(DATA / "halls" / "hall-a-144x90.json"),))
    requests = read_booth_list(DATA / "booths" / "generated-260-seed5.csv")
    filled: list[tuple[bool, bool]] = []  # each fill of the hall: bands tried, bands in the fill returned
    fill_hall = halllayout.layout._fill_hall

    def noted(*args: Any, **kwargs: Any) -> Any:
        result = fill_hall(*args, **kwargs)
        filled.append((args[10] if len(args) > 10 else kwargs.get("bands", True), result[0].banded))
        return result

    monkeypatch.setattr(halllayout.layout, "_fill_hall", noted)
    # the hall taken to break a rule however filled: the way in bands chosen, it is filled again without
    monkeypatch.setattr(halllayout.layout, "_keeps_rules", lambda hall, spots, aisles, but=(): False)
    layout = lay_out(fair, requests)
    # (the hall's zones are filled in other orders too, `_reordered`, each alike)
    assert (False, False) in filled and not any(banded for _, banded in filled)
    monkeypatch.setattr(halllayout.layout, "BAND_ORDERS", 0)
    assert lay_out(fair, requests).booths == layout.booths
