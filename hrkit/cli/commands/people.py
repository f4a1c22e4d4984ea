"""`hrkit people`: import spreadsheets, list people."""

from __future__ import annotations

from pathlib import Path

import click

from hrkit.cli.app import App, HrkitGroup, pass_app
from hrkit.cli.output import echo_json, echo_table
from hrkit.cli.pending import not_yet
from hrkit.model.enums import PersonKind

KINDS = [kind.value for kind in PersonKind]


@click.group(cls=HrkitGroup)
def people() -> None:
    """People of the tenant: import, list."""


@people.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(KINDS), required=True)
@click.option("--dry-run", is_flag=True, help="Validate and report without writing.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), help="Write OUT.xlsx.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@click.option("--documents", type=click.Path(dir_okay=False, path_type=Path), help="MAP.json.")
@click.option("--allow-host", "allow_hosts", multiple=True, help="Host the fetcher may reach.")
@pass_app
def import_(app: App, /, **_options: object) -> None:
    """Import candidates or employees from FILE (.xlsx, .xls, .ods, .csv)."""
    raise not_yet("people import", "the recruiter spreadsheet import")


@people.command("list")
@click.option("--kind", type=click.Choice(KINDS))
@click.option("--json", "as_json", is_flag=True, help="JSON Lines output.")
@pass_app
def list_(app: App, kind: str | None, as_json: bool) -> None:
    """List people, ordered by email."""
    from hrkit.services.people import list_people

    with app.read() as (session, scope):
        rows = list_people(session, scope, PersonKind(kind) if kind else None)
        if as_json:
            for row in rows:
                echo_json(row)
            return
        echo_table(
            ["email", "name", "kind", "external id", "manager", "department", "title"],
            (
                (
                    r["email"],
                    r["name"],
                    r["kind"],
                    r["external_id"],
                    r["manager_email"],
                    r["department"],
                    r["title"],
                )
                for r in rows
            ),
        )
