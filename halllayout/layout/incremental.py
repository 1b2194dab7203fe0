"""Re-laying out a changed booth list over the previous layout, moving as few booths as possible.

Every booth still on the list at its old size stays exactly where the previous layout put it, with its
number (so a booth the organiser moved or renumbered by editing layout.json is pinned there). The
aisles stay as they were. The spots of booths that left the list or changed size are freed; new and
resized booths go into those spots, row by row, keeping their keep-apart pairs apart. What finds no
freed spot lengthens a row of its zone where the row's block left floor, then stands across an aisle
from its zone (`row_ends.stand_across`; kept where that leaves no more booths over than the open floor
alone would), and the rest is stacked into the open floor the previous layout left (`open_floor`: the
bands of floor no block took, and empty stretches of wall row), in new blocks with their own aisles
and numbers continuing the hall's (`continued_numbers`). The booths placed then trade spots among themselves
(`regroup`, the kept booths fixed) to keep their zones together. A zone pinned to a hall goes only
there. Whatever still finds no room is unplaced, with the advice to lay the fair out afresh.
A re-layout breaks no rule the previous layout kept: where the booths placed anew would (the open floor
stacked beyond the walk to an exit), they are taken out again (`_rules_kept`) and unplaced, each with
the rule it broke. What still waits then stands on the free floor with aisle all round where it can
(`free_floor.stand_free`: an island added to the list, in the rows and aisles a zone that left freed),
the hall breaking no rule it did not break before.

The previous layout's vacant booth spots (`Vacancy`) are freed spots too, keeping their numbers; a booth
going into a spot without one is numbered after the booth beside it in its row. A booth goes into a
freed spot beside its zone only where it then stands beside a booth of its zone (a deep spot, an
island's, takes it at its front, away from a zone behind it); a vacant spot takes other booths only
once the open floor is full. What is left of the freed spots once all is placed is the new layout's
vacant spots (`vacancies.vacated`), so that a spot a booth left stays on the plan, to sell, through
every re-layout after.

Pins (`Pin`, from a pins file) come before all that: each pinned booth stands where its pin says, the
booths of the previous layout under it move like new ones, and the open floor under it is cut away.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from halllayout.layout.free_floor import cut_round, stand_free
from halllayout.layout.lawful import broken_rules, within_travel
from halllayout.layout.numbering import continued_numbers, open_sides
from halllayout.layout.open_floor import OpenFloor, fill_open_floor, open_floor_around
from halllayout.layout.placement import EPSILON, PlacedIndex, Spot, neighbours, overlaps
from halllayout.layout.queue import row_module
from halllayout.layout.regroup import regroup
from halllayout.layout.row_ends import (
    SidesOf,
    block_extent,
    lengthen_rows,
    overlapping,
    stand_across,
    within_row_rule,
)
from halllayout.layout.site import Rect, Site, build_site, wall_gaps
from halllayout.layout.stacking import backing_sides
from halllayout.layout.vacancies import vacated
from halllayout.model import (
    Aisle,
    BoothRequest,
    Fair,
    Hall,
    Layout,
    Pin,
    PlacedBooth,
    PreviousBooth,
    PreviousLayout,
    Side,
    Unplaced,
    Vacancy,
)
from halllayout.rules.check import RULES
from halllayout.rules.geometry import Walls
from halllayout.rules.metrics import OPEN_SIDES_NEEDED
from halllayout.rules.report import RuleResult

__all__ = ["Changes", "as_previous", "lay_out_again"]

#: How many places on the free floor a re-layout tries for each row or booth still waiting
#: (`free_floor.stand_free`): fewer than a fresh layout, whose rule checks of a hall cost less. Over the
#: bench re-layouts: 2,485 booths placed anew in 212 s with 32, 2,467 in 181 s with 8.
RELAYOUT_PLACES = 8
#: Rounds of taking out the new booths a rule broken anew names, before those placed beyond the freed
#: spots go.
NAMED_ROUNDS = 3


def as_previous(layout: Layout) -> PreviousLayout:
    """`layout` as a previous layout to lay out again over (as if written and read back)."""
    booths = tuple(
        PreviousBooth(b.request.ref, b.number, b.hall_id, b.x0, b.y0, b.x1, b.y1, b.front)
        for b in layout.booths
    )
    return PreviousLayout("layout", booths, layout.aisles, layout.vacant)


@dataclass(frozen=True)
class Changes:
    """What a re-layout changed against the previous layout, by ref."""

    kept: int
    moved: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]
    #: Booths placed where the pins put them, and booths that kept their place but gave their number
    #: up to a pinned booth (numbered again on their aisle).
    pinned: tuple[str, ...] = ()
    renumbered: tuple[str, ...] = ()

    def document(self) -> dict[str, object]:
        """JSON-ready, for layout.json's metrics."""
        return {
            "kept": self.kept,
            "moved": list(self.moved),
            "added": list(self.added),
            "removed": list(self.removed),
            "pinned": list(self.pinned),
            "renumbered": list(self.renumbered),
        }


def _same_size(r: BoothRequest, b: PreviousBooth) -> bool:
    return sorted((r.width, r.depth)) == sorted((round(b.x1 - b.x0, 3), round(b.y1 - b.y0, 3)))


@dataclass
class _Segment:
    """Freed spots standing side by side in one row: [lo, hi] along the row, [c0, c1] across it."""

    front: Side
    lo: float
    hi: float
    c0: float
    c1: float
    numbers: list[tuple[float, str]]
    #: Whether it is a previous layout's vacant spot rather than a booth's (`Vacancy`, its ref "")
    vacant: bool = False


def _segments(freed: list[PreviousBooth]) -> list[_Segment]:
    """Freed spots merged into stretches of row, in the order of their old numbers."""
    segments: list[_Segment] = []
    ordered = sorted(
        freed, key=lambda b: (b.front, (b.y0, b.y1, b.x0) if b.front in "NS" else (b.x0, b.x1, b.y0))
    )
    for b in ordered:
        along = b.front in "NS"
        lo, hi, c0, c1 = (b.x0, b.x1, b.y0, b.y1) if along else (b.y0, b.y1, b.x0, b.x1)
        last = segments[-1] if segments else None
        if (
            last is not None
            and last.front == b.front
            and (last.c0, last.c1) == (c0, c1)
            and abs(last.hi - lo) < EPSILON
            and last.vacant == (not b.ref)
        ):
            last.hi = hi
            last.numbers += [(lo, b.number)] if b.number else []
        else:
            numbers = [(lo, b.number)] if b.number else []
            segments.append(_Segment(b.front, lo, hi, c0, c1, numbers, vacant=not b.ref))
    # by their first numbers; those without one (vacant spots never numbered) last, in row order
    segments.sort(key=lambda s: (not s.numbers, s.numbers[0][1] if s.numbers else ""))
    return segments


def _zones_beside(segment: _Segment, spots: Sequence[Spot], reach: float) -> set[str]:
    """The zones of the booths of `spots` beside the stretch of freed row `segment` (the spot of a booth
    moved into what is left of it: its front and depth as the freed booths'), touching it or facing it
    across at most `reach` metres, as the metrics count neighbours."""
    along = segment.front in "NS"
    rect = (
        (segment.lo, segment.c0, segment.hi, segment.c1)
        if along
        else (segment.c0, segment.lo, segment.c1, segment.hi)
    )
    return {s.request.zone for s in spots if neighbours(rect, (s.x0, s.y0, s.x1, s.y1), reach)}


def _new_number(base: str, taken: set[str]) -> str:
    """A number on the same aisle and side as `base` (hall, aisle digits, then odd or even), unused."""
    digits = len(base) - len(base.rstrip("0123456789"))
    if digits < 2:
        stem, sequence = base, 1
    else:
        stem, sequence = base[:-2], int(base[-2:])
    while True:
        sequence += 2
        candidate = f"{stem}{sequence:02d}"
        if candidate not in taken:
            return candidate


def lay_out_again(
    fair: Fair, requests: Sequence[BoothRequest], previous: PreviousLayout, pins: Sequence[Pin] = ()
) -> tuple[Layout, Changes]:
    """Lay `requests` out over `previous`: unchanged booths stay put, the rest fill the freed spots and
    then the open floor.

    `pins` (checked by `read.pins.check_pins`) put booths where they say, before anything else: a
    booth of the previous layout standing where a pin puts another moves (it is placed again like a
    new one), and a booth keeping a number a pin gives is numbered again on its aisle."""
    halls = {h.id: h for h in fair.halls}
    by_ref = {r.ref: r for r in requests}
    pinned_at = {pin.ref: (pin, pin.rect(by_ref[pin.ref].width, by_ref[pin.ref].depth)) for pin in pins}

    def under_pin(b: PreviousBooth) -> bool:
        return any(
            pin.hall_id == b.hall_id and overlaps((b.x0, b.y0, b.x1, b.y1), rect)
            for pin, rect in pinned_at.values()
        )

    kept: dict[str, list[tuple[PreviousBooth, BoothRequest]]] = {h: [] for h in halls}
    freed: dict[str, list[PreviousBooth]] = {h: [] for h in halls}
    # spots a pin stands on (in part): what the pins leave of them is vacant, where nothing else takes it
    pinned_over: dict[str, list[PreviousBooth]] = {h: [] for h in halls}
    numbers_given = {pin.number for pin in pins if pin.number is not None}
    displaced: dict[str, list[str]] = {}
    for b in previous.booths:
        r = by_ref.get(b.ref)
        if b.hall_id not in halls:
            continue
        if b.ref in pinned_at or under_pin(b):
            if not under_pin(b):
                freed[b.hall_id].append(b)  # a pinned booth's old spot
            else:
                pinned_over[b.hall_id].append(b)
                if b.ref not in pinned_at:
                    displaced.setdefault(b.hall_id, []).append(b.number)
        elif r is not None and _same_size(r, b):
            kept[b.hall_id].append((b, r))
        else:
            freed[b.hall_id].append(b)
    for v in previous.vacant:
        spot = PreviousBooth("", v.number, v.hall_id, v.x0, v.y0, v.x1, v.y1, v.front)
        if v.hall_id in halls:
            (pinned_over if under_pin(spot) else freed)[v.hall_id].append(spot)
    unchanged = {b.ref for pairs in kept.values() for b, _ in pairs}
    previous_by_ref = {b.ref: b for b in previous.booths}
    for pin, rect in pinned_at.values():
        old = previous_by_ref.get(pin.ref)
        number = pin.number or ""
        if (
            old is not None
            and old.hall_id == pin.hall_id
            and (old.x0, old.y0, old.x1, old.y1) == rect
            and number in ("", old.number)
        ):
            number = old.number  # pinned where it stood, as it was
            unchanged.add(pin.ref)
        spot = PreviousBooth(pin.ref, number, pin.hall_id, *rect, front=pin.front)
        kept[pin.hall_id].append((spot, by_ref[pin.ref]))
    kept_refs = {b.ref for pairs in kept.values() for b, _ in pairs}
    renumbered: list[str] = []
    previous_refs = {b.ref for b in previous.booths}
    waiting = [r for r in requests if r.ref not in kept_refs]
    involved = frozenset(ref for r in requests for ref in (r.ref, *r.keep_apart) if r.keep_apart)
    module = row_module(requests)

    pinned = {zone: hall.id for hall in fair.halls for zone in hall.zones}
    placed: set[str] = set()

    def waiting_for(hall: Hall) -> list[BoothRequest]:
        """The booths still waiting that may go into `hall`: those of zones pinned to no other hall."""
        return [r for r in waiting if r.ref not in placed and pinned.get(r.zone, hall.id) == hall.id]

    # a zone's booths go to the halls where its booths stand, while one of them has room
    zone_halls: dict[str, set[str]] = {}
    for hall_id, pairs in kept.items():
        for _, r in pairs:
            zone_halls.setdefault(r.zone, set()).add(hall_id)

    def near_zone(hall: Hall) -> list[BoothRequest]:
        """The booths waiting for `hall` whose zone stands there, or in no hall."""
        return [r for r in waiting_for(hall) if hall.id in zone_halls.get(r.zone, {hall.id})]

    indexes: dict[str, PlacedIndex] = {}
    numbers: dict[str, list[str]] = {}
    #: Per hall, every number given or not to be given: the previous layout's, the pins', those given now.
    taken_in: dict[str, set[str]] = {}
    segments: dict[str, list[_Segment]] = {}

    def into_freed(hall: Hall, segment: _Segment, here: list[BoothRequest], with_zone: bool = False) -> None:
        index = indexes[hall.id]
        before = len(index.spots)
        beside = _number_beside(segment, index.spots, numbers[hall.id])
        _fill(
            segment,
            here,
            index,
            numbers[hall.id],
            taken_in[hall.id],
            hall.rules.max_row_length,
            beside,
            hall.main_aisle if with_zone else None,
        )
        placed.update(s.request.ref for s in index.spots[before:])

    for hall in fair.halls:
        index = indexes[hall.id] = PlacedIndex(hall.main_aisle, involved)
        numbers[hall.id] = []
        taken = taken_in[hall.id] = (
            {b.number for b in previous.booths if b.hall_id == hall.id}
            | {v.number for v in previous.vacant if v.hall_id == hall.id and v.number}
            | numbers_given
        )
        for b, r in kept[hall.id]:
            index.add(Spot(r, b.x0, b.y0, b.x1, b.y1, b.front, 0, len(index.spots)))
            number = b.number
            if r.ref not in pinned_at and number in numbers_given:
                number = _new_number(number, taken)  # a pin takes its number
                renumbered.append(r.ref)
            taken.add(number)
            numbers[hall.id].append(number)
        _number_pins(
            hall, module, index.spots, numbers[hall.id], displaced.get(hall.id, []), taken, numbers_given
        )
        segments[hall.id] = _segments(freed[hall.id])
    #: Per hall, how many of its spots are the kept and pinned booths' (they come first).
    standing_before = {hall_id: len(index.spots) for hall_id, index in indexes.items()}
    aisles = _cut_open_floor(
        [a for a in previous.aisles if a.hall_id in halls],
        [(pin.hall_id, rect) for pin, rect in pinned_at.values()],
        min(h.secondary_aisle for h in fair.halls),
    )
    aisles_before = list(aisles)
    #: Per hall, the refs of the booths placed beyond its freed spots (row ends, across, open floor).
    off_freed: dict[str, set[str]] = {h: set() for h in halls}

    def into_open_floor(hall: Hall, here: list[BoothRequest]) -> None:
        """Row booths of `here` lengthen their zone's rows first, then booths stand across an aisle
        from their zone, then the rest go into the open floor of `hall`."""
        nonlocal aisles
        index = indexes[hall.id]
        hall_aisles = [a for a in aisles if a.hall_id == hall.id]
        standing = list(index.spots)
        site = build_site(hall, module)
        obstacles = [*site.obstacles, *wall_gaps(site.wall_pieces)]
        sides_of = _sides_in(hall)
        lengthened = lengthen_rows(hall, module, index, here, hall_aisles, obstacles, sides_of)
        placed.update(s.request.ref for s in lengthened)
        rest = [r for r in here if r.ref not in placed]
        # standing across takes open floor the blocks might have needed: kept only where it leaves
        # no more booths over than the open floor alone
        trial = _into_open_floor(hall, module, site, index, rest, hall_aisles, obstacles, sides_of)
        if trial.left:
            plain = _into_open_floor(hall, module, site, index, rest, hall_aisles, None, sides_of)
            trial = plain if plain.left < trial.left else trial
        across, floor = trial.across, trial.floor
        stacked = list(floor.spots) if floor is not None else []
        within = within_row_rule(trial.index.spots, stacked, hall.rules.max_row_length)
        if len(within) < len(stacked):
            # a block stacked against the end of a row standing there, too long together: its booths
            # that make it so wait on (`row_ends.within_row_rule`)
            gone = {s.request.ref for s in stacked} - {s.request.ref for s in within}
            rebuilt = PlacedIndex(hall.main_aisle, involved)
            for spot in trial.index.spots:
                if spot.request.ref not in gone:
                    rebuilt.add(spot)
            trial = dataclasses.replace(trial, index=rebuilt)
        indexes[hall.id] = trial.index
        new = [*lengthened, *across, *within]
        off_freed[hall.id].update(s.request.ref for s in new)
        if new:
            taken = taken_in[hall.id]
            numbers[hall.id] += continued_numbers(
                hall.id,
                site.runs,
                standing,
                numbers[hall.id],
                new,
                hall.secondary_aisle,
                taken,
                past=taken - numbers_given,
            )
            placed.update(s.request.ref for s in new)
        if floor is not None and floor.spots:
            replaced = set(floor.replaced)
            aisles = [a for a in aisles if a not in replaced] + list(floor.aisles)
        if across:  # the open floor they stand on that no block took, cut round them
            cut = open_floor_around(
                [a for a in aisles if a.hall_id == hall.id],
                [(s.x0, s.y0, s.x1, s.y1) for s in across],
                hall.secondary_aisle,
            )
            aisles = [a for a in aisles if a.hall_id != hall.id] + cut

    # freed spots first, in every hall: each zone's booths into those beside its own booths (where the
    # booth then stands beside its zone: a freed spot may be deep, an island's, and the booth stands at
    # its front), then into those of the halls where it stands; then the open floor there, hall by hall;
    # then what still waits goes into any hall's freed spots and open floor. Over 60 seeded edits of
    # the samples: zones split 128 -> 117 with the first pass so
    for hall in fair.halls:
        for segment in segments[hall.id]:
            home = _zones_beside(segment, indexes[hall.id].spots, hall.main_aisle)
            here = [r for r in near_zone(hall) if r.zone and r.zone in home]
            into_freed(hall, segment, here, with_zone=True)
    for hall in fair.halls:
        # a spot vacant before waits for the booths still waiting once the open floor is full: left
        # vacant by a zone that went elsewhere, it may stand among other zones (held over for the next
        # hall) or apart from its own (a stray's, before it rejoined). Taken here too, zones split 161
        # times over the 60 seeded edits, against 117
        for segment in (s for s in segments[hall.id] if not s.vacant):
            into_freed(hall, segment, near_zone(hall))
    for hall in fair.halls:
        here = near_zone(hall)
        if here:
            into_open_floor(hall, here)
    for hall in fair.halls:
        for segment in segments[hall.id]:
            into_freed(hall, segment, waiting_for(hall))
        here = waiting_for(hall)
        if here:
            into_open_floor(hall, here)
    # the booths placed anew that break a rule the hall kept before are taken out again
    left_out: dict[str, str] = {}
    for hall in fair.halls:
        hall_aisles = [a for a in aisles if a.hall_id == hall.id]
        spots = list(indexes[hall.id].spots)
        first = standing_before[hall.id]
        if len(spots) == first:
            continue
        before = [a for a in aisles_before if a.hall_id == hall.id]
        kept_at, lawful_aisles, gone = _rules_kept(
            hall, spots, first, hall_aisles, before, off_freed[hall.id]
        )
        if not gone:
            continue
        left_out.update(gone)
        placed.difference_update(gone)
        rebuilt = PlacedIndex(hall.main_aisle, involved)
        for k in kept_at:
            rebuilt.add(spots[k])
        indexes[hall.id] = rebuilt
        numbers[hall.id] = [numbers[hall.id][k] for k in kept_at]
        aisles = [a for a in aisles if a.hall_id != hall.id] + lawful_aisles

    def on_free_floor(hall: Hall, here: list[BoothRequest]) -> None:
        """Booths of `here` stand on the free floor of `hall` with aisle all round (`free_floor`), where
        they are within the walk to an exit, the hall breaks no rule it did not break before and no
        more stands are short of open sides."""
        nonlocal aisles
        index = indexes[hall.id]
        standing = list(index.spots)
        hall_aisles = [a for a in aisles if a.hall_id == hall.id]
        broken = set(broken_rules(hall, standing, hall_aisles))
        sides_of = _sides_in(hall)

        def short(spots: Sequence[Spot]) -> int:
            opened = sides_of(spots)
            return sum(
                len(o) < OPEN_SIDES_NEEDED.get(s.request.type, 1) for s, o in zip(spots, opened, strict=True)
            )

        short_before = short(standing)

        def lawful(result: list[Spot], after: list[Aisle], start: int) -> list[Aisle] | None:
            if (
                within_travel(hall, result, after, start)[1]
                or set(broken_rules(hall, result, after)) - broken
            ):
                return None
            return after if short(result) <= short_before else None

        site = build_site(hall, module)
        new, after = stand_free(site, index, hall_aisles, here, lawful, RELAYOUT_PLACES)
        if not new:
            return
        taken = taken_in[hall.id]
        numbers[hall.id] += continued_numbers(
            hall.id, site.runs, standing, numbers[hall.id], new, hall.secondary_aisle, taken,
            past=taken - numbers_given,
        )  # fmt: skip
        placed.update(s.request.ref for s in new)
        aisles = [a for a in aisles if a.hall_id != hall.id] + after
        ring = hall.secondary_aisle
        ringed[hall.id] += [(s.x0 - ring, s.y0 - ring, s.x1 + ring, s.y1 + ring) for s in new]

    #: Per hall, the booths stood on the free floor grown by their ring of aisle: no spot is vacant there.
    ringed: dict[str, list[Rect]] = {h: [] for h in halls}

    # what still waits (an island added to the list, which no freed spot or open floor holds) stands on
    # the free floor: in the halls where its zone stands first, then in any
    for waiting_here in (near_zone, waiting_for):
        for hall in fair.halls:
            here = waiting_here(hall)
            if here:
                on_free_floor(hall, here)
    booths: list[PlacedBooth] = []
    vacant: list[Vacancy] = []
    for hall in fair.halls:
        index = indexes[hall.id]
        # what is left of the freed spots, the numbers no booth took kept
        spots_freed = [
            Vacancy(hall.id, b.x0, b.y0, b.x1, b.y1, b.front, b.number)
            for b in [*freed[hall.id], *pinned_over[hall.id]]
        ]
        standing = [(s.x0, s.y0, s.x1, s.y1) for s in index.spots]
        vacant += vacated(spots_freed, standing + ringed[hall.id], set(numbers[hall.id]))
        sides = _open_sides(hall, index.spots)  # regrouping moves booths, not spots: sides hold
        spots = regroup(
            index.spots,
            hall.main_aisle,
            module,
            main_aisles=[
                (a.x0, a.y0, a.x1, a.y1) for a in aisles if a.hall_id == hall.id and a.kind == "main"
            ],
            entrances=[door.at for door in hall.entrances],
            fixed=frozenset(r.ref for _, r in kept[hall.id]),
            open_sides=[len(opened) for opened in sides],
            near_entrances=True,
        )
        booths += _placed(hall, spots, numbers[hall.id], sides)
    unplaced = [
        Unplaced(
            r,
            left_out.get(r.ref, "no freed spot, open floor or free floor in the previous layout fits it")
            + "; lay the fair out afresh (without --previous)",
        )
        for r in waiting
        if r.ref not in placed
    ]
    placed_refs = {b.request.ref for b in booths}
    changes = Changes(
        kept=len(unchanged),
        moved=tuple(
            r.ref
            for r in requests
            if r.ref in previous_refs
            and r.ref not in unchanged
            and r.ref in placed_refs
            and r.ref not in pinned_at
        ),
        added=tuple(
            r.ref
            for r in requests
            if r.ref not in previous_refs and r.ref in placed_refs and r.ref not in pinned_at
        ),
        removed=tuple(b.ref for b in previous.booths if b.ref not in by_ref),
        pinned=tuple(pin.ref for pin in pins),
        renumbered=tuple(renumbered),
    )
    booths.sort(key=lambda b: (list(halls).index(b.hall_id), b.number))
    return Layout(fair, tuple(booths), tuple(aisles), tuple(unplaced), tuple(vacant)), changes


def _rules_kept(
    hall: Hall,
    spots: Sequence[Spot],
    first: int,
    aisles: Sequence[Aisle],
    before: Sequence[Aisle],
    off_freed: set[str],
) -> tuple[list[int], list[Aisle], dict[str, str]]:
    """Where the booths at `spots` between `aisles` break a rule of `hall` that its first `first` spots
    (the kept and pinned booths) kept between its aisles `before` the re-layout: the places in `spots`
    kept, the aisles, and why each booth taken out is (by ref). Taken out in turn until the hall breaks
    no more rules than before: the new booths beyond the walk to an exit (`within_travel`); those a
    newly broken rule names; those placed beyond the freed spots (`off_freed`), with the aisles as they
    were; every new booth. Nothing is taken out of a hall that breaks no rule it kept."""
    every = list(range(len(spots)))
    broken = broken_rules(hall, spots, aisles)
    if not broken:
        return every, list(aisles), {}
    kept_before = set(RULES) - set(broken_rules(hall, spots[:first], before))
    if not kept_before & set(broken):
        return every, list(aisles), {}
    gone: dict[str, str] = {}

    def why(result: RuleResult) -> str:
        limit = f" ({result.limit:g} {result.unit})" if result.unit == "m" else ""
        return (
            f"placed anew in hall {hall.id}, it broke the {result.rule.replace('_', ' ')} rule{limit} "
            "the previous layout kept"
        )

    positions = every
    if "travel_distance" in kept_before & set(broken):
        far = {s.request.ref for s in within_travel(hall, list(spots), aisles, kept=first)[1]}
        gone.update(dict.fromkeys(sorted(far), why(broken["travel_distance"])))
        positions = [k for k in positions if spots[k].request.ref not in far]
    for _ in range(NAMED_ROUNDS):
        current = [spots[k] for k in positions]
        broken = broken_rules(hall, current, aisles)
        newly = sorted(kept_before & set(broken))
        if not newly:
            return positions, list(aisles), gone
        named = {
            int(o): name
            for name in newly
            for o in broken[name].offenders
            if o.isdigit() and first <= int(o) < len(current)
        }
        if not named:
            break
        for o, name in sorted(named.items()):
            gone[current[o].request.ref] = why(broken[name])
        positions = [k for j, k in enumerate(positions) if j not in named]
    reason = why(next(broken[name] for name in sorted(kept_before & set(broken))))
    positions = [k for k in positions if spots[k].request.ref not in off_freed]
    gone.update({ref: reason for ref in sorted(off_freed) if ref not in gone})
    if kept_before & set(broken_rules(hall, [spots[k] for k in positions], before)):
        positions = list(range(first))
        gone.update({s.request.ref: reason for s in spots[first:] if s.request.ref not in gone})
    return positions, list(before), gone


@dataclass(frozen=True)
class _OpenFloorTrial:
    """One way of placing a hall's waiting booths beyond its freed spots and row ends: the index they
    were added to (a copy), those standing across an aisle from their zone, the open floor filled,
    and how many were left over."""

    index: PlacedIndex
    across: list[Spot]
    floor: OpenFloor | None
    left: int


def _into_open_floor(
    hall: Hall,
    module: float,
    site: Site,
    index: PlacedIndex,
    waiting: Sequence[BoothRequest],
    aisles: Sequence[Aisle],
    obstacles: Sequence[Rect] | None,
    sides_of: SidesOf,
) -> _OpenFloorTrial:
    """`waiting` placed on a copy of `index`: across an aisle from their zones first (`stand_across`,
    with `obstacles`; skipped for None), then into the open floor of `aisles`."""
    trial = PlacedIndex(index.reach, index.involved, index.cell)
    for spot in index.spots:
        trial.add(spot)
    across = (
        stand_across(hall, module, trial, waiting, aisles, obstacles, sides_of)
        if obstacles is not None
        else []
    )
    stood = {s.request.ref for s in across}
    rest = [r for r in waiting if r.ref not in stood]
    floor = fill_open_floor(site, trial, rest, aisles) if rest else None
    return _OpenFloorTrial(trial, across, floor, len(floor.waiting) if floor is not None else 0)


def _cut_open_floor(
    aisles: list[Aisle], pinned: Sequence[tuple[str, tuple[float, float, float, float]]], least: float
) -> list[Aisle]:
    """`aisles` with the open floor under a pinned booth cut away: each `open` band a pin stands on
    becomes the bands beside, below and above it that are `least` metres across or more.

    >>> band = Aisle("A", "open", 0, 0, 30, 6)
    >>> [(a.x0, a.y0, a.x1, a.y1) for a in _cut_open_floor([band], [("A", (9, 0, 12, 3))], 3)]
    [(0, 0, 9, 6), (12, 0, 30, 6), (9, 3, 12, 6)]
    """
    result = list(aisles)
    for hall_id, rect in pinned:
        cut: list[Aisle] = []
        for a in result:
            if a.kind != "open" or a.hall_id != hall_id:
                cut.append(a)
                continue
            pieces = cut_round([a], rect)
            cut += (
                pieces
                if pieces == [a]
                else [p for p in pieces if p.x1 - p.x0 >= least - EPSILON and p.y1 - p.y0 >= least - EPSILON]
            )
        result = cut
    return result


def _number_pins(
    hall: Hall,
    module: float,
    spots: Sequence[Spot],
    numbers: list[str],
    displaced: Sequence[str],
    taken: set[str],
    given: set[str],
) -> None:
    """Number the pinned booths that come without a number (an empty one in `numbers`): the numbers of
    the booths they displaced, in order, then numbers continuing the hall's (`continued_numbers`; the
    numbers `given` by pins do not count towards the hall's highest aisle)."""
    free = [n for n in displaced if n not in numbers]
    blank = [k for k, n in enumerate(numbers) if not n]
    for k in blank:
        if free:
            numbers[k] = free.pop(0)
            taken.add(numbers[k])
    blank = [k for k, n in enumerate(numbers) if not n]
    if blank:
        standing = [k for k, n in enumerate(numbers) if n]
        new = continued_numbers(
            hall.id,
            build_site(hall, module).runs,
            [spots[k] for k in standing],
            [numbers[k] for k in standing],
            [spots[k] for k in blank],
            hall.secondary_aisle,
            taken,
            past=taken - given,
        )
        for k, number in zip(blank, new, strict=True):
            numbers[k] = number


def _fill(
    segment: _Segment,
    waiting: list[BoothRequest],
    index: PlacedIndex,
    numbers: list[str],
    taken: set[str],
    max_row: float,
    beside: str | None = None,
    with_zone: float | None = None,
) -> list[BoothRequest]:
    """Place waiting booths along `segment`, in list order (added to `index`, their numbers to
    `numbers`), from its free end on; the ones still waiting. `segment` keeps what is left free of it,
    and the numbers not yet given; once they run out, booths are numbered on after `beside` (the number
    of the booth beside the segment in its row, where one stands), else after the hall's last. A booth
    goes only where no booth placed since the segment was freed stands (a row lengthened onto it) and
    its block stays within `max_row` metres (the row may have been lengthened at its other end), and,
    with `with_zone`, where it has a booth of its zone as a neighbour (`neighbours` within `with_zone`
    metres)."""
    cursor = segment.lo
    still: list[BoothRequest] = []
    near: list[Spot] = []
    if with_zone is not None:
        along = segment.front in "NS"
        whole = (
            (segment.lo, segment.c0, segment.hi, segment.c1)
            if along
            else (segment.c0, segment.lo, segment.c1, segment.hi)
        )
        near = [s for s in index.spots if neighbours(whole, (s.x0, s.y0, s.x1, s.y1), with_zone)]
    free_numbers = [n for _, n in sorted(segment.numbers)]
    rects = np.array([(s.x0, s.y0, s.x1, s.y1) for s in index.spots], dtype=float).reshape(-1, 4)
    for r in waiting:
        room = segment.c1 - segment.c0
        if r.width > segment.hi - cursor + EPSILON or r.depth > room + EPSILON:
            still.append(r)
            continue
        if segment.front in ("S", "W"):
            a0, a1 = segment.c0, segment.c0 + r.depth
        else:
            a0, a1 = segment.c1 - r.depth, segment.c1
        rect = (
            (cursor, a0, cursor + r.width, a1)
            if segment.front in "NS"
            else (a0, cursor, a1, cursor + r.width)
        )
        if not index.keeps_apart(r, rect) or _blocked(rects, rect, max_row):
            still.append(r)
            continue
        if with_zone is not None and not any(
            s.request.zone == r.zone and neighbours(rect, (s.x0, s.y0, s.x1, s.y1), with_zone) for s in near
        ):
            still.append(r)
            continue
        index.add(Spot(r, *rect, front=segment.front, run=0, order=len(index.spots)))
        near.append(index.spots[-1])
        rects = np.vstack([rects, np.array(rect, dtype=float)])
        number = (
            free_numbers.pop(0)
            if free_numbers
            else _new_number(beside or (numbers[-1] if numbers else "A0000"), taken)
        )
        while number in numbers:
            number = _new_number(number, taken)
        taken.add(number)
        numbers.append(number)
        cursor += r.width
    segment.lo = cursor
    segment.numbers = [(at, n) for at, n in segment.numbers if n in free_numbers]
    return still


def _number_beside(segment: _Segment, spots: Sequence[Spot], numbers: Sequence[str]) -> str | None:
    """The number of the booth of `spots` (numbered `numbers`) standing beside `segment` in its row, the
    one before it first: facing the same way, its front on the same line, touching an end of it; None
    where none does."""
    along = segment.front in "NS"
    line = segment.c1 if segment.front in "NE" else segment.c0
    before = after = None
    for spot, number in zip(spots, numbers, strict=False):
        x0, y0, x1, y1 = spot.x0, spot.y0, spot.x1, spot.y1
        lo, hi, c0, c1 = (x0, x1, y0, y1) if along else (y0, y1, x0, x1)
        if spot.front != segment.front or abs((c1 if spot.front in "NE" else c0) - line) > EPSILON:
            continue
        if abs(hi - segment.lo) < EPSILON:
            before = number
        elif abs(lo - segment.hi) < EPSILON:
            after = number
    return before or after


def _blocked(rects: np.ndarray, rect: Rect, max_row: float) -> bool:
    """Whether `rect` overlaps one of `rects` `(n, 4)`, or would join them into a block longer than
    `max_row` metres."""
    if overlapping(np.array([rect], dtype=float), rects)[0]:
        return True
    return block_extent(rects, rect) > max_row + EPSILON


def _open_sides(hall: Hall, spots: Sequence[Spot]) -> list[tuple[Side, ...]]:
    """Each spot's open sides in `hall` (`numbering.open_sides`, walls and obstacles included)."""
    return _sides_in(hall)(spots)


def _sides_in(hall: Hall) -> SidesOf:
    """`_open_sides` for `hall`, its walls and obstacles made once for many calls."""
    walls = Walls(hall)

    def sides_of(spots: Sequence[Spot]) -> list[tuple[Side, ...]]:
        return open_sides(spots, backing_sides(spots, walls, hall.secondary_aisle), hall.secondary_aisle)

    return sides_of


def _placed(
    hall: Hall, spots: Sequence[Spot], numbers: Sequence[str], sides: Sequence[tuple[Side, ...]]
) -> list[PlacedBooth]:
    return [
        PlacedBooth(n, s.request, hall.id, s.x0, s.y0, s.x1, s.y1, s.front, opened)
        for s, n, opened in zip(spots, numbers, sides, strict=True)
    ]
