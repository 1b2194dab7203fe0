"""Pinyin search keys for Chinese names, so a visitor can type `zhengzhou` or `zz` for 郑州….

The viewer's search (viewer/src/search.js) matches a query of Latin letters against these keys; the
browser then needs no pinyin dictionary of its own.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import lazy_pinyin

#: CJK unified ideographs (base block and extension A): the characters that have a pinyin reading.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
#: What survives of a non-Chinese run: its letters and digits, lower case.
_NOT_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=8192)
def pinyin_key(text: str) -> str:
    """The toneless pinyin of `text`, one syllable per word, space-separated; "" without Chinese.

    Runs of other characters are kept as lower-case words of letters and digits, so the initials of
    the key (the first letter of each word) spell the name as a Chinese visitor abbreviates it.

    >>> pinyin_key("郑州生物医药股份有限公司")
    'zheng zhou sheng wu yi yao gu fen you xian gong si'
    >>> pinyin_key("重庆ABC科技 Co.")
    'chong qing abc ke ji co'
    >>> pinyin_key("Acme Ltd")
    ''
    """
    if not _HAN.search(text):
        return ""
    words: list[str] = []
    for chunk in lazy_pinyin(text):
        words += _NOT_WORD.sub(" ", chunk.lower()).split()
    return " ".join(words)
