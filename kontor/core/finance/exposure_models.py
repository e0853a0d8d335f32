"""Tables of the customer exposure: what each customer owes or will owe, kept beside its sources.

`CustomerExposure` is one row per customer with the three parts of the credit risk (open
items, uninvoiced, open orders), changed in the same transaction as the documents, open
items and payments they come from, as stock levels change with the ledger. The credit check
reads it instead of summing the customer's history.

`DocumentExposure` is the share of one open document in those parts: a delivery note's value
not yet invoiced, a draft invoice's gross total, an order's value neither delivered nor
invoiced (less its posted down payments). When a document or a document taking from it
changes, its share is worked out anew and only the difference goes into the customer's row.
Documents that add nothing (quotes, posted invoices, delivered orders) have no row.

`kontor documents check` proves both against their sources (kontor.core.finance.exposure).
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Index
from sqlmodel import Field

from kontor.db.base import TenantOwned, utcnow
from kontor.db.fields import exact


class CustomerExposure(TenantOwned, table=True):
    """Keyed by the customer without a foreign key: a row of zeros left by a deleted draft
    must not count as a use that keeps the customer from being deleted."""

    __tablename__ = "customer_exposure"

    customer_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    open_items: Decimal = exact(0, description="kontor's own open items less the customer's unallocated credit")
    uninvoiced: Decimal = exact(0, description="delivered but not invoiced, and invoices not yet posted")
    open_orders: Decimal = exact(0, description="order value neither delivered nor invoiced, less down payments")
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)


class DocumentExposure(TenantOwned, table=True):
    """No foreign key to the document: a deleted document's share must still be known (to
    take it out of the customer's row) until the transaction that deleted it ends."""

    __tablename__ = "document_exposure"
    __table_args__ = (Index("ix_document_exposure_customer", "tenant_id", "customer_id"),)

    document_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    customer_id: int
    uninvoiced: Decimal = exact(0)
    open_orders: Decimal = exact(0)
