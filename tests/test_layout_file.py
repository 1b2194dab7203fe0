import json

from halllayout.layout import lay_out
from halllayout.layout_file import FORMAT, layout_json, spawn
from halllayout.model import BoothRequest, Door, Fair
from tests.conftest import make_hall


def test_layout_json_lists_halls_and_booths_with_their_rectangles() -> None:
    hall = make_hall(20, 12, entrances=(Door((10, 0), 4, "Gate"),))
    request = BoothRequest("EX1", "铁牛自行车", 3, 3, zone="Bikes", country="CN", products=("Bike",))
    document = json.loads(layout_json(lay_out(Fair("Fair", (hall,)), [request])))
    assert document["format"] == FORMAT
    assert document["fair"] == {"name": "Fair"}
    assert document["halls"][0]["entrances"] == [{"name": "Gate", "at": [10, 0], "width": 4}]
    assert document["booths"] == [
        {
            "number": "A001",
            "ref": "EX1",
            "exhibitor": "铁牛自行车",
            "hall": "A",
            "rect": [3, 3, 6, 6],
            "front": "S",
            "open_sides": ["N", "E", "S", "W"],
            "type": "standard",
            "zone": "Bikes",
            "country": "CN",
            "tier": "",
            "products": ["Bike"],
        }
    ]


def test_chinese_stays_readable_and_bytes_are_stable() -> None:
    layout = lay_out(Fair("Fair", (make_hall(),)), [BoothRequest("EX1", "铁牛", 3, 3)])
    data = layout_json(layout)
    assert "铁牛".encode() in data
    assert data == layout_json(layout) and data.endswith(b"\n")


def test_spawn_is_inside_the_first_entrance_looking_in() -> None:
    hall = make_hall(20, 12, entrances=(Door((20, 6), 4),))
    assert spawn(hall) == {"at": [16, 6], "heading": [-1, 0]}
