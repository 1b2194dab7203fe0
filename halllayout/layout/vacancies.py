"""Booth spots a layout leaves vacant: floor laid out for booths that no booth holds in the end.

A fresh layout lays out each hall's blocks of spots (`HallFiller.fill`) and then moves booths and takes
some away: a stray rejoins its zone elsewhere, a zone held over for the next hall leaves. A re-layout
frees the spots of booths that left the list and fills what it can. What is left of those spots is
declared vacant (`Vacancy`): the plans show it as space to sell, and the next re-layout fills it before
the open floor. What is left of a spot is worked out along its row: the stretches of it that no booth
standing now overlaps, each at its full depth and at least `VACANT_LENGTH` long.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from halllayout.layout.placement import EPSILON
from halllayout.layout.site import Rect
from halllayout.model import Vacancy

__all__ = ["VACANT_LENGTH", "vacated"]

#: The shortest stretch of row declared vacant (metres): less is no booth spot.
VACANT_LENGTH = 2.0


def vacated(spots: Sequence[Vacancy], standing: Sequence[Rect], given: Collection[str] = ()) -> list[Vacancy]:
    """What of `spots` (floor laid out for booths in one hall, each with the number its booth had, if
    any) the booths standing now at `standing` leave free: each spot's stretches along its row that no
    rect of `standing` overlaps, at least `VACANT_LENGTH` long, in the order of `spots` and along each
    row. A stretch keeps its spot's number where it begins where the spot did and no booth has the
    number now (`given`).

    >>> spot = Vacancy("A", 0.0, 0.0, 9.0, 3.0, "S", "A101")
    >>> [(v.x0, v.x1, v.number) for v in vacated([spot], [(3.0, 0.0, 6.0, 3.0)])]
    [(0.0, 3.0, 'A101'), (6.0, 9.0, '')]
    >>> vacated([spot], [(0, 0, 9, 3)]), len(vacated([spot], [(8, 0, 12, 3)]))
    ([], 1)
    """
    whole = set(standing)
    rects = np.array(list(standing), dtype=float).reshape(-1, 4)
    free: list[Vacancy] = []
    for spot in spots:
        rect = (spot.x0, spot.y0, spot.x1, spot.y1)
        if rect in whole:
            continue
        hit = (
            (rects[:, 0] < spot.x1 - EPSILON)
            & (rects[:, 2] > spot.x0 + EPSILON)
            & (rects[:, 1] < spot.y1 - EPSILON)
            & (rects[:, 3] > spot.y0 + EPSILON)
        )
        along = spot.front in ("N", "S")
        lo, hi = (spot.x0, spot.x1) if along else (spot.y0, spot.y1)
        taken = sorted((r[0], r[2]) if along else (r[1], r[3]) for r in rects[hit].tolist())
        cursor = lo
        pieces: list[tuple[float, float]] = []
        for start, end in [*taken, (hi, hi)]:
            if start - cursor >= VACANT_LENGTH - EPSILON:
                pieces.append((cursor, min(start, hi)))
            cursor = max(cursor, end)
        for a, b in pieces:
            number = spot.number if abs(a - lo) < EPSILON and spot.number not in given else ""
            if along:
                free.append(Vacancy(spot.hall_id, a, spot.y0, b, spot.y1, spot.front, number))
            else:
                free.append(Vacancy(spot.hall_id, spot.x0, a, spot.x1, b, spot.front, number))
    return free
