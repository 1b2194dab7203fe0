"""Booth pages and search, from the database copy of the published version (versions.py): what a
visitor's phone asks for when it opens a booth, and the directory's search."""

from __future__ import annotations

import bisect
import itertools
import logging
import threading
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, request
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.http import generate_etag

from halllayout.web import db
from halllayout.web.errors import ApiError
from halllayout.web.hot import HOT, HotState
from halllayout.web.limits import limiter
from halllayout.web.live import LiveView, live_view
from halllayout.web.models import Booth, Product
from halllayout.web.schemas import PageArgsSchema, page_schema
from halllayout.web.site import ON_PUBLISHED, Published, published

log = logging.getLogger(__name__)

bp = Blueprint("booths", __name__, url_prefix="/api", description="Booth pages and search")


@limiter.request_filter
def _not_limited() -> bool:
    """Booth pages have no rate limit: the limiter is skipped for them (fair.py)."""
    return request.endpoint == "booths.booth_page"


class ProductSchema(Schema):
    id = fields.String(attribute="product_id", required=True)
    name = fields.String(required=True)
    model = fields.String(required=True, metadata={"description": "URL of the web-ready model, or empty"})
    thumbnail = fields.String(required=True)
    is_new = fields.Boolean(required=True)


class ProfileSchema(Schema):
    name = fields.String()
    description = fields.String()
    website = fields.String()
    live_stream = fields.String()
    logo = fields.String(metadata={"description": "URL of the logo PNG, or empty"})
    colours = fields.List(fields.String())


class BoothSchema(Schema):
    number = fields.String(required=True)
    hall = fields.String(required=True)
    ref = fields.String(required=True)
    exhibitor = fields.String(required=True)
    exhibitor_en = fields.String(required=True)
    zone = fields.String(required=True)
    booth = fields.Dict(required=True, attribute="data", metadata={"description": "the booth in layout.json"})


class BoothPageSchema(BoothSchema):
    products = fields.List(fields.Nested(ProductSchema), required=True)
    profile = fields.Nested(ProfileSchema, allow_none=True)


class SearchArgsSchema(PageArgsSchema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=100))


def _product(product: Product) -> dict[str, Any]:
    model = f"/models/{product.model}" if product.model else ""
    thumbnail = f"/models/{product.model.removesuffix('.glb')}.png" if product.model else ""
    return {
        "product_id": product.product_id,
        "name": product.name,
        "model": model,
        "thumbnail": thumbnail,
        "is_new": product.is_new,
    }


#: Booth pages kept per process for the published version (the part a version fixes; about 2 kB each).
BOOTH_CACHE_SIZE = 10_000


@dataclass
class _CachedPage:
    """A booth page as the published version fixes it, dumped by BoothPageSchema (the booth and its
    products in the layout), and, once asked for, the page's JSON and ETag with the exhibitors' changes
    of the LiveView it was made with."""

    page: dict[str, Any]
    made: tuple[LiveView, str, str] | None = None


def _version_part(site: Published, number: str) -> _CachedPage | None:
    """The booth's page as the published version fixes it; cached per version, as versions do not
    change once made. None when the version has no such booth."""
    cache: dict[str, Any] = current_app.extensions.setdefault("halllayout.booth_pages", {})
    if cache.get("key") != site.key or len(cache.get("pages", ())) >= BOOTH_CACHE_SIZE:
        cache.update(key=site.key, pages={})
    pages: dict[str, _CachedPage] = cache["pages"]
    if number not in pages:
        session = db.session()
        booth = session.scalars(
            select(Booth).where(Booth.version_id == site.version_id, Booth.number == number)
        ).first()
        if booth is None:
            return None
        products = session.scalars(
            select(Product)
            .where(Product.version_id == site.version_id, Product.booth_number == number)
            .order_by(Product.id)
        )
        page = {
            **BoothSchema().dump(booth),
            "products": ProductSchema(many=True).dump([_product(p) for p in products]),
        }
        pages[number] = _CachedPage(page)
    return pages[number]


@bp.get("/booths/<number>")
@bp.response(200, BoothPageSchema)
@bp.alt_response(304, description="not modified (If-None-Match)")
def booth_page(number: str) -> ResponseReturnValue:
    """A booth of the published fair: its place, exhibitor, products and the exhibitor's profile. Sent
    with an ETag; answers 304 to If-None-Match."""
    site = published()
    if site.version_id is None:
        raise ApiError(503, f"fair {current_app.config['FAIR_SLUG']!r} has no published version yet")
    cached = _version_part(site, number)
    if cached is None:
        raise ApiError(404, f"no booth {number!r} in fair {current_app.config['FAIR_SLUG']!r}", "number")
    view = live_view()
    if cached.made is None or cached.made[0] is not view:
        part = view.parts.get(cached.page["ref"])
        if part is None:
            page = {**cached.page, "profile": None}
        else:  # what the exhibitor changes: its profile and live uploads (live.py)
            uploads = ProductSchema(many=True).dump(part.products)
            products = cached.page["products"] + uploads
            page = {**cached.page, "products": products, "profile": ProfileSchema().dump(part.profile)}
        body = current_app.json.dumps(page)
        cached.made = (view, body, generate_etag(body.encode("utf-8")))
    response = Response(cached.made[1], mimetype="application/json")
    response.set_etag(cached.made[2])
    request.environ[HOT] = HotState(site.key, view)  # the same answer while both stay (hot.py)
    response.cache_control.public = True
    response.cache_control.no_cache = True
    return response.make_conditional(request)


#: Between a booth's fields in the search index: no query contains it.
_FIELD = "\x1f"


@dataclass(frozen=True)
class _SearchIndex:
    """A version's booths for search: each booth's number, exhibitor (both languages), zone and
    product names, lower-cased, in booth-number order. Finding `q` in all takes milliseconds for
    60,000 booths, where `ILIKE '%q%'` over booths and products takes hundreds and no B-tree index
    helps, nor a trigram one for a query of one or two Chinese characters (benchmarks/bench_platform.py)."""

    #: booth numbers in number order
    numbers: tuple[str, ...]
    #: each booth's fields, lower-cased and joined by _FIELD
    entries: tuple[str, ...]
    #: the entries, each ended by _FIELD, in one string, and where each starts in it
    text: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, session: Session, version_id: int) -> _SearchIndex:
        products: dict[str, list[str]] = {}
        for number, name in session.execute(
            select(Product.booth_number, Product.name).where(Product.version_id == version_id)
        ):
            products.setdefault(number, []).append(name)
        rows = sorted(
            session.execute(
                select(Booth.number, Booth.exhibitor, Booth.exhibitor_en, Booth.zone).where(
                    Booth.version_id == version_id
                )
            )
        )
        entries = tuple(_FIELD.join([*row, *products.get(row[0], [])]).lower() for row in rows)
        starts = tuple(itertools.accumulate((len(e) + 1 for e in entries[:-1]), initial=0))
        return cls(tuple(row[0] for row in rows), entries, _FIELD.join(entries) + _FIELD, starts)

    def find(self, q: str) -> list[str]:
        """The numbers of the booths with a field containing `q` (case-insensitive), in number order."""
        needle = q.lower()
        if not needle or _FIELD in needle:
            return []
        if self.text.count(needle) > _FEW:  # many: one test per booth beats one step per match
            return [n for n, entry in zip(self.numbers, self.entries, strict=True) if needle in entry]
        found = []
        at = self.text.find(needle)
        while at >= 0:
            i = bisect.bisect_right(self.starts, at) - 1
            found.append(self.numbers[i])
            at = self.text.find(needle, self.starts[i + 1]) if i + 1 < len(self.starts) else -1
        return found


#: Up to this many matches, search steps from match to match through the index's text.
_FEW = 1000


def init_app(app: Flask) -> None:
    """With `SEARCH_INDEX_AHEAD` (on unless testing), each process builds a version's search index in a
    thread as soon as it sees the version published, rather than on the first search (0.9 s at 60,000
    booths)."""
    app.extensions[_INDEX_LOCK] = threading.Lock()  # one build per version at a time, others wait
    if app.config.get("SEARCH_INDEX_AHEAD", not app.testing):
        app.extensions.setdefault(ON_PUBLISHED, []).append(_index_ahead)


def _index_ahead(app: Flask, site: Published) -> None:
    if site.version_id is None:
        return

    def build() -> None:
        with app.app_context():
            _search_index(site)
            log.info("search index of version %s built", site.version_id)

    threading.Thread(target=build, name="search-index", daemon=True).start()


def _search_index(site: Published) -> _SearchIndex:
    """The published version's search index, made ahead (`init_app`) or on the first search."""
    assert site.version_id is not None
    cached: tuple[object, _SearchIndex] | None = current_app.extensions.get("halllayout.search_index")
    if cached is None or cached[0] != site.key:
        with current_app.extensions[_INDEX_LOCK]:  # a search waits for the build under way, if any
            cached = current_app.extensions.get("halllayout.search_index")
            if cached is None or cached[0] != site.key:
                cached = (site.key, _SearchIndex.of(db.session(), site.version_id))
                current_app.extensions["halllayout.search_index"] = cached
    return cached[1]


_INDEX_LOCK = "halllayout.search_index_lock"


@bp.get("/search")
@bp.arguments(SearchArgsSchema, location="query")
@bp.response(200, page_schema(BoothSchema, "BoothSearchPage"))
def search(args: dict[str, Any]) -> dict[str, Any]:
    """Booths of the published fair whose number, exhibitor (either language), zone or a product's
    name contains `q` (case-insensitive), in booth-number order."""
    site = published()
    if site.version_id is None:
        raise ApiError(503, f"fair {current_app.config['FAIR_SLUG']!r} has no published version yet")
    numbers = _search_index(site).find(args["q"].strip())
    page, per_page = args["page"], args["per_page"]
    shown = numbers[(page - 1) * per_page : page * per_page]
    booths = {
        booth.number: booth
        for booth in db.session().scalars(
            select(Booth).where(Booth.version_id == site.version_id, Booth.number.in_(shown))
        )
    }
    return {"items": [booths[n] for n in shown], "page": page, "per_page": per_page, "total": len(numbers)}
