"""Reading halls from DXF drawings: drawings built here with ezdxf, and data/halls/hall-a.dxf."""

from __future__ import annotations

import dataclasses
import importlib.util
import math
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import ezdxf
import pytest
import shapely

from halllayout.errors import HallLayoutError, InputError, InputErrors
from halllayout.model import Column, Door, Hall
from halllayout.read import read_hall
from halllayout.read.hall_dxf import parse_hall_dxf, read_hall_dxf

HALLS = Path(__file__).resolve().parents[1] / "data" / "halls"
Drawing = Any  # an ezdxf document
Space = Any  # its model space


def drawing(units: int = 6) -> Drawing:
    """An empty drawing in `units` ($INSUNITS: 4 mm, 5 cm, 6 m, 0 none)."""
    document = ezdxf.new("R2010", setup=False)
    document.header["$INSUNITS"] = units
    return document


def hall_40x30(space: Space, scale: float = 1.0, layer: str = "HALL") -> None:
    """A 40 × 30 m hall outline with a 6 m entrance in the middle of the south wall."""
    outline = [(0, 0), (40 * scale, 0), (40 * scale, 30 * scale), (0, 30 * scale)]
    space.add_lwpolyline(outline, close=True, dxfattribs={"layer": layer})
    space.add_line((17 * scale, 0), (23 * scale, 0), dxfattribs={"layer": "ENTRANCES"})


def read(tmp_path: Path, document: Drawing, **options: Any) -> Hall:
    path = tmp_path / "hall.dxf"
    document.saveas(path)
    return read_hall_dxf(path, **options)


def refused(*messages: str) -> AbstractContextManager[pytest.ExceptionInfo[HallLayoutError]]:
    """Expect an InputError with the one message given, or InputErrors with exactly these, in order."""
    kind = InputError if len(messages) == 1 else InputErrors
    return pytest.raises(kind, match=f"^{re.escape(chr(10).join(messages))}$")


# --- the sample --------------------------------------------------------------------------------


def test_sample_dxf_gives_the_same_hall_as_its_json_within_a_millimetre() -> None:
    from_cad = read_hall(HALLS / "hall-a.dxf")
    from_json = read_hall(HALLS / "hall-a-144x90.json")
    assert from_cad.source == "hall-a.dxf"

    def points(hall: Hall) -> list[float]:
        doors = [*hall.entrances, *hall.exits]
        return [
            *(v for point in hall.outline for v in point),
            *(v for door in doors for v in (*door.at, door.width)),
            *(v for column in hall.columns for v in (*column.at, column.size)),
            hall.height,
        ]

    assert points(from_cad) == pytest.approx(points(from_json), abs=0.001)
    assert len(points(from_cad)) == len(points(from_json)) == 8 + 6 * 3 + 12 * 3 + 1
    assert dataclasses.replace(from_cad, source=from_json.source) == from_json


def test_the_script_draws_the_sample(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_hall_a_dxf", HALLS.parent / "make_hall_a_dxf.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.main(tmp_path / "hall-a.dxf")
    assert read_hall(tmp_path / "hall-a.dxf") == read_hall(HALLS / "hall-a.dxf")


# --- what is read from which layer -------------------------------------------------------------


def test_outline_columns_keep_clear_and_doors_with_names(tmp_path: Path) -> None:
    document = drawing()
    space = document.modelspace()
    hall_40x30(space, layer="Outline")
    space.add_text("East Hall", dxfattribs={"layer": "Outline", "insert": (2, 28)})
    space.add_text("South Gate", dxfattribs={"layer": "ENTRANCES", "insert": (19, 1.5)})
    space.add_text("Far label", dxfattribs={"layer": "ENTRANCES", "insert": (19, 20)})
    block = document.blocks.new("COL")
    block.add_circle((0, 0), 0.4)
    space.add_lwpolyline(
        [(9.5, 9.5), (10.5, 9.5), (10.5, 10.7), (9.5, 10.7)], close=True, dxfattribs={"layer": "columns"}
    )
    space.add_circle((30, 10), 0.3, dxfattribs={"layer": "Columns"})
    space.add_blockref("COL", (20, 20), dxfattribs={"layer": "柱"})
    space.add_text("C1", dxfattribs={"layer": "COLUMNS", "insert": (10, 12)})
    space.add_lwpolyline(
        [(30, 20), (35, 20), (35, 25), (30, 25)], close=True, dxfattribs={"layer": "keep-clear"}
    )
    space.add_line((40, 13.5), (40, 16.5), dxfattribs={"layer": "Exits"})
    space.add_line((0.2, 10), (0.2, 12), dxfattribs={"layer": "Fire_Exits"})
    space.add_lwpolyline([(5, 5), (6, 5), (6, 6)], dxfattribs={"layer": "Furniture"})
    hall = read(tmp_path, document, hall_id="E2")
    assert hall == Hall(
        id="E2",
        name="East Hall",
        outline=((0.0, 0.0), (40.0, 0.0), (40.0, 30.0), (0.0, 30.0)),
        height=10.0,
        entrances=(Door((20.0, 0.0), 6.0, "South Gate"),),
        exits=(Door((40.0, 15.0), 3.0), Door((0.2, 11.0), 2.0)),
        columns=(Column((30.0, 10.0), 0.6), Column((10.0, 10.1), 1.2), Column((20.0, 20.0), 0.8)),  # by y, x
        keep_clear=(((30.0, 20.0), (35.0, 20.0), (35.0, 25.0), (30.0, 25.0)),),
        main_aisle=6.0,
        secondary_aisle=3.0,
        source="hall.dxf",
    )


def test_clockwise_outline_on_an_unknown_layer_is_the_largest_closed_polyline(tmp_path: Path) -> None:
    document = drawing()
    space = document.modelspace()
    space.add_lwpolyline([(0, 0), (0, 30), (40, 30), (40, 0)], close=True, dxfattribs={"layer": "A-WALL"})
    space.add_lwpolyline([(5, 5), (6, 5), (6, 6), (5, 6)], close=True, dxfattribs={"layer": "A-WALL"})
    space.add_line((17, 0), (23, 0), dxfattribs={"layer": "ENTRANCES"})
    hall = read(tmp_path, document)
    assert hall.outline == ((0.0, 0.0), (40.0, 0.0), (40.0, 30.0), (0.0, 30.0))
    assert (hall.id, hall.name) == ("A", "Hall A")


def test_arcs_in_the_outline_are_flattened_to_a_centimetre(tmp_path: Path) -> None:
    document = drawing()
    space = document.modelspace()
    # 40 × 30 with a semicircular north end bulging out: bulge 1 is a half circle of radius 20
    space.add_lwpolyline(
        [(0, 0, 0), (40, 0, 0), (40, 30, 1), (0, 30, 0)],
        format="xyb",
        close=True,
        dxfattribs={"layer": "HALL"},
    )
    space.add_line((17, 0), (23, 0), dxfattribs={"layer": "ENTRANCES"})
    hall = read(tmp_path, document)
    area = shapely.Polygon(hall.outline).area
    assert len(hall.outline) > 20
    assert area == pytest.approx(40 * 30 + math.pi * 20**2 / 2, abs=2.0)
    assert max(y for _, y in hall.outline) == pytest.approx(50, abs=0.01)


@pytest.mark.parametrize(
    ("units", "scale"),
    [(4, 1000), (5, 100), (6, 1), (0, 1000), (0, 1)],
    ids=["mm", "cm", "m", "unitless-large-is-mm", "unitless-small-is-m"],
)
def test_units(tmp_path: Path, units: int, scale: float) -> None:
    document = drawing(units)
    hall_40x30(document.modelspace(), scale)
    hall = read(tmp_path, document)
    assert hall.outline == ((0.0, 0.0), (40.0, 0.0), (40.0, 30.0), (0.0, 30.0))
    assert hall.entrances == (Door((20.0, 0.0), 6.0),)


def test_feet(tmp_path: Path) -> None:
    document = drawing(2)
    hall_40x30(document.modelspace(), 1 / 0.3048)
    assert read(tmp_path, document).outline == ((0.0, 0.0), (40.0, 0.0), (40.0, 30.0), (0.0, 30.0))


def test_height_from_the_argument_then_the_outline_thickness(tmp_path: Path) -> None:
    document = drawing(4)
    space = document.modelspace()
    hall_40x30(space, 1000)
    space.query("LWPOLYLINE").first.dxf.thickness = 12500
    assert read(tmp_path, document).height == 12.5
    hall = read(tmp_path, document, height=8, main_aisle=5, secondary_aisle=2.5)
    assert (hall.height, hall.main_aisle, hall.secondary_aisle) == (8, 5, 2.5)


# --- problems ----------------------------------------------------------------------------------


def test_every_problem_at_once_named_by_layer_type_and_handle(tmp_path: Path) -> None:
    document = drawing()
    space = document.modelspace()
    hall_40x30(space)
    bad: list[tuple[Callable[[], Any], str]] = [
        (lambda: space.add_circle((45, 10), 0.5, dxfattribs={"layer": "COLUMNS"}),
         "expected a column standing inside the outline, got centre [45, 10]"),
        (lambda: space.add_line((5, 5), (6, 6), dxfattribs={"layer": "COLUMNS"}),
         "expected a closed polyline, a circle or a block for a column"),
        (lambda: space.add_lwpolyline([(30, 20), (50, 20), (50, 25), (30, 25)], close=True,
                                      dxfattribs={"layer": "KEEP_CLEAR"}),
         "expected a keep-clear area inside the outline"),
        (lambda: space.add_line((10, 3), (14, 3), dxfattribs={"layer": "EXITS"}),
         "expected a door along the outline (within 0.5 m), got a line from [10, 3] to [14, 3], 3 m from it"),
        (lambda: space.add_line((38, 0), (44, 0), dxfattribs={"layer": "EXITS"}),
         "expected a door along the outline (within 0.5 m), got a line from [38, 0] to [44, 0], 4 m from it"),
        (lambda: space.add_circle((0, 20), 1, dxfattribs={"layer": "EXITS"}),
         "expected a LINE along the outline: the door's centre and width"),
    ]  # fmt: skip
    expected = []
    for add, message in bad:
        entity = add()
        expected.append(
            f"hall.dxf: layer {entity.dxf.layer}, {entity.dxftype()} #{entity.dxf.handle}: {message}"
        )
    order = {"COLUMNS": 0, "KEEP_CLEAR": 1, "ENTRANCES": 2, "EXITS": 3}
    expected.sort(key=lambda line: order[line.split("layer ")[1].split(",")[0]])
    with refused(*expected):
        read(tmp_path, document)


def test_door_past_the_corner(tmp_path: Path) -> None:
    document = drawing()
    space = document.modelspace()
    hall_40x30(space)
    line = space.add_line((40, 0), (40, 6), dxfattribs={"layer": "EXITS"})
    door = space.add_line((38, 0.2), (44, 0.2), dxfattribs={"layer": "EXITS"})
    with refused(
        f"hall.dxf: layer EXITS, LINE #{door.dxf.handle}: expected a door along the outline (within 0.5 m), "
        "got a line from [38, 0.2] to [44, 0.2], 4 m from it"
    ):
        read(tmp_path, document)
    space.delete_entity(door)
    assert read(tmp_path, document).exits == (Door((40.0, 3.0), 6.0),)
    line.dxf.start = (40, -2.0)
    line.dxf.end = (40, 0.4)
    with refused(
        f"hall.dxf: layer EXITS, LINE #{line.dxf.handle}: expected a door along the outline (within 0.5 m), "
        "got a line from [40, -2] to [40, 0.4], 2 m from it"
    ):
        read(tmp_path, document)


def test_no_entrance(tmp_path: Path) -> None:
    document = drawing()
    document.modelspace().add_lwpolyline([(0, 0), (40, 0), (40, 30), (0, 30)], close=True)
    with refused("hall.dxf: no entrance: expected a LINE along the outline on layer ENTRANCES"):
        read(tmp_path, document)


def test_no_outline(tmp_path: Path) -> None:
    document = drawing()
    document.modelspace().add_lwpolyline([(0, 0), (40, 0), (40, 30)], dxfattribs={"layer": "HALL"})
    with refused(
        "hall.dxf: no hall outline: expected a closed polyline (the hall's inner wall) on layer HALL or "
        "OUTLINE, and found no closed polyline in the drawing"
    ):
        read(tmp_path, document)


def test_self_intersecting_outline(tmp_path: Path) -> None:
    document = drawing()
    outline = document.modelspace().add_lwpolyline(
        [(0, 0), (40, 30), (40, 0), (0, 20)], close=True, dxfattribs={"layer": "HALL"}
    )
    with refused(
        f"hall.dxf: layer HALL, LWPOLYLINE #{outline.dxf.handle} (the hall outline): expected a simple "
        "polygon whose edges do not cross, got a self-intersection at [16, 12]"
    ):
        read(tmp_path, document)


@pytest.mark.parametrize(
    ("units", "scale", "message"),
    [
        (6, 1000, "the outline is 40000 m across with units 6 (Meters)"),
        (0, 0.001, "the outline is 0.04 m across with units 0 (none, so metres)"),
    ],
)
def test_units_that_make_no_hall(tmp_path: Path, units: int, scale: float, message: str) -> None:
    document = drawing(units)
    hall_40x30(document.modelspace(), scale)
    with refused(
        f"hall.dxf: header $INSUNITS: {message}; expected a hall between 1 and 5000 m: are the drawing's "
        "units right?"
    ):
        read(tmp_path, document)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"AC1032\x00\x00binary", "hall.dxf: a DWG drawing, not DXF; save it from the CAD program as DXF"),
        (b"hello", 'hall.dxf: not a readable DXF drawing (Invalid group code "hello" at line 1.)'),
        (b" \r\n", "hall.dxf: the file is empty; expected a DXF drawing"),
    ],
)
def test_files_that_are_not_dxf(data: bytes, message: str) -> None:
    with refused(message):
        parse_hall_dxf(data, "hall.dxf")


def test_missing_file_and_bad_id(tmp_path: Path) -> None:
    with refused("gone.dxf: cannot read the file: No such file or directory"):
        read_hall(tmp_path / "gone.dxf")
    with refused('hall-a.dxf: expected a hall id of letters A-Z and digits 0-9, got "A-1"'):
        read_hall(HALLS / "hall-a.dxf", "A-1")
