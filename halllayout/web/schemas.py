"""Schemas shared by the API's blueprints (each blueprint keeps its own request and reply schemas)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


class ErrorSchema(Schema):
    """Every error: a message naming the value, and the offending field when there is one."""

    error = fields.String(required=True)
    field = fields.String(allow_none=True)
    errors = fields.Dict()


class VisitorSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True)
    company = fields.String()
    email = fields.Email(required=True)


class ExhibitorRefSchema(Schema):
    id = fields.Integer()
    ref = fields.String()
    name = fields.String()
    fair = fields.String()


class OrganiserRefSchema(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()


class PageArgsSchema(Schema):
    """`?page=1&per_page=20` on every list (per_page at most 100)."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """The reply schema of a list of `item`: `{items, page, per_page, total}`."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item), required=True),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
            "total": fields.Integer(required=True),
        },
        name=name,
    )


def paginate(session: Session, query: Select[Any], args: dict[str, int]) -> dict[str, Any]:
    """One page of `query`'s rows (ordered as the query orders them) with the total count."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    page, per_page = args["page"], args["per_page"]
    items = list(session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return {"items": items, "page": page, "per_page": per_page, "total": total}
