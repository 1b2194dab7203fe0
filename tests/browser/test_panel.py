"""The booth panel, the product viewer and meeting the exhibitor, in headless Chromium.

One small fair (20 booths in hall A) built by the CLI from a booth list with the panel's columns
(English name, description, website, live stream and its window) and one real product model, served
by the Flask app; one page loads it once and the tests below run on it in order.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    ROOT,
    VIEWPORT,
    V,
    approach,
    build_fair_with_cli,
    fetch_manifest,
    open_logged_page,
    open_viewer,
    serve_fair,
    settle,
)

pytestmark = pytest.mark.browser

HOSTILE = '<img src=x onerror="window.__xss=1">'
DESCRIPTION = "Bikes <b>and</b> <script>window.__xss=2</script> more."
#: The product model: a real GLB the build ingests (Khronos' duck).
MODEL = ROOT / "tests" / "data" / "models" / "good" / "Duck.glb"


def _write_booths(path: Path) -> None:
    now = dt.datetime.now(dt.UTC)
    header = [
        "展商编号", "展商名称", "英文名称", "宽(米)", "深(米)", "展区", "国家/地区", "展品",
        "简介", "官网", "直播", "直播开始", "直播结束",
    ]  # fmt: skip
    rows = [
        [
            "EX001", "铁牛自行车有限公司", "Iron Ox Bicycles Ltd", 3, 3, "Bikes", "DE", "Duck;Spare wheel",
            DESCRIPTION, "https://ironox.example/zh", "https://live.ironox.example/stream",
            (now - dt.timedelta(hours=1)).isoformat(timespec="minutes"),
            (now + dt.timedelta(hours=1)).isoformat(timespec="minutes"),
        ],
        [
            "EX002", HOSTILE, "", 3, 3, "Bikes", "CN", "Thing", "", "", "https://live.example/2",
            (now + dt.timedelta(hours=3)).isoformat(timespec="minutes"), "",
        ],
    ]  # fmt: skip
    rows += [
        [f"EX{n:03d}", f"展商{n}", "", 3, 3, "Zone B", "CN", "", "", "", "", "", ""] for n in range(3, 21)
    ]
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([header, *rows])


@pytest.fixture(scope="module")
def panel_fair(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fair, built by the CLI with --models."""
    folder = tmp_path_factory.mktemp("panel-fair")
    _write_booths(folder / "booths.csv")
    (folder / "models" / "EX001").mkdir(parents=True)
    shutil.copyfile(MODEL, folder / "models" / "EX001" / "1.glb")
    return build_fair_with_cli(
        str(folder / "booths.csv"),
        "--hall",
        "tests/data/halls/hall-a-144x90.json",
        "--models",
        str(folder / "models"),
        "--no-plans",
        "-q",
        out=folder / "out",
    )


@pytest.fixture(scope="module")
def panel_url(panel_fair: Path) -> Iterator[str]:
    with serve_fair(panel_fair) as url:
        yield url


@pytest.fixture(scope="module")
def manifest(panel_url: str) -> dict[str, Any]:
    return fetch_manifest(panel_url)


@pytest.fixture(scope="module")
def viewer(browser: Any, panel_url: str) -> Iterator[Any]:
    """One page on the small fair, loaded once (English, 960 × 600)."""
    with open_logged_page(browser) as page:
        if browser is not None:  # without Chromium, each test fails at its first use of the page
            open_viewer(page, f"{panel_url}/?lang=en")
        yield page


def booth_of(manifest: dict[str, Any], ref: str) -> dict[str, Any]:
    return next(b for b in manifest["halls"][0]["booths"] if b["ref"] == ref)


def open_booth(page: Any, number: str) -> Any:
    assert page.evaluate(f"(n) => {V}.openBooth(n)", number), f"no booth {number} in the hall on show"
    panel = page.get_by_test_id("booth-panel")
    expect(panel.locator("#booth-panel-number")).to_have_text(number)
    return panel


def close_panel(page: Any) -> None:
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("booth-panel")).to_be_hidden()


def real_errors(page: Any) -> list[str]:
    """The page's errors, less the 409 the refused meeting request provokes on purpose."""
    return [e for e in page.log.errors() if "status of 409" not in e]


def api_get(page: Any, url: str) -> Any:
    """GET `url` from the page, with its cookies, as JSON."""
    return page.evaluate(
        "(url) => fetch(url, {headers: {Accept: 'application/json'}}).then((r) => r.json())", url
    )


# tests


def test_clicking_a_booth_shows_exhibitor_zone_products_and_the_new_columns(
    viewer: Any, manifest: dict[str, Any]
) -> None:
    page = viewer
    hall = manifest["halls"][0]
    booth = booth_of(manifest, "EX001")
    way = approach(booth, manifest, hall)
    assert way is not None, f"test set-up: no free aisle in front of {booth['number']}"
    (sx, sy), heading = way
    page.evaluate(f"([x, y, h]) => {V}.teleport(x, y, h)", [sx, sy, list(heading)])
    settle(page)
    x0, y0, x1, y1 = booth["rect"]
    screen = page.evaluate(f"([x, y]) => {V}.projectPlanPoint(x, y, 0)", [(x0 + x1) / 2, (y0 + y1) / 2])
    assert screen is not None, "the booth's centre is behind the camera"
    page.mouse.click(*screen)

    panel = page.get_by_test_id("booth-panel")
    expect(panel).to_be_visible(timeout=15_000)
    expect(panel.locator("#booth-panel-number")).to_have_text(booth["number"])
    expect(panel.locator("#booth-panel-exhibitor")).to_have_text("铁牛自行车有限公司")
    expect(panel.locator("#booth-panel-exhibitor-en")).to_have_text("Iron Ox Bicycles Ltd")
    expect(panel.locator("[data-field=zone]")).to_have_text("Bikes")
    expect(panel.locator("[data-field=country]")).to_have_text("Germany (DE)")
    expect(panel.locator("#booth-panel-products .product-name")).to_have_text(["Duck", "Spare wheel"])
    # the first product has a model: thumbnail and "View in 3D"; the second has none
    products = panel.locator("#booth-panel-products li")
    assert products.nth(0).locator("img[loading=lazy][alt='']").count() == 1
    assert products.nth(0).get_by_role("button", name="View Duck in 3D").count() == 1
    assert products.nth(1).locator("img, button").count() == 0
    # description as text, markup and all
    expect(panel.locator("#booth-panel-description")).to_have_text(DESCRIPTION)
    website = panel.locator("[data-field=website] a")
    expect(website).to_have_attribute("href", "https://ironox.example/zh")
    expect(website).to_have_attribute("rel", "noopener noreferrer")
    expect(website).to_have_attribute("target", "_blank")
    # live now: the window is an hour either side of now
    expect(panel.get_by_test_id("live-now")).to_have_text("Live now")
    expect(panel.locator("#booth-panel-live a")).to_have_attribute(
        "href", "https://live.ironox.example/stream"
    )

    # the focus went into the panel; Esc closes it; the panel is a labelled dialog
    assert page.evaluate("document.activeElement.id") == "booth-panel-number"
    assert panel.get_attribute("role") == "dialog"
    assert page.evaluate("window.__xss") is None
    close_panel(page)
    assert real_errors(page) == []


def test_a_name_and_description_with_html_stay_text(viewer: Any, manifest: dict[str, Any]) -> None:
    page = viewer
    booth = booth_of(manifest, "EX002")
    panel = open_booth(page, booth["number"])
    expect(panel.locator("#booth-panel-exhibitor")).to_have_text(HOSTILE)
    assert panel.locator("img, script, b").count() == 0
    # a live stream whose window starts in three hours: the link, no badge
    expect(panel.locator("#booth-panel-live a")).to_have_attribute("href", "https://live.example/2")
    assert panel.get_by_test_id("live-now").count() == 0
    assert panel.locator("[data-field=website] a").count() == 0
    assert page.evaluate("window.__xss") is None
    close_panel(page)


def test_keyboard_reaches_the_controls_and_esc_returns_the_focus(
    viewer: Any, manifest: dict[str, Any]
) -> None:
    page = viewer
    page.get_by_test_id("language").focus()
    panel = open_booth(page, booth_of(manifest, "EX001")["number"])
    reached = set()
    for _ in range(15):
        page.keyboard.press("Tab")
        text, inside = page.evaluate(
            "[document.activeElement.textContent.trim(), !!document.activeElement.closest('#booth-panel')]"
        )
        assert inside, f"Tab left the panel at {text!r} before reaching its last control"
        reached.add(text)
        if text == "Bookmark this booth":
            break
    for name in ("×", "https://ironox.example/zh", "View in 3D", "Request a meeting", "Bookmark this booth"):
        assert name in reached, f"Tab did not reach {name!r}: {sorted(reached)}"
    assert panel.is_visible()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert page.evaluate("document.activeElement.dataset.testid") == "language"


def test_a_meeting_request_asks_the_visitor_to_sign_in_and_goes_through(
    viewer: Any, manifest: dict[str, Any]
) -> None:
    page = viewer
    number = booth_of(manifest, "EX001")["number"]
    assert api_get(page, "/api/session")["visitor"] is None
    panel = open_booth(page, number)
    meeting = panel.locator("[data-action=meeting]")
    meeting.locator("summary").click()
    slots = meeting.locator("select option")
    assert slots.count() == 5 * 16, "five days of 30-minute slots from 09:00 to 17:00"
    meeting.locator("select").select_option(index=3)
    meeting.locator("textarea").fill("About the duck")
    posted: list[str] = []

    def note_post(request: Any) -> None:
        # analytics batches (/api/events, analytics.js) go out on their own timer: not the visitor's doing
        if request.method == "POST" and "/api/events" not in request.url:
            posted.append(request.url)

    page.on("request", note_post)
    meeting.get_by_role("button", name="Send request").click()

    # not signed in: a small form for name, company and e-mail, and nothing sent yet
    sign_in = meeting.get_by_test_id("engage-signin")
    expect(sign_in).to_be_visible()
    status = meeting.locator(".engage-status")
    expect(status).to_have_text(
        "Sign in to send this: your name, company and e-mail go to the exhibitor with it."
    )
    page.remove_listener("request", note_post)
    assert posted == [], f"posted before the visitor signed in: {posted}"
    sign_in.get_by_label("Name").fill("Li Wei")
    sign_in.get_by_label("Company").fill("Buyer Co")
    sign_in.get_by_label("E-mail").fill("li.wei@buyer.example")
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/meetings")) as sent:
        sign_in.get_by_role("button", name="Sign in and send").click()
    request = sent.value
    assert request.url.endswith(f"/api/booths/{number}/meetings")
    assert request.headers.get("x-csrftoken"), "the meeting request went without the CSRF token"
    body = request.post_data_json
    assert body["note"] == "About the duck" and body["start"][11:16] == "10:30"
    expect(status).to_have_text("Sent.")
    expect(status).to_have_class("engage-status sent")
    expect(sign_in).to_have_count(0)

    # the server has it, for this visitor
    assert api_get(page, "/api/session")["visitor"]["email"] == "li.wei@buyer.example"
    meetings = api_get(page, "/api/me/meetings")
    assert meetings["total"] == 1
    stored = meetings["items"][0]
    assert (stored["booth"], stored["note"], stored["status"]) == (number, "About the duck", "requested")
    start = dt.datetime.fromisoformat(body["start"])
    assert dt.datetime.fromisoformat(stored["start"]) == start
    assert dt.datetime.fromisoformat(stored["end"]) - start == dt.timedelta(minutes=30)
    # the business card now carries the visitor's details
    card = panel.locator("[data-action=card]")
    expect(card.get_by_label("Name")).to_have_value("Li Wei")
    expect(card.get_by_label("E-mail")).to_have_value("li.wei@buyer.example")
    close_panel(page)
    assert real_errors(page) == []


def test_a_message_a_card_and_a_bookmark_go_through(viewer: Any, manifest: dict[str, Any]) -> None:
    page = viewer
    number = booth_of(manifest, "EX001")["number"]
    panel = open_booth(page, number)

    message = panel.locator("[data-action=message]")
    message.locator("summary").click()
    message.locator("textarea").fill("Do you ship to Chengdu?")
    message.get_by_role("button", name="Send").click()
    expect(message.locator(".engage-status")).to_have_text("Sent.")

    card = panel.locator("[data-action=card]")
    card.locator("summary").click()
    expect(card.get_by_label("Company")).to_have_value("Buyer Co")
    card.get_by_label("Company").fill("Buyer Trading Co")
    card.get_by_role("button", name="Send my card").click()
    expect(card.locator(".engage-status")).to_have_text("Sent.")

    bookmark = panel.locator("[data-action=bookmark]")
    bookmark.get_by_role("button", name="Bookmark this booth").click()
    expect(bookmark.locator(".engage-status")).to_have_text("Bookmarked.")
    expect(bookmark.locator(".engage-status")).to_have_class("engage-status sent")
    assert panel.get_by_test_id("engage-signin").count() == 0, "signed in already: no form again"

    messages = api_get(page, f"/api/me/messages?booth={number}")["items"]
    assert [(m["sender"], m["message"]) for m in messages] == [("visitor", "Do you ship to Chengdu?")]
    cards = api_get(page, "/api/me/cards")["items"]
    assert [(c["booth"], c["name"], c["company"], c["email"]) for c in cards] == [
        (number, "Li Wei", "Buyer Trading Co", "li.wei@buyer.example")
    ]
    assert [b["booth"] for b in api_get(page, "/api/me/bookmarks")["items"]] == [number]
    close_panel(page)
    assert real_errors(page) == []


def test_a_refused_request_shows_in_red_with_the_servers_reason(
    viewer: Any, manifest: dict[str, Any]
) -> None:
    page = viewer
    number = booth_of(manifest, "EX001")["number"]
    panel = open_booth(page, number)
    meeting = panel.locator("[data-action=meeting]")
    meeting.locator("summary").click()
    meeting.locator("select").select_option(index=3)  # the slot the first test asked for
    meeting.get_by_role("button", name="Send request").click()
    status = meeting.locator(".engage-status")
    expect(status).to_have_class("engage-status failed")
    expect(status).to_contain_text(
        f"Not sent: the server answered 409 (you have asked for a meeting at booth {number} "
        "at this time already"
    )
    assert panel.locator(".engage-status.sent").count() == 0
    assert api_get(page, "/api/me/meetings")["total"] == 1
    colour = status.evaluate("(element) => getComputedStyle(element).borderLeftColor")
    assert colour == "rgb(229, 72, 77)", f"the failure is not shown in red: {colour}"
    close_panel(page)


def test_product_viewer_shows_the_model_and_its_size_resets_and_disposes(
    viewer: Any, manifest: dict[str, Any]
) -> None:
    page = viewer
    booth = booth_of(manifest, "EX001")
    models = manifest.get("models") or {}
    assert "EX001/1" in models, "the manifest has no `models` for EX001/1 (the lead's manifest change)"
    width, height, depth = models["EX001/1"]["size"]
    panel = open_booth(page, booth["number"])
    button = panel.get_by_role("button", name="View Duck in 3D")
    button.click()

    dialog = page.get_by_test_id("product-viewer")
    expect(dialog).to_be_visible()
    expect(dialog).to_have_attribute("data-state", "ready", timeout=30_000)
    expect(dialog.get_by_test_id("product-size")).to_have_text(
        f"Size {width:.2f} × {height:.2f} × {depth:.2f} m (W × H × D)"
    )
    assert page.evaluate(f"{V}.productViewer.renderers") == 1
    start = page.evaluate(f"{V}.productViewer.cameraPosition()")

    box = dialog.locator("canvas").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx + 150, cy + 40, steps=5)
    page.mouse.up()
    turned = page.evaluate(f"{V}.productViewer.cameraPosition()")
    assert max(abs(a - b) for a, b in zip(start, turned, strict=True)) > 0.1, "dragging did not turn the view"

    dialog.get_by_role("button", name="Reset view").click()
    back = page.evaluate(f"{V}.productViewer.cameraPosition()")
    assert max(abs(a - b) for a, b in zip(start, back, strict=True)) < 1e-6, f"reset: {start} -> {back}"

    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    assert page.evaluate(f"{V}.productViewer.renderers") == 0
    assert page.evaluate(f"{V}.productViewer.state") == "closed"
    assert page.locator(".product-viewer-backdrop, .product-viewer canvas").count() == 0
    # Esc closed the viewer only, and the focus is back on its button in the open panel
    expect(panel).to_be_visible()
    assert page.evaluate("document.activeElement.className") == "view-3d"
    close_panel(page)
    assert real_errors(page) == []


def test_phone_bottom_sheet(viewer: Any, manifest: dict[str, Any]) -> None:
    page = viewer
    page.set_viewport_size({"width": 390, "height": 760})
    try:
        panel = open_booth(page, booth_of(manifest, "EX001")["number"])
        box = panel.bounding_box()
        assert box["x"] == 0 and abs(box["width"] - 390) < 1, box
        assert abs(box["y"] + box["height"] - 760) < 1, f"not at the bottom: {box}"
        assert box["height"] <= 0.6 * 760, f"covers too much of the screen: {box}"
        close_panel(page)
    finally:
        page.set_viewport_size(VIEWPORT)
