"""test_migrations: a table of its own."""

import sqlalchemy as sa
from alembic import op

revision = "test_migrations_0001"
down_revision = None
branch_labels = ("test_migrations",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "test_migrations_note",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tenant_id", sa.Integer(), sa.ForeignKey("tenant.id"), nullable=False),
        sa.Column("text", sa.String(80), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("test_migrations_note")
