"""The one writer of the stock ledger: `post_moves` and `remove_line_moves`.

Each movement is inserted and its level row changed in the caller's transaction with one
set-based UPDATE (on_hand = on_hand + quantity). Where negative stock is not allowed, the
UPDATE itself carries the condition `on_hand + quantity >= 0`, so two users taking the last
units at once cannot both succeed: the database decides, row by row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, func, insert, select, update
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.parameters import PARAMETERS_KEY
from kontor.core.stock.extensions import known_symbols
from kontor.core.stock.models import SYMBOLS, StockLevel, StockMove, Warehouse
from kontor.core.tenancy.services import get_setting
from kontor.errors import Conflict, Invalid


@dataclass(frozen=True)
class MoveSpec:
    """A movement to post; the warehouse is decided by the stock-posting hook when None."""

    article_id: int
    quantity: Decimal
    moved_on: date
    symbol: str
    warehouse_id: int | None = None
    location: str = ""
    document_id: int | None = None
    document_line_id: int | None = None
    document_number: str = ""
    serial: str = ""
    unit_cost: Decimal = Decimal("0")
    blocked: bool = False  # books blocked stock (goods receipt before release) instead of free stock


def negative_stock_allowed(session: Session, ctx: Context) -> bool:
    return bool((get_setting(session, ctx.tenant_id, PARAMETERS_KEY, {}) or {}).get("allow_negative_stock"))


def default_warehouse(session: Session, tenant_id: int) -> Warehouse:
    cache = session.info.setdefault("kontor.default_warehouse", {})  # asked once per movement
    warehouse = cache.get(tenant_id)
    if warehouse is None:
        warehouse = cache[tenant_id] = session.execute(
            select(Warehouse).where(Warehouse.tenant_id == tenant_id, Warehouse.is_default.is_(True))
        ).scalars().first()
    if warehouse is None:
        raise Conflict("no default warehouse is set up for this company")
    return warehouse


def post_moves(session: Session, ctx: Context, moves: Sequence[MoveSpec]) -> list[StockMove]:
    """Post movements of material articles and change the levels; refuse stock below zero
    (unless the company allows negative stock) naming article, warehouse and what is there."""
    if not moves:
        return []
    allow_negative = negative_stock_allowed(session, ctx)
    articles = _material_articles(session, ctx, {m.article_id for m in moves})
    symbols = SYMBOLS if all(m.symbol in SYMBOLS for m in moves) else known_symbols(ctx)
    posted = []
    # Levels are changed in article order, so two transactions touching the same articles
    # lock their level rows in the same order and cannot deadlock each other.
    for spec in sorted(moves, key=lambda m: m.article_id):
        if spec.symbol not in symbols:
            raise Invalid.field("symbol", "one_of", f"unknown movement symbol '{spec.symbol}'")
        if spec.quantity == 0:
            continue
        article = articles[spec.article_id]
        warehouse_id = spec.warehouse_id or ctx.hooks.kontor_select_warehouse(
            ctx=ctx, session=session, article=article, quantity=spec.quantity, document_id=spec.document_id
        )
        _change_level(session, ctx, article, warehouse_id, spec.quantity, allow_negative, blocked=spec.blocked)
        move = StockMove(
            tenant_id=ctx.tenant_id,
            article_id=spec.article_id,
            warehouse_id=warehouse_id,
            location=spec.location,
            quantity=spec.quantity,
            moved_on=spec.moved_on,
            symbol=spec.symbol,
            document_id=spec.document_id,
            document_line_id=spec.document_line_id,
            document_number=spec.document_number,
            serial=spec.serial,
            unit_cost=spec.unit_cost,
            blocked=spec.blocked,
        )
        session.add(move)
        posted.append(move)
    session.flush()
    ctx.hooks.kontor_stock_moves_posted(ctx=ctx, session=session, moves=posted)
    return posted


def remove_line_moves(session: Session, ctx: Context, line_ids: Iterable[int]) -> None:
    """Take back the movements of document lines (the line changed or was deleted): their
    quantities leave the levels again and the ledger rows are deleted, as the line's are."""
    line_ids = list(line_ids)
    if not line_ids:
        return
    rows = session.execute(
        select(StockMove.article_id, StockMove.warehouse_id, StockMove.blocked, func.sum(StockMove.quantity))
        .where(StockMove.tenant_id == ctx.tenant_id, StockMove.document_line_id.in_(line_ids))
        .group_by(StockMove.article_id, StockMove.warehouse_id, StockMove.blocked)
    ).all()
    allow_negative = negative_stock_allowed(session, ctx)
    for article_id, warehouse_id, blocked, quantity in rows:
        article = session.get(Article, article_id)
        _change_level(session, ctx, article, warehouse_id, -quantity, allow_negative, blocked=blocked)
    session.execute(
        delete(StockMove).where(StockMove.tenant_id == ctx.tenant_id, StockMove.document_line_id.in_(line_ids))
    )
    session.flush()


def _material_articles(session: Session, ctx: Context, ids: set[int]) -> dict[int, Article]:
    found = {
        a.id: a
        for a in session.execute(select(Article).where(Article.tenant_id == ctx.tenant_id, Article.id.in_(ids))).scalars()
    }
    for article_id in ids:
        article = found.get(article_id)
        if article is None:
            raise Invalid.field("article_id", "exists", f"no article with id {article_id}")
        if article.article_type != "M":
            raise Invalid.field("article_id", "material", f"article {article.number} is no material article and carries no stock")
    return found


def _change_level(session: Session, ctx: Context, article: Article, warehouse_id: int, quantity: Decimal,
                  allow_negative: bool, *, blocked: bool = False) -> None:
    level = StockLevel.__table__.c
    column = level.blocked if blocked else level.on_hand
    condition = [level.tenant_id == ctx.tenant_id, level.article_id == article.id, level.warehouse_id == warehouse_id]
    guarded = list(condition)
    if quantity < 0 and (blocked or not allow_negative):  # blocked stock never goes below zero
        guarded.append(column + quantity >= 0)
    changed = session.execute(update(StockLevel.__table__).where(*guarded).values({column.name: column + quantity}))
    if changed.rowcount == 1:
        return
    exists = session.execute(select(column).where(*condition)).first()
    if exists is None and (quantity >= 0 or (allow_negative and not blocked)):
        session.execute(insert(StockLevel.__table__).values(
            tenant_id=ctx.tenant_id, article_id=article.id, warehouse_id=warehouse_id, **{column.name: quantity}))
        return
    there = exists[0] if exists else Decimal("0")
    warehouse = session.get(Warehouse, warehouse_id)
    what = "in blocked stock" if blocked else "on hand"
    rule = "blocked stock cannot go below zero" if blocked else "negative stock is not allowed"
    raise Conflict(
        f"article {article.number} ({article.description}): only {there.normalize():f} {what} in warehouse "
        f"{warehouse.code if warehouse else warehouse_id}, {(-quantity).normalize():f} asked for; {rule}"
    )
