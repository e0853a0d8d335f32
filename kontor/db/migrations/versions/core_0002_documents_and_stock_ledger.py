"""documents and stock ledger

Revision ID: core_0002
Revises: core_0001
Create Date: 2026-11-25 00:16:19.331692
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kontor.db.types

revision: str = 'core_0002'
down_revision: str | None = 'core_0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('warehouse',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('warehouse', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_warehouse_tenant_id'), ['tenant_id'], unique=False)

    # Companies that exist already get their default warehouse, as new ones do.
    op.get_bind().execute(
        sa.text("INSERT INTO warehouse (tenant_id, code, name, is_default) SELECT id, 'HL', 'Hauptlager', :yes FROM tenant"),
        {"yes": True},
    )
    op.create_table('document',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('doc_date', sa.Date(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('bill_name1', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('bill_name2', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('bill_street', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('bill_postal_code', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('bill_city', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('bill_country_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('ship_name1', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('ship_name2', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('ship_street', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('ship_postal_code', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('ship_city', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('ship_country_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('currency_code', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('price_class', sa.Integer(), nullable=False),
    sa.Column('payment_term_id', sa.Integer(), nullable=True),
    sa.Column('delivery_term_id', sa.Integer(), nullable=True),
    sa.Column('shipping_method_id', sa.Integer(), nullable=True),
    sa.Column('sales_rep_id', sa.Integer(), nullable=True),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('clerk', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('customer_order_number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('customer_order_date', sa.Date(), nullable=True),
    sa.Column('customer_delivery_date', sa.Date(), nullable=True),
    sa.Column('supplier_delivery_date', sa.Date(), nullable=True),
    sa.Column('packages', sa.JSON(), nullable=False),
    sa.Column('agreements', sa.Text(), nullable=False),
    sa.Column('order_info', sa.Text(), nullable=False),
    sa.Column('header_text', sa.Text(), nullable=False),
    sa.Column('footer_text', sa.Text(), nullable=False),
    sa.Column('set_text', sa.Text(), nullable=False),
    sa.Column('end_discount_percent', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('lines_net', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('end_discount_amount', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('charges_net', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('net_total', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('tax_total', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('gross_total', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('cash', sa.Boolean(), nullable=False),
    sa.Column('variant', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('batch_key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('posted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('archived_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], ),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], ),
    sa.ForeignKeyConstraint(['corrects_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['delivery_term_id'], ['delivery_term.id'], ),
    sa.ForeignKeyConstraint(['order_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['payment_term_id'], ['payment_term.id'], ),
    sa.ForeignKeyConstraint(['sales_rep_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['shipping_method_id'], ['shipping_method.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'batch_key'),
    sa.UniqueConstraint('tenant_id', 'kind', 'number'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index('ix_document_customer', ['tenant_id', 'customer_id'], unique=False)
        batch_op.create_index('ix_document_kind_state', ['tenant_id', 'kind', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('stock_level',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('on_hand', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'article_id', 'warehouse_id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('stock_level', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stock_level_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_level_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('document_charge',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('amount', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('tax_code_id', sa.Integer(), nullable=True),
    sa.Column('tax_rate', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('origin_charge_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['origin_charge_id'], ['document_charge.id'], ),
    sa.ForeignKeyConstraint(['tax_code_id'], ['tax_code.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('document_charge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_charge_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_charge_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('document_line',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('temporary', sa.Boolean(), nullable=False),
    sa.Column('article_number', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('long_text', sa.Text(), nullable=False),
    sa.Column('article_type', sa.String(length=1), nullable=False),
    sa.Column('quantity', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('unit_price', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('discount_percent', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('net_amount', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('tax_code_id', sa.Integer(), nullable=True),
    sa.Column('tax_rate', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('cost_price', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('optional', sa.Boolean(), nullable=False),
    sa.Column('price_source', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('returned_line_id', sa.Integer(), nullable=True),
    sa.Column('restock', sa.Boolean(), nullable=False),
    sa.Column('source_line_id', sa.Integer(), nullable=True),
    sa.Column('order_line_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['order_line_id'], ['document_line.id'], ),
    sa.ForeignKeyConstraint(['returned_line_id'], ['document_line.id'], ),
    sa.ForeignKeyConstraint(['source_line_id'], ['document_line.id'], ),
    sa.ForeignKeyConstraint(['tax_code_id'], ['tax_code.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('document_line', schema=None) as batch_op:
        batch_op.create_index('ix_document_line_document', ['document_id', 'position'], unique=False)
        batch_op.create_index('ix_document_line_order_line', ['order_line_id'], unique=False)
        batch_op.create_index('ix_document_line_source', ['source_line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_line_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('stock_move',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('location', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('quantity', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('moved_on', sa.Date(), nullable=False),
    sa.Column('symbol', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('document_line_id', sa.Integer(), nullable=True),
    sa.Column('document_number', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('serial', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('unit_cost', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['document_line_id'], ['document_line.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('stock_move', schema=None) as batch_op:
        batch_op.create_index('ix_stock_move_article_date', ['tenant_id', 'article_id', 'moved_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_move_document_id'), ['document_id'], unique=False)
        batch_op.create_index('ix_stock_move_line', ['document_line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_move_tenant_id'), ['tenant_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('stock_move', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_move_tenant_id'))
        batch_op.drop_index('ix_stock_move_line')
        batch_op.drop_index(batch_op.f('ix_stock_move_document_id'))
        batch_op.drop_index('ix_stock_move_article_date')

    op.drop_table('stock_move')
    with op.batch_alter_table('document_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_line_tenant_id'))
        batch_op.drop_index('ix_document_line_source')
        batch_op.drop_index('ix_document_line_order_line')
        batch_op.drop_index('ix_document_line_document')

    op.drop_table('document_line')
    with op.batch_alter_table('document_charge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_charge_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_document_charge_document_id'))

    op.drop_table('document_charge')
    with op.batch_alter_table('stock_level', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_level_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_stock_level_article_id'))

    op.drop_table('stock_level')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_tenant_id'))
        batch_op.drop_index('ix_document_kind_state')
        batch_op.drop_index('ix_document_customer')

    op.drop_table('document')
    with op.batch_alter_table('warehouse', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_warehouse_tenant_id'))

    op.drop_table('warehouse')

