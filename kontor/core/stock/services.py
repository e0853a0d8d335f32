"""Stock services a clerk calls directly: opening stock and the key-date stock list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.documents.totals import cents
from kontor.core.masterdata.articles.models import Article
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.core.stock.models import StockMove
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid


def book_opening_stock(session: Session, ctx: Context, article_id: int, quantity: Decimal, on: date,
                       unit_cost: Decimal | None = None) -> StockMove:
    """The opening stock of an article from the article master (symbol AB); once per
    article, before any other movement. Later corrections are stocktaking differences."""
    ctx.require("stock", Level.WRITE)
    if quantity <= 0:
        raise Invalid.field("quantity", "positive", "an opening stock is above 0")
    article = session.get(Article, article_id)
    if article is None or article.tenant_id != ctx.tenant_id:
        raise Invalid.field("article_id", "exists", f"no article with id {article_id}")
    moved = session.execute(select(StockMove.id).where(StockMove.tenant_id == ctx.tenant_id,
                                                       StockMove.article_id == article_id)).first()
    if moved is not None:
        raise Conflict(f"article {article.number} has stock movements already; correct its stock by a stocktaking")
    cost = unit_cost if unit_cost is not None else (article.landed_cost or article.purchase_price)
    return post_moves(session, ctx, [MoveSpec(article_id=article_id, quantity=quantity, moved_on=on, symbol="AB",
                                              document_number="Anfangsbestand", unit_cost=cost)])[0]


class StockRow(BaseModel):
    article_id: int
    article_number: str
    description: str
    quantity: Decimal
    purchase_price: Decimal
    purchase_value: Decimal
    sales_price: Decimal
    sales_value: Decimal


def stock_list(session: Session, ctx: Context, on: date, *, warehouse_id: int | None = None,
               limit: int = 1000, offset: int = 0) -> tuple[list[StockRow], Decimal, Decimal]:
    """Stock and its value per article at the end of a key date, from the ledger (one grouped
    query); values at purchase price and at sales price 1, to the cent."""
    ctx.require("stock", Level.READ)
    conditions = [StockMove.tenant_id == ctx.tenant_id, StockMove.moved_on <= on]
    if warehouse_id is not None:
        conditions.append(StockMove.warehouse_id == warehouse_id)
    quantity = func.sum(StockMove.quantity).label("quantity")
    grouped = select(StockMove.article_id, quantity).where(*conditions).group_by(StockMove.article_id).subquery()
    statement = (
        select(Article.id, Article.number, Article.description, grouped.c.quantity, Article.purchase_price,
               Article.sales_price_1)
        .join(grouped, grouped.c.article_id == Article.id)
        .order_by(Article.number).offset(offset).limit(limit)
    )
    rows = []
    for article_id, number, description, qty, purchase, sales in session.execute(statement):
        rows.append(StockRow(article_id=article_id, article_number=number, description=description, quantity=qty,
                             purchase_price=purchase, purchase_value=cents(qty * purchase), sales_price=sales,
                             sales_value=cents(qty * sales)))
    return rows, sum((r.purchase_value for r in rows), Decimal("0.00")), sum((r.sales_value for r in rows), Decimal("0.00"))
