"""people indexes an import maintains: the manager index only where there is a manager, no
external id index

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every person written pays for every index. No query looks people up by external id, and
    # the manager index is only ever searched for a manager's reports (manager_id = x): rows
    # without a manager (every candidate) need no entry in it.
    with op.batch_alter_table('people') as batch:
        batch.drop_index('ix_people_tenant_external_id')
        batch.drop_index('ix_people_tenant_manager')
        batch.create_index(
            'ix_people_tenant_manager',
            ['tenant_id', 'manager_id'],
            unique=False,
            sqlite_where=sa.text('manager_id IS NOT NULL'),
            postgresql_where=sa.text('manager_id IS NOT NULL'),
        )


def downgrade() -> None:
    with op.batch_alter_table('people') as batch:
        batch.drop_index('ix_people_tenant_manager')
        batch.create_index('ix_people_tenant_manager', ['tenant_id', 'manager_id'], unique=False)
        batch.create_index(
            'ix_people_tenant_external_id', ['tenant_id', 'external_id'], unique=False
        )
