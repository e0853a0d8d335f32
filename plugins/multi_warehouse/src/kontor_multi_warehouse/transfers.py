"""Transfers (Umbuchungen): an article moved between warehouses or locations.

One transfer is two movements with the symbol UB and the transfer's number (`UB-<id>`),
out of the source and into the target, posted in one transaction. It never takes more than
is free at the source: the source's level row is locked first, then the free stock of the
warehouse (and, with a source location, of that location, summed from the ledger) is
compared with the quantity; too much is refused with 409 and nothing is written.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func
from sqlmodel import Session, select

from kontor.api import (
    Article, Conflict, Context, Invalid, Level, MoveSpec, Problem, StockLevel, StockMove, Warehouse, post_moves,
)

from kontor_multi_warehouse.models import Transfer
from kontor_multi_warehouse.resources import location_problems


class TransferRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article_id: int
    quantity: Decimal = Field(gt=0, max_digits=18, decimal_places=4)
    from_warehouse_id: int
    from_location: str = Field(default="", max_length=30)
    to_warehouse_id: int
    to_location: str = Field(default="", max_length=30)
    moved_on: date | None = None
    note: str = Field(default="", max_length=200)


def location_stock(session: Session, ctx: Context, article_id: int, warehouse_id: int, location: str) -> Decimal:
    """Free stock of an article at one location: the sum of its unblocked movements there."""
    total = session.exec(select(func.sum(StockMove.quantity)).where(
        StockMove.tenant_id == ctx.tenant_id, StockMove.article_id == article_id,
        StockMove.warehouse_id == warehouse_id, StockMove.location == location,
        StockMove.blocked.is_(False))).one()
    return Decimal(total or 0)


def _check(session: Session, ctx: Context, data: TransferRequest) -> Article:
    problems: list[Problem] = []
    article = session.get(Article, data.article_id)
    if article is None or article.tenant_id != ctx.tenant_id:
        problems.append(Problem("article_id", "exists", f"no article with id {data.article_id}"))
    elif article.article_type != "M":
        problems.append(Problem("article_id", "material", f"article {article.number} carries no stock"))
    for side in ("from", "to"):
        warehouse_id = getattr(data, f"{side}_warehouse_id")
        warehouse = session.get(Warehouse, warehouse_id)
        if warehouse is None or warehouse.tenant_id != ctx.tenant_id:
            problems.append(Problem(f"{side}_warehouse_id", "exists", f"no warehouse with id {warehouse_id}"))
        else:
            problems += location_problems(session, ctx, warehouse_id, getattr(data, f"{side}_location"),
                                          f"{side}_location")
    if (data.from_warehouse_id, data.from_location) == (data.to_warehouse_id, data.to_location):
        problems.append(Problem("to_location", "different", "a transfer goes to another warehouse or location"))
    if problems:
        raise Invalid(problems)
    return article


def transfer_stock(session: Session, ctx: Context, data: TransferRequest) -> Transfer:
    ctx.require("stock", Level.WRITE)
    article = _check(session, ctx, data)
    level = session.exec(select(StockLevel).where(
        StockLevel.tenant_id == ctx.tenant_id, StockLevel.article_id == article.id,
        StockLevel.warehouse_id == data.from_warehouse_id).with_for_update()).first()
    free = level.on_hand if level is not None else Decimal("0")
    where = f"warehouse {data.from_warehouse_id}"
    if data.from_location:
        free = min(free, location_stock(session, ctx, article.id, data.from_warehouse_id, data.from_location))
        where += f" location {data.from_location}"
    if data.quantity > free:
        raise Conflict(f"article {article.number} ({article.description}): only {free.normalize():f} free in "
                       f"{where}, {data.quantity.normalize():f} to transfer")
    transfer = Transfer(tenant_id=ctx.tenant_id, article_id=article.id, quantity=data.quantity,
                        from_warehouse_id=data.from_warehouse_id, from_location=data.from_location,
                        to_warehouse_id=data.to_warehouse_id, to_location=data.to_location,
                        moved_on=data.moved_on or date.today(), note=data.note, clerk=ctx.username)
    session.add(transfer)
    session.flush()
    transfer.number = f"UB-{transfer.id}"
    session.add(transfer)
    cost = article.landed_cost or article.purchase_price
    common = {"article_id": article.id, "moved_on": transfer.moved_on, "symbol": "UB",
              "document_number": transfer.number, "unit_cost": cost}
    post_moves(session, ctx, [
        MoveSpec(quantity=-data.quantity, warehouse_id=data.from_warehouse_id, location=data.from_location, **common),
        MoveSpec(quantity=data.quantity, warehouse_id=data.to_warehouse_id, location=data.to_location, **common),
    ])
    return transfer


def list_transfers(session: Session, ctx: Context, article_id: int | None = None, limit: int = 50,
                   offset: int = 0) -> tuple[list[Transfer], int]:
    ctx.require("stock", Level.READ)
    conditions = [Transfer.tenant_id == ctx.tenant_id]
    if article_id is not None:
        conditions.append(Transfer.article_id == article_id)
    total = session.exec(select(func.count()).select_from(Transfer).where(*conditions)).one()
    rows = session.exec(select(Transfer).where(*conditions).order_by(Transfer.id.desc()).offset(offset).limit(limit))
    return list(rows), total
