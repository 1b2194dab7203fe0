"""The GLB container and document checks every product model goes through first."""

import doctest
import json
import struct

import pytest
import trimesh

from halllayout import glb_check
from halllayout.glb_check import glb_problem
from tests.conftest import DATA

MODELS = DATA / "models" / "bad"


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
    result = doctest.testmod(glb_check)
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
