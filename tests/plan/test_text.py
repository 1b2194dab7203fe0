"""Text widths, line breaking and fitting a booth's label into its rectangle."""

from __future__ import annotations

import doctest

import pytest

from halllayout.plan import text
from halllayout.plan.text import (
    ELLIPSIS,
    LINE_HEIGHT,
    clean,
    fit_label,
    shorten,
    text_width,
    wrap,
)

NAMES = [
    "深圳市华为技术有限公司",
    "Acme Trading Co., Ltd.",
    "华为技术（深圳）有限公司，分公司",
    "ACME科技 Co., Ltd.",
    "Internationalisation Unlimited GmbH & Co. KG",
    "<img src=x onerror=alert(1)>",
]


def test_widths_come_from_the_shipped_font() -> None:
    assert text_width("中国人") == 3.0
    assert text_width("A") == pytest.approx(1245 / 2048, abs=1e-3)  # hmtx advance of "A" over unitsPerEm
    assert text_width("") == 0.0


def test_clean_puts_a_name_on_one_line() -> None:
    assert clean("ACME\tTrading\r\nLtd\x00.") == "ACME Trading Ltd ."
    assert clean("  中国  ") == "中国"


def test_chinese_breaks_between_characters_into_balanced_lines() -> None:
    assert wrap("深圳市华为技术有限公司", 1) == ("深圳市华为技术有限公司",)
    assert wrap("深圳市华为技术有限公司", 2) == ("深圳市华为技", "术有限公司")
    assert wrap("深圳市华为技术有限公司", 3) == ("深圳市华", "为技术有", "限公司")


def test_latin_breaks_between_words_only() -> None:
    assert wrap("Acme Trading Co., Ltd.", 2) == ("Acme Trading", "Co., Ltd.")
    # at most four lines: "Trading" sets the width, "Co., Ltd." fits within it
    assert wrap("Acme Trading Co., Ltd.", 4) == ("Acme", "Trading", "Co., Ltd.")
    assert wrap("Internationalisation", 3) == ("Internationalisation",)


def test_mixed_names_break_where_script_changes() -> None:
    assert wrap("ACME科技 Co., Ltd.", 2) == ("ACME科技", "Co., Ltd.")


@pytest.mark.parametrize("lines", [2, 3, 4, 5])
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(lines: int) -> None:
    broken = wrap("华为技术（深圳）有限公司，分公司。「测试」", lines)
    assert "".join(broken) == "华为技术（深圳）有限公司，分公司。「测试」"
    assert not any(line[0] in "）」，。" for line in broken)
    assert not any(line[-1] in "（「" for line in broken)


def test_wrap_refuses_zero_lines() -> None:
    with pytest.raises(ValueError, match="lines must be 1 or more, got 0"):
        wrap("x", 0)


def test_shorten_ends_with_an_ellipsis_within_the_width() -> None:
    assert shorten("深圳市华为技术有限公司", 4.0) == "深圳市" + ELLIPSIS
    assert shorten("深圳市", 3.0) == "深圳市"
    assert shorten("深圳市", 0.9) == ""
    assert shorten("Acme Trading", 4.0) == "Acme" + ELLIPSIS  # the ellipsis is 1 em in this font


def test_a_large_booth_shows_the_whole_name_on_one_line() -> None:
    label = fit_label("A001", "中国", 6.0, 6.0, min_size=0.2, max_size=1.0)
    assert label.number == "A001"
    assert label.number_size == 1.0
    assert label.name_lines == ("中国",)
    assert label.name_size == pytest.approx(0.8)
    assert not label.shortened
    # number and one name line, centred: the block is 1.0 + 0.8 × 1.2 = 1.96 tall
    assert label.number_baseline == pytest.approx(0.98 - 0.5 - 0.36)
    assert label.name_baselines == (pytest.approx(0.98 - 1.0 - 0.48 - 0.288),)


def test_a_small_booth_shortens_the_name_at_the_smallest_size() -> None:
    label = fit_label("A001", "深圳市华为技术有限公司", 3.0, 3.0, min_size=0.6, max_size=1.0)
    assert label.shortened
    assert label.name_size == 0.6
    assert label.name_lines[-1].endswith(ELLIPSIS)
    assert "".join(label.name_lines).removesuffix(ELLIPSIS) in "深圳市华为技术有限公司"


def test_a_booth_too_small_for_any_name_shows_the_number_only() -> None:
    label = fit_label("A001", "深圳市华为技术有限公司", 1.0, 0.8, min_size=0.5, max_size=1.0)
    assert label.name_lines == ()
    assert 0 < label.number_size <= 0.8 / 4


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("size", [(3, 3), (6, 3), (3, 6), (9, 9), (2, 2), (12, 4), (30, 30)])
def test_every_label_fits_inside_its_booth(name: str, size: tuple[float, float]) -> None:
    width, height = size
    label = fit_label("A1234", name, width, height, min_size=0.15, max_size=1.5)
    room = (width - 2 * 0.08 * min(width, height)) * 0.94 + 1e-9  # padding 8 %, slack 6 %
    assert text_width(label.number) * label.number_size <= room
    assert all(text_width(line) * label.name_size <= room for line in label.name_lines)
    top = label.number_baseline + label.number_size * 0.9
    bottom = (
        label.name_baselines[-1] if label.name_lines else label.number_baseline
    ) - 0.25 * label.name_size
    assert top <= height / 2 and bottom >= -height / 2
    gaps = [b - a for a, b in zip(label.name_baselines[1:], label.name_baselines, strict=False)]
    assert all(gap == pytest.approx(label.name_size * LINE_HEIGHT) for gap in gaps)
    if not label.shortened:
        assert "".join(label.name_lines).replace(" ", "") == clean(name).replace(" ", "")


def test_fit_label_checks_its_arguments() -> None:
    with pytest.raises(ValueError, match="booth size must be positive, got 0 × 3"):
        fit_label("1", "x", 0, 3, min_size=0.1, max_size=1)
    with pytest.raises(ValueError, match="need 0 < min_size <= max_size, got 2 and 1"):
        fit_label("1", "x", 3, 3, min_size=2, max_size=1)


def test_docstring_examples() -> None:
    result = doctest.testmod(text)
    assert result.attempted > 0
    assert result.failed == 0
