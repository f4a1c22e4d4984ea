"""`hrkit trust`: the tenant's trust registry of issuers."""

from __future__ import annotations

import click

from hrkit.cli.app import App, HrkitGroup, pass_app
from hrkit.cli.output import echo_json, echo_table


@click.group(cls=HrkitGroup)
def trust() -> None:
    """Trusted issuers of the tenant: add, list, remove."""


@trust.command("add")
@click.argument("uri")
@click.option("--name", required=True, help="The issuer's display name.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@pass_app
def add(app: App, uri: str, name: str, as_json: bool) -> None:
    """Trust the issuer URI (a DID or an https URL)."""
    from hrkit.services.trust import trust_issuer

    with app.write() as (session, scope):
        issuer = trust_issuer(session, scope, uri, name)
        result = {"uri": issuer.uri, "name": issuer.name, "trusted": True}
    if as_json:
        echo_json(result)
    else:
        click.echo(f"trusted {result['uri']} ({result['name']})")


@trust.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines output.")
@pass_app
def list_(app: App, as_json: bool) -> None:
    """List trusted issuers."""
    from hrkit.services.trust import trusted_issuers

    with app.read() as (session, scope):
        rows = [(i.uri, i.name) for i in trusted_issuers(session, scope)]
    if as_json:
        for uri, name in rows:
            echo_json({"uri": uri, "name": name, "trusted": True})
    elif rows:
        echo_table(["issuer", "name"], rows)
    else:
        click.echo("the trust registry is empty: issuer_trust is skipped")


@trust.command("remove")
@click.argument("uri")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@pass_app
def remove(app: App, uri: str, as_json: bool) -> None:
    """Stop trusting the issuer URI."""
    from hrkit.services.trust import untrust_issuer

    with app.write() as (session, scope):
        issuer = untrust_issuer(session, scope, uri)
        result = {"uri": issuer.uri, "name": issuer.name, "trusted": False}
    if as_json:
        echo_json(result)
    else:
        click.echo(f"no longer trusted: {result['uri']}")
