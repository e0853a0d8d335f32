"""Ordering from suppliers: free purchase orders, blanket orders and their call-offs, internal
orders between branches, and cancelling what will not come.

A blanket order (Rahmenbestellung) agrees a quantity with the supplier without ordering it
yet; each call-off is a purchase order whose lines name the blanket line as source, so what is
left on the frame is its quantity minus the called-off lines, and nobody calls off more.

An internal order (interne Bestellung) orders goods from another branch of the company. The
supplying branch is entered as a supplier record of its own (its address is the branch's),
so the whole purchase flow (receipt, release, return) works unchanged; it is priced at the
article's moving average purchase price, since branches pass goods on at cost.

Each order line gets its expected delivery date (`PurchaseLine`): the line's own, else the
order's, else the order date plus the supplier's lead time for the article.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func
from sqlmodel import Session, select

from kontor.core.audit import record_change, snapshot
from kontor.core.context import Context
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.services import lines_of, update_totals
from kontor.core.documents.totals import line_net
from kontor.core.events import after_commit
from kontor.core.purchasing.common import (
    PURCHASING,
    Lines,
    get_purchase_document,
    label,
    load_supplier,
    new_document,
    refuse_blocked_supplier,
    refuse_closed,
    save,
)
from kontor.core.purchasing.models import PurchaseLine
from kontor.core.purchasing.quantities import taken_into
from kontor.core.purchasing.receipts import refresh_order_states
from kontor.core.purchasing.schemas import (
    CallOffCreate,
    PurchaseOrderCreate,
    PurchaseOrderUpdate,
)
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid

ORDERABLE = ("purchase_order", "blanket_order", "internal_order")


def create_purchase_order(session: Session, ctx: Context, data: PurchaseOrderCreate) -> Document:
    """A purchase, blanket or internal order to one supplier, numbered from its range."""
    ctx.require(PURCHASING, Level.WRITE)
    if data.kind not in ORDERABLE:
        raise Invalid.field("kind", "one_of", f"use one of {', '.join(ORDERABLE)}")
    supplier = load_supplier(session, ctx, data.supplier_id)
    refuse_blocked_supplier(supplier, data.kind.replace("_", " "))
    customer_order_id = _customer_order(session, ctx, data.customer_order_id)
    document = new_document(session, ctx, data.kind, supplier, data.doc_date)
    document.supplier_delivery_date = data.delivery_date
    document.order_id = customer_order_id
    builder = Lines.load(session, ctx, document)
    for index, item in enumerate(data.lines):
        path = f"lines.{index}"
        line = builder.build(path, article_id=item.article_id, quantity=item.quantity, unit_price=item.unit_price,
                             description=item.description)
        session.flush()
        article = builder.article(item.article_id, f"{path}.article_id") if item.article_id else None
        expected = item.delivery_date or data.delivery_date or builder.lead_date(article)
        session.add(PurchaseLine(tenant_id=ctx.tenant_id, document_line_id=line.id, expected_date=expected))
    save(session, ctx, document, "create")
    return document


def _customer_order(session: Session, ctx: Context, order_id: int | None) -> int | None:
    if order_id is None:
        return None
    order = session.get(Document, order_id)
    if order is None or order.tenant_id != ctx.tenant_id or order.kind != "order":
        raise Invalid.field("customer_order_id", "exists", f"no customer order with id {order_id}")
    return order.id


def called_off(session: Session, line_ids: list[int]) -> dict[int, Decimal]:
    """Quantity called off per blanket line: the purchase-order lines naming it as source; of a
    cancelled call-off only what was received before it was cancelled."""
    if not line_ids:
        return {}
    from kontor.core.purchasing.queries import received_per_line

    tenant_id = session.exec(select(DocumentLine.tenant_id).where(DocumentLine.id == line_ids[0])).one()
    received = received_per_line(tenant_id)
    counted = case((Document.state == "cancelled", func.coalesce(received.c.received, 0)), else_=DocumentLine.quantity)
    rows = session.exec(
        select(DocumentLine.source_line_id, func.sum(counted))
        .join(Document, Document.id == DocumentLine.document_id)
        .outerjoin(received, received.c.line_id == DocumentLine.id)
        .where(DocumentLine.source_line_id.in_(line_ids), Document.kind == "purchase_order")
        .group_by(DocumentLine.source_line_id)
    ).all()
    result: dict[int, Decimal] = defaultdict(lambda: Decimal("0"))
    result.update({line_id: Decimal(quantity) for line_id, quantity in rows})
    return result


def call_off(session: Session, ctx: Context, blanket_id: int, data: CallOffCreate) -> Document:
    """A purchase order drawing quantities from the lines of a blanket order; refuses more than
    is left on a line."""
    ctx.require(PURCHASING, Level.WRITE)
    blanket = get_purchase_document(session, ctx, blanket_id, ("blanket_order",), for_update=True)
    refuse_closed(blanket)
    supplier = load_supplier(session, ctx, blanket.supplier_id)
    refuse_blocked_supplier(supplier, "call-off")
    frame = {line.id: line for line in lines_of(session, blanket.id)}
    already = called_off(session, list(frame))
    asked: dict[int, Decimal] = defaultdict(lambda: Decimal("0"))
    for index, item in enumerate(data.lines):
        line = frame.get(item.blanket_line_id)
        if line is None:
            raise Invalid.field(f"lines.{index}.blanket_line_id", "exists",
                                f"line {item.blanket_line_id} is not a line of {label(blanket)}")
        asked[line.id] += item.quantity
        left = line.quantity - already[line.id]
        if asked[line.id] > left:
            raise Invalid.field(f"lines.{index}.quantity", "not_above_open",
                                f"line {line.position} of {label(blanket)} has only {max(left, 0).normalize():f} "
                                f"left to call off, {asked[line.id].normalize():f} asked for")
    order = new_document(session, ctx, "purchase_order", supplier, data.doc_date, currency=blanket.currency_code)
    order.supplier_delivery_date = data.delivery_date
    order.variant = "call_off"
    builder = Lines.load(session, ctx, order)
    for index, item in enumerate(data.lines):
        line = builder.build(f"lines.{index}", article_id=None, quantity=item.quantity, unit_price=None,
                             source=frame[item.blanket_line_id], source_kind="blanket_order")
        session.flush()
        expected = item.delivery_date or data.delivery_date or builder.lead_date(
            builder.article(line.article_id, f"lines.{index}") if line.article_id else None)
        session.add(PurchaseLine(tenant_id=ctx.tenant_id, document_line_id=line.id, expected_date=expected))
    save(session, ctx, order, "call_off")
    refresh_blanket_state(session, blanket)
    return order


def refresh_blanket_state(session: Session, blanket: Document) -> None:
    """A blanket order is open, partly called off, or called off (nothing left on any line)."""
    if blanket.state == "cancelled":
        return
    frame = lines_of(session, blanket.id)
    taken = called_off(session, [line.id for line in frame])
    if frame and all(taken[line.id] >= line.quantity for line in frame):
        blanket.state = "called_off"
    else:
        blanket.state = "partly_called_off" if any(taken[line.id] > 0 for line in frame) else "open"
    session.add(blanket)
    session.flush()


def cancel_order(session: Session, ctx: Context, order_id: int) -> Document:
    """Cancel what is still open of a purchase or internal order (or a blanket order): it no
    longer counts as on order and can take no receipts; what was received stays."""
    ctx.require(PURCHASING, Level.WRITE)
    order = get_purchase_document(session, ctx, order_id, ORDERABLE, for_update=True)
    if order.state == "cancelled":
        raise Conflict(f"{label(order)} is cancelled already")
    before = {"state": order.state}
    order.state = "cancelled"
    session.add(order)
    session.flush()
    record_change(session, ctx, "documents", order.id, "cancel", before, {"state": "cancelled"})
    after_commit(session, ctx, ctx.hooks.kontor_document_cancelled, document_id=order.id, kind=order.kind,
                 number=order.number, by_document_id=None)
    sources = select(DocumentLine.source_line_id).where(DocumentLine.document_id == order.id)
    blankets = session.exec(select(Document).where(
        Document.id.in_(select(DocumentLine.document_id).where(DocumentLine.id.in_(sources))),
        Document.kind == "blanket_order")).all()
    for blanket in blankets:  # a cancelled call-off gives its rest back to the frame
        refresh_blanket_state(session, blanket)
    return order


def update_purchase_order(session: Session, ctx: Context, order_id: int, data: PurchaseOrderUpdate) -> Document:
    """Change an open order as the supplier confirms it: line quantities (never below what was
    received, or called off from a blanket line), prices, expected dates; add lines."""
    ctx.require(PURCHASING, Level.WRITE)
    order = get_purchase_document(session, ctx, order_id, ORDERABLE, for_update=True)
    refuse_closed(order)
    lines = {line.id: line for line in lines_of(session, order.id)}
    before = snapshot(order)
    before["lines"] = [snapshot(line) for line in lines.values()]
    taken = (called_off(session, list(lines)) if order.kind == "blanket_order"
             else taken_into(session, list(lines), "goods_receipt"))
    dates = {row.document_line_id: row for row in session.exec(
        select(PurchaseLine).where(PurchaseLine.document_line_id.in_(list(lines) or [0])))}
    if "delivery_date" in data.model_fields_set:
        order.supplier_delivery_date = data.delivery_date
    for index, change in enumerate(data.lines):
        line = lines.get(change.line_id)
        if line is None:
            raise Invalid.field(f"lines.{index}.line_id", "exists", f"line {change.line_id} is not a line of {label(order)}")
        if change.quantity is not None:
            if change.quantity < taken[line.id]:
                word = "called off" if order.kind == "blanket_order" else "received"
                raise Invalid.field(f"lines.{index}.quantity", f"not_below_{word.replace(' ', '_')}",
                                    f"{taken[line.id].normalize():f} of line {line.position} are {word} already")
            line.quantity = change.quantity
        if change.unit_price is not None:
            line.unit_price = line.cost_price = change.unit_price
            line.price_source = "manual"
        line.net_amount = line_net(line.quantity, line.unit_price, line.discount_percent)
        session.add(line)
        if change.delivery_date is not None:
            row = dates.get(line.id) or PurchaseLine(tenant_id=ctx.tenant_id, document_line_id=line.id)
            row.expected_date = change.delivery_date
            session.add(row)
    builder = Lines.load(session, ctx, order)
    builder.position = max((line.position for line in lines.values()), default=0)
    for index, item in enumerate(data.add):
        path = f"add.{index}"
        line = builder.build(path, article_id=item.article_id, quantity=item.quantity, unit_price=item.unit_price,
                             description=item.description)
        session.flush()
        article = builder.article(item.article_id, f"{path}.article_id") if item.article_id else None
        expected = item.delivery_date or order.supplier_delivery_date or builder.lead_date(article)
        session.add(PurchaseLine(tenant_id=ctx.tenant_id, document_line_id=line.id, expected_date=expected))
    session.flush()
    update_totals(session, order)
    after = snapshot(order)
    after["lines"] = [snapshot(line) for line in lines_of(session, order.id)]
    record_change(session, ctx, "documents", order.id, "update", before, after)
    if order.kind == "blanket_order":
        refresh_blanket_state(session, order)
    else:
        refresh_order_states(session, {order.id})
    return order


def expected_dates(session: Session, line_ids: list[int]) -> dict[int, date | None]:
    if not line_ids:
        return {}
    return dict(session.exec(select(PurchaseLine.document_line_id, PurchaseLine.expected_date)
                             .where(PurchaseLine.document_line_id.in_(line_ids))).all())


def set_purchase_done(session: Session, ctx: Context, document_id: int, done: bool) -> Document:
    """Take a purchase document off the working list (an order done no longer counts as on
    order, even with quantities open) or bring it back."""
    ctx.require(PURCHASING, Level.WRITE)
    document = get_purchase_document(session, ctx, document_id, for_update=True)
    if document.done == done:
        return document
    document.done = done
    session.add(document)
    session.flush()
    record_change(session, ctx, "documents", document.id, "done" if done else "undone", {"done": not done},
                  {"done": done})
    return document
