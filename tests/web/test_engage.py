"""Visitors meeting exhibitors (halllayout/web/engage.py): meetings, messages, cards and bookmarks, and who
may see and do what, on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from halllayout.web import engage
from halllayout.web.analytics import record_event
from tests.web.conftest import ApiClient, booth_numbers

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def slot(days: int = 1, hour: int = 10, minute: int = 30, length: int = 30, **extra: Any) -> dict[str, Any]:
    """A meeting request as viewer/src/engage.js sends it: a slot `days` from now, local time +08:00."""
    day = dt.datetime.now(SHANGHAI).date() + dt.timedelta(days=days)
    start = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)
    end = start + dt.timedelta(minutes=length)
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "time_zone": "Asia/Shanghai",
        "note": "",
    } | extra


def utc(local: str) -> str:
    return dt.datetime.fromisoformat(local).astimezone(dt.UTC).isoformat()


@pytest.fixture
def booths(fair_dir: Path) -> dict[str, str]:
    """Each exhibitor ref's booth number: EX0 ... EX5."""
    return booth_numbers(fair_dir)


@pytest.fixture
def visitor(api: ApiClient) -> ApiClient:
    return api.as_visitor("Li Wei", "li.wei@buyer.example", "Buyer Co")


@pytest.fixture
def other_visitor(new_api: Any) -> ApiClient:
    client: ApiClient = new_api().as_visitor("Anna Berg", "anna@other.example", "Other GmbH")
    return client


@pytest.fixture
def exhibitor(new_api: Any, invite: Any) -> ApiClient:
    """EX1, signed in with its invitation."""
    client: ApiClient = new_api().as_exhibitor(invite("EX1", "展商 1"))
    return client


@pytest.fixture
def other_exhibitor(new_api: Any, invite: Any) -> ApiClient:
    """EX2, signed in with its invitation."""
    client: ApiClient = new_api().as_exhibitor(invite("EX2", "展商 2"))
    return client


def items(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.get_json()
    document: dict[str, Any] = response.get_json()
    assert set(document) == {"items", "page", "per_page", "total"}
    assert document["total"] == len(document["items"]) or document["per_page"] < document["total"]
    result: list[dict[str, Any]] = document["items"]
    return result


# meetings


def test_a_visitor_requests_a_meeting_as_the_viewer_sends_it(
    visitor: ApiClient, booths: dict[str, str]
) -> None:
    body = slot(note=" About the duck ")
    response = visitor.post(f"/api/booths/{booths['EX1']}/meetings", body)
    assert response.status_code == 201, response.get_json()
    meeting = response.get_json()
    created = meeting.pop("created_at")
    assert meeting == {
        "id": meeting["id"],
        "booth": booths["EX1"],
        "start": utc(body["start"]),
        "end": utc(body["end"]),
        "time_zone": "Asia/Shanghai",
        "note": "About the duck",
        "status": "requested",
    }
    assert meeting["start"].endswith("T02:30:00+00:00")
    assert abs(dt.datetime.fromisoformat(created) - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    listed = items(visitor.get("/api/me/meetings"))
    assert [(m["id"], m["start"], m["status"]) for m in listed] == [
        (meeting["id"], utc(body["start"]), "requested")
    ]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        (slot(length=-30), "end", "is not after the start"),
        (slot(length=0), "end", "is not after the start"),
        (slot(length=60), "end", "a meeting is a 30-minute slot, this one is 60 minutes"),
        (slot(minute=15), "start", "slots start on the hour or half hour"),
        (slot(days=-1), "start", "is in the past"),
        (slot(days=400), "start", "is more than a year ahead"),
        (slot(note="x" * 2001), "note", "note"),
        (slot() | {"start": "2030-01-02T10:30:00"}, "start", "start"),
        ({"end": slot()["end"]}, "start", "Missing data"),
    ],
)
def test_a_meeting_is_a_future_30_minute_slot(
    visitor: ApiClient, booths: dict[str, str], body: dict[str, Any], field: str, words: str
) -> None:
    response = visitor.post(f"/api/booths/{booths['EX1']}/meetings", body)
    assert response.status_code == 422
    assert response.get_json()["field"] == field
    assert words in response.get_json()["error"]
    assert items(visitor.get("/api/me/meetings")) == []


def test_a_note_of_2000_characters_is_taken(visitor: ApiClient, booths: dict[str, str]) -> None:
    response = visitor.post(f"/api/booths/{booths['EX1']}/meetings", slot(note="x" * 2000))
    assert response.status_code == 201 and len(response.get_json()["note"]) == 2000


def test_overlapping_meetings_at_one_booth_are_refused_until_cancelled(
    visitor: ApiClient, other_visitor: ApiClient, booths: dict[str, str]
) -> None:
    first = visitor.post(f"/api/booths/{booths['EX1']}/meetings", slot(hour=10, minute=30)).get_json()
    again = visitor.post(f"/api/booths/{booths['EX1']}/meetings", slot(hour=10, minute=30))
    assert again.status_code == 409
    assert again.get_json() == {
        "error": f"you have asked for a meeting at booth {booths['EX1']} at this time already "
        f"(request {first['id']}, requested)",
        "field": "start",
    }
    # the next slot, another booth, another visitor: no overlap
    assert visitor.post(f"/api/booths/{booths['EX1']}/meetings", slot(hour=11)).status_code == 201
    assert visitor.post(f"/api/booths/{booths['EX2']}/meetings", slot(hour=10, minute=30)).status_code == 201
    assert other_visitor.post(f"/api/booths/{booths['EX1']}/meetings", slot(minute=30)).status_code == 201
    # cancelled, the slot is free again
    cancelled = visitor.post(f"/api/me/meetings/{first['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    assert visitor.post(f"/api/me/meetings/{first['id']}/cancel").get_json()["status"] == "cancelled"
    assert visitor.post(f"/api/booths/{booths['EX1']}/meetings", slot(minute=30)).status_code == 201
    statuses = [m["status"] for m in items(visitor.get(f"/api/me/meetings?booth={booths['EX1']}"))]
    assert sorted(statuses) == ["cancelled", "requested", "requested"]
    assert len(items(visitor.get("/api/me/meetings?status=requested"))) == 3


def test_a_booth_that_is_not_in_the_fair_is_404_naming_it(visitor: ApiClient) -> None:
    for what, body in [("meetings", slot()), ("messages", {"message": "hi"}), ("bookmarks", {})]:
        response = visitor.post(f"/api/booths/Z9999/{what}", body)
        assert response.status_code == 404
        assert response.get_json() == {"error": "no booth 'Z9999' in this fair", "field": "number"}
    card = {"name": "Li Wei", "email": "li@b.example"}
    assert visitor.post("/api/booths/Z9999/cards", card).status_code == 404
    assert visitor.delete("/api/booths/Z9999/bookmarks").status_code == 404


def test_the_exhibitor_accepts_and_declines_requests_at_its_booths(
    visitor: ApiClient, exhibitor: ApiClient, booths: dict[str, str]
) -> None:
    number = booths["EX1"]
    one = visitor.post(f"/api/booths/{number}/meetings", slot(hour=9, minute=0)).get_json()
    two = visitor.post(f"/api/booths/{number}/meetings", slot(hour=9, minute=30)).get_json()
    three = visitor.post(f"/api/booths/{number}/meetings", slot(hour=10, minute=0)).get_json()
    listed = items(exhibitor.get("/api/exhibitor/meetings"))
    assert [m["id"] for m in listed] == [one["id"], two["id"], three["id"]]
    assert listed[0]["visitor"] == {
        "id": listed[0]["visitor"]["id"],
        "name": "Li Wei",
        "company": "Buyer Co",
        "email": "li.wei@buyer.example",
    }
    accepted = exhibitor.post(f"/api/exhibitor/meetings/{one['id']}/accept")
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted"
    assert exhibitor.post(f"/api/exhibitor/meetings/{two['id']}/decline").get_json()["status"] == "declined"
    assert visitor.post(f"/api/me/meetings/{three['id']}/cancel").status_code == 200

    by_status = {
        status: [m["id"] for m in items(exhibitor.get(f"/api/exhibitor/meetings?status={status}"))]
        for status in ("requested", "accepted", "declined", "cancelled")
    }
    assert by_status == {
        "requested": [],
        "accepted": [one["id"]],
        "declined": [two["id"]],
        "cancelled": [three["id"]],
    }
    # a cancelled request cannot be accepted; a declined one cannot be cancelled
    refused = exhibitor.post(f"/api/exhibitor/meetings/{three['id']}/accept")
    assert refused.status_code == 409
    assert refused.get_json()["error"] == f"meeting request {three['id']} is cancelled: it cannot be accepted"
    assert visitor.post(f"/api/me/meetings/{two['id']}/cancel").status_code == 409
    # the exhibitor may change its mind
    assert exhibitor.post(f"/api/exhibitor/meetings/{two['id']}/accept").get_json()["status"] == "accepted"
    mine = {m["id"]: m["status"] for m in items(visitor.get("/api/me/meetings"))}
    assert mine == {one["id"]: "accepted", two["id"]: "accepted", three["id"]: "cancelled"}
    bad = exhibitor.get("/api/exhibitor/meetings?status=maybe")
    assert bad.status_code == 422 and bad.get_json()["field"] == "status"


def test_lists_come_a_page_at_a_time(
    visitor: ApiClient, exhibitor: ApiClient, booths: dict[str, str]
) -> None:
    for hour in (9, 10, 11):
        visitor.post(f"/api/booths/{booths['EX1']}/meetings", slot(hour=hour, minute=0))
    page = exhibitor.get("/api/exhibitor/meetings?per_page=2&page=2").get_json()
    assert (page["page"], page["per_page"], page["total"], len(page["items"])) == (2, 2, 3, 1)
    assert page["items"][0]["start"] == utc(slot(hour=11, minute=0)["start"])
    assert exhibitor.get("/api/exhibitor/meetings?per_page=101").status_code == 422


# messages


def test_a_visitor_and_an_exhibitor_talk_in_one_conversation(
    visitor: ApiClient, other_visitor: ApiClient, exhibitor: ApiClient, booths: dict[str, str]
) -> None:
    number = booths["EX1"]
    sent = visitor.post(f"/api/booths/{number}/messages", {"message": " Do you ship to Chengdu? "})
    assert sent.status_code == 201
    message = sent.get_json()
    visitor_id = message["visitor_id"]
    assert {k: v for k, v in message.items() if k not in ("id", "created_at")} == {
        "booth": number,
        "visitor_id": visitor_id,
        "sender": "visitor",
        "message": "Do you ship to Chengdu?",
    }
    other_visitor.post(f"/api/booths/{number}/messages", {"message": "Hello"})
    visitor.post(f"/api/booths/{booths['EX2']}/messages", {"message": "And you?"})

    inbox = items(exhibitor.get("/api/exhibitor/messages"))
    assert [(m["visitor"]["name"], m["message"]) for m in inbox] == [
        ("Li Wei", "Do you ship to Chengdu?"),
        ("Anna Berg", "Hello"),
    ]
    answer = exhibitor.post(
        "/api/exhibitor/messages", {"visitor_id": visitor_id, "booth": number, "message": "Yes, we do."}
    )
    assert answer.status_code == 201
    assert (answer.get_json()["sender"], answer.get_json()["visitor"]["id"]) == ("exhibitor", visitor_id)
    one = items(exhibitor.get(f"/api/exhibitor/messages?visitor={visitor_id}"))
    assert [(m["sender"], m["message"]) for m in one] == [
        ("visitor", "Do you ship to Chengdu?"),
        ("exhibitor", "Yes, we do."),
    ]
    # the visitor sees both sides of its conversations, and may ask for one booth's
    assert [m["message"] for m in items(visitor.get("/api/me/messages"))] == [
        "Do you ship to Chengdu?",
        "And you?",
        "Yes, we do.",
    ]
    at_booth = items(visitor.get(f"/api/me/messages?booth={number}"))
    assert [m["sender"] for m in at_booth] == ["visitor", "exhibitor"]
    assert [m["message"] for m in items(other_visitor.get("/api/me/messages"))] == ["Hello"]


def test_a_message_is_1_to_2000_characters(visitor: ApiClient, booths: dict[str, str]) -> None:
    url = f"/api/booths/{booths['EX1']}/messages"
    for text, field in [("", "message"), ("   ", "message"), ("x" * 2001, "message")]:
        response = visitor.post(url, {"message": text})
        assert (response.status_code, response.get_json()["field"]) == (422, field)
    assert visitor.post(url, {}).get_json()["field"] == "message"
    assert visitor.post(url, {"message": "x" * 2000}).status_code == 201


def test_an_exhibitor_answers_only_conversations_a_visitor_started(
    visitor: ApiClient, exhibitor: ApiClient, booths: dict[str, str]
) -> None:
    visitor_id = visitor.get("/api/session").get_json()["visitor"]["id"]
    unasked = exhibitor.post(
        "/api/exhibitor/messages", {"visitor_id": visitor_id, "booth": booths["EX1"], "message": "Buy now!"}
    )
    assert unasked.status_code == 404
    assert unasked.get_json() == {
        "error": f"visitor {visitor_id} has not written to booth {booths['EX1']}",
        "field": "visitor_id",
    }
    assert items(visitor.get("/api/me/messages")) == []


def test_messages_and_meetings_are_rate_limited_per_visitor(
    visitor: ApiClient, other_visitor: ApiClient, booths: dict[str, str]
) -> None:
    url = f"/api/booths/{booths['EX1']}/messages"
    statuses = [visitor.post(url, {"message": f"hello {i}"}).status_code for i in range(31)]
    assert statuses == [201] * 30 + [429]
    assert other_visitor.post(url, {"message": "me too"}).status_code == 201
    meetings = [
        other_visitor.post(
            f"/api/booths/{booths['EX1']}/meetings",
            slot(days=1 + i // 16, hour=9 + i % 16 // 2, minute=30 * (i % 2)),
        ).status_code
        for i in range(31)
    ]
    assert meetings == [201] * 30 + [429]


# business cards and bookmarks


def test_a_card_left_again_at_a_booth_is_updated(
    visitor: ApiClient, exhibitor: ApiClient, booths: dict[str, str]
) -> None:
    url = f"/api/booths/{booths['EX1']}/cards"
    first = visitor.post(url, {"name": "Li Wei", "company": "Buyer Co", "email": "li.wei@buyer.example"})
    assert first.status_code == 201
    second = visitor.post(url, {"name": "Li Wei", "company": "New Co", "email": "li@new.example"})
    assert second.status_code == 200 and second.get_json()["id"] == first.get_json()["id"]
    cards = items(exhibitor.get("/api/exhibitor/cards"))
    assert [(c["booth"], c["name"], c["company"], c["email"]) for c in cards] == [
        (booths["EX1"], "Li Wei", "New Co", "li@new.example")
    ]
    assert items(visitor.get("/api/me/cards")) == cards
    bad = visitor.post(url, {"name": "Li Wei", "email": "not an email"})
    assert bad.status_code == 422 and bad.get_json()["field"] == "email"


def test_bookmarks_are_idempotent(visitor: ApiClient, booths: dict[str, str]) -> None:
    url = f"/api/booths/{booths['EX1']}/bookmarks"
    first = visitor.post(url, {})
    assert first.status_code == 201
    again = visitor.post(url, {})
    assert again.status_code == 200 and again.get_json()["id"] == first.get_json()["id"]
    visitor.post(f"/api/booths/{booths['EX3']}/bookmarks", {})
    assert sorted(b["booth"] for b in items(visitor.get("/api/me/bookmarks"))) == sorted(
        [booths["EX1"], booths["EX3"]]
    )
    assert visitor.delete(url).status_code == 204
    assert visitor.delete(url).status_code == 204
    assert [b["booth"] for b in items(visitor.get("/api/me/bookmarks"))] == [booths["EX3"]]


# who may see and do what


def test_exhibitor_a_cannot_read_or_act_on_booth_b(
    visitor: ApiClient, exhibitor: ApiClient, other_exhibitor: ApiClient, booths: dict[str, str]
) -> None:
    theirs = booths["EX2"]
    meeting = visitor.post(f"/api/booths/{theirs}/meetings", slot()).get_json()
    visitor.post(f"/api/booths/{theirs}/messages", {"message": "for EX2 only"})
    visitor.post(f"/api/booths/{theirs}/cards", {"name": "Li Wei", "email": "li@b.example"})
    visitor_id = meeting and visitor.get("/api/session").get_json()["visitor"]["id"]

    # EX1 sees nothing of it
    for what in ("meetings", "messages", "cards"):
        assert items(exhibitor.get(f"/api/exhibitor/{what}")) == []
        response = exhibitor.get(f"/api/exhibitor/{what}?booth={theirs}")
        assert response.status_code == 404
        assert response.get_json() == {
            "error": f"booth {theirs!r} is not one of your booths",
            "field": "booth",
        }
    for action in ("accept", "decline"):
        response = exhibitor.post(f"/api/exhibitor/meetings/{meeting['id']}/{action}")
        assert response.status_code == 404
        assert response.get_json()["error"] == f"no meeting request {meeting['id']} at your booths"
    # the same answer as a meeting that does not exist
    assert exhibitor.post("/api/exhibitor/meetings/999999/accept").get_json()["error"] == (
        "no meeting request 999999 at your booths"
    )
    reply = exhibitor.post(
        "/api/exhibitor/messages", {"visitor_id": visitor_id, "booth": theirs, "message": "mine now"}
    )
    assert reply.status_code == 404 and reply.get_json()["field"] == "booth"
    # EX2 sees all of it, untouched
    assert [m["status"] for m in items(other_exhibitor.get("/api/exhibitor/meetings"))] == ["requested"]
    assert [m["message"] for m in items(other_exhibitor.get("/api/exhibitor/messages"))] == ["for EX2 only"]
    assert len(items(other_exhibitor.get(f"/api/exhibitor/cards?booth={theirs}"))) == 1


def test_visitor_x_cannot_read_or_cancel_what_visitor_y_has(
    visitor: ApiClient, other_visitor: ApiClient, booths: dict[str, str]
) -> None:
    number = booths["EX1"]
    meeting = other_visitor.post(f"/api/booths/{number}/meetings", slot()).get_json()
    other_visitor.post(f"/api/booths/{number}/messages", {"message": "private"})
    other_visitor.post(f"/api/booths/{number}/bookmarks", {})

    other_visitor.post(f"/api/booths/{number}/cards", {"name": "Anna Berg", "email": "anna@other.example"})

    for what in ("meetings", "messages", "cards", "bookmarks"):
        assert items(visitor.get(f"/api/me/{what}")) == []
    assert items(visitor.get(f"/api/me/messages?booth={number}")) == []
    cancel = visitor.post(f"/api/me/meetings/{meeting['id']}/cancel")
    assert cancel.status_code == 404
    assert cancel.get_json() == {
        "error": f"you have no meeting request {meeting['id']}",
        "field": "meeting_id",
    }
    assert [m["status"] for m in items(other_visitor.get("/api/me/meetings"))] == ["requested"]
    # a visitor is not an exhibitor, and an exhibitor is not a visitor
    assert visitor.get("/api/exhibitor/meetings").status_code == 401


VISITOR_CALLS = [
    ("POST", "/api/booths/{n}/meetings", slot()),
    ("POST", "/api/booths/{n}/messages", {"message": "hi"}),
    ("POST", "/api/booths/{n}/cards", {"name": "A", "email": "a@b.example"}),
    ("POST", "/api/booths/{n}/bookmarks", {}),
    ("DELETE", "/api/booths/{n}/bookmarks", None),
    ("GET", "/api/me/meetings", None),
    ("GET", "/api/me/messages", None),
    ("GET", "/api/me/bookmarks", None),
    ("GET", "/api/me/cards", None),
    ("POST", "/api/me/meetings/1/cancel", None),
]
EXHIBITOR_CALLS = [
    ("GET", "/api/exhibitor/meetings", None),
    ("POST", "/api/exhibitor/meetings/1/accept", None),
    ("POST", "/api/exhibitor/meetings/1/decline", None),
    ("GET", "/api/exhibitor/messages", None),
    ("POST", "/api/exhibitor/messages", {"visitor_id": 1, "booth": "A0101", "message": "hi"}),
    ("GET", "/api/exhibitor/cards", None),
]


def test_an_anonymous_browser_can_do_none_of_it(api: ApiClient, booths: dict[str, str]) -> None:
    for method, url, body in VISITOR_CALLS + EXHIBITOR_CALLS:
        response = api.send(method, url.format(n=booths["EX1"]), body)
        assert response.status_code == 401, (method, url)
    visitor_said = api.post(f"/api/booths/{booths['EX1']}/meetings", slot()).get_json()["error"]
    assert visitor_said == "sign in with your name and email first: POST /api/session/visitor"
    exhibitor_said = api.get("/api/exhibitor/meetings").get_json()["error"]
    assert exhibitor_said == "exhibitor sign-in required: open your invitation link"


def test_an_exhibitor_is_not_a_visitor(exhibitor: ApiClient, booths: dict[str, str]) -> None:
    for method, url, body in VISITOR_CALLS:
        assert exhibitor.send(method, url.format(n=booths["EX1"]), body).status_code == 401, (method, url)


def test_a_change_without_the_csrf_token_is_refused(
    visitor: ApiClient, exhibitor: ApiClient, booths: dict[str, str]
) -> None:
    for method, url, body in VISITOR_CALLS:
        if method != "GET":
            response = visitor.send(method, url.format(n=booths["EX1"]), body, csrf=False)
            assert (response.status_code, response.get_json()["field"]) == (400, "X-CSRFToken"), url
    for method, url, body in EXHIBITOR_CALLS:
        if method != "GET":
            assert exhibitor.send(method, url, body, csrf=False).status_code == 400, url
    assert items(visitor.get("/api/me/meetings")) == []
    assert items(visitor.get("/api/me/bookmarks")) == []


def test_the_openapi_document_describes_every_call(api: ApiClient) -> None:
    document = api.get("/api/openapi.json").get_json()
    paths = document["paths"]
    for method, url, _body in VISITOR_CALLS + EXHIBITOR_CALLS:
        path = url.replace("{n}", "{number}").replace("/1/", "/{meeting_id}/")
        assert method.lower() in paths[path], f"{method} {path} is not documented"
    meeting = paths["/api/booths/{number}/meetings"]["post"]
    assert set(meeting["responses"]) >= {"201", "401", "404", "409", "422", "429"}
    schemas = document["components"]["schemas"]
    assert set(schemas["MeetingRequestArgs"]["required"]) == {"start", "end"}
    assert {"items", "page", "per_page", "total"} <= set(schemas["ExhibitorMeetingPage"]["properties"])


def test_a_meeting_request_is_counted_in_the_exhibitors_figures(
    visitor: ApiClient, exhibitor: ApiClient, booths: dict[str, str]
) -> None:
    assert visitor.post(f"/api/booths/{booths['EX1']}/meetings", slot()).status_code == 201
    figures = exhibitor.get("/api/exhibitor/analytics").get_json()
    assert figures["totals"]["meeting_requests"] == 1


def test_one_meeting_request_sent_twice_at_once_makes_one_meeting(
    app: Any, visitor: ApiClient, booths: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # a double click or a retry: the two requests reach the server together. Each waits, after its
    # check for an overlapping request, for the other to get there too (at most 2 s); before, both
    # found none and both were written
    twin = ApiClient(app.test_client())
    twin._csrf = visitor.csrf()  # first: fetching the token may set the cookie
    cookie = visitor.client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    twin.client.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    together = threading.Barrier(2, timeout=2)
    real = record_event

    def after_the_check(*args: Any, **kwargs: Any) -> None:
        # broken after 2 s: the other request is waiting for this one to commit
        with contextlib.suppress(threading.BrokenBarrierError):
            together.wait()
        real(*args, **kwargs)

    monkeypatch.setattr(engage, "record_event", after_the_check)
    url = f"/api/booths/{booths['EX1']}/meetings"
    body = slot(hour=15)
    with ThreadPoolExecutor(2) as pool:
        statuses = sorted(pool.map(lambda client: client.post(url, body).status_code, [visitor, twin]))
    assert statuses == [201, 409]
    assert len(items(visitor.get(f"/api/me/meetings?booth={booths['EX1']}"))) == 1
