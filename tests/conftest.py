"""Shared fixtures: sample data paths, small hand-made halls, and the real Khronos glTF validator."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from halllayout.model import BoothRequest, Column, Door, Fair, Hall, Layout, Source
from halllayout.read import read_hall

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
VALIDATOR = ROOT / "viewer" / "scripts" / "validate-gltf.mjs"


def pytest_configure(config: pytest.Config) -> None:
    """The app's database and files go to a scratch folder, never the repository's instance/, unless a
    test passes its own INSTANCE_DIR."""
    os.environ["HALLLAYOUT_INSTANCE"] = tempfile.mkdtemp(prefix="halllayout-test-instance-")


def make_hall(
    width: float = 20,
    depth: float = 12,
    *,
    hall_id: str = "A",
    entrances: tuple[Door, ...] = (),
    exits: tuple[Door, ...] = (),
    columns: tuple[Column, ...] = (),
    keep_clear: tuple[tuple[tuple[float, float], ...], ...] = (),
    main: float = 6,
    secondary: float = 3,
) -> Hall:
    """A rectangular hall [0, width] × [0, depth] with what the test asks for."""
    return Hall(
        id=hall_id,
        name=f"Hall {hall_id}",
        outline=((0, 0), (width, 0), (width, depth), (0, depth)),
        height=8,
        entrances=entrances,
        exits=exits,
        columns=columns,
        keep_clear=keep_clear,
        main_aisle=main,
        secondary_aisle=secondary,
    )


def make_booths(count: int, width: float = 3, depth: float = 3, **fields: Any) -> list[BoothRequest]:
    """`count` booth requests EX1… of one size, rows 2… of a file named booths.csv."""
    return [
        BoothRequest(f"EX{i}", f"Exhibitor {i}", width, depth, source=Source("booths.csv", i + 1), **fields)
        for i in range(1, count + 1)
    ]


def validate_glb(path: Path) -> dict[str, Any]:
    """The Khronos glTF-Validator's summary of a GLB file (numErrors, numWarnings, messages...)."""
    result = subprocess.run(
        ["node", str(VALIDATOR), str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    if result.returncode not in (0, 1):
        raise RuntimeError(f"validator failed ({result.returncode}): {result.stderr}")
    report: dict[str, Any] = json.loads(result.stdout)
    return report


@pytest.fixture(scope="session")
def sample_booths() -> Path:
    return DATA / "booths" / "fair-120.csv"


@pytest.fixture(scope="session")
def sample_hall() -> Path:
    return DATA / "halls" / "hall-a-144x90.json"


def four_hall_a() -> Fair:
    """Four copies of the sample hall `hall-a-144x90.json`, halls A to D (the services fair's halls)."""
    hall = read_hall(DATA / "halls" / "hall-a-144x90.json")
    return Fair("Four", tuple(dataclasses.replace(hall, id=i, name=f"Hall {i}") for i in "ABCD"))


def booths_by_zone_and_hall(layout: Layout) -> dict[str, dict[str, int]]:
    """How many booths of each zone stand in each hall of `layout`."""
    halls: dict[str, dict[str, int]] = {}
    for b in layout.booths:
        here = halls.setdefault(b.request.zone, {})
        here[b.hall_id] = here.get(b.hall_id, 0) + 1
    return halls
