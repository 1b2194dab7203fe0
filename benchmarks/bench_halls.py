"""Benchmark of the layout engine on halls of every shape: how many keep every rule.

The three sample halls are laid out clean; a venue's own hall is not one of them. This makes seeded
random halls as venues draw them: rectangles and L, U and T shapes 30-150 m by 24-96 m, one to three
entrances and one to four exits anywhere on the walls, a column grid (70 % of them: 0.6-1.2 m
columns every 12-36 m, the first 6-18 m from the walls), up to two keep-clear areas, main aisles of
4-8 m and secondary aisles of 2.5-4 m, and stricter limits now and then (travel distance 40-50 m,
rows of 18-24 m, dead ends of 3-4 m). Each gets a booth list of its own (`bench_layout.booths`) of
12-45 % of its floor in booth area, is laid out and checked, and its layout written and read back.
A hall the reader refuses (a keep-clear area the generator put across a wall) is counted apart.

Prints one line per hall with a violation (its rules and the first detail) and, last, the count of
halls with a violation by rule, crashes and hangs (more than 120 s), and the time taken; then the booth
area placed against the area the lists ask for (a list of 45 % of a hall's floor does not fit: real
halls run 43-50 % net/gross in their best shape) and how many halls leave a booth out, each with its
reason, and the booth area left out by the kind of reason (islands' share apart).

Target (issue 3): every hall keeps every rule (a booth the hall has no lawful floor for is left out
with its reason, never placed against a rule).

Usage: python benchmarks/bench_halls.py [FIRST COUNT]   (default: 1 200)
"""

from __future__ import annotations

import collections
import json
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

from shapely import Polygon

sys.path.insert(0, str(Path(__file__).parent))
from bench_layout import booths  # the benchmarks are scripts, not a package

#: A hall that takes longer than this (seconds) to lay out and check counts as hung.
HANG = 120


def _outline(rng: random.Random) -> tuple[str, list[list[float]]]:
    width, depth = rng.choice(range(30, 151, 6)), rng.choice(range(24, 97, 6))
    shape = rng.choice(["rect", "L", "U", "T"])
    if shape == "rect":
        return shape, [[0, 0], [width, 0], [width, depth], [0, depth]]
    if shape == "L":
        cw = rng.choice(range(12, max(13, width - 17), 3))
        ch = rng.choice(range(12, max(13, depth - 11), 3))
        return shape, [
            [0, 0],
            [width, 0],
            [width, depth - ch],
            [width - cw, depth - ch],
            [width - cw, depth],
            [0, depth],
        ]
    if shape == "U":
        nw = rng.choice(range(12, max(13, width - 23), 3))
        nh = rng.choice(range(12, max(13, depth - 11), 3))
        x0 = (width - nw) // 2
        return shape, [
            [0, 0], [width, 0], [width, depth], [x0 + nw, depth], [x0 + nw, depth - nh], [x0, depth - nh],
            [x0, depth], [0, depth],
        ]  # fmt: skip
    sw = rng.choice(range(18, max(19, width - 17), 3))
    bh = rng.choice(range(18, max(19, depth - 11), 3))
    x0 = (width - sw) // 2
    return shape, [
        [x0, 0], [x0 + sw, 0], [x0 + sw, depth - bh], [width, depth - bh], [width, depth], [0, depth],
        [0, depth - bh], [x0, depth - bh],
    ]  # fmt: skip


def _on_walls(outline: list[list[float]], rng: random.Random, count: int) -> list[list[float]]:
    """`count` door positions on the walls, 6 m from the corners and 10 m from each other at least."""
    walls = [(outline[k], outline[(k + 1) % len(outline)]) for k in range(len(outline))]
    points: list[list[float]] = []
    for _ in range(count):
        for _ in range(50):
            (x0, y0), (x1, y1) = rng.choice(walls)
            length = abs(x1 - x0) + abs(y1 - y0)
            if length < 13:
                continue
            t = rng.uniform(6, length - 6)
            p = [round(x0 + (x1 - x0) / length * t, 1), round(y0 + (y1 - y0) / length * t, 1)]
            if all(abs(p[0] - q[0]) + abs(p[1] - q[1]) > 10 for q in points):
                points.append(p)
                break
    return points


def hall(seed: int) -> tuple[dict[str, object], int]:
    """A random hall as the hall file gives it, and how many booths to give it."""
    rng = random.Random(seed)
    shape, outline = _outline(rng)
    width, depth = max(p[0] for p in outline), max(p[1] for p in outline)
    doors = _on_walls(outline, rng, rng.randint(1, 3) + rng.randint(1, 4))
    entrances = max(1, len(doors) // 2)
    spec: dict[str, object] = {
        "name": f"Hall {seed} ({shape})",
        "outline": outline,
        "height": 10,
        "entrances": [
            {"name": f"Gate {k}", "at": p, "width": rng.choice([4, 6, 8, 10])}
            for k, p in enumerate(doors[:entrances])
        ],
        "exits": [{"at": p, "width": rng.choice([1.2, 1.8, 2.4, 3])} for p in doors[entrances:]],
        "aisles": {"main": rng.choice([4, 5, 6, 8]), "secondary": rng.choice([2.5, 3, 3, 4])},
    }  # fmt: skip
    if rng.random() < 0.7:
        spec["columns"] = {
            "origin": [rng.choice([6, 9, 12, 18]), rng.choice([6, 9, 12, 18])],
            "spacing": [rng.choice([12, 18, 24, 36]), rng.choice([12, 18, 27])],
            "size": rng.choice([0.6, 0.8, 1.0, 1.2]),
        }
    areas = []
    for _ in range(rng.choice([0, 0, 1, 2])):
        w, d = rng.choice([4, 6, 8, 12]), rng.choice([4, 6, 8])
        x, y = round(rng.uniform(4, max(5, width - w - 4))), round(rng.uniform(4, max(5, depth - d - 4)))
        areas.append([[x, y], [x + w, y], [x + w, y + d], [x, y + d]])
    if areas:
        spec["keep_clear"] = areas
    rules: dict[str, float] = {}
    if rng.random() < 0.3:
        rules["max_travel_distance"] = rng.choice([40, 45, 50])
    if rng.random() < 0.3:
        rules["max_row_length"] = rng.choice([18, 20, 24])
    if rng.random() < 0.2:
        rules["max_dead_end"] = rng.choice([3, 4])
    if rules:
        spec["rules"] = rules
    count = max(8, int(Polygon(outline).area * rng.choice([0.12, 0.2, 0.3, 0.45]) / 14))
    return spec, count


def _why(reason: str) -> str:
    """The kind of reason a booth is left out for, in a few words."""
    if reason.startswith("no room left"):
        return "no room within the walk to an exit" if "travel distance" in reason else "no room"
    if "travel distance" in reason:
        return "placed beyond the walk to an exit"
    return "other"


class _Hung(Exception):
    pass


def _alarm(*_: object) -> None:
    raise _Hung


def main(first: int, count: int) -> None:
    from halllayout.errors import HallLayoutError
    from halllayout.layout import lay_out
    from halllayout.layout_file import layout_json
    from halllayout.model import Fair
    from halllayout.read import read_booth_list, read_hall
    from halllayout.read.layout_json import read_layout
    from halllayout.rules import check
    from halllayout.rules.metrics import measure

    signal.signal(signal.SIGALRM, _alarm)
    by_rule: collections.Counter[str] = collections.Counter()
    laid = violating = refused = crashed = hung = short = 0
    left_out: collections.Counter[str] = collections.Counter()  # booth area left out, by why
    islands: collections.Counter[str] = collections.Counter()  # of it, islands'
    asked = placed = 0.0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(first, first + count):
            spec, n = hall(seed)
            hall_path, list_path, out = (
                Path(tmp) / name for name in ("hall.json", "booths.json", "layout.json")
            )
            hall_path.write_text(json.dumps(spec), encoding="utf-8")
            requests = booths(n, seed)
            list_path.write_text(json.dumps(requests), encoding="utf-8")
            signal.alarm(HANG)
            try:
                try:
                    h = read_hall(hall_path)
                except HallLayoutError:
                    refused += 1
                    continue
                layout = lay_out(Fair("F", (h,)), read_booth_list(list_path))
                report = check(layout)
                out.write_bytes(layout_json(layout, measure(layout, report)))
                read_layout(out)
            except _Hung:
                hung += 1
                print(f"{seed:4d} {spec['name']}: hung (over {HANG} s)", flush=True)
                continue
            except Exception as error:  # a crash is a finding: report it and go on
                crashed += 1
                print(f"{seed:4d} {spec['name']}: crashed: {type(error).__name__}: {error}", flush=True)
                continue
            finally:
                signal.alarm(0)
            laid += 1
            asked += sum(r["width"] * r["depth"] for r in requests)
            placed += sum((b.x1 - b.x0) * (b.y1 - b.y0) for b in layout.booths)
            for u in layout.unplaced:
                area = u.request.width * u.request.depth
                why = _why(u.reason)
                left_out[why] += area
                if u.request.type == "island":
                    islands[why] += area
            short += bool(layout.unplaced)
            rules = sorted({v.rule for v in report.violations})
            if rules:
                violating += 1
                by_rule.update(rules)
                print(
                    f"{seed:4d} {spec['name']}: {', '.join(rules)}: {report.violations[0].detail[:120]}",
                    flush=True,
                )
    took = time.perf_counter() - start
    print(
        f"halls {count}: laid out {laid}, with a violation {violating}, refused as input {refused}, "
        f"crashed {crashed}, hung {hung}; {took:.0f} s"
    )
    print(
        f"booth area placed in the halls laid out: {placed:,.0f} of {asked:,.0f} m² asked "
        f"({placed / max(asked, 1):.1%}); halls leaving a booth out: {short}"
    )
    print(
        "booth area left out, by why: "
        + ", ".join(
            f"{why} {area:,.0f} m² (islands {islands[why]:,.0f})" for why, area in sorted(left_out.items())
        )
    )
    print(
        "halls with a violation, by rule: "
        + (", ".join(f"{r} {k}" for r, k in sorted(by_rule.items())) or "none")
    )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*(args if len(args) == 2 else (1, 200)))
