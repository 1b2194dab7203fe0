"""The booths of one filled hall as zone groups: who stands on which spot, each spot's neighbours, and the
groups (connected components) the booths of each zone form, kept up to date as booths swap spots.

Neighbours are as the metrics count them: booths touching, or facing each other across at most the
hall's main aisle width with an overlap of more than the tolerance on the other axis; keep-apart
partners must not be neighbours either. A zone's standing is (its groups, its booths outside its
largest group): the second counts progress while a group is moved booth by booth.

>>> from halllayout.model import BoothRequest
>>> row = [BoothRequest(r, r, 3, 3, zone=r[0]) for r in ("a1", "b1", "a2", "b2")]
>>> rects = np.array([[x, 0, x + 3, 3] for x in (0, 3, 6, 9)], dtype=float)
>>> zones = ZoneGroups.of(row, rects, 0, np.zeros(4, dtype=np.intp), np.ones(4, dtype=bool))
>>> zones.standing_of(zones.split())
(4, 2)
>>> zones.swap_gain(1, 2)
(-2, -2)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from halllayout.model import BoothRequest

__all__ = ["NO_ZONE", "ZoneGroups", "neighbour_pairs", "zone_labels"]

#: Linear tolerance, the rule checks' own: rectangles overlap or face each other beyond 1 mm.
TOLERANCE = 1e-3
#: Booths the connectivity test walks through before calling a booth's departure a split.
SPLIT_PROBE = 64
#: The zone number of a booth with no zone: its booths form no groups.
NO_ZONE = -1

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]


def neighbour_pairs(rects: FloatArray, reach: float) -> tuple[IntArray, IntArray]:
    """Pairs (i < j), sorted, of rectangles `(n, 4)` that touch, or face each other across at most `reach`
    metres with an overlap of more than the tolerance on the other axis (the metrics' and keep-apart's
    rule). Sweeps the rectangles west to east, pairing each with those starting within its reach.

    >>> i, j = neighbour_pairs(np.array([[0, 0, 3, 3], [3, 0, 6, 3], [0, 9, 3, 12], [20, 20, 23, 23.]]), 6)
    >>> list(zip(i.tolist(), j.tolist()))
    [(0, 1), (0, 2)]
    """
    n = len(rects)
    near = reach + TOLERANCE
    order = np.argsort(rects[:, 0], kind="stable")
    starts = rects[order, 0]
    # sorted position a pairs with sorted positions a + 1 .. last[a] - 1, which start within its reach
    last = np.searchsorted(starts, rects[order, 2] + near, side="right")
    counts = np.maximum(last - np.arange(n) - 1, 0)
    a = np.repeat(np.arange(n), counts)
    b = a + 1 + np.arange(len(a)) - np.repeat(np.cumsum(counts) - counts, counts)
    i, j = np.minimum(order[a], order[b]), np.maximum(order[a], order[b])
    p, q = rects[i], rects[j]
    gx = np.maximum(p[:, 0], q[:, 0]) - np.minimum(p[:, 2], q[:, 2])
    gy = np.maximum(p[:, 1], q[:, 1]) - np.minimum(p[:, 3], q[:, 3])
    facing = ((gx < -TOLERANCE) & (gy <= near)) | ((gy < -TOLERANCE) & (gx <= near))
    i, j = i[facing], j[facing]
    keep = np.lexsort((j, i))
    return i[keep].astype(np.intp), j[keep].astype(np.intp)


def zone_labels(zone: IntArray, i: IntArray, j: IntArray) -> IntArray:
    """The group of each booth among the neighbouring booths of its zone, `(n,)`, given each booth's zone
    `(n,)` and the neighbour pairs (i, j) sorted by i.

    >>> zone_labels(np.array([0, 1, 0, 0]), np.array([0, 1, 2]), np.array([1, 2, 3])).tolist()
    [0, 1, 2, 2]
    """
    n = len(zone)
    same = (zone[i] == zone[j]) & (zone[i] != NO_ZONE)
    a, b = i[same], j[same]
    graph = csr_matrix((np.ones(len(a)), b, np.searchsorted(a, np.arange(n + 1))), shape=(n, n))
    labels: IntArray = connected_components(graph, directed=False)[1].astype(np.intp)
    return labels


def _partners(a: BoothRequest, b: BoothRequest) -> bool:
    return b.ref in a.keep_apart or a.ref in b.keep_apart


class ZoneGroups:
    """Who stands on which spot of one hall, each spot's neighbours, and the groups of each zone.

    Per spot `k`: `requests[k]` the booth on it, `zone[k]` that booth's zone number, `label[k]` its group,
    `kind[k]` the class of interchangeable spots it belongs to, `movable[k]` whether its booth may move.
    Per group: `members[label]`; per zone: `groups[z]` (labels) and `spots_of[z]`.

    With `room` (each spot's open sides) and `need` (the open sides each booth's type needs, by the spot
    it stands on), a booth moves only to a spot with the open sides it needs (`fits`), so that booths of
    one size but of different types (a corner and a standard booth) may trade spots: `shape[k]` is then
    the class of spots of one size and `booth_kind` spot `k` belongs to, whatever the type of its booth
    (by default `kind`). `kind` and `need` go with the booths as they move.
    """

    def __init__(
        self,
        requests: Sequence[BoothRequest],
        kind: IntArray,
        movable: BoolArray,
        zone: IntArray,
        labels: IntArray,
        pairs: tuple[IntArray, IntArray],
        room: Sequence[int] | None = None,
        need: Sequence[int] | None = None,
        shape: IntArray | None = None,
    ) -> None:
        n = len(requests)
        self.requests = list(requests)
        self.room = None if room is None else list(room)
        self.need = [0] * n if need is None else list(need)
        self._whole: dict[int, bool] = {}  # stays_whole by spot, while no booth moves
        # the group sizes of the zone of the booth on a spot once it leaves (None: it might cut its group
        # in two), and each zone's standing, while no booth moves
        self._left: dict[int, tuple[dict[int, int], int, list[tuple[int, int]]] | None] = {}
        self._standing: dict[int, tuple[int, int]] = {}
        self.kind: list[int] = kind.tolist()
        self.shape: list[int] = (kind if shape is None else shape).tolist()
        self.movable: list[bool] = movable.tolist()
        self.zone: list[int] = zone.tolist()
        self.label: list[int] = labels.tolist()
        self.involved = frozenset(ref for r in requests if r.keep_apart for ref in (r.ref, *r.keep_apart))
        i, j = pairs
        src, dst = np.concatenate([i, j]), np.concatenate([j, i])
        order = np.lexsort((dst, src))
        self._indices = dst[order]
        self._indptr = np.searchsorted(src[order], np.arange(n + 1))
        self._adjacent: list[list[int] | None] = [None] * n
        self.members: dict[int, set[int]] = {}
        self.groups: dict[int, set[int]] = {}
        self.spots_of: dict[int, set[int]] = {}
        for z in np.unique(zone[zone != NO_ZONE]).tolist():
            at = np.flatnonzero(zone == z)
            self.spots_of[z] = set(at.tolist())
            self.groups[z] = set()
            for label in np.unique(labels[at]).tolist():
                self.members[label] = set(np.flatnonzero(labels == label).tolist())
                self.groups[z].add(label)
        self._next_label = n

    @classmethod
    def of(
        cls,
        requests: Sequence[BoothRequest],
        rects: FloatArray,
        reach: float,
        kind: IntArray,
        movable: BoolArray,
    ) -> ZoneGroups:
        """The groups of booths `requests` standing on `rects` `(n, 4)`, neighbours across `reach` metres;
        zones numbered in order of first appearance."""
        codes: dict[str, int] = {"": NO_ZONE}
        zone = np.array([codes.setdefault(r.zone, len(codes) - 1) for r in requests], dtype=np.intp)
        pairs = neighbour_pairs(rects, reach)
        return cls(requests, kind, movable, zone, zone_labels(zone, *pairs), pairs)

    # -- neighbours and groups -----------------------------------------------------------------
    def adjacent(self, k: int) -> list[int]:
        """The spots neighbouring spot `k`, in index order."""
        found = self._adjacent[k]
        if found is None:
            found = self._adjacent[k] = self._indices[self._indptr[k] : self._indptr[k + 1]].tolist()
        return found

    def split(self) -> list[int]:
        """The zones whose booths form more than one group, in order of their numbers."""
        return [z for z, labels in self.groups.items() if len(labels) > 1]

    def main_group(self, z: int) -> int:
        """The largest group of zone `z`; of groups as large, the one with the first spot."""
        return max(self.groups[z], key=lambda label: (len(self.members[label]), -min(self.members[label])))

    def frontier(
        self, z: int, labels: Iterable[int], by: Sequence[int] | None = None
    ) -> dict[int, list[int]]:
        """The movable spots of other zones beside the groups `labels` of zone `z`, by kind (or by the
        classes `by`), in order."""
        classes = self.kind if by is None else by
        found: dict[int, set[int]] = {}
        for label in labels:
            for m in self.members[label]:
                for t in self.adjacent(m):
                    if self.zone[t] != z and self.movable[t]:
                        found.setdefault(classes[t], set()).add(t)
        return {kind: sorted(spots) for kind, spots in found.items()}

    def stays_whole(self, k: int) -> bool:
        """Whether the group of spot `k` stays connected without it (proved within `SPLIT_PROBE` booths;
        unproved counts as a split)."""
        known = self._whole.get(k)
        if known is None:
            known = self._whole[k] = self._stays_whole(k)
        return known

    def _stays_whole(self, k: int) -> bool:
        z = self.zone[k]
        around = [t for t in self.adjacent(k) if self.zone[t] == z]
        if len(around) <= 1:
            return True
        wanted = set(around[1:])
        seen = {k, around[0]}
        frontier = [around[0]]
        while frontier and len(seen) <= SPLIT_PROBE:
            following = []
            for v in frontier:
                for t in self.adjacent(v):
                    if t not in seen and self.zone[t] == z:
                        seen.add(t)
                        wanted.discard(t)
                        following.append(t)
            if not wanted:
                return True
            frontier = following
        return False

    def standing(self, z: int) -> tuple[int, int]:
        """Zone `z`'s groups, and its booths outside its largest group."""
        known = self._standing.get(z)
        if known is None:
            sizes = [len(self.members[label]) for label in self.groups[z]]
            known = self._standing[z] = (len(sizes), sum(sizes) - max(sizes))
        return known

    def standing_of(self, zones: Iterable[int]) -> tuple[int, int]:
        """The standings of `zones`, summed."""
        groups = strays = 0
        for z in zones:
            g, s = self.standing(z)
            groups += g
            strays += s
        return groups, strays

    # -- swaps ---------------------------------------------------------------------------------
    def fits(self, k: int, spot: int) -> bool:
        """Whether the booth on `k` would have the open sides its type needs on `spot`."""
        return self.room is None or self.need[k] <= self.room[spot]

    def swap_gain(self, p: int, s: int) -> tuple[int, int] | None:
        """How swapping the booths on `p` and `s` changes the summed standing of their two zones; None when
        it might split a group, would put a keep-apart pair side by side or leave a booth without the open
        sides it needs."""
        if not (self.fits(p, s) and self.fits(s, p) and self.keeps_apart(p, s)):
            return None
        return self.zone_gain(p, s)

    def zone_gain(self, p: int, s: int) -> tuple[int, int] | None:
        """How moving the booths on `p` and `s` to each other's spot changes the summed standing of their
        two zones, whatever their types and keep-apart partners; None when it might split a group."""
        zone, label = self.zone, self.label
        zp, zs = zone[p], zone[s]
        if zp == zs:
            return (0, 0)
        groups = strays = 0
        for z, leaving, arriving in ((zp, p, s), (zs, s, p)):
            if z == NO_ZONE:
                continue
            # its standing once its booth on `leaving` goes and one of it comes to `arriving`
            left = self._left[leaving] if leaving in self._left else self._left_sizes(leaving)
            if left is None:
                return None  # `leaving` might cut its group in two
            sizes, total, ranked = left
            joined: set[int] = set()
            merged = 1
            for t in self.adjacent(arriving):
                if t != leaving and zone[t] == z:
                    g = label[t]
                    if g not in joined:
                        joined.add(g)
                        merged += sizes[g]
            rest = next((size for size, g in ranked if g not in joined), 0)
            before = self.standing(z)
            groups += len(sizes) - len(joined) + 1 - before[0]
            strays += total + 1 - max(merged, rest) - before[1]
        return (groups, strays)

    def _left_sizes(self, leaving: int) -> tuple[dict[int, int], int, list[tuple[int, int]]] | None:
        """The sizes of the groups of the zone of the booth on `leaving`, by label, their sum and the
        groups largest first (size, label), once it goes; None when its going might cut its group in
        two."""
        if leaving in self._left:
            return self._left[leaving]
        gone = self.label[leaving]
        sizes = {label: len(self.members[label]) for label in self.groups[self.zone[leaving]]}
        result: tuple[dict[int, int], int, list[tuple[int, int]]] | None
        if sizes[gone] > 1 and not self.stays_whole(leaving):
            result = None
        else:
            sizes[gone] -= 1
            if sizes[gone] == 0:
                del sizes[gone]
            ranked = sorted(((size, g) for g, size in sizes.items()), reverse=True)
            result = (sizes, sum(sizes.values()), ranked)
        self._left[leaving] = result
        return result

    def _moved(self) -> None:
        """Forget what holds only while no booth moves."""
        self._whole.clear()
        self._left.clear()
        self._standing.clear()

    def keeps_apart(self, p: int, s: int) -> bool:
        """Whether, with the booths on `p` and `s` swapped, neither stands beside a keep-apart partner."""
        a, b = self.requests[p], self.requests[s]
        for request, spot in ((a, s), (b, p)):
            if request.ref not in self.involved:
                continue
            for t in self.adjacent(spot):
                other = a if t == s else b if t == p else self.requests[t]
                if t != spot and _partners(request, other):
                    return False
        return True

    def apart_here(self, k: int) -> bool:
        """Whether the booth on `k` has no keep-apart partner beside it."""
        request = self.requests[k]
        if request.ref not in self.involved:
            return True
        return not any(_partners(request, self.requests[t]) for t in self.adjacent(k))

    def swap(self, p: int, s: int) -> None:
        """Swap the booths on `p` and `s`, keeping the groups up to date; only for a swap `swap_gain`
        allows (one that splits no group)."""
        zp, zs = self.zone[p], self.zone[s]
        if zp == zs:
            self.exchange(p, s)
            return
        # the leaving booths go first, so that the arriving ones join their new neighbours
        for z, leaving in ((zp, p), (zs, s)):
            if z != NO_ZONE:
                label = self.label[leaving]
                self.members[label].discard(leaving)
                if not self.members[label]:
                    del self.members[label]
                    self.groups[z].discard(label)
        self.exchange(p, s)
        for z, arriving in ((zp, s), (zs, p)):
            if z != NO_ZONE:
                self._arrive(z, arriving)

    def _arrive(self, z: int, k: int) -> None:
        joined = sorted(
            {self.label[t] for t in self.adjacent(k) if self.zone[t] == z and t != k},
            key=lambda label: (-len(self.members[label]), label),
        )
        if joined:
            target = joined[0]
            for label in joined[1:]:
                for t in self.members.pop(label):
                    self.label[t] = target
                    self.members[target].add(t)
                self.groups[z].discard(label)
        else:
            target = self._next_label
            self._next_label += 1
            self.members[target] = set()
            self.groups[z].add(target)
        self.label[k] = target
        self.members[target].add(k)

    def exchange(self, p: int, s: int) -> None:
        """Swap the booths on `p` and `s` and their zones, leaving the groups as they were: `relabel`
        the zones involved after."""
        zp, zs = self.zone[p], self.zone[s]
        if zp != zs:
            self._moved()
            for z, leaving, arriving in ((zp, p, s), (zs, s, p)):
                if z != NO_ZONE:
                    self.spots_of[z].discard(leaving)
                    self.spots_of[z].add(arriving)
        self.zone[p], self.zone[s] = zs, zp
        self.requests[p], self.requests[s] = self.requests[s], self.requests[p]
        self.kind[p], self.kind[s] = self.kind[s], self.kind[p]
        self.need[p], self.need[s] = self.need[s], self.need[p]

    def relabel(self, z: int) -> None:
        """Find the groups of zone `z` afresh."""
        self._moved()
        for label in self.groups[z]:
            del self.members[label]
        self.groups[z] = set()
        left = set(self.spots_of[z])
        for start in sorted(self.spots_of[z]):
            if start not in left:
                continue
            label = self._next_label
            self._next_label += 1
            left.discard(start)
            group = {start}
            frontier = [start]
            while frontier:
                v = frontier.pop()
                for t in self.adjacent(v):
                    if t in left:
                        left.discard(t)
                        group.add(t)
                        frontier.append(t)
            for k in group:
                self.label[k] = label
            self.members[label] = group
            self.groups[z].add(label)
