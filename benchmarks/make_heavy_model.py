#!/usr/bin/env python3
# Copied from the halllayout workspace's shared/tools/make_heavy_model.py (formatted to this project's
# ruff settings, an unused import dropped, the code otherwise unchanged),
# this project's own shared tool (Apache-2.0, the same licence), so the benchmark needs nothing outside
# the repository.
"""Write a heavy, textured product model: what an exhibitor exports from CAD or a 3D scan.

    python make_heavy_model.py OUT.glb [--triangles 1000000] [--texture 4096] [--scale 1000]

A UV-mapped, bumpy vase-like surface of about --triangles triangles with a
--texture x --texture colour texture.  --scale multiplies the size: 1000 makes a
~0.4 m object come out in millimetres, as CAD exports often do.  Needs numpy,
pillow and trimesh.
"""

import argparse

import numpy as np
import trimesh
from PIL import Image


def vase(triangles, scale):
    n = int(np.sqrt(triangles / 2))
    u, v = np.meshgrid(np.linspace(0, 1, n + 1), np.linspace(0, 1, n + 1))
    theta = 2 * np.pi * u
    radius = 0.12 + 0.06 * np.sin(3 * np.pi * v) + 0.004 * np.sin(40 * theta) * np.sin(25 * np.pi * v)
    xyz = np.stack([radius * np.cos(theta), 0.4 * v, radius * np.sin(theta)], -1).reshape(-1, 3) * scale
    uv = np.stack([u, v], -1).reshape(-1, 2)
    idx = np.arange((n + 1) ** 2).reshape(n + 1, n + 1)
    a, b, c, d = idx[:-1, :-1], idx[:-1, 1:], idx[1:, :-1], idx[1:, 1:]
    faces = np.concatenate([np.stack([a, c, b], -1), np.stack([b, c, d], -1)]).reshape(-1, 3)
    return xyz, uv, faces


def texture(size):
    y, x = np.mgrid[0:size, 0:size] / size
    r = 128 + 100 * np.sin(12 * np.pi * x) * np.cos(7 * np.pi * y)
    g = 128 + 100 * np.sin(5 * np.pi * (x + y))
    b = 160 + 80 * np.cos(9 * np.pi * y)
    return Image.fromarray(np.stack([r, g, b], -1).clip(0, 255).astype(np.uint8))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--triangles", type=int, default=1_000_000)
    ap.add_argument("--texture", type=int, default=4096)
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args()
    xyz, uv, faces = vase(a.triangles, a.scale)
    material = trimesh.visual.material.PBRMaterial(baseColorTexture=texture(a.texture), roughnessFactor=0.6)
    mesh = trimesh.Trimesh(
        xyz, faces, visual=trimesh.visual.TextureVisuals(uv=uv, material=material), process=False
    )
    mesh.export(a.out)
    print(f"{a.out}: {len(faces)} triangles, {a.texture}px texture")


if __name__ == "__main__":
    main()
