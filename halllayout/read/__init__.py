"""Reading the inputs: booth lists (CSV) and hall and fair descriptions (JSON).

Every function raises `halllayout.errors.InputError` with a message naming the file, the row and
column or the field, and the bad value; nothing is returned half-read.
"""

from halllayout.read.booths import parse_booth_csv, read_booth_list
from halllayout.read.halls import read_fair, read_hall, single_hall_fair

__all__ = ["parse_booth_csv", "read_booth_list", "read_fair", "read_hall", "single_hall_fair"]
