"""Fair versions: a built folder becomes a version (its booths and products copied into the database
for search and booth pages), and publishing points the fair at one version in a single transaction,
so visitors see the old version until the new one is complete, and rolling back is the same step.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from halllayout.web.errors import ApiError
from halllayout.web.models import Booth, Fair, FairVersion, Product, utcnow
from halllayout.web.site import forget_published

log = logging.getLogger(__name__)

#: Booth rows per INSERT statement.
_CHUNK = 5000


def layout_digest(folder: Path) -> str:
    """SHA-256 of the folder's layout.json."""
    with (folder / "layout.json").open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ApiError(422, f"{path.name}: not readable JSON ({error})", path.name) from error


def _booth_rows(version_id: int, layout: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "version_id": version_id,
            "number": str(booth["number"]),
            "hall": str(hall.get("id", "")),
            "ref": str(booth.get("ref", "")),
            "exhibitor": str(booth.get("exhibitor") or ""),
            "exhibitor_en": str(booth.get("exhibitor_en") or ""),
            "zone": str(booth.get("zone") or ""),
            "data": booth,
        }
        for hall in layout.get("halls", [])
        for booth in hall.get("booths", [])
        if booth.get("number")
    ]


def _product_rows(version_id: int, layout: dict[str, Any], models: dict[str, Any]) -> list[dict[str, Any]]:
    """A booth's products are numbered from 1 in list order; their id is `<ref>/<n>` (products.py)."""
    rows = []
    for hall in layout.get("halls", []):
        for booth in hall.get("booths", []):
            if not booth.get("number"):
                continue
            for n, name in enumerate(booth.get("products") or [], start=1):
                pid = f"{booth.get('ref', '')}/{n}"
                model = models.get(pid, {}).get("model", "")
                rows.append(
                    {
                        "version_id": version_id,
                        "booth_number": str(booth["number"]),
                        "product_id": pid,
                        "name": str(name),
                        "model": str(model),
                        "is_new": False,
                    }
                )
    return rows


def _insert(session: Session, table: type[Booth] | type[Product], rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _CHUNK):
        session.execute(insert(table), rows[start : start + _CHUNK])


def add_version(
    session: Session,
    fair: Fair,
    folder: Path,
    *,
    stored_as: str,
    note: str = "",
    created_by: int | None = None,
    summary: dict[str, Any] | None = None,
) -> FairVersion:
    """A new `ready` version of `fair` from the complete built `folder` (layout.json, GLBs, models.json),
    its booths and products copied into the database; `stored_as` is the folder as the version records
    it (relative to the instance folder, or absolute); `summary` is added to the version's summary.
    Not published. Commits."""
    layout = _read_json(folder / "layout.json")
    models_path = folder / "models.json"
    models = _read_json(models_path).get("products", {}) if models_path.is_file() else {}
    number = (
        session.scalar(select(func.max(FairVersion.number)).where(FairVersion.fair_id == fair.id)) or 0
    ) + 1
    version = FairVersion(
        fair_id=fair.id,
        number=number,
        status="ready",
        folder=stored_as,
        note=note,
        created_by=created_by,
        summary={
            "layout_sha256": layout_digest(folder),
            "booths": sum(len(h.get("booths", [])) for h in layout.get("halls", [])),
            "halls": [h.get("id") for h in layout.get("halls", [])],
            "unplaced": len(layout.get("unplaced", [])),
            **(summary or {}),
        },
    )
    session.add(version)
    session.flush()
    _insert(session, Booth, _booth_rows(version.id, layout))
    _insert(session, Product, _product_rows(version.id, layout, models))
    session.commit()
    return version


def publish(session: Session, fair: Fair, version: FairVersion) -> None:
    """Visitors see `version` from the next request on (also how an organiser rolls back)."""
    if version.fair_id != fair.id:
        raise ApiError(404, f"version {version.number} is not a version of fair {fair.slug!r}", "version")
    if version.status != "ready":
        raise ApiError(409, f"version {version.number} is {version.status}, not ready to publish", "version")
    fair.published_version_id = version.id
    version.published_at = utcnow()
    session.commit()
    forget_published()


def published_version(session: Session, fair: Fair) -> FairVersion | None:
    """The version visitors see, if any."""
    return session.get(FairVersion, fair.published_version_id) if fair.published_version_id else None


def adopt_folder(session: Session, fair: Fair, folder: Path) -> FairVersion | None:
    """Publishes the built `folder` (`app.py --fair-dir`) as a version of `fair`, unless an organiser
    published a version of their own (that one is never replaced this way). A version published from a
    folder gives way when the folder or its layout.json changed; when the folder holds no built fair,
    nothing is published and the site says how to build one. Returns the version published from the
    folder, or None."""
    current = published_version(session, fair)
    if current is not None and current.summary.get("source") != "folder":
        log.info("fair %s: version %d is published; %s is not served", fair.slug, current.number, folder)
        return None
    if not (folder / "layout.json").is_file():
        if current is not None:
            fair.published_version_id = None
            session.commit()
            forget_published()
        return None
    stored_as = str(folder.resolve())
    if current is not None and (current.folder, current.summary.get("layout_sha256")) == (
        stored_as,
        layout_digest(folder),
    ):
        return current
    try:
        version = add_version(session, fair, folder, stored_as=stored_as, note=f"built folder {folder}")
    except ApiError as error:
        log.warning("fair %s: %s in %s is not served: %s", fair.slug, error.field, folder, error.message)
        session.rollback()
        fair.published_version_id = None
        session.commit()
        forget_published()
        return None
    version.summary = {**version.summary, "source": "folder"}
    session.commit()
    publish(session, fair, version)
    return version
