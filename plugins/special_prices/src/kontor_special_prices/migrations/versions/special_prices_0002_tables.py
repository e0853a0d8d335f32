"""special prices tables

Price groups (several levels), their customers, special prices, special discounts and
recommended retail prices.

Revision ID: special_prices_0002
Revises: special_prices_0001
Create Date: 2026-12-01 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from kontor.api import Exact

revision: str = "special_prices_0002"
down_revision: str | None = "special_prices_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SCOPED = ("special_prices_price", "special_prices_discount")


def _indexes(table: str, columns: Sequence[str]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def _drop_indexes(table: str, columns: Sequence[str]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))


def upgrade() -> None:
    op.create_table(
        "special_prices_group",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["special_prices_group.id"]),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "code"),
        sqlite_autoincrement=True,
    )
    _indexes("special_prices_group", ["parent_id", "tenant_id"])

    op.create_table(
        "special_prices_group_member",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["group_id"], ["special_prices_group.id"]),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "customer_id"),
        sqlite_autoincrement=True,
    )
    _indexes("special_prices_group_member", ["customer_id", "group_id", "tenant_id"])

    for table, value_column in (("special_prices_price", "unit_price"), ("special_prices_discount", "discount_percent")):
        op.create_table(
            table,
            sa.Column("article_id", sa.Integer(), nullable=False),
            sa.Column("customer_id", sa.Integer(), nullable=True),
            sa.Column("group_id", sa.Integer(), nullable=True),
            sa.Column("min_quantity", Exact(scale=4, precision=18), nullable=False),
            sa.Column("valid_from", sa.Date(), nullable=True),
            sa.Column("valid_until", sa.Date(), nullable=True),
            sa.Column(value_column, Exact(scale=4, precision=18), nullable=False),
            sa.Column("tenant_id", sa.Integer(), nullable=False),
            sa.Column("id", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
            sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
            sa.ForeignKeyConstraint(["group_id"], ["special_prices_group.id"]),
            sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
            sa.PrimaryKeyConstraint("id"),
            sqlite_autoincrement=True,
        )
        _indexes(table, ["article_id", "customer_id", "group_id", "tenant_id"])

    op.create_table(
        "special_prices_retail_price",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("price", Exact(scale=4, precision=18), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenant_id", "article_id", "valid_from"),
        sqlite_autoincrement=True,
    )
    _indexes("special_prices_retail_price", ["article_id", "tenant_id"])


def downgrade() -> None:
    _drop_indexes("special_prices_retail_price", ["tenant_id", "article_id"])
    op.drop_table("special_prices_retail_price")
    for table in reversed(_SCOPED):
        _drop_indexes(table, ["tenant_id", "group_id", "customer_id", "article_id"])
        op.drop_table(table)
    _drop_indexes("special_prices_group_member", ["tenant_id", "group_id", "customer_id"])
    op.drop_table("special_prices_group_member")
    _drop_indexes("special_prices_group", ["tenant_id", "parent_id"])
    op.drop_table("special_prices_group")
