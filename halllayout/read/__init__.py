"""Reading the inputs: booth lists (CSV, XLSX, JSON) and hall and fair descriptions (JSON, DXF).

Every function raises `halllayout.errors.InputError` (or `InputErrors`, for several problems found
in one pass) with messages naming the file, the row and column or the field, and the bad value;
nothing is returned half-read.
"""

from halllayout.read.booths import parse_booth_csv, parse_booth_list, read_booth_list
from halllayout.read.hall_dxf import read_hall_dxf
from halllayout.read.halls import check_zone_pins, read_fair, read_hall, single_hall_fair

__all__ = [
    "check_zone_pins",
    "parse_booth_csv",
    "parse_booth_list",
    "read_booth_list",
    "read_fair",
    "read_hall",
    "read_hall_dxf",
    "single_hall_fair",
]
