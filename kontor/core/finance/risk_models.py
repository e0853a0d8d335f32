"""Tables of the customer credit risk: the checks that were made, held orders, hold policies.

`CreditCheck` keeps every check that let a document through (within the limit, warning, or
held), with the parts of the risk it saw, so a clerk can see later why an order passed.
A refused document leaves no check behind: the refusal rolls the whole unit of work back
and the 409 answer carries the figures instead.

`CreditHold` marks an order accepted over the limit for a customer whose orders go on hold
(`CreditHoldPolicy`): nothing is delivered or invoiced from it until an authorised user
releases it. The row stays after the release (who, when, why), so holds have a history.
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Index, String, UniqueConstraint
from sqlmodel import Field

from kontor.db.base import TenantOwned, utcnow
from kontor.db.fields import exact

OUTCOMES = ("within", "warning", "over", "held")
HOLD_STATES = ("held", "released")


class CreditCheck(TenantOwned, table=True):
    __tablename__ = "credit_check"
    __table_args__ = (
        Index("ix_credit_check_document", "tenant_id", "document_id"),
        Index("ix_credit_check_customer", "tenant_id", "customer_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id")
    customer_id: int = Field(foreign_key="customer.id")
    action: str = Field(max_length=10, sa_type=String(10), description="create, update or convert")
    outcome: str = Field(max_length=10, sa_type=String(10), description="within, warning or held")
    open_items: Decimal = exact(0, description="the customer's open items (own ledger or the accounting plugin's)")
    uninvoiced: Decimal = exact(0, description="delivered but not invoiced, and invoices not yet posted")
    open_orders: Decimal = exact(0, description="order value neither delivered nor invoiced yet")
    risk: Decimal = exact(0, description="the counted parts together, this document included")
    document_amount: Decimal = exact(0, description="what this document added to the risk")
    credit_limit: Decimal = exact(0)
    checked_at: datetime = Field(default_factory=utcnow)
    username: str = Field(default="", max_length=60)


class CreditHold(TenantOwned, table=True):
    __tablename__ = "credit_hold"
    __table_args__ = (
        Index("ix_credit_hold_document", "tenant_id", "document_id", "state"),
        Index("ix_credit_hold_customer", "tenant_id", "customer_id", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", description="the held order")
    customer_id: int = Field(foreign_key="customer.id")
    state: str = Field(default="held", max_length=10, sa_type=String(10))
    reason: str = Field(default="", max_length=300)
    risk: Decimal = exact(0, description="the risk when the order was held")
    credit_limit: Decimal = exact(0, description="the limit when the order was held")
    held_at: datetime = Field(default_factory=utcnow)
    held_by: str = Field(default="", max_length=60)
    released_at: datetime | None = None
    released_by: str = Field(default="", max_length=60)
    release_note: str = Field(default="", max_length=300)


class CreditHoldPolicy(TenantOwned, table=True):
    """A customer whose orders over the limit are accepted on hold instead of refused."""

    __tablename__ = "credit_hold_policy"
    __table_args__ = (UniqueConstraint("tenant_id", "customer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    since: datetime = Field(default_factory=utcnow)
    set_by: str = Field(default="", max_length=60)
    note: str = Field(default="", max_length=300)
