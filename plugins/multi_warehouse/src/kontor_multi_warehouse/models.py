"""Tables of the multi_warehouse plugin (all prefixed `multi_warehouse_`, all tenant-owned).

Warehouses themselves are rows of the core's `warehouse` table; the plugin adds:

- `multi_warehouse_location`: the storage locations (bins) of a warehouse, by code;
- `multi_warehouse_article_place`: where an article is kept: per warehouse its default
  location, and which warehouse it is taken from and put into when nobody chose one;
- `multi_warehouse_consignment`: the consignment warehouse of a customer (made by the
  first consignment delivery note to him);
- `multi_warehouse_document_choice`: the warehouse, location or mode (consignment, drop
  shipment) chosen for a document; a delivery note made from an order inherits the order's;
- `multi_warehouse_line_choice`: warehouse and location chosen for one document line;
- `multi_warehouse_transfer`: a transfer of an article between warehouses or locations
  (its two movements carry the symbol UB and the transfer's number).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from kontor.api import TenantOwned, exact, utcnow

MODES = ("", "consignment", "drop_shipment")


class LocationFields(SQLModel):
    warehouse_id: int = Field(foreign_key="warehouse.id", index=True)
    code: str = Field(min_length=1, max_length=30, description="the location's code, stored on each movement")
    name: str = Field(default="", max_length=80)
    is_default: bool = Field(default=False, description="goods of the warehouse go here when nobody chose a location")


class Location(LocationFields, TenantOwned, table=True):
    """Lagerort / Lagerplatz of a warehouse."""

    __tablename__ = "multi_warehouse_location"
    __table_args__ = (UniqueConstraint("tenant_id", "warehouse_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)


class ArticlePlaceFields(SQLModel):
    article_id: int = Field(foreign_key="article.id", index=True)
    warehouse_id: int = Field(foreign_key="warehouse.id", index=True)
    location: str = Field(default="", max_length=30, description="the article's default location in the warehouse")
    preferred: bool = Field(default=False, description="the warehouse the article is taken from and put into "
                                                       "when a document chooses none")


class ArticlePlace(ArticlePlaceFields, TenantOwned, table=True):
    """Standard-Lagerort of an article per warehouse."""

    __tablename__ = "multi_warehouse_article_place"
    __table_args__ = (UniqueConstraint("tenant_id", "article_id", "warehouse_id"),)
    id: int | None = Field(default=None, primary_key=True)


class Consignment(TenantOwned, table=True):
    """A customer's consignment warehouse (one per customer)."""

    __tablename__ = "multi_warehouse_consignment"
    __table_args__ = (UniqueConstraint("tenant_id", "customer_id"), UniqueConstraint("tenant_id", "warehouse_id"))
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    warehouse_id: int = Field(foreign_key="warehouse.id")
    created_at: datetime = Field(default_factory=utcnow)


class DocumentChoice(TenantOwned, table=True):
    """Where a document's goods come from or go to, or that it is a consignment delivery or a
    drop shipment. Deleted with its document."""

    __tablename__ = "multi_warehouse_document_choice"
    __table_args__ = (UniqueConstraint("tenant_id", "document_id"),)
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE")
    warehouse_id: int | None = Field(default=None, foreign_key="warehouse.id")
    location: str = Field(default="", max_length=30)
    mode: str = Field(default="", max_length=20, description="'', consignment or drop_shipment")


class LineChoice(TenantOwned, table=True):
    """Warehouse and location chosen for one document line. Deleted with its line."""

    __tablename__ = "multi_warehouse_line_choice"
    __table_args__ = (UniqueConstraint("tenant_id", "document_line_id"),)
    id: int | None = Field(default=None, primary_key=True)
    document_line_id: int = Field(foreign_key="document_line.id", ondelete="CASCADE")
    warehouse_id: int | None = Field(default=None, foreign_key="warehouse.id")
    location: str = Field(default="", max_length=30)


class Transfer(TenantOwned, table=True):
    """Umbuchung: an article moved from one warehouse/location to another."""

    __tablename__ = "multi_warehouse_transfer"
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(default="", max_length=30, description="UB-<id>, printed on both movements")
    article_id: int = Field(foreign_key="article.id", index=True)
    quantity: Decimal = exact()
    from_warehouse_id: int = Field(foreign_key="warehouse.id")
    from_location: str = Field(default="", max_length=30)
    to_warehouse_id: int = Field(foreign_key="warehouse.id")
    to_location: str = Field(default="", max_length=30)
    moved_on: date
    note: str = Field(default="", max_length=200)
    clerk: str = Field(default="", max_length=60)
    created_at: datetime = Field(default_factory=utcnow)
