"""Booth pages and search from the database (halllayout/web/booths.py)."""

from __future__ import annotations

import threading
from pathlib import Path

from tests.web.conftest import ApiClient, booth_numbers


def test_a_booth_page_has_its_place_exhibitor_and_products(api: ApiClient, fair_dir: Path) -> None:
    number = booth_numbers(fair_dir)["EX3"]
    page = api.get(f"/api/booths/{number}").get_json()
    assert (page["number"], page["hall"], page["ref"], page["exhibitor"]) == (number, "A", "EX3", "展商 3")
    assert page["booth"]["footprint"] and page["products"] == [] and page["profile"] is None


def test_an_unknown_booth_is_a_404_naming_it(api: ApiClient) -> None:
    response = api.get("/api/booths/Z9999")
    assert response.status_code == 404
    assert response.get_json() == {"error": "no booth 'Z9999' in fair 'demo'", "field": "number"}


def test_the_exhibitor_profile_comes_with_the_booth(api: ApiClient, fair_dir: Path, invite: object) -> None:
    invite("EX1", "Ironox Ltd")  # type: ignore[operator]
    page = api.get(f"/api/booths/{booth_numbers(fair_dir)['EX1']}").get_json()
    assert page["profile"]["name"] == "Ironox Ltd"


def test_search_finds_by_number_name_and_zone_in_number_order(api: ApiClient, fair_dir: Path) -> None:
    numbers = booth_numbers(fair_dir)
    found = api.get("/api/search?q=展商").get_json()
    assert found["total"] == 6 and [b["number"] for b in found["items"]] == sorted(numbers.values())
    one = api.get("/api/search", query_string={"q": "展商 4"}).get_json()
    assert [b["ref"] for b in one["items"]] == ["EX4"]
    by_number = api.get("/api/search", query_string={"q": numbers["EX2"].lower()}).get_json()
    assert [b["ref"] for b in by_number["items"]] == ["EX2"]


def test_search_pages_and_treats_wildcards_as_text(api: ApiClient) -> None:
    page = api.get("/api/search?q=展商&per_page=4&page=2").get_json()
    assert (page["page"], page["per_page"], page["total"], len(page["items"])) == (2, 4, 6, 2)
    assert api.get("/api/search?q=%25").get_json()["total"] == 0
    assert api.get("/api/search?q=_").get_json()["total"] == 0


def test_search_without_q_or_with_a_bad_page_names_the_field(api: ApiClient) -> None:
    missing = api.get("/api/search")
    assert missing.status_code == 422 and missing.get_json()["field"] == "q"
    bad = api.get("/api/search?q=a&per_page=1000")
    assert bad.status_code == 422 and bad.get_json()["field"] == "per_page"


def test_the_search_index_is_built_ahead_when_a_process_sees_a_version(
    fair_dir: Path, database_url: str, tmp_path: Path
) -> None:
    from app import create_app

    app = create_app(
        {
            "FAIR_DIR": str(fair_dir),
            "INSTANCE_DIR": str(tmp_path / "ahead"),
            "DATABASE_URL": database_url,
            "S3_BUCKET": "",
            "TESTING": True,
            "SEARCH_INDEX_AHEAD": True,
        }
    )
    try:
        builders = [t for t in threading.enumerate() if t.name == "search-index"]
        for thread in builders:
            thread.join(30)
        key, index = app.extensions["halllayout.search_index"]
        assert key == app.extensions["halllayout.published"]["value"].key
        assert len(index.numbers) == 6
    finally:
        app.extensions["halllayout.engine"].dispose()
