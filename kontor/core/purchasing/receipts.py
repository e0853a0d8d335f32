"""Goods receipt (Wareneingang): goods arrive from a supplier and go into blocked stock.

A receipt is copied from purchase or internal order lines (partly or fully; never more than
is still open), from the lines of a return to the supplier (the goods come back, repaired or
replaced), or entered freely. Its material lines post movements with symbol WE into blocked
stock, in the same transaction; they become free stock only by the technical release
(kontor.core.purchasing.release). The orders it took from show how far they are received.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.documents.currency import price_to_home
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.services import lines_of
from kontor.core.purchasing.common import (
    ORDER_KINDS,
    PURCHASING,
    Lines,
    label,
    load_supplier,
    new_document,
    refuse_closed,
    save,
)
from kontor.core.purchasing.quantities import taken_into
from kontor.core.purchasing.schemas import GoodsReceiptCreate, ReceiptLineInput
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.core.stock.models import Warehouse
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid

SOURCE_KINDS = (*ORDER_KINDS, "supplier_return")


def receive_goods(session: Session, ctx: Context, data: GoodsReceiptCreate) -> Document:
    """Book a goods receipt into blocked stock; returns the receipt (state `blocked`)."""
    ctx.require(PURCHASING, Level.WRITE)
    items = _items(session, ctx, data)
    sources = _source_lines(session, ctx, items)
    documents = _source_documents(session, {line.document_id for line in sources.values()})
    supplier_id = _supplier_of(data.supplier_id, documents)
    supplier = load_supplier(session, ctx, supplier_id)
    received = taken_into(session, list(sources), "goods_receipt")
    asked: dict[int, Decimal] = defaultdict(lambda: Decimal("0"))

    currencies = {d.currency_code for d in documents.values()}
    if len(currencies) > 1:
        raise Conflict("the lines come from documents in different currencies; one receipt is in one currency")
    receipt = new_document(session, ctx, "goods_receipt", supplier, data.doc_date,
                           currency=next(iter(currencies)) if currencies else None)
    receipt.customer_order_number = data.delivery_note_number  # the party's own reference
    builder = Lines.load(session, ctx, receipt)
    lines, warehouses = [], {}
    for index, (path, item) in enumerate(items):
        source = sources.get(item.source_line_id) if item.source_line_id is not None else None
        if source is not None:
            document = documents[source.document_id]
            open_quantity = source.quantity - received[source.id] - asked[source.id]
            quantity = item.quantity if item.quantity is not None else open_quantity
            if quantity > open_quantity or quantity <= 0:
                raise Invalid.field(f"{path}.quantity", "not_above_open",
                                    f"line {source.position} of {label(document)} has "
                                    f"{max(open_quantity, 0).normalize():f} open to receive, "
                                    f"{quantity.normalize():f} received")
            asked[source.id] += quantity
            line = builder.build(path, article_id=None, quantity=quantity, unit_price=item.unit_price,
                                 source=source, source_kind=document.kind)
        else:
            if item.quantity is None:
                raise Invalid.field(f"{path}.quantity", "required", "a free receipt line needs its quantity")
            line = builder.build(path, article_id=item.article_id, quantity=item.quantity,
                                 unit_price=item.unit_price, description=item.description)
        lines.append(line)
        if item.warehouse_id is not None:
            warehouse = session.get(Warehouse, item.warehouse_id)
            if warehouse is None or warehouse.tenant_id != ctx.tenant_id:
                raise Invalid.field(f"{path}.warehouse_id", "exists", f"no warehouse with id {item.warehouse_id}")
        warehouses[id(line)] = item.warehouse_id
    if not lines:
        raise Conflict("nothing is open to receive")
    session.flush()
    post_moves(session, ctx, [
        MoveSpec(article_id=line.article_id, quantity=line.quantity, moved_on=receipt.doc_date, symbol="WE",
                 warehouse_id=warehouses[id(line)], document_id=receipt.id, document_line_id=line.id,
                 document_number=receipt.number or "",
                 unit_cost=price_to_home(line.unit_price, receipt.exchange_rate), blocked=True)
        for line in lines if line.article_id is not None and line.article_type == "M"
    ])
    receipt.state = "blocked" if any(l.article_id and l.article_type == "M" for l in lines) else "released"
    save(session, ctx, receipt, "receive")
    refresh_order_states(session, set(documents))
    return receipt


def _items(session: Session, ctx: Context, data: GoodsReceiptCreate) -> list[tuple[str, ReceiptLineInput]]:
    """The lines asked for, and every open line of the documents named."""
    items = [(f"lines.{index}", item) for index, item in enumerate(data.lines)]
    for index, document_id in enumerate(data.source_document_ids):
        document = session.get(Document, document_id)
        if document is None or document.tenant_id != ctx.tenant_id or document.kind not in SOURCE_KINDS:
            raise Invalid.field(f"source_document_ids.{index}", "exists",
                                f"no purchase order, internal order or supplier return with id {document_id}")
        lines = lines_of(session, document.id)
        done = taken_into(session, [line.id for line in lines], "goods_receipt")
        items += [(f"source_document_ids.{index}", ReceiptLineInput(source_line_id=line.id))
                  for line in lines if line.quantity > done[line.id]]
    if not items:
        raise Invalid.field("lines", "required", "name the lines received or the orders they come from")
    for path, item in items:
        if item.source_line_id is not None and item.article_id is not None:
            raise Invalid.field(f"{path}.article_id", "one_of", "name either the source line or the article")
        if item.source_line_id is None and item.article_id is None and not item.description:
            raise Invalid.field(f"{path}.article_id", "required",
                                "a free receipt line needs an article (or a text and a price)")
    return items


def _source_lines(session: Session, ctx: Context, items) -> dict[int, DocumentLine]:
    ids = [item.source_line_id for _, item in items if item.source_line_id is not None]
    found = {line.id: line for line in session.exec(
        select(DocumentLine).where(DocumentLine.tenant_id == ctx.tenant_id, DocumentLine.id.in_(ids or [0])))}
    kinds = dict(session.exec(select(Document.id, Document.kind).where(
        Document.id.in_({line.document_id for line in found.values()} or {0}))).all())
    for path, item in items:
        line = found.get(item.source_line_id) if item.source_line_id is not None else None
        if item.source_line_id is not None and (line is None or kinds[line.document_id] not in SOURCE_KINDS):
            raise Invalid.field(f"{path}.source_line_id", "exists",
                                f"no line of a purchase order or supplier return with id {item.source_line_id}")
    return found


def _source_documents(session: Session, ids: set[int]) -> dict[int, Document]:
    # locked, so two receipts at once cannot both take the last open quantity (PostgreSQL)
    documents = {d.id: d for d in session.exec(select(Document).where(Document.id.in_(ids or {0}))
                                               .order_by(Document.id).with_for_update())}
    for document in documents.values():
        refuse_closed(document)
    return documents


def _supplier_of(given: int | None, documents: dict[int, Document]) -> int | None:
    suppliers = {d.supplier_id for d in documents.values()}
    if len(suppliers) > 1:
        raise Conflict("the lines come from documents of different suppliers; one receipt serves one supplier")
    if suppliers and given is not None and given not in suppliers:
        raise Invalid.field("supplier_id", "matches_sources", "the supplier differs from the one of the orders")
    return next(iter(suppliers)) if suppliers else given


def refresh_order_states(session: Session, document_ids: set[int]) -> None:
    """An order (or a return) is open, partly received or received by what receipts took from it."""
    for document_id in document_ids:
        document = session.get(Document, document_id)
        if document.state == "cancelled":
            continue
        lines = lines_of(session, document_id)
        done = taken_into(session, [line.id for line in lines], "goods_receipt")
        if lines and all(done[line.id] >= line.quantity for line in lines):
            document.state = "received"
        elif any(done[line.id] > 0 for line in lines):
            document.state = "partly_received"
        else:
            document.state = "open"
        session.add(document)
    session.flush()
