"""discount matrix

The discount_rule table of the basics: customer discount group x article discount group ->
discount percent, one rule per cell and tenant.

Revision ID: core_0004
Revises: core_0003
Create Date: 2026-11-28 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kontor.db.types

revision: str = 'core_0004'
down_revision: str | None = 'core_0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('discount_rule',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('customer_discount_group_id', sa.Integer(), nullable=False),
    sa.Column('article_discount_group_id', sa.Integer(), nullable=False),
    sa.Column('discount_percent', kontor.db.types.Exact(scale=4, precision=18), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_discount_group_id'], ['article_discount_group.id'], ),
    sa.ForeignKeyConstraint(['customer_discount_group_id'], ['customer_discount_group.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'customer_discount_group_id', 'article_discount_group_id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('discount_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_discount_rule_article_discount_group_id'), ['article_discount_group_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_discount_rule_customer_discount_group_id'),
                              ['customer_discount_group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_discount_rule_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('discount_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discount_rule_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_discount_rule_customer_discount_group_id'))
        batch_op.drop_index(batch_op.f('ix_discount_rule_article_discount_group_id'))

    op.drop_table('discount_rule')
