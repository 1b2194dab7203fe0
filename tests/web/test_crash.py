"""A server killed (SIGKILL) while a layout job runs: after the restart visitors still see the old
version, no version names a half-written folder, and the job is failed, not left running."""

from __future__ import annotations

import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from app import create_app
from halllayout.web import db
from halllayout.web.accounts import add_organiser
from halllayout.web.jobs import INTERRUPTED

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
ORGANISER = ("crash@fair.example", "correct horse battery")
#: The app a test makes in its own process to set up the instance (an organiser...) before it starts
#: the server: it must not run jobs, or its worker thread may take the server's job from the shared
#: queue and run it without the server's settings (the test's delay), and outlive the server's kill.
SETUP_ONLY: dict[str, object] = {"JOBS_WORKERS": 0, "SEARCH_INDEX_AHEAD": False}
LOGIN = {"email": ORGANISER[0], "password": ORGANISER[1]}


class Browser:
    """A cookie jar and the CSRF token, over urllib."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.token = ""

    def call(
        self, method: str, path: str, body: Any = None, *, data: bytes | None = None, ctype: str = ""
    ) -> tuple[int, Any]:
        headers = {"X-CSRFToken": self.token} if self.token else {}
        if body is not None:
            data, ctype = json.dumps(body).encode(), "application/json"
        if ctype:
            headers["Content-Type"] = ctype
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=10) as response:
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        document = json.loads(payload) if payload[:1] in (b"{", b"[") else payload
        if isinstance(document, dict) and isinstance(document.get("csrf_token"), str):
            self.token = document["csrf_token"]
        return status, document

    def upload(self, name: str, content: bytes) -> str:
        boundary = uuid.uuid4().hex
        data = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        status, document = self.call(
            "POST", "/api/organiser/inputs", data=data, ctype=f"multipart/form-data; boundary={boundary}"
        )
        assert status == 201, document
        return str(document["digest"])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(fair_dir: Path, env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "--fair-dir", str(fair_dir), "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/session", timeout=1):
                return process
        except OSError:
            if process.poll() is not None:
                raise AssertionError(f"the server exited with status {process.returncode}") from None
            time.sleep(0.1)
    process.kill()
    raise AssertionError("the server did not answer within 20 s")


def _exhibitors(browser: Browser) -> set[str]:
    status, manifest = browser.call("GET", "/api/fair")
    assert status == 200, manifest
    return {b["exhibitor"] for hall in manifest["halls"] for b in hall["booths"]}


def test_a_server_killed_mid_build_keeps_the_old_version_and_fails_the_job(
    fair_dir: Path, tmp_path: Path, database_url: str
) -> None:
    instance = tmp_path / "instance"
    database = database_url  # SQLite, and PostgreSQL too when the tests have one
    setup = create_app(
        SETUP_ONLY | {"FAIR_DIR": str(fair_dir), "INSTANCE_DIR": str(instance), "DATABASE_URL": database}
    )
    with setup.app_context():
        add_organiser(db.session(), *ORGANISER)
    setup.extensions["halllayout.engine"].dispose()
    env = {
        **os.environ,
        "HALLLAYOUT_INSTANCE": str(instance),
        "HALLLAYOUT_DATABASE_URL": database,
        "HALLLAYOUT_SECRET_KEY": "crash-test",
        "HALLLAYOUT_LAYOUT_TEST_DELAY": "60",
    }
    port = _free_port()
    server = _serve(fair_dir, env, port)
    try:
        boss = Browser(f"http://127.0.0.1:{port}")
        boss.call("GET", "/api/session")
        assert boss.call("POST", "/api/session/organiser", LOGIN)[0] == 200
        before = _exhibitors(boss)
        booths = boss.upload("booths.csv", b"ref,exhibitor,width,depth\nN1,Newco,3,3\nN2,Nextco,3,3\n")
        hall = boss.upload("pavilion.json", (DATA / "halls" / "pavilion-40x30.json").read_bytes())
        status, started = boss.call("POST", "/api/organiser/builds", {"booths": booths, "halls": [hall]})
        assert status == 202, started
        deadline = time.monotonic() + 20
        job: dict[str, Any] = {}
        while time.monotonic() < deadline:  # until the files are written and the job waits to finish
            job = boss.call("GET", started["url"])[1]
            if job["status"] == "running" and job["progress"] >= 0.99:
                break
            time.sleep(0.05)
        assert job.get("progress", 0) >= 0.99, job
        builds = list((instance / "fairs" / "demo").glob("build-*"))
        assert len(builds) == 1 and (builds[0] / "layout.json").is_file()
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(10)

    del env["HALLLAYOUT_LAYOUT_TEST_DELAY"]
    server = _serve(fair_dir, env, port)
    try:
        visitor = Browser(f"http://127.0.0.1:{port}")
        assert _exhibitors(visitor) == before
        boss = Browser(f"http://127.0.0.1:{port}")
        boss.call("GET", "/api/session")
        boss.call("POST", "/api/session/organiser", LOGIN)
        versions = boss.call("GET", "/api/organiser/versions")[1]
        assert [(v["number"], v["published"]) for v in versions["items"]] == [(1, True)]
        job = boss.call("GET", started["url"])[1]
        assert (job["status"], job["message"]) == ("failed", INTERRUPTED)
        assert not (instance / "fairs" / "demo" / "v2").exists()

        # the next build works, sweeps the half-built folder away, and publishes
        status, again = boss.call("POST", "/api/organiser/builds", {"booths": booths, "halls": [hall]})
        assert status == 202
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and job["status"] not in ("done",):
            job = boss.call("GET", again["url"])[1]
            assert job["status"] != "failed", job
            time.sleep(0.1)
        assert job["result"]["version"] == 2
        assert list((instance / "fairs" / "demo").glob("build-*")) == []
        assert boss.call("POST", "/api/organiser/versions/2/publish")[0] == 200
        assert _exhibitors(visitor) == {"Newco", "Nextco"}
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(10)
