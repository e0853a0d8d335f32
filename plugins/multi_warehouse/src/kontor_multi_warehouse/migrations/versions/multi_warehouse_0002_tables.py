"""multi_warehouse tables

Locations of warehouses, articles' places, customers' consignment warehouses, warehouse and
location choices of documents and lines, transfers.

Revision ID: multi_warehouse_0002
Revises: multi_warehouse_0001
Create Date: 2026-11-25 02:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from kontor.api import Exact

revision: str = "multi_warehouse_0002"
down_revision: str | None = "multi_warehouse_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "core_0002"


def _text(length: int):
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _tenant():
    return [sa.Column("tenant_id", sa.Integer(), nullable=False), sa.Column("id", sa.Integer(), nullable=False)]


def _keys():
    return [sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]), sa.PrimaryKeyConstraint("id")]


def _indexes(table: str, columns: Sequence[str]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def _drop_indexes(table: str, columns: Sequence[str]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))


INDEXES = {
    "multi_warehouse_location": ["tenant_id", "warehouse_id"],
    "multi_warehouse_article_place": ["article_id", "tenant_id", "warehouse_id"],
    "multi_warehouse_consignment": ["tenant_id"],
    "multi_warehouse_document_choice": ["tenant_id"],
    "multi_warehouse_line_choice": ["tenant_id"],
    "multi_warehouse_transfer": ["article_id", "tenant_id"],
}


def upgrade() -> None:
    op.create_table(
        "multi_warehouse_location",
        sa.Column("warehouse_id", sa.Integer(), nullable=False),
        sa.Column("code", _text(30), nullable=False),
        sa.Column("name", _text(80), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        *_tenant(), *_keys(),
        sa.ForeignKeyConstraint(["warehouse_id"], ["warehouse.id"]),
        sa.UniqueConstraint("tenant_id", "warehouse_id", "code"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "multi_warehouse_article_place",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=False),
        sa.Column("location", _text(30), nullable=False),
        sa.Column("preferred", sa.Boolean(), nullable=False),
        *_tenant(), *_keys(),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.ForeignKeyConstraint(["warehouse_id"], ["warehouse.id"]),
        sa.UniqueConstraint("tenant_id", "article_id", "warehouse_id"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "multi_warehouse_consignment",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        *_tenant(), *_keys(),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.ForeignKeyConstraint(["warehouse_id"], ["warehouse.id"]),
        sa.UniqueConstraint("tenant_id", "customer_id"),
        sa.UniqueConstraint("tenant_id", "warehouse_id"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "multi_warehouse_document_choice",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=True),
        sa.Column("location", _text(30), nullable=False),
        sa.Column("mode", _text(20), nullable=False),
        *_tenant(), *_keys(),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["warehouse_id"], ["warehouse.id"]),
        sa.UniqueConstraint("tenant_id", "document_id"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "multi_warehouse_line_choice",
        sa.Column("document_line_id", sa.Integer(), nullable=False),
        sa.Column("warehouse_id", sa.Integer(), nullable=True),
        sa.Column("location", _text(30), nullable=False),
        *_tenant(), *_keys(),
        sa.ForeignKeyConstraint(["document_line_id"], ["document_line.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["warehouse_id"], ["warehouse.id"]),
        sa.UniqueConstraint("tenant_id", "document_line_id"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "multi_warehouse_transfer",
        sa.Column("number", _text(30), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("quantity", Exact(scale=4, precision=18), nullable=False),
        sa.Column("from_warehouse_id", sa.Integer(), nullable=False),
        sa.Column("from_location", _text(30), nullable=False),
        sa.Column("to_warehouse_id", sa.Integer(), nullable=False),
        sa.Column("to_location", _text(30), nullable=False),
        sa.Column("moved_on", sa.Date(), nullable=False),
        sa.Column("note", _text(200), nullable=False),
        sa.Column("clerk", _text(60), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        *_tenant(), *_keys(),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.ForeignKeyConstraint(["from_warehouse_id"], ["warehouse.id"]),
        sa.ForeignKeyConstraint(["to_warehouse_id"], ["warehouse.id"]),
        sqlite_autoincrement=True,
    )
    for table, columns in INDEXES.items():
        _indexes(table, columns)


def downgrade() -> None:
    for table, columns in reversed(INDEXES.items()):
        _drop_indexes(table, columns)
        op.drop_table(table)
