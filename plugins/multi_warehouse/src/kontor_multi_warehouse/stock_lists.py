"""Stock per warehouse and location: the list of articles with their stock in every warehouse.

Three set-based queries per page: the page of articles that have stock rows, their stock per
warehouse (free, blocked, reserved from the levels; consignment warehouses named with their
customer), and their free stock per location summed from the ledger. With a key date `on`,
free and blocked stock per warehouse and location are the sums of the movements up to that
day instead (reservations are not kept by day and show as null).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, null, or_
from sqlmodel import Session, select

from kontor.api import Article, Context, Level, StockLevel, StockMove, Warehouse

from kontor_multi_warehouse.models import Consignment

ZERO = Decimal("0")


def _per_warehouse(ctx: Context, warehouse_id: int | None, on: date | None):
    """(article_id, warehouse_id, free, blocked, reserved) rows as a subquery: levels, or the
    ledger summed up to the key date."""
    if on is None:
        rows = select(StockLevel.article_id, StockLevel.warehouse_id, StockLevel.on_hand.label("free"),
                      StockLevel.blocked.label("blocked"), StockLevel.reserved.label("reserved")
                      ).where(StockLevel.tenant_id == ctx.tenant_id)
        if warehouse_id is not None:
            rows = rows.where(StockLevel.warehouse_id == warehouse_id)
        return rows.subquery()
    free = func.sum(case((StockMove.blocked.is_(False), StockMove.quantity), else_=0)).label("free")
    blocked = func.sum(case((StockMove.blocked.is_(True), StockMove.quantity), else_=0)).label("blocked")
    rows = (select(StockMove.article_id, StockMove.warehouse_id, free, blocked)
            .where(StockMove.tenant_id == ctx.tenant_id, StockMove.moved_on <= on)
            .group_by(StockMove.article_id, StockMove.warehouse_id))
    if warehouse_id is not None:
        rows = rows.where(StockMove.warehouse_id == warehouse_id)
    return rows.subquery()


def stock_by_warehouse(session: Session, ctx: Context, *, article_id: int | None = None,
                       warehouse_id: int | None = None, q: str | None = None, on: date | None = None,
                       limit: int = 50, offset: int = 0) -> dict[str, Any]:
    ctx.require("stock", Level.READ)
    stock = _per_warehouse(ctx, warehouse_id, on)
    articles = [Article.tenant_id == ctx.tenant_id, Article.id.in_(select(stock.c.article_id))]
    if article_id is not None:
        articles.append(Article.id == article_id)
    if q:
        needle = f"%{q.strip().lower()}%"
        articles.append(or_(func.lower(Article.number).like(needle), func.lower(Article.description).like(needle)))
    total = session.exec(select(func.count()).select_from(Article).where(*articles)).one()
    page = session.exec(select(Article.id, Article.number, Article.description).where(*articles)
                        .order_by(Article.number).offset(offset).limit(limit)).all()
    ids = [row[0] for row in page] or [0]
    rows = session.exec(
        select(stock.c.article_id, stock.c.warehouse_id, stock.c.free, stock.c.blocked,
               stock.c.reserved if on is None else null(), Warehouse.code, Warehouse.name, Consignment.customer_id)
        .join(Warehouse, Warehouse.id == stock.c.warehouse_id)
        .outerjoin(Consignment, Consignment.warehouse_id == Warehouse.id)
        .where(stock.c.article_id.in_(ids)).order_by(Warehouse.code)
    ).all()
    by_place = _locations(session, ctx, ids, on)
    by_article: dict[int, list[dict[str, Any]]] = {}
    for art, wh, free, blocked, held, code, name, customer_id in rows:
        free, blocked = Decimal(free or 0), Decimal(blocked or 0)
        held = Decimal(held or 0) if on is None else None  # reservations are not kept by day
        by_article.setdefault(art, []).append({
            "warehouse_id": wh, "warehouse_code": code, "warehouse_name": name,
            "consignment_customer_id": customer_id, "on_hand": free, "blocked": blocked, "reserved": held,
            "available": free - held if held is not None else None,
            "locations": by_place.get((art, wh), []),
        })
    items = []
    for art, number, description in page:
        warehouses = by_article.get(art, [])
        ours = [w["consignment_customer_id"] is None for w in warehouses]
        items.append({
            "article_id": art, "article_number": number, "description": description,
            "on_hand": sum((w["on_hand"] for w, own in zip(warehouses, ours) if own), ZERO),
            "at_customers": sum((w["on_hand"] for w, own in zip(warehouses, ours) if not own), ZERO),
            "warehouses": warehouses,
        })
    return {"items": items, "total": total, "limit": limit, "offset": offset, "on": on}


def _locations(session: Session, ctx: Context, ids: list[int], on: date | None) -> dict[tuple[int, int], list]:
    conditions = [StockMove.tenant_id == ctx.tenant_id, StockMove.article_id.in_(ids), StockMove.blocked.is_(False)]
    if on is not None:
        conditions.append(StockMove.moved_on <= on)
    places = session.exec(
        select(StockMove.article_id, StockMove.warehouse_id, StockMove.location, func.sum(StockMove.quantity))
        .where(*conditions).group_by(StockMove.article_id, StockMove.warehouse_id, StockMove.location)
        .order_by(StockMove.location)
    ).all()
    by_place: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for art, wh, location, quantity in places:
        if Decimal(quantity) != 0:
            by_place.setdefault((art, wh), []).append({"location": location, "quantity": Decimal(quantity)})
    return by_place
