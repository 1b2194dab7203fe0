"""gunicorn's settings for the fair platform: `gunicorn -c gunicorn.conf.py 'app:create_app()'`.

Threads, as a request mostly waits on the database or the network; several processes, as Python runs
one thread at a time per process. On 2 cores, 3 or 4 processes of 8 threads served 6,000-7,500
requests/s to 200 clients, more than 2 processes (benchmarks/bench_platform.py); 3 take less memory.
Any setting may be given on the command line too (`-w 4`), or as $GUNICORN_CMD_ARGS.
"""

from typing import Any

worker_class = "gthread"
workers = 3
threads = 8
# visitors' phones keep their connection between the manifest, booth pages and GLBs
keepalive = 30
backlog = 2048


def post_worker_init(worker: Any) -> None:
    """Each worker, once it has loaded the app: the manifest made once, and the app's long-lived
    objects moved out of the garbage collector's way (halllayout.web.settle)."""
    from halllayout.web import settle

    settle(worker.wsgi)
