"""One order of the delivery-note run: what is deliverable, and the delivery note for it.

Lines without stock (labour, freight, temporary articles, ...) are always deliverable.
A material line is deliverable as far as stock is on hand (over all warehouses; stock is
handed out order by order, so the first order in the run gets it first), or entirely when
the company allows negative stock. What cannot be delivered stays open on the order as
backorder; a customer with a partial-delivery block gets a delivery note only when the
whole open quantity of the order can go.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.documents.batch_runner import Outcome, created, made_already, mark_batch
from kontor.core.documents.batch_shapes import Backorder, BackorderLine, RunItem
from kontor.core.documents.conversion import convert
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.schemas import Take
from kontor.core.documents.services import lines_of
from kontor.core.documents.lineage import taken
from kontor.core.documents.stock_sync import carries_stock
from kontor.core.stock.extensions import composed_stock
from kontor.core.masterdata.parties.models import Customer
from kontor.core.stock.ledger import negative_stock_allowed
from kontor.core.stock.models import StockLevel

# Order states that may still have quantities to deliver. "partly_invoiced" is among them:
# the order state ranks invoicing above delivery, so an order whose first partial delivery
# was invoiced says "partly_invoiced" while its backorder is still waiting.
ORDER_STATES = ("open", "partly_delivered", "partly_invoiced")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Planned:
    line: DocumentLine
    open: Decimal
    take: Decimal
    delivered: Decimal  # before this delivery

    @property
    def short(self) -> Decimal:
        return self.open - self.take


def plan_delivery(lines: list[DocumentLine], delivered: dict[int, Decimal], on_hand: dict[int, Decimal] | None
                  ) -> list[Planned]:
    """What each open line can take now. `on_hand` None: negative stock is allowed."""
    left = dict(on_hand or {})
    planned = []
    for line in lines:
        open_quantity = line.quantity - delivered[line.id]
        if open_quantity <= 0:
            continue
        take = open_quantity
        if on_hand is not None and carries_stock(line):
            take = max(min(open_quantity, left.get(line.article_id, ZERO)), ZERO)
            left[line.article_id] = left.get(line.article_id, ZERO) - take
        planned.append(Planned(line, open_quantity, take, delivered[line.id]))
    return planned


def stock_on_hand(session: Session, ctx: Context, article_ids: set[int]) -> dict[int, Decimal]:
    """On hand per article; for an article made up of others (a kit), what its components'
    stock on hand makes (kontor_composed_stock)."""
    if not article_ids:
        return {}
    rows = session.exec(select(StockLevel.article_id, func.sum(StockLevel.on_hand))
                        .where(StockLevel.tenant_id == ctx.tenant_id, StockLevel.article_id.in_(article_ids))
                        .group_by(StockLevel.article_id)).all()
    found = {article_id: quantity for article_id, quantity in rows}
    for article_id, composed in composed_stock(session, ctx, article_ids).items():
        found[article_id] = composed.on_hand
    return found


def delivery_key(session: Session, order: Document, lines: list[DocumentLine]) -> str:
    """dn-run:<order>:<n>: the n-th delivery note of the order. Two runs that see the same
    state of the order compute the same key, and the unique key lets only one of them write."""
    made = session.exec(
        select(func.count(func.distinct(DocumentLine.document_id)))
        .join(Document, Document.id == DocumentLine.document_id)
        .where(DocumentLine.order_line_id.in_([line.id for line in lines] or [0]), Document.kind == "delivery_note")
    ).one()
    return f"dn-run:{order.id}:{made + 1}"


def deliver_order(session: Session, ctx: Context, order_id: int, doc_date: date) -> Outcome | None:
    """The unit of work of one order: None when nothing is open any more (done meanwhile)."""
    order = session.exec(select(Document).where(Document.id == order_id, Document.tenant_id == ctx.tenant_id)
                         .with_for_update()).first()
    if order is None or order.kind != "order" or order.done or order.state not in ORDER_STATES:
        return None
    lines = [line for line in lines_of(session, order.id) if not line.optional]
    delivered = taken(session, lines, {line.id: "order" for line in lines}, "delivery_note")
    on_hand = None if negative_stock_allowed(session, ctx) else stock_on_hand(
        session, ctx, {line.article_id for line in lines if carries_stock(line)})
    planned = plan_delivery(lines, delivered, on_hand)
    if not planned:
        return None
    item, ids = f"order {order.number}", [order.id]
    short = [p for p in planned if p.short > 0]
    customer = session.get(Customer, order.customer_id)
    if short and customer is not None and customer.partial_delivery_blocked:
        return Outcome(skipped=RunItem(item=item, source_ids=ids, message=(
            f"customer {customer.number} takes complete deliveries only; short: {_shortfall(short)}")))
    takes = [Take(source_line_id=p.line.id, quantity=p.take) for p in planned if p.take > 0]
    if not takes:
        return Outcome(skipped=RunItem(item=item, source_ids=ids, message=f"nothing on hand: {_shortfall(short)}"))
    key = delivery_key(session, order, lines)
    existing = made_already(session, ctx, key)
    if existing is not None:
        return Outcome(skipped=RunItem(item=item, source_ids=ids,
                                       message=f"delivery note {existing.number} was made by an earlier run"))
    note = convert(session, ctx, "delivery_note", takes=takes, doc_date=doc_date)
    mark_batch(session, ctx, note, "batch", key)
    backorders = [Backorder(order_id=order.id, order_number=order.number, delivery_note_id=note.id, lines=[
        BackorderLine(line_id=p.line.id, position=p.line.position, article_number=p.line.article_number,
                      description=p.line.description, ordered=p.line.quantity, delivered=p.delivered + p.take,
                      backorder=p.short)
        for p in short])] if short else []
    return Outcome(created=created(note, ids), extra=backorders)


def _shortfall(short: list[Planned]) -> str:
    needed: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for p in short:
        needed[p.line.article_number or p.line.description][0] += p.open
        needed[p.line.article_number or p.line.description][1] += p.take
    return ", ".join(f"{name} ({_q(open_)} open, {_q(take)} on hand)" for name, (open_, take) in needed.items())


def _q(value: Decimal) -> str:
    return f"{value.normalize():f}"
