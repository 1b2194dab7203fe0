"""Benchmark of the layout engine at fair scale: lay out, check and write N booths in a fair of halls.

Makes its own inputs (seeded): N booths in the mix of a large trade fair (mostly 3 × 3 m shell scheme,
some doubles, corners, peninsulas, raw space and islands, eight zones, sponsors, keep-apart pairs),
in a fair of ceil(N / 300) copies of the sample hall `tests/data/halls/hall-a-144x90.json`.
Each size runs in a fresh process so its peak memory is its own. Prints one line per size, then the
growth of booths per second, then the space use of the sample hall filled with 3 × 3 m booths.

Targets (issue 3): 60,000 booths in 200 halls laid out, checked and written in ≤ 20 s and ≤ 4 GB;
1,212 booths in ≤ 1 s; near-linear growth; net/gross ≥ 55 % with 3 × 3 m booths and no violation.

Usage: python benchmarks/bench_layout.py [N ...]   (default: 1000 1212 5000 20000 60000)
"""

from __future__ import annotations

import json
import math
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HALL = ROOT / "tests" / "data" / "halls" / "hall-a-144x90.json"
#: (width, depth, type, weight): the mix of sizes and stand types of a large fair.
MIX = [
    (3, 3, "standard", 62),
    (6, 3, "standard", 12),
    (3, 3, "corner", 8),
    (6, 3, "corner", 4),
    (6, 6, "peninsula", 5),
    (9, 6, "raw", 4),
    (9, 9, "island", 3),
    (12, 12, "island", 2),
]
ZONES = [
    "机械设备",
    "新能源",
    "Textiles",
    "Food & Beverage",
    "消费电子",
    "Building Materials",
    "医疗健康",
    "Logistics",
]


def booths(count: int, seed: int = 7) -> list[dict[str, object]]:
    """`count` booth requests as JSON-ready dicts, in list order."""
    rng = random.Random(seed)
    weights = [m[3] for m in MIX]
    rows = []
    for i in range(1, count + 1):
        w, d, kind, _ = rng.choices(MIX, weights)[0]
        tier = rng.choices(["", "gold", "platinum"], [94, 5, 1])[0]
        rows.append(
            {
                "ref": f"EX{i:06d}",
                "exhibitor": f"展商 {i} Co., Ltd.",
                "width": w,
                "depth": d,
                "type": kind,
                "zone": rng.choice(ZONES),
                "tier": tier,
            }
        )
    for i in range(0, count - 50, 30):  # competitors to keep apart
        rows[i]["keep_apart"] = [rows[i + rng.randrange(1, 50)]["ref"]]
    return rows


def run_one(count: int) -> dict[str, float]:
    """Lay out, check and write `count` booths in this process; the figures."""
    import tempfile

    from halllayout.build import build_fair
    from halllayout.cli import fewer_collections
    from halllayout.model import Fair
    from halllayout.output import write_outputs
    from halllayout.read import read_booth_list, read_hall

    halls = max(1, math.ceil(count / 300))
    # as `halllayout build` does
    with fewer_collections(), tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "booths.json"
        source.write_text(json.dumps(booths(count), ensure_ascii=False), encoding="utf-8")
        hall = read_hall(HALL)
        started = time.perf_counter()
        requests = read_booth_list(source)
        fair = Fair("Bench Fair", tuple(_renamed(hall, _hall_id(i)) for i in range(halls)))
        read_s = time.perf_counter() - started
        result = build_fair(fair, requests, scenes=False, plans=False)
        from halllayout.plan.booth_list import booth_list_csv

        result.files["booths.csv"] = booth_list_csv(result.layout)
        write_outputs(Path(tmp) / "out", result.files)
        total = time.perf_counter() - started
        plans_started = time.perf_counter()
        from halllayout.plan import plan_files

        plan_count = len(plan_files(result.layout)) if halls <= 10 else 0
        plans_s = time.perf_counter() - plans_started
    violations = len(result.report.violations)
    return {
        "booths": count,
        "halls": halls,
        "placed": len(result.layout.booths),
        "unplaced": len(result.layout.unplaced),
        "violations": violations,
        "read_s": read_s,
        "total_s": total,
        "plans_s": plans_s if plan_count else -1.0,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _hall_id(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _renamed(hall, hall_id):  # type: ignore[no-untyped-def]
    import dataclasses

    return dataclasses.replace(hall, id=hall_id, name=f"Hall {hall_id}")


def space_use() -> tuple[float, int, int]:
    """Net booth area over gross hall area of the sample hall filled with 3 × 3 m booths."""
    from halllayout.layout import lay_out
    from halllayout.model import BoothRequest, Fair
    from halllayout.read import read_hall
    from halllayout.rules import check

    hall = read_hall(HALL)
    layout = lay_out(Fair("Space", (hall,)), [BoothRequest(f"S{i}", f"S{i}", 3, 3) for i in range(1200)])
    gross = hall_area(hall.outline)
    net = sum((b.x1 - b.x0) * (b.y1 - b.y0) for b in layout.booths)
    return net / gross, len(layout.booths), len(check(layout).violations)


def hall_area(outline: tuple[tuple[float, float], ...]) -> float:
    """The area inside a closed polygon (shoelace formula)."""
    pairs = zip(outline, outline[1:] + outline[:1], strict=True)
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs)) / 2


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(run_one(int(argv[1]))))
        return 0
    sizes = [int(a) for a in argv] or [1000, 1212, 5000, 20000, 60000]
    print(
        f"{'booths':>7} {'halls':>5} {'placed':>7} {'unplaced':>8} {'violations':>10} {'read s':>7} "
        f"{'total s':>8} {'booths/s':>9} {'peak MB':>8} {'plans s':>8}"
    )
    rates = []
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rate = r["booths"] / r["total_s"]
        rates.append((n, rate))
        plans = f"{r['plans_s']:8.2f}" if r["plans_s"] >= 0 else "       -"
        print(
            f"{r['booths']:>7} {r['halls']:>5} {r['placed']:>7} {r['unplaced']:>8} {r['violations']:>10} "
            f"{r['read_s']:>7.2f} {r['total_s']:>8.2f} {rate:>9.0f} {r['peak_mb']:>8.0f} {plans}",
            flush=True,
        )
    if len(rates) > 1:
        first = rates[0][1]
        print(
            "growth: "
            + ", ".join(f"{n}: {rate / first:.2f}× the booths/s of {rates[0][0]}" for n, rate in rates)
        )
    share, placed, violations = space_use()
    print(
        f"space use, hall-a-144x90 with 3 × 3 m booths: {share:.1%} net/gross ({placed} booths), "
        f"{violations} rule violation(s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
