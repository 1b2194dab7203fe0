import dataclasses
import json
import math

import pytest

from halllayout.errors import InputError, InputErrors
from halllayout.layout import lay_out
from halllayout.layout_file import layout_json
from halllayout.model import Aisle, Fair, Layout, PlacedBooth, StepArea
from halllayout.read import read_booth_list, read_fair
from halllayout.read.layout_json import read_layout
from tests.conftest import DATA

FAIR = DATA / "halls" / "fair-3-halls.json"


def _written_and_read(layout: Layout, tmp_path) -> Layout:
    path = tmp_path / "layout.json"
    path.write_bytes(layout_json(layout, {"booths": {}}, {"passed": True}))
    return read_layout(path)


def _as_read(layout: Layout) -> Layout:
    """The layout as read back: layout.json does not name the hall files, so halls name it instead."""
    halls = tuple(dataclasses.replace(h, source="layout.json") for h in layout.fair.halls)
    return dataclasses.replace(layout, fair=dataclasses.replace(layout.fair, halls=halls))


def test_a_fair_laid_out_on_a_millimetre_grid_reads_back_equal(tmp_path) -> None:
    layout = lay_out(read_fair(FAIR), read_booth_list(DATA / "booths" / "fair-120.csv"))
    assert len(layout.fair.halls) == 3 and len(layout.booths) == 120 and layout.aisles
    assert any(b.request.products for b in layout.booths) and any(h.columns for h in layout.fair.halls)
    assert _written_and_read(layout, tmp_path) == _as_read(layout)


def test_a_fair_off_the_millimetre_grid_reads_back_to_the_millimetre(tmp_path) -> None:
    layout = lay_out(read_fair(FAIR), read_booth_list(DATA / "booths" / "services-fair-1212-zh.csv"))
    read = _written_and_read(layout, tmp_path)

    def plan(item: PlacedBooth | Aisle) -> list[float]:
        return [item.x0, item.y0, item.x1, item.y1]

    assert read.fair == _as_read(layout).fair
    assert [dataclasses.replace(b, x0=0, y0=0, x1=0, y1=0) for b in read.booths] == [
        dataclasses.replace(b, x0=0, y0=0, x1=0, y1=0) for b in layout.booths
    ]
    assert all(
        math.isclose(p, q, abs_tol=5e-4)
        for a, b in zip(read.booths + read.aisles, layout.booths + layout.aisles, strict=True)
        for p, q in zip(plan(a), plan(b), strict=True)
    )
    assert [a.kind for a in read.aisles] == [a.kind for a in layout.aisles]

    # unplaced booths come back whole: their request, source row and reason
    assert layout.unplaced
    assert read.unplaced == layout.unplaced
    assert [u.request.source for u in read.unplaced] == [u.request.source for u in layout.unplaced]


def test_vacant_booth_spots_read_back_to_the_millimetre_facing_as_they_did(tmp_path) -> None:
    layout = lay_out(read_fair(FAIR), read_booth_list(DATA / "booths" / "fair-400-zh-gbk.csv"))
    read = _written_and_read(layout, tmp_path)
    assert layout.vacant and [(v.hall_id, v.front, v.number) for v in read.vacant] == [
        (v.hall_id, v.front, v.number) for v in layout.vacant
    ]
    assert all(
        math.isclose(p, q, abs_tol=5e-4)
        for a, b in zip(read.vacant, layout.vacant, strict=True)
        for p, q in zip((a.x0, a.y0, a.x1, a.y1), (b.x0, b.y0, b.x1, b.y1), strict=True)
    )


@pytest.mark.parametrize(
    ("found", "message"),
    [
        (
            "halllayout/layout@1",
            'old.json, field format: expected "halllayout/layout@2", got "halllayout/layout@1": the file '
            "was written by an older halllayout; rebuild it with `halllayout build`",
        ),
        (
            "halllayout/layout@3",
            'old.json, field format: expected "halllayout/layout@2", got "halllayout/layout@3": the file '
            "was written by a newer halllayout; read it with that version",
        ),
        (
            None,
            'old.json, field format: missing; expected "halllayout/layout@2" (a layout.json written by '
            "halllayout build)",
        ),
        (
            "glTF",
            'old.json, field format: expected "halllayout/layout@2" (a layout.json written by halllayout '
            'build), got "glTF"',
        ),
    ],
)
def test_another_format_is_refused_saying_which_and_what_to_do(tmp_path, found, message) -> None:
    path = tmp_path / "old.json"
    # the rest would have problems of its own: the format is the one message
    path.write_text(json.dumps({"format": found, "halls": 3} if found else {"halls": 3}))
    with pytest.raises(InputError) as raised:
        read_layout(path)
    assert str(raised.value) == message


def test_a_file_that_is_not_json_is_one_message(tmp_path) -> None:
    path = tmp_path / "layout.json"
    path.write_bytes(b"glTF\x02\x00\x00\x00")
    with pytest.raises(InputError, match=r"^layout.json: invalid JSON at line 1, column 1: "):
        read_layout(path)


def _hall(**fields) -> dict:
    hall = {
        "id": "A",
        "name": "Hall A",
        "outline": [[0, 0], [30, 0], [30, 20], [0, 20]],
        "height": 8,
        "entrances": [{"name": "", "at": [15, 0], "width": 6}],
        "exits": [],
        "columns": [],
        "keep_clear": [],
        "aisle_widths": {"main": 6, "secondary": 3},
        "rules": {},
        "aisles": [],
        "booths": [],
    }
    return hall | fields


def _booth(ref: str, **fields) -> dict:
    return {"number": f"A-{ref}", "ref": ref, "exhibitor": "E", "rect": [3, 17, 6, 20], "front": "S"} | fields


def test_every_problem_is_named_by_its_field_at_once(tmp_path) -> None:
    document = {
        "format": "halllayout/layout@2",
        "fair": {"name": "F"},
        "halls": [
            _hall(
                height=-8,
                entrances=[{"at": [15, "0"], "width": 6}],
                aisle_widths={"main": 6},
                rules={"max_dead_end": 0},
                aisles=[{"kind": "runway", "polygon": [[0, 3], [9, 3], [9, 6], [0, 6]]}],
                booths=[
                    _booth("EX1", type="booth"),
                    _booth("EX2", colour="red"),
                    _booth("EX3", open=["up"]),
                    _booth("EX4", front="up"),
                    _booth("EX5", rect=[3, 0, 0, 3]),
                    _booth("EX6", products="Kettle"),
                    _booth("EX8"),
                    _booth("EX8"),
                    _booth("EX9", number="A-EX8"),
                ],
                vacant=[
                    {"number": "A-EX8", "rect": [9, 0, 12, 3]},
                    {"rect": [3, 0, 0, 3]},
                    {"rect": [0, 0, 3, 3], "front": "up"},
                    "spot",
                ],
            ),
            _hall(id="a"),
        ],
        "unplaced": [
            {"ref": "EX7", "exhibitor": "E", "width": 3, "depth": 3, "reason": "no room"},
            {"ref": "EX7", "exhibitor": "E", "width": 3, "depth": 3, "reason": "no room"},
            {"ref": "EX9"},
        ],
    }
    path = tmp_path / "layout.json"
    path.write_text(json.dumps(document))
    with pytest.raises(InputErrors) as raised:
        read_layout(path)
    assert [str(p).removeprefix("layout.json, field ") for p in raised.value.problems] == [
        "halls[0].height: expected a positive number, got -8",
        'halls[0].entrances[0].at: expected [x, y] numbers, got [15, "0"]',
        "halls[0].aisle_widths.secondary: missing; expected the other aisles' width in metres",
        "halls[0].rules.max_dead_end: expected a positive number, got 0",
        'halls[0].aisles[0].kind: expected one of main, secondary, cross, perimeter, open, got "runway"',
        'halls[0].booths[0].type: expected one of "standard", "corner", "peninsula", "island", "raw", '
        'got "booth"',
        'halls[0].booths[1].colour: expected a colour "#rrggbb" in lower case, or "", got "red"',
        'halls[0].booths[2].open[0]: expected one of N, E, S, W, got "up"',
        'halls[0].booths[3].front: expected one of N, E, S, W, got "up"',
        "halls[0].booths[4].rect: expected x0 < x1 and y0 < y1, got [3, 0, 0, 3]",
        'halls[0].booths[5].products: expected a list of texts, got "Kettle"',
        'halls[0].booths[7].number: booth number "A-EX8" appears twice, also at halls[0].booths[6].number',
        'halls[0].booths[7]: ref "EX8" appears twice, also at halls[0].booths[6]',
        'halls[0].booths[8].number: booth number "A-EX8" appears twice, also at halls[0].booths[6].number',
        'halls[0].vacant[0].number: booth number "A-EX8" appears twice, also at halls[0].booths[6].number',
        "halls[0].vacant[1].rect: expected x0 < x1 and y0 < y1, got [3, 0, 0, 3]",
        'halls[0].vacant[2].front: expected one of N, E, S, W, got "up"',
        'halls[0].vacant[3]: expected a vacant booth spot, got "spot"',
        'halls[1].id: hall id "a" appears twice, also at halls[0].id',
        'unplaced[1]: ref "EX7" appears twice, also at unplaced[0]',
        "unplaced[2].exhibitor: missing; expected the exhibitor's name",
    ]


def test_a_hand_edited_booth_may_leave_out_what_its_rectangle_says(tmp_path) -> None:
    document = {
        "format": "halllayout/layout@2",
        "fair": {"name": "F"},
        "halls": [
            _hall(
                booths=[
                    {"number": "A0101", "ref": "EX1", "exhibitor": "E", "rect": [0, 3, 3, 9], "front": "E"}
                ]
            )
        ],
        "unplaced": [],
    }
    path = tmp_path / "layout.json"
    path.write_text(json.dumps(document))
    (booth,) = read_layout(path).booths
    assert (booth.request.width, booth.request.depth, booth.request.type, booth.open_sides) == (
        6,
        3,
        "standard",
        (),
    )


def test_steps_and_ramps_are_written_and_read_back(tmp_path) -> None:
    hall = read_fair(FAIR).halls[0]
    steps = (
        StepArea("steps", ((10.0, 40.0), (14.0, 40.0), (14.0, 44.0), (10.0, 44.0))),
        StepArea("ramp", ((14.0, 40.0), (18.0, 40.0), (18.0, 44.0), (14.0, 44.0))),
    )
    layout = lay_out(
        Fair("F", (dataclasses.replace(hall, steps=steps),)),
        read_booth_list(DATA / "booths" / "fair-120.csv")[:20],
    )
    read = _written_and_read(layout, tmp_path)
    assert read.fair.halls[0].steps == steps
    assert read == _as_read(layout)
