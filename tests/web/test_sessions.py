"""Signing in and out (halllayout/web/sessions.py), on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import ApiClient


def test_an_anonymous_browser_gets_a_csrf_token_and_no_identity(api: ApiClient) -> None:
    session = api.get("/api/session").get_json()
    assert session["csrf_token"]
    assert session["visitor"] is None and session["exhibitor"] is None and session["organiser"] is None


def test_a_change_without_the_csrf_token_is_refused_naming_the_header(api: ApiClient) -> None:
    response = api.post("/api/session/visitor", {"name": "A", "email": "a@b.example"}, csrf=False)
    assert response.status_code == 400
    assert response.get_json()["field"] == "X-CSRFToken"
    forged = api.post(
        "/api/session/visitor",
        {"name": "A", "email": "a@b.example"},
        csrf=False,
        headers={"X-CSRFToken": "x"},
    )
    assert forged.status_code == 400


def test_a_visitor_signs_in_with_name_company_and_email(api: ApiClient) -> None:
    response = api.post(
        "/api/session/visitor", {"name": " Li Wei ", "company": "Buyer Co", "email": "LI@B.example"}
    )
    assert response.status_code == 200
    visitor = response.get_json()["visitor"]
    assert (visitor["name"], visitor["company"], visitor["email"]) == ("Li Wei", "Buyer Co", "li@b.example")
    assert api.get("/api/session").get_json()["visitor"]["id"] == visitor["id"]


def test_a_visitor_without_an_email_is_told_which_field(api: ApiClient) -> None:
    response = api.post("/api/session/visitor", {"name": "Li Wei", "email": "not an email"})
    assert response.status_code == 422
    assert response.get_json()["field"] == "email"
    assert "email" in response.get_json()["error"]


def test_an_organiser_signs_in_only_with_the_right_password(
    api: ApiClient, organiser: tuple[str, str]
) -> None:
    wrong = api.post("/api/session/organiser", {"email": organiser[0], "password": "wrong password"})
    assert wrong.status_code == 401
    assert wrong.get_json() == {"error": "wrong email or password", "field": "password"}
    right = api.post("/api/session/organiser", {"email": organiser[0].upper(), "password": organiser[1]})
    assert right.status_code == 200
    assert right.get_json()["organiser"]["email"] == organiser[0]


def test_organiser_sign_in_is_rate_limited(api: ApiClient, organiser: tuple[str, str]) -> None:
    statuses = [
        api.post("/api/session/organiser", {"email": organiser[0], "password": f"guess {i}"}).status_code
        for i in range(12)
    ]
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429, 429]
    assert "error" in api.post("/api/session/organiser", {"email": "x", "password": "y"}).get_json()


def test_an_exhibitor_signs_in_with_its_invitation_and_a_new_one_replaces_it(
    api: ApiClient, new_api: Any, invite: Any
) -> None:
    old = invite("EX1", "展商 1")
    new = invite("EX1")
    refused = new_api().post("/api/session/exhibitor", {"token": old})
    assert refused.status_code == 401 and refused.get_json()["field"] == "token"
    exhibitor = api.as_exhibitor(new).get("/api/session").get_json()["exhibitor"]
    assert (exhibitor["ref"], exhibitor["name"], exhibitor["fair"]) == ("EX1", "展商 1", "demo")


def test_the_invitation_link_signs_in_and_opens_the_portal(api: ApiClient, invite: Any) -> None:
    token = invite("EX2")
    response = api.get(f"/api/session/invitation/{token}")
    assert response.status_code == 303 and response.headers["Location"] == "/exhibitor"
    assert api.get("/api/session").get_json()["exhibitor"]["ref"] == "EX2"
    assert api.get("/api/session/invitation/not-a-token").status_code == 401


def test_signing_out_forgets_every_role(api: ApiClient, organiser: tuple[str, str]) -> None:
    api.as_organiser()
    api.as_visitor()
    both = api.get("/api/session").get_json()
    assert both["organiser"]["email"] == organiser[0] and both["visitor"]["name"] == "Li Wei"
    session = api.delete("/api/session").get_json()
    assert session["visitor"] is None and session["organiser"] is None
