"""A built fair on disk, as `halllayout build` writes it (layout.json, `<hall>.glb`, models.json,
`models/`), read with caches keyed by file size and mtime, and the fair manifest made from it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from halllayout.palette import hex_colour, zone_colours
from halllayout.pinyin import pinyin_key


def zone_colours_hex(document: Mapping[str, Any]) -> dict[str, str]:
    """Each zone's `#rrggbb`, as on the 3D carpets and the printed plans: ranked by first appearance
    over the fair's booths, hall by hall (layout@2), or in the fair-wide booth list (layout@1)."""
    booths = [b for hall in document.get("halls", []) for b in hall.get("booths", [])]
    booths += document.get("booths", [])
    ranked = zone_colours([str(b.get("zone") or "") for b in booths])
    return {zone: hex_colour(colour) for zone, colour in ranked.items()}


class FairFiles:
    """The built fair on disk. Content hashes and the parsed layout are cached by file size and mtime."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._hashes: dict[Path, tuple[tuple[int, int], str]] = {}
        self._layout: tuple[tuple[int, int], dict[str, Any]] | None = None
        self._models: tuple[tuple[int, int], dict[str, Any]] | None = None
        self._manifest: tuple[tuple[tuple[int, int] | None, tuple[int, int] | None], bytes] | None = None
        self._booths: tuple[tuple[int, int], dict[str, dict[str, Any]]] | None = None

    @staticmethod
    def _stamp(path: Path) -> tuple[int, int]:
        stat = path.stat()
        return (stat.st_size, stat.st_mtime_ns)

    def digest(self, path: Path) -> str:
        """SHA-256 of the file's content, as hex."""
        stamp = self._stamp(path)
        cached = self._hashes.get(path)
        if cached is None or cached[0] != stamp:
            with path.open("rb") as f:
                cached = (stamp, hashlib.file_digest(f, "sha256").hexdigest())
            self._hashes[path] = cached
        return cached[1]

    def manifest_body(
        self,
        document: dict[str, Any],
        models: dict[str, Any],
        make: Callable[[dict[str, Any], dict[str, Any]], bytes],
    ) -> bytes:
        """`make(document, models)`, made again only when layout.json or models.json changed (the
        pinyin of 25,000 exhibitor names is not worked out per request)."""
        key = (
            self._layout[0] if self._layout is not None else None,
            self._models[0] if self._models is not None and models else None,
        )
        if self._manifest is None or self._manifest[0] != key:
            self._manifest = (key, make(document, models))
        return self._manifest[1]

    def models(self) -> dict[str, Any]:
        """By product id, its web-ready model from `models.json` (`halllayout build --models`), with
        site-absolute URIs; empty when the fair has none.

        Raises ValueError naming the file when models.json is not valid JSON.
        """
        path = self.folder / "models.json"
        if not path.is_file():
            return {}
        stamp = self._stamp(path)
        if self._models is None or self._models[0] != stamp:
            try:
                document = json.loads(path.read_bytes().decode("utf-8"))
                products = document["products"]
                models = {
                    pid: {
                        key: f"/{value}" if key in ("model", "far", "thumbnail") else value
                        for key, value in entry.items()
                    }
                    for pid, entry in products.items()
                }
            except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
                raise ValueError(f"{path} is not a valid models.json: {error}") from error
            self._models = (stamp, models)
        return self._models[1]

    def layout(self) -> dict[str, Any] | None:
        """The parsed layout.json (do not modify it), or None when the fair has not been built.

        Raises ValueError naming the file when layout.json is not valid JSON.
        """
        path = self.folder / "layout.json"
        if not path.is_file():
            return None
        stamp = self._stamp(path)
        if self._layout is None or self._layout[0] != stamp:
            try:
                document = json.loads(path.read_bytes().decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise ValueError(f"{path} is not a valid layout.json: {error}") from error
            self._layout = (stamp, document)
        return self._layout[1]

    def booth(self, number: str) -> dict[str, Any] | None:
        """The booth with this number in layout.json (with its `hall`), or None.

        Raises ValueError naming the file when layout.json is not valid JSON.
        """
        return self._booth_index().get(number)

    def booths_of(self, ref: str) -> list[dict[str, Any]]:
        """The booths of the exhibitor `ref` in layout.json (each with its `hall`), in layout order.

        Raises ValueError naming the file when layout.json is not valid JSON.
        """
        return [b for b in self._booth_index().values() if str(b.get("ref") or "") == ref]

    def _booth_index(self) -> dict[str, dict[str, Any]]:
        """By number, each booth of layout.json with its `hall`; empty when the fair has not been built."""
        document = self.layout()
        if document is None or self._layout is None:
            return {}
        if self._booths is None or self._booths[0] != self._layout[0]:
            index = {
                str(b.get("number")): {**b, "hall": hall.get("id")}
                for hall in document.get("halls", [])
                for b in hall.get("booths", [])
                if b.get("number")
            }
            self._booths = (self._layout[0], index)
        return self._booths[1]


def manifest_json(document: dict[str, Any], models: dict[str, Any]) -> bytes:
    """The fair manifest: layout.json with each hall's GLB URL, each booth's pinyin search key
    (halllayout/pinyin.py), the product models and the zone colours, as JSON bytes."""
    halls = [{**hall, "glb": f"/halls/{hall['id']}.glb"} for hall in document.get("halls", [])]
    for hall in halls:
        if isinstance(hall.get("booths"), list):
            hall["booths"] = [{**b, "pinyin": pinyin_key(b.get("exhibitor") or "")} for b in hall["booths"]]
    manifest = {**document, "halls": halls, "models": models, "zone_colours": zone_colours_hex(document)}
    return json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
