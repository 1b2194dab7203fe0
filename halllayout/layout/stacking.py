"""Fill one hall: walk its runs in a snake, stack blocks of booths in each, zone after zone.

Runs are taken west to east, the first from south to north, the next back south, and so on, so the
booths of one zone, taken in order, form one cluster: each block faces the one before it across an
aisle. Each block is chosen for what the current zone still needs:

- an island band, as deep as its deepest island, while the zone has islands waiting: islands a
  secondary aisle apart, the rest of the band stacked with rows;
- a double row, two rows back to back: caps (peninsulas, deep raw space) across both rows at its open
  ends, corner booths at the ends of each row, inline booths between;
- a single row where a double row no longer fits.

Wall rows along the walls are filled as the snake passes them (or, in one fill variant, as soon as a
block comes within an aisle of them: `Variant.walls_early`). A row with only its far end on a main
aisle is packed from that end, flush against the main aisle; a double row takes a cap at its end off
the main aisle first. A zone that runs out of inline booths short of the far end of a double row's
first row leaves the rest of it: its corner booth takes the second row's near end instead of standing
alone at the far end, and the stretch is filled after the second row. When the booths waiting fill only
part of the hall, the snake may start in the runs beside its main aisle (`HallFiller.run_orders`) and
choose each next zone for its sponsors. The runs on each side of a north-south main aisle may also be
taken together as a band (`HallFiller.band_orders`): each block laid across all of them at one level,
snaking back and forth across the band, so that a zone takes rows from the main aisle outwards rather
than filling the runs away from it while other zones fill those beside it.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import shapely
from shapely import box

from halllayout.layout.placement import PlacedIndex, Spot, overlaps
from halllayout.layout.queue import Zone
from halllayout.layout.site import EPSILON, Rect, Run, Site, WallPiece, cut_at_keep_clear, free_spans
from halllayout.layout.slivers import widened
from halllayout.model import SIDES, Aisle, BoothRequest, Side
from halllayout.rules.geometry import Walls

#: Blocks in a row that take nothing from a zone before its remaining booths wait for the other zones.
STUCK_UNITS = 2
#: Double rows still to come for a zone, per cap it has waiting, for a main-aisle end of a double row to
#: be kept from caps for the zone's sponsors (a cap finds an end elsewhere; fewer, and the zone's caps
#: would be left over and strand at its tail).
CAP_ROWS = 2.5
#: Share of the floor of the runs beside the north-south main aisles (in double rows) that the booths
#: waiting may take at most for the snake to try starting there rather than at the west wall.
MAIN_RUNS_SHARE = 0.8
#: How far past the end of a row to look for a column or keep-clear area closing it (metres).
END_PROBE = 0.5


#: The runs in the order the snake takes them, each with whether it is filled from its south end; runs
#: grouped together make a band, filled block by block across them (`HallFiller.band_orders`).
RunOrder = tuple[tuple[tuple[Run, ...], bool], ...]


def in_bands(order: RunOrder | None) -> bool:
    """Whether `order` takes runs together in bands (`HallFiller.band_orders`); None is the default order."""
    return order is not None and any(len(runs) > 1 for runs, _ in order)


@dataclass(frozen=True)
class Variant:
    """Choices in filling a hall that keep a zone together in some halls and split it in others; `lay_out`
    tries them against each other where the default leaves a zone split."""

    #: An island band that a column leaves no stretch long enough for becomes a row while the zone has
    #: booths for rows, and its islands wait for a later band.
    rows_for_broken_bands: bool = False
    #: Wall rows passed on the way count as blocks that took nothing from a zone with no booth for them
    #: (towards `STUCK_UNITS`).
    walls_stall: bool = True
    #: A zone that runs out of inline booths short of a row's far end leaves the rest of the row to the
    #: zone after it, and its corner booths wait for the next row's near end (`HallFiller.pack_row`),
    #: rather than a corner booth standing alone at the far end.
    leave_short_rows: bool = False
    #: The first rows of an island band run on past a column or keep-clear area that cuts the band
    #: beyond them (`HallFiller._runs_on`), rather than two rows ending face to face across a gap
    #: narrower than an aisle, their end booths short of an open side. Not one of `VARIANTS`: `lay_out`
    #: fills a hall again with it where the way chosen leaves a stand short of open sides.
    rows_run_on: bool = False
    #: A wall row piece is filled once a block comes within an aisle of its near end, by the zone whose
    #: rows face it then, rather than once a block's middle passes the piece's middle.
    walls_early: bool = False
    #: A row block that takes nothing from a zone with only islands left is undone, and the zone waits at
    #: the back of the queue at once (`HallFiller._refused`), rather than after `STUCK_UNITS` blocks
    #: left empty. Not one of `VARIANTS`: `lay_out` fills a hall again with it where the way chosen
    #: leaves booths out that no hall after it takes (`GIVING_WAY`); the zones after take the floor,
    #: but the islands may then find no band at the end.
    islands_wait: bool = False
    #: The rest of a row that the zone being placed has no booth for (it has only caps or islands left)
    #: goes to the zones after it, rather than staying empty. Not one of `VARIANTS`: tried with
    #: `islands_wait`.
    rows_shared: bool = False


#: The variants tried: the default first.
VARIANTS = (
    Variant(),
    Variant(rows_for_broken_bands=True),
    Variant(walls_stall=False),
    Variant(rows_for_broken_bands=True, walls_stall=False),
    Variant(leave_short_rows=True),
    Variant(rows_for_broken_bands=True, walls_stall=False, leave_short_rows=True),
    Variant(walls_early=True),
)


class HallFiller:
    """Places the booths of `zones`, in order, in one hall; `spots` and `aisles` hold the result."""

    def __init__(
        self,
        site: Site,
        zones: list[Zone],
        index: PlacedIndex,
        own: int = 0,
        choose: bool = False,
        variant: Variant = VARIANTS[0],
    ) -> None:
        self.site = site
        self.variant = variant
        self.zones = zones
        #: The first `own` zones are those pinned to the hall: they come before the others.
        self.own = own
        #: Whether to choose the next zone for its sponsors (`_choose_next`) rather than in list order.
        self.choose = choose
        #: The choices of `Variant` (field names), and "choose", this fill met a case for where the other
        #: choice would have filled the hall otherwise: a fill that differs only in others goes alike
        #: (`fills_alike`).
        self.consulted: set[str] = set()
        #: Booth area placed so far, and where along the snake (in booth area) the runs beside the
        #: north-south main aisles begin and end, with their row ends per m² of booths: set by `fill`.
        self._placed_area = 0.0
        self._stretch: tuple[float, float, float] | None = None
        self.index = index
        #: The spots the fill laid out, before any was moved or taken away (`fill`): where finishing
        #: leaves one empty, the plan shows it vacant.
        self.laid: tuple[Spot, ...] = ()
        #: Whether the fill took runs together in bands (`band_orders`).
        self.banded = False
        self.module = site.module
        self.aisle = site.hall.secondary_aisle
        self.aisles: list[Aisle] = list(site.aisles)
        self._zone = 0
        self._run = 0
        self._empty = 0
        self._empty_other = 0
        #: What closes a booth's sides besides other booths, as the metrics see it.
        self.walls = Walls(site.hall)
        self._outline_shape = self.walls.outline
        shapely.prepare(self._outline_shape)
        self._solid_rects = site.solids

    # -- the queue -----------------------------------------------------------------------------
    def zone(self) -> Zone | None:
        """The zone being placed: the first with booths waiting."""
        while self._zone < len(self.zones) and self.zones[self._zone].left == 0:
            self._zone += 1
            self._choose_next()
        return self.zones[self._zone] if self._zone < len(self.zones) else None

    def _choose_next(self) -> None:
        """Bring forward, among the zones not yet begun, the one to place next: the one whose sponsors
        the main-aisle runs ahead would seat most, as far as its area reaches into them; while none
        reaches them, the one with the fewest sponsors, keeping the others for them (list order between
        equals). Zones pinned to the hall stay before the others."""
        k = self._zone
        if k >= len(self.zones) or self.zones[k].area_placed > 0 or not self._stretch:
            return
        last = self.own if k < self.own else len(self.zones)
        candidates = [j for j in range(k, last) if self.zones[j].area_placed == 0 and self.zones[j].left]
        if len(candidates) < 2:
            return
        start, stop, density = self._stretch
        here = self._placed_area

        def seated(j: int) -> float:
            zone = self.zones[j]
            reach = min(here + zone.area, stop) - max(here, start)
            return min(float(zone.sponsors), max(reach, 0.0) * density)

        if any(seated(j) > 0 for j in candidates):
            best = min(candidates, key=lambda j: (-round(seated(j), 6), j))
        else:
            best = min(candidates, key=lambda j: (self.zones[j].sponsors, j))
        if best != k:
            self.consulted.add("choose")
            if self.choose:
                self.zones.insert(k, self.zones.pop(best))

    def _take(
        self,
        kinds: tuple[str, ...],
        room: float,
        depth: float,
        premium: bool,
        rect: Callable[[BoothRequest], Rect],
        sponsors_only: bool = False,
    ) -> BoothRequest | None:
        zone = self.zone()
        if zone is None or room <= EPSILON:
            return None
        return zone.take(
            kinds,
            room,
            depth,
            premium=premium,
            allowed=lambda r: self.index.keeps_apart(r, rect(r)),
            sponsors_only=sponsors_only,
        )

    def _take_end(
        self, room: float, depth: float, premium: bool, rect: Callable[[BoothRequest], Rect]
    ) -> BoothRequest | None:
        """A booth for the open end of a row: a sponsor first where the end is premium, else a corner."""
        if premium:
            r = self._take(("corner", "inline"), room, depth, True, rect, sponsors_only=True)
            if r is not None:
                return r
        return self._take(("corner",), room, depth, premium, rect)

    def _take_cap(
        self, room: float, depth: float, premium: bool, rect: Callable[[BoothRequest], Rect]
    ) -> BoothRequest | None:
        """A cap at most `room` wide and `depth` deep for an open end of a double row `room` long.

        A main-aisle end is kept for the zone's sponsors (it makes two row ends, each a sponsor's seat,
        where a cap makes one) unless the cap is a sponsor's, while sponsors wait for row ends and the
        zone's double rows still to come number `CAP_ROWS` per cap waiting, so its caps find other ends.
        """
        zone = self.zone()
        if premium and zone is not None and zone.sponsors_waiting(("corner", "inline")):
            rows = (zone.frontage("inline") + zone.frontage("corner")) / (2 * max(room, self.module))
            if rows > CAP_ROWS * zone.by_kind["cap"]:
                return self._take(("cap",), room, depth, True, rect, sponsors_only=True)
        return self._take(("cap",), room, depth, premium, rect)

    def _place(self, request: BoothRequest, rect: Rect, front: Side) -> None:
        self._placed_area += request.width * request.depth
        self.index.add(Spot(request, *rect, front=front, run=self._run, order=len(self.index.spots)))

    # -- geometry helpers ----------------------------------------------------------------------
    def _open(self, probe: Rect) -> bool:
        """Whether the floor just past a row's end is walkable: in the hall, no column or keep-clear."""
        x0, y0, x1, y1 = probe
        if not shapely.contains_xy(self._outline_shape, (x0 + x1) / 2, (y0 + y1) / 2):
            return False
        return not any(
            sx0 < x1 - EPSILON and sx1 > x0 + EPSILON and sy0 < y1 - EPSILON and sy1 > y0 + EPSILON
            for sx0, sy0, sx1, sy1 in self._solid_rects
        )

    def floor_open(self, probe: Rect) -> bool:
        """Whether the floor of the thin strip `probe` is walkable: in the hall, no column or keep-clear."""
        return self._open(probe)

    def _premium_x(self, x: float) -> bool:
        """Whether an end at `x` stands on a north-south main aisle."""
        return any(abs(x - a) < 0.01 or abs(x - b) < 0.01 for a, b in self.site.north_south_mains)

    def _premium_y(self, y: float) -> bool:
        """Whether a row whose front is at `y` faces an east-west main aisle."""
        return any(abs(y - a) < 0.01 or abs(y - b) < 0.01 for a, b in self.site.east_west_mains)

    # -- rows ----------------------------------------------------------------------------------
    def pack_row(
        self,
        along: str,
        lo: float,
        hi: float,
        c0: float,
        c1: float,
        front: Side,
        ends: tuple[bool, bool],
        premium_ends: tuple[bool, bool] = (False, False),
        premium_row: bool = False,
        leave: bool = False,
        leave_varies: bool = False,
        passed: tuple[Zone, ...] = (),
    ) -> tuple[float, float] | None:
        """Fill one row: corner booths at its open ends, inline booths from `lo` on.

        The row runs along `along` from `lo` to `hi`; across it, it spans [c0, c1] and booths stand at
        its `front` edge. With `leave`, a zone that runs out of inline booths short of the far end
        leaves it, rather than its corner booth standing there alone past a gap of a booth or more:
        the stretch left, [a, b] along the row, comes back, for the corner to take the next row's
        near end and the stretch to be filled after. `leave_varies`: whether `leave` is the variant's
        choice (`Variant.leave_short_rows`) here. With `Variant.rows_shared`, what the zone has no booth
        for goes to the zones after it, not those `passed` (zones that had none for it either).
        """

        # a row with only its far end on a main aisle is packed from that end: the booths stand flush
        # against the main aisle, and what the row leaves over is at its other end
        flip = premium_ends[1] and not premium_ends[0]
        start, stop = lo, hi
        if flip:
            ends, premium_ends = (ends[1], ends[0]), (premium_ends[1], premium_ends[0])

        def rect(position: float, r: BoothRequest) -> Rect:
            if flip:
                position = start + stop - position - r.width
            if front in ("S", "W"):
                a0, a1 = c0, c0 + r.depth
            else:
                a0, a1 = c1 - r.depth, c1
            if along == "x":
                return (position, a0, position + r.width, a1)
            return (a0, position, a1, position + r.width)

        room = c1 - c0
        # the far end's corner booth is kept for last, and only when the zone has booths enough to
        # reach it: a zone running out in this row leaves the rest of it to the next zone, rather than
        # one of its booths stranded at the far end; its corner booths wait for the next row end
        zone = self.zone()
        reserve = 0.0
        if ends[1] and zone is not None and zone.frontage("inline") >= hi - lo - EPSILON:
            reserve = zone.first_width(("corner",))
        if ends[0]:
            r = self._take_end(hi - lo - reserve, room, premium_row or premium_ends[0], _fixed(rect, lo))
            if r is not None:
                self._place(r, rect(lo, r), front)
                lo += r.width
        lo = self._fill_inline(rect, lo, hi - reserve, room, premium_row, front)
        # (the zone being placed is looked up here, or by the next `_take` in any case: the same)
        short = (
            (leave or leave_varies)
            and ends[1]
            and zone is not None
            and self.zone() is zone
            and hi - lo - zone.first_width(("corner",)) >= self.module - EPSILON
        )
        if short and leave_varies:
            self.consulted.add("leave_short_rows")
        if short and leave:
            return (start + stop - hi, start + stop - lo) if flip else (lo, hi)
        far = hi
        if ends[1]:
            r = self._take_end(hi - lo, room, premium_row or premium_ends[1], lambda r: rect(hi - r.width, r))
            if r is not None:
                self._place(r, rect(hi - r.width, r), front)
                hi -= r.width
        lo = self._fill_inline(rect, lo, hi, room, premium_row, front)
        if (
            zone is not None
            and self.zone() is zone
            and not zone.by_kind["inline"]
            and not zone.by_kind["corner"]
            and hi - lo >= self.module - EPSILON
            and self._zone_after_index((*passed, zone)) is not None
        ):
            # the zone has only caps or islands left, none for this row: the rest of it goes to the zones
            # after it (`Variant.rows_shared`)
            self.consulted.add("rows_shared")
            if self.variant.rows_shared:
                open_end = ends[1] and abs(hi - far) < EPSILON
                with self._zone_after((*passed, zone)):
                    # packed from the booths placed on (flipped, from its far end), facing the same aisle
                    self.pack_row(
                        along,
                        *((start + stop - hi, start + stop - lo) if flip else (lo, hi)),
                        c0,
                        c1,
                        front,
                        (open_end, False) if flip else (False, open_end),
                        (False, True) if flip else (False, False),
                        premium_row,
                        passed=(*passed, zone),
                    )
        return None

    def _fill_inline(
        self,
        rect: Callable[[float, BoothRequest], Rect],
        lo: float,
        hi: float,
        room: float,
        premium: bool,
        front: Side,
    ) -> float:
        """Inline booths from `lo` towards `hi` while they fit; where the next one would start."""
        while True:
            r = self._take(("inline",), hi - lo, room, premium, _fixed(rect, lo))
            if r is None:
                return lo
            self._place(r, rect(lo, r), front)
            lo += r.width

    def _ends_x(self, a: float, b: float, y0: float, y1: float) -> tuple[bool, bool]:
        return (self._open((a - END_PROBE, y0, a, y1)), self._open((b, y0, b + END_PROBE, y1)))

    def pack_double(self, run: Run, y0: float, facing_first: Side) -> None:
        """A double row [y0, y0 + 2 module] across `run`: caps at the ends, then the two rows."""
        d = self.module
        y1 = y0 + 2 * d

        def cap_west(x: float, r: BoothRequest) -> Rect:
            return (x, y0, x + r.width, y0 + r.depth)

        def cap_east(x: float, r: BoothRequest) -> Rect:
            return (x - r.width, y0, x, y0 + r.depth)

        for a, b in free_spans(self.site, (run.x0, y0, run.x1, y1), "x"):
            ends = self._ends_x(a, b, y0, y1)
            prem = (self._premium_x(a), self._premium_x(b))
            # the end off the main aisles takes its cap first: a zone's last cap leaves the main aisle
            for east in (True, False) if prem[0] and not prem[1] else (False, True):
                if east and ends[1]:
                    r = self._take_cap(b - a, 2 * d, prem[1], _fixed(cap_east, b))
                    if r is not None:
                        self._place(r, cap_east(b, r), "S")
                        b -= r.width
                        ends = (ends[0], False)
                elif not east and ends[0]:
                    r = self._take_cap(b - a, 2 * d, prem[0], _fixed(cap_west, a))
                    if r is not None:
                        self._place(r, cap_west(a, r), "S")
                        a += r.width
                        ends = (False, ends[1])
            rows: list[tuple[float, float, Side]] = [(y0, y0 + d, "S"), (y0 + d, y1, "N")]
            if facing_first == "N":
                rows.reverse()
            # a stretch a zone leaves in the first row is filled after the second, whose near end
            # takes the zone's corner booth
            left: list[tuple[tuple[float, float], float, float, Side]] = []
            for k, (c0, c1, front) in enumerate(rows):
                edge = c0 if front == "S" else c1
                stretch = self.pack_row(
                    "x",
                    a,
                    b,
                    c0,
                    c1,
                    front,
                    ends,
                    prem,
                    self._premium_y(edge),
                    leave=k == 0 or self.variant.leave_short_rows,
                    leave_varies=k > 0,
                )
                if stretch is not None:
                    left.append((stretch, c0, c1, front))
            for stretch, c0, c1, front in left:
                edge = c0 if front == "S" else c1
                self._fill_left("x", (a, b), stretch, c0, c1, front, ends, prem, self._premium_y(edge))

    def _fill_left(
        self,
        along: str,
        span: tuple[float, float],
        stretch: tuple[float, float],
        c0: float,
        c1: float,
        front: Side,
        ends: tuple[bool, bool],
        premium_ends: tuple[bool, bool],
        premium_row: bool = False,
    ) -> None:
        """Fill `stretch`, the part of the row `span` that the zone being placed left (`pack_row`): with
        the zone after it where the variant says `leave_short_rows` (the left zone's corner booths wait
        for the next row end), else with the zones in their order."""
        near = abs(stretch[0] - span[0]) < EPSILON
        far = abs(stretch[1] - span[1]) < EPSILON
        ends = (ends[0] and near, ends[1] and far)
        premium_ends = (premium_ends[0] and near, premium_ends[1] and far)
        if self._zone_after_index() is not None:
            self.consulted.add("leave_short_rows")
        if not self.variant.leave_short_rows:
            self.pack_row(along, *stretch, c0, c1, front, ends, premium_ends, premium_row)
            return
        with self._zone_after():
            self.pack_row(along, *stretch, c0, c1, front, ends, premium_ends, premium_row)

    @contextmanager
    def _zone_after(self, passed: Sequence[Zone] = ()) -> Iterator[None]:
        """While in this block, the next zone with booths waiting (not one of `passed`) is placed before
        the current one, which resumes after it (or, when none waits, the current one goes on)."""
        k = self._zone
        current = self.zones[k] if k < len(self.zones) else None
        after = self._zone_after_index(passed)
        if current is None or after is None:
            yield
            return
        self.zones.insert(k, self.zones.pop(after))
        try:
            yield
        finally:
            if current.left:
                i = next(i for i, z in enumerate(self.zones) if z is current)
                if i > self._zone:
                    self.zones.insert(self._zone, self.zones.pop(i))

    def _zone_after_index(self, passed: Sequence[Zone] = ()) -> int | None:
        """The place in the queue of the next zone with booths waiting after the current one, if any,
        not one of `passed`."""
        k = self._zone
        if k >= len(self.zones):
            return None
        return next(
            (
                j
                for j in range(k + 1, len(self.zones))
                if self.zones[j].left and not any(self.zones[j] is z for z in passed)
            ),
            None,
        )

    def pack_single(self, run: Run, y0: float, front: Side) -> None:
        """One row [y0, y0 + module] across `run`, facing `front`."""
        y1 = y0 + self.module
        for a, b in free_spans(self.site, (run.x0, y0, run.x1, y1), "x"):
            prem = (self._premium_x(a), self._premium_x(b))
            edge = y0 if front == "S" else y1
            self._pack_lone_row(
                "x", (a, b), y0, y1, front, self._ends_x(a, b, y0, y1), prem, self._premium_y(edge)
            )

    def _pack_lone_row(
        self,
        along: str,
        span: tuple[float, float],
        c0: float,
        c1: float,
        front: Side,
        ends: tuple[bool, bool],
        premium_ends: tuple[bool, bool],
        premium_row: bool = False,
    ) -> None:
        """`pack_row` for a row with no second row behind it (a single row, a wall row): the stretch a
        short zone leaves under `Variant.leave_short_rows` is filled at once (`_fill_left`)."""
        left = self.pack_row(
            along,
            *span,
            c0,
            c1,
            front,
            ends,
            premium_ends,
            premium_row,
            leave=self.variant.leave_short_rows,
            leave_varies=True,
        )
        if left is not None:
            self._fill_left(along, span, left, c0, c1, front, ends, premium_ends, premium_row)

    def pack_islands(self, run: Run, y0: float, depth: float, up: bool) -> None:
        """An island band [y0, y0 + depth]: islands an aisle apart, then rows in what is left of it.

        The islands start at the west end of each stretch, or at its east end where `_islands_from_east`
        says so: where one end is on a main aisle, the islands stand there only for a sponsor's island,
        and leave it to the rows beside them, whose ends seat the zone's other sponsors.

        A column or keep-clear area that cuts the band only beyond its first rows does not cut them:
        where the stretch past it starts with rows, the rows run on past it (`_runs_on`), rather than two
        rows ending face to face across a gap narrower than an aisle.
        """
        stretches = list(
            zip(
                free_spans(self.site, (run.x0, y0, run.x1, y0 + depth), "x"),
                self._island_spans(run, y0, depth),
                strict=True,
            )
        )
        # rows beside a stretch's islands that run on into the next stretch, and the aisles they front
        waiting: tuple[tuple[float, float], list[Aisle]] | None = None
        for k, (span, (a, b)) in enumerate(stretches):
            east = self._islands_from_east(a, b)
            if waiting is not None and not east and self._island_waits(b - a, depth):
                # the next stretch starts with islands: the rows waiting end at the column after all
                self._rows_beside(run.index, *waiting, y0, depth, up)
                waiting = None
            start = b if east else a

            def island(x: float, r: BoothRequest, east: bool = east) -> Rect:
                """The island `r` from `x` on, westwards when the islands start at the east end."""
                x0 = x - r.width if east else x
                return (x0, y0, x0 + r.width, y0 + r.depth)

            cursor = start
            passages: list[Aisle] = []  # the aisle past the last island, where it waits for rows
            while True:
                room = cursor - a if east else b - cursor
                premium = cursor == start and self._premium_x(start)
                r = self._take(("island",), room, depth, premium, _fixed(island, cursor))
                if r is None:
                    break
                rect = island(cursor, r)
                self._place(r, rect, "S")
                cursor = rect[0] if east else rect[2]
                x0 = cursor - self.aisle if east else cursor
                passage = Aisle(self.site.hall.id, "secondary", x0, y0, x0 + self.aisle, y0 + depth)
                passages = [] if (cursor - a if east else b - cursor) > self.aisle else [passage]
                if not passages:
                    self.aisles.append(passage)
                cursor += -self.aisle if east else self.aisle
            rows = span if cursor == start else (span[0], cursor) if east else (cursor, span[1])
            if waiting is not None:
                if rows[0] == span[0]:
                    rows, passages = (waiting[0][0], rows[1]), waiting[1] + passages
                else:
                    self._rows_beside(run.index, *waiting, y0, depth, up)
                waiting = None
            if (
                k + 1 < len(stretches)
                and rows[1] == span[1]
                and self._runs_on(span[1], stretches[k + 1][0][0], y0, depth, up)
            ):
                self.consulted.add("rows_run_on")
                if self.variant.rows_run_on:
                    waiting = (rows, passages)
                    continue
            self._rows_beside(run.index, rows, passages, y0, depth, up)
        if waiting is not None:
            self._rows_beside(run.index, *waiting, y0, depth, up)

    def _rows_beside(
        self, run: int, span: tuple[float, float], passages: list[Aisle], y0: float, depth: float, up: bool
    ) -> None:
        """`_band_rows` in `span`, and, where rows stand there, the aisles between them and the islands
        that were left for them to declare (`passages`)."""
        if span[1] - span[0] >= self.module - EPSILON:
            self.aisles.extend(passages)
        self._band_rows(run, span, y0, depth, up)

    def _island_waits(self, room: float, depth: float) -> bool:
        """Whether the zone being placed has an island waiting no wider than `room`, as deep as `depth`
        or less."""
        zone = self.zone()
        return zone is not None and any(
            q and key[0] == "island" and key[2] <= room + EPSILON and key[3] <= depth + EPSILON
            for key, q in zone.buckets.items()
        )

    def _runs_on(self, x0: float, x1: float, y0: float, depth: float, up: bool) -> bool:
        """Whether the first rows of an island band [y0, y0 + depth] (`_band_rows`) may run on across the
        gap [x0, x1] between two of its stretches: narrower than an aisle, free floor over the rows'
        depth, and an aisle's clear width beside what stands in the rest of the band, which becomes
        aisle (`_band_rows` adds no second row where anything stands)."""
        if x1 - x0 >= self.aisle - EPSILON:
            return False
        first = self._first_rows(depth)
        r0, r1 = (y0, y0 + first) if up else (y0 + depth - first, y0 + depth)
        if not self._free((x0, r0, x1, r1)):
            return False
        rest = (y0 + first, y0 + depth) if up else (y0, y0 + depth - first)
        cursor, widest = rest[0], 0.0
        standing = [
            (max(oy0, rest[0]), min(oy1, rest[1]))
            for ox0, oy0, ox1, oy1 in self.site.obstacles
            if ox0 < x1 - EPSILON
            and ox1 > x0 + EPSILON
            and oy0 < rest[1] - EPSILON
            and oy1 > rest[0] + EPSILON
        ]
        for oy0, oy1 in sorted(standing):
            widest = max(widest, oy0 - cursor)
            cursor = max(cursor, oy1)
        return max(widest, rest[1] - cursor) >= self.aisle - EPSILON

    def _free(self, rect: Rect) -> bool:
        """Whether the whole of `rect` is free floor (`free_spans`)."""
        return free_spans(self.site, rect, "x") == [(rect[0], rect[2])]

    def _first_rows(self, depth: float) -> float:
        """The depth of the rows an island band `depth` deep starts with beside its islands: a double row
        where it is deep enough, else a single row."""
        return 2 * self.module if depth >= 2 * self.module - EPSILON else self.module

    def _islands_from_east(self, a: float, b: float) -> bool:
        """Whether the islands of a band stretch [a, b] start at its east end rather than its west end:
        where one end is on a main aisle, the islands start there while a sponsor's island waits, and
        at the other end while other sponsors wait and the zone's islands leave room for a row, for the
        rows beside the islands to seat them."""
        west_main, east_main = self._premium_x(a), self._premium_x(b)
        zone = self.zone()
        if west_main == east_main or zone is None:
            return False
        if zone.sponsors_waiting(("island",)):
            return east_main
        if zone.sponsors_waiting(("cap", "corner", "inline")):
            # only where the zone's islands leave room for a row beside them
            islands = zone.frontage("island") + self.aisle * zone.by_kind["island"]
            return west_main and b - a - islands >= self.module - EPSILON
        return False

    def _band_rows(self, run: int, span: tuple[float, float], y0: float, depth: float, up: bool) -> None:
        """What an island band leaves beside its islands: a double row on the aisle the band is entered
        from and, where the band is deep enough and both ends of the stretch open onto aisles, an aisle
        and a single row facing it; any depth left over is aisle along the far side."""
        a, b = span
        if b - a < self.module - EPSILON:
            return
        d = self.module
        first = self._first_rows(depth)

        def at(offset: float, size: float) -> tuple[float, float]:
            """[offset, offset + size] from the entered side of the band, in plan y."""
            return (
                (y0 + offset, y0 + offset + size) if up else (y0 + depth - offset - size, y0 + depth - offset)
            )

        # rows that ran on past a column (`_runs_on`) take no second row where it stands
        rest0, rest1 = at(first, depth - first)
        second = (
            depth >= first + self.aisle + d - EPSILON
            and all(self._ends_x(a, b, y0, y0 + depth))
            and self._free((a, rest0, b, rest1))
        )
        used = first + (self.aisle + d if second else 0.0)

        r0, _ = at(0, first)
        if first == 2 * d:
            self.pack_double(Run(run, a, r0, b, r0 + first), r0, "S" if up else "N")
        else:
            self.pack_single(Run(run, a, r0, b, r0 + first), r0, "S" if up else "N")
        if second:
            g0, g1 = at(first, self.aisle)
            self.aisles.append(Aisle(self.site.hall.id, "secondary", a, g0, b, g1))
            s0, _ = at(first + self.aisle, d)
            self.pack_single(Run(run, a, s0, b, s0 + d), s0, "S" if up else "N")
        if depth - used > EPSILON:
            g0, g1 = at(used, depth - used)
            self.aisles.append(Aisle(self.site.hall.id, "secondary", a, g0, b, g1))

    # -- runs ----------------------------------------------------------------------------------
    def _aisle_across(self, run: Run, y0: float, y1: float) -> None:
        if y1 - y0 <= EPSILON:
            return
        part = self.site.interior.intersection(box(run.x0, y0, run.x1, y1))
        if part.is_empty or part.area <= EPSILON:  # the interior only touches the run here: no aisle
            return
        x0, _, x1, _ = part.bounds
        self.aisles.append(Aisle(self.site.hall.id, "secondary", x0, y0, x1, y1))

    def _clear_of_columns(
        self, run: Run, cursor: float, b0: float, b1: float, up: bool
    ) -> tuple[float, float]:
        """The block [b0, b1] moved on until the aisle between `cursor` and it holds a full clear width
        beside any column or keep-clear area standing in it."""
        depth = b1 - b0
        g0, g1 = (cursor, b0) if up else (b1, cursor)
        hits = [
            (sy0, sy1)
            for sx0, sy0, sx1, sy1 in self._solid_rects
            if sx0 < run.x1 - EPSILON and sx1 > run.x0 + EPSILON and sy0 < g1 - EPSILON and sy1 > g0 + EPSILON
        ]
        if not hits:
            return b0, b1
        if up:
            start = max(g1, max(y1 for _, y1 in hits) + self.aisle)
            return start, start + depth
        end = min(g0, min(y0 for y0, _ in hits) - self.aisle)
        return end - depth, end

    def _island_spans(self, run: Run, y0: float, depth: float) -> list[tuple[float, float]]:
        """The stretches of the island band [y0, y0 + depth] across `run` where islands may stand: its
        free floor, less an aisle's width at an end closed by a column or wall."""
        spans = []
        for a, b in free_spans(self.site, (run.x0, y0, run.x1, y0 + depth), "x"):
            ends = self._ends_x(a, b, y0, y0 + depth)
            a += 0 if ends[0] else self.aisle  # an island keeps an aisle's width from a column too
            b -= 0 if ends[1] else self.aisle
            spans.append((a, b))
        return spans

    def _island_fits(self, zone: Zone, run: Run, y0: float, depth: float) -> bool:
        """Whether one of the zone's waiting islands no deeper than the band fits in a stretch of it."""
        widths = [
            key[2]
            for key, q in zone.buckets.items()
            if q and key[0] == "island" and key[3] <= depth + EPSILON
        ]
        if not widths:
            return True
        longest = max((b - a for a, b in self._island_spans(run, y0, depth)), default=0.0)
        return min(widths) <= longest + EPSILON

    def _row_instead(
        self, zone: Zone, b0: float, b1: float, up: bool
    ) -> tuple[str, float, float, float] | None:
        """A double (or single) row at the near side of the block [b0, b1], when `zone` has booths for rows
        waiting: its kind, depth and extent."""
        if not any(zone.by_kind[k] for k in ("cap", "corner", "inline")):
            return None
        d = self.module
        for kind, depth in (("double", 2 * d), ("single", d)):
            if depth <= b1 - b0 + EPSILON:
                return (kind, depth, b0, b0 + depth) if up else (kind, depth, b1 - depth, b1)
        return None

    def _open_floor(self, run: Run, y0: float, y1: float) -> None:
        """Declare the floor of `run` between y0 and y1 that no block took as open floor, in bands no
        deeper than a double row and no shallower than an aisle, each inside the interior."""
        step = 2 * self.module
        if y1 - y0 < self.aisle - EPSILON:
            return
        cuts = [y0]
        while y1 - cuts[-1] > step + self.aisle - EPSILON:
            cuts.append(cuts[-1] + step)
        cuts.append(y1)
        for a, b in itertools.pairwise(cuts):
            part = self.site.interior.intersection(box(run.x0, a, run.x1, b))
            if part.is_empty or abs(part.area - box(*part.bounds).area) > EPSILON:
                continue  # not a rectangle: the interior turns a corner here
            x0, py0, x1, py1 = part.bounds
            # cut round the columns and keep-clear areas standing in the band, so nothing stands in it
            cuts_x = sorted(
                (sx0, sx1)
                for sx0, sy0, sx1, sy1 in self._solid_rects
                if sx0 < x1 - EPSILON and sx1 > x0 + EPSILON and sy0 < py1 - EPSILON and sy1 > py0 + EPSILON
            )
            edges = [x0]
            for sx0, sx1 in cuts_x:
                edges += [sx0, sx1]
            edges.append(x1)
            for lo, hi in zip(edges[::2], edges[1::2], strict=True):
                if hi - lo >= self.aisle - EPSILON and py1 - py0 >= self.aisle - EPSILON:
                    self.aisles.append(Aisle(self.site.hall.id, "open", lo, py0, hi, py1))

    def _room_before_main(self, b0: float, b1: float, up: bool) -> float:
        """How much of the block [b0, b1] lies before the first east-west main aisle it overlaps."""
        hits = [(m0, m1) for m0, m1 in self.site.east_west_mains if b0 < m1 - EPSILON and b1 > m0 + EPSILON]
        if up:
            return min(m0 for m0, _ in hits) - b0
        return b1 - max(m1 for _, m1 in hits)

    def _flush_to_main(
        self, run: Run, cursor: float, b0: float, b1: float, up: bool, stop: float, first: bool
    ) -> tuple[float, float]:
        """The block [b0, b1] moved on against the east-west main aisle beyond it, when the floor left
        between them is too shallow for an aisle and a row (it would be aisle anyway): the block then
        faces the main aisle, and a zone continued beyond it stays beside it, rather than across a
        stretch of secondary aisle. Not moved where columns or keep-clear areas in the widened aisle
        would push it on, nor a run's `first` block by less than an aisle's width (the floor it leaves
        behind it would be an aisle too narrow of its own)."""
        if up:
            ahead = [m0 for m0, _ in self.site.east_west_mains if b1 - EPSILON <= m0 <= stop + EPSILON]
            slack = min(ahead) - b1 if ahead else 0.0
        else:
            ahead = [m1 for _, m1 in self.site.east_west_mains if stop - EPSILON <= m1 <= b0 + EPSILON]
            slack = b0 - max(ahead) if ahead else 0.0
        if slack <= EPSILON or slack >= self.aisle + self.module - EPSILON:
            return b0, b1
        if first and slack < self.aisle - EPSILON:
            return b0, b1
        moved = (b0 + slack, b1 + slack) if up else (b0 - slack, b1 - slack)
        if self._clear_of_columns(run, cursor, *moved, up) != moved:
            return b0, b1
        return moved

    def _skip_mains(self, b0: float, b1: float, up: bool) -> tuple[float, float]:
        """The block [b0, b1] moved past any east-west main aisle it would stand on."""
        depth = b1 - b0
        moved = True
        while moved:
            moved = False
            for m0, m1 in self.site.east_west_mains:
                if b0 < m1 - EPSILON and b1 > m0 + EPSILON:
                    b0, b1 = (m1, m1 + depth) if up else (m0 - depth, m0)
                    moved = True
        return b0, b1

    def _choose(self, zone: Zone, run: Run, room: float, islands: bool) -> tuple[str, float] | None:
        """The next block for `zone` in a run with `room` metres left: kind and depth."""
        d = self.module
        if islands and zone.islands_due():
            depths = [
                key[3]
                for key, q in zone.buckets.items()
                if q and key[0] == "island" and key[2] <= run.x1 - run.x0 + EPSILON
            ]
            fitting = [x for x in depths if x <= room + EPSILON]
            if fitting:
                return ("island", max(fitting))
        if room >= 2 * d - EPSILON:
            return ("double", 2 * d)
        if room >= d - EPSILON:
            return ("single", d)
        return None

    def fill_stack(
        self, runs: tuple[Run, ...], up: bool, pieces: list[WallPiece], islands: bool = True
    ) -> None:
        """Stack blocks along `runs` from their south end (`up`) or north end, filling wall pieces on the
        way. Several runs (of one extent along them) make a band: each block is laid across them all at
        the same place, in one run after the other, the turns snaking back and forth across the band
        block by block (the first run, beside a main aisle, first), so a zone's booths go on from one
        run into the next and back."""
        lead = runs[0]
        start, stop = (lead.y0, lead.y1) if up else (lead.y1, lead.y0)
        cursor = start
        first = True
        # the runs the booths ran out before at the last level: where their last block ends, and whether
        # they have one
        short: dict[int, tuple[float, bool]] = {}
        turn = list(runs)
        pending = sorted(pieces, key=lambda p: p.centre[1], reverse=not up)
        # the zones a block at this level took nothing from (`_refused`)
        refused: list[Zone] = []
        while True:
            zone = self.zone()
            if zone is None:
                break
            level = (cursor, first)
            aisles_before = len(self.aisles)
            gap = 0.0 if first else self.aisle
            room = (stop - cursor - gap) if up else (cursor - gap - stop)
            choice = self._choose(zone, lead, room, islands)
            if choice is None:
                break
            kind, depth = choice
            b0, b1 = (cursor + gap, cursor + gap + depth) if up else (cursor - gap - depth, cursor - gap)
            s0, s1 = self._skip_mains(b0, b1, up)
            moved = (s0, s1) != (b0, b1)
            if moved:
                # a main aisle is in the way: a shallower block may still fit before it, else the
                # floor up to it is aisle and the block goes beyond it
                before = self._room_before_main(b0, b1, up)
                d = self.module
                fit = 2 * d if before >= 2 * d - EPSILON else d if before >= d - EPSILON else 0.0
                if fit:
                    kind, depth = ("double" if fit == 2 * d else "single"), fit
                    b0, b1 = (b0, b0 + fit) if up else (b1 - fit, b1)
                    moved = False
                else:
                    if not first:
                        for run in runs:
                            self._aisle_across(run, *((cursor, s0) if up else (s1, cursor)))
                    b0, b1 = s0, s1
            if not moved and not first:
                b0, b1 = self._clear_of_columns_all(runs, cursor, b0, b1, up)
            if not moved:
                flush = self._flush_to_main(lead, cursor, b0, b1, up, stop, first)
                if flush != (b0, b1):
                    b0, b1 = flush
                    first = False  # the floor between the run's end and the block is aisle
            if kind == "island" and not self._island_fits(zone, lead, b0, depth):
                # a column standing in the band leaves no stretch long enough for an island: a row
                # here, while the zone has booths for one, and the islands in a later band
                row = self._row_instead(zone, b0, b1, up)
                if row is not None:
                    self.consulted.add("rows_for_broken_bands")
                    if self.variant.rows_for_broken_bands:
                        kind, depth, b0, b1 = row
            across: dict[int, list[Aisle]] = {}
            if not moved and not first:
                for run in runs:
                    count = len(self.aisles)
                    self._aisle_across(run, *((cursor, b0) if up else (b1, cursor)))
                    across[run.index] = self.aisles[count:]
            if (up and b1 > stop + EPSILON) or (not up and b0 < stop - EPSILON):
                break
            while pending and self._passes(pending[0], b0, b1, up):
                placed = len(self.index.spots)
                self._pack_wall(pending.pop(0))
                self._after_unit(placed, wall=True)
            if self.zone() is None:
                # the wall rows took the last booths: no block here, its floor stays open
                del self.aisles[aisles_before:]
                break
            block_before = len(self.index.spots)
            counts = (self._empty, self._empty_other)
            for run in turn:
                if self.zone() is None:
                    # the booths ran out: no block in this run here, its floor stays open
                    for aisle in across.get(run.index, ()):
                        self.aisles.remove(aisle)
                    short[run.index] = level
                    continue
                self._run = run.index
                placed = len(self.index.spots)
                if kind == "island":
                    self.pack_islands(run, b0, depth, up)
                elif kind == "double":
                    self.pack_double(run, b0, "S" if up else "N")
                else:
                    self.pack_single(run, b0, "S" if up else "N")
                self._after_unit(placed)
            if (
                len(self.index.spots) == block_before
                and kind != "island"
                and 0 < zone.left == zone.by_kind["island"]
            ):
                # a row block took nothing from a zone with islands only left (a main aisle or a column
                # left room for a row only): the floor goes to the zones after, from the same level
                self.consulted.add("islands_wait")
                if self.variant.islands_wait and self._refused(zone, refused, counts):
                    del self.aisles[aisles_before:]
                    first = level[1]
                    continue
            refused.clear()
            turn.reverse()
            cursor = b1 if up else b0
            first = False
        ends = (cursor, first)
        for run in runs:
            cursor, first = short.get(run.index, ends)
            if not first:  # the last block's far side faces an aisle too, whatever floor is left
                far = self.aisle
                b0, b1 = (
                    self._clear_of_columns(run, cursor, cursor + far, cursor + 2 * far, True)
                    if up
                    else (self._clear_of_columns(run, cursor, cursor - 2 * far, cursor - far, False))
                )
                self._aisle_across(run, *((cursor, b0) if up else (b1, cursor)))
                self._open_floor(run, *((b0, stop) if up else (stop, b1)))
            else:
                self._open_floor(run, min(start, stop), max(start, stop))
        for piece in pending:
            self.pack_wall(piece)

    def _refused(self, zone: Zone, refused: list[Zone], counts: tuple[int, int]) -> bool:
        """Whether a block that took nothing from `zone` (its booths waiting are all of a kind or size the
        block has no spot for: islands, where a main aisle or a column left room for a row only) is
        undone, for the zones after it to take the floor: where one waits that no block at this level
        has refused yet. `zone` then waits at the back of the queue, as a zone stuck does
        (`_after_unit`), and the count of blocks that took nothing is as before the block (`counts`)."""
        refused.append(zone)
        if not any(z.left and not any(z is r for r in refused) for z in self.zones):
            return False
        if self.zone() is zone:
            self.zones.append(self.zones.pop(self._zone))
            self._empty, self._empty_other = counts
        # (else the block made it a zone stuck, `_after_unit`, which sent it back and set the counts)
        return True

    def _passes(self, piece: WallPiece, b0: float, b1: float, up: bool) -> bool:
        """Whether a block from `b0` to `b1` (along its run, stacked `up` or down) passes the wall row
        `piece`: its middle past the piece's middle, or (`walls_early`) its far side within an aisle of
        the piece's near end."""
        middle = piece.centre[1] <= (b0 + b1) / 2 if up else piece.centre[1] >= (b0 + b1) / 2
        early = piece.y0 <= b1 + self.aisle + EPSILON if up else piece.y1 >= b0 - self.aisle - EPSILON
        if middle != early:
            self.consulted.add("walls_early")
        return early if self.variant.walls_early else middle

    def _clear_of_columns_all(
        self, runs: tuple[Run, ...], cursor: float, b0: float, b1: float, up: bool
    ) -> tuple[float, float]:
        """`_clear_of_columns` in each of `runs` until the block stands clear in all of them."""
        while True:
            was = (b0, b1)
            for run in runs:
                b0, b1 = self._clear_of_columns(run, cursor, b0, b1, up)
            if (b0, b1) == was:
                return b0, b1

    def _after_unit(self, placed_before: int, wall: bool = False) -> None:
        """Count blocks that took nothing from the zone being placed; after `STUCK_UNITS` in a row, the
        zone's remaining booths need spots this hall has no more of (an island no run is long enough
        for, caps with no row end left): they wait at the back of the queue so the other zones go on,
        and come to this hall's last spots or the next hall. A `wall` row passed on the way counts as a
        block only where the variant says `walls_stall`; the count the other choice would keep is kept
        too, to tell whether that choice would have moved a zone otherwise."""
        took = len(self.index.spots) > placed_before
        zone = None if took else self.zone()
        stuck = zone is not None and self._zone < len(self.zones) - 1
        # the counts as this fill's choice keeps them and as the other one would
        counts = [self._empty, self._empty_other]
        counting = (self.variant.walls_stall, not self.variant.walls_stall) if wall else (True, True)
        moves = [False, False]
        for k in (0, 1):
            if counting[k]:
                counts[k] = 0 if took else counts[k] + 1
                moves[k] = counts[k] >= STUCK_UNITS and stuck
                if moves[k]:
                    counts[k] = 0
        if moves[0] != moves[1]:
            self.consulted.add("walls_stall")
        if moves[0]:
            self.zones.append(self.zones.pop(self._zone))
        self._empty, self._empty_other = counts

    def pack_wall(self, piece: WallPiece) -> None:
        """A wall row piece: booths with their backs to the wall, facing the perimeter aisle."""
        placed = len(self.index.spots)
        self._pack_wall(piece)
        self._after_unit(placed)

    def _pack_wall(self, piece: WallPiece) -> None:
        self._run = piece.run
        p = END_PROBE
        a = self.aisle
        if piece.along == "x":
            ends = self._ends_x(piece.x0, piece.x1, piece.y0, piece.y1)
            beyond = (
                (piece.x0 - a, piece.y0, piece.x0, piece.y1),
                (piece.x1, piece.y0, piece.x1 + a, piece.y1),
            )
        else:
            ends = (
                self._open((piece.x0, piece.y0 - p, piece.x1, piece.y0)),
                self._open((piece.x0, piece.y1, piece.x1, piece.y1 + p)),
            )
            beyond = (
                (piece.x0, piece.y0 - a, piece.x1, piece.y0),
                (piece.x0, piece.y1, piece.x1, piece.y1 + a),
            )
        # an end facing the next wall row piece across less than an aisle (an exit's clear area, a corner
        # of the hall) is no open end: the booth there would have the other piece's booths within reach
        ends = (ends[0] and not self._wall_row_in(beyond[0]), ends[1] and not self._wall_row_in(beyond[1]))
        if piece.along == "x":
            prem = (self._premium_x(piece.x0), self._premium_x(piece.x1))
            self._pack_lone_row("x", (piece.x0, piece.x1), piece.y0, piece.y1, piece.front, ends, prem)
        else:
            self._pack_lone_row(
                "y", (piece.y0, piece.y1), piece.x0, piece.x1, piece.front, ends, (False, False)
            )

    def _wall_row_in(self, rect: Rect) -> bool:
        """Whether a wall row piece reaches into `rect`."""
        x0, y0, x1, y1 = rect
        return any(
            w.x0 < x1 - EPSILON and w.x1 > x0 + EPSILON and w.y0 < y1 - EPSILON and w.y1 > y0 + EPSILON
            for w in self.site.wall_pieces
        )

    def run_orders(self) -> list[RunOrder]:
        """The orders in which the snake may take the runs, each run with whether it is filled from its
        south end. The first is west to east, starting northwards. When booths wait that would fill
        only part of the floor of the runs beside the north-south main aisles (where every row has an
        end on a main aisle, the sponsors' seats), the snake may instead start in those runs, from
        their west or east one and from either end, and take the others after: `MAIN_RUNS_SHARE`.
        Where they wait for more, it may start there and go on into the runs beyond them on one side,
        nearest first, while those too would be filled only in part, and take the other side's last."""
        runs = self.site.runs
        orders: list[RunOrder] = [tuple(((run,), run.index % 2 == 0) for run in runs)]
        beside = [k for k, run in enumerate(runs) if self._beside_main(run)]
        if not beside:
            return orders
        first, last = beside[0], beside[-1]
        window = runs[first : last + 1]
        d = self.module

        def room(part: Sequence[Run]) -> float:
            return sum((r.x1 - r.x0) * (r.y1 - r.y0) for r in part) * 2 * d / (2 * d + self.aisle)

        waiting = sum(z.area - z.area_placed for z in self.zones if z.left)
        if waiting <= EPSILON:
            return orders
        if waiting <= MAIN_RUNS_SHARE * room(window):
            sequences = [
                window + runs[:first] + runs[last + 1 :],
                window[::-1] + runs[last + 1 :] + runs[:first],
            ]
        else:
            # more than those runs hold: on from them into the runs beyond on one side, nearest first, so
            # long as the booths waiting fill those in part, the runs on the other side last
            west, east = runs[:first][::-1], runs[last + 1 :]
            sequences = [
                sequence
                for sequence, before_turn in (
                    (window + east + west, window + east),
                    (window[::-1] + west + east, window + west),
                )
                if waiting <= MAIN_RUNS_SHARE * room(before_turn) and sequence != runs
            ]
        for sequence in sequences:
            for north in (False, True):
                order = tuple(((run,), (k % 2 == 0) != north) for k, run in enumerate(sequence))
                if order not in orders:
                    orders.append(order)
        return orders

    def band_orders(self) -> list[RunOrder]:
        """Orders that fill the runs on each side of a north-south main aisle as bands (`fill_stack`), the
        run beside the main aisle first: the zones then take rows from the main aisle outwards, and more
        of them have row ends on it for their sponsors (a zone that begins in a run beyond it and ends
        before the snake comes back still has none). A run not beside a main aisle joins the band of
        the nearest run that is (the west one between equals) where it spans the same stretch of the
        hall. The bands are taken west to east, the first from either end. None where no run would join
        a band."""
        runs = self.site.runs
        beside = [k for k, run in enumerate(runs) if self._beside_main(run)]
        bands: dict[int, list[Run]] = {k: [runs[k]] for k in beside}
        alone: list[int] = []
        for k, run in enumerate(runs):
            if k in bands:
                continue
            nearest = min(beside, key=lambda b: (abs(b - k), b), default=None)
            if nearest is None or (run.y0, run.y1) != (runs[nearest].y0, runs[nearest].y1):
                alone.append(k)
            else:
                bands[nearest].append(run)
        if all(len(band) == 1 for band in bands.values()):
            return []
        entries = [
            tuple(sorted(band, key=lambda r: abs(r.index - runs[k].index))) for k, band in bands.items()
        ]
        entries += [(runs[k],) for k in alone]
        entries.sort(key=lambda band: min(r.index for r in band))
        return [
            tuple((band, (k % 2 == 0) != north) for k, band in enumerate(entries)) for north in (False, True)
        ]

    def _beside_main(self, run: Run) -> bool:
        return any(abs(run.x1 - a) < 0.01 or abs(run.x0 - b) < 0.01 for a, b in self.site.north_south_mains)

    def _main_stretch(
        self, order: RunOrder, by_run: dict[int, list[WallPiece]]
    ) -> tuple[float, float, float] | None:
        """Where along the snake in `order`, in booth area, the runs beside the north-south main aisles
        begin and end, and how many row ends on a main aisle they offer per m² of booths (each run
        estimated as double rows an aisle apart, with its wall pieces); None when there are none."""
        d = self.module
        cursor = 0.0
        start = stop = None
        seats = area = 0.0
        for runs, _ in order:
            capacity = 0.0
            for run in runs:
                height = run.y1 - run.y0
                capacity += (run.x1 - run.x0) * height * 2 * d / (2 * d + self.aisle)
                capacity += sum((p.x1 - p.x0) * (p.y1 - p.y0) for p in by_run.get(run.index, ()))
                if self._beside_main(run):
                    seats += 2 * height / (2 * d + self.aisle)
            if any(self._beside_main(run) for run in runs):
                start = cursor if start is None else start
                stop = cursor + capacity
                area += capacity
            cursor += capacity
        if start is None or stop is None or area <= EPSILON:
            return None
        return (start, stop, seats / area)

    def fill(self, order: RunOrder | None = None) -> None:
        """Fill the hall's runs in a snake (in `order`, by default the first of `run_orders`), with the
        wall rows, until the zones or the floor run out."""
        pieces = self.site.wall_pieces
        by_run: dict[int, list[WallPiece]] = {}
        for piece in pieces:
            by_run.setdefault(piece.run, []).append(piece)
        if order is None:
            order = tuple(((run,), run.index % 2 == 0) for run in self.site.runs)
        self.banded = in_bands(order)
        self._stretch = self._main_stretch(order, by_run)
        for runs, up in order:
            if self.zone() is None:
                for run in runs:
                    self._open_floor(run, run.y0, run.y1)
                continue
            self.fill_stack(runs, up, [piece for run in runs for piece in by_run.pop(run.index, [])])
        for piece in (piece for rest in sorted(by_run) for piece in by_run[rest]):
            if self.zone() is None:
                break
            self.pack_wall(piece)
        hall = self.site.hall
        # the site's aisles first, as they were (`open_floor` counts on them there)
        fixed = len(self.site.aisles)
        own = cut_at_keep_clear(self.site, self._off_wall_booths(self.aisles[fixed:]))
        declared = [*self.aisles[:fixed], *own]
        self.aisles[:] = widened(declared, hall.main_aisle, hall.secondary_aisle, fixed)
        self.laid = tuple(self.index.spots)

    def _off_wall_booths(self, aisles: Sequence[Aisle]) -> list[Aisle]:
        """`aisles`, same order, each trimmed in depth (y) off the wall rows' booths standing in it from
        its south or north side: an aisle across a run whose block was moved on past a column or
        keep-clear area near the run's end reached over the wall row beyond. The floor beside those
        booths is left undeclared (the wall row's own); an aisle they fill to its depth is left out."""
        walls = [(p.x0, p.y0, p.x1, p.y1) for p in self.site.wall_pieces]
        result = []
        for a in aisles:
            rect = (a.x0, a.y0, a.x1, a.y1)
            if a.kind == "secondary" and any(overlaps(rect, w) for w in walls):
                y0, y1 = a.y0, a.y1
                for s in self.index.spots:
                    if overlaps(rect, (s.x0, s.y0, s.x1, s.y1)):
                        if s.y0 <= a.y0 + EPSILON:
                            y0 = max(y0, s.y1)
                        if s.y1 >= a.y1 - EPSILON:
                            y1 = min(y1, s.y0)
                if y1 - y0 <= EPSILON:
                    continue
                a = dataclasses.replace(a, y0=y0, y1=y1)
            result.append(a)
        return result

    def fills_alike(self, variant: Variant, choose: bool) -> bool:
        """Whether a fill in `variant`, choosing zones for their sponsors or not (`choose`), in the same
        run order and from the same zones, would have gone as this one did: it differs from this one
        only in choices this fill met no case for."""
        if choose != self.choose and "choose" in self.consulted:
            return False
        return all(
            getattr(variant, f.name) == getattr(self.variant, f.name)
            for f in dataclasses.fields(Variant)
            if f.name in self.consulted
        )

    def twin(
        self,
        variant: Variant,
        choose: bool,
        spots: Sequence[Spot],
        aisles: Sequence[Aisle],
        zones: list[Zone],
    ) -> HallFiller:
        """The filler a fill in `variant`, with `choose`, would have left where it fills alike
        (`fills_alike`): this one as its fill left it, with that fill's `spots` and `aisles` (its own
        may have changed since) and `zones`, copies of this one's zones in their states, in the same
        order; nothing shared that changes after a fill."""
        twin = copy.copy(self)
        twin.variant = variant
        twin.choose = choose
        twin.zones = zones
        twin.consulted = set(self.consulted)
        twin.index = PlacedIndex(self.index.reach, self.index.involved, self.index.cell)
        for spot in spots:
            twin.index.add(spot)
        twin.laid = tuple(spots)
        twin.aisles = list(aisles)
        return twin


def _fixed(rect: Callable[[float, BoothRequest], Rect], position: float) -> Callable[[BoothRequest], Rect]:
    """`rect` with its position fixed: where a booth would stand if taken for this spot."""
    return lambda r: rect(position, r)


def closed_sides(filler: HallFiller, spots: Sequence[Spot] | None = None) -> dict[int, set[Side]]:
    """The sides of each placed booth (by index), or of each of `spots` in the hall `filler` fills,
    closed by a wall, column or keep-clear area (`backing_sides`)."""
    chosen = filler.index.spots if spots is None else spots
    return backing_sides(chosen, filler.walls, filler.aisle)


def backing_sides(spots: Sequence[Spot], walls: Walls, depth: float) -> dict[int, set[Side]]:
    """The sides of each booth in `spots` (by index) that the hall's `walls` close, as the metrics count
    open sides (`Walls.closed`, with strips `depth` deep: the secondary aisle's width)."""
    if not spots:
        return {}
    rects = np.array([(s.x0, s.y0, s.x1, s.y1) for s in spots], dtype=float)
    closed: dict[int, set[Side]] = {}
    for k, side in zip(*np.nonzero(walls.closed(rects, depth)), strict=True):
        closed.setdefault(int(k), set()).add(SIDES[side])
    return closed
