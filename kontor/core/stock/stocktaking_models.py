"""Tables of stocktaking and devaluation.

A `Stocktaking` is one count (key-date, partial, or a manual difference list) with its
`StocktakingLine`s: what was counted per article and warehouse. The book stock is read from
the ledger at the key date; posting freezes book quantity and difference into the lines and
posts the differences as ledger movements (symbol IN) dated the key date.

Devaluation lowers the valuation price of slow stock: `DevaluationStep` is the company's
table of stock days -> percent (age-based), `ManualDevaluation` a percent for an article
group or an article, or an amount per unit for an article (kontor.core.stock.devaluation).
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Index, String, UniqueConstraint
from sqlmodel import Field

from kontor.db.base import TenantOwned, Timestamped
from kontor.db.fields import exact, reference

STOCKTAKING_KINDS = ("full", "partial", "manual")
STOCKTAKING_STATES = ("open", "counted", "posted")


class Stocktaking(TenantOwned, Timestamped, table=True):
    __tablename__ = "stocktaking"
    __table_args__ = (Index("ix_stocktaking_state", "tenant_id", "state"),)

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(default="", max_length=30, description="from the number range stocktaking; names the ledger movements")
    kind: str = Field(default="full", max_length=10, sa_type=String(10), description="full, partial or manual")
    key_date: date
    warehouse_id: int = Field(foreign_key="warehouse.id")
    article_group_id: int | None = reference("article_group", description="partial: only this article group")
    state: str = Field(default="open", max_length=10, sa_type=String(10), description="open, counted or posted")
    note: str = Field(default="", max_length=200)
    created_by: str = Field(default="", max_length=60)
    posted_at: datetime | None = None


class StocktakingLine(TenantOwned, table=True):
    __tablename__ = "stocktaking_line"
    __table_args__ = (UniqueConstraint("stocktaking_id", "article_id", "warehouse_id"),)

    id: int | None = Field(default=None, primary_key=True)
    stocktaking_id: int = Field(foreign_key="stocktaking.id", index=True)
    article_id: int = Field(foreign_key="article.id")
    warehouse_id: int = Field(foreign_key="warehouse.id")
    counted: Decimal | None = exact(None, nullable=True, description="empty until counted")
    book: Decimal | None = exact(None, nullable=True, description="book stock at the key date, frozen at posting")
    difference: Decimal | None = exact(None, nullable=True, description="counted - book, frozen at posting")
    reason: str = Field(default="", max_length=120)


class DevaluationStep(TenantOwned, table=True):
    """From `min_days` days in stock on, the valuation price drops by `percent`."""

    __tablename__ = "devaluation_step"
    __table_args__ = (UniqueConstraint("tenant_id", "min_days"),)

    id: int | None = Field(default=None, primary_key=True)
    min_days: int = Field(ge=0)
    percent: Decimal = exact(0, ge=0, le=100)


class ManualDevaluation(TenantOwned, Timestamped, table=True):
    """A manual devaluation: percent for an article group or an article, or an amount per unit
    for an article; applied after the age-based one."""

    __tablename__ = "manual_devaluation"
    __table_args__ = (Index("ix_manual_devaluation_article", "tenant_id", "article_id"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int | None = Field(default=None, foreign_key="article.id")
    article_group_id: int | None = reference("article_group")
    percent: Decimal = exact(0, ge=0, le=100)
    amount: Decimal = exact(0, ge=0, description="per unit, taken off after the percentages")
    note: str = Field(default="", max_length=120)
