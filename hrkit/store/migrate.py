"""Schema migrations (Alembic, shipped inside the package) and the first-use upgrade."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import DBAPIError

from hrkit.errors import StorageError
from hrkit.store.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest revision in migrations/versions (a test keeps it equal to Alembic's head). Every
# CLI command checks the schema first; comparing with this constant spares loading Alembic
# and parsing the migration scripts when the database is current.
HEAD = "0003"
# Any 64-bit constant; serialises concurrent `hrkit db upgrade` runs on PostgreSQL.
_PG_MIGRATION_LOCK = 0x6872_6B69_7400_0001


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> tuple[str | None, str]:
    """Bring the schema to `revision`; returns (before, after). Safe to run concurrently."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    config = _config()
    with db.engine.execution_options(hrkit_write=True).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        before = MigrationContext.configure(conn).get_current_revision()
        if before is None:
            _refuse_foreign_database(conn)
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        after = MigrationContext.configure(conn).get_current_revision()
    assert after is not None
    return before, after


def ensure_schema(db: Database) -> None:
    """Upgrade an empty database; refuse one whose schema is behind or ahead of this hrkit."""
    if _stamped(db) == HEAD:
        return
    from alembic.script import ScriptDirectory

    current = current_revision(db)
    head = head_revision()
    if current == head:
        return
    if current is None:
        upgrade(db)
        return
    known = {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}
    if current not in known:
        raise StorageError(
            f"database {db.display_url} was migrated by a newer hrkit (revision {current}); "
            "upgrade hrkit"
        )
    raise StorageError(
        f"database {db.display_url} is at schema revision {current}, this hrkit needs {head}: "
        "run `hrkit db upgrade`"
    )


def _stamped(db: Database) -> str | None:
    """The revision recorded in the database, read without Alembic; None when there is none."""
    try:
        with db.engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:  # no such table yet: an empty database
        return None


def _refuse_foreign_database(conn: Connection) -> None:
    tables = set(inspect(conn).get_table_names())
    if "tenants" in tables or "credentials" in tables:
        raise StorageError(
            "the database has hrkit-like tables but no migration record; refusing to touch it"
        )
