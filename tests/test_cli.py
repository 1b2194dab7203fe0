"""The command line end to end, in a subprocess as a user runs it."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, validate_glb

BAD = DATA / "booths" / "bad"


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "halllayout", *map(str, args)], capture_output=True, text=True, timeout=300
    )


def test_build_places_all_120_booths_and_writes_a_valid_glb(tmp_path, sample_booths, sample_hall) -> None:
    result = _run("build", sample_booths, "--hall", sample_hall, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["A.glb", "layout.json"]
    document = json.loads((tmp_path / "layout.json").read_text(encoding="utf-8"))
    assert len(document["booths"]) == 120
    assert len({b["number"] for b in document["booths"]}) == 120
    report = validate_glb(tmp_path / "A.glb")
    assert (report["numErrors"], report["numWarnings"]) == (0, 0), report["messages"]
    assert "120 booths placed" in result.stdout


def test_build_is_deterministic(tmp_path, sample_booths, sample_hall) -> None:
    for out in ("one", "two"):
        assert _run("build", sample_booths, "--hall", sample_hall, "-o", tmp_path / out).returncode == 0
    for name in ("layout.json", "A.glb"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_build_a_fair_of_three_halls(tmp_path, sample_booths) -> None:
    result = _run("build", sample_booths, "--fair", DATA / "halls" / "fair-3-halls.json", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert {"A.glb", "B.glb", "C.glb", "layout.json"} <= {p.name for p in tmp_path.iterdir()}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad-numbers.csv", 'bad-numbers.csv row 3, column width: .*"-3"'),
        ("duplicate-ref.csv", "duplicate-ref.csv row 3, column ref: .*EX1"),
        ("empty.csv", "empty.csv"),
        ("garbage.csv", "garbage.csv"),
        ("no-exhibitor-column.csv", "no-exhibitor-column.csv row 1.*exhibitor"),
        ("unknown-ref-and-html-name.csv", "unknown-ref-and-html-name.csv row 2, column keep_apart: .*EX9"),
        (
            "booth-larger-than-hall.csv",
            'booth-larger-than-hall.csv row 2, column width: booth "EX1" is 300 × 300 m',
        ),
    ],
)
def test_bad_booth_lists_exit_2_with_one_line_and_write_nothing(
    tmp_path, sample_hall, name, expected
) -> None:
    out = tmp_path / "out"
    result = _run("build", BAD / name, "--hall", sample_hall, "-o", out)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr

    assert re.search(expected, lines[0]), lines[0]
    assert not out.exists()


def test_missing_and_malformed_hall_files_exit_2(tmp_path, sample_booths) -> None:
    broken = tmp_path / "hall.json"
    broken.write_text('{"name": "X", "outline": [[0, 0], [10, 0]]', encoding="utf-8")
    for hall in (broken, tmp_path / "nowhere.json"):
        result = _run("build", sample_booths, "--hall", hall, "-o", tmp_path / "out")
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and hall.name in result.stderr
        assert "Traceback" not in result.stderr


def test_too_many_booths_for_the_hall_exit_2(tmp_path) -> None:
    result = _run(
        "build",
        DATA / "booths" / "services-fair-1212-zh.csv",
        "--hall",
        DATA / "halls" / "pavilion-40x30.json",
        "-o",
        tmp_path / "out",
    )
    assert result.returncode == 2
    assert "do not fit" in result.stderr and not (tmp_path / "out").exists()


def test_missing_booth_list_exits_2(tmp_path, sample_hall) -> None:
    result = _run("build", tmp_path / "none.csv", "--hall", sample_hall, "-o", tmp_path / "out")
    assert result.returncode == 2 and "none.csv" in result.stderr
