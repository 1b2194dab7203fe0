"""Rate limits (Flask-Limiter): on sign-in and uploads. In memory by default; set
`RATELIMIT_STORAGE_URI` (e.g. `redis://...`) when several processes or machines serve the site."""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, default_limits=[])
