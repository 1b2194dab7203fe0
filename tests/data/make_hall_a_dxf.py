"""Write tests/data/halls/hall-a.dxf: hall-a-144x90.json drawn as a venue's CAD file would be.

    .venv/bin/python tests/data/make_hall_a_dxf.py

Millimetres ($INSUNITS 4), layer names in the mixed spellings venues use; the outline's thickness is
the wall height. Columns are drawn three ways (closed squares, circles, block inserts, one hatched)
so the reader's every kind is exercised; a stray layer carries what a plan also holds.
"""

from __future__ import annotations

from pathlib import Path

import ezdxf
from ezdxf import units

OUT = Path(__file__).resolve().parent / "halls" / "hall-a.dxf"
MM = 1000


def main(out: Path = OUT) -> None:
    """Draw the hall and save it at `out`."""
    doc = ezdxf.new("R2010", setup=False)
    doc.units = units.MM
    space = doc.modelspace()
    for layer in ("Hall", "S-COLS", "Entrances", "EXITS", "Furniture"):
        doc.layers.add(layer)
    outline = [(0, 0), (144 * MM, 0), (144 * MM, 90 * MM), (0, 90 * MM)]
    space.add_lwpolyline(outline, close=True, dxfattribs={"layer": "Hall", "thickness": 14 * MM})
    space.add_text("Hall A", dxfattribs={"layer": "Hall", "insert": (4 * MM, 86 * MM), "height": 800})

    column = doc.blocks.new("COLUMN_1000")
    column.add_lwpolyline([(-500, -500), (500, -500), (500, 500), (-500, 500)], close=True)
    grid = [(x * MM, y * MM) for y in (18, 45, 72) for x in (18, 54, 90, 126)]
    for index, (x, y) in enumerate(grid):
        attributes = {"layer": "S-COLS"}
        if index % 3 == 0:
            square = [(x - 500, y - 500), (x + 500, y - 500), (x + 500, y + 500), (x - 500, y + 500)]
            space.add_lwpolyline(square, close=True, dxfattribs=attributes)
            hatch = space.add_hatch(dxfattribs=attributes)
            hatch.paths.add_polyline_path(square, is_closed=True)
        elif index % 3 == 1:
            space.add_circle((x, y), 500, dxfattribs=attributes)
        else:
            space.add_blockref("COLUMN_1000", (x, y), dxfattribs=attributes)

    for name, y in (("South Gate", 0), ("North Gate", 90 * MM)):
        space.add_line((66 * MM, y), (78 * MM, y), dxfattribs={"layer": "Entrances"})
        label_y = y + 1500 if y == 0 else y - 1500
        space.add_text(name, dxfattribs={"layer": "Entrances", "insert": (70 * MM, label_y), "height": 600})
    for x in (0, 144 * MM):
        for y in (30 * MM, 60 * MM):
            space.add_line((x, y - 1500), (x, y + 1500), dxfattribs={"layer": "EXITS"})

    space.add_lwpolyline(
        [(10 * MM, 10 * MM), (12 * MM, 10 * MM), (12 * MM, 12 * MM)], dxfattribs={"layer": "Furniture"}
    )
    doc.saveas(out)


if __name__ == "__main__":
    main()
