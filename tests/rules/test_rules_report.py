"""halllayout.rules.report: the table for people and the JSON document."""

from __future__ import annotations

import json
import math

import pytest

from halllayout.rules.report import Report, RuleResult, report_document, report_text

PASSED = RuleResult("A", "row_length", 30.0, 29.99999, "m", (), True, "12 blocks, longest 30 m")
FAILED = RuleResult(
    "A",
    "travel_distance",
    61.0,
    math.inf,
    "m",
    ("A1", "A2", "A3", "A4", "A5", "A6", "A7"),
    False,
    "longest A1 no path",
)
OVERLAP = RuleResult("B", "no_overlap", 0.0, 0.12345678, "m²", ("B1", "B2"), False, "1 overlap(s): B1 × B2")


def test_a_report_passes_only_when_every_result_does() -> None:
    assert Report((PASSED,)).passed
    report = Report((PASSED, FAILED, OVERLAP))
    assert not report.passed
    assert report.violations == (FAILED, OVERLAP)
    assert report.result("B", "no_overlap") is OVERLAP
    with pytest.raises(KeyError, match="no result for rule 'dead_end' in hall 'A'"):
        report.result("A", "dead_end")


def test_the_table_gives_limit_worst_and_the_first_offenders() -> None:
    lines = report_text(Report((PASSED, FAILED, OVERLAP))).splitlines()
    assert lines[0].split() == ["hall", "rule", "limit", "worst", "offenders"]
    assert lines[1].split() == ["ok", "A", "row_length", "30", "m", "30", "m"]
    assert " ".join(lines[2].split()) == "FAIL A travel_distance 61 m ∞ A1, A2, A3, A4, A5 … 7 in all"
    assert " ".join(lines[3].split()) == "FAIL B no_overlap 0 m² 0.123 m² B1, B2"
    assert lines[4:] == [
        "2 violation(s) in 2 hall(s):",
        "  A travel_distance: longest A1 no path",
        "  B no_overlap: 1 overlap(s): B1 × B2",
    ]


def test_the_table_of_a_clean_report_ends_in_one_line() -> None:
    assert report_text(Report((PASSED,))).splitlines()[-1] == "all 1 checks passed"


def test_the_document_rounds_to_the_millimetre_and_keeps_order() -> None:
    document = report_document(Report((PASSED, FAILED, OVERLAP)))
    assert document["passed"] is False and document["violations"] == 2
    assert [(r["hall"], r["rule"]) for r in document["results"]] == [
        ("A", "row_length"),
        ("A", "travel_distance"),
        ("B", "no_overlap"),
    ]
    assert document["results"][0] == {
        "hall": "A",
        "rule": "row_length",
        "passed": True,
        "limit": 30.0,
        "measured": 30.0,
        "unbounded": False,
        "unit": "m",
        "offenders": [],
        "detail": "12 blocks, longest 30 m",
    }
    assert document["results"][1]["measured"] is None and document["results"][1]["unbounded"] is True
    assert document["results"][2]["measured"] == 0.123457
    assert json.loads(json.dumps(document, allow_nan=False)) == document
