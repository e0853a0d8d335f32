"""plugin platform

Issue 12: the failures of plugins' after-commit listeners, recorded per tenant with the
plugin's name (kontor.core.events.EventFailure). Plugin settings need no table of their own:
they are per-tenant parameter rows (`tenant_setting`, key `plugin.<name>`).

Revision ID: core_0016
Revises: core_0015
Create Date: 2026-12-04 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = 'core_0016'
down_revision: str | None = 'core_0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_failure",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plugin", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("hook", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("arguments", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("trace", sa.Text(), nullable=False),
        sa.Column("occurred_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_event_failure_tenant_id"), "event_failure", ["tenant_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_event_failure_tenant_id"), table_name="event_failure")
    op.drop_table("event_failure")
