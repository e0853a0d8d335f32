"""dunning

dunning levels, runs, letters, the history per item and customer blocks
(kontor.core.finance.dunning_models)

Revision ID: core_0009
Revises: core_0008
Create Date: 2026-11-25 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kontor.db.types

revision: str = 'core_0009'
down_revision: str | None = 'core_0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _exact(name: str) -> sa.Column:
    return sa.Column(name, kontor.db.types.Exact(scale=4, precision=18), nullable=False)


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=False)


def _stamps() -> list[sa.Column]:
    return [sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
            sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False)]


def upgrade() -> None:
    op.create_table('dunning_level',
    *_stamps(),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    _text('name', 60),
    sa.Column('days_overdue', sa.Integer(), nullable=False),
    sa.Column('days_after_previous', sa.Integer(), nullable=False),
    _exact('fee'),
    _exact('interest_percent'),
    sa.Column('pay_within_days', sa.Integer(), nullable=False),
    sa.Column('letter_text', sa.Text(), nullable=False),
    _text('template', 200),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'level'),
    sqlite_autoincrement=True
    )
    op.create_table('dunning_run',
    *_stamps(),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_date', sa.Date(), nullable=False),
    _text('batch_key', 80),
    _text('username', 60),
    sa.Column('letters', sa.Integer(), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    _exact('fees'),
    _exact('interest'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'batch_key'),
    sqlite_autoincrement=True
    )
    op.create_table('dunning_letter',
    *_stamps(),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('letter_date', sa.Date(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    _text('level_name', 60),
    _text('currency_code', 3),
    _text('customer_number', 20),
    _text('name1', 120),
    _text('name2', 120),
    _text('street', 120),
    _text('postal_code', 12),
    _text('city', 80),
    _text('country_code', 2),
    _exact('open_total'),
    _exact('interest'),
    _exact('fee'),
    _exact('total'),
    sa.Column('pay_by', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    _text('template', 200),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['run_id'], ['dunning_run.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'run_id', 'customer_id', 'currency_code'),
    sqlite_autoincrement=True
    )
    op.create_table('dunning_entry',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('open_item_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('dunned_on', sa.Date(), nullable=False),
    sa.Column('days_overdue', sa.Integer(), nullable=False),
    _exact('open_amount'),
    _exact('interest_percent'),
    _exact('interest'),
    sa.ForeignKeyConstraint(['letter_id'], ['dunning_letter.id'], ),
    sa.ForeignKeyConstraint(['open_item_id'], ['open_item.id'], ),
    sa.ForeignKeyConstraint(['run_id'], ['dunning_run.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'open_item_id', 'run_id'),
    sqlite_autoincrement=True
    )
    op.create_table('dunning_block',
    *_stamps(),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    _text('reason', 200),
    sa.Column('until', sa.Date(), nullable=True),
    _text('username', 60),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'customer_id'),
    sqlite_autoincrement=True
    )
    for table in ('dunning_level', 'dunning_run', 'dunning_letter', 'dunning_entry', 'dunning_block'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_tenant_id'), ['tenant_id'], unique=False)
    with op.batch_alter_table('dunning_letter', schema=None) as batch_op:
        batch_op.create_index('ix_dunning_letter_customer', ['tenant_id', 'customer_id'], unique=False)
    with op.batch_alter_table('dunning_entry', schema=None) as batch_op:
        batch_op.create_index('ix_dunning_entry_item', ['tenant_id', 'open_item_id'], unique=False)
        batch_op.create_index('ix_dunning_entry_letter', ['letter_id'], unique=False)


def downgrade() -> None:
    for table in ('dunning_block', 'dunning_entry', 'dunning_letter', 'dunning_run', 'dunning_level'):
        op.drop_table(table)
