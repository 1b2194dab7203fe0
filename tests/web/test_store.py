"""The content-addressed file store (halllayout/web/store.py)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from halllayout.web.errors import ApiError
from halllayout.web.store import LocalStore


class Broken(io.BytesIO):
    """A stream that fails after its first chunk, like a dropped upload."""

    def read(self, size: int | None = -1) -> bytes:
        if self.tell():
            raise OSError("connection reset")
        return super().read(size)


def test_a_file_is_kept_under_its_sha256_split_after_two_digits(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "store")
    data = b"ref,exhibitor,width,depth\nEX1,Alpha,3,3\n"
    digest = store.put(io.BytesIO(data))
    assert digest == hashlib.sha256(data).hexdigest()
    assert store.path(digest) == tmp_path / "store" / digest[:2] / digest[2:]
    assert store.exists(digest) and store.path(digest).read_bytes() == data
    with store.open(digest) as f:
        assert f.read() == data


def test_the_same_content_is_stored_once(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    assert store.put(io.BytesIO(b"hall")) == store.put(io.BytesIO(b"hall"))
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1


def test_a_file_over_the_limit_is_refused_with_413_and_leaves_nothing(tmp_path: Path) -> None:
    store = LocalStore(tmp_path, limit=10)
    with pytest.raises(ApiError, match="upload too large: the limit is 10 bytes") as error:
        store.put(io.BytesIO(b"x" * 11))
    assert error.value.status == 413
    assert store.put(io.BytesIO(b"x" * 10))  # the limit itself is allowed
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1


def test_a_failed_upload_leaves_no_file_behind(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    with pytest.raises(OSError, match="connection reset"):
        store.put(Broken(b"y" * (3 * 1024 * 1024)))
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_missing_or_malformed_digest_is_refused(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    assert not store.exists("0" * 64)
    with pytest.raises(ApiError, match="no stored file") as missing:
        store.open("0" * 64)
    assert missing.value.status == 404
    with pytest.raises(ApiError, match="not a SHA-256") as bad:
        store.path("../../etc/passwd")
    assert bad.value.status == 422
