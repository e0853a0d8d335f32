"""Material planning: reserving a whole order for its delivery dates, the earliest possible
delivery date, and the overall plan without orders (Gesamt-Materialdisposition).

Reserving an order works per open material line, for the line's date (given per line, else
the date given for the order, else the order's customer delivery date, else today): first
free stock, then open purchase-order lines expected by that date (earliest first); what is
still missing is reported with the earliest date it could come (the next purchase line with
free quantity, else today plus the main supplier's lead time), and can become a reorder
proposal (`kontor.core.purchasing.proposals.proposal_for_order`).

The overall plan answers per article, set-based over all articles: free stock, free goods on
order, the open demand of customer orders not covered by reservations, and what is missing
to keep the safety (or minimum) stock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.masterdata.articles.models import Article, ArticleSupplier
from kontor.core.stock.extensions import planned_by_article, planned_quantities
from kontor.core.stock.incoming import PurchaseLine, open_purchase_lines
from kontor.core.stock.models import StockLevel
from kontor.core.stock.planning_models import Reservation
from kontor.core.stock.reservations import (
    ReservationInput,
    order_line_open,
    reserve,
    reserved_for_lines,
)
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid, NotFound

ZERO = Decimal("0.0000")
OPEN_ORDER_STATES = ("open", "partly_delivered", "partly_invoiced")


@dataclass(frozen=True)
class LineReservation:
    order_line_id: int
    position: int
    article_id: int
    needed_on: date
    open_quantity: Decimal
    reserved_before: Decimal
    from_stock: Decimal
    from_purchase_orders: Decimal
    missing: Decimal
    earliest_on: date | None  # when everything open could be there; None: no source known


@dataclass(frozen=True)
class OrderReservation:
    order_id: int
    lines: list[LineReservation]
    missing: bool = field(init=False)  # some line misses goods
    earliest_on: date | None = field(init=False)  # when everything could be there; None: not known

    def __post_init__(self) -> None:
        dates = [line.earliest_on for line in self.lines]
        object.__setattr__(self, "missing", any(line.missing > 0 for line in self.lines))
        object.__setattr__(self, "earliest_on", None if None in dates or not dates else max(dates))


def reserve_order(session: Session, ctx: Context, order_id: int, *, delivery_date: date | None = None,
                  line_dates: dict[int, date] | None = None, from_purchase_orders: bool = True,
                  check_only: bool = False) -> OrderReservation:
    """Reserve what the open material lines of an order need by their dates; with
    `check_only` nothing is reserved and the answer says what could be."""
    ctx.require("stock", Level.READ if check_only else Level.WRITE)
    order = session.get(Document, order_id)
    if order is None or order.tenant_id != ctx.tenant_id or order.kind != "order":
        raise NotFound(f"no customer order with id {order_id}")
    if order.done:
        raise Conflict(f"order {order.number} is done; nothing is reserved for it")
    line_dates = line_dates or {}
    lines = list(session.execute(
        select(DocumentLine).where(DocumentLine.document_id == order.id, DocumentLine.article_type == "M",
                                   DocumentLine.article_id.is_not(None), DocumentLine.optional.is_(False),
                                   DocumentLine.line_kind == "item")
        .order_by(DocumentLine.position)).scalars())
    unknown = set(line_dates) - {line.id for line in lines}
    if unknown:
        raise Invalid.field("line_dates", "order_line", f"lines {sorted(unknown)} are no material lines of this order")
    today = date.today()
    default_date = delivery_date or order.customer_delivery_date or today
    open_quantities = order_line_open(session, [line.id for line in lines])
    held = reserved_for_lines(session, ctx.tenant_id, [line.id for line in lines])
    article_ids = {line.article_id for line in lines}
    free_stock = _free_stock(session, ctx.tenant_id, article_ids)
    incoming = _by_article(open_purchase_lines(session, ctx.tenant_id, article_ids)) if from_purchase_orders else {}
    lead_times = main_lead_times(session, ctx.tenant_id, article_ids)
    answer = []
    for line in lines:
        needed_on = line_dates.get(line.id, default_date)
        before = held.get(line.id, ZERO)
        need = max(open_quantities[line.id] - before, ZERO)
        from_stock = from_orders = ZERO
        latest_incoming = today
        # free stock, warehouse by warehouse, most free first
        for warehouse_id, free in sorted(free_stock.get(line.article_id, {}).items(), key=lambda kv: -kv[1]):
            take = min(need - from_stock, free)
            if take <= 0:
                continue
            if not check_only:
                reserve(session, ctx, ReservationInput(quantity=take, order_line_id=line.id, warehouse_id=warehouse_id,
                                                       needed_on=needed_on))
            free_stock[line.article_id][warehouse_id] = free - take
            from_stock += take
        rest = need - from_stock
        for purchase in incoming.get(line.article_id, []):
            if rest <= 0 or purchase.expected_on > needed_on:
                break
            take = min(rest, purchase.free)
            if take <= 0:
                continue
            if not check_only:
                reserve(session, ctx, ReservationInput(quantity=take, source="purchase_order", order_line_id=line.id,
                                                       purchase_line_id=purchase.line_id, needed_on=needed_on))
            _use(incoming, purchase, take)
            from_orders += take
            rest -= take
            latest_incoming = max(latest_incoming, purchase.expected_on)
        earliest = max(latest_incoming, today) if rest <= 0 else earliest_date(
            rest, incoming.get(line.article_id, []), lead_times.get(line.article_id), today)
        answer.append(LineReservation(order_line_id=line.id, position=line.position, article_id=line.article_id,
                                      needed_on=needed_on, open_quantity=open_quantities[line.id],
                                      reserved_before=before, from_stock=from_stock, from_purchase_orders=from_orders,
                                      missing=max(rest, ZERO), earliest_on=earliest))
    session.flush()
    return OrderReservation(order_id=order.id, lines=answer)


def earliest_date(missing: Decimal, incoming: list[PurchaseLine], lead_time_days: int | None, today: date) -> date | None:
    """When `missing` more could be there: the purchase lines still free, in the order they
    come, as far as they reach; beyond them a new order from the main supplier."""
    for purchase in incoming:
        if purchase.free <= 0:
            continue
        missing -= purchase.free
        if missing <= 0:
            return max(purchase.expected_on, today)
    if lead_time_days is None:
        return None
    return today + timedelta(days=lead_time_days)


def main_lead_times(session: Session, tenant_id: int, article_ids: set[int]) -> dict[int, int]:
    """Lead time of the main supplier per article (else the shortest of its suppliers)."""
    rows = session.execute(
        select(ArticleSupplier.article_id, ArticleSupplier.is_main, ArticleSupplier.lead_time_days)
        .where(ArticleSupplier.tenant_id == tenant_id, ArticleSupplier.article_id.in_(article_ids)))
    best: dict[int, tuple[bool, int]] = {}
    for article_id, is_main, days in rows:
        key = (not is_main, days)
        if article_id not in best or key < best[article_id]:
            best[article_id] = key
    return {article_id: key[1] for article_id, key in best.items()}


def _free_stock(session: Session, tenant_id: int, article_ids: set[int]) -> dict[int, dict[int, Decimal]]:
    rows = session.execute(select(StockLevel.article_id, StockLevel.warehouse_id, StockLevel.on_hand,
                                  StockLevel.reserved)
                           .where(StockLevel.tenant_id == tenant_id, StockLevel.article_id.in_(article_ids)))
    free: dict[int, dict[int, Decimal]] = {}
    for article_id, warehouse_id, on_hand, reserved in rows:
        free.setdefault(article_id, {})[warehouse_id] = on_hand - reserved
    return free


def _by_article(lines: list[PurchaseLine]) -> dict[int, list[PurchaseLine]]:
    grouped: dict[int, list[PurchaseLine]] = {}
    for line in lines:
        grouped.setdefault(line.article_id, []).append(line)
    return grouped


def _use(incoming: dict[int, list[PurchaseLine]], purchase: PurchaseLine, quantity: Decimal) -> None:
    """Note a reservation on a purchase line in the working copy, so the next order line sees it."""
    lines = incoming[purchase.article_id]
    index = lines.index(purchase)
    lines[index] = PurchaseLine(purchase.line_id, purchase.document_id, purchase.number, purchase.supplier_id,
                                purchase.article_id, purchase.open_quantity, purchase.reserved + quantity,
                                purchase.expected_on)


# -- the overall plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    article_id: int
    article_number: str
    description: str
    on_hand: Decimal
    reserved: Decimal  # from stock
    on_order: Decimal  # open purchase-order lines expected by the date
    reserved_on_order: Decimal
    open_demand: Decimal  # open customer-order quantity not covered by reservations, plus planned issues
    projected: Decimal  # free stock + free on order - open demand
    keep: Decimal  # the stock to keep: safety stock, else minimum stock
    missing: Decimal


def material_plan(session: Session, ctx: Context, *, until: date | None = None, article_ids: list[int] | None = None,
                  only_missing: bool = True, limit: int = 1000, offset: int = 0) -> list[PlanRow]:
    """The material plan of all material articles (or some), without any order bound to it:
    what each has, what is promised, what comes by `until`, what customers still wait for,
    and what is missing to keep its safety stock. Grouped queries only. Movements plugins
    plan by `until` count too (kontor_planned_stock): goods coming in with the goods on
    order, goods going out with the open demand."""
    ctx.require("stock", Level.READ)
    until = until or date.today() + timedelta(days=365)
    tenant_id = ctx.tenant_id
    levels = (select(StockLevel.article_id, func.sum(StockLevel.on_hand).label("on_hand"),
                     func.sum(StockLevel.reserved).label("reserved"))
              .where(StockLevel.tenant_id == tenant_id).group_by(StockLevel.article_id).subquery())
    statement = (
        select(Article.id, Article.number, Article.description, Article.safety_stock, Article.min_stock,
               levels.c.on_hand, levels.c.reserved)
        .outerjoin(levels, levels.c.article_id == Article.id)
        .where(Article.tenant_id == tenant_id, Article.article_type == "M", Article.blocked.is_(False))
        .order_by(Article.number))
    if article_ids is not None:
        statement = statement.where(Article.id.in_(article_ids))
    articles = session.execute(statement).all()
    ids = [row[0] for row in articles]
    demand = open_order_demand(session, tenant_id, ids if article_ids is not None else None)
    incoming: dict[int, tuple[Decimal, Decimal]] = {}
    for purchase in open_purchase_lines(session, tenant_id, ids if article_ids is not None else None):
        if purchase.expected_on <= until:
            quantity, reserved = incoming.get(purchase.article_id, (ZERO, ZERO))
            incoming[purchase.article_id] = (quantity + purchase.open_quantity, reserved + purchase.reserved)
    # what plugins plan by then (production orders: finished goods in, components out)
    planned = planned_by_article(planned_quantities(session, ctx, ids if article_ids is not None else None), until)
    rows = []
    for article_id, number, description, safety, minimum, on_hand, reserved in articles:
        on_hand, reserved = on_hand or ZERO, reserved or ZERO
        on_order, reserved_on_order = incoming.get(article_id, (ZERO, ZERO))
        planned_in, planned_out = planned.get(article_id, (ZERO, ZERO))
        on_order += planned_in
        open_demand = demand.get(article_id, ZERO) + planned_out
        projected = on_hand - reserved + on_order - reserved_on_order - open_demand
        keep = safety or minimum
        missing = max(keep - projected, ZERO)
        if only_missing and missing <= 0:
            continue
        rows.append(PlanRow(article_id, number, description, on_hand, reserved, on_order, reserved_on_order,
                            open_demand, projected, keep, missing))
    return rows[offset:offset + limit]


def open_order_demand(session: Session, tenant_id: int, article_ids: list[int] | None = None) -> dict[int, Decimal]:
    """Per article: the quantity of open customer-order lines not yet delivered and not
    covered by reservations (three grouped queries, whatever the number of orders)."""
    order_line = aliased(DocumentLine)
    delivery = aliased(DocumentLine)
    delivery_doc = aliased(Document)
    open_lines = (
        select(order_line.id).join(Document, Document.id == order_line.document_id)
        .where(order_line.tenant_id == tenant_id, Document.kind == "order", Document.done.is_(False),
               Document.state.in_(OPEN_ORDER_STATES), order_line.article_type == "M",
               order_line.article_id.is_not(None), order_line.optional.is_(False)))
    if article_ids is not None:
        open_lines = open_lines.where(order_line.article_id.in_(article_ids))
    ordered = dict(session.execute(
        select(DocumentLine.article_id, func.sum(DocumentLine.quantity))
        .where(DocumentLine.id.in_(open_lines)).group_by(DocumentLine.article_id)).all())
    if not ordered:
        return {}
    delivered = dict(session.execute(
        select(delivery.article_id, func.sum(delivery.quantity))
        .join(delivery_doc, delivery_doc.id == delivery.document_id)
        .where(delivery.order_line_id.in_(open_lines), delivery_doc.kind == "delivery_note")
        .group_by(delivery.article_id)).all())
    covered = dict(session.execute(
        select(Reservation.article_id, func.sum(Reservation.quantity))
        .where(Reservation.tenant_id == tenant_id, Reservation.order_line_id.in_(open_lines))
        .group_by(Reservation.article_id)).all())
    return {article_id: max(quantity - delivered.get(article_id, ZERO) - covered.get(article_id, ZERO), ZERO)
            for article_id, quantity in ordered.items()}
