"""The `halllayout` command line: thin commands over the engine.

Bad input prints one line per problem, each naming the file, row and column (or field), and exits
with status 2. Warnings (a product model missing or broken) print one line each and stop nothing.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
import time
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from halllayout import __version__
from halllayout.errors import HallLayoutError, InputError, InputErrors
from halllayout.ingest import Budget
from halllayout.ingest.isolated import Ceiling, ingest_isolated
from halllayout.ingest.normalise import UNITS
from halllayout.output import write_outputs
from halllayout.progress import ProgressBar

if TYPE_CHECKING:
    from halllayout.model import Fair

# `build` and `scene` import the layout, rules, plans and scenes when they run (build.py and what it
# needs), so `ingest` and `--help` start in about half the time.

EXIT_BAD_INPUT = 2
EXIT_CANNOT_WRITE = 1
#: The layout was written but breaks a rule or leaves booths unplaced: never a silent success.
EXIT_LAYOUT_FAILS = 3
#: The garbage collector's thresholds while `build` runs (Python's default: 700, 10, 10). A build makes
#: millions of objects that live to its end (the requests, booths, spots, layout.json's dicts), and
#: at the default every collection of the older generations walks them again: 60,000 booths built in
#: 15.4-16.5 s against 18.2-18.7 s, peak memory the same (benchmarks/bench_layout.py, README).
BUILD_GC_THRESHOLD = (100_000, 50, 100)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Within: the garbage collector at BUILD_GC_THRESHOLD; its thresholds as they were after."""
    before = gc.get_threshold()
    gc.set_threshold(*BUILD_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="halllayout", description="Generate 3D virtual exhibition halls.")
    parser.add_argument("--version", action="version", version=f"halllayout {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build",
        help="lay out a booth list in a hall or fair, check it, write its plans and 3D scenes",
        description="Lay out BOOTHS (CSV in UTF-8, UTF-8 with BOM or GBK; an XLSX workbook; or JSON) in a "
        "hall or a fair, check the fire and layout rules, and write OUT/layout.json (with the rule report "
        "and metrics), OUT/plans/<hall>.svg|pdf|dxf, OUT/booths.csv|xlsx and OUT/<hall id>.glb. "
        "Exit status: 0 all placed and every rule kept; 2 bad input, nothing written; 3 written, but "
        "booths were left unplaced or a rule is broken; 1 the output could not be written.",
    )
    build.add_argument("booths", type=Path, help="booth list: .csv, .xlsx or .json")
    build.add_argument(
        "--sheet",
        help="the workbook's sheet holding the booths, by name or number from 1 (default: the first)",
    )
    where = build.add_mutually_exclusive_group(required=True)
    where.add_argument("--hall", type=Path, help="one hall: JSON, or a DXF drawing (.dxf)")
    where.add_argument("--fair", type=Path, help="a fair of several halls (JSON)")
    build.add_argument(
        "--hall-id", help="id of the --hall, prefix of its booth numbers (default: the file's id or A)"
    )
    build.add_argument("-o", "--out", type=Path, required=True, help="output folder (created if missing)")
    build.add_argument("--no-scenes", action="store_true", help="skip the 3D scenes (<hall id>.glb)")
    build.add_argument(
        "--no-plans", action="store_true", help="skip the plans (plans/*.svg|pdf|dxf) and booths.csv|xlsx"
    )
    build.add_argument(
        "--previous",
        type=Path,
        help="a layout.json from an earlier run: booths still on the list at the same size stay where it "
        "put them, with their numbers (edit a booth's number and rect there to pin it); new and resized "
        "booths go into the freed spots, then the open floor; the summary says what moved",
    )
    build.add_argument(
        "--pins",
        type=Path,
        metavar="CSV",
        help="booths to fix in place before laying out, one row each: ref, hall, x, y (the booth's "
        "south-west corner in metres), front (N, S, E or W; default S) and number (optional); a booth "
        "standing where a pin puts another moves, and the summary says so",
    )
    build.add_argument("--models", type=Path, metavar="DIR", help=_MODELS_HELP)
    build.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    scene = commands.add_parser(
        "scene",
        help="build the 3D scenes of a layout.json again, without laying it out again",
        description="Write OUT/<hall id>.glb for every hall of LAYOUT (a layout.json written by "
        "halllayout build, perhaps edited since), and with --models the product models they show. "
        "Exit status: 0 written (a missing or broken product model only warns); 2 bad input, nothing "
        "written; 1 the output could not be written.",
    )
    scene.add_argument("layout", type=Path, help="a layout.json written by halllayout build")
    scene.add_argument("-o", "--out", type=Path, required=True, help="output folder (created if missing)")
    scene.add_argument("--models", type=Path, metavar="DIR", help=_MODELS_HELP)
    scene.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    ingest_command = commands.add_parser(
        "ingest",
        help="make an exhibitor's product model web-ready, or refuse it saying what is wrong",
        description="Read FILE (GLB, glTF, OBJ, STL, PLY, 3MF, OFF, or a zip of one with its .bin, MTL "
        "and textures), put it in metres, +Y up, standing on the origin, fit it to the product budget, "
        "and write OUT/<stem>.glb, its far model <stem>.far.glb, a thumbnail <stem>.png and "
        "<stem>.report.json. Exit status: 0 written (a budget the "
        "model still exceeds only warns); 2 the file is refused, nothing written; 1 the output could "
        "not be written.",
    )
    ingest_command.add_argument("file", type=Path, help="the uploaded model")
    ingest_command.add_argument(
        "-o", "--out", type=Path, required=True, help="output folder (created if missing)"
    )
    ingest_command.add_argument(
        "--units", choices=sorted(UNITS), help="the file's unit (default: detected from its size and format)"
    )
    ingest_command.add_argument(
        "--up", choices=("y", "z"), help="the file's up axis (default: z for STL and 3MF, else y)"
    )
    ingest_command.add_argument(
        "--fit", type=_box, metavar="W,D,H", help="scale uniformly to fit a box this wide, deep and high (m)"
    )
    ingest_command.add_argument(
        "--max-triangles", type=int, default=Budget().triangles, metavar="N", help="triangle budget"
    )
    ingest_command.add_argument(
        "--max-texture", type=int, default=Budget().texture_px, metavar="PX", help="longest texture side"
    )
    ingest_command.add_argument(
        "--time-limit",
        type=float,
        default=Ceiling().seconds,
        metavar="S",
        help="seconds the work may take before the file is refused (default %(default)g)",
    )
    ingest_command.add_argument(
        "--memory-limit",
        type=float,
        default=Ceiling().memory / 1e9,
        metavar="GB",
        help="memory the work may take before the file is refused (default %(default)g)",
    )
    return parser


def _box(text: str) -> tuple[float, float, float]:
    """`W,D,H` in metres, each positive."""
    try:
        values = tuple(float(v) for v in text.replace("x", ",").replace("×", ",").split(","))
    except ValueError:
        values = ()
    if len(values) != 3 or not all(0 < v < float("inf") for v in values):
        raise argparse.ArgumentTypeError(f"expected three positive sizes in metres, W,D,H; got {text!r}")
    return values[0], values[1], values[2]


_MODELS_HELP = (
    "a folder of product models, DIR/<ref>/<n>.glb (or .zip, .obj, .stl, .ply, ...) for product n "
    "(from 1) of the booth with that ref: each is ingested like `halllayout ingest` does, stored in "
    "OUT/models/ and indexed in OUT/models.json, and shown in the halls; a missing or refused one "
    "leaves a placeholder and a warning"
)


def _build(args: argparse.Namespace) -> int:
    with fewer_collections():
        return _build_fair(args)


def _build_fair(args: argparse.Namespace) -> int:
    from halllayout.build import build_fair
    from halllayout.products import check_models_folder
    from halllayout.read import check_zone_pins, read_booth_list
    from halllayout.read.pins import check_pins, read_pins
    from halllayout.read.previous import read_previous_layout
    from halllayout.read.problems import Problems
    from halllayout.summary import summary_text

    started = time.perf_counter()
    problems = Problems()  # the booth list's and the halls' problems, all at once
    requests = problems.attempt(read_booth_list, args.booths, args.sheet)
    fair = problems.attempt(_read_fair, args)
    previous = problems.attempt(read_previous_layout, args.previous) if args.previous else None
    pins = problems.attempt(read_pins, args.pins) if args.pins else ()
    if args.models is not None:
        problems.attempt(check_models_folder, args.models)
    problems.raise_any()
    assert requests is not None and fair is not None and pins is not None
    check_zone_pins(fair, requests)
    check_pins(pins, fair, requests)
    bar = ProgressBar(enabled=False if args.quiet else None)
    try:
        build = build_fair(
            fair,
            requests,
            scenes=not args.no_scenes,
            plans=not args.no_plans,
            progress=bar,
            previous=previous,
            pins=pins,
            models=args.models,
        )
    finally:
        bar.close()
    _warn(build.warnings)
    written = _write(args.out, build.files)
    if written is None:
        return EXIT_CANNOT_WRITE
    print(summary_text(build, written, time.perf_counter() - started))
    if not build.passed:
        print(
            "halllayout: the layout breaks a rule or leaves booths unplaced; it was written for review "
            "(see the report above and in layout.json)",
            file=sys.stderr,
        )
        return EXIT_LAYOUT_FAILS
    return 0


def _scene(args: argparse.Namespace) -> int:
    from halllayout.build import scene_files
    from halllayout.products import check_models_folder, find_product_models
    from halllayout.read.layout_json import read_layout
    from halllayout.read.problems import Problems
    from halllayout.summary import scene_summary_text

    started = time.perf_counter()
    problems = Problems()
    layout = problems.attempt(read_layout, args.layout)
    if args.models is not None:
        problems.attempt(check_models_folder, args.models)
    problems.raise_any()
    assert layout is not None
    bar = ProgressBar(enabled=False if args.quiet else None)
    try:
        models = (
            find_product_models(layout, args.models, progress=lambda done, total: bar("models", done, total))
            if args.models is not None
            else None
        )
        files = scene_files(layout, models, bar)
    finally:
        bar.close()
    _warn(models.warnings if models is not None else ())
    written = _write(args.out, files)
    if written is None:
        return EXIT_CANNOT_WRITE
    print(scene_summary_text(layout, models, written, time.perf_counter() - started))
    return 0


def _ingest(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.max_triangles < 1 or args.max_texture < 1 or args.time_limit <= 0 or args.memory_limit <= 0:
        raise InputError("--max-triangles/--max-texture/--time-limit/--memory-limit", "must be positive")
    budget = Budget(triangles=args.max_triangles, texture_px=args.max_texture)
    ceiling = Ceiling(seconds=args.time_limit, memory=int(args.memory_limit * 1e9))
    result = ingest_isolated(
        args.file, units=args.units, up=args.up, fit=args.fit, budget=budget, ceiling=ceiling
    )
    stem = args.file.stem
    report = json.dumps(result.report, indent=2, ensure_ascii=False) + "\n"
    written = _write(
        args.out,
        {
            f"{stem}.glb": result.glb,
            f"{stem}.far.glb": result.far_glb,
            f"{stem}.png": result.thumbnail,
            f"{stem}.report.json": report.encode("utf-8"),
        },
    )
    if written is None:
        return EXIT_CANNOT_WRITE
    _warn(
        f"{args.file.name}: {name} {check['value']:,} over the budget of {check['limit']:,}"
        for name, check in result.report["budget"].items()
        if not check["ok"]
    )
    size = result.report["size_m"]
    print(
        f"{args.file.name}: {result.report['output']['triangles']:,} triangles, "
        f"{result.report['output']['draw_calls']} draw call(s), {len(result.glb):,} bytes, "
        f"{size['x']:g} × {size['y']:g} × {size['z']:g} m; wrote {written[0]} in "
        f"{time.perf_counter() - started:.2f} s"
    )
    return 0


def _warn(warnings: Iterable[str]) -> None:
    for warning in warnings:
        print(f"halllayout: warning: {warning}", file=sys.stderr)


def _write(folder: Path, files: dict[str, bytes]) -> list[Path] | None:
    """Write the files, each atomically; None, after saying why, where the folder cannot be written."""
    try:
        return write_outputs(folder, files)
    except OSError as error:
        print(f"halllayout: error: cannot write to {folder}: {error.strerror or error}", file=sys.stderr)
        return None


def _read_fair(args: argparse.Namespace) -> Fair:
    from halllayout.read import read_fair, read_hall, single_hall_fair

    return read_fair(args.fair) if args.fair else single_hall_fair(read_hall(args.hall, args.hall_id))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    # the readers say what is wrong; the libraries' notes on files they repaired would only be noise
    logging.getLogger("ezdxf").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module="openpyxl")
    try:
        commands = {"build": _build, "scene": _scene, "ingest": _ingest}
        return commands[args.command](args)
    except HallLayoutError as error:
        for problem in error.problems if isinstance(error, InputErrors) else [error]:
            print(f"halllayout: error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
