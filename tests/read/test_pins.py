"""The pins file: read with every problem at once, and checked against the fair and the booth list."""

import pytest

from halllayout.errors import InputError, InputErrors
from halllayout.model import Column, Fair
from halllayout.read.pins import check_pins, parse_pins, read_pins
from tests.conftest import make_booths, make_hall


def test_a_gbk_pins_file_with_chinese_headers_is_read() -> None:
    data = "编号,展馆,x,y,朝向,展位号\nEX1,A,6,6,E,A0101\nEX2,A,12.5,6,,\n".encode("gbk")
    one, two = parse_pins(data, "pins.csv")
    assert (one.ref, one.hall_id, one.x, one.y, one.front, one.number) == ("EX1", "A", 6, 6, "E", "A0101")
    assert (two.front, two.number, two.source.row) == ("S", None, 3)


def test_every_bad_cell_is_named_with_its_row_and_column() -> None:
    data = b"ref,hall,x,y,front\n,A,1,2,S\nEX2,,x1,2,up\n"
    with pytest.raises(InputErrors) as caught:
        parse_pins(data, "pins.csv")
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        "pins.csv row 2, column ref: empty: every pin needs a ref",
        "pins.csv row 3, column hall: empty: every pin needs a hall id",
        'pins.csv row 3, column x: "x1" is not a number of metres',
        'pins.csv row 3, column front: "up" is not a side: N, S, E or W',
    ]


def test_a_missing_file_is_named(tmp_path) -> None:
    with pytest.raises(InputError, match=r"^nowhere.csv: cannot read the file: No such file"):
        read_pins(tmp_path / "nowhere.csv")


def test_a_missing_column_is_refused() -> None:
    with pytest.raises(InputError, match=r"pins.csv row 1: no column hall"):
        parse_pins(b"ref,x,y\nEX1,1,2\n", "pins.csv")


def test_pins_that_cannot_hold_are_all_refused_at_once() -> None:
    hall = make_hall(40, 30, columns=(Column((20, 15), 1),))
    fair = Fair("T", (hall,))
    rows = [
        "ref,hall,x,y,front,number",
        "EX1,A,6,6,S,A0101",
        "GHOST,A,12,6,S,",  # not on the list
        "EX2,B,6,6,S,",  # no hall B
        "EX3,A,38,6,S,",  # runs past the east wall
        "EX4,A,19,14,S,",  # on the column
        "EX5,A,7,7,S,",  # on EX1
        "EX6,A,30,6,S,A0101",  # number twice
        "EX1,A,30,20,S,",  # pinned twice
        "EX7,A,30,12,S,B0101",  # number of another hall
    ]
    pins = parse_pins("\n".join(rows).encode(), "pins.csv")
    with pytest.raises(InputErrors) as caught:
        check_pins(pins, fair, make_booths(10))
    assert [str(p) for p in caught.value.problems] == [
        'pins.csv row 3, column ref: booth "GHOST" is not on the booth list',
        'pins.csv row 4, column hall: hall "B" is not in the fair (A)',
        'pins.csv row 5, column x: booth "EX3" (3 × 3 m at (38, 6)) does not lie inside hall A',
        'pins.csv row 6, column x: booth "EX4" (3 × 3 m at (19, 14)) stands on a column or keep-clear area '
        "of hall A",
        'pins.csv row 7, column x: booth "EX5" (3 × 3 m at (7, 7)) overlaps booth "EX1" pinned in row 2',
        'pins.csv row 8, column number: number "A0101" is given twice (also row 2)',
        'pins.csv row 9, column ref: booth "EX1" is pinned twice (also row 2)',
        'pins.csv row 10, column number: number "B0101" does not begin with its hall\'s id A',
    ]
