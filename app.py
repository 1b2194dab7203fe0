"""The halllayout web service: the viewer, the fair manifest and the hall GLBs of one built fair.

Run `python app.py --fair-dir build/demo` (see the README), or use `create_app()` from a WSGI server.
The fair folder is what `halllayout build` writes: `layout.json` and `<hall id>.glb` per hall.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from halllayout.web import create_app as _create_app
from halllayout.web.fair import GLB_MIME, REVALIDATE
from halllayout.web.store import StoreUnavailable

ROOT = Path(__file__).resolve().parent

__all__ = ["GLB_MIME", "REVALIDATE", "create_app"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The platform app (halllayout/web), with the viewer and default folders of this repository:
    the fair in `FAIR_DIR` ($HALLLAYOUT_FAIR_DIR or build/demo), the database and files in
    `INSTANCE_DIR` ($HALLLAYOUT_INSTANCE or instance/)."""
    return _create_app(config, root=ROOT)


def _demo_accounts(app: Flask, base_url: str) -> None:
    """For `make demo`: the organiser organiser@demo.example with a fresh random password, and an
    invitation link for the exhibitor of the fair's first booth, printed for whoever started it."""
    import secrets

    from sqlalchemy import select
    from werkzeug.security import generate_password_hash

    from halllayout.web import db
    from halllayout.web.accounts import add_organiser, invite_exhibitor
    from halllayout.web.models import Booth, Organiser
    from halllayout.web.site import site_fair

    email, password = "organiser@demo.example", secrets.token_urlsafe(12)
    with app.app_context():
        session = db.session()
        organiser = session.scalars(select(Organiser).where(Organiser.email == email)).first()
        if organiser is None:
            add_organiser(session, email, password, name="Demo organiser")
        else:
            organiser.password_hash = generate_password_hash(password)
            session.commit()
        fair = site_fair()
        booth = session.scalars(
            select(Booth).where(Booth.version_id == fair.published_version_id).order_by(Booth.number)
        ).first()
        print(f"Organiser console: {base_url}/organiser  ({email} / {password})")
        if booth is not None:
            _exhibitor, token = invite_exhibitor(session, fair, booth.ref, booth.exhibitor)
            link = f"{base_url}/api/session/invitation/{token}"
            print(f"Exhibitor portal of {booth.exhibitor} ({booth.number}): {link}")


def main() -> None:
    """Serve a built fair: `python app.py --fair-dir build/demo --port 8000`."""
    parser = argparse.ArgumentParser(description="Serve a fair built by `halllayout build`.")
    parser.add_argument(
        "--fair-dir", default=os.environ.get("HALLLAYOUT_FAIR_DIR", str(ROOT / "build" / "demo"))
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--demo-accounts",
        action="store_true",
        help="print an organiser sign-in (new random password) and an exhibitor invitation link",
    )
    args = parser.parse_args()
    try:
        app = create_app({"FAIR_DIR": args.fair_dir})
    except StoreUnavailable as error:  # a bucket that does not answer: say which, no traceback
        parser.exit(2, f"error: {error}\n")
    base_url = f"http://{args.host}:{args.port}"
    print(f"Serving the fair in {args.fair_dir} at {base_url}/")
    if args.demo_accounts:
        _demo_accounts(app, base_url)
    app.run(host=args.host, port=args.port, threaded=True)


if __name__ == "__main__":
    main()
