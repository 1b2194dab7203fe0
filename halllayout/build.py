"""The build pipeline: booth requests and a fair in; the layout, its rule report and metrics, and every
output file (layout.json, plans, the booth list back, one GLB per hall) out, in memory."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from halllayout.layout import lay_out
from halllayout.layout.incremental import lay_out_again
from halllayout.layout_file import layout_json
from halllayout.model import BoothRequest, Fair, Layout, PreviousLayout
from halllayout.palette import zone_colours
from halllayout.plan import plan_files
from halllayout.rules import Report, check, report_document
from halllayout.rules.metrics import measure
from halllayout.scene.hall import build_hall_glb

#: Told each stage as it starts: a short name and how many steps it has (halls, for the scenes).
Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    del stage, done, total


@dataclass(frozen=True)
class Build:
    """What one build made: the layout, its rule report and metrics, and the output files by name."""

    layout: Layout
    report: Report
    metrics: dict[str, Any]
    files: dict[str, bytes]

    @property
    def passed(self) -> bool:
        """Whether every booth found a place and every rule holds."""
        return self.report.passed and not self.layout.unplaced


def build_fair(
    fair: Fair,
    requests: Sequence[BoothRequest],
    *,
    scenes: bool = True,
    plans: bool = True,
    progress: Progress = _quiet,
    previous: PreviousLayout | None = None,
) -> Build:
    """Lay out `requests` in `fair`, check the result, and make the output files.

    Files: `layout.json` (with metrics and rule report); with `plans` the plans and booth
    list (`plans/<hall>.svg|pdf|dxf`, `booths.csv`, `booths.xlsx`), with `scenes` `<hall id>.glb` for
    every hall. With `previous`, booths that are still on the list at the same size stay where that
    layout put them, and the metrics say what moved (`changes`).
    """
    changes = None
    if previous is None:
        layout = lay_out(fair, requests, progress)
    else:
        layout, changes = lay_out_again(fair, requests, previous)
    progress("check", 0, 1)
    report = check(layout)
    metrics = measure(layout, report)
    if changes is not None:
        metrics["changes"] = changes.document()
    document = report_document(report)
    files = {"layout.json": layout_json(layout, metrics, document)}
    if plans:
        progress("plans", 0, 1)
        files.update(plan_files(layout))
    if scenes:
        colours = zone_colours([b.request.zone for b in layout.booths])
        for index, hall in enumerate(fair.halls):
            progress("scenes", index, len(fair.halls))
            files[f"{hall.id}.glb"] = build_hall_glb(
                hall, layout.booths_in(hall.id), aisles=layout.aisles_in(hall.id), colours=colours
            )
    progress("done", 1, 1)
    return Build(layout, report, metrics, files)
