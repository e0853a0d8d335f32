"""line groups

Subtotal lines with group discounts and round group prices on document_line: line_kind
(item or subtotal), own_discount_percent (an item line's own discount while a group discount
or price is distributed onto it), group_discount_percent and group_net_price (on subtotals).

Revision ID: core_0005
Revises: core_0004
Create Date: 2026-12-01 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kontor.db.types

revision: str = 'core_0005'
down_revision: str | None = 'core_0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('document_line', schema=None) as batch_op:
        batch_op.add_column(sa.Column('line_kind', sa.String(length=10), nullable=False, server_default='item'))
        batch_op.add_column(sa.Column('own_discount_percent', kontor.db.types.Exact(scale=4, precision=18),
                                      nullable=True))
        batch_op.add_column(sa.Column('group_discount_percent', kontor.db.types.Exact(scale=4, precision=18),
                                      nullable=True))
        batch_op.add_column(sa.Column('group_net_price', kontor.db.types.Exact(scale=4, precision=18),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('document_line', schema=None) as batch_op:
        batch_op.drop_column('group_net_price')
        batch_op.drop_column('group_discount_percent')
        batch_op.drop_column('own_discount_percent')
        batch_op.drop_column('line_kind')
