"""A hall prepared for laying out: where booths may stand and which aisles are fixed before any booth.

The plan, in metres with plan x east / y north, for a hall whose booth rows run east-west:

- wall rows: booths with their backs to the wall, one module deep, along every axis-aligned wall;
- a perimeter aisle of the secondary width inside the wall rows, all the way round, widened inwards past
  a column standing in it (a column line near a wall), as the aisle round a keep-clear area is;
- the interior, inside the perimeter aisle, cut north-south into runs by main aisles (from entrances in
  the south or north wall) and by cross aisles, so that no run is longer than the rule's row length;
  a run narrower than a booth is no run;
- east-west main aisles (from entrances in the east or west wall) cross the runs.

Runs are then filled with blocks (double rows, single rows, island bands) by `stacking`; obstacles
(columns, keep-clear areas, the clear areas in front of doors, main aisles) are cut out of every block.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from shapely import Polygon as ShapelyPolygon
from shapely import box, unary_union
from shapely.geometry.base import BaseGeometry

from halllayout.layout.doors import exit_clear_area, inward_normal
from halllayout.layout.placement import within
from halllayout.model import Aisle, Door, Hall, Side

#: Tolerance for comparing lengths in metres.
EPSILON = 1e-6

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class Run:
    """A strip [x0, x1] of the interior between two north-south aisles; [y0, y1] its interior extent."""

    index: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class WallRow:
    """Floor along a wall for one row of booths with their backs to it: rectangle, facing side, axis.

    `along` is "x" when the row runs east-west (the wall is a south or north wall), else "y".
    """

    x0: float
    y0: float
    x1: float
    y1: float
    front: Side
    along: str


@dataclass(frozen=True)
class WallPiece:
    """A stretch of a wall row no longer than the rule's row length, assigned to the nearest run."""

    x0: float
    y0: float
    x1: float
    y1: float
    front: Side
    along: str
    run: int

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)


@dataclass(frozen=True)
class Site:
    """One hall ready for booths: its runs, wall rows, obstacles and the aisles fixed in advance."""

    hall: Hall
    module: float
    interior: BaseGeometry
    obstacles: tuple[Rect, ...]
    runs: tuple[Run, ...]
    wall_rows: tuple[WallRow, ...]
    aisles: tuple[Aisle, ...]
    #: East-west main aisles as (y0, y1): blocks skip over them.
    east_west_mains: tuple[tuple[float, float], ...]
    #: North-south main aisles as (x0, x1): the run ends beside them are the best spots.
    north_south_mains: tuple[tuple[float, float], ...]
    #: Columns and keep-clear areas as rectangles: nothing stands on them, nothing walks through them.
    solids: tuple[Rect, ...] = ()
    #: The wall rows cut into pieces, each with the run it is filled with.
    wall_pieces: tuple[WallPiece, ...] = ()
    #: The keep-clear areas as rectangles, those too close to walk between as one (`_clustered`): the
    #: aisle round each goes round these.
    kept_clear: tuple[Rect, ...] = ()


def runs_north_south(hall: Hall, door: Door) -> bool:
    """Whether the main aisle from `door` runs north-south (the door is in a south or north wall)."""
    nx, ny = inward_normal(hall.outline, door)
    return abs(ny) >= abs(nx)


def _main_aisle(hall: Hall, door: Door) -> Rect:
    """The main aisle from `door` across the hall, the hall's main width, centred on the door unless a
    column stands in it: then moved sideways, as little as needed and still in front of the door, to
    pass beside the columns, or where it cannot, widened past them."""
    minx, miny, maxx, maxy = ShapelyPolygon(hall.outline).bounds
    width = hall.main_aisle
    along_x = not runs_north_south(hall, door)
    centre = door.at[1] if along_x else door.at[0]
    lows = [(s[1], s[3]) if along_x else (s[0], s[2]) for s in solid_obstacles(hall)]

    def blocked(start: float) -> bool:
        return any(lo < start + width - EPSILON and hi > start + EPSILON for lo, hi in lows)

    start = centre - width / 2
    if blocked(start):
        candidates = sorted(
            {hi for _, hi in lows} | {lo - width for lo, _ in lows},
            key=lambda c: (abs(c + width / 2 - centre), c),
        )
        reach = door.width / 2 + width / 2
        for candidate in candidates:
            if abs(candidate + width / 2 - centre) < reach and not blocked(candidate):
                start = candidate
                break
    stop = start + width
    columns = [(c[1], c[3]) if along_x else (c[0], c[2]) for c in _column_rects(hall)]
    hits = [(lo, hi) for lo, hi in columns if lo < stop - EPSILON and hi > start + EPSILON]
    if hits and _clear_beside(start, stop, hits) < width - EPSILON:
        # no way past the columns in front of the door: widened past them, the way that widens it
        # less, to the full width clear beside them (a keep-clear area cuts it instead: `_around`)
        low, high = (
            min(start, min(lo for lo, _ in hits) - width),
            max(stop, max(hi for _, hi in hits) + width),
        )
        start, stop = (low, stop) if start - low <= high - stop else (start, high)
    if along_x:
        return (minx, start, maxx, stop)
    return (start, miny, stop, maxy)


def _spans(start: float, stop: float, cuts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """[start, stop] less the intervals in `cuts`, as sorted disjoint intervals."""
    spans: list[tuple[float, float]] = []
    cursor = start
    for a, b in sorted(cuts):
        if a > cursor:
            spans.append((cursor, min(a, stop)))
        cursor = max(cursor, b)
        if cursor >= stop:
            break
    if cursor < stop:
        spans.append((cursor, stop))
    return [(a, b) for a, b in spans if b - a > EPSILON]


def split_run(
    start: float, stop: float, gap: float, longest: float, module: float | None = None
) -> list[tuple[float, float]]:
    """[start, stop] cut into pieces no longer than `longest`, `gap` apart.

    Without `module` the pieces are equal. With it, every piece but the last is the longest whole
    number of modules allowed, so rows of `module`-wide booths waste nothing; a last piece shorter than
    one module is left as floor.

    >>> split_run(0, 63, 3, 30)
    [(0.0, 30.0), (33.0, 63.0)]
    >>> split_run(0, 20, 3, 30)
    [(0, 20)]
    >>> split_run(6, 66, 3, 30, module=3)
    [(6, 36), (39, 66)]
    >>> split_run(0, 66, 3, 30, module=3)
    [(0, 30), (33, 63)]
    """
    length = stop - start
    if length <= longest + EPSILON:
        return [(start, stop)]
    if module is not None and module > EPSILON:
        full = math.floor(longest / module + EPSILON) * module
        pieces = []
        cursor = start
        while stop - cursor > EPSILON:
            end = min(cursor + full, stop)
            if end - cursor >= module - EPSILON:
                pieces.append((cursor, end))
            cursor = end + gap
        return pieces
    count = math.ceil((length + gap) / (longest + gap) - EPSILON)
    piece = (length - (count - 1) * gap) / count
    return [(start + i * (piece + gap), start + i * (piece + gap) + piece) for i in range(count)]


def _is_convex(prev: tuple[float, float], at: tuple[float, float], nxt: tuple[float, float]) -> bool:
    cross = (at[0] - prev[0]) * (nxt[1] - at[1]) - (at[1] - prev[1]) * (nxt[0] - at[0])
    return cross > 0


def _wall_rows(outline: tuple[tuple[float, float], ...], depth: float, aisle: float) -> list[WallRow]:
    """A strip `depth` deep along every axis-aligned wall of a counter-clockwise outline.

    East and west walls keep their corners; south and north walls stop `depth + aisle` short of a
    convex corner, so the perimeter aisle reaches the wall row at the corner from both sides.
    """
    rows: list[WallRow] = []
    n = len(outline)
    for i in range(n):
        prev, a, b, nxt = outline[i - 1], outline[i], outline[(i + 1) % n], outline[(i + 2) % n]
        start_convex = _is_convex(prev, a, b)
        end_convex = _is_convex(a, b, nxt)
        if abs(a[1] - b[1]) < EPSILON and abs(a[0] - b[0]) > EPSILON:  # south or north wall
            lo, hi = sorted((a[0], b[0]))
            lo_convex, hi_convex = (start_convex, end_convex) if a[0] < b[0] else (end_convex, start_convex)
            lo += depth + aisle if lo_convex else 0
            hi -= depth + aisle if hi_convex else 0
            if hi - lo < depth:
                continue
            if b[0] > a[0]:  # walking east: the hall lies to the north
                rows.append(WallRow(lo, a[1], hi, a[1] + depth, "N", "x"))
            else:
                rows.append(WallRow(lo, a[1] - depth, hi, a[1], "S", "x"))
        elif abs(a[0] - b[0]) < EPSILON and abs(a[1] - b[1]) > EPSILON:  # east or west wall
            lo, hi = sorted((a[1], b[1]))
            if b[1] > a[1]:  # walking north: the hall lies to the west
                rows.append(WallRow(a[0] - depth, lo, a[0], hi, "W", "y"))
            else:
                rows.append(WallRow(a[0], lo, a[0] + depth, hi, "E", "y"))
    return rows


def _column_rects(hall: Hall) -> list[Rect]:
    """The columns of `hall` as rectangles."""
    return [
        (c.at[0] - c.size / 2, c.at[1] - c.size / 2, c.at[0] + c.size / 2, c.at[1] + c.size / 2)
        for c in hall.columns
    ]


def _perimeter_aisles(hall: Hall, depth: float, columns: Sequence[Rect] = ()) -> list[Aisle]:
    """The ring of aisle inside the wall rows, as one rectangle per axis-aligned edge.

    At a reflex corner the rectangle runs on past the corner by the aisle's width, so the two meet. Where
    a column stands in it, it is widened inwards past the column (`_past_columns`).
    """
    width = hall.secondary_aisle
    ring = ShapelyPolygon(hall.outline).buffer(-depth, join_style="mitre")
    if ring.is_empty or ring.geom_type != "Polygon":
        return []
    coords = list(ring.exterior.coords)[:-1]
    if ShapelyPolygon(coords).exterior.is_ccw is False:
        coords.reverse()
    aisles = []
    n = len(coords)
    for i in range(n):
        prev, a, b, nxt = coords[i - 1], coords[i], coords[(i + 1) % n], coords[(i + 2) % n]
        # past a reflex corner the aisle runs on to meet the next one; along an east or west wall it
        # runs on at a convex corner into the gap left where the south or north wall row stops
        vertical = abs(a[0] - b[0]) < EPSILON
        ext_a = (depth if vertical else 0) if _is_convex(prev, a, b) else width
        ext_b = (depth if vertical else 0) if _is_convex(a, b, nxt) else width
        inward: Side
        if abs(a[1] - b[1]) < EPSILON:
            if b[0] > a[0]:  # hall to the north
                rect = (a[0] - ext_a, a[1], b[0] + ext_b, a[1] + width)
                inward = "N"
            else:
                rect = (b[0] - ext_b, a[1] - width, a[0] + ext_a, a[1])
                inward = "S"
        elif abs(a[0] - b[0]) < EPSILON:
            if b[1] > a[1]:  # hall to the west
                rect = (a[0] - width, a[1] - ext_a, a[0], b[1] + ext_b)
                inward = "W"
            else:
                rect = (a[0], b[1] - ext_b, a[0] + width, a[1] + ext_a)
                inward = "E"
        else:
            continue
        aisles.append(Aisle(hall.id, "perimeter", *_past_columns(rect, inward, columns, width)))
    return aisles


def _past_columns(rect: Rect, inward: Side, columns: Sequence[Rect], width: float) -> Rect:
    """The perimeter aisle `rect`, its inner edge on side `inward`, widened inwards where a column
    stands in it with less than `width` clear between the column and the wall row: to `width` clear
    beyond the column, so that the aisle is as wide as it must be beside every column in it.

    >>> _past_columns((0, 3, 30, 6), "N", [(11.5, 5.5, 12.5, 6.5)], 3)
    (0, 3, 30, 9.5)
    >>> _past_columns((0, 3, 30, 6), "N", [(11.5, 0.5, 12.5, 1.5)], 3)  # in the wall row, not the aisle
    (0, 3, 30, 6)
    >>> _past_columns((3, 0, 6.5, 30), "W", [(2.5, 11.5, 3.5, 12.5)], 3)  # 3 m clear beside it still
    (3, 0, 6.5, 30)
    """
    x0, y0, x1, y1 = rect
    for cx0, cy0, cx1, cy1 in columns:
        if not (cx0 < x1 - EPSILON and cx1 > x0 + EPSILON and cy0 < y1 - EPSILON and cy1 > y0 + EPSILON):
            continue
        if inward == "N" and cy0 - y0 < width - EPSILON:
            y1 = max(y1, cy1 + width)
        elif inward == "S" and y1 - cy1 < width - EPSILON:
            y0 = min(y0, cy0 - width)
        elif inward == "E" and cx0 - x0 < width - EPSILON:
            x1 = max(x1, cx1 + width)
        elif inward == "W" and x1 - cx1 < width - EPSILON:
            x0 = min(x0, cx0 - width)
    return (x0, y0, x1, y1)


def _ring(area: Rect, width: float, outline: BaseGeometry, columns: Sequence[Rect] = ()) -> list[Rect]:
    """An aisle `width` wide round a keep-clear area, so that it stays reachable and the aisles it
    cuts still meet; each side widened away from the area past a column that stands in it
    (`_past_columns`) and trimmed to the hall."""
    x0, y0, x1, y1 = area
    sides: list[tuple[Rect, Side]] = [
        ((x0 - width, y0 - width, x1 + width, y0), "S"),
        ((x0 - width, y1, x1 + width, y1 + width), "N"),
        ((x0 - width, y0 - width, x0, y1 + width), "W"),
        ((x1, y0 - width, x1 + width, y1 + width), "E"),
    ]
    ring = []
    for side, away in sides:
        r = _clip(outline, _past_columns(side, away, columns, width))
        if min(r[2] - r[0], r[3] - r[1]) >= width - EPSILON and outline.intersects(box(*r)):
            ring.append(r)
    return ring


def _clustered(areas: Sequence[Rect], gap: float) -> list[Rect]:
    """`areas` with any two less than `gap` apart (an aisle round one would run into the other)
    replaced by the rectangle round both, until none are.

    >>> _clustered([(0, 0, 4, 4), (5, 0, 9, 4), (20, 0, 24, 4)], 3)
    [(0, 0, 9, 4), (20, 0, 24, 4)]
    """
    rects = list(areas)
    merged = True
    while merged:
        merged = False
        for i, j in itertools.combinations(range(len(rects)), 2):
            a, b = rects[i], rects[j]
            dx = max(b[0] - a[2], a[0] - b[2])
            dy = max(b[1] - a[3], a[1] - b[3])
            if max(dx, dy) < gap - EPSILON:
                rects[i] = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                del rects[j]
                merged = True
                break
    return rects


def _around(aisle: Aisle, areas: Sequence[Rect], beside: float = math.inf) -> list[Aisle]:
    """`aisle` less the stretches where a keep-clear area stands in it, cut along its length; only
    where the area leaves less than `beside` of the aisle's width clear beside it, if given."""
    pieces = [aisle]
    for ax0, ay0, ax1, ay1 in areas:
        cut = []
        for a in pieces:
            if not (ax0 < a.x1 and ax1 > a.x0 and ay0 < a.y1 and ay1 > a.y0):
                cut.append(a)
                continue
            east_west = a.x1 - a.x0 >= a.y1 - a.y0
            clear = max(ay0 - a.y0, a.y1 - ay1) if east_west else max(ax0 - a.x0, a.x1 - ax1)
            if clear >= beside - EPSILON:
                cut.append(a)  # room enough to walk beside it
                continue
            if east_west:  # runs east-west: cut in x
                for lo, hi in ((a.x0, ax0), (ax1, a.x1)):
                    if hi - lo > EPSILON:
                        cut.append(Aisle(a.hall_id, a.kind, lo, a.y0, hi, a.y1))
            else:
                for lo, hi in ((a.y0, ay0), (ay1, a.y1)):
                    if hi - lo > EPSILON:
                        cut.append(Aisle(a.hall_id, a.kind, a.x0, lo, a.x1, hi))
        pieces = cut
    return pieces


def build_site(hall: Hall, module: float) -> Site:
    """Prepare `hall` for booth rows `module` metres deep (3 m for a shell-scheme hall)."""
    outline = ShapelyPolygon(hall.outline)
    aisle = hall.secondary_aisle
    interior = outline.buffer(-(module + aisle), join_style="mitre")
    # doors facing each other across the hall share one main aisle
    mains: dict[Rect, list[Door]] = {}
    for door in hall.entrances:
        mains.setdefault(_main_aisle(hall, door), []).append(door)
    mains = _spaced(hall, mains, 2 * module)
    ns_mains = sorted((r[0], r[2]) for r, d in mains.items() if runs_north_south(hall, d[0]))
    ew_mains = sorted((r[1], r[3]) for r, d in mains.items() if not runs_north_south(hall, d[0]))
    # keep-clear areas too close to walk between are one area: one aisle goes round them all
    keep_clear = _clustered([ShapelyPolygon(p).bounds for p in hall.kept_clear()], aisle)
    # a keep-clear area across a main aisle's way (a stage in the middle of the hall) cuts it: the aisle
    # round the area joins the two pieces
    aisles = [
        piece
        for r, doors in mains.items()
        for reach in _reach(outline, _clip(outline, r), doors)
        for piece in _around(Aisle(hall.id, "main", *reach), keep_clear)
    ]
    columns = _column_rects(hall)
    perimeter = _perimeter_aisles(hall, module, columns)
    # where a perimeter aisle is widened past columns, the interior begins beyond it and the wall rows
    # stop short of it
    widened = [(a.x0, a.y0, a.x1, a.y1) for a in perimeter if a.width > aisle + EPSILON]
    if widened:
        interior = interior.difference(unary_union([box(*r) for r in widened]))
    aisles += [piece for a in perimeter for piece in _around(a, keep_clear)]
    rings = [r for kc in keep_clear for r in _ring(kc, aisle, outline, columns)]
    # a piece an area leaves between itself and a wall corner may be too short to walk along (as
    # narrow as the floor between them); where the ring round the area takes it in, it is the ring's
    aisles = [a for a in aisles if not any(within((a.x0, a.y0, a.x1, a.y1), r) for r in rings)]
    aisles += [Aisle(hall.id, "perimeter", *r) for r in rings]

    obstacles: list[Rect] = list(mains) + widened
    solids = solid_obstacles(hall)
    obstacles += solids
    obstacles += rings
    obstacles += [
        exit_clear_area(hall, door, hall.rules.exit_clear_depth).bounds
        for door in (*hall.entrances, *hall.exits)
    ]

    runs: list[Run] = []
    if not interior.is_empty:
        minx, miny, maxx, maxy = interior.bounds
        for a, b in _spans(minx, maxx, list(ns_mains)):
            pieces = _cross_past_columns(split_run(a, b, aisle, hall.rules.max_row_length), columns, aisle)
            for (_, x1), (nx0, _) in itertools.pairwise(pieces):
                cross = interior.intersection(box(x1, miny, nx0, maxy))
                if not cross.is_empty:
                    full = Aisle(hall.id, "cross", x1, cross.bounds[1], nx0, cross.bounds[3])
                    aisles += _around(full, keep_clear)
            for x0, x1 in pieces:
                if x1 - x0 < module - EPSILON:
                    # narrower than a booth: no row fits, and the aisles across it would be slivers
                    continue
                part = interior.intersection(box(x0, miny, x1, maxy))
                if not part.is_empty and part.area > EPSILON:
                    runs.append(Run(len(runs), x0, part.bounds[1], x1, part.bounds[3]))
    site = Site(
        hall=hall,
        module=module,
        interior=interior,
        obstacles=tuple(obstacles),
        runs=tuple(runs),
        wall_rows=tuple(_wall_rows(hall.outline, module, aisle)),
        aisles=tuple(aisles),
        east_west_mains=tuple(ew_mains),
        north_south_mains=tuple(ns_mains),
        solids=tuple(solids),
        kept_clear=tuple(keep_clear),
    )
    return replace(site, wall_pieces=tuple(wall_pieces(site)))


def _cross_past_columns(
    pieces: list[tuple[float, float]], columns: Sequence[Rect], width: float
) -> list[tuple[float, float]]:
    """`pieces` of a span ([x0, x1] each), the gaps between them cross aisles `width` wide, with each gap
    a column stands in widened past it where less than `width` is clear beside it: east or west,
    whichever widens it less, so long as the piece it eats into keeps some length.

    >>> _cross_past_columns([(0, 30), (33, 63)], [(32.5, 9.5, 33.5, 10.5)], 3)
    [(0, 29.5), (33, 63)]
    >>> _cross_past_columns([(0, 30), (33, 63)], [(35.5, 9.5, 36.5, 10.5)], 3)  # not in the gap
    [(0, 30), (33, 63)]
    """
    result = [list(p) for p in pieces]
    for k in range(len(result) - 1):
        g0, g1 = result[k][1], result[k + 1][0]
        hits = [(c0, c1) for c0, _, c1, _ in columns if c0 < g1 - EPSILON and c1 > g0 + EPSILON]
        if not hits or _clear_beside(g0, g1, hits) >= width - EPSILON:
            continue
        # widened west, `width` clear west of every column in it; or east, `width` clear east of them
        west = min(g0, min(c0 for c0, _ in hits) - width)
        east = max(g1, max(c1 for _, c1 in hits) + width)
        if g0 - west <= east - g1 and west > result[k][0] + EPSILON:
            result[k][1] = west
        elif east < result[k + 1][1] - EPSILON:
            result[k + 1][0] = east
        elif west > result[k][0] + EPSILON:
            result[k][1] = west
    return [(a, b) for a, b in result]


def _spaced(hall: Hall, mains: dict[Rect, list[Door]], depth: float) -> dict[Rect, list[Door]]:
    """`mains` (each main aisle with its doors), where two parallel ones stand closer than `depth` (a
    double row's) apart, one moved sideways so that a double row fits between them, or else, where not
    even a single row does, so that they meet, each still in front of its doors, inside the hall and
    clear of columns and keep-clear areas: floor between two main aisles that holds no row is lost to
    the hall. (A single row moved in between them instead cost bench hall 162, 36 m wide, a third of
    its booths.)

    Bench hall 136 has two gates 10 m wide 12.3 m apart in its east wall; their main aisles, 4 m wide,
    left 5.3 m between them across the 138 m hall, and 738 m² of booths found no room."""
    result = dict(mains)
    tried: set[tuple[Rect, float]] = set()
    for _ in range(4 * len(result)):
        pair = _too_close(hall, result, depth)
        if pair is None:
            break
        (first, second), gap = pair
        moves = [(second, depth - gap), (first, gap - depth)]  # a double row between them
        if gap < depth / 2 - EPSILON:  # else a single row stands between them as they are
            moves += [(second, -gap), (first, gap)]
        for rect, delta in moves:
            moved = _moved(hall, rect, result[rect], delta)
            if moved is not None and (rect, delta) not in tried and moved not in result:
                tried.add((rect, delta))
                result = {moved if r == rect else r: d for r, d in result.items()}
                break
        else:
            break
    return result


def _too_close(
    hall: Hall, mains: dict[Rect, list[Door]], depth: float
) -> tuple[tuple[Rect, Rect], float] | None:
    """The first two parallel main aisles of `mains`, west to east or south to north, less than `depth`
    apart but not meeting, and the gap between them; None where there are none."""
    for north_south in (True, False):
        lo, hi = (0, 2) if north_south else (1, 3)
        rects = sorted(
            (r for r, d in mains.items() if runs_north_south(hall, d[0]) == north_south), key=lambda r: r[lo]
        )
        for a, b in itertools.pairwise(rects):
            gap = b[lo] - a[hi]
            if EPSILON < gap < depth - EPSILON:
                return (a, b), gap
    return None


def _moved(hall: Hall, rect: Rect, doors: Sequence[Door], delta: float) -> Rect | None:
    """The main aisle `rect` from `doors` moved `delta` metres sideways (east or north), where it still
    stands in front of every door, inside the hall's extent, and no column or keep-clear area stands in
    it; None where not."""
    along_x = not runs_north_south(hall, doors[0])
    lo, hi = (1, 3) if along_x else (0, 2)
    start, stop = rect[lo] + delta, rect[hi] + delta
    width = stop - start
    for door in doors:
        if abs((start + stop) / 2 - door.at[lo]) >= door.width / 2 + width / 2:
            return None
    bounds = ShapelyPolygon(hall.outline).bounds
    if start < bounds[lo] - EPSILON or stop > bounds[hi] + EPSILON:
        return None
    lows = [(o[lo], o[hi]) for o in solid_obstacles(hall)]
    if any(a < stop - EPSILON and b > start + EPSILON for a, b in lows):
        return None
    moved = list(rect)
    moved[lo], moved[hi] = start, stop
    return (moved[0], moved[1], moved[2], moved[3])


def _clear_beside(g0: float, g1: float, hits: Sequence[tuple[float, float]]) -> float:
    """The widest clear stretch of [g0, g1] beside the intervals `hits` (columns across it)."""
    cursor, widest = g0, 0.0
    for lo, hi in sorted(hits):
        widest = max(widest, lo - cursor)
        cursor = max(cursor, hi)
    return max(widest, g1 - cursor)


def _reach(outline: BaseGeometry, rect: Rect, doors: Sequence[Door]) -> list[Rect]:
    """The stretches of the main aisle `rect` from `doors` that lie in the hall at their full width: from
    each door across the hall as far as the hall is wide enough for it, so that in a hall narrower
    beyond (the stem of a T) it stops rather than run on as a strip along a wall to a dead end.

    >>> t = ShapelyPolygon([(25, 0), (70, 0), (70, 30), (96, 30), (96, 66), (0, 66), (0, 30), (25, 30)])
    >>> _reach(t, (67.5, 0, 72.5, 66), [Door((70, 66), 4)])
    [(67.5, 30.0, 72.5, 66)]
    """
    x0, y0, x1, y1 = rect
    along_x = x1 - x0 > y1 - y0
    lo, hi = (x0, x1) if along_x else (y0, y1)
    axis = 0 if along_x else 1
    cuts = sorted({lo, hi, *(c[axis] for c in outline.exterior.coords if lo < c[axis] < hi)})
    pieces: list[list[float]] = []
    hall = outline.buffer(EPSILON)
    for a, b in itertools.pairwise(cuts):
        part = box(a, y0, b, y1) if along_x else box(x0, a, x1, b)
        if hall.covers(part):
            if pieces and abs(pieces[-1][1] - a) <= EPSILON:
                pieces[-1][1] = b
            else:
                pieces.append([a, b])
    at = [door.at[axis] for door in doors]
    kept = [(a, b) for a, b in pieces if any(a - EPSILON <= t <= b + EPSILON for t in at)]
    if not kept:
        return [rect]
    return [(a, y0, b, y1) if along_x else (x0, a, x1, b) for a, b in kept]


def _clip(outline: BaseGeometry, rect: Rect) -> Rect:
    """`rect` trimmed to the outline's extent (a main aisle ends at the walls)."""
    part = outline.intersection(box(*rect))
    if part.is_empty:
        return rect
    x0, y0, x1, y1 = part.bounds
    return (max(rect[0], x0), max(rect[1], y0), min(rect[2], x1), min(rect[3], y1))


def free_spans(site: Site, rect: Rect, along: str, *, interior: bool = True) -> list[tuple[float, float]]:
    """The stretches along `along` ("x" or "y") over which the whole strip `rect` is free floor.

    Free floor lies inside the interior (or, with `interior=False`, inside the hall) and clear of every
    obstacle's extent across the strip.
    """
    x0, y0, x1, y1 = rect
    region = site.interior if interior else ShapelyPolygon(site.hall.outline)
    strip = box(x0, y0, x1, y1)
    axis = 0 if along == "x" else 1
    start, stop = (x0, x1) if axis == 0 else (y0, y1)
    cuts: list[tuple[float, float]] = []
    outside = strip.difference(region)
    for g in getattr(outside, "geoms", [outside]):
        if not g.is_empty and g.area > EPSILON:
            b = g.bounds
            cuts.append((b[axis], b[axis + 2]))
    for ox0, oy0, ox1, oy1 in site.obstacles:
        if ox0 < x1 - EPSILON and ox1 > x0 + EPSILON and oy0 < y1 - EPSILON and oy1 > y0 + EPSILON:
            cuts.append((ox0, ox1) if axis == 0 else (oy0, oy1))
    return _spans(start, stop, cuts)


def cut_at_keep_clear(site: Site, aisles: Sequence[Aisle]) -> list[Aisle]:
    """`aisles`, same order, each less the stretches where one of the site's keep-clear areas stands in
    it with less than the aisle's width clear beside it (no room to walk past it: the aisle ends at
    the area, and the aisle round the area goes on). Areas too close to walk between count as one, as
    the aisle round them goes. The fill declares the floor between blocks as aisle across the run,
    and a block moved on past an area leaves the area in that floor."""
    hall = site.hall
    return [
        piece
        for a in aisles
        for piece in _around(
            a, site.kept_clear, hall.main_aisle if a.kind == "main" else hall.secondary_aisle
        )
    ]


def solid_obstacles(hall: Hall) -> list[Rect]:
    """The columns, keep-clear areas, steps and ramps of `hall`, as rectangles."""
    solids = _column_rects(hall)
    solids += [ShapelyPolygon(p).bounds for p in hall.kept_clear()]
    return solids


def wall_pieces(site: Site) -> list[WallPiece]:
    """The wall rows cut around obstacles into pieces no longer than the row-length rule, each given a run."""
    hall = site.hall
    pieces: list[WallPiece] = []
    for row in site.wall_rows:
        spans = free_spans(site, (row.x0, row.y0, row.x1, row.y1), row.along, interior=False)
        for a, b in spans:
            for lo, hi in split_run(a, b, hall.secondary_aisle, hall.rules.max_row_length, site.module):
                if hi - lo < site.module - EPSILON:
                    continue
                rect = (lo, row.y0, hi, row.y1) if row.along == "x" else (row.x0, lo, row.x1, hi)
                pieces.append(
                    WallPiece(*rect, front=row.front, along=row.along, run=_nearest_run(site, rect, row))
                )
    return pieces


def wall_gaps(pieces: Sequence[WallPiece]) -> list[Rect]:
    """The floor between consecutive pieces of each wall row: kept clear, so that no booth joins two
    pieces into a row longer than the rule allows.

    >>> a = WallPiece(0, 0, 30, 3, "N", "x", 0)
    >>> b = WallPiece(33, 0, 60, 3, "N", "x", 1)
    >>> wall_gaps([b, a])
    [(30, 0, 33, 3)]
    """
    lines: dict[tuple[str, float, float, str], list[WallPiece]] = {}
    for p in pieces:
        across = (p.y0, p.y1) if p.along == "x" else (p.x0, p.x1)
        lines.setdefault((p.along, *across, p.front), []).append(p)
    gaps: list[Rect] = []
    for (along, lo, hi, _), line in sorted(lines.items()):
        spans = sorted((p.x0, p.x1) if along == "x" else (p.y0, p.y1) for p in line)
        for (_, end), (start, _) in itertools.pairwise(spans):
            if start > end + EPSILON:
                gaps.append((end, lo, start, hi) if along == "x" else (lo, end, hi, start))
    return gaps


def _nearest_run(site: Site, rect: Rect, row: WallRow) -> int:
    if not site.runs:
        return 0
    cx = (rect[0] + rect[2]) / 2

    def distance(run: Run) -> float:
        if row.along == "x":
            return max(run.x0 - cx, cx - run.x1, 0.0) * 1000 + abs(cx - (run.x0 + run.x1) / 2)
        return min(abs(rect[0] - run.x1), abs(rect[2] - run.x0), abs(rect[0] - run.x0), abs(rect[2] - run.x1))

    return min(site.runs, key=lambda run: (distance(run), run.index)).index
