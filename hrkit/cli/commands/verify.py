"""`hrkit verify`, `hrkit credentials add`, `hrkit reverify`."""

from __future__ import annotations

from pathlib import Path

import click

from hrkit.cli.app import App, HrkitGroup, command, pass_app
from hrkit.cli.pending import not_yet
from hrkit.model.enums import PersonKind

ENGINE = "the verification engine"
file_option = click.Path(dir_okay=False, path_type=Path)


@command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one per credential.")
@click.option("--trust", type=file_option, help="Trust registry TRUST.toml.")
@click.option("--documents", type=file_option, help="Offline document map MAP.json.")
@click.option("--allow-host", "allow_hosts", multiple=True, help="Host the fetcher may reach.")
@click.option("--recipient", help="Email the credential must be issued to.")
@click.option("--at", "at", help="Verify as of this ISO-8601 time.")
@pass_app
def verify(app: App, /, **_options: object) -> None:
    """Verify credentials: files, folders, URLs or - for stdin."""
    raise not_yet("verify", ENGINE)


@click.group(cls=HrkitGroup)
def credentials() -> None:
    """Credentials of the tenant: add."""


@credentials.command("add")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--holder", required=True, help="Email of the person holding the credentials.")
@click.option("--kind", type=click.Choice([k.value for k in PersonKind]), default="candidate")
@click.option("--json", "as_json", is_flag=True, help="verify's JSON Lines plus the stored id.")
@click.option("--documents", type=file_option, help="Offline document map MAP.json.")
@click.option("--allow-host", "allow_hosts", multiple=True, help="Host the fetcher may reach.")
@pass_app
def add(app: App, /, **_options: object) -> None:
    """Verify and store credentials for a holder."""
    raise not_yet("credentials add", ENGINE)


@command()
@click.option("--older-than", help="Only results older than DURATION (e.g. 12h, 7d).")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines of changed outcomes.")
@pass_app
def reverify(app: App, /, **_options: object) -> None:
    """Re-check stored credentials and record every change of outcome."""
    raise not_yet("reverify", ENGINE)
