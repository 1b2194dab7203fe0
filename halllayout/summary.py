"""The one-screen summary `halllayout build` prints at the end: what was placed, the figures the
organiser signs off on, the rules and the files written."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from halllayout.build import Build
from halllayout.model import Layout
from halllayout.products import ProductModels

#: Hall rows shown before the rest are summed up in one line.
HALLS_SHOWN = 12
#: Unplaced booths listed by name before the rest are counted.
UNPLACED_SHOWN = 5


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.1%}" if whole else "-"


def summary_text(build: Build, written: Sequence[Path], seconds: float) -> str:
    """The summary as lines of text, at most about one screen whatever the size of the fair."""
    m: dict[str, Any] = build.metrics
    layout = build.layout
    lines = [
        f"{layout.fair.name}: {m['booths']['placed']} of {m['booths']['requested']} booths placed "
        f"in {len(layout.fair.halls)} hall(s), {seconds:.1f} s"
    ]
    lines.append(f"  {'hall':<6} {'booths':>6} {'net/gross':>9} {'worst walk to exit':>19}")
    halls = m["halls"]
    for row in halls[:HALLS_SHOWN]:
        walk = row.get("worst_travel_distance")
        walk_text = f"{walk:.1f} m" if isinstance(walk, (int, float)) else "-"
        lines.append(f"  {row['hall']:<6} {row['booths']:>6} {row['net_to_gross']:>9.1%} {walk_text:>19}")
    if len(halls) > HALLS_SHOWN:
        rest = halls[HALLS_SHOWN:]
        lines.append(f"  … and {len(rest)} more halls with {sum(r['booths'] for r in rest)} booths")
    area, vacant = m["area"], m["vacant"]
    lines.append(
        f"  net booth area {area['net']:,.0f} m² of {area['gross']:,.0f} m² gross "
        f"({area['net_to_gross']:.1%})"
        + (f", {vacant['spots']} vacant spot(s) to sell, {vacant['area']:,.0f} m²" if vacant["spots"] else "")
    )
    types, apart, sponsors = m["types"], m["keep_apart"], m["sponsors"]
    lines.append(
        f"  stand types honoured {types['honoured']}/{types['total']}, keep-apart pairs kept "
        f"{apart['honoured']}/{apart['total']}, sponsors on a main aisle {sponsors['on_main_aisle']}/"
        f"{sponsors['total']}, zones split {m['zones_split']['count']}"
        + (f", across halls {m['zones_across_halls']['count']}" if len(layout.fair.halls) > 1 else "")
    )
    changes = m.get("changes")
    if changes:
        moved = changes["moved"]
        line = (
            f"  against {changes['against']}: {changes['kept']} kept in place, {len(moved)} moved "
            f"({', '.join(moved[:5]) + (' …' if len(moved) > 5 else '') or 'none'}), "
            f"{len(changes['added'])} added, {len(changes['removed'])} removed"
        )
        if changes["pinned"]:
            line += f", {len(changes['pinned'])} pinned"
        if changes["renumbered"]:
            renumbered = changes["renumbered"]
            line += f", {len(renumbered)} renumbered for a pin ({', '.join(renumbered[:5])})"
        lines.append(line)
    if layout.unplaced:
        lines.append(f"  {len(layout.unplaced)} booth(s) not placed:")
        for item in layout.unplaced[:UNPLACED_SHOWN]:
            r = item.request
            lines.append(
                f"    {r.ref} {r.exhibitor} ({r.width:g} × {r.depth:g} m, {r.source}): {item.reason}"
            )
        if len(layout.unplaced) > UNPLACED_SHOWN:
            lines.append(
                f"    … and {len(layout.unplaced) - UNPLACED_SHOWN} more (see layout.json, booths.csv)"
            )
    violations = build.report.violations
    checks = len(build.report.results)
    if violations:
        lines.append(f"  rules: {len(violations)} violation(s) in {checks} checks:")
        for v in violations[:8]:
            lines.append(f"    hall {v.hall_id} {v.rule}: {v.detail}")
        if len(violations) > 8:
            lines.append(f"    … and {len(violations) - 8} more (see layout.json's report)")
    else:
        lines.append(f"  rules: all {checks} checks passed")
    lines.append(written_text(written))
    return "\n".join(lines)


def scene_summary_text(
    layout: Layout, models: ProductModels | None, written: Sequence[Path], seconds: float
) -> str:
    """What `halllayout scene` made: the halls, the product models shown and left out, the files."""
    lines = [
        f"{layout.fair.name}: {len(layout.fair.halls)} hall scene(s) with {len(layout.booths)} booths, "
        f"{seconds:.1f} s"
    ]
    if models is not None:
        products = sum(len(b.request.products) for b in layout.booths)
        lines.append(
            f"  product models: {len(models.models)} of {products} found, "
            f"{len(models.warnings)} left as placeholders"
        )
    lines.append(written_text(written))
    return "\n".join(lines)


def written_text(written: Sequence[Path]) -> str:
    """The summary's last line: how many files, how large, where."""
    size = sum(p.stat().st_size for p in written)
    folder = written[0].parent if written else Path(".")
    return f"  wrote {len(written)} files ({size / 1e6:.1f} MB) under {folder}"
