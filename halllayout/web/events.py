"""Checking a batch of analytics events from the viewer and turning it into `events` rows.

The viewer sends `{"events": [{kind, at, hall?, booth?, product?, value?, x?, y?}, ...], "sent"?}`
(at most MAX_BATCH events). Every event is checked; the first bad one is named as
`events.<i>.<field>` with its value, and then none of the batch is stored. Checked by hand rather than
with marshmallow: this is the hot path of ingest (thousands of events a second), and the schemas in
analytics.py only document it.

`at` is the browser's clock (ISO 8601, e.g. `new Date().toISOString()`). When the batch carries `sent`
(the browser's clock when it sent the batch) every `at` is shifted by the server's now minus `sent`, so a
browser whose clock is wrong still files its events at the right time. Then an event may be at most
MAX_FUTURE ahead of the server's clock (a little is taken as now) and at most MAX_AGE old.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

#: What the viewer records (models.Event.kind).
KINDS = ("visit", "booth_visit", "product_view", "new_product_view", "position", "meeting_request")
#: The most events in one batch.
MAX_BATCH = 500
#: How far ahead of the server's clock an event may be (later is refused, earlier is taken as now).
MAX_FUTURE = dt.timedelta(minutes=5)
#: The oldest event a batch may carry.
MAX_AGE = dt.timedelta(days=1)
#: The most a browser's clock may be off (`sent` against the server's clock) and still be corrected.
MAX_SKEW = dt.timedelta(days=366)
#: The longest dwell time of one booth visit (s).
MAX_DWELL = 24 * 3600.0
#: The largest plan coordinate (m) a position may have.
MAX_COORDINATE = 100_000.0
#: Longest text of each field (the columns' sizes).
TEXT_LIMITS = {"hall": 32, "booth": 32, "product": 200}
#: Fields each kind needs besides kind and at.
REQUIRED = {
    "visit": (),
    "booth_visit": ("booth", "value"),
    "product_view": ("product",),
    "new_product_view": ("product",),
    "position": ("hall", "x", "y"),
    "meeting_request": ("booth",),
}
KNOWN_FIELDS = frozenset(("kind", "at", "hall", "booth", "product", "value", "x", "y"))


class BadEvent(ValueError):
    """A batch the ingest refuses: the field path (`events.3.at`) and a message naming the value."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = f"{field}: {message}"


def _parse_time(value: Any, field: str) -> dt.datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise BadEvent(field, f"an ISO 8601 time is needed, got {value!r}")
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise BadEvent(field, f"not an ISO 8601 time: {value!r}") from None
    if parsed.tzinfo is None:
        raise BadEvent(field, f"the time needs a time zone (e.g. Z): {value!r}")
    return parsed.astimezone(dt.UTC)


def _number(value: Any, field: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise BadEvent(field, f"a number is needed, got {value!r}")
    if not low <= value <= high:
        raise BadEvent(field, f"{value!r} is outside {low:g}..{high:g}")
    return float(value)


def _text(value: Any, field: str, limit: int) -> str:
    if not isinstance(value, str) or not value or len(value) > limit:
        raise BadEvent(field, f"a text of 1 to {limit} characters is needed, got {value!r}")
    return value


def event_rows(document: Any, fair_id: int, visitor: str, now: dt.datetime) -> list[dict[str, Any]]:
    """The `events` rows of a batch, every event checked; raises BadEvent naming the first bad one.

    `now` is the server's clock (timezone-aware); the rows' `at` are timezone-aware, in UTC.
    """
    if not isinstance(document, dict):
        raise BadEvent(
            "events", f'a JSON object {{"events": [...]}} is needed, got {type(document).__name__}'
        )
    events = document.get("events")
    if not isinstance(events, list) or not events:
        raise BadEvent("events", f"a non-empty list of events is needed, got {events!r:.80}")
    if len(events) > MAX_BATCH:
        raise BadEvent("events", f"at most {MAX_BATCH} events in one batch, got {len(events)}")
    skew = dt.timedelta(0)
    if document.get("sent") is not None:
        skew = now - _parse_time(document["sent"], "sent")
        if abs(skew) > MAX_SKEW:
            raise BadEvent(
                "sent", f"{document['sent']!r:.80} is more than {MAX_SKEW.days} days off the server's clock"
            )
    now = now.astimezone(dt.UTC)
    earliest, latest = now - MAX_AGE, now + MAX_FUTURE
    rows = []
    for i, event in enumerate(events):
        where = f"events.{i}"
        if not isinstance(event, dict):
            raise BadEvent(where, f"an object is needed, got {event!r:.80}")
        unknown = event.keys() - KNOWN_FIELDS
        if unknown:
            name = sorted(unknown)[0]
            raise BadEvent(f"{where}.{name}", f"unknown field (value {event[name]!r:.80})")
        kind = event.get("kind")
        if kind not in REQUIRED:
            raise BadEvent(f"{where}.kind", f"{kind!r:.80} is not one of {', '.join(KINDS)}")
        for name in REQUIRED[kind]:
            if event.get(name) is None:
                raise BadEvent(f"{where}.{name}", f"a {kind} event needs {name}")
        try:
            at = _parse_time(event.get("at"), f"{where}.at") + skew
        except OverflowError:
            raise BadEvent(f"{where}.at", f"{event['at']!r:.80} is out of range") from None
        if at > latest or at < earliest:
            raise BadEvent(
                f"{where}.at",
                f"{event['at']!r} is not within {MAX_AGE} before and {MAX_FUTURE} after the server's clock",
            )
        row: dict[str, Any] = {
            "fair_id": fair_id,
            "kind": kind,
            "at": min(at, now),
            "visitor_key": visitor,
            "hall": "",
            "booth_number": "",
            "product_id": "",
            "value": 0.0,
            "x": None,
            "y": None,
        }
        for name, column in (("hall", "hall"), ("booth", "booth_number"), ("product", "product_id")):
            if event.get(name) is not None:
                row[column] = _text(event[name], f"{where}.{name}", TEXT_LIMITS[name])
        if event.get("value") is not None:
            row["value"] = _number(event["value"], f"{where}.value", 0.0, MAX_DWELL)
        for name in ("x", "y"):
            if event.get(name) is not None:
                row[name] = _number(event[name], f"{where}.{name}", -MAX_COORDINATE, MAX_COORDINATE)
        rows.append(row)
    return rows
