"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-29
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('instance_settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_instance_settings'))
    )
    op.create_table('tenants',
    sa.Column('slug', sa.String(length=63), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('change_seq', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tenants')),
    sa.UniqueConstraint('slug', name=op.f('uq_tenants_slug'))
    )
    op.create_table('import_runs',
    sa.Column('kind', sa.Enum('employee', 'candidate', name='personkind', native_enum=False, length=16), nullable=False),
    sa.Column('filename', sa.String(length=1000), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('dry_run', sa.Boolean(), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('created', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('credentials', sa.Integer(), nullable=False),
    sa.Column('errors', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('mapping', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_import_runs_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_runs'))
    )
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.create_index('ix_import_runs_tenant_started', ['tenant_id', 'started_at'], unique=False)

    op.create_table('issuers',
    sa.Column('uri', sa.String(length=2048), nullable=False),
    sa.Column('name', sa.String(length=400), nullable=True),
    sa.Column('trusted', sa.Boolean(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_issuers_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issuers')),
    sa.UniqueConstraint('tenant_id', 'uri', name=op.f('uq_issuers_tenant_id_uri'))
    )
    with op.batch_alter_table('issuers', schema=None) as batch_op:
        batch_op.create_index('ix_issuers_tenant_trusted', ['tenant_id', 'trusted'], unique=False)

    op.create_table('people',
    sa.Column('kind', sa.Enum('employee', 'candidate', name='personkind', native_enum=False, length=16), nullable=False),
    sa.Column('name', sa.String(length=400), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=True),
    sa.Column('manager_id', sa.BigInteger(), nullable=True),
    sa.Column('department', sa.String(length=400), nullable=True),
    sa.Column('title', sa.String(length=400), nullable=True),
    sa.Column('phone', sa.String(length=100), nullable=True),
    sa.Column('position', sa.String(length=400), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['manager_id'], ['people.id'], name=op.f('fk_people_manager_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_people_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('tenant_id', 'email', name=op.f('uq_people_tenant_id_email'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index('ix_people_tenant_external_id', ['tenant_id', 'external_id'], unique=False)
        batch_op.create_index('ix_people_tenant_kind', ['tenant_id', 'kind', 'id'], unique=False)
        batch_op.create_index('ix_people_tenant_manager', ['tenant_id', 'manager_id'], unique=False)

    op.create_table('roles',
    sa.Column('title', sa.String(length=400), nullable=False),
    sa.Column('open', sa.Boolean(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_roles_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roles')),
    sa.UniqueConstraint('tenant_id', 'title', name=op.f('uq_roles_tenant_id_title'))
    )
    with op.batch_alter_table('roles', schema=None) as batch_op:
        batch_op.create_index('ix_roles_tenant_open', ['tenant_id', 'open'], unique=False)

    op.create_table('skills',
    sa.Column('uri', sa.String(length=2048), nullable=False),
    sa.Column('name', sa.String(length=400), nullable=False),
    sa.Column('framework', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=200), nullable=True),
    sa.Column('skill_type', sa.String(length=100), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('alt_labels', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('broader', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_skills_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skills')),
    sa.UniqueConstraint('tenant_id', 'uri', name=op.f('uq_skills_tenant_id_uri'))
    )
    with op.batch_alter_table('skills', schema=None) as batch_op:
        batch_op.create_index('ix_skills_tenant_framework', ['tenant_id', 'framework'], unique=False)
        batch_op.create_index('ix_skills_tenant_name', ['tenant_id', 'name'], unique=False)

    op.create_table('sync_runs',
    sa.Column('target', sa.String(length=100), nullable=False),
    sa.Column('full', sa.Boolean(), nullable=False),
    sa.Column('dry_run', sa.Boolean(), nullable=False),
    sa.Column('from_seq', sa.BigInteger(), nullable=False),
    sa.Column('to_seq', sa.BigInteger(), nullable=False),
    sa.Column('exported', sa.Integer(), nullable=False),
    sa.Column('files', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sync_runs_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_runs'))
    )
    with op.batch_alter_table('sync_runs', schema=None) as batch_op:
        batch_op.create_index('ix_sync_runs_tenant_target', ['tenant_id', 'target', 'id'], unique=False)

    op.create_table('sync_states',
    sa.Column('connector', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('watermark', sa.BigInteger(), nullable=False),
    sa.Column('cursor', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sync_states_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_states')),
    sa.UniqueConstraint('tenant_id', 'connector', 'name', name=op.f('uq_sync_states_tenant_id_connector_name'))
    )
    op.create_table('achievements',
    sa.Column('issuer_id', sa.BigInteger(), nullable=True),
    sa.Column('uri', sa.String(length=2048), nullable=True),
    sa.Column('name', sa.String(length=400), nullable=False),
    sa.Column('kind', sa.Enum('badge', 'micro_certificate', 'nanodegree', 'certificate', 'license', 'degree', 'other', name='achievementkind', native_enum=False, length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('alignments', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['issuer_id'], ['issuers.id'], name=op.f('fk_achievements_issuer_id_issuers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_achievements_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_achievements')),
    sa.UniqueConstraint('tenant_id', 'uri', name=op.f('uq_achievements_tenant_id_uri'))
    )
    with op.batch_alter_table('achievements', schema=None) as batch_op:
        batch_op.create_index('ix_achievements_tenant_name', ['tenant_id', 'name'], unique=False)

    op.create_table('role_requirements',
    sa.Column('role_id', sa.BigInteger(), nullable=False),
    sa.Column('skill_id', sa.BigInteger(), nullable=False),
    sa.Column('level', sa.SmallInteger(), nullable=False),
    sa.Column('essential', sa.Boolean(), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.CheckConstraint('level BETWEEN 1 AND 5', name=op.f('ck_role_requirements_level_range')),
    sa.CheckConstraint('weight > 0', name=op.f('ck_role_requirements_weight_positive')),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], name=op.f('fk_role_requirements_role_id_roles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_role_requirements_skill_id_skills'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_role_requirements_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_requirements')),
    sa.UniqueConstraint('role_id', 'skill_id', name=op.f('uq_role_requirements_role_id_skill_id'))
    )
    with op.batch_alter_table('role_requirements', schema=None) as batch_op:
        batch_op.create_index('ix_role_requirements_tenant_skill', ['tenant_id', 'skill_id'], unique=False)

    op.create_table('skill_mappings',
    sa.Column('achievement', sa.String(length=2048), nullable=False),
    sa.Column('skill_id', sa.BigInteger(), nullable=False),
    sa.Column('level', sa.SmallInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('level BETWEEN 1 AND 5', name=op.f('ck_skill_mappings_level_range')),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_skill_mappings_skill_id_skills'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_skill_mappings_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skill_mappings')),
    sa.UniqueConstraint('tenant_id', 'achievement', 'skill_id', name=op.f('uq_skill_mappings_tenant_id_achievement_skill_id'))
    )
    op.create_table('credentials',
    sa.Column('holder_id', sa.BigInteger(), nullable=False),
    sa.Column('issuer_id', sa.BigInteger(), nullable=True),
    sa.Column('achievement_id', sa.BigInteger(), nullable=True),
    sa.Column('credential_uri', sa.String(length=2048), nullable=True),
    sa.Column('format', sa.Enum('ob2-hosted', 'ob2-signed', 'vc-jwt', 'vc-data-integrity', 'vp-json', 'vp-jwt', name='credentialformat', native_enum=False, length=32), nullable=True),
    sa.Column('raw', sa.Text(), nullable=False),
    sa.Column('raw_sha256', sa.String(length=64), nullable=False),
    sa.Column('subject_id', sa.String(length=2048), nullable=True),
    sa.Column('issued_on', sa.DateTime(timezone=True), nullable=True),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=True),
    sa.Column('valid_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.Enum('malformed', 'invalid', 'revoked', 'suspended', 'expired', 'not_yet_valid', 'recipient_mismatch', 'untrusted_issuer', 'unverifiable', 'verified', name='verificationstatus', native_enum=False, length=32), nullable=False),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('change_seq', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['achievement_id'], ['achievements.id'], name=op.f('fk_credentials_achievement_id_achievements'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['holder_id'], ['people.id'], name=op.f('fk_credentials_holder_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['issuer_id'], ['issuers.id'], name=op.f('fk_credentials_issuer_id_issuers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_credentials_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credentials')),
    sa.UniqueConstraint('tenant_id', 'holder_id', 'raw_sha256', name=op.f('uq_credentials_tenant_id_holder_id_raw_sha256'))
    )
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.create_index('ix_credentials_tenant_change_seq', ['tenant_id', 'change_seq'], unique=False)
        batch_op.create_index('ix_credentials_tenant_holder', ['tenant_id', 'holder_id'], unique=False)
        batch_op.create_index('ix_credentials_tenant_issuer', ['tenant_id', 'issuer_id'], unique=False)
        batch_op.create_index('ix_credentials_tenant_status', ['tenant_id', 'status'], unique=False)
        batch_op.create_index('ix_credentials_tenant_verified_at', ['tenant_id', 'verified_at'], unique=False)

    op.create_table('sync_exports',
    sa.Column('target', sa.String(length=100), nullable=False),
    sa.Column('credential_id', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.Enum('malformed', 'invalid', 'revoked', 'suspended', 'expired', 'not_yet_valid', 'recipient_mismatch', 'untrusted_issuer', 'unverifiable', 'verified', name='verificationstatus', native_enum=False, length=32), nullable=False),
    sa.Column('change_seq', sa.BigInteger(), nullable=False),
    sa.Column('exported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['credential_id'], ['credentials.id'], name=op.f('fk_sync_exports_credential_id_credentials'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_sync_exports_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_exports')),
    sa.UniqueConstraint('tenant_id', 'target', 'credential_id', name=op.f('uq_sync_exports_tenant_id_target_credential_id'))
    )
    op.create_table('verification_checks',
    sa.Column('credential_id', sa.BigInteger(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('check', sa.Enum('parse', 'schema', 'signature', 'key_binding', 'status', 'validity_period', 'recipient', 'issuer_trust', name='checkname', native_enum=False, length=32), nullable=False),
    sa.Column('result', sa.Enum('pass', 'fail', 'indeterminate', 'skipped', name='checkresult', native_enum=False, length=16), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('outcome', sa.Enum('malformed', 'invalid', 'revoked', 'suspended', 'expired', 'not_yet_valid', 'recipient_mismatch', 'untrusted_issuer', 'unverifiable', 'verified', name='verificationstatus', native_enum=False, length=32), nullable=True),
    sa.Column('tenant_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['credential_id'], ['credentials.id'], name=op.f('fk_verification_checks_credential_id_credentials'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_verification_checks_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_checks'))
    )
    with op.batch_alter_table('verification_checks', schema=None) as batch_op:
        batch_op.create_index('ix_verification_checks_credential', ['credential_id', 'position'], unique=False)

    # Every database starts with the tenant the CLI uses when no --tenant is given.
    tenants = sa.table(
        "tenants",
        sa.column("slug", sa.String),
        sa.column("name", sa.String),
        sa.column("change_seq", sa.BigInteger),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    op.bulk_insert(
        tenants,
        [{"slug": "default", "name": "Default", "change_seq": 0, "created_at": datetime.now(UTC)}],
    )


def downgrade() -> None:
    with op.batch_alter_table('verification_checks', schema=None) as batch_op:
        batch_op.drop_index('ix_verification_checks_credential')

    op.drop_table('verification_checks')
    op.drop_table('sync_exports')
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.drop_index('ix_credentials_tenant_verified_at')
        batch_op.drop_index('ix_credentials_tenant_status')
        batch_op.drop_index('ix_credentials_tenant_issuer')
        batch_op.drop_index('ix_credentials_tenant_holder')
        batch_op.drop_index('ix_credentials_tenant_change_seq')

    op.drop_table('credentials')
    op.drop_table('skill_mappings')
    with op.batch_alter_table('role_requirements', schema=None) as batch_op:
        batch_op.drop_index('ix_role_requirements_tenant_skill')

    op.drop_table('role_requirements')
    with op.batch_alter_table('achievements', schema=None) as batch_op:
        batch_op.drop_index('ix_achievements_tenant_name')

    op.drop_table('achievements')
    op.drop_table('sync_states')
    with op.batch_alter_table('sync_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_runs_tenant_target')

    op.drop_table('sync_runs')
    with op.batch_alter_table('skills', schema=None) as batch_op:
        batch_op.drop_index('ix_skills_tenant_name')
        batch_op.drop_index('ix_skills_tenant_framework')

    op.drop_table('skills')
    with op.batch_alter_table('roles', schema=None) as batch_op:
        batch_op.drop_index('ix_roles_tenant_open')

    op.drop_table('roles')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index('ix_people_tenant_manager')
        batch_op.drop_index('ix_people_tenant_kind')
        batch_op.drop_index('ix_people_tenant_external_id')

    op.drop_table('people')
    with op.batch_alter_table('issuers', schema=None) as batch_op:
        batch_op.drop_index('ix_issuers_tenant_trusted')

    op.drop_table('issuers')
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_import_runs_tenant_started')

    op.drop_table('import_runs')
    op.drop_table('tenants')
    op.drop_table('instance_settings')
