"""The organiser's API (halllayout/web/organiser.py) and the layout job (builds.py): upload, build,
versions, plans, publish and roll back, edits, exhibitors and invitations; and who may do it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from tests.web.conftest import ApiClient, digest_of, upload

DATA = Path(__file__).resolve().parents[1] / "data"
PAVILION = (DATA / "halls" / "pavilion-40x30.json").read_bytes()
BOOTHS = b"ref,exhibitor,width,depth\n" + b"".join(f"N{i},Newco {i},3,3\n".encode() for i in range(8))


def job_of(api: ApiClient, response: TestResponse) -> dict[str, Any]:
    assert response.status_code == 202, response.get_json()
    job = api.get(response.get_json()["url"])
    assert job.status_code == 200
    return dict(job.get_json())


def exhibitors(api: ApiClient) -> set[str]:
    manifest = api.get("/api/fair").get_json()
    return {b["exhibitor"] for hall in manifest["halls"] for b in hall["booths"]}


def test_upload_build_publish_and_roll_back(boss: ApiClient, new_api: Any) -> None:
    visitor = new_api()
    before = exhibitors(visitor)
    booths = upload(boss, "booths.csv", BOOTHS)
    assert booths.status_code == 201
    assert booths.get_json()["name"] == "booths.csv" and booths.get_json()["size"] == len(BOOTHS)
    hall = digest_of(boss, "pavilion-40x30.json", PAVILION)

    job = job_of(
        boss, boss.post("/api/organiser/builds", {"booths": booths.get_json()["digest"], "halls": [hall]})
    )
    assert (job["status"], job["progress"], job["result"]["version"]) == ("done", 1.0, 2), job
    assert job["result"]["booths"] == 8 and job["result"]["passed"] is True

    versions = boss.get("/api/organiser/versions").get_json()
    assert versions["total"] == 2
    assert [(v["number"], v["published"]) for v in versions["items"]] == [(2, False), (1, True)]
    detail = boss.get("/api/organiser/versions/2").get_json()
    assert detail["report"]["passed"] is True and detail["metrics"]["booths"]["placed"] == 8
    assert detail["summary"]["passed"] is True and detail["summary"]["booths"] == 8
    assert "booths.csv" in detail["files"] and any(f.endswith(".svg") for f in detail["files"])
    svg = next(f for f in detail["files"] if f.endswith(".svg"))
    plan = boss.get(f"/api/organiser/versions/2/files/{svg}")
    assert plan.status_code == 200 and plan.mimetype == "image/svg+xml" and b"<svg" in plan.data
    assert boss.get("/api/organiser/versions/2/files/booths.csv").data.startswith(b"")
    assert boss.get("/api/organiser/versions/2/files/../../secret_key").status_code == 404
    assert boss.get("/api/organiser/versions/9").status_code == 404

    assert exhibitors(visitor) == before  # built, not published
    published = boss.post("/api/organiser/versions/2/publish")
    assert published.status_code == 200 and published.get_json()["published"] is True
    assert exhibitors(visitor) == {f"Newco {i}" for i in range(8)}
    assert visitor.get("/api/search?q=Newco").get_json()["total"] == 8

    boss.post("/api/organiser/versions/1/publish")  # roll back
    assert exhibitors(visitor) == before
    listed = boss.get("/api/organiser/versions").get_json()["items"]
    assert [(v["number"], v["published"]) for v in listed] == [(2, False), (1, True)]


def test_edits_move_and_swap_booths_into_a_new_version(boss: ApiClient) -> None:
    booths = digest_of(boss, "booths.csv", BOOTHS)
    hall = digest_of(boss, "pavilion.json", PAVILION)
    job_of(boss, boss.post("/api/organiser/builds", {"booths": booths, "halls": [hall]}))
    layout = boss.get("/api/organiser/versions/2/files/layout.json").get_json()
    placed = {b["ref"]: b for b in layout["halls"][0]["booths"]}
    a, b = placed["N0"], placed["N1"]

    job = job_of(boss, boss.post("/api/organiser/versions/2/edits", {"swaps": [[a["number"], b["number"]]]}))
    assert job["status"] == "done" and job["result"]["version"] == 3, job
    assert job["result"]["changes"]["kept"] == 8 and job["result"]["changes"]["added"] == []
    after = boss.get("/api/organiser/versions/3/files/layout.json").get_json()
    moved = {x["ref"]: x for x in after["halls"][0]["booths"]}
    assert (moved["N0"]["number"], moved["N0"]["rect"]) == (b["number"], b["rect"])
    assert (moved["N1"]["number"], moved["N1"]["rect"]) == (a["number"], a["rect"])
    assert boss.get("/api/organiser/versions/3").get_json()["summary"]["changes"]["kept"] == 8

    unknown = boss.post("/api/organiser/versions/2/edits", {"pins": ["Z999"]})
    assert unknown.status_code == 422 and "Z999" in unknown.get_json()["error"]


def test_a_bad_booth_list_fails_the_job_naming_file_row_and_column(boss: ApiClient) -> None:
    bad = (DATA / "booths" / "bad" / "bad-numbers.csv").read_bytes()
    booths = digest_of(boss, "bad-numbers.csv", bad)
    hall = digest_of(boss, "pavilion.json", PAVILION)
    job = job_of(boss, boss.post("/api/organiser/builds", {"booths": booths, "halls": [hall]}))
    assert job["status"] == "failed"
    assert "bad-numbers.csv row 3, column width" in job["message"] and "\n" not in job["message"]
    problems = job["result"]["problems"]
    assert {"file": "bad-numbers.csv", "row": 3, "column": "width"}.items() <= problems[0].items()
    assert "Traceback" not in job["message"]
    assert boss.get("/api/organiser/versions").get_json()["total"] == 1  # no version made


def test_a_build_names_an_unknown_digest_and_needs_a_hall(boss: ApiClient) -> None:
    booths = digest_of(boss, "booths.csv", BOOTHS)
    missing = boss.post("/api/organiser/builds", {"booths": booths, "halls": ["0" * 64]})
    assert missing.status_code == 422 and missing.get_json()["field"] == "halls"
    no_hall = boss.post("/api/organiser/builds", {"booths": booths})
    assert no_hall.status_code == 422 and no_hall.get_json()["field"] == "halls"
    bad = boss.post("/api/organiser/builds", {"booths": "nope", "halls": []})
    assert bad.status_code == 422 and bad.get_json()["field"] == "booths"


def test_an_upload_of_another_kind_or_too_large_is_refused(app: Flask, boss: ApiClient) -> None:
    wrong = upload(boss, "booths.exe", b"MZ")
    assert wrong.status_code == 422 and wrong.get_json()["field"] == "file"
    app.config["UPLOAD_LIMIT"] = 1000
    app.extensions.pop("halllayout.store", None)
    big = upload(boss, "booths.csv", BOOTHS * 100)
    assert big.status_code == 413 and big.is_json
    assert big.get_json() == {"error": "upload too large: the limit is 1,000 bytes", "field": "file"}


def test_a_change_without_the_csrf_token_is_refused(boss: ApiClient) -> None:
    response = boss.post("/api/organiser/versions/1/publish", csrf=False)
    assert response.status_code == 400 and "CSRF" in response.get_json()["error"]


def test_exhibitors_are_listed_and_invited_with_a_link(boss: ApiClient, new_api: Any) -> None:
    page = boss.get("/api/organiser/exhibitors?per_page=4").get_json()
    assert page["total"] == 6 and [e["ref"] for e in page["items"]] == ["EX0", "EX1", "EX2", "EX3"]
    assert page["items"][0]["name"] == "展商 0" and len(page["items"][0]["booths"]) == 1
    assert page["items"][0]["invited"] is False
    invited = boss.post("/api/organiser/exhibitors/EX1/invitation")
    assert invited.status_code == 201
    url = invited.get_json()["url"]
    assert url.startswith("/api/session/invitation/")
    company = new_api()
    assert company.get(url).status_code == 303
    assert company.get("/api/session").get_json()["exhibitor"]["ref"] == "EX1"
    assert boss.get("/api/organiser/exhibitors?page=1&per_page=2").get_json()["items"][1]["invited"] is True
    assert boss.post("/api/organiser/exhibitors/NOPE/invitation").status_code == 404


ENDPOINTS = [
    ("POST", "/api/organiser/inputs"),
    ("POST", "/api/organiser/builds"),
    ("GET", "/api/organiser/versions"),
    ("GET", "/api/organiser/versions/1"),
    ("GET", "/api/organiser/versions/1/files/layout.json"),
    ("POST", "/api/organiser/versions/1/publish"),
    ("POST", "/api/organiser/versions/1/edits"),
    ("GET", "/api/organiser/exhibitors"),
    ("POST", "/api/organiser/exhibitors/EX1/invitation"),
]


@pytest.mark.parametrize("role", ["anonymous", "visitor", "exhibitor"])
def test_only_an_organiser_may_use_the_organiser_api(api: ApiClient, invite: Any, role: str) -> None:
    if role == "visitor":
        api.as_visitor()
    elif role == "exhibitor":
        api.as_exhibitor(invite("EX1"))
    for method, url in ENDPOINTS:
        response = api.send(method, url, {} if method == "POST" else None)
        assert response.status_code in (401, 403), (method, url, response.status_code)
        assert "organiser" in response.get_json()["error"]


def test_the_openapi_document_describes_the_organiser_api(api: ApiClient) -> None:
    paths = api.get("/api/openapi.json").get_json()["paths"]
    for _method, url in ENDPOINTS:
        template = url.replace("/1", "/{number}").replace("EX1", "{ref}").replace("layout.json", "{name}")
        assert template in paths, template
    assert "/api/jobs/{job_id}" in paths


def test_a_fair_file_names_its_halls_and_previous_keeps_booths_in_place(boss: ApiClient) -> None:
    hall = digest_of(boss, "pavilion.json", PAVILION)
    fair = digest_of(
        boss, "fair.json", b'{"name": "Small Fair", "halls": [{"id": "P", "spec": "pavilion.json"}]}'
    )
    booths = digest_of(boss, "booths.csv", BOOTHS)
    first = job_of(
        boss, boss.post("/api/organiser/builds", {"booths": booths, "halls": [hall], "fair": fair})
    )
    assert first["status"] == "done", first
    layout = boss.get("/api/organiser/versions/2/files/layout.json").get_json()
    assert [h["id"] for h in layout["halls"]] == ["P"]
    more = digest_of(boss, "more.csv", BOOTHS + b"N8,Lateco,3,3\n")
    again = job_of(
        boss,
        boss.post("/api/organiser/builds", {"booths": more, "halls": [hall], "fair": fair, "previous": 2}),
    )
    assert again["status"] == "done", again
    # no spot was freed for the newcomer: it goes into the open floor the first version left
    assert again["result"]["changes"] == {
        "against": "the previous layout",
        "kept": 8,
        "moved": [],
        "added": ["N8"],
        "removed": [],
        "pinned": [],
        "renumbered": [],
    }
    assert (again["result"]["version"], again["result"]["unplaced"], again["result"]["passed"]) == (
        3,
        0,
        True,
    )
    summary = boss.get("/api/organiser/versions/3").get_json()["summary"]
    assert (summary["passed"], summary["unplaced"], summary["unplaced_refs"]) == (True, 0, [])
    kept = {b["ref"]: b["rect"] for b in layout["halls"][0]["booths"]}
    after = boss.get("/api/organiser/versions/3/files/layout.json").get_json()
    assert all(kept[b["ref"]] == b["rect"] for b in after["halls"][0]["booths"] if b["ref"] in kept)
    assert (
        boss.post("/api/organiser/builds", {"booths": more, "fair": fair, "previous": 9}).status_code == 404
    )


def test_pins_keep_only_those_booths_and_place_the_others_again(boss: ApiClient) -> None:
    booths = digest_of(boss, "booths.csv", BOOTHS)
    hall = digest_of(boss, "pavilion.json", PAVILION)
    job_of(boss, boss.post("/api/organiser/builds", {"booths": booths, "halls": [hall]}))
    layout = boss.get("/api/organiser/versions/2/files/layout.json").get_json()
    pinned = next(b for b in layout["halls"][0]["booths"] if b["ref"] == "N3")
    job = job_of(boss, boss.post("/api/organiser/versions/2/edits", {"pins": [pinned["number"]]}))
    assert job["status"] == "done" and job["result"]["changes"]["kept"] == 1, job
    after = boss.get("/api/organiser/versions/3/files/layout.json").get_json()
    again = next(b for b in after["halls"][0]["booths"] if b["ref"] == "N3")
    assert (again["number"], again["rect"]) == (pinned["number"], pinned["rect"])
    assert len(after["halls"][0]["booths"]) + len(after["unplaced"]) == 8


def test_a_pins_file_fixes_booths_in_place_and_bad_pins_fail_the_job_naming_row_and_column(
    boss: ApiClient,
) -> None:
    booths = digest_of(boss, "booths.csv", BOOTHS)
    hall = digest_of(boss, "pavilion.json", PAVILION)
    assert (
        job_of(boss, boss.post("/api/organiser/builds", {"booths": booths, "halls": [hall]}))["status"]
        == "done"
    )
    layout = boss.get("/api/organiser/versions/2/files/layout.json").get_json()
    hall_id = layout["halls"][0]["id"]
    at = {b["ref"]: b for b in layout["halls"][0]["booths"]}
    # N3 pinned onto N5's spot, with N5's number: N5 moves (to N3's old spot), the rest stay
    x0, y0 = at["N5"]["rect"][:2]
    pins = f"ref,hall,x,y,front,number\nN3,{hall_id},{x0},{y0},{at['N5']['front']},{at['N5']['number']}\n"
    pinned = digest_of(boss, "pins.csv", pins.encode())
    job = job_of(
        boss,
        boss.post(
            "/api/organiser/builds", {"booths": booths, "halls": [hall], "previous": 2, "pins": pinned}
        ),
    )
    assert job["status"] == "done", job
    assert job["result"]["changes"]["pinned"] == ["N3"] and job["result"]["changes"]["moved"] == ["N5"], job
    after = {
        b["ref"]: b
        for b in boss.get("/api/organiser/versions/3/files/layout.json").get_json()["halls"][0]["booths"]
    }
    assert (after["N3"]["rect"], after["N3"]["number"]) == (at["N5"]["rect"], at["N5"]["number"])
    assert after["N5"]["rect"] == at["N3"]["rect"]
    assert all(after[r]["rect"] == at[r]["rect"] for r in at if r not in ("N3", "N5"))
    assert "pins.csv" in boss.get("/api/organiser/versions/3").get_json()["note"]

    bad = digest_of(boss, "bad-pins.csv", f"ref,hall,x,y\nNOPE,{hall_id},1,1\nN2,Z,1,1\n".encode())
    failed = job_of(
        boss, boss.post("/api/organiser/builds", {"booths": booths, "halls": [hall], "pins": bad})
    )
    assert failed["status"] == "failed"
    where = [(p["file"], p["row"], p["column"]) for p in failed["result"]["problems"]]
    assert where == [("bad-pins.csv", 2, "ref"), ("bad-pins.csv", 3, "hall")], failed
    assert "Traceback" not in failed["message"]
    assert boss.get("/api/organiser/versions").get_json()["total"] == 3  # no version made
    unknown = boss.post("/api/organiser/builds", {"booths": booths, "halls": [hall], "pins": "0" * 64})
    assert unknown.status_code == 422 and unknown.get_json()["field"] == "pins"
    same_name = digest_of(boss, "booths.csv", pins.encode())  # named as the booth list
    twice = boss.post("/api/organiser/builds", {"booths": booths, "halls": [hall], "pins": same_name})
    assert twice.status_code == 422 and twice.get_json()["field"] == "pins", twice.get_json()
