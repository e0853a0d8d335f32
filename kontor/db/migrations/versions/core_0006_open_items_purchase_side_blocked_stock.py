"""open items, purchase side, blocked and reserved stock

open_item (one per posted invoice or credit note); document.supplier_id for the purchase
kinds; stock_level.blocked and .reserved beside on_hand; stock_move.blocked; article.average_cost (moving average purchase price).

Revision ID: core_0006
Revises: core_0005
Create Date: 2026-11-25 02:13:45.838667
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kontor.db.types

revision: str = 'core_0006'
down_revision: str | None = 'core_0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('open_item',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('doc_date', sa.Date(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('currency_code', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('amount', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('cash_discount_base', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('cash_discount1_date', sa.Date(), nullable=True),
    sa.Column('cash_discount1_percent', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('cash_discount2_date', sa.Date(), nullable=True),
    sa.Column('cash_discount2_percent', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('open_amount', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('dunning_level', sa.Integer(), nullable=False),
    sa.Column('last_dunned_on', sa.Date(), nullable=True),
    sa.Column('dunning_block', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'document_id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('open_item', schema=None) as batch_op:
        batch_op.create_index('ix_open_item_customer_state', ['tenant_id', 'customer_id', 'state'], unique=False)
        batch_op.create_index('ix_open_item_due', ['tenant_id', 'state', 'due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_open_item_tenant_id'), ['tenant_id'], unique=False)

    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.add_column(sa.Column('average_cost', kontor.db.types.Exact(scale=4, precision=18), nullable=False,
                                      server_default='0'))

    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('supplier_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_document_supplier', ['tenant_id', 'supplier_id'], unique=False)
        batch_op.create_foreign_key('fk_document_supplier_id', 'supplier', ['supplier_id'], ['id'])

    with op.batch_alter_table('stock_level', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blocked', kontor.db.types.Exact(scale=4, precision=18), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('reserved', kontor.db.types.Exact(scale=4, precision=18), nullable=False, server_default='0'))

    with op.batch_alter_table('stock_move', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blocked', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade() -> None:
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_column('average_cost')

    with op.batch_alter_table('stock_move', schema=None) as batch_op:
        batch_op.drop_column('blocked')

    with op.batch_alter_table('stock_level', schema=None) as batch_op:
        batch_op.drop_column('reserved')
        batch_op.drop_column('blocked')

    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_constraint('fk_document_supplier_id', type_='foreignkey')
        batch_op.drop_index('ix_document_supplier')
        batch_op.drop_column('supplier_id')

    with op.batch_alter_table('open_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_open_item_tenant_id'))
        batch_op.drop_index('ix_open_item_due')
        batch_op.drop_index('ix_open_item_customer_state')

    op.drop_table('open_item')
