"""The fair this site shows visitors, and the folder its published version lives in.

A site serves one fair (`FAIR_SLUG`, "demo" by default). Visitors see its published version, a folder
in the instance folder that `halllayout build` wrote in full before it was published; before anything
is published, the folder given as `FAIR_DIR` (`app.py --fair-dir`) is shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select

from halllayout.web import db
from halllayout.web.fairfiles import FairFiles
from halllayout.web.models import Fair, FairVersion


def ensure_fair(slug: str, name: str = "") -> Fair:
    """The fair with this slug, made when missing."""
    session = db.session()
    fair = session.scalars(select(Fair).where(Fair.slug == slug)).first()
    if fair is None:
        fair = Fair(slug=slug, name=name or slug)
        session.add(fair)
        session.commit()
    return fair


def site_fair() -> Fair:
    """The fair this site shows."""
    return ensure_fair(current_app.config["FAIR_SLUG"])


def published_folder(fair: Fair) -> Path:
    """The folder of the fair's published version, or `FAIR_DIR` when none is published."""
    if fair.published_version_id is not None:
        version = db.session().get(FairVersion, fair.published_version_id)
        if version is not None and version.folder:
            return Path(current_app.config["INSTANCE_DIR"]) / version.folder
    return Path(current_app.config["FAIR_DIR"])


def fair_files() -> FairFiles:
    """The published fair's files, with their caches (one per folder, kept for the app's life)."""
    folder = published_folder(site_fair())
    cache: dict[Path, FairFiles] = current_app.extensions.setdefault("halllayout.fair_files", {})
    if folder not in cache:
        cache[folder] = FairFiles(folder)
    return cache[folder]


def published_booth(number: str) -> dict[str, Any] | None:
    """The booth with this number in the published layout, or None."""
    return fair_files().booth(number)
