"""The SVG plan: well-formed, names escaped and inert, booths where the sheet puts them, same bytes."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from halllayout.model import Layout
from halllayout.palette import ZONE_CARPETS, hex_colour, tint
from halllayout.plan.sheet import BOOTH_TINT
from halllayout.plan.svg import hall_svg

SVG = "{http://www.w3.org/2000/svg}"
#: Every element the writer makes; anything else in the file came from data.
ELEMENTS = {f"{SVG}{name}" for name in ("svg", "title", "g", "rect", "polygon", "polyline", "text")}
HOSTILE_NAME = "<img src=x onerror=alert(1)>"  # booth A02 of the layout fixture (conftest.py)


def parse(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def test_the_sheet_is_an_a3_landscape_svg_in_millimetres(layout: Layout) -> None:
    root = parse(hall_svg(layout, "A"))
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("420mm", "297mm", "0 0 420 297")
    family = root.get("font-family") or ""
    assert family.startswith("'WenQuanYi Micro Hei',") and family.endswith(", sans-serif")
    assert root.findtext(f"{SVG}title") == "Spring Fair 春季展 — Hall A"


def test_a_hostile_name_stays_text(layout: Layout) -> None:
    data = hall_svg(layout, "A")
    root = parse(data)
    assert {element.tag for element in root.iter()} <= ELEMENTS
    assert not [e for e in root.iter() if any("onerror" in name for name in e.attrib)]
    assert b"<img" not in data
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert f"A02 {HOSTILE_NAME}" in titles
    label = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "<img src=x" in label and "onerror=alert" in label


def test_quotes_and_control_characters_in_names_keep_the_xml_well_formed(layout: Layout) -> None:
    first = layout.booths[0]
    nasty = dataclasses.replace(first.request, exhibitor="\"Q\" & 'R' ]]> \x00\x07 <!-- x -->")
    changed = dataclasses.replace(
        layout,
        booths=(dataclasses.replace(first, number='A"01', request=nasty), *layout.booths[1:]),
        fair=dataclasses.replace(layout.fair, name="Fair <&> \x0b"),
    )
    root = parse(hall_svg(changed, "A"))
    assert {element.tag for element in root.iter()} <= ELEMENTS
    assert root.findtext(f"{SVG}title") == "Fair <&> — Hall A"
    assert "\"Q\" & 'R' ]]> <!-- x -->" in [
        t.text.removeprefix('A"01 ') for t in root.iter(f"{SVG}title") if t.text
    ]


def test_booths_are_rects_at_their_sheet_position_in_their_zone_colour(layout: Layout) -> None:
    root = parse(hall_svg(layout, "A"))
    (group,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == "booths"]
    rects = [(r.get("x"), r.get("y"), r.get("width"), r.get("height"), r.get("fill")) for r in group]
    food, tech = hex_colour(tint(ZONE_CARPETS[0], BOOTH_TINT)), hex_colour(tint(ZONE_CARPETS[1], BOOTH_TINT))
    assert rects == [
        ("91", "158.5", "30", "30", food),
        ("121", "158.5", "30", "30", tech),
        ("176", "108.5", "55", "40", food),
    ]


def test_every_booth_number_and_the_chinese_name_are_drawn(layout: Layout) -> None:
    root = parse(hall_svg(layout, "A"))
    (group,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == "booth-labels"]
    texts = [t.text for t in group]
    assert {"A01", "A02", "A03"} <= set(texts)
    assert "深圳市华为技术有限公司" in "".join(t or "" for t in texts)


def test_groups_come_in_drawing_order(layout: Layout) -> None:
    root = parse(hall_svg(layout, "A"))
    assert [g.get("id") for g in root.findall(f"{SVG}g")] == [
        "floor",
        "aisles",
        "keep-clear",
        "booths",
        "columns",
        "walls",
        "doors",
        "booth-labels",
        "north-arrow",
        "scale-bar",
        "legend",
        "title-block",
    ]


def test_a_door_label_on_an_east_wall_is_turned_to_run_along_it(layout: Layout) -> None:
    root = parse(hall_svg(layout, "A"))
    (group,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == "doors"]
    exit_label = next(t for t in group.iter(f"{SVG}text") if t.text == "Exit")
    assert (exit_label.get("transform") or "").startswith("rotate(-90 ")


def test_same_layout_same_bytes(layout: Layout) -> None:
    assert hall_svg(layout, "A") == hall_svg(layout, "A")
    assert hall_svg(layout, "A") != hall_svg(layout, "B")
