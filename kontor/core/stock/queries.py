"""Reading the ledger: stock on a key date, the movements of an article, the ledger check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.stock.models import StockLevel, StockMove
from kontor.core.users.permissions import Level


def stock_on(session: Session, ctx: Context, on: date, article_ids: list[int] | None = None) -> dict[tuple[int, int], Decimal]:
    """Stock per (article, warehouse) at the end of `on`: the sum of movements up to it."""
    ctx.require("stock", Level.READ)
    statement = (
        select(StockMove.article_id, StockMove.warehouse_id, func.sum(StockMove.quantity))
        .where(StockMove.tenant_id == ctx.tenant_id, StockMove.moved_on <= on, StockMove.blocked.is_(False))
        .group_by(StockMove.article_id, StockMove.warehouse_id)
    )
    if article_ids is not None:
        statement = statement.where(StockMove.article_id.in_(article_ids))
    return {(a, w): q for a, w, q in session.execute(statement)}


def on_hand(session: Session, ctx: Context, article_id: int) -> Decimal:
    """Stock on hand over all warehouses, from the levels (a lookup, not a sum of the ledger)."""
    total = session.execute(
        select(func.sum(StockLevel.on_hand)).where(StockLevel.tenant_id == ctx.tenant_id, StockLevel.article_id == article_id)
    ).scalar()
    return total if total is not None else Decimal("0.0000")


def movements(session: Session, ctx: Context, article_id: int, since: date | None = None, until: date | None = None) -> list[StockMove]:
    ctx.require("stock", Level.READ)
    statement = select(StockMove).where(StockMove.tenant_id == ctx.tenant_id, StockMove.article_id == article_id)
    if since:
        statement = statement.where(StockMove.moved_on >= since)
    if until:
        statement = statement.where(StockMove.moved_on <= until)
    return list(session.execute(statement.order_by(StockMove.moved_on, StockMove.id)).scalars())


@dataclass(frozen=True)
class Mismatch:
    tenant_id: int
    article_id: int
    warehouse_id: int
    level: Decimal
    ledger: Decimal
    blocked: bool = False  # the mismatch is in the blocked stock, not the free stock


def verify_ledger(session: Session, tenant_id: int | None = None) -> list[Mismatch]:
    """Every stock level must equal the sum of its movements; returns the ones that do not."""
    free = func.sum(case((StockMove.blocked.is_(False), StockMove.quantity), else_=0))
    blocked = func.sum(case((StockMove.blocked.is_(True), StockMove.quantity), else_=0))
    moves = select(StockMove.tenant_id, StockMove.article_id, StockMove.warehouse_id, free, blocked).group_by(
        StockMove.tenant_id, StockMove.article_id, StockMove.warehouse_id)
    levels = select(StockLevel.tenant_id, StockLevel.article_id, StockLevel.warehouse_id, StockLevel.on_hand,
                    StockLevel.blocked)
    if tenant_id is not None:
        moves = moves.where(StockMove.tenant_id == tenant_id)
        levels = levels.where(StockLevel.tenant_id == tenant_id)
    ledger = {(t, a, w): (Decimal(q), Decimal(b)) for t, a, w, q, b in session.execute(moves)}
    stored = {(t, a, w): (q, b) for t, a, w, q, b in session.execute(levels)}
    zero = (Decimal("0"), Decimal("0"))
    return [
        Mismatch(*key, level=stored.get(key, zero)[i], ledger=ledger.get(key, zero)[i], blocked=bool(i))
        for key in sorted(set(ledger) | set(stored))
        for i in (0, 1)
        if stored.get(key, zero)[i] != ledger.get(key, zero)[i]
    ]
