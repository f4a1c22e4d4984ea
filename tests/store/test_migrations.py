from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text

from hrkit.errors import StorageError
from hrkit.store.database import Database
from hrkit.store.migrate import current_revision, ensure_schema, head_revision, upgrade
from hrkit.store.tables import Base, Credential, Tenant

EXPECTED_TABLES = {
    "tenants",
    "instance_settings",
    "people",
    "issuers",
    "achievements",
    "credentials",
    "verification_checks",
    "skills",
    "roles",
    "role_requirements",
    "skill_mappings",
    "sync_states",
    "sync_runs",
    "sync_exports",
    "import_runs",
    "alembic_version",
}


def test_upgrade_from_empty_creates_every_table_and_the_default_tenant(empty_db: Database) -> None:
    assert current_revision(empty_db) is None
    before, after = upgrade(empty_db)
    assert (before, after) == (None, head_revision())
    with empty_db.engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) == EXPECTED_TABLES
    with empty_db.session() as session:
        assert session.scalars(select(Tenant.slug)).all() == ["default"]


def test_upgrade_is_idempotent(db: Database) -> None:
    assert upgrade(db) == (head_revision(), head_revision())
    with db.session() as session:
        assert session.scalars(select(Tenant.slug)).all() == ["default"]


def test_migrations_match_the_models(db: Database) -> None:
    """The migration scripts build exactly the schema the ORM models declare."""
    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []


def test_indexes_for_the_hot_lookups_exist(db: Database) -> None:
    with db.engine.connect() as conn:
        insp = inspect(conn)
        people = {tuple(u["column_names"]) for u in insp.get_unique_constraints("people")}
        credentials = {tuple(i["column_names"]) for i in insp.get_indexes("credentials")}
    assert ("tenant_id", "email") in people
    assert ("tenant_id", "change_seq") in credentials
    assert ("tenant_id", "status") in credentials


def test_people_carry_only_the_indexes_queries_use(db: Database) -> None:
    """Every person an import writes pays for every index: no external id index (no query
    uses one), and the manager index holds only people who have a manager."""
    with db.engine.connect() as conn:
        indexes = {i["name"] for i in inspect(conn).get_indexes("people") if not i["unique"]}
        assert indexes == {"ix_people_tenant_kind", "ix_people_tenant_manager"}
        conn.execute(
            text(
                "INSERT INTO people (tenant_id, kind, name, email, created_at, updated_at) "
                "SELECT id, 'candidate', 'Ann', 'ann@example.org', "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM tenants"
            )
        )
        plan = " ".join(
            str(row)
            for row in conn.execute(
                text(
                    ("EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN ")
                    + "SELECT id FROM people WHERE tenant_id = 1 AND manager_id = 7"
                )
            )
        )
    if db.engine.dialect.name == "sqlite":  # PostgreSQL plans a one-row table as a scan
        assert "ix_people_tenant_manager" in plan


def test_ensure_schema_upgrades_an_empty_database(empty_db: Database) -> None:
    ensure_schema(empty_db)
    assert current_revision(empty_db) == head_revision()


def test_ensure_schema_refuses_a_database_from_a_newer_hrkit(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    with pytest.raises(StorageError, match="newer hrkit"):
        ensure_schema(db)


def test_upgrade_refuses_tables_without_a_migration_record(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    with pytest.raises(StorageError, match="no migration record"):
        upgrade(db)


def test_head_constant_is_alembics_head() -> None:
    from hrkit.store.migrate import HEAD

    assert head_revision() == HEAD


def test_0002_keeps_credentials_stored_before_it(empty_db: Database) -> None:
    """A credential stored under 0001 reads as having no result levels after the upgrade."""
    upgrade(empty_db, "0001")
    with empty_db.engine.begin() as conn:
        tenant = conn.execute(text("SELECT id FROM tenants")).scalar_one()
        conn.execute(
            text(
                "INSERT INTO people (tenant_id, kind, name, email, created_at, updated_at) "
                "VALUES (:t, 'employee', 'Ada', 'ada@example.org', :now, :now)"
            ),
            {"t": tenant, "now": "2026-01-01 00:00:00"},
        )
        person = conn.execute(text("SELECT id FROM people")).scalar_one()
        conn.execute(
            text(
                "INSERT INTO credentials (tenant_id, holder_id, raw, raw_sha256, status, "
                "change_seq, created_at, updated_at) "
                "VALUES (:t, :p, '{}', 'x', 'verified', 1, :now, :now)"
            ),
            {"t": tenant, "p": person, "now": "2026-01-01 00:00:00"},
        )
    assert upgrade(empty_db) == ("0001", head_revision())
    with empty_db.session() as session:
        [credential] = session.scalars(select(Credential)).all()
        assert credential.raw == "{}" and credential.result_levels == []
