"""Stock and valuation list on any key date.

One grouped query over the ledger (sum of movements up to the key date, the blocked part,
the date of the last receipt) joined with the articles; rows stream in chunks, so a list
over 50,000 articles and a million movements never issues one query per article. Each row
carries the quantity (free and blocked stock: both are the company's goods), the valuation
price (moving average purchase price, else purchase price) and purchase value, the devalued
price and value (kontor.core.stock.devaluation) and the sales value at sales price 1.
Values are rounded half up to the cent per row; totals are sums of the rounded rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dataclasses import dataclass

from pydantic import BaseModel
from sqlalchemy import case, func, select, text
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.masterdata.articles.models import Article, ArticleSupplier
from kontor.core.stock.devaluation import Devaluator
from kontor.core.stock.models import StockMove
from kontor.core.stock.stocktaking import valuation_price
from kontor.core.users.permissions import Level

CHUNK = 5000
CENT = Decimal("0.01")


@dataclass(slots=True)
class ValuationRow:
    """One article of the list (a plain dataclass: the list streams 50,000 of them)."""

    article_id: int
    article_number: str
    description: str
    article_group_id: int | None
    quantity: Decimal
    blocked: Decimal
    last_receipt: date | None
    age_days: int | None
    valuation_price: Decimal
    purchase_value: Decimal
    age_percent: Decimal
    manual_percent: Decimal
    devaluation_amount: Decimal
    devalued_price: Decimal
    devalued_value: Decimal
    sales_price: Decimal
    sales_value: Decimal


class ValuationTotals(BaseModel):
    articles: int = 0
    purchase_value: Decimal = Decimal("0.00")
    devalued_value: Decimal = Decimal("0.00")
    sales_value: Decimal = Decimal("0.00")

    def add(self, row: ValuationRow) -> None:
        self.articles += 1
        self.purchase_value += row.purchase_value
        self.devalued_value += row.devalued_value
        self.sales_value += row.sales_value


def _statement(ctx: Context, on: date, warehouse_id: int | None, article_group_id: int | None,
               supplier_id: int | None = None):
    conditions = [StockMove.tenant_id == ctx.tenant_id, StockMove.moved_on <= on]
    if warehouse_id is not None:
        conditions.append(StockMove.warehouse_id == warehouse_id)
    quantity = func.sum(StockMove.quantity)
    ledger = (
        select(StockMove.article_id, quantity.label("quantity"),
               func.sum(case((StockMove.blocked.is_(True), StockMove.quantity), else_=0)).label("blocked"),
               func.max(case((StockMove.quantity > 0, StockMove.moved_on))).label("last_receipt"))
        .where(*conditions).group_by(StockMove.article_id).having(quantity != 0).subquery()
    )
    statement = (
        select(Article.id, Article.number, Article.description, Article.group_id, ledger.c.quantity,
               ledger.c.blocked, ledger.c.last_receipt, Article.average_cost, Article.purchase_price,
               Article.sales_price_1)
        .join(ledger, ledger.c.article_id == Article.id)
        .where(Article.tenant_id == ctx.tenant_id)
    )
    if article_group_id is not None:
        statement = statement.where(Article.group_id == article_group_id)
    if supplier_id is not None:  # the articles this supplier delivers
        statement = statement.where(Article.id.in_(select(ArticleSupplier.article_id).where(
            ArticleSupplier.tenant_id == ctx.tenant_id, ArticleSupplier.supplier_id == supplier_id)))
    return statement.order_by(Article.number)


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])  # SQLite hands MAX() of a date back as text


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)  # commercial rounding, as kontor.core.documents.totals


def _row(r, on: date, devaluator: Devaluator) -> ValuationRow:
    price = valuation_price(r.average_cost, r.purchase_price)
    last = _as_date(r.last_receipt)
    devalued = devaluator.devalue(price, r.id, r.group_id, last, on)
    quantity = r.quantity
    return ValuationRow(
        article_id=r.id, article_number=r.number, description=r.description, article_group_id=r.group_id,
        quantity=quantity, blocked=Decimal(r.blocked or 0), last_receipt=last, age_days=devalued.age_days,
        valuation_price=price, purchase_value=cents(quantity * price), age_percent=devalued.age_percent,
        manual_percent=devalued.manual_percent, devaluation_amount=devalued.amount, devalued_price=devalued.price,
        devalued_value=cents(quantity * devalued.price), sales_price=r.sales_price_1,
        sales_value=cents(quantity * r.sales_price_1))


def valuation_page(session: Session, ctx: Context, on: date, *, warehouse_id: int | None = None,
                   article_group_id: int | None = None, supplier_id: int | None = None, limit: int = 1000,
                   offset: int = 0) -> tuple[list[ValuationRow], ValuationTotals]:
    """One page of the valuation list (ordered by article number) and the totals of that page."""
    ctx.require("stock", Level.READ)
    devaluator = Devaluator(session, ctx)
    statement = _statement(ctx, on, warehouse_id, article_group_id, supplier_id).offset(offset).limit(limit)
    rows = [_row(r, on, devaluator) for r in session.execute(statement)]
    totals = ValuationTotals()
    for row in rows:
        totals.add(row)
    return rows, totals


def iter_valuation(session: Session, ctx: Context, on: date, *, warehouse_id: int | None = None,
                   article_group_id: int | None = None, supplier_id: int | None = None) -> Iterator[ValuationRow]:
    """The whole valuation list, streamed from the database in chunks."""
    ctx.require("stock", Level.READ)
    devaluator = Devaluator(session, ctx)
    if session.get_bind().dialect.name == "postgresql":
        # A server-side cursor makes PostgreSQL plan for the first tenth of the rows (a nested
        # loop over the articles by number); the list wants all of them, so plan for all.
        session.execute(text("SET LOCAL cursor_tuple_fraction = 1.0"))
    statement = _statement(ctx, on, warehouse_id, article_group_id, supplier_id).execution_options(yield_per=CHUNK)
    for r in session.execute(statement):
        yield _row(r, on, devaluator)


def valuation_totals(session: Session, ctx: Context, on: date, *, warehouse_id: int | None = None,
                     article_group_id: int | None = None, supplier_id: int | None = None) -> ValuationTotals:
    totals = ValuationTotals()
    for row in iter_valuation(session, ctx, on, warehouse_id=warehouse_id, article_group_id=article_group_id,
                              supplier_id=supplier_id):
        totals.add(row)
    return totals
