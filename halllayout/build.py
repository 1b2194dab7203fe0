"""The build pipeline: booth requests and a fair in; the layout, its rule report and metrics, and every
output file (layout.json, plans, the booth list back, one GLB per hall) out, in memory."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from halllayout.layout import lay_out
from halllayout.layout.incremental import as_previous, lay_out_again
from halllayout.layout_file import layout_json
from halllayout.model import BoothRequest, Fair, Layout, Pin, PreviousLayout, Unplaced
from halllayout.palette import zone_colours
from halllayout.plan import plan_files
from halllayout.products import ProductModels, find_product_models
from halllayout.rules import Report, check, report_document
from halllayout.rules.metrics import measure
from halllayout.scene.hall import build_hall_glb

#: Told each stage as it starts: a short name and how many steps it has (halls, for the scenes).
Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    del stage, done, total


@dataclass(frozen=True)
class Build:
    """What one build made: the layout, its rule report and metrics, the output files by name, and
    warnings that did not stop it (product models left as placeholders)."""

    layout: Layout
    report: Report
    metrics: dict[str, Any]
    files: dict[str, bytes]
    warnings: tuple[str, ...] = ()

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
    pins: Sequence[Pin] = (),
    models: Path | None = None,
) -> Build:
    """Lay out `requests` in `fair`, check the result, and make the output files.

    Files: `layout.json` (with metrics and rule report); with `plans` the plans and booth
    list (`plans/<hall>.svg|pdf|dxf`, `booths.csv`, `booths.xlsx`), with `scenes` `<hall id>.glb` for
    every hall. With `previous`, booths that are still on the list at the same size stay where that
    layout put them, and the metrics say what moved (`changes`). With `pins` (checked), those booths
    stand where the pins put them, over `previous` or else over a fresh layout, and `changes` says
    what moved for them. With `models`, the folder of product
    models (see `halllayout.products`): each upload is ingested, stored by content under `models/`,
    indexed in `models.json` and shown in the scenes; missing or refused ones give warnings.
    """
    changes = None
    against = "the previous layout"
    fresh = None
    if previous is None and pins:
        fresh = lay_out(fair, requests, progress)
        previous = as_previous(fresh)
        against = "the layout without pins"
    if previous is None:
        layout = lay_out(fair, requests, progress)
    else:
        layout, changes = lay_out_again(fair, requests, previous, pins)
    if fresh is not None:
        # no previous layout to lay out afresh without: say why in terms of the pins
        why = {u.request.ref: u.reason for u in fresh.unplaced}
        unplaced = tuple(
            Unplaced(u.request, why.get(u.request.ref, "no room left for it around the pinned booths"))
            for u in layout.unplaced
        )
        layout = dataclasses.replace(layout, unplaced=unplaced)
    progress("check", 0, 1)
    report = check(layout)
    metrics = measure(layout, report)
    if changes is not None:
        metrics["changes"] = {"against": against, **changes.document()}
    document = report_document(report)
    files = {"layout.json": layout_json(layout, metrics, document)}
    if plans:
        progress("plans", 0, 1)
        files.update(plan_files(layout))
    found = None
    if scenes:
        if models is not None:
            found = find_product_models(
                layout, models, progress=lambda done, total: progress("models", done, total)
            )
        files.update(scene_files(layout, found, progress))
    progress("done", 1, 1)
    return Build(layout, report, metrics, files, found.warnings if found is not None else ())


def scene_files(
    layout: Layout, models: ProductModels | None = None, progress: Progress = _quiet
) -> dict[str, bytes]:
    """`<hall id>.glb` for every hall of the layout, and the product models the halls refer to."""
    colours = zone_colours([b.request.zone for b in layout.booths])
    halls = layout.fair.halls
    files: dict[str, bytes] = {}
    for index, hall in enumerate(halls):
        progress("scenes", index, len(halls))
        files[f"{hall.id}.glb"] = build_hall_glb(
            hall,
            layout.booths_in(hall.id),
            aisles=layout.aisles_in(hall.id),
            colours=colours,
            models=models.models if models is not None else None,
            logos=models.logos if models is not None else None,
        )
    if models is not None:
        files.update(models.files)
    return files
