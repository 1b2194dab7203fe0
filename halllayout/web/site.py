"""The fair this site shows visitors, and the folder its published version lives in.

A site serves one fair (`FAIR_SLUG`, "demo" by default). Visitors see its published version, a folder
in the instance folder that `halllayout build` wrote in full before it was published; before anything
is published, the folder given as `FAIR_DIR` (`app.py --fair-dir`) is shown.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import bindparam, select

from halllayout.web import db
from halllayout.web.fairfiles import FairFiles
from halllayout.web.models import Fair, FairVersion
from halllayout.web.version_files import local_copy


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


@dataclass(frozen=True)
class Published:
    """What visitors see now: the site fair's id and its published version (none before the first)."""

    fair_id: int
    version_id: int | None
    #: the published version's folder, or `FAIR_DIR` when none is published
    folder: Path
    #: names the published version for caches: (id, created_at), as an id alone may be used again
    key: tuple[int | None, dt.datetime | None]


#: One indexed row read on every visitor request, so that a version published by any process is seen on
#: the next request; a tenth of the cost of loading the Fair and FairVersion objects.
_PUBLISHED = (
    select(Fair.id, Fair.published_version_id, FairVersion.folder, FairVersion.created_at)
    .outerjoin(FairVersion, FairVersion.id == Fair.published_version_id)
    .where(Fair.slug == bindparam("slug"))
)


#: How long a process may go on showing the version it last read before it asks the database again
#: (s): a version published by another process is seen within this; by this process, at once.
PUBLISHED_RECHECK_SECONDS = 1.0


def published() -> Published:
    """The site fair's published version, as this request sees it (the fair is made when missing).
    Read from the database at most every PUBLISHED_RECHECK_SECONDS per process, so the hot reads
    (manifest, booth pages) need no database round trip of their own."""
    fresh = fresh_published(current_app)
    if fresh is not None:
        return fresh
    cache: dict[str, Any] = current_app.extensions.setdefault("halllayout.published", {})
    before: Published | None = cache.get("value")
    value = _read_published()
    cache.update(value=value, at=time.monotonic())
    if before is None or before.key != value.key:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        for hook in app.extensions.get(ON_PUBLISHED, ()):
            hook(app, value)
    return value


#: app.extensions key: functions called as f(app, published) when a process first sees a version
#: (booths.py builds the search index ahead of the first search).
ON_PUBLISHED = "halllayout.on_published"


def fresh_published(app: Flask) -> Published | None:
    """What `published()` would give now in `app`, when that needs no database read; else None."""
    cache: dict[str, Any] = app.extensions.get("halllayout.published", {})
    recheck = float(app.config.get("PUBLISHED_RECHECK_SECONDS", PUBLISHED_RECHECK_SECONDS))
    if "value" not in cache or time.monotonic() - cache["at"] >= recheck:
        return None
    value: Published = cache["value"]
    return value


def forget_published() -> None:
    """Makes this process read the published version again on its next request (it changed it)."""
    if has_app_context():
        current_app.extensions.get("halllayout.published", {}).clear()


def _read_published() -> Published:
    slug = current_app.config["FAIR_SLUG"]
    row = db.session().connection().execute(_PUBLISHED, {"slug": slug}).first()
    if row is None:
        ensure_fair(slug)
        row = db.session().connection().execute(_PUBLISHED, {"slug": slug}).one()
    fair_id, version_id, folder, created_at = row
    if version_id is not None and folder:
        where = Path(current_app.config["INSTANCE_DIR"]) / folder
        if not where.is_dir():  # built on another machine: fetched from the store (version_files.py)
            version = db.session().get(FairVersion, version_id)
            files = version.summary.get("files") if version is not None else None
            where = local_copy(where, files or {})
    else:
        where = Path(current_app.config["FAIR_DIR"])
    return Published(fair_id, version_id, where, (version_id, created_at))


#: How many versions' files a process keeps with their caches (`fair_files`): the one published and the
#: last one before it, which a request begun before the publish may still read. Each holds its parsed
#: layout (hundreds of MB for a fair of 60,000 booths), so an organiser publishing again and again would
#: otherwise fill the process's memory.
FAIR_FILES_KEPT = 2
_FAIR_FILES_LOCK = threading.Lock()


def fair_files(site: Published | None = None) -> FairFiles:
    """The published fair's files (of `site`, as `published()` gave it, when given), with their caches:
    one per folder, for the `FAIR_FILES_KEPT` folders used last."""
    folder = (site or published()).folder
    with _FAIR_FILES_LOCK:
        cache: OrderedDict[Path, FairFiles] = current_app.extensions.setdefault(
            "halllayout.fair_files", OrderedDict()
        )
        files = cache.pop(folder, None)
        if files is None:
            files = FairFiles(folder)
        cache[folder] = files  # used last: kept longest
        while len(cache) > FAIR_FILES_KEPT:
            cache.popitem(last=False)
    return files


def published_booth(number: str) -> dict[str, Any] | None:
    """The booth with this number in the published layout, or None."""
    return fair_files().booth(number)


def published_booths_of(ref: str) -> list[dict[str, Any]]:
    """The booths of the exhibitor `ref` in the published layout (none when `ref` is empty)."""
    return fair_files().booths_of(ref) if ref else []
