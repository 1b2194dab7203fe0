"""Benchmark: layout and scene build time, GLB size and peak memory for growing booth lists.

Makes its own inputs (seeded): N booths of the usual shell-scheme mix in one square hall sized to hold
them. Prints one line of figures per size; no pass/fail, the numbers are for reading.
Usage: python benchmarks/bench_build.py [N ...]   (default: 120 400 1212)
"""

from __future__ import annotations

import math
import random
import resource
import sys
import time

from halllayout.layout import lay_out
from halllayout.model import BoothRequest, Column, Door, Fair, Hall
from halllayout.scene.hall import build_hall_glb

SIZES = [(3, 3)] * 70 + [(6, 3)] * 15 + [(6, 6)] * 8 + [(9, 9)] * 4 + [(12, 12)] * 3


def booths(count: int, seed: int = 1) -> list[BoothRequest]:
    rng = random.Random(seed)
    return [
        BoothRequest(
            f"EX{i:06d}", f"展商 {i} Trading Co., Ltd.", *rng.choice(SIZES), zone=f"Zone {rng.randrange(8)}"
        )
        for i in range(1, count + 1)
    ]


def hall_for(requests: list[BoothRequest]) -> Hall:
    area = sum(r.width * r.depth for r in requests)
    side = math.ceil(math.sqrt(area * 2.6) / 10) * 10 + 20
    columns = tuple(Column((x, y), 1.0) for x in range(18, side, 36) for y in range(18, side, 27))
    return Hall(
        "A",
        "Bench Hall",
        ((0, 0), (side, 0), (side, side), (0, side)),
        12,
        (Door((side / 2, 0), 12, "South"),),
        (Door((0, side / 2), 3),),
        columns,
        (),
        6,
        3,
    )


def main(counts: list[int]) -> None:
    print(f"{'booths':>7} {'hall m':>7} {'layout s':>9} {'scene s':>8} {'GLB MB':>7} {'peak RSS MB':>12}")
    for count in counts:
        requests = booths(count)
        hall = hall_for(requests)
        t0 = time.perf_counter()
        layout = lay_out(Fair("Bench", (hall,)), requests)
        t1 = time.perf_counter()
        glb = build_hall_glb(hall, layout.booths)
        t2 = time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        side = hall.outline[1][0]
        print(f"{count:>7} {side:>7g} {t1 - t0:>9.2f} {t2 - t1:>8.2f} {len(glb) / 1e6:>7.1f} {peak:>12.0f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [120, 400, 1212])
