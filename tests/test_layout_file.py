import dataclasses
import json
from pathlib import Path

import pytest

import halllayout
from halllayout.layout import lay_out
from halllayout.layout_file import FORMAT, layout_json, spawn
from halllayout.model import BoothRequest, Door, Fair, StepArea, Vacancy
from tests.conftest import make_booths, make_hall


def test_layout_json_lists_halls_with_their_aisles_and_booths() -> None:
    hall = make_hall(20, 12, entrances=(Door((10, 0), 4, "Gate"),))
    request = BoothRequest("EX1", "铁牛自行车", 3, 3, zone="Bikes", country="CN", products=("Bike",))
    document = json.loads(layout_json(lay_out(Fair("Fair", (hall,)), [request])))
    assert document["format"] == FORMAT
    assert document["fair"] == {"name": "Fair"}
    (room,) = document["halls"]
    assert room["entrances"] == [{"name": "Gate", "at": [10, 0], "width": 4}]
    assert room["aisle_widths"] == {"main": 6, "secondary": 3}
    assert room["aisles"][0] == {"kind": "main", "width": 6, "polygon": [[7, 0], [13, 0], [13, 12], [7, 12]]}
    assert room["booths"] == [
        {
            "number": "A0102",  # even: it stands on the east side of the aisle along the east wall
            "ref": "EX1",
            "exhibitor": "铁牛自行车",
            "hall": "A",
            "zone": "Bikes",
            "type": "standard",
            "open_sides": 2,  # its back and south side are the hall's walls
            "open": ["N", "W"],
            "footprint": [[17, 0], [20, 0], [20, 3], [17, 3]],
            "rect": [17, 0, 20, 3],
            "front": "W",
            "width": 3,
            "depth": 3,
            "country": "CN",
            "tier": "",
            "keep_apart": [],
            "products": ["Bike"],
            "exhibitor_en": "",
            "colour": "",
            "description": "",
            "website": "",
            "live_stream": "",
            "live_from": "",
            "live_until": "",
        }
    ]
    assert document["unplaced"] == []


def test_layout_json_matches_its_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(halllayout.__file__).parent / "schema" / "layout.schema.json").read_text())
    hall = make_hall(40, 30, entrances=(Door((20, 0), 6, "Gate"),), main=4)
    hall = dataclasses.replace(hall, steps=(StepArea("ramp", ((1, 10), (3, 10), (3, 14), (1, 14))),))
    requests = [*make_booths(200)]
    document = json.loads(layout_json(lay_out(Fair("Fair", (hall,)), requests)))
    assert document["unplaced"][0]["reason"].startswith("no room left in hall A")
    assert document["halls"][0]["steps"] == [
        {"kind": "ramp", "polygon": [[1, 10], [3, 10], [3, 14], [1, 14]]}
    ]
    jsonschema.validate(document, schema)
    document["halls"][0]["steps"][0]["kind"] = "stairs"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_chinese_stays_readable_and_bytes_are_stable() -> None:
    layout = lay_out(Fair("Fair", (make_hall(),)), [BoothRequest("EX1", "铁牛", 3, 3)])
    data = layout_json(layout)
    assert "铁牛".encode() in data
    assert data == layout_json(layout) and data.endswith(b"\n")


def test_spawn_is_inside_the_first_entrance_looking_in() -> None:
    hall = make_hall(20, 12, entrances=(Door((20, 6), 4),))
    assert spawn(hall) == {"at": [16, 6], "heading": [-1, 0]}


def test_vacant_booth_spots_are_written_per_hall_and_match_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(halllayout.__file__).parent / "schema" / "layout.schema.json").read_text())
    hall = make_hall(40, 30, entrances=(Door((20, 0), 6, "Gate"),), main=4)
    layout = lay_out(Fair("Fair", (hall,)), make_booths(10))
    spots = (Vacancy("A", 9.0, 3.0, 12.0, 6.0, "N", "A0199"), Vacancy("A", 12.0, 3.0, 15.5, 6.0, "N"))
    document = json.loads(layout_json(dataclasses.replace(layout, vacant=spots)))
    assert document["halls"][0]["vacant"] == [
        {
            "number": "A0199",
            "footprint": [[9, 3], [12, 3], [12, 6], [9, 6]],
            "rect": [9, 3, 12, 6],
            "front": "N",
        },
        {
            "number": "",
            "footprint": [[12, 3], [15.5, 3], [15.5, 6], [12, 6]],
            "rect": [12, 3, 15.5, 6],
            "front": "N",
        },
    ]
    jsonschema.validate(document, schema)
    document["halls"][0]["vacant"][0]["ref"] = "EX1"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)
