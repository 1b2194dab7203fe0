"""The Flask service over a fair built by the real pipeline."""

from pathlib import Path

import pytest
import trimesh
from flask.testing import FlaskClient

from app import GLB_MIME, create_app
from halllayout.build import build_fair
from halllayout.model import BoothRequest, Door, Fair
from halllayout.output import write_outputs
from tests.conftest import make_hall


@pytest.fixture(scope="module")
def fair_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fair")
    hall = make_hall(30, 20, entrances=(Door((15, 0), 6, "Gate"),))
    requests = [BoothRequest(f"EX{i}", f"展商 {i}", 3, 3) for i in range(6)]
    write_outputs(folder, build_fair(Fair("Test Fair", (hall,)), requests).files)
    return folder


@pytest.fixture
def client(fair_dir: Path) -> FlaskClient:
    return create_app({"FAIR_DIR": str(fair_dir), "TESTING": True}).test_client()


def test_index_serves_the_viewer(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert b"/static/viewer/" in response.data


def test_manifest_lists_halls_with_glb_urls_and_booths(client: FlaskClient) -> None:
    response = client.get("/api/fair")
    assert response.status_code == 200
    document = response.get_json()
    assert document["fair"] == {"name": "Test Fair"}
    assert document["halls"][0]["glb"] == "/halls/A.glb"
    assert sorted(b["exhibitor"] for b in document["halls"][0]["booths"])[:2] == ["展商 0", "展商 1"]
    assert response.headers["ETag"]
    again = client.get("/api/fair", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_hall_glb_has_mime_etag_cache_control_and_revalidates(client: FlaskClient, fair_dir: Path) -> None:
    response = client.get("/halls/A.glb")
    assert response.status_code == 200
    assert response.mimetype == GLB_MIME
    assert response.data == (fair_dir / "A.glb").read_bytes()
    assert response.data[:4] == b"glTF"
    etag = response.headers["ETag"]
    assert len(etag.strip('"')) == 64  # sha256 of the content
    assert response.headers["Cache-Control"] == "public, no-cache"
    assert client.get("/halls/A.glb", headers={"If-None-Match": etag}).status_code == 304


def test_unknown_hall_is_a_404_naming_the_halls(client: FlaskClient) -> None:
    response = client.get("/halls/Z.glb")
    assert response.status_code == 404
    assert response.get_json()["error"] == "no hall 'Z' in this fair (halls: A)"
    assert client.get("/halls/..%2Fsecret.glb").status_code == 404


def test_no_fair_built_is_a_503_saying_how_to_build(tmp_path: Path) -> None:
    client = create_app({"FAIR_DIR": str(tmp_path)}).test_client()
    response = client.get("/api/fair")
    assert response.status_code == 503 and "halllayout build" in response.get_json()["error"]


def test_three_is_served_from_the_local_npm_install(client: FlaskClient) -> None:
    response = client.get("/static/vendor/three/build/three.module.js")
    assert response.status_code == 200 and b"REVISION" in response.data
    assert client.get("/static/vendor/three/../package.json").status_code == 404


def test_a_broken_layout_json_is_a_503_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "layout.json").write_text('{"halls": [', encoding="utf-8")
    client = create_app({"FAIR_DIR": str(tmp_path)}).test_client()
    for url in ("/api/fair", "/halls/A.glb"):
        response = client.get(url)
        assert response.status_code == 503
        assert "layout.json is not a valid layout.json" in response.get_json()["error"]


def test_a_rebuilt_fair_is_served_without_restarting(tmp_path: Path) -> None:
    client = create_app({"FAIR_DIR": str(tmp_path)}).test_client()
    for name in ("First", "Second"):
        hall = make_hall(20, 12)
        layout_files = build_fair(Fair(name, (hall,)), [BoothRequest("EX1", "One", 3, 3)]).files
        write_outputs(tmp_path, {"layout.json": layout_files["layout.json"]})
        assert client.get("/api/fair").get_json()["fair"] == {"name": name}


def test_product_models_are_served_and_nothing_outside_their_folder(tmp_path: Path) -> None:
    hall = make_hall(30, 20, entrances=(Door((15, 0), 6),))
    requests = [BoothRequest("EX1", "展商", 3, 3, products=("Kettle",))]
    write_outputs(tmp_path, build_fair(Fair("T", (hall,)), requests).files)
    model = tmp_path / "models" / "EX1" / "1.glb"
    model.parent.mkdir(parents=True)
    model.write_bytes(b"glTF model bytes")
    client = create_app({"FAIR_DIR": str(tmp_path), "TESTING": True}).test_client()
    response = client.get("/models/EX1/1.glb")
    assert response.status_code == 200 and response.mimetype == GLB_MIME
    assert response.data == b"glTF model bytes" and response.headers["ETag"]
    assert (
        client.get("/models/EX1/1.glb", headers={"If-None-Match": response.headers["ETag"]}).status_code
        == 304
    )
    for bad in ("/models/EX1/2.glb", "/models/../layout.json", "/models/EX1/%2e%2e/%2e%2e/A.glb"):
        response = client.get(bad)
        assert response.status_code == 404, bad
        assert "error" in response.get_json()


def test_the_manifest_carries_the_product_models_with_their_urls(tmp_path: Path) -> None:
    hall = make_hall(30, 20, entrances=(Door((15, 0), 6),))
    folder = tmp_path / "uploads"
    (folder / "EX1").mkdir(parents=True)
    (folder / "EX1" / "1.glb").write_bytes(bytes(trimesh.creation.box().export(file_type="glb")))
    requests = [BoothRequest("EX1", "展商", 3, 3, products=("Kettle", "Lamp"))]
    out = tmp_path / "fair"
    write_outputs(out, build_fair(Fair("T", (hall,)), requests, models=folder).files)
    client = create_app({"FAIR_DIR": str(out), "TESTING": True}).test_client()
    models = client.get("/api/fair").get_json()["models"]
    assert list(models) == ["EX1/1"]
    entry = models["EX1/1"]
    assert entry["size"] == [1.0, 1.0, 1.0] and entry["triangles"] == 12
    for key, mime in (("model", GLB_MIME), ("far", GLB_MIME), ("thumbnail", "image/png")):
        assert entry[key].startswith("/models/")
        response = client.get(entry[key])
        assert (response.status_code, response.mimetype) == (200, mime), key
    assert client.get("/models/" + "x" * 20 + ".txt").status_code == 404


def test_a_fair_without_product_models_has_none_and_a_broken_index_is_a_503(tmp_path: Path) -> None:
    hall = make_hall(30, 20, entrances=(Door((15, 0), 6),))
    write_outputs(tmp_path, build_fair(Fair("T", (hall,)), [BoothRequest("EX1", "One", 3, 3)]).files)
    client = create_app({"FAIR_DIR": str(tmp_path), "TESTING": True}).test_client()
    assert client.get("/api/fair").get_json()["models"] == {}
    (tmp_path / "models.json").write_text("{not json", encoding="utf-8")
    response = client.get("/api/fair")
    assert (
        response.status_code == 503
        and "models.json is not a valid models.json" in response.get_json()["error"]
    )


def test_manifest_gives_zone_colours_as_the_carpets_have_them(tmp_path: Path) -> None:
    hall = make_hall(30, 20, entrances=(Door((15, 0), 6),))
    requests = [
        BoothRequest("EX1", "One", 3, 3, zone="Food"),
        BoothRequest("EX2", "Two", 3, 3, zone="Tech"),
        BoothRequest("EX3", "Three", 3, 3, zone="Food"),
    ]
    write_outputs(tmp_path, build_fair(Fair("T", (hall,)), requests).files)
    client = create_app({"FAIR_DIR": str(tmp_path), "TESTING": True}).test_client()
    document = client.get("/api/fair").get_json()
    first = document["halls"][0]["booths"][0]["zone"]  # ranked by first appearance, as the GLB's carpets
    second = ({"Food", "Tech"} - {first}).pop()
    assert document["zone_colours"] == {first: "#34568c", second: "#963034"}


def test_directory_serves_the_booth_list_page(client: FlaskClient) -> None:
    response = client.get("/directory")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert b"/static/viewer/directory.js" in response.data
    assert client.get("/static/viewer/directory.js").status_code == 200


def test_manifest_gives_the_pinyin_of_each_exhibitor_for_the_search(client: FlaskClient) -> None:
    booths = client.get("/api/fair").get_json()["halls"][0]["booths"]
    assert sorted(b["pinyin"] for b in booths)[:2] == ["zhan shang 0", "zhan shang 1"]
