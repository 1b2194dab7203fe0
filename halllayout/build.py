"""The build pipeline: booth requests and a fair in, layout.json and one GLB per hall out (in memory)."""

from __future__ import annotations

from collections.abc import Sequence

from halllayout.layout import lay_out
from halllayout.layout_file import layout_json
from halllayout.model import BoothRequest, Fair, Layout
from halllayout.scene.hall import build_hall_glb


def build_fair(fair: Fair, requests: Sequence[BoothRequest]) -> tuple[Layout, dict[str, bytes]]:
    """Lay out `requests` in `fair` and render every hall.

    Returns the layout and the output files by name: `layout.json` and `<hall id>.glb` per hall.
    """
    layout = lay_out(fair, requests)
    files = {"layout.json": layout_json(layout)}
    for hall in fair.halls:
        files[f"{hall.id}.glb"] = build_hall_glb(hall, layout.booths_in(hall.id))
    return layout, files
