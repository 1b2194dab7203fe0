"""The hot reads, answered again without Flask: the fair manifest and the booth pages, which every
visitor's phone asks for and which change only when a version is published or an exhibitor changes
its profile or live uploads.

`HotReads` wraps the app's WSGI callable. A view that may be answered again this way says so by
putting the state its answer was made from into the WSGI environ under HOT (`HotState`): the published
version's key, the exhibitors' LiveView (site.py, live.py) and the size and time of the files it read
(a version adopted from `--fair-dir` is that folder, which may be built again). The answer Flask gave
(status, headers, body) is
kept under the request's path, Accept-Encoding and If-None-Match, and given again to the same request
as long as the state is the same and this process would not read it again from the database yet
(`fresh_published`, `fresh_live_view`); otherwise the request goes through Flask as usual, which
reads the state again and makes a new answer. So a version published, or a profile changed, by this
process is seen at once, and one changed by another process within the same few seconds as before.

What this saves is Flask's own work per request (request context, routing, the session cookie, the
limiter's checks, the response object): about two thirds of the CPU time of these requests
(benchmarks/bench_platform.py).

Never kept: an answer other than 200 or 304, one that sets a cookie or varies with one, and any
request with a query string, a body, a Range or a condition other than If-None-Match.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask

from halllayout.web.live import fresh_live_view
from halllayout.web.site import fresh_published

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

#: The environ key a view sets to the state its answer was made from.
HOT = "halllayout.hot"
#: Answers kept per process at most (each a few kB; the manifest's are larger but few); past this,
#: all are dropped and made again as asked for.
MAX_ANSWERS = 20_000

#: Request headers with which an answer is never given again (it may depend on them).
_UNCACHED_HEADERS = (
    "HTTP_RANGE",
    "HTTP_IF_RANGE",
    "HTTP_IF_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
    "CONTENT_LENGTH",
    "HTTP_TRANSFER_ENCODING",
)


#: A file's size and modification time (ns), or None when it cannot be read.
FileStamp = tuple[int, int] | None


def file_stamp(path: Path) -> FileStamp:
    """`path`'s size and modification time, or None when it is missing."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


@dataclass(frozen=True)
class HotState:
    """What an answer was made from; it is given again only while all of it is the same."""

    #: the published version's key (site.Published.key)
    published: Any
    #: the exhibitors' changes (live.LiveView, compared by identity)
    live: Any
    #: the files read and their stamps then (taken before reading them)
    files: tuple[tuple[Path, FileStamp], ...] = ()


@dataclass(frozen=True)
class _Answer:
    state: HotState
    status: str
    headers: list[tuple[str, str]]
    body: bytes


def _hot_path(path: str) -> bool:
    """Whether requests for `path` may be answered again: the manifest and the booth pages."""
    if path == "/api/fair":
        return True
    return path.startswith("/api/booths/") and "/" not in path[len("/api/booths/") :]


class HotReads:
    """WSGI middleware giving Flask's answers to the hot reads again while they stay current."""

    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.answers: dict[tuple[str, str, str], _Answer] = {}
        self._lock = threading.Lock()

    def current(self, kept: HotState) -> bool:
        """Whether an answer made from `kept` is current: this process holds the published version and
        the exhibitors' changes fresh, both as they were, and the files are unchanged."""
        site = fresh_published(self.app)
        view = fresh_live_view(self.app)
        return (
            site is not None
            and view is not None
            and kept.published == site.key
            and kept.live is view
            and all(file_stamp(path) == stamp for path, stamp in kept.files)
        )

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or environ.get("QUERY_STRING")
            or not _hot_path(path)
            or any(environ.get(header) for header in _UNCACHED_HEADERS)
        ):
            return self.wsgi_app(environ, start_response)
        key = (path, environ.get("HTTP_ACCEPT_ENCODING", ""), environ.get("HTTP_IF_NONE_MATCH", ""))
        answer = self.answers.get(key)
        if answer is not None and self.current(answer.state):
            start_response(answer.status, list(answer.headers))
            return [answer.body]
        return self._through_flask(key, environ, start_response)

    def _through_flask(
        self, key: tuple[str, str, str], environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        said: list[tuple[str, list[tuple[str, str]]]] = []

        def capture(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], object]:
            said.append((status, headers))
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, capture)
        state = environ.get(HOT)
        if not isinstance(state, HotState) or not said or not _keepable(*said[-1]):
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status, headers = said[-1]
        with self._lock:
            if len(self.answers) >= MAX_ANSWERS:
                self.answers.clear()
            self.answers[key] = _Answer(state, status, list(headers), body)
        return [body]


def _keepable(status: str, headers: list[tuple[str, str]]) -> bool:
    if not status.startswith(("200", "304")):
        return False
    for name, value in headers:
        lowered = name.lower()
        if lowered == "set-cookie" or (lowered == "vary" and "cookie" in value.lower()):
            return False
    return True


def install(app: Flask) -> None:
    """Puts HotReads in front of `app` (unless `HOT_READS` is False)."""
    if app.config.get("HOT_READS", True):
        app.wsgi_app = HotReads(app, app.wsgi_app)  # type: ignore[method-assign]
