"""The booths waiting to be placed, zone by zone, sorted into what kind of spot each needs.

A booth's kind follows the trade's stand types and the row module (the depth of one row, 3 m in a
shell-scheme hall):

- `island`: asked for as an island, or deeper than a double row: stands alone, aisles on four sides;
- `cap`: a peninsula, or deeper than one row: spans both rows at the end of a double row;
- `corner`: asked for as a corner: the end of a row;
- `inline`: everything else: anywhere along a row.

Sponsors (`platinum`, then `gold`) wait for the best spots of their zone: the ends and rows facing a
main aisle. Within a kind, booths keep the order of the organiser's list.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from halllayout.model import BoothRequest

KINDS = ("island", "cap", "corner", "inline")
#: Sponsorship tiers, best first; "" is no sponsorship.
TIER_RANK = {"platinum": 0, "gold": 1, "": 2}
EPSILON = 1e-6


def booth_kind(request: BoothRequest, module: float) -> str:
    """The kind of spot `request` needs in rows `module` metres deep.

    >>> booth_kind(BoothRequest("a", "A", 3, 3, type="corner"), 3)
    'corner'
    >>> booth_kind(BoothRequest("b", "B", 6, 6, type="peninsula"), 3)
    'cap'
    >>> booth_kind(BoothRequest("c", "C", 12, 12, type="raw"), 3)
    'island'
    """
    if request.type == "island" or request.depth > 2 * module + EPSILON:
        return "island"
    if request.type == "peninsula" or request.depth > module + EPSILON:
        return "cap"
    if request.type == "corner":
        return "corner"
    return "inline"


def row_module(requests: Sequence[BoothRequest], default: float = 3.0) -> float:
    """The depth of one row: the most common depth among the booths that stand in rows.

    >>> row_module([BoothRequest("a", "A", 3, 3), BoothRequest("b", "B", 6, 3), BoothRequest("c", "C", 6, 6)])
    3
    """
    counts: dict[float, int] = {}
    for r in requests:
        if r.type not in ("island", "peninsula"):
            counts[r.depth] = counts.get(r.depth, 0) + 1
    if not counts:
        return default
    return min(counts, key=lambda depth: (-counts[depth], depth))


@dataclass
class Zone:
    """The waiting booths of one zone, in buckets by (kind, tier rank, width, depth)."""

    name: str
    buckets: dict[tuple[str, int, float, float], deque[tuple[int, BoothRequest]]] = field(
        default_factory=dict
    )
    left: int = 0
    #: Sponsors (platinum or gold) still waiting.
    sponsors: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    #: Booth area in m², all and islands only: in the zone, and placed so far.
    area: float = 0.0
    area_placed: float = 0.0
    island_area: float = 0.0
    island_area_placed: float = 0.0
    #: Each booth's place in the list, by ref (shared by copies: it never changes).
    order: dict[str, int] = field(default_factory=dict)

    def copy(self) -> Zone:
        """A copy to place trial layouts from: its own queues, the same requests."""
        return dataclasses.replace(
            self,
            buckets={key: deque(queue) for key, queue in self.buckets.items()},
            by_kind=dict(self.by_kind),
        )

    def adopt(self, other: Zone) -> None:
        """Take on the state of `other`, a copy of this zone placed from in trial."""
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(other, f.name))

    def islands_due(self) -> bool:
        """Whether an island should come next: the zone's islands keep pace with the rest of it.

        Spreading islands through the zone keeps its cluster compact and fills each hall evenly.
        """
        if not self.by_kind["island"]:
            return False
        return self.island_area_placed / self.island_area <= self.area_placed / self.area + EPSILON

    def add(self, index: int, request: BoothRequest, module: float) -> None:
        kind = booth_kind(request, module)
        key = (kind, TIER_RANK.get(request.tier, 2), request.width, request.depth)
        self.buckets.setdefault(key, deque()).append((index, request))
        self.order[request.ref] = index
        self.left += 1
        self.sponsors += key[1] < 2
        self.by_kind[kind] += 1
        self.area += request.width * request.depth
        if kind == "island":
            self.island_area += request.width * request.depth

    def take(
        self,
        kinds: Iterable[str],
        max_width: float,
        max_depth: float,
        *,
        premium: bool,
        allowed: Callable[[BoothRequest], bool],
        sponsors_only: bool = False,
    ) -> BoothRequest | None:
        """The first waiting booth of one of `kinds` that fits and is `allowed` here; removed from the zone.

        At a `premium` spot sponsors come first, best tier first; elsewhere sponsors are taken only when
        no other booth fits. With `sponsors_only`, only a sponsor will do.
        """
        kinds = tuple(kinds)
        candidates = [
            (key, queue)
            for key, queue in self.buckets.items()
            if queue and key[0] in kinds and key[2] <= max_width + EPSILON and key[3] <= max_depth + EPSILON
        ]
        if not candidates:
            return None
        # best tier first, then list order
        candidates.sort(key=lambda c: (c[0][1], c[1][0][0]))
        sponsors = [c for c in candidates if c[0][1] < 2]
        others = [c for c in candidates if c[0][1] == 2]
        groups = [sponsors] if sponsors_only else [sponsors, others] if premium else [others, sponsors]
        for group in groups:
            for key, queue in group:
                for position, (_, request) in enumerate(queue):
                    if position >= 8:
                        break
                    if allowed(request):
                        del queue[position]
                        self._placed(key, request)
                        return request
        return None

    def remove(self, request: BoothRequest, module: float) -> None:
        """Take `request`, waiting in this zone, out as placed (in rows `module` metres deep)."""
        key = (booth_kind(request, module), TIER_RANK.get(request.tier, 2), request.width, request.depth)
        queue = self.buckets[key]
        del queue[next(k for k, (_, r) in enumerate(queue) if r.ref == request.ref)]
        self._placed(key, request)

    def give_back(self, request: BoothRequest, module: float) -> None:
        """Put `request`, a booth of this zone placed before, back among those waiting, in list order."""
        key = (booth_kind(request, module), TIER_RANK.get(request.tier, 2), request.width, request.depth)
        queue = self.buckets.setdefault(key, deque())
        index = self.order[request.ref]
        queue.insert(sum(1 for k, _ in queue if k < index), (index, request))
        self.left += 1
        self.sponsors += key[1] < 2
        self.by_kind[key[0]] += 1
        self.area_placed -= request.width * request.depth
        if key[0] == "island":
            self.island_area_placed -= request.width * request.depth

    def _placed(self, key: tuple[str, int, float, float], request: BoothRequest) -> None:
        """Count `request`, of bucket `key`, as placed."""
        self.left -= 1
        self.sponsors -= key[1] < 2
        self.by_kind[key[0]] -= 1
        self.area_placed += request.width * request.depth
        if key[0] == "island":
            self.island_area_placed += request.width * request.depth

    def sponsors_waiting(self, kinds: Iterable[str]) -> bool:
        """Whether a sponsor of one of `kinds` still waits."""
        wanted = tuple(kinds)
        return any(q and key[0] in wanted and key[1] < 2 for key, q in self.buckets.items())

    def frontage(self, kind: str) -> float:
        """The total frontage of the waiting booths of one kind, metres."""
        return sum(key[2] * len(q) for key, q in self.buckets.items() if key[0] == kind)

    def first_width(self, kinds: Iterable[str]) -> float:
        """The frontage of the first waiting booth of one of `kinds` in list order, 0 when none waits."""
        wanted = tuple(kinds)
        heads = [(q[0][0], key[2]) for key, q in self.buckets.items() if q and key[0] in wanted]
        return min(heads)[1] if heads else 0.0

    def waiting(self) -> list[BoothRequest]:
        """Every booth still waiting, in list order."""
        items = [item for queue in self.buckets.values() for item in queue]
        return [r for _, r in sorted(items, key=lambda item: item[0])]


def zones_in_order(requests: Sequence[BoothRequest], module: float) -> list[Zone]:
    """The zones of `requests` in order of first appearance, each holding its booths."""
    zones: dict[str, Zone] = {}
    for index, request in enumerate(requests):
        zone = zones.get(request.zone)
        if zone is None:
            zone = zones[request.zone] = Zone(request.zone)
        zone.add(index, request, module)
    return list(zones.values())
