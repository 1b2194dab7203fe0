"""What the exhibitors changed that visitors see: their profiles and live product uploads, as one
snapshot per process (`live_view()`), read from the database at most every LIVE_RECHECK_SECONDS, at
once after a change made through this process (`forget_live()`).

The fair manifest splices it in (`with_live_products`: `live_products` and `exhibitor_profiles`) and
the booth pages add an exhibitor's part (`LiveView.parts`) to what the published version fixes; so
neither reads the database on its own. The snapshot stays the same object while its content does, so
caches (booths.py, hot.py) can tell by identity whether what they made is still current.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import select

from halllayout.web import db
from halllayout.web.models import Exhibitor, ExhibitorUpload, Fair

#: How long a process shows the profiles and live uploads it last read before it reads them again
#: (seconds; the app's `LIVE_RECHECK_SECONDS` when set); a change made through this process is seen at
#: once.
LIVE_RECHECK_SECONDS = 5.0

_CACHE = "halllayout.live"

#: The profile fields visitors see (booth pages' `profile`, the manifest's `exhibitor_profiles`).
PROFILE_FIELDS = ("name", "description", "website", "live_stream", "logo", "colours")


def logo_url(ref: str, logo: str) -> str:
    """The public URL of exhibitor `ref`'s logo `logo` (a digest; the URL changes with it), or empty."""
    return f"/api/exhibitors/{ref}/logo.png?v={logo[:12]}" if logo else ""


def live_product(upload: ExhibitorUpload) -> dict[str, Any]:
    """A live upload as a booth page's product (booths.py's ProductSchema), id `upload/<id>`."""
    base = f"/api/uploads/{upload.id}"
    return {
        "product_id": f"upload/{upload.id}",
        "name": upload.name,
        "model": f"{base}/model.glb",
        "thumbnail": f"{base}/thumbnail.png" if upload.thumbnail else "",
        "is_new": upload.is_new,
    }


@dataclass(frozen=True)
class ExhibitorPart:
    """What an exhibitor with an account adds to its booth pages."""

    #: PROFILE_FIELDS, the logo as its URL
    profile: dict[str, Any]
    #: its live uploads, oldest first, as `live_product` gives them
    products: tuple[dict[str, Any], ...]


@dataclass(frozen=True, eq=False)
class LiveView:
    """The exhibitors' changes at one moment; compared by identity (a new one means a change)."""

    #: by ref, each exhibitor of the fair with an account
    parts: dict[str, ExhibitorPart]
    #: for the manifest: `live_products` and `exhibitor_profiles`, each left out when empty
    manifest_extra: dict[str, Any]


def _read(slug: str) -> LiveView:
    session = db.session()
    uploads = session.execute(
        select(ExhibitorUpload, Exhibitor.ref)
        .join(Exhibitor, Exhibitor.id == ExhibitorUpload.exhibitor_id)
        .join(Fair, Fair.id == Exhibitor.fair_id)
        .where(Fair.slug == slug, ExhibitorUpload.status == "live")
        .order_by(ExhibitorUpload.id)
    )
    products: dict[str, list[dict[str, Any]]] = {}
    live: dict[str, list[dict[str, Any]]] = {}
    for upload, ref in uploads:
        product = live_product(upload)
        products.setdefault(ref, []).append(product)
        size = upload.report.get("size_m")
        live.setdefault(ref, []).append(
            {
                **{key: value for key, value in product.items() if key != "product_id"},
                "id": product["product_id"],
                "far": f"/api/uploads/{upload.id}/far.glb" if upload.far else "",
                "size": [size["x"], size["y"], size["z"]] if isinstance(size, dict) else None,
            }
        )
    exhibitors = session.execute(
        select(
            Exhibitor.ref,
            Exhibitor.name,
            Exhibitor.description,
            Exhibitor.website,
            Exhibitor.live_stream,
            Exhibitor.logo,
            Exhibitor.colours,
        )
        .join(Fair, Fair.id == Exhibitor.fair_id)
        .where(Fair.slug == slug)
        .order_by(Exhibitor.id)
    )
    parts: dict[str, ExhibitorPart] = {}
    profiles: dict[str, dict[str, Any]] = {}
    for ref, name, description, website, live_stream, logo, colours in exhibitors:
        profile = {
            "name": name,
            "description": description,
            "website": website,
            "live_stream": live_stream,
            "logo": logo_url(ref, logo),
            "colours": list(colours or []),
        }
        parts[ref] = ExhibitorPart(profile, tuple(products.get(ref, ())))
        if description or website or live_stream or logo:  # filled in
            profiles[ref] = profile
    extra = {"live_products": live, "exhibitor_profiles": profiles}
    return LiveView(parts, {key: value for key, value in extra.items() if value})


def live_view() -> LiveView:
    """The site fair's exhibitors' changes, as this process sees them now."""
    fresh = fresh_live_view(current_app)
    if fresh is not None:
        return fresh
    cache: dict[str, Any] = current_app.extensions.setdefault(_CACHE, {})
    view = _read(current_app.config["FAIR_SLUG"])
    old: LiveView | None = cache.get("view")
    if old is None or old.parts != view.parts or old.manifest_extra != view.manifest_extra:
        cache["view"] = view  # else the same object stays: caches keyed by it stay current
    cache["at"] = time.monotonic()
    current: LiveView = cache["view"]
    return current


def _recheck(app: Flask) -> float:
    return float(app.config.get("LIVE_RECHECK_SECONDS", LIVE_RECHECK_SECONDS))


def fresh_live_view(app: Flask) -> LiveView | None:
    """The view `live_view()` would give now, when that needs no database read; else None."""
    cache: dict[str, Any] = app.extensions.get(_CACHE, {})
    at = cache.get("at")
    if at is None or time.monotonic() - at >= _recheck(app):
        return None
    view: LiveView = cache["view"]
    return view


def forget_live() -> None:
    """Makes this process read the exhibitors' changes again on its next request (it made one)."""
    if has_app_context():
        current_app.extensions.get(_CACHE, {}).pop("at", None)


def with_live_products(manifest: bytes, view: LiveView) -> bytes:
    """The fair manifest's JSON bytes with the exhibitors' changes (`view.manifest_extra`), spliced
    into the cached manifest without parsing it; the result is kept (the same bytes object while
    nothing changed)."""
    extra = view.manifest_extra
    if not extra or not manifest.endswith(b"}") or not manifest[:-1].rstrip().endswith((b'"', b"]", b"}")):
        return manifest
    cached: tuple[bytes, LiveView, bytes] | None = current_app.extensions.get("halllayout.live_manifest")
    if cached is None or cached[0] is not manifest or cached[1] is not view:
        spliced = json.dumps(extra, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        cached = (manifest, view, manifest[:-1] + b"," + spliced[1:])
        current_app.extensions["halllayout.live_manifest"] = cached
    return cached[2]
