"""Fill a folder of product models for a booth list from the demo's sample products.

Real fairs get their product models from the exhibitors (`halllayout build --models DIR` reads
`DIR/<ref>/<n>.<ext>`). The demo and the walk-through benchmark have none, so this gives every product
of every booth one of the real third-party models in `assets/demo/products/` (see the README there),
chosen by the product's name: the same name always gets the same model, so a fair of a thousand
booths needs only a handful of distinct models and ingestion does each once. Files are hard links
where the file system allows, copies where not.

Usage: python assets/demo/product_folder.py BOOTHS.csv OUT_DIR
"""

from __future__ import annotations

import os
import shutil
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent / "products"
SUFFIXES = (".glb", ".zip", ".stl", ".ply", ".obj")


def samples() -> list[Path]:
    """The sample product models, in name order."""
    return sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() in SUFFIXES)


def model_for(product: str, choices: list[Path]) -> Path:
    """The sample that shows a product of this name (stable across runs and machines)."""
    return choices[zlib.crc32(product.strip().casefold().encode("utf-8")) % len(choices)]


def product_folder(booths: Iterable[tuple[str, tuple[str, ...]]], out: Path) -> int:
    """Write `out/<ref>/<n><suffix>` for every (ref, products) pair; returns the files written."""
    choices = samples()
    written = 0
    for ref, products in booths:
        for n, name in enumerate(products, start=1):
            source = model_for(name, choices)
            target = out / ref / f"{n}{source.suffix.lower()}"
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                target.unlink()
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
            written += 1
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    from halllayout.errors import HallLayoutError
    from halllayout.read import read_booth_list

    try:
        requests = read_booth_list(Path(argv[0]))
    except HallLayoutError as error:
        print(f"product_folder: error: {error}", file=sys.stderr)
        return 2
    count = product_folder(((r.ref, r.products) for r in requests), Path(argv[1]))
    print(f"{count} product models for {len(requests)} booths in {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
