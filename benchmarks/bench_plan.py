"""Benchmark: time and size of the printed plans (SVG, PDF, DXF per hall) and the booth lists.

Makes its own layout (seeded, placed on a plain grid without the layout engine): HALLS square halls
of BOOTHS booths each, shell-scheme sizes, Chinese and Latin exhibitor names, eight zones, columns,
aisles and doors. Prints one line per format with the median time per hall and the mean size; no
pass/fail, the numbers are for reading. "sheet" is the drawing SVG and PDF share (label fitting
included): hall_svg costs sheet + svg, hall_pdf sheet + pdf, plan_files sheet + svg + pdf. Times
are CPU time of this process (steadier on a busy machine than wall time); the first hall, which
loads the fonts, is reported in a column of its own.
Usage: python benchmarks/bench_plan.py [BOOTHS [HALLS]]   (default: 700 1)
"""

from __future__ import annotations

import math
import random
import statistics
import sys
import time
from collections.abc import Callable

from halllayout.model import Aisle, BoothRequest, Column, Door, Fair, Hall, Layout, PlacedBooth
from halllayout.plan import booth_list_csv, booth_list_xlsx, hall_dxf
from halllayout.plan.pdf import sheet_pdf
from halllayout.plan.sheet import hall_sheet
from halllayout.plan.svg import sheet_svg

WIDTHS = [3] * 6 + [6] * 3 + [9]
CITIES = ["深圳", "广州", "上海", "北京", "杭州", "苏州", "成都", "武汉", "宁波", "青岛"]
TRADES = ["智能", "科技", "新材料", "电子", "贸易", "跨境电商", "健康", "精密机械", "文化传媒"]
FORMS = ["有限公司", "股份有限公司", "集团有限公司"]
LATIN = ["Acme Trading Co., Ltd.", "Nordic Design AB", "Grant Europe GmbH", "Maple Health Inc."]


def name(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return rng.choice(LATIN)
    return rng.choice(CITIES) + rng.choice(TRADES) + rng.choice(TRADES) + rng.choice(FORMS)


def hall_layout(hall_id: str, count: int, rng: random.Random) -> tuple[Hall, list[PlacedBooth], list[Aisle]]:
    """`count` booths in double rows of depth 3 m, 3 m aisles between, 6 m round the edge."""
    widths = [rng.choice(WIDTHS) for _ in range(count)]
    side = math.ceil(math.sqrt(sum(widths) * 3 * 2.2) / 6) * 6 + 12
    booths: list[PlacedBooth] = []
    aisles = [
        Aisle(hall_id, "perimeter", 0, 0, side, 6),
        Aisle(hall_id, "perimeter", 0, side - 6, side, side),
    ]
    x, y, row = 6.0, 6.0, 0
    for i, width in enumerate(widths):
        if x + width > side - 6:
            x, row = 6.0, row + 1
            y = 6.0 + (row // 2) * 9 + (row % 2) * 3
            if row % 2 == 0:
                aisles.append(Aisle(hall_id, "secondary", 6, y - 3, side - 6, y))
        request = BoothRequest(f"{hall_id}-{i:04d}", name(rng), width, 3, zone=f"展区 {rng.randrange(8)}")
        front = "S" if row % 2 == 0 else "N"
        booths.append(
            PlacedBooth(f"{hall_id}{i + 1:04d}", request, hall_id, x, y, x + width, y + 3, front, (front,))
        )
        x += width
    columns = tuple(
        Column((cx, cy), 1.0) for cx in range(18, int(side), 36) for cy in range(18, int(side), 27)
    )
    top = max(side, y + 9)
    hall = Hall(
        hall_id,
        f"{hall_id} 馆",
        ((0, 0), (side, 0), (side, top), (0, top)),
        12,
        (Door((side / 2, 0), 12, "South Gate 南门"),),
        (Door((0, top / 2), 3), Door((side, top / 2), 3)),
        columns,
        (),
        6,
        3,
    )
    return hall, booths, aisles


def fair(booths_per_hall: int, halls: int, seed: int = 1) -> Layout:
    rng = random.Random(seed)
    made = [hall_layout(f"H{h + 1:03d}", booths_per_hall, rng) for h in range(halls)]
    return Layout(
        Fair("Bench Fair 基准展", tuple(h for h, _, _ in made)),
        tuple(b for _, booths, _ in made for b in booths),
        tuple(a for _, _, aisles in made for a in aisles),
    )


def timed(function: Callable[[], bytes]) -> tuple[float, int]:
    start = time.process_time()
    data = function()
    return time.process_time() - start, len(data)


def main(booths_per_hall: int, halls: int) -> None:
    layout = fair(booths_per_hall, halls)
    print(f"{halls} hall(s) × {booths_per_hall} booths")
    print(f"{'format':>12} {'ms/hall':>9} {'first ms':>9} {'KB/hall':>9}")
    results: dict[str, list[tuple[float, int]]] = {"sheet": [], "svg": [], "pdf": [], "dxf": []}
    for hall in layout.fair.halls:
        start = time.process_time()
        sheet = hall_sheet(layout, hall.id)
        sheet_time = time.process_time() - start
        results["sheet"].append((sheet_time, 0))
        results["svg"].append(timed(lambda sheet=sheet: sheet_svg(sheet)))
        results["pdf"].append(timed(lambda sheet=sheet: sheet_pdf(sheet)))
        results["dxf"].append(timed(lambda hall_id=hall.id: hall_dxf(layout, hall_id)))
    for name, runs in results.items():
        rest = runs[1:] or runs
        median = statistics.median(t for t, _ in rest) * 1000
        size = statistics.mean(s for _, s in runs) / 1024
        print(f"{name:>12} {median:9.1f} {runs[0][0] * 1000:9.1f} {size:9.1f}")
    for label, writer in (("booths.csv", booth_list_csv), ("booths.xlsx", booth_list_xlsx)):
        seconds, size = timed(lambda writer=writer: writer(layout))
        print(f"{label:>12} {seconds * 1000:9.1f} ms for the fair {size / 1024:9.1f} KB")


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:3]]
    main(*(arguments + [700, 1][len(arguments) :]))
