"""Ingest an upload in a child process held to a time and memory ceiling.

A hostile or pathological file must not take more than `Ceiling.seconds` (10 s) or `Ceiling.memory`
(1.5 GB) however it does it: the limits checked inside `read.py` stop the known tricks early, and
this stops the unknown ones. The child (`python -m halllayout.ingest.isolated`) runs `ingest` with its
address space capped (RLIMIT_AS) and writes the model, far model, thumbnail and report into a private
temporary folder; the parent kills it at the deadline. A refusal in the child is a refusal here; a
child that ran out of time or memory is refused as such.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from halllayout.errors import ModelRefused
from halllayout.ingest import Budget, Ingested, ingest

#: Exit statuses of the child.
REFUSED = 2
OUT_OF_MEMORY = 3


@dataclass(frozen=True)
class Ceiling:
    """What one ingestion may take at most: wall-clock seconds and bytes of address space."""

    seconds: float = 10.0
    memory: int = 1_500_000_000


#: What a child that hit its address-space cap says, from Python, the dynamic loader, libc or C++.
_OUT_OF_MEMORY_SIGNS = ("MemoryError", "failed to map segment", "Cannot allocate memory", "bad_alloc")
DEFAULT_BUDGET = Budget()
DEFAULT_CEILING = Ceiling()


def ingest_isolated(
    path: Path,
    *,
    units: str | None = None,
    up: str | None = None,
    fit: tuple[float, float, float] | None = None,
    budget: Budget = DEFAULT_BUDGET,
    ceiling: Ceiling = DEFAULT_CEILING,
) -> Ingested:
    """`ingest` in a child process under `ceiling`; raises ModelRefused as `ingest` does, and when the
    child runs out of time or memory."""
    job = {"path": str(path), "units": units, "up": up, "fit": fit, "budget": asdict(budget)}

    def cap() -> None:  # in the child, before it runs anything
        resource.setrlimit(resource.RLIMIT_AS, (ceiling.memory, ceiling.memory))

    with tempfile.TemporaryDirectory(prefix="halllayout-ingest-") as scratch:
        job["out"] = scratch
        try:
            child = subprocess.run(
                [sys.executable, "-m", "halllayout.ingest.isolated"],
                input=json.dumps(job),
                capture_output=True,
                text=True,
                timeout=ceiling.seconds,
                preexec_fn=cap,  # a plain rlimit, set before the child runs anything
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ModelRefused(
                path.name, f"took more than {ceiling.seconds:g} s to process; it was stopped"
            ) from None
        if child.returncode == REFUSED:
            said = child.stderr.strip().splitlines()[-1] if child.stderr.strip() else "refused"
            raise ModelRefused(path.name, said.removeprefix(f"{path.name}: "))
        if child.returncode == OUT_OF_MEMORY or (
            child.returncode != 0 and any(sign in child.stderr for sign in _OUT_OF_MEMORY_SIGNS)
        ):
            raise ModelRefused(
                path.name, f"needs more than {ceiling.memory / 1e9:g} GB of memory to process; it was stopped"
            )
        if child.returncode != 0:
            last = (
                child.stderr.strip().splitlines()[-1] if child.stderr.strip() else f"exit {child.returncode}"
            )
            raise ModelRefused(path.name, f"could not be processed ({last})")
        folder = Path(scratch)
        report: dict[str, Any] = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        return Ingested(
            (folder / "model.glb").read_bytes(),
            report,
            (folder / "far.glb").read_bytes(),
            (folder / "thumbnail.png").read_bytes(),
        )


def _child() -> int:
    job = json.loads(sys.stdin.read())
    out = Path(job["out"])
    fit = (float(job["fit"][0]), float(job["fit"][1]), float(job["fit"][2])) if job["fit"] else None
    try:
        result = ingest(
            Path(job["path"]),
            units=job["units"],
            up=job["up"],
            fit=fit,
            budget=Budget(**job["budget"]),
        )
    except ModelRefused as refusal:
        print(refusal, file=sys.stderr)
        return REFUSED
    except MemoryError:
        return OUT_OF_MEMORY
    (out / "model.glb").write_bytes(result.glb)
    (out / "far.glb").write_bytes(result.far_glb)
    (out / "thumbnail.png").write_bytes(result.thumbnail)
    (out / "report.json").write_text(json.dumps(result.report), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(_child())
