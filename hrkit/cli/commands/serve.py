"""`hrkit serve`, `hrkit demo`, `hrkit schema`."""

from __future__ import annotations

import click

from hrkit.cli.app import App, command, pass_app
from hrkit.cli.pending import not_yet

API = "the GraphQL API"


@command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--demo", is_flag=True, help="Seed the demo tenant and print tokens first.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True)
@pass_app
def serve(app: App, host: str, port: int, demo: bool, workers: int) -> None:
    """Serve the HTTP API (uvicorn)."""
    import os

    import uvicorn

    db = app.db  # fail here, in one line, when the database is unusable
    if demo:
        click.echo("The demo tenant arrives with the GraphQL issue; serving the health check.")
    # Workers are separate processes: they read the effective settings from the environment.
    os.environ["HRKIT_DATABASE_URL"] = app.settings.database_url
    os.environ["HRKIT_TENANT"] = app.settings.tenant
    click.echo(f"hrkit on http://{host}:{port}/healthz (database {db.display_url})")
    uvicorn.run(
        "graphql_schema.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


@command()
@pass_app
def demo(app: App) -> None:
    """Seed the demo tenant (idempotent)."""
    raise not_yet("demo", API)


@command()
@pass_app
def schema(app: App) -> None:
    """Print the GraphQL SDL."""
    raise not_yet("schema", API)
