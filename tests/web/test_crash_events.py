"""A server killed (SIGKILL) while analytics batches pour in: after the restart every batch the server
acknowledged (202) is there whole, and no batch is there in part."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import signal
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from app import create_app
from tests.web.test_crash import SETUP_ONLY, Browser, _free_port, _serve

BATCH = 200


def _batch(number: int) -> dict[str, object]:
    at = dt.datetime.now(dt.UTC).isoformat()
    return {"events": [{"kind": "product_view", "at": at, "product": f"b{number}/{i}"} for i in range(BATCH)]}


def test_a_server_killed_mid_batch_loses_nothing_it_acknowledged(fair_dir: Path, tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    database = f"sqlite:///{tmp_path / 'platform.db'}"
    create_app(
        SETUP_ONLY | {"FAIR_DIR": str(fair_dir), "INSTANCE_DIR": str(instance), "DATABASE_URL": database}
    )
    env = {
        **os.environ,
        "HALLLAYOUT_INSTANCE": str(instance),
        "HALLLAYOUT_DATABASE_URL": database,
        "HALLLAYOUT_SECRET_KEY": "crash-test",
    }
    port = _free_port()
    server = _serve(fair_dir, env, port)
    acknowledged: list[int] = []
    sent: list[int] = []
    stop = threading.Event()

    def pour(first: int) -> None:
        browser = Browser(f"http://127.0.0.1:{port}")
        number = first
        while not stop.is_set():
            sent.append(number)
            try:
                status, _reply = browser.call("POST", "/api/events", _batch(number))
            except (OSError, http.client.HTTPException, ValueError):
                # the server is gone: refused, reset, or killed halfway through its answer (a reply cut
                # short, or its JSON); a batch whose answer did not come whole counts as not acknowledged
                return
            if status == 202:
                acknowledged.append(number)
            number += 2

    pourers = [threading.Thread(target=pour, args=(first,)) for first in (0, 1)]
    for thread in pourers:
        thread.start()
    deadline = time.monotonic() + 20
    while len(acknowledged) < 10 and time.monotonic() < deadline:
        time.sleep(0.02)
    server.send_signal(signal.SIGKILL)  # while batches are in flight
    server.wait(10)
    stop.set()
    for thread in pourers:
        thread.join(15)
    assert len(acknowledged) >= 10

    server = _serve(fair_dir, env, port)  # the restart recovers the database (WAL)
    try:
        assert Browser(f"http://127.0.0.1:{port}").call("GET", "/api/fair")[0] == 200
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(10)
    engine = create_engine(database)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT substr(product_id, 1, instr(product_id, '/') - 1), count(*) FROM events GROUP BY 1")
        ).all()
    engine.dispose()
    stored = {int(prefix[1:]): count for prefix, count in rows}
    assert {n: stored.get(n, 0) for n in acknowledged} == dict.fromkeys(acknowledged, BATCH)
    assert set(stored.values()) == {BATCH}  # whole batches only
    assert set(stored) <= set(sent)
