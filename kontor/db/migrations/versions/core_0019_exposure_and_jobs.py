"""exposure and jobs

customer_exposure (one row per customer: open items, uninvoiced, open orders) and
document_exposure (each open document's share of them), kept beside their sources
(kontor.core.finance.exposure_models); filled from the documents, open items and payments
already there after the upgrade (kontor.db.migrate.fill_exposure).

Revision ID: core_0019
Revises: core_0018
Create Date: 2026-12-04 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kontor.db.types

revision: str = 'core_0019'
down_revision: str | None = 'core_0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _exact(name: str) -> sa.Column:
    return sa.Column(name, kontor.db.types.Exact(scale=4, precision=18), nullable=False)


def upgrade() -> None:
    op.create_table('customer_exposure',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), autoincrement=False, nullable=False),
    _exact('open_items'),
    _exact('uninvoiced'),
    _exact('open_orders'),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('customer_id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('customer_exposure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_exposure_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('document_exposure',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    _exact('uninvoiced'),
    _exact('open_orders'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('document_id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('document_exposure', schema=None) as batch_op:
        batch_op.create_index('ix_document_exposure_customer', ['tenant_id', 'customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_exposure_tenant_id'), ['tenant_id'], unique=False)
    # The rows are filled from the documents, open items and payments already there once the
    # whole chain is at its head (kontor.db.migrate.upgrade): they are counted in home currency,
    # whose columns a later revision adds.


def downgrade() -> None:
    op.drop_table('document_exposure')
    op.drop_table('customer_exposure')
