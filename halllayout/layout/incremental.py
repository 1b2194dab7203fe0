"""Re-laying out a changed booth list over the previous layout, moving as few booths as possible.

Every booth still on the list at its old size stays exactly where the previous layout put it, with its
number (so a booth the organiser moved or renumbered by editing layout.json is pinned there). The
aisles stay as they were. The spots of booths that left the list or changed size are freed; new and
resized booths go into those spots, row by row, keeping their keep-apart pairs apart, and then trade
spots among themselves (`regroup`, the kept booths fixed) to keep their zones together. Whatever finds
no free spot is unplaced, with the advice to lay the fair out afresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shapely import Polygon as ShapelyPolygon

from halllayout.layout.numbering import open_sides
from halllayout.layout.placement import EPSILON, PlacedIndex, Spot
from halllayout.layout.queue import row_module
from halllayout.layout.regroup import regroup
from halllayout.layout.site import solid_obstacles
from halllayout.layout.stacking import backing_sides
from halllayout.model import (
    BoothRequest,
    Fair,
    Hall,
    Layout,
    PlacedBooth,
    PreviousBooth,
    PreviousLayout,
    Side,
    Unplaced,
)

__all__ = ["Changes", "lay_out_again"]


@dataclass(frozen=True)
class Changes:
    """What a re-layout changed against the previous layout, by ref."""

    kept: int
    moved: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]

    def document(self) -> dict[str, object]:
        """JSON-ready, for layout.json's metrics."""
        return {
            "kept": self.kept,
            "moved": list(self.moved),
            "added": list(self.added),
            "removed": list(self.removed),
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
        ):
            last.hi = hi
            last.numbers.append((lo, b.number))
        else:
            segments.append(_Segment(b.front, lo, hi, c0, c1, [(lo, b.number)]))
    segments.sort(key=lambda s: s.numbers[0][1])
    return segments


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
    fair: Fair, requests: Sequence[BoothRequest], previous: PreviousLayout
) -> tuple[Layout, Changes]:
    """Lay `requests` out over `previous`: unchanged booths stay put, the rest fill the freed spots."""
    halls = {h.id: h for h in fair.halls}
    by_ref = {r.ref: r for r in requests}
    kept: dict[str, list[tuple[PreviousBooth, BoothRequest]]] = {h: [] for h in halls}
    freed: dict[str, list[PreviousBooth]] = {h: [] for h in halls}
    for b in previous.booths:
        r = by_ref.get(b.ref)
        if b.hall_id not in halls:
            continue
        if r is not None and _same_size(r, b):
            kept[b.hall_id].append((b, r))
        else:
            freed[b.hall_id].append(b)
    kept_refs = {b.ref for pairs in kept.values() for b, _ in pairs}
    previous_refs = {b.ref for b in previous.booths}
    waiting = [r for r in requests if r.ref not in kept_refs]
    involved = frozenset(ref for r in requests for ref in (r.ref, *r.keep_apart) if r.keep_apart)
    module = row_module(requests)

    booths: list[PlacedBooth] = []
    for hall in fair.halls:
        index = PlacedIndex(hall.main_aisle, involved)
        numbers: list[str] = []
        for b, r in kept[hall.id]:
            index.add(Spot(r, b.x0, b.y0, b.x1, b.y1, b.front, 0, len(index.spots)))
            numbers.append(b.number)
        taken = {b.number for b in previous.booths if b.hall_id == hall.id}
        for segment in _segments(freed[hall.id]):
            waiting = _fill(segment, waiting, index, numbers, taken)
        spots = regroup(
            index.spots,
            hall.main_aisle,
            module,
            main_aisles=[
                (a.x0, a.y0, a.x1, a.y1) for a in previous.aisles if a.hall_id == hall.id and a.kind == "main"
            ],
            entrances=[door.at for door in hall.entrances],
            fixed=frozenset(r.ref for _, r in kept[hall.id]),
        )
        booths += _placed(hall, spots, numbers)
    unplaced = [
        Unplaced(
            r, "no free spot in the previous layout fits it; lay the fair out afresh (without --previous)"
        )
        for r in waiting
    ]
    placed_refs = {b.request.ref for b in booths}
    changes = Changes(
        kept=len(kept_refs),
        moved=tuple(
            r.ref
            for r in requests
            if r.ref in previous_refs and r.ref not in kept_refs and r.ref in placed_refs
        ),
        added=tuple(r.ref for r in requests if r.ref not in previous_refs and r.ref in placed_refs),
        removed=tuple(b.ref for b in previous.booths if b.ref not in by_ref),
    )
    aisles = tuple(a for a in previous.aisles if a.hall_id in halls)
    booths.sort(key=lambda b: (list(halls).index(b.hall_id), b.number))
    return Layout(fair, tuple(booths), aisles, tuple(unplaced)), changes


def _fill(
    segment: _Segment, waiting: list[BoothRequest], index: PlacedIndex, numbers: list[str], taken: set[str]
) -> list[BoothRequest]:
    """Place waiting booths along `segment`, in list order; the ones still waiting."""
    cursor = segment.lo
    still: list[BoothRequest] = []
    free_numbers = [n for _, n in sorted(segment.numbers)]
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
        if not index.keeps_apart(r, rect):
            still.append(r)
            continue
        index.add(Spot(r, *rect, front=segment.front, run=0, order=len(index.spots)))
        number = (
            free_numbers.pop(0) if free_numbers else _new_number(numbers[-1] if numbers else "A0000", taken)
        )
        while number in numbers:
            number = _new_number(number, taken)
        taken.add(number)
        numbers.append(number)
        cursor += r.width
    return still


def _placed(hall: Hall, spots: Sequence[Spot], numbers: Sequence[str]) -> list[PlacedBooth]:
    walls = backing_sides(spots, ShapelyPolygon(hall.outline), solid_obstacles(hall))
    return [
        PlacedBooth(n, s.request, hall.id, s.x0, s.y0, s.x1, s.y1, s.front, sides)
        for s, n, sides in zip(spots, numbers, open_sides(spots, walls), strict=True)
    ]
