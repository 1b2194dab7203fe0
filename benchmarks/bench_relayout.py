"""Benchmark of re-laying out a changed list (`--previous`) over halls of every shape: does it keep the
rules the previous layout kept?

Each random hall of `bench_halls.py` gets its own list, laid out afresh; a hall whose fresh layout
breaks a rule is skipped. Then the list is edited as organisers edit one between two runs (seeded):
a tenth of its booths leave, a fifth more join (`bench_layout.booths` of another seed, new refs), and
the edited list is laid out again over the fresh layout (`lay_out_again`) and checked.

Prints one line per hall whose re-layout breaks a rule (its rules and the first detail), then the halls
re-laid out, how many break a rule, the booths placed anew, those taken out again because they broke a
rule the previous layout kept (by rule), and the time taken.

Target (issue 3): no re-layout breaks a rule the previous layout kept (a booth the hall has no lawful
floor for is left out with its reason).

Usage: python benchmarks/bench_relayout.py [FIRST COUNT]   (default: 1 200)
"""

from __future__ import annotations

import collections
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_halls import hall  # the benchmarks are scripts, not a package
from bench_layout import booths


def edited(rows: list[dict[str, object]], seed: int) -> list[dict[str, object]]:
    """`rows` less about a tenth, plus a fifth more booths with new refs, keep-apart pairs kept only
    between booths still on the list."""
    rng = random.Random(seed)
    kept = [dict(r) for r in rows if rng.random() > 0.1]
    refs = {r["ref"] for r in kept}
    for r in kept:
        pairs = [ref for ref in r.get("keep_apart", []) if ref in refs]  # type: ignore[attr-defined]
        if pairs:
            r["keep_apart"] = pairs
        else:
            r.pop("keep_apart", None)
    joining = booths(len(rows) // 5 + 1, seed + 1000)
    for k, r in enumerate(joining):
        r["ref"] = f"NEW{k:04d}"
        r.pop("keep_apart", None)
    return kept + joining


def main(first: int, count: int) -> None:
    from halllayout.errors import HallLayoutError
    from halllayout.layout import lay_out
    from halllayout.layout.incremental import as_previous, lay_out_again
    from halllayout.model import Fair
    from halllayout.read import read_booth_list, read_hall
    from halllayout.rules import check

    relaid = broken = added = 0
    taken_out: collections.Counter[str] = collections.Counter()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        hall_path, list_path = Path(tmp) / "hall.json", Path(tmp) / "booths.json"
        for seed in range(first, first + count):
            spec, n = hall(seed)
            hall_path.write_text(json.dumps(spec), encoding="utf-8")
            try:
                fair = Fair("F", (read_hall(hall_path),))
            except HallLayoutError:
                continue
            rows = booths(n, seed)
            list_path.write_text(json.dumps(rows), encoding="utf-8")
            fresh = lay_out(fair, read_booth_list(list_path))
            if not check(fresh).passed:
                continue
            list_path.write_text(json.dumps(edited(rows, seed)), encoding="utf-8")
            again, changes = lay_out_again(fair, read_booth_list(list_path), as_previous(fresh))
            relaid += 1
            added += len(changes.added)
            for u in again.unplaced:
                if u.reason.startswith("placed anew"):
                    taken_out[u.reason.split(" rule")[0].split("broke the ")[-1]] += 1
            failed = [r for r in check(again).results if not r.passed]
            if failed:
                broken += 1
                rules = ", ".join(r.rule for r in failed)
                print(f"{seed:4d} {spec['name']}: {rules}: {failed[0].detail[:120]}", flush=True)
    print(
        f"halls re-laid out {relaid}, breaking a rule {broken}; booths placed anew {added}; "
        f"{time.perf_counter() - start:.0f} s"
    )
    print(
        "booths taken out again, by the rule they broke: "
        + (", ".join(f"{rule} {n}" for rule, n in taken_out.most_common()) or "none")
    )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*(args if len(args) == 2 else (1, 200)))
