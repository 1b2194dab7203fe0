"""The exhibitors' product models, found in a folder and made web-ready, for the halls' scenes.

A booth's products are numbered from 1 in the order of its `products` list; the upload of product n
of the booth with ref R is `<folder>/<R>/<n>.<ext>`, in any format ingestion reads (GLB, glTF or OBJ
in a zip, OBJ, STL, PLY, 3MF, OFF; for example `models/EX000002/1.glb`). Each upload goes through
ingestion (`halllayout.ingest`, in a child process held to a time and memory ceiling) once per
distinct content: the web-ready model, its far level of detail and its thumbnail are stored by
content under `models/<digest>.glb`, `.far.glb` and `.png` beside the halls, so a thousand booths
showing the same kettle share one file the viewer loads once. `models.json` indexes them by product
id, with each model's size in metres and triangles, and the product's node in its hall's GLB names
the same files (`extras.halllayout.model`, `far`, `thumbnail`, `size`) for the viewer to load by
distance. An upload that is missing or refused leaves the product's placeholder in its place and
gives a warning naming the booth, the product, the file and why: bad models never stop a build. The
same folder may hold the exhibitor's logo, `<R>/logo.png` (or `.jpg`, `.jpeg`, `.webp`), which its
booth shows on the back wall; a broken one gives a warning too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from halllayout.errors import InputError, ModelRefused
from halllayout.ingest import Budget, Ingested
from halllayout.ingest.isolated import DEFAULT_BUDGET, DEFAULT_CEILING, Ceiling, ingest_isolated
from halllayout.model import Layout, PlacedBooth

#: Where in the output folder the models go, and so the start of their URIs.
MODELS_FOLDER = "models"
#: The index of the product models, beside the halls.
INDEX_FILE = "models.json"
INDEX_FORMAT = "halllayout/models@1"
#: Which upload of a product is taken when there are several: a GLB first, then a zip, then the rest.
PREFERRED = (".glb", ".zip", ".gltf", ".obj", ".stl", ".ply", ".3mf", ".off")
#: A product's progress through ingestion: (done, total) distinct uploads.
Ingesting = Callable[[int, int], None]


@dataclass(frozen=True)
class ProductModel:
    """A product's web-ready model: the URIs (relative to the output folder) of the model, its far
    level of detail and its thumbnail, its size in metres (x, y up, z) and triangles per level."""

    model: str
    far: str
    thumbnail: str
    size: tuple[float, float, float]
    triangles: int
    far_triangles: int

    def extras(self) -> dict[str, Any]:
        """As the product's node in a hall GLB and `models.json` give it."""
        return {
            "model": self.model,
            "far": self.far,
            "thumbnail": self.thumbnail,
            "size": list(self.size),
            "triangles": self.triangles,
            "far_triangles": self.far_triangles,
        }


#: Characters a ref may not hold to name a folder of models (on any system the files travel to).
_NOT_IN_FOLDER_NAMES = frozenset("/\\\0")


@dataclass(frozen=True)
class ProductModels:
    """The product models found for a layout.

    `files`: the web-ready files by their path in the output folder (`models/<digest>.glb`, `.far.glb`,
    `.png`, and the index `models.json`); `models`: by product id (`<ref>/<n>`), its model, as
    `halllayout.scene.hall.build_hall_glb` takes them; `warnings`: one line per product left with its
    placeholder, naming the booth, the product, the file and why.
    """

    files: dict[str, bytes]
    models: dict[str, ProductModel]
    warnings: tuple[str, ...]
    #: By ref, the exhibitor's logo (`<ref>/logo.png`, `.jpg`, `.jpeg` or `.webp` in the same folder)
    #: as an RGBA image, for the back wall of its booth.
    logos: dict[str, Image.Image] = field(default_factory=dict)


def check_models_folder(folder: Path) -> None:
    """Raise InputError unless `folder` is a folder (where the models are looked for)."""
    if not folder.is_dir():
        what = "a file" if folder.exists() else "nothing there"
        raise InputError(
            str(folder), f"expected a folder of product models <ref>/<n>.glb (or .zip, .obj, …), found {what}"
        )


def find_product_models(
    layout: Layout,
    folder: Path,
    *,
    budget: Budget = DEFAULT_BUDGET,
    ceiling: Ceiling = DEFAULT_CEILING,
    progress: Ingesting | None = None,
) -> ProductModels:
    """Find and ingest the upload of every product of every placed booth (`<ref>/<n>.<ext>`).

    Every product gets either a model or a warning: no upload, an upload ingestion refuses (with its
    reason), or a ref that cannot name a folder. Uploads with the same content are ingested once.
    """
    check_models_folder(folder)
    # in booth and product order: a warning, or a product and its upload to ingest
    entries: list[str | tuple[PlacedBooth, int, str, Path]] = []
    logos: dict[str, Image.Image] = {}
    for booth in layout.booths:
        ref = booth.request.ref
        if _folder_name(ref):
            logo, problem = _logo(folder / ref)
            if logo is not None:
                logos[ref] = logo
            elif problem is not None:
                entries.append(f"booth {booth.number} ({ref}) logo: {problem}; the back wall stays plain")
        for n, name in enumerate(booth.request.products, start=1):
            about = f'booth {booth.number} ({ref}) product {n} "{name}"'
            if not _folder_name(ref):
                entries.append(f"{about}: the ref cannot name a folder of models; {_PLACEHOLDER}")
                continue
            upload = _upload(folder / ref, n)
            if upload is None:
                missing = f"{folder / ref / str(n)}.glb (or .zip, .obj, …) not found"
                entries.append(f"{about}: {missing}; {_PLACEHOLDER}")
                continue
            entries.append((booth, n, about, upload))

    digests = {entry[3]: _digest(entry[3], budget) for entry in entries if not isinstance(entry, str)}
    done: dict[str, ProductModel | str] = {}  # by digest: the model, or why it was refused
    files: dict[str, bytes] = {}
    distinct = len(set(digests.values()))
    for upload, digest in sorted(digests.items(), key=lambda item: item[1]):
        if digest in done:
            continue
        if progress is not None:
            progress(len(done), distinct)
        done[digest] = _ingest(upload, budget, ceiling, digest, files)
    if progress is not None:
        progress(distinct, distinct)

    models: dict[str, ProductModel] = {}
    warnings: list[str] = []
    for entry in entries:
        if isinstance(entry, str):
            warnings.append(entry)
            continue
        booth, n, about, upload = entry
        result = done[digests[upload]]
        if isinstance(result, str):
            warnings.append(f"{about}: {result}; {_PLACEHOLDER}")
        else:
            models[product_id(booth, n)] = result
    if models:
        files[INDEX_FILE] = models_index(models)
    return ProductModels(files, models, tuple(warnings), logos)


def models_index(models: dict[str, ProductModel]) -> bytes:
    """`models.json`: the format and, by product id, each product's model (see ProductModel.extras)."""
    document = {"format": INDEX_FORMAT, "products": {pid: models[pid].extras() for pid in sorted(models)}}
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _upload(folder: Path, n: int) -> Path | None:
    """The upload of product n in a booth's folder: `<n>.glb` first, then the other formats (any case)."""
    try:
        names = {path.suffix.lower(): path for path in folder.iterdir() if path.stem == str(n)}
    except OSError:  # no folder for this booth, or not a folder
        return None
    for suffix in PREFERRED:
        if suffix in names:
            return names[suffix]
    return None


def _digest(path: Path, budget: Budget) -> str:
    """What names a web-ready model: its upload's content and the budget it was made to."""
    sha = hashlib.sha256(f"{budget}\n{path.suffix.lower()}\n".encode())
    try:
        with path.open("rb") as f:
            sha.update(hashlib.file_digest(f, "sha256").digest())
    except OSError:
        sha.update(str(path).encode())  # ingest says why it cannot be read
    return sha.hexdigest()[:20]


def _ingest(
    upload: Path, budget: Budget, ceiling: Ceiling, digest: str, files: dict[str, bytes]
) -> ProductModel | str:
    """Ingest one upload into `files` (under its digest): its model, or why it was refused."""
    if not upload.is_file():
        return f"{upload} is not a file"
    try:
        ingested = ingest_isolated(upload, budget=budget, ceiling=ceiling)
    except ModelRefused as refusal:
        return f"{upload} refused: {str(refusal).removeprefix(upload.name + ': ')}"
    except OSError as error:
        return f"cannot read {upload}: {error.strerror or error}"
    return _store(digest, ingested, files)


def _store(digest: str, ingested: Ingested, files: dict[str, bytes]) -> ProductModel:
    base = f"{MODELS_FOLDER}/{digest}"
    files[f"{base}.glb"] = ingested.glb
    files[f"{base}.far.glb"] = ingested.far_glb
    files[f"{base}.png"] = ingested.thumbnail
    size = ingested.report["size_m"]
    return ProductModel(
        f"{base}.glb",
        f"{base}.far.glb",
        f"{base}.png",
        (float(size["x"]), float(size["y"]), float(size["z"])),
        int(ingested.report["output"]["triangles"]),
        int(ingested.report["far"]["triangles"]),
    )


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
