"""stocktaking and serials

stocktakings with their count lines, the devaluation tables (age steps, manual), serial and
batch numbers with their trail and reservations (kontor.core.stock.stocktaking_models,
serial_models).

Revision ID: core_0013
Revises: core_0012
Create Date: 2026-11-25 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kontor.db.types

revision: str = 'core_0013'
down_revision: str | None = 'core_0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('devaluation_step',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('min_days', sa.Integer(), nullable=False),
    sa.Column('percent', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'min_days'),
    sqlite_autoincrement=True
    )
    op.create_index(op.f('ix_devaluation_step_tenant_id'), 'devaluation_step', ['tenant_id'], unique=False)
    op.create_table('stocktaking',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('key_date', sa.Date(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('article_group_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('posted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['article_group_id'], ['article_group.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_index('ix_stocktaking_state', 'stocktaking', ['tenant_id', 'state'], unique=False)
    op.create_index(op.f('ix_stocktaking_tenant_id'), 'stocktaking', ['tenant_id'], unique=False)
    op.create_table('manual_devaluation',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('article_group_id', sa.Integer(), nullable=True),
    sa.Column('percent', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('amount', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.ForeignKeyConstraint(['article_group_id'], ['article_group.id'], ),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_index('ix_manual_devaluation_article', 'manual_devaluation', ['tenant_id', 'article_id'], unique=False)
    op.create_index(op.f('ix_manual_devaluation_tenant_id'), 'manual_devaluation', ['tenant_id'], unique=False)
    op.create_table('serial_number',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('kind', sa.String(length=6), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=True),
    sa.Column('quantity', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('supplier_id', sa.Integer(), nullable=True),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.ForeignKeyConstraint(['replaces_id'], ['serial_number.id'], ),
    sa.ForeignKeyConstraint(['supplier_id'], ['supplier.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'article_id', 'number'),
    sqlite_autoincrement=True
    )
    op.create_index('ix_serial_number_state', 'serial_number', ['tenant_id', 'article_id', 'state'], unique=False)
    op.create_index(op.f('ix_serial_number_tenant_id'), 'serial_number', ['tenant_id'], unique=False)
    op.create_table('stocktaking_line',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stocktaking_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('counted', kontor.db.types.Exact(scale=4, precision=18), nullable=True),
    sa.Column('book', kontor.db.types.Exact(scale=4, precision=18), nullable=True),
    sa.Column('difference', kontor.db.types.Exact(scale=4, precision=18), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.ForeignKeyConstraint(['stocktaking_id'], ['stocktaking.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('stocktaking_id', 'article_id', 'warehouse_id'),
    sqlite_autoincrement=True
    )
    op.create_index(op.f('ix_stocktaking_line_stocktaking_id'), 'stocktaking_line', ['stocktaking_id'], unique=False)
    op.create_index(op.f('ix_stocktaking_line_tenant_id'), 'stocktaking_line', ['tenant_id'], unique=False)
    op.create_table('serial_movement',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('serial_id', sa.Integer(), nullable=False),
    sa.Column('moved_on', sa.Date(), nullable=False),
    sa.Column('symbol', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('quantity', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('document_line_id', sa.Integer(), nullable=True),
    sa.Column('document_number', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['document_line_id'], ['document_line.id'], ),
    sa.ForeignKeyConstraint(['serial_id'], ['serial_number.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_index('ix_serial_movement_line', 'serial_movement', ['document_line_id'], unique=False)
    op.create_index('ix_serial_movement_serial', 'serial_movement', ['serial_id', 'moved_on'], unique=False)
    op.create_index(op.f('ix_serial_movement_tenant_id'), 'serial_movement', ['tenant_id'], unique=False)
    op.create_table('serial_reservation',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('serial_id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('quantity', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.ForeignKeyConstraint(['order_line_id'], ['document_line.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['serial_id'], ['serial_number.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('serial_id', 'order_line_id'),
    sqlite_autoincrement=True
    )
    op.create_index(op.f('ix_serial_reservation_order_line_id'), 'serial_reservation', ['order_line_id'], unique=False)
    op.create_index(op.f('ix_serial_reservation_serial_id'), 'serial_reservation', ['serial_id'], unique=False)
    op.create_index(op.f('ix_serial_reservation_tenant_id'), 'serial_reservation', ['tenant_id'], unique=False)


def downgrade() -> None:
    op.drop_table('serial_reservation')
    op.drop_table('serial_movement')
    op.drop_table('stocktaking_line')
    op.drop_table('serial_number')
    op.drop_table('manual_devaluation')
    op.drop_table('stocktaking')
    op.drop_table('devaluation_step')
