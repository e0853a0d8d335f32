"""accounting transfer

accounting periods transferred to DATEV (kontor.core.finance.transfer_models)

Revision ID: core_0010
Revises: core_0009
Create Date: 2026-11-25 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kontor.db.types

revision: str = 'core_0010'
down_revision: str | None = 'core_0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('accounting_transfer',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('run', sa.Integer(), nullable=False),
    sa.Column('transferred_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('transferred_by', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('sales_documents', sa.Integer(), nullable=False),
    sa.Column('sales_gross', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('purchase_documents', sa.Integer(), nullable=False),
    sa.Column('purchase_gross', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('checksums', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('accounting_transfer', schema=None) as batch_op:
        batch_op.create_index('ix_accounting_transfer_period', ['tenant_id', 'period_from', 'period_to'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_accounting_transfer_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('accounting_transfer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accounting_transfer_tenant_id'))
        batch_op.drop_index('ix_accounting_transfer_period')

    op.drop_table('accounting_transfer')
