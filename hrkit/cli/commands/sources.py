"""`hrkit sources pull`: pull credentials from an issuer source into the tenant."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from hrkit.cli.app import App, HrkitGroup, pass_app
from hrkit.cli.output import echo_json, status
from hrkit.model.enums import PersonKind

if TYPE_CHECKING:
    from hrkit.services.pull import PullResult

KINDS = [kind.value for kind in PersonKind]
file_option = click.Path(dir_okay=False, path_type=Path)


@click.group(cls=HrkitGroup)
def sources() -> None:
    """Issuer sources: pull credentials from them."""


@sources.command("pull")
@click.argument("name")
@click.argument("location")
@click.option("--kind", type=click.Choice(KINDS), default="candidate", help="For new people.")
@click.option("--full", is_flag=True, help="Read everything again, not only what is new.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@click.option("--documents", type=file_option, help="Offline document map MAP.json.")
@click.option("--allow-host", "allow_hosts", multiple=True, help="Host the fetcher may reach.")
@click.option("--holder", help="Every document belongs to this email (its recipient is checked).")
@click.option("--offline", is_flag=True, help="Never use the network (document map only).")
@click.option("--workers", type=click.IntRange(min=1), help="Processes for large batches.")
@pass_app
def pull(
    app: App,
    name: str,
    location: str,
    kind: str,
    full: bool,
    as_json: bool,
    documents: Path | None,
    allow_hosts: tuple[str, ...],
    holder: str | None,
    offline: bool,
    workers: int | None,
) -> int:
    """Pull the credentials at LOCATION from source NAME, verify them, store them per holder.

    NAME is openbadges (files, folders, URLs, baked images), credly (hosted assertion URLs or
    an issued-badges export), badgr (a backpack export) or wallet (verifiable presentations),
    or a plug-in's name. A re-pull reads only what is new since the saved cursor. Exit code 0
    when everything at LOCATION was read and stored (whatever the credentials' status), 1
    otherwise.
    """
    from hrkit.cli.commands.verify import verify_options
    from hrkit.services.pull import PullOptions
    from hrkit.services.pull import pull as run

    verify = verify_options(app, documents, allow_hosts, offline, at=None)
    with status(f"pulling {name} {location}") as update:
        options = PullOptions(
            verify=verify, kind=PersonKind(kind), holder=holder, workers=workers, progress=update
        )
        result = run(app.db, app.settings.tenant, name, location, options, full=full)
    if as_json:
        echo_json(result.to_json())
    else:
        _print(result)
    return 0 if result.ok else 1


def _print(result: PullResult) -> None:
    shown = ", ".join(f"{n} {s}" for s, n in sorted(result.by_status.items()))
    click.echo(
        f"{result.source} {result.location}: read {result.read}, stored {result.stored} "
        f"(created {result.created}, updated {result.updated}, unchanged {result.unchanged})"
        + (f"; {shown}" if shown else "")
    )
    click.echo(f"cursor: {result.cursor or '-'}")
    for error in result.errors:
        click.echo(f"error: {error}", err=True)
