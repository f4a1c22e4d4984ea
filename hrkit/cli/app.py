"""What every command shares: global options, settings, the database and the tenant scope."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING, Any

import click

from hrkit.settings import Settings

if TYPE_CHECKING:  # the database stack loads only for commands that use it
    from sqlalchemy.orm import Session

    from hrkit.store.database import Database
    from hrkit.store.scope import Scope

TENANT_HELP = "Tenant to work in (default: HRKIT_TENANT or 'default')."
DB_HELP = "Database URL or SQLite path (overrides HRKIT_DATABASE_URL)."


class App:
    """Lazily built settings and database for one CLI invocation."""

    def __init__(self) -> None:
        self.tenant: str | None = None
        self.db_url: str | None = None
        # What a command is done with but leaves to the end of the process (see `keep`).
        self.kept: list[object] = []

    @cached_property
    def settings(self) -> Settings:
        return Settings.from_env(tenant=self.tenant, database_url=self.db_url)

    @cached_property
    def db(self) -> Database:
        """The database, upgraded on first use when it is empty."""
        from hrkit.store.migrate import ensure_schema

        db = self.raw_db
        db.ping()
        ensure_schema(db)
        return db

    @cached_property
    def raw_db(self) -> Database:
        """The database without the schema check (for `hrkit db` itself)."""
        from hrkit.store.database import Database

        return Database(self.settings.database_url)

    def scope(self, session: Session) -> Scope:
        from hrkit.services.tenants import resolve_scope

        return resolve_scope(session, self.settings.tenant)

    def close(self) -> None:
        """Close the database connections this invocation opened."""
        database = self.__dict__.get("raw_db")
        if database is not None:
            database.dispose()

    def keep(self, *objects: object) -> None:
        """Hold `objects` (a large import's rows) as long as this App lives.

        Freeing a million Python objects one by one takes a noticeable part of a second. The
        `hrkit` executable keeps its App until the process ends without freeing anything
        (`main.run`); an in-process caller of `main()` frees them when it returns.
        """
        self.kept.extend(objects)

    @contextmanager
    def read(self) -> Iterator[tuple[Session, Scope]]:
        with self.db.session() as session:
            yield session, self.scope(session)

    @contextmanager
    def write(self) -> Iterator[tuple[Session, Scope]]:
        with self.db.transaction() as session:
            yield session, self.scope(session)


def _global_options() -> list[click.Option]:
    return [
        click.Option(["--tenant"], metavar="T", help=TENANT_HELP),
        click.Option(["--db", "db_url"], metavar="URL", help=DB_HELP),
    ]


def _take_globals(ctx: click.Context) -> None:
    app = ctx.ensure_object(App)
    tenant = ctx.params.pop("tenant", None)
    db_url = ctx.params.pop("db_url", None)
    # A value written after the command wins over one written before it.
    app.tenant = tenant if tenant is not None else app.tenant
    app.db_url = db_url if db_url is not None else app.db_url


class HrkitCommand(click.Command):
    """A command that takes the global `--tenant`/`--db` options after its name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(_global_options())

    def invoke(self, ctx: click.Context) -> Any:
        _take_globals(ctx)
        return super().invoke(ctx)


class HrkitGroup(click.Group):
    """A group whose commands and subgroups all take the global options."""

    command_class = HrkitCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(_global_options())

    def invoke(self, ctx: click.Context) -> Any:
        _take_globals(ctx)
        return super().invoke(ctx)


HrkitGroup.group_class = HrkitGroup


def command(name: str | None = None, **kwargs: Any) -> Callable[[Callable[..., Any]], HrkitCommand]:
    """`click.command` for a top-level command that takes the global options."""
    return click.command(name, cls=HrkitCommand, **kwargs)


pass_app = click.make_pass_decorator(App, ensure=True)
