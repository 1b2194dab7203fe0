"""Issue 6, "Everyone": the UI in Chinese or English from one switch, and the viewer used by keyboard
alone (Tab reaches search, minimap, the booth directory link and the language switch; a booth found
by keyboard opens its panel)."""

from __future__ import annotations

from typing import Any

READY = "window.halllayoutViewer && window.halllayoutViewer.state !== 'loading'"
#: What has the focus: the test id of it or of the element holding it, else its id or tag.
FOCUSED = """(() => {
    const e = document.activeElement;
    if (!e) return null;
    const box = e.closest('[data-testid]');
    return box ? box.dataset.testid : e.id || e.tagName;
})()"""


def messages(page: Any, lang: str) -> dict[str, str]:
    table: dict[str, str] = page.evaluate(
        "async (lang) => (await import('/static/viewer/messages.js')).MESSAGES[lang]", lang
    )
    return table


def test_the_language_switch_turns_the_whole_ui_chinese_and_is_remembered(page: Any, server_url: str) -> None:
    page.goto(f"{server_url}/?lang=en")
    page.wait_for_function(READY, timeout=60_000)
    en, zh = messages(page, "en"), messages(page, "zh")
    assert page.locator("#help").inner_text() != ""
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.get_by_test_id("directory").inner_text() == en["page.directory"]
    button = page.get_by_test_id("language")
    assert button.inner_text() == "中文"

    button.click()
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.get_by_test_id("directory").inner_text() == zh["page.directory"]
    assert button.inner_text() == "English"
    assert page.get_by_test_id("canvas").get_attribute("aria-label") == zh["page.canvas"]
    placeholder = page.get_by_test_id("search").get_attribute("placeholder")
    assert placeholder and any("\u4e00" <= ch <= "\u9fff" for ch in placeholder)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in page.locator("#help").inner_text())

    page.goto(server_url)  # no ?lang: the visitor's choice is remembered
    page.wait_for_function(READY, timeout=60_000)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.log.errors() == []


def test_tab_reaches_search_directory_language_and_minimap_and_a_booth_opens_by_keyboard(
    page: Any, server_url: str
) -> None:
    page.goto(f"{server_url}/?lang=en")
    page.wait_for_function(
        "window.halllayoutViewer && window.halllayoutViewer.state === 'ready'", timeout=60_000
    )
    page.evaluate("document.activeElement && document.activeElement.blur()")
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(FOCUSED))
    for wanted in ("search", "directory", "language", "minimap", "canvas"):
        assert wanted in reached, reached

    booth = page.evaluate("window.halllayoutViewer.booths[5]")
    page.get_by_test_id("search").focus()
    page.keyboard.type(booth["number"])
    page.get_by_test_id("search-results").wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    panel = page.get_by_test_id("booth-panel")
    panel.wait_for()
    assert page.locator("#booth-panel-number").inner_text() == booth["number"]
    assert page.evaluate("document.getElementById('booth-panel').contains(document.activeElement)")
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    assert page.log.errors() == []
