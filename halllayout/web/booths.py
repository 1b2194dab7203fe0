"""Booth pages and search, from the database copy of the published version (versions.py): what a
visitor's phone asks for when it opens a booth, and the directory's search."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import or_, select

from halllayout.web import db
from halllayout.web.errors import ApiError
from halllayout.web.models import Booth, Exhibitor, Fair, Product
from halllayout.web.schemas import PageArgsSchema, page_schema, paginate
from halllayout.web.site import site_fair

bp = Blueprint("booths", __name__, url_prefix="/api", description="Booth pages and search")


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
    logo = fields.String()
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


def _version_id(fair: Fair) -> int:
    if fair.published_version_id is None:
        raise ApiError(503, f"fair {fair.slug!r} has no published version yet")
    return fair.published_version_id


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


@bp.get("/booths/<number>")
@bp.response(200, BoothPageSchema)
def booth_page(number: str) -> dict[str, Any]:
    """A booth of the published fair: its place, exhibitor, products and the exhibitor's profile."""
    session = db.session()
    fair = site_fair()
    version_id = _version_id(fair)
    booth = session.scalars(
        select(Booth).where(Booth.version_id == version_id, Booth.number == number)
    ).first()
    if booth is None:
        raise ApiError(404, f"no booth {number!r} in fair {fair.slug!r}", "number")
    products = session.scalars(
        select(Product)
        .where(Product.version_id == version_id, Product.booth_number == number)
        .order_by(Product.id)
    )
    exhibitor = session.scalars(
        select(Exhibitor).where(Exhibitor.fair_id == fair.id, Exhibitor.ref == booth.ref)
    ).first()
    return {
        "number": booth.number,
        "hall": booth.hall,
        "ref": booth.ref,
        "exhibitor": booth.exhibitor,
        "exhibitor_en": booth.exhibitor_en,
        "zone": booth.zone,
        "data": booth.data,
        "products": [_product(p) for p in products],
        "profile": exhibitor,
    }


@bp.get("/search")
@bp.arguments(SearchArgsSchema, location="query")
@bp.response(200, page_schema(BoothSchema, "BoothSearchPage"))
def search(args: dict[str, Any]) -> dict[str, Any]:
    """Booths of the published fair whose number, exhibitor (either language), zone or a product's
    name contains `q` (case-insensitive), in booth-number order."""
    fair = site_fair()
    version_id = _version_id(fair)
    pattern = "%" + args["q"].strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    with_product = select(Product.booth_number).where(
        Product.version_id == version_id, Product.name.ilike(pattern, escape="\\")
    )
    query = (
        select(Booth)
        .where(
            Booth.version_id == version_id,
            or_(
                Booth.number.ilike(pattern, escape="\\"),
                Booth.exhibitor.ilike(pattern, escape="\\"),
                Booth.exhibitor_en.ilike(pattern, escape="\\"),
                Booth.zone.ilike(pattern, escape="\\"),
                Booth.number.in_(with_product),
            ),
        )
        .order_by(Booth.number)
    )
    return paginate(db.session(), query, args)
