import doctest
import json
import struct
from pathlib import Path

import pytest
import trimesh

from halllayout import products
from halllayout.errors import InputError
from halllayout.model import BoothRequest, Fair, Layout, PlacedBooth
from halllayout.products import check_models_folder, find_product_models, glb_problem
from tests.conftest import DATA, make_hall

MODELS = DATA / "models"


def _box() -> bytes:
    return bytes(trimesh.creation.box().export(file_type="glb"))


def _glb(document: dict | bytes, binary: bytes | None = None, *, version: int = 2) -> bytes:
    """A GLB container around `document` (padded with spaces) and an optional BIN chunk."""
    text = document if isinstance(document, bytes) else json.dumps(document).encode()
    text += b" " * (-len(text) % 4)
    body = struct.pack("<II", len(text), 0x4E4F534A) + text
    if binary is not None:
        body += struct.pack("<II", len(binary), 0x004E4942) + binary
    return struct.pack("<4sII", b"glTF", version, 12 + len(body)) + body


MESH = {"asset": {"version": "2.0"}, "meshes": [{"primitives": [{"attributes": {"POSITION": 0}}]}]}


def test_docstring_examples() -> None:
    result = doctest.testmod(products)
    assert result.attempted > 0 and result.failed == 0


def test_a_glb_with_a_mesh_is_valid() -> None:
    assert glb_problem(_box()) is None
    assert glb_problem(_glb(MESH)) is None


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("truncated_chunk_data.glb", "truncated JSON chunk: 28 bytes declared, 27 present"),
        ("invalid_magic.glb", 'it does not start with "glTF" (found 00 00 00 00)'),
    ],
)
def test_broken_glbs_from_the_validators_tests_say_what_is_wrong(name: str, problem: str) -> None:
    assert glb_problem((MODELS / name).read_bytes()) == problem


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b"glTF\x02\x00", "6 bytes, shorter than the 12-byte GLB header"),
        (_glb(MESH, version=1), "GLB version 1; expected 2"),
        (_glb(MESH)[:-3], "truncated JSON chunk: 92 bytes declared, 89 present"),
        (_glb(MESH) + b"\x00", "truncated chunk header at byte 112"),
        (
            _glb(MESH)[:8] + struct.pack("<I", 200) + _glb(MESH)[12:],
            "the header gives a length of 200 bytes, the file has 112",
        ),
        (struct.pack("<4sIIII", b"glTF", 2, 20, 0, 0x004E4942), "the first chunk is not JSON"),
        (_glb(b'{"asset": '), "invalid JSON at line 1, column 13: Expecting value"),
        (_glb(b"\xff\xfe"), "its JSON chunk is not UTF-8 text"),
        (_glb(b"[]"), "its JSON is not an object"),
        (_glb({"asset": {"version": "1.0"}}), 'asset.version "1.0"; expected glTF 2.0'),
        (
            _glb({"asset": {"version": "2.0"}, "meshes": 5}),
            "its JSON is not glTF 2.0: 'int' object is not iterable",
        ),
        (_glb({"asset": {"version": "2.0"}}), "no mesh"),
        (
            _glb(MESH | {"buffers": [{"uri": "box.bin", "byteLength": 240}]}),
            'buffer 0 refers to the outside file "box.bin"; pack it into the GLB',
        ),
        (
            _glb(MESH | {"images": [{"uri": "../../secret.png"}]}),
            'image 0 refers to the outside file "../../secret.png"; pack it into the GLB',
        ),
        (
            _glb(MESH | {"buffers": [{"byteLength": 240}]}, b"\x00" * 8),
            "buffer 0 needs 240 bytes, the BIN chunk holds 8",
        ),
        (_glb(MESH | {"buffers": [{"byteLength": 240}]}), "buffer 0 needs 240 bytes, the BIN chunk holds 0"),
    ],
)
def test_what_is_wrong_with_a_glb(data: bytes, problem: str) -> None:
    assert glb_problem(data) == problem


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


def test_valid_models_are_kept_and_the_others_warn_naming_booth_product_and_file(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    (folder / "EX1").mkdir(parents=True)
    (folder / "EX1" / "1.glb").write_bytes(_box())
    (folder / "EX1" / "2.glb").write_bytes((MODELS / "truncated_chunk_data.glb").read_bytes())
    (folder / "EX1" / "3.glb").mkdir()
    (folder / "EX2").mkdir()
    (folder / "EX2" / "1.glb").write_bytes(_box())
    (folder / "EX2" / "2.glb").write_bytes(_box())  # EX2 has one product: not looked at
    (folder / "EX9" / "1.glb").parent.mkdir()  # no such booth: not looked at

    found = find_product_models(
        _layout(("EX1", ("Espresso Machine", "Kettle", "Chair", "Lamp")), ("EX2", ("咖啡机",)), ("EX3", ())),
        folder,
    )

    assert found.files == {"models/EX1/1.glb": _box(), "models/EX2/1.glb": _box()}
    assert found.uris == {"EX1/1": "models/EX1/1.glb", "EX2/1": "models/EX2/1.glb"}
    assert found.warnings == (
        f'booth A0101 (EX1) product 2 "Kettle": {folder}/EX1/2.glb is not a valid GLB (truncated JSON chunk: '
        "28 bytes declared, 27 present); a placeholder stands in its place",
        f'booth A0101 (EX1) product 3 "Chair": cannot read {folder}/EX1/3.glb: Is a directory; a placeholder '
        "stands in its place",
        f'booth A0101 (EX1) product 4 "Lamp": {folder}/EX1/4.glb not found; a placeholder stands in its '
        "place",
    )


def test_a_ref_is_a_folder_name_in_the_files_and_quoted_in_the_uris(tmp_path: Path) -> None:
    (tmp_path / "展商 1").mkdir()
    (tmp_path / "展商 1" / "1.glb").write_bytes(_box())
    found = find_product_models(_layout(("展商 1", ("灯",))), tmp_path)
    assert list(found.files) == ["models/展商 1/1.glb"]
    assert found.uris == {"展商 1/1": "models/%E5%B1%95%E5%95%86%201/1.glb"}


def test_a_ref_that_would_lead_out_of_the_folder_is_not_looked_up(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "1.glb").write_bytes(_box())
    found = find_product_models(_layout(("..", ("Kettle",)), ("a/..", ("Kettle",))), tmp_path / "models")
    assert (found.files, found.uris) == ({}, {})
    assert found.warnings == (
        'booth A0101 (..) product 1 "Kettle": the ref cannot name a folder of models; a placeholder '
        "stands in its place",
        'booth A0102 (a/..) product 1 "Kettle": the ref cannot name a folder of models; a placeholder '
        "stands in its place",
    )


def test_the_models_folder_must_be_a_folder(tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=r"none: expected a folder of product models <ref>/<n>.glb, found nothing"
    ):
        check_models_folder(tmp_path / "none")
    (tmp_path / "file").write_text("x")
    with pytest.raises(
        InputError, match=r"file: expected a folder of product models <ref>/<n>.glb, found a file"
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
