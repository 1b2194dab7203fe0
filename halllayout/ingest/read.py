"""Read an exhibitor's upload into a `ProductMesh`, or refuse it with what is wrong.

Formats: GLB; glTF with its .bin and images beside it or in a zip; OBJ with its MTL and textures (a
zip for all three); STL (binary and ASCII); PLY; 3MF and OFF (as trimesh reads them). A zip is
unpacked into a private temporary folder and must hold exactly one model.

Every `Limits` is checked before the work it guards: the upload's size before it is read, a zip's
entries (count, declared sizes, paths) before anything is unpacked, a glTF's URIs and declared
triangle count before trimesh loads it, each image's pixel count from its header before it is
decoded, the triangle count of STL/PLY/OBJ from their headers or lines. A file that breaks one
raises `ModelRefused` naming the file and the limit.

Node transforms are applied (the scene is flattened); each geometry becomes one `Primitive`, its
material deduplicated. Normals are the file's where it has them, else smooth with creases over 30°
split. UVs are in glTF's convention, (0, 0) the top-left corner of the image.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import math
import re
import struct
import tempfile
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

import numpy as np
import trimesh
from numpy.typing import NDArray
from PIL import Image

from halllayout.errors import ModelRefused
from halllayout.glb_check import CHUNK_BIN, CHUNK_HEADER, CHUNK_JSON, GLB_HEADER, glb_problem
from halllayout.ingest.mesh import Material, Primitive, ProductMesh
from halllayout.ingest.normals import smooth_normals, unit_normals

#: The formats read, by file suffix, and trimesh's name for each.
FORMATS = {
    ".glb": "glb",
    ".gltf": "gltf",
    ".obj": "obj",
    ".stl": "stl",
    ".ply": "ply",
    ".3mf": "3mf",
    ".off": "off",
}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Creases sharper than this stay hard where a file gives no normals (CAD parts, scans keep smooth).
CREASE_ANGLE = math.radians(30)


@dataclass(frozen=True)
class Limits:
    """What an upload may be at most; each is checked before the work it guards."""

    upload_bytes: int = 100_000_000
    zip_entries: int = 1_000
    unpacked_bytes: int = 300_000_000
    image_pixels: int = 8192 * 8192
    triangles: int = 5_000_000
    node_depth: int = 32


#: The limits an upload is held to unless told otherwise.
DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Upload:
    """A model read: its mesh, format (as in `FORMATS`), the upload's size and the textures' sizes."""

    mesh: ProductMesh
    format: str
    bytes: int
    textures: tuple[tuple[int, int], ...] = field(default=())


def read_upload(path: Path, limits: Limits = DEFAULT_LIMITS) -> ProductMesh:
    """The product mesh of the upload at `path`; raises `ModelRefused` saying what is wrong."""
    return read_model(path, limits).mesh


def read_model(path: Path, limits: Limits = DEFAULT_LIMITS) -> Upload:
    """`read_upload` with what the report needs besides the mesh."""
    source = path.name
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ModelRefused(source, f"cannot be read: {error.strerror or error}") from error
    if size > limits.upload_bytes:
        raise ModelRefused(source, f"{size:,} bytes, over the limit of {limits.upload_bytes:,}")
    suffix = path.suffix.lower()
    if suffix == ".zip":
        with _unpacked(path, limits) as folder:
            model = _model_in(folder, source)
            _check_image_files(folder, source, limits)
            upload = _read_file(model, source, limits)
        return Upload(upload.mesh, upload.format, size, upload.textures)
    if suffix not in FORMATS:
        raise ModelRefused(
            source, f"{suffix or 'no suffix'} is not a model format this reads ({_accepted()})"
        )
    return _read_file(path, source, limits)


class TextureUnreadable(Exception):
    """A material's texture that does not decode; `_convert` names the upload."""

    def __init__(self, material: str, reason: str) -> None:
        self.material, self.reason = material, reason
        super().__init__(f"{material}: {reason}")


def _accepted() -> str:
    return ", ".join(s.lstrip(".").upper() for s in FORMATS) + ", or a zip of one"


@contextmanager
def _unpacked(path: Path, limits: Limits) -> Iterator[Path]:
    """A private temporary folder holding the zip's files, checked before any is written."""
    source = path.name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise ModelRefused(source, f"not a readable zip: {error}") from error
    with archive, tempfile.TemporaryDirectory(prefix="halllayout-ingest-") as tmp:
        entries = archive.infolist()
        if len(entries) > limits.zip_entries:
            raise ModelRefused(source, f"{len(entries):,} entries, over the limit of {limits.zip_entries:,}")
        total = sum(entry.file_size for entry in entries)
        if total > limits.unpacked_bytes:
            raise ModelRefused(
                source, f"unpacks to {total:,} bytes, over the limit of {limits.unpacked_bytes:,}"
            )
        for entry in entries:
            name = PurePosixPath(entry.filename.replace("\\", "/"))
            if name.is_absolute() or ".." in name.parts or re.match(r"^[A-Za-z]:", entry.filename):
                raise ModelRefused(source, f'entry "{entry.filename}" points outside the zip')
        folder = Path(tmp)
        written = 0
        for entry in entries:
            if entry.is_dir():
                continue
            target = folder / PurePosixPath(entry.filename.replace("\\", "/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(entry) as stream, target.open("wb") as out:
                    # the declared sizes were checked; a lying header is stopped here
                    while chunk := stream.read(1 << 20):
                        written += len(chunk)
                        if written > limits.unpacked_bytes:
                            raise ModelRefused(source, f"unpacks to over {limits.unpacked_bytes:,} bytes")
                        out.write(chunk)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as error:
                raise ModelRefused(source, f'entry "{entry.filename}" cannot be unpacked: {error}') from error
        yield folder


def _model_in(folder: Path, source: str) -> Path:
    """The one model file in an unpacked zip (macOS's `__MACOSX` copies ignored)."""
    models = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in FORMATS and "__MACOSX" not in p.parts
    )
    if not models:
        raise ModelRefused(source, f"the zip holds no model ({_accepted()})")
    if len(models) > 1:
        names = ", ".join(str(p.relative_to(folder)) for p in models[:5])
        raise ModelRefused(source, f"the zip holds {len(models)} models ({names}); upload one at a time")
    return models[0]


def _read_file(path: Path, source: str, limits: Limits) -> Upload:
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ModelRefused(source, f"{path.suffix} is not a model format this reads ({_accepted()})")
    data = path.read_bytes()
    if not data:
        raise ModelRefused(source, "empty file")
    folder = path.parent
    if kind == "glb":
        problem = glb_problem(data)
        if problem is not None:
            raise ModelRefused(source, problem)
        document, binary = _glb_chunks(data)
        _check_gltf(document, binary, folder, source, limits)
    elif kind == "gltf":
        try:
            document = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ModelRefused(source, f"not glTF JSON: {error}") from error
        if not isinstance(document, dict):
            raise ModelRefused(source, "its JSON is not an object")
        _check_gltf(document, None, folder, source, limits)
    else:
        _check_triangles(kind, data, source, limits)
        if kind == "obj":
            _check_obj_references(data, folder, source, limits)
    scene = _load(path, kind, data, source)
    return _convert(scene, source, kind, len(data))


def _glb_chunks(data: bytes) -> tuple[dict[str, Any], bytes | None]:
    """The JSON document and binary chunk of a GLB that `glb_problem` passed."""
    offset = GLB_HEADER.size
    document: dict[str, Any] = {}
    binary = None
    while offset < len(data):
        size, kind = CHUNK_HEADER.unpack_from(data, offset)
        start = offset + CHUNK_HEADER.size
        if kind == CHUNK_JSON:
            document = json.loads(data[start : start + size].decode("utf-8"))
        elif kind == CHUNK_BIN and binary is None:
            binary = data[start : start + size]
        offset = start + size
    return document, binary


def _check_gltf(
    document: dict[str, Any], binary: bytes | None, folder: Path, source: str, limits: Limits
) -> None:
    """URIs inside the upload, triangles and images under the limits, the node tree not too deep."""
    for kind in ("buffers", "images"):
        for index, item in enumerate(_list(document, kind)):
            uri = item.get("uri") if isinstance(item, dict) else None
            if isinstance(uri, str) and not uri.startswith("data:"):
                target = _inside(uri, folder, f"{kind[:-1]} {index}", source)
                if kind == "images" and target.is_file():
                    _check_image_file(target, source, limits)
    accessors = _list(document, "accessors")
    triangles = 0
    for mesh in _list(document, "meshes"):
        for primitive in _list(mesh, "primitives"):
            if not isinstance(primitive, dict) or primitive.get("mode", 4) not in (4, 5, 6):
                continue
            counted = primitive.get("indices")
            if counted is None:
                counted = (primitive.get("attributes") or {}).get("POSITION")
            if isinstance(counted, int) and 0 <= counted < len(accessors):
                count = accessors[counted].get("count", 0) if isinstance(accessors[counted], dict) else 0
                triangles += int(count) // 3 if isinstance(count, int) else 0
    if triangles > limits.triangles:
        raise ModelRefused(source, f"{triangles:,} triangles, over the limit of {limits.triangles:,}")
    _check_depth(document, source, limits)
    views = _list(document, "bufferViews")
    for index, image in enumerate(_list(document, "images")):
        if not isinstance(image, dict):
            continue
        head: bytes | None = None
        view = image.get("bufferView")
        if isinstance(view, int) and binary is not None and 0 <= view < len(views):
            start = int(views[view].get("byteOffset", 0))
            head = binary[start : start + min(int(views[view].get("byteLength", 0)), 1 << 16)]
        elif isinstance(image.get("uri"), str) and image["uri"].startswith("data:"):
            head = _data_uri_head(image["uri"])
        if head is not None:
            _check_image_header(head, f"image {index}", source, limits)


def _list(container: Any, key: str) -> list[Any]:
    value = container.get(key) if isinstance(container, dict) else None
    return value if isinstance(value, list) else []


def _data_uri_head(uri: str) -> bytes | None:
    """The first bytes of a base64 `data:` URI's payload (enough for an image header), or None."""
    payload = uri.partition(",")[2][: 1 << 16]
    payload = payload[: len(payload) - len(payload) % 4]
    try:
        return base64.b64decode(payload)
    except (binascii.Error, ValueError):
        return None


def _inside(uri: str, folder: Path, what: str, source: str) -> Path:
    """The file a relative URI names inside `folder`; refuses anything that could reach out."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", uri) or uri.startswith(("/", "\\")):
        raise ModelRefused(source, f'{what} refers to "{uri}": only files inside the upload may be named')
    relative = PurePosixPath(unquote(uri).replace("\\", "/"))
    if ".." in relative.parts:
        raise ModelRefused(source, f'{what} refers to "{uri}", outside the upload')
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder.resolve()):
        raise ModelRefused(source, f'{what} refers to "{uri}", outside the upload')
    return target


def _check_depth(document: dict[str, Any], source: str, limits: Limits) -> None:
    nodes = _list(document, "nodes")
    children = {
        i: [c for c in _list(n, "children") if isinstance(c, int) and 0 <= c < len(nodes)]
        for i, n in enumerate(nodes)
    }
    depth: dict[int, int] = {}
    for start in range(len(nodes)):
        stack = [(start, 1)]
        seen = 0
        while stack:
            node, level = stack.pop()
            seen += 1
            if level > limits.node_depth or seen > len(nodes) * 2:
                raise ModelRefused(source, f"its nodes nest deeper than {limits.node_depth} levels (or loop)")
            if depth.get(node, 0) >= level:
                continue
            depth[node] = level
            stack.extend((c, level + 1) for c in children[node])


def _check_image_header(head: bytes, what: str, source: str, limits: Limits) -> None:
    """Refuse an image whose header declares more pixels than the limit, without decoding it."""
    if head.startswith(PNG_SIGNATURE) and head[12:16] == b"IHDR" and len(head) >= 24:
        width, height = struct.unpack(">II", head[16:24])  # read here: Pillow wants the next chunk too
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            try:
                with Image.open(io.BytesIO(head)) as image:
                    width, height = image.size
            except Image.DecompressionBombError:
                width, height = 1 << 30, 1
            except (OSError, ValueError, SyntaxError, struct.error):
                return  # not an image Pillow knows from its header; trimesh's loading says more
    if width * height > limits.image_pixels:
        raise ModelRefused(
            source,
            f"{what} is {width:,} × {height:,} pixels, over the limit of {limits.image_pixels:,} pixels",
        )


def _check_image_files(folder: Path, source: str, limits: Limits) -> None:
    """Every image unpacked from a zip, by its header."""
    for image in sorted(folder.rglob("*")):
        if image.suffix.lower() in IMAGE_SUFFIXES and image.is_file():
            _check_image_file(image, source, limits)


def _check_image_file(image: Path, source: str, limits: Limits) -> None:
    with image.open("rb") as f:
        _check_image_header(f.read(1 << 16), f'image "{image.name}"', source, limits)


_PLY_FACES = re.compile(rb"^element\s+face\s+(\d+)", re.MULTILINE)
_OBJ_FACES = re.compile(rb"^\s*f\s+(.*)$", re.MULTILINE)
_OBJ_REFERENCES = re.compile(rb"^\s*(mtllib|map_\w+|bump|disp|decal|refl|norm)\s+(.+?)\s*$", re.MULTILINE)


def _check_triangles(kind: str, data: bytes, source: str, limits: Limits) -> None:
    """The triangle count an STL, PLY or OBJ declares or holds, against the limit, before loading."""
    triangles = 0
    if kind == "stl":
        if len(data) >= 84 and 84 + 50 * struct.unpack_from("<I", data, 80)[0] == len(data):
            triangles = struct.unpack_from("<I", data, 80)[0]
        else:
            triangles = data.count(b"facet normal")
    elif kind == "ply":
        header = data[: data.find(b"end_header")] if b"end_header" in data else data[:4096]
        triangles = sum(int(n) for n in _PLY_FACES.findall(header))
    elif kind == "obj":
        triangles = sum(max(len(line.split()) - 2, 0) for line in _OBJ_FACES.findall(data))
    if triangles > limits.triangles:
        raise ModelRefused(source, f"{triangles:,} triangles, over the limit of {limits.triangles:,}")


def _check_obj_references(data: bytes, folder: Path, source: str, limits: Limits) -> None:
    """An OBJ's material library and its MTLs' textures must be files inside the upload, the
    textures' pixels under the limit."""
    texts = [data]
    for match in _OBJ_REFERENCES.finditer(data):
        name = match.group(2).decode("utf-8", "replace").split()[-1]
        target = _inside(name, folder, f"{match.group(1).decode()} {name}", source)
        if match.group(1) == b"mtllib" and target.is_file():
            texts.append(target.read_bytes())
    for text in texts[1:]:
        for match in _OBJ_REFERENCES.finditer(text):
            name = match.group(2).decode("utf-8", "replace").split()[-1]
            target = _inside(name, folder, f"{match.group(1).decode()} {name}", source)
            if target.is_file() and target.suffix.lower() in IMAGE_SUFFIXES:
                _check_image_file(target, source, limits)


def _load(path: Path, kind: str, data: bytes, source: str) -> trimesh.Scene:
    """trimesh's scene of the file, its failures turned into refusals."""
    resolver = trimesh.resolvers.FilePathResolver(str(path))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            scene = trimesh.load_scene(io.BytesIO(data), file_type=kind, resolver=resolver)
        except Image.DecompressionBombError as error:
            raise ModelRefused(source, f"an image is too large to decode: {error}") from error
        except Exception as error:  # trimesh raises whatever its parsers meet on a malformed file
            raise ModelRefused(source, f"not a readable {kind.upper()} file: {error}") from error
    if not isinstance(scene, trimesh.Scene):
        scene = trimesh.Scene(scene)
    return scene


def _convert(scene: trimesh.Scene, source: str, kind: str, size: int) -> Upload:
    """Flatten the scene into primitives with deduplicated materials."""
    primitives: list[Primitive] = []
    materials: list[Material] = []
    keys: dict[tuple[Any, ...], int] = {}
    textures: list[tuple[int, int]] = []
    points = 0
    for node in scene.graph.nodes_geometry:
        transform, name = scene.graph[node]
        geometry = scene.geometry.get(name)
        if isinstance(geometry, trimesh.PointCloud):
            points += len(geometry.vertices)
            continue
        if not isinstance(geometry, trimesh.Trimesh) or len(geometry.faces) == 0:
            continue
        if geometry.faces.min() < 0 or geometry.faces.max() >= len(geometry.vertices):
            raise ModelRefused(
                source,
                f"mesh {name!r} has triangles naming vertices it does not have "
                f"({len(geometry.vertices)} vertices)",
            )
        try:
            primitive, material = _primitive(geometry, np.asarray(transform, dtype=np.float64), kind)
        except TextureUnreadable as error:
            raise ModelRefused(
                source, f"the texture of material {error.material!r} cannot be read: {error.reason}"
            ) from error
        if primitive is None:
            continue
        key = (material, id(material.texture))
        if key not in keys:
            keys[key] = len(materials)
            materials.append(material)
            if material.texture is not None:
                textures.append(material.texture.size)
        primitives.append(Primitive(**{**primitive.__dict__, "material": keys[key]}))
    if not primitives:
        if points:
            raise ModelRefused(source, f"a point cloud of {points:,} points, no triangles to show")
        raise ModelRefused(source, "no triangles: the model is empty")
    return Upload(ProductMesh(tuple(primitives), tuple(materials)), kind, size, tuple(textures))


def _primitive(
    geometry: trimesh.Trimesh, transform: NDArray[np.float64], kind: str
) -> tuple[Primitive | None, Material]:
    visual = geometry.visual
    uv = getattr(visual, "uv", None) if isinstance(visual, trimesh.visual.TextureVisuals) else None
    has_normals = "vertex_normals" in geometry._cache
    if not has_normals and uv is None:
        geometry = trimesh.graph.smooth_shade(geometry, angle=CREASE_ANGLE)
        visual = geometry.visual
    vertices = np.asarray(geometry.vertices)
    faces = np.asarray(geometry.faces, dtype=np.int64)
    if has_normals or uv is None:
        normals = np.asarray(geometry.vertex_normals)
    else:
        normals = smooth_normals(vertices, faces)  # trimesh's angle-weighted ones take 4× as long
    if not np.allclose(transform, np.eye(4)):
        vertices = vertices.astype(np.float64) @ transform[:3, :3].T + transform[:3, 3]
        normals = normals.astype(np.float64) @ np.linalg.inv(transform[:3, :3])
    positions = vertices
    if not np.isfinite(positions).all():
        return None, Material()
    if np.linalg.det(transform[:3, :3]) < 0:  # a mirroring node: keep the triangles facing out
        faces = faces[:, ::-1]
    material = _material(visual)
    uvs = None
    if uv is not None and material.texture is not None and len(uv) == len(vertices):
        uvs = np.asarray(uv, dtype=np.float32).copy()
        uvs[:, 1] = 1.0 - uvs[:, 1]  # trimesh holds OpenGL's convention; glTF's origin is top-left
        uvs = np.where(np.isfinite(uvs), uvs, 0.0).astype(np.float32)
    colors = None
    if isinstance(visual, trimesh.visual.ColorVisuals) and visual.kind in ("vertex", "face"):
        rgba = np.asarray(visual.vertex_colors, dtype=np.float32) / 255.0
        if len(rgba) == len(vertices):
            if np.all(rgba == rgba[0]):
                base = tuple(float(c) for c in rgba[0])
                material = Material(
                    name=material.name,
                    base_color=(base[0], base[1], base[2], base[3]),
                    metallic=material.metallic,
                    roughness=material.roughness,
                    alpha_mode="BLEND" if base[3] < 1 else "OPAQUE",
                )
            else:
                colors = rgba
    primitive = Primitive(
        positions=positions.astype(np.float32),
        indices=faces.astype(np.uint32),
        normals=unit_normals(normals),
        uvs=uvs,
        colors=colors,
    )
    return primitive, material


def _material(visual: Any) -> Material:
    """Our material from trimesh's: PBR as it is, a simple (OBJ/MTL) one through `to_pbr`."""
    source = getattr(visual, "material", None) if isinstance(visual, trimesh.visual.TextureVisuals) else None
    if source is None:
        return Material(name="", base_color=(0.8, 0.8, 0.8, 1.0))
    if isinstance(source, trimesh.visual.material.SimpleMaterial):
        source = source.to_pbr()  # type: ignore[no-untyped-call]
    if not isinstance(source, trimesh.visual.material.PBRMaterial):
        return Material(name=str(getattr(source, "name", "") or ""))
    factor = source.baseColorFactor
    color = (
        (1.0, 1.0, 1.0, 1.0) if factor is None else tuple(float(c) / 255.0 for c in np.asarray(factor)[:4])
    )
    if len(color) == 3:
        color = (*color, 1.0)
    texture = source.baseColorTexture
    image = texture if isinstance(texture, Image.Image) else None
    if image is not None:
        try:
            image.load()  # its size was checked from its header; a broken one is refused here
        except (OSError, ValueError, SyntaxError, struct.error, Image.DecompressionBombError) as error:
            raise TextureUnreadable(str(source.name or ""), str(error)) from error
    alpha = str(source.alphaMode or "OPAQUE").upper()
    return Material(
        name=str(source.name or ""),
        base_color=(color[0], color[1], color[2], color[3]),
        metallic=1.0 if source.metallicFactor is None else float(source.metallicFactor),
        roughness=1.0 if source.roughnessFactor is None else float(source.roughnessFactor),
        texture=image,
        double_sided=bool(source.doubleSided),
        alpha_mode=alpha if alpha in ("OPAQUE", "BLEND", "MASK") else "OPAQUE",
    )
