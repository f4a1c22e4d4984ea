"""credential result levels (OB 3.0 results the skills engine reads)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    # Credentials stored before this revision read as having no result levels: the skills
    # engine then gives their alignments the default level, as it did before.
    with op.batch_alter_table('credentials') as batch:
        batch.add_column(
            sa.Column('result_levels', _JSON, nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    with op.batch_alter_table('credentials') as batch:
        batch.drop_column('result_levels')
