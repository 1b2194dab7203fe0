"""Background jobs (halllayout/web/jobs.py): the eager mode the tests use, the real background runner,
recovery after a restart, Redis when a redis-server can be started, and who may see a job."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from app import create_app
from halllayout.errors import InputError
from halllayout.web import db, jobs
from halllayout.web.jobs import INTERRUPTED, JobFailed, current_job_id, handler, submit
from halllayout.web.models import Job
from tests.web.conftest import ApiClient


@handler("test-echo")
def _echo(params: dict[str, Any], progress: Callable[[float, str], None]) -> dict[str, Any]:
    progress(0.5, "half way\nthere")
    row = db.session().get(Job, current_job_id())
    assert row is not None
    time.sleep(float(params.get("sleep", 0)))
    return {"echo": params["value"], "seen": [row.status, row.progress, row.message]}


@handler("test-fail")
def _fail(params: dict[str, Any], progress: Callable[[float, str], None]) -> dict[str, Any]:
    kind = params["how"]
    if kind == "input":
        raise InputError("booths.csv", "width: not a number: 'three'", row=4, column="width")
    if kind == "job":
        raise JobFailed("no such version", {"version": 7})
    raise KeyError("surprise")


def _submit(app: Flask, kind: str, params: dict[str, Any], **kwargs: Any) -> str:
    with app.test_request_context():
        return submit(kind, params, **kwargs)


def _job(app: Flask, job_id: str) -> Job:
    with app.app_context():
        job = db.session().get(Job, job_id)
        assert job is not None
        return job


def test_an_eager_job_runs_in_submit_with_its_progress_and_result(app: Flask) -> None:
    job_id = _submit(app, "test-echo", {"value": [1, "two"]})
    job = _job(app, job_id)
    assert (job.status, job.progress, job.message) == ("done", 1.0, "done")
    assert job.result == {"echo": [1, "two"], "seen": ["running", 0.5, "half way; there"]}
    assert job.started_at is not None and job.finished_at is not None


def test_an_input_error_fails_the_job_with_its_problems_in_one_line(app: Flask) -> None:
    job = _job(app, _submit(app, "test-fail", {"how": "input"}))
    assert (job.status, job.message) == (
        "failed",
        "booths.csv row 4, column width: width: not a number: 'three'",
    )
    assert job.result["problems"][0] == {
        "file": "booths.csv",
        "row": 4,
        "column": "width",
        "field": None,
        "message": job.message,
    }


def test_other_failures_say_what_without_a_traceback(app: Flask) -> None:
    failed = _job(app, _submit(app, "test-fail", {"how": "job"}))
    assert (failed.status, failed.message, failed.result) == ("failed", "no such version", {"version": 7})
    crashed = _job(app, _submit(app, "test-fail", {"how": "other"}))
    assert (crashed.status, crashed.message) == ("failed", "internal error: KeyError: 'surprise'")


def test_an_unknown_kind_is_refused_at_submit(app: Flask) -> None:
    with pytest.raises(ValueError, match="no job handler for kind 'nope'"):
        _submit(app, "nope", {})


def test_a_job_is_seen_by_organisers_and_its_exhibitor_only(
    app: Flask, api: ApiClient, new_api: Any, organiser: tuple[str, str], invite: Any
) -> None:
    token = invite("EX1")
    invite("EX2")
    with app.app_context():
        from halllayout.web.identity import exhibitor_by_token

        exhibitor = exhibitor_by_token(token)
        assert exhibitor is not None
        owner_id = exhibitor.id
    job_id = _submit(app, "test-echo", {"value": 1}, exhibitor_id=owner_id)
    assert api.get(f"/api/jobs/{job_id}").status_code == 401
    assert new_api().as_visitor().get(f"/api/jobs/{job_id}").status_code == 401
    assert new_api().as_exhibitor(invite("EX2")).get(f"/api/jobs/{job_id}").status_code == 404
    mine = new_api().as_exhibitor(token).get(f"/api/jobs/{job_id}")
    assert mine.status_code == 200 and mine.get_json()["result"]["echo"] == 1
    seen = new_api().as_organiser(*organiser).get(f"/api/jobs/{job_id}").get_json()
    assert {k: seen[k] for k in ("status", "progress", "kind")} == {
        "status": "done",
        "progress": 1.0,
        "kind": "test-echo",
    }
    assert new_api().as_organiser(*organiser).get("/api/jobs/nope").status_code == 404


def _background_app(fair_dir: Path, database_url: str, instance: Path, **config: Any) -> Flask:
    return create_app(
        {
            "FAIR_DIR": str(fair_dir),
            "INSTANCE_DIR": str(instance),
            "DATABASE_URL": database_url,
            "TESTING": True,
            "JOBS_EAGER": False,
            "JOBS_WORKERS": 1,
            **config,
        }
    )


def _wait(app: Flask, job_id: str, seconds: float = 20) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = _job(app, job_id)
        if job.status in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {job.status} after {seconds} s")


@pytest.fixture
def background(fair_dir: Path, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    application = _background_app(fair_dir, database_url, tmp_path / "instance")
    yield application
    jobs.stop(application)
    application.extensions["halllayout.engine"].dispose()


def test_the_background_runner_runs_a_job_after_submit_returns(background: Flask) -> None:
    job_id = _submit(background, "test-echo", {"value": "bg", "sleep": 0.3})
    assert _job(background, job_id).status in ("queued", "running")  # submit did not wait
    job = _wait(background, job_id)
    assert (job.status, job.result["echo"], job.worker) == ("done", "bg", jobs.WORKER)


def test_a_restart_fails_the_jobs_that_were_running_and_runs_the_queued_ones(
    fair_dir: Path, database_url: str, tmp_path: Path
) -> None:
    first = _background_app(fair_dir, database_url, tmp_path / "instance", JOBS_WORKERS=0)
    queued = _submit(first, "test-echo", {"value": "after restart"})
    running = _submit(first, "test-echo", {"value": "lost"})
    with first.app_context():
        session = db.session()
        row = session.get(Job, running)
        assert row is not None
        row.status, row.worker = "running", f"{socket.gethostname()[:60]}:{_dead_pid()}"
        session.commit()
    first.extensions["halllayout.engine"].dispose()
    (tmp_path / "instance" / "jobs-queue.db").unlink()  # the queue lost too: the rows are the truth

    second = _background_app(fair_dir, database_url, tmp_path / "instance")
    try:
        assert (_job(second, running).status, _job(second, running).message) == ("failed", INTERRUPTED)
        assert _wait(second, queued).result["echo"] == "after restart"
    finally:
        jobs.stop(second)
        second.extensions["halllayout.engine"].dispose()


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    pytest.importorskip("redis")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


def test_with_redis_the_web_server_queues_and_a_worker_runs(
    fair_dir: Path, database_url: str, tmp_path: Path, redis_url: str
) -> None:
    web = _background_app(fair_dir, database_url, tmp_path / "web", JOBS_REDIS_URL=redis_url, JOBS_WORKERS=0)
    worker = _background_app(fair_dir, database_url, tmp_path / "worker", JOBS_REDIS_URL=redis_url)
    try:
        job_id = _submit(web, "test-echo", {"value": "shared"})
        job = _wait(web, job_id)
        assert (job.status, job.result["echo"]) == ("done", "shared")
        assert "halllayout.jobs" not in web.extensions or not web.extensions["halllayout.jobs"].threads
    finally:
        jobs.stop(worker)
        for application in (web, worker):
            application.extensions["halllayout.engine"].dispose()


def test_the_worker_command_is_registered(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["jobs-worker", "--help"])
    assert result.exit_code == 0 and "HALLLAYOUT_REDIS_URL" in result.output
