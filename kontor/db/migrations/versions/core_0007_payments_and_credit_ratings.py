"""payments and credit ratings

payments, their allocations to open items, credit-agency reports (kontor.core.finance.payment_models)

Revision ID: core_0007
Revises: core_0006
Create Date: 2026-11-25 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kontor.db.types

revision: str = 'core_0007'
down_revision: str | None = 'core_0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _exact(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, kontor.db.types.Exact(scale=4, precision=18), nullable=nullable)


def upgrade() -> None:
    op.create_table('payment',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    _exact('amount'),
    _exact('unallocated'),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('bank_id', sa.Integer(), nullable=True),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=140), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('entered_by', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.ForeignKeyConstraint(['bank_id'], ['bank.id'], ),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['reverses_id'], ['payment.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'reverses_id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index('ix_payment_customer', ['tenant_id', 'customer_id', 'paid_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('payment_allocation',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=True),
    sa.Column('open_item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    _exact('amount'),
    sa.Column('allocated_on', sa.Date(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('entered_by', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.ForeignKeyConstraint(['open_item_id'], ['open_item.id'], ),
    sa.ForeignKeyConstraint(['payment_id'], ['payment.id'], ),
    sa.ForeignKeyConstraint(['reverses_id'], ['payment_allocation.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('payment_allocation', schema=None) as batch_op:
        batch_op.create_index('ix_payment_allocation_item', ['tenant_id', 'open_item_id'], unique=False)
        batch_op.create_index('ix_payment_allocation_date', ['tenant_id', 'allocated_on'], unique=False)
        batch_op.create_index('ix_payment_allocation_payment', ['payment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payment_allocation_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('credit_report',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=False),
    sa.Column('agency', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('rating', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    _exact('recommended_limit', nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('limit_applied', sa.Boolean(), nullable=False),
    sa.Column('entered_by', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('credit_report', schema=None) as batch_op:
        batch_op.create_index('ix_credit_report_customer', ['tenant_id', 'customer_id', 'reported_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_report_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('credit_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credit_report_tenant_id'))
        batch_op.drop_index('ix_credit_report_customer')
    op.drop_table('credit_report')

    with op.batch_alter_table('payment_allocation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_allocation_tenant_id'))
        batch_op.drop_index('ix_payment_allocation_payment')
        batch_op.drop_index('ix_payment_allocation_date')
        batch_op.drop_index('ix_payment_allocation_item')
    op.drop_table('payment_allocation')

    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_tenant_id'))
        batch_op.drop_index('ix_payment_customer')
    op.drop_table('payment')
