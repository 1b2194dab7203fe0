"""The file store in an S3-compatible bucket (halllayout/web/s3store.py), against a real S3 server on
loopback (moto's, over HTTP; boto3 is not mocked): the store itself, the service failing, and the
platform on two "machines" (instance folders) sharing one bucket and one database."""

from __future__ import annotations

import hashlib
import io
import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from PIL import Image

from app import create_app
from halllayout.web import db
from halllayout.web.accounts import add_organiser, invite_exhibitor
from halllayout.web.errors import ApiError
from halllayout.web.site import site_fair
from halllayout.web.store import StoreUnavailable
from tests.web.conftest import ApiClient

boto3 = pytest.importorskip("boto3", reason="the S3 store needs boto3: pip install .[s3]")
moto_server = pytest.importorskip("moto.server", reason="the S3 tests need moto[server] (the dev extra)")

from halllayout.web.s3store import S3Store  # noqa: E402  (needs boto3)

ROOT = Path(__file__).resolve().parents[2]
HALL = (ROOT / "tests" / "data" / "halls" / "pavilion-40x30.json").read_bytes()
BOOTHS = b"ref,exhibitor,width,depth\n" + b"".join(f"N{i},Newco {i},3,3\n".encode() for i in range(4))


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """The URL of an S3 server on loopback, for this test session."""
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Credentials by boto3's usual chain (the environment), and no AWS files of this machine."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "halllayout-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "halllayout-test-secret")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.fixture
def bucket(s3_endpoint: str, credentials: None) -> str:
    """A new, empty bucket."""
    name = f"fair-files-{uuid.uuid4().hex[:12]}"
    client(s3_endpoint).create_bucket(Bucket=name)
    return name


def client(endpoint: str) -> Any:
    return boto3.session.Session().client("s3", endpoint_url=endpoint)


def keys(endpoint: str, bucket: str) -> list[str]:
    listing = client(endpoint).list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


# the store


def test_a_file_is_kept_in_the_bucket_under_its_sha256_and_read_back(
    s3_endpoint: str, bucket: str, tmp_path: Path
) -> None:
    store = S3Store(bucket, tmp_path / "cache", endpoint_url=s3_endpoint, prefix="halllayout")
    data = b"ref,exhibitor,width,depth\nEX1,Alpha,3,3\n"
    digest = store.put(io.BytesIO(data))
    assert digest == hashlib.sha256(data).hexdigest()
    key = f"halllayout/{digest[:2]}/{digest[2:]}"
    assert keys(s3_endpoint, bucket) == [key]
    assert client(s3_endpoint).get_object(Bucket=bucket, Key=key)["Body"].read() == data

    # another machine: an empty cache, so it asks the bucket
    other = S3Store(bucket, tmp_path / "other-cache", endpoint_url=s3_endpoint, prefix="halllayout/")
    assert other.exists(digest)
    assert files(tmp_path / "other-cache") == []
    with other.open(digest) as f:
        assert f.read() == data
        assert f.seek(0, 2) == len(data)  # a local file: the organiser's upload seeks to learn its size
    path = other.path(digest)
    assert path == tmp_path / "other-cache" / digest[:2] / digest[2:]
    assert path.read_bytes() == data
    assert files(tmp_path / "other-cache") == [path]  # no temporary file left


def test_the_same_content_is_stored_once(s3_endpoint: str, bucket: str, tmp_path: Path) -> None:
    first = S3Store(bucket, tmp_path / "a", endpoint_url=s3_endpoint)
    second = S3Store(bucket, tmp_path / "b", endpoint_url=s3_endpoint)
    assert first.put(io.BytesIO(b"hall")) == first.put(io.BytesIO(b"hall")) == second.put(io.BytesIO(b"hall"))
    digest = hashlib.sha256(b"hall").hexdigest()
    assert keys(s3_endpoint, bucket) == [f"{digest[:2]}/{digest[2:]}"]


def test_a_file_over_the_limit_is_refused_with_413_and_nothing_is_stored(
    s3_endpoint: str, bucket: str, tmp_path: Path
) -> None:
    store = S3Store(bucket, tmp_path / "cache", endpoint_url=s3_endpoint, limit=10)
    with pytest.raises(ApiError, match="upload too large: the limit is 10 bytes") as error:
        store.put(io.BytesIO(b"x" * 11))
    assert error.value.status == 413
    assert keys(s3_endpoint, bucket) == [] and files(tmp_path / "cache") == []
    assert store.put(io.BytesIO(b"x" * 10))  # the limit itself is allowed
    assert len(keys(s3_endpoint, bucket)) == 1


def test_a_missing_or_malformed_digest_is_refused(s3_endpoint: str, bucket: str, tmp_path: Path) -> None:
    store = S3Store(bucket, tmp_path / "cache", endpoint_url=s3_endpoint)
    missing = "0" * 64
    assert not store.exists(missing)
    for read in (store.open, store.path):
        with pytest.raises(ApiError, match=f"no stored file {missing}") as error:
            read(missing)
        assert error.value.status == 404
    for call in (store.exists, store.open, store.path):
        with pytest.raises(ApiError, match="not a SHA-256") as bad:
            call("../../etc/passwd")
        assert (bad.value.status, bad.value.field) == (422, "digest")
    assert files(tmp_path / "cache") == []


def test_an_object_that_does_not_match_its_digest_is_not_cached(
    s3_endpoint: str, bucket: str, tmp_path: Path
) -> None:
    digest = hashlib.sha256(b"the real booth list").hexdigest()
    client(s3_endpoint).put_object(Bucket=bucket, Key=f"{digest[:2]}/{digest[2:]}", Body=b"something else")
    store = S3Store(bucket, tmp_path / "cache", endpoint_url=s3_endpoint)
    with pytest.raises(ApiError, match="does not match its digest") as error:
        store.path(digest)
    assert error.value.status == 503 and bucket in error.value.message
    assert files(tmp_path / "cache") == []


# the service failing


def test_an_unreachable_endpoint_is_503_naming_the_store(tmp_path: Path) -> None:
    endpoint = f"http://127.0.0.1:{closed_port()}"
    store = S3Store("fair-files", tmp_path / "cache", endpoint_url=endpoint, attempts=1)
    for call in (
        lambda: store.put(io.BytesIO(b"booths")),
        lambda: store.exists("0" * 64),
        lambda: store.open("0" * 64),
    ):
        with pytest.raises(ApiError) as error:
            call()
        assert error.value.status == 503
        assert error.value.message.startswith(f"the file store s3://fair-files/ at {endpoint} is unavailable")
        assert "Could not connect" in error.value.message
    assert files(tmp_path / "cache") == []


def test_the_bucket_is_checked_at_start_with_a_clear_message(
    s3_endpoint: str, bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    S3Store(bucket, tmp_path / "cache", endpoint_url=s3_endpoint).check()
    with pytest.raises(StoreUnavailable, match=f"bucket 'no-such-bucket' at {s3_endpoint}: no such bucket"):
        S3Store("no-such-bucket", tmp_path / "cache", endpoint_url=s3_endpoint).check()
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with pytest.raises(StoreUnavailable, match=f"bucket '{bucket}' at {s3_endpoint}: no credentials"):
        S3Store(bucket, tmp_path / "cache", endpoint_url=s3_endpoint).check()


def test_the_app_does_not_start_without_its_bucket(fair_dir: Path, tmp_path: Path) -> None:
    endpoint = f"http://127.0.0.1:{closed_port()}"
    config = {
        "FAIR_DIR": str(fair_dir),
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "TESTING": True,
        "S3_BUCKET": "fair-files",
        "S3_ENDPOINT_URL": endpoint,
    }
    with pytest.raises(StoreUnavailable, match=f"bucket 'fair-files' at {endpoint}: Could not connect"):
        create_app(config)
    assert not (tmp_path / "instance" / "halllayout.db").exists()  # refused before the database


def test_app_py_says_which_bucket_and_exits_2(fair_dir: Path, tmp_path: Path) -> None:
    endpoint = f"http://127.0.0.1:{closed_port()}"
    env = {
        **os.environ,
        "HALLLAYOUT_INSTANCE": str(tmp_path / "instance"),
        "HALLLAYOUT_S3_BUCKET": "fair-files",
        "HALLLAYOUT_S3_ENDPOINT_URL": endpoint,
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "--fair-dir", str(fair_dir), "--port", str(closed_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert f"error: the file store cannot use bucket 'fair-files' at {endpoint}" in result.stderr
    assert "Traceback" not in result.stderr


# the platform on a bucket


@pytest.fixture
def machines(
    fair_dir: Path, database_url: str, tmp_path: Path, s3_endpoint: str, bucket: str
) -> Iterator[list[Flask]]:
    """Two app instances, each with its own instance folder, sharing the database and the bucket."""
    apps = [
        create_app(
            {
                "FAIR_DIR": str(fair_dir),
                "INSTANCE_DIR": str(tmp_path / name),
                "DATABASE_URL": database_url,
                "TESTING": True,
                "SECRET_KEY": "shared by both machines",
                "S3_BUCKET": bucket,
                "S3_ENDPOINT_URL": s3_endpoint,
                "S3_PREFIX": "store",
            }
        )
        for name in ("machine-a", "machine-b")
    ]
    yield apps
    for application in apps:
        application.extensions["halllayout.engine"].dispose()


def test_a_logo_uploaded_on_one_machine_is_served_by_another(
    machines: list[Flask], s3_endpoint: str, bucket: str, tmp_path: Path
) -> None:
    a, b = machines
    with a.app_context():
        _exhibitor, token = invite_exhibitor(db.session(), site_fair(), "EX1", "展商 1")
    exhibitor = ApiClient(a.test_client()).as_exhibitor(token)
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), (10, 120, 200)).save(picture, "PNG")
    response = exhibitor.post(
        "/api/exhibitor/logo",
        data={"logo": (io.BytesIO(picture.getvalue()), "logo.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_json()
    url = response.get_json()["logo"]

    stored = keys(s3_endpoint, bucket)
    assert len(stored) == 1 and stored[0].startswith("store/")
    logo = client(s3_endpoint).get_object(Bucket=bucket, Key=stored[0])["Body"].read()
    digest = hashlib.sha256(logo).hexdigest()
    assert stored[0] == f"store/{digest[:2]}/{digest[2:]}" and url.endswith(f"?v={digest[:12]}")
    assert not (tmp_path / "machine-a" / "store").exists()  # nothing in the local store

    served = ApiClient(b.test_client()).get(url)
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert served.data == logo
    assert served.headers["ETag"].strip('"') == digest


def test_inputs_uploaded_on_one_machine_are_built_on_another(
    machines: list[Flask], s3_endpoint: str, bucket: str
) -> None:
    a, b = machines
    with a.app_context():
        add_organiser(db.session(), "organiser@fair.example", "correct horse battery", name="Fair Office")
    digests = []
    on_a = ApiClient(a.test_client()).as_organiser("organiser@fair.example", "correct horse battery")
    for name, data in (("booths.csv", BOOTHS), ("pavilion-40x30.json", HALL)):
        response = on_a.post(
            "/api/organiser/inputs",
            data={"file": (io.BytesIO(data), name)},
            content_type="multipart/form-data",
        )
        assert response.status_code == 201, response.get_json()
        assert response.get_json()["size"] == len(data)
        digests.append(response.get_json()["digest"])
        assert f"store/{digests[-1][:2]}/{digests[-1][2:]}" in keys(s3_endpoint, bucket)

    on_b = ApiClient(b.test_client()).as_organiser("organiser@fair.example", "correct horse battery")
    response = on_b.post("/api/organiser/builds", {"booths": digests[0], "halls": [digests[1]]})
    assert response.status_code == 202, response.get_json()
    job = on_b.get(response.get_json()["url"]).get_json()
    assert job["status"] == "done", job


def test_a_version_built_on_one_machine_is_served_by_another(
    machines: list[Flask], s3_endpoint: str, bucket: str, tmp_path: Path
) -> None:
    a, b = machines
    with a.app_context():
        add_organiser(db.session(), "organiser@fair.example", "correct horse battery", name="Fair Office")
    on_b = ApiClient(b.test_client()).as_organiser("organiser@fair.example", "correct horse battery")
    digests = []
    for name, data in (("booths.csv", BOOTHS), ("pavilion-40x30.json", HALL)):
        response = on_b.post(
            "/api/organiser/inputs",
            data={"file": (io.BytesIO(data), name)},
            content_type="multipart/form-data",
        )
        digests.append(response.get_json()["digest"])
    job = on_b.get(
        on_b.post("/api/organiser/builds", {"booths": digests[0], "halls": [digests[1]]}).get_json()["url"]
    ).get_json()
    assert job["status"] == "done", job
    number = job["result"]["version"]
    built = tmp_path / "machine-b" / "fairs" / "demo" / f"v{number}"
    glb = (built / "A.glb").read_bytes()
    assert f"store/{hashlib.sha256(glb).hexdigest()[:2]}/{hashlib.sha256(glb).hexdigest()[2:]}" in keys(
        s3_endpoint, bucket
    )
    assert on_b.post(f"/api/organiser/versions/{number}/publish").status_code == 200

    a.config["PUBLISHED_RECHECK_SECONDS"] = 0.0  # as if a second had passed
    visitor = ApiClient(a.test_client())
    manifest = visitor.get("/api/fair").get_json()
    assert [hall["id"] for hall in manifest["halls"]] == ["A"]
    served = visitor.get("/halls/A.glb")
    assert served.status_code == 200 and served.data == glb
    fetched = tmp_path / "machine-a" / "fairs" / "demo" / f"v{number}"
    assert sorted(p.name for p in fetched.iterdir()) == sorted(p.name for p in built.iterdir())
    organiser_on_a = ApiClient(a.test_client()).as_organiser(
        "organiser@fair.example", "correct horse battery"
    )
    assert organiser_on_a.get(f"/api/organiser/versions/{number}/files/layout.json").status_code == 200


def test_an_upload_while_the_bucket_is_gone_is_a_json_503_naming_the_store(
    machines: list[Flask], s3_endpoint: str, bucket: str
) -> None:
    a, _b = machines
    with a.app_context():
        add_organiser(db.session(), "organiser@fair.example", "correct horse battery", name="Fair Office")
    organiser = ApiClient(a.test_client()).as_organiser("organiser@fair.example", "correct horse battery")
    client(s3_endpoint).delete_bucket(Bucket=bucket)  # after the app checked it at start
    response = organiser.post(
        "/api/organiser/inputs",
        data={"file": (io.BytesIO(BOOTHS), "booths.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 503
    assert response.get_json()["error"] == (
        f"the file store s3://{bucket}/store/ at {s3_endpoint} is unavailable: no such bucket"
    )
