"""`halllayout ingest`: every real good model becomes a valid web-ready GLB of a plausible size; every
bad one exits 2 with one line saying what is wrong."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from halllayout.cli import main
from tests.conftest import DATA, validate_glb

GOOD = sorted((DATA / "models" / "good").iterdir())
BAD = sorted(p for p in (DATA / "models" / "bad").iterdir() if p.name != "busted.STL")


@pytest.mark.parametrize("path", [*GOOD, DATA / "models" / "bad" / "busted.STL"], ids=lambda p: p.name)
def test_every_good_model_ingests_into_a_valid_glb(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.perf_counter()
    assert main(["ingest", str(path), "-o", str(tmp_path)]) == 0
    seconds = time.perf_counter() - started
    glb = tmp_path / f"{path.stem}.glb"
    report = json.loads((tmp_path / f"{path.stem}.report.json").read_text())
    validation = validate_glb(glb)
    assert (validation["numErrors"], validation["numWarnings"]) == (0, 0), validation["messages"]
    size = report["size_m"]
    with capsys.disabled():
        print(
            f"\n  {path.name}: {size['x']} × {size['y']} × {size['z']} m, {report['units']['used']}, "
            f"{report['up']['axis']}-up, {report['output']['triangles']} triangles, "
            f"{report['output']['bytes']:,} bytes, {seconds:.2f} s"
        )
    assert 0.01 <= max(size.values()) <= 10, size
    assert report["output"]["bytes"] == glb.stat().st_size
    assert report["within_budget"], report["budget"]
    far = tmp_path / f"{path.stem}.far.glb"
    validation = validate_glb(far)
    assert (validation["numErrors"], validation["numWarnings"]) == (0, 0), validation["messages"]
    assert report["far"]["bytes"] == far.stat().st_size
    assert report["far"]["triangles"] <= report["output"]["triangles"]
    with Image.open(tmp_path / f"{path.stem}.png") as picture:
        assert picture.size == (256, 256)
        alpha = np.asarray(picture.convert("RGBA"))[:, :, 3]
        assert 0.02 < (alpha > 0).mean() < 0.98  # something drawn, on a transparent ground


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_every_bad_model_exits_2_with_one_line(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", str(path), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"halllayout: error: {path.name}: "), err
    assert not (tmp_path / "out").exists()


def test_options_reach_the_model(tmp_path: Path) -> None:
    teapot = DATA / "models" / "good" / "teapot.stl"
    args = ["ingest", str(teapot), "-o", str(tmp_path), "--units", "cm", "--up", "y", "--fit", "1,1,0.5"]
    assert main(args) == 0
    report = json.loads((tmp_path / "teapot.report.json").read_text())
    assert report["units"] == {"used": "cm", "detected": False}
    assert report["up"] == {"axis": "y", "detected": False}
    assert report["real_size_m"]["x"] == pytest.approx(0.6317, abs=1e-3)
    assert report["size_m"]["y"] == pytest.approx(0.5, abs=1e-3)  # the height bounds the fit
    assert report["size_m"]["x"] <= 1 and report["size_m"]["z"] <= 1


def test_a_bad_fit_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["ingest", "x.glb", "-o", "out", "--fit", "1,2"])
    assert exit_.value.code == 2
    assert "expected three positive sizes" in capsys.readouterr().err
