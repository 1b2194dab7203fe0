"""Fill a hall's floor with east-west rows of booths.

Between two east-west aisles (a band), rows come in back-to-back pairs: a row facing south onto the
aisle below it, a row facing north onto the secondary aisle above it, then that aisle, and again.
Each row is as deep as the deepest booth waiting to be placed that still fits; booths shallower than
their row stand at its front, on the aisle. Booths go west to east into the first gap they fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from halllayout.layout.floor import Floor, free_intervals
from halllayout.model import BoothRequest, Hall, Side

#: Tolerance for comparing lengths in metres.
EPSILON = 1e-6


@dataclass(frozen=True)
class RowPlacement:
    """A booth placed in a row: rectangle [x0, x1] × [y0, y1], the side it faces, its row's index."""

    request: BoothRequest
    x0: float
    y0: float
    x1: float
    y1: float
    front: Side
    row: int


@dataclass
class _Row:
    """One row being filled: its strip, facing, and a cursor per free interval."""

    index: int
    y0: float
    y1: float
    front: Side
    gaps: list[list[float]]  # [cursor, end] per free interval

    def place(self, request: BoothRequest) -> RowPlacement | None:
        """Put `request` in the first gap it fits, fronting the aisle; None when it fits nowhere."""
        if request.depth > self.y1 - self.y0 + EPSILON:
            return None
        for gap in self.gaps:
            if gap[0] + request.width <= gap[1] + EPSILON:
                x0 = gap[0]
                gap[0] = x0 + request.width
                if self.front == "S":
                    y0, y1 = self.y0, self.y0 + request.depth
                else:
                    y0, y1 = self.y1 - request.depth, self.y1
                return RowPlacement(request, x0, y0, x0 + request.width, y1, self.front, self.index)
        return None


def _deepest_fitting(waiting: Sequence[BoothRequest], room: float) -> float | None:
    """Depth of the deepest waiting booth no deeper than `room`, or None if none is."""
    depths = [r.depth for r in waiting if r.depth <= room + EPSILON]
    return max(depths) if depths else None


def _fill(row: _Row, waiting: list[BoothRequest], placed: list[RowPlacement]) -> None:
    """Place every waiting booth that fits in `row`, in order; remove them from `waiting`."""
    still: list[BoothRequest] = []
    for request in waiting:
        spot = row.place(request)
        if spot is None:
            still.append(request)
        else:
            placed.append(spot)
    waiting[:] = still


def fill_rows(
    hall: Hall, floor: Floor, requests: Sequence[BoothRequest]
) -> tuple[list[RowPlacement], list[BoothRequest]]:
    """Place as many of `requests` as fit in `hall`, in their order of priority.

    Returns the placements and the requests left over, in their original order.
    """
    waiting = list(requests)
    placed: list[RowPlacement] = []
    row_index = 0
    for band_y0, band_y1 in floor.bands:
        y = band_y0
        front: Side = "S"
        while waiting:
            depth = _deepest_fitting(waiting, band_y1 - y)
            if depth is None:
                break
            _fill(_Row(row_index, y, y + depth, front, _gaps(floor, y, y + depth)), waiting, placed)
            row_index += 1
            y += depth
            if front == "N":  # a double row is complete: the secondary aisle comes next
                y += hall.secondary_aisle
            front = "N" if front == "S" else "S"
    return placed, waiting


def _gaps(floor: Floor, y0: float, y1: float) -> list[list[float]]:
    return [[a, b] for a, b in free_intervals(floor, y0, y1)]
