"""Pinyin search keys (halllayout/pinyin.py)."""

from __future__ import annotations

import pytest

from halllayout.pinyin import pinyin_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("郑州生物医药股份有限公司", "zheng zhou sheng wu yi yao gu fen you xian gong si"),
        ("重庆ABC科技 Co.", "chong qing abc ke ji co"),  # the phrase reading of 重庆, not zhong
        ("长春区块链", "chang chun qu kuai lian"),
        ("Acme Ltd", ""),
        ("", ""),
        ("展商 12", "zhan shang 12"),
    ],
)
def test_pinyin_key(text: str, key: str) -> None:
    assert pinyin_key(text) == key
