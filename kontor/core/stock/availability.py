"""The availability query (Verfügbarkeitsauskunft): everything a clerk tells a customer who
asks about an article, on one screen.

It answers from the stock levels, never by summing the ledger: stock per warehouse is one
indexed lookup of `stock_level` (on hand, blocked, reserved), the reservations (for whom)
one indexed lookup of `reservation`, goods on order come from purchasing's `on_order`, prices
from the pricing hook. Only the sales of a chosen period read documents, and only when a
period is asked for (an indexed range over the article's lines).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache

from sqlalchemy import Select, bindparam, func, select
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.documents.discounts import AppliedDiscount, applicable_discounts
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.pricing import quote_price
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.parties.models import Customer
from kontor.core.stock.extensions import (
    ComposedStock,
    PlannedQuantity,
    composed_stock,
    planned_by_article,
    planned_quantities,
)
from kontor.core.stock.incoming import PurchaseLine as Incoming
from kontor.core.stock.incoming import open_purchase_lines, received_of_line
from kontor.core.stock.models import StockLevel, Warehouse
from kontor.core.stock.planning_models import Reservation
from kontor.core.users.permissions import Level
from kontor.errors import Invalid, NotFound

ZERO = Decimal("0.0000")
RESERVATIONS_SHOWN = 200


@dataclass(frozen=True)
class WarehouseStock:
    warehouse_id: int
    code: str
    name: str
    on_hand: Decimal
    blocked: Decimal
    reserved: Decimal
    available: Decimal  # on hand less reserved


@dataclass(frozen=True)
class ReservedFor:
    reservation_id: int
    quantity: Decimal
    source: str
    needed_on: date
    warehouse_id: int | None
    purchase_line_id: int | None
    customer_id: int | None
    customer_name: str
    document_id: int | None
    document_number: str
    note: str


@dataclass(frozen=True)
class Prices:
    list_price: Decimal  # sales price 1
    purchase_price: Decimal
    customer_unit_price: Decimal  # the pricing hook's answer for the customer and quantity
    customer_discount_percent: Decimal
    customer_net_price: Decimal
    source: str
    discounts: list[AppliedDiscount] = field(default_factory=list)  # group discount, quantity breaks, mode


@dataclass(frozen=True)
class Sales:
    since: date
    until: date
    quantity: Decimal  # invoiced minus credited
    net_amount: Decimal


@dataclass(frozen=True)
class Availability:
    article_id: int
    article_number: str
    description: str
    warehouse_id: int | None  # the warehouse asked about; None: all together
    on_hand: Decimal
    blocked: Decimal
    reserved: Decimal
    available: Decimal
    on_order: Decimal
    expected_on: date | None
    reserved_on_order: Decimal
    warehouses: list[WarehouseStock]
    reservations: list[ReservedFor]
    prices: Prices | None
    sales: Sales | None
    on: date | None = None  # the date asked about (a customer's delivery date)
    available_on: Decimal | None = None  # free stock + free goods on order expected by then
    incoming: list[Incoming] = field(default_factory=list)  # the open purchase-order lines, when a date is asked
    planned_in: Decimal = ZERO  # goods plugins plan to bring in (finished goods of production orders)
    planned_out: Decimal = ZERO  # goods plugins plan to take out (components production orders need)
    planned: list[PlannedQuantity] = field(default_factory=list)  # those movements, when a date is asked
    composed: ComposedStock | None = None  # an article made up of others (a kit): what its components make


def availability(session: Session, ctx: Context, article_id: int, *, warehouse_id: int | None = None,
                 customer_id: int | None = None, quantity: Decimal = Decimal("1"), with_prices: bool = True,
                 sales_since: date | None = None, sales_until: date | None = None,
                 on: date | None = None) -> Availability:
    """The availability of one article: stock per warehouse (`warehouse_id` picks the one the
    totals are for), for whom it is reserved, what is on order and when it comes, prices and
    discounts for a customer and quantity, and the sales of a period when one is asked for.
    With `on` (a delivery date) it also says what is available by then: free stock plus what
    of the open purchase-order lines expected by that date is not promised yet, plus the goods
    plugins plan to bring in by then less those they plan to take out (kontor_planned_stock).
    For an article made up of others (a kit), `composed` says how many its components make
    (kontor_composed_stock)."""
    ctx.require("stock", Level.READ)
    article = session.get(Article, article_id)
    if article is None or article.tenant_id != ctx.tenant_id:
        raise NotFound(f"no article with id {article_id}")
    warehouses = stock_per_warehouse(session, ctx.tenant_id, article_id)
    counted = [w for w in warehouses if warehouse_id is None or w.warehouse_id == warehouse_id]
    reservations = reserved_for(session, ctx.tenant_id, article_id)
    on_order, expected_on = on_order_of(session, ctx.tenant_id, article_id)
    reserved_on_order = _reserved_on_order(session, ctx.tenant_id, article_id, reservations)
    on_hand = sum((w.on_hand for w in counted), ZERO)
    reserved = sum((w.reserved for w in counted), ZERO)
    incoming = open_purchase_lines(session, ctx.tenant_id, [article_id]) if on is not None else []
    planned = sorted(planned_quantities(session, ctx, [article_id]), key=lambda p: (p.on, p.reference))
    planned_in, planned_out = planned_by_article(planned).get(article_id, (ZERO, ZERO))
    due_in, due_out = planned_by_article(planned, on).get(article_id, (ZERO, ZERO)) if on is not None else (ZERO, ZERO)
    available_on = (on_hand - reserved + sum((max(p.free, ZERO) for p in incoming if p.expected_on <= on), ZERO)
                    + due_in - due_out if on is not None else None)
    composed = composed_stock(session, ctx, [article_id], warehouse_id=warehouse_id, on=on).get(article_id)
    return Availability(
        article_id=article.id, article_number=article.number, description=article.description,
        warehouse_id=warehouse_id, on_hand=on_hand, blocked=sum((w.blocked for w in counted), ZERO),
        reserved=reserved, available=on_hand - reserved, on_order=on_order, expected_on=expected_on,
        reserved_on_order=reserved_on_order, warehouses=warehouses, reservations=reservations,
        prices=prices_for(session, ctx, article, customer_id, quantity) if with_prices else None,
        sales=sales_of(session, ctx.tenant_id, article_id, sales_since, sales_until) if sales_since or sales_until
        else None,
        on=on, available_on=available_on, incoming=incoming, planned_in=planned_in, planned_out=planned_out,
        planned=planned if on is not None else [], composed=composed,
    )


@cache
def _statements() -> dict[str, Select]:
    """The hot path's statements, built once with bound parameters: executing them skips
    building SQL expressions on every call (SQLAlchemy caches their compiled form)."""
    from kontor.core.purchasing.common import ORDER_KINDS
    from kontor.core.purchasing.models import PurchaseLine

    tenant, article = bindparam("tenant_id"), bindparam("article_id")
    received = received_of_line()
    return {
        "levels": select(StockLevel.warehouse_id, Warehouse.code, Warehouse.name, StockLevel.on_hand,
                         StockLevel.blocked, StockLevel.reserved)
        .join(Warehouse, Warehouse.id == StockLevel.warehouse_id)
        .where(StockLevel.tenant_id == tenant, StockLevel.article_id == article).order_by(Warehouse.code),
        "reservations": select(Reservation.id, Reservation.quantity, Reservation.source, Reservation.needed_on,
                               Reservation.warehouse_id, Reservation.purchase_line_id, Reservation.customer_id,
                               Customer.name1, Reservation.document_id, Document.number, Reservation.note)
        .outerjoin(Customer, Customer.id == Reservation.customer_id)
        .outerjoin(Document, Document.id == Reservation.document_id)
        .where(Reservation.tenant_id == tenant, Reservation.article_id == article)
        .order_by(Reservation.needed_on, Reservation.id).limit(RESERVATIONS_SHOWN),
        # the article's open purchase-order lines, counted as purchasing's on_order counts them
        "on_order": select((DocumentLine.quantity - received).label("open"), PurchaseLine.expected_date)
        .join(Document, Document.id == DocumentLine.document_id)
        .outerjoin(PurchaseLine, PurchaseLine.document_line_id == DocumentLine.id)
        .where(DocumentLine.tenant_id == tenant, DocumentLine.article_id == article,
               Document.kind.in_(ORDER_KINDS), Document.state != "cancelled", Document.done.is_(False),
               Document.archived_at.is_(None)),
    }


def _run(session: Session, name: str, tenant_id: int, article_id: int):
    return session.connection().execute(_statements()[name], {"tenant_id": tenant_id, "article_id": article_id})


def stock_per_warehouse(session: Session, tenant_id: int, article_id: int) -> list[WarehouseStock]:
    return [WarehouseStock(*row, available=row[3] - row[5]) for row in _run(session, "levels", tenant_id, article_id)]


def reserved_for(session: Session, tenant_id: int, article_id: int) -> list[ReservedFor]:
    return [ReservedFor(rid, qty, source, needed_on, wh, pl, cid, cname or "", did, dnum or "", note)
            for rid, qty, source, needed_on, wh, pl, cid, cname, did, dnum, note
            in _run(session, "reservations", tenant_id, article_id)]


def _reserved_on_order(session: Session, tenant_id: int, article_id: int, shown: list[ReservedFor]) -> Decimal:
    if len(shown) < RESERVATIONS_SHOWN:
        return sum((r.quantity for r in shown if r.source == "purchase_order"), ZERO)
    total = session.execute(select(func.sum(Reservation.quantity)).where(
        Reservation.tenant_id == tenant_id, Reservation.article_id == article_id,
        Reservation.source == "purchase_order")).scalar()
    return total if total is not None else ZERO


def on_order_of(session: Session, tenant_id: int, article_id: int) -> tuple[Decimal, date | None]:
    """Open purchase orders without goods receipt: quantity and the earliest expected date.
    The same count as purchasing's `on_order`, for one article through its index, with the
    received quantity looked up per line (ix_document_line_source) instead of grouped over
    every receipt of the company."""
    quantity, earliest = ZERO, None
    for open_quantity, expected in _run(session, "on_order", tenant_id, article_id):
        if open_quantity > 0:
            quantity += open_quantity
            if expected is not None and (earliest is None or expected < earliest):
                earliest = expected
    return quantity, earliest


def prices_for(session: Session, ctx: Context, article: Article, customer_id: int | None, quantity: Decimal) -> Prices:
    """List and purchase price, the customer's price for the quantity (through the pricing
    hook, so special prices of plugins count) and every discount that can apply."""
    if quantity <= 0:
        raise Invalid.field("quantity", "positive", "ask for a quantity above 0")
    customer = session.get(Customer, customer_id) if customer_id is not None else None  # held: quote_price finds it
    quote = quote_price(session, ctx, article.id, customer_id, quantity, date.today())
    return Prices(list_price=article.sales_price_1, purchase_price=article.purchase_price,
                  customer_unit_price=quote.unit_price, customer_discount_percent=quote.discount_percent,
                  customer_net_price=quote.net_unit_price.quantize(Decimal("0.0001")), source=quote.source,
                  discounts=applicable_discounts(session, ctx, article, customer, quantity))


BILLED = ("invoice", "final_invoice")


def sales_of(session: Session, tenant_id: int, article_id: int, since: date | None, until: date | None) -> Sales:
    """Invoiced quantity and net amount of the article in a period, credit notes deducted
    (posted documents only; partial invoices bill amounts, not articles)."""
    since = since or date(1900, 1, 1)
    until = until or date.today()
    if since > until:
        raise Invalid.field("sales_since", "before_until", "the period starts after it ends")
    rows = session.execute(
        select(Document.kind, func.sum(DocumentLine.quantity), func.sum(DocumentLine.net_amount))
        .join(Document, Document.id == DocumentLine.document_id)
        .where(DocumentLine.tenant_id == tenant_id, DocumentLine.article_id == article_id,
               DocumentLine.optional.is_(False), Document.kind.in_(BILLED + ("credit_note",)),
               Document.state == "posted", Document.doc_date >= since, Document.doc_date <= until)
        .group_by(Document.kind))
    quantity, amount = ZERO, ZERO
    for kind, qty, net in rows:
        sign = -1 if kind == "credit_note" else 1
        quantity += sign * (qty or ZERO)
        amount += sign * (net or ZERO)
    return Sales(since=since, until=until, quantity=quantity, net_amount=amount)
