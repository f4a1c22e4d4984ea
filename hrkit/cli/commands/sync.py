"""`hrkit sync`, `hrkit connectors`."""

from __future__ import annotations

from pathlib import Path

import click

from hrkit.cli.app import App, HrkitGroup, command, pass_app
from hrkit.cli.pending import not_yet

CONNECTORS = "the connectors and sync engine"


@command()
@click.argument("target")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--full", is_flag=True, help="Re-export everything, not only changes.")
@click.option("--dry-run", is_flag=True, help="Write nothing; keep the watermark.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@pass_app
def sync(app: App, /, **_options: object) -> None:
    """Export verified credentials to an HRIS target's import files."""
    raise not_yet("sync", CONNECTORS)


@click.group(cls=HrkitGroup)
def connectors() -> None:
    """Issuer sources and HRIS targets."""


@connectors.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines output.")
@pass_app
def list_(app: App, /, **_options: object) -> None:
    """List registered sources and targets."""
    raise not_yet("connectors list", CONNECTORS)
