"""Benchmark: rule check and metrics time for a synthetic fair of many halls of regular double rows.

Each hall is 105 × 48 m: a perimeter aisle, a main aisle from a south entrance, a cross aisle and
four secondary aisles between five bands of three blocks; a block is a double row of 2 × 10 booths
3 × 3 m, so a hall holds 300 booths. Prints one line of figures per run, wall-clock and CPU
seconds; no pass/fail.
Usage: python benchmarks/bench_rules.py [HALLS ...]   (default: 1 20 200)
"""

from __future__ import annotations

import sys
import time

from halllayout.model import Aisle, BoothRequest, Door, Fair, Hall, Layout, PlacedBooth, Side
from halllayout.rules import check
from halllayout.rules.metrics import measure

BLOCK_X = (3.0, 36.0, 72.0)
BLOCK_Y = (3.0, 12.0, 21.0, 30.0, 39.0)
FRONTS: tuple[tuple[int, Side], ...] = ((0, "S"), (1, "N"))
TIERS = ("platinum", "gold", "", "", "", "", "", "", "", "")


def hall(hall_id: str) -> Hall:
    return Hall(
        hall_id,
        f"Hall {hall_id}",
        ((0, 0), (105, 0), (105, 48), (0, 48)),
        10,
        (Door((69, 0), 6, "South"),),
        (Door((0, 10.5), 2, "West"), Door((105, 37.5), 2, "East"), Door((34.5, 48), 2, "North")),
        (),
        (),
        6,
        3,
    )


def aisles(hall_id: str) -> list[Aisle]:
    return [
        Aisle(hall_id, "perimeter", 0, 0, 105, 3),
        Aisle(hall_id, "perimeter", 0, 45, 105, 48),
        Aisle(hall_id, "perimeter", 0, 0, 3, 48),
        Aisle(hall_id, "perimeter", 102, 0, 105, 48),
        Aisle(hall_id, "main", 66, 0, 72, 48),
        Aisle(hall_id, "cross", 33, 3, 36, 45),
        *(Aisle(hall_id, "secondary", 3, y + 6, 102, y + 9) for y in BLOCK_Y[:-1]),
    ]


def booths(hall_id: str) -> list[PlacedBooth]:
    placed: list[PlacedBooth] = []
    for bx in BLOCK_X:
        for by in BLOCK_Y:
            for row, front in FRONTS:
                for k in range(10):
                    n = len(placed) + 1
                    ref = f"{hall_id}-{n}"
                    partner = f"{hall_id}-{n + 150}" if n % 50 == 1 else ""
                    request = BoothRequest(
                        ref,
                        f"Exhibitor {ref}",
                        3,
                        3,
                        zone=f"Z{int(bx)}-{int(by)}",
                        tier=TIERS[n % 10],
                        keep_apart=(partner,) if partner else (),
                    )
                    x0, y0 = bx + 3 * k, by + 3 * row
                    placed.append(
                        PlacedBooth(
                            f"{hall_id}{n:03d}", request, hall_id, x0, y0, x0 + 3, y0 + 3, front, (front,)
                        )
                    )
    return placed


def fair(count: int) -> Layout:
    ids = [f"H{k:03d}" for k in range(count)]
    return Layout(
        Fair("Bench", tuple(hall(i) for i in ids)),
        tuple(b for i in ids for b in booths(i)),
        tuple(a for i in ids for a in aisles(i)),
    )


def main(counts: list[int]) -> None:
    header = ("halls", "booths", "check s", "(cpu s)", "measure s", "(cpu s)", "violations")
    print(" ".join(f"{h:>{w}}" for h, w in zip(header, (6, 7, 8, 8, 10, 8, 11), strict=True)))
    for count in counts:
        layout = fair(count)
        t0, c0 = time.perf_counter(), time.process_time()
        report = check(layout)
        t1, c1 = time.perf_counter(), time.process_time()
        measure(layout, report)
        t2, c2 = time.perf_counter(), time.process_time()
        figures = (
            f"{t1 - t0:>8.2f} {c1 - c0:>8.2f} {t2 - t1:>10.2f} {c2 - c1:>8.2f} {len(report.violations):>11}"
        )
        print(f"{count:>6} {len(layout.booths):>7} {figures}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 20, 200])
