"""Mutated real uploads: every one is either ingested into a valid model or refused cleanly.

A seeded mutation test (bytes flipped, cut out, numbers and garbage inserted, files truncated); a
longer run is `python -m tests.ingest.test_mutated SEED COUNT`.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from halllayout.errors import ModelRefused
from halllayout.ingest import ingest
from tests.conftest import DATA, validate_glb

GOOD = sorted((DATA / "models" / "good").iterdir())
INSERTS = (b"-", b"9", b"e9", b" ", b"\n", b"nan", b"1e30", b"\x00\xff\xff\xff")


def _mutated(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(out))
        roll = rng.random()
        if roll < 0.6:
            out[at] = rng.randrange(256)
        elif roll < 0.8:
            del out[at : at + rng.randint(1, 50)]
        else:
            out[at:at] = rng.choice(INSERTS)
    if rng.random() < 0.15:
        del out[rng.randrange(len(out)) :]
    return bytes(out)


def run(folder: Path, seed: int, count: int) -> tuple[int, int, list[Path]]:
    """Ingest `count` mutants; (ingested, refused, GLBs written); anything else raises."""
    rng = random.Random(seed)
    ingested, refused, written = 0, 0, []
    for i in range(count):
        source = rng.choice(GOOD)
        mutant = folder / f"mutant{i}{source.suffix}"
        mutant.write_bytes(_mutated(rng, source.read_bytes()))
        try:
            result = ingest(mutant)
        except ModelRefused:
            refused += 1
            continue
        ingested += 1
        glb = folder / f"mutant{i}.glb"
        glb.write_bytes(result.glb)
        written.append(glb)
    return ingested, refused, written


def test_mutants_are_ingested_or_refused(tmp_path: Path) -> None:
    ingested, refused, written = run(tmp_path, seed=5, count=150)
    assert ingested + refused == 150 and ingested > 0 and refused > 0
    for glb in written[:4]:
        report = validate_glb(glb)
        assert (report["numErrors"], report["numWarnings"]) == (0, 0), (glb.name, report["messages"])


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        seed, count = int(sys.argv[1]), int(sys.argv[2])
        ingested, refused, written = run(Path(tmp), seed, count)
        reports = {g.name: validate_glb(g) for g in written}
        invalid = [name for name, r in reports.items() if r["numErrors"] + r["numWarnings"]]
        print(f"{ingested} ingested, {refused} refused, {len(invalid)} invalid {invalid}")
