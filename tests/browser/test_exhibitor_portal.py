"""Issue 7, the exhibitor's side: from the invitation link to the portal, where the exhibitor edits its
profile, uploads a product model, watches it processed, previews it in 3D and puts it live, and a
visitor's booth page then shows it (halllayout/web/exhibitor.py, viewer/exhibitor.html)."""

from __future__ import annotations

import json
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import ROOT, V, assert_no_errors, open_viewer

MODEL = ROOT / "tests" / "data" / "models" / "good" / "BoxTextured.glb"
REF = "EX000001"
#: Ingestion in a child process on a small, shared machine (ms).
PROCESSED_TIMEOUT_MS = 45_000


@contextmanager
def serve_with_invitation(folder: Path, ref: str) -> Iterator[tuple[str, str]]:
    """The Flask app over the fair in `folder` (jobs run by its own worker thread, as in production),
    with exhibitor `ref` invited; yields the server's URL and the invitation token."""
    from werkzeug.serving import make_server

    from app import create_app
    from halllayout.web import db, jobs
    from halllayout.web.accounts import invite_exhibitor
    from halllayout.web.site import site_fair

    app = create_app({"FAIR_DIR": str(folder), "INSTANCE_DIR": tempfile.mkdtemp(prefix="halllayout-portal-")})
    with app.app_context():
        _exhibitor, token = invite_exhibitor(db.session(), site_fair(), ref, "Xingtai Bio")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="halllayout-portal-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", token
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        jobs.stop(app)
        app.extensions["halllayout.engine"].dispose()


def booth_page(url: str, number: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{url}/api/booths/{number}", timeout=30) as response:
        document: dict[str, Any] = json.load(response)
    return document


def test_an_exhibitor_edits_its_profile_uploads_a_model_and_puts_it_live(page: Any, fair_dir: Path) -> None:
    with serve_with_invitation(fair_dir, REF) as (url, token):
        page.goto(f"{url}/api/session/invitation/{token}?lang=en")
        page.goto(f"{url}/exhibitor?lang=en")
        page.wait_for_function("window.halllayoutPortal && window.halllayoutPortal.state !== 'loading'")
        assert page.evaluate("window.halllayoutPortal.state") == "ready"
        assert page.locator("#company-name").inner_text() == "Xingtai Bio"
        booths = page.get_by_test_id("booths").locator("tbody tr")
        assert booths.count() == 1
        number = booths.first.locator("td").first.inner_text()

        # the profile: a bad address is refused naming it, a good one is saved
        page.fill("#profile-description", "Biotech since 1998")
        page.fill("#profile-website", "ftp://files.example")
        page.fill("#colour-1", "#C0FFEE")
        page.click("#profile-save")
        page.wait_for_function(
            "document.getElementById('profile-website').getAttribute('aria-invalid') === 'true'"
        )
        assert "website" in page.locator("#profile-status").inner_text()
        page.fill("#profile-website", "https://xingtai.example")
        page.click("#profile-save")
        page.wait_for_function("document.getElementById('profile-status').textContent === 'Profile saved.'")
        profile = booth_page(url, number)["profile"]
        assert (profile["description"], profile["website"], profile["colours"]) == (
            "Biotech since 1998",
            "https://xingtai.example",
            ["#c0ffee"],
        )

        # a model: uploaded, processed with a progress bar, previewed in 3D, put live as new
        page.set_input_files("#model-file", str(MODEL))
        page.fill("#model-name", "Textured box")
        page.click("#model-upload")
        assert page.get_by_test_id("model-progress").is_visible()
        ready = page.locator("[data-testid=upload][data-status=ready]")
        ready.wait_for(timeout=PROCESSED_TIMEOUT_MS)
        assert "Textured box" in ready.inner_text()
        assert (
            page.locator("#model-status").inner_text()
            == "Textured box is ready: preview it, then put it live."
        )

        ready.get_by_test_id("preview").click()
        page.wait_for_function(
            "window.halllayoutPortal.viewer.state !== 'loading'", timeout=PROCESSED_TIMEOUT_MS
        )
        assert page.evaluate("window.halllayoutPortal.viewer.state") == "ready"
        page.keyboard.press("Escape")
        assert page.evaluate("window.halllayoutPortal.viewer.renderers") == 0

        ready.get_by_test_id("is-new").check()
        ready.get_by_test_id("go-live").click()
        page.locator("[data-testid=upload][data-status=live]").wait_for()
        products = booth_page(url, number)["products"]
        live = [p for p in products if p["id"].startswith("upload/")]
        assert [(p["name"], p["is_new"]) for p in live] == [("Textured box", True)]

        # a visitor's booth panel shows the new description and the live product, marked new
        visitor = page.context.browser.new_page()
        try:
            open_viewer(visitor, f"{url}/?lang=en")
            assert visitor.evaluate(f"(n) => {V}.openBooth(n)", number)
            panel = visitor.get_by_test_id("booth-panel")
            expect(panel.locator("#booth-panel-description")).to_have_text("Biotech since 1998")
            item = panel.locator("#booth-panel-products li[data-product^='upload/']")
            expect(item.locator(".product-name")).to_have_text("Textured box")
            expect(item.locator(".new-badge")).to_have_text("New")
            expect(item.locator("button.view-3d")).to_be_visible()
        finally:
            visitor.close()

        # the language switch turns the portal Chinese
        page.get_by_test_id("language").click()
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        assert page.locator("#profile-heading").inner_text() == "公司资料"
        # the one failed request the browser logs is the refused address above
        refused = "the server responded with a status of 422"
        assert [e for e in page.log.errors() if refused not in e] == []
        assert len(page.log.errors()) == 1


def test_without_an_invitation_the_portal_says_how_to_sign_in(page: Any, fair_dir: Path) -> None:
    with serve_with_invitation(fair_dir, REF) as (url, _token):
        page.goto(f"{url}/exhibitor?lang=zh")
        page.wait_for_function("window.halllayoutPortal && window.halllayoutPortal.state !== 'loading'")
        assert page.evaluate("window.halllayoutPortal.state") == "signed-out"
        assert "邀请链接" in page.locator("#portal-status").inner_text()
        assert page.locator("#portal").is_hidden()
        assert_no_errors(page)
