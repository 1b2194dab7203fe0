"""Text on plans: widths from the shipped font, line breaking for Chinese and Latin names, and fitting a
booth's number and exhibitor name into its rectangle.

Sizes are in whatever unit the caller measures the booth in (sheet millimetres, plan metres): a text
of size s is s units tall (its em) and `text_width(text) * s` units wide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

#: The Latin + CJK font shipped in assets/ (WenQuanYi Micro Hei, Apache-2.0), as in scene/signage.py.
FONT_PATH = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "wqy-microhei.ttf"
#: The font family an SVG asks for: the shipped font first, then common CJK sans-serif fonts.
FONT_FAMILY = (
    "'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', "
    "'Source Han Sans SC', sans-serif"
)
ELLIPSIS = "…"
#: Baseline distance between two lines of a name, in ems.
LINE_HEIGHT = 1.2
#: Height of the middle of a capital or CJK glyph above the baseline, in ems (to centre a line).
MIDDLE = 0.36
#: Most lines a name is broken into.
MAX_NAME_LINES = 4
#: Share of a text's measured width kept free for renderers whose fallback font runs wider.
WIDTH_SLACK = 0.06

_EM = 1000
_CJK = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]"
)
#: Characters a line must not start with (closing punctuation) or end with (opening punctuation).
_CLOSING = set("，。、：；！？）》」』】〉〕’”,.;:!?)]}%")
_OPENING = set("（《「『【〈〔‘“([{")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
#: Lone surrogates: no encoding can write them (a str built in code, never one read from a file).
_SURROGATE = re.compile("[\ud800-\udfff]")


@lru_cache(maxsize=1)
def _font() -> ImageFont.FreeTypeFont:
    if not FONT_PATH.is_file():
        raise FileNotFoundError(
            f"plan font missing: {FONT_PATH} (the assets/ folder must ship with the package)"
        )
    return ImageFont.truetype(str(FONT_PATH), _EM, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=8192)
def _advance(char: str) -> float:
    return float(_font().getlength(char)) / _EM


def text_width(text: str) -> float:
    """Width of `text` in ems of the shipped font (advance widths, no kerning).

    >>> text_width("中国"), text_width("")
    (2.0, 0.0)
    """
    return sum((_advance(c) for c in text), 0.0)


def clean(text: str) -> str:
    """`text` on one line: control characters (tabs, line breaks) become spaces, runs of spaces one;
    lone surrogates become U+FFFD.

    >>> clean(" ACME\\tLtd\\r\\n ")
    'ACME Ltd'
    """
    return " ".join(_CONTROL.sub(" ", valid(text)).split())


def valid(text: str) -> str:
    """`text` with any lone surrogate replaced by U+FFFD, so that it can be encoded.

    >>> valid("a\\ud800b")
    'a\\ufffdb'
    """
    return _SURROGATE.sub("\ufffd", text)


@dataclass(frozen=True)
class _Token:
    text: str
    width: float
    space_before: bool


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[_Token, ...]:
    """Units a line may break between: a Latin word, or one CJK character; punctuation stays with its
    neighbour (closing punctuation with the one before, opening with the one after). Cached: the
    plans of one hall fit each name several times."""
    pieces: list[tuple[str, bool]] = []
    current, kind, space = "", "", False
    for char in text:
        if char == " " or (kind == "cjk" and char not in _CLOSING) or (kind == "latin" and char in _OPENING):
            if current:
                pieces.append((current, space))
            current, kind, space = "", "", False
            if char == " ":
                space = bool(pieces)
                continue
        if char in _CLOSING:
            kind = kind or "latin"
        elif char in _OPENING:
            kind = kind or "open"
        elif _CJK.match(char):
            if kind == "latin":
                pieces.append((current, space))
                current, space = "", False
            kind = "cjk"
        else:
            kind = "latin"
        current += char
    if current:
        pieces.append((current, space))
    space_width = _advance(" ")
    return tuple(_Token(t, text_width(t) + (space_width if s else 0.0), s) for t, s in pieces)


def _lines(tokens: tuple[_Token, ...], max_width: float) -> tuple[list[list[_Token]], list[float], float]:
    """Greedy breaking at `max_width` ems: the lines, their widths, and the least width that would
    move a break (inf if none)."""
    lines: list[list[_Token]] = []
    widths: list[float] = []
    line: list[_Token] = []
    width = 0.0
    next_width = float("inf")
    space_width = _advance(" ")
    for token in tokens:
        if not line:
            line, width = [token], token.width - (space_width if token.space_before else 0.0)
        elif width + token.width <= max_width + 1e-9:
            line.append(token)
            width += token.width
        else:
            next_width = min(next_width, width + token.width)
            lines.append(line)
            widths.append(width)
            line, width = [token], token.width - (space_width if token.space_before else 0.0)
    if line:
        lines.append(line)
        widths.append(width)
    return lines, widths, next_width


def _balanced(tokens: tuple[_Token, ...], count: int) -> tuple[list[list[_Token]], float]:
    """`tokens` in at most `count` lines as narrow as greedy breaking allows, and the widest's width."""
    total = sum(t.width for t in tokens) - (_advance(" ") if tokens[0].space_before else 0.0)
    width = max(max(t.width for t in tokens), total / count)
    while True:
        broken, widths, next_width = _lines(tokens, width)
        if len(broken) <= count or next_width == float("inf"):
            return broken, max(widths)
        width = next_width


def _join(line: list[_Token]) -> str:
    """A line's text: its tokens, with a space before those that had one."""
    return "".join((" " if t.space_before and i else "") + t.text for i, t in enumerate(line))


def wrap(text: str, lines: int) -> tuple[str, ...]:
    """`text` broken into at most `lines` lines, the widest as narrow as greedy breaking allows.

    Breaks fall between CJK characters or between Latin words, never before closing punctuation.

    >>> wrap("深圳市华为技术有限公司", 2)
    ('深圳市华为技', '术有限公司')
    >>> wrap("Acme Trading Co., Ltd.", 2)
    ('Acme Trading', 'Co., Ltd.')
    """
    if lines < 1:
        raise ValueError(f"lines must be 1 or more, got {lines}")
    tokens = _tokens(clean(text))
    if not tokens:
        return ()
    broken, _ = _balanced(tokens, lines)
    return tuple(_join(line) for line in broken)


def shorten(text: str, max_width: float) -> str:
    """`text` cut with an ellipsis to at most `max_width` ems; "" when not even the ellipsis fits.

    >>> shorten("Acme Trading", 4.0), shorten("中国", 2.0), shorten("中国", 0.5)
    ('Acme…', '中国', '')
    """
    if text_width(text) <= max_width:
        return text
    room = max_width - _advance(ELLIPSIS)
    if room < 0:
        return ""
    width = 0.0
    for index, char in enumerate(text):
        width += _advance(char)
        if width > room:
            return text[:index].rstrip() + ELLIPSIS
    return text + ELLIPSIS  # pragma: no cover - the whole text fitted above


@dataclass(frozen=True)
class BoothLabel:
    """A booth's number and name, sized and broken to fit; baselines measured up from the booth's centre.

    `name_lines` is empty when the booth is too small for the name at the smallest size.
    """

    number: str
    number_size: float
    number_baseline: float
    name_lines: tuple[str, ...]
    name_size: float
    name_baselines: tuple[float, ...]
    shortened: bool


def fit_label(
    number: str, name: str, width: float, height: float, *, min_size: float, max_size: float
) -> BoothLabel:
    """Size `number` and `name` to fit a `width` × `height` booth, centred, the number above the name.

    The number takes up to a quarter of the height; the name gets the largest size up to 0.8 of the
    number's, broken over 1–MAX_NAME_LINES lines. Below `min_size` the name is set at `min_size`,
    cut to the lines that fit and ended with an ellipsis. Results are cached.

    >>> label = fit_label("A001", "中国", 6.0, 6.0, min_size=0.2, max_size=1.0)
    >>> label.number_size, label.name_lines, label.name_size, label.shortened
    (1.0, ('中国',), 0.8, False)
    """
    if width <= 0 or height <= 0:
        raise ValueError(f"booth size must be positive, got {width} × {height}")
    if not 0 < min_size <= max_size:
        raise ValueError(f"need 0 < min_size <= max_size, got {min_size} and {max_size}")
    return _fit(clean(number), clean(name), width, height, min_size, max_size)


@lru_cache(maxsize=65536)
def _fit(number: str, name: str, width: float, height: float, min_size: float, max_size: float) -> BoothLabel:
    pad = min(width, height) * 0.08
    room_w = (width - 2 * pad) * (1 - WIDTH_SLACK)
    room_h = height - 2 * pad
    number_size = min(max_size, room_h / 4, room_w / text_width(number) if number else max_size)
    name_room = room_h - number_size * LINE_HEIGHT
    cap = number_size * 0.8
    lines: tuple[str, ...] = ()
    size = 0.0
    shortened = False
    if name and name_room > 0:
        tokens = _tokens(name)
        best: list[list[_Token]] = []
        for count in range(1, min(MAX_NAME_LINES, len(tokens)) + 1):
            broken, widest = _balanced(tokens, count)
            by_width = room_w / widest
            by_height = name_room / (len(broken) * LINE_HEIGHT)
            candidate_size = min(cap, by_width, by_height)
            if candidate_size > size + 1e-9:
                best, size = broken, candidate_size
            if len(broken) < count or by_width >= min(cap, by_height):
                break  # more lines cannot make the name larger
        lines = tuple(_join(line) for line in best)
        if size < min_size:
            lines = _shortened(name, room_w / min_size, int(name_room / (min_size * LINE_HEIGHT)))
            size, shortened = min_size, True
    block = number_size + len(lines) * size * LINE_HEIGHT
    top = block / 2  # the block is centred on the booth's centre
    number_baseline = top - number_size / 2 - number_size * MIDDLE
    baselines = tuple(
        top - number_size - (i + 0.5) * size * LINE_HEIGHT - size * MIDDLE for i in range(len(lines))
    )
    return BoothLabel(number, number_size, number_baseline, lines, size, baselines, shortened)


def _shortened(name: str, max_width: float, max_lines: int) -> tuple[str, ...]:
    """The name greedily broken at `max_width` ems, kept to `max_lines`, the last cut with an ellipsis."""
    if max_lines < 1:
        return ()
    broken, _, _ = _lines(_tokens(name), max_width)
    lines = [_join(line) for line in broken]
    kept = [shorten(line, max_width) for line in lines[:max_lines]]
    if len(lines) > max_lines:
        last = kept[-1]
        while last and text_width(last + ELLIPSIS) > max_width:
            last = last[:-1]
        kept[-1] = last.rstrip().removesuffix(ELLIPSIS) + ELLIPSIS
    return tuple(line for line in kept if line)
