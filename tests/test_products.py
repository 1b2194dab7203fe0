import doctest
import json
import shutil
from pathlib import Path

import pytest
import trimesh

from halllayout import products
from halllayout.errors import InputError
from halllayout.glb_check import glb_problem
from halllayout.model import BoothRequest, Fair, Layout, PlacedBooth
from halllayout.products import check_models_folder, find_product_models
from tests.conftest import DATA, make_hall

MODELS = DATA / "models"
GOOD = MODELS / "good"
BAD = MODELS / "bad"


def _box() -> bytes:
    return bytes(trimesh.creation.box().export(file_type="glb"))


def test_docstring_examples() -> None:
    result = doctest.testmod(products)
    assert result.attempted > 0 and result.failed == 0


def _layout(*booths: tuple[str, tuple[str, ...]]) -> Layout:
    placed = tuple(
        PlacedBooth(
            f"A01{i:02d}",
            BoothRequest(ref, f"Exhibitor {ref}", 3, 3, products=names),
            "A",
            3 * i,
            0,
            3 * i + 3,
            3,
            "N",
            ("N",),
        )
        for i, (ref, names) in enumerate(booths, start=1)
    )
    return Layout(Fair("F", (make_hall(),)), placed)


def test_uploads_are_ingested_stored_by_content_and_the_others_warn(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    (folder / "EX1").mkdir(parents=True)
    (folder / "EX1" / "1.glb").write_bytes(_box())
    (folder / "EX1" / "2.glb").write_bytes((BAD / "truncated_chunk_data.glb").read_bytes())
    (folder / "EX1" / "3.glb").mkdir()
    (folder / "EX2").mkdir()
    (folder / "EX2" / "1.glb").write_bytes(_box())  # the same content as EX1's first: ingested once
    (folder / "EX2" / "2.glb").write_bytes(_box())  # EX2 has one product: not looked at
    (folder / "EX9").mkdir()  # no such booth: not looked at
    (folder / "EX9" / "1.glb").write_bytes(_box())

    found = find_product_models(
        _layout(("EX1", ("Espresso Machine", "Kettle", "Chair", "Lamp")), ("EX2", ("咖啡机",)), ("EX3", ())),
        folder,
    )

    model = found.models["EX1/1"]
    assert found.models == {"EX1/1": model, "EX2/1": model}
    digest = model.model.removeprefix("models/").removesuffix(".glb")
    assert (model.model, model.far, model.thumbnail) == (
        f"models/{digest}.glb",
        f"models/{digest}.far.glb",
        f"models/{digest}.png",
    )
    assert sorted(found.files) == sorted([model.model, model.far, model.thumbnail, "models.json"])
    assert glb_problem(found.files[model.model]) is None and glb_problem(found.files[model.far]) is None
    assert found.files[model.thumbnail].startswith(b"\x89PNG")
    assert model.size == (1.0, 1.0, 1.0) and model.triangles == 12
    assert found.warnings == (
        f'booth A0101 (EX1) product 2 "Kettle": {folder}/EX1/2.glb refused: truncated JSON chunk: '
        "28 bytes declared, 27 present; a placeholder stands in its place",
        f'booth A0101 (EX1) product 3 "Chair": {folder}/EX1/3.glb is not a file; a placeholder stands '
        "in its place",
        f'booth A0101 (EX1) product 4 "Lamp": {folder}/EX1/4.glb (or .zip, .obj, …) not found; a '
        "placeholder stands in its place",
    )


def test_the_index_names_every_product_s_files_and_size(tmp_path: Path) -> None:
    (tmp_path / "EX1").mkdir()
    (tmp_path / "EX1" / "1.glb").write_bytes(_box())
    found = find_product_models(_layout(("EX1", ("Kettle",))), tmp_path)
    index = json.loads(found.files["models.json"])
    assert index == {"format": "halllayout/models@1", "products": {"EX1/1": found.models["EX1/1"].extras()}}
    assert index["products"]["EX1/1"]["size"] == [1.0, 1.0, 1.0]


def test_any_format_ingestion_reads_is_found_in_any_case_and_a_glb_comes_first(tmp_path: Path) -> None:
    (tmp_path / "EX1").mkdir()
    shutil.copy(GOOD / "featuretype.STL", tmp_path / "EX1" / "1.STL")
    shutil.copy(GOOD / "chair.zip", tmp_path / "EX1" / "2.zip")
    shutil.copy(GOOD / "teapot.stl", tmp_path / "EX1" / "3.stl")
    (tmp_path / "EX1" / "3.glb").write_bytes(_box())
    found = find_product_models(_layout(("EX1", ("Part", "Chair", "Box"))), tmp_path)
    assert found.warnings == ()
    assert sorted(found.models) == ["EX1/1", "EX1/2", "EX1/3"]
    assert found.models["EX1/3"].triangles == 12  # the GLB, not the teapot
    assert len({m.model for m in found.models.values()}) == 3


def test_a_ref_may_name_a_folder_in_any_script(tmp_path: Path) -> None:
    (tmp_path / "展商 1").mkdir()
    (tmp_path / "展商 1" / "1.glb").write_bytes(_box())
    found = find_product_models(_layout(("展商 1", ("灯",))), tmp_path)
    assert list(found.models) == ["展商 1/1"] and found.warnings == ()


def test_progress_counts_the_distinct_uploads(tmp_path: Path) -> None:
    for ref in ("EX1", "EX2"):
        (tmp_path / ref).mkdir()
        (tmp_path / ref / "1.glb").write_bytes(_box())
    seen: list[tuple[int, int]] = []
    find_product_models(
        _layout(("EX1", ("Kettle",)), ("EX2", ("Kettle",))),
        tmp_path,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen[0] == (0, 1) and seen[-1] == (1, 1)


def test_a_ref_that_would_lead_out_of_the_folder_is_not_looked_up(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "1.glb").write_bytes(_box())
    found = find_product_models(_layout(("..", ("Kettle",)), ("a/..", ("Kettle",))), tmp_path / "models")
    assert (found.files, found.models) == ({}, {})
    assert found.warnings == (
        'booth A0101 (..) product 1 "Kettle": the ref cannot name a folder of models; a placeholder '
        "stands in its place",
        'booth A0102 (a/..) product 1 "Kettle": the ref cannot name a folder of models; a placeholder '
        "stands in its place",
    )


def test_the_models_folder_must_be_a_folder(tmp_path: Path) -> None:
    with pytest.raises(
        InputError,
        match=r"none: expected a folder of product models <ref>/<n>.glb \(or .zip, .obj, …\), found nothing",
    ):
        check_models_folder(tmp_path / "none")
    (tmp_path / "file").write_text("x")
    with pytest.raises(
        InputError,
        match=r"file: expected a folder of product models <ref>/<n>.glb \(or .zip, .obj, …\), found a file",
    ):
        find_product_models(_layout(), tmp_path / "file")


def test_logos_are_read_as_rgba_and_a_broken_one_warns(tmp_path: Path) -> None:
    from PIL import Image

    (tmp_path / "EX1").mkdir()
    Image.new("RGB", (40, 20), (10, 20, 30)).save(tmp_path / "EX1" / "logo.jpg")
    (tmp_path / "EX2").mkdir()
    (tmp_path / "EX2" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    found = find_product_models(_layout(("EX1", ()), ("EX2", ()), ("EX3", ())), tmp_path)
    assert list(found.logos) == ["EX1"]
    assert found.logos["EX1"].mode == "RGBA" and found.logos["EX1"].size == (40, 20)
    assert len(found.warnings) == 1
    assert found.warnings[0].startswith(
        f"booth A0102 (EX2) logo: {tmp_path / 'EX2' / 'logo.png'} is not a readable"
    )
    assert found.warnings[0].endswith("; the back wall stays plain")
