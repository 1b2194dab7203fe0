"""Printable floor plans for the venue and the booth list back for the organiser.

One module per format: svg, pdf (reportlab) and dxf (ezdxf) per hall, booth_list (CSV and XLSX) per
fair. svg and pdf draw the same sheet (sheet.py); text fitting and line breaking live in text.py.
Every writer gives the same bytes for the same layout.

Example::

    for name, data in plan_files(layout).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
"""

from __future__ import annotations

from halllayout.model import Layout
from halllayout.plan.booth_list import booth_list_csv, booth_list_xlsx
from halllayout.plan.dxf import hall_dxf
from halllayout.plan.pdf import hall_pdf, sheet_pdf
from halllayout.plan.sheet import hall_sheet
from halllayout.plan.svg import hall_svg, sheet_svg

__all__ = ["booth_list_csv", "booth_list_xlsx", "hall_dxf", "hall_pdf", "hall_svg", "plan_files"]


def plan_files(layout: Layout, page: str = "A3") -> dict[str, bytes]:
    """Every plan file by name: `plans/<hall id>.svg`, `.pdf` and `.dxf` for each hall with booths,
    in the fair's hall order, then `booths.csv` and `booths.xlsx`.
    """
    files: dict[str, bytes] = {}
    halls_with_booths = {b.hall_id for b in layout.booths}
    for hall in layout.fair.halls:
        if hall.id not in halls_with_booths:
            continue
        sheet = hall_sheet(layout, hall.id, page)
        files[f"plans/{hall.id}.svg"] = sheet_svg(sheet)
        files[f"plans/{hall.id}.pdf"] = sheet_pdf(sheet)
        files[f"plans/{hall.id}.dxf"] = hall_dxf(layout, hall.id)
    files["booths.csv"] = booth_list_csv(layout)
    files["booths.xlsx"] = booth_list_xlsx(layout)
    return files
