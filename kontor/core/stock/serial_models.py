"""Tables of serial and batch numbers and their trail.

A `SerialNumber` is one serial (quantity 0 or 1) or one batch (any quantity) of an article;
its state says where it is. Each movement of a number (receipt, delivery, return, exchange)
is one `SerialMovement`, so the trail of a number through every document is a plain query.
A `SerialReservation` promises a number (or part of a batch) to an order line.

A document line whose numbers are assigned keeps them: the trail refers to it, so deleting
such a line is refused by the database (a 409), while a removed order line takes its
reservations with it.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Index, String, UniqueConstraint
from sqlmodel import Field

from kontor.db.base import TenantOwned, utcnow
from kontor.db.fields import exact

SERIAL_STATES = ("in_stock", "delivered", "returned", "exchanged")
IN_HOUSE = ("in_stock", "returned")  # states in which a number is in our warehouse


class SerialNumber(TenantOwned, table=True):
    __tablename__ = "serial_number"
    __table_args__ = (
        UniqueConstraint("tenant_id", "article_id", "number"),
        Index("ix_serial_number_state", "tenant_id", "article_id", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id")
    number: str = Field(min_length=1, max_length=60)
    kind: str = Field(default="serial", max_length=6, sa_type=String(6), description="serial or batch")
    state: str = Field(default="in_stock", max_length=10, sa_type=String(10),
                       description="in_stock, delivered, returned (back in stock) or exchanged")
    warehouse_id: int | None = Field(default=None, foreign_key="warehouse.id")
    quantity: Decimal = exact(0, description="in stock: 0 or 1 for a serial, the batch quantity for a batch")
    received_on: date | None = None
    supplier_id: int | None = Field(default=None, foreign_key="supplier.id")
    replaces_id: int | None = Field(default=None, foreign_key="serial_number.id",
                                    description="the serial the supplier exchanged for this one")
    created_at: datetime = Field(default_factory=utcnow)


class SerialMovement(TenantOwned, table=True):
    __tablename__ = "serial_movement"
    __table_args__ = (
        Index("ix_serial_movement_serial", "serial_id", "moved_on"),
        Index("ix_serial_movement_line", "document_line_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    serial_id: int = Field(foreign_key="serial_number.id")
    moved_on: date
    symbol: str = Field(max_length=2)
    quantity: Decimal = exact(description="positive in, negative out")
    document_id: int | None = Field(default=None, foreign_key="document.id")
    document_line_id: int | None = Field(default=None, foreign_key="document_line.id")
    document_number: str = Field(default="", max_length=30)
    warehouse_id: int | None = Field(default=None, foreign_key="warehouse.id")
    note: str = Field(default="", max_length=120)
    created_at: datetime = Field(default_factory=utcnow)


class SerialReservation(TenantOwned, table=True):
    __tablename__ = "serial_reservation"
    __table_args__ = (UniqueConstraint("serial_id", "order_line_id"),)

    id: int | None = Field(default=None, primary_key=True)
    serial_id: int = Field(foreign_key="serial_number.id", index=True)
    order_line_id: int = Field(foreign_key="document_line.id", index=True, ondelete="CASCADE",
                               description="removing the order line releases its reservations")
    quantity: Decimal = exact(1, gt=0)
