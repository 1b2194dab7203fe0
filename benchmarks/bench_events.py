"""Benchmark: analytics ingest (`POST /api/events`) under gunicorn, and what it does to page requests.

Builds the 120-booth sample fair once (build/bench-events/fair), makes a fresh instance folder, migrates
its SQLite database, and starts the real app under gunicorn on 127.0.0.1 (2 workers, gthread). Then:

1. **baseline**: `GET /api/fair` (the manifest every visitor loads) for a few seconds, alone;
2. **flat out**: client threads post batches of 100, 250 and 500 events for ~10 s as fast as they can,
   each with its own session cookie (one visitor each), while `GET /api/fair` is timed again;
3. **paced**: the same at the target rate (5,000 events/s in all), `GET /api/fair` timed again.

Prints events/s acknowledged (202, i.e. committed), the batches' latency, and p50/p99 of `GET /api/fair`
without and with the load; checks that the database holds exactly the events acknowledged. With
$HALLLAYOUT_TEST_POSTGRES_URL set it does the same on a fresh PostgreSQL database too. Loopback only,
bounded in time; the numbers are for reading (target: ≥ 5,000 events/s), not a pass/fail.

With `--reports` it times the reading side instead: `--events` events (600,000 by default, four in five
of them positions) spread over yesterday (UTC) are put straight into a fresh database, then the
organiser's day report, its hourly report and hall A's heatmap for that day are fetched through the
app (Flask's test client, no server): the first time (which rolls up the closed hours it needs) and
the best of three after.

Usage: python benchmarks/bench_events.py [--seconds 10] [--clients 6] [--workers 2] [--threads 4]
       [--rate 5000]
       python benchmarks/bench_events.py --reports [--events 600000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # for `app`

WORK = ROOT / "build" / "bench-events"
GUNICORN = Path(sys.executable).with_name("gunicorn")
BATCH_SIZES = (100, 250, 500)


def built_fair() -> Path:
    folder = WORK / "fair"
    if not (folder / "layout.json").is_file():
        subprocess.run(
            [
                *(sys.executable, "-m", "halllayout", "build", "tests/data/booths/fair-120.csv"),
                *("--hall", "tests/data/halls/hall-a-144x90.json", "-o", str(folder)),
            ],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def app_config(fair: Path, instance: Path, database_url: str) -> dict[str, Any]:
    return {
        "FAIR_DIR": str(fair),
        "INSTANCE_DIR": str(instance),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-events",
        # one address sends everything here: the per-address limit would measure itself
        "EVENTS_RATE_LIMIT": "10000000 per minute",
    }


def prepare(config: dict[str, Any]) -> None:
    """Migrates the database and makes the site fair once, before the workers race to."""
    from app import create_app
    from halllayout.web.site import site_fair

    app = create_app(config)
    with app.app_context():
        site_fair()
    app.extensions["halllayout.engine"].dispose()


def count_events(config: dict[str, Any]) -> int:
    from sqlalchemy import create_engine, func, select

    from halllayout.web.models import Event

    engine = create_engine(config["DATABASE_URL"])
    with engine.connect() as connection:
        n = int(connection.scalar(select(func.count()).select_from(Event)) or 0)
    engine.dispose()
    return n


class Server:
    """gunicorn serving `app:create_app(config)` on a free loopback port."""

    def __init__(self, config: dict[str, Any], workers: int, threads: int) -> None:
        self.port = free_port()
        factory = f"app:create_app({config!r})"
        self.process = subprocess.Popen(
            [
                *(str(GUNICORN), "-w", str(workers), "-k", "gthread", "--threads", str(threads)),
                *("-b", f"127.0.0.1:{self.port}", "--log-level", "warning", factory),
            ],
            cwd=ROOT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = request("GET", self.port, "/api/session")
                if status == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def request(method: str, port: int, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def batch_body(size: int, seed: int) -> bytes:
    """A batch as the viewer sends it: mostly positions, some booth visits and product views."""
    now = dt.datetime.now(dt.UTC)
    events: list[dict[str, Any]] = []
    for i in range(size):
        at = (now - dt.timedelta(seconds=size - i)).isoformat()
        if i % 10 == 0:
            events.append(
                {"kind": "booth_visit", "at": at, "booth": f"A{(seed + i) % 120:04d}", "value": 12.5}
            )
        elif i % 10 == 1:
            events.append({"kind": "product_view", "at": at, "booth": "A0101", "product": "EX000016/1"})
        else:
            events.append({"kind": "position", "at": at, "hall": "A", "x": (seed + i) % 144, "y": i % 90})
    return json.dumps({"sent": now.isoformat(), "events": events}).encode()


def poster(port: int, size: int, seed: int, until: float, totals: list[Any], rate: float = 0.0) -> None:
    """Posts batches on one keep-alive connection until `until`, as fast as it can or at `rate` events/s;
    appends (events stored, latencies, errors) to `totals`."""
    body = batch_body(size, seed)
    next_at = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "text/plain;charset=UTF-8"}
    stored, latencies, errors = 0, [], 0
    while time.monotonic() < until:
        if rate > 0:
            next_at += size / rate
            time.sleep(max(0.0, next_at - time.monotonic()))
        started = time.perf_counter()
        connection.request("POST", "/api/events", body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read()
        latencies.append(time.perf_counter() - started)
        if response.status == 202:
            stored += json.loads(answer)["stored"]
        else:
            errors += 1
        cookie = response.getheader("Set-Cookie")
        if cookie and "Cookie" not in headers:
            headers["Cookie"] = cookie.split(";", 1)[0]  # one visitor per client
    connection.close()
    totals.append((stored, latencies, errors))


def prober(port: int, until: float, latencies: list[float], pause: float = 0.05) -> None:
    """GET /api/fair (in full, as a first visit loads it) until `until`, timing each."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < until:
        started = time.perf_counter()
        connection.request("GET", "/api/fair")
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        if response.status != 200:
            raise RuntimeError(f"GET /api/fair answered {response.status}")
        time.sleep(pause)
    connection.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(values: list[float]) -> str:
    if not values:
        return "no samples"
    return (
        f"p50 {percentile(values, 0.5) * 1000:6.1f} ms  p99 {percentile(values, 0.99) * 1000:6.1f} ms"
        f"  ({len(values)} requests)"
    )


def load(port: int, args: argparse.Namespace, rate: float) -> dict[str, Any]:
    """Clients posting batches for `args.seconds` (as fast as they can when `rate` is 0, else at `rate`
    events/s in all) while GET /api/fair is timed."""
    until = time.monotonic() + args.seconds
    totals: list[Any] = []
    pages: list[float] = []
    threads = [
        threading.Thread(
            target=poster, args=(port, BATCH_SIZES[i % 3], i, until, totals, rate / args.clients)
        )
        for i in range(args.clients)
    ]
    threads.append(threading.Thread(target=prober, args=(port, until, pages)))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "elapsed": time.monotonic() - started,
        "stored": sum(t[0] for t in totals),
        "batches": [latency for t in totals for latency in t[1]],
        "errors": sum(t[2] for t in totals),
        "pages": pages,
    }


def report(title: str, figures: dict[str, Any]) -> None:
    stored, elapsed = figures["stored"], figures["elapsed"]
    print(f"  {title}")
    print(f"    ingest         {stored / elapsed:9,.0f} events/s ({stored:,} in {elapsed:.1f} s,", end=" ")
    sizes = "/".join(map(str, BATCH_SIZES))
    print(f"{len(figures['batches'])} batches of {sizes}, {figures['errors']} refused)")
    print(f"    batch latency  {ms(figures['batches'])}")
    print(f"    GET /api/fair  {ms(figures['pages'])}")


def run(name: str, database_url: str, fair: Path, args: argparse.Namespace) -> None:
    instance = Path(tempfile.mkdtemp(prefix="bench-events-", dir=WORK))
    config = app_config(fair, instance, database_url or f"sqlite:///{instance / 'halllayout.db'}")
    prepare(config)
    server = Server(config, args.workers, args.threads)
    try:
        baseline: list[float] = []
        prober(server.port, time.monotonic() + args.baseline, baseline)
        flat_out = load(server.port, args, 0.0)
        paced = load(server.port, args, args.rate)
    finally:
        server.stop()

    stored = flat_out["stored"] + paced["stored"]
    in_database = count_events(config)
    print(f"\n{name}: gunicorn {args.workers} workers × {args.threads} threads, {args.clients} clients")
    print(f"  GET /api/fair alone: {ms(baseline)}")
    report("as fast as the clients can:", flat_out)
    report(f"paced at {args.rate:,.0f} events/s:", paced)
    verdict = "ok" if in_database == stored else "MISMATCH"
    print(f"  in the database: {in_database:,} events ({verdict}: {stored:,} acknowledged)")
    sustained = flat_out["stored"] / flat_out["elapsed"]
    print(f"  target ≥ 5,000 events/s sustained: {'met' if sustained >= 5000 else 'NOT met'}")
    shutil.rmtree(instance, ignore_errors=True)


def fill_day(config: dict[str, Any], day: dt.datetime, n: int) -> None:
    """`n` events over the UTC day from `day`: four in five positions in hall A (144 m × 90 m), the rest
    visits, booth visits and product views of 20,000 visitors at 120 booths. Seeded: same every run."""
    import random

    from sqlalchemy import create_engine, insert, select

    from halllayout.web.models import Event, Fair

    rng = random.Random(7)
    engine = create_engine(config["DATABASE_URL"])
    with engine.begin() as connection:
        fair_id = connection.scalar(select(Fair.id).limit(1))
        for first in range(0, n, 50_000):
            rows = []
            for i in range(first, min(n, first + 50_000)):
                at = day + dt.timedelta(seconds=86_400 * i / n)
                row = {"fair_id": fair_id, "at": at, "visitor_key": f"v{rng.randrange(20_000)}"}
                row |= {"hall": "", "booth_number": "", "product_id": "", "value": 0.0, "x": None, "y": None}
                pick = i % 10
                if pick < 8:
                    row |= {"kind": "position", "hall": "A"}
                    row |= {"x": rng.uniform(0, 144), "y": rng.uniform(0, 90)}
                elif i % 20 == 8:
                    row |= {"kind": "visit"}
                elif i % 20 == 18:
                    row |= {"kind": "product_view", "booth_number": f"A{rng.randrange(120):04d}"}
                    row |= {"product_id": "EX000016/1"}
                else:
                    row |= {"kind": "booth_visit", "booth_number": f"A{rng.randrange(120):04d}"}
                    row |= {"value": rng.randrange(1, 600) / 4}
                rows.append(row)
            connection.execute(insert(Event), rows)
    engine.dispose()


def run_reports(name: str, database_url: str, fair: Path, events: int) -> None:
    """The day report, the hourly report and the heatmap over a day of `events` events."""
    from app import create_app
    from halllayout.web import db
    from halllayout.web.accounts import add_organiser
    from halllayout.web.site import site_fair

    instance = Path(tempfile.mkdtemp(prefix="bench-reports-", dir=WORK))
    config = app_config(fair, instance, database_url or f"sqlite:///{instance / 'halllayout.db'}")
    app = create_app(config)
    with app.app_context():
        site_fair()
        add_organiser(db.session(), "bench@fair.example", "bench password 123", name="Bench")
    day = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0) - dt.timedelta(days=1)
    started = time.perf_counter()
    fill_day(config, day, events)
    print(f"\n{name}: {events:,} events over {day:%Y-%m-%d} put in in {time.perf_counter() - started:.1f} s")
    client = app.test_client()
    csrf = client.get("/api/session").get_json()["csrf_token"]
    signed_in = client.post(
        "/api/session/organiser",
        json={"email": "bench@fair.example", "password": "bench password 123"},
        headers={"X-CSRFToken": csrf},
    )
    assert signed_in.status_code == 200, signed_in.get_json()
    span = f"from={day:%Y-%m-%dT%H:%M:%SZ}&to={day + dt.timedelta(days=1):%Y-%m-%dT%H:%M:%SZ}"
    for title, url in (
        ("day report", f"/api/organiser/analytics?{span}"),
        ("hourly report", f"/api/organiser/analytics?{span}&by=hour"),
        ("heatmap of hall A", f"/api/organiser/heatmap/A.png?{span}"),
    ):
        times = []
        for _ in range(4):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.get_data(as_text=True)[:200]
        print(f"  {title:18} first {times[0]:6.3f} s, then best of 3 {min(times[1:]):6.3f} s")
    app.extensions["halllayout.engine"].dispose()
    shutil.rmtree(instance, ignore_errors=True)


def on_postgres(postgres: str, body: Any) -> None:
    """Runs `body(url)` on a fresh database of the PostgreSQL server at `postgres`, dropped after."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
    name = f"halllayout_bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        body(make_url(postgres).set(database=name).render_as_string(hide_password=False))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="how long the load lasts")
    parser.add_argument("--baseline", type=float, default=4.0, help="seconds of GET /api/fair alone")
    parser.add_argument("--clients", type=int, default=6, help="client threads posting batches")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="gthread threads per worker")
    parser.add_argument("--rate", type=float, default=5000.0, help="events/s of the paced load")
    parser.add_argument("--reports", action="store_true", help="time reports and the heatmap instead")
    parser.add_argument("--events", type=int, default=600_000, help="--reports: events in the day")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    fair = built_fair()
    postgres = os.environ.get("HALLLAYOUT_TEST_POSTGRES_URL", "")
    if args.reports:
        print(f"analytics reports benchmark on {os.cpu_count()} CPU cores")
        run_reports("SQLite (WAL)", "", fair, args.events)
        if postgres:
            on_postgres(postgres, lambda url: run_reports("PostgreSQL", url, fair, args.events))
        return
    print(f"analytics ingest benchmark on {os.cpu_count()} CPU cores (client and server share them)")
    run("SQLite (WAL)", "", fair, args)
    if postgres:
        on_postgres(postgres, lambda url: run("PostgreSQL", url, fair, args))


if __name__ == "__main__":
    main()
