"""Reading hall and fair JSON: hand-made files with exact expectations, and the samples in data/halls.

Also zones pinned to halls (`check_zone_pins`) and every problem of a hall or fair reported at once.
"""

from __future__ import annotations

import json
import re
import shutil
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
import shapely

from halllayout.errors import HallLayoutError, InputError, InputErrors
from halllayout.model import BoothRequest, Column, Door, Fair, Hall, Rules, StepArea
from halllayout.read import read_fair, read_hall, single_hall_fair
from halllayout.read.column_grid import expand_column_grid
from halllayout.read.halls import check_zone_pins

HALLS = Path(__file__).resolve().parents[1] / "data" / "halls"
RECTANGLE = [[0, 0], [40, 0], [40, 30], [0, 30]]


def minimal(**changes: Any) -> dict[str, Any]:
    """A valid 40 m × 30 m hall with one entrance, changed as asked (a value of None removes the key)."""
    spec: dict[str, Any] = {
        "outline": RECTANGLE,
        "height": 8,
        "entrances": [{"name": "Main", "at": [20, 0], "width": 6}],
    }
    spec.update(changes)
    return {key: value for key, value in spec.items() if value is not None}


def write(folder: Path, spec: dict[str, Any] | str, name: str = "hall.json") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(spec if isinstance(spec, str) else json.dumps(spec), encoding="utf-8")
    return path


def refused(*messages: str) -> AbstractContextManager[pytest.ExceptionInfo[HallLayoutError]]:
    """Expect an InputError with the one message given, or InputErrors with exactly these, in order."""
    kind = InputError if len(messages) == 1 else InputErrors
    return pytest.raises(kind, match=f"^{re.escape(chr(10).join(messages))}$")


# --- valid halls -------------------------------------------------------------------------------


def test_minimal_hall_with_defaults(tmp_path: Path) -> None:
    hall = read_hall(write(tmp_path, minimal()))
    assert hall == Hall(
        id="A",
        name="Hall A",
        outline=((0.0, 0.0), (40.0, 0.0), (40.0, 30.0), (0.0, 30.0)),
        height=8.0,
        entrances=(Door(at=(20.0, 0.0), width=6.0, name="Main"),),
        exits=(),
        columns=(),
        keep_clear=(),
        main_aisle=6.0,
        secondary_aisle=3.0,
        source="hall.json",
    )


def test_id_from_argument_then_file_then_default(tmp_path: Path) -> None:
    with_id = write(tmp_path, minimal(id="B2", name="East Hall"), "b.json")
    assert (read_hall(with_id).id, read_hall(with_id).name) == ("B2", "East Hall")
    assert read_hall(with_id, "C").id == "C"
    assert read_hall(write(tmp_path, minimal())).name == "Hall A"
    null_id = {**minimal(name="  "), "id": None}
    assert (read_hall(write(tmp_path, null_id)).id, read_hall(write(tmp_path, null_id)).name) == (
        "A",
        "Hall A",
    )


def test_clockwise_outline_is_turned_counter_clockwise_from_the_same_first_point(tmp_path: Path) -> None:
    hall = read_hall(write(tmp_path, minimal(outline=[[0, 0], [0, 30], [40, 30], [40, 0], [0, 0]])))
    assert hall.outline == ((0.0, 0.0), (40.0, 0.0), (40.0, 30.0), (0.0, 30.0))


def test_doors_columns_keep_clear_and_aisles(tmp_path: Path) -> None:
    spec = minimal(
        exits=[{"at": [40, 15.4], "width": 2}, {"name": "Back", "at": [0.3, 10], "width": 1.2}],
        columns=[{"at": [10, 10], "size": 0.8}, {"at": [0.5, 29.5], "size": 1}],
        keep_clear=[[[30, 20], [30, 25], [35, 25], [35, 20]]],
        aisles={"secondary": 2.5},
        rules={"max_dead_end": 5, "max_travel_distance": 45.5, "max_row_length": None},
        comment="remarks are ignored",
        _drawn_by="venue",
    )
    hall = read_hall(write(tmp_path, spec))
    assert hall.exits == (Door((40.0, 15.4), 2.0), Door((0.3, 10.0), 1.2, "Back"))
    assert hall.columns == (Column((10.0, 10.0), 0.8), Column((0.5, 29.5), 1.0))
    assert hall.keep_clear == (((30.0, 20.0), (35.0, 20.0), (35.0, 25.0), (30.0, 25.0)),)
    assert (hall.main_aisle, hall.secondary_aisle) == (6.0, 2.5)
    assert hall.rules == Rules(max_dead_end=5.0, max_travel_distance=45.5)
    assert hall.rules.max_row_length == Rules().max_row_length


def test_null_optional_fields_are_absent(tmp_path: Path) -> None:
    hall = read_hall(
        write(
            tmp_path,
            '{"outline": [[0,0],[4,0],[4,3]], "height": 5, "entrances": '
            '[{"at": [2, 0], "width": 1}], "exits": null, "columns": null, '
            '"keep_clear": null, "aisles": null, "name": null}',
        )
    )
    assert (hall.exits, hall.columns, hall.keep_clear, hall.name) == ((), (), (), "Hall A")


# --- column grids ------------------------------------------------------------------------------


def test_column_grid_of_hall_a_by_hand() -> None:
    # origin 18, 18 and spacing 36, 27 over 144 × 90: x = 18, 54, 90, 126 (−18 and 162 fall outside),
    # y = 18, 45, 72 (−9 and 99 fall outside); 4 × 3 = 12 columns, by y then x.
    hall = read_hall(HALLS / "hall-a-144x90.json")
    expected = [(x, y) for y in (18.0, 45.0, 72.0) for x in (18.0, 54.0, 90.0, 126.0)]
    assert [column.at for column in hall.columns] == expected
    assert {column.size for column in hall.columns} == {1.0}


def test_grid_extends_to_negative_indices_and_keeps_squares_inside(tmp_path: Path) -> None:
    # origin 20, 15 in the middle: x = 0 would stick out of the wall, so x = 10, 20, 30; y = 5, 15, 25.
    spec = minimal(columns={"origin": [20, 15], "spacing": [10, 10], "size": 1})
    columns = read_hall(write(tmp_path, spec)).columns
    assert [c.at for c in columns] == [(x, y) for y in (5.0, 15.0, 25.0) for x in (10.0, 20.0, 30.0)]


def test_grid_origin_outside_the_hall_and_columns_touching_the_wall() -> None:
    # origin −99.5, −100.5: x = 0.5 (touching the west wall), 10.5, 20.5, 30.5; 40.5 sticks out.
    columns = expand_column_grid((-99.5, -100.5), (10, 10), 1.0, shapely.box(0, 0, 40, 30))
    assert [c.at for c in columns] == [(x, y) for y in (9.5, 19.5, 29.5) for x in (0.5, 10.5, 20.5, 30.5)]


def test_grid_skips_the_notch_of_an_l_shaped_hall() -> None:
    outline = shapely.Polygon([(0, 0), (20, 0), (20, 10), (10, 10), (10, 20), (0, 20)])
    columns = expand_column_grid((5, 5), (10, 10), 1.0, outline)
    assert [c.at for c in columns] == [(5.0, 5.0), (15.0, 5.0), (5.0, 15.0)]


# --- errors ------------------------------------------------------------------------------------

BOWTIE = [[0, 0], [40, 30], [40, 0], [0, 20]]
TOUCHING = [[0, 0], [40, 0], [40, 30], [20, 0], [0, 30]]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"outline": [[0, 0], [40, 0], "abc"]}, 'field outline[2]: expected [x, y] numbers, got "abc"'),
        ({"outline": [[0, 0], [40, 0], [40]]}, "field outline[2]: expected [x, y] numbers, got [40]"),
        (
            {"outline": [[0, 0], [40, 0], [40, True]]},
            "field outline[2]: expected [x, y] numbers, got [40, true]",
        ),
        (
            {"outline": [[0, 0], [40, 0]]},
            "field outline: expected at least 3 [x, y] points, got [[0, 0], [40, 0]]",
        ),
        (
            {"outline": [[0, 0], [4, 0], [0, 0]]},
            "field outline: expected at least 3 [x, y] points, got [[0, 0], [4, 0], [0, 0]]",
        ),
        ({"outline": {"x": 1}}, 'field outline: expected a list of [x, y] points, got {"x": 1}'),
        (
            {"outline": None},
            "field outline: missing; expected the hall's inner wall, a list of [x, y] points",
        ),
        (
            {"outline": [[0, 0], [20, 0], [40, 0]]},
            "field outline: expected a polygon with positive area, got area 0",
        ),
        (
            {"outline": [[0, 0], [40, 0], [40, 0], [0, 30]]},
            "field outline[2]: expected a point different from the one before, got [40, 0]",
        ),
        (
            {"outline": BOWTIE},
            "field outline: expected a simple polygon whose edges do not cross, "
            "got a self-intersection at [16, 12]",
        ),
        (
            {"outline": TOUCHING},
            "field outline: expected a simple polygon whose edges do not cross, "
            "got a ring self-intersection at [20, 0]",
        ),
        ({"height": None}, "field height: missing; expected the wall height in metres"),
        ({"height": 0}, "field height: expected a positive number, got 0"),
        ({"height": "8"}, 'field height: expected a positive number, got "8"'),
        ({"height": True}, "field height: expected a positive number, got true"),
        ({"entrances": None}, "field entrances: missing; expected a list of doors"),
        ({"entrances": []}, "field entrances: expected at least one entrance, got []"),
        (
            {"entrances": ["south"]},
            'field entrances[0]: expected a door such as {"at": [x, y], "width": 2}, got "south"',
        ),
        (
            {"entrances": [{"at": [20, 3], "width": 6}]},
            "field entrances[0].at: expected a point on the outline (within 0.5 m), got [20, 3], 3 m from it",
        ),
        (
            {"entrances": [{"at": [20, 0], "width": 0}]},
            "field entrances[0].width: expected a positive number, got 0",
        ),
        (
            {"entrances": [{"at": [20, 0], "width": 6, "name": 7}]},
            "field entrances[0].name: expected a text, got 7",
        ),
        (
            {"exits": [{"at": [40, 15], "width": 2}, {"at": [0, 10]}]},
            "field exits[1].width: missing; expected the door's clear width in metres",
        ),
        (
            {"exits": [{"at": [40.75, 15], "width": 2}]},
            "field exits[0].at: expected a point on the outline (within 0.5 m), "
            "got [40.75, 15], 0.75 m from it",
        ),
        (
            {"columns": "grid"},
            'field columns: expected a grid {"origin": [x, y], "spacing": [dx, dy], "size": s} or a list of '
            '{"at": [x, y], "size": s}, got "grid"',
        ),
        (
            {"columns": {"origin": [0, 0], "spacing": [0, 27], "size": 1}},
            "field columns.spacing: expected [x, y] positive numbers, got [0, 27]",
        ),
        (
            {"columns": {"spacing": [10, 10], "size": 1}},
            "field columns.origin: missing; expected [x, y] of one column",
        ),
        (
            {"columns": {"origin": [0, 0], "spacing": [10, 5], "size": 5}},
            "field columns.size: expected a side less than the spacing [10, 5], got 5",
        ),
        (
            {"columns": {"origin": [0, 0], "spacing": [0.01, 0.01], "size": 0.005}},
            "field columns.spacing: expected at most 250000 grid positions over the outline, "
            "got [0.01, 0.01]",
        ),
        (
            {"columns": [{"at": [10, 10], "size": 1}, {"at": [39.8, 10], "size": 1}]},
            "field columns[1].at: expected a column standing inside the outline, got [39.8, 10]",
        ),
        (
            {"columns": [{"at": [10, 10], "size": -1}]},
            "field columns[0].size: expected a positive number, got -1",
        ),
        (
            {"keep_clear": [[[1, 1], [2, 2]]]},
            "field keep_clear[0]: expected at least 3 [x, y] points, got [[1, 1], [2, 2]]",
        ),
        (
            {"keep_clear": [[[1, 1], [2, "2"], [1, 2]]]},
            'field keep_clear[0][1]: expected [x, y] numbers, got [2, "2"]',
        ),
        ({"aisles": {"main": -1}}, "field aisles.main: expected a positive number, got -1"),
        (
            {"aisles": {"cross": 3}},
            'field aisles.cross: unknown key "cross"; expected one of main, secondary',
        ),
        (
            {"rules": {"max_travel": 40}},
            'field rules.max_travel: unknown rule "max_travel"; the rules are exit_clear_depth, '
            "max_distance_to_aisle, max_travel_distance, max_dead_end, max_row_length",
        ),
        ({"rules": {"max_dead_end": 0}}, "field rules.max_dead_end: expected a positive number, got 0"),
        ({"rules": {"max_dead_end": "6"}}, 'field rules.max_dead_end: expected a positive number, got "6"'),
        (
            {"rules": [["max_dead_end", 6]]},
            'field rules: expected overrides of the rules\' limits in metres, e.g. {"max_dead_end": 5}, '
            'got [["max_dead_end", 6]]',
        ),
        (
            {"keepclear": []},
            'field keepclear: unknown key "keepclear"; expected one of id, name, outline, height, entrances, '
            "exits, columns, keep_clear, steps, aisles, rules",
        ),
        (
            {"entrances": [{"at": [20, 0], "width": 6, "side": "S"}]},
            'field entrances[0].side: unknown key "side"; expected one of at, width, name',
        ),
        (
            {"keep_clear": [[[30, 20], [30, 35], [35, 35], [35, 20]]]},
            "field keep_clear[0]: expected a polygon inside the outline, got [[30, 20], [30, 35], [35, 35], "
            "[35, 20]]",
        ),
        (
            {"exits": [{"at": [40, 29], "width": 4}]},
            "field exits[0].width: expected a door that fits on its wall from [40, 0] to [40, 30] (1 m "
            "beside the centre on one side), got width 4",
        ),
        ({"aisles": "wide"}, 'field aisles: expected {"main": 6, "secondary": 3}, got "wide"'),
        ({"id": "A-1"}, 'field id: expected a hall id of letters A-Z and digits 0-9, got "A-1"'),
        ({"id": 1}, "field id: expected a hall id of letters A-Z and digits 0-9, got 1"),
        ({"name": 5}, "field name: expected a text, got 5"),
    ],
)
def test_hall_errors(tmp_path: Path, changes: dict[str, Any], message: str) -> None:
    path = write(tmp_path, minimal(**changes))
    with refused(f"hall.json, {message}"):
        read_hall(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{\n  "height": 8,\n}',
            "invalid JSON at line 3, column 1: Expecting property name enclosed in double quotes",
        ),
        ("", "invalid JSON at line 1, column 1: Expecting value"),
        ('{"height": 8, "height": 9}', 'invalid JSON: the key "height" appears twice in one object'),
        ("[1, 2]", "expected a JSON object describing a hall, got [1, 2]"),
    ],
)
def test_hall_file_errors(tmp_path: Path, text: str, message: str) -> None:
    with refused(f"hall.json: {message}"):
        read_hall(write(tmp_path, text))


def test_nan_is_not_a_number(tmp_path: Path) -> None:
    text = json.dumps(minimal()).replace('"height": 8', '"height": NaN')
    with refused("hall.json, field height: expected a positive number, got NaN"):
        read_hall(write(tmp_path, text))


def test_not_utf8_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "hall.json"
    path.write_bytes(b'\xef\xbb\xbf{"name": "\xb1\xb1"}')
    with refused("hall.json: not UTF-8 text (byte 0xB1 at offset 13)"):
        read_hall(path)
    with refused("gone.json: cannot read the file: No such file or directory"):
        read_hall(tmp_path / "gone.json")


def test_bad_id_argument(tmp_path: Path) -> None:
    with refused('hall.json: expected a hall id of letters A-Z and digits 0-9, got "B 2"'):
        read_hall(write(tmp_path, minimal()), "B 2")


# --- sample halls and fairs --------------------------------------------------------------------


def test_sample_hall_a() -> None:
    hall = read_hall(HALLS / "hall-a-144x90.json")
    assert (hall.id, hall.name, hall.height, hall.source) == ("A", "Hall A", 14.0, "hall-a-144x90.json")
    assert hall.outline == ((0.0, 0.0), (144.0, 0.0), (144.0, 90.0), (0.0, 90.0))
    assert hall.entrances == (Door((72.0, 0.0), 12.0, "South Gate"), Door((72.0, 90.0), 12.0, "North Gate"))
    assert [door.at for door in hall.exits] == [(0.0, 30.0), (0.0, 60.0), (144.0, 30.0), (144.0, 60.0)]
    assert (hall.keep_clear, hall.main_aisle, hall.secondary_aisle) == ((), 6.0, 3.0)


def test_sample_l_shaped_hall() -> None:
    hall = read_hall(HALLS / "hall-l-shaped.json", "B")
    assert (hall.id, hall.name, hall.height) == ("B", "Hall B", 10.0)
    assert len(hall.outline) == 6
    assert hall.columns == tuple(
        Column(at, 0.8) for at in [(24.0, 24.0), (48.0, 24.0), (72.0, 24.0), (24.0, 60.0)]
    )
    assert hall.keep_clear == (((4.0, 36.0), (20.0, 36.0), (20.0, 48.0), (4.0, 48.0)),)
    assert (hall.main_aisle, hall.secondary_aisle) == (5.0, 3.0)


def test_sample_fair_of_three_halls() -> None:
    fair = read_fair(HALLS / "fair-3-halls.json")
    assert fair.name == "Autumn Trade Fair"
    assert [(h.id, h.name, h.source) for h in fair.halls] == [
        ("A", "Hall A", "hall-a-144x90.json"),
        ("B", "Hall B", "hall-l-shaped.json"),
        ("C", "Pavilion 7", "pavilion-40x30.json"),
    ]
    assert [len(h.columns) for h in fair.halls] == [12, 4, 0]


def test_single_hall_fair() -> None:
    hall = read_hall(HALLS / "pavilion-40x30.json")
    assert single_hall_fair(hall) == Fair(name="Pavilion 7", halls=(hall,))


# --- fair errors -------------------------------------------------------------------------------


@pytest.fixture
def fair_folder(tmp_path: Path) -> Path:
    """A folder with a valid hall at halls/a.json."""
    write(tmp_path, minimal(), "halls/a.json")
    return tmp_path


def test_fair_specs_relative_to_the_fair_file_and_default_name(fair_folder: Path) -> None:
    write(fair_folder, minimal(id="Z", name="Side Hall"), "halls/b.json")
    fair = read_fair(
        write(
            fair_folder,
            {
                "halls": [
                    {"id": "A", "spec": "halls/a.json", "zones": ["Food"]},
                    {"id": "b2", "spec": "halls/b.json"},
                ]
            },
            "spring.json",
        )
    )
    assert fair.name == "spring"
    assert [(h.id, h.name, h.source) for h in fair.halls] == [
        ("A", "Hall A", "halls/a.json"),
        ("b2", "Side Hall", "halls/b.json"),
    ]


@pytest.mark.parametrize(
    ("halls", "message"),
    [
        ([], "fair.json, field halls: expected at least one hall, got []"),
        (None, "fair.json, field halls: missing; expected a list of halls"),
        (
            [{"id": "A", "spec": "halls/a.json"}, {"id": "a", "spec": "halls/a.json"}],
            'fair.json, field halls[1].id: expected a hall id not used before (halls[0] has A), got "a"',
        ),
        (
            [{"id": "", "spec": "halls/a.json"}],
            'fair.json, field halls[0].id: expected a hall id of letters A-Z and digits 0-9, got ""',
        ),
        (
            [{"spec": "halls/a.json"}],
            "fair.json, field halls[0].id: missing; expected a hall id of letters A-Z and digits 0-9",
        ),
        ([{"id": "A", "spec": 3}], "fair.json, field halls[0].spec: expected a file path, got 3"),
        ([{"id": "A", "spec": " "}], 'fair.json, field halls[0].spec: expected a file path, got " "'),
        (
            [{"id": "A", "spec": "halls/nope.json"}],
            'fair.json, field halls[0].spec: cannot read "halls/nope.json": No such file or directory',
        ),
        (
            [
                {"id": "A", "spec": "halls/a.json", "zones": ["Food"]},
                {"id": "B", "spec": "halls/a.json", "zones": ["Food"]},
            ],
            "fair.json, field halls[1].zones[0]: expected a zone not pinned to another hall "
            '(halls[0] has it), got "Food"',
        ),
        (
            [{"id": "A", "spec": "halls/a.json", "zones": [""]}],
            'fair.json, field halls[0].zones[0]: expected a zone name, got ""',
        ),
        (
            [{"id": "A", "spec": "halls/bad.json"}],
            "halls/bad.json, field height: expected a positive number, got -8",
        ),
    ],
)
def test_fair_errors(fair_folder: Path, halls: Any, message: str) -> None:
    write(fair_folder, minimal(height=-8), "halls/bad.json")
    path = write(
        fair_folder, {"name": "Fair", "halls": halls} if halls is not None else {"name": "Fair"}, "fair.json"
    )
    with refused(message):
        read_fair(path)


def test_sample_fair_copied_elsewhere_still_finds_its_halls(tmp_path: Path) -> None:
    shutil.copytree(HALLS, tmp_path / "halls")
    assert len(read_fair(tmp_path / "halls" / "fair-3-halls.json").halls) == 3


# --- every problem at once ---------------------------------------------------------------------


def test_every_problem_of_a_hall_at_once(tmp_path: Path) -> None:
    spec = minimal(
        height=0,
        entrances=[{"at": [20, 3], "width": 6}, {"at": [0, 10]}],
        columns=[{"at": [10, 10], "size": 1}, {"at": [50, 10], "size": 1}],
        rules={"max_dead_end": -6, "dead_end": 6},
        exit=[],
    )
    with refused(
        'hall.json, field exit: unknown key "exit"; expected one of id, name, outline, height, entrances, '
        "exits, columns, keep_clear, steps, aisles, rules",
        "hall.json, field height: expected a positive number, got 0",
        "hall.json, field entrances[0].at: expected a point on the outline (within 0.5 m), got [20, 3], "
        "3 m from it",
        "hall.json, field entrances[1].width: missing; expected the door's clear width in metres",
        "hall.json, field columns[1].at: expected a column standing inside the outline, got [50, 10]",
        "hall.json, field rules.max_dead_end: expected a positive number, got -6",
        'hall.json, field rules.dead_end: unknown rule "dead_end"; the rules are exit_clear_depth, '
        "max_distance_to_aisle, max_travel_distance, max_dead_end, max_row_length",
    ):
        read_hall(write(tmp_path, spec))


def test_a_bad_outline_still_lets_the_doors_be_checked(tmp_path: Path) -> None:
    spec = minimal(
        outline=BOWTIE, entrances=[{"at": [20], "width": 6}], exits=[{"at": [40, 29], "width": 40}]
    )
    with refused(
        "hall.json, field outline: expected a simple polygon whose edges do not cross, "
        "got a self-intersection at [16, 12]",
        "hall.json, field entrances[0].at: expected [x, y] numbers, got [20]",
    ):
        read_hall(write(tmp_path, spec))


# --- fairs: zones, source, problems of several halls ------------------------------------------


def test_fair_keeps_zones_and_its_file_name(fair_folder: Path) -> None:
    fair = read_fair(
        write(
            fair_folder,
            {
                "name": "Spring",
                "halls": [
                    {"id": "A", "spec": "halls/a.json", "zones": [" Food ", "Drink"]},
                    {"id": "B", "spec": "halls/a.json"},
                ],
            },
            "fair.json",
        )
    )
    assert [(h.id, h.zones) for h in fair.halls] == [("A", ("Food", "Drink")), ("B", ())]
    assert fair.source == "fair.json"
    assert single_hall_fair(fair.halls[0]).source == "halls/a.json"


def test_every_problem_of_a_fair_and_its_halls_at_once(fair_folder: Path) -> None:
    write(fair_folder, minimal(height=-8, aisles={"main": 0}), "halls/bad.json")
    halls = [
        {"id": "A", "spec": "halls/a.json", "zones": ["Food", "Food"]},
        {"id": "B", "spec": "halls/bad.json"},
        {"id": "a", "spec": "halls/a.json", "zones": ["Food", 3]},
        {"id": "C", "spec": "halls/none.json", "zone": ["Tea"]},
    ]
    with refused(
        "fair.json, field halls[0].zones[1]: expected a zone listed once (halls[0].zones[0] has it), "
        'got "Food"',
        "halls/bad.json, field height: expected a positive number, got -8",
        "halls/bad.json, field aisles.main: expected a positive number, got 0",
        'fair.json, field halls[2].id: expected a hall id not used before (halls[0] has A), got "a"',
        "fair.json, field halls[2].zones[0]: expected a zone not pinned to another hall (halls[0] has it), "
        'got "Food"',
        "fair.json, field halls[2].zones[1]: expected a zone name, got 3",
        'fair.json, field halls[3].zone: unknown key "zone"; expected one of id, spec, zones',
        'fair.json, field halls[3].spec: cannot read "halls/none.json": No such file or directory',
    ):
        read_fair(write(fair_folder, {"name": "Fair", "halls": halls}, "fair.json"))


def test_fair_with_a_hall_drawn_in_cad(tmp_path: Path) -> None:
    shutil.copy(HALLS / "hall-a.dxf", tmp_path / "hall-a.dxf")
    write(tmp_path, minimal(), "b.json")
    fair = read_fair(
        write(
            tmp_path,
            {"halls": [{"id": "A", "spec": "hall-a.dxf", "zones": ["Food"]}, {"id": "B", "spec": "b.json"}]},
        )
    )
    assert [(h.id, h.source, h.zones, len(h.columns)) for h in fair.halls] == [
        ("A", "hall-a.dxf", ("Food",), 12),
        ("B", "b.json", (), 0),
    ]


# --- zones pinned to halls ---------------------------------------------------------------------


def pinned_fair(*zones: tuple[str, ...]) -> Fair:
    halls = tuple(
        Hall(hall_id, f"Hall {hall_id}", ((0, 0), (9, 0), (9, 9)), 8, (), (), (), (), 6, 3, zones=pinned)
        for hall_id, pinned in zip("AB", zones, strict=False)
    )
    return Fair("Fair", halls, source="fair.json")


def booth(zone: str) -> BoothRequest:
    return BoothRequest("EX1", "Alpha", 3, 3, zone=zone)


def test_zone_pins_found_in_the_booth_list_pass() -> None:
    check_zone_pins(pinned_fair(("Food",), ("Drink",)), [booth("Drink"), booth("Food"), booth("")])
    check_zone_pins(pinned_fair((), ()), [])


def test_every_zone_pin_missing_from_the_booth_list() -> None:
    requests = [
        booth(zone) for zone in ("Machinery", "Tea", "Wine", "Rice", "Oil", "Silk", "Jade", "Salt", "Ink")
    ]
    with refused(
        'fair.json, field halls[0].zones[1]: zone "machinery " is pinned to hall A, but no booth in the list '
        'is in it (did you mean "Machinery"?)',
        'fair.json, field halls[1].zones[0]: zone "New Energy" is pinned to hall B, but no booth in the list '
        'is in it; the list\'s zones are "Machinery", "Tea", "Wine", "Rice", "Oil", "Silk", "Jade", "Salt" '
        "and 1 more",
    ):
        check_zone_pins(pinned_fair(("Tea", "machinery "), ("New Energy",)), requests)


def test_zone_pin_with_a_booth_list_without_zones() -> None:
    with refused(
        'fair.json, field halls[0].zones[0]: zone "Food" is pinned to hall A, but no booth in the list is in '
        "it; the list gives no zones"
    ):
        check_zone_pins(pinned_fair(("Food",)), [booth("")])


# --- steps and ramps ---------------------------------------------------------------------------


def test_steps_and_ramps_are_read_with_their_kind(tmp_path: Path) -> None:
    spec = minimal(
        steps=[
            {"kind": "steps", "polygon": [[10, 10], [14, 10], [14, 12], [10, 12]], "name": "stage"},
            {"kind": "ramp", "polygon": [[14, 10], [18, 10], [18, 12], [14, 12]]},
        ]
    )
    hall = read_hall(write(tmp_path, spec))
    assert hall.steps == (
        StepArea("steps", ((10.0, 10.0), (14.0, 10.0), (14.0, 12.0), (10.0, 12.0))),
        StepArea("ramp", ((14.0, 10.0), (18.0, 10.0), (18.0, 12.0), (14.0, 12.0))),
    )
    assert hall.kept_clear() == tuple(area.polygon for area in hall.steps)


def test_a_bad_step_area_names_the_field_and_the_value(tmp_path: Path) -> None:
    spec = minimal(
        steps=[
            {"kind": "stairs", "polygon": [[10, 10], [14, 10], [14, 12]]},
            {"kind": "ramp", "polygon": [[38, 10], [44, 10], [44, 12], [38, 12]]},
            {"kind": "ramp", "polygon": [[1, 1], [2, 1], [2, 2]], "width": 3},
        ]
    )
    with refused(
        'hall.json, field steps[0].kind: expected "steps" or "ramp", got "stairs"',
        "hall.json, field steps[1].polygon: expected a polygon inside the outline, got [[38, 10], [44, 10], "
        "[44, 12], [38, 12]]",
        'hall.json, field steps[2].width: unknown key "width"; expected one of kind, polygon, name',
    ):
        read_hall(write(tmp_path, spec))
