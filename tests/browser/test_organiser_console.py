"""The organiser console (/organiser, viewer/src/organiser.js) in headless Chromium, against the real
server and its database: sign in, lay out an uploaded booth list as a new version, look at its rule
checks and plan, publish it (visitors see it), roll back, and invite an exhibitor."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_logged_page, serve_fair
from tests.conftest import DATA

EMAIL, PASSWORD = "office@fair.example", "a long organiser password"


def _add_organiser(app: Any) -> None:
    from halllayout.web import db
    from halllayout.web.accounts import add_organiser

    with app.app_context():
        add_organiser(db.session(), EMAIL, PASSWORD, name="Fair office")


@pytest.fixture(scope="module")
def console_url(fair_dir: Path) -> Iterator[str]:
    with serve_fair(fair_dir, setup=_add_organiser) as url:
        yield url


def _exhibitors(url: str) -> set[str]:
    with urllib.request.urlopen(f"{url}/api/fair", timeout=30) as response:
        manifest = json.loads(response.read())
    return {b["exhibitor"] for hall in manifest["halls"] for b in hall["booths"]}


def test_an_organiser_lays_out_publishes_rolls_back_and_invites(
    browser: Any, console_url: str, tmp_path: Path
) -> None:
    before = _exhibitors(console_url)
    with open_logged_page(browser, viewport={"width": 1200, "height": 900}) as page:
        page.goto(f"{console_url}/organiser?lang=en")
        page.fill("#console-email", EMAIL)
        page.fill("#console-password", "not the password")
        page.click("#console-sign-in-form button[type=submit]")
        expect(page.locator("#console-sign-in .status")).to_contain_text("wrong email or password")
        page.fill("#console-password", PASSWORD)
        page.click("#console-sign-in-form button[type=submit]")
        expect(page.locator("#console-work")).to_be_visible()
        expect(page.locator("#console-versions tbody tr")).to_have_count(1)  # the served folder, published
        expect(page.locator("#console-versions tbody tr").first).to_contain_text("published")

        # a new layout from the 400-booth Chinese list (GBK) in the three-hall fair
        page.set_input_files("#console-booths", str(DATA / "booths" / "fair-400-zh-gbk.csv"))
        halls = ["hall-a-144x90.json", "hall-l-shaped.json", "pavilion-40x30.json"]
        page.set_input_files("#console-halls", [str(DATA / "halls" / name) for name in halls])
        page.set_input_files("#console-fair", str(DATA / "halls" / "fair-3-halls.json"))
        page.click("#console-build-form button[type=submit]")
        status = page.locator("#console-build-form .status")
        expect(status).to_contain_text("Version 2 is built", timeout=120_000)
        version = page.locator("#console-version")
        expect(version.locator("h2")).to_have_text("Version 2")
        expect(version.locator(".figures")).to_contain_text("400 / 400")
        # 教育服务 begun in hall A, the rest of it in B
        expect(version.locator(".figures div").filter(has_text="zones across halls")).to_have_text(
            "1zones across halls"
        )
        expect(version.locator(".rules tbody tr").first).to_be_visible()
        expect(version.locator("img.plan")).to_have_count(2)  # a plan per hall with booths (C has none)
        assert _exhibitors(console_url) == before  # not published yet

        # again, keeping version 2's booths where they are, with one booth pinned onto another's spot
        layout = page.request.get(f"{console_url}/api/organiser/versions/2/files/layout.json").json()
        # the floor strays left when they rejoined their zones, as booth spots to sell
        vacant = layout["metrics"]["vacant"]
        assert vacant["spots"] == sum(len(hall["vacant"]) for hall in layout["halls"]) > 0
        expect(version.locator(".figures div").filter(has_text="vacant spots to sell")).to_have_text(
            f"{vacant['spots']} · {int(vacant['area'] + 0.5)} m²vacant spots to sell"
        )
        first, *others = layout["halls"][0]["booths"]
        second = next(b for b in others if (b["width"], b["depth"]) == (first["width"], first["depth"]))
        x, y = second["rect"][:2]
        pins = tmp_path / "pins.csv"
        pins.write_text(f"ref,hall,x,y,front\n{first['ref']},A,{x},{y},{second['front']}\n", encoding="utf-8")
        page.set_input_files("#console-pins-file", str(pins))
        page.select_option("#console-previous", "2")
        page.click("#console-build-form button[type=submit]")
        expect(status).to_contain_text("Version 3 is built", timeout=120_000)
        expect(version.locator("h2")).to_have_text("Version 3")
        again = page.request.get(f"{console_url}/api/organiser/versions/3/files/layout.json").json()
        changes = again["metrics"]["changes"]
        assert (changes["pinned"], changes["moved"]) == ([first["ref"]], [second["ref"]])
        placed = {b["ref"]: b["rect"] for b in again["halls"][0]["booths"]}
        assert placed[first["ref"]] == second["rect"]
        assert "pins.csv" in page.locator("#console-versions tbody tr[data-version='3']").inner_text()

        row = page.locator("#console-versions tbody tr[data-version='2']")
        row.get_by_role("button", name="Publish").click()
        expect(page.locator("#console-versions .status")).to_contain_text(
            "Version 2 is what visitors see now"
        )
        after = _exhibitors(console_url)
        assert after != before and len(after) > 100

        page.locator("#console-versions tbody tr[data-version='1']").get_by_role(
            "button", name="Publish"
        ).click()
        expect(page.locator("#console-versions tbody tr[data-version='1']")).to_contain_text("published")
        assert _exhibitors(console_url) == before

        first = page.locator("#console-exhibitors tbody tr").first
        first.get_by_role("button").click()
        expect(first.locator(".link")).to_contain_text("/api/session/invitation/")
        page.screenshot(path="/tmp/organiser-console.png", full_page=True)
        # the one failed resource is the wrong password's 401, which the page showed as such
        assert page.log.errors() == [
            "console.error: Failed to load resource: the server responded with a status of 401 (UNAUTHORIZED)"
        ]
