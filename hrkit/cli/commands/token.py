"""`hrkit token`: development JWTs for the GraphQL API."""

from __future__ import annotations

import click

from hrkit.cli.app import App, command, pass_app
from hrkit.model.access import AccessRole

ROLES = [role.value for role in AccessRole]


@command()
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice(ROLES),
    help="Role claim (repeatable).",
)
@click.option("--sub", help="Subject claim; a manager's must be their email.")
@click.option(
    "--ttl",
    type=click.IntRange(min=1),
    default=8 * 3600,
    show_default=True,
    help="Lifetime in seconds.",
)
@pass_app
def token(app: App, roles: tuple[str, ...], sub: str | None, ttl: int) -> None:
    """Print a signed development token (HS256 with HRKIT_JWT_SECRET or the database's secret)."""
    from hrkit.auth.secret import development_secret
    from hrkit.auth.tokens import mint_token

    settings = app.settings
    with app.db.session() as session:
        app.scope(session)  # an unknown tenant is an error, not a token nobody can use
    secret = development_secret(app.db, settings)
    click.echo(
        mint_token(
            secret=secret,
            settings=settings,
            tenant=settings.tenant,
            roles=roles,
            subject=sub,
            ttl_s=ttl,
        )
    )
