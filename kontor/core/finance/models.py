"""The open item: what a customer owes (or is owed) from one posted invoice or credit note.

Created in the posting transaction, so a posted invoice without its open item cannot exist.
`amount` is the signed gross total (credit notes negative); `open_amount` falls with each
payment, cash discount or write-off allocated to it (kontor.core.finance.payments), and the
state follows: open, partly_paid, paid. Both are in the document's currency; beside them
the item keeps the document's rate and the same two figures in home currency (the book
value): `home_open_amount` falls by each allocation's `home_amount` and reaches zero exactly
when `open_amount` does. The dunning level and block live here too, because
the dunning run selects over exactly these rows.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import Index, String, UniqueConstraint
from sqlmodel import Field

from kontor.db.base import TenantOwned, Timestamped
from kontor.db.fields import exact

OPEN_ITEM_STATES = ("open", "partly_paid", "paid")


class OpenItem(TenantOwned, Timestamped, table=True):
    __tablename__ = "open_item"
    __table_args__ = (
        UniqueConstraint("tenant_id", "document_id"),
        Index("ix_open_item_customer_state", "tenant_id", "customer_id", "state"),
        Index("ix_open_item_due", "tenant_id", "state", "due_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id")
    customer_id: int | None = Field(default=None, foreign_key="customer.id")
    kind: str = Field(max_length=30, sa_type=String(30), description="the kind of the posted document")
    number: str = Field(max_length=30)
    doc_date: date
    due_date: date
    currency_code: str = Field(default="EUR", max_length=3)
    amount: Decimal = exact(description="signed gross total: invoices positive, credit notes negative")
    exchange_rate: Decimal = exact(1, scale=10, description="the document's rate: home currency per unit")
    home_amount: Decimal = exact(0, description="the amount in home currency at the document's rate")
    home_open_amount: Decimal = exact(0, description="the book value in home currency of what is open")
    cash_discount_base: Decimal = exact(0, description="the part of the gross total cash discount may be taken on")
    cash_discount1_date: date | None = None
    cash_discount1_percent: Decimal = exact(0)
    cash_discount2_date: date | None = None
    cash_discount2_percent: Decimal = exact(0)
    open_amount: Decimal = exact(description="what is still to be paid; 0 when settled")
    state: str = Field(default="open", max_length=12, sa_type=String(12))
    dunning_level: int = Field(default=0, description="the highest dunning level reached")
    last_dunned_on: date | None = None
    dunning_block: bool = Field(default=False, description="never dunned while set")
