"""Supplier inquiries and the price comparison (Lieferantenanfrage, Preisspiegel).

The buyer asks up to ten suppliers for the same lines at once. The first inquiry of such a
round leads; the others are copies whose lines name the lead's lines as source, so the price
comparison of a line is one query over the lead line and the lines made from it. Each
supplier's offer is entered on its own inquiry (price and date per line). Ordering from the
chosen inquiry makes a purchase order whose lines stem from the offered lines; the other
inquiries of the round are declined, and when the round serves a customer's inquiry, the
offered prices become the purchase prices (cost) of that inquiry's lines of the same article,
ready for the markup calculation of the quote.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.services import lines_of, update_totals
from kontor.core.documents.totals import line_net
from kontor.core.masterdata.parties.models import Supplier
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
from kontor.core.purchasing.schemas import (
    ComparisonOffer,
    ComparisonRow,
    OfferInput,
    SupplierInquiryCreate,
)
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid

ZERO = Decimal("0")
KIND = "supplier_inquiry"


def create_supplier_inquiries(session: Session, ctx: Context, data: SupplierInquiryCreate) -> list[Document]:
    """One inquiry per supplier for the same lines; the first leads the round."""
    ctx.require(PURCHASING, Level.WRITE)
    if len(set(data.supplier_ids)) != len(data.supplier_ids):
        index = next(i for i, s in enumerate(data.supplier_ids) if data.supplier_ids.index(s) != i)
        raise Invalid.field(f"supplier_ids.{index}", "unique", "each supplier is asked once")
    suppliers = [load_supplier(session, ctx, sid, f"supplier_ids.{i}") for i, sid in enumerate(data.supplier_ids)]
    for supplier in suppliers:
        refuse_blocked_supplier(supplier, "inquiry")
    customer_inquiry = None
    if data.customer_inquiry_id is not None:
        customer_inquiry = session.get(Document, data.customer_inquiry_id)
        if customer_inquiry is None or customer_inquiry.tenant_id != ctx.tenant_id or customer_inquiry.kind != "inquiry":
            raise Invalid.field("customer_inquiry_id", "exists", f"no customer inquiry with id {data.customer_inquiry_id}")
    made: list[Document] = []
    lead_lines: list[DocumentLine] = []
    for supplier in suppliers:
        inquiry = new_document(session, ctx, KIND, supplier, data.doc_date)
        inquiry.supplier_delivery_date = data.delivery_date
        inquiry.order_id = customer_inquiry.id if customer_inquiry else None
        builder = Lines.load(session, ctx, inquiry)
        lines = []
        for index, item in enumerate(data.lines):
            path = f"lines.{index}"
            if lead_lines:
                line = builder.build(path, article_id=None, quantity=item.quantity, unit_price=ZERO,
                                     source=lead_lines[index], source_kind=KIND)
            else:
                line = builder.build(path, article_id=item.article_id, quantity=item.quantity, unit_price=ZERO,
                                     description=item.description)
            line.price_source = "asked"
            lines.append((line, item.delivery_date or data.delivery_date))
        session.flush()
        for line, wanted in lines:
            session.add(PurchaseLine(tenant_id=ctx.tenant_id, document_line_id=line.id, expected_date=wanted))
        lead_lines = lead_lines or [line for line, _ in lines]
        save(session, ctx, inquiry, "create")
        made.append(inquiry)
    return made


def enter_offer(session: Session, ctx: Context, inquiry_id: int, data: OfferInput) -> Document:
    """The supplier's prices (and dates) on its inquiry."""
    ctx.require(PURCHASING, Level.WRITE)
    inquiry = get_purchase_document(session, ctx, inquiry_id, (KIND,), for_update=True)
    refuse_closed(inquiry)
    if inquiry.state in ("ordered", "declined"):
        raise Conflict(f"{label(inquiry)} is {inquiry.state}; its offer stands")
    lines = {line.id: line for line in lines_of(session, inquiry.id)}
    dates = {row.document_line_id: row for row in session.exec(
        select(PurchaseLine).where(PurchaseLine.document_line_id.in_(list(lines) or [0])))}
    for index, item in enumerate(data.lines):
        line = lines.get(item.line_id)
        if line is None:
            raise Invalid.field(f"lines.{index}.line_id", "exists", f"line {item.line_id} is not a line of {label(inquiry)}")
        line.unit_price = line.cost_price = item.unit_price
        line.net_amount = line_net(line.quantity, item.unit_price, line.discount_percent)
        line.price_source = "offer"
        session.add(line)
        if item.delivery_date is not None:
            dates[line.id].expected_date = item.delivery_date
            session.add(dates[line.id])
    inquiry.state = "offered"
    session.flush()
    update_totals(session, inquiry)
    record_change(session, ctx, "documents", inquiry.id, "offer", None,
                  {"prices": {str(i.line_id): str(i.unit_price) for i in data.lines}})
    return inquiry


def _round(session: Session, inquiry: Document) -> tuple[list[DocumentLine], list[DocumentLine]]:
    """The lead lines of the inquiry's round, and every line copied from them."""
    lines = lines_of(session, inquiry.id)
    sources = {line.source_line_id for line in lines if line.source_line_id}
    lead_id = inquiry.id
    if sources:
        lead_id = session.exec(select(DocumentLine.document_id).where(DocumentLine.id.in_(sources))).first()
    lead = lines_of(session, lead_id)
    copies = list(session.exec(select(DocumentLine).join(Document, Document.id == DocumentLine.document_id).where(
        DocumentLine.source_line_id.in_([line.id for line in lead] or [0]), Document.kind == KIND)))
    return lead, copies


def price_comparison(session: Session, ctx: Context, inquiry_id: int) -> list[ComparisonRow]:
    """Per line of the round: every supplier's offer, the cheapest marked (then the earliest)."""
    ctx.require(PURCHASING, Level.READ)
    inquiry = get_purchase_document(session, ctx, inquiry_id, (KIND,))
    lead, copies = _round(session, inquiry)
    everything = lead + copies
    documents = {d.id: d for d in session.exec(select(Document).where(
        Document.id.in_({line.document_id for line in everything})))}
    suppliers = {s.id: s for s in session.exec(select(Supplier).where(
        Supplier.id.in_({d.supplier_id for d in documents.values()})))}
    dates = dict(session.exec(select(PurchaseLine.document_line_id, PurchaseLine.expected_date).where(
        PurchaseLine.document_line_id.in_([line.id for line in everything]))).all())
    rows = []
    for lead_line in lead:
        offers = []
        for line in [lead_line] + [c for c in copies if c.source_line_id == lead_line.id]:
            supplier = suppliers[documents[line.document_id].supplier_id]
            offered = line.price_source == "offer"
            offers.append(ComparisonOffer(
                supplier_id=supplier.id, supplier_number=supplier.number, supplier_name=supplier.name1,
                inquiry_id=line.document_id, line_id=line.id, unit_price=line.unit_price if offered else None,
                net_amount=line.net_amount if offered else None, delivery_date=dates.get(line.id), cheapest=False))
        priced = [o for o in offers if o.unit_price is not None]
        if priced:
            best = min(priced, key=lambda o: (o.unit_price, o.delivery_date or date.max, o.supplier_number))
            best.cheapest = True
        rows.append(ComparisonRow(position=lead_line.position, article_id=lead_line.article_id,
                                  article_number=lead_line.article_number, description=lead_line.description,
                                  quantity=lead_line.quantity, offers=offers))
    return rows


def order_from_inquiry(session: Session, ctx: Context, inquiry_id: int, doc_date: date | None = None) -> Document:
    """A purchase order to the chosen supplier at its offered prices; the other inquiries of the
    round are declined, and a customer inquiry behind the round takes the prices as its cost."""
    ctx.require(PURCHASING, Level.WRITE)
    inquiry = get_purchase_document(session, ctx, inquiry_id, (KIND,), for_update=True)
    refuse_closed(inquiry)
    if inquiry.state != "offered":
        raise Conflict(f"{label(inquiry)} is {inquiry.state}; only an offered inquiry is ordered")
    lines = lines_of(session, inquiry.id)
    missing = [line.position for line in lines if line.price_source != "offer"]
    if missing:
        raise Conflict(f"{label(inquiry)} has no offered price on line(s) {', '.join(map(str, missing))}")
    supplier = load_supplier(session, ctx, inquiry.supplier_id)
    refuse_blocked_supplier(supplier, "purchase order")
    dates = dict(session.exec(select(PurchaseLine.document_line_id, PurchaseLine.expected_date).where(
        PurchaseLine.document_line_id.in_([line.id for line in lines]))).all())
    order = new_document(session, ctx, "purchase_order", supplier, doc_date)
    order.supplier_delivery_date = inquiry.supplier_delivery_date
    builder = Lines.load(session, ctx, order)
    made = [(builder.build(f"lines.{i}", article_id=None, quantity=line.quantity, unit_price=None, source=line,
                           source_kind=KIND), dates.get(line.id)) for i, line in enumerate(lines)]
    session.flush()
    for line, expected in made:
        session.add(PurchaseLine(tenant_id=ctx.tenant_id, document_line_id=line.id, expected_date=expected))
    save(session, ctx, order, "order_from_inquiry")
    lead, copies = _round(session, inquiry)
    for other_id in {line.document_id for line in lead + copies} - {inquiry.id}:
        other = session.get(Document, other_id)
        other.state = "declined"
        session.add(other)
    inquiry.state = "ordered"
    session.add(inquiry)
    if inquiry.order_id is not None:
        _price_customer_inquiry(session, ctx, inquiry.order_id, lines)
    session.flush()
    return order


def _price_customer_inquiry(session: Session, ctx: Context, customer_inquiry_id: int,
                            offered: list[DocumentLine]) -> None:
    prices = {line.article_id: line.unit_price for line in offered if line.article_id is not None}
    changed = {}
    for line in lines_of(session, customer_inquiry_id):
        if line.article_id in prices and line.cost_price != prices[line.article_id]:
            changed[str(line.id)] = [str(line.cost_price), str(prices[line.article_id])]
            line.cost_price = prices[line.article_id]
            session.add(line)
    if changed:
        record_change(session, ctx, "documents", customer_inquiry_id, "purchase_prices", None, {"cost_price": changed})
