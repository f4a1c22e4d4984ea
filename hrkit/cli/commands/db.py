"""`hrkit db`: schema migrations."""

from __future__ import annotations

import click

from hrkit.cli.app import App, HrkitGroup, pass_app
from hrkit.cli.output import echo_json


@click.group(cls=HrkitGroup)
def db() -> None:
    """Database schema: upgrade, current revision."""


@db.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@pass_app
def upgrade(app: App, as_json: bool) -> None:
    """Migrate the database to this hrkit's schema (creates it when empty)."""
    from hrkit.store.migrate import upgrade as run_upgrade

    before, after = run_upgrade(app.raw_db)
    if as_json:
        echo_json({"database": app.raw_db.display_url, "from": before, "to": after})
    elif before == after:
        click.echo(f"{app.raw_db.display_url}: already at revision {after}")
    else:
        click.echo(f"{app.raw_db.display_url}: upgraded from {before or 'empty'} to {after}")


@db.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@pass_app
def current(app: App, as_json: bool) -> None:
    """Show the database's schema revision and the one this hrkit needs."""
    from hrkit.store.migrate import current_revision, head_revision

    now, head = current_revision(app.raw_db), head_revision()
    if as_json:
        echo_json({"database": app.raw_db.display_url, "current": now, "head": head})
    else:
        state = "up to date" if now == head else "needs `hrkit db upgrade`"
        click.echo(f"{app.raw_db.display_url}: revision {now or 'none'} (head {head}, {state})")
