"""The viewer's booth search (viewer/src/search.js), run under node as the browser runs it.

One node process answers every query of this module: each test names its queries in QUERIES and reads the
booth numbers found, best first.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.viewer_node import module_specifier, run_node


def booth(number: str, exhibitor: str, **fields: Any) -> dict[str, Any]:
    rect = fields.pop("rect", [0, 0, 3, 3])
    return {"number": number, "exhibitor": exhibitor, "rect": rect, "front": "S", **fields}


BLANKET = "移动冰毯"
ZHENGZHOU = "zheng zhou sheng wu yi yao gu fen you xian gong si"
MANIFEST = {
    "fair": {"name": "Test Fair"},
    "halls": [
        {
            "id": "A",
            "name": "Hall A",
            "booths": [
                booth("A0101", "郑州生物医药股份有限公司", pinyin=ZHENGZHOU),
                booth("A0102", "深圳工业互联网股份有限公司", pinyin="shen zhen gong ye hu lian wang"),
                booth("A0110", "Acme Espresso", exhibitor_en="Acme Espresso", products=["Espresso Machine"]),
                booth("A1010", "长春区块链有限公司", pinyin="chang chun qu kuai lian", zone="教育服务"),
                booth("A0201", "北京智能", exhibitor_en="Beijing Smart", products=[BLANKET, "Robot A0101"]),
            ],
        },
        {
            "id": "B",
            "name": "Pavilion 7",
            "booths": [booth("B0101", "Ａｃｍｅ Ｔｒａｄｉｎｇ", products=[{"name": "咖啡机"}])],
        },
    ],
}

QUERIES = [
    "A0101",
    "a101",
    "Ａ０１０１",
    " a0101 ",
    "a01",
    "0101",
    "espresso",
    "ESPRESSO machine",
    "移动冰毯",
    "咖啡",
    "beijing smart",
    "acme",
    "教育",
    "zhengzhou",
    "zheng zhou",
    "zz",
    "zhou",
    "zheng",
    "hengzhou",
    "a1",
    "cc",
    "espresso 郑州",
    "acme trading",
    "",
    "   ",
    "nothing like it",
]


@pytest.fixture(scope="module")
def answers() -> dict[str, Any]:
    many = {"halls": [{"id": "M", "booths": [booth(f"M{i:04d}", f"Booth {i}") for i in range(1, 31)]}]}
    layout1 = {"halls": [{"id": "A"}, {"id": "B"}], "booths": [booth("B0001", "x", hall="B")]}
    fronts = {side: booth("A0001", "x", rect=[10, 20, 16, 23], front=side) for side in "NSEW"}
    script = f"""
        import * as s from {module_specifier("search.js")};
        const manifest = {json.dumps(MANIFEST)};
        const index = s.buildIndex(manifest);
        const out = {{ results: {{}} }};
        for (const q of {json.dumps(QUERIES)}) out.results[q] = s.search(index, q).map(
            (r) => [r.booth.number, r.hall.id, r.rank, r.field, r.text]);
        out.limited = s.search(s.buildIndex({json.dumps(many)}), 'booth').length;
        out.unlimited = s.search(s.buildIndex({json.dumps(many)}), 'booth', {{ limit: Infinity }}).length;
        out.layout1 = s.fairBooths({json.dumps(layout1)}).map((e) => [e.booth.number, e.hall.id]);
        out.fronts = Object.fromEntries(
            Object.entries({json.dumps(fronts)}).map(([k, b]) => [k, s.frontOf(b)]));
        out.labels = [{{ id: 'A', name: 'Hall A' }}, {{ id: 'B', name: 'Pavilion 7' }}, {{ id: 'C' }},
            {{ id: 'A', name: 'Aula' }}].map(s.hallLabel);
        console.log(JSON.stringify(out));
    """
    parsed: dict[str, Any] = run_node(script)
    return parsed


def numbers(answers: dict[str, Any], query: str) -> list[str]:
    return [r[0] for r in answers["results"][query]]


def test_a_booth_number_finds_that_booth_whatever_the_case_width_and_leading_zeros(
    answers: dict[str, Any],
) -> None:
    for query in ("A0101", "a101", "Ａ０１０１", " a0101 "):
        assert numbers(answers, query)[0] == "A0101", query
        assert answers["results"][query][0][2:4] == [0, "number"], query


def test_the_exact_number_comes_before_prefixes_and_substrings(answers: dict[str, Any]) -> None:
    # "a01" is the start of A0101, A0102, A0110; "Robot A0101" (a product of A0201) only contains it
    assert numbers(answers, "a01") == ["A0101", "A0102", "A0110", "A0201"]
    assert [r[2] for r in answers["results"]["a01"]] == [1, 1, 1, 1]
    assert answers["results"]["a01"][-1][3:] == ["product", "Robot A0101"]
    assert numbers(answers, "0101") == ["A0101", "B0101", "A0201"]  # number substrings, then the product
    assert numbers(answers, "A0101") == ["A0101", "A0201"]
    assert numbers(answers, "a1") == ["A0101", "A0102", "A0110", "A1010"]  # leading zeros aside


def test_products_match_in_english_and_chinese_and_say_so(answers: dict[str, Any]) -> None:
    assert numbers(answers, "espresso") == ["A0110"]
    assert answers["results"]["espresso"][0][3] == "exhibitor"  # the name beats the product in one rank
    assert answers["results"]["ESPRESSO machine"] == [["A0110", "A", 1, "product", "Espresso Machine"]]
    assert answers["results"]["移动冰毯"] == [["A0201", "A", 1, "product", "移动冰毯"]]
    assert answers["results"]["咖啡"] == [["B0101", "B", 1, "product", "咖啡机"]]


def test_english_names_zones_and_full_width_names_match(answers: dict[str, Any]) -> None:
    assert answers["results"]["beijing smart"] == [["A0201", "A", 1, "exhibitor_en", "Beijing Smart"]]
    assert numbers(answers, "acme") == ["A0110", "B0101"]  # ＡＣＭＥ is ACME
    assert answers["results"]["教育"] == [["A1010", "A", 1, "zone", "教育服务"]]


def test_pinyin_and_its_initials_find_chinese_names(answers: dict[str, Any]) -> None:
    for query in ("zhengzhou", "zheng zhou", "zz"):
        assert answers["results"][query] == [["A0101", "A", 1, "pinyin", ZHENGZHOU]], query
    assert answers["results"]["zhou"] == [["A0101", "A", 2, "pinyin", ZHENGZHOU]]  # from a later syllable
    assert numbers(answers, "cc") == ["A1010"]


def test_pinyin_matches_start_at_a_syllable(answers: dict[str, Any]) -> None:
    assert answers["results"]["hengzhou"] == []  # inside zheng|zhou
    # "zheng" starts zheng|zhou, and is how one starts typing shen|zhen g|ong too: that comes second
    assert numbers(answers, "zheng") == ["A0101", "A0102"]
    assert [r[2] for r in answers["results"]["zheng"]] == [1, 2]


def test_every_word_somewhere_in_the_booth_is_the_last_resort(answers: dict[str, Any]) -> None:
    assert answers["results"]["espresso 郑州"] == []
    assert answers["results"]["acme trading"] == [["B0101", "B", 1, "exhibitor", "Ａｃｍｅ Ｔｒａｄｉｎｇ"]]


def test_an_empty_or_unmatched_query_finds_nothing(answers: dict[str, Any]) -> None:
    for query in ("", "   ", "nothing like it"):
        assert answers["results"][query] == [], query


def test_at_most_twenty_results_unless_asked_for_all(answers: dict[str, Any]) -> None:
    assert (answers["limited"], answers["unlimited"]) == (20, 30)


def test_layout1_manifests_keep_the_booths_in_one_list(answers: dict[str, Any]) -> None:
    assert answers["layout1"] == [["B0001", "B"]]


def test_the_walker_stands_2_5_m_out_from_the_middle_of_the_front_looking_in(answers: dict[str, Any]) -> None:
    # rect [10, 20, 16, 23]: middle (13, 21.5), 6 m wide and 3 m deep
    assert answers["fronts"] == {
        "N": {"at": [13, 25.5], "heading": [0, -1]},
        "S": {"at": [13, 17.5], "heading": [0, 1]},
        "E": {"at": [18.5, 21.5], "heading": [-1, 0]},
        "W": {"at": [7.5, 21.5], "heading": [1, 0]},
    }


def test_a_hall_is_named_with_its_id_when_the_name_does_not_say_it(answers: dict[str, Any]) -> None:
    assert answers["labels"] == ["Hall A", "Pavilion 7 (B)", "C", "Aula (A)"]
