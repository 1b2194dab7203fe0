"""The file store in an S3-compatible bucket, for several machines sharing one store (store.py).

Objects are kept under the same digests as on local disk, `<prefix>ab/cdef…`. `put` streams the upload
to a local temporary file while hashing it and holding it to the limit (ApiError 413, nothing sent),
then uploads it under its digest unless an object is there already: an S3 PUT becomes visible whole or
not at all, so an object under its digest is complete by construction. Reading goes through a local
cache, `<instance>/store-cache/ab/cdef…`: `path` downloads a file there once (temporary file, digest
checked, renamed into place) and `open` reads that local, seekable copy; what `put` uploads is left
there too. The store never deletes, so a cached file is a stored file.

The service failing (endpoint unreachable, no such bucket, credentials refused) is an ApiError 503
naming the store, and `check()` (run when the app starts) raises `StoreUnavailable` with the bucket,
the endpoint and the reason.

    store = S3Store("fair-files", Path("instance/store-cache"), endpoint_url="http://127.0.0.1:9000")
    store.check()
    digest = store.put(io.BytesIO(b"EX1,Alpha,3,3\\n"))
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import boto3
from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from halllayout.web.errors import ApiError
from halllayout.web.store import (
    CHUNK,
    DEFAULT_LIMIT,
    StoreUnavailable,
    check_digest,
    copy_limited,
    fsync_folder,
)

#: Error codes S3 answers for an object that is not there (a HEAD answers a bare 404 for a bucket too).
_MISSING = {"404", "NoSuchKey", "NotFound"}
#: Seconds to wait for a connection, and for a reply once connected.
CONNECT_SECONDS = 5
READ_SECONDS = 60


class S3Store:
    """Files by SHA-256 in `bucket` (under `prefix`), read through the local cache folder `cache`;
    uploads larger than `limit` bytes are refused. Credentials come from boto3's usual chain
    (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, `AWS_PROFILE`, an instance role...); `attempts` is how
    many times a request is tried before the store counts as unavailable."""

    shared = True

    def __init__(
        self,
        bucket: str,
        cache: Path,
        *,
        endpoint_url: str = "",
        prefix: str = "",
        limit: int = DEFAULT_LIMIT,
        attempts: int = 3,
    ) -> None:
        self.bucket = bucket
        self.cache = Path(cache)
        self.endpoint_url = endpoint_url
        self.prefix = prefix if not prefix or prefix.endswith("/") else prefix + "/"
        self.limit = limit
        config = Config(
            connect_timeout=CONNECT_SECONDS,
            read_timeout=READ_SECONDS,
            retries={"max_attempts": attempts, "mode": "standard"},
        )
        self.client: Any = boto3.session.Session().client(
            "s3", endpoint_url=endpoint_url or None, config=config
        )

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix} at {self.endpoint_url or 'the AWS endpoint'}"

    def key(self, digest: str) -> str:
        """The object key of `digest`: `<prefix>ab/cdef…`."""
        check_digest(digest)
        return f"{self.prefix}{digest[:2]}/{digest[2:]}"

    def check(self) -> None:
        """Raises `StoreUnavailable` (naming the bucket, the endpoint and why) unless the bucket answers."""
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except (BotoCoreError, ClientError) as error:
            raise StoreUnavailable(
                f"the file store cannot use bucket {self.bucket!r} at "
                f"{self.endpoint_url or 'the AWS endpoint'}: {_reason(error, 'bucket')}"
            ) from None

    def exists(self, digest: str) -> bool:
        if self._cached(digest).is_file():
            return True
        with self._service():
            try:
                self.client.head_object(Bucket=self.bucket, Key=self.key(digest))
            except ClientError as error:
                if _code(error) in _MISSING:
                    return False
                raise
        return True

    def open(self, digest: str) -> IO[bytes]:
        return self.path(digest).open("rb")

    def path(self, digest: str) -> Path:
        cached = self._cached(digest)
        if cached.is_file():
            return cached
        with self._temporary() as (temporary, f), self._service():
            try:
                body = self.client.get_object(Bucket=self.bucket, Key=self.key(digest))["Body"]
            except ClientError as error:
                if _code(error) in _MISSING:
                    raise ApiError(404, f"no stored file {digest}", "digest") from None
                raise
            sha = hashlib.sha256()
            with contextlib.closing(body):
                while chunk := body.read(CHUNK):
                    sha.update(chunk)
                    f.write(chunk)
            _finish(f)
            if sha.hexdigest() != digest:
                raise ApiError(
                    503, f"the file store {self}: object {self.key(digest)} does not match its digest"
                )
            self._keep(temporary, cached)
        return cached

    def put(self, stream: IO[bytes], limit: int | None = None) -> str:
        limit = self.limit if limit is None else limit
        with self._temporary() as (temporary, f):
            digest = copy_limited(stream, f, limit)
            _finish(f)
            if not self.exists(digest):
                with self._service():
                    self.client.upload_file(str(temporary), self.bucket, self.key(digest))
            self._keep(temporary, self._cached(digest))
        return digest

    # the local cache

    def _cached(self, digest: str) -> Path:
        check_digest(digest)
        return self.cache / digest[:2] / digest[2:]

    @contextlib.contextmanager
    def _temporary(self) -> Iterator[tuple[Path, IO[bytes]]]:
        """A temporary file in the cache's `incoming` folder, removed afterwards unless kept."""
        incoming = self.cache / "incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix="s3.", suffix=".tmp", dir=incoming)
        try:
            with os.fdopen(fd, "wb") as f:
                yield Path(name), f
        finally:
            Path(name).unlink(missing_ok=True)

    def _keep(self, temporary: Path, cached: Path) -> None:
        """Renames the complete `temporary` file to `cached` (atomic: both are in the cache folder)."""
        cached.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temporary, cached)
        fsync_folder(cached.parent)

    @contextlib.contextmanager
    def _service(self) -> Iterator[None]:
        """Turns the service failing into an ApiError 503 naming the store."""
        try:
            yield
        except (BotoCoreError, ClientError, Boto3Error) as error:
            raise ApiError(503, f"the file store {self} is unavailable: {_reason(error, 'object')}") from None


def _finish(f: IO[bytes]) -> None:
    f.flush()
    os.fsync(f.fileno())


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _reason(error: BotoCoreError | ClientError | Boto3Error, what: str) -> str:
    """One line on why a request failed, for a person to act on."""
    if isinstance(error, Boto3Error) and isinstance(error.__context__, BotoCoreError | ClientError):
        error = error.__context__  # upload_file's S3UploadFailedError wraps the service's answer
    if isinstance(error, NoCredentialsError):
        return "no credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)"
    if isinstance(error, ClientError):
        code = _code(error)
        if code == "NoSuchBucket" or (what == "bucket" and code in _MISSING):
            return "no such bucket"
        if code in ("403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
            return f"access denied ({code}): check the credentials and the bucket's policy"
        message = error.response.get("Error", {}).get("Message", "")
        return f"{code} {message}".strip()
    return str(error)
