"""Fair versions, publishing and rolling back (halllayout/web/versions.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from halllayout.build import build_fair
from halllayout.model import BoothRequest, Door, Fair
from halllayout.output import write_outputs
from halllayout.web import db
from halllayout.web.errors import ApiError
from halllayout.web.models import Booth, FairVersion, Product
from halllayout.web.site import site_fair
from halllayout.web.versions import add_version, adopt_folder, publish
from tests.conftest import make_hall
from tests.web.conftest import ApiClient


def _build(folder: Path, names: list[str]) -> Path:
    hall = make_hall(30, 20, entrances=(Door((15, 0), 6, "Gate"),))
    requests = [
        BoothRequest(f"R{i}", name, 3, 3, products=("Kettle", "Tea cup")) for i, name in enumerate(names)
    ]
    write_outputs(folder, build_fair(Fair("Version Fair", (hall,)), requests).files)
    return folder


def test_the_fair_dir_is_published_as_version_1_with_its_booths(app: Flask) -> None:
    with app.app_context():
        fair = site_fair()
        version = db.session().get(FairVersion, fair.published_version_id)
        assert version is not None and (version.number, version.status) == (1, "ready")
        assert version.summary["booths"] == 6 and version.summary["source"] == "folder"
        assert db.session().scalar(select(func.count()).select_from(Booth)) == 6


def test_a_new_version_goes_live_only_when_published_and_rolls_back(
    app: Flask, api: ApiClient, tmp_path: Path
) -> None:
    folder = _build(tmp_path / "v2", ["Teapot Works", "Cup Co"])
    with app.app_context():
        session = db.session()
        fair = site_fair()
        first = session.get(FairVersion, fair.published_version_id)
        second = add_version(session, fair, folder, stored_as=str(folder))
        assert second.number == 2
        assert session.scalar(select(func.count()).where(Product.version_id == second.id)) == 4
    assert api.get("/api/search?q=Teapot").get_json()["total"] == 0  # not published yet
    before = api.get("/api/fair").get_json()
    assert {b["ref"] for h in before["halls"] for b in h["booths"]} == {f"EX{i}" for i in range(6)}
    with app.app_context():
        publish(db.session(), site_fair(), db.session().get(FairVersion, second.id))
    after = api.get("/api/fair").get_json()
    assert {b["exhibitor"] for h in after["halls"] for b in h["booths"]} == {"Teapot Works", "Cup Co"}
    found = api.get("/api/search?q=tea cup").get_json()
    assert found["total"] == 2  # by product name
    with app.app_context():
        publish(db.session(), site_fair(), db.session().get(FairVersion, first.id))
    assert api.get("/api/fair").get_json() == before


def test_a_version_of_another_fair_or_not_ready_cannot_be_published(app: Flask, tmp_path: Path) -> None:
    folder = _build(tmp_path / "v2", ["A"])
    with app.app_context():
        session = db.session()
        version = add_version(session, site_fair(), folder, stored_as=str(folder))
        version.status = "building"
        session.commit()
        with pytest.raises(ApiError, match="not ready"):
            publish(session, site_fair(), version)


def test_a_changed_fair_dir_is_published_again_but_an_organisers_version_is_kept(
    app: Flask, tmp_path: Path, fair_dir: Path
) -> None:
    folder = shutil.copytree(fair_dir, tmp_path / "copy")
    with app.app_context():
        session = db.session()
        fair = site_fair()
        moved = adopt_folder(session, fair, folder)
        assert moved is not None and moved.number == 2
        assert adopt_folder(session, fair, folder) == moved  # unchanged: no new version
        _build(folder, ["Rebuilt"])
        rebuilt = adopt_folder(session, fair, folder)
        assert rebuilt is not None and rebuilt.number == 3
        own = add_version(session, fair, _build(tmp_path / "own", ["Own"]), stored_as="fairs/own")
        publish(session, fair, own)
        assert adopt_folder(session, fair, folder) is None
        assert fair.published_version_id == own.id


def test_a_version_another_process_publishes_is_seen_within_the_recheck(
    app: Flask, api: ApiClient, tmp_path: Path, database_url: str, fair_dir: Path
) -> None:
    import time

    from app import create_app

    app.config["PUBLISHED_RECHECK_SECONDS"] = 0.3
    before = api.get("/api/fair").get_json()
    other = create_app(  # another worker: its own caches, the same database
        {"FAIR_DIR": str(fair_dir), "INSTANCE_DIR": app.config["INSTANCE_DIR"], "DATABASE_URL": database_url}
    )
    folder = _build(tmp_path / "v2", ["Elsewhere Ltd"])
    with other.app_context():
        session = db.session()
        publish(session, site_fair(), add_version(session, site_fair(), folder, stored_as=str(folder)))
    other.extensions["halllayout.engine"].dispose()
    time.sleep(0.35)
    after = api.get("/api/fair").get_json()
    assert after != before
    assert {b["exhibitor"] for h in after["halls"] for b in h["booths"]} == {"Elsewhere Ltd"}


def test_a_process_keeps_the_files_of_the_last_two_versions_it_showed(
    app: Flask, api: ApiClient, tmp_path: Path
) -> None:
    def kept() -> list[Path]:
        return list(app.extensions["halllayout.fair_files"])

    with app.app_context():
        session = db.session()
        first = session.get(FairVersion, site_fair().published_version_id)
        assert first is not None
        folders = [_build(tmp_path / f"v{n}", [f"Maker {n}"]) for n in (2, 3)]
        versions = [first] + [add_version(session, site_fair(), f, stored_as=str(f)) for f in folders]
        ids = [v.id for v in versions]
    folders = []
    for n, version_id in enumerate(ids, start=1):
        with app.app_context():
            publish(db.session(), site_fair(), db.session().get(FairVersion, version_id))
        fair = api.get("/api/fair").get_json()
        exhibitors = {b["exhibitor"] for h in fair["halls"] for b in h["booths"]}
        assert n == 1 or exhibitors == {f"Maker {n}"}
        folders.append(kept()[-1])
        cached = app.extensions["halllayout.fair_files"][folders[-1]]
        api.get("/api/fair")
        assert app.extensions["halllayout.fair_files"][folders[-1]] is cached  # the same caches, reused
    assert len(set(folders)) == 3
    assert kept() == folders[1:]  # the first version's files let go
    with app.app_context():  # rolled back to it: read afresh
        publish(db.session(), site_fair(), db.session().get(FairVersion, ids[0]))
    assert "Maker" not in str(api.get("/api/fair").get_json())
    assert kept() == [folders[2], folders[0]]
