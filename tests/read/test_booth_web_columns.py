"""The booth list's columns for the viewer's booth panel: description, website, live stream and its window.

Read from CSV under English and Chinese headers, checked (http(s) addresses only, ISO 8601 date-times,
the window's end after its start), written to layout.json for placed and unplaced booths and read back.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from halllayout.errors import InputError, InputErrors
from halllayout.layout import lay_out
from halllayout.layout_file import layout_json
from halllayout.model import BoothRequest, Fair
from halllayout.read import parse_booth_csv
from halllayout.read.layout_json import read_layout
from tests.conftest import make_hall

ROOT = Path(__file__).resolve().parents[2]


def parse(text: str) -> tuple[BoothRequest, ...]:
    return parse_booth_csv(text.encode(), "booths.csv")


def test_english_headers() -> None:
    (booth,) = parse(
        "ref,exhibitor,width,depth,description,website,live_stream,live_from,live_until\n"
        'EX1,Alpha,3,3," Bikes <b>and</b> more ",https://alpha.example/zh?a=1,'
        "http://live.example/1,2026-11-24T09:00+08:00,2026-11-24T11:30+08:00\n"
    )
    assert booth.description == "Bikes <b>and</b> more"
    assert booth.website == "https://alpha.example/zh?a=1"
    assert booth.live_stream == "http://live.example/1"
    assert (booth.live_from, booth.live_until) == ("2026-11-24T09:00+08:00", "2026-11-24T11:30+08:00")


@pytest.mark.parametrize(
    "header",
    [
        "展商编号,展商名称,宽(米),深(米),简介,网址,直播,直播开始,直播结束",
        "展商编号,展商名称,宽(米),深(米),展商简介,官网,直播链接,直播开始,直播结束",
    ],
)
def test_chinese_headers(header: str) -> None:
    (booth,) = parse(f"{header}\nEX1,铁牛,3,3,自行车,https://a.cn,https://live.a.cn,2026-11-24 09:00,\n")
    assert (booth.description, booth.website, booth.live_stream) == (
        "自行车",
        "https://a.cn",
        "https://live.a.cn",
    )
    assert (booth.live_from, booth.live_until) == ("2026-11-24 09:00", "")


def test_the_columns_are_optional() -> None:
    (booth,) = parse("ref,exhibitor,width,depth\nEX1,Alpha,3,3\n")
    assert (booth.description, booth.website, booth.live_stream, booth.live_from, booth.live_until) == (
        "",
    ) * 5


@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "www.alpha.example", "ftp://alpha.example", "https://"]
)
def test_a_website_that_is_not_http_is_refused_naming_row_column_and_value(value: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(f"ref,exhibitor,width,depth,官网\nEX1,Alpha,3,3,{value}\n")
    assert str(caught.value) == (
        "booths.csv row 2, column 官网: "
        f'expected an http(s) address such as "https://example.com", got "{value}"'
    )


def test_live_stream_and_window_problems_all_reported() -> None:
    with pytest.raises(InputErrors) as caught:
        parse(
            "ref,exhibitor,width,depth,live_stream,live_from,live_until\n"
            "EX1,Alpha,3,3,data:text/html;base64,2026-11-24T09:00,tomorrow\n"
            "EX2,Beta,3,3,https://live.example,2026-11-24T09:00,2026-11-24T08:00\n"
        )
    assert str(caught.value).splitlines() == [
        'booths.csv row 2, column live_stream: expected an http(s) address such as "https://example.com", '
        'got "data:text/html;base64"',
        "booths.csv row 2, column live_until: "
        'expected an ISO 8601 date-time such as "2026-11-24T09:30+08:00", got "tomorrow"',
        "booths.csv row 3, column live_until: "
        'expected a time after live_from 2026-11-24T09:00, got "2026-11-24T08:00"',
    ]


def test_carried_into_layout_json_for_placed_and_unplaced_booths_and_read_back(tmp_path: Path) -> None:
    details = {
        "description": "<img src=x onerror=alert(1)> 简介",
        "website": "https://alpha.example",
        "live_stream": "https://live.example/a",
        "live_from": "2026-11-24T09:00+08:00",
        "live_until": "2026-11-24T17:00+08:00",
    }
    small = BoothRequest("EX1", "Alpha", 3, 3, **details)
    # more booths than the hall holds: some are left unplaced
    others = [BoothRequest(f"EX{n}", "Beta", 3, 3, website=f"https://{n}.example") for n in range(2, 60)]
    layout = lay_out(Fair("Fair", (make_hall(20, 12),)), [small, *others])
    data = layout_json(layout)
    document = json.loads(data)
    placed = {booth["ref"]: booth for booth in document["halls"][0]["booths"]}
    assert {key: placed["EX1"][key] for key in details} == details
    assert document["unplaced"], "test set-up: some booths should find no room"
    for item in document["unplaced"]:
        assert item["website"] == f"https://{item['ref'][2:]}.example" and item["live_stream"] == ""

    (tmp_path / "layout.json").write_bytes(data)
    again = read_layout(tmp_path / "layout.json")
    assert next(b.request for b in again.booths if b.request.ref == "EX1") == small
    assert [u.request.website for u in again.unplaced] == [item["website"] for item in document["unplaced"]]


def test_layout_json_with_a_bad_address_is_refused(tmp_path: Path) -> None:
    layout = lay_out(Fair("Fair", (make_hall(20, 12),)), [BoothRequest("EX1", "Alpha", 3, 3)])
    document = json.loads(layout_json(layout))
    document["halls"][0]["booths"][0]["website"] = "javascript:alert(1)"
    with pytest.raises(
        InputError, match=re.escape("halls[0].booths[0].website: expected an http(s) address")
    ):
        (tmp_path / "layout.json").write_text(json.dumps(document))
        read_layout(tmp_path / "layout.json")


def test_cli_exits_2_naming_file_row_column_and_value(tmp_path: Path) -> None:
    booths = tmp_path / "bad-website.csv"
    booths.write_text(
        "ref,exhibitor,width,depth,website\nEX1,Alpha,3,3,https://alpha.example\nEX2,Beta,3,3,javascript:alert(1)\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "halllayout", "build", str(booths), "--hall",
         "tests/data/halls/hall-a-144x90.json", "-o", str(tmp_path / "out")],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "bad-website.csv row 3, column website:" in result.stderr
    assert '"javascript:alert(1)"' in result.stderr
    assert not (tmp_path / "out").exists()
