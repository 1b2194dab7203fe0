"""The hot reads answered again without Flask (halllayout/web/hot.py), and that they stay current."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from halllayout.web import db
from halllayout.web.hot import HotReads, _keepable
from halllayout.web.models import Exhibitor
from tests.web.conftest import ApiClient, booth_numbers


@pytest.fixture
def through_flask(app: Flask) -> list[str]:
    """The paths of the requests that reached Flask (a hot read answered again does not)."""
    seen: list[str] = []

    @app.before_request
    def count() -> None:
        from flask import request

        seen.append(request.path)

    return seen


def _headers(response: Any) -> dict[str, str]:
    return {name: value for name, value in response.headers.items() if name != "Date"}


def test_a_booth_page_asked_again_is_the_same_answer_without_flask(
    api: ApiClient, fair_dir: Path, through_flask: list[str]
) -> None:
    url = f"/api/booths/{booth_numbers(fair_dir)['EX3']}"
    first = api.get(url)
    again = api.get(url)
    assert first.status_code == again.status_code == 200
    assert again.data == first.data and _headers(again) == _headers(first)
    assert through_flask == [url]


def test_a_revalidation_is_answered_304_like_flask_does(
    api: ApiClient, fair_dir: Path, through_flask: list[str]
) -> None:
    url = f"/api/booths/{booth_numbers(fair_dir)['EX2']}"
    etag = api.get(url).headers["ETag"]
    first = api.get(url, headers={"If-None-Match": etag})
    again = api.get(url, headers={"If-None-Match": etag})
    assert first.status_code == again.status_code == 304 and again.data == b""
    assert _headers(again) == _headers(first) and again.headers["ETag"] == etag
    assert through_flask == [url, url]
    changed = api.get(url, headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200 and through_flask[-1] == url and len(through_flask) == 3


def test_the_manifest_is_kept_per_accept_encoding(api: ApiClient, through_flask: list[str]) -> None:
    gzipped = [api.get("/api/fair", headers={"Accept-Encoding": "gzip"}) for _ in range(2)]
    plain = [api.get("/api/fair") for _ in range(2)]
    assert gzipped[0].headers["Content-Encoding"] == "gzip" and gzipped[1].data == gzipped[0].data
    assert "Content-Encoding" not in plain[1].headers and plain[1].get_json() == plain[0].get_json()
    assert through_flask == ["/api/fair", "/api/fair"]


def test_a_profile_change_shows_at_once_in_the_same_process(
    api: ApiClient, new_api: Any, fair_dir: Path, invite: Any
) -> None:
    url = f"/api/booths/{booth_numbers(fair_dir)['EX1']}"
    token = invite("EX1", "Ironox Ltd")
    assert api.get(url).get_json()["profile"]["description"] == ""
    exhibitor = new_api().as_exhibitor(token)
    assert exhibitor.patch("/api/exhibitor/profile", {"description": "Cast iron"}).status_code == 200
    assert api.get(url).get_json()["profile"]["description"] == "Cast iron"
    manifest = api.get("/api/fair").get_json()
    assert manifest["exhibitor_profiles"]["EX1"]["description"] == "Cast iron"


def test_a_change_by_another_process_shows_once_this_one_reads_again(
    app: Flask, api: ApiClient, fair_dir: Path, invite: Any, through_flask: list[str]
) -> None:
    url = f"/api/booths/{booth_numbers(fair_dir)['EX4']}"
    invite("EX4", "Old name")
    assert api.get(url).get_json()["profile"]["name"] == "Old name"
    with app.app_context():  # as another process would: nothing tells this one
        session = db.session()
        exhibitor = session.query(Exhibitor).filter_by(ref="EX4").one()
        exhibitor.name = "New name"
        session.commit()
    assert api.get(url).get_json()["profile"]["name"] == "Old name"  # within LIVE_RECHECK_SECONDS
    app.config["LIVE_RECHECK_SECONDS"] = 0.0  # as if that time had passed
    assert api.get(url).get_json()["profile"]["name"] == "New name"
    assert through_flask == [url, url]


def test_a_stale_published_version_goes_through_flask(
    app: Flask, api: ApiClient, fair_dir: Path, through_flask: list[str]
) -> None:
    url = f"/api/booths/{booth_numbers(fair_dir)['EX5']}"
    api.get(url)
    app.config["PUBLISHED_RECHECK_SECONDS"] = 0.0
    api.get(url)
    assert through_flask == [url, url]


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("/api/fair?x=1", {}),
        ("/api/fair", {"Range": "bytes=0-10"}),
        ("/api/fair", {"If-Modified-Since": "Wed, 21 Oct 2015 07:28:00 GMT"}),
        ("/api/booths/Z9999", {}),  # a 404 is not kept
    ],
)
def test_other_requests_always_go_through_flask(
    api: ApiClient, through_flask: list[str], url: str, headers: dict[str, str]
) -> None:
    for _ in range(2):
        api.get(url, headers=headers)
    assert len(through_flask) == 2


def test_answers_that_set_or_vary_on_cookies_are_never_kept() -> None:
    assert _keepable("200 OK", [("Content-Type", "application/json")])
    assert _keepable("304 NOT MODIFIED", [("ETag", '"a"')])
    assert not _keepable("200 OK", [("Set-Cookie", "session=x")])
    assert not _keepable("200 OK", [("Vary", "Accept-Encoding, Cookie")])
    assert not _keepable("404 NOT FOUND", [])


def test_the_app_is_wrapped_unless_told_not_to(app: Flask) -> None:
    assert isinstance(app.wsgi_app, HotReads)


def test_settle_makes_the_manifest_and_freezes_what_the_app_holds(app: Flask) -> None:
    import gc

    from halllayout.web import settle

    assert "halllayout.manifest_sent" not in app.extensions
    try:
        settle(app)
        assert gc.get_freeze_count() > 10_000
        assert "halllayout.manifest_sent" in app.extensions
    finally:
        gc.unfreeze()
