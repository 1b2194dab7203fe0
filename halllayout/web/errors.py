"""Errors as JSON: `{"error": message, "field": name or null}` with a 4xx status, never a traceback page.

Handlers raise `ApiError(status, message, field)`; request bodies that do not match their schema come
back as 422 naming the first offending field, and every HTTP error (404, 405, 413, 429, CSRF's 400)
in the same shape.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


class ApiError(Exception):
    """A request the API refuses: the status, a message naming the value, and the offending field."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


def json_error(status: int, message: str, field: str | None = None, **extra: Any) -> Response:
    """The JSON error response."""
    response = jsonify({"error": message, "field": field, **extra})
    response.status_code = status
    return response


def _first_problem(messages: Any, path: tuple[str, ...] = ()) -> tuple[str, str]:
    """The first (field path, message) in webargs' nested `{"json": {"name": ["Missing ..."]}}`."""
    if isinstance(messages, dict):
        for key in sorted(messages, key=str):
            return _first_problem(messages[key], (*path, str(key)))
    if isinstance(messages, list) and messages:
        return _first_problem(messages[0], path)
    return ".".join(path), str(messages)


def _validation_error(error: HTTPException) -> Response:
    messages = getattr(error, "data", {}).get("messages", {})
    where, message = _first_problem(messages)
    parts = where.split(".", 1)
    field = parts[1] if len(parts) == 2 else parts[0]
    return json_error(422, f"{field}: {message}", field or None, errors=messages)


def register(app: Flask) -> None:
    """Installs the JSON error handlers on `app`."""

    @app.errorhandler(ApiError)
    def api_error(error: ApiError) -> Response:
        return json_error(error.status, error.message, error.field)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Response:
        return json_error(
            400,
            f"CSRF check failed: {error.description} Send the token from GET /api/session "
            "in the X-CSRFToken header (or the csrf_token form field).",
            "X-CSRFToken",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        status = error.code or 500
        if status == 422:
            return _validation_error(error)
        messages = {
            404: f"not found: {request.path}",
            405: f"method {request.method} not allowed on {request.path}",
            413: f"upload too large: the limit is {app.config.get('MAX_CONTENT_LENGTH')} bytes",
        }
        return json_error(status, messages.get(status, error.description or error.name))
