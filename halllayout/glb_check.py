"""Is a byte string a self-contained GLB 2.0 model with a mesh? The container and document checks.

Both the product models a build finds (`halllayout.products`) and the uploads ingestion reads
(`halllayout.ingest.read`) go through `glb_problem` before anything else reads them.
"""

from __future__ import annotations

import json
import struct

import pygltflib

#: The GLB container (glTF 2.0, section "Binary glTF Layout"): header magic, version, chunk types.
GLB_MAGIC = b"glTF"
GLB_VERSION = 2
GLB_HEADER = struct.Struct("<4sII")
CHUNK_HEADER = struct.Struct("<II")
CHUNK_JSON = 0x4E4F534A
CHUNK_BIN = 0x004E4942


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
