"""Repeated parts placed many times: collect the instances of each shared mesh, then hand them to the
GLB writer as `EXT_mesh_gpu_instancing` batches (one draw call per shared mesh and material).

Boxes are the common case: a unit cube scaled to size, turned a quarter turn at a time about +Y and
moved into place. A `Frame` is a booth's own plan coordinates: `u` metres along its frontage from the
front-left corner (as a visitor facing it sees it), `w` metres from the front into the booth.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from halllayout.model import PlacedBooth, Side
from halllayout.scene.geometry import Part, plan_box
from halllayout.scene.glb import InstancedBatch, Material

#: A unit cube centred on the origin, the shared mesh behind every box-shaped part.
UNIT_BOX: Part = plan_box(-0.5, -0.5, 0.5, 0.5, -0.5, 0.5)

PlanPoint = tuple[float, float]

# Front side → (front-left corner picker, along-frontage vector t, into-booth vector n, turn about +Y).
# glTF maps plan (x, y) to (x, h, -y); a turn θ about +Y maps local +X to (cos θ, 0, -sin θ), i.e. the
# plan direction (cos θ, sin θ): local +X follows t, local -Z follows n.
_FRAMES: dict[Side, tuple[PlanPoint, PlanPoint, float]] = {
    "S": ((1.0, 0.0), (0.0, 1.0), 0.0),
    "N": ((-1.0, 0.0), (0.0, -1.0), math.pi),
    "E": ((0.0, 1.0), (-1.0, 0.0), math.pi / 2),
    "W": ((0.0, -1.0), (1.0, 0.0), -math.pi / 2),
}


@dataclass(frozen=True)
class Frame:
    """A booth's own coordinates: origin at its front-left corner, `t` along the frontage, `n` inwards."""

    origin: PlanPoint
    t: PlanPoint
    n: PlanPoint
    turn: float
    frontage: float
    depth: float

    @classmethod
    def of(cls, booth: PlacedBooth) -> Frame:
        t, n, turn = _FRAMES[booth.front]
        corners: dict[Side, PlanPoint] = {
            "S": (booth.x0, booth.y0),
            "N": (booth.x1, booth.y1),
            "E": (booth.x1, booth.y0),
            "W": (booth.x0, booth.y1),
        }
        w, d = booth.x1 - booth.x0, booth.y1 - booth.y0
        frontage, depth = (w, d) if booth.front in ("N", "S") else (d, w)
        return cls(corners[booth.front], t, n, turn, frontage, depth)

    def plan(self, u: float, w: float) -> PlanPoint:
        """The plan point `u` along the frontage and `w` into the booth."""
        return (
            self.origin[0] + u * self.t[0] + w * self.n[0],
            self.origin[1] + u * self.t[1] + w * self.n[1],
        )

    def side(self, side: Side) -> str:
        """Which of the booth's own sides a plan side is: front, back, left or right."""
        vector = {"N": (0.0, 1.0), "S": (0.0, -1.0), "E": (1.0, 0.0), "W": (-1.0, 0.0)}[side]
        if vector == (-self.n[0], -self.n[1]):
            return "front"
        if vector == self.n:
            return "back"
        return "right" if vector == self.t else "left"


@dataclass
class _Placed:
    translations: list[tuple[float, float, float]] = field(default_factory=list)
    turns: list[float] = field(default_factory=list)
    scales: list[tuple[float, float, float]] = field(default_factory=list)
    booths: list[float] = field(default_factory=list)


class Instances:
    """Instances of shared meshes, keyed by (mesh name, material); insertion order is kept."""

    def __init__(self, meshes: Mapping[str, Part]) -> None:
        self.meshes = dict(meshes)
        self._placed: dict[tuple[str, Material], _Placed] = {}

    def add(
        self,
        mesh: str,
        material: Material,
        at: tuple[float, float, float],
        turn: float = 0.0,
        scale: tuple[float, float, float] = (1.0, 1.0, 1.0),
        booth: int = -1,
    ) -> None:
        """One instance of `mesh` at glTF position `at`, turned `turn` radians about +Y, scaled."""
        placed = self._placed.setdefault((mesh, material), _Placed())
        placed.translations.append(at)
        placed.turns.append(turn)
        placed.scales.append(scale)
        placed.booths.append(float(booth))

    def box(
        self,
        material: Material,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        z0: float,
        z1: float,
        booth: int = -1,
    ) -> None:
        """An axis-aligned box over the plan rectangle [x0, x1] × [y0, y1], from height z0 to z1."""
        self.add(
            "box",
            material,
            ((x0 + x1) / 2, (z0 + z1) / 2, -(y0 + y1) / 2),
            0.0,
            (x1 - x0, z1 - z0, y1 - y0),
            booth,
        )

    def in_booth(
        self,
        frame: Frame,
        material: Material,
        u0: float,
        u1: float,
        w0: float,
        w1: float,
        z0: float,
        z1: float,
        booth: int,
        mesh: str = "box",
    ) -> None:
        """`mesh` (a unit cube by default) stretched over [u0, u1] × [w0, w1] × [z0, z1] of a booth."""
        x, y = frame.plan((u0 + u1) / 2, (w0 + w1) / 2)
        self.add(mesh, material, (x, (z0 + z1) / 2, -y), frame.turn, (u1 - u0, z1 - z0, w1 - w0), booth)

    def batches(self) -> list[InstancedBatch]:
        """One instanced batch per (mesh, material), in the order they were first used."""
        out = []
        for (mesh, material), placed in self._placed.items():
            half = np.array(placed.turns, dtype=np.float64) / 2
            rotations = np.zeros((len(half), 4), dtype=np.float32)
            rotations[:, 1] = np.sin(half)
            rotations[:, 3] = np.cos(half)
            out.append(
                InstancedBatch(
                    material.name if mesh == "box" else f"{mesh} ({material.name})",
                    material,
                    self.meshes[mesh],
                    np.array(placed.translations, dtype=np.float32),
                    rotations,
                    np.array(placed.scales, dtype=np.float32),
                    attributes={"_BOOTH": np.array(placed.booths, dtype=np.float32)},
                )
            )
        return out
