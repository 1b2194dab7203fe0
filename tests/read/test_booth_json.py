"""Reading booth lists from JSON: both shapes, the same keys as the CSV headers, problems by JSON path."""

from __future__ import annotations

import json
import re
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from halllayout.errors import HallLayoutError, InputError, InputErrors
from halllayout.model import BoothRequest, Source
from halllayout.read import read_booth_list
from halllayout.read.booth_json import parse_booth_json


def parse(document: Any) -> tuple[BoothRequest, ...]:
    return parse_booth_json(json.dumps(document, ensure_ascii=False).encode(), "booths.json")


def refused(*messages: str) -> AbstractContextManager[pytest.ExceptionInfo[HallLayoutError]]:
    """Expect an InputError with the one message given, or InputErrors with exactly these, in order."""
    kind = InputError if len(messages) == 1 else InputErrors
    return pytest.raises(kind, match=f"^{re.escape(chr(10).join(messages))}$")


def test_a_list_or_an_object_with_booths() -> None:
    booths = [{"ref": "EX1", "exhibitor": "Alpha", "width": 3, "depth": 3}]
    assert (
        parse(booths)
        == parse({"booths": booths, "fair": "Spring 2026"})
        == (BoothRequest("EX1", "Alpha", 3, 3),)
    )


def test_keys_aliases_numbers_texts_and_lists() -> None:
    alpha, beta = parse(
        {
            "booths": [
                {
                    "展商编号": 1001,
                    "公司名称": "甲公司",
                    "面积": "18",
                    "类型": "光地",
                    "zone": "Food",
                    "country": "cn",
                    "sponsor": "Gold",
                    "keep_apart": ["1002"],
                    "products": ["Tea", " Porcelain ", ""],
                    "notes": {"anything": "ignored"},
                },
                {
                    "ref": "1002",
                    "company": "Beta",
                    "size": "6×3",
                    "keep_apart": "1001; 1001",
                    "products": None,
                },
            ]
        }
    )
    assert alpha == BoothRequest(
        "1001", "甲公司", 6.0, 3.0, "raw", "Food", "CN", "gold", ("1002",), ("Tea", "Porcelain")
    )
    assert (beta.width, beta.depth, beta.keep_apart, beta.products) == (6.0, 3.0, ("1001",), ())
    assert (alpha.source, beta.source) == (Source("booths.json", 1), Source("booths.json", 2))


def test_names_are_data() -> None:
    (booth,) = parse([{"ref": "EX1", "exhibitor": "<img src=x onerror=alert(1)>", "size": "3x3"}])
    assert booth.exhibitor == "<img src=x onerror=alert(1)>"


def test_every_problem_named_by_its_path() -> None:
    booths = [
        {"ref": "EX1", "exhibitor": "Alpha", "width": 3, "depth": 3},
        {"exhibitor": "Beta", "size": "3x3"},
        "EX3, Gamma, 3, 3",
        {"ref": "EX4", "company": "Delta", "exhibitor": "Delta Ltd", "width": -3, "depth": "3"},
        {"ref": "EX1", "exhibitor": ["Eta"], "width": 3, "depth": True, "keep_apart": ["EX9", 5]},
        {"ref": "EX6", "exhibitor": "Theta", "keep_apart": ["ex4"]},
    ]
    with refused(
        "booths.json, field booths[1].ref: missing; expected a non-empty ref",
        'booths.json, field booths[2]: expected a booth such as {"ref": "EX1", "exhibitor": "Alpha Ltd", '
        '"width": 3, "depth": 3}, got "EX3, Gamma, 3, 3"',
        'booths.json, field booths[3].exhibitor: "company" and "exhibitor" both give the exhibitor; expected '
        "one of them",
        "booths.json, field booths[3].width: expected a positive number, got -3",
        'booths.json, field booths[4].ref: duplicate ref "EX1", already at booths[0]',
        'booths.json, field booths[4].exhibitor: expected a non-empty exhibitor name, got ["Eta"]',
        "booths.json, field booths[4].depth: expected a positive number, got true",
        'booths.json, field booths[4].keep_apart: expected a text or a list of texts such as ["EX1", "EX2"], '
        'got ["EX9", 5]',
        "booths.json, field booths[5].width: missing; expected the width and depth in metres, or the size, "
        "or the area",
        'booths.json, field booths[5].keep_apart: expected the ref of another booth in the list, got "ex4", '
        'which no booth has (did you mean "EX4"?)',
    ):
        parse({"booths": booths})


def test_a_bare_list_names_items_by_index() -> None:
    with refused("booths.json, field [0].depth: missing; expected a positive number"):
        parse([{"ref": "EX1", "exhibitor": "Alpha", "width": 3}])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "booths.json: no booths: the list is empty"),
        ('{"booths": []}', "booths.json, field booths: no booths: the list is empty"),
        ('{"exhibitors": []}', "booths.json, field booths: missing; expected the list of booths"),
        (
            '{"booths": {"EX1": {}}}',
            'booths.json, field booths: expected a list of booths, or {"booths": [...]}, got {"EX1": {}}',
        ),
        ('"EX1"', 'booths.json: expected a list of booths, or {"booths": [...]}, got "EX1"'),
        (
            "[{]",
            "booths.json: invalid JSON at line 1, column 3: Expecting property name enclosed in double "
            "quotes",
        ),
        ("[" * 100_000, "booths.json: invalid JSON: lists or objects nested too deeply"),
    ],
)
def test_file_level_problems(text: str, message: str) -> None:
    with refused(message):
        parse_booth_json(text.encode(), "booths.json")


def test_read_by_name(tmp_path: Path) -> None:
    path = tmp_path / "booths.JSON"
    path.write_text('\ufeff[{"ref": "EX1", "exhibitor": "Alpha", "size": "3x3"}]', encoding="utf-8")
    assert [b.ref for b in read_booth_list(path)] == ["EX1"]
