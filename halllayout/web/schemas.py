"""Schemas shared by the API's blueprints (each blueprint keeps its own request and reply schemas)."""

from __future__ import annotations

from marshmallow import Schema, fields


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
