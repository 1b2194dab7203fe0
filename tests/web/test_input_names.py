"""Uploaded input file names (organiser.py's /inputs, builds.py's input_name_problem): kept as given, in
any script, so a fair file finds its halls by name; names that could leave the build folder or hide
characters are refused with a 422 naming the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import update

from halllayout.web import db
from halllayout.web.builds import MAX_NAME_BYTES, input_name_problem
from halllayout.web.models import Input
from tests.web.conftest import ApiClient, digest_of, upload

DATA = Path(__file__).resolve().parents[1] / "data"
PAVILION = (DATA / "halls" / "pavilion-40x30.json").read_bytes()
BOOTHS = b"ref,exhibitor,width,depth\n" + b"".join(f"N{i},Newco {i},3,3\n".encode() for i in range(4))


def test_a_fair_file_finds_its_hall_by_a_chinese_file_name(boss: ApiClient) -> None:
    hall = digest_of(boss, "展馆A.json", PAVILION)
    fair = json.dumps({"name": "秋季展", "halls": [{"id": "A", "spec": "展馆A.json"}]}, ensure_ascii=False)
    fair_digest = digest_of(boss, "展会.json", fair.encode("utf-8"))
    booths = digest_of(boss, "展位表.csv", BOOTHS)
    response = boss.post("/api/organiser/builds", {"booths": booths, "halls": [hall], "fair": fair_digest})
    assert response.status_code == 202, response.get_json()
    job = boss.get(response.get_json()["url"]).get_json()
    assert job["status"] == "done", job
    layout = boss.get(f"/api/organiser/versions/{job['result']['version']}/files/layout.json").get_json()
    assert [h["id"] for h in layout["halls"]] == ["A"] and len(layout["halls"][0]["booths"]) == 4
    assert boss.get("/api/organiser/versions").get_json()["items"][0]["note"] == "built from 展位表.csv"


def test_a_name_in_decomposed_unicode_is_kept_composed(boss: ApiClient) -> None:
    response = upload(boss, "Halle-A\u0308.json", PAVILION)  # A + combining diaeresis, as macOS sends
    assert response.status_code == 201 and response.get_json()["name"] == "Halle-\u00c4.json"


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("../hall.json", "must not contain a path separator"),
        ("halls/a.json", "must not contain a path separator"),
        ("..hall.json", "must not contain '..'"),
        ("hall\x00.json", "must not contain the control character U+0000"),
        ("hall\x1b.json", "must not contain the control character U+001B"),
        ("hall\u202e.json", "must not contain the control character U+202E"),
        ("展" * 90 + ".json", f"is longer than {MAX_NAME_BYTES} bytes"),
    ],
)
def test_a_name_that_could_leave_the_folder_or_hide_characters_is_refused(
    boss: ApiClient, name: str, says: str
) -> None:
    response = upload(boss, name, PAVILION)
    assert response.status_code == 422, response.get_json()
    body = response.get_json()
    assert body["field"] == "file" and says in body["error"] and repr(name) in body["error"]


def test_two_inputs_of_one_build_may_not_share_a_name(boss: ApiClient) -> None:
    booths = digest_of(boss, "booths.csv", BOOTHS)
    first = digest_of(boss, "hall.json", PAVILION)
    second = digest_of(boss, "hall.json", PAVILION.replace(b"Pavilion 7", b"Pavilion 8"))
    response = boss.post("/api/organiser/builds", {"booths": booths, "halls": [first, second]})
    assert response.status_code == 422 and response.get_json()["field"] == "halls"
    assert "'hall.json'" in response.get_json()["error"]


def test_a_stored_name_from_before_the_check_fails_the_job_naming_it(app: Flask, boss: ApiClient) -> None:
    booths = digest_of(boss, "booths.csv", BOOTHS)
    hall = digest_of(boss, "hall.json", PAVILION)
    with app.app_context():
        db.session().execute(update(Input).where(Input.digest == hall).values(name="../../hall.json"))
        db.session().commit()
    response = boss.post("/api/organiser/builds", {"booths": booths, "halls": [hall]})
    job = boss.get(response.get_json()["url"]).get_json()
    assert job["status"] == "failed" and "'../../hall.json'" in job["message"], job
    assert "path separator" in job["message"]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("展馆A.json", None),
        ("hall a (2).dxf", None),
        ("", "must not be empty"),
        ("   ", "must not be empty"),
        ("..", "must not contain '..'"),
        ("halls\\a.json", "must not contain a path separator"),  # a multipart quoted name loses it
        ("a" * 251 + ".csv", None),
        ("a" * 252 + ".csv", f"is longer than {MAX_NAME_BYTES} bytes"),
    ],
)
def test_input_name_problem(name: str, problem: str | None) -> None:
    assert input_name_problem(name) == problem
