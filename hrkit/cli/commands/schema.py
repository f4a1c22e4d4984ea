"""`hrkit schema`: the GraphQL SDL (the API is a composition-root import, never a core one)."""

from __future__ import annotations

import click

from hrkit.cli.app import App, command, pass_app


@command()
@pass_app
def schema(app: App) -> None:
    """Print the GraphQL SDL."""
    from graphql_schema.schema import build_schema

    click.echo(build_schema().as_str())
