"""Background jobs: heavy work (a layout, an ingestion) done outside the request, its progress and
result kept in the `jobs` table for `GET /api/jobs/<id>`.

    @handler("layout")
    def run(params: dict[str, Any], progress: Callable[[float, str], None]) -> dict[str, Any]:
        progress(0.5, "laying out")
        return {"version": 3}

    job_id = submit("layout", {"booths": digest}, fair_id=fair.id)

A handler runs inside an app context (`current_app`, `db.session()` work; the request does not), and
`current_job_id()` tells it which job it is. What it returns is kept as the job's result; an exception
fails the job with a one-line message: an engine error (`halllayout.errors`) says what is wrong with
the input (with each problem's file, row and column in the result's `problems`), anything else names
the exception without a traceback, which goes to the log. `JobFailed` fails a job with a result.

The queue is Huey's. By default it is an SQLite file in the instance folder (`jobs-queue.db`) and the
server runs the jobs itself, in `JOBS_WORKERS` threads (1). With `$HALLLAYOUT_REDIS_URL` (`JOBS_REDIS_URL`)
the queue is Redis, shared by every machine: the web servers only enqueue (unless `JOBS_WORKERS` says
otherwise) and workers run the jobs:

    flask --app app jobs-worker --workers 4

The `jobs` row is the truth, committed before the job is queued: a worker claims it by moving it from
`queued` to `running` in one UPDATE (so a job queued twice runs once), and beats its heart into it
while it runs. On start-up the server queues again every job still `queued`, and fails every `running`
job whose process died (this machine's, at once; any machine's, after `JOBS_STALE_SECONDS` without a
heartbeat) with a message saying so; nothing is left `running` forever.

`JOBS_EAGER` (the default under `TESTING`) runs each job in `submit`, before it returns.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import click
from flask import Flask, current_app
from flask_smorest import Blueprint
from huey import Huey, RedisHuey, SqliteHuey
from marshmallow import Schema, fields
from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session, sessionmaker

from halllayout.errors import HallLayoutError, InputError, InputErrors
from halllayout.web import db
from halllayout.web.errors import ApiError
from halllayout.web.identity import current_exhibitor, current_organiser
from halllayout.web.models import Job, utcnow

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
Handler = Callable[[dict[str, Any], Progress], dict[str, Any]]

_HANDLERS: dict[str, Handler] = {}
#: Per kind: how often a job interrupted by a dead server is run again, and what to do when it is not.
_RETRIES: dict[str, int] = {}
_ON_INTERRUPTED: dict[str, Callable[[dict[str, Any]], None]] = {}
_JOB: contextvars.ContextVar[str] = contextvars.ContextVar("halllayout_job")

#: Seconds between a running job's progress writes, unless the progress moved by PROGRESS_STEP.
PROGRESS_INTERVAL = 0.5
PROGRESS_STEP = 0.02
#: Seconds between a running job's heartbeats.
HEARTBEAT_INTERVAL = 10.0
#: A running job whose heartbeat is older than this (seconds) has lost its worker.
STALE_SECONDS = 120.0
#: The message of a job whose worker died while running it.
INTERRUPTED = "interrupted: the server stopped while this job ran; start it again"

WORKER = f"{socket.gethostname()[:60]}:{os.getpid()}"

bp = Blueprint("jobs", __name__, url_prefix="/api/jobs", description="Background jobs and their progress")


class JobFailed(Exception):
    """Fails the job with this message, keeping `result` (e.g. the problems found)."""

    def __init__(self, message: str, result: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.result = result or {}


def handler(kind: str, *, retries: int = 0) -> Callable[[Handler], Handler]:
    """Registers `run(params, progress) -> result` as the handler of jobs of this `kind`. A job whose
    server died while it ran is queued again up to `retries` times (so `run` must be safe to run
    again), then failed as interrupted."""

    def register(run: Handler) -> Handler:
        _HANDLERS[kind] = run
        _RETRIES[kind] = retries
        return run

    return register


def interrupted(kind: str) -> Callable[[Callable[[dict[str, Any]], None]], Callable[[dict[str, Any]], None]]:
    """Registers `hook(params)`, run (in an app context, its database session committed after) when a
    job of this `kind` is failed as interrupted, to leave what the job was making in a clear state."""

    def register(hook: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
        _ON_INTERRUPTED[kind] = hook
        return hook

    return register


def current_job_id() -> str:
    """The id of the job the calling handler runs as."""
    return _JOB.get()


def submit(
    kind: str, params: dict[str, Any], *, fair_id: int | None = None, exhibitor_id: int | None = None
) -> str:
    """Queues a job of `kind` (a registered handler) with `params` (JSON); returns its id. The row is
    committed (with the caller's session, so commit or roll back your own changes first) before the
    work starts. Under `JOBS_EAGER` the job has run when this returns."""
    if kind not in _HANDLERS:
        raise ValueError(f"no job handler for kind {kind!r} (known: {', '.join(sorted(_HANDLERS))})")
    session = db.session()
    job = Job(
        id=str(uuid.uuid4()),
        kind=kind,
        status="queued",
        params=params,
        fair_id=fair_id,
        exhibitor_id=exhibitor_id,
        message="queued",
    )
    session.add(job)
    session.commit()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config.get("JOBS_EAGER"):
        run_job(app, job.id)
        session.expire_all()
    else:
        _runner(app).enqueue(job.id)
    return job.id


# running one job


def _sessions(app: Flask) -> sessionmaker[Session]:
    result: sessionmaker[Session] = app.extensions["halllayout.db"]
    return result


def _one_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "; ".join(lines)[:2000]


def _problem(error: InputError) -> dict[str, Any]:
    return {
        "file": error.source,
        "row": error.row,
        "column": error.column,
        "field": error.field,
        "message": str(error),
    }


def _failure(error: Exception) -> tuple[str, dict[str, Any]]:
    """The one-line message and the result of a job that raised `error`."""
    if isinstance(error, JobFailed):
        return _one_line(str(error)), error.result
    if isinstance(error, InputErrors):
        return _one_line(str(error)), {"problems": [_problem(p) for p in error.problems]}
    if isinstance(error, InputError):
        return _one_line(str(error)), {"problems": [_problem(error)]}
    if isinstance(error, HallLayoutError | ApiError):
        return _one_line(str(error)), {}
    return _one_line(f"internal error: {type(error).__name__}: {error}"), {}


class _Progress:
    """The progress callback: writes (fraction, message) to the job's row, with the heartbeat, when
    PROGRESS_INTERVAL seconds passed or the fraction moved by PROGRESS_STEP since the last write."""

    def __init__(self, sessions: sessionmaker[Session], job_id: str) -> None:
        self.sessions = sessions
        self.job_id = job_id
        self.written = 0.0
        self.fraction = 0.0

    def __call__(self, fraction: float, message: str) -> None:
        fraction = min(max(float(fraction), 0.0), 1.0)
        now = time.monotonic()
        if now - self.written < PROGRESS_INTERVAL and abs(fraction - self.fraction) < PROGRESS_STEP:
            return
        self.written, self.fraction = now, fraction
        with self.sessions() as session:
            session.execute(
                update(Job)
                .where(Job.id == self.job_id, Job.status == "running")
                .values(progress=fraction, message=_one_line(message)[:500], heartbeat_at=utcnow())
            )
            session.commit()


def _heartbeat(sessions: sessionmaker[Session], job_id: str, stop: threading.Event, interval: float) -> None:
    while not stop.wait(interval):
        try:
            with sessions() as session:
                session.execute(
                    update(Job).where(Job.id == job_id, Job.status == "running").values(heartbeat_at=utcnow())
                )
                session.commit()
        except Exception:  # a database hiccup must not kill the job; the next beat tries again
            log.warning("job %s: heartbeat not written", job_id, exc_info=True)


def _finish(sessions: sessionmaker[Session], job_id: str, **values: Any) -> None:
    with sessions() as session:
        session.execute(update(Job).where(Job.id == job_id).values(finished_at=utcnow(), **values))
        session.commit()


def run_job(app: Flask, job_id: str) -> None:
    """Runs the queued job `job_id` once: claims it (a job already claimed is left alone), runs its
    handler in a fresh app context, and writes the result or the failure to its row."""
    sessions = _sessions(app)
    with sessions() as session:
        claim = session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == "queued")
            .values(
                status="running",
                started_at=utcnow(),
                heartbeat_at=utcnow(),
                worker=WORKER,
                message="started",
            )
        )
        claimed = cast(CursorResult[Any], claim).rowcount
        session.commit()
        if not claimed:
            return
        job = session.get(Job, job_id)
        assert job is not None
        kind, params = job.kind, dict(job.params)
    run = _HANDLERS.get(kind)
    if run is None:
        _finish(sessions, job_id, status="failed", message=f"no job handler for kind {kind!r}")
        return
    stop = threading.Event()
    beat = threading.Thread(
        target=_heartbeat,
        args=(sessions, job_id, stop, float(app.config.get("JOBS_HEARTBEAT_SECONDS", HEARTBEAT_INTERVAL))),
        name=f"job-heartbeat-{job_id[:8]}",
        daemon=True,
    )
    beat.start()
    token = _JOB.set(job_id)
    try:
        with app.app_context():
            result = run(params, _Progress(sessions, job_id))
    except Exception as error:
        message, failed_result = _failure(error)
        if not isinstance(error, HallLayoutError | JobFailed | ApiError):
            log.exception("job %s (%s) failed", job_id, kind)
        _finish(sessions, job_id, status="failed", message=message, result=failed_result)
    else:
        _finish(sessions, job_id, status="done", progress=1.0, message="done", result=result or {})
    finally:
        _JOB.reset(token)
        stop.set()


# the queue and the in-process workers


class _Runner:
    """The app's Huey queue, and the threads of this process that run its jobs."""

    def __init__(self, app: Flask, huey: Huey) -> None:
        self.app = app
        self.huey = huey
        self.stop_flag = threading.Event()
        self.threads: list[threading.Thread] = []

        @huey.task(name="halllayout.run_job")
        def _task(job_id: str) -> None:
            run_job(app, job_id)

        self.task = _task

    def enqueue(self, job_id: str) -> None:
        self.task(job_id)

    def start(self, workers: int) -> None:
        for n in range(workers):
            thread = threading.Thread(target=self._work, name=f"halllayout-jobs-{n + 1}", daemon=True)
            thread.start()
            self.threads.append(thread)

    def stop(self, timeout: float = 10.0) -> None:
        self.stop_flag.set()
        for thread in self.threads:
            thread.join(timeout)
        self.threads.clear()

    def _work(self) -> None:
        delay = 0.05
        while not self.stop_flag.is_set():
            try:
                task = self.huey.dequeue()
            except Exception:
                log.warning("job queue not readable; trying again", exc_info=True)
                task = None
            if task is None:
                self.stop_flag.wait(delay)
                delay = min(delay * 1.5, 1.0)
                continue
            delay = 0.05
            self.huey.execute(task)


def _make_huey(app: Flask) -> Huey:
    url = app.config.get("JOBS_REDIS_URL") or ""
    if url:
        return RedisHuey("halllayout", url=url)
    filename = Path(app.config["INSTANCE_DIR"]) / "jobs-queue.db"
    return SqliteHuey("halllayout", filename=str(filename))


def _runner(app: Flask) -> _Runner:
    runner: _Runner | None = app.extensions.get("halllayout.jobs")
    if runner is None:
        runner = _Runner(app, _make_huey(app))
        app.extensions["halllayout.jobs"] = runner
    return runner


def _alive_here(worker: str) -> bool:
    """Whether `worker` (host:pid) may still be running: another machine's is given the benefit."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname()[:60] or not pid.isdigit():
        return True
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(app: Flask, requeue: bool = True) -> tuple[int, int]:
    """Fails the running jobs whose worker died (see the module's doc), or queues them again when their
    kind allows another try, and, with `requeue`, queues again the jobs still queued (a job queued
    twice runs once); returns how many were failed and how many queued."""
    sessions = _sessions(app)
    stale = utcnow() - dt.timedelta(seconds=float(app.config.get("JOBS_STALE_SECONDS", STALE_SECONDS)))
    given_up: list[tuple[str, dict[str, Any]]] = []
    with sessions() as session:
        running = session.execute(
            select(Job.id, Job.kind, Job.params, Job.worker, Job.heartbeat_at).where(Job.status == "running")
        )
        dead = [
            (ident, kind, params or {})
            for ident, kind, params, worker, heartbeat in running
            if not _alive_here(worker) or heartbeat is None or _aware(heartbeat) < stale
        ]
        for ident, kind, params in dead:
            tries = int(params.get("_interrupted", 0))
            if tries < _RETRIES.get(kind, 0):
                values: dict[str, Any] = {
                    "status": "queued",
                    "params": {**params, "_interrupted": tries + 1},
                    "message": "queued again: the server stopped while it ran",
                    "progress": 0.0,
                }
            else:
                values = {"status": "failed", "message": INTERRUPTED, "finished_at": utcnow()}
                given_up.append((kind, params))
            session.execute(update(Job).where(Job.id == ident, Job.status == "running").values(**values))
        session.commit()
        queued = (
            list(session.scalars(select(Job.id).where(Job.status == "queued").order_by(Job.created_at)))
            if requeue
            else []
        )
    for kind, params in given_up:
        hook = _ON_INTERRUPTED.get(kind)
        if hook is not None:
            with app.app_context():
                hook(params)
                db.session().commit()
    if dead:
        log.warning(
            "jobs: %d interrupted: %d queued again, %d failed",
            len(dead),
            len(dead) - len(given_up),
            len(given_up),
        )
    if not app.config.get("JOBS_EAGER"):
        runner = _runner(app)
        for ident in queued:
            runner.enqueue(ident)
    else:
        for ident in queued:
            run_job(app, ident)
    return len(given_up), len(queued)


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def init_app(app: Flask) -> None:
    """Sets the job settings' defaults, recovers after a restart and starts this process's workers
    (`JOBS_WORKERS`; 1 with the embedded queue, 0 with Redis)."""
    redis_url = os.environ.get("HALLLAYOUT_REDIS_URL", "")
    app.config.setdefault("JOBS_REDIS_URL", redis_url)
    app.config.setdefault("JOBS_EAGER", bool(app.config.get("TESTING")))
    if "JOBS_WORKERS" not in app.config:
        workers = os.environ.get("HALLLAYOUT_JOBS_WORKERS")
        app.config["JOBS_WORKERS"] = (
            int(workers) if workers is not None else (0 if app.config["JOBS_REDIS_URL"] else 1)
        )
    _register_command(app)
    recover(app)
    if not app.config["JOBS_EAGER"] and app.config["JOBS_WORKERS"] > 0:
        _runner(app).start(int(app.config["JOBS_WORKERS"]))


def stop(app: Flask) -> None:
    """Stops this process's job threads (after the job each is running)."""
    runner: _Runner | None = app.extensions.get("halllayout.jobs")
    if runner is not None:
        runner.stop()


def _register_command(app: Flask) -> None:
    @app.cli.command("jobs-worker")
    @click.option("--workers", default=2, show_default=True, help="jobs run at once")
    def jobs_worker(workers: int) -> None:
        """Run queued jobs (with $HALLLAYOUT_REDIS_URL, on as many machines as you like)."""
        application = current_app._get_current_object()  # type: ignore[attr-defined]
        runner = _runner(application)
        recover(application)
        runner.start(workers)
        click.echo(f"running jobs from {type(runner.huey).__name__} with {workers} thread(s); Ctrl-C stops")
        try:
            while True:
                time.sleep(STALE_SECONDS / 2)
                recover(application, requeue=False)
        except KeyboardInterrupt:
            runner.stop()


# the API


class JobSchema(Schema):
    id = fields.String(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "queued | running | done | failed"})
    progress = fields.Float(required=True, metadata={"description": "0 to 1"})
    message = fields.String(required=True)
    result = fields.Dict(required=True)
    created_at = fields.DateTime(required=True)
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)


@bp.get("/<job_id>")
@bp.response(200, JobSchema)
def get_job(job_id: str) -> Job:
    """A job's status, progress, message and result: for the organisers, or the exhibitor it is for."""
    organiser, exhibitor = current_organiser(), current_exhibitor()
    if organiser is None and exhibitor is None:
        raise ApiError(401, "sign in as an organiser, or as the exhibitor this job is for")
    job = db.session().get(Job, job_id)
    if job is None or (organiser is None and (exhibitor is None or job.exhibitor_id != exhibitor.id)):
        raise ApiError(404, f"no job {job_id!r}", "job_id")
    return job
