"""Command-line tasks for whoever runs the server: `flask --app app <command>`.

flask --app app db-upgrade                      # migrate the database to the newest schema
flask --app app add-organiser EMAIL --name NAME # asks for the password (or $HALLLAYOUT_PASSWORD)
flask --app app invite REF [--name NAME]        # prints an exhibitor's invitation link
"""

from __future__ import annotations

import os

import click
from flask import Flask

from halllayout.web import db
from halllayout.web.accounts import add_organiser, invite_exhibitor
from halllayout.web.errors import ApiError
from halllayout.web.site import site_fair


def register(app: Flask) -> None:
    """Adds the commands to `app.cli`."""

    @app.cli.command("db-upgrade")
    def db_upgrade() -> None:
        """Migrate the database to the newest schema."""
        db.upgrade(db.engine())
        click.echo(f"database at the newest schema: {db.engine().url.render_as_string()}")

    @app.cli.command("add-organiser")
    @click.argument("email")
    @click.option("--name", default="")
    def add_organiser_command(email: str, name: str) -> None:
        """Add an organiser; the password comes from $HALLLAYOUT_PASSWORD or a prompt."""
        password = os.environ.get("HALLLAYOUT_PASSWORD") or click.prompt(
            "Password", hide_input=True, confirmation_prompt=True
        )
        try:
            organiser = add_organiser(db.session(), email, password, name)
        except ApiError as error:
            raise click.UsageError(error.message) from error
        click.echo(f"organiser {organiser.email} added")

    @app.cli.command("invite")
    @click.argument("ref")
    @click.option("--name", default="")
    @click.option("--base-url", default="http://127.0.0.1:8000")
    def invite(ref: str, name: str, base_url: str) -> None:
        """Print a new invitation link for exhibitor REF of the site's fair (old links stop working)."""
        _exhibitor, token = invite_exhibitor(db.session(), site_fair(), ref, name)
        click.echo(f"{base_url.rstrip('/')}/api/session/invitation/{token}")
