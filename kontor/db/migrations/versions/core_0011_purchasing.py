"""purchasing

purchase documents' own tables (kontor.core.purchasing.models)

Revision ID: core_0011
Revises: core_0010
Create Date: 2026-11-25 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kontor.db.types

revision: str = 'core_0011'
down_revision: str | None = 'core_0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _exact() -> kontor.db.types.Exact:
    return kontor.db.types.Exact(scale=4, precision=18)


def upgrade() -> None:
    op.create_table('purchase_line',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_line_id', sa.Integer(), nullable=False),
    sa.Column('expected_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['document_line_id'], ['document_line.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_line_id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('purchase_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_purchase_line_expected_date'), ['expected_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchase_line_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('receipt_check',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=False),
    sa.Column('checked_by', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('quality_grade', sa.String(length=1), nullable=False),
    sa.Column('delivery_date_grade', sa.String(length=1), nullable=False),
    sa.Column('quantity_grade', sa.String(length=1), nullable=False),
    sa.Column('grade', sa.String(length=1), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['supplier_id'], ['supplier.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('receipt_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_check_supplier_id'), ['supplier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_receipt_check_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('receipt_check_line',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('check_id', sa.Integer(), nullable=False),
    sa.Column('document_line_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('quantity', _exact(), nullable=False),
    sa.Column('ordered_price', _exact(), nullable=False),
    sa.Column('checked_price', _exact(), nullable=False),
    sa.Column('stock_before', _exact(), nullable=False),
    sa.Column('average_before', _exact(), nullable=False),
    sa.Column('average_after', _exact(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.ForeignKeyConstraint(['check_id'], ['receipt_check.id'], ),
    sa.ForeignKeyConstraint(['document_line_id'], ['document_line.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('receipt_check_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_check_line_check_id'), ['check_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_receipt_check_line_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('supplier_invoice_entry',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('supplier_invoice_number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('supplier_invoice_date', sa.Date(), nullable=False),
    sa.Column('net_amount', _exact(), nullable=False),
    sa.Column('tax_amount', _exact(), nullable=False),
    sa.Column('gross_amount', _exact(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['supplier_id'], ['supplier.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id'),
    sa.UniqueConstraint('tenant_id', 'supplier_id', 'supplier_invoice_number'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('supplier_invoice_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supplier_invoice_entry_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('supplier_invoice_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supplier_invoice_entry_tenant_id'))
    op.drop_table('supplier_invoice_entry')
    with op.batch_alter_table('receipt_check_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receipt_check_line_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_receipt_check_line_check_id'))
    op.drop_table('receipt_check_line')
    with op.batch_alter_table('receipt_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receipt_check_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_receipt_check_supplier_id'))
    op.drop_table('receipt_check')
    with op.batch_alter_table('purchase_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_purchase_line_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_purchase_line_expected_date'))
    op.drop_table('purchase_line')
