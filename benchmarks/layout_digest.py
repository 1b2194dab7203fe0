"""A digest of 70 layouts, to see whether a change to the engine moved any booth.

A change meant to leave the layout alone (a refactor, a speed-up) should leave every `layout.json`
byte for byte the same; a change meant to better some halls should leave the rest the same. This lays
out a fixed set of cases and prints, for each, the booths placed and left out, the rule violations and
the first 12 hex digits of the SHA-256 of its `layout.json`, then one digest of them all:

- 42 generated lists (`bench_layout.booths`, seeds 1-7) into the sample halls A (150 and 260 booths),
  L (60 and 150) and P, the pavilion (40 and 80);
- 4 fairs of four copies of hall A with 1,100 booths (seeds 1-4);
- the four sample lists into `fair-3-halls.json`;
- 20 random halls of `bench_halls.py` (seeds 10, 20, ..., 200), each with its own list (a hall the
  reader refuses says so).

Run it before and after a change and compare the lines (`diff`); `--save DIR` also writes each
`layout.json` as DIR/CASE.json, to see what moved. Cases run in two processes.

Usage: python benchmarks/layout_digest.py [--save DIR]
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_halls import hall as bench_hall  # the benchmarks are scripts, not a package
from bench_layout import booths

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
#: hall file, and the list sizes it gets
SAMPLE_HALLS = {
    "A": ("hall-a-144x90.json", (150, 260)),
    "L": ("hall-l-shaped.json", (60, 150)),
    "P": ("pavilion-40x30.json", (40, 80)),
}
SAMPLE_LISTS = ("fair-120.csv", "fair-400-zh-gbk.csv", "fair-60-zh.xlsx", "services-fair-1212-zh.csv")


def cases() -> list[str]:
    """The names of the cases, in the order they print."""
    names = [f"{h}-{n}-s{s}" for s in range(1, 8) for h, (_, sizes) in SAMPLE_HALLS.items() for n in sizes]
    names += [f"fair4A-1100-s{s}" for s in range(1, 5)]
    names += [f"fair3-{name}" for name in SAMPLE_LISTS]
    names += [f"bench-hall-{seed}" for seed in range(10, 201, 10)]
    return names


def run(case: str) -> tuple[str, str, bytes]:
    """Lay out one case; its line and its `layout.json`."""
    from halllayout.errors import HallLayoutError
    from halllayout.layout import lay_out
    from halllayout.layout_file import layout_json
    from halllayout.model import Fair
    from halllayout.read import read_booth_list, read_fair, read_hall
    from halllayout.rules import check
    from halllayout.rules.metrics import measure

    with tempfile.TemporaryDirectory() as tmp:
        listed = Path(tmp) / "booths.json"
        if case.startswith("fair3-"):
            fair = read_fair(DATA / "halls" / "fair-3-halls.json")
            requests = read_booth_list(DATA / "booths" / case.removeprefix("fair3-"))
        elif case.startswith("bench-hall-"):
            seed = int(case.removeprefix("bench-hall-"))
            spec, count = bench_hall(seed)
            hall_path = Path(tmp) / "hall.json"
            hall_path.write_text(json.dumps(spec), encoding="utf-8")
            try:
                fair = Fair("F", (read_hall(hall_path),))
            except HallLayoutError as error:  # bench_halls makes some halls the reader refuses
                return case, f"{case:<32} refused: {str(error).splitlines()[0]}", b""
            listed.write_text(json.dumps(booths(count, seed)), encoding="utf-8")
            requests = read_booth_list(listed)
        else:
            kind, count, seed = case.split("-")
            listed.write_text(json.dumps(booths(int(count), int(seed[1:]))), encoding="utf-8")
            requests = read_booth_list(listed)
            if kind == "fair4A":
                hall = read_hall(DATA / "halls" / SAMPLE_HALLS["A"][0])
                fair = Fair("F", tuple(dataclasses.replace(hall, id=i, name=f"Hall {i}") for i in "ABCD"))
            else:
                fair = Fair("F", (read_hall(DATA / "halls" / SAMPLE_HALLS[kind][0]),))
        layout = lay_out(fair, requests)
        report = check(layout)
        data = layout_json(layout, measure(layout, report))
    digest = hashlib.sha256(data).hexdigest()[:12]
    line = (
        f"{case:<32} placed {len(layout.booths):5d}  left out {len(layout.unplaced):4d}  "
        f"violations {len(report.violations):3d}  {digest}"
    )
    return case, line, data


def main(argv: list[str]) -> int:
    save = Path(argv[1]) if argv[:1] == ["--save"] and len(argv) > 1 else None
    if argv and save is None:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    if save:
        save.mkdir(parents=True, exist_ok=True)
    whole = hashlib.sha256()
    with ProcessPoolExecutor(2) as pool:
        for case, line, data in pool.map(run, cases()):
            print(line, flush=True)
            whole.update(hashlib.sha256(data).digest())
            if save:
                (save / f"{case}.json").write_bytes(data)
    print(f"all {len(cases())} layouts: {whole.hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
