"""The exhibitor's own profile, logo, booths and product uploads (halllayout/web/exhibitor.py): what an
exhibitor may change, what ingestion makes of its models, what visitors then see, and that nobody
reaches what is not theirs, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.web.conftest import ApiClient, booth_numbers

MODELS = Path(__file__).resolve().parents[1] / "data" / "models"
GOOD_MODEL = MODELS / "good" / "BoxTextured.glb"
BAD_MODEL = MODELS / "bad" / "invalid_magic.glb"
#: How long an ingestion job may take here (a child process on a small, shared machine).
JOB_SECONDS = 90


@pytest.fixture
def booths(fair_dir: Path) -> dict[str, str]:
    """Each exhibitor ref's booth number: EX0 ... EX5."""
    return booth_numbers(fair_dir)


@pytest.fixture
def exhibitor(new_api: Any, invite: Any) -> ApiClient:
    """EX1, signed in with its invitation."""
    client: ApiClient = new_api().as_exhibitor(invite("EX1", "展商 1"))
    return client


@pytest.fixture
def other_exhibitor(new_api: Any, invite: Any) -> ApiClient:
    """EX2, signed in with its invitation."""
    client: ApiClient = new_api().as_exhibitor(invite("EX2", "展商 2"))
    return client


def png(width: int, height: int, colour: tuple[int, int, int] = (200, 30, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` × `height` pixels (a decompression bomb's header)."""
    data = bytearray(png(1, 1))
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


def send_file(client: ApiClient, url: str, field: str, content: bytes, filename: str, **form: str) -> Any:
    return client.post(
        url, data={field: (io.BytesIO(content), filename), **form}, content_type="multipart/form-data"
    )


def upload(client: ApiClient, path: Path, name: str = "") -> dict[str, Any]:
    response = send_file(client, "/api/exhibitor/uploads", "model", path.read_bytes(), path.name, name=name)
    assert response.status_code == 202, response.get_json()
    document: dict[str, Any] = response.get_json()
    return document


def processed(client: ApiClient, upload_id: int) -> dict[str, Any]:
    """The upload once its job has finished with it (ready or refused)."""
    deadline = time.monotonic() + JOB_SECONDS
    while True:
        response = client.get(f"/api/exhibitor/uploads/{upload_id}")
        assert response.status_code == 200, response.get_json()
        document: dict[str, Any] = response.get_json()
        if document["status"] not in ("queued", "processing"):
            return document
        assert time.monotonic() < deadline, f"upload {upload_id} still {document['status']}: {document}"
        time.sleep(0.2)


def stored_files(app: Any) -> list[Path]:
    root = Path(app.config["INSTANCE_DIR"]) / "store"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# the profile


def test_an_exhibitor_edits_its_profile(exhibitor: ApiClient) -> None:
    before = exhibitor.get("/api/exhibitor/profile").get_json()
    assert (before["ref"], before["name"], before["fair"], before["logo"]) == ("EX1", "展商 1", "demo", "")
    response = exhibitor.patch(
        "/api/exhibitor/profile",
        {
            "description": " 工业机器人与自动化 ",
            "website": "https://ironox.example/zh",
            "live_stream": "https://live.example/ironox",
            "colours": ["#C0FFEE", "#102030"],
        },
    )
    assert response.status_code == 200, response.get_json()
    after = exhibitor.get("/api/exhibitor/profile").get_json()
    assert after["description"] == "工业机器人与自动化"
    assert (after["website"], after["live_stream"]) == (
        "https://ironox.example/zh",
        "https://live.example/ironox",
    )
    assert after["colours"] == ["#c0ffee", "#102030"] and after["name"] == "展商 1"
    cleared = exhibitor.patch("/api/exhibitor/profile", {"website": "", "name": "Ironox"}).get_json()
    assert (cleared["website"], cleared["name"], cleared["live_stream"]) == (
        "",
        "Ironox",
        after["live_stream"],
    )


@pytest.mark.parametrize(
    ("body", "field", "said"),
    [
        ({"website": "javascript:alert(1)"}, "website", "'javascript:alert(1)'"),
        ({"website": "ftp://files.example/x"}, "website", "'ftp://files.example/x'"),
        ({"live_stream": "not a url"}, "live_stream", "'not a url'"),
        ({"description": "x" * 4001}, "description", "4000"),
        ({"colours": ["#12345"]}, "colours.0", "'#12345'"),
        ({"colours": ["red"]}, "colours.0", "'red'"),
        ({"colours": ["#000000", "#111111", "#222222"]}, "colours", "at most 2"),
        ({"name": ""}, "name", "name"),
        ({"description": "a\x00b"}, "description", "U+0000"),
        ({"colour": ["#000000"]}, "colour", "colour"),
    ],
)
def test_a_bad_profile_field_is_422_naming_it_and_changes_nothing(
    exhibitor: ApiClient, body: dict[str, Any], field: str, said: str
) -> None:
    before = exhibitor.get("/api/exhibitor/profile").get_json()
    response = exhibitor.patch("/api/exhibitor/profile", body)
    assert response.status_code == 422
    error = response.get_json()
    assert error["field"] == field and said in error["error"] and error["error"].startswith(field)
    assert exhibitor.get("/api/exhibitor/profile").get_json() == before


def test_a_description_of_4000_characters_is_taken(exhibitor: ApiClient) -> None:
    response = exhibitor.patch("/api/exhibitor/profile", {"description": "字" * 4000})
    assert response.status_code == 200 and len(response.get_json()["description"]) == 4000


def test_the_profile_reaches_the_booth_page(
    exhibitor: ApiClient, api: ApiClient, booths: dict[str, str]
) -> None:
    exhibitor.patch("/api/exhibitor/profile", {"description": "Robots", "colours": ["#aa0000"]})
    profile = api.get(f"/api/booths/{booths['EX1']}").get_json()["profile"]
    assert (profile["description"], profile["colours"], profile["logo"]) == ("Robots", ["#aa0000"], "")


def test_the_manifest_carries_the_profiles_exhibitors_filled_in(exhibitor: ApiClient, api: ApiClient) -> None:
    before = api.get("/api/fair")
    assert "exhibitor_profiles" not in before.get_json() and "live_products" not in before.get_json()
    exhibitor.patch("/api/exhibitor/profile", {"description": "Robots", "website": "https://ironox.example"})
    after = api.get("/api/fair")
    assert after.get_json()["exhibitor_profiles"] == {
        "EX1": {
            "name": "展商 1",
            "description": "Robots",
            "website": "https://ironox.example",
            "live_stream": "",
            "logo": "",
            "colours": [],
        }
    }
    assert after.get_json()["halls"] == before.get_json()["halls"]
    assert after.headers["ETag"] != before.headers["ETag"]
    assert api.get("/api/fair", headers={"If-None-Match": after.headers["ETag"]}).status_code == 304


# the logo


def test_a_logo_is_kept_as_a_png_of_at_most_512_px_and_shown_to_everyone(
    exhibitor: ApiClient, api: ApiClient, booths: dict[str, str]
) -> None:
    out = io.BytesIO()
    Image.new("RGB", (1200, 600), (10, 120, 200)).save(out, "JPEG")
    response = send_file(exhibitor, "/api/exhibitor/logo", "logo", out.getvalue(), "logo.jpg")
    assert response.status_code == 200, response.get_json()
    url = response.get_json()["logo"]
    assert url.startswith("/api/exhibitors/EX1/logo.png?v=")
    public = api.get(url)
    assert public.status_code == 200 and public.mimetype == "image/png"
    with Image.open(io.BytesIO(public.data)) as image:
        assert (image.format, image.size) == ("PNG", (512, 256))
    assert api.get(url, headers={"If-None-Match": public.headers["ETag"]}).status_code == 304
    assert api.get(f"/api/booths/{booths['EX1']}").get_json()["profile"]["logo"] == url


@pytest.mark.parametrize(
    ("content", "name", "status", "said"),
    [
        (png_claiming(30_000, 30_000), "bomb.png", 422, "too many pixels"),
        (png_claiming(5_000, 5_000), "big.png", 422, "5000 × 5000"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "broken.png", 422, "broken.png"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.svg", 422, "logo.svg"),
        (b"GIF89a" + png(2, 2)[8:], "logo.gif", 422, "logo.gif"),
        (b"\0" * (2 * 1024 * 1024 + 1), "huge.png", 413, "2,097,152"),
    ],
    ids=["bomb", "over-the-pixel-cap", "broken-png", "svg", "gif-bytes", "over-2-MB"],
)
def test_a_logo_that_is_not_a_small_image_is_refused_and_nothing_is_stored(
    app: Any, exhibitor: ApiClient, content: bytes, name: str, status: int, said: str
) -> None:
    response = send_file(exhibitor, "/api/exhibitor/logo", "logo", content, name)
    assert response.status_code == status, response.get_json()
    error = response.get_json()
    assert error["field"] == "logo" and said in error["error"]
    assert exhibitor.get("/api/exhibitor/profile").get_json()["logo"] == ""
    assert stored_files(app) == []


def test_a_gif_is_not_taken_as_a_logo(app: Any, exhibitor: ApiClient) -> None:
    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, "GIF")
    response = send_file(exhibitor, "/api/exhibitor/logo", "logo", out.getvalue(), "logo.gif")
    assert response.status_code == 422 and "GIF, not PNG, JPEG or WebP" in response.get_json()["error"]
    assert stored_files(app) == []


def test_an_exhibitor_without_a_logo_has_none(api: ApiClient, exhibitor: ApiClient) -> None:
    assert api.get("/api/exhibitors/EX1/logo.png").status_code == 404
    assert api.get("/api/exhibitors/NOBODY/logo.png").status_code == 404


# booths


def test_an_exhibitor_lists_its_booths(exhibitor: ApiClient, booths: dict[str, str]) -> None:
    mine = exhibitor.get("/api/exhibitor/booths").get_json()
    assert [b["number"] for b in mine] == [booths["EX1"]]
    assert (mine[0]["hall"], mine[0]["exhibitor"], mine[0]["page"]) == (
        "A",
        "展商 1",
        f"/api/booths/{booths['EX1']}",
    )


def test_an_exhibitor_with_no_booth_in_the_layout_lists_none(new_api: Any, invite: Any) -> None:
    client: ApiClient = new_api().as_exhibitor(invite("EX99", "Late Co"))
    assert client.get("/api/exhibitor/booths").get_json() == []


# product models


def test_an_upload_is_ingested_previewed_and_put_live_at_the_booth(
    exhibitor: ApiClient, api: ApiClient, booths: dict[str, str]
) -> None:
    queued = upload(exhibitor, GOOD_MODEL, "Textured box")
    assert queued["status"] in ("queued", "processing", "ready") and queued["name"] == "Textured box"
    assert queued["file"] == "BoxTextured.glb" and queued["model"] == ""
    ready = processed(exhibitor, queued["id"])
    assert ready["status"] == "ready", ready
    assert ready["report"]["within_budget"] and ready["report"]["input"]["format"] == "glb"
    assert ready["size_m"] is not None and len(ready["size_m"]) == 3 and ready["reason"] == ""

    preview = exhibitor.get(ready["preview"])
    assert preview.status_code == 200 and preview.mimetype == "model/gltf-binary"
    assert preview.data[:4] == b"glTF" and "private" in preview.headers["Cache-Control"]
    thumbnail = exhibitor.get(ready["thumbnail"])
    assert thumbnail.status_code == 200 and thumbnail.data[:8] == b"\x89PNG\r\n\x1a\n"

    page = api.get(f"/api/booths/{booths['EX1']}").get_json()
    assert page["products"] == []  # not live yet
    assert api.get(f"/api/uploads/{ready['id']}/model.glb").status_code == 404

    live = exhibitor.post(f"/api/exhibitor/uploads/{ready['id']}/live", {"is_new": True})
    assert live.status_code == 200, live.get_json()
    assert live.get_json()["status"] == "live" and live.get_json()["is_new"] is True
    products = api.get(f"/api/booths/{booths['EX1']}").get_json()["products"]
    assert products == [
        {
            "id": f"upload/{ready['id']}",
            "name": "Textured box",
            "model": f"/api/uploads/{ready['id']}/model.glb",
            "thumbnail": f"/api/uploads/{ready['id']}/thumbnail.png",
            "is_new": True,
        }
    ]
    public = api.get(products[0]["model"])
    assert public.status_code == 200 and public.data == preview.data
    assert api.get(f"/api/uploads/{ready['id']}/far.glb").data[:4] == b"glTF"
    assert api.get(products[0]["thumbnail"]).data == thumbnail.data
    assert api.get(f"/api/booths/{booths['EX2']}").get_json()["products"] == []

    manifest = api.get("/api/fair").get_json()
    assert manifest["live_products"] == {
        "EX1": [
            {
                "id": f"upload/{ready['id']}",
                "name": "Textured box",
                "model": f"/api/uploads/{ready['id']}/model.glb",
                "far": f"/api/uploads/{ready['id']}/far.glb",
                "thumbnail": f"/api/uploads/{ready['id']}/thumbnail.png",
                "size": ready["size_m"],
                "is_new": True,
            }
        ]
    }
    assert manifest["halls"] and manifest["models"] == {}

    not_new = exhibitor.post(f"/api/exhibitor/uploads/{ready['id']}/live", {"is_new": False}).get_json()
    assert (not_new["status"], not_new["is_new"]) == ("live", False)
    assert api.get("/api/fair").get_json()["live_products"]["EX1"][0]["is_new"] is False
    withdrawn = exhibitor.post(f"/api/exhibitor/uploads/{ready['id']}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "ready"
    assert api.get(f"/api/booths/{booths['EX1']}").get_json()["products"] == []
    assert api.get(products[0]["model"]).status_code == 404
    assert "live_products" not in api.get("/api/fair").get_json()


def test_an_upload_shows_its_job_and_lists_newest_first(exhibitor: ApiClient) -> None:
    first = upload(exhibitor, GOOD_MODEL)
    assert first["name"] == "BoxTextured" and first["job"] is not None
    job = exhibitor.get(f"/api/jobs/{first['job']['id']}")
    assert job.status_code == 200 and job.get_json()["id"] == first["job"]["id"]
    processed(exhibitor, first["id"])
    second = upload(exhibitor, BAD_MODEL)
    processed(exhibitor, second["id"])
    listed = exhibitor.get("/api/exhibitor/uploads?per_page=1").get_json()
    assert (listed["total"], [u["id"] for u in listed["items"]]) == (2, [second["id"]])
    refused = exhibitor.get("/api/exhibitor/uploads?status=refused").get_json()["items"]
    assert [u["id"] for u in refused] == [second["id"]]


def test_a_broken_model_is_refused_with_a_one_line_reason(exhibitor: ApiClient) -> None:
    refused = processed(exhibitor, upload(exhibitor, BAD_MODEL)["id"])
    assert refused["status"] == "refused", refused
    assert refused["reason"].startswith("invalid_magic.glb: ") and "\n" not in refused["reason"]
    assert refused["preview"] == "" and refused["thumbnail"] == ""
    assert exhibitor.get(f"/api/exhibitor/uploads/{refused['id']}/preview.glb").status_code == 404
    going = exhibitor.post(f"/api/exhibitor/uploads/{refused['id']}/live", {"is_new": True})
    assert going.status_code == 409 and "refused" in going.get_json()["error"]


def test_a_file_ingestion_does_not_read_is_refused_at_once(app: Any, exhibitor: ApiClient) -> None:
    response = send_file(exhibitor, "/api/exhibitor/uploads", "model", b"MZ\x90\x00", "setup.exe")
    assert response.status_code == 422 and response.get_json()["field"] == "model"
    assert "'setup.exe'" in response.get_json()["error"]
    missing = exhibitor.post("/api/exhibitor/uploads", data={}, content_type="multipart/form-data")
    assert missing.status_code == 422 and missing.get_json()["field"] == "model"
    assert exhibitor.get("/api/exhibitor/uploads").get_json()["total"] == 0
    assert stored_files(app) == []


# nobody reaches what is not theirs


def test_exhibitor_b_reaches_none_of_exhibitor_as_uploads(
    exhibitor: ApiClient, other_exhibitor: ApiClient, api: ApiClient, booths: dict[str, str]
) -> None:
    ready = processed(exhibitor, upload(exhibitor, GOOD_MODEL)["id"])
    base = f"/api/exhibitor/uploads/{ready['id']}"
    for url in (base, f"{base}/preview.glb", f"{base}/thumbnail.png"):
        response = other_exhibitor.get(url)
        assert response.status_code == 404, url
        assert response.get_json() == {"error": f"you have no upload {ready['id']}", "field": "upload_id"}
    for url, body in ((f"{base}/live", {"is_new": True}), (f"{base}/withdraw", None)):
        assert other_exhibitor.post(url, body).status_code == 404, url
    assert other_exhibitor.get("/api/exhibitor/uploads").get_json()["total"] == 0
    # and a missing one reads the same
    missing = other_exhibitor.get("/api/exhibitor/uploads/999999")
    assert missing.get_json() == {"error": "you have no upload 999999", "field": "upload_id"}
    # B's profile and booths are B's own; A's upload is still A's and not live
    assert other_exhibitor.get("/api/exhibitor/profile").get_json()["ref"] == "EX2"
    assert [b["number"] for b in other_exhibitor.get("/api/exhibitor/booths").get_json()] == [booths["EX2"]]
    other_exhibitor.patch("/api/exhibitor/profile", {"description": "B's"})
    assert exhibitor.get("/api/exhibitor/profile").get_json()["description"] == ""
    assert exhibitor.get(base).get_json()["status"] == "ready"
    assert api.get(f"/api/booths/{booths['EX1']}").get_json()["products"] == []


ENDPOINTS = [
    ("GET", "/api/exhibitor/profile"),
    ("PATCH", "/api/exhibitor/profile"),
    ("POST", "/api/exhibitor/logo"),
    ("GET", "/api/exhibitor/booths"),
    ("POST", "/api/exhibitor/uploads"),
    ("GET", "/api/exhibitor/uploads"),
    ("GET", "/api/exhibitor/uploads/1"),
    ("GET", "/api/exhibitor/uploads/1/preview.glb"),
    ("GET", "/api/exhibitor/uploads/1/thumbnail.png"),
    ("POST", "/api/exhibitor/uploads/1/live"),
    ("POST", "/api/exhibitor/uploads/1/withdraw"),
]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_anonymous_browsers_and_visitors_get_401(api: ApiClient, new_api: Any, method: str, url: str) -> None:
    visitor: ApiClient = new_api().as_visitor()
    for client in (api, visitor):
        response = client.send(
            method, url, {"is_new": True} if url.endswith("/live") else {"description": "x"}
        )
        assert response.status_code == 401, (method, url, response.get_json())
        assert "exhibitor sign-in required" in response.get_json()["error"]


def test_a_change_without_the_csrf_token_is_refused(exhibitor: ApiClient) -> None:
    response = exhibitor.send("PATCH", "/api/exhibitor/profile", {"description": "x"}, csrf=False)
    assert response.status_code == 400 and response.get_json()["field"] == "X-CSRFToken"
    assert exhibitor.get("/api/exhibitor/profile").get_json()["description"] == ""


def test_uploads_are_limited_while_others_are_processed(app: Any, exhibitor: ApiClient) -> None:
    from halllayout.web import db
    from halllayout.web.models import Exhibitor, ExhibitorUpload

    with app.app_context():
        session = db.session()
        me = session.query(Exhibitor).filter_by(ref="EX1").one()
        session.add_all(
            [ExhibitorUpload(exhibitor_id=me.id, original="0" * 64, status="processing") for _ in range(3)]
        )
        session.commit()
    response = send_file(exhibitor, "/api/exhibitor/uploads", "model", GOOD_MODEL.read_bytes(), "box.glb")
    assert response.status_code == 429 and "still being processed" in response.get_json()["error"]


def test_the_portal_page_is_served(api: ApiClient) -> None:
    response = api.get("/exhibitor")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert b"/static/viewer/exhibitor.js" in response.data


def test_the_openapi_document_describes_the_exhibitor_calls(api: ApiClient) -> None:
    paths = api.get("/api/openapi.json").get_json()["paths"]
    for path in (
        "/api/exhibitor/profile",
        "/api/exhibitor/logo",
        "/api/exhibitor/booths",
        "/api/exhibitor/uploads",
        "/api/exhibitor/uploads/{upload_id}",
        "/api/exhibitor/uploads/{upload_id}/live",
        "/api/exhibitors/{ref}/logo.png",
    ):
        assert path in paths, path
    assert "multipart/form-data" in paths["/api/exhibitor/uploads"]["post"]["requestBody"]["content"]


# a server that stops while an upload is processed


def _interrupt(app: Any, upload_id: int, tries: int) -> str:
    """Leaves upload `upload_id` as a dead server would: processing, its job running in a dead process
    (`tries` interruptions before); returns the job's id."""
    import socket
    import subprocess

    from halllayout.web import db
    from halllayout.web.models import ExhibitorUpload, Job

    gone = subprocess.Popen(["true"])
    gone.wait()
    with app.app_context():
        session = db.session()
        row = session.get(ExhibitorUpload, upload_id)
        job = session.get(Job, row.job_id)
        row.status, row.model = "processing", ""
        job.status, job.worker = "running", f"{socket.gethostname()[:60]}:{gone.pid}"
        job.params = {**job.params, "_interrupted": tries}
        session.commit()
        return str(job.id)


def test_an_upload_cut_short_by_a_restart_is_processed_again(app: Any, exhibitor: ApiClient) -> None:
    from halllayout.web import jobs

    sent = upload(exhibitor, GOOD_MODEL, "Box")
    job = _interrupt(app, sent["id"], tries=0)
    assert jobs.recover(app) == (0, 1)  # queued again, and run (eagerly, in the tests)
    again = processed(exhibitor, sent["id"])
    assert again["status"] == "ready" and again["job"]["id"] == job


def test_an_upload_cut_short_twice_is_refused_saying_so(app: Any, exhibitor: ApiClient) -> None:
    from halllayout.web import jobs

    sent = upload(exhibitor, GOOD_MODEL, "Box")
    _interrupt(app, sent["id"], tries=1)
    assert jobs.recover(app) == (1, 0)
    refused = processed(exhibitor, sent["id"])
    assert refused["status"] == "refused"
    assert "processing stopped twice when the server restarted" in refused["reason"]
