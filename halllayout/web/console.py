"""The organiser console's page (viewer/organiser.html): everything it shows comes from the JSON API."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, send_file
from flask.typing import ResponseReturnValue

pages = Blueprint("console", __name__)


@pages.get("/organiser")
def organiser_console() -> ResponseReturnValue:
    response = send_file(
        Path(current_app.config["VIEWER_DIR"]) / "organiser.html", mimetype="text/html", etag=True, max_age=0
    )
    response.cache_control.no_cache = True
    return response
