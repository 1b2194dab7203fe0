"""The "layout" job: the engine run on an organiser's inputs, or on a version with the organiser's
edits, into a new version of the fair.

The build is written into `<instance>/fairs/<slug>/build-<job id>`, which is renamed to
`<instance>/fairs/<slug>/v<N>` only once every file is on disk; only then is the version row added
(versions.add_version). So a version always names a complete folder, and a crash leaves at most a
`build-*` folder that no version names. A layout that breaks a rule or leaves booths unplaced (the
CLI's exit status 3) still makes a version, with the rule report in its summary; bad input fails the
job with the engine's problems (file, row, column) in its result.

Params: `fair_id`, `organiser_id`, and either `booths` ({digest, name}), `halls` ([{digest, name}]),
`fair` ({digest, name} or null), `sheet`, `previous` (a version number), `pins` ({digest, name} of a
pins CSV, or null) for a build from uploads, or
`base` (a version number) with `edits` ({moves, swaps, pins}) for a re-layout of that version.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from halllayout.build import Build, build_fair
from halllayout.errors import InputError
from halllayout.model import BoothRequest, Fair, Pin, PreviousLayout
from halllayout.output import write_outputs
from halllayout.read import check_zone_pins, read_booth_list, read_fair, read_hall, single_hall_fair
from halllayout.read.layout_json import read_layout
from halllayout.read.pins import check_pins, read_pins
from halllayout.read.previous import read_previous_layout
from halllayout.read.problems import Problems
from halllayout.web import db
from halllayout.web.jobs import JobFailed, Progress, current_job_id, handler
from halllayout.web.models import Fair as FairRow
from halllayout.web.models import FairVersion, Job
from halllayout.web.store import current_store
from halllayout.web.version_files import keep_in_store, local_copy
from halllayout.web.versions import add_version

#: Where each engine stage starts and ends on the job's progress (0..1).
_STAGES = {"check": (0.55, 0.6), "plans": (0.6, 0.7), "models": (0.7, 0.75), "scenes": (0.75, 0.95)}


def fair_folder(fair: FairRow) -> Path:
    """`<instance>/fairs/<slug>`: the fair's versions and builds."""
    return Path(current_app.config["INSTANCE_DIR"]) / "fairs" / fair.slug


def version_folder(version: FairVersion) -> Path:
    """The folder a version names (relative to the instance folder, or absolute), fetched from the
    store first when another machine built it (version_files.py)."""
    folder = Path(current_app.config["INSTANCE_DIR"]) / version.folder
    return local_copy(folder, version.summary.get("files") or {})


def _engine_progress(progress: Progress) -> Any:
    def report(stage: str, done: int, total: int) -> None:
        start, end = _STAGES.get(stage, (0.05, 0.55))
        if stage == "done":
            start = end = 0.95
        fraction = start + (end - start) * (done / total if total else 0.0)
        progress(fraction, f"{stage} {done}/{total}" if total > 1 else stage)

    return report


#: The longest name an input file may have, in bytes of UTF-8 (what most file systems allow).
MAX_NAME_BYTES = 255


def input_name_problem(name: str) -> str | None:
    """Why `name` cannot name an input file in a build folder, or None when it can. Names are kept as
    given (a fair file names its hall files, in any script: `展馆A.json`), so they are checked instead
    of cleaned: no path separators, no `..`, no control or format characters, not empty, not too long.

    >>> input_name_problem("展馆A.json") is None
    True
    >>> input_name_problem("../key.json")
    'must not contain a path separator'
    """
    if not name.strip():
        return "must not be empty"
    if "/" in name or "\\" in name:
        return "must not contain a path separator"
    if ".." in name:
        return "must not contain '..'"
    bad = next((c for c in name if unicodedata.category(c) in ("Cc", "Cf", "Cs")), None)
    if bad is not None:
        return f"must not contain the control character U+{ord(bad):04X}"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return f"is longer than {MAX_NAME_BYTES} bytes"
    return None


def _fetch(item: dict[str, Any], folder: Path) -> Path:
    """The stored input `item` ({digest, name}) copied into `folder` under its name, as uploaded."""
    name = str(item["name"])
    problem = input_name_problem(name)
    if problem is not None:  # checked on upload; a row from before that check may still hold one
        raise JobFailed(f"{name!r}: the file name {problem}; upload it again under another name")
    target = folder / name
    with current_store().open(item["digest"]) as source, target.open("wb") as f:
        shutil.copyfileobj(source, f)
    return target


def _read_inputs(params: dict[str, Any], folder: Path) -> tuple[Fair, list[BoothRequest], tuple[Pin, ...]]:
    problems = Problems()
    booths = _fetch(params["booths"], folder)
    halls = [_fetch(item, folder) for item in params.get("halls") or []]
    fair_file = _fetch(params["fair"], folder) if params.get("fair") else None
    pins_file = _fetch(params["pins"], folder) if params.get("pins") else None
    requests = problems.attempt(read_booth_list, booths, params.get("sheet"))
    pins = problems.attempt(read_pins, pins_file) if pins_file is not None else ()
    fair: Fair | None = None
    if fair_file is not None:
        fair = problems.attempt(read_fair, fair_file)
    elif len(halls) == 1:
        hall = problems.attempt(read_hall, halls[0])
        fair = single_hall_fair(hall) if hall is not None else None
    else:
        read = [problems.attempt(read_hall, path) for path in halls]
        ids = [hall.id for hall in read if hall is not None]
        for path, hall in zip(halls, read, strict=True):
            if hall is not None and ids.count(hall.id) > 1:
                problems.add(InputError(path.name, f"hall id {hall.id!r} is used by another hall file"))
        if None not in read:
            fair = Fair(params.get("fair_name") or "Fair", tuple(h for h in read if h is not None))
    problems.raise_any()
    assert requests is not None and fair is not None and pins is not None
    check_zone_pins(fair, requests)
    check_pins(pins, fair, requests)
    return fair, list(requests), tuple(pins)


def apply_edits(document: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    """layout.json `document` with booths moved (`moves`: number and new rect), swapped (`swaps`:
    the two booths trade places, numbers staying with the places) and, when `pins` is given, only the
    pinned, moved and swapped booths kept (the others are placed again around them)."""
    document = copy.deepcopy(document)
    where = {
        str(booth["number"]): (hall, booth)
        for hall in document.get("halls", [])
        for booth in hall.get("booths", [])
    }
    touched: set[str] = set()
    for move in edits.get("moves") or []:
        _hall, booth = where[str(move["number"])]
        booth["rect"] = [float(v) for v in move["rect"]]
        touched.add(str(booth["ref"]))
    for a, b in edits.get("swaps") or []:
        (hall_a, booth_a), (hall_b, booth_b) = where[str(a)], where[str(b)]
        for key in ("number", "rect", "front"):
            if key in booth_a or key in booth_b:
                booth_a[key], booth_b[key] = booth_b.get(key), booth_a.get(key)
        if hall_a is not hall_b:
            hall_a["booths"].remove(booth_a)
            hall_b["booths"].remove(booth_b)
            hall_a["booths"].append(booth_b)
            hall_b["booths"].append(booth_a)
        touched.update({str(booth_a["ref"]), str(booth_b["ref"])})
    pins = edits.get("pins")
    if pins:
        keep = touched | {str(where[str(number)][1]["ref"]) for number in pins}
        for hall in document.get("halls", []):
            hall["booths"] = [booth for booth in hall.get("booths", []) if str(booth["ref"]) in keep]
    return document


def _edited_inputs(params: dict[str, Any], folder: Path) -> tuple[Fair, list[BoothRequest], PreviousLayout]:
    base = _version(params["fair_id"], int(params["base"]))
    layout_path = version_folder(base) / "layout.json"
    layout = read_layout(layout_path)
    requests = [b.request for b in layout.booths] + [u.request for u in layout.unplaced]
    document = json.loads(layout_path.read_text(encoding="utf-8"))
    edited = folder / "layout.json"
    edited.write_text(json.dumps(apply_edits(document, params.get("edits") or {})), encoding="utf-8")
    return layout.fair, requests, read_previous_layout(edited)


def _version(fair_id: int, number: int) -> FairVersion:
    version = (
        db.session()
        .scalars(select(FairVersion).where(FairVersion.fair_id == fair_id, FairVersion.number == number))
        .first()
    )
    if version is None or version.status != "ready":
        raise JobFailed(f"previous: the fair has no ready version {number}")
    return version


def _fsync_tree(folder: Path) -> None:
    """Every file and folder under `folder` on disk, so the rename publishes only whole files."""
    for path in [*sorted(folder.rglob("*"), reverse=True), folder]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _summary(build: Build) -> dict[str, Any]:
    report = build.report
    return {
        "passed": build.passed,
        "violations": sum(1 for r in report.results if not r.passed),
        "failed_rules": [
            {"hall": r.hall_id, "rule": r.rule, "detail": r.detail} for r in report.results if not r.passed
        ],
        "unplaced_refs": [u.request.ref for u in build.layout.unplaced][:200],
        "changes": build.metrics.get("changes"),
    }


def _add_version(
    fair: FairRow, work: Path, note: str, created_by: int | None, summary: dict[str, Any]
) -> FairVersion:
    """Renames the complete build folder `work` to v<N> and adds version N (again with the next number
    when another build took N meanwhile)."""
    session = db.session()
    base = fair_folder(fair)
    summary = {**summary, "files": keep_in_store(work)}  # for the other machines (version_files.py)
    for _attempt in range(5):
        numbers = session.scalars(select(FairVersion.number).where(FairVersion.fair_id == fair.id))
        number = max(numbers, default=0) + 1
        target = base / f"v{number}"
        if target.exists():  # left by a crash between the rename and the row: no version names it
            shutil.rmtree(target)
        os.replace(work, target)
        try:
            version = add_version(
                session,
                fair,
                target,
                stored_as=f"fairs/{fair.slug}/v{number}",
                note=note,
                created_by=created_by,
                summary=summary,
            )
        except IntegrityError:
            session.rollback()
            os.replace(target, work)
            continue
        if version.number != number:  # cannot happen with the folder named by max+1, but say so
            raise JobFailed(f"version {version.number} was added from folder v{number}")
        return version
    raise JobFailed("could not number the new version: too many builds at once; try again")


def _sweep(base: Path) -> None:
    """Removes the build folders of jobs no longer running (left by a crash; no version names them)."""
    session = db.session()
    for folder in base.glob("build-*"):
        job = session.get(Job, folder.name.removeprefix("build-"))
        if job is None or job.status in ("done", "failed"):
            shutil.rmtree(folder, ignore_errors=True)


@handler("layout")
def run_layout(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Builds a new version of the fair; see the module's doc for `params`."""
    session = db.session()
    fair = session.get(FairRow, int(params["fair_id"]))
    if fair is None:
        raise JobFailed(f"fair {params['fair_id']} no longer exists")
    base = fair_folder(fair)
    base.mkdir(parents=True, exist_ok=True)
    _sweep(base)
    work = base / f"build-{current_job_id()}"
    progress(0.0, "reading the inputs")
    try:
        with tempfile.TemporaryDirectory(prefix=".inputs-", dir=base) as scratch:
            folder = Path(scratch)
            previous: PreviousLayout | None = None
            pins: tuple[Pin, ...] = ()
            if "base" in params:
                fair_model, requests, previous = _edited_inputs(params, folder)
                note = f"edits of version {params['base']}"
            else:
                fair_model, requests, pins = _read_inputs(params, folder)
                if params.get("previous"):
                    old = _version(fair.id, int(params["previous"]))
                    previous = read_previous_layout(version_folder(old) / "layout.json")
                note = f"built from {params['booths']['name']}"
                if pins:
                    note += f" with {len(pins)} booth(s) pinned by {params['pins']['name']}"
            progress(0.05, "laying out")
            build = build_fair(
                fair_model, requests, progress=_engine_progress(progress), previous=previous, pins=pins
            )
        progress(0.96, "writing the files")
        if work.exists():
            shutil.rmtree(work)
        write_outputs(work, build.files)
        _fsync_tree(work)
        progress(0.99, "adding the version")
        delay = float(
            current_app.config.get("LAYOUT_TEST_DELAY") or os.environ.get("HALLLAYOUT_LAYOUT_TEST_DELAY") or 0
        )
        if delay:  # tests only (test_crash.py): a window in which to kill the server mid-job
            time.sleep(delay)
        summary = _summary(build)
        version = _add_version(fair, work, params.get("note") or note, params.get("organiser_id"), summary)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return {
        "version": version.number,
        "passed": build.passed,
        "booths": len(build.layout.booths),
        "unplaced": len(build.layout.unplaced),
        "violations": summary["violations"],
        "changes": summary["changes"],
    }
