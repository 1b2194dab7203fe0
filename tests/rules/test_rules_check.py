"""halllayout.rules.check: every rule for every hall, in order; strays never pass unchecked."""

from __future__ import annotations

from dataclasses import replace

from rules_layouts import aisle, booth, layout, small_hall

from halllayout.rules import RULES, check


def test_a_layout_keeping_every_rule_passes_in_every_hall() -> None:
    a, booths_a, aisles_a = small_hall("A")
    b, booths_b, aisles_b = small_hall("B")
    report = check(layout([a, b], [*booths_a, *booths_b], [*aisles_a, *aisles_b]))
    assert report.passed
    assert report.violations == ()
    assert [(r.hall_id, r.rule) for r in report.results] == [(h, rule) for h in "AB" for rule in RULES]


def test_each_hall_is_checked_with_its_own_booths_only() -> None:
    a, booths_a, aisles_a = small_hall("A")
    b, booths_b, aisles_b = small_hall("B")
    moved = replace(booths_b[0], x0=10, x1=13)  # B1 onto B3 and a metre into the main aisle
    report = check(layout([a, b], [*booths_a, moved, *booths_b[1:]], [*aisles_a, *aisles_b]))
    assert not report.passed
    assert {(v.hall_id, v.rule) for v in report.violations} == {
        ("B", "no_overlap"),
        ("B", "aisle_width"),
        ("B", "exit_clear_area"),
    }
    assert report.result("B", "no_overlap").offenders == ("B1", "B3")


def test_booths_and_aisles_of_a_hall_the_fair_lacks_fail() -> None:
    a, booths, aisles = small_hall("A")
    strays = [booth("Z1", 0, 0, 3, 3, hall_id="Z")]
    report = check(layout(a, [*booths, *strays], [*aisles, aisle(0, 0, 3, 3, hall_id="Y")]))
    assert not report.passed
    assert [(v.hall_id, v.rule, v.offenders) for v in report.violations] == [
        ("Y", "inside_outline", ()),
        ("Z", "inside_outline", ("Z1",)),
    ]
    assert report.violations[0].detail == "hall 'Y' is not in the fair: 1 aisle(s)"


def test_a_chosen_subset_of_rules_is_checked_alone() -> None:
    a, booths, aisles = small_hall("A")
    report = check(layout(a, booths, aisles), {"row_length": RULES["row_length"]})
    assert [r.rule for r in report.results] == ["row_length"]
