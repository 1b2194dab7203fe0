"""Benchmark of the fair platform (halllayout/web) under load and at fair scale.

1. Load: the 700-booth fair of walk_fair.py (hall A, products with real models), served by the real
   app under gunicorn on 127.0.0.1, driven by wrk (a C load generator, so it leaves the server its
   CPU) with 200 connections: the fair manifest as a browser loads it (gzip accepted, no ETag) and
   revalidates it (If-None-Match → 304), booth pages of random booths, and the three mixed, flat out
   and with clients that wait 200 / 1,500 s and 200 / 3,000 s on average between requests (1,500 and
   3,000 requests/s were the answers instant; fewer as they take longer), after a 5 s warm-up of the
   mix on the fresh server (its own line: each worker makes each answer once, then gives it again
   without Flask, hot.py).
   One line per gunicorn setting and request kind:
   requests/s, p50/p99 latency, errors (non-2xx/3xx and socket), and the CPU time per request of the
   server and of wrk, with the rate that CPU time would allow on 2 free cores (the machine may be
   shared: its load average is printed on each line).
2. Scale: 60,000 booths with 150,000 products (make_booths.py's names, laid out in 200 copies of
   hall-a-144x90 without scenes) copied into a database as a version, then search by name (found and
   not, Chinese and English) and booth pages timed in process through the real app; on SQLite, and on
   PostgreSQL too when $HALLLAYOUT_TEST_POSTGRES_URL names a server (a database is made there and
   dropped after).

Targets (issue 7): with gunicorn on 2 cores ≥ 1,500 requests/s for the manifest and booth pages with
200 concurrent clients, p99 ≤ 100 ms, no errors; with 60,000 booths and 150,000 products search by
name ≤ 50 ms and a booth page ≤ 50 ms.

Needs wrk on the PATH for part 1 (Debian: `apt-get install wrk`). Built fairs are kept in
build/bench-platform/ and reused.

Usage: python benchmarks/bench_platform.py [--load] [--scale] [--seconds S] [--settings W:T ...]
       [--databases sqlite postgresql]   (default: both parts, 10 s per run, settings
       3:8 2:8 4:8, both databases)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

CACHE = ROOT / "build" / "bench-platform"
TOOLS = ROOT.parent / "shared" / "tools"
HALL = ROOT / "tests" / "data" / "halls" / "hall-a-144x90.json"
GUNICORN = Path(sys.executable).parent / "gunicorn"
CONNECTIONS = 200
#: Seconds of load on a fresh server before the measured runs (shown apart): each worker makes each
#: booth page and manifest once and then answers it again without Flask (halllayout/web/hot.py).
WARM_UP_SECONDS = 5
#: The target (issue 7) and the cores it is for.
TARGET_RATE = 1500
CORES = 2

#: wrk's script: each request picks its kind by weight; `done` prints the figures as one JSON line.
WRK_SCRIPT = """
local paths = {%(paths)s}
local etag = "%(etag)s"
local kinds = {%(kinds)s}
math.randomseed(%(seed)d)
request = function()
  local kind = kinds[math.random(#kinds)]
  if kind == "booth" then
    return wrk.format("GET", paths[math.random(#paths)], {["Accept-Encoding"] = "gzip"})
  elseif kind == "revalidate" then
    return wrk.format("GET", "/api/fair", {["Accept-Encoding"] = "gzip", ["If-None-Match"] = etag})
  else
    return wrk.format("GET", "/api/fair", {["Accept-Encoding"] = "gzip"})
  end
end
local pace = %(pace)f
if pace > 0 then
  -- paced: each connection waits about 200 / rate seconds between requests (a visitor's think time)
  delay = function() return pace * (0.5 + math.random()) end
end
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %%d, "seconds": %%f, "bytes": %%d, "status_errors": %%d, "socket_errors": %%d, ' ..
    '"p50_ms": %%f, "p99_ms": %%f, "max_ms": %%f}\\n',
    summary.requests, summary.duration / 1e6, summary.bytes, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""

MIXES = {
    "manifest (200)": ["manifest"],
    "manifest (304)": ["revalidate"],
    "booth pages": ["booth"],
    # a visitor loads the manifest once, revalidates it on return, and opens booths
    "mix 1:2:7": ["manifest"] + ["revalidate"] * 2 + ["booth"] * 7,
}


def machine() -> str:
    """The machine and how busy it is, as `uptime` says."""
    load = os.getloadavg()
    return f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


# --- the fairs -------------------------------------------------------------------------------------


def fair_700() -> Path:
    """The walk-through fair (700 booths, products with models), built once into the cache."""
    out = CACHE / "fair700"
    if not (out / "layout.json").is_file():
        from walk_fair import build_walk_fair

        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        build_walk_fair(out, CACHE / "uploads700")
        print(f"built the 700-booth fair in {time.perf_counter() - started:.1f} s", flush=True)
    return out


def fair_60k() -> Path:
    """60,000 booths from make_booths.py (with their products) in 200 halls, laid out without scenes or
    plans, built once into the cache."""
    out = CACHE / "fair60k"
    if (out / "layout.json").is_file():
        return out
    from dataclasses import replace

    from bench_layout import _hall_id

    from halllayout.build import build_fair
    from halllayout.model import Fair
    from halllayout.output import write_outputs
    from halllayout.read import read_booth_list, read_hall

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "booths.csv"
        with csv.open("w", encoding="utf-8") as f:
            subprocess.run([sys.executable, str(TOOLS / "make_booths.py"), "60000"], stdout=f, check=True)
        hall = read_hall(HALL)
        fair = Fair("Scale Fair", tuple(replace(hall, id=_hall_id(i), name=f"Hall {i}") for i in range(200)))
        build = build_fair(fair, read_booth_list(csv), scenes=False, plans=False)
    shutil.rmtree(out, ignore_errors=True)
    write_outputs(out, build.files)
    print(f"built the 60,000-booth fair in {time.perf_counter() - started:.1f} s", flush=True)
    return out


def booth_numbers(folder: Path) -> list[str]:
    layout = json.loads((folder / "layout.json").read_bytes())
    return [str(b["number"]) for hall in layout["halls"] for b in hall["booths"]]


# --- part 1: load ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def prepare_instance(fair: Path, instance: Path) -> dict[str, str]:
    """Migrates the instance's SQLite database and publishes `fair` in it once, before the workers
    start (so they do not race to); the environment the workers are started with."""
    from app import create_app

    env = {
        "HALLLAYOUT_FAIR_DIR": str(fair),
        "HALLLAYOUT_INSTANCE": str(instance),
        "HALLLAYOUT_SECRET_KEY": "bench",
        "HALLLAYOUT_DATABASE_URL": f"sqlite:///{instance / 'halllayout.db'}",
    }
    app = create_app({"FAIR_DIR": env["HALLLAYOUT_FAIR_DIR"], "INSTANCE_DIR": str(instance)})
    app.extensions["halllayout.engine"].dispose()
    return env


class Gunicorn:
    """`gunicorn app:create_app()` on a free loopback port with `workers` gthread workers of `threads`
    threads each; stopped on leaving."""

    def __init__(self, env: dict[str, str], workers: int, threads: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = [
            str(GUNICORN),
            "--config", str(ROOT / "gunicorn.conf.py"),  # as the README runs it, with these overrides
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(workers),
            "--threads", str(threads),
            "--log-level", "warning",
            "app:create_app()",
        ]  # fmt: skip
        self.env = {**os.environ, **env}

    def __enter__(self) -> Gunicorn:
        self.process = subprocess.Popen(self.args, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get(f"{self.url}/api/fair")[0] == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def pids(self) -> list[int]:
        """The master's and its workers' process ids."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    children.append(int(stat.parent.name))
            except (OSError, ValueError, IndexError):
                continue
        return [self.process.pid, *children]

    def __exit__(self, *_exc: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds the processes have used so far (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def wrk(
    url: str, kinds: list[str], numbers: list[str], etag: str, seconds: int, rate: float = 0
) -> dict[str, Any]:
    """One wrk run of `seconds` with CONNECTIONS connections (paced to about `rate` requests/s when
    given, else as fast as the server answers); its figures."""
    paths = ", ".join(f'"/api/booths/{n}"' for n in numbers)
    script = WRK_SCRIPT % {
        "paths": paths,
        "etag": etag.replace('"', '\\"'),
        "kinds": ", ".join(f'"{k}"' for k in kinds),
        "seed": 7,
        "pace": 1000 * CONNECTIONS / rate if rate else 0,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    before = os.times()
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t",
                "2",
                "-c",
                str(CONNECTIONS),
                "-d",
                f"{seconds}s",
                "--timeout",
                "5s",
                "-s",
                f.name,
                url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
    finally:
        os.unlink(f.name)
    after = os.times()
    figures: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    figures["wrk_cpu_s"] = (
        after.children_user - before.children_user + after.children_system - before.children_system
    )
    return figures


def load(seconds: int, settings: list[tuple[int, int]]) -> None:
    if shutil.which("wrk") is None:
        print("load: SKIPPED, wrk is not installed (Debian/Ubuntu: apt-get install wrk)")
        return
    fair = fair_700()
    numbers = booth_numbers(fair)
    print(f"load: {len(numbers)}-booth fair, {CONNECTIONS} connections, {seconds} s per run, wrk -t 2")
    print(
        "server/wrk CPU ms: CPU time per request of gunicorn's processes and of wrk; on 2 free cores: "
        "the requests/s that CPU time allows when nothing else runs"
    )
    print(f"{'gunicorn':>16} {'requests':<20} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} "
          f"{'errors':>6} {'MB/s':>6} {'server':>7} {'wrk':>6} {'2 free':>8}  machine")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare_instance(fair, Path(tmp) / "instance")
        for workers, threads in settings:
            with Gunicorn(env, workers, threads) as server:
                browser = {"Accept-Encoding": "gzip"}
                _status, headers, body = get(f"{server.url}/api/fair", browser)
                etag = headers["ETag"]
                assert get(f"{server.url}/api/fair", {**browser, "If-None-Match": etag})[0] == 304
                # first the mix on a fresh server, until each worker has made each answer once (a server
                # that has run a while); shown on its own line, then the runs in steady state
                runs = [(f"warm-up {WARM_UP_SECONDS} s, cold", MIXES["mix 1:2:7"], 0.0, WARM_UP_SECONDS)]
                runs += [(name, kinds, 0.0, seconds) for name, kinds in MIXES.items()]
                for rate in (TARGET_RATE, 2 * TARGET_RATE):  # the target's rate, and twice it
                    think = 1000 * CONNECTIONS / rate
                    runs.append((f"mix, {think:.0f} ms think", MIXES["mix 1:2:7"], rate, seconds))
                for name, kinds, rate, run_seconds in runs:
                    pids = server.pids()
                    cpu = cpu_seconds(pids)
                    r = wrk(server.url, kinds, numbers, etag, run_seconds, rate)
                    server_ms = (cpu_seconds(pids) - cpu) * 1000 / r["requests"]
                    wrk_ms = r["wrk_cpu_s"] * 1000 / r["requests"]
                    errors = r["status_errors"] + r["socket_errors"]
                    print(
                        f"{f'{workers} × gthread {threads}':>16} {name:<20} "
                        f"{r['requests'] / r['seconds']:>7.0f} "
                        f"{r['p50_ms']:>7.1f} {r['p99_ms']:>7.1f} {r['max_ms']:>7.0f} {errors:>6} "
                        f"{r['bytes'] / r['seconds'] / 1e6:>6.1f} {server_ms:>7.2f} {wrk_ms:>6.2f} "
                        f"{CORES * 1000 / (server_ms + wrk_ms):>8.0f}  {machine()}",
                        flush=True,
                    )
    print(f"(manifest: {len(body) / 1e3:.0f} kB as sent, {headers.get('Content-Encoding', 'identity')})")


# --- part 2: scale ---------------------------------------------------------------------------------

#: (what, query): names that exist and names that do not, in Chinese and English.
SEARCHES = [
    ("zh exhibitor, many", "科技有限公司"),
    ("zh exhibitor, few", "帝捷化工"),
    ("zh product", "便携式ECMO"),
    ("en exhibitor", "Zeller"),
    ("en product", "coffee"),
    ("zh missing", "不存在的名字"),
    ("en missing", "Nonexistent Widget"),
    ("booth number", "AB0101"),
]


def postgres_database(admin_url: str) -> tuple[str, Any]:
    """A new database on the server at `admin_url`; (its URL, a function that drops it)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"halllayout_bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), drop


def timed(client: Any, url: str, repeat: int) -> tuple[float, float, Any]:
    """Median and worst of `repeat` GETs of `url` (after one to warm up), in ms; the last JSON."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True)[:300])
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times), response.get_json()


def scale_on(database_url: str, label: str, fair: Path) -> None:
    from sqlalchemy import func, select

    from app import create_app
    from halllayout.web import db
    from halllayout.web.models import Booth, Product

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        app = create_app(
            {"FAIR_DIR": str(fair), "INSTANCE_DIR": tmp, "DATABASE_URL": database_url, "SECRET_KEY": "bench"}
        )
        with app.app_context():
            session = db.session()
            booths = session.scalar(select(func.count()).select_from(Booth))
            products = session.scalar(select(func.count()).select_from(Product))
        print(
            f"{label}: {booths:,} booths and {products:,} products published in "
            f"{time.perf_counter() - started:.1f} s ({machine()})",
            flush=True,
        )
        client = app.test_client()
        numbers = booth_numbers(fair)
        rng = random.Random(3)
        started = time.perf_counter()
        assert client.get("/api/search?q=x").status_code == 200
        print(f"  first search after publishing: {(time.perf_counter() - started) * 1000:6.1f} ms")
        for what, q in SEARCHES:
            median, worst, page = timed(client, f"/api/search?q={urllib.parse.quote(q)}", 5)
            print(f"  search {what:<20} {q!r:<22} {page['total']:>6} found  median {median:6.1f} ms  "
                  f"worst {worst:6.1f} ms")  # fmt: skip
        first, again = [], []
        for number in rng.sample(numbers, 200):
            for times in (first, again):
                started = time.perf_counter()
                assert client.get(f"/api/booths/{number}").status_code == 200
                times.append((time.perf_counter() - started) * 1000)
        for what, times in (("first time", first), ("again", again)):
            times.sort()
            print(f"  booth page, {what:<10} (200 random booths)  median {statistics.median(times):6.1f} ms  "
                  f"p99 {times[int(len(times) * 0.99) - 1]:6.1f} ms  worst {times[-1]:6.1f} ms")  # fmt: skip
        app.extensions["halllayout.engine"].dispose()


def scale(databases: list[str]) -> None:
    fair = fair_60k()
    if "sqlite" in databases:
        with tempfile.TemporaryDirectory() as tmp:
            scale_on(f"sqlite:///{Path(tmp) / 'scale.db'}", "SQLite", fair)
    if "postgresql" not in databases:
        return
    admin = os.environ.get("HALLLAYOUT_TEST_POSTGRES_URL", "")
    if not admin:
        print("PostgreSQL: SKIPPED, set HALLLAYOUT_TEST_POSTGRES_URL (e.g. `.ci/postgres` starts one)")
        return
    url, drop = postgres_database(admin)
    try:
        scale_on(url, "PostgreSQL", fair)
    finally:
        drop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--load", action="store_true", help="only the load test")
    parser.add_argument("--scale", action="store_true", help="only the 60,000-booth test")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--settings", nargs="*", default=["3:8", "2:8", "4:8"], help="WORKERS:THREADS")
    parser.add_argument("--databases", nargs="*", default=["sqlite", "postgresql"])
    args = parser.parse_args(argv)
    both = not (args.load or args.scale)
    print(f"machine: {machine()}")
    if args.load or both:
        settings = [tuple(int(x) for x in s.split(":")) for s in args.settings]
        load(args.seconds, settings)  # type: ignore[arg-type]
    if args.scale or both:
        scale(args.databases)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
