"""The `halllayout` command line: thin commands over the engine.

Bad input prints one line naming the file, row and column (or field) and exits with status 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from halllayout import __version__
from halllayout.build import build_fair
from halllayout.errors import HallLayoutError
from halllayout.output import write_outputs
from halllayout.read import read_booth_list, read_fair, read_hall, single_hall_fair

EXIT_BAD_INPUT = 2
EXIT_CANNOT_WRITE = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="halllayout", description="Generate 3D virtual exhibition halls.")
    parser.add_argument("--version", action="version", version=f"halllayout {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build",
        help="lay out a booth list in a hall or fair; write layout.json and one GLB per hall",
        description="Lay out BOOTHS (CSV: UTF-8, UTF-8 with BOM or GBK) in a hall or a fair and write "
        "OUT/layout.json and OUT/<hall id>.glb for every hall.",
    )
    build.add_argument("booths", type=Path, help="booth list (CSV)")
    where = build.add_mutually_exclusive_group(required=True)
    where.add_argument("--hall", type=Path, help="one hall (JSON)")
    where.add_argument("--fair", type=Path, help="a fair of several halls (JSON)")
    build.add_argument(
        "--hall-id", help="id of the --hall, prefix of its booth numbers (default: the file's id or A)"
    )
    build.add_argument("-o", "--out", type=Path, required=True, help="output folder (created if missing)")
    return parser


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    requests = read_booth_list(args.booths)
    fair = read_fair(args.fair) if args.fair else single_hall_fair(read_hall(args.hall, args.hall_id))
    layout, files = build_fair(fair, requests)
    try:
        written = write_outputs(args.out, files)
    except OSError as error:
        print(f"halllayout: error: cannot write to {args.out}: {error.strerror or error}", file=sys.stderr)
        return EXIT_CANNOT_WRITE
    for hall in fair.halls:
        print(f"hall {hall.id} ({hall.name}): {len(layout.booths_in(hall.id))} booths")
    for path in written:
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    print(f"{len(layout.booths)} booths placed in {time.perf_counter() - started:.1f} s")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return _build(args)
    except HallLayoutError as error:
        print(f"halllayout: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
