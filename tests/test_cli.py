"""The command line end to end, in a subprocess as a user runs it."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pygltflib
import pytest
import trimesh

from tests.conftest import DATA, validate_glb

BAD = DATA / "booths" / "bad"


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "halllayout", *map(str, args)], capture_output=True, text=True, timeout=300
    )


def test_build_places_all_120_booths_and_writes_a_valid_glb(tmp_path, sample_booths, sample_hall) -> None:
    result = _run("build", sample_booths, "--hall", sample_hall, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "A.glb",
        "booths.csv",
        "booths.xlsx",
        "layout.json",
        "plans",
    ]
    assert sorted(p.name for p in (tmp_path / "plans").iterdir()) == ["A.dxf", "A.pdf", "A.svg"]
    document = json.loads((tmp_path / "layout.json").read_text(encoding="utf-8"))
    booths = document["halls"][0]["booths"]
    assert len(booths) == 120
    assert len({b["number"] for b in booths}) == 120
    assert document["unplaced"] == [] and document["report"]["passed"] is True
    report = validate_glb(tmp_path / "A.glb")
    assert (report["numErrors"], report["numWarnings"]) == (0, 0), report["messages"]
    assert "120 of 120 booths placed" in result.stdout
    assert "rules: all 10 checks passed" in result.stdout


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


def test_every_problem_of_the_booth_list_and_the_hall_one_per_line_and_nothing_written(tmp_path) -> None:
    booths = tmp_path / "booths.csv"
    booths.write_text(
        "ref,company,面积,type\nEX1,Alpha,18,standard\nEX2,,-9,kiosk\nEX1,Gamma,9,\n", encoding="utf-8"
    )
    hall = tmp_path / "hall.json"
    hall.write_text(
        json.dumps(
            {
                "outline": [[0, 0], [40, 0], [40, 30], [0, 30]],
                "height": 0,
                "entrances": [{"at": [20, 3], "width": 6}],
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = _run("build", booths, "--hall", hall, "-o", out)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        'halllayout: error: booths.csv row 3, column company: expected a non-empty exhibitor name, got ""',
        "halllayout: error: booths.csv row 3, column 面积: expected a positive number of square metres, "
        'got "-9"',
        "halllayout: error: booths.csv row 3, column type: expected one of standard, corner, peninsula, "
        'island, raw, got "kiosk"',
        'halllayout: error: booths.csv row 4, column ref: duplicate ref "EX1", already at row 2',
        "halllayout: error: hall.json, field height: expected a positive number, got 0",
        "halllayout: error: hall.json, field entrances[0].at: expected a point on the outline "
        "(within 0.5 m), got [20, 3], 3 m from it",
    ]
    assert result.stdout == ""
    assert not out.exists()


def test_bad_numbers_sample_prints_both_rows(tmp_path, sample_hall) -> None:
    result = _run("build", BAD / "bad-numbers.csv", "--hall", sample_hall, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        'halllayout: error: bad-numbers.csv row 3, column width: expected a positive number, got "-3"',
        'halllayout: error: bad-numbers.csv row 4, column width: expected a positive number, got "three"',
    ]
    assert not (tmp_path / "out").exists()


def test_build_from_a_workbook_sheet_in_a_hall_drawn_in_cad(tmp_path) -> None:
    result = _run(
        "build",
        DATA / "booths" / "fair-60-zh.xlsx",
        "--sheet",
        "展商名单",
        "--hall",
        DATA / "halls" / "hall-a.dxf",
        "-o",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "60 of 60 booths placed" in result.stdout
    assert {"A.glb", "layout.json"} <= {p.name for p in tmp_path.iterdir()}


def test_unknown_sheet_exits_2(tmp_path, sample_hall) -> None:
    result = _run(
        "build",
        DATA / "booths" / "fair-60-zh.xlsx",
        "--sheet",
        "3",
        "--hall",
        sample_hall,
        "-o",
        tmp_path / "o",
    )
    assert result.returncode == 2
    assert (
        result.stderr
        == 'halllayout: error: fair-60-zh.xlsx: no sheet "3"; the workbook has 1 "展商名单", 2 "说明"\n'
    )


def test_missing_and_malformed_hall_files_exit_2(tmp_path, sample_booths) -> None:
    broken = tmp_path / "hall.json"
    broken.write_text('{"name": "X", "outline": [[0, 0], [10, 0]]', encoding="utf-8")
    for hall in (broken, tmp_path / "nowhere.json"):
        result = _run("build", sample_booths, "--hall", hall, "-o", tmp_path / "out")
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and hall.name in result.stderr
        assert "Traceback" not in result.stderr


def test_too_many_booths_for_the_hall_are_written_with_reasons_and_exit_3(tmp_path) -> None:
    result = _run(
        "build",
        DATA / "booths" / "services-fair-1212-zh.csv",
        "--hall",
        DATA / "halls" / "pavilion-40x30.json",
        "-o",
        tmp_path / "out",
    )
    assert result.returncode == 3
    assert "leaves booths unplaced" in result.stderr
    assert "booth(s) not placed:" in result.stdout and "no room left in hall A" in result.stdout
    document = json.loads((tmp_path / "out" / "layout.json").read_text(encoding="utf-8"))
    placed = len(document["halls"][0]["booths"])
    assert 0 < placed < 1212 and len(document["unplaced"]) == 1212 - placed
    assert all(u["reason"] for u in document["unplaced"])


def test_missing_booth_list_exits_2(tmp_path, sample_hall) -> None:
    result = _run("build", tmp_path / "none.csv", "--hall", sample_hall, "-o", tmp_path / "out")
    assert result.returncode == 2 and "none.csv" in result.stderr


def test_build_again_over_a_previous_layout_keeps_booths_and_says_what_moved(
    tmp_path, sample_booths, sample_hall
) -> None:
    first = _run(
        "build", sample_booths, "--hall", sample_hall, "-o", tmp_path / "one", "--no-scenes", "--no-plans"
    )
    assert first.returncode == 0, first.stderr
    lines = sample_booths.read_text(encoding="utf-8").splitlines()
    changed = tmp_path / "changed.csv"
    changed.write_text(
        "\n".join([*lines[:5], *lines[8:], "NEW1,新展商,3,3,standard,,CN,,,"]) + "\n", encoding="utf-8"
    )
    result = _run(
        "build",
        changed,
        "--hall",
        sample_hall,
        "--previous",
        tmp_path / "one" / "layout.json",
        "-o",
        tmp_path / "two",
        "--no-scenes",
        "--no-plans",
    )
    assert result.returncode == 0, result.stderr
    assert (
        "against the previous layout: 117 kept in place, 0 moved (none), 1 added, 3 removed" in result.stdout
    )
    one = json.loads((tmp_path / "one" / "layout.json").read_text(encoding="utf-8"))
    two = json.loads((tmp_path / "two" / "layout.json").read_text(encoding="utf-8"))
    before = {b["ref"]: (b["number"], b["rect"]) for b in one["halls"][0]["booths"]}
    after = {b["ref"]: (b["number"], b["rect"]) for b in two["halls"][0]["booths"]}
    assert all(after[ref] == before[ref] for ref in after if ref != "NEW1")
    assert two["metrics"]["changes"]["added"] == ["NEW1"]


def test_build_with_a_pins_file_puts_the_booths_there_and_refuses_bad_pins(
    tmp_path, sample_booths, sample_hall
) -> None:
    pins = tmp_path / "pins.csv"
    # EX000100 into the empty south-west corner of hall A, EX000007 with the number it must have
    pins.write_text(
        "ref,hall,x,y,front,number\nEX000100,A,6,6,S,\nEX000007,A,9,6,S,A9901\n", encoding="utf-8"
    )
    common = ("--hall", sample_hall, "--no-scenes", "--no-plans", "-q")
    result = _run("build", sample_booths, *common, "--pins", pins, "-o", tmp_path / "one")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "against the layout without pins" in result.stdout and "2 pinned" in result.stdout
    layout = json.loads((tmp_path / "one" / "layout.json").read_text(encoding="utf-8"))
    booths = {b["ref"]: b for b in layout["halls"][0]["booths"]}
    assert booths["EX000100"]["rect"] == [6, 6, 9, 9] and booths["EX000007"]["rect"] == [9, 6, 12, 9]
    assert booths["EX000007"]["number"] == "A9901" and len(booths) == 120
    assert layout["metrics"]["changes"]["pinned"] == ["EX000100", "EX000007"]
    bad = tmp_path / "bad.csv"
    bad.write_text("ref,hall,x,y\nNOPE,A,6,6\nEX000100,Z,1,1\nEX000007,A,-5,6\n", encoding="utf-8")
    refused = _run("build", sample_booths, *common, "--pins", bad, "-o", tmp_path / "two")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert 'bad.csv row 2, column ref: booth "NOPE" is not on the booth list' in refused.stderr
    assert 'bad.csv row 3, column hall: hall "Z" is not in the fair (A)' in refused.stderr
    assert "bad.csv row 4, column x" in refused.stderr and not (tmp_path / "two").exists()


def _number_of(layout_json: Path, ref: str) -> str:
    """The booth number the layout gave the booth `ref`."""
    layout = json.loads(layout_json.read_text(encoding="utf-8"))
    return next(b["number"] for hall in layout["halls"] for b in hall["booths"] if b["ref"] == ref)


def _product_node(glb: Path, product: str) -> dict:
    gltf = pygltflib.GLTF2.load(str(glb))
    return next(n.extras["halllayout"] for n in gltf.nodes if n.name == f"product {product}")


def test_product_models_from_a_folder_broken_ones_warn_and_the_build_still_succeeds(
    tmp_path, sample_booths, sample_hall
) -> None:
    box = bytes(trimesh.creation.box().export(file_type="glb"))
    models = tmp_path / "models"
    (models / "EX000016").mkdir(parents=True)  # EX000016's products: 移动冰毯, Office Chair, ...
    (models / "EX000016" / "1.glb").write_bytes(box)
    (models / "EX000016" / "2.glb").write_bytes((DATA / "models" / "truncated_chunk_data.glb").read_bytes())
    out = tmp_path / "out"
    result = _run("build", sample_booths, "--hall", sample_hall, "-o", out, "--no-plans", "--models", models)
    assert result.returncode == 0, result.stderr
    number = _number_of(out / "layout.json", "EX000016")
    warnings = result.stderr.splitlines()
    assert all(line.startswith("halllayout: warning: booth ") for line in warnings)
    warnings = [line for line in warnings if "(EX000016)" in line]
    assert warnings[0] == (
        f'halllayout: warning: booth {number} (EX000016) product 2 "Office Chair": {models}/EX000016/2.glb '
        "refused: truncated JSON chunk: 28 bytes declared, 27 present; a placeholder stands in its place"
    )
    assert warnings[1].startswith(
        f'halllayout: warning: booth {number} (EX000016) product 3 "Smart Speaker": {models}/EX000016/3.glb '
        "(or .zip, .obj, …) not found; a placeholder"
    )
    node = _product_node(out / "A.glb", "EX000016/1")
    index = json.loads((out / "models.json").read_text(encoding="utf-8"))
    assert index["products"] == {"EX000016/1": {k: node[k] for k in index["products"]["EX000016/1"]}}
    assert node["size"] == [1.0, 1.0, 1.0]
    names = sorted(p.name for p in (out / "models").iterdir())
    assert names == sorted(node[k].removeprefix("models/") for k in ("model", "far", "thumbnail"))
    assert _product_node(out / "A.glb", "EX000016/2").get("model") is None
    report = validate_glb(out / "A.glb")
    assert (report["numErrors"], report["numWarnings"]) == (0, 0), report["messages"]


def test_scene_builds_the_halls_of_a_layout_again_as_build_did(tmp_path, sample_booths) -> None:
    fair = DATA / "halls" / "fair-3-halls.json"
    assert (
        _run("build", sample_booths, "--fair", fair, "-o", tmp_path / "built", "--no-plans").returncode == 0
    )
    result = _run("scene", tmp_path / "built" / "layout.json", "-o", tmp_path / "again", "-q")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert sorted(p.name for p in (tmp_path / "again").iterdir()) == ["A.glb", "B.glb", "C.glb"]
    for name in ("A.glb", "B.glb", "C.glb"):
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "built" / name).read_bytes()
    assert "3 hall scene(s) with 120 booths" in result.stdout


def test_scene_with_models_shows_the_valid_ones(tmp_path, sample_booths, sample_hall) -> None:
    assert (
        _run("build", sample_booths, "--hall", sample_hall, "-o", tmp_path / "built", "--no-plans").returncode
        == 0
    )
    models = tmp_path / "models"
    (models / "EX000016").mkdir(parents=True)
    (models / "EX000016" / "1.glb").write_bytes(bytes(trimesh.creation.box().export(file_type="glb")))
    (models / "EX000016" / "2.glb").write_bytes((DATA / "models" / "invalid_magic.glb").read_bytes())
    result = _run("scene", tmp_path / "built" / "layout.json", "-o", tmp_path / "again", "--models", models)
    assert result.returncode == 0, result.stderr
    number = _number_of(tmp_path / "built" / "layout.json", "EX000016")
    assert (
        f'booth {number} (EX000016) product 2 "Office Chair": {models}/EX000016/2.glb refused: it does not '
        'start with "glTF" (found 00 00 00 00); a placeholder stands in its place'
    ) in result.stderr
    assert "product models: 1 of 295 found, 294 left as placeholders" in result.stdout
    model = _product_node(tmp_path / "again" / "A.glb", "EX000016/1")["model"]
    assert (tmp_path / "again" / model).is_file()


def test_scene_refuses_a_layout_of_an_older_format_and_writes_nothing(
    tmp_path, sample_booths, sample_hall
) -> None:
    assert (
        _run(
            "build", sample_booths, "--hall", sample_hall, "-o", tmp_path, "--no-plans", "--no-scenes"
        ).returncode
        == 0
    )
    document = json.loads((tmp_path / "layout.json").read_text(encoding="utf-8"))
    document["format"] = "halllayout/layout@1"
    old = tmp_path / "old-layout.json"
    old.write_text(json.dumps(document), encoding="utf-8")
    result = _run("scene", old, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr == (
        'halllayout: error: old-layout.json, field format: expected "halllayout/layout@2", got '
        '"halllayout/layout@1": the file was written by an older halllayout; rebuild it with '
        "`halllayout build`\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_missing_models_folder_is_bad_input_with_the_other_problems(tmp_path, sample_hall) -> None:
    result = _run(
        "build",
        tmp_path / "none.csv",
        "--hall",
        sample_hall,
        "-o",
        tmp_path / "out",
        "--models",
        tmp_path / "nowhere",
    )
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and "none.csv" in lines[0]
    assert lines[1] == (
        f"halllayout: error: {tmp_path / 'nowhere'}: expected a folder of product models <ref>/<n>.glb "
        "(or .zip, .obj, …), found nothing there"
    )
    assert not (tmp_path / "out").exists()


def test_a_build_collects_garbage_less_often_and_leaves_the_collector_as_it_was() -> None:
    import gc

    from halllayout.cli import BUILD_GC_THRESHOLD, fewer_collections

    before = gc.get_threshold()
    assert before != BUILD_GC_THRESHOLD
    with fewer_collections():
        assert gc.get_threshold() == BUILD_GC_THRESHOLD
    assert gc.get_threshold() == before
    with pytest.raises(KeyError), fewer_collections():
        raise KeyError("a build that fails")
    assert gc.get_threshold() == before
