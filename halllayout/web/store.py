"""The platform's file store: uploaded files kept by content, under their SHA-256.

`LocalStore` keeps each file at `<root>/ab/cdef...` (the hex digest split after two characters), in
the instance folder by default (`STORE_DIR`). A file is written to a temporary file in its final
folder, flushed to disk and renamed into place, so a crash leaves either the whole file or none; the
same content is stored once.

The interface (`put`, `open`, `path`, `exists`) is all the platform uses, so another backend can stand
behind it: with `S3_BUCKET` ($HALLLAYOUT_S3_BUCKET) the files are in an S3-compatible bucket, keyed by
the same digests (`S3Store`, s3store.py; `pip install .[s3]`), for several machines sharing one store.
`init_app` checks at start that the bucket answers.

    store = current_store()
    digest = store.put(request.files["file"].stream)   # ApiError 413 past UPLOAD_LIMIT bytes
    with store.open(digest) as f: ...
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from flask import Flask, current_app

from halllayout.web.errors import ApiError

if TYPE_CHECKING:
    from halllayout.web.s3store import S3Store

#: Bytes read from an upload at a time.
CHUNK = 1024 * 1024
#: 64 MB: the largest upload the store takes unless the app says otherwise (`UPLOAD_LIMIT`).
DEFAULT_LIMIT = 64 * 1024 * 1024

_DIGEST = re.compile(r"[0-9a-f]{64}")


class StoreUnavailable(RuntimeError):
    """The configured file store cannot be used (the message names it and why)."""


class Store(Protocol):
    """What the platform needs of a file store."""

    #: whether other machines see the same files (then built versions are kept in it too:
    #: version_files.py)
    shared: bool

    def put(self, stream: IO[bytes], limit: int | None = None) -> str:
        """Stores everything `stream` gives (at most `limit` bytes, else ApiError 413); its digest."""
        ...

    def open(self, digest: str) -> IO[bytes]:
        """The stored file, for reading; ApiError 404 when there is none."""
        ...

    def path(self, digest: str) -> Path:
        """A local path of the stored file (a backend without local files fetches it to a cache)."""
        ...

    def exists(self, digest: str) -> bool:
        """Whether a file with this digest is stored."""
        ...


def check_digest(digest: str) -> str:
    """`digest` when it is 64 lowercase hex digits; ApiError 422 naming it otherwise."""
    if not _DIGEST.fullmatch(digest):
        raise ApiError(422, f"digest: {digest[:80]!r} is not a SHA-256 in hex (64 digits 0-9a-f)", "digest")
    return digest


class LocalStore:
    """Files by SHA-256 under `root` on local disk; uploads larger than `limit` bytes are refused."""

    shared = False

    def __init__(self, root: Path, limit: int = DEFAULT_LIMIT) -> None:
        self.root = Path(root)
        self.limit = limit

    def path(self, digest: str) -> Path:
        check_digest(digest)
        return self.root / digest[:2] / digest[2:]

    def exists(self, digest: str) -> bool:
        return self.path(digest).is_file()

    def open(self, digest: str) -> IO[bytes]:
        path = self.path(digest)
        if not path.is_file():
            raise ApiError(404, f"no stored file {digest}", "digest")
        return path.open("rb")

    def put(self, stream: IO[bytes], limit: int | None = None) -> str:
        limit = self.limit if limit is None else limit
        incoming = self.root / "incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix="upload.", suffix=".tmp", dir=incoming)
        try:
            with os.fdopen(fd, "wb") as f:
                digest = copy_limited(stream, f, limit)
                f.flush()
                os.fsync(f.fileno())
            target = self.path(digest)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_file():
                os.unlink(temporary)
            else:
                # the temporary file is in the store's file system, so the rename is atomic
                os.replace(temporary, target)
                fsync_folder(target.parent)
            return digest
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def copy_limited(stream: IO[bytes], f: IO[bytes], limit: int) -> str:
    """Copies `stream` into `f` in chunks, refusing with a 413 once it passes `limit` bytes; the
    SHA-256 hex digest of what was copied."""
    sha = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"upload too large: the limit is {limit:,} bytes", "file")
        sha.update(chunk)
        f.write(chunk)
    return sha.hexdigest()


def fsync_folder(folder: Path) -> None:
    """Makes a rename in `folder` survive a power cut (where the OS lets a folder be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def init_app(app: Flask) -> None:
    """Sets the store's settings from the environment where the app's config has none
    ($HALLLAYOUT_S3_BUCKET, $HALLLAYOUT_S3_ENDPOINT_URL, $HALLLAYOUT_S3_PREFIX) and, with a bucket, makes
    the S3 store and checks that it answers: `StoreUnavailable` (bucket, endpoint, reason) otherwise."""
    for name in ("S3_BUCKET", "S3_ENDPOINT_URL", "S3_PREFIX"):
        app.config.setdefault(name, os.environ.get(f"HALLLAYOUT_{name}", ""))
    if app.config["S3_BUCKET"]:
        store = _s3_store(app)
        store.check()
        app.extensions["halllayout.store"] = store


def _s3_store(app: Flask) -> S3Store:
    try:
        from halllayout.web.s3store import S3Store
    except ImportError as error:
        raise StoreUnavailable(
            f"S3_BUCKET is {app.config['S3_BUCKET']!r} but the S3 client is missing ({error}): "
            "pip install 'halllayout[s3]'"
        ) from None
    return S3Store(
        app.config["S3_BUCKET"],
        Path(app.config["INSTANCE_DIR"]) / "store-cache",
        endpoint_url=app.config.get("S3_ENDPOINT_URL") or "",
        prefix=app.config.get("S3_PREFIX") or "",
        limit=int(app.config.get("UPLOAD_LIMIT", DEFAULT_LIMIT)),
    )


def current_store() -> Store:
    """The app's store: the bucket `S3_BUCKET` when set (see `init_app`), else `STORE_DIR` on local disk
    (default `<instance>/store`); uploads up to `UPLOAD_LIMIT` bytes."""
    store: Store | None = current_app.extensions.get("halllayout.store")
    if store is None:
        if current_app.config.get("S3_BUCKET"):
            store = _s3_store(current_app)
        else:
            root = current_app.config.get("STORE_DIR") or Path(current_app.config["INSTANCE_DIR"]) / "store"
            store = LocalStore(Path(root), int(current_app.config.get("UPLOAD_LIMIT", DEFAULT_LIMIT)))
        current_app.extensions["halllayout.store"] = store
    return store
