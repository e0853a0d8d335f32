"""Tables of material planning: reservations and reorder proposals.

A reservation promises a quantity of an article to a customer order line (or, without an
order, to a planning entry named by its note) for a date. It is taken either from stock in
one warehouse (then `stock_level.reserved` of that warehouse carries it, changed in the
same transaction) or from an open purchase-order line (then the stock levels stay as they
are; the purchase line's open quantity limits it).

When an order line, an order or a purchase-order line is deleted, its reservations stay (the
database clears the reference), so the reserved stock still equals its reservations; they
show in the availability query without their document until a clerk releases them.

A reorder proposal is the list a clerk checks and edits before one action turns it into
purchase orders, one per supplier; each line remembers the purchase order it went into.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlmodel import Field

from kontor.db.base import TenantOwned, Timestamped
from kontor.db.fields import exact

RESERVATION_SOURCES = ("stock", "purchase_order")


class Reservation(TenantOwned, Timestamped, table=True):
    __tablename__ = "reservation"
    __table_args__ = (
        Index("ix_reservation_article", "tenant_id", "article_id", "needed_on"),
        Index("ix_reservation_order_line", "order_line_id"),
        Index("ix_reservation_purchase_line", "purchase_line_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id")
    quantity: Decimal = exact(0, description="promised quantity, above 0")
    source: str = Field(default="stock", max_length=20, sa_type=String(20), description="stock or purchase_order")
    warehouse_id: int | None = Field(default=None, foreign_key="warehouse.id",
                                     description="the warehouse of a reservation from stock")
    purchase_line_id: int | None = Field(default=None, foreign_key="document_line.id", ondelete="SET NULL",
                                         description="the purchase-order line of a reservation from an open order")
    order_line_id: int | None = Field(default=None, foreign_key="document_line.id", ondelete="SET NULL",
                                      description="the customer order line; empty for material planning without order")
    document_id: int | None = Field(default=None, foreign_key="document.id", ondelete="SET NULL",
                                    description="the customer order")
    customer_id: int | None = Field(default=None, foreign_key="customer.id", description="for whom")
    needed_on: date = Field(description="the customer's delivery date, or the planned date")
    note: str = Field(default="", max_length=200, description="what a reservation without order is for")


class ReorderProposal(TenantOwned, Timestamped, table=True):
    __tablename__ = "reorder_proposal"

    id: int | None = Field(default=None, primary_key=True)
    state: str = Field(default="open", max_length=12, sa_type=String(12), description="open, or ordered")
    criteria: Any = Field(default=None, sa_type=JSON, nullable=True,
                          description="the selection the proposal was made from")
    created_by: str = Field(default="", max_length=60)
    note: str = Field(default="", max_length=200)


class ReorderProposalLine(TenantOwned, table=True):
    __tablename__ = "reorder_proposal_line"
    __table_args__ = (Index("ix_reorder_proposal_line_proposal", "proposal_id", "supplier_id"),)

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="reorder_proposal.id")
    article_id: int = Field(foreign_key="article.id")
    supplier_id: int | None = Field(default=None, foreign_key="supplier.id", description="empty: choose one first")
    warehouse_id: int | None = Field(default=None, foreign_key="warehouse.id")
    quantity: Decimal = exact(0, description="to order")
    unit_price: Decimal = exact(0, description="the supplier's net price")
    delivery_date: date | None = None
    on_hand: Decimal = exact(0, description="free stock when proposed")
    reserved: Decimal = exact(0)
    on_order: Decimal = exact(0, description="open purchase orders without goods receipt")
    target: Decimal = exact(0, description="the stock the proposal fills up to")
    reason: str = Field(default="", max_length=120)
    customer_order_id: int | None = Field(default=None, foreign_key="document.id",
                                          description="the customer order whose shortage this line covers")
    purchase_order_id: int | None = Field(default=None, foreign_key="document.id",
                                          description="the purchase order the line went into")
