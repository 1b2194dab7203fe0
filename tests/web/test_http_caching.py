"""What browsers and caches rely on (halllayout/web/fair.py, booths.py): ETags and 304s on the fair
manifest, the hall GLBs and booth pages, and range requests on the GLBs."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

from flask import Flask

from halllayout.web import db
from halllayout.web.models import FairVersion
from halllayout.web.site import site_fair
from halllayout.web.versions import add_version, publish
from tests.web.conftest import ApiClient, booth_numbers
from tests.web.test_versions import _build


def test_the_hall_glb_has_a_content_etag_and_answers_304_to_it(api: ApiClient, fair_dir: Path) -> None:
    glb = (fair_dir / "A.glb").read_bytes()
    first = api.get("/halls/A.glb")
    assert first.status_code == 200 and first.data == glb
    assert first.mimetype == "model/gltf-binary" and first.headers["Accept-Ranges"] == "bytes"
    assert first.headers["ETag"] == f'"{hashlib.sha256(glb).hexdigest()}"'
    assert first.headers["Cache-Control"] == "public, no-cache"
    again = api.get("/halls/A.glb", headers={"If-None-Match": first.headers["ETag"]})
    assert (again.status_code, again.data) == (304, b"")
    assert again.headers["ETag"] == first.headers["ETag"]
    stale = api.get("/halls/A.glb", headers={"If-None-Match": '"not-this-one"'})
    assert stale.status_code == 200 and stale.data == glb


def test_a_range_of_the_hall_glb_is_a_206_with_those_bytes(api: ApiClient, fair_dir: Path) -> None:
    glb = (fair_dir / "A.glb").read_bytes()
    head = api.get("/halls/A.glb", headers={"Range": "bytes=0-11"})
    assert head.status_code == 206 and head.data == glb[:12] and head.data[:4] == b"glTF"
    assert head.headers["Content-Range"] == f"bytes 0-11/{len(glb)}"
    assert head.headers["Content-Length"] == "12"
    middle = api.get("/halls/A.glb", headers={"Range": "bytes=100-199"})
    assert middle.status_code == 206 and middle.data == glb[100:200]
    assert middle.headers["Content-Range"] == f"bytes 100-199/{len(glb)}"
    tail = api.get("/halls/A.glb", headers={"Range": "bytes=-20"})
    assert tail.status_code == 206 and tail.data == glb[-20:]
    assert tail.headers["Content-Range"] == f"bytes {len(glb) - 20}-{len(glb) - 1}/{len(glb)}"
    rest = api.get("/halls/A.glb", headers={"Range": f"bytes={len(glb) - 5}-"})
    assert rest.status_code == 206 and rest.data == glb[-5:]


def test_an_unsatisfiable_range_is_a_416_giving_the_length(api: ApiClient, fair_dir: Path) -> None:
    size = (fair_dir / "A.glb").stat().st_size
    response = api.get("/halls/A.glb", headers={"Range": f"bytes={size}-{size + 10}"})
    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"bytes */{size}"


def test_a_range_with_an_old_if_range_gets_the_whole_new_glb(api: ApiClient, fair_dir: Path) -> None:
    glb = (fair_dir / "A.glb").read_bytes()
    etag = api.get("/halls/A.glb").headers["ETag"]
    same = api.get("/halls/A.glb", headers={"Range": "bytes=0-3", "If-Range": etag})
    assert same.status_code == 206 and same.data == b"glTF"
    changed = api.get("/halls/A.glb", headers={"Range": "bytes=0-3", "If-Range": '"an-old-etag"'})
    assert changed.status_code == 200 and changed.data == glb


def test_an_unknown_hall_is_a_404_naming_the_halls(api: ApiClient) -> None:
    response = api.get("/halls/Q.glb")
    assert response.status_code == 404
    assert response.get_json()["error"] == "no hall 'Q' in this fair (halls: A)"


def test_the_manifest_has_an_etag_and_answers_304_to_it(api: ApiClient) -> None:
    first = api.get("/api/fair")
    assert first.status_code == 200 and first.get_json()["halls"][0]["glb"] == "/halls/A.glb"
    assert first.headers["Cache-Control"] in ("public, no-cache", "no-cache, public")
    etag = first.headers["ETag"]
    again = api.get("/api/fair", headers={"If-None-Match": etag})
    assert (again.status_code, again.data, again.headers["ETag"]) == (304, b"", etag)
    both = api.get("/api/fair", headers={"If-None-Match": f'"other", {etag}'})
    assert both.status_code == 304
    assert api.get("/api/fair", headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_manifest_is_gzipped_for_browsers_that_accept_it(api: ApiClient) -> None:
    plain = api.get("/api/fair")
    packed = api.get("/api/fair", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain.headers
    assert gzip.decompress(packed.data) == plain.data and len(packed.data) < len(plain.data)
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    etag = packed.headers["ETag"]
    assert etag != plain.headers["ETag"]
    again = api.get("/api/fair", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert (again.status_code, again.data) == (304, b"")


def test_a_newly_published_version_changes_the_manifest_etag_at_once(
    app: Flask, api: ApiClient, tmp_path: Path
) -> None:
    old = api.get("/api/fair")
    folder = _build(tmp_path / "v2", ["Teapot Works"])
    with app.app_context():
        session = db.session()
        version = add_version(session, site_fair(), folder, stored_as=str(folder))
        publish(session, site_fair(), session.get(FairVersion, version.id))
    new = api.get("/api/fair", headers={"If-None-Match": old.headers["ETag"]})
    assert new.status_code == 200 and new.headers["ETag"] != old.headers["ETag"]
    assert [b["exhibitor"] for h in new.get_json()["halls"] for b in h["booths"]] == ["Teapot Works"]


def test_a_booth_page_has_an_etag_and_answers_304_to_it(api: ApiClient, fair_dir: Path) -> None:
    url = f"/api/booths/{booth_numbers(fair_dir)['EX2']}"
    first = api.get(url)
    assert first.status_code == 200 and first.get_json()["ref"] == "EX2"
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] in ("public, no-cache", "no-cache, public")
    again = api.get(url, headers={"If-None-Match": etag})
    assert (again.status_code, again.data) == (304, b"")
    other = api.get(f"/api/booths/{booth_numbers(fair_dir)['EX3']}")
    assert other.headers["ETag"] != etag


def test_a_booth_page_shows_a_changed_profile_at_once(
    api: ApiClient, fair_dir: Path, invite: object, app: Flask
) -> None:
    url = f"/api/booths/{booth_numbers(fair_dir)['EX1']}"
    before = api.get(url)
    assert before.get_json()["profile"] is None
    invite("EX1", "Ironox Ltd")  # type: ignore[operator]
    after = api.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.get_json()["profile"]["name"] == "Ironox Ltd"


def test_search_is_kept_per_version_and_sees_a_new_one_at_once(
    app: Flask, api: ApiClient, fair_dir: Path, tmp_path: Path
) -> None:
    assert api.get("/api/search?q=展商 1").get_json()["total"] == 1
    across = booth_numbers(fair_dir)["EX1"][-1] + "展"  # the number's end and the name's start
    assert api.get("/api/search", query_string={"q": across}).get_json()["total"] == 0
    folder = _build(tmp_path / "v2", ["Teapot Works", "Cup Co"])
    with app.app_context():
        session = db.session()
        version = add_version(session, site_fair(), folder, stored_as=str(folder))
        publish(session, site_fair(), session.get(FairVersion, version.id))
    assert api.get("/api/search?q=展商").get_json()["total"] == 0
    found = api.get("/api/search?q=KETTLE").get_json()
    assert found["total"] == 2 and {b["exhibitor"] for b in found["items"]} == {"Teapot Works", "Cup Co"}
    assert [b["number"] for b in found["items"]] == sorted(b["number"] for b in found["items"])
