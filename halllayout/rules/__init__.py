"""An independent check of a finished layout against the rule set, hall by hall, from geometry alone.

`check(layout)` gives a `Report` of one `RuleResult` per hall and rule; `report_text` and
`report_document` show it to a person or write it as JSON; `metrics.measure` adds the figures the
organiser's report gives. A layout with a violation says so: `Report.passed` is False.
"""

from halllayout.rules.check import RULES, check
from halllayout.rules.report import Report, RuleResult, report_document, report_text

__all__ = ["RULES", "Report", "RuleResult", "check", "report_document", "report_text"]
