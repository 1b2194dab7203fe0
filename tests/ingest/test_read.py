"""Reading uploads: every real good file reads, every bad or hostile one is refused saying why."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pygltflib
import pytest

from halllayout.errors import ModelRefused
from halllayout.ingest.read import Limits, read_model, read_upload
from halllayout.scene import glb
from halllayout.scene.geometry import plan_box
from tests.conftest import DATA

GOOD = sorted((DATA / "models" / "good").iterdir())
BAD = sorted(p for p in (DATA / "models" / "bad").iterdir() if p.name != "busted.STL")

BOX_OBJ = b"mtllib box.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nvt 1 0\nvt 0 1\nusemtl skin\nf 1/1 2/2 3/3\n"


def _png_header(width: int, height: int) -> bytes:
    """A PNG signature and IHDR chunk declaring `width` × `height`, no pixels: about 40 bytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return b"\x89PNG\r\n\x1a\n" + chunk


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def _gltf(folder: Path, uri: str) -> Path:
    positions = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0]], np.float32).tobytes()
    indices = np.array([0, 1, 2], np.uint16).tobytes()
    document = (
        '{"asset": {"version": "2.0"}, "scenes": [{"nodes": [0]}], "nodes": [{"mesh": 0}],'
        '"meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1}]}],'
        '"accessors": [{"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3",'
        ' "min": [0, 0, 0], "max": [1, 1, 0]},'
        ' {"bufferView": 1, "componentType": 5123, "count": 3, "type": "SCALAR"}],'
        '"bufferViews": [{"buffer": 0, "byteLength": 36}, {"buffer": 0, "byteOffset": 36, "byteLength": 6}],'
        f'"buffers": [{{"uri": "{uri}", "byteLength": 42}}]}}'
    )
    (folder / "model.bin").write_bytes(positions + indices)
    path = folder / "model.gltf"
    path.write_text(document)
    return path


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_every_good_file_reads(path: Path) -> None:
    upload = read_model(path)
    assert upload.mesh.triangles > 0
    assert all(np.isfinite(p.positions).all() for p in upload.mesh.primitives)
    assert all(
        p.normals is not None and np.allclose(np.linalg.norm(p.normals, axis=1), 1, atol=1e-4)
        for p in upload.mesh.primitives
    )


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_every_bad_file_is_refused(path: Path) -> None:
    with pytest.raises(ModelRefused, match=f"^{re.escape(path.name)}: .+"):
        read_upload(path, Limits())


def test_refusals_say_what_is_wrong() -> None:
    bad = DATA / "models" / "bad"
    with pytest.raises(ModelRefused, match="point cloud of 8 points"):
        read_upload(bad / "points_only.obj")
    with pytest.raises(ModelRefused, match="truncated JSON chunk: 28 bytes declared, 27 present"):
        read_upload(bad / "truncated_chunk_data.glb")
    with pytest.raises(ModelRefused, match="no triangles"):
        read_upload(bad / "empty_bin.stl")


def test_busted_stl_is_repaired_into_a_mesh() -> None:
    assert read_upload(DATA / "models" / "bad" / "busted.STL").triangles == 3878


def test_a_glb_keeps_its_texture_and_uvs_in_gltf_convention() -> None:
    upload = read_model(DATA / "models" / "good" / "BoxTextured.glb")
    assert upload.format == "glb" and upload.textures == ((256, 256),)
    (primitive,) = upload.mesh.primitives
    gltf = pygltflib.GLTF2.load_binary(str(DATA / "models" / "good" / "BoxTextured.glb"))
    accessor = gltf.accessors[gltf.meshes[0].primitives[0].attributes.TEXCOORD_0]
    view = gltf.bufferViews[accessor.bufferView]
    start = (view.byteOffset or 0) + (accessor.byteOffset or 0)
    stored = np.frombuffer(gltf.binary_blob(), np.float32, accessor.count * 2, start).reshape(-1, 2)
    assert primitive.uvs is not None
    assert np.allclose(np.unique(primitive.uvs, axis=0), np.unique(stored, axis=0), atol=1e-6)
    assert upload.mesh.materials[0].texture is not None


def test_a_zip_of_obj_mtl_and_jpeg_reads_with_its_texture() -> None:
    upload = read_model(DATA / "models" / "good" / "fuze.zip")
    assert (upload.format, upload.mesh.triangles, upload.textures) == ("obj", 1000, ((1024, 1024),))


def test_upload_size_is_checked_first(tmp_path: Path) -> None:
    with pytest.raises(ModelRefused, match="44,784 bytes, over the limit of 1,000"):
        read_upload(DATA / "models" / "good" / "teapot.stl", Limits(upload_bytes=1000))


def test_triangles_are_counted_before_loading() -> None:
    with pytest.raises(ModelRefused, match="894 triangles, over the limit of 100"):
        read_upload(DATA / "models" / "good" / "teapot.stl", Limits(triangles=100))
    with pytest.raises(ModelRefused, match="16,301 triangles"):
        read_upload(DATA / "models" / "good" / "bunny.ply", Limits(triangles=100))
    with pytest.raises(ModelRefused, match="4,212 triangles"):
        read_upload(DATA / "models" / "good" / "Duck.glb", Limits(triangles=100))


def test_zip_slip_is_refused(tmp_path: Path) -> None:
    upload = _zip(tmp_path / "slip.zip", {"box.obj": BOX_OBJ, "../evil": b"x"})
    with pytest.raises(ModelRefused, match=re.escape('entry "../evil" points outside the zip')):
        read_upload(upload)
    assert not (tmp_path.parent / "evil").exists()
    absolute = _zip(tmp_path / "absolute.zip", {"box.obj": BOX_OBJ, "/tmp/evil": b"x"})
    with pytest.raises(ModelRefused, match="points outside the zip"):
        read_upload(absolute)


def test_zip_bombs_are_refused_before_unpacking(tmp_path: Path) -> None:
    many = _zip(tmp_path / "many.zip", {f"{i}.txt": b"" for i in range(1001)} | {"box.obj": BOX_OBJ})
    with pytest.raises(ModelRefused, match="1,002 entries, over the limit of 1,000"):
        read_upload(many)
    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("box.obj", BOX_OBJ)
        archive.writestr("zeros.bin", bytes(2_000_000))
    with pytest.raises(ModelRefused, match=r"unpacks to 2,000,\d+ bytes, over the limit of 1,000,000"):
        read_upload(big, Limits(unpacked_bytes=1_000_000))


@pytest.mark.parametrize(
    "uri", ["../../etc/passwd", "http://example.com/model.bin", "file:///etc/passwd", "/etc/passwd"]
)
def test_gltf_uris_outside_the_upload_are_refused(tmp_path: Path, uri: str) -> None:
    with pytest.raises(ModelRefused, match=re.escape(f'buffer 0 refers to "{uri}"')):
        read_upload(_gltf(tmp_path, uri))


def test_a_gltf_beside_its_bin_reads(tmp_path: Path) -> None:
    assert read_upload(_gltf(tmp_path, "model.bin")).triangles == 1


def test_obj_material_library_outside_the_upload_is_refused(tmp_path: Path) -> None:
    upload = _zip(tmp_path / "mtl.zip", {"box.obj": BOX_OBJ.replace(b"box.mtl", b"../../etc/box.mtl")})
    with pytest.raises(
        ModelRefused, match=re.escape('mtllib ../../etc/box.mtl refers to "../../etc/box.mtl", outside')
    ):
        read_upload(upload)


def test_a_png_declaring_60000_square_is_refused_without_decoding(tmp_path: Path) -> None:
    header = _png_header(60_000, 60_000)
    assert len(header) < 100
    upload = _zip(
        tmp_path / "huge.zip",
        {"box.obj": BOX_OBJ, "box.mtl": b"newmtl skin\nmap_Kd huge.png\n", "huge.png": header},
    )
    with pytest.raises(
        ModelRefused, match=re.escape('image "huge.png" is 60,000 × 60,000 pixels, over the limit')
    ):
        read_upload(upload)


def test_a_glb_embedding_a_huge_png_is_refused(tmp_path: Path) -> None:
    material = glb.Material("skin", texture=_png_header(60_000, 60_000))
    path = tmp_path / "huge.glb"
    path.write_bytes(glb.write_glb("huge", [glb.Batch("box", material, plan_box(0, 0, 1, 1, 0, 1))]))
    with pytest.raises(ModelRefused, match="image 0 is 60,000 × 60,000 pixels"):
        read_upload(path)


def test_a_zip_of_two_models_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelRefused, match="holds 2 models"):
        read_upload(_zip(tmp_path / "two.zip", {"a.obj": BOX_OBJ, "b.obj": BOX_OBJ}))


def test_an_unknown_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.fbx"
    path.write_bytes(b"Kaydara FBX Binary")
    with pytest.raises(ModelRefused, match=r"^model.fbx: .fbx is not a model format this reads"):
        read_upload(path)


def test_nesting_too_deep_is_refused(tmp_path: Path) -> None:
    material = glb.Material("plain")
    path = tmp_path / "deep.glb"
    path.write_bytes(glb.write_glb("root", [glb.Batch("box", material, plan_box(0, 0, 1, 1, 0, 1))]))
    read_upload(path, Limits(node_depth=2))
    with pytest.raises(ModelRefused, match="nest deeper than 1 levels"):
        read_upload(path, Limits(node_depth=1))


def test_an_obj_beside_a_huge_texture_is_refused(tmp_path: Path) -> None:
    (tmp_path / "box.obj").write_bytes(BOX_OBJ)
    (tmp_path / "box.mtl").write_bytes(b"newmtl skin\nmap_Kd huge.png\n")
    (tmp_path / "huge.png").write_bytes(_png_header(60_000, 60_000))
    with pytest.raises(ModelRefused, match=re.escape('image "huge.png" is 60,000 × 60,000 pixels')):
        read_upload(tmp_path / "box.obj")


def test_a_zip_of_gltf_and_bin_reads(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    gltf = _gltf(folder, "model.bin")
    upload = _zip(
        tmp_path / "upload.zip",
        {"model.gltf": gltf.read_bytes(), "model.bin": (folder / "model.bin").read_bytes()},
    )
    assert read_model(upload).format == "gltf"


def test_a_gltf_image_outside_the_upload_is_refused(tmp_path: Path) -> None:
    path = _gltf(tmp_path, "model.bin")
    path.write_text(path.read_text()[:-1] + ', "images": [{"uri": "..%2F..%2Fsecret.png"}]}')
    with pytest.raises(ModelRefused, match=re.escape('image 0 refers to "..%2F..%2Fsecret.png", outside')):
        read_upload(path)


def test_a_huge_png_in_a_data_uri_is_refused(tmp_path: Path) -> None:
    import base64

    path = _gltf(tmp_path, "model.bin")
    data = base64.b64encode(_png_header(60_000, 60_000)).decode()
    path.write_text(path.read_text()[:-1] + f', "images": [{{"uri": "data:image/png;base64,{data}"}}]}}')
    with pytest.raises(ModelRefused, match="image 0 is 60,000 × 60,000 pixels"):
        read_upload(path)


@pytest.mark.parametrize("suffix", [".off", ".3mf"])
def test_off_and_3mf_read_as_written_by_another_tool(tmp_path: Path, suffix: str) -> None:
    # no third-party samples of these formats: trimesh writes them here, as a CAD export would
    import trimesh

    from halllayout.ingest import ingest

    path = tmp_path / f"ball{suffix}"
    trimesh.creation.icosphere(subdivisions=3, radius=150.0).export(path)  # millimetres
    mesh = read_upload(path)
    assert mesh.triangles == 1280
    result = ingest(path, units="mm")
    assert result.report["output"]["triangles"] == 1280
    assert [round(v, 2) for v in result.report["size_m"].values()] == [0.3, 0.3, 0.3]
