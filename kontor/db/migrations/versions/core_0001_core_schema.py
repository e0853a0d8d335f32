"""core schema

Revision ID: core_0001
Revises: 
Create Date: 2026-11-25 00:04:47.780525
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kontor.db.types

revision: str = 'core_0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ('core',)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('tenant',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('tenant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tenant_code'), ['code'], unique=True)

    op.create_table('user',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('full_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_username'), ['username'], unique=True)

    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_token_hash'), ['token_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)

    op.create_table('article_assortment',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('article_assortment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_assortment_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('article_discount_group',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('article_discount_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_discount_group_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('article_group',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('article_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_group_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('article_main_group',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('article_main_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_main_group_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('article_series',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('article_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_series_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('audit_entry',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entry_subject', ['tenant_id', 'subject', 'record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('category',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('category', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_category_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('commission_group',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('commission_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commission_group_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('country',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('eu_member', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('country', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_country_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('currency',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('decimals', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('currency', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_currency_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('customer_discount_group',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('customer_discount_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_discount_group_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('delivery_term',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('incoterm', sa.String(length=3), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('delivery_term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_term_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('idempotency_record',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('response', sa.JSON(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'key'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('idempotency_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotency_record_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('mailing_feature',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('mailing_feature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mailing_feature_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('number_range',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('prefix', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('next_number', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'kind'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('number_range', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_number_range_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('org_unit',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_unit_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('payment_term',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('net_days', sa.Integer(), nullable=False),
    sa.Column('discount1_days', sa.Integer(), nullable=False),
    sa.Column('discount1_percent', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('discount2_days', sa.Integer(), nullable=False),
    sa.Column('discount2_percent', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('payment_term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_term_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('role',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'name'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('role', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('sales_territory',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('sales_territory', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sales_territory_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('salutation',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('letter_greeting', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('salutation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_salutation_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('shipping_method',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('shipping_method', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shipping_method_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('tax_code',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('rate', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('datev_key', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('tax_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tax_code_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('tenant_setting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'key'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('tenant_setting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tenant_setting_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('text_block',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('usage', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('language_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('text_block', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_text_block_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('unit',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('decimals', sa.Integer(), nullable=False),
    sa.Column('un_ece_code', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('agent',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('short_name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name1', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('name2', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('name3', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('street', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('postal_code', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('country_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('mobile', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('fax', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('website', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('language_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('salutation_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('commission_percent', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('commission_amount', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('blocked', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['salutation_id'], ['salutation.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'number'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('agent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agent_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('bank',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('short_name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name1', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('name2', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('name3', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('street', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('postal_code', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('country_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('mobile', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('fax', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('website', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('language_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('salutation_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('bic', sqlmodel.sql.sqltypes.AutoString(length=11), nullable=False),
    sa.Column('bank_code', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['salutation_id'], ['salutation.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'number'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('bank', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bank_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('membership',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=True),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'user_id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_user_id'), ['user_id'], unique=False)

    op.create_table('revenue_code',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('account', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('tax_code_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tax_code_id'], ['tax_code.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'code'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('revenue_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revenue_code_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('role_grant',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('part', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['role_id'], ['role.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('role_id', 'part'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('role_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_grant_role_id'), ['role_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_grant_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('staff',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('short_name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('first_name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('last_name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('academic_title', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=True),
    sa.Column('employment_type', sa.String(length=20), nullable=False),
    sa.Column('work_area', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('job_title', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('job_description', sa.Text(), nullable=False),
    sa.Column('street', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('postal_code', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('country_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('iban', sqlmodel.sql.sqltypes.AutoString(length=34), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('marital_status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('children_count', sa.Integer(), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=True),
    sa.Column('exit_date', sa.Date(), nullable=True),
    sa.Column('health_insurance', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('social_security_number', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('hourly_wage', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('monthly_salary', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('hourly_cost', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('annual_salary', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('allowances', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('is_sales_rep', sa.Boolean(), nullable=False),
    sa.Column('commission_basis', sa.String(length=20), nullable=False),
    sa.Column('commission_percent', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('commission_amount', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'number'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('supplier',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('short_name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name1', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('name2', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('name3', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('street', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('postal_code', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('country_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('mobile', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('fax', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('website', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('language_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('salutation_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('currency_code', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('vat_id', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('tax_number', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('payment_term_id', sa.Integer(), nullable=True),
    sa.Column('delivery_term_id', sa.Integer(), nullable=True),
    sa.Column('shipping_method_id', sa.Integer(), nullable=True),
    sa.Column('blocked', sa.Boolean(), nullable=False),
    sa.Column('blocked_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('our_customer_number', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('minimum_order_value', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('rating', sa.String(length=1), nullable=False),
    sa.Column('rating_note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('approved', sa.Boolean(), nullable=False),
    sa.Column('approval_note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['delivery_term_id'], ['delivery_term.id'], ),
    sa.ForeignKeyConstraint(['payment_term_id'], ['payment_term.id'], ),
    sa.ForeignKeyConstraint(['salutation_id'], ['salutation.id'], ),
    sa.ForeignKeyConstraint(['shipping_method_id'], ['shipping_method.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'number'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('supplier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supplier_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('user_role',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['role_id'], ['role.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'user_id', 'role_id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('user_role', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_role_role_id'), ['role_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_role_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_role_user_id'), ['user_id'], unique=False)

    op.create_table('agent_contact',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('salutation_id', sa.Integer(), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('first_name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('last_name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('position', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('mobile', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('birthday', sa.Date(), nullable=True),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], ),
    sa.ForeignKeyConstraint(['salutation_id'], ['salutation.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('agent_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agent_contact_agent_id'), ['agent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agent_contact_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('article',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('short_name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('description2', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('long_description', sa.Text(), nullable=False),
    sa.Column('info_text', sa.Text(), nullable=False),
    sa.Column('article_type', sa.String(length=1), nullable=False),
    sa.Column('main_group_id', sa.Integer(), nullable=True),
    sa.Column('assortment_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('series_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('purchase_price', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('landed_cost', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('sales_price_1', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('sales_price_2', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('sales_price_3', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('sales_price_4', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('sales_price_5', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('old_sales_price', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('tax_code_id', sa.Integer(), nullable=True),
    sa.Column('revenue_code_id', sa.Integer(), nullable=True),
    sa.Column('discount_group_id', sa.Integer(), nullable=True),
    sa.Column('commission_group_id', sa.Integer(), nullable=True),
    sa.Column('min_margin_percent', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('discountable', sa.Boolean(), nullable=False),
    sa.Column('cash_discountable', sa.Boolean(), nullable=False),
    sa.Column('bonus_eligible', sa.Boolean(), nullable=False),
    sa.Column('tracking', sa.String(length=6), nullable=False),
    sa.Column('barcode', sqlmodel.sql.sqltypes.AutoString(length=14), nullable=False),
    sa.Column('intrastat_code', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('warranty_months', sa.Integer(), nullable=False),
    sa.Column('gross_weight_kg', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('net_weight_kg', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('length_cm', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('width_cm', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('height_cm', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('package_quantity', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('min_stock', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('max_stock', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('safety_stock', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('reorder_stock', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('blocked', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assortment_id'], ['article_assortment.id'], ),
    sa.ForeignKeyConstraint(['commission_group_id'], ['commission_group.id'], ),
    sa.ForeignKeyConstraint(['discount_group_id'], ['article_discount_group.id'], ),
    sa.ForeignKeyConstraint(['group_id'], ['article_group.id'], ),
    sa.ForeignKeyConstraint(['main_group_id'], ['article_main_group.id'], ),
    sa.ForeignKeyConstraint(['revenue_code_id'], ['revenue_code.id'], ),
    sa.ForeignKeyConstraint(['series_id'], ['article_series.id'], ),
    sa.ForeignKeyConstraint(['tax_code_id'], ['tax_code.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'number'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('bank_note',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('noted_on', sa.Date(), nullable=False),
    sa.Column('person', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bank_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['bank_id'], ['bank.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('bank_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bank_note_bank_id'), ['bank_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bank_note_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('customer',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('short_name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name1', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('name2', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('name3', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('street', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('postal_code', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('country_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('mobile', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('fax', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('website', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('language_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('salutation_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('currency_code', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('vat_id', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('tax_number', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('payment_term_id', sa.Integer(), nullable=True),
    sa.Column('delivery_term_id', sa.Integer(), nullable=True),
    sa.Column('shipping_method_id', sa.Integer(), nullable=True),
    sa.Column('blocked', sa.Boolean(), nullable=False),
    sa.Column('blocked_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('eu_tax_exempt', sa.Boolean(), nullable=False),
    sa.Column('vat_liable', sa.Boolean(), nullable=False),
    sa.Column('price_class', sa.Integer(), nullable=False),
    sa.Column('discount_group_id', sa.Integer(), nullable=True),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('sales_territory_id', sa.Integer(), nullable=True),
    sa.Column('sales_rep_id', sa.Integer(), nullable=True),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('invoice_recipient_id', sa.Integer(), nullable=True),
    sa.Column('partial_delivery_blocked', sa.Boolean(), nullable=False),
    sa.Column('collective_invoice', sa.Boolean(), nullable=False),
    sa.Column('invoicing_cycle', sa.String(length=20), nullable=False),
    sa.Column('credit_limit', kontor.db.types.Exact(scale=4, precision=18), nullable=True),
    sa.Column('bonus_percent', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('dual_price_display', sa.Boolean(), nullable=False),
    sa.Column('order_info', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agent.id'], ),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], ),
    sa.ForeignKeyConstraint(['delivery_term_id'], ['delivery_term.id'], ),
    sa.ForeignKeyConstraint(['discount_group_id'], ['customer_discount_group.id'], ),
    sa.ForeignKeyConstraint(['invoice_recipient_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['payment_term_id'], ['payment_term.id'], ),
    sa.ForeignKeyConstraint(['sales_rep_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['sales_territory_id'], ['sales_territory.id'], ),
    sa.ForeignKeyConstraint(['salutation_id'], ['salutation.id'], ),
    sa.ForeignKeyConstraint(['shipping_method_id'], ['shipping_method.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'number'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('supplier_bank_account',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('iban', sqlmodel.sql.sqltypes.AutoString(length=34), nullable=False),
    sa.Column('bic', sqlmodel.sql.sqltypes.AutoString(length=11), nullable=False),
    sa.Column('bank_id', sa.Integer(), nullable=True),
    sa.Column('bank_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('account_holder', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('sepa_mandate_reference', sqlmodel.sql.sqltypes.AutoString(length=35), nullable=False),
    sa.Column('sepa_mandate_date', sa.Date(), nullable=True),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['bank_id'], ['bank.id'], ),
    sa.ForeignKeyConstraint(['supplier_id'], ['supplier.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('supplier_bank_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supplier_bank_account_supplier_id'), ['supplier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supplier_bank_account_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('supplier_contact',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('salutation_id', sa.Integer(), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('first_name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('last_name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('position', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('mobile', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('birthday', sa.Date(), nullable=True),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['salutation_id'], ['salutation.id'], ),
    sa.ForeignKeyConstraint(['supplier_id'], ['supplier.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('supplier_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supplier_contact_supplier_id'), ['supplier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supplier_contact_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('supplier_discount_agreement',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('article_group_id', sa.Integer(), nullable=True),
    sa.Column('discount_percent', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('minimum_order_value', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_group_id'], ['article_group.id'], ),
    sa.ForeignKeyConstraint(['supplier_id'], ['supplier.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('supplier_discount_agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supplier_discount_agreement_supplier_id'), ['supplier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supplier_discount_agreement_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('article_follow_up',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('follow_up_id', sa.Integer(), nullable=False),
    sa.Column('quantity', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.ForeignKeyConstraint(['follow_up_id'], ['article.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('article_follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_follow_up_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_follow_up_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('article_quantity_break',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('min_quantity', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('discount_percent', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('article_id', 'min_quantity'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('article_quantity_break', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_quantity_break_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_quantity_break_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('article_supplier',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('order_number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('order_barcode', sqlmodel.sql.sqltypes.AutoString(length=14), nullable=False),
    sa.Column('gross_price', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('discount_percent', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('net_price', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('currency_code', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('lead_time_days', sa.Integer(), nullable=False),
    sa.Column('minimum_quantity', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('is_main', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.ForeignKeyConstraint(['supplier_id'], ['supplier.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('article_id', 'supplier_id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('article_supplier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_supplier_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_supplier_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('customer_address',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('name1', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('name2', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('street', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('postal_code', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('country_code', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('customer_address', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_address_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_customer_address_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('customer_article_number',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'customer_id', 'article_id'),
    sa.UniqueConstraint('tenant_id', 'customer_id', 'number'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('customer_article_number', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_article_number_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_customer_article_number_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_customer_article_number_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('customer_bank_account',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('iban', sqlmodel.sql.sqltypes.AutoString(length=34), nullable=False),
    sa.Column('bic', sqlmodel.sql.sqltypes.AutoString(length=11), nullable=False),
    sa.Column('bank_id', sa.Integer(), nullable=True),
    sa.Column('bank_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('account_holder', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('sepa_mandate_reference', sqlmodel.sql.sqltypes.AutoString(length=35), nullable=False),
    sa.Column('sepa_mandate_date', sa.Date(), nullable=True),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['bank_id'], ['bank.id'], ),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('customer_bank_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_bank_account_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_customer_bank_account_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('customer_contact',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('salutation_id', sa.Integer(), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('first_name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('last_name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('position', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('mobile', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('birthday', sa.Date(), nullable=True),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['salutation_id'], ['salutation.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('customer_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_contact_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_customer_contact_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('customer_mailing_feature',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('mailing_feature_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['mailing_feature_id'], ['mailing_feature.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('customer_id', 'mailing_feature_id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('customer_mailing_feature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_mailing_feature_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_customer_mailing_feature_tenant_id'), ['tenant_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('customer_mailing_feature', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_mailing_feature_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_customer_mailing_feature_customer_id'))

    op.drop_table('customer_mailing_feature')
    with op.batch_alter_table('customer_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_contact_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_customer_contact_customer_id'))

    op.drop_table('customer_contact')
    with op.batch_alter_table('customer_bank_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_bank_account_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_customer_bank_account_customer_id'))

    op.drop_table('customer_bank_account')
    with op.batch_alter_table('customer_article_number', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_article_number_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_customer_article_number_customer_id'))
        batch_op.drop_index(batch_op.f('ix_customer_article_number_article_id'))

    op.drop_table('customer_article_number')
    with op.batch_alter_table('customer_address', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_address_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_customer_address_customer_id'))

    op.drop_table('customer_address')
    with op.batch_alter_table('article_supplier', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_supplier_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_article_supplier_article_id'))

    op.drop_table('article_supplier')
    with op.batch_alter_table('article_quantity_break', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_quantity_break_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_article_quantity_break_article_id'))

    op.drop_table('article_quantity_break')
    with op.batch_alter_table('article_follow_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_follow_up_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_article_follow_up_article_id'))

    op.drop_table('article_follow_up')
    with op.batch_alter_table('supplier_discount_agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supplier_discount_agreement_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_supplier_discount_agreement_supplier_id'))

    op.drop_table('supplier_discount_agreement')
    with op.batch_alter_table('supplier_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supplier_contact_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_supplier_contact_supplier_id'))

    op.drop_table('supplier_contact')
    with op.batch_alter_table('supplier_bank_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supplier_bank_account_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_supplier_bank_account_supplier_id'))

    op.drop_table('supplier_bank_account')
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_tenant_id'))

    op.drop_table('customer')
    with op.batch_alter_table('bank_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bank_note_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_bank_note_bank_id'))

    op.drop_table('bank_note')
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_tenant_id'))

    op.drop_table('article')
    with op.batch_alter_table('agent_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agent_contact_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_agent_contact_agent_id'))

    op.drop_table('agent_contact')
    with op.batch_alter_table('user_role', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_role_user_id'))
        batch_op.drop_index(batch_op.f('ix_user_role_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_user_role_role_id'))

    op.drop_table('user_role')
    with op.batch_alter_table('supplier', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supplier_tenant_id'))

    op.drop_table('supplier')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_tenant_id'))

    op.drop_table('staff')
    with op.batch_alter_table('role_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_grant_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_role_grant_role_id'))

    op.drop_table('role_grant')
    with op.batch_alter_table('revenue_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revenue_code_tenant_id'))

    op.drop_table('revenue_code')
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_user_id'))
        batch_op.drop_index(batch_op.f('ix_membership_tenant_id'))

    op.drop_table('membership')
    with op.batch_alter_table('bank', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bank_tenant_id'))

    op.drop_table('bank')
    with op.batch_alter_table('agent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agent_tenant_id'))

    op.drop_table('agent')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_tenant_id'))

    op.drop_table('unit')
    with op.batch_alter_table('text_block', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_text_block_tenant_id'))

    op.drop_table('text_block')
    with op.batch_alter_table('tenant_setting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tenant_setting_tenant_id'))

    op.drop_table('tenant_setting')
    with op.batch_alter_table('tax_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tax_code_tenant_id'))

    op.drop_table('tax_code')
    with op.batch_alter_table('shipping_method', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shipping_method_tenant_id'))

    op.drop_table('shipping_method')
    with op.batch_alter_table('salutation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_salutation_tenant_id'))

    op.drop_table('salutation')
    with op.batch_alter_table('sales_territory', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sales_territory_tenant_id'))

    op.drop_table('sales_territory')
    with op.batch_alter_table('role', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_tenant_id'))

    op.drop_table('role')
    with op.batch_alter_table('payment_term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_term_tenant_id'))

    op.drop_table('payment_term')
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_unit_tenant_id'))

    op.drop_table('org_unit')
    with op.batch_alter_table('number_range', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_number_range_tenant_id'))

    op.drop_table('number_range')
    with op.batch_alter_table('mailing_feature', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mailing_feature_tenant_id'))

    op.drop_table('mailing_feature')
    with op.batch_alter_table('idempotency_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotency_record_tenant_id'))

    op.drop_table('idempotency_record')
    with op.batch_alter_table('delivery_term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_term_tenant_id'))

    op.drop_table('delivery_term')
    with op.batch_alter_table('customer_discount_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_discount_group_tenant_id'))

    op.drop_table('customer_discount_group')
    with op.batch_alter_table('currency', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_currency_tenant_id'))

    op.drop_table('currency')
    with op.batch_alter_table('country', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_country_tenant_id'))

    op.drop_table('country')
    with op.batch_alter_table('commission_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commission_group_tenant_id'))

    op.drop_table('commission_group')
    with op.batch_alter_table('category', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_category_tenant_id'))

    op.drop_table('category')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_tenant_id'))
        batch_op.drop_index('ix_audit_entry_subject')

    op.drop_table('audit_entry')
    with op.batch_alter_table('article_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_series_tenant_id'))

    op.drop_table('article_series')
    with op.batch_alter_table('article_main_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_main_group_tenant_id'))

    op.drop_table('article_main_group')
    with op.batch_alter_table('article_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_group_tenant_id'))

    op.drop_table('article_group')
    with op.batch_alter_table('article_discount_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_discount_group_tenant_id'))

    op.drop_table('article_discount_group')
    with op.batch_alter_table('article_assortment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_assortment_tenant_id'))

    op.drop_table('article_assortment')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))
        batch_op.drop_index(batch_op.f('ix_api_token_token_hash'))

    op.drop_table('api_token')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_username'))

    op.drop_table('user')
    with op.batch_alter_table('tenant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tenant_code'))

    op.drop_table('tenant')

