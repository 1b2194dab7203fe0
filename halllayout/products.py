"""The exhibitors' product models, found in a folder and checked, for the halls' scenes.

A booth's products are numbered from 1 in the order of its `products` list; the model of product n
of the booth with ref R is the binary glTF `<folder>/<R>/<n>.glb` (for example `models/EX000002/1.glb`
for the first product of EX000002). A model that is found and holds together (a GLB 2.0 container,
its JSON chunk glTF 2.0 as pygltflib reads it, at least one mesh, nothing outside the file) is copied
beside the halls as `models/<R>/<n>.glb`, and the product's node in its hall's GLB names it
(`extras.halllayout.model`) for the viewer to load. A model that is missing, unreadable or broken
leaves the product's placeholder in its place and gives a warning naming the booth and the file:
bad models never stop a build. The same folder may hold the exhibitor's logo, `<R>/logo.png` (or
`.jpg`, `.jpeg`, `.webp`), which its booth shows on the back wall; a broken one gives a warning too.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pygltflib
from PIL import Image

from halllayout.errors import InputError
from halllayout.model import Layout, PlacedBooth

#: Where in the output folder the models go, and so the start of their URIs.
MODELS_FOLDER = "models"
#: The GLB container (glTF 2.0, section "Binary glTF Layout"): header magic, version, chunk types.
GLB_MAGIC = b"glTF"
GLB_VERSION = 2
GLB_HEADER = struct.Struct("<4sII")
CHUNK_HEADER = struct.Struct("<II")
CHUNK_JSON = 0x4E4F534A
CHUNK_BIN = 0x004E4942
#: Characters a ref may not hold to name a folder of models (on any system the files travel to).
_NOT_IN_FOLDER_NAMES = frozenset("/\\\0")


@dataclass(frozen=True)
class ProductModels:
    """The product models found for a layout.

    `files`: each valid model's bytes by its path in the output folder (`models/<ref>/<n>.glb`);
    `uris`: by product id (`<ref>/<n>`), the URI of its model relative to the output folder, as
    `halllayout.scene.hall.build_hall_glb` takes them; `warnings`: one line per product left with its
    placeholder, naming the booth, the product and the file.
    """

    files: dict[str, bytes]
    uris: dict[str, str]
    warnings: tuple[str, ...]
    #: By ref, the exhibitor's logo (`<ref>/logo.png`, `.jpg`, `.jpeg` or `.webp` in the same folder)
    #: as an RGBA image, for the back wall of its booth.
    logos: dict[str, Image.Image] = field(default_factory=dict)


def check_models_folder(folder: Path) -> None:
    """Raise InputError unless `folder` is a folder (where the models are looked for)."""
    if not folder.is_dir():
        what = "a file" if folder.exists() else "nothing there"
        raise InputError(str(folder), f"expected a folder of product models <ref>/<n>.glb, found {what}")


def find_product_models(layout: Layout, folder: Path) -> ProductModels:
    """Look up in `folder` the model of every product of every placed booth (`<ref>/<n>.glb`).

    Every product gets either a model or a warning: a file missing, unreadable or not a valid GLB
    (see `glb_problem`), or a ref that cannot name a folder.
    """
    check_models_folder(folder)
    files: dict[str, bytes] = {}
    uris: dict[str, str] = {}
    warnings: list[str] = []
    logos: dict[str, Image.Image] = {}
    for booth in layout.booths:
        ref = booth.request.ref
        if _folder_name(ref):
            logo, problem = _logo(folder / ref)
            if logo is not None:
                logos[ref] = logo
            elif problem is not None:
                warnings.append(f"booth {booth.number} ({ref}) logo: {problem}; the back wall stays plain")
        for n, name in enumerate(booth.request.products, start=1):
            about = f'booth {booth.number} ({ref}) product {n} "{name}"'
            if not _folder_name(ref):
                warnings.append(f"{about}: the ref cannot name a folder of models; {_PLACEHOLDER}")
                continue
            path = folder / ref / f"{n}.glb"
            problem = None
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                problem = f"{path} not found"
            except OSError as error:
                problem = f"cannot read {path}: {error.strerror or error}"
            else:
                reason = glb_problem(data)
                if reason is not None:
                    problem = f"{path} is not a valid GLB ({reason})"
            if problem is not None:
                warnings.append(f"{about}: {problem}; {_PLACEHOLDER}")
                continue
            files[f"{MODELS_FOLDER}/{ref}/{n}.glb"] = data
            uris[product_id(booth, n)] = f"{MODELS_FOLDER}/{quote(ref, safe='')}/{n}.glb"
    return ProductModels(files, uris, tuple(warnings), logos)


LOGO_NAMES = ("logo.png", "logo.jpg", "logo.jpeg", "logo.webp")
#: A logo larger than this (pixels, either side) is refused: nobody needs it, and it could be a bomb.
MAX_LOGO_PIXELS = 8192


def _logo(folder: Path) -> tuple[Image.Image | None, str | None]:
    """The exhibitor's logo in its folder as RGBA, or None and why not (None, None when there is none)."""
    for name in LOGO_NAMES:
        path = folder / name
        if not path.is_file():
            continue
        try:
            with Image.open(path) as image:
                if max(image.size) > MAX_LOGO_PIXELS:
                    return (
                        None,
                        f"{path} is {image.size[0]} × {image.size[1]} px, more than {MAX_LOGO_PIXELS}",
                    )
                image.load()
                return image.convert("RGBA"), None
        except (OSError, ValueError, Image.DecompressionBombError) as error:
            return None, f"{path} is not a readable PNG, JPEG or WebP image ({error})"
    return None, None


_PLACEHOLDER = "a placeholder stands in its place"


def product_id(booth: PlacedBooth, n: int) -> str:
    """The id of a booth's product n (from 1), as the hall GLBs name it: `<ref>/<n>`."""
    return f"{booth.request.ref}/{n}"


def _folder_name(ref: str) -> bool:
    """Whether `ref` can name a folder inside another: not empty, `.` or `..`, no separator.

    >>> _folder_name("EX000002"), _folder_name("展商/1"), _folder_name(".."), _folder_name("")
    (True, False, False, False)
    """
    return ref not in ("", ".", "..") and not _NOT_IN_FOLDER_NAMES.intersection(ref)


def glb_problem(data: bytes) -> str | None:
    """What keeps `data` from being a self-contained GLB 2.0 model with a mesh, in words; None if nothing.

    >>> glb_problem(b"")
    'empty file'
    >>> glb_problem(b"glTF" + bytes([2, 0, 0, 0, 48, 0, 0, 0, 28, 0, 0, 0]) + b"JSON" + b"{}" * 5)
    'truncated JSON chunk: 28 bytes declared, 10 present'
    """
    if not data:
        return "empty file"
    if len(data) < GLB_HEADER.size:
        return f"{len(data)} bytes, shorter than the {GLB_HEADER.size}-byte GLB header"
    magic, version, length = GLB_HEADER.unpack_from(data)
    if magic != GLB_MAGIC:
        return f'it does not start with "glTF" (found {magic.hex(" ")})'
    if version != GLB_VERSION:
        return f"GLB version {version}; expected {GLB_VERSION}"
    chunks: list[tuple[int, bytes]] = []
    offset = GLB_HEADER.size
    while offset < len(data):
        if offset + CHUNK_HEADER.size > len(data):
            return f"truncated chunk header at byte {offset}"
        size, kind = CHUNK_HEADER.unpack_from(data, offset)
        start = offset + CHUNK_HEADER.size
        if start + size > len(data):
            name = {CHUNK_JSON: "JSON", CHUNK_BIN: "BIN"}.get(kind, f"0x{kind:08X}")
            return f"truncated {name} chunk: {size} bytes declared, {len(data) - start} present"
        chunks.append((kind, data[start : start + size]))
        offset = start + size
    if length != len(data):
        return f"the header gives a length of {length} bytes, the file has {len(data)}"
    if not chunks or chunks[0][0] != CHUNK_JSON:
        return "the first chunk is not JSON"
    binary = chunks[1][1] if len(chunks) > 1 and chunks[1][0] == CHUNK_BIN else None
    return _gltf_problem(chunks[0][1], binary)


def _gltf_problem(chunk: bytes, binary: bytes | None) -> str | None:
    """What is wrong with a GLB's JSON chunk, read as glTF 2.0, and its binary chunk."""
    try:
        document = json.loads(chunk.decode("utf-8"))
    except UnicodeDecodeError:
        return "its JSON chunk is not UTF-8 text"
    except json.JSONDecodeError as error:
        return f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
    if not isinstance(document, dict):
        return "its JSON is not an object"
    version = document.get("asset", {}).get("version") if isinstance(document.get("asset"), dict) else None
    if not (isinstance(version, str) and version.startswith("2.")):
        return f"asset.version {json.dumps(version)}; expected glTF 2.0"
    try:
        gltf = pygltflib.GLTF2.from_json(chunk.decode("utf-8"))
    except (TypeError, ValueError, KeyError, AttributeError) as error:  # pygltflib on a malformed document
        return f"its JSON is not glTF 2.0: {error}"
    if not gltf.meshes:
        return "no mesh"
    for kind, items in (("buffer", gltf.buffers), ("image", gltf.images)):
        for index, item in enumerate(items):
            if item.uri is not None and not item.uri.startswith("data:"):
                return f'{kind} {index} refers to the outside file "{item.uri}"; pack it into the GLB'
    return _buffer_problem(gltf.buffers, binary)


def _buffer_problem(buffers: list[pygltflib.Buffer], binary: bytes | None) -> str | None:
    """The first buffer, without a URI, is the BIN chunk: which must hold its byteLength."""
    if buffers and buffers[0].uri is None:
        needed = buffers[0].byteLength or 0
        held = len(binary) if binary is not None else 0
        if held < needed:
            return f"buffer 0 needs {needed} bytes, the BIN chunk holds {held}"
    return None
