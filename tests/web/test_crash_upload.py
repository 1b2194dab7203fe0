"""A server killed (SIGKILL) while an exhibitor's model upload is half received, and while one is
being processed: after the restart no half-received file or upload is visible, the acknowledged
upload is processed to the end, and the exhibitor can upload again."""

from __future__ import annotations

import os
import signal
import socket
import time
import urllib.request
from pathlib import Path
from typing import Any

from app import create_app
from halllayout.web import db
from halllayout.web.accounts import invite_exhibitor
from halllayout.web.site import site_fair
from tests.web.test_crash import SETUP_ONLY, Browser, _free_port, _serve

MODEL = Path(__file__).resolve().parents[1] / "data" / "models" / "good" / "BoxTextured.glb"


def _multipart(boundary: str, content: bytes) -> bytes:
    return (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="model"; filename="box.glb"\r\n'
            "Content-Type: model/gltf-binary\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )


def _send_half(port: int, cookie: str, token: str, body: bytes) -> socket.socket:
    """Starts a POST of `body` to the uploads and sends only its first half."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=10)
    head = (
        "POST /api/exhibitor/uploads HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: multipart/form-data; boundary=XXBOUNDARY\r\nContent-Length: {len(body)}\r\n"
        f"X-CSRFToken: {token}\r\nCookie: {cookie}\r\n\r\n"
    ).encode()
    connection.sendall(head + body[: len(body) // 2])
    return connection


def _uploads(browser: Browser) -> list[dict[str, Any]]:
    status, page = browser.call("GET", "/api/exhibitor/uploads")
    assert status == 200, page
    items: list[dict[str, Any]] = page["items"]
    return items


def test_a_server_killed_mid_upload_shows_nothing_half_received(fair_dir: Path, tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    database = f"sqlite:///{tmp_path / 'platform.db'}"
    setup = create_app(
        SETUP_ONLY | {"FAIR_DIR": str(fair_dir), "INSTANCE_DIR": str(instance), "DATABASE_URL": database}
    )
    with setup.app_context():
        _exhibitor, invitation = invite_exhibitor(db.session(), site_fair(), "EX1", "展商 1")
    setup.extensions["halllayout.engine"].dispose()
    env = {
        **os.environ,
        "HALLLAYOUT_INSTANCE": str(instance),
        "HALLLAYOUT_DATABASE_URL": database,
        "HALLLAYOUT_SECRET_KEY": "crash-test",
    }
    port = _free_port()
    server = _serve(fair_dir, env, port)
    body = _multipart("XXBOUNDARY", MODEL.read_bytes() * 40)  # ~ 70 kB a copy: a few MB in all
    try:
        exhibitor = Browser(f"http://127.0.0.1:{port}")
        exhibitor.call("GET", "/api/session")
        assert exhibitor.call("POST", "/api/session/exhibitor", {"token": invitation})[0] == 200
        jar = next(h for h in exhibitor.opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor))
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar.cookiejar)
        half = _send_half(port, cookie, exhibitor.token, body)
        time.sleep(0.5)  # the server is reading the body
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(10)
    half.close()
    stored_before = sorted(p.name for p in (instance / "store").rglob("*") if p.is_file())

    server = _serve(fair_dir, env, port)
    try:
        exhibitor = Browser(f"http://127.0.0.1:{port}")
        exhibitor.call("GET", "/api/session")
        assert exhibitor.call("POST", "/api/session/exhibitor", {"token": invitation})[0] == 200
        assert _uploads(exhibitor) == []  # nothing of the half-received upload
        complete = [name for name in stored_before if "incoming" not in name]
        assert all(len(name) == 62 for name in complete), complete  # only whole, named-by-digest files

        # the exhibitor uploads again, and it goes through
        status, sent = exhibitor.call(
            "POST",
            "/api/exhibitor/uploads",
            data=_multipart("XXBOUNDARY", MODEL.read_bytes()),
            ctype="multipart/form-data; boundary=XXBOUNDARY",
        )
        assert status == 202, sent
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            upload = exhibitor.call("GET", f"/api/exhibitor/uploads/{sent['id']}")[1]
            if upload["status"] not in ("queued", "processing"):
                break
            time.sleep(0.2)
        assert upload["status"] == "ready", upload
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(10)
