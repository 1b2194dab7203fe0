"""The outcome of checking a layout: one result per hall and rule, as a table or a JSON-ready document."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

#: Offender numbers shown in the text table before "… N in all".
SHOWN_OFFENDERS = 5


@dataclass(frozen=True)
class RuleResult:
    """One rule checked in one hall.

    `limit` is the bound the rule keeps, `measured` the worst value found (None where nothing was
    measured, infinity where a booth has no path at all), `offenders` the booth numbers (or aisle and
    door names) that break it, `detail` one line for the organiser.
    """

    hall_id: str
    rule: str
    limit: float | None
    measured: float | None
    unit: str
    offenders: tuple[str, ...]
    passed: bool
    detail: str


@dataclass(frozen=True)
class Report:
    """Every rule result of a layout, halls in fair order and rules in checking order."""

    results: tuple[RuleResult, ...]

    @property
    def passed(self) -> bool:
        """Whether every rule holds in every hall."""
        return all(r.passed for r in self.results)

    @property
    def violations(self) -> tuple[RuleResult, ...]:
        """The results that failed."""
        return tuple(r for r in self.results if not r.passed)

    def result(self, hall_id: str, rule: str) -> RuleResult:
        """The result of `rule` in hall `hall_id`."""
        for r in self.results:
            if r.hall_id == hall_id and r.rule == rule:
                return r
        raise KeyError(f"no result for rule {rule!r} in hall {hall_id!r}")


def _figure(value: float | None, unit: str) -> str:
    """A limit or measure for the table: '—' for none, '∞' for no bound, else the value and unit."""
    if value is None:
        return "—"
    if math.isinf(value):
        return "∞"
    return f"{round(value, 3) + 0.0:g} {unit}".rstrip()


def _offenders(offenders: tuple[str, ...]) -> str:
    """The first few offenders, and how many in all when there are more."""
    shown = ", ".join(offenders[:SHOWN_OFFENDERS])
    if len(offenders) > SHOWN_OFFENDERS:
        shown += f" … {len(offenders)} in all"
    return shown


def report_text(report: Report) -> str:
    """A compact table: status, hall, rule, limit, worst, offenders; then a summary line.

    Passing results are listed too, so that the organiser sees the margins.
    """
    header = ("", "hall", "rule", "limit", "worst", "offenders")
    rows = [
        (
            "ok" if r.passed else "FAIL",
            r.hall_id,
            r.rule,
            _figure(r.limit, r.unit),
            _figure(r.measured, r.unit),
            _offenders(r.offenders),
        )
        for r in report.results
    ]
    widths = [max(len(row[k]) for row in [header, *rows]) for k in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    violations = report.violations
    if violations:
        halls = len({r.hall_id for r in violations})
        lines.append(f"{len(violations)} violation(s) in {halls} hall(s):")
        lines.extend(f"  {r.hall_id} {r.rule}: {r.detail}" for r in violations)
    else:
        lines.append(f"all {len(report.results)} checks passed")
    return "\n".join(lines)


def _rounded(value: float | None, unit: str) -> float | None:
    """`value` to the millimetre (m) or square millimetre (m²); None where it is none or infinite."""
    if value is None or not math.isfinite(value):
        return None
    digits = 6 if unit == "m²" else 3
    return round(value, digits) + 0.0


def report_document(report: Report) -> dict[str, Any]:
    """The report as plain JSON data, in a fixed order, figures rounded to the millimetre.

    A measure with no bound (a booth no path reaches) is `null` with `"unbounded": true`.
    """
    return {
        "passed": report.passed,
        "violations": len(report.violations),
        "results": [
            {
                "hall": r.hall_id,
                "rule": r.rule,
                "passed": r.passed,
                "limit": _rounded(r.limit, r.unit),
                "measured": _rounded(r.measured, r.unit),
                "unbounded": r.measured is not None and math.isinf(r.measured),
                "unit": r.unit,
                "offenders": list(r.offenders),
                "detail": r.detail,
            }
            for r in report.results
        ],
    }
