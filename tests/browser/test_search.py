"""Search, deep links and the booth directory, end to end in headless Chromium.

A small fair of two pavilions (so a search can lead into the other hall), built by the CLI from 70 rows of
the sample booth list plus an exhibitor whose name is markup. One page is shared by the viewer tests, in
order: a deep link to a booth that does not exist, searching, picking a booth in the other hall, a deep link.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    READY_TIMEOUT_MS,
    ROOT,
    SIDES,
    VIEWPORT,
    V,
    assert_no_errors,
    build_fair_with_cli,
    fetch_manifest,
    open_logged_page,
    serve_fair,
)

pytestmark = pytest.mark.browser

HOSTILE = '<img src=x onerror="window.__xss = 1">Evil & <b>Co.</b>'
ENGLISH = "Xingtai Biomedicine Co., Ltd."


@pytest.fixture(scope="module")
def search_fair(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two 40 × 30 m pavilions holding 70 booths, one named with markup, one with an English name too."""
    folder = tmp_path_factory.mktemp("search-fair")
    with (ROOT / "tests/data/booths/fair-120.csv").open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    keep_apart = header.index("keep_apart")
    rows = [[*row[:keep_apart], "", *row[keep_apart + 1 :], ""] for row in rows[:69]]  # refs may be gone
    rows[0][-1] = ENGLISH
    hostile = dict.fromkeys(header, "") | {
        "ref": "EX999999",
        "exhibitor": HOSTILE,
        "width": "3",
        "depth": "3",
    }
    rows.insert(5, [*(hostile[column] for column in header), ""])
    with (folder / "booths.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([[*header, "exhibitor_en"], *rows])
    pavilion = str(ROOT / "tests/data/halls/pavilion-40x30.json")
    fair = {"name": "Search Fair", "halls": [{"id": "A", "spec": pavilion}, {"id": "B", "spec": pavilion}]}
    (folder / "fair.json").write_text(json.dumps(fair), encoding="utf-8")
    return build_fair_with_cli(
        str(folder / "booths.csv"), "--fair", str(folder / "fair.json"), "--no-plans", out=folder / "out"
    )


@pytest.fixture(scope="module")
def search_url(search_fair: Path) -> Iterator[str]:
    with serve_fair(search_fair) as url:
        yield url


@pytest.fixture(scope="module")
def manifest(search_url: str) -> dict[str, Any]:
    document = fetch_manifest(search_url)
    assert [len(hall["booths"]) > 0 for hall in document["halls"]] == [True, True], "both halls hold booths"
    return document


@pytest.fixture(scope="module")
def shared_page(browser: Any) -> Iterator[Any]:
    """One page for the viewer tests of this module, which run in order."""
    with open_logged_page(browser, locale="en-US") as page:
        yield page


def wait_ready(page: Any, hall: str) -> None:
    page.wait_for_function(
        f"([hall]) => {V} && {V}.state !== 'loading' && {V}.hallId === hall",
        arg=[hall],
        timeout=READY_TIMEOUT_MS,
    )
    assert page.evaluate(f"[{V}.state, {V}.error]") == ["ready", None]


def booths_of(manifest: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(booth, hall) for hall in manifest["halls"] for booth in hall["booths"]]


def find(manifest: dict[str, Any], **fields: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return next((b, h) for b, h in booths_of(manifest) if all(b[k] == v for k, v in fields.items()))


def assert_stands_at_the_front(page: Any, booth: dict[str, Any]) -> None:
    """The camera is in the aisle within 3 m of the middle of the booth's front, looking at the booth."""
    x, _, z = page.evaluate(f"{V}.position()")
    x0, y0, x1, y1 = booth["rect"]
    nx, ny = SIDES[booth["front"]]
    front = ((x0 + x1) / 2 + nx * (x1 - x0) / 2, (y0 + y1) / 2 + ny * (y1 - y0) / 2)
    distance = math.dist((x, -z), front)
    assert distance <= 3.0, (
        f"camera at {(x, -z)} is {distance:.2f} m from the front {front} of {booth['number']}"
    )
    outward = (x - front[0]) * nx + (-z - front[1]) * ny
    assert outward > 1.0, f"camera at {(x, -z)} should stand out in the aisle in front of {booth['number']}"
    centre = page.evaluate(f"([x, y]) => {V}.projectPlanPoint(x, y, 1)", [(x0 + x1) / 2, (y0 + y1) / 2])
    assert centre is not None and abs(centre[0] - VIEWPORT["width"] / 2) < 20, (
        f"not looking at the booth: {centre}"
    )


# the viewer (shared_page, in this order)


def test_a_deep_link_to_a_booth_that_does_not_exist_says_so(shared_page: Any, search_url: str) -> None:
    page = shared_page
    page.goto(f"{search_url}/?lang=en&booth=Q9999")
    wait_ready(page, "A")
    message = page.locator("#search-message")
    expect(message).to_be_visible()
    expect(message).to_contain_text('no booth "Q9999"')
    expect(page.get_by_test_id("booth-panel")).to_be_hidden()
    assert_no_errors(page)


def test_typing_part_of_a_name_shows_it_in_the_results(shared_page: Any, manifest: dict[str, Any]) -> None:
    page = shared_page
    booth, hall = find(manifest, exhibitor_en=ENGLISH)
    search = page.get_by_test_id("search")
    results = page.get_by_test_id("search-results")
    search.focus()
    page.keyboard.type(booth["exhibitor"][1:4])  # the middle of the Chinese name
    expect(results).to_be_visible()
    expect(results.locator(f'[data-booth="{booth["number"]}"]')).to_contain_text(booth["exhibitor"])

    search.fill("biomedicine")  # part of the English name, another case
    option = results.locator(f'[data-booth="{booth["number"]}"]')
    expect(option).to_contain_text(booth["exhibitor"])
    expect(option).to_contain_text(ENGLISH)
    expect(option).to_contain_text(hall["name"])


def test_a_booth_number_finds_its_booth_first(shared_page: Any, manifest: dict[str, Any]) -> None:
    page = shared_page
    booth, _ = booths_of(manifest)[-1]  # in hall B
    assert booth["hall"] == "B"
    squeezed = booth["number"][0].lower() + booth["number"][1:].lstrip("0")  # B0103 as b103
    page.get_by_test_id("search").fill(squeezed)
    first = page.get_by_test_id("search-results").locator("[role=option]").first
    expect(first).to_have_attribute("data-booth", booth["number"])


def test_a_chinese_product_name_finds_the_booths_that_show_it(
    shared_page: Any, manifest: dict[str, Any]
) -> None:
    page = shared_page
    everything = booths_of(manifest)
    chinese = {p for b, _ in everything for p in b["products"] if any("\u4e00" <= ch <= "\u9fff" for ch in p)}

    def holders(product: str) -> list[str]:
        texts = lambda b: [b["exhibitor"], b["exhibitor_en"], b["zone"], *b["products"]]  # noqa: E731
        return [b["number"] for b, _ in everything if any(product in text for text in texts(b))]

    product = min(sorted(chinese), key=lambda p: len(holders(p)))
    numbers = holders(product)
    assert 0 < len(numbers) <= 20
    page.get_by_test_id("search").fill(product)
    options = page.get_by_test_id("search-results").locator("[role=option]")
    expect(options).to_have_count(len(numbers))
    assert sorted(options.evaluate_all("els => els.map(e => e.dataset.booth)")) == sorted(numbers)
    expect(options.first).to_contain_text(product)  # says what matched


def test_an_exhibitor_name_with_markup_shows_as_text(shared_page: Any, manifest: dict[str, Any]) -> None:
    page = shared_page
    booth, _ = find(manifest, exhibitor=HOSTILE)
    page.get_by_test_id("search").fill("evil & <b>")
    option = page.get_by_test_id("search-results").locator(f'[data-booth="{booth["number"]}"]')
    expect(option.locator(".search-result-exhibitor")).to_have_text(HOSTILE)
    assert page.locator("#search-results img, #search-results b").count() == 0
    assert page.evaluate("window.__xss") is None


def test_picking_a_result_in_the_other_hall_goes_to_the_booth(
    shared_page: Any, manifest: dict[str, Any]
) -> None:
    page = shared_page
    in_b = sorted(b["number"] for b, h in booths_of(manifest) if h["id"] == "B")
    number = next(n for i, n in enumerate(in_b) if i > 0 and in_b[i - 1][:3] == n[:3])  # not first in its row
    booth, _ = find(manifest, number=number)
    search = page.get_by_test_id("search")
    search.fill(booth["number"][:3])  # "B01": several results, the booth among them
    options = page.get_by_test_id("search-results").locator("[role=option]")
    numbers = options.evaluate_all("els => els.map(e => e.dataset.booth)")
    assert booth["number"] in numbers and len(numbers) > 1, numbers
    for _ in range(numbers.index(booth["number"])):
        page.keyboard.press("ArrowDown")
    expect(options.nth(numbers.index(booth["number"]))).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")

    wait_ready(page, "B")
    panel = page.get_by_test_id("booth-panel")
    expect(panel).to_be_visible()
    expect(panel.locator("#booth-panel-number")).to_have_text(booth["number"])
    expect(panel.locator("#booth-panel-exhibitor")).to_have_text(booth["exhibitor"])
    expect(page.get_by_test_id("search-results")).to_be_hidden()
    assert_stands_at_the_front(page, booth)
    assert f"booth={booth['number']}" in page.url
    assert_no_errors(page)


def test_escape_clears_the_search(shared_page: Any) -> None:
    page = shared_page
    search = page.get_by_test_id("search")
    search.fill("a01")
    expect(page.get_by_test_id("search-results")).to_be_visible()
    page.keyboard.press("Escape")
    expect(search).to_have_value("")
    expect(page.get_by_test_id("search-results")).to_be_hidden()


def test_a_deep_link_opens_the_booth_and_stands_in_front_of_it(
    shared_page: Any, search_url: str, manifest: dict[str, Any]
) -> None:
    page = shared_page
    booth, hall = find(manifest, exhibitor=HOSTILE)
    other = next(h["id"] for h in manifest["halls"] if h["id"] != hall["id"])
    page.goto(f"{search_url}/?hall={other}&booth={booth['number']}")  # the booth's hall wins
    wait_ready(page, hall["id"])
    panel = page.get_by_test_id("booth-panel")
    expect(panel).to_be_visible()
    expect(panel.locator("#booth-panel-number")).to_have_text(booth["number"])
    expect(panel.locator("#booth-panel-exhibitor")).to_have_text(HOSTILE)
    assert_stands_at_the_front(page, booth)
    expect(page.locator("#search-message")).to_be_hidden()
    assert page.evaluate("window.__xss") is None
    assert_no_errors(page)


# the booth directory


def test_the_directory_lists_every_booth_and_its_search_filters(
    page: Any, search_url: str, manifest: dict[str, Any]
) -> None:
    page.goto(f"{search_url}/directory?lang=en")
    page.wait_for_function(
        "() => window.halllayoutDirectory && window.halllayoutDirectory.state !== 'loading'"
    )
    rows = page.locator("#directory-list tbody tr")
    everything = booths_of(manifest)
    expect(rows).to_have_count(len(everything))
    expect(page.locator("#directory-count")).to_have_text(f"{len(everything)} booths")
    expect(page.locator("h1")).to_have_text("Search Fair")
    assert page.locator("#directory-list h2").count() == 2  # one per hall

    hostile, hall = find(manifest, exhibitor=HOSTILE)
    row = page.locator(f'#directory-list tr[data-booth="{hostile["number"]}"]')
    expect(row.locator(".exhibitor")).to_have_text(HOSTILE)
    link = row.get_by_role("link")
    expect(link).to_have_attribute("href", f"/?hall={hall['id']}&booth={hostile['number']}")
    expect(link).to_have_accessible_name(f"Show booth {hostile['number']} in 3D")
    assert page.locator("#directory-list img, #directory-list b").count() == 0

    english, _ = find(manifest, exhibitor_en=ENGLISH)
    page.get_by_test_id("search").fill("BIOMEDICINE")
    visible = page.locator("#directory-list tbody tr:visible")
    expect(visible).to_have_count(1)
    expect(visible).to_have_attribute("data-booth", english["number"])
    expect(visible).to_contain_text(ENGLISH)
    expect(page.locator("#directory-count")).to_have_text(f"1 of {len(everything)} booths match")
    expect(page.locator("#directory-list h2:visible")).to_have_count(1)

    page.get_by_test_id("language").click()
    expect(page.locator("#directory-count")).to_have_text(f"{len(everything)} 个展位中有 1 个匹配")
    expect(page.locator("#directory-list tbody tr:visible")).to_have_count(1)
    assert page.evaluate("window.__xss") is None
    assert_no_errors(page)
