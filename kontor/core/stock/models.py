"""The stock ledger: every movement of a material article, and the level per warehouse.

The ledger is the truth: stock on any date is the sum of movements up to that date. The
level row per article and warehouse is updated in the same transaction as the movements,
so availability is a lookup; `kontor stock verify` proves the two agree.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from kontor.db.base import TenantOwned, utcnow
from kontor.db.fields import exact

# Kind symbols of movements, printed in the ledger beside the document number.
SYMBOLS = {
    "AB": "opening stock",
    "LS": "delivery note",
    "RL": "return from customer",
    "KL": "consignment delivery",
    "WE": "goods receipt",
    "RS": "return to supplier",
    "IN": "stocktaking difference",
    "RP": "work report",
    "BV": "cash sale",
    "KR": "consignment invoice",
    "UB": "transfer",
    "PR": "production",
}


class WarehouseFields(SQLModel):
    code: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1, max_length=120)
    is_default: bool = False


class Warehouse(WarehouseFields, TenantOwned, table=True):
    """A warehouse; the core keeps one (the default), the multi_warehouse plugin adds more."""

    __tablename__ = "warehouse"
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)


class StockMove(TenantOwned, table=True):
    __tablename__ = "stock_move"
    __table_args__ = (
        Index("ix_stock_move_article_date", "tenant_id", "article_id", "moved_on"),
        Index("ix_stock_move_line", "document_line_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id")
    warehouse_id: int = Field(foreign_key="warehouse.id")
    location: str = Field(default="", max_length=30)
    quantity: Decimal = exact(description="positive in, negative out")
    moved_on: date
    symbol: str = Field(max_length=2)
    document_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    document_line_id: int | None = Field(default=None, foreign_key="document_line.id")
    document_number: str = Field(default="", max_length=30)
    serial: str = Field(default="", max_length=60)
    unit_cost: Decimal = exact(0)
    blocked: bool = Field(default=False, description="moves blocked stock (received, not yet released)")
    created_at: datetime = Field(default_factory=utcnow)


class StockLevel(TenantOwned, table=True):
    __tablename__ = "stock_level"
    __table_args__ = (UniqueConstraint("tenant_id", "article_id", "warehouse_id"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    warehouse_id: int = Field(foreign_key="warehouse.id")
    on_hand: Decimal = exact(0, description="free stock: the sum of the unblocked movements")
    blocked: Decimal = exact(0, description="received but not released: the sum of the blocked movements")
    reserved: Decimal = exact(0, description="promised to orders; kept by the reservations")
