"""credit risk

credit_check (every check that let a document through), credit_hold (orders held over the
limit, with their release), credit_hold_policy (customers whose orders go on hold)
(kontor.core.finance.risk_models); roles administering finance get the new program part
credit_limits

Revision ID: core_0008
Revises: core_0007
Create Date: 2026-11-25 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kontor.db.types

revision: str = 'core_0008'
down_revision: str | None = 'core_0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _exact(name: str) -> sa.Column:
    return sa.Column(name, kontor.db.types.Exact(scale=4, precision=18), nullable=False)


def upgrade() -> None:
    op.create_table('credit_check',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    _exact('open_items'),
    _exact('uninvoiced'),
    _exact('open_orders'),
    _exact('risk'),
    _exact('document_amount'),
    _exact('credit_limit'),
    sa.Column('checked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('credit_check', schema=None) as batch_op:
        batch_op.create_index('ix_credit_check_document', ['tenant_id', 'document_id'], unique=False)
        batch_op.create_index('ix_credit_check_customer', ['tenant_id', 'customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_check_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('credit_hold',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    _exact('risk'),
    _exact('credit_limit'),
    sa.Column('held_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('held_by', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('released_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('released_by', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('release_note', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('credit_hold', schema=None) as batch_op:
        batch_op.create_index('ix_credit_hold_document', ['tenant_id', 'document_id', 'state'], unique=False)
        batch_op.create_index('ix_credit_hold_customer', ['tenant_id', 'customer_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_credit_hold_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('credit_hold_policy',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('since', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('set_by', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'customer_id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('credit_hold_policy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credit_hold_policy_tenant_id'), ['tenant_id'], unique=False)

    # Roles of existing tenants that administer finance may redefine credit limits, as the
    # standard admin role of a new tenant may (the new program part `credit_limits`).
    op.execute(
        "INSERT INTO role_grant (tenant_id, role_id, part, level) "
        "SELECT g.tenant_id, g.role_id, 'credit_limits', 4 FROM role_grant g "
        "WHERE g.part = 'finance' AND g.level = 4 AND NOT EXISTS "
        "(SELECT 1 FROM role_grant o WHERE o.role_id = g.role_id AND o.part = 'credit_limits')"
    )


def downgrade() -> None:
    op.execute("DELETE FROM role_grant WHERE part = 'credit_limits'")
    with op.batch_alter_table('credit_hold_policy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credit_hold_policy_tenant_id'))
    op.drop_table('credit_hold_policy')
    with op.batch_alter_table('credit_hold', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credit_hold_tenant_id'))
        batch_op.drop_index('ix_credit_hold_customer')
        batch_op.drop_index('ix_credit_hold_document')
    op.drop_table('credit_hold')
    with op.batch_alter_table('credit_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credit_check_tenant_id'))
        batch_op.drop_index('ix_credit_check_customer')
        batch_op.drop_index('ix_credit_check_document')
    op.drop_table('credit_check')
