"""Layout v1: booths in zone clusters of double rows, island bands and wall rows between fire-safe aisles.

`lay_out` places a fair's booth requests hall by hall. Zones pinned to a hall go there first; the other
zones follow in the order of the list, flowing on into the next hall when one is full, so a zone too
large for one hall spans adjacent halls. A zone a hall would only begin (placing less of it than it
leaves) waits whole for the next hall where the halls after have room for it (`_held_over`), unless the
next hall, filled so, leaves a zone split or a stand short of open sides, or (the last) a booth
unplaced: then it goes back, begun where it was. Each hall is filled (`stacking`) and finished:
`regroup` trades booths between interchangeable spots to keep each zone in one group and seat sponsors
on main aisles.
Once the way of filling a hall is chosen and its strays have rejoined their zones, a zone still split
may have booths trade spots with booths of their shape of another type (`_polished`); a hall that
places every booth still waiting and yet splits a zone is filled with its zones in other orders too
(`_reordered`), which changes no hall after it. Booths no hall after a hall takes (those the last hall
leaves, those of zones pinned to it) then take the floor its fill left free (`_leftovers_placed`), once
the booths its fill put beyond the travel-distance rule's walk of an exit are out (`_beyond_travel_out`:
they wait for that floor, or the next hall); those still waiting then stand on the free floor with aisle
all round where they can (`_stood_free`: an island no band had room for). Last, once a hall is final,
its sponsors still off the main aisles take the seats of their shape nearest an entrance (`_Filled.of`).
A hall that the waiting booths would fill only in part is laid out in trial first, the snake starting
beside its main aisle in each way it may (`HallFiller.run_orders`); where the best way still leaves a
zone split, the other fill `VARIANTS` of it are tried too (and, where a stand is left short of open
sides, the way chosen with its island band rows run on past columns; where booths are left waiting that
the hall should place, the way chosen with a zone that has only islands left giving up the row blocks
laid for it at once). The trial kept is the one that
scores best in the report's figures, in this order: booth area placed (counted only as far as the halls
after it could not take what it leaves), stand types honoured, zones together, sponsors on a main
aisle; where few booths are left for the halls after, the best trials are compared with those halls
filled after them (`_look_ahead`). Booths that find no room are returned as `unplaced`, each with its
reason; a booth larger than every hall is an input error. The floor a hall's fill laid out for booths
that none holds in the end (a stray's before it rejoined, a zone's held over) is returned as `vacant`
(`vacancies`).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from shapely import Polygon as ShapelyPolygon

from halllayout.errors import InputError
from halllayout.layout.caps import trade_caps
from halllayout.layout.free_floor import free_places, stand_free
from halllayout.layout.groups import NO_ZONE, FloatArray, IntArray, neighbour_pairs, zone_labels
from halllayout.layout.last_booths import join_last_booths, last_booths
from halllayout.layout.lawful import hall_geometry, within_travel
from halllayout.layout.numbering import open_sides as spot_open_sides
from halllayout.layout.numbering import placed_booths
from halllayout.layout.open_floor import open_floor_around
from halllayout.layout.placement import PlacedIndex, Spot, overlaps, within
from halllayout.layout.queue import Zone, booth_kind, row_module, zones_in_order
from halllayout.layout.regroup import SIDES, main_aisle_spots, sides_touching
from halllayout.layout.regroup import regroup as regroup_spots  # the module keeps the name regroup
from halllayout.layout.row_ends import rejoin
from halllayout.layout.site import EPSILON, Site, build_site, wall_gaps
from halllayout.layout.stacking import VARIANTS, HallFiller, RunOrder, Variant, closed_sides, in_bands
from halllayout.layout.vacancies import vacated
from halllayout.model import Aisle, BoothRequest, Fair, Hall, Layout, PlacedBooth, Side, Unplaced, Vacancy
from halllayout.rules.check import RULES
from halllayout.rules.geometry import HallGeometry, aisle_label
from halllayout.rules.metrics import OPEN_SIDES_NEEDED, SPONSOR_TIERS, open_sides, zone_groups
from halllayout.rules.placement import aisle_width

__all__ = ["lay_out"]


def _site_key(hall: Hall, module: float) -> tuple[object, ...]:
    return (
        hall.outline,
        hall.entrances,
        hall.exits,
        hall.columns,
        hall.keep_clear,
        hall.steps,
        hall.main_aisle,
        hall.secondary_aisle,
        hall.rules,
        module,
    )


def _sites(fair: Fair, module: float) -> dict[str, Site]:
    """Each hall's site; halls of the same shape share the work (a fair of 200 identical halls is common)."""
    built: dict[tuple[object, ...], Site] = {}
    sites: dict[str, Site] = {}
    for hall in fair.halls:
        key = _site_key(hall, module)
        if key not in built:
            built[key] = build_site(hall, module)
        site = built[key]
        if site.hall.id != hall.id or site.hall != hall:
            site = dataclasses.replace(
                site, hall=hall, aisles=tuple(dataclasses.replace(a, hall_id=hall.id) for a in site.aisles)
            )
        sites[hall.id] = site
    return sites


def _check_sizes(requests: Sequence[BoothRequest], sites: dict[str, Site]) -> None:
    """Refuse a booth larger than every hall: an error in the list rather than a lack of room."""
    floors = {}
    for hall_id, site in sites.items():
        xs = [p[0] for p in site.hall.outline]
        ys = [p[1] for p in site.hall.outline]
        floors[hall_id] = (max(xs) - min(xs), max(ys) - min(ys))
    for r in requests:
        if not any(
            min(r.width, r.depth) <= min(w, d) + EPSILON and max(r.width, r.depth) <= max(w, d) + EPSILON
            for w, d in floors.values()
        ):
            sizes = ", ".join(f"hall {hall_id} {w:g} × {d:g} m" for hall_id, (w, d) in floors.items())
            raise InputError(
                r.source.file,
                f'booth "{r.ref}" is {r.width:g} × {r.depth:g} m, larger than every hall ({sizes})',
                row=r.source.row,
                column="width",
            )


@dataclass(frozen=True)
class _Reach:
    """The largest blocks the fair's halls offer: longest and deepest run, longest wall row."""

    longest_run: float
    tallest_run: float
    longest_wall: float

    @classmethod
    def of(cls, sites: dict[str, Site]) -> _Reach:
        distinct = {id(s.interior): s for s in sites.values()}.values()
        return cls(
            max((run.x1 - run.x0 for s in distinct for run in s.runs), default=0.0),
            max((run.y1 - run.y0 for s in distinct for run in s.runs), default=0.0),
            max((max(p.x1 - p.x0, p.y1 - p.y0) for s in distinct for p in s.wall_pieces), default=0.0),
        )

    def refuses(self, r: BoothRequest, module: float) -> str | None:
        """Why `r` fits no block of any hall, or None when some block can take it."""
        if booth_kind(r, module) == "island":
            if r.width > self.longest_run + EPSILON or r.depth > self.tallest_run + EPSILON:
                return (
                    f"an island of {r.width:g} × {r.depth:g} m is larger than the largest block between "
                    f"aisles ({self.longest_run:g} × {self.tallest_run:g} m)"
                )
            return None
        if r.width > max(self.longest_run, self.longest_wall) + EPSILON:
            return (
                f"a frontage of {r.width:g} m is longer than the longest row between aisles "
                f"({max(self.longest_run, self.longest_wall):g} m)"
            )
        return None


def _refused(requests: Sequence[BoothRequest], sites: dict[str, Site]) -> dict[str, str]:
    """Why each booth of `requests` that fits no block of any hall (`_Reach.refuses`) is refused, by ref:
    these are unplaced however the halls are filled."""
    module = row_module(requests)
    reach = _Reach.of(sites)
    refused = {}
    for r in requests:
        reason = reach.refuses(r, module)
        if reason:
            refused[r.ref] = reason
    return refused


#: Share of the gross area of the halls still to fill that their booths are sure to take, for a hall's
#: trials to be compared on booth area placed only as far as the booths left over need (`lay_out`).
LATER_FILL = 0.35
#: A hall's best ways of filling are compared with the halls after them counted in (`_look_ahead`) when
#: at most this many booths are left for those halls, and at most this many ways, and as many again of
#: the ways that fill the runs in bands (`HallFiller.band_orders`): those seat more sponsors and would
#: otherwise crowd out the others.
AHEAD_BOOTHS = 400
AHEAD_TRIES = 6


def lay_out(
    fair: Fair, requests: Sequence[BoothRequest], progress: Callable[[str, int, int], None] | None = None
) -> Layout:
    """Place every booth of `requests` in the halls of `fair`; what does not fit is `unplaced`, with why.

    Raises InputError for a booth larger than every hall. `progress`, if given, is told
    ("layout", halls done, halls) as each hall is filled.

    A hall's trials are compared on booth area placed only as far as the halls after it could not
    take what it leaves (`LATER_FILL`): beyond that, a trial that keeps a zone together wins over one
    that places a few m² more. Should booths then find no room in a fair of several halls, the fair is
    laid out again with area first in every hall, and the layout with fewer booths unplaced kept (a
    fair of one hall has no hall after it: area comes first in it already).
    """
    layout = _lay_out(fair, requests, progress, strict=False)
    # (in a fair of one hall, area comes first either way)
    if len(fair.halls) > 1 and len(layout.unplaced) > len(
        _refused(requests, _sites(fair, row_module(requests)))
    ):
        strict = _lay_out(fair, requests, progress, strict=True)
        if len(strict.unplaced) < len(layout.unplaced):
            return strict
    return layout


def _lay_out(
    fair: Fair,
    requests: Sequence[BoothRequest],
    progress: Callable[[str, int, int], None] | None,
    strict: bool,
) -> Layout:
    """`lay_out`, with booth area placed compared first in every hall when `strict`."""
    module = row_module(requests)
    sites = _sites(fair, module)
    _check_sizes(requests, sites)
    involved = frozenset(ref for r in requests for ref in (r.ref, *r.keep_apart) if r.keep_apart)
    refused = _refused(requests, sites)
    unplaced = [Unplaced(r, refused[r.ref]) for r in requests if r.ref in refused]
    placeable = [r for r in requests if r.ref not in refused]

    pinned = {zone: hall.id for hall in fair.halls for zone in hall.zones}
    flow = zones_in_order([r for r in placeable if r.zone not in pinned], module)
    by_hall: dict[str, list[BoothRequest]] = {}
    for r in placeable:
        if r.zone in pinned:
            by_hall.setdefault(pinned[r.zone], []).append(r)
    gross = [ShapelyPolygon(hall.outline).area for hall in fair.halls]
    pinned_area = [sum(r.width * r.depth for r in by_hall.get(hall.id, [])) for hall in fair.halls]

    def hall_zones(done: int, flow: list[Zone]) -> tuple[list[Zone], int, float]:
        """The zones hall `done` takes from, how many are its own, and the booth area it must place."""
        hall = fair.halls[done]
        own = zones_in_order(by_hall.get(hall.id, []), module)
        # a zone begun in the previous hall goes on first
        zones = own + sorted((z for z in flow if z.left), key=lambda z: z.area_placed == 0)
        need = math.inf
        if not strict and not own:
            # the booth area this hall must place for the halls after it to take the rest
            waiting = sum(z.area - z.area_placed for z in flow)
            need = max(0.0, waiting + sum(pinned_area[done + 1 :]) - LATER_FILL * sum(gross[done + 1 :]))
        return zones, len(own), need

    seen: dict[tuple[object, ...], _Figures] = {}
    # the ways each hall was filled in trial by the look-ahead, for the hall to take up when filled for good
    trials: dict[str, _Trials] = {}

    def ahead(done: int, zones: list[Zone], after: list[Zone], rejoined: bool = False) -> _Figures | None:
        """The figures of the halls after hall `done`, filled without looking further ahead, once hall
        `done` has left `zones` in the states `after`, with their strays `rejoined` or not; None when
        that is not worth a look: no hall left, or more than `AHEAD_BOOTHS` booths waiting for the halls
        after."""
        later = range(done + 1, len(fair.halls))
        waiting = sum(len(z.waiting()) for z in after) + sum(
            len(by_hall.get(fair.halls[k].id, [])) for k in later
        )
        if not later or not waiting or waiting > AHEAD_BOOTHS:
            return None
        states = {id(z): a for z, a in zip(zones, after, strict=True)}
        flow_then = [states[id(z)].copy() if id(z) in states else z.copy() for z in flow]
        # ways of filling hall `done` that leave the same booths waiting leave the same halls after it
        key = (done, rejoined, tuple((z.name, tuple(r.ref for r in z.waiting())) for z in flow_then))
        if key not in seen:
            total = _Figures()
            for k in later:
                hall_then, own_then, need = hall_zones(k, flow_then)
                hall_id = fair.halls[k].id
                filler, _ = _fill_hall(
                    sites[hall_id],
                    hall_then,
                    involved,
                    own_then,
                    need,
                    rejoin=rejoined,
                    # rejoining moves the spots of the way chosen: not one to take up when filled for good
                    trials=None if rejoined else trials.setdefault(hall_id, {}),
                    reorder=False,
                    bands=False,
                    leaves_out=k + 1 == len(fair.halls),
                )
                total += _figures(filler)
            seen[key] = total
        return seen[key]

    halls: list[_Filled] = []
    # why a booth that no hall placed is left out, where it is that its hall's floor left for it was beyond
    # the travel-distance rule's walk of an exit
    too_far: dict[str, str] = {}
    # the last hall, where its fill put booths beyond that walk: the floor the booths left over lacked
    beyond: Hall | None = None
    # zones the hall before held over, until this hall shows they may wait so: the hall before filled with
    # them begun in it, and the states of the zones of `flow` then
    pending: tuple[_Filled, list[Zone]] | None = None
    done = 0
    while done < len(fair.halls):
        hall = fair.halls[done]
        if progress is not None:
            progress("layout", done, len(fair.halls))
        zones, own_count, need = hall_zones(done, flow)
        own = zones[:own_count]
        # the zones this hall may begin, as they are before it: one it would only begin may wait whole
        # for the next hall (too large a zone never does, and is not copied)
        fresh = (
            {}
            if strict or done + 1 == len(fair.halls)
            else {
                id(z): z.copy()
                for z in zones[own_count:]
                if z.area_placed == 0 and z.area <= HOLD_OVER_FILL * gross[done + 1]
            }
        )
        hall_trials = trials.pop(hall.id, None)
        filler, spots = _fill_hall(
            sites[hall.id],
            zones,
            involved,
            own_count,
            need,
            functools.partial(ahead, done, zones),
            trials=hall_trials,
            # the fill variants and other zone orders are tried only where a zone is split, and after
            # zones held over a split sends them back
            variants=pending is None,
            reorder=pending is None,
            leaves_out=done + 1 == len(fair.halls),
        )
        if pending is not None:
            filler.index.spots[:] = spots
            figures = _figures(filler)
            last = done + 1 == len(fair.halls)
            if figures.splits or figures.failures or (last and any(z.left for z in flow)):
                # the zones held over go back to the hall before, begun there, and this hall is filled
                # again
                halls[-1] = pending[0]
                for zone, state in zip(flow, pending[1], strict=True):
                    zone.adopt(state)
                if hall_trials is not None:
                    trials[hall.id] = hall_trials
                pending = None
                continue
            pending = None
        last = done + 1 == len(fair.halls)
        if not strict and not last:
            spots = _joined_last(filler, spots, zones, involved)
        # the floor beyond the travel-distance rule's walk of an exit holds no booth: those placed there
        # wait, for the floor left free here or the next hall
        laid = len(spots)
        spots = _beyond_travel_out(filler, spots, zones, too_far, last, pinned)
        if last and len(spots) < laid:
            beyond = hall
        finished = spots
        # booths no hall after this one takes (all those left in the last hall, those of the zones pinned
        # here in any) take the floor the fill left free, within the travel-distance rule's walk
        spots = _leftovers_placed(filler, spots, zones if last else own, involved)
        spots = _stood_free(filler, spots, zones if last else own, involved)
        if last:
            # a sponsor left over here is left out: before a booth of its zone and shape that is none.
            # (Before the last hall, it would wait for the next, which begins with it, often on the main
            # aisle: in the 400-booth sample, bringing sponsors in so seated 13 -> 10 of 21.)
            spots = _sponsors_brought_in(filler, spots, zones, involved)
        if spots is not finished:
            # booths moved to rejoin their zones may stand beyond the walk too
            laid = len(spots)
            spots = _beyond_travel_out(filler, spots, zones, too_far, last, pinned)
            if last and len(spots) < laid:
                beyond = hall
            for spot in spots:  # (a booth out too far before, placed after all)
                too_far.pop(spot.request.ref, None)
        if fresh:
            waiting = sum(z.area - z.area_placed for z in flow) + sum(pinned_area[done + 1 :])
            held = _held_over(spots, [z for z in zones if id(z) in fresh], gross[done:], waiting)
            if held:
                pending = (_Filled.of(filler, spots, own), [z.copy() for z in flow])
                names = {z.name for z in held}
                spots = [s for s in spots if s.request.zone not in names]
                filler.index.spots[:] = spots
                for zone in held:
                    zone.adopt(fresh[id(zone)])
        halls.append(_Filled.of(filler, spots, own))
        done += 1
    filled = _Filled()
    for one in halls:
        filled.extend(one)
    unplaced += [
        Unplaced(u.request, too_far.get(u.request.ref, u.reason))
        for u in [*filled.unplaced, *_left_over(flow, fair, beyond, sites)]
    ]
    order = {r.ref: i for i, r in enumerate(requests)}
    unplaced.sort(key=lambda u: order[u.request.ref])
    return Layout(
        fair=fair,
        booths=tuple(filled.booths),
        aisles=tuple(filled.aisles),
        unplaced=tuple(unplaced),
        vacant=tuple(filled.vacant),
    )


#: A zone a hall would only begin waits whole for the next hall where the halls after it have room for
#: it (`_held_over`): they are counted on to place this share of the booth area per m² of floor that the
#: hall placed.
HOLD_OVER_ROOM = 0.9
#: Only a zone of at most this share of the next hall's floor in booth area is ever held over.
HOLD_OVER_FILL = 0.5


@dataclass
class _Filled:
    """Halls filled: their booths and aisles, the booths of zones pinned to them that found no room, and
    the booth spots left vacant."""

    booths: list[PlacedBooth] = field(default_factory=list)
    aisles: list[Aisle] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    vacant: list[Vacancy] = field(default_factory=list)

    @classmethod
    def of(cls, filler: HallFiller, spots: list[Spot], own: Sequence[Zone]) -> _Filled:
        """The hall `filler` filled, with its final `spots` (set as `filler`'s) and its own zones `own`;
        last of all, its booths regrouped once more, sponsors still off the main aisles taking the seats
        of their shape nearest an entrance (`regroup`'s `near_entrances`)."""
        hall = filler.site.hall
        filler.index.spots[:] = spots
        # booths trade spots, no spot moves, and no trial or hall after this one sees it
        spots = _regrouped(filler, spots, near_entrances=True)
        unplaced = [
            Unplaced(r, f'zone "{zone.name}" is pinned to hall {hall.id}, which has no room left for it')
            for zone in own
            for r in zone.waiting()
        ]
        filler.index.spots[:] = spots
        booths = placed_booths(hall.id, spots, hall.secondary_aisle, closed_sides(filler))
        # the floor the fill laid out that the booths moved or taken away since left empty
        laid = [Vacancy(hall.id, s.x0, s.y0, s.x1, s.y1, s.front) for s in filler.laid]
        vacant = vacated(laid, [(s.x0, s.y0, s.x1, s.y1) for s in spots])
        # an aisle of no width (where a run's floor only touches the interior) is none
        aisles = _spare_aisles_dropped(hall, spots, [a for a in filler.aisles if a.width > EPSILON])
        return cls(booths, aisles, unplaced, vacant)

    def extend(self, other: _Filled) -> None:
        """Add `other`'s halls after these."""
        self.booths += other.booths
        self.aisles += other.aisles
        self.unplaced += other.unplaced
        self.vacant += other.vacant


def _too_far(hall: Hall) -> str:
    """Why a booth that `hall`'s fill placed beyond the travel-distance rule's walk of an exit is left
    out, where no floor of it or hall after it took the booth."""
    return (
        f"the floor left for it in hall {hall.id} is more than the {hall.rules.max_travel_distance:g} m "
        "travel distance from an exit; add an exit or a hall, or shorten the list"
    )


def _beyond_travel_out(
    filler: HallFiller,
    spots: list[Spot],
    zones: Sequence[Zone],
    too_far: dict[str, str],
    last: bool,
    pinned: Mapping[str, str],
) -> list[Spot]:
    """The final `spots` of the hall `filler` filled with `zones` less those beyond the travel-distance
    rule's walk of an exit (`within_travel`), given back to their zones to wait; `filler`'s spots are
    set to the result, and the floor they leave is no vacant spot (to sell, or for a re-layout to
    fill). Where no hall after this one takes such a booth (`last`, or its zone `pinned` here), why it
    may be left out goes into `too_far`, by ref."""
    hall = filler.site.hall
    spots, far = within_travel(hall, spots, filler.aisles)
    if not far:
        return spots
    filler.index.spots[:] = spots
    gone = [(f.x0, f.y0, f.x1, f.y1) for f in far]
    filler.laid = tuple(
        s for s in filler.laid if not any(overlaps((s.x0, s.y0, s.x1, s.y1), f) for f in gone)
    )
    by_name = {z.name: z for z in zones}
    for spot in far:
        by_name[spot.request.zone].give_back(spot.request, filler.module)
        if last or spot.request.zone in pinned:
            too_far[spot.request.ref] = _too_far(hall)
    return spots


def _held_over(
    spots: Sequence[Spot], begun: Sequence[Zone], gross: Sequence[float], waiting: float
) -> list[Zone]:
    """The zones of `begun` (zones a hall began, its booths placed at `spots`) to wait whole for the next
    hall rather than be split between the two: those the hall placed less of than it leaves waiting,
    each no larger than the next hall takes at the hall's fill rate (its booth area per m² of floor,
    `HOLD_OVER_ROOM` of it), the least placed first while the halls after still have room at that rate
    for `waiting` m² (the booth area left for them) and what the zones held over placed here. `gross`:
    the floor area of this hall and of each after it."""
    placed = sum((s.x1 - s.x0) * (s.y1 - s.y0) for s in spots)
    rate = HOLD_OVER_ROOM * placed / gross[0]
    room = rate * sum(gross[1:]) - waiting
    candidates = sorted(
        (
            z
            for z in begun
            if z.left and 0 < z.area_placed < z.area - z.area_placed and z.area <= rate * gross[1]
        ),
        key=lambda z: z.area_placed,
    )
    held = []
    for zone in candidates:
        if zone.area_placed > room:
            break
        room -= zone.area_placed
        held.append(zone)
    return held


def _sponsors_brought_in(
    filler: HallFiller, spots: list[Spot], zones: Sequence[Zone], involved: frozenset[str]
) -> list[Spot]:
    """The final `spots` of the hall `filler` filled with `zones`, where a sponsor waits while a booth of
    its zone, type and size that is none stands here: the sponsor
    takes that booth's spot, best tier first, and that booth waits in its place (back in its zone, in
    list order); then the booths are regrouped to seat the sponsors on main aisles (`regroup`).
    Booths of keep-apart pairs are not swapped. `filler`'s spots are set to the result."""
    swapped = False
    result = list(spots)
    for zone in zones:
        if not zone.sponsors:
            continue
        waiting = sorted(
            (r for r in zone.waiting() if r.tier in SPONSOR_TIERS and r.ref not in involved),
            key=lambda r: SPONSOR_TIERS.index(r.tier),
        )
        for sponsor in waiting:
            k = next(
                (
                    k
                    for k, s in enumerate(result)
                    if s.request.zone == zone.name
                    and s.request.tier not in SPONSOR_TIERS
                    and s.request.ref not in involved
                    and (s.request.type, s.request.width, s.request.depth)
                    == (sponsor.type, sponsor.width, sponsor.depth)
                ),
                None,
            )
            if k is None:
                continue
            zone.give_back(result[k].request, filler.module)
            zone.remove(sponsor, filler.module)
            result[k] = dataclasses.replace(result[k], request=sponsor)
            swapped = True
    if not swapped:
        return spots
    filler.index.spots[:] = result
    result = _regrouped(filler, result)
    filler.index.spots[:] = result
    return result


def _joined_last(
    filler: HallFiller, spots: list[Spot], zones: Sequence[Zone], involved: frozenset[str]
) -> list[Spot]:
    """The final `spots` of the hall `filler` filled with `zones`, and the last few booths a zone leaves
    for the next hall (`last_booths`) where they all find a place beside it here (`join_last_booths`),
    taken out of their zones: kept only where the hall then leaves no more zones split and no more
    stands short of open sides, else tried without the open floor. `filler`'s spots and aisles are set
    to the result."""
    waiting = last_booths(zones, spots)
    if not waiting:
        return spots
    hall = filler.site.hall
    filler.index.spots[:] = spots
    aisles = list(filler.aisles)
    before: _Figures | None = None

    def sides_of(chosen: Sequence[Spot]) -> list[tuple[Side, ...]]:
        return spot_open_sides(chosen, closed_sides(filler, chosen), hall.secondary_aisle)

    chosen = waiting
    for stack in (True, False):
        # a zone's last booths join it all or none: some left would stand apart in the next hall still.
        # Without the open floor no more find a place: tried only where those that did broke the hall's
        # figures
        while chosen:
            new, after = join_last_booths(filler.site, spots, aisles, chosen, involved, sides_of, stack)
            placed = {s.request.ref for s in new}
            short = {r.zone for r in chosen if r.ref not in placed}
            if not short:
                break
            chosen = [r for r in chosen if r.zone not in short]
        if not chosen:
            break
        if before is None:
            before = _figures(filler)
        filler.index.spots[:] = [*spots, *new]
        filler.aisles[:] = after
        figures = _figures(filler)
        if figures.splits <= before.splits and figures.failures <= before.failures:
            by_name = {z.name: z for z in zones}
            for spot in new:
                by_name[spot.request.zone].remove(spot.request, filler.module)
            return [*spots, *new]
    filler.index.spots[:] = spots
    filler.aisles[:] = aisles
    return spots


def _leftovers_placed(
    filler: HallFiller, spots: list[Spot], zones: Sequence[Zone], involved: frozenset[str]
) -> list[Spot]:
    """The final `spots` of the hall `filler` filled, and the booths of `zones` still waiting, which no
    hall after it takes, where they find a place on the floor the fill left free
    (`join_last_booths`): beside their zones first (row ends, across an aisle, open floor nearest),
    then in any open floor or empty stretch of wall row. Placing a booth comes before keeping its
    zone in one group, as in choosing the way a hall is filled: a zone new to the hall may take two
    stretches of wall row, and a zone's booths may stand in open floor away from it; those that can
    then rejoin their zones do (`_rejoined`). Kept only where the hall then keeps every rule and leaves
    no more stands short of open sides; else the booths of the zones the hall holds are tried beside
    them only, and else left out. The booths placed are taken out of their zones; `filler`'s spots and
    aisles are set to the result."""
    waiting = [r for zone in zones for r in zone.waiting()]
    if not waiting:
        return spots
    hall = filler.site.hall
    filler.index.spots[:] = spots
    aisles = list(filler.aisles)
    before = _figures(filler)

    def sides_of(chosen: Sequence[Spot]) -> list[tuple[Side, ...]]:
        return spot_open_sides(chosen, closed_sides(filler, chosen), hall.secondary_aisle)

    def placed_without(
        chosen: list[BoothRequest], out: Sequence[Spot], anywhere: bool
    ) -> tuple[list[BoothRequest], list[Spot], list[Aisle]]:
        """`chosen` less the booths at `out`, and where they are placed again without them (the open
        floor's aisles laid out for them alone), those within the walk to an exit."""
        refs = {s.request.ref for s in out}
        chosen = [r for r in chosen if r.ref not in refs]
        new, after = join_last_booths(filler.site, spots, aisles, chosen, involved, sides_of, True, anywhere)
        return chosen, within_travel(hall, [*spots, *new], after, len(spots))[0][len(spots) :], after

    here = {s.request.zone for s in spots}
    for anywhere in (True, False):
        chosen = waiting if anywhere else [r for r in waiting if r.zone in here]
        if not chosen:
            break
        new, after = join_last_booths(filler.site, spots, aisles, chosen, involved, sides_of, True, anywhere)
        far = within_travel(hall, [*spots, *new], after, len(spots))[1]
        if far:
            # those the floor left puts beyond the travel-distance rule's walk of an exit are left out, and
            # the rest placed again without them
            chosen, new, after = placed_without(chosen, far, anywhere)
        if not new:
            continue
        result = [*spots, *new]
        if not _keeps_rules(hall, result, after):
            continue
        filler.index.spots[:] = result
        filler.aisles[:] = after
        figures = _figures(filler)
        kept = True  # whether the filler holds `result`
        for _ in range(SHORT_TRIES):
            short = (
                _short_spots(hall, result, after, len(spots)) if figures.failures > before.failures else []
            )
            if not short:
                break
            # a booth the floor left puts short of the open sides its type needs (a corner booth in a
            # row) is left out, and the rest placed again without it, rather than all left out
            chosen, new, after = placed_without(chosen, short, anywhere)
            result = [*spots, *new]
            if not new or not _keeps_rules(hall, result, after):
                kept = False
                break
            filler.index.spots[:] = result
            filler.aisles[:] = after
            figures = _figures(filler)
        if figures.failures > before.failures or not kept or not new:
            filler.index.spots[:] = spots
            filler.aisles[:] = aisles
            continue
        if figures.splits > before.splits:
            result = _rejoined(filler, result)
        by_name = {z.name: z for z in zones}
        for spot in new:
            by_name[spot.request.zone].remove(spot.request, filler.module)
        return result
    return spots


def _stood_free(
    filler: HallFiller, spots: list[Spot], zones: Sequence[Zone], involved: frozenset[str]
) -> list[Spot]:
    """The final `spots` of the hall `filler` filled, and the booths of `zones` still waiting, which no
    hall after it takes, where they find a place on the free floor with aisle all round
    (`free_floor.stand_free`: an island no band had room for in a hall mostly empty; row booths in rows
    of their zone). A place is kept only where the booths stand within the walk to an exit, the hall
    then keeps every rule and no stand is left short of open sides. The booths placed are taken out of
    their zones; `filler`'s spots and aisles are set to the result."""
    waiting = [r for zone in zones for r in zone.waiting()]
    if not waiting:
        return spots
    hall = filler.site.hall
    filler.index.spots[:] = spots
    failures = _figures(filler).failures
    index = PlacedIndex(hall.main_aisle, involved)
    for spot in spots:
        index.add(spot)

    def lawful(result: list[Spot], after: list[Aisle], start: int) -> list[Aisle] | None:
        # (beyond the walk is the commonest reason a place is refused, and the quickest to tell)
        if within_travel(hall, result, after, start)[1]:
            return None
        kept = _lawful_aisles(hall, result, after)
        if kept is None:
            return None
        filler.index.spots[:] = result
        filler.aisles[:] = kept
        return kept if _figures(filler).failures <= failures else None

    new, aisles = stand_free(filler.site, index, filler.aisles, waiting, lawful)
    by_name = {z.name: z for z in zones}
    ring = hall.secondary_aisle
    for m in new:
        by_name[m.request.zone].remove(m.request, filler.module)
        # the floor laid out for booths that the ring round them now declares aisle is no spot to sell
        grown = (m.x0 - ring, m.y0 - ring, m.x1 + ring, m.y1 + ring)
        filler.laid = tuple(s for s in filler.laid if not overlaps(grown, (s.x0, s.y0, s.x1, s.y1)))
    spots = [*spots, *new]
    filler.index.spots[:] = spots
    filler.aisles[:] = aisles
    return spots


#: How many times the booths left over are placed again, each time without those the floor left put
#: short of the open sides their type needs (`_leftovers_placed`).
SHORT_TRIES = 4


def _short_spots(hall: Hall, spots: Sequence[Spot], aisles: Sequence[Aisle], start: int) -> list[Spot]:
    """The booths of `spots[start:]`, between `aisles`, with fewer open sides than their type needs, as
    the report counts them."""
    g = hall_geometry(hall, spots, aisles)
    opened = open_sides(g).tolist()[start:]
    return [
        s
        for s, count in zip(spots[start:], opened, strict=True)
        if count < OPEN_SIDES_NEEDED.get(s.request.type, 1)
    ]


def _regrouped(
    filler: HallFiller, spots: list[Spot], across_types: bool = False, near_entrances: bool = False
) -> list[Spot]:
    """`spots` of the hall `filler` fills regrouped (`regroup`), given the open sides each has there."""
    hall = filler.site.hall
    return regroup_spots(
        spots,
        hall.main_aisle,
        filler.module,
        main_aisles=[(a.x0, a.y0, a.x1, a.y1) for a in filler.aisles if a.kind == "main"],
        entrances=[door.at for door in hall.entrances],
        open_sides=[
            len(sides) for sides in spot_open_sides(spots, closed_sides(filler, spots), hall.secondary_aisle)
        ],
        across_types=across_types,
        near_entrances=near_entrances,
    )


def _finish(
    filler: HallFiller, finished: dict[tuple[object, ...], tuple[Spot, ...]] | None = None
) -> list[Spot]:
    """The spots of the hall `filler` filled, final: booths regrouped (`regroup`), then caps on a main
    aisle traded for row booths where sponsors still wait (`trade_caps`) and the booths regrouped again
    to seat them. The trade moves rectangles: `filler`'s spots are set to the result, so that the walls
    each backs onto (`closed_sides`) are found for the new ones. `finished`, where given, holds the
    result for fills of the same hall before, by their spots and aisles (it depends on nothing else),
    and takes this one's."""
    key = (tuple(filler.index.spots), tuple(filler.aisles))
    if finished is not None and key in finished:
        filler.index.spots[:] = finished[key]
        return list(finished[key])
    spots = _finished(filler)
    if finished is not None:
        finished[key] = tuple(spots)
    return spots


def _finished(filler: HallFiller) -> list[Spot]:
    """`_finish`, worked out."""
    hall = filler.site.hall
    main_aisles = [(a.x0, a.y0, a.x1, a.y1) for a in filler.aisles if a.kind == "main"]
    spots = _regrouped(filler, filler.index.spots)
    traded = trade_caps(spots, main_aisles, filler.module, hall.secondary_aisle, filler.floor_open)
    if traded != spots:
        spots = _regrouped(filler, traded)
    filler.index.spots[:] = spots
    return spots


def _polished(filler: HallFiller, spots: list[Spot]) -> list[Spot]:
    """The final `spots` of the hall `filler` filled, with the booths of a zone still split swapped, where
    that joins it, onto spots of their shape held by booths of another type (a corner booth onto an
    inline spot open on two sides: `regroup`'s `across_types`), and where a zone is split still, its
    strays rejoining it again (`_rejoined`: the swaps leave other groups smaller), all kept only where the
    hall's figures come out better. Done on the way chosen, once its strays have rejoined: it moves no
    booth between halls, so it changes neither the trials' figures nor the halls after. `filler`'s spots
    (and its aisles, cut round booths that moved onto open floor) are set to the result."""
    if not _splits(spots, filler.site.hall.main_aisle):
        return spots
    filler.index.spots[:] = spots
    before = _figures(filler)
    aisles = list(filler.aisles)
    again = _regrouped(filler, spots, across_types=True)
    if again != spots:
        filler.index.spots[:] = again
        if _splits(again, filler.site.hall.main_aisle):
            again = _rejoined(filler, again)
        if _figures(filler).score() < before.score():
            return again
        filler.index.spots[:] = spots
        filler.aisles[:] = aisles
    return spots


def _rejoined(filler: HallFiller, spots: list[Spot]) -> list[Spot]:
    """The final `spots` of the hall `filler` filled, with the smaller groups of split zones moved to
    free stretches at the ends of their zones' rows, or across an aisle from them, where they can move
    whole, else the largest group to a smaller one (`row_ends.rejoin`); done on the way chosen only (it
    moves booths within the hall, not between halls, so no later hall changes). `filler`'s spots are
    set to the result, so that the walls each backs onto are found, and its open floor is cut round the
    booths that moved onto it. Where the hall then breaks a rule it kept before (a row of strays along
    an aisle walling the open floor behind them off from it, the walk from the booths beyond to an exit
    too long), they rejoin off the open floor."""
    hall = filler.site.hall

    def sides_of(chosen: Sequence[Spot]) -> list[tuple[Side, ...]]:
        return spot_open_sides(chosen, closed_sides(filler, chosen), hall.secondary_aisle)

    # the gaps between wall row pieces kept clear: a booth in one would join two pieces into a row
    # longer than the rule allows once both are filled
    obstacles = [*filler.site.obstacles, *wall_gaps(filler.site.wall_pieces)]
    for onto_open_floor in (True, False):
        moved = rejoin(hall, filler.module, spots, filler.aisles, obstacles, sides_of, onto_open_floor)
        standing = [(s.x0, s.y0, s.x1, s.y1) for s, before in zip(moved, spots, strict=True) if s != before]
        aisles = open_floor_around(filler.aisles, standing, hall.secondary_aisle)
        if aisles == filler.aisles or not onto_open_floor:
            break
        # booths moved onto the open floor: a row of them along the aisle they face may wall that floor
        # off from it, and the walk from the booths beyond to an exit round the row's ends breaks the
        # travel-distance rule; the strays then rejoin off the open floor only
        if _keeps_rules(hall, moved, aisles) or not _keeps_rules(hall, spots, filler.aisles):
            break
    filler.aisles[:] = aisles
    filler.index.spots[:] = moved
    return moved


def _lawful(hall: Hall, way: _Attempt) -> bool:
    """Whether a way of filling `hall` keeps every rule but the walk to an exit once the booths it puts
    beyond that walk are taken out, as `_beyond_travel_out` takes them (those may be the booths that
    stand with no aisle beside them)."""
    spots, aisles = list(way.spots), way.filler.aisles
    if _keeps_rules(hall, spots, aisles, WALK):
        return True
    near, far = within_travel(hall, spots, aisles)
    return bool(far) and _keeps_rules(hall, near, aisles, WALK)


def _keeps_rules(hall: Hall, spots: Sequence[Spot], aisles: Sequence[Aisle], but: Sequence[str] = ()) -> bool:
    """Whether the booths at `spots` between `aisles` keep every rule of `hall` (`check`'s `RULES`), but
    those named in `but`, once the aisles no booth needs that are too narrow are left open floor
    (`_spare_aisles_dropped`, as the hall's layout leaves them)."""
    return _lawful_aisles(hall, spots, aisles, but) is not None


def _lawful_aisles(
    hall: Hall, spots: Sequence[Spot], aisles: Sequence[Aisle], but: Sequence[str] = ()
) -> list[Aisle] | None:
    """`aisles` less those `_spare_aisles_dropped` leaves open floor, where the booths at `spots` between
    them keep every rule of `hall` but those named in `but` (`_keeps_rules`); else None."""
    kept, g, passed = _mended(hall, spots, aisles)
    lawful = all(
        passed[name] if name in passed else rule(g).passed for name, rule in RULES.items() if name not in but
    )
    return kept if lawful else None


def _spare_aisles_dropped(hall: Hall, spots: Sequence[Spot], aisles: Sequence[Aisle]) -> list[Aisle]:
    """`aisles` less those narrower than the rule asks (a column or keep-clear area standing in them,
    or the floor left them that narrow), main aisles apart, that no booth at `spots` stands in or
    fronts on, or that lie wholly in another aisle kept, where the hall then breaks fewer rules and
    none it kept: floor no booth fronts on need not be declared an aisle it is too narrow to be, and is
    left open floor; floor another aisle declares is declared once. All such aisles are tried
    together, then one by one.

    In bench hall 157 the side of the ring of aisle round a keep-clear area that ran between it and the
    wall had a column in it, 2.5 m clear of 4 m; in hall 154, a 3 m piece of floor beside a 4 m aisle
    was declared a secondary aisle of its own; in hall 25, the floor of a run before its first block
    was declared twice, once from the perimeter aisle (2.5 m clear beside a column) and once from
    1.4 m further on (1.6 m clear)."""
    return _mended(hall, spots, aisles)[0]


def _mended(
    hall: Hall, spots: Sequence[Spot], aisles: Sequence[Aisle]
) -> tuple[list[Aisle], HallGeometry, dict[str, bool]]:
    """`_spare_aisles_dropped`, with the rules' view of the hall with the aisles kept, and whether each
    rule it measured on that view passed (by name, as in `RULES`)."""
    g = hall_geometry(hall, spots, aisles)
    width = aisle_width(g)
    if width.passed:
        return list(aisles), g, {WIDTH: True}
    narrow = set(width.offenders)
    boxes = [(a.x0, a.y0, a.x1, a.y1) for a in aisles]
    rects = np.array([(s.x0, s.y0, s.x1, s.y1) for s in spots], dtype=float).reshape(-1, 4)
    fronts = np.array([SIDES.index(s.front) for s in spots], dtype=np.intp)
    spare: list[int] = []
    for k, a in enumerate(aisles):
        # (a main aisle is the way in from an entrance, fronted on or not)
        if (
            aisle_label(a) in narrow
            and a.kind != "main"
            and (
                not _fronted(a, rects, fronts)
                or any(j != k and j not in spare and within(boxes[k], b) for j, b in enumerate(boxes))
            )
        ):
            spare.append(k)
    if not spare:
        return list(aisles), g, {WIDTH: False}
    passed = {name: rule(g).passed for name, rule in RULES.items()}
    broken = {name for name, ok in passed.items() if not ok}
    for dropped in [spare, *([k] for k in spare)] if len(spare) > 1 else [spare]:
        kept = [a for k, a in enumerate(aisles) if k not in dropped]
        mended = hall_geometry(hall, spots, kept)
        after = {name: rule(mended).passed for name, rule in RULES.items()}
        if {name for name, ok in after.items() if not ok} < broken:
            return kept, mended, after
    return list(aisles), g, passed


def _fronted(aisle: Aisle, rects: FloatArray, fronts: IntArray) -> bool:
    """Whether a booth of `rects` `(n, 4)`, whose fronts are the sides `fronts` `(n,)` (indices into
    `SIDES`), stands in `aisle` or fronts on it: its front side along the aisle's edge over some length.
    (Its other sides stay as open beside the aisle's floor declared or not.)"""
    if not len(rects):
        return False
    box = (aisle.x0, aisle.y0, aisle.x1, aisle.y1)
    across = np.minimum(rects[:, 2], box[2]) - np.maximum(rects[:, 0], box[0])
    along = np.minimum(rects[:, 3], box[3]) - np.maximum(rects[:, 1], box[1])
    if ((across > EPSILON) & (along > EPSILON)).any():
        return True
    return bool(sides_touching(rects, [box])[np.arange(len(rects)), fronts].any())


def _fill_hall(
    site: Site,
    zones: list[Zone],
    involved: frozenset[str],
    own: int,
    need: float = math.inf,
    ahead: _Ahead | None = None,
    rejoin: bool = True,
    trials: _Trials | None = None,
    reorder: bool = True,
    variants: bool = True,
    bands: bool = True,
    leaves_out: bool = False,
) -> tuple[HallFiller, list[Spot]]:
    """Fill one hall with `zones` (the first `own` pinned to it) the best way found, and finish it
    (`_finish`) and, with `rejoin`, rejoin its zones' strays (`_rejoined`): the filler and its final
    spots. Each way is laid out in trial on copies of the zones, and the zones then take on the state
    the chosen one left them in.

    The ways: where the waiting booths fill the hall in part, each order the snake may take the runs in
    (`HallFiller.run_orders`) with the next zone taken in list order or chosen for its sponsors, scored
    (`_Figures.score`) after finishing and, with `rejoin`, after rejoining (`_settle`): a way that
    leaves strays near the main aisle may keep its zones together as well as one far from it once they
    rejoin. Otherwise the default way, rejoined once chosen. Where the best leaves a zone split, the
    other `VARIANTS` of it too, and of each way that seats more sponsors (`_variant_ways`). Where the best
    way leaves a sponsor in a zone with no booth on a main aisle (`_Figures.stranded`), with `bands`, the
    first `BAND_ORDERS` orders that fill the runs beside each main aisle and beyond as bands
    (`HallFiller.band_orders`) too, zones in list order and chosen for their sponsors; a hall whose way
    in bands breaks a rule the fill does not look at (`_keeps_rules`) is filled again without. Booth area
    placed counts up to `need` m² (what the halls after this one could not take). With `ahead`, the
    figures of the halls after this one given the states a way leaves the zones in (None when not
    worth a look), the first `AHEAD_TRIES` ways that place as much and honour as many types as the best
    are compared on the figures of this hall and those after together: one way of filling a hall can
    leave the next hall booths it cannot keep together. Where the way chosen leaves a stand short of
    the open sides its type needs, it is filled again with its island bands' rows running on past
    columns (`Variant.rows_run_on`) and that kept if it scores better (on this hall's figures alone);
    where it leaves booths out that no hall after it takes (`_short`: booths waiting or beyond the
    travel-distance rule's walk of an exit in the last hall, `leaves_out`; booths of the zones pinned to
    it in any), likewise with zones that
    have only caps or islands left giving up the floor they have no booth for (`GIVING_WAY`:
    `Variant.islands_wait`, `Variant.rows_shared`), each weighed against the way chosen on the rules
    kept (the walk apart), the stands short of open sides, and the booth area kept within the walk
    less `SPLIT_AREA` for each zone split. Where the way so chosen breaks a rule the fill does not look
    at (a dead end longer than the limit) once its booths beyond the walk to an exit are out
    (`_lawful`), the best-scored way that keeps them all is taken instead, with the same steps where it
    still keeps them after.
    The first of equals wins, so the result is deterministic.

    `trials`, where given, holds ways of filling this hall from the same states of its zones filled
    before (by the look-ahead, not rejoined since), taken up rather than filled again, and takes the
    ways filled here. With `rejoin` and `reorder`, a hall that still leaves a zone split is filled with
    its zones in other orders too (`_reordered`: where it leaves booths for the halls after, judged with
    them, through `ahead`); without `variants`, no fill variant is tried."""
    hall = site.hall
    state = None if trials is None else _states(zones)
    # the finished spots of each fill (spots and aisles) made here: ways that fill the hall alike (a
    # variant whose choice never arises here) are finished alike
    finished: dict[tuple[object, ...], tuple[Spot, ...]] = {}
    # the ways filled or taken up here, by run order
    made: dict[RunOrder | None, list[_Attempt]] = {}

    def attempt(order: RunOrder | None, choose: bool, variant: Variant) -> _Attempt:
        key = (state, own, order, choose, variant)
        if trials is not None and key in trials:
            made.setdefault(order, []).append(trials[key])
            return trials[key]
        alike = next((a for a in made.get(order, ()) if a.filler.fills_alike(variant, choose)), None)
        if alike is not None:
            # a fill so would go as that one went: its twin, not filled again
            copies = [z.copy() for z in alike.zones]
            place = {id(z): k for k, z in enumerate(alike.zones)}
            mine = [copies[place[id(z)]] for z in alike.filler.zones]
            filler = alike.filler.twin(variant, choose, *alike.fill, mine)
        else:
            copies = [z.copy() for z in zones]
            # the filler reorders its list of zones (choosing one for its sponsors, sending one that
            # takes nothing to the back): `copies` stays in the order of `zones`, each zone's state
            # for it to adopt
            filler = HallFiller(
                site,
                list(copies),
                PlacedIndex(hall.main_aisle, involved),
                own=own,
                choose=choose,
                variant=variant,
            )
            filler.fill(order)
        fill = (tuple(filler.index.spots), tuple(filler.aisles))
        a = _Attempt(filler, _finish(filler, finished), copies, order, choose, fill)
        made.setdefault(order, []).append(a)
        if trials is not None:
            trials[key] = a
        return a

    planner = HallFiller(site, zones, PlacedIndex(hall.main_aisle, involved), own=own)
    orders = planner.run_orders()
    if len(orders) < 2:
        tried = [attempt(None, False, VARIANTS[0])]
    else:
        tried = [attempt(order, choose, VARIANTS[0]) for order in orders for choose in (False, True)]
    best = tried[0]
    # one way that keeps every zone together is taken as it is, unless it strands a sponsor (below)
    whole = len(tried) == 1 and not _splits(best.spots, hall.main_aisle)
    scored = [] if whole else [(_figures(a.filler), a) for a in tried]
    # the variants go by the splits of these ways before rejoining: rejoining may cost a stand open sides
    # a variant keeps
    split = bool(scored) and min(s[0].score(need) for s in scored)[2] > 0
    stranded = (
        _strands(best.filler, best.spots)
        if whole
        else min(scored, key=lambda s: s[0].score(need))[0].stranded
    )
    if bands and stranded:
        # sponsors of a zone that reaches no main aisle: the runs in bands too, where each zone does
        if whole:
            scored = [(_figures(best.filler), best)]
        band_orders = planner.band_orders()[:BAND_ORDERS]
        banded = [attempt(order, choose, VARIANTS[0]) for order in band_orders for choose in BAND_CHOOSE]
        tried += banded
        scored += [(_figures(a.filler), a) for a in banded]
    settle = rejoin and len(tried) > 1
    scored = _settle(scored, need, settle)
    if split and variants:
        # the ways in bands apart: they seat more sponsors, and would leave the others' variants untried
        ways = _variant_ways([s for s in scored if not in_bands(s[1].order)], need)
        ways += [w for w in _variant_ways([s for s in scored if in_bands(s[1].order)], need) if w not in ways]
        for order, choose in ways:
            for variant in VARIANTS[1:]:
                a = attempt(order, choose, variant)
                scored.append((_figures(a.filler), a))
        scored = _settle(scored, need, settle)
    ranked: list[tuple[_Figures, _Attempt]] = []
    if scored:
        ranked = sorted(scored, key=lambda s: s[0].score(need))
        best = ranked[0][1]
        if ahead is not None and len(ranked) > 1:
            best = _look_ahead(ranked, need, ahead) or best

    def bettered(best: _Attempt) -> _Attempt:
        """The way `best` filled again as below, where that does better."""
        if not best.filler.variant.rows_run_on and _short_of_sides(best.filler, best.spots):
            # a stand short of open sides where island band rows end face to face across a column: the way
            # chosen again with the rows running on past it, kept if it scores better
            again = attempt(
                best.order, best.choose, dataclasses.replace(best.filler.variant, rows_run_on=True)
            )
            pair = _settle([(_figures(best.filler), best), (_figures(again.filler), again)], need, settle)
            best = min(pair, key=lambda s: s[0].score(need))[1]
        # (only what the hall leaves out for good counts: before the last hall, the booths of zones not
        # pinned to it wait for the next, and the look-ahead weighs the halls after)
        short = _short(best, own, leaves_out)
        for change in GIVING_WAY:
            # booths waiting that no hall after this one takes: the way chosen again with zones that have
            # only caps or islands left giving up the floor they have no booth for, weighed below
            variant = dataclasses.replace(best.filler.variant, **change)
            if not short or variant == best.filler.variant:
                continue
            again = attempt(best.order, best.choose, variant)
            pair = _settle([(_figures(best.filler), best), (_figures(again.filler), again)], need, settle)
            # a way that breaks a rule loses, then one that leaves more stands short of open sides; then the
            # booth area each keeps once the floor beyond the walk to an exit is emptied counts, less
            # `SPLIT_AREA` for each zone split (zones mixed in rows for a booth or two more placed are no
            # trade an organiser makes)
            better = min(
                pair,
                key=lambda s: (
                    not _keeps_rules(hall, s[1].spots, s[1].filler.aisles, WALK),
                    s[0].failures,
                    SPLIT_AREA * s[0].splits - min(_walked_area(s[1]), need),
                    s[0].score(need),
                ),
            )[1]
            if better is not best:
                best = better
                short = _short(best, own, leaves_out)
        return best

    chosen_way = bettered(best)
    if len(ranked) > 1 and not _lawful(hall, chosen_way):
        # a way that breaks a rule the fill does not look at (a dead end longer than the limit) gives way
        # to the best that keeps them all, where one does (the way chosen itself, where only filling it
        # again broke one)
        lawful = next((a for _, a in ranked if _lawful(hall, a)), None)
        if lawful is not None:
            again = bettered(lawful)
            chosen_way = again if _lawful(hall, again) else lawful
    best = chosen_way
    if not rejoin:
        for zone, copy in zip(zones, best.zones, strict=True):
            zone.adopt(copy)
        return best.filler, best.spots
    spots = best.spots if best.rejoined else _rejoined(best.filler, best.spots)
    filled = (best.filler, _polished(best.filler, spots))
    chosen = best.zones
    if reorder:
        figures = _figures(best.filler)
        if figures.splits:
            # a zone split still: the zones in other orders
            filled, chosen = _reordered(
                site, zones, involved, own, need, filled, (figures, best.zones), ahead, leaves_out
            )
    if filled[0].banded and not _keeps_rules(hall, filled[1], filled[0].aisles):
        # the bands break a rule the fill does not look at (a booth too far from an exit): the hall filled
        # as it would be without them
        return _fill_hall(
            site, zones, involved, own, need, ahead, rejoin, None, reorder, variants, False, leaves_out
        )
    for zone, copy in zip(zones, chosen, strict=True):
        zone.adopt(copy)
    return filled


#: The changes to the way a hall is filled tried, one after the other, where the way chosen leaves booths
#: waiting that no hall after it takes (`_short`): zones with only caps or islands left give way.
GIVING_WAY: tuple[dict[str, bool], ...] = (
    {"islands_wait": True},
    {"islands_wait": True, "rows_shared": True},
)
#: The booth area (m²) a zone split is worth where the ways of `GIVING_WAY` are weighed: six 3 × 3 m
#: booths.
SPLIT_AREA = 54.0
#: The travel-distance rule, which a trial need not keep (`_beyond_travel_out` empties the floor beyond).
WALK = ("travel_distance",)
#: The aisle-width rule's name in `RULES`.
WIDTH = "aisle_width"
#: How many of the orders that fill a hall's runs in bands (`HallFiller.band_orders`) are tried, and with
#: zones chosen for their sponsors or not, where the other ways leave a sponsor off the main aisles.
BAND_ORDERS = 2
BAND_CHOOSE = (False, True)
#: Orders of its zones a hall is filled in where the list's order leaves a zone split (`_reordered`), the
#: list's own included.
ZONE_ORDERS = 8


def _reordered(
    site: Site,
    zones: list[Zone],
    involved: frozenset[str],
    own: int,
    need: float,
    filled: tuple[HallFiller, list[Spot]],
    first: tuple[_Figures, list[Zone]],
    ahead: _Ahead | None,
    leaves_out: bool = False,
) -> tuple[tuple[HallFiller, list[Spot]], list[Zone]]:
    """The best of `filled` (the hall filled with `zones` in the list's order, a zone split; its figures
    and the copies of `zones` it left, in their states, `first`) and the hall filled with copies of
    `zones` in other orders (`ZONE_ORDERS` in all): that and the copies of `zones` it left, in the
    order of `zones`. The zones pinned to the hall stay first, then those begun in the hall before, the
    others shuffled (by a hash of the order's number and each zone's name: the same input, the same
    orders, on any machine and Python). Each order is filled the ways `_fill_hall` tries but for the
    fill variants (with them: 2 zones split fewer over 42 generated lists, for 8 s more, 3 s of it on
    one 80-booth list).

    Where `filled` places every booth waiting, only orders that do too count, and no hall after this
    one changes: this hall's figures decide. Where it leaves booths for the halls after, another order
    leaves them others: orders that place as much booth area (up to `need`) and honour as many types
    are judged with the figures of the halls after (`ahead`) counted in, and none is tried where
    `ahead` finds that not worth a look. Stops at one that splits no zone and seats as many sponsors;
    the first of equals wins."""
    figures, left = first
    sends_on = any(z.left for z in left)
    later = _Figures()
    if sends_on:
        then = None if ahead is None else ahead(left)
        if then is None:
            return filled, left
        later = then
    fixed = own + sum(z.area_placed > 0 for z in zones[own:])
    rest = zones[fixed:]
    if len(rest) < 2:
        return filled, left
    top, start = figures.score(need)[:2], figures + later
    best, chosen, score = filled, left, start.score()
    # an order filled before fills the hall as it did: few zones have fewer orders than ZONE_ORDERS
    tried = {tuple(z.name for z in rest)}
    for k in range(1, ZONE_ORDERS):
        order = sorted(rest, key=lambda z: hashlib.blake2b(f"{k} {z.name}".encode(), digest_size=8).digest())
        names = tuple(z.name for z in order)
        if names in tried:
            continue
        tried.add(names)
        copies = [z.copy() for z in (*zones[:fixed], *order)]
        filler, spots = _fill_hall(
            site, copies, involved, own, need, reorder=False, variants=False, leaves_out=leaves_out
        )
        by_name = {z.name: z for z in copies}
        aligned = [by_name[z.name] for z in zones]
        here = _figures(filler)
        if sends_on:
            then = ahead(aligned) if ahead is not None and here.score(need)[:2] <= top else None
        else:
            then = None if any(z.left for z in copies) else _Figures()
        if then is None:
            continue
        total = here + then
        if total.score() < score:
            best, chosen, score = (filler, spots), aligned, total.score()
            if not total.splits and total.seated >= start.seated:
                break
    return best, chosen


def _variant_ways(scored: list[tuple[_Figures, _Attempt]], need: float) -> list[tuple[RunOrder | None, bool]]:
    """The ways (run order, zones chosen for their sponsors) of `scored` to fill again with the other
    `VARIANTS`: the best, and each that seats more sponsors than it while placing as much booth area
    and honouring as many types (its variant keeping the zones together as well as the best would
    win), in the order they rank."""
    if not scored:
        return []
    ranked = sorted(scored, key=lambda s: s[0].score(need))
    top = ranked[0][0]
    ways: list[tuple[RunOrder | None, bool]] = []
    for figures, a in ranked:
        way = (a.order, a.choose)
        if way in ways:
            continue
        if not ways or (figures.seated > top.seated and figures.score(need)[:2] == top.score(need)[:2]):
            ways.append(way)
    return ways


def _settle(
    scored: list[tuple[_Figures, _Attempt]], need: float, rejoin: bool
) -> list[tuple[_Figures, _Attempt]]:
    """`scored` (same order) with the ways that might score best once their strays rejoin their zones
    rejoined (`_rejoined`) and scored again; all of them unchanged without `rejoin`.

    Rejoining changes no booth area and leaves no more groups, and it is taken to leave no fewer stand
    types short of open sides (it moves a booth only where it and the booths beside it keep them), so a
    way not yet rejoined that leaves a zone split might score as well as its area and type failures
    allow with no split; the way that scores best of all so bounded is rejoined until it is one
    rejoined or with no zone split. Every way that places as much booth area
    and honours as many types as the best is rejoined on the way, so that `_look_ahead` compares them
    rejoined. Deterministic: the first of equals is taken."""
    result = list(scored)
    if not rejoin:
        return result

    def bound(k: int) -> tuple[tuple[float, int, int, float], int]:
        figures, a = result[k]
        score = figures.score(need)
        if a.rejoined or not figures.splits:
            return (score, k)
        return ((score[0], score[1], 0, -math.inf), k)

    while result:
        k = min(range(len(result)), key=bound)
        figures, a = result[k]
        if a.rejoined or not figures.splits:
            break
        rejoined = dataclasses.replace(a, spots=_rejoined(a.filler, a.spots), rejoined=True)
        result[k] = (_figures(rejoined.filler), rejoined)
    return result


def _look_ahead(ranked: list[tuple[_Figures, _Attempt]], need: float, ahead: _Ahead) -> _Attempt | None:
    """Of the ways `ranked` (best first) that place as much booth area (up to `need`) and honour as many
    types as the first, at most `AHEAD_TRIES` that fill the runs in bands and as many that do not, the
    one best with the halls after it (`ahead`) counted in; None when `ahead` finds the first not worth
    a look. The halls after are filled without rejoining their strays; where the best so is a way in
    bands, it is kept over the best of the others only where it does better with them rejoined: one
    way of filling may leave the halls after strays that rejoin, the other none."""
    top = ranked[0][0].score(need)[:2]
    chosen: tuple[tuple[float, int, int, int], _Attempt] | None = None
    rival: tuple[tuple[float, int, int, int], _Attempt] | None = None
    figures_of: dict[int, _Figures] = {}
    tries = {False: AHEAD_TRIES, True: AHEAD_TRIES}
    for figures, a in ranked:
        if figures.score(need)[:2] != top or not any(tries.values()):
            break
        banded = in_bands(a.order)
        if not tries[banded]:
            continue
        tries[banded] -= 1
        later = ahead(a.zones)
        if later is None:
            return None
        key = (figures + later).score()
        figures_of[id(a)] = figures
        if chosen is None or key < chosen[0]:
            chosen = (key, a)
        if not banded and (rival is None or key < rival[0]):
            rival = (key, a)
    if chosen is None or rival is None or chosen[1] is rival[1]:
        return None if chosen is None else chosen[1]
    judged = []
    for _, a in (rival, chosen):
        later = ahead(a.zones, True)
        if later is None:
            return rival[1]
        judged.append(((figures_of[id(a)] + later).score(), a))
    return chosen[1] if judged[1][0] < judged[0][0] else rival[1]


@dataclass(frozen=True)
class _Attempt:
    """A hall filled in trial: the filler, its final spots, the copies of the zones it took booths from
    (in the order of the zones copied), and the run order and way of choosing zones it was filled with."""

    filler: HallFiller
    spots: list[Spot]
    zones: list[Zone]
    order: RunOrder | None
    choose: bool
    #: the spots and aisles as the fill left them, before finishing
    fill: tuple[tuple[Spot, ...], tuple[Aisle, ...]]
    #: whether its strays have rejoined their zones (`_rejoined`)
    rejoined: bool = False


class _Ahead(Protocol):
    """The figures of the halls after one, once it has left its zones in the states `after`, with their
    strays rejoined or not; None when not worth a look."""

    def __call__(self, after: list[Zone], rejoined: bool = False) -> _Figures | None: ...


#: Ways of filling one hall in trial, by the states of its zones (`_states`), its own zones' count, the
#: run order, whether zones were chosen for their sponsors and the fill variant.
_Trials = dict[tuple[object, ...], _Attempt]


def _states(zones: Sequence[Zone]) -> tuple[object, ...]:
    """What a hall's fill depends on in the zones it takes from, in order: each one's name, booths
    waiting and area placed (all and islands)."""
    return tuple(
        (z.name, z.area_placed, z.island_area_placed, tuple(r.ref for r in z.waiting())) for z in zones
    )


def _short_of_sides(filler: HallFiller, spots: Sequence[Spot]) -> bool:
    """Whether a booth of `spots`, in the hall `filler` fills, has fewer open sides than its type needs."""
    sides = spot_open_sides(spots, closed_sides(filler, spots), filler.site.hall.secondary_aisle)
    return any(
        len(open) < OPEN_SIDES_NEEDED.get(s.request.type, 1) for s, open in zip(spots, sides, strict=True)
    )


def _short(way: _Attempt, own: int, last: bool) -> bool:
    """Whether `way` of filling a hall leaves booths out that no hall after it takes: the last hall's
    booths waiting, or those it puts beyond the travel-distance rule's walk of an exit (they are taken
    out to wait, `_beyond_travel_out`); before the last, those of the first `own` zones (pinned to it)."""
    if any(z.left for z in (way.zones if last else way.zones[:own])):
        return True
    return last and _walked_area(way) < sum(s.request.width * s.request.depth for s in way.spots) - EPSILON


def _walked_area(way: _Attempt) -> float:
    """The booth area `way` of filling a hall places within the travel-distance rule's walk of an exit."""
    near, _ = within_travel(way.filler.site.hall, way.spots, way.filler.aisles)
    return sum(s.request.width * s.request.depth for s in near)


def _splits(spots: Sequence[Spot], reach: float) -> int:
    """The zones' groups beyond one each among `spots`, neighbours as the metrics count them."""
    if not spots:
        return 0
    requests = [s.request for s in spots]
    rects = np.array([(s.x0, s.y0, s.x1, s.y1) for s in spots], dtype=float)
    codes: dict[str, int] = {"": NO_ZONE}
    zone = np.array([codes.setdefault(r.zone, len(codes) - 1) for r in requests], dtype=np.intp)
    labels = zone_labels(zone, *neighbour_pairs(rects, reach))
    zoned = zone != NO_ZONE
    return len(np.unique(labels[zoned])) - len(np.unique(zone[zoned]))


def _strands(filler: HallFiller, spots: Sequence[Spot]) -> bool:
    """Whether a sponsor among `spots` (the hall `filler` filled) belongs to a zone with no booth on a
    main aisle (`_Figures.stranded`), found from the booths' sides along the main aisles alone
    (`regroup.main_aisle_spots`): a quicker look than `_figures`."""
    if not any(s.request.tier in SPONSOR_TIERS for s in spots):
        return False
    mains = [(a.x0, a.y0, a.x1, a.y1) for a in filler.aisles if a.kind == "main"]
    on_main = main_aisle_spots(spots, mains)
    reaching = {s.request.zone for s, on in zip(spots, on_main, strict=True) if on}
    return any(s.request.tier in SPONSOR_TIERS and s.request.zone not in reaching for s in spots)


@dataclass(frozen=True)
class _Figures:
    """The report's figures for one or more halls: booth area placed (m²), booths with fewer open sides
    than their type needs, the zones' groups beyond one each, and the sponsors on a main aisle; and, not
    scored, the sponsors of zones with no booth on a main aisle (`stranded`)."""

    area: float = 0.0
    failures: int = 0
    splits: int = 0
    seated: int = 0
    stranded: int = 0

    def __add__(self, other: _Figures) -> _Figures:
        return _Figures(
            self.area + other.area,
            self.failures + other.failures,
            self.splits + other.splits,
            self.seated + other.seated,
            self.stranded + other.stranded,
        )

    def score(self, need: float = math.inf) -> tuple[float, int, int, int]:
        """Lower better, in this order: the booth area left out (negated area placed, up to `need` m²),
        the type failures, the splits and the sponsors seated (negated)."""
        return (-round(min(self.area, need), 6), self.failures, self.splits, -self.seated)


def _figures(filler: HallFiller) -> _Figures:
    """The figures of the hall `filler` filled, as the report counts them."""
    hall = filler.site.hall
    g = hall_geometry(hall, filler.index.spots, filler.aisles)
    area = sum(s.request.width * s.request.depth for s in filler.index.spots)
    opened = open_sides(g).tolist()
    failures = sum(
        count < OPEN_SIDES_NEEDED.get(b.request.type, 1) for b, count in zip(g.booths, opened, strict=True)
    )
    splits = sum(groups - 1 for groups in zone_groups(g).values())
    contacts = g.contacts
    main = [a.kind == "main" for a in g.aisles]
    on_main = {
        int(side) // 4 for side, aisle in zip(contacts.side, contacts.aisle, strict=True) if main[aisle]
    }
    sponsors = [k for k, b in enumerate(g.booths) if b.request.tier in SPONSOR_TIERS]
    seated = sum(k in on_main for k in sponsors)
    reaching = {g.booths[k].request.zone for k in on_main}
    stranded = sum(g.booths[k].request.zone not in reaching for k in sponsors)
    return _Figures(area, failures, splits, seated, stranded)


def _left_over(
    flow: list[Zone], fair: Fair, beyond: Hall | None = None, sites: Mapping[str, Site] | None = None
) -> list[Unplaced]:
    """The booths of `flow` still waiting once every hall is filled, each with why: no room left, within
    the travel-distance rule's walk of an exit where the last hall's fill put booths `beyond` it (its
    floor there stays empty, and an exit more is what the organiser can change). An island that no
    floor of any hall of `sites` would hold even empty (`_no_island_floor`: a column grid too close for
    it and its aisles) says so: another hall like them would not take it."""
    waiting = [r for zone in flow for r in zone.waiting()]
    if not waiting:
        return []
    area = sum(r.width * r.depth for r in waiting)
    where = f"hall {fair.halls[0].id}" if len(fair.halls) == 1 else f"the {len(fair.halls)} halls"
    if beyond is None:
        reason = (
            f"no room left in {where}: {len(waiting)} booths ({area:g} m²) did not fit; add a hall or "
            "shorten the list"
        )
    else:
        reason = (
            f"no room left in {where}: {len(waiting)} booths ({area:g} m²) did not fit within the "
            f"{beyond.rules.max_travel_distance:g} m travel distance from an exit (hall {beyond.id}'s floor "
            "beyond it is left empty); add an exit or a hall, or shorten the list"
        )
    islands: dict[tuple[float, float], str | None] = {}
    result = []
    for r in waiting:
        why = reason
        if sites and booth_kind(r, next(iter(sites.values())).module) == "island":
            size = (min(r.width, r.depth), max(r.width, r.depth))
            if size not in islands:
                islands[size] = _no_island_floor(r, list(sites.values()), where)
            why = islands[size] or reason
        result.append(Unplaced(r, why))
    return result


def _no_island_floor(r: BoothRequest, sites: Sequence[Site], where: str) -> str | None:
    """Why no floor of the halls of `sites` would hold the island `r` even were they empty: no place on
    the free floor of any (`free_floor.free_places`: clear of columns, keep-clear areas, the clear areas
    before doors and the main and perimeter aisles, with aisle all round, within the walk to an exit as
    the crow flies); None where one would."""
    # (halls of one shape share their site's interior, and one look does for them all)
    distinct = {id(site.interior): site for site in sites}.values()
    if any(free_places(site, [], list(site.aisles), [r], 1) for site in distinct):
        return None
    ring = "–".join(sorted({f"{site.hall.secondary_aisle:g}" for site in sites}))
    of = "it" if len(sites) == 1 else "them"
    return (
        f"no room left in {where}: no floor of {of} holds an island of {r.width:g} × {r.depth:g} m with "
        f"{ring} m of aisle all round clear of the columns, keep-clear areas and the clear areas before "
        "the doors, within the walk to an exit, even with no other booth; make the island smaller or add "
        "a hall with room for it"
    )
