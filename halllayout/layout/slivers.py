"""Aisle slivers widened: a strip declared aisle that is narrower than its kind must be, beside another
aisle, taken across that aisle so that it is as wide as the two together.

The fill declares the floor a block leaves over as aisle: the depth an island band does not use along
its far side, the floor across a run where the interior narrows, the open floor cut round booths. Such
a strip may be only half a metre wide; beside the aisle it adjoins it is one wider aisle to walk, but
the rule checks each declared rectangle's own width (`rules.placement.aisle_width`). Each strip
narrower than its kind's width whose long side lies all along a side of another aisle (not open
floor, where booths may still stand) is extended across that aisle; the first such aisle that makes
it wide enough wins, in the order given. A strip that none makes wide enough is left as it is, for
the rules to report. Deterministic: same aisles, same result.

>>> strip = Aisle("A", "secondary", 0, 17, 10, 17.5)
>>> beside = Aisle("A", "secondary", 0, 17.5, 30, 20)
>>> widened([strip, beside], main=5, secondary=2.5)[0]
Aisle(hall_id='A', kind='secondary', x0=0, y0=17, x1=10, y1=20)
"""

from __future__ import annotations

from collections.abc import Sequence

from halllayout.layout.placement import within
from halllayout.model import Aisle

__all__ = ["widened"]

#: Tolerance for comparing lengths in metres.
EPSILON = 1e-6


def widened(aisles: Sequence[Aisle], main: float, secondary: float, fixed: int = 0) -> list[Aisle]:
    """`aisles`, same order, with each narrower than its kind's width (`main` for main aisles, else
    `secondary`) extended across an aisle beside it all along its long side (see the module), or left
    out where it lies wholly inside another aisle (the floor is aisle all the same) and is not one of
    the first `fixed` (the hall's fixed aisles, which keep their places)."""
    result = list(aisles)
    inside: set[int] = set()
    for k, a in enumerate(result):
        need = main if a.kind == "main" else secondary
        if a.kind == "open" or a.width >= need - EPSILON or a.width <= EPSILON:
            continue
        if k >= fixed and any(
            j != k and j not in inside and _within(a, other) for j, other in enumerate(result)
        ):
            inside.add(k)
            continue
        for other in result:
            if other is a or other.kind == "open":
                continue
            grown = _across(a, other)
            if grown is not None and grown.width >= need - EPSILON:
                result[k] = grown
                break
    return [a for k, a in enumerate(result) if k not in inside]


def _within(a: Aisle, other: Aisle) -> bool:
    """Whether `a` lies wholly inside `other` (an aisle, not open floor)."""
    return other.kind != "open" and within((a.x0, a.y0, a.x1, a.y1), (other.x0, other.y0, other.x1, other.y1))


def _across(a: Aisle, other: Aisle) -> Aisle | None:
    """`a` extended across `other` where `other` lies all along one of `a`'s long sides; else None."""
    if a.x1 - a.x0 >= a.y1 - a.y0:  # long in x: `other` below or above, over all of a's length
        if other.x0 > a.x0 + EPSILON or other.x1 < a.x1 - EPSILON:
            return None
        if abs(other.y1 - a.y0) <= EPSILON:
            return Aisle(a.hall_id, a.kind, a.x0, other.y0, a.x1, a.y1)
        if abs(other.y0 - a.y1) <= EPSILON:
            return Aisle(a.hall_id, a.kind, a.x0, a.y0, a.x1, other.y1)
        return None
    if other.y0 > a.y0 + EPSILON or other.y1 < a.y1 - EPSILON:
        return None
    if abs(other.x1 - a.x0) <= EPSILON:
        return Aisle(a.hall_id, a.kind, other.x0, a.y0, a.x1, a.y1)
    if abs(other.x0 - a.x1) <= EPSILON:
        return Aisle(a.hall_id, a.kind, a.x0, a.y0, other.x1, a.y1)
    return None
