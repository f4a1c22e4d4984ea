"""`hrkit tenants`: the organisations sharing one database."""

from __future__ import annotations

import click

from hrkit.cli.app import App, HrkitGroup, pass_app
from hrkit.cli.output import echo_json, echo_table


@click.group(cls=HrkitGroup)
def tenants() -> None:
    """Tenants: add, list."""


@tenants.command("add")
@click.argument("slug")
@click.option("--name", help="Display name (default: the slug).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@pass_app
def add(app: App, slug: str, name: str | None, as_json: bool) -> None:
    """Create tenant SLUG (lower-case letters, digits, '-', '_')."""
    from hrkit.services.tenants import create_tenant

    with app.db.transaction() as session:
        tenant = create_tenant(session, slug, name)
        result = {"tenant": tenant.slug, "name": tenant.name}
    if as_json:
        echo_json(result)
    else:
        click.echo(f"tenant {slug!r} created")


@tenants.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines output.")
@pass_app
def list_(app: App, as_json: bool) -> None:
    """List tenants."""
    from hrkit.services.tenants import list_tenants

    with app.db.session() as session:
        rows = [(t.slug, t.name, t.change_seq, t.created_at) for t in list_tenants(session)]
    if as_json:
        for slug, name, seq, created in rows:
            echo_json({"tenant": slug, "name": name, "change_seq": seq, "created_at": created})
    else:
        echo_table(["tenant", "name", "change_seq", "created"], rows)
