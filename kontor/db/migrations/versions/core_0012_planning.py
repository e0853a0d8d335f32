"""planning

reservations and reorder proposals (kontor.core.stock.planning_models); an index on
document_line (tenant_id, article_id) for an article's sales and open order lines.

Revision ID: core_0012
Revises: core_0011
Create Date: 2026-11-25 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kontor.db.types

revision: str = 'core_0012'
down_revision: str | None = 'core_0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _exact(name: str) -> sa.Column:
    return sa.Column(name, kontor.db.types.Exact(scale=4, precision=18), nullable=False)


def upgrade() -> None:
    op.create_table('reservation',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    _exact('quantity'),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=True),
    sa.Column('purchase_line_id', sa.Integer(), nullable=True),
    sa.Column('order_line_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('needed_on', sa.Date(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['order_line_id'], ['document_line.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['purchase_line_id'], ['document_line.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('reservation', schema=None) as batch_op:
        batch_op.create_index('ix_reservation_article', ['tenant_id', 'article_id', 'needed_on'], unique=False)
        batch_op.create_index('ix_reservation_order_line', ['order_line_id'], unique=False)
        batch_op.create_index('ix_reservation_purchase_line', ['purchase_line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reservation_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('reorder_proposal',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('reorder_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reorder_proposal_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('reorder_proposal_line',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=True),
    sa.Column('warehouse_id', sa.Integer(), nullable=True),
    _exact('quantity'),
    _exact('unit_price'),
    sa.Column('delivery_date', sa.Date(), nullable=True),
    _exact('on_hand'),
    _exact('reserved'),
    _exact('on_order'),
    _exact('target'),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('customer_order_id', sa.Integer(), nullable=True),
    sa.Column('purchase_order_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.ForeignKeyConstraint(['customer_order_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['proposal_id'], ['reorder_proposal.id'], ),
    sa.ForeignKeyConstraint(['purchase_order_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['supplier_id'], ['supplier.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('reorder_proposal_line', schema=None) as batch_op:
        batch_op.create_index('ix_reorder_proposal_line_proposal', ['proposal_id', 'supplier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reorder_proposal_line_tenant_id'), ['tenant_id'], unique=False)

    with op.batch_alter_table('document_line', schema=None) as batch_op:
        batch_op.create_index('ix_document_line_article', ['tenant_id', 'article_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('document_line', schema=None) as batch_op:
        batch_op.drop_index('ix_document_line_article')
    for table in ('reorder_proposal_line', 'reorder_proposal', 'reservation'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_tenant_id'))
    op.drop_table('reorder_proposal_line')
    op.drop_table('reorder_proposal')
    op.drop_table('reservation')
