"""The viewer's message catalogue (viewer/src/messages.js): both languages say the same things.

Node reads the catalogue as the browser does (an ES module), so a syntax error fails here too.
"""

from __future__ import annotations

import re

import pytest

from tests.viewer_node import VIEWER, module_specifier, run_node

PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.fixture(scope="module")
def messages() -> dict[str, dict[str, str]]:
    script = f"import({module_specifier('messages.js')}).then(m => console.log(JSON.stringify(m.MESSAGES)))"
    parsed: dict[str, dict[str, str]] = run_node(script)
    return parsed


def test_the_catalogue_has_english_and_chinese(messages: dict[str, dict[str, str]]) -> None:
    assert set(messages) == {"en", "zh"}


def test_every_key_is_in_both_languages(messages: dict[str, dict[str, str]]) -> None:
    only_en = sorted(set(messages["en"]) - set(messages["zh"]))
    only_zh = sorted(set(messages["zh"]) - set(messages["en"]))
    assert (only_en, only_zh) == ([], [])


def test_both_languages_fill_the_same_placeholders(messages: dict[str, dict[str, str]]) -> None:
    differ = {
        key: (text, messages["zh"][key])
        for key, text in messages["en"].items()
        if key in messages["zh"]
        and sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(messages["zh"][key]))
    }
    assert differ == {}


def test_no_message_is_empty(messages: dict[str, dict[str, str]]) -> None:
    empty = [
        (lang, key) for lang, table in messages.items() for key, text in table.items() if not text.strip()
    ]
    assert empty == []


def test_every_key_the_viewer_uses_is_in_the_catalogue(messages: dict[str, dict[str, str]]) -> None:
    used: set[str] = set()
    for path in VIEWER.glob("**/*"):
        if "node_modules" in path.parts or path.suffix not in (".js", ".html"):
            continue
        text = path.read_text(encoding="utf-8")
        used.update(re.findall(r"\bt\(\s*'([\w.]+)'", text))
        used.update(re.findall(r'data-i18n="([\w.]+)"', text))
        for pairs in re.findall(r'data-i18n-attr="([^"]+)"', text):
            used.update(pair.split(":")[1].strip() for pair in pairs.split(";"))
    used = {key for key in used if re.fullmatch(r"[\w.]+", key)}  # not the `<key>` of a comment
    assert sorted(used - set(messages["en"])) == []
