"""document currency

Every document, open item and payment keeps its exchange rate (home currency per unit of its
currency) and its figures in home currency beside its own: the document's home net, VAT and
gross; the open item's home amount and book value still open; the payment's home amount and
unallocated rest; each allocation's book value taken off the item and the money's worth at the
payment's rate. Rows that exist already are in home currency: rate 1, home figures equal to
their own (the posted-document guard is paused on PostgreSQL while they are filled in, since
it refuses any change to a posted invoice).

Revision ID: core_0022
Revises: core_0021
Create Date: 2026-12-05 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import kontor.db.types

revision: str = 'core_0022'
down_revision: str | None = 'core_0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RATE_SCALE = 10
# table -> (home column, the column it starts equal to)
HOME_COLUMNS = {
    "document": (("home_net_total", "net_total"), ("home_tax_total", "tax_total"),
                 ("home_gross_total", "gross_total")),
    "open_item": (("home_amount", "amount"), ("home_open_amount", "open_amount")),
    "payment": (("home_amount", "amount"), ("home_unallocated", "unallocated")),
    "payment_allocation": (("home_amount", "amount"), ("home_paid", "amount")),
}
RATED = ("document", "open_item", "payment")


def _one(dialect: str) -> str:
    """The rate 1 as the column stores it (a scaled integer on SQLite)."""
    return str(10 ** RATE_SCALE) if dialect == "sqlite" else "1"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table, columns in HOME_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table in RATED:
                batch_op.add_column(sa.Column('exchange_rate', kontor.db.types.Exact(scale=RATE_SCALE, precision=18),
                                              nullable=False, server_default=_one(dialect)))
            if table == "document":
                batch_op.add_column(sa.Column('exchange_rate_manual', sa.Boolean(), nullable=False,
                                              server_default=sa.false()))
            if table == "payment":
                batch_op.add_column(sa.Column('currency_code', sa.String(length=3), nullable=False,
                                              server_default='EUR'))
            for name, _ in columns:
                batch_op.add_column(sa.Column(name, kontor.db.types.Exact(scale=4, precision=18), nullable=False,
                                              server_default='0'))
    if dialect == "postgresql":
        op.execute("ALTER TABLE document DISABLE TRIGGER kontor_guard_posted_document")
    for table, columns in HOME_COLUMNS.items():
        op.execute(f"UPDATE {table} SET " + ", ".join(f"{name} = {source}" for name, source in columns))
    if dialect == "postgresql":
        op.execute("ALTER TABLE document ENABLE TRIGGER kontor_guard_posted_document")
    # a payment is in the currency of the items it settled
    op.execute("UPDATE payment SET currency_code = (SELECT MIN(open_item.currency_code) FROM payment_allocation "
               "JOIN open_item ON open_item.id = payment_allocation.open_item_id "
               "WHERE payment_allocation.payment_id = payment.id) "
               "WHERE EXISTS (SELECT 1 FROM payment_allocation WHERE payment_allocation.payment_id = payment.id)")


def downgrade() -> None:
    for table, columns in reversed(HOME_COLUMNS.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _ in reversed(columns):
                batch_op.drop_column(name)
            if table == "payment":
                batch_op.drop_column('currency_code')
            if table == "document":
                batch_op.drop_column('exchange_rate_manual')
            if table in RATED:
                batch_op.drop_column('exchange_rate')
