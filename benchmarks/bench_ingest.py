"""Benchmark: a heavy exhibitor upload made web-ready, beside gltfpack on the same file.

Makes the heavy model once (`make_heavy_model.py`: 1M triangles, a 4096 px texture, about 26 MB) under
build/bench-ingest/, then runs each step in its own process so each peak memory is its own:

- **ingest**: `halllayout.ingest.ingest` on the file (read, normalise, simplify, write GLB), its report;
- **simplify**: the heavy mesh (read here with trimesh) simplified to 40k triangles, and the surface
  distance between the two, relative to the model's bounding-box diagonal;
- **gltfpack**: `gltfpack -i heavy.glb -o out.glb -si 0.04` (npm's gltfpack, from viewer/node_modules).

Prints the figures beside the targets of issue 5; no pass/fail, the numbers are for reading.
Usage: python benchmarks/bench_ingest.py [--triangles N]   (default 1,000,000)
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "bench-ingest"
GLTFPACK = ROOT / "viewer" / "node_modules" / "gltfpack" / "cli.js"
BUDGET_TRIANGLES = 40_000


def heavy_model(triangles: int) -> Path:
    path = WORK / f"heavy-{triangles}.glb"
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        generator = Path(__file__).with_name("make_heavy_model.py")
        subprocess.run(
            [sys.executable, str(generator), str(path), "--triangles", str(triangles)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return path


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def step_ingest(path: Path) -> dict[str, Any]:
    from halllayout.ingest import ingest

    start = time.perf_counter()
    result = ingest(path)
    seconds = time.perf_counter() - start
    (WORK / "ingested.glb").write_bytes(result.glb)
    output = result.report["output"]
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "triangles": output["triangles"],
        "bytes": output["bytes"],
        "report": result.report,
    }


def read_heavy(path: Path) -> Any:
    """The heavy GLB as a ProductMesh, read directly with trimesh (one textured primitive)."""
    import numpy as np
    import trimesh

    from halllayout.ingest.mesh import Material, Primitive, ProductMesh

    scene = trimesh.load(str(path), force="scene")
    primitives, materials = [], []
    for geometry in scene.geometry.values():
        uv = getattr(geometry.visual, "uv", None)
        texture = getattr(getattr(geometry.visual, "material", None), "baseColorTexture", None)
        materials.append(Material(texture=texture))
        primitives.append(
            Primitive(
                np.asarray(geometry.vertices, np.float32),
                np.asarray(geometry.faces, np.uint32),
                material=len(materials) - 1,
                uvs=None if uv is None else np.asarray(uv, np.float32),
            )
        )
    return ProductMesh(tuple(primitives), tuple(materials))


def step_simplify(path: Path) -> dict[str, Any]:
    from halllayout.ingest.simplify import simplify, surface_distance

    mesh = read_heavy(path)
    start = time.perf_counter()
    simplified = simplify(mesh, BUDGET_TRIANGLES)
    seconds = time.perf_counter() - start
    peak = peak_mb()
    start = time.perf_counter()
    distance = surface_distance(mesh, simplified)
    return {
        "seconds": seconds,
        "peak_mb": peak,
        "triangles_in": mesh.triangles,
        "triangles": simplified.triangles,
        "mean": distance["mean"],
        "max": distance["max"],
        "distance_seconds": time.perf_counter() - start,
    }


def step_gltfpack(path: Path) -> dict[str, Any]:
    out = WORK / "gltfpack.glb"
    start = time.perf_counter()
    subprocess.run(
        ["node", str(GLTFPACK), "-i", str(path), "-o", str(out), "-si", "0.04"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": peak_mb(resource.RUSAGE_CHILDREN), "bytes": out.stat().st_size}


STEPS = {"ingest": step_ingest, "simplify": step_simplify, "gltfpack": step_gltfpack}


def run_step(name: str, path: Path) -> dict[str, Any]:
    """The step's figures, from a fresh process; {"error": ...} where it failed."""
    done = subprocess.run(
        [sys.executable, __file__, "--step", name, str(path)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines() or ["no output"]
        return {"error": lines[-1]}
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def show(value: Any, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triangles", type=int, default=1_000_000)
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(STEPS[args.step](Path(args.path)), ensure_ascii=False))
        return
    path = heavy_model(args.triangles)
    print(f"heavy model: {path.relative_to(ROOT)}, {path.stat().st_size / 1e6:.1f} MB")
    ingest = run_step("ingest", path)
    simplified = run_step("simplify", path)
    packed = (
        run_step("gltfpack", path) if GLTFPACK.exists() else {"error": "viewer/node_modules lacks gltfpack"}
    )
    for name, figures in (("ingest", ingest), ("simplify", simplified), ("gltfpack", packed)):
        if "error" in figures:
            print(f"{name}: failed: {figures['error']}")
    got, gp, sd = ingest.get, packed.get, simplified.get
    print(f"{'':24} {'halllayout':>12} {'gltfpack':>10}   target")
    print(f"{'time, s':24} {show(got('seconds'), '12.2f')} {show(gp('seconds'), '10.2f')}   ≤ 5")
    print(f"{'peak memory, MB':24} {show(got('peak_mb'), '12.0f')} {show(gp('peak_mb'), '10.0f')}   ≤ 1,536")
    print(f"{'triangles':24} {show(got('triangles'), '12,')} {'':>10}   ≤ 40,000")
    print(
        f"{'GLB bytes':24} {show(got('bytes'), '12,')} {show(gp('bytes'), '10,')}"
        "   ≤ 1,000,000, smaller than gltfpack"
    )
    if "seconds" in ingest and "seconds" in packed:
        print(f"{'time / gltfpack':24} {ingest['seconds'] / packed['seconds']:12.2f} {'':>10}   ≤ 2")
    print(
        f"simplify alone: {show(sd('triangles_in'), ',')} → {show(sd('triangles'), ',')} triangles"
        f" in {show(sd('seconds'), '.2f')} s, peak {show(sd('peak_mb'), '.0f')} MB; surface distance"
        f" mean {show(sd('mean'), '.3%')}, max {show(sd('max'), '.3%')} of the diagonal (target mean ≤ 1%),"
        f" measured in {show(sd('distance_seconds'), '.1f')} s"
    )
    if "report" in ingest:
        print("ingest report:", json.dumps(ingest["report"], ensure_ascii=False))


if __name__ == "__main__":
    main()
