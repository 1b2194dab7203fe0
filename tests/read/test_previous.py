import dataclasses
import json

import pytest

from halllayout.errors import InputError, InputErrors
from halllayout.layout import lay_out
from halllayout.layout_file import layout_json
from halllayout.model import Door, Fair, Vacancy
from halllayout.read.previous import read_previous_layout
from tests.conftest import make_booths, make_hall


def test_a_written_layout_reads_back(tmp_path) -> None:
    layout = lay_out(Fair("T", (make_hall(40, 30, entrances=(Door((20, 0), 6),), main=4),)), make_booths(10))
    path = tmp_path / "layout.json"
    path.write_bytes(layout_json(layout))
    previous = read_previous_layout(path)
    assert [(b.ref, b.number, b.x0, b.y0, b.front) for b in previous.booths] == [
        (b.request.ref, b.number, b.x0, b.y0, b.front) for b in layout.booths
    ]
    assert previous.aisles == layout.aisles


def test_vacant_spots_read_back_and_a_file_of_an_earlier_release_has_none(tmp_path) -> None:
    layout = lay_out(Fair("T", (make_hall(40, 30, entrances=(Door((20, 0), 6),), main=4),)), make_booths(10))
    spots = (Vacancy("A", 0.0, 0.0, 3.0, 3.0, "N", "A0199"), Vacancy("A", 3.0, 0.0, 6.0, 3.0, "N"))
    path = tmp_path / "layout.json"
    path.write_bytes(layout_json(dataclasses.replace(layout, vacant=spots)))
    assert read_previous_layout(path).vacant == spots
    document = json.loads(path.read_text(encoding="utf-8"))
    del document["halls"][0]["vacant"]
    path.write_text(json.dumps(document), encoding="utf-8")
    assert read_previous_layout(path).vacant == ()


def test_every_problem_is_named_by_its_field(tmp_path) -> None:
    path = tmp_path / "layout.json"
    document = {
        "format": "halllayout/layout@2",
        "halls": [
            {
                "id": "A",
                "booths": [
                    {"ref": "EX1", "number": "A0101", "rect": [3, 0, 0, 3], "front": "N"},
                    {"ref": "EX2", "number": "A0102", "rect": [0, 0, 3, 3], "front": "up"},
                ],
                "aisles": [{"kind": "runway", "polygon": [[0, 3], [9, 3], [9, 6], [0, 6]]}],
            }
        ],
    }
    path.write_text(json.dumps(document))
    with pytest.raises(InputErrors) as raised:
        read_previous_layout(path)
    assert [str(p) for p in raised.value.problems] == [
        "layout.json, field halls[0].booths[0].rect: expected x0 < x1 and y0 < y1, got [3, 0, 0, 3]",
        'layout.json, field halls[0].booths[1].front: expected one of N, E, S, W, got "up"',
        "layout.json, field halls[0].aisles[0].kind: expected one of main, secondary, cross, perimeter, "
        'open, got "runway"',
    ]


def test_another_format_is_refused(tmp_path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"format": "halllayout/layout@1", "booths": []}))
    with pytest.raises(InputError, match=r'old.json, field format: expected "halllayout/layout@2"'):
        read_previous_layout(path)
