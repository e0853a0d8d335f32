"""Reservations: promising stock or goods on order to a customer order line or a plan.

A reservation from stock raises `stock_level.reserved` of its warehouse in the same
transaction, with one guarded UPDATE (`on_hand - reserved >= quantity`), so two clerks can
never promise the same last units: the database decides, row by row. A reservation from an
open purchase-order line leaves the levels alone and is limited by what of that line is
still open and not promised yet (the line row is locked while checking).

The sum of the stock reservations of an article and warehouse always equals its
`stock_level.reserved`; `verify_reservations` proves it (and `kontor stock verify` runs it).
Delivering a reserved order line releases its reservation (see `release_delivered`, called
through the `kontor_stock_moves_posted` hook by `kontor.core.stock.reservation_hooks`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select, update
from sqlmodel import Session

from kontor.core.audit import record_change, snapshot
from kontor.core.context import Context
from kontor.core.documents.lineage import order_line_status
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.masterdata.articles.models import Article
from kontor.core.stock.incoming import open_purchase_lines
from kontor.core.stock.models import StockLevel, Warehouse
from kontor.core.stock.planning_models import Reservation
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid, NotFound

ZERO = Decimal("0.0000")


class ReservationInput(BaseModel):
    """One reservation a clerk asks for: for an order line, or (without one) for a plan."""

    article_id: int | None = Field(default=None, description="taken from the order line when empty")
    quantity: Decimal = Field(gt=0, max_digits=18, decimal_places=4)
    source: str = Field(default="stock", pattern="^(stock|purchase_order)$")
    warehouse_id: int | None = Field(default=None, description="stock: the warehouse (default: as the hook decides)")
    purchase_line_id: int | None = Field(default=None, description="purchase_order: the purchase-order line")
    order_line_id: int | None = Field(default=None, description="the customer order line; empty: a plan")
    needed_on: date | None = Field(default=None, description="default: the order's customer delivery date, else today")
    note: str = Field(default="", max_length=200)


class ReservationRead(BaseModel):
    """A reservation as the API shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    article_id: int
    quantity: Decimal
    source: str
    warehouse_id: int | None
    purchase_line_id: int | None
    order_line_id: int | None
    document_id: int | None
    customer_id: int | None
    needed_on: date
    note: str


def reserve(session: Session, ctx: Context, data: ReservationInput) -> Reservation:
    """Reserve from stock or from an open purchase-order line; refuses (409) what is not there."""
    ctx.require("stock", Level.WRITE)
    order_line, order = _order_line(session, ctx, data.order_line_id)
    article_id = data.article_id or (order_line.article_id if order_line else None)
    if article_id is None:
        raise Invalid.field("article_id", "required", "name the article or the order line")
    article = _material_article(session, ctx, article_id)
    if order_line is not None:
        if order_line.article_id != article_id:
            raise Invalid.field("article_id", "matches_order_line", "the order line is for another article")
        _check_order_line_room(session, order_line, data.quantity)
    elif not data.note:
        raise Invalid.field("note", "required", "a reservation without order line needs a note saying what it is for")
    needed_on = data.needed_on or (order.customer_delivery_date if order else None) or date.today()
    reservation = Reservation(
        tenant_id=ctx.tenant_id, article_id=article_id, quantity=data.quantity, source=data.source,
        order_line_id=order_line.id if order_line else None, document_id=order.id if order else None,
        customer_id=order.customer_id if order else None, needed_on=needed_on, note=data.note)
    if data.source == "stock":
        if data.purchase_line_id is not None:
            raise Invalid.field("purchase_line_id", "only_for_purchase_order", "a reservation from stock names no "
                                                                               "purchase-order line")
        if data.warehouse_id is not None:
            warehouse = session.get(Warehouse, data.warehouse_id)
            if warehouse is None or warehouse.tenant_id != ctx.tenant_id:
                raise Invalid.field("warehouse_id", "exists", f"no warehouse with id {data.warehouse_id}")
        reservation.warehouse_id = data.warehouse_id or _warehouse_for(session, ctx, article, data.quantity)
        take_from_stock(session, ctx, article, reservation.warehouse_id, data.quantity)
    else:
        if data.purchase_line_id is None:
            raise Invalid.field("purchase_line_id", "required", "name the purchase-order line to reserve from")
        _check_purchase_line(session, ctx, data.purchase_line_id, article, data.quantity)
        reservation.purchase_line_id = data.purchase_line_id
    session.add(reservation)
    session.flush()
    record_change(session, ctx, "reservations", reservation.id, "create", None, snapshot(reservation))
    return reservation


def release(session: Session, ctx: Context, reservation_id: int, quantity: Decimal | None = None) -> Reservation | None:
    """Release a reservation wholly or in part; returns what is left of it (None when gone)."""
    ctx.require("stock", Level.WRITE)
    reservation = session.get(Reservation, reservation_id, with_for_update=True)
    if reservation is None or reservation.tenant_id != ctx.tenant_id:
        raise NotFound(f"no reservation with id {reservation_id}")
    if quantity is not None and (quantity <= 0 or quantity > reservation.quantity):
        raise Invalid.field("quantity", "range", f"release between 0 and {reservation.quantity.normalize():f}")
    before = snapshot(reservation)
    _shrink(session, ctx, reservation, quantity if quantity is not None else reservation.quantity)
    session.flush()
    gone = reservation.quantity == 0
    record_change(session, ctx, "reservations", reservation_id, "release", before, None if gone else snapshot(reservation))
    return None if gone else reservation


def take_from_stock(session: Session, ctx: Context, article: Article, warehouse_id: int, quantity: Decimal,
                    *, strict: bool = True) -> bool:
    """Raise the reserved stock of one warehouse, only as far as free stock (on hand - reserved)
    reaches; refuses (409) what is not free, or with `strict=False` answers False instead."""
    level = StockLevel.__table__.c
    changed = session.execute(
        update(StockLevel.__table__)
        .where(level.tenant_id == ctx.tenant_id, level.article_id == article.id, level.warehouse_id == warehouse_id,
               level.on_hand - level.reserved >= quantity)
        .values(reserved=level.reserved + quantity)
    )
    if changed.rowcount == 1:
        return True
    if not strict:
        return False
    row = session.execute(select(level.on_hand, level.reserved).where(
        level.tenant_id == ctx.tenant_id, level.article_id == article.id, level.warehouse_id == warehouse_id)).first()
    free = (row[0] - row[1]) if row else ZERO
    warehouse = session.get(Warehouse, warehouse_id)
    raise Conflict(f"article {article.number} ({article.description}): only {free.normalize():f} free in warehouse "
                   f"{warehouse.code if warehouse else warehouse_id}, {quantity.normalize():f} asked to reserve")


def _shrink(session: Session, ctx: Context, reservation: Reservation, quantity: Decimal) -> None:
    """Lower a reservation (and the reserved stock of a stock reservation); delete it at 0."""
    if quantity <= 0:
        return
    if reservation.source == "stock":
        level = StockLevel.__table__.c
        changed = session.execute(
            update(StockLevel.__table__)
            .where(level.tenant_id == ctx.tenant_id, level.article_id == reservation.article_id,
                   level.warehouse_id == reservation.warehouse_id, level.reserved >= quantity)
            .values(reserved=level.reserved - quantity))
        if changed.rowcount != 1:
            raise Conflict(f"reserved stock of article {reservation.article_id} is below its reservations; "
                           "run `kontor stock verify`")
    if quantity >= reservation.quantity:
        reservation.quantity = ZERO
        session.delete(reservation)
    else:
        reservation.quantity = reservation.quantity - quantity
        session.add(reservation)


def reservations_of(session: Session, ctx: Context, *, article_id: int | None = None, order_id: int | None = None,
                    order_line_ids: Iterable[int] | None = None, limit: int = 1000, offset: int = 0) -> list[Reservation]:
    ctx.require("stock", Level.READ)
    statement = select(Reservation).where(Reservation.tenant_id == ctx.tenant_id)
    if article_id is not None:
        statement = statement.where(Reservation.article_id == article_id)
    if order_id is not None:
        statement = statement.where(Reservation.document_id == order_id)
    if order_line_ids is not None:
        statement = statement.where(Reservation.order_line_id.in_(list(order_line_ids)))
    statement = statement.order_by(Reservation.needed_on, Reservation.id).offset(offset).limit(limit)
    return list(session.execute(statement).scalars())


def release_delivered(session: Session, ctx: Context, delivery_line_ids: list[int]) -> None:
    """Delivered order lines keep reservations for what is still open only: each reservation
    of such a line shrinks until the line's reservations fit its open quantity (stock ones
    first, the goods left stock; then those on purchase orders, latest needed first)."""
    order_line_ids = set(session.execute(
        select(DocumentLine.order_line_id).where(DocumentLine.id.in_(delivery_line_ids),
                                                 DocumentLine.order_line_id.is_not(None))).scalars())
    if not order_line_ids:
        return
    reservations = list(session.execute(
        select(Reservation).where(Reservation.tenant_id == ctx.tenant_id,
                                  Reservation.order_line_id.in_(order_line_ids))
        .order_by(Reservation.needed_on.desc(), Reservation.id.desc()).with_for_update()).scalars())
    if not reservations:
        return
    open_quantities = order_line_open(session, list({r.order_line_id for r in reservations}))
    by_line: dict[int, list[Reservation]] = {}
    for reservation in reservations:
        by_line.setdefault(reservation.order_line_id, []).append(reservation)
    for line_id, held in by_line.items():
        excess = sum((r.quantity for r in held), ZERO) - max(open_quantities.get(line_id, ZERO), ZERO)
        for reservation in sorted(held, key=lambda r: r.source != "stock"):
            if excess <= 0:
                break
            cut = min(excess, reservation.quantity)
            _shrink(session, ctx, reservation, cut)
            excess -= cut
    session.flush()


def convert_released(session: Session, ctx: Context, moves: list) -> None:
    """Goods of a purchase-order line released into free stock: the reservations made on that
    line become stock reservations in the warehouse the goods entered (needed first, first),
    as far as the released quantity reaches; the rest stays on the purchase order."""
    sources = dict(session.execute(select(DocumentLine.id, DocumentLine.source_line_id).where(
        DocumentLine.id.in_({m.document_line_id for m in moves}), DocumentLine.source_line_id.is_not(None))).all())
    if not sources:
        return
    held = list(session.execute(
        select(Reservation).where(Reservation.tenant_id == ctx.tenant_id,
                                  Reservation.purchase_line_id.in_(set(sources.values())))
        .order_by(Reservation.needed_on, Reservation.id).with_for_update()).scalars())
    if not held:
        return
    article = session.get(Article, held[0].article_id)
    for move in moves:
        purchase_line_id = sources.get(move.document_line_id)
        left = move.quantity
        for reservation in [r for r in held if r.purchase_line_id == purchase_line_id]:
            if left <= 0 or reservation.quantity <= 0:
                continue
            take = min(left, reservation.quantity)
            if article.id != reservation.article_id:
                article = session.get(Article, reservation.article_id)
            if not take_from_stock(session, ctx, article, move.warehouse_id, take, strict=False):
                break  # the stock went to others meanwhile: the rest stays promised on the purchase order
            session.add(Reservation(
                tenant_id=ctx.tenant_id, article_id=reservation.article_id, quantity=take, source="stock",
                warehouse_id=move.warehouse_id, order_line_id=reservation.order_line_id,
                document_id=reservation.document_id, customer_id=reservation.customer_id,
                needed_on=reservation.needed_on, note=reservation.note))
            _shrink(session, ctx, reservation, take)
            left -= take
    session.flush()


def order_line_open(session: Session, line_ids: list[int]) -> dict[int, Decimal]:
    """Ordered minus delivered per order line (one grouped query through the line lineage)."""
    lines = list(session.execute(select(DocumentLine).where(DocumentLine.id.in_(line_ids))).scalars())
    status = order_line_status(session, lines)
    return {line.id: line.quantity - status[line.id][0] for line in lines}


def reserved_for_lines(session: Session, tenant_id: int, line_ids: Iterable[int]) -> dict[int, Decimal]:
    rows = session.execute(
        select(Reservation.order_line_id, func.sum(Reservation.quantity))
        .where(Reservation.tenant_id == tenant_id, Reservation.order_line_id.in_(list(line_ids)))
        .group_by(Reservation.order_line_id))
    return dict(rows.all())


@dataclass(frozen=True)
class ReservationMismatch:
    tenant_id: int
    article_id: int
    warehouse_id: int
    level: Decimal  # stock_level.reserved
    reservations: Decimal  # the sum of the stock reservations


def verify_reservations(session: Session, tenant_id: int | None = None) -> list[ReservationMismatch]:
    """Every level's reserved stock must equal the sum of its stock reservations."""
    sums = select(Reservation.tenant_id, Reservation.article_id, Reservation.warehouse_id,
                  func.sum(Reservation.quantity)).where(Reservation.source == "stock").group_by(
        Reservation.tenant_id, Reservation.article_id, Reservation.warehouse_id)
    levels = select(StockLevel.tenant_id, StockLevel.article_id, StockLevel.warehouse_id,
                    StockLevel.reserved).where(StockLevel.reserved != 0)
    if tenant_id is not None:
        sums = sums.where(Reservation.tenant_id == tenant_id)
        levels = levels.where(StockLevel.tenant_id == tenant_id)
    held = {(t, a, w): q for t, a, w, q in session.execute(sums)}
    stored = {(t, a, w): q for t, a, w, q in session.execute(levels)}
    return [ReservationMismatch(*key, level=stored.get(key, ZERO), reservations=held.get(key, ZERO))
            for key in sorted(set(held) | set(stored)) if stored.get(key, ZERO) != held.get(key, ZERO)]


# -- checks ------------------------------------------------------------------------------------


def _order_line(session: Session, ctx: Context, line_id: int | None) -> tuple[DocumentLine | None, Document | None]:
    if line_id is None:
        return None, None
    line = session.get(DocumentLine, line_id, with_for_update=True)  # serialises reservations of one line
    order = session.get(Document, line.document_id) if line is not None else None
    if line is None or line.tenant_id != ctx.tenant_id or order.kind != "order":
        raise Invalid.field("order_line_id", "exists", f"no customer order line with id {line_id}")
    if line.optional or line.line_kind != "item":
        raise Invalid.field("order_line_id", "item", "optional lines and subtotals are not reserved")
    if order.done or order.archived_at is not None:
        raise Conflict(f"order {order.number} is done; nothing more is reserved for it")
    return line, order


def _material_article(session: Session, ctx: Context, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None or article.tenant_id != ctx.tenant_id:
        raise Invalid.field("article_id", "exists", f"no article with id {article_id}")
    if article.article_type != "M":
        raise Invalid.field("article_id", "material", f"article {article.number} is no material article and carries "
                                                      "no stock")
    return article


def _check_order_line_room(session: Session, line: DocumentLine, quantity: Decimal) -> None:
    open_quantity = order_line_open(session, [line.id])[line.id]
    held = reserved_for_lines(session, line.tenant_id, [line.id]).get(line.id, ZERO)
    if held + quantity > open_quantity:
        raise Conflict(f"order line {line.position} has {open_quantity.normalize():f} open, "
                       f"{held.normalize():f} reserved already; {quantity.normalize():f} more is too much")


def _check_purchase_line(session: Session, ctx: Context, line_id: int, article: Article, quantity: Decimal) -> None:
    from kontor.core.purchasing.common import ORDER_KINDS

    line = session.get(DocumentLine, line_id, with_for_update=True)  # serialises reservations on one line
    document = session.get(Document, line.document_id) if line is not None else None
    if line is None or line.tenant_id != ctx.tenant_id or document.kind not in ORDER_KINDS:
        raise Invalid.field("purchase_line_id", "exists", f"no purchase-order line with id {line_id}")
    if line.article_id != article.id:
        raise Invalid.field("purchase_line_id", "same_article", "the purchase-order line is for another article")
    found = open_purchase_lines(session, ctx.tenant_id, line_ids=[line_id])
    if not found:
        raise Conflict(f"purchase order {document.number} line {line.position} is received in full, cancelled or done")
    if found[0].free < quantity:
        raise Conflict(f"purchase order {found[0].number} line {line.position}: only {found[0].free.normalize():f} "
                       f"on order and not promised yet, {quantity.normalize():f} asked to reserve")


def _warehouse_for(session: Session, ctx: Context, article: Article, quantity: Decimal) -> int:
    return ctx.hooks.kontor_select_warehouse(ctx=ctx, session=session, article=article, quantity=-quantity,
                                             document_id=None)
