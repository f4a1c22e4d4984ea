"""`hrkit serve`, `hrkit demo`, `hrkit schema`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from hrkit.cli.app import App, command, pass_app
from hrkit.cli.output import echo_json

if TYPE_CHECKING:  # the database and demo stacks load only when a command runs
    from hrkit.services.demo import DemoSummary
    from hrkit.store.database import Database

DEMO_DATA_DIR = "hrkit-demo-data"


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
    tenant = app.settings.tenant
    if demo:
        from hrkit.auth.tokens import DEFAULT_TTL_S

        summary = _seed_demo(app)
        tenant = summary.tenant
        _echo_summary(summary)
        click.echo(f"GraphQL API: {_base_url(host, port)}/graphql")
        click.echo(
            f"Development tokens for tenant {tenant!r} (valid {DEFAULT_TTL_S // 3600} hours; "
            f"the manager is {summary.manager_email}):"
        )
        for role, token in _demo_tokens(app, summary):
            click.echo(f"  {role:<10} {token}")
    # Workers are separate processes: they read the effective settings from the environment.
    os.environ["HRKIT_DATABASE_URL"] = app.settings.database_url
    os.environ["HRKIT_TENANT"] = tenant
    click.echo(f"hrkit on {_base_url(host, port)}/healthz (database {db.display_url})")
    uvicorn.run(
        "graphql_schema.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        loop="graphql_schema.loop:new_event_loop",  # see that module: a steady stack
        log_level="warning",
    )


@command()
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@pass_app
def demo(app: App, as_json: bool) -> None:
    """Seed the demo tenant (idempotent; --tenant picks another name than 'demo')."""
    summary = _seed_demo(app)
    if as_json:
        echo_json(summary.to_json())
    else:
        _echo_summary(summary)


def _seed_demo(app: App) -> DemoSummary:
    """Seed the tenant named by --tenant, or `demo` (HRKIT_TENANT names the working tenant of
    the other commands, not the demo's)."""
    from hrkit.services.demo import DEMO_TENANT, seed_demo

    return seed_demo(app.db, tenant=app.tenant or DEMO_TENANT, data_dir=_demo_data_dir(app.db))


def _demo_data_dir(db: Database) -> Path:
    """`hrkit-demo-data` next to a SQLite file, or in the current folder otherwise."""
    database = db.url.database
    if db.dialect == "sqlite" and database not in (None, "", ":memory:"):
        return Path(str(database)).expanduser().resolve().parent / DEMO_DATA_DIR
    return Path.cwd() / DEMO_DATA_DIR


def _echo_summary(summary: DemoSummary) -> None:
    statuses = ", ".join(f"{n} {status}" for status, n in summary.credentials.items())
    click.echo(
        f"Demo tenant {summary.tenant!r}: {summary.employees} employees, "
        f"{summary.candidates} candidates, {summary.total_credentials} credentials ({statuses}), "
        f"{summary.issuers} issuers ({summary.trusted_issuers} trusted), {summary.skills} ESCO "
        f"skills, {summary.roles} roles ({summary.open_roles} open)."
    )
    click.echo(
        f"Status lists and their document map: {summary.documents} "
        f"(re-verify with `hrkit reverify --tenant {summary.tenant} --documents "
        f"{summary.documents}`)."
    )


def _demo_tokens(app: App, summary: DemoSummary) -> list[tuple[str, str]]:
    """A development token per role; the manager's subject is a manager with two levels of
    reports, the others' the default `<role>@<tenant>`."""
    from hrkit.auth.secret import development_secret
    from hrkit.auth.tokens import mint_token
    from hrkit.model.access import AccessRole

    secret = development_secret(app.db, app.settings)
    subjects = {AccessRole.MANAGER: summary.manager_email}
    roles = (AccessRole.HR_ADMIN, AccessRole.RECRUITER, AccessRole.MANAGER, AccessRole.HRIS)
    return [
        (
            role.value,
            mint_token(
                secret=secret,
                settings=app.settings,
                tenant=summary.tenant,
                roles=[role],
                subject=subjects.get(role),
            ),
        )
        for role in roles
    ]


def _base_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
